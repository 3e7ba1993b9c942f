from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "fostering.register"
    verbose_name = "Register of households"
