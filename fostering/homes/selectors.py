"""Who may see and edit a home profile, and reading shares.

* the household's carers (register.CarerAccount) and its fostering service's team edit it;
* placement officers may read any profile (it is written to be shown to children and the
  people placing them: no surnames or addresses, the form asks carers to leave them out)
  and every read is audited;
* a child sees it only through a live share link (homes.services.open_share).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from fostering.accounts.models import Role
from fostering.accounts.scoping import (
    fostering_service_ids,
    has_role,
    scope_to_fostering_service,
    scope_to_local_authority,
)
from fostering.enquiries.govuk import is_db_id
from fostering.referrals.models import Referral, ReferralChild
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


# ------------------------------------------------------------ did the child see the home first?


@dataclass(frozen=True)
class HomeSeen:
    """Whether the child of a referral opened a home's shared profile, and whether that was
    before they moved in.

    "Moved in" is the start (DECOM) of the earliest placement of one of the referral's
    children in that household that began on or after the referral was made; until such a
    placement exists the child has not moved. A first view on the day of the move counts as
    before it unless the referral's recorded placing time shows otherwise.
    """

    referral_id: int
    referral_reference: str
    household_id: int
    household_reference: str
    first_viewed_at: dt.datetime | None
    view_count: int
    moved_on: dt.date | None

    @property
    def opened(self) -> bool:
        return self.first_viewed_at is not None

    @property
    def before_moving(self) -> bool | None:
        """True/False once the child opened the link; None if they never did."""
        if self.first_viewed_at is None:
            return None
        if self.moved_on is None:
            return True
        return timezone.localdate(self.first_viewed_at) <= self.moved_on

    @property
    def days_before_moving(self) -> int | None:
        if not self.before_moving or self.moved_on is None:
            return None
        return (self.moved_on - timezone.localdate(self.first_viewed_at)).days


def _seen(shares: QuerySet[ProfileShare]) -> list[HomeSeen]:
    """One row per (referral, household) over the given shares: the earliest view, the views
    added up across links, and the day the child moved in (if they have)."""
    from fostering.placements.models import Placement  # placements sits above homes in the app graph

    groups: dict[tuple[int, int], list[ProfileShare]] = defaultdict(list)
    for share in shares.select_related("referral", "profile__household").order_by("created_at", "id"):
        groups[(share.referral_id, share.profile.household_id)].append(share)
    if not groups:
        return []
    referral_ids = {rid for rid, _ in groups}
    household_ids = {hid for _, hid in groups}
    children_of: dict[int, set[int]] = defaultdict(set)
    for rid, cid in ReferralChild.objects.filter(referral_id__in=referral_ids).values_list("referral_id", "child_id"):
        children_of[rid].add(cid)
    starts: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for cid, hid, started in Placement.objects.filter(
        household_id__in=household_ids, child_id__in={c for cs in children_of.values() for c in cs}
    ).values_list("child_id", "household_id", "started_on"):
        starts[(cid, hid)].append(started)
    out = []
    for (rid, hid), items in groups.items():
        referral = items[0].referral
        made_on = timezone.localdate(referral.created_at)
        moves = [d for cid in children_of[rid] for d in starts.get((cid, hid), []) if d >= made_on]
        views = [s.first_viewed_at for s in items if s.first_viewed_at is not None]
        out.append(
            HomeSeen(
                referral_id=rid,
                referral_reference=referral.reference,
                household_id=hid,
                household_reference=items[0].profile.household.reference,
                first_viewed_at=min(views) if views else None,
                view_count=sum(s.view_count for s in items),
                moved_on=min(moves) if moves else None,
            )
        )
    return sorted(out, key=lambda r: (r.referral_reference, r.household_reference))


def seen_for_referral(referral: Referral) -> list[HomeSeen]:
    """The homes shared with a referral's child and whether they saw each before moving.
    The caller has already checked (and audited) that the user may read the referral."""
    return _seen(ProfileShare.objects.filter(referral=referral))


def seen_for_household(user, household: Household) -> list[HomeSeen]:
    """For a household's page: its own fostering service's staff see every child its profile
    was shared with (by referral reference, no names); a placement officer sees their own
    authority's referrals only; anyone else (carers included) sees none."""
    shares = ProfileShare.objects.filter(profile__household=household)
    if household.fostering_service_id in fostering_service_ids(user):
        return _seen(shares)
    if has_role(user, Role.PLACEMENT_OFFICER):
        return _seen(scope_to_local_authority(shares, user, "referral__local_authority"))
    return []


def seen_for_placements(placements) -> dict[int, HomeSeen]:
    """Placement id → whether the child saw that home's profile first, for placements in a
    household whose profile was shared with one of the child's referrals. The caller has
    already checked (and audited) that the user may read the child."""
    placements = [p for p in placements if p.household_id]
    if not placements:
        return {}
    child_ids = {p.child_id for p in placements}
    rows = _seen(
        ProfileShare.objects.filter(
            referral__referral_children__child_id__in=child_ids,
            profile__household_id__in={p.household_id for p in placements},
        ).distinct()
    )
    by_household: dict[int, list[HomeSeen]] = defaultdict(list)
    for row in rows:
        by_household[row.household_id].append(row)
    out = {}
    for p in placements:
        matching = [r for r in by_household.get(p.household_id, []) if r.moved_on == p.started_on]
        if matching:
            out[p.pk] = matching[0]
    return out
