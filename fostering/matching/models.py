"""Models for matching."""
