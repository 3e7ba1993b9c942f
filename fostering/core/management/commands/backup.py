"""``manage.py backup --out FILE``: a full backup (pg_dump custom format on PostgreSQL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fostering.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database to a file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Where to write the backup.")

    def handle(self, *args, out: str, **options):
        try:
            path = backup(Path(out))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes)."))
