"""Admin for enquiries (front door)."""
