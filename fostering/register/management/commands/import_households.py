"""``manage.py import_households FILE --service URN``: add a service's households from CSV or XLSX.

All or nothing. Exit status 0 when every household was added; 1 when the file was
rejected, with every problem printed as ``FILE:ROW: COLUMN: message``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fostering.organisations.models import FosteringService
from fostering.register.upload import UploadRejected, import_households


class Command(BaseCommand):
    help = "Import a fostering service's households from a CSV or XLSX file (see docs/household-upload.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--service", required=True, help="The fostering service's Ofsted URN.")

    def handle(self, *args, file: str, service: str, **options):
        try:
            svc = FosteringService.objects.get(ofsted_urn=service.strip())
        except FosteringService.DoesNotExist:
            raise CommandError(f"There is no fostering service with Ofsted URN {service}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file.")
        try:
            created = import_households(path.read_bytes(), path.name, svc)
        except UploadRejected as exc:
            for problem in exc.problems:
                self.stderr.write(problem.line(file))
            self.stderr.write(f"Rejected: {len(exc.problems)} problem(s); nothing was imported.")
            sys.exit(1)
        self.stdout.write(f"Imported {len(created)} household(s) for {svc.name}.")
