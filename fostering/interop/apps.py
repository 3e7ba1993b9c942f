from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "fostering.interop"
    verbose_name = "Interoperability (SSDA903)"
