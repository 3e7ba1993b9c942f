"""Vacancies and holds API.

``GET /api/vacancies`` searches the whole register for households with a free place, in
the public shape (capability and availability, never personal details), nearest first
when a postcode is given. ``POST /api/vacancies/{household_id}/holds`` lets a placement
officer reserve places for one of their authority's referrals: 201 with the hold, or 409
with the reason when the places are no longer free. Two officers can never hold the same
place: the database serialises the requests (see vacancies.reservations).
``DELETE /api/holds/{hold_id}`` releases a hold (its holder or their colleagues).

For a service's case system: ``POST /api/households/{id}/availability/confirm``,
``PUT /api/households/{id}/availability`` and ``POST /api/availability/bulk`` (many households in
one call, all or nothing) keep availability live; each is idempotent (Idempotency-Key header or
``client_reference``; fostering.core.idempotency) and audited, under the same rules as the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from fostering.accounts import audit
from fostering.accounts.scoping import fostering_service_ids
from fostering.core.api_forms import plain_text, refused
from fostering.core.codes import LANGUAGES, PlacementType, Religion
from fostering.core.idempotency import CONFLICT_RESPONSE, IDEMPOTENCY_OPENAPI, idempotent
from fostering.core.needs import DOMAIN_CODES
from fostering.geography.services import PostcodeError
from fostering.referrals.models import Referral
from fostering.register.api import ErrorOut, HouseholdPublicOut
from fostering.register.models import CarerAccount, Household
from fostering.register.search import SearchCriteria, distance_km, search_page
from fostering.register.selectors import visible_households
from fostering.register.serialisers import public_household

from . import reservations, services
from .errors import VacancyError
from .freshness import freshness_of
from .models import Availability, Hold

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


# ------------------------------------------------------------------ writes for case systems


MAX_BULK = 5000


class AvailabilityIn(Schema):
    client_reference: str | None = Field(None, max_length=255, description="Your own reference; a repeat replays")
    available_from: dt.date | None = Field(None, description="From when the household can take a child")
    available_until: dt.date | None = Field(None, description="Until when (blank: no end)")
    temporarily_unavailable: bool = False
    unavailable_reason: str = Field("", max_length=200, description="Needed when temporarily unavailable")


class AvailabilityWriteOut(Schema):
    household_id: int
    reference: str
    available_from: dt.date | None
    available_until: dt.date | None
    temporarily_unavailable: bool
    unavailable_reason: str
    last_confirmed_at: dt.datetime | None
    freshness: Literal["fresh", "amber", "red"]


class AvailabilityItemIn(Schema):
    household_id: int | None = Field(None, description="The register's id of the household, or…")
    reference: str | None = Field(None, max_length=40, description="…your service's own reference for it")
    action: Literal["confirm", "declare"] = Field(
        "confirm", description="confirm: still accurate as it is; declare: replace it with the fields below"
    )
    available_from: dt.date | None = None
    available_until: dt.date | None = None
    temporarily_unavailable: bool = False
    unavailable_reason: str = Field("", max_length=200)


class AvailabilityBulkIn(Schema):
    client_reference: str | None = Field(None, max_length=255)
    items: list[AvailabilityItemIn] = Field(min_length=1, max_length=MAX_BULK)


class BulkItemOut(Schema):
    household_id: int
    reference: str
    freshness: Literal["fresh", "amber", "red"]


class AvailabilityBulkOut(Schema):
    count: int
    confirmed_at: dt.datetime
    results: list[BulkItemOut]


def _availability_out(household: Household) -> dict:
    a = Availability.objects.filter(household=household).first() or Availability(household=household)
    return {
        "household_id": household.pk, "reference": household.reference, "available_from": a.available_from,
        "available_until": a.available_until, "temporarily_unavailable": a.temporarily_unavailable,
        "unavailable_reason": a.unavailable_reason, "last_confirmed_at": a.last_confirmed_at,
        "freshness": freshness_of(a.last_confirmed_at).value,
    }  # fmt: skip


def _household_to_change(request, household_id: int) -> Household:
    """The household if the caller may change its availability; 404 if they may not see it at all."""
    household = Household.objects.filter(pk=household_id).first()
    if household is None or not (
        services.may_manage(request.user, household) or visible_households(request.user).filter(pk=household_id).exists()
    ):
        raise Http404(f"There is no household {household_id} on the register.")
    if not services.may_manage(request.user, household):
        raise PermissionDenied(
            f"Household {household_id} belongs to another fostering service; only its own service or its carers "
            f"can change its availability."
        )
    return household


WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post(
    "/households/{household_id}/availability/confirm",
    response={200: AvailabilityWriteOut, **WRITE_ERRORS},
    summary="Confirm a household's availability is still accurate (its service or carers)",
    description="Stamps who confirmed it and when: the vacancy turns fresh. " + CONFLICT_RESPONSE,
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def confirm_availability(request, household_id: int):
    household = _household_to_change(request, household_id)
    services.confirm_availability(request.user, household)
    audit.record(request, "update", household, detail="availability confirmed (API)")
    return _availability_out(household)


@router.put(
    "/households/{household_id}/availability",
    response={200: AvailabilityWriteOut, **WRITE_ERRORS},
    summary="Change a household's availability (its service or carers); saving also confirms it",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def put_availability(request, household_id: int, body: AvailabilityIn):
    household = _household_to_change(request, household_id)
    plain_text(body.unavailable_reason, "unavailable_reason")
    try:
        services.update_availability(
            request.user, household, available_from=body.available_from, available_until=body.available_until,
            temporarily_unavailable=body.temporarily_unavailable, unavailable_reason=body.unavailable_reason,
        )  # fmt: skip
    except ValidationError as exc:
        raise refused(exc, f"Household {household_id}: ")
    audit.record(request, "update", household, detail="availability changed (API)")
    return _availability_out(household)


def _resolve_items(request, items: list[AvailabilityItemIn]) -> tuple[list[services.AvailabilityChange], list[str]]:
    """Each item's household id (references are your own services' households) and the problems."""
    own = fostering_service_ids(request.user)
    carer_households = set(CarerAccount.objects.filter(user=request.user).values_list("household_id", flat=True))
    wanted = {i.reference.strip() for i in items if i.household_id is None and i.reference and "\x00" not in i.reference}
    by_reference: dict[str, list[int]] = {}
    for pk, reference in Household.objects.filter(
        reference__in=wanted, fostering_service_id__in=own
    ).values_list("pk", "reference") | Household.objects.filter(reference__in=wanted, pk__in=carer_households).values_list(
        "pk", "reference"
    ):
        by_reference.setdefault(reference, []).append(pk)
    changes, problems = [], []
    for position, item in enumerate(items, start=1):
        plain_text(item.unavailable_reason, f"Item {position}'s unavailable_reason")
        if item.household_id is not None:
            household_id, label = item.household_id, f"household {item.household_id}"
        elif item.reference and item.reference.strip():
            plain_text(item.reference, f"Item {position}'s reference")
            label = f"reference {item.reference.strip()}"
            found = by_reference.get(item.reference.strip(), [])
            if len(found) != 1:
                problems.append(
                    f"Item {position} ({label}): "
                    + ("none of your households has this reference." if not found else
                       "more than one of your services' households has this reference; give the household_id.")
                )  # fmt: skip
                continue
            household_id = found[0]
        else:
            problems.append(f"Item {position}: give the household_id or your reference for the household.")
            continue
        changes.append(
            services.AvailabilityChange(
                household_id=household_id, confirm_only=item.action == "confirm", available_from=item.available_from,
                available_until=item.available_until, temporarily_unavailable=item.temporarily_unavailable,
                unavailable_reason=item.unavailable_reason, label=label, position=position,
            )  # fmt: skip
        )
    return changes, problems


@router.post(
    "/availability/bulk",
    response={200: AvailabilityBulkOut, **WRITE_ERRORS},
    summary="Confirm or change the availability of many households in one call (all or nothing)",
    description=(
        f"Up to {MAX_BULK} items, each naming a household by id or by your service's reference. Every item is "
        "checked first with the same rules as one at a time; if any item is refused (an unknown household, "
        "another service's household, a broken rule) the answer is 400 naming each refused item by its position, "
        "and nothing is saved. " + CONFLICT_RESPONSE
    ),
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def bulk_availability(request, body: AvailabilityBulkIn):
    changes, problems = _resolve_items(request, body.items)
    now = timezone.now()
    try:
        services.bulk_update_availability(request.user, changes, now=now, problems=problems)
    except services.BulkAvailabilityError as exc:
        raise HttpError(400, _bulk_sentence(exc.messages))
    ids = [c.household_id for c in changes]
    audit.record_many(request, "update", "register.household", ids, detail="availability confirmed or changed (API bulk)")
    references = dict(Household.objects.filter(pk__in=ids).values_list("pk", "reference"))
    return {
        "count": len(changes),
        "confirmed_at": now,
        "results": [{"household_id": i, "reference": references[i], "freshness": "fresh"} for i in ids],
    }


def _bulk_sentence(problems: list[str]) -> str:
    shown = problems[:20]
    more = f" …and {len(problems) - len(shown)} more." if len(problems) > len(shown) else ""
    n = len(problems)
    return f"Nothing was saved: {n} item{'s' if n != 1 else ''} refused. " + " ".join(shown) + more

