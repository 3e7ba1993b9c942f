"""Admin for costs."""
