"""Models for costs."""
