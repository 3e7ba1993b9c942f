"""Models for children and needs profiles."""
