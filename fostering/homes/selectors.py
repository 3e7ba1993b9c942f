"""Who may see and edit a home profile, and reading shares.

* the household's carers (register.CarerAccount) and its fostering service's team edit it;
* placement officers may read any profile (it is written to be shown to children and the
  people placing them: no surnames or addresses, the form asks carers to leave them out)
  and every read is audited;
* a child sees it only through a live share link (homes.services.open_share).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from fostering.accounts.models import Role
from fostering.accounts.scoping import (
    fostering_service_ids,
    has_role,
    scope_to_fostering_service,
    scope_to_local_authority,
)
from fostering.enquiries.govuk import is_db_id
from fostering.referrals.models import Referral
from fostering.register.models import Household, HouseholdStatus

from .models import HomePhoto, HomeProfile, ProfileShare

SHAREABLE_REFERRAL_STATUSES = (Referral.Status.MATCHED, Referral.Status.PLACED)


def carer_household_id(user) -> int | None:
    if not has_role(user, Role.CARER):
        return None
    account = getattr(user, "carer_account", None)
    return account.household_id if account is not None else None


def may_edit(user, household: Household) -> bool:
    return carer_household_id(user) == household.id or household.fostering_service_id in fostering_service_ids(user)


def may_view(user, household: Household) -> bool:
    return may_edit(user, household) or has_role(user, Role.PLACEMENT_OFFICER)


def household_for(user, household_id: int, edit: bool = False) -> Household:
    household = (
        Household.objects.filter(pk=household_id).select_related("fostering_service").first()
        if is_db_id(household_id)
        else None
    )
    if household is None:
        raise Http404("No such household.")
    allowed = may_edit(user, household) if edit else may_view(user, household)
    if not allowed:
        raise PermissionDenied("Only the household, its fostering service and placement officers may see this profile.")
    return household


def profile_of(household: Household) -> HomeProfile:
    """The household's profile (an empty one is created the first time)."""
    profile, _ = HomeProfile.objects.get_or_create(household=household)
    return profile


def photo_for(user, photo_id: int) -> HomePhoto:
    photo = (
        HomePhoto.objects.filter(pk=photo_id).select_related("profile__household").first()
        if is_db_id(photo_id)
        else None
    )
    if photo is None:
        raise Http404("No such photo.")
    if not may_view(user, photo.profile.household):
        raise PermissionDenied("You may not see this photo.")
    return photo


def shareable_referrals(user) -> QuerySet[Referral]:
    """Referrals the officer may share a profile for: their authority's, with a placement agreed."""
    return scope_to_local_authority(Referral.objects.filter(status__in=SHAREABLE_REFERRAL_STATUSES), user).order_by(
        "-created_at"
    )


def shares_for(user) -> QuerySet[ProfileShare]:
    return scope_to_local_authority(ProfileShare.objects.all(), user, "referral__local_authority").select_related(
        "referral", "profile__household"
    )


def service_households(user) -> list[tuple[Household, HomeProfile | None, int]]:
    """(household, its profile or None, number of photos) for the user's services' current households."""
    households = list(
        scope_to_fostering_service(
            Household.objects.exclude(status__in=[HouseholdStatus.RESIGNED, HouseholdStatus.DEREGISTERED]), user
        ).order_by("reference")[:1000]
    )
    profiles = {
        p.household_id: p
        for p in HomeProfile.objects.filter(household__in=households).annotate(n_photos=Count("photos"))
    }
    return [(h, profiles.get(h.id), getattr(profiles.get(h.id), "n_photos", 0)) for h in households]
