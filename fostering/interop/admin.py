"""Admin for interoperability (ssda903)."""
