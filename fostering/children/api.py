"""Children API: one child's record for their own authority (every read audited).

A child of another authority answers 404 exactly like a child that does not exist, so
the API never reveals that a child is known to the register.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from fostering.core.needs import NEED_DOMAINS

from . import selectors
from .models import Child

router = Router(tags=["Children"])


class DomainOut(Schema):
    domain: str
    label: str
    need: int
    strength: int
    narrative: str


class NeedsProfileOut(Schema):
    id: int
    assessed_on: dt.date
    assessed_by: str
    sdq_total: int | None
    domains: list[DomainOut]


class VoiceOut(Schema):
    about_me: str
    want_carers_to_know: str
    matters_for_new_home: str
    wants_pets: bool | None
    wants_to_stay_at_school: bool | None


class ImportantPersonOut(Schema):
    name: str
    relationship: str
    keep_in_touch: bool
    contact: str


class ChildOut(Schema):
    id: int
    local_authority: str
    la_child_id: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    age: int
    sex: str
    ethnicity: str
    religion: str
    first_language: str
    legal_status: str
    category_of_need: str
    uasc: bool
    disability: bool
    in_care: bool
    home_postcode: str
    school_postcode: str
    sibling_group: int | None
    needs_profile: NeedsProfileOut | None
    needs_profiles_count: int
    voice: VoiceOut | None
    important_people: list[ImportantPersonOut]


class ErrorOut(Schema):
    detail: str


def profile_out(profile) -> dict | None:
    if profile is None:
        return None
    return {
        "id": profile.pk,
        "assessed_on": profile.assessed_on,
        "assessed_by": profile.assessed_by,
        "sdq_total": profile.sdq_total,
        "domains": [
            {
                "domain": d.code,
                "label": d.label,
                "need": getattr(profile, f"need_{d.code}"),
                "strength": getattr(profile, f"strength_{d.code}"),
                "narrative": (profile.narratives or {}).get(d.code, ""),
            }
            for d in NEED_DOMAINS
        ],
    }


@router.get(
    "/children/{child_id}",
    response={200: ChildOut, 404: ErrorOut},
    summary="One child's record (your authority's children only; the read is audited)",
)
def get_child(request, child_id: int):
    try:
        child = selectors.get_child(request, child_id)
    except Child.DoesNotExist as exc:
        raise Http404("No such child.") from exc
    voice = getattr(child, "voice", None)
    return {
        "id": child.pk,
        "local_authority": child.local_authority_id,
        "la_child_id": child.la_child_id,
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth,
        "age": child.age_on(),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "first_language": child.first_language,
        "legal_status": child.legal_status,
        "category_of_need": child.category_of_need,
        "uasc": child.uasc,
        "disability": child.disability,
        "in_care": child.in_care,
        "home_postcode": child.home_postcode,
        "school_postcode": child.school_postcode,
        "sibling_group": child.sibling_group_id,
        "needs_profile": profile_out(selectors.latest_profile(child)),
        "needs_profiles_count": child.needs_profiles.count(),
        "voice": voice,
        "important_people": list(child.important_people.all()),
    }
