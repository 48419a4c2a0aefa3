"""Items feature: table model, API schemas and router, kept together."""
