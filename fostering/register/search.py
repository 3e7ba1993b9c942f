"""Register search for placement officers: households near a postcode that can take a
child of this age and placement type, a sibling group of this size, with the capability,
language and faith the child needs — showing public fields and free places only.

Fast: a bounding box on easting/northing (indexed: ``household_status_grid``) cuts the
candidates in SQL before the exact distance (plain Euclidean on the British National
Grid) is computed, also in SQL, for ordering and the radius; approval terms, capability,
language and faith are ``EXISTS`` subqueries; free places come from
``vacancies.availability.annotate_places``. One query for the page, one for the count.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, QuerySet, Value

from fostering.core.needs import DOMAIN_CODES
from fostering.geography.services import Location, geocode

from .models import Approval, Capability, Carer, Household, HouseholdStatus
from .selectors import require_register_reader, with_display_data

MAX_RADIUS_KM = 500


@dataclass
class SearchCriteria:
    postcode: str | None = None
    within_km: float | None = None
    age: int | None = None
    placement_type: str | None = None
    group_size: int | None = None
    min_capability: dict[str, int] = field(default_factory=dict)
    language: str | None = None
    religion: str | None = None
    only_with_places: bool = True


def _approval_terms(c: SearchCriteria) -> Q | None:
    terms = Q(household=OuterRef("pk"), ended_on__isnull=True)
    used = False
    if c.age is not None:
        terms &= Q(age_min__lte=c.age, age_max__gte=c.age)
        used = True
    if c.placement_type:
        # JSON list membership that works on PostgreSQL and SQLite: the quoted code in the text.
        terms &= Q(placement_types__icontains=f'"{c.placement_type}"')
        used = True
    if c.group_size:
        terms &= Q(max_children__gte=c.group_size)
        used = True
    return Exists(Approval.objects.filter(terms)) if used else None


def _capability(c: SearchCriteria) -> Q | None:
    wanted = {d: int(v) for d, v in c.min_capability.items() if d in DOMAIN_CODES and v}
    if not wanted:
        return None
    at_least = {f"{d}__gte": v for d, v in wanted.items()}
    service = Capability.objects.filter(household=OuterRef("pk"), source=Capability.Source.SERVICE)
    carers = Capability.objects.filter(household=OuterRef("pk"), source=Capability.Source.CARERS)
    # The service's assessment governs; the carers' view counts only where there is none.
    return Q(Exists(service.filter(**at_least))) | (~Q(Exists(service)) & Q(Exists(carers.filter(**at_least))))


def search_register(
    user, criteria: SearchCriteria, *, day: dt.date | None = None, now: dt.datetime | None = None
) -> tuple[QuerySet, Location | None]:
    """Matching households (active, public register), nearest first when a postcode is given.

    Raises InvalidPostcode/UnknownPostcode for a postcode we cannot place, PermissionDenied
    for users who may not read the register."""
    require_register_reader(user)
    origin = geocode(criteria.postcode) if criteria.postcode else None
    qs = Household.objects.filter(status=HouseholdStatus.ACTIVE)
    if origin is not None:
        e, n = origin.easting, origin.northing
        if criteria.within_km:
            r = min(float(criteria.within_km), MAX_RADIUS_KM) * 1000.0
            qs = qs.filter(easting__range=(e - r, e + r), northing__range=(n - r, n + r))
        qs = qs.annotate(
            distance_sq=ExpressionWrapper(
                (F("easting") - Value(e)) * (F("easting") - Value(e))
                + (F("northing") - Value(n)) * (F("northing") - Value(n)),
                output_field=FloatField(),
            )
        )
        if criteria.within_km:
            qs = qs.filter(distance_sq__lte=r * r)
    for condition in (_approval_terms(criteria), _capability(criteria)):
        if condition is not None:
            qs = qs.filter(condition)
    if criteria.language:
        qs = qs.filter(
            Exists(Carer.objects.filter(household=OuterRef("pk"), languages__icontains=f'"{criteria.language}"'))
        )
    if criteria.religion:
        qs = qs.filter(Exists(Carer.objects.filter(household=OuterRef("pk"), religion=criteria.religion)))
    qs = with_display_data(qs, day=day, now=now)
    if criteria.only_with_places:
        qs = qs.filter(places_offerable__gte=max(criteria.group_size or 1, 1))
    return qs.order_by("distance_sq", "pk") if origin is not None else qs.order_by("pk"), origin


def distance_km(household) -> float | None:
    d = getattr(household, "distance_sq", None)
    return None if d is None else math.sqrt(d) / 1000.0
