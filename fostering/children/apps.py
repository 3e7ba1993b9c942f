from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "fostering.children"
    verbose_name = "Children and needs profiles"
