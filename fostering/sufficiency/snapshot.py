"""Compute, store and read the precomputed sufficiency figures.

``refresh()`` runs every aggregation in supply, demand and gaps (about 25 SQL queries;
tens of seconds on the national data set), shortlists every open referral with the matching
engine (sufficiency.unmatched), fits the England and regional forecasts and
draws the analysts' default charts and stores the per-authority rows in a
:class:`SufficiencySnapshot`. Pages and the API call ``latest()``, which reads the newest
row (kept parsed in memory per process), or computes one if there is none yet. The
figures are as fresh as the last refresh: ``manage.py refresh_sufficiency`` (run it
nightly, or after an import), the demo generator, or the first request on an empty table.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from . import demand, gaps, supply, unmatched
from .models import SufficiencySnapshot
from .periods import add_months

HISTORY_MONTHS = 60
NEEDS_MONTHS = 12


@dataclass(frozen=True)
class Figures:
    """A parsed snapshot: per-authority rows for each table, and when they were computed."""

    id: int
    computed_at: dt.datetime
    as_of: dt.date
    tables: dict[str, list[dict[str, Any]]]

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.get(table, [])


def compute(today: dt.date | None = None, now: dt.datetime | None = None) -> dict[str, list[dict]]:
    """Every per-authority table the pages and API need."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    this_month = today.replace(day=1)
    last_full_month = add_months(this_month, -1)
    history_from = add_months(this_month, -HISTORY_MONTHS)
    return {
        "supply": supply.supply_by_authority(today, now),
        "capability": supply.capability_by_authority(),
        "children": demand.children_by_authority(today),
        "fostered": demand.fostered_by_authority(today),
        "needs": demand.needs_by_authority(),
        "referrals": demand.referrals_by_authority(),
        "gaps": gaps.gaps_by_authority(today, now),
        "unmatched": unmatched.unmatched_by_authority(now),
        "placements_by_month": demand.placements_started_by_month(history_from, this_month - dt.timedelta(days=1)),
        "referrals_by_month": demand.referrals_opened_by_month(history_from, this_month - dt.timedelta(days=1)),
        "needs_by_month": demand.needs_by_month(
            [add_months(last_full_month, -i) for i in range(NEEDS_MONTHS - 1, -1, -1)]
        ),
        "_meta": [{"last_full_month": f"{last_full_month:%Y-%m}", "history_from": f"{history_from:%Y-%m}"}],
    }


_cache: dict[str, Figures] = {}


def store(kind: str, data: dict, computed_at: dt.datetime, as_of: dt.date, seconds: float) -> SufficiencySnapshot:
    """Save a snapshot of ``kind`` and drop all but the last few (they are large and superseded)."""
    snap = SufficiencySnapshot.objects.create(
        kind=kind, computed_at=computed_at, as_of=as_of, seconds=round(seconds, 2), data=data
    )
    old = SufficiencySnapshot.objects.filter(kind=kind).order_by("-computed_at", "-id").values_list("id", flat=True)[3:]
    SufficiencySnapshot.objects.filter(id__in=list(old)).delete()
    return snap


def refresh(today: dt.date | None = None, precompute: bool = True) -> SufficiencySnapshot:
    """Compute the sufficiency figures now and store them as the latest snapshot. With
    ``precompute`` the England and regional forecasts and the analysts' default charts are
    made now too (otherwise on first view), so no national page waits for a model fit."""
    started = time.perf_counter()
    now = timezone.now()
    data = compute(today, now)
    as_of = today or timezone.localdate(now)
    if precompute:
        from .dashboard_charts import precompute_charts
        from .figures import precompute_forecasts

        data["forecasts"] = precompute_forecasts(Figures(0, now, as_of, data))
        data["charts"] = precompute_charts(Figures(0, now, as_of, data))
    return store(SufficiencySnapshot.Kind.SUFFICIENCY, data, now, as_of, time.perf_counter() - started)


def latest_of(kind: str, refresh_fn) -> Figures:
    """The newest figures of ``kind`` (computing them with ``refresh_fn`` if there are none),
    parsed once per process and reused until a newer snapshot appears."""
    head = (
        SufficiencySnapshot.objects.filter(kind=kind)
        .order_by("-computed_at", "-id")
        .values_list("id", "computed_at")
        .first()
    )
    if head is None:
        snap = refresh_fn()
        head = (snap.id, snap.computed_at)
    cached = _cache.get(kind)
    if cached is not None and (cached.id, cached.computed_at) == tuple(head):
        return cached
    snap = SufficiencySnapshot.objects.get(id=head[0])
    figures = Figures(snap.id, snap.computed_at, snap.as_of, snap.data)
    _cache[kind] = figures
    return figures


def latest() -> Figures:
    """The newest sufficiency figures."""
    return latest_of(SufficiencySnapshot.Kind.SUFFICIENCY, lambda: refresh(precompute=False))
