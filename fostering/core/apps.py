from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fostering.core"
    verbose_name = "Core (pages, health, demo data)"
