"""FastAPI service package. Entry point: app.asgi:app; factory: app.main.create_app."""
