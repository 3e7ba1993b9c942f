"""Supply: approved places, filled places and vacancies, by where households live.

Everything is one or two SQL aggregations grouped by the household's local authority and
its provider kind (LA service or IFA); callers sum authorities up to region, consortium or
England. A vacancy is a place not filled and not held, in an active household with a
current approval that has not declared itself unavailable. "Fresh" vacancies were
confirmed within settings.VACANCY_AMBER_AFTER_DAYS; the rest (older or never confirmed)
are "stale", since nobody can rely on them without a phone call.

The vacancies app is writing the canonical derivation (``vacancies/availability.py``);
until it is committed and exposes a queryset we can aggregate in SQL,
:func:`current_approvals_with_places` is our own, clearly named version of the same rule:
approved = min(max_children, beds for fostering); vacant = max(0, approved − filled − held).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from fostering.core.codes import PlacementType
from fostering.core.needs import DOMAIN_CODES
from fostering.placements.models import Placement
from fostering.register.models import Approval, Capability, Carer, HouseholdStatus
from fostering.vacancies.models import Availability, Hold

from .periods import AGE_BANDS, TEENAGER_FROM_AGE, fresh_since


def _count_subquery(qs: QuerySet, field: str = "id", total: str | None = None):
    """A correlated COUNT (or SUM of ``total``) subquery, 0 when there are no rows."""
    agg = Sum(total) if total else Count(field)
    return Coalesce(
        Subquery(qs.order_by().values("household").annotate(n=agg).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def current_approvals_with_places(today: dt.date, now: dt.datetime) -> QuerySet:
    """Current approvals of active households, annotated with ``approved``, ``filled``, ``held``,
    ``open_places`` (neither filled nor held), ``unavailable`` (declared so, or outside its
    available dates: its open places are not vacancies) and ``fresh`` (confirmed recently)."""
    filled = _count_subquery(
        Placement.objects.filter(household=OuterRef("household_id"), started_on__lte=today, ended_on__isnull=True)
    )
    held = _count_subquery(Hold.objects.active(now).filter(household=OuterRef("household_id")), total="places")
    unavailable = Availability.objects.filter(household=OuterRef("household_id")).filter(
        Q(temporarily_unavailable=True) | Q(available_from__gt=today) | Q(available_until__lt=today)
    )
    fresh = Availability.objects.filter(household=OuterRef("household_id"), last_confirmed_at__gte=fresh_since(now))
    return (
        Approval.objects.filter(ended_on__isnull=True, household__status=HouseholdStatus.ACTIVE)
        .annotate(
            approved=Least(F("max_children"), F("household__beds_for_fostering"), output_field=IntegerField()),
            filled=filled,
            held=held,
            unavailable=Exists(unavailable),
            fresh=Exists(fresh),
        )
        .annotate(open_places=Greatest(F("approved") - F("filled") - F("held"), Value(0), output_field=IntegerField()))
    )


def _free_sum(condition: Q | None = None) -> Sum:
    base = Q(unavailable=False)
    return Sum("open_places", filter=base & condition if condition is not None else base, default=0)


def supply_by_authority(today: dt.date, now: dt.datetime) -> list[dict]:
    """One row per (authority, provider kind) with places and their breakdowns."""
    fresh = Q(fresh=True)
    measures = {
        "households": Count("id"),
        "approved_places": Sum("approved", default=0),
        "filled_places": Sum("filled", default=0),
        "held_places": Sum("held", default=0),
        "vacancies": _free_sum(),
        "vacancies_fresh": _free_sum(fresh),
        "vacancies_stale": _free_sum(~fresh),
        "households_for_2": Count("id", filter=Q(approved__gte=2)),
        "households_for_3": Count("id", filter=Q(approved__gte=3)),
        "vacancies_for_2": Count("id", filter=Q(unavailable=False, open_places__gte=2)),
        "vacancies_for_3": Count("id", filter=Q(unavailable=False, open_places__gte=3)),
    }
    for _label, low, high in AGE_BANDS:
        overlap = Q(age_min__lte=high, age_max__gte=low)
        measures[f"places_age_{low}"] = Sum("approved", filter=overlap, default=0)
        measures[f"vacancies_age_{low}"] = _free_sum(overlap)
    for ptype in PlacementType:
        has = Q(placement_types__icontains=f'"{ptype.value}"')
        measures[f"households_type_{ptype.value}"] = Count("id", filter=has)
        measures[f"vacancies_type_{ptype.value}"] = _free_sum(has)
    rows = (
        current_approvals_with_places(today, now)
        .values(la=F("household__local_authority_id"), provider=F("household__fostering_service__kind"))
        .annotate(**measures)
        .order_by("la", "provider")
    )
    return [dict(r) for r in rows]


def capability_by_authority() -> list[dict]:
    """Households (active, currently approved) whose service assesses them as experienced or
    specialist (capability ≥ 2) in each need domain, by authority and provider kind."""
    rows = (
        Capability.objects.filter(
            source=Capability.Source.SERVICE,
            household__status=HouseholdStatus.ACTIVE,
            household__approvals__ended_on__isnull=True,
        )
        .values(la=F("household__local_authority_id"), provider=F("household__fostering_service__kind"))
        .annotate(**{f"capable_{d}": Count("id", filter=Q(**{f"{d}__gte": 2})) for d in DOMAIN_CODES})
        .order_by("la", "provider")
    )
    return [dict(r) for r in rows]


def suitable_vacancies_by_authority(today: dt.date, now: dt.datetime, languages: list[str]) -> list[dict]:
    """Households with a vacancy suitable for each kind of place the gaps analysis looks at
    (see sufficiency.gaps): a sibling group of three, a teenager with high emotional-wellbeing
    needs, a child speaking a given language, a parent and child."""
    free = Q(unavailable=False, open_places__gte=1)
    emotional = Capability.objects.filter(
        household=OuterRef("household_id"), source=Capability.Source.SERVICE, emotional__gte=2
    )
    qs = current_approvals_with_places(today, now).annotate(emotional_capable=Exists(emotional))
    measures = {
        "siblings_3": Count("id", filter=Q(unavailable=False, open_places__gte=3)),
        "teen_emotional": Count("id", filter=free & Q(age_max__gte=TEENAGER_FROM_AGE, emotional_capable=True)),
        "parent_and_child": Count("id", filter=free & Q(placement_types__icontains='"parent_and_child"')),
    }
    for code in languages:
        speaks = Carer.objects.filter(household=OuterRef("household_id"), languages__icontains=f'"{code}"')
        qs = qs.annotate(**{f"speaks_{code}": Exists(speaks)})
        measures[f"language_{code}"] = Count("id", filter=free & Q(**{f"speaks_{code}": True}))
    rows = qs.values(la=F("household__local_authority_id")).annotate(**measures).order_by("la")
    return [dict(r) for r in rows]
