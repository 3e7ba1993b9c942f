from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "fostering.organisations"
    verbose_name = "Organisations"
