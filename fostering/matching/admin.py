"""Admin for matching."""
