from django.apps import AppConfig


class HomesConfig(AppConfig):
    name = "fostering.homes"
    verbose_name = "Homes (child-friendly household profiles)"
