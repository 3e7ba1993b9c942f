"""python manage.py import_ssda903 --la ONS_CODE --header FILE --episodes FILE [--oc2 FILE]

Exit status 0 when the return was imported; 1 when it was rejected, with every error
printed as ``FILE:LINE: COLUMN: message`` (nothing is written then).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fostering.geography.models import LocalAuthority
from fostering.interop.importer import import_return


class Command(BaseCommand):
    help = "Import an authority's SSDA903 return (header, episodes and optionally OC2), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="ONS code of the authority, e.g. E10000016")
        parser.add_argument("--header", required=True, help="the header CSV file")
        parser.add_argument("--episodes", required=True, help="the episodes CSV file")
        parser.add_argument("--oc2", help="the OC2 CSV file (optional)")
        parser.add_argument("--no-progress", action="store_true", help="do not show progress bars")

    def handle(self, *args, la, header, episodes, oc2=None, no_progress=False, **options):
        bars: dict[str, tqdm] = {}
        show = not no_progress and options.get("verbosity", 1) > 0

        def progress(phase: str, done: int, total: int) -> None:
            if not show:
                return
            bar = bars.get(phase)
            if bar is None:
                for other in bars.values():  # one bar at a time: checking is over when writing starts
                    other.close()
                label = "Checking rows" if phase == "check" else "Writing episodes"
                bar = bars[phase] = tqdm(total=total, desc=label, unit="row", file=sys.stderr, leave=False)
            bar.update(done - bar.n)

        try:
            result = import_return(la, header=header, episodes=episodes, oc2=oc2, progress=progress)
        except LocalAuthority.DoesNotExist as exc:
            raise CommandError(
                f"There is no local authority with the code {la}; use an ONS code like E10000016."
            ) from exc
        finally:
            for bar in bars.values():
                bar.close()
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if not result.ok:
            for error in result.errors:
                self.stdout.write(str(error))
            self.stderr.write(f"Rejected: {len(result.errors):,} error(s); nothing was imported.")
            sys.exit(1)
        self.stdout.write(f"Imported {result.rows:,} rows for {la}: {result.summary}")
