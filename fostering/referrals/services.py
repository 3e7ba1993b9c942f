"""Creating referrals and moving them through their lifecycle.

Lifecycle (DESIGN.md §5): draft → open → matched → placed, or withdrawn from any state
before placed. A match that falls through returns the referral to open. Each step stamps
its time (opened_at, matched_at, placed_at, withdrawn_at), so how long a referral stays
open is measured (:func:`time_open`).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fostering.accounts import audit, scoping
from fostering.accounts.models import Role
from fostering.children.models import Child
from fostering.children.selectors import latest_profile
from fostering.core.codes import PlacementType

from .models import Referral, ReferralChild

S = Referral.Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.OPEN, S.WITHDRAWN}),
    S.OPEN: frozenset({S.MATCHED, S.WITHDRAWN}),
    S.MATCHED: frozenset({S.PLACED, S.OPEN, S.WITHDRAWN}),
    S.PLACED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
STAMP = {S.OPEN: "opened_at", S.MATCHED: "matched_at", S.PLACED: "placed_at", S.WITHDRAWN: "withdrawn_at"}
MAX_GROUP = 6


def _user_of(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def _new_reference(la_code: str) -> str:
    return f"{la_code}-{timezone.now():%Y%m%d}-{secrets.token_hex(3).upper()}"


@transaction.atomic
def create_referral(
    request_or_user,
    children: list[Child],
    *,
    placement_type: str,
    urgency: str = Referral.Urgency.PLANNED,
    wanted_start: dt.date,
    distance_from: str = Referral.DistanceFrom.SCHOOL,
    max_distance_km: int | None = None,
    siblings_together: bool = True,
    apart_reasons: dict[int, str] | None = None,
    open_now: bool = False,
) -> Referral:
    """A referral for one child or a sibling group, made from each child's latest needs
    profile (the snapshot is kept even if the child is reassessed later).

    Siblings are referred together unless ``siblings_together`` is false, in which case
    every child needs a reason for living apart (``apart_reasons`` by child id).
    """
    user = _user_of(request_or_user)
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    codes = scoping.local_authority_codes(user)
    if not children:
        raise ValidationError("Choose at least one child to refer.")
    if len({c.pk for c in children}) != len(children):
        raise ValidationError("A child can only be in a referral once.")
    if len(children) > MAX_GROUP:
        raise ValidationError(f"A referral can be for at most {MAX_GROUP} brothers and sisters.")
    if any(c.local_authority_id not in codes for c in children):
        raise Child.DoesNotExist("No such child.")
    if len(children) > 1:
        groups = {c.sibling_group_id for c in children}
        if len(groups) != 1 or None in groups:
            raise ValidationError("Children referred together must be brothers and sisters (the same sibling group).")
    if placement_type not in PlacementType.values:
        raise ValidationError("Choose the type of placement needed.")
    if urgency not in Referral.Urgency.values:
        raise ValidationError("Choose how urgent the placement is.")
    if distance_from not in Referral.DistanceFrom.values:
        raise ValidationError("Choose where the home should be.")
    if distance_from != Referral.DistanceFrom.ANY and max_distance_km is not None and max_distance_km < 1:
        raise ValidationError("Enter a distance of at least 1 km.")
    apart_reasons = {int(k): (v or "").strip() for k, v in (apart_reasons or {}).items()}
    if len(children) > 1 and not siblings_together:
        missing = [c.la_child_id for c in children if not apart_reasons.get(c.pk)]
        if missing:
            raise ValidationError(f"Give the reason each child should live apart (missing for {', '.join(missing)}).")
    profiles = {}
    for c in children:
        profile = latest_profile(c)
        if profile is None:
            raise ValidationError(f"Child {c.la_child_id} has no needs profile yet; record one before referring.")
        profiles[c.pk] = profile
    la_code = children[0].local_authority_id
    fields = dict(
        local_authority_id=la_code,
        placement_type=placement_type,
        urgency=urgency,
        wanted_start=wanted_start,
        distance_from=distance_from,
        max_distance_km=None if distance_from == Referral.DistanceFrom.ANY else max_distance_km,
        siblings_together=siblings_together or len(children) == 1,
        created_by=user,
        status=S.DRAFT,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                referral = Referral.objects.create(reference=_new_reference(la_code), **fields)
            break
        except IntegrityError:  # reference collision: pick another
            continue
    else:  # pragma: no cover - five collisions of 24 random bits in one day
        raise ValidationError("Could not create a referral reference; try again.")
    ReferralChild.objects.bulk_create(
        [
            ReferralChild(
                referral=referral,
                child=c,
                needs_profile=profiles[c.pk],
                apart_reason="" if referral.siblings_together else apart_reasons.get(c.pk, ""),
            )
            for c in children
        ]
    )
    audit.record(request_or_user, "create", referral, detail=f"children {','.join(str(c.pk) for c in children)}")
    if open_now:
        transition(request_or_user, referral, S.OPEN)
    return referral


@transaction.atomic
def transition(request_or_user, referral: Referral, to: str, *, reason: str = "", now=None) -> Referral:
    """Move a referral to ``to`` if the lifecycle allows it, stamping the time."""
    user = _user_of(request_or_user)
    if referral.local_authority_id not in scoping.local_authority_codes(user):
        raise PermissionDenied("Only the referring authority can change this referral.")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to not in TRANSITIONS[referral.status]:
        raise ValidationError(
            f"A {referral.get_status_display().lower()} referral cannot become {S(to).label.lower()}."
        )
    if to == S.WITHDRAWN and not reason.strip():
        raise ValidationError("Say why the referral is being withdrawn.")
    now = now or timezone.now()
    referral.status = to
    if to == S.OPEN and referral.opened_at is None:
        referral.opened_at = now
    elif to == S.OPEN:  # a match fell through: it is open again, the clock keeps running
        referral.matched_at = None
    elif to in STAMP:
        setattr(referral, STAMP[to], now)
    if to == S.WITHDRAWN:
        referral.withdrawn_reason = reason.strip()[:300]
    referral.save()
    audit.record(request_or_user, "update", referral, detail=f"status {to}")
    return referral


def open_referral(request_or_user, referral: Referral) -> Referral:
    return transition(request_or_user, referral, S.OPEN)


def mark_matched(request_or_user, referral: Referral) -> Referral:
    return transition(request_or_user, referral, S.MATCHED)


def mark_placed(request_or_user, referral: Referral) -> Referral:
    return transition(request_or_user, referral, S.PLACED)


def withdraw(request_or_user, referral: Referral, reason: str) -> Referral:
    return transition(request_or_user, referral, S.WITHDRAWN, reason=reason)


def time_open(referral: Referral, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long the referral has been (or was) open: from opening until it was matched,
    placed or withdrawn, or until ``now`` while still open. None if never opened."""
    if referral.opened_at is None:
        return None
    ends = [t for t in (referral.matched_at, referral.placed_at, referral.withdrawn_at) if t is not None]
    end = min(ends) if ends else (now or timezone.now())
    return max(dt.timedelta(0), end - referral.opened_at)
