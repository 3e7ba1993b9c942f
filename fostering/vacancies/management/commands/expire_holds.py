"""``manage.py expire_holds``: stamp holds whose time has run out (run it hourly).

Expired holds already stopped counting when their ``reserved_until`` passed; this records
when that was noticed, so reports and the officer's list can say "expired"."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fostering.vacancies.reservations import expire_holds


class Command(BaseCommand):
    help = "Mark holds past their reserved_until as expired."

    def handle(self, *args, **options):
        n = expire_holds()
        self.stdout.write(f"Marked {n} hold{'s' if n != 1 else ''} as expired.")
