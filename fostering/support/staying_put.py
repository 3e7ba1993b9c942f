"""Staying Put: every young person aged 16 or 17 in foster care has a recorded intention
for after 18 (wants to stay / undecided / not wanted / not possible, with reasons) and
the date it was discussed.

"Without a plan" means no intention has been recorded, or the latest is "undecided":
an undecided young person turning 18 within a year still needs one. Only the child's own
authority (its placement officers) sees these lists; each child listed is an audited read.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from fostering.accounts import audit, scoping
from fostering.accounts.models import Role
from fostering.children.models import Child
from fostering.core.dates import years_before
from fostering.placements.models import Placement

from .models import StayingPutIntention

Intention = StayingPutIntention.Intention
NEEDS_REASONS = {Intention.UNDECIDED, Intention.NOT_WANTED, Intention.NOT_POSSIBLE}


def eighteenth_birthday(child: Child) -> dt.date:
    return years_before(child.date_of_birth, -18)


def young_people(request, today: dt.date | None = None) -> list[Child]:
    """The authority's young people aged 16 or 17 in foster care, each with ``intention``
    (latest or None), ``turns_18_on`` and ``has_plan``. Audited: one read per child."""
    user = request.user if hasattr(request, "user") else request
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    today = today or timezone.localdate()
    fostered = Placement.objects.current().foster().values("child_id")
    children = list(
        scoping.scope_to_local_authority(Child.objects.all(), user)
        .filter(
            in_care=True,
            id__in=fostered,
            date_of_birth__lte=years_before(today, 16),
            date_of_birth__gt=years_before(today, 18),
        )
        .order_by("date_of_birth", "la_child_id")
    )
    latest: dict[int, StayingPutIntention] = {}
    for i in StayingPutIntention.objects.filter(child__in=children).order_by("child_id", "discussed_on", "id"):
        latest[i.child_id] = i
    for c in children:
        c.intention = latest.get(c.id)
        c.turns_18_on = eighteenth_birthday(c)
        c.has_plan = c.intention is not None and c.intention.intention != Intention.UNDECIDED
        audit.record(request, "read", c, detail="Staying Put list")
    return children


def without_plan_turning_18(request, today: dt.date | None = None) -> list[Child]:
    """Young people turning 18 in the next 12 months with no Staying Put plan."""
    today = today or timezone.localdate()
    horizon = years_before(today, -1)
    return [c for c in young_people(request, today) if not c.has_plan and c.turns_18_on <= horizon]


def record(user, child: Child, *, intention: str, reasons: str, discussed_on: dt.date) -> StayingPutIntention:
    """Record a discussion. Reasons are required unless the young person wants to stay."""
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    if child.local_authority_id not in scoping.local_authority_codes(user):
        raise Child.DoesNotExist("No such child.")
    if intention not in Intention.values:
        raise ValidationError("Choose what the young person wants.")
    if intention in NEEDS_REASONS and not reasons.strip():
        raise ValidationError("Give the reasons, in the young person's words where you can.")
    if discussed_on > timezone.localdate():
        raise ValidationError("The date discussed cannot be in the future.")
    found = StayingPutIntention.objects.create(
        child=child, intention=intention, reasons=reasons.strip(), discussed_on=discussed_on, recorded_by=user
    )
    audit.record(user, "create", found)
    return found
