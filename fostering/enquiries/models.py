"""Models for enquiries (front door)."""
