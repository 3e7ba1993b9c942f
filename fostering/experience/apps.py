from django.apps import AppConfig


class ExperienceConfig(AppConfig):
    name = "fostering.experience"
    verbose_name = "Children's experience"
