"""Models for interoperability (ssda903)."""
