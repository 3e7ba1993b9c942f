from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "fostering.support"
    verbose_name = "Carers' support"
