"""Admin for placements."""
