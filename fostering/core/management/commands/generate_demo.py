"""``manage.py generate_demo --scale small|regional|national --seed N``."""

from __future__ import annotations

import sys
import time
from datetime import date

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fostering.accounts.demo import demo_password, login_lines
from fostering.core.demo import SCALES, generate
from fostering.core.demo.context import authorities_for
from fostering.geography.models import Postcode, Region

SMALL_SCALE_POSTCODE_AREAS = ["ME", "CT", "TN", "DA", "BR"]


class Command(BaseCommand):
    help = "Build the deterministic demo data set (replaces any existing data but reference data)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--region", default="E12000008", help="Region code for --scale regional (default South East)."
        )
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None,
            help="The day the data is generated as of (YYYY-MM-DD; default today). Same seed and day, same data.",
        )  # fmt: skip
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, scale: str, seed: int, region: str, no_progress: bool, today=None, **options):
        if getattr(settings, "SETTINGS_MODULE", "").endswith(".production"):
            raise CommandError("Demo data is never generated with production settings.")
        if not Region.objects.filter(code=region).exists():
            raise CommandError(f"{region} is not a region code; use one of E12000001 … E12000009.")
        started = time.perf_counter()
        authorities = authorities_for(SCALES[scale], region)
        have = set(
            Postcode.objects.filter(local_authority__in=authorities)
            .values_list("local_authority_id", flat=True)
            .distinct()
        )
        if len(have) < len(authorities):
            areas = SMALL_SCALE_POSTCODE_AREAS if scale == "small" else None
            self.stdout.write("Loading postcodes first (once per database)…")
            call_command(
                "import_postcodes", *(["--areas", *areas] if areas else []), **({"quiet_progress": no_progress})
            )
        self.stdout.write(f"Generating the {scale} demo data set with seed {seed}…")
        ctx = generate(
            scale,
            seed,
            region_code=region,
            log=self.stdout.write,
            progress=not no_progress and sys.stderr.isatty(),
            today=today,
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready in {elapsed:.0f} s ({', '.join(f'{n} {t:.1f}s' for n, t in ctx.timings)})."
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {demo_password()}):")
        for line in login_lines():
            self.stdout.write(line)
