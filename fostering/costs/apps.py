from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "fostering.costs"
    verbose_name = "Costs"
