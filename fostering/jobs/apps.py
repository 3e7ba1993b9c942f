from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    name = "fostering.jobs"
    verbose_name = "Scheduled jobs"

    def ready(self):
        from .schedules import ensure_schedules

        # Every database gets the daily jobs' schedules when it is migrated (demo, production, tests).
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="fostering.jobs.ensure_schedules")
