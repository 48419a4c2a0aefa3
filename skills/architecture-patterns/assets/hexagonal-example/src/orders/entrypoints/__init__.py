"""Entry points: HTTP routers, CLI commands, workers. Composition happens here."""
