"""Supply: approved places, filled places and vacancies, by where households live.

Everything is one or two SQL aggregations grouped by the household's local authority and
its provider kind (LA service or IFA); callers sum authorities up to region, consortium or
England. Places mean what they mean everywhere on the register: they come from
``vacancies.availability.annotate_places`` (approved = min(max_children, beds for
fostering); free = max(0, approved − filled − held); offerable = free when the household is
active and its declared availability covers the day). A vacancy is an offerable place.
"Fresh" vacancies were confirmed within settings.VACANCY_AMBER_AFTER_DAYS; the rest (older
or never confirmed) are "stale", since nobody can rely on them without a phone call.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast

from fostering.core.codes import PlacementType
from fostering.core.needs import DOMAIN_CODES
from fostering.register.models import Approval, Capability, Carer, Household, HouseholdStatus
from fostering.vacancies.availability import annotate_places
from fostering.vacancies.models import Availability

from .periods import AGE_BANDS, TEENAGER_FROM_AGE, fresh_since


def current_households_with_places(today: dt.date, now: dt.datetime) -> QuerySet:
    """Active households with a current approval, annotated by ``annotate_places`` (the
    register's one definition of places: ``places_approved``, ``places_filled``,
    ``places_held``, ``places_free``, ``places_offerable``), plus the current approval's
    terms (``approval_age_min``, ``approval_age_max``, ``approval_types`` as JSON text) and
    ``fresh`` (availability confirmed recently)."""
    current = Approval.objects.filter(household=OuterRef("pk"), ended_on__isnull=True)
    fresh = Availability.objects.filter(household=OuterRef("pk"), last_confirmed_at__gte=fresh_since(now))
    households = Household.objects.filter(status=HouseholdStatus.ACTIVE).filter(Exists(current))
    return annotate_places(households, day=today, now=now).annotate(
        approval_age_min=Subquery(current.values("age_min")[:1]),
        approval_age_max=Subquery(current.values("age_max")[:1]),
        approval_types=Subquery(
            current.annotate(t=Cast("placement_types", TextField())).values("t")[:1], output_field=TextField()
        ),
        fresh=Exists(fresh),
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
    """One row per active, approved household: its authority, provider kind, terms and places."""
    return (
        current_households_with_places(today, now)
        .annotate(**extra)
        .values(
            la=F("local_authority_id"),
            provider=F("fostering_service__kind"),
            approved_n=F("places_approved"),
            filled_n=F("places_filled"),
            held_n=F("places_held"),
            offer_n=F("places_offerable"),
            is_fresh=F("fresh"),
            age_lo=F("approval_age_min"),
            age_hi=F("approval_age_max"),
            types=F("approval_types"),
            **{k: F(k) for k in extra},
        )
    )


FREE = "CASE WHEN {cond} THEN offer_n ELSE 0 END"


def _sum_free(condition: str = "") -> str:
    """Vacancies (offerable places) of the households meeting ``condition``."""
    if not condition:
        return "COALESCE(SUM(offer_n), 0)"
    return f"COALESCE(SUM({FREE.format(cond=condition)}), 0)"


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
        "vacancies_for_2": _count_if("offer_n >= 2"),
        "vacancies_for_3": _count_if("offer_n >= 3"),
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
            Capability.objects.filter(household=OuterRef("pk"), source=Capability.Source.SERVICE, emotional__gte=2)
        )
    }
    for code in languages:
        extra[f"speaks_{code}"] = Exists(
            Carer.objects.filter(household=OuterRef("pk"), languages__icontains=f'"{code}"')
        )
    free = "offer_n >= 1"
    measures = {
        "siblings_3": _count_if("offer_n >= 3"),
        "teen_emotional": _count_if(f"{free} AND age_hi >= {int(TEENAGER_FROM_AGE)} AND emotional_capable"),
        "parent_and_child": _count_if(f"{free} AND types LIKE %s"),
    }
    for code in languages:
        measures[f"language_{code}"] = _count_if(f"{free} AND speaks_{code}")
    return aggregate_rows(_places_rows(today, now, **extra), ["la"], measures, ['%"parent_and_child"%'])
