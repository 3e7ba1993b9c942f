"""Why carers leave, as JSON: a fostering team gets its own services unsuppressed plus
England suppressed; analysts get England (or their region) and a per-service table, with
every count from 1 to 4 given as "fewer than 5". Never a row about one household."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from fostering.accounts.models import Role
from fostering.accounts.scoping import has_role

from . import analytics, selectors
from .models import Departure

router = Router(tags=["Carers leaving"])


class Count(Schema):
    label: str
    count: str


class ExitSummaryOut(Schema):
    title: str
    suppressed: bool
    households: str
    median_years_fostering: str
    main_reasons: list[Count]
    reasons_mentioned: list[Count]
    years_fostering: list[Count]
    how_they_left: list[Count]
    exit_interviews: list[Count]


class ServiceRowOut(Schema):
    service: str
    households: str
    interviews_held: str
    top_reason: str
    median_years_fostering: str


class LeavingOut(Schema):
    summaries: list[ExitSummaryOut]
    by_service: list[ServiceRowOut]


def _counts(pairs) -> list[dict]:
    return [{"label": label, "count": n} for label, n in pairs]


def _summary(s: analytics.LeavingSummary) -> dict:
    return {
        "title": s.title, "suppressed": s.suppress, "households": s.households, "median_years_fostering": s.median_years,
        "main_reasons": _counts(s.main_reasons), "reasons_mentioned": _counts(s.any_reasons),
        "years_fostering": _counts(s.years), "how_they_left": _counts(s.by_kind), "exit_interviews": _counts(s.interviews),
    }  # fmt: skip


@router.get("/exits/summary", response=LeavingOut, summary="Why carers leave and how long they fostered")
def leaving_summary(request):
    user = request.user
    summaries, rows = [], []
    if has_role(user, Role.FOSTERING_TEAM):
        for service in selectors.services_of(user):
            summaries.append(
                analytics.summarise(service.name, Departure.objects.filter(fostering_service=service), suppress=False)
            )
    scope = selectors.aggregate_scope(user)
    if scope is not None:
        name, qs = scope
        summaries.append(analytics.summarise(name, qs, suppress=True))
        rows = analytics.per_service(qs, suppress=True)
    elif has_role(user, Role.FOSTERING_TEAM):
        summaries.append(analytics.summarise("England", Departure.objects.all(), suppress=True))
    else:
        raise PermissionDenied("This needs the analyst or fostering team role.")
    return {
        "summaries": [_summary(s) for s in summaries],
        "by_service": [
            {"service": r.name, "households": r.households, "interviews_held": r.interviews_held,
             "top_reason": r.top_reason, "median_years_fostering": r.median_years}
            for r in rows
        ],
    }  # fmt: skip
