from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "fostering.exits"
    verbose_name = "Carers leaving (exit interviews)"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receiver
