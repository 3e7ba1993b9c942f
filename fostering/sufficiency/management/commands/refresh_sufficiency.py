"""Recompute the precomputed sufficiency and cost figures (run nightly or after an import)."""

from __future__ import annotations

import importlib
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Recompute the sufficiency and cost figures the dashboards and API show."

    def handle(self, *args, **options):
        from fostering.sufficiency import snapshot

        started = time.perf_counter()
        done = []
        snap = snapshot.refresh()
        done.append(f"sufficiency ({snap.seconds:.1f} s)")
        try:
            costs = importlib.import_module("fostering.costs.benchmarks")
        except ModuleNotFoundError:
            costs = None
        if costs is not None:
            snap = costs.refresh()
            done.append(f"costs ({snap.seconds:.1f} s)")
        self.stdout.write(
            f"Refreshed {' and '.join(done)} figures in {time.perf_counter() - started:.1f} s; "
            f"figures as of {snap.computed_at:%Y-%m-%d %H:%M}."
        )
