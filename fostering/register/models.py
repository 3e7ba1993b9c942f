"""Models for register of households."""
