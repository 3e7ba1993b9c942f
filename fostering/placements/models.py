"""Models for placements."""
