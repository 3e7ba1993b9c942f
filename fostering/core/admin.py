"""Admin for core (pages, health, demo data)."""
