"""Models for sufficiency."""
