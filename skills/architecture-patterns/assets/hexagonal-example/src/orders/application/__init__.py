"""Application layer: use cases and the ports they need."""
