"""Models for core (pages, health, demo data)."""
