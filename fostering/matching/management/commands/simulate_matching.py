"""``manage.py simulate_matching --scale national --seed N``: compare (a) in-house first,
(b) best candidate one referral at a time and (c) the batch optimiser on the same data.

Data: if the database already holds demo data of the asked scale it is reused (scale read
from how many authorities have households: ≤ 3 small, ≥ 100 national, otherwise regional),
or always with ``--database-reuse``; otherwise ``generate_demo --scale S --seed N`` builds it
first (national takes about 4–5 minutes on SQLite, and replaces the demo data). Nothing is
written by the simulation itself: assignments are evaluated, not placed.
"""

from __future__ import annotations

import os
import tempfile

from django.core.management import call_command
from django.core.management.base import BaseCommand

from fostering.register.models import Household

SCALES = ("small", "regional", "national")


def current_scale() -> str | None:
    """The demo scale the database seems to hold (None when it holds no households)."""
    if not Household.objects.exists():
        return None
    authorities = Household.objects.values("local_authority").distinct().count()
    if authorities <= 3:
        return "small"
    return "national" if authorities >= 100 else "regional"


class Command(BaseCommand):
    help = "Compare in-house-first, one-at-a-time best candidate and the batch optimiser on the demo data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="national")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--region", default="E12000008", help="Region for --scale regional (generation only).")
        parser.add_argument(
            "--database-reuse", action="store_true", help="Use whatever demo data the database holds; never generate."
        )
        parser.add_argument("--chart", help="Where to write the chart (PNG or SVG by extension).")

    def handle(self, *args, scale, seed, region, database_reuse, chart, **options):
        from fostering.matching import simulation

        held = current_scale()
        if database_reuse or held == scale:
            self.stdout.write(f"Reusing the {held or 'empty'} demo data already in the database.")
        else:
            self.stdout.write(f"The database holds {held or 'no'} demo data: generating {scale} with seed {seed}…")
            call_command("generate_demo", scale=scale, seed=seed, region=region, no_progress=True, stdout=self.stdout)
        instance = simulation.build_instance()
        self.stdout.write(
            f"{len(instance.referrals)} open referrals ({len(instance.units)} placement units, "
            f"{sum(len(u.children) for u in instance.units)} children), {instance.features.n} households, "
            f"{int((instance.features.free_places > 0).sum())} with a free place; inputs built in "
            f"{instance.build_seconds:.1f} s."
        )
        outcomes = simulation.run(instance)
        self.stdout.write("")
        self.stdout.write(simulation.table(outcomes))
        path = chart or os.path.join(tempfile.gettempdir(), f"simulate_matching_{scale}_seed{seed}.png")
        simulation.chart(outcomes, path)
        self.stdout.write("")
        self.stdout.write(f"Chart written to {path}")
        best = outcomes[-1]
        self.stdout.write(
            f"Simulated {best.children} children: the optimiser placed {best.share_placed:.1%} "
            f"with {best.needs_met:.1%} of needs met."
        )
