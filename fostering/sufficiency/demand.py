"""Demand: children in care and in foster care, their ages and needs, open referrals and
children placed away from home — each one SQL aggregation grouped by the child's own
local authority (the authority responsible for them)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth

from fostering.children.models import Child, NeedsProfile
from fostering.core.codes import FOSTER_PLACE_CODES
from fostering.core.needs import DOMAIN_CODES
from fostering.placements.models import Placement
from fostering.referrals.models import Referral, ReferralChild

from .periods import AGE_BANDS, FAR_FROM_HOME_KM, birthdays_for_band

NEED_LEVELS = (0, 1, 2, 3)


def _age_band_counts(today: dt.date, dob_field: str, field: str = "id") -> dict:
    out = {}
    for _label, low, high in AGE_BANDS:
        earliest, latest = birthdays_for_band(today, low, high)
        out[f"age_{low}"] = Count(field, filter=Q(**{f"{dob_field}__range": (earliest, latest)}), distinct=True)
    return out


def children_by_authority(today: dt.date) -> list[dict]:
    """Children looked after now, by authority and age band."""
    rows = (
        Child.objects.filter(in_care=True)
        .values(la=F("local_authority_id"))
        .annotate(children_in_care=Count("id"), **_age_band_counts(today, "date_of_birth"))
        .order_by("la")
    )
    return [dict(r) for r in rows]


def fostered_by_authority(today: dt.date) -> list[dict]:
    """Children in foster care now (a current placement with an SSDA903 foster code), by
    authority: provider kind, age band, placed outside the authority, placed far from home.

    Distance from home is the placement's recorded distance, or — when none was recorded —
    the straight line from the child's home to the household (easting/northing in metres)."""
    dx = ExpressionWrapper(F("household__easting") - F("child__home_easting"), output_field=FloatField())
    dy = ExpressionWrapper(F("household__northing") - F("child__home_northing"), output_field=FloatField())
    far_km = FAR_FROM_HOME_KM
    qs = (
        Placement.objects.filter(place__in=FOSTER_PLACE_CODES, started_on__lte=today, ended_on__isnull=True)
        .annotate(dx=dx, dy=dy)
        .annotate(d2=ExpressionWrapper(F("dx") * F("dx") + F("dy") * F("dy"), output_field=FloatField()))
    )
    far = Q(distance_from_home_km__gt=far_km) | Q(
        distance_from_home_km__isnull=True, household__isnull=False, child__home_easting__isnull=False,
        d2__gt=(far_km * 1000) ** 2,
    )  # fmt: skip
    rows = (
        qs.values(la=F("child__local_authority_id"))
        .annotate(
            children_in_foster_care=Count("child", distinct=True),
            fostered_la_service=Count("child", filter=Q(fostering_service__kind="la"), distinct=True),
            fostered_ifa=Count("child", filter=Q(fostering_service__kind="ifa"), distinct=True),
            placed_outside_la=Count(
                "child",
                filter=Q(household__isnull=False) & ~Q(household__local_authority=F("child__local_authority")),
                distinct=True,
            ),
            placed_far_from_home=Count("child", filter=far, distinct=True),
            **{f"fostered_{k}": v for k, v in _age_band_counts(today, "child__date_of_birth", "child").items()},
        )
        .order_by("la")
    )
    return [dict(r) for r in rows]


def latest_profiles(on: dt.date | None = None):
    """Each child's latest needs profile (on or before ``on``), as a queryset of profiles."""
    newer = NeedsProfile.objects.filter(child=OuterRef("child")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on")) | Q(assessed_on=OuterRef("assessed_on"), id__gt=OuterRef("id"))
    )
    qs = NeedsProfile.objects.all()
    if on is not None:
        qs = qs.filter(assessed_on__lte=on)
        newer = newer.filter(assessed_on__lte=on)
    return qs.filter(~Exists(newer))


def _need_level_counts() -> dict:
    return {f"need_{d}_{lvl}": Count("id", filter=Q(**{f"need_{d}": lvl})) for d in DOMAIN_CODES for lvl in NEED_LEVELS}


def needs_by_authority() -> list[dict]:
    """Children in care by need level (0–3) in each domain, from their latest needs profile."""
    rows = (
        latest_profiles()
        .filter(child__in_care=True)
        .values(la=F("child__local_authority_id"))
        .annotate(profiled=Count("id"), **_need_level_counts())
        .order_by("la")
    )
    return [dict(r) for r in rows]


def needs_by_month(months: list[dt.date]) -> list[dict]:
    """Valuing Care over time: for each month (first day given), the need levels of the
    authority's cohort as they stood at the month's end — each child counted once, by the
    latest assessment made by then. The cohort is today's children in care who had been
    assessed by then (children who left care are not kept as in-care history)."""
    from .periods import month_end, month_key

    out = []
    for first in months:
        end = month_end(first)
        rows = (
            latest_profiles(on=end)
            .filter(child__in_care=True)
            .values(la=F("child__local_authority_id"))
            .annotate(profiled=Count("id"), **_need_level_counts())
            .order_by("la")
        )
        out += [{"month": month_key(first), **r} for r in rows]
    return out


def referrals_by_authority() -> list[dict]:
    """Open referrals and the children in them, by authority; by placement type wanted and
    by the size of the group to live together (2+, 3+)."""
    from fostering.core.codes import PlacementType

    sizes = ReferralChild.objects.values("referral").annotate(n=Count("id"))
    group_2 = sizes.filter(n__gte=2).values("referral")
    group_3 = sizes.filter(n__gte=3).values("referral")
    by_type = {f"referrals_type_{pt.value}": Count("id", filter=Q(placement_type=pt.value)) for pt in PlacementType}
    referrals = {
        r["la"]: r
        for r in Referral.objects.filter(status=Referral.Status.OPEN)
        .values(la=F("local_authority_id"))
        .annotate(
            open_referrals=Count("id"),
            referrals_group_2=Count("id", filter=Q(siblings_together=True, id__in=group_2)),
            referrals_group_3=Count("id", filter=Q(siblings_together=True, id__in=group_3)),
            **by_type,
        )
        .order_by("la")
    }
    children = (
        ReferralChild.objects.filter(referral__status=Referral.Status.OPEN)
        .values(la=F("referral__local_authority_id"))
        .annotate(children_referred=Count("child", distinct=True))
        .order_by("la")
    )
    for r in children:
        referrals.setdefault(r["la"], {"la": r["la"], "open_referrals": 0})["children_referred"] = r[
            "children_referred"
        ]
    return list(referrals.values())


def placements_started_by_month(since: dt.date, until: dt.date) -> list[dict]:
    """Placements started per month by the child's authority: all, and in foster care."""
    from .periods import month_key

    rows = (
        Placement.objects.filter(started_on__gte=since, started_on__lte=until)
        .annotate(month=TruncMonth("started_on"))
        .values("month", la=F("child__local_authority_id"))
        .annotate(
            placements_started=Count("id"),
            foster_placements_started=Count("id", filter=Q(place__in=FOSTER_PLACE_CODES)),
        )
        .order_by("month", "la")
    )
    return [{**r, "month": month_key(r["month"])} for r in rows]


def referrals_opened_by_month(since: dt.date, until: dt.date) -> list[dict]:
    """Referrals opened per month (by when they were opened; drafts never opened are left out)."""
    from .periods import month_key

    rows = (
        Referral.objects.filter(opened_at__date__gte=since, opened_at__date__lte=until)
        .annotate(month=TruncMonth("opened_at"))
        .values("month", la=F("local_authority_id"))
        .annotate(referrals_opened=Count("id"))
        .order_by("month", "la")
    )
    return [{**r, "month": month_key(r["month"].date() if hasattr(r["month"], "date") else r["month"])} for r in rows]


def open_referral_children() -> Subquery:
    """Children in open referrals (for the gaps analysis)."""
    return ReferralChild.objects.filter(referral__status=Referral.Status.OPEN)
