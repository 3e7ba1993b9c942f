"""Reading vacancies, scoped through accounts.scoping."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from fostering.accounts.scoping import fostering_service_ids
from fostering.register.models import Household, HouseholdStatus
from fostering.register.selectors import with_display_data

from .freshness import stale_filter


def service_vacancies(user, *, stale_only: bool = False, now=None) -> QuerySet:
    """The service's active households with their places and freshness, stalest first."""
    qs = Household.objects.filter(fostering_service_id__in=fostering_service_ids(user), status=HouseholdStatus.ACTIVE)
    if stale_only:
        qs = qs.filter(stale_filter(now or timezone.now()))
    return with_display_data(qs, now=now).order_by("availability__last_confirmed_at", "reference")


def stale_vacancies_by_service(now=None, service_urn: str | None = None) -> list[dict]:
    """For the daily report: per service, how many active households are fresh, amber or red,
    and which are stale (amber or red), stalest first."""
    from django.db.models import Q

    from fostering.organisations.models import FosteringService

    from .freshness import Freshness, amber_after, freshness_of, red_after

    now = now or timezone.now()
    qs = Household.objects.filter(status=HouseholdStatus.ACTIVE).select_related("fostering_service", "availability")
    if service_urn:
        qs = qs.filter(fostering_service__ofsted_urn=service_urn)
    stale = qs.filter(stale_filter(now)).order_by(
        "fostering_service__name", "availability__last_confirmed_at", "reference"
    )
    from django.db.models import Count

    counts = (
        qs.values("fostering_service_id").annotate(
            total=Count("id"),
            red=Count(
                "id",
                filter=Q(availability__isnull=True)
                | Q(availability__last_confirmed_at__isnull=True)
                | Q(availability__last_confirmed_at__lte=now - red_after()),
            ),
            amber=Count(
                "id",
                filter=Q(
                    availability__last_confirmed_at__lte=now - amber_after(),
                    availability__last_confirmed_at__gt=now - red_after(),
                ),
            ),
        )  # fmt: skip
    )
    by_service = {row["fostering_service_id"]: row for row in counts if row["red"] or row["amber"]}
    services = {s.pk: s for s in FosteringService.objects.filter(pk__in=by_service)}
    report = {
        pk: {"service": services[pk], "total": row["total"], "amber": row["amber"], "red": row["red"], "households": []}
        for pk, row in by_service.items()
    }
    for h in stale:
        try:
            confirmed = h.availability.last_confirmed_at
        except Household.availability.RelatedObjectDoesNotExist:
            confirmed = None
        report[h.fostering_service_id]["households"].append(
            {"household": h, "last_confirmed_at": confirmed, "freshness": Freshness(freshness_of(confirmed, now))}
        )
    return sorted(report.values(), key=lambda r: r["service"].name)
