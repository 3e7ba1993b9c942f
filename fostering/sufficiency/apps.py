from django.apps import AppConfig


class SufficiencyConfig(AppConfig):
    name = "fostering.sufficiency"
    verbose_name = "Sufficiency"
