"""Domain layer: entities, value objects and events. Standard library only."""
