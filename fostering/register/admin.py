"""Admin for register of households."""
