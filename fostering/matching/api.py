"""Matching API: a referral's explained shortlist, holds, shares, offers and acceptance.

``GET /api/referrals/{id}/shortlist?limit=N`` returns candidates in rank order, each with
its total score, the score components (points per component; the six sum to the score),
distance in km, weekly cost (beside the rank, never in it) and the household id, plus the
number of households each hard rule excluded. Placement officers of the referring
authority only; others get 404 (not theirs) or 403 (wrong role). Errors are 4xx with a
``detail`` sentence, never 500.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from fostering.referrals.models import Referral
from fostering.vacancies.errors import HoldNotActive, InvalidHoldRequest, PlacesNoLongerFree

from . import services
from .models import Offer

router = Router(tags=["Matching"])


class ErrorOut(Schema):
    detail: str


class CandidateOut(Schema):
    rank: int
    household_id: int
    score: float = Field(description="Total score 0–100.")
    components: dict[str, float] = Field(description="Points per score component (needs_met, distance, …).")
    distance_km: float | None
    weekly_cost: float = Field(description="Weekly cost in pounds, shown beside the rank, never scored.")
    is_ifa: bool


class WhyNotOut(Schema):
    rule: str
    label: str
    excluded: int


class ShortlistOut(Schema):
    referral_id: int
    total_households: int
    eligible: int
    candidates: list[CandidateOut]
    why_not: dict[str, int] = Field(description="Households excluded by each hard rule (a household may fail several).")
    rules: list[WhyNotOut]


class ShortlistQuery(Schema):
    limit: int = Field(20, ge=1, le=services.MAX_LIMIT)
    provider: str = Field("", pattern="^(|la|ifa)$")
    max_distance_km: float | None = Field(None, gt=0)
    min_needs_met: float | None = Field(None, ge=0, le=100)
    child: int = Field(0, ge=0, description="For siblings living apart: which child's shortlist.")


def _referral(request, referral_id: int) -> Referral:
    try:
        return services.referral_for_officer(request, referral_id)
    except Referral.DoesNotExist as exc:
        raise Http404("There is no referral with that id in your authority.") from exc


def _conflict(exc: Exception):
    if isinstance(exc, ValidationError):
        raise HttpError(400, " ".join(exc.messages)) from exc
    if isinstance(exc, PlacesNoLongerFree | HoldNotActive):
        raise HttpError(409, str(exc)) from exc
    raise HttpError(400, str(exc)) from exc


@router.get(
    "/referrals/{referral_id}/shortlist",
    response={200: ShortlistOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Explained shortlist for a referral",
)
def shortlist(request, referral_id: int, q: Query[ShortlistQuery]):
    referral = _referral(request, referral_id)
    if not referral.referral_children.exists():
        raise HttpError(400, "This referral names no child, so there is nothing to match.")
    result = services.shortlist_for(
        request.user,
        referral,
        limit=q.limit,
        filters=services.Filters(
            provider=q.provider, max_distance_km=q.max_distance_km, min_needs_met=q.min_needs_met, child_index=q.child
        ),
    )
    return {
        "referral_id": referral.pk,
        "total_households": result.total,
        "eligible": result.eligible,
        "candidates": result.candidates,
        "why_not": {w["rule"]: w["excluded"] for w in result.why_not},
        "rules": result.why_not,
    }


class ReferralHoldIn(Schema):
    household_ids: list[int] = Field(min_length=1)
    hours: int | None = Field(None, ge=1, le=14 * 24)


class ReferralHoldOut(Schema):
    id: int
    household_id: int
    places: int
    reserved_until: dt.datetime


@router.post(
    "/referrals/{referral_id}/holds",
    response={201: list[ReferralHoldOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Hold places in shortlisted households for a referral",
)
def hold(request, referral_id: int, body: ReferralHoldIn):
    referral = _referral(request, referral_id)
    try:
        holds = services.hold_households(request.user, referral, body.household_ids, hours=body.hours)
    except (ValidationError, InvalidHoldRequest, PlacesNoLongerFree, HoldNotActive) as exc:
        _conflict(exc)
    return 201, [
        {"id": h.pk, "household_id": h.household_id, "places": h.places, "reserved_until": h.reserved_until}
        for h in holds
    ]


class ShareIn(Schema):
    respond_hours: int = Field(services.DEFAULT_RESPOND_HOURS, ge=1, le=14 * 24)


class ShareOut(Schema):
    id: int
    fostering_service_id: int
    shared_at: dt.datetime
    respond_by: dt.datetime


@router.post(
    "/referrals/{referral_id}/shares",
    response={201: list[ShareOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Share the anonymised referral with the services of the held households",
)
def share(request, referral_id: int, body: ShareIn):
    referral = _referral(request, referral_id)
    try:
        shares = services.share(request.user, referral, respond_hours=body.respond_hours)
    except ValidationError as exc:
        _conflict(exc)
    return 201, [
        {
            "id": s.pk,
            "fostering_service_id": s.fostering_service_id,
            "shared_at": s.shared_at,
            "respond_by": s.respond_by,
        }
        for s in shares
    ]


class OfferIn(Schema):
    household_id: int | None = None
    offer: bool
    reason: str = ""


class OfferOut(Schema):
    id: int
    referral_id: int
    household_id: int
    status: str
    reason: str
    made_at: dt.datetime


def _offer_out(o: Offer) -> dict:
    return {
        "id": o.pk,
        "referral_id": o.referral_id,
        "household_id": o.household_id,
        "status": o.status,
        "reason": o.reason,
        "made_at": o.made_at,
    }


@router.post(
    "/shares/{share_id}/answer",
    response={201: OfferOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A fostering service offers one of its held households, or declines with a reason",
)
def answer(request, share_id: int, body: OfferIn):
    try:
        offer = services.respond(
            request.user, share_id, household_id=body.household_id, offer=body.offer, reason=body.reason
        )
    except services.ReferralShare.DoesNotExist as exc:
        raise Http404("No referral with that id was shared with your service.") from exc
    except ValidationError as exc:
        _conflict(exc)
    return 201, _offer_out(offer)


@router.get(
    "/referrals/{referral_id}/offers",
    response={200: list[OfferOut], 403: ErrorOut, 404: ErrorOut},
    summary="Offers and declines for a referral",
)
def offers(request, referral_id: int):
    referral = _referral(request, referral_id)
    return [_offer_out(o) for o in Offer.objects.filter(referral=referral)]


class AcceptIn(Schema):
    reason: str
    started_on: dt.date | None = None


class PlacementOut(Schema):
    id: int
    child_id: int
    household_id: int
    started_on: dt.date


@router.post(
    "/referrals/{referral_id}/offers/{offer_id}/accept",
    response={201: list[PlacementOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Accept one offer: placements start, other holds are released",
)
def accept(request, referral_id: int, offer_id: int, body: AcceptIn):
    referral = _referral(request, referral_id)
    try:
        placements = services.accept(request.user, referral, offer_id, reason=body.reason, started_on=body.started_on)
    except Offer.DoesNotExist as exc:
        raise Http404("There is no such offer for this referral.") from exc
    except (ValidationError, InvalidHoldRequest, PlacesNoLongerFree, HoldNotActive) as exc:
        _conflict(exc)
    except PermissionDenied:
        raise
    return 201, [
        {"id": p.pk, "child_id": p.child_id, "household_id": p.household_id, "started_on": p.started_on}
        for p in placements
    ]
