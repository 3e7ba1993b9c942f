"""Reading children's records: every query is scoped to the requesting user's authority and
every read of a child's record is written to the audit log *here*, so no view or API
endpoint can forget it (DESIGN.md §4: personal data about children is special-category).

Children of another authority are indistinguishable from children that do not exist:
callers get ``Child.DoesNotExist`` (404), never 403, so existence is not revealed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from fostering.accounts import audit, scoping
from fostering.core.needs import NEED_DOMAINS, NeedDomain

from .models import Child, NeedsProfile


def _user_of(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def children_for(request_or_user) -> QuerySet[Child]:
    """The children the user's authority looks after (none for anyone else). Not audited:
    use :func:`child_list` for a page and :func:`get_child` for one record."""
    return scoping.scope_to_local_authority(Child.objects.all(), _user_of(request_or_user))


def child_list(request_or_user, query: str = "") -> QuerySet[Child]:
    """Children for the list page, filtered by ID or name; the listing itself is audited
    once (who looked at the list, with the search), the rows are not opened records."""
    qs = children_for(request_or_user).select_related("local_authority")
    query = query.strip()
    if query:
        qs = qs.filter(Q(la_child_id__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query))
    audit.record(request_or_user, "read", object_type="children.child", object_id="list", detail=f"list q={query}")
    return qs.order_by("la_child_id")


def get_child(request_or_user, child_id: int) -> Child:
    """One child's record, audited. Raises Child.DoesNotExist for other authorities' children."""
    child = children_for(request_or_user).select_related("local_authority", "sibling_group").get(pk=child_id)
    audit.record(request_or_user, "read", child)
    return child


def latest_profile(child: Child) -> NeedsProfile | None:
    """The child's current needs profile: the latest assessment (ties: the latest saved)."""
    return child.needs_profiles.order_by("-assessed_on", "-id").first()


@dataclass(frozen=True)
class DomainHistory:
    """How one domain changed across a child's assessments (oldest first)."""

    domain: NeedDomain
    needs: list[int]
    strengths: list[int]
    dates: list[dt.date]

    @property
    def changed(self) -> bool:
        return len(set(self.needs)) > 1 or len(set(self.strengths)) > 1

    def points(self, values: list[int], width: int = 160, height: int = 48) -> str:
        """SVG polyline points for a 0–3 series (0 at the bottom)."""
        if not values:
            return ""
        step = width / max(1, len(values) - 1)
        return " ".join(
            f"{round(i * step, 1)},{round(height - 4 - v * (height - 8) / 3, 1)}" for i, v in enumerate(values)
        )

    @property
    def need_points(self) -> str:
        return self.points(self.needs)

    @property
    def strength_points(self) -> str:
        return self.points(self.strengths)


def needs_history(request_or_user, child_id: int) -> tuple[Child, list[NeedsProfile], list[DomainHistory]]:
    """Every version of the child's needs profile (newest first) and each domain's series
    (oldest first) for the history page. Audited through :func:`get_child`."""
    child = get_child(request_or_user, child_id)
    profiles = list(child.needs_profiles.order_by("-assessed_on", "-id"))
    oldest_first = list(reversed(profiles))
    series = [
        DomainHistory(
            domain=d,
            needs=[getattr(p, f"need_{d.code}") for p in oldest_first],
            strengths=[getattr(p, f"strength_{d.code}") for p in oldest_first],
            dates=[p.assessed_on for p in oldest_first],
        )
        for d in NEED_DOMAINS
    ]
    return child, profiles, series


def cohort_needs_by_month(user, la: str) -> list[dict]:
    """How an authority's cohort's needs changed: per month of assessment, the number of
    assessments at each need level (0–3) in each domain.

    Returns ``[{"month": date, "profiles": n, "domains": {code: [n0, n1, n2, n3]}}, ...]``
    oldest first. Aggregates only, but of one authority's children, so only that authority
    (or its commissioners) may ask; anyone else gets PermissionDenied.
    """
    allowed = scoping.local_authority_codes(user) | scoping.commissioning_authority_codes(user)
    if la not in allowed:
        raise PermissionDenied("You can only see the needs of your own authority's children.")
    aggregates = {"profiles": Count("id")}
    for d in NEED_DOMAINS:
        for level in range(4):
            aggregates[f"{d.code}_{level}"] = Count("id", filter=Q(**{f"need_{d.code}": level}))
    rows = (
        NeedsProfile.objects.filter(child__local_authority_id=la)
        .annotate(month=TruncMonth("assessed_on"))
        .values("month")
        .annotate(**aggregates)
        .order_by("month")
    )
    out = []
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        out.append(
            {
                "month": month,
                "profiles": row["profiles"],
                "domains": {d.code: [row[f"{d.code}_{lv}"] for lv in range(4)] for d in NEED_DOMAINS},
            }
        )
    return out
