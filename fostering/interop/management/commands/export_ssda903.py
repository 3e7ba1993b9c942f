"""python manage.py export_ssda903 --la ONS_CODE --out DIR: writes header.csv,
episodes.csv and oc2.csv for the authority."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fostering.geography.models import LocalAuthority
from fostering.interop.exporter import export_return


class Command(BaseCommand):
    help = "Export an authority's SSDA903 return (header.csv, episodes.csv, oc2.csv) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="ONS code of the authority, e.g. E10000016")
        parser.add_argument("--out", required=True, help="folder to write the three files into")

    def handle(self, *args, la, out, **options):
        try:
            summary = export_return(la, out)
        except LocalAuthority.DoesNotExist as exc:
            raise CommandError(
                f"There is no local authority with the code {la}; use an ONS code like E10000016."
            ) from exc
        self.stdout.write(f"Exported {summary}")
