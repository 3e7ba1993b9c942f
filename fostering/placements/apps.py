from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "fostering.placements"
    verbose_name = "Placements"
