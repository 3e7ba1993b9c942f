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

from django.core.paginator import Paginator
from ninja import Field, Router, Schema

from fostering.accounts.scoping import fostering_service_ids

from .models import Household
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
