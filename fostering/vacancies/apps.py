from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "fostering.vacancies"
    verbose_name = "Vacancies and holds"
