"""Admin for children's experience."""
