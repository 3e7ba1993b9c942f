from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fostering.notifications"
    verbose_name = "Notifications"
