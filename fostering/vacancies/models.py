"""Models for vacancies and holds."""
