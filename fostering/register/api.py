"""Households API: the register with the same scoping as the pages.

``GET /api/households`` lists every household the caller may see: their own service's
(and, for a carer, their own household) in the **full** shape, every other active
household in the **public** shape. Each item says which in its ``shape`` field.
The public shape never carries names, dates of birth, addresses beyond the postcode
district, references, reasons for unavailability or the ages of other children.
Analysts (aggregates only) get 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from fostering.accounts import audit
from fostering.accounts.scoping import fostering_service_ids
from fostering.core.api_forms import form_data, refused, validated
from fostering.core.idempotency import IDEMPOTENCY_OPENAPI, idempotent
from fostering.organisations.models import FosteringService

from . import services
from .forms import CarerForm, HouseholdForm, NewHouseholdForm
from .models import Carer, Household
from .selectors import carer_household_ids, get_household, visible_households, with_display_data
from .serialisers import household_shape

router = Router(tags=["Households"])


class ErrorOut(Schema):
    detail: str


class ServiceOut(Schema):
    id: int
    name: str
    kind: str = Field(description="la (local authority service) or ifa")
    ofsted_urn: str


class AuthorityOut(Schema):
    code: str = Field(description="ONS code of the upper-tier local authority")
    name: str


class ApprovalTermsOut(Schema):
    max_children: int
    age_min: int
    age_max: int
    placement_types: list[str]


class PlacesOut(Schema):
    approved: int = Field(description="Places under the current approval, capped by the bedrooms for fostering")
    filled: int = Field(description="Children placed today")
    held: int = Field(description="Places reserved by active holds")
    free: int = Field(description="approved − filled − held, never negative")
    offerable: int = Field(description="Free places that can be held today (active household, declared available)")


class AvailabilityOut(Schema):
    available_from: dt.date | None
    available_until: dt.date | None
    temporarily_unavailable: bool
    last_confirmed_at: dt.datetime | None
    last_confirmed: str = Field(description="In words, e.g. 'Confirmed 3 days ago'")
    freshness: Literal["fresh", "amber", "red"] = Field(description="amber after 7 days, red after 14 or never")


class AvailabilityFullOut(AvailabilityOut):
    unavailable_reason: str
    last_confirmed_by: str | None


class HouseholdPublicOut(Schema):
    shape: Literal["public"] = Field(description="public: capability and availability only")
    id: int
    fostering_service: ServiceOut
    postcode_district: str
    local_authority: AuthorityOut
    distance_km: float | None = Field(description="From the searched postcode, when there was one")
    status: str
    approval: ApprovalTermsOut | None
    capability: dict[str, int] = Field(description="Per need domain, 0–3; the service's assessment governs")
    capability_source: Literal["service", "carers", "none"]
    languages: list[str]
    religions: list[str]
    years_fostering: int
    wheelchair_accessible: bool
    has_pets: bool
    smokers: bool
    other_children_count: int
    max_sibling_group: int | None
    places: PlacesOut
    availability: AvailabilityOut


class AddressOut(Schema):
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str


class CarerOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    gender: str
    ethnicity: str = Field(description="SSDA903 ETHNIC code")
    religion: str
    languages: list[str]
    fostering_since: dt.date
    years_fostering: int


class ConflictOut(Schema):
    domain: str
    label: str
    service_level: int
    carers_level: int


class PreferencesOut(Schema):
    preferred_age_min: int
    preferred_age_max: int
    max_sibling_group: int
    notes: str


class ApprovalOut(ApprovalTermsOut):
    approved_on: dt.date
    panel_date: dt.date
    fostering_service: str
    review_due: dt.date
    ended_on: dt.date | None
    end_reason: str


class TrainingOut(Schema):
    course: str
    label: str
    completed_on: dt.date
    expires_on: dt.date | None


class StatusChangeOut(Schema):
    status: str
    changed_on: dt.date
    reason: str


class TransferOut(Schema):
    from_service: str
    to_service: str
    transferred_on: dt.date
    reason: str


class HouseholdFullOut(HouseholdPublicOut):
    shape: Literal["full"] = Field(description="full: your own service's household (or your own, for a carer)")
    reference: str
    address: AddressOut
    status_since: dt.date
    status_reason: str
    bedrooms: int
    beds_for_fostering: int
    other_children_ages: list[int]
    pets_description: str
    carers: list[CarerOut]
    capability_service: dict[str, int] | None
    capability_carers: dict[str, int] | None
    capability_conflicts: list[ConflictOut] = Field(
        description="Domains where the carers' view differs; the service's governs"
    )
    availability: AvailabilityFullOut
    preferences: PreferencesOut | None = Field(None, description="The carers' own wishes; the terms of approval govern")
    approvals: list[ApprovalOut] | None = Field(None, description="History, newest first (single household only)")
    training: list[TrainingOut] | None = None
    status_history: list[StatusChangeOut] | None = None
    transfers: list[TransferOut] | None = None


HouseholdOut = Annotated[HouseholdFullOut | HouseholdPublicOut, Field(discriminator="shape")]


class HouseholdPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[HouseholdOut]


@router.get(
    "/households",
    response={200: HouseholdPage, 403: ErrorOut},
    summary="Households you may see: your own in full, others' public fields only",
    description=__doc__,
)
def list_households(request, page: int = 1, page_size: int = 50, mine: bool = False):
    page_size = max(1, min(page_size, 200))
    qs = visible_households(request.user)
    own = fostering_service_ids(request.user)
    if mine:
        qs = qs.filter(fostering_service_id__in=own) | qs.filter(pk__in=carer_household_ids(request.user))
    paginator = Paginator(with_display_data(qs.order_by("pk")), page_size)
    current = paginator.get_page(page)
    carer_ids = carer_household_ids(request.user)
    results = [household_shape(h, h.fostering_service_id in own or h.pk in carer_ids) for h in current.object_list]
    return {"count": paginator.count, "page": current.number, "page_size": page_size, "results": results}


@router.get(
    "/households/{household_id}",
    response={200: HouseholdOut, 403: ErrorOut, 404: ErrorOut},
    summary="One household: full with its history for your own service, public fields otherwise",
)
def get_one_household(request, household_id: int):
    household, full = get_household(request.user, household_id)
    h = with_display_data(Household.objects.filter(pk=household.pk)).get()
    from fostering.accounts import audit

    audit.record(request, "read", household, detail="full record" if full else "public fields")
    if full:
        return household_shape(h, True, history=True)
    return household_shape(h, False)


# ------------------------------------------------------------------ writes for case systems
# A fostering service's own households and carers, validated by the same forms as the pages
# (register.forms) and changed by the same services (register.services); every change audited.




class CarerIn(Schema):
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    date_of_birth: dt.date
    gender: str = Field(description="female, male, non_binary, other or not_known")
    ethnicity: str = Field(description="SSDA903 ETHNIC code, e.g. WBRI")
    religion: str = "not_known"
    languages: list[str] = Field(default_factory=lambda: ["en"], description="Language codes, e.g. en, pl")
    fostering_since: dt.date = Field(description="Date first approved to foster")


class CarerPatchIn(Schema):
    client_reference: str | None = Field(None, max_length=255)
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    date_of_birth: dt.date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    languages: list[str] | None = None
    fostering_since: dt.date | None = None


class CarerCreateIn(CarerIn):
    client_reference: str | None = Field(None, max_length=255, description="Your own reference; a repeat replays")


class ApprovalIn(Schema):
    approved_on: dt.date
    panel_date: dt.date
    max_children: int = Field(description="Most children at once, 1 to 6")
    age_min: int = 0
    age_max: int = 18
    placement_types: list[str] = Field(description="e.g. short_term, long_term, emergency")
    review_due: dt.date


class HouseholdFieldsIn(Schema):
    reference: str = Field(max_length=40, description="Your service's reference for the household")
    address_line_1: str = Field(max_length=200)
    address_line_2: str = Field("", max_length=200)
    town: str = Field("", max_length=100)
    postcode: str = Field(max_length=10)
    bedrooms: int
    beds_for_fostering: int
    wheelchair_accessible: bool = False
    other_children_ages: list[int] = Field(default_factory=list)
    has_pets: bool = False
    pets_description: str = Field("", max_length=200)
    smokers: bool = False


class HouseholdCreateIn(HouseholdFieldsIn):
    client_reference: str | None = Field(None, max_length=255, description="Your own reference; a repeat replays")
    fostering_service_id: int | None = Field(None, description="Which of your services (needed if you run several)")
    carer: CarerIn
    approval: ApprovalIn


class HouseholdPatchIn(Schema):
    client_reference: str | None = Field(None, max_length=255)
    reference: str | None = Field(None, max_length=40)
    address_line_1: str | None = Field(None, max_length=200)
    address_line_2: str | None = Field(None, max_length=200)
    town: str | None = Field(None, max_length=100)
    postcode: str | None = Field(None, max_length=10)
    bedrooms: int | None = None
    beds_for_fostering: int | None = None
    wheelchair_accessible: bool | None = None
    other_children_ages: list[int] | None = None
    has_pets: bool | None = None
    pets_description: str | None = Field(None, max_length=200)
    smokers: bool | None = None


WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _ages(values: list[int]) -> str:
    return ";".join(str(a) for a in values)


def _full(household: Household) -> dict:
    return household_shape(with_display_data(Household.objects.filter(pk=household.pk)).get(), True)


def _carer_out(carer: Carer) -> dict:
    return {
        "id": carer.pk, "first_name": carer.first_name, "last_name": carer.last_name,
        "date_of_birth": carer.date_of_birth, "gender": carer.gender, "ethnicity": carer.ethnicity,
        "religion": carer.religion, "languages": list(carer.languages or []), "fostering_since": carer.fostering_since,
        "years_fostering": carer.years_fostering(timezone.localdate()),
    }  # fmt: skip


def _own_household(request, household_id: int) -> Household:
    try:
        household, _ = get_household(request.user, household_id, full_required=True)
    except Household.DoesNotExist as exc:
        raise Http404(f"There is no household {household_id} on the register.") from exc
    except PermissionDenied as exc:
        raise PermissionDenied(
            f"Household {household_id} belongs to another fostering service; only its own service can change it."
        ) from exc
    return household


def _service_for(request, service_id: int | None) -> FosteringService:
    own = list(FosteringService.objects.filter(pk__in=fostering_service_ids(request.user)).order_by("pk"))
    if not own:
        raise PermissionDenied("Your organisation runs no fostering service, so it cannot add households.")
    if service_id is None:
        if len(own) > 1:
            raise HttpError(400, "Your organisation runs several fostering services: give fostering_service_id.")
        return own[0]
    found = next((s for s in own if s.pk == service_id), None)
    if found is None:
        raise PermissionDenied(f"Fostering service {service_id} is not one of your organisation's services.")
    return found



@router.post(
    "/households",
    response={201: HouseholdFullOut, **WRITE_ERRORS},
    summary="Add a household with its first carer and approval (your own service's)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def create_household(request, body: HouseholdCreateIn):
    service = _service_for(request, body.fostering_service_id)
    household_fields = body.dict(include=set(HouseholdForm.base_fields))
    household_fields["other_children_ages"] = _ages(body.other_children_ages)
    data = form_data({
        **household_fields,
        **{f"carer_{k}": v for k, v in body.carer.dict().items()},
        **body.approval.dict(),
    })  # fmt: skip
    form = validated(NewHouseholdForm(data))
    try:
        household = services.create_household(
            request.user, service, household=form.household_data(), carers=[form.carer_data()],
            approval=form.approval_data(),
        )  # fmt: skip
    except ValidationError as exc:
        raise refused(exc)
    audit.record(request, "create", household, detail="household and first carer added (API)")
    return Status(201, _full(household))


@router.patch(
    "/households/{household_id}",
    response={200: HouseholdFullOut, **WRITE_ERRORS},
    summary="Change a household's details (your own service's); fields left out stay as they are",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def update_household(request, household_id: int, body: HouseholdPatchIn):
    household = _own_household(request, household_id)
    current = {name: getattr(household, name) for name in HouseholdForm.base_fields}
    changes = body.dict(exclude_unset=True, exclude={"client_reference"})
    merged = {**current, **{k: v for k, v in changes.items() if v is not None}}
    merged["other_children_ages"] = _ages(merged["other_children_ages"] or [])
    form = validated(HouseholdForm(form_data(merged)), f"Household {household_id}: ")
    try:
        services.update_household(request.user, household, form.household_data())
    except ValidationError as exc:
        raise refused(exc, f"Household {household_id}: ")
    audit.record(request, "update", household, detail="household details (API)")
    return _full(household)


@router.post(
    "/households/{household_id}/carers",
    response={201: CarerOut, **WRITE_ERRORS},
    summary="Add a second carer to one of your service's households",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def add_carer(request, household_id: int, body: CarerCreateIn):
    household = _own_household(request, household_id)
    form = validated(CarerForm(form_data(body.dict(exclude={"client_reference"}))), f"Household {household_id}: ")
    try:
        carer = services.add_carer(request.user, household, form.carer_data())
    except ValidationError as exc:
        raise refused(exc, f"Household {household_id}: ")
    audit.record(request, "create", carer, detail=f"carer added to household {household.pk} (API)")
    return Status(201, _carer_out(carer))


@router.patch(
    "/households/{household_id}/carers/{carer_id}",
    response={200: CarerOut, **WRITE_ERRORS},
    summary="Correct or update a carer's details (your own service's households)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def update_carer(request, household_id: int, carer_id: int, body: CarerPatchIn):
    household = _own_household(request, household_id)
    carer = Carer.objects.filter(household=household, pk=carer_id).first()
    if carer is None:
        raise Http404(f"Household {household_id} has no carer {carer_id}.")
    current = {name: getattr(carer, name) for name in services.CARER_FIELDS}
    changes = {k: v for k, v in body.dict(exclude_unset=True, exclude={"client_reference"}).items() if v is not None}
    form = validated(CarerForm(form_data({**current, **changes})), f"Carer {carer_id}: ")
    try:
        services.update_carer(request.user, carer, form.carer_data())
    except ValidationError as exc:
        raise refused(exc, f"Carer {carer_id}: ")
    audit.record(request, "update", carer, detail=f"carer details of household {household.pk} (API)")
    return _carer_out(carer)
