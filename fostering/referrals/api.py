"""Referrals API: the authority's referrals, one referral (strengths first), and the
anonymised summary that fostering services holding a place may also read."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Query, Router, Schema

from . import anonymise, selectors, services
from .models import Referral

router = Router(tags=["Referrals"])


class ErrorOut(Schema):
    detail: str


class ReferralListItem(Schema):
    id: int
    reference: str
    local_authority: str
    status: str
    placement_type: str
    urgency: str
    wanted_start: dt.date
    distance_from: str
    max_distance_km: int | None
    siblings_together: bool
    group_size: int
    created_at: dt.datetime
    opened_at: dt.datetime | None
    matched_at: dt.datetime | None
    placed_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    time_open_days: float | None


class StrengthOut(Schema):
    domain: str
    label: str
    level: int
    level_label: str
    narrative: str


class NeedOut(Schema):
    domain: str
    label: str
    level: int
    level_label: str
    from_carers: str
    narrative: str


class ReferralChildOut(Schema):
    child_id: int
    la_child_id: str
    first_name: str
    age: int
    needs_profile_id: int
    needs_profile_assessed_on: dt.date
    strengths: list[StrengthOut]
    about_me: str
    want_carers_to_know: str
    matters_for_new_home: str
    needs_from_carers: list[NeedOut]
    apart_reason: str


class ReferralOut(ReferralListItem):
    children: list[ReferralChildOut]


class SummaryVoiceOut(Schema):
    about_me: str
    want_carers_to_know: str
    matters_for_new_home: str
    wants_pets: bool | None
    wants_to_stay_at_school: bool | None
    food: str


class SummaryPersonOut(Schema):
    relationship: str
    keep_in_touch: bool
    contact: str


class SummaryChildOut(Schema):
    label: str
    age: int
    sex: str
    first_language: str
    religion: str
    home_postcode_district: str
    school_postcode_district: str
    strengths: list[StrengthOut]
    voice: SummaryVoiceOut
    important_people: list[SummaryPersonOut]
    needs_from_carers: list[NeedOut]
    needs_levels: dict[str, int]
    apart_reason: str


class SummaryOut(Schema):
    reference: str
    local_authority: str
    status: str
    placement_type: str
    urgency: str
    wanted_start: str
    distance_from: str
    max_distance_km: int | None
    siblings_together: bool
    group_size: int
    children: list[SummaryChildOut]


class ListFilter(Schema):
    status: Referral.Status | None = None


def _item(r: Referral, size: int) -> dict:
    t = services.time_open(r)
    return {
        "id": r.pk,
        "reference": r.reference,
        "local_authority": r.local_authority_id,
        "status": r.status,
        "placement_type": r.placement_type,
        "urgency": r.urgency,
        "wanted_start": r.wanted_start,
        "distance_from": r.distance_from,
        "max_distance_km": r.max_distance_km,
        "siblings_together": r.siblings_together,
        "group_size": size,
        "created_at": r.created_at,
        "opened_at": r.opened_at,
        "matched_at": r.matched_at,
        "placed_at": r.placed_at,
        "withdrawn_at": r.withdrawn_at,
        "withdrawn_reason": r.withdrawn_reason,
        "time_open_days": round(t.total_seconds() / 86400, 2) if t is not None else None,
    }


@router.get("/referrals", response=list[ReferralListItem], summary="Your authority's referrals, newest first")
def list_referrals(request, filters: Query[ListFilter]):
    return [_item(r, r.children_count) for r in selectors.referrals_for(request, filters.status or "")[:1000]]


def _get(request, referral_id: int) -> Referral:
    try:
        return selectors.get_referral(request, referral_id)
    except Referral.DoesNotExist as exc:
        raise Http404("No such referral.") from exc


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, 404: ErrorOut},
    summary="One referral, strengths and the child's voice first (your authority's only; audited)",
)
def get_referral(request, referral_id: int):
    referral = _get(request, referral_id)
    doc = selectors.referral_document(referral)
    out = _item(referral, len(doc["children"]))
    out["children"] = [
        {
            "child_id": c["child"].pk,
            "la_child_id": c["child"].la_child_id,
            "first_name": c["child"].first_name,
            "age": c["age"],
            "needs_profile_id": c["profile"].pk,
            "needs_profile_assessed_on": c["profile"].assessed_on,
            "strengths": c["strengths"],
            "about_me": c["voice"].about_me if c["voice"] else "",
            "want_carers_to_know": c["voice"].want_carers_to_know if c["voice"] else "",
            "matters_for_new_home": c["voice"].matters_for_new_home if c["voice"] else "",
            "needs_from_carers": c["needs"],
            "apart_reason": c["apart_reason"],
        }
        for c in doc["children"]
    ]
    return out


@router.get(
    "/referrals/{referral_id}/summary",
    response={200: SummaryOut, 404: ErrorOut},
    summary="The anonymised summary: no names, dates of birth or addresses",
    description=(
        "Age in years, postcode district, needs and strength levels, what the child needs from carers and the "
        "child's own words with names, dates, postcodes, phone numbers and e-mail addresses removed. Readable by "
        "the referring authority and by fostering services holding a place for the referral; 404 for anyone else."
    ),
)
def get_summary(request, referral_id: int):
    referral = Referral.objects.select_related("local_authority").filter(pk=referral_id).first()
    if referral is None or not anonymise.may_see_summary(request.user, referral):
        raise Http404("No such referral.")
    return anonymise.summary_for(referral)
