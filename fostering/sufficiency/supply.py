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

from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce, Greatest, Least

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


def aggregate_rows(
    inner: QuerySet, group: list[str], measures: dict[str, str], params: list | None = None
) -> list[dict]:
    """Aggregate the rows of ``inner`` (a ``.values()`` queryset) in SQL, with ``inner`` as a
    derived table: its correlated subqueries run once per row, not once per measure (Django
    repeats an annotation's SQL inside every aggregate that uses it — 50-odd subqueries a
    row here). ``measures`` are SQL expressions over ``inner``'s columns; ``params`` fill
    their ``%s``. Portable SQL (SQLite and PostgreSQL)."""
    sql, inner_params = inner.query.sql_with_params()
    qn = connection.ops.quote_name
    keys = ", ".join(qn(g) for g in group)
    select = ", ".join([keys, *(f"{expr} AS {qn(name)}" for name, expr in measures.items())])
    query = f"SELECT {select} FROM ({sql}) t GROUP BY {keys} ORDER BY {keys}"  # noqa: S608 - our own expressions
    with connection.cursor() as cursor:
        cursor.execute(query, [*(params or []), *inner_params])
        columns = [*group, *measures]
        return [{k: (int(v) if k not in group and v is not None else v) for k, v in zip(columns, row, strict=True)}
                for row in cursor.fetchall()]  # fmt: skip


def _places_rows(today: dt.date, now: dt.datetime, **extra) -> QuerySet:
    """One row per current approval: its authority, provider kind, terms and places."""
    return (
        current_approvals_with_places(today, now)
        .annotate(**extra)
        .values(
            la=F("household__local_authority_id"),
            provider=F("household__fostering_service__kind"),
            approved_n=F("approved"),
            filled_n=F("filled"),
            held_n=F("held"),
            open_n=F("open_places"),
            is_unavailable=F("unavailable"),
            is_fresh=F("fresh"),
            age_lo=F("age_min"),
            age_hi=F("age_max"),
            types=Cast("placement_types", TextField()),
            **{k: F(k) for k in extra},
        )
    )


FREE = "CASE WHEN {cond} THEN open_n ELSE 0 END"
AVAILABLE = "NOT is_unavailable"


def _sum_free(condition: str = "") -> str:
    cond = f"{AVAILABLE} AND {condition}" if condition else AVAILABLE
    return f"COALESCE(SUM({FREE.format(cond=cond)}), 0)"


def _count_if(condition: str) -> str:
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"


def supply_by_authority(today: dt.date, now: dt.datetime) -> list[dict]:
    """One row per (authority, provider kind) with places and their breakdowns."""
    measures = {
        "households": "COUNT(*)",
        "approved_places": "COALESCE(SUM(approved_n), 0)",
        "filled_places": "COALESCE(SUM(filled_n), 0)",
        "held_places": "COALESCE(SUM(held_n), 0)",
        "vacancies": _sum_free(),
        "vacancies_fresh": _sum_free("is_fresh"),
        "vacancies_stale": _sum_free("NOT is_fresh"),
        "households_for_2": _count_if("approved_n >= 2"),
        "households_for_3": _count_if("approved_n >= 3"),
        "vacancies_for_2": _count_if(f"{AVAILABLE} AND open_n >= 2"),
        "vacancies_for_3": _count_if(f"{AVAILABLE} AND open_n >= 3"),
    }
    params: list = []
    for _label, low, high in AGE_BANDS:
        overlap = f"age_lo <= {int(high)} AND age_hi >= {int(low)}"
        measures[f"places_age_{low}"] = f"COALESCE(SUM(CASE WHEN {overlap} THEN approved_n ELSE 0 END), 0)"
        measures[f"vacancies_age_{low}"] = _sum_free(overlap)
    for ptype in PlacementType:
        measures[f"households_type_{ptype.value}"] = _count_if("types LIKE %s")
        measures[f"vacancies_type_{ptype.value}"] = _sum_free("types LIKE %s")
        params += [f'%"{ptype.value}"%', f'%"{ptype.value}"%']
    return aggregate_rows(_places_rows(today, now), ["la", "provider"], measures, params)


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
    extra = {
        "emotional_capable": Exists(
            Capability.objects.filter(
                household=OuterRef("household_id"), source=Capability.Source.SERVICE, emotional__gte=2
            )
        )
    }
    for code in languages:
        extra[f"speaks_{code}"] = Exists(
            Carer.objects.filter(household=OuterRef("household_id"), languages__icontains=f'"{code}"')
        )
    free = f"{AVAILABLE} AND open_n >= 1"
    measures = {
        "siblings_3": _count_if(f"{AVAILABLE} AND open_n >= 3"),
        "teen_emotional": _count_if(f"{free} AND age_hi >= {int(TEENAGER_FROM_AGE)} AND emotional_capable"),
        "parent_and_child": _count_if(f"{free} AND types LIKE %s"),
    }
    for code in languages:
        measures[f"language_{code}"] = _count_if(f"{free} AND speaks_{code}")
    return aggregate_rows(_places_rows(today, now, **extra), ["la"], measures, ['%"parent_and_child"%'])
