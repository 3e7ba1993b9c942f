"""Front-door rules: who recruits near an enquirer, sending an enquiry, moving it through
the stages, and turning an approved enquiry into a register household without retyping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fostering.core.codes import PlacementType
from fostering.geography.services import Location, distance_between_points_km, geocode, postcode_district
from fostering.notifications import events as notification_events
from fostering.organisations.models import FosteringService
from fostering.register.models import (
    Approval,
    Capability,
    Carer,
    CarerPreferences,
    Household,
    HouseholdStatus,
    HouseholdStatusChange,
)

from .models import CLOSED_STAGES, PIPELINE, DropOutReason, Enquiry, ServiceEnquiry, ServiceProfile, Stage, StageChange


@dataclass
class ServiceOffer:
    """A fostering service as an enquirer sees it: who, how far, what it offers."""

    service: FosteringService
    distance_km: float | None
    is_council: bool
    description: str = ""
    placement_types: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.service.id

    @property
    def placement_type_labels(self) -> list[str]:
        labels = dict(PlacementType.choices)
        return [labels[c] for c in self.placement_types if c in labels]


def placement_types_offered(service_ids: list[int]) -> dict[int, list[str]]:
    """What each service approves households for now: the union of its active households'
    current approvals, in PlacementType order."""
    found: dict[int, set[str]] = {i: set() for i in service_ids}
    rows = Approval.objects.filter(
        fostering_service_id__in=service_ids, ended_on__isnull=True, household__status=HouseholdStatus.ACTIVE
    ).values_list("fostering_service_id", "placement_types")
    for service_id, types in rows:
        found[service_id].update(types or [])
    order = [pt.value for pt in PlacementType]
    return {i: [t for t in order if t in kinds] for i, kinds in found.items()}


def services_near(location: Location) -> list[ServiceOffer]:
    """The enquirer's own council's service first, then IFAs whose office is within the
    distance they recruit from, nearest first."""
    offers: list[ServiceOffer] = []
    if location.local_authority_code:
        for s in FosteringService.objects.filter(
            kind=FosteringService.Kind.LOCAL_AUTHORITY, local_authority_id=location.local_authority_code
        ):
            offers.append(ServiceOffer(s, _distance(s, location), is_council=True))
    ifas = []
    for s in FosteringService.objects.filter(
        kind=FosteringService.Kind.IFA, office_easting__isnull=False, office_northing__isnull=False
    ):
        d = _distance(s, location)
        if d is not None and d <= s.recruits_within_km:
            ifas.append(ServiceOffer(s, d, is_council=False))
    offers += sorted(ifas, key=lambda o: (o.distance_km, o.service.name))
    ids = [o.id for o in offers]
    descriptions = dict(ServiceProfile.objects.filter(fostering_service_id__in=ids).values_list(
        "fostering_service_id", "description"))  # fmt: skip
    types = placement_types_offered(ids)
    for o in offers:
        o.description = descriptions.get(o.id, "")
        o.placement_types = types.get(o.id, [])
    return offers


def _distance(service: FosteringService, location: Location) -> float | None:
    if service.office_easting is None or service.office_northing is None:
        return None
    return round(
        distance_between_points_km(
            service.office_easting, service.office_northing, location.easting, location.northing
        ),
        1,
    )


ANSWER_FIELDS = (
    "first_name", "last_name", "email", "phone", "postcode", "adults", "children_at_home", "spare_bedrooms",
    "interests", "contact_times", "source", "consent_to_share",
)  # fmt: skip


@transaction.atomic
def submit_enquiry(
    answers: dict, service_ids: list[int], let_council_decide: bool, now: dt.datetime | None = None
) -> Enquiry:
    """Save an enquiry and put it in the queue of every service the enquirer chose.

    "Let my council decide" sends it to the council's own service, which may pass it on.
    Only services that recruit near the enquirer may be chosen.
    """
    missing = [f for f in ANSWER_FIELDS if f not in answers]
    if missing:
        raise ValidationError(f"The enquiry is missing answers: {', '.join(missing)}.")
    if not answers["consent_to_share"]:
        raise ValidationError("The enquirer has not agreed to share their answers.")
    now = now or timezone.now()
    location = geocode(answers["postcode"])
    offers = services_near(location)
    allowed = {o.id for o in offers}
    chosen = [i for i in dict.fromkeys(service_ids) if i in allowed]
    if len(chosen) != len(set(service_ids)):
        raise ValidationError("Choose fostering services from the list of services near you.")
    if let_council_decide:
        chosen += [o.id for o in offers if o.is_council and o.id not in chosen]
    if not chosen:
        raise ValidationError("Choose at least one fostering service, or let your council decide.")
    enquiry = Enquiry.objects.create(
        **{f: answers[f] for f in ANSWER_FIELDS if f != "postcode"},
        postcode=location.postcode, postcode_district=postcode_district(location.postcode),
        easting=location.easting, northing=location.northing, local_authority_id=location.local_authority_code,
        let_council_decide=let_council_decide, created_at=now,
    )  # fmt: skip
    for service_id in chosen:
        se = ServiceEnquiry.objects.create(enquiry=enquiry, fostering_service_id=service_id, stage_changed_at=now)
        StageChange.objects.create(service_enquiry=se, from_stage="", to_stage=Stage.ENQUIRY, changed_at=now)
    notification_events.enquiry_received(enquiry, now=now)
    return enquiry


def _check_may_work(user, se: ServiceEnquiry) -> None:
    from fostering.accounts.scoping import fostering_service_ids

    if se.fostering_service_id not in fostering_service_ids(user):
        raise PermissionDenied("This enquiry belongs to another fostering service.")


@transaction.atomic
def move_stage(
    se: ServiceEnquiry,
    to_stage: str,
    user,
    reason: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> ServiceEnquiry:
    """Move a service's enquiry forward (any later stage before approval), or close it as
    withdrawn/declined with a reason. Approval goes through ``approve`` so the household
    is created in the same step."""
    _check_may_work(user, se)
    se = ServiceEnquiry.objects.select_for_update().get(pk=se.pk)
    at = at or timezone.now()
    if se.stage in CLOSED_STAGES:
        raise ValidationError(f"This enquiry is already {se.get_stage_display().lower()}.")
    if to_stage == Stage.APPROVED:
        raise ValidationError("Record approval with the approval form, so the household is added to the register.")
    if to_stage in (Stage.WITHDRAWN, Stage.DECLINED):
        if reason not in DropOutReason.values:
            raise ValidationError("Give the reason the enquiry was withdrawn or declined, from the list of reasons.")
        se.drop_out_reason, se.drop_out_detail = reason, note[:300]
    elif to_stage not in PIPELINE or PIPELINE.index(to_stage) <= PIPELINE.index(se.stage):
        raise ValidationError("An enquiry can only move forward to a later stage.")
    _record(se, to_stage, user, at, note)
    return se


def _record(se: ServiceEnquiry, to_stage: str, user, at: dt.datetime, note: str = "") -> None:
    StageChange.objects.create(
        service_enquiry=se, from_stage=se.stage, to_stage=to_stage, changed_at=at, changed_by=user, note=note[:300]
    )
    if se.first_contact_at is None and se.stage == Stage.ENQUIRY and to_stage in PIPELINE:
        se.first_contact_at = at
    se.stage, se.stage_changed_at = to_stage, at
    se.save()


@transaction.atomic
def approve(se: ServiceEnquiry, user, terms: dict, at: dt.datetime | None = None) -> Household:
    """Panel has recommended and the service has approved: the enquirer becomes a
    register household (with carer(s), approval, a starting capability record and
    preferences), taking names, postcode and location from the enquiry."""
    _check_may_work(user, se)
    se = ServiceEnquiry.objects.select_for_update().select_related("enquiry").get(pk=se.pk)
    if se.stage != Stage.PANEL:
        raise ValidationError("An enquiry can be approved only after panel.")
    return household_from_enquiry(se, terms, user, at or timezone.now())


def household_from_enquiry(se: ServiceEnquiry, terms: dict, user, at: dt.datetime) -> Household:
    """Create the register household for an approved enquiry (no permission check: callers
    check; the demo generator calls it directly)."""
    service_id = se.fostering_service_id
    if Household.objects.filter(fostering_service_id=service_id, reference=terms["reference"]).exists():
        raise ValidationError(f"Your service already has a household with the reference {terms['reference']}.")
    e = se.enquiry
    household = Household.objects.create(
        fostering_service_id=service_id, reference=terms["reference"], address_line_1=terms["address_line_1"],
        town=terms.get("town", ""), postcode=e.postcode, postcode_district=e.postcode_district, easting=e.easting,
        northing=e.northing, local_authority_id=e.local_authority_id, bedrooms=terms["bedrooms"],
        beds_for_fostering=terms["max_children"], status=HouseholdStatus.ACTIVE, status_since=terms["approved_on"],
        other_children_ages=[],
    )  # fmt: skip
    HouseholdStatusChange.objects.create(
        household=household, status=HouseholdStatus.ACTIVE, changed_on=terms["approved_on"],
        reason=f"Approved from enquiry {e.reference}", recorded_by=user,
    )  # fmt: skip
    Carer.objects.create(
        household=household, first_name=e.first_name, last_name=e.last_name,
        date_of_birth=terms["carer_date_of_birth"], gender=terms["carer_gender"],
        ethnicity=terms["carer_ethnicity"], fostering_since=terms["approved_on"],
    )  # fmt: skip
    if terms.get("second_carer_first_name"):
        Carer.objects.create(
            household=household, first_name=terms["second_carer_first_name"],
            last_name=terms["second_carer_last_name"], date_of_birth=terms["second_carer_date_of_birth"],
            gender=terms["second_carer_gender"], ethnicity=terms["carer_ethnicity"],
            fostering_since=terms["approved_on"],
        )  # fmt: skip
    approved_on: dt.date = terms["approved_on"]
    Approval.objects.create(
        household=household, fostering_service_id=service_id, approved_on=approved_on,
        panel_date=terms["panel_date"], max_children=terms["max_children"], age_min=terms["age_min"],
        age_max=terms["age_max"], placement_types=list(terms["placement_types"]),
        review_due=approved_on + dt.timedelta(days=365),
    )  # fmt: skip
    Capability.objects.create(household=household, source=Capability.Source.SERVICE, assessed_on=approved_on)
    CarerPreferences.objects.create(
        household=household, preferred_age_min=terms["age_min"], preferred_age_max=min(terms["age_max"], 18)
    )
    se.household = household
    _record(se, Stage.APPROVED, user, at, f"Household {household.reference} added to the register")
    return household
