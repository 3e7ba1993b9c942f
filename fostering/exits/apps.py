from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "fostering.exits"
    verbose_name = "Carers leaving (exit interviews)"
