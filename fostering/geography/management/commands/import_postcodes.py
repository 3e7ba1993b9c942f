"""Load English postcodes from the ONS Postcode Directory package into the database.

``--areas ME CT`` limits the load to postcode areas (tests and small demos); without it
every English postcode with a grid reference is loaded (about 2.26 million rows; tens of
seconds). Re-running replaces the rows of the chosen areas in one transaction, so a
failed run leaves the previous data intact.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fostering.geography.importer import import_postcodes


class Command(BaseCommand):
    help = "Import English postcodes (ONS Postcode Directory) into the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--areas",
            nargs="*",
            default=None,
            help="Postcode areas to load, e.g. ME CT TN (default: all of England).",
        )
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, areas=None, quiet_progress=False, **options):
        try:
            count = import_postcodes(areas=areas, progress=not quiet_progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        scope = "postcode areas " + " ".join(sorted(a.upper() for a in areas)) if areas else "England"
        self.stdout.write(self.style.SUCCESS(f"Imported {count:,} postcodes for {scope}."))
