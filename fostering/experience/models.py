"""Models for children's experience."""
