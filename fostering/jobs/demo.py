"""Demo data: the schedules of the daily jobs (the reset before generating deletes them),
due at once, so the worker scripts/demo.sh starts runs every job within a minute."""

from __future__ import annotations

from .schedules import ensure_schedules


def contribute(ctx) -> None:
    made = ensure_schedules()
    ctx.log(f"  jobs: {made} schedules, each due now and then at its time")
