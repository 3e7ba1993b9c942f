"""Admin for sufficiency."""
