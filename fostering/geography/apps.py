from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "fostering.geography"
    verbose_name = "Geography"
