"""Register search for placement officers: households near a postcode that can take a
child of this age and placement type, a sibling group of this size, with the capability,
language and faith the child needs — showing public fields and free places only.

Fast at high density (a 25 km radius in a city holds thousands of households):

* every criterion is a condition in SQL, cheapest first: a bounding box on easting/northing
  (covering index ``household_search_grid``), then the exact distance (plain Euclidean on the
  British National Grid); the current approval's terms (covering index
  ``approval_current_terms``) and the capability are joins on one-row-per-household tables
  (one current approval; one capability per source), and "at least this many places under
  the approval" is checked on those columns before any place is counted; language and
  faith are ``EXISTS``;
* free places come from ``vacancies.availability.annotate_places`` in the same query, only
  in the WHERE clause, so they are counted only for households that passed everything else;
* ``search_page`` asks for the matching ids and distances, nearest first, in ONE query
  (the count is its length), then builds the display data (carers' languages, capability,
  approval, freshness) for the page's 25 households only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, ExpressionWrapper, F, FilteredRelation, FloatField, OuterRef, Q, QuerySet, Value

from fostering.core.needs import DOMAIN_CODES
from fostering.geography.services import Location, geocode
from fostering.vacancies.availability import annotate_places

from .models import Capability, Carer, Household, HouseholdStatus
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
    """The current approval's terms, as a join: a household has at most one current approval
    (constraint ``one_current_approval_per_household``), so joining never repeats a row."""
    terms: dict = {}
    if c.age is not None:
        terms.update(approvals__age_min__lte=c.age, approvals__age_max__gte=c.age)
    if c.placement_type:
        # JSON list membership that works on PostgreSQL and SQLite: the quoted code in the text.
        terms["approvals__placement_types__icontains"] = f'"{c.placement_type}"'
    wanted = max(c.group_size or 1, 1)
    if c.group_size or c.only_with_places:
        # Cheap necessary condition for ``wanted`` free places: that many approved places.
        terms["approvals__max_children__gte"] = wanted
    if not terms:
        return None
    return Q(approvals__ended_on__isnull=True, **terms)


def _capability(c: SearchCriteria) -> tuple[dict, Q] | None:
    """The service's assessment governs; the carers' view counts only where there is none.
    Both are joins on (household, source), which is unique."""
    wanted = {d: int(v) for d, v in c.min_capability.items() if d in DOMAIN_CODES and v}
    if not wanted:
        return None
    relations = {
        "cap_service": FilteredRelation("capabilities", condition=Q(capabilities__source=Capability.Source.SERVICE)),
        "cap_carers": FilteredRelation("capabilities", condition=Q(capabilities__source=Capability.Source.CARERS)),
    }
    service = Q(**{f"cap_service__{d}__gte": v for d, v in wanted.items()})
    carers = Q(cap_service__isnull=True, **{f"cap_carers__{d}__gte": v for d, v in wanted.items()})
    return relations, service | carers


def matching_households(
    user, criteria: SearchCriteria, *, day: dt.date | None = None, now: dt.datetime | None = None
) -> tuple[QuerySet, Location | None]:
    """Matching households (active, public register), nearest first when a postcode is given:
    conditions only, no display data (see ``search_page`` and ``search_register``).

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
    wanted = max(criteria.group_size or 1, 1)
    if criteria.only_with_places:
        qs = qs.filter(beds_for_fostering__gte=wanted)
    approval = _approval_terms(criteria)
    if approval is not None:
        qs = qs.filter(approval)
    capability = _capability(criteria)
    if capability is not None:
        relations, condition = capability
        qs = qs.annotate(**relations).filter(condition)
    if criteria.language:
        qs = qs.filter(
            Exists(Carer.objects.filter(household=OuterRef("pk"), languages__icontains=f'"{criteria.language}"'))
        )
    if criteria.religion:
        qs = qs.filter(Exists(Carer.objects.filter(household=OuterRef("pk"), religion=criteria.religion)))
    if criteria.only_with_places:
        # Counted last, so only for the households every other condition let through.
        qs = annotate_places(qs, day=day, now=now).filter(places_offerable__gte=wanted)
    return qs.order_by("distance_sq", "pk") if origin is not None else qs.order_by("pk"), origin


def search_register(
    user, criteria: SearchCriteria, *, day: dt.date | None = None, now: dt.datetime | None = None
) -> tuple[QuerySet, Location | None]:
    """The matching households with their display data (places, carers, capability...), for
    callers that want model instances; pages and the API use the faster ``search_page``."""
    qs, origin = matching_households(user, criteria, day=day, now=now)
    ids = qs.values("pk")
    display = with_display_data(Household.objects.filter(pk__in=ids), day=day, now=now)
    if origin is not None:
        e, n = origin.easting, origin.northing
        display = display.annotate(
            distance_sq=ExpressionWrapper(
                (F("easting") - Value(e)) * (F("easting") - Value(e))
                + (F("northing") - Value(n)) * (F("northing") - Value(n)),
                output_field=FloatField(),
            )
        ).order_by("distance_sq", "pk")
    else:
        display = display.order_by("pk")
    return display, origin


@dataclass
class SearchPage:
    """One page of results: ``page`` is a Django Page over (id, distance) pairs, ``households``
    its households with display data, in order, each with ``distance_sq`` set."""

    page: Page
    households: list[Household]
    origin: Location | None

    @property
    def count(self) -> int:
        return self.page.paginator.count


def search_page(
    user,
    criteria: SearchCriteria,
    *,
    page: int | str | None = 1,
    page_size: int = 25,
    day: dt.date | None = None,
    now: dt.datetime | None = None,
) -> SearchPage:
    """One query for every match (id and distance, nearest first: its length is the count),
    one set of queries for the display data of this page's households only."""
    qs, origin = matching_households(user, criteria, day=day, now=now)
    if origin is not None:
        matches = list(qs.values_list("pk", "distance_sq"))
    else:
        matches = [(pk, None) for pk in qs.values_list("pk", flat=True)]
    current = Paginator(matches, page_size).get_page(page)
    ids = [pk for pk, _ in current.object_list]
    found = {h.pk: h for h in with_display_data(Household.objects.filter(pk__in=ids), day=day, now=now)}
    households = []
    for pk, d in current.object_list:
        h = found.get(pk)
        if h is not None:  # changed in between (e.g. just placed); shown again on the next search
            h.distance_sq = d
            households.append(h)
    return SearchPage(current, households, origin)


def distance_km(household) -> float | None:
    d = getattr(household, "distance_sq", None)
    return None if d is None else math.sqrt(d) / 1000.0
