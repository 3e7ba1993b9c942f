"""``manage.py expire_holds``: stamp holds whose time has run out and warn the officers whose
holds end within hours (the scheduled job "Expire holds" runs the same hourly, fostering/jobs).

Expired holds already stopped counting when their ``reserved_until`` passed; this records
when that was noticed, so reports and the officer's list can say "expired"."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fostering.jobs.tasks import expire_holds


class Command(BaseCommand):
    help = "Mark holds past their reserved_until as expired; warn of holds ending soon."

    def handle(self, *args, **options):
        self.stdout.write(expire_holds())
