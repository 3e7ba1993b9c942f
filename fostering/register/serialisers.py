"""The two shapes of a household, shared by the web pages and the API.

``public_household`` — what anyone working with the register may see: capability and
availability, the postcode district and authority, the terms of approval, languages and
faiths spoken in the home. No names, dates of birth, addresses, references, reasons for
unavailability or the ages of other children.

``full_household`` — the public shape plus the personal record, for the household's own
service and its carers only (see selectors.sees_in_full).

Both take a household from ``selectors.with_display_data`` (prefetched, places annotated).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from fostering.core.codes import LANGUAGES, PlacementType, Religion
from fostering.core.needs import NEED_DOMAINS
from fostering.vacancies.freshness import describe, freshness_of

from .rules import capability_conflicts, governing_capability, split_capabilities

PERSONAL_KEYS = frozenset(
    {"reference", "address", "address_line_1", "address_line_2", "town", "postcode", "carers", "first_name",
     "last_name", "date_of_birth", "other_children_ages", "unavailable_reason", "status_history", "last_confirmed_by"}
)  # fmt: skip


def _current_approval(h):
    current = getattr(h, "current_approvals", None)
    if current is None:
        current = [a for a in h.approvals.all() if a.ended_on is None]
    return current[0] if current else None


def _places(h) -> dict:
    return {
        "approved": h.places_approved,
        "filled": h.places_filled,
        "held": h.places_held,
        "free": h.places_free,
        "offerable": h.places_offerable,
    }


def _availability(h, now, full: bool) -> dict:
    try:
        a = h.availability
    except ObjectDoesNotExist:  # never declared
        a = None
    confirmed_at = a.last_confirmed_at if a else None
    out = {
        "available_from": a.available_from if a else None,
        "available_until": a.available_until if a else None,
        "temporarily_unavailable": bool(a and a.temporarily_unavailable),
        "last_confirmed_at": confirmed_at,
        "last_confirmed": describe(confirmed_at, now),
        "freshness": str(freshness_of(confirmed_at, now)),
    }
    if full:
        who = a.last_confirmed_by if a else None
        out["unavailable_reason"] = a.unavailable_reason if a else ""
        out["last_confirmed_by"] = (who.get_full_name() or who.username) if who else None
    return out


def public_household(h, *, now: dt.datetime | None = None, distance_km: float | None = None) -> dict:
    now = now or timezone.now()
    carers = list(h.carers.all())
    service_cap, carers_cap = split_capabilities(list(h.capabilities.all()))
    levels, source = governing_capability(service_cap, carers_cap)
    approval = _current_approval(h)
    today = timezone.localdate(now)
    try:
        max_siblings = h.preferences.max_sibling_group
    except ObjectDoesNotExist:  # no preferences recorded
        max_siblings = None
    return {
        "shape": "public",
        "id": h.pk,
        "fostering_service": {
            "id": h.fostering_service_id,
            "name": h.fostering_service.name,
            "kind": h.fostering_service.kind,
            "ofsted_urn": h.fostering_service.ofsted_urn,
        },
        "postcode_district": h.postcode_district,
        "local_authority": {"code": h.local_authority_id, "name": h.local_authority.name},
        "distance_km": None if distance_km is None else round(distance_km, 1),
        "status": h.status,
        "approval": None
        if approval is None
        else {
            "max_children": approval.max_children,
            "age_min": approval.age_min,
            "age_max": approval.age_max,
            "placement_types": list(approval.placement_types),
        },
        "capability": levels,
        "capability_source": source,
        "languages": sorted({code for c in carers for code in (c.languages or [])}),
        "religions": sorted({c.religion for c in carers if c.religion}),
        "years_fostering": max((c.years_fostering(today) for c in carers), default=0),
        "wheelchair_accessible": h.wheelchair_accessible,
        "has_pets": h.has_pets,
        "smokers": h.smokers,
        "other_children_count": len(h.other_children_ages or []),
        "max_sibling_group": max_siblings,
        "places": _places(h),
        "availability": _availability(h, now, full=False),
    }


def full_household(
    h, *, now: dt.datetime | None = None, distance_km: float | None = None, history: bool = False
) -> dict:
    """The public shape plus the personal record; ``history`` adds approvals, training,
    status changes and transfers (the detail page and ``GET /api/households/{id}``)."""
    now = now or timezone.now()
    out = public_household(h, now=now, distance_km=distance_km)
    service_cap, carers_cap = split_capabilities(list(h.capabilities.all()))
    today = timezone.localdate(now)
    out.update(
        {
            "shape": "full",
            "reference": h.reference,
            "address": {
                "address_line_1": h.address_line_1,
                "address_line_2": h.address_line_2,
                "town": h.town,
                "postcode": h.postcode,
            },
            "status_since": h.status_since,
            "status_reason": h.status_reason,
            "bedrooms": h.bedrooms,
            "beds_for_fostering": h.beds_for_fostering,
            "other_children_ages": list(h.other_children_ages or []),
            "pets_description": h.pets_description,
            "carers": [
                {
                    "id": c.pk,
                    "first_name": c.first_name,
                    "last_name": c.last_name,
                    "date_of_birth": c.date_of_birth,
                    "gender": c.gender,
                    "ethnicity": c.ethnicity,
                    "religion": c.religion,
                    "languages": list(c.languages or []),
                    "fostering_since": c.fostering_since,
                    "years_fostering": c.years_fostering(today),
                }
                for c in h.carers.all()
            ],
            "capability_service": _levels_or_none(service_cap),
            "capability_carers": _levels_or_none(carers_cap),
            "capability_conflicts": [
                {"domain": c.domain, "label": c.label, "service_level": c.service_level, "carers_level": c.carers_level}
                for c in capability_conflicts(service_cap, carers_cap)
            ],
            "availability": _availability(h, now, full=True),
            "preferences": _preferences(h),
        }
    )
    if history:
        out["approvals"] = [
            {
                "approved_on": a.approved_on,
                "panel_date": a.panel_date,
                "fostering_service": a.fostering_service.name,
                "max_children": a.max_children,
                "age_min": a.age_min,
                "age_max": a.age_max,
                "placement_types": list(a.placement_types),
                "review_due": a.review_due,
                "ended_on": a.ended_on,
                "end_reason": a.end_reason,
            }
            for a in h.approvals.select_related("fostering_service").order_by("-approved_on", "-id")
        ]
        out["training"] = [
            {
                "course": t.course,
                "label": t.get_course_display(),
                "completed_on": t.completed_on,
                "expires_on": t.expires_on,
            }
            for t in h.training.all()
        ]
        out["status_history"] = [
            {"status": s.status, "changed_on": s.changed_on, "reason": s.reason}
            for s in h.status_changes.order_by("-changed_on", "-id")
        ]
        out["transfers"] = [
            {"from_service": t.from_service.name, "to_service": t.to_service.name, "transferred_on": t.transferred_on,
             "reason": t.reason}
            for t in h.transfers.select_related("from_service", "to_service")
        ]  # fmt: skip
    return out


def _preferences(h) -> dict | None:
    """The carers' own wishes: ages, sibling group size, notes (the service's terms govern)."""
    try:
        p = h.preferences
    except ObjectDoesNotExist:
        return None
    return {"preferred_age_min": p.preferred_age_min, "preferred_age_max": p.preferred_age_max,
            "max_sibling_group": p.max_sibling_group, "notes": p.notes}  # fmt: skip


def _levels_or_none(capability):
    from .rules import levels_of

    return levels_of(capability)


def household_shape(h, full: bool, **kw) -> dict:
    return full_household(h, **kw) if full else public_household(h, **kw)


# Labels for templates.
DOMAIN_LABELS = {d.code: d.label for d in NEED_DOMAINS}
PLACEMENT_TYPE_LABELS = dict(PlacementType.choices)
RELIGION_LABELS = dict(Religion.choices)
LANGUAGE_LABELS = LANGUAGES
