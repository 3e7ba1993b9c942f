"""``manage.py restore FILE [--database-url URL]``: restore a backup (in one transaction)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fostering.core.backup import BackupError, database_settings_from_url, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, replacing the database's contents."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database-url", help="Restore into this database instead of the configured one.")

    def handle(self, *args, file: str, database_url: str | None = None, **options):
        db = database_settings_from_url(database_url) if database_url else None
        try:
            restore(Path(file), db)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {file}."))
