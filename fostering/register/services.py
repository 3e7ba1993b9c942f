"""Changing the register: households, status, approvals, training, capability, transfers.

Every function takes the user making the change and checks, through accounts.scoping,
that it is the household's own fostering team; ``user=None`` is reserved for management
commands run by the operator (e.g. ``import_households``), which name the service
explicitly. History is never overwritten: a status change adds a row, a new approval ends
the previous one, a transfer ends the old service's approval and records both services.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fostering.accounts.scoping import fostering_service_ids
from fostering.core.dates import years_before
from fostering.geography.services import PostcodeError, geocode
from fostering.organisations.models import FosteringService

from .models import (
    Approval,
    Capability,
    Carer,
    CarerPreferences,
    Household,
    HouseholdStatus,
    HouseholdStatusChange,
    Training,
    Transfer,
)
from .rules import MAX_CARERS


def require_team(user, service_id: int) -> None:
    """Only the service's own fostering team may change its households."""
    if user is None:
        return
    if service_id not in fostering_service_ids(user):
        raise PermissionDenied("Only the household's own fostering service can change it.")


def geocoded(postcode: str) -> dict:
    """The location fields of a household from its postcode; ValidationError on ``postcode``."""
    try:
        location = geocode(postcode)
    except PostcodeError as exc:
        raise ValidationError({"postcode": str(exc)})
    if location.local_authority_code is None:
        raise ValidationError({"postcode": f"We do not know which council covers {location.postcode}."})
    return {
        "postcode": location.postcode,
        "postcode_district": location.district,
        "easting": location.easting,
        "northing": location.northing,
        "local_authority_id": location.local_authority_code,
    }


def _full_clean(obj, exclude=None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)


@transaction.atomic
def create_household(
    user,
    service: FosteringService,
    *,
    household: dict,
    carers: list[dict] = (),
    approval: dict | None = None,
    capability: dict | None = None,
    carers_capability: dict | None = None,
    preferences: dict | None = None,
) -> Household:
    """Add a household with its carers, approval and capability; the postcode sets where it
    is and which authority it is in."""
    require_team(user, service.pk)
    data = {k: v for k, v in household.items() if k not in {"postcode_district", "easting", "northing"}}
    data.update(geocoded(household.get("postcode", "")))
    h = Household(fostering_service=service, **data)
    h.status_since = h.status_since or timezone.localdate()
    _full_clean(h)
    h.save()
    HouseholdStatusChange.objects.create(
        household=h, status=h.status, changed_on=h.status_since, reason=h.status_reason or "Added to the register",
        recorded_by=user,
    )  # fmt: skip
    if len(carers) > MAX_CARERS:
        raise ValidationError(f"A household has one or two carers, not {len(carers)}.")
    for c in carers:
        carer = Carer(household=h, **c)
        _full_clean(carer)
        carer.save()
    if approval:
        record_approval(user, h, **approval)
    if capability:
        set_capability(user, h, Capability.Source.SERVICE, capability)
    if carers_capability:
        set_capability(user, h, Capability.Source.CARERS, carers_capability)
    prefs = CarerPreferences(household=h, **(preferences or {}))
    _full_clean(prefs)
    prefs.save()
    return h


HOUSEHOLD_EDITABLE = {
    "reference", "address_line_1", "address_line_2", "town", "postcode", "bedrooms", "beds_for_fostering",
    "wheelchair_accessible", "other_children_ages", "has_pets", "pets_description", "smokers",
}  # fmt: skip


@transaction.atomic
def update_household(user, household: Household, changes: dict) -> Household:
    """Edit the household's own details (status, approval and service have their own steps)."""
    require_team(user, household.fostering_service_id)
    unknown = set(changes) - HOUSEHOLD_EDITABLE
    if unknown:
        raise ValidationError(f"These cannot be edited here: {', '.join(sorted(unknown))}.")
    for field, value in changes.items():
        setattr(household, field, value)
    if "postcode" in changes:
        for field, value in geocoded(changes["postcode"]).items():
            setattr(household, field, value)
    _full_clean(household)
    household.save()
    return household


@transaction.atomic
def change_status(
    user, household: Household, status: str, *, changed_on: dt.date | None = None, reason: str = ""
) -> HouseholdStatusChange:
    """Active, on hold, under investigation, resigned or deregistered — with a date and reason, kept as history."""
    require_team(user, household.fostering_service_id)
    if status not in HouseholdStatus.values:
        raise ValidationError({"status": "Choose a status from the list."})
    if status != HouseholdStatus.ACTIVE and not reason.strip():
        raise ValidationError({"reason": "Say why the household's status is changing."})
    changed_on = changed_on or timezone.localdate()
    household.status, household.status_since, household.status_reason = status, changed_on, reason.strip()[:300]
    household.save(update_fields=["status", "status_since", "status_reason", "updated_at"])
    return HouseholdStatusChange.objects.create(
        household=household, status=status, changed_on=changed_on, reason=reason.strip()[:300], recorded_by=user
    )


@transaction.atomic
def record_approval(
    user,
    household: Household,
    *,
    approved_on: dt.date,
    panel_date: dt.date,
    max_children: int,
    age_min: int,
    age_max: int,
    placement_types: list[str],
    review_due: dt.date,
    fostering_service: FosteringService | None = None,
) -> Approval:
    """A new approval ends the current one (kept as history) instead of overwriting it."""
    require_team(user, household.fostering_service_id)
    from fostering.core.codes import PlacementType

    bad = [t for t in placement_types if t not in PlacementType.values]
    if bad or not placement_types:
        raise ValidationError({"placement_types": "Choose at least one placement type from the list."})
    if age_min > age_max:
        raise ValidationError({"age_max": "The oldest age must be the same as or above the youngest."})
    if panel_date > approved_on:
        raise ValidationError({"panel_date": "The panel date must be on or before the approval date."})
    current = Approval.objects.select_for_update().filter(household=household, ended_on__isnull=True).first()
    if current is not None:
        if approved_on < current.approved_on:
            raise ValidationError({"approved_on": "A new approval cannot be dated before the current one."})
        current.ended_on = approved_on
        current.end_reason = f"Replaced by the approval of {approved_on:%d/%m/%Y}"
        current.save(update_fields=["ended_on", "end_reason"])
    approval = Approval(
        household=household, fostering_service=fostering_service or household.fostering_service,
        approved_on=approved_on, panel_date=panel_date, max_children=max_children, age_min=age_min,
        age_max=age_max, placement_types=list(placement_types), review_due=review_due,
    )  # fmt: skip
    _full_clean(approval)
    approval.save()
    return approval


def add_training(
    user, household: Household, *, course: str, completed_on: dt.date, carer: Carer | None = None, expires_on=None
) -> Training:
    require_team(user, household.fostering_service_id)
    training = Training(
        household=household, carer=carer, course=course, completed_on=completed_on, expires_on=expires_on
    )
    _full_clean(training)
    training.save()
    return training


def set_capability(
    user, household: Household, source: str, levels: dict[str, int], *, assessed_on=None, notes: str = ""
) -> Capability:
    """The service's assessment or the carers' own view of what they can meet, per domain."""
    require_team(user, household.fostering_service_id)
    from fostering.core.needs import DOMAIN_CODES

    unknown = set(levels) - set(DOMAIN_CODES)
    if unknown:
        raise ValidationError(f"Unknown need domains: {', '.join(sorted(unknown))}.")
    capability, _ = Capability.objects.get_or_create(household=household, source=source)
    for code, level in levels.items():
        setattr(capability, code, int(level))
    capability.assessed_on = assessed_on or timezone.localdate()
    capability.notes = notes
    _full_clean(capability)
    capability.save()
    return capability


@transaction.atomic
def transfer_household(
    user,
    household: Household,
    to_service: FosteringService,
    *,
    transferred_on: dt.date | None = None,
    reason: str = "",
    new_reference: str | None = None,
) -> Transfer:
    """Move a household to another fostering service. It keeps its carers, training,
    capability and placement history; the old service's approval ends and the new service
    takes it over on the same terms; the transfer is recorded with both services."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    require_team(user, household.fostering_service_id)
    from_service = household.fostering_service
    if to_service.pk == from_service.pk:
        raise ValidationError({"to_service": "Choose a different fostering service."})
    reference = (new_reference or household.reference).strip()
    if Household.objects.filter(fostering_service=to_service, reference=reference).exists():
        raise ValidationError(
            {"new_reference": f"{to_service.name} already has a household {reference}; give a new reference."}
        )
    transferred_on = transferred_on or timezone.localdate()
    transfer = Transfer.objects.create(
        household=household, from_service=from_service, to_service=to_service, transferred_on=transferred_on,
        reason=reason.strip()[:300], recorded_by=user,
    )  # fmt: skip
    current = Approval.objects.filter(household=household, ended_on__isnull=True).first()
    if current is not None:
        current.ended_on = transferred_on
        current.end_reason = f"Transferred to {to_service.name}"[:200]
        current.save(update_fields=["ended_on", "end_reason"])
        Approval.objects.create(
            household=household, fostering_service=to_service, approved_on=transferred_on,
            panel_date=transferred_on,
            max_children=current.max_children, age_min=current.age_min, age_max=current.age_max,
            placement_types=current.placement_types, review_due=current.review_due,
        )  # fmt: skip
    household.fostering_service = to_service
    household.reference = reference
    household.save(update_fields=["fostering_service", "reference", "updated_at"])
    HouseholdStatusChange.objects.create(
        household=household, status=household.status, changed_on=transferred_on,
        reason=f"Transferred from {from_service.name} to {to_service.name}"[:300], recorded_by=user,
    )  # fmt: skip
    return transfer


def may_edit_preferences(user, household: Household) -> bool:
    """The household's own fostering team, or one of its carers (their own wishes)."""
    from .selectors import carer_household_ids

    if user is None:
        return True
    return household.fostering_service_id in fostering_service_ids(user) or household.pk in carer_household_ids(user)


PREFERENCE_FIELDS = ("preferred_age_min", "preferred_age_max", "max_sibling_group", "notes")


@transaction.atomic
def update_preferences(user, household: Household, changes: dict) -> CarerPreferences:
    """The carers' own wishes (ages, sibling group, notes). The approval's terms still govern
    matching; these tell the service and the carers' conversations what the carers would like."""
    if not may_edit_preferences(user, household):
        raise PermissionDenied("Only the household's carers or its own fostering service can change its preferences.")
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    prefs, _ = CarerPreferences.objects.select_for_update().get_or_create(household=household)
    for field, value in changes.items():
        setattr(prefs, field, value.strip() if isinstance(value, str) else value)
    if prefs.preferred_age_min > prefs.preferred_age_max:
        raise ValidationError({"preferred_age_max": "The oldest age must be the same as or above the youngest age."})
    if not 1 <= prefs.max_sibling_group <= 6:
        raise ValidationError({"max_sibling_group": "A sibling group is between 1 and 6 children."})
    _full_clean(prefs)
    prefs.save()
    return prefs


CARER_FIELDS = ("first_name", "last_name", "date_of_birth", "gender", "ethnicity", "religion", "languages",
                "fostering_since")  # fmt: skip


def _check_carer(carer: Carer) -> None:
    today = timezone.localdate()
    if carer.date_of_birth and carer.age_on(today) < 18:
        raise ValidationError({"date_of_birth": "A carer must be 18 or over: check the date of birth."})
    if carer.date_of_birth and carer.date_of_birth < years_before(today, 110):
        raise ValidationError({"date_of_birth": "Check the date of birth: it is more than 110 years ago."})
    if carer.fostering_since and carer.fostering_since > today:
        raise ValidationError({"fostering_since": "The date first approved to foster cannot be in the future."})
    if carer.fostering_since and carer.date_of_birth and carer.fostering_since < carer.date_of_birth:
        raise ValidationError({"fostering_since": "The date first approved to foster must be after the date of birth."})
    from fostering.core.codes import LANGUAGES

    if not carer.languages:
        raise ValidationError({"languages": "Choose at least one language."})
    if any(code not in LANGUAGES for code in carer.languages):
        raise ValidationError({"languages": "Choose languages from the list."})


@transaction.atomic
def add_carer(user, household: Household, data: dict) -> Carer:
    """A second carer joins the household (a household has one or two carers)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    require_team(user, household.fostering_service_id)
    unknown = set(data) - set(CARER_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be set here: {', '.join(sorted(unknown))}.")
    if household.carers.count() >= MAX_CARERS:
        raise ValidationError(f"This household already has {MAX_CARERS} carers, the most a household can have.")
    carer = Carer(household=household, **data)
    carer.languages = list(carer.languages or [])
    _check_carer(carer)
    _full_clean(carer)
    carer.save()
    return carer


@transaction.atomic
def update_carer(user, carer: Carer, changes: dict) -> Carer:
    """Correct or update a carer's details (name, date of birth, gender, ethnicity, faith, languages)."""
    require_team(user, carer.household.fostering_service_id)
    unknown = set(changes) - set(CARER_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for field, value in changes.items():
        setattr(carer, field, list(value) if field == "languages" else value)
    _check_carer(carer)
    _full_clean(carer)
    carer.save()
    return carer
