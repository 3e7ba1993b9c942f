"""Admin for vacancies and holds."""
