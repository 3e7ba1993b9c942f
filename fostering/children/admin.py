"""Admin for children and needs profiles."""
