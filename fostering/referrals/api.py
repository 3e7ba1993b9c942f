"""Referrals API: the authority's referrals, one referral (strengths first), and the
anonymised summary that fostering services holding a place may also read."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from fostering.core.api_forms import form_data, plain_text, refused, validated
from fostering.core.idempotency import IDEMPOTENCY_OPENAPI, idempotent

from . import anonymise, selectors, services
from .forms import ReferralForm
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


# ------------------------------------------------------------------ writes for case systems


class ReferralIn(Schema):
    client_reference: str | None = Field(None, max_length=255, description="Your own reference; a repeat replays")
    child_ids: list[int] = Field(min_length=1, max_length=6, description="One child, or brothers and sisters")
    placement_type: str = Field(description="e.g. short_term, long_term, emergency")
    urgency: str = Field("planned", description="emergency, urgent or planned")
    wanted_start: dt.date
    distance_from: str = Field("school", description="school, home or any")
    max_distance_km: int | None = None
    siblings_together: bool = True
    apart_reasons: dict[str, str] = Field(
        default_factory=dict, description="By child id, why each child should live apart (when not together)"
    )
    open_now: bool = Field(False, description="Open it for matching at once (otherwise a draft)")


@router.post(
    "/referrals",
    response={201: ReferralListItem, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Create a referral for your authority's child or sibling group (placement officers; audited)",
    description="Made from each child's latest needs profile, with the same rules as the referral page.",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def create_referral(request, body: ReferralIn):
    from fostering.accounts import scoping
    from fostering.accounts.models import Role
    from fostering.children import selectors as children_selectors
    from fostering.children.models import Child

    if not scoping.has_role(request.user, Role.PLACEMENT_OFFICER):
        raise PermissionDenied("Only placement officers can create referrals.")
    for key, reason in body.apart_reasons.items():
        plain_text(reason, f"The reason child {key} should live apart")
    children = []
    for child_id in dict.fromkeys(body.child_ids):
        try:
            children.append(children_selectors.get_child(request, child_id))
        except Child.DoesNotExist as exc:
            raise Http404(f"Your authority has no child {child_id}.") from exc
    fields = {
        "placement_type": body.placement_type, "urgency": body.urgency, "wanted_start": body.wanted_start,
        "distance_from": body.distance_from, "max_distance_km": body.max_distance_km,
        "siblings_together": "yes" if body.siblings_together else "no",
    }  # fmt: skip
    form = validated(ReferralForm(form_data(fields), children=children[:1]))
    data = form.cleaned_data
    try:
        referral = services.create_referral(
            request, children, placement_type=data["placement_type"], urgency=data["urgency"],
            wanted_start=data["wanted_start"], distance_from=data["distance_from"],
            max_distance_km=data["max_distance_km"], siblings_together=body.siblings_together or len(children) == 1,
            apart_reasons={int(k): v for k, v in body.apart_reasons.items() if str(k).isdigit()},
            open_now=body.open_now,
        )  # fmt: skip
    except ValidationError as exc:
        raise refused(exc)
    except Child.DoesNotExist as exc:
        raise Http404("No such child.") from exc
    referral.refresh_from_db()  # opening it (open_now) saved another copy
    return Status(201, _item(referral, len(children)))
