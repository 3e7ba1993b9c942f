from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "fostering.matching"
    verbose_name = "Matching"
