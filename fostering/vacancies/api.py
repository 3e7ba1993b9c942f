"""Vacancies and holds API.

``GET /api/vacancies`` searches the whole register for households with a free place, in
the public shape (capability and availability, never personal details), nearest first
when a postcode is given. ``POST /api/vacancies/{household_id}/holds`` lets a placement
officer reserve places for one of their authority's referrals: 201 with the hold, or 409
with the reason when the places are no longer free. Two officers can never hold the same
place: the database serialises the requests (see vacancies.reservations).
``DELETE /api/holds/{hold_id}`` releases a hold (its holder or their colleagues).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from fostering.core.codes import LANGUAGES, PlacementType, Religion
from fostering.core.needs import DOMAIN_CODES
from fostering.geography.services import PostcodeError
from fostering.referrals.models import Referral
from fostering.register.api import ErrorOut, HouseholdPublicOut
from fostering.register.search import SearchCriteria, distance_km, search_page
from fostering.register.selectors import visible_households
from fostering.register.serialisers import public_household

from . import reservations
from .errors import VacancyError
from .models import Hold

router = Router(tags=["Vacancies and holds"])


class OriginOut(Schema):
    postcode: str
    local_authority_code: str | None


class VacancyPage(Schema):
    count: int
    page: int
    page_size: int
    origin: OriginOut | None
    results: list[HouseholdPublicOut]


class HoldIn(Schema):
    referral_id: int | None = Field(None, description="The referral the places are held for (your authority's)")
    officer_reference: str = Field("", description="Your own reference, when the referral is not on the register yet")
    places: int | None = Field(None, description="Places to hold; default one per child in the referral", ge=1, le=6)
    hours: int | None = Field(None, description="How long to hold; default 48", ge=1, le=336)


class HoldOut(Schema):
    id: int
    household_id: int
    referral_id: int | None
    referral_reference: str | None
    officer_reference: str
    places: int
    held_by: str
    created_at: dt.datetime
    reserved_until: dt.datetime
    state: str = Field(description="active, released, converted or expired")


def hold_out(hold: Hold) -> dict:
    return {
        "id": hold.pk,
        "household_id": hold.household_id,
        "referral_id": hold.referral_id,
        "referral_reference": hold.referral.reference if hold.referral_id else None,
        "officer_reference": hold.officer_reference,
        "places": hold.places,
        "held_by": hold.held_by.get_full_name() or hold.held_by.username,
        "created_at": hold.created_at,
        "reserved_until": hold.reserved_until,
        "state": hold.state(),
    }


def _vacancy_error(exc: VacancyError) -> HttpError:
    return HttpError(exc.status, exc.message)


@router.get(
    "/vacancies",
    response={200: VacancyPage, 400: ErrorOut, 403: ErrorOut},
    summary="Households with a free place, nearest first (public fields only)",
    description=__doc__,
)
def list_vacancies(
    request,
    postcode: str | None = None,
    within_km: float | None = None,
    age: int | None = None,
    placement_type: str | None = None,
    group_size: int | None = None,
    language: str | None = None,
    religion: str | None = None,
    capability: str | None = None,
    page: int = 1,
    page_size: int = 50,
):
    """``capability`` is ``domain:level`` pairs separated by commas, e.g. ``risk_self:2,behaviour:2``."""
    if within_km is not None and not postcode:
        raise HttpError(400, "Give a postcode to search within a distance of it.")
    if within_km is not None and not 0 < within_km <= 500:
        raise HttpError(400, "within_km must be more than 0 and at most 500.")
    if age is not None and not 0 <= age <= 21:
        raise HttpError(400, "age must be between 0 and 21.")
    if group_size is not None and not 1 <= group_size <= 6:
        raise HttpError(400, "group_size must be between 1 and 6.")
    if placement_type and placement_type not in PlacementType.values:
        raise HttpError(400, f"placement_type must be one of: {', '.join(PlacementType.values)}.")
    if language and language not in LANGUAGES:
        raise HttpError(400, f"{language} is not a language code we know.")
    if religion and religion not in Religion.values:
        raise HttpError(400, f"religion must be one of: {', '.join(Religion.values)}.")
    wanted: dict[str, int] = {}
    for pair in (capability or "").split(","):
        if not pair.strip():
            continue
        domain, _, level = pair.partition(":")
        if domain.strip() not in DOMAIN_CODES or level.strip() not in {"1", "2", "3"}:
            raise HttpError(400, f"capability “{pair}” should be domain:level, e.g. risk_self:2.")
        wanted[domain.strip()] = int(level)
    criteria = SearchCriteria(
        postcode=postcode, within_km=within_km, age=age, placement_type=placement_type, group_size=group_size,
        min_capability=wanted, language=language, religion=religion,
    )  # fmt: skip
    page_size = max(1, min(page_size, 200))
    try:
        result = search_page(request.user, criteria, page=page, page_size=page_size)
    except PostcodeError as exc:
        raise HttpError(400, str(exc))
    origin = result.origin
    return {
        "count": result.count,
        "page": result.page.number,
        "page_size": page_size,
        "origin": {"postcode": origin.postcode, "local_authority_code": origin.local_authority_code}
        if origin
        else None,
        "results": [public_household(h, distance_km=distance_km(h)) for h in result.households],
    }


@router.post(
    "/vacancies/{household_id}/holds",
    response={201: HoldOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Hold places in a household for a referral (placement officers)",
)
def create_hold(request, household_id: int, body: HoldIn):
    if not visible_households(request.user).filter(pk=household_id).exists():
        raise Http404("There is no such household on the register.")
    referral = None
    if body.referral_id is not None:
        referral = Referral.objects.filter(pk=body.referral_id).first()
        if referral is None:
            raise Http404(f"There is no referral {body.referral_id}.")
    try:
        hold = reservations.place_hold(
            request.user, household_id, referral=referral, officer_reference=body.officer_reference,
            places=body.places, hours=body.hours,
        )  # fmt: skip
    except VacancyError as exc:
        raise _vacancy_error(exc)
    return Status(201, hold_out(Hold.objects.select_related("held_by", "referral").get(pk=hold.pk)))


@router.delete(
    "/holds/{hold_id}",
    response={200: HoldOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Release a hold (the officer who placed it, or their colleagues)",
)
def delete_hold(request, hold_id: int):
    hold = Hold.objects.select_related("held_by").filter(pk=hold_id).first()
    if hold is None:
        raise Http404(f"There is no hold {hold_id}.")
    if not reservations.may_release(request.user, hold):
        raise PermissionDenied("Only the officer who placed a hold, or their colleagues, can release it.")
    try:
        hold = reservations.release_hold(request.user, hold_id, reason="Released through the API")
    except VacancyError as exc:
        raise _vacancy_error(exc)
    return Status(200, hold_out(Hold.objects.select_related("held_by", "referral").get(pk=hold.pk)))
