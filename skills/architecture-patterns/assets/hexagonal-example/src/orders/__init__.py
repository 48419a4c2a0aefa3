"""Orders bounded context: a small ports-and-adapters example."""
