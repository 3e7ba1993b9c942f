"""Why carers leave and how long they fostered, per service and nationally.

Analysts see aggregates only, and every count from 1 to SUPPRESSION_THRESHOLD − 1 is
shown as "fewer than 5" (so a small service's leavers cannot be recognised); a median
is shown only when at least that many households are behind it. A service's own team
sees its own figures unsuppressed.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet

from .models import Departure, ExitReason, InterviewStatus, LeavingKind

YEARS_BANDS: tuple[tuple[str, float, float], ...] = (
    ("Under 1 year", 0, 1),
    ("1 to 2 years", 1, 3),
    ("3 to 5 years", 3, 6),
    ("6 to 10 years", 6, 11),
    ("More than 10 years", 11, 1000),
)


def threshold() -> int:
    return int(getattr(settings, "SUPPRESSION_THRESHOLD", 5))


def show(count: int, suppress: bool) -> str:
    """A count as people may see it: "fewer than 5" for 1–4 when suppressed."""
    if suppress and 0 < count < threshold():
        return f"fewer than {threshold()}"
    return f"{count:,}"


@dataclass
class LeavingSummary:
    title: str
    suppress: bool
    households: str = "0"
    by_kind: list[tuple[str, str]] = field(default_factory=list)
    interviews: list[tuple[str, str]] = field(default_factory=list)
    main_reasons: list[tuple[str, str]] = field(default_factory=list)
    any_reasons: list[tuple[str, str]] = field(default_factory=list)
    years: list[tuple[str, str]] = field(default_factory=list)
    median_years: str = "not shown"


def summarise(title: str, departures: QuerySet[Departure] | list[Departure], suppress: bool) -> LeavingSummary:
    rows = list(departures.select_related("interview") if isinstance(departures, QuerySet) else departures)
    out = LeavingSummary(title=title, suppress=suppress, households=show(len(rows), suppress))
    kinds = Counter(d.kind for d in rows)
    out.by_kind = [(k.label, show(kinds[k], suppress)) for k in LeavingKind]
    statuses = Counter(d.interview_status for d in rows)
    out.interviews = [(s.label, show(statuses[s], suppress)) for s in InterviewStatus]
    main, mentioned = Counter(), Counter()
    for d in rows:
        interview = getattr(d, "interview", None)
        if interview is not None:
            main[interview.main_reason] += 1
            mentioned.update(set(interview.reasons))
    out.main_reasons = [(r.label, show(main[r], suppress)) for r in ExitReason]
    out.any_reasons = [(r.label, show(mentioned[r], suppress)) for r in ExitReason]
    years = [d.years_fostered for d in rows]
    out.years = [(label, show(sum(lo <= y < hi for y in years), suppress)) for label, lo, hi in YEARS_BANDS]
    if years and (not suppress or len(years) >= threshold()):
        out.median_years = f"{statistics.median(years):.1f} years"
    return out


@dataclass
class ServiceRow:
    name: str
    households: str
    interviews_held: str
    top_reason: str
    median_years: str


def per_service(departures: QuerySet[Departure], suppress: bool) -> list[ServiceRow]:
    """One row per service with leavers. The top reason is shown only when its count
    itself would not be suppressed."""
    by_service: dict[str, list[Departure]] = {}
    for d in departures.select_related("fostering_service", "interview"):
        by_service.setdefault(d.fostering_service.name, []).append(d)
    rows = []
    for name in sorted(by_service):
        ds = by_service[name]
        held = [d.interview for d in ds if getattr(d, "interview", None) is not None]
        top = Counter(i.main_reason for i in held).most_common(1)
        top_label = "–"
        if top and (not suppress or top[0][1] >= threshold()):
            top_label = ExitReason(top[0][0]).label
        years = [d.years_fostered for d in ds]
        median = f"{statistics.median(years):.1f}" if (not suppress or len(years) >= threshold()) else "not shown"
        rows.append(ServiceRow(name, show(len(ds), suppress), show(len(held), suppress), top_label, median))
    return rows
