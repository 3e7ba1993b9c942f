"""Delegated authority: which day-to-day decisions carers may take for a child.

The default is trust: with no record, or no exception for a decision, the carers decide.
An exception always carries a reason (the form and the database both insist). The
child's authority (its placement officers) records it; the household's carers read theirs,
and the household's fostering service reads (never changes) those of its households, so
its supervising social workers know what their carers may decide. The service is not the
child's authority, so it sees the child's age and placement dates, never the name.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet

from fostering.accounts import audit, scoping
from fostering.accounts.models import Role
from fostering.placements.models import Placement
from fostering.register.models import CarerAccount

from .models import Decision, DelegatedAuthority, DelegationException


def decisions_for(placement: Placement) -> list[dict]:
    """Every decision with whether the carers may take it and, if not, why."""
    authority = getattr(placement, "delegated_authority", None) if placement.pk else None
    exceptions = {e.decision: e.reason for e in authority.exceptions.all()} if authority else {}
    return [
        {
            "decision": d.value,
            "label": d.label,
            "delegated": d.value not in exceptions,
            "reason": exceptions.get(d.value, ""),
        }
        for d in Decision
    ]


def la_placements(user) -> QuerySet:
    """The authority's current foster placements with a household (its placement officers only)."""
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    qs = Placement.objects.current().foster().filter(household__isnull=False)
    return (
        scoping.scope_to_local_authority(qs, user, "child__local_authority")
        .select_related("child", "household", "delegated_authority")
        .annotate(exception_count=Count("delegated_authority__exceptions"))
        .order_by("child__la_child_id")
    )


def get_la_placement(request, pk: int) -> Placement:
    """One of the authority's current foster placements (DoesNotExist otherwise); audited,
    because it shows the child."""
    placement = la_placements(request.user).get(pk=pk)
    audit.record(request, "read", placement.child)
    return placement


def record(user, placement: Placement, exceptions: dict[str, str], agreed_on: dt.date) -> DelegatedAuthority:
    """Replace the placement's delegated authority: everything delegated but ``exceptions``
    (decision → reason). Raises ValidationError if an exception has no reason."""
    missing = [Decision(code).label for code, reason in exceptions.items() if not (reason or "").strip()]
    if missing:
        raise ValidationError(f"Give a reason for every decision the carers may not take: {', '.join(missing)}.")
    unknown = set(exceptions) - set(Decision.values)
    if unknown:
        raise ValidationError(f"Unknown decisions: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        authority, _ = DelegatedAuthority.objects.update_or_create(
            placement=placement, defaults={"agreed_on": agreed_on, "recorded_by": user}
        )
        authority.exceptions.all().delete()
        DelegationException.objects.bulk_create(
            [
                DelegationException(authority=authority, decision=code, reason=reason.strip()[:500])
                for code, reason in exceptions.items()
            ]
        )
    audit.record(user, "update", authority)
    return authority


def service_placements(user) -> QuerySet:
    """Current placements in the households of the user's fostering services, with their
    delegated authority (read-only; scoped by the household's service)."""
    scoping.require_role(user, Role.FOSTERING_TEAM)
    qs = Placement.objects.current().filter(household__isnull=False)
    return (
        scoping.scope_to_fostering_service(qs, user, "household__fostering_service")
        .select_related("child", "household", "delegated_authority")
        .prefetch_related("delegated_authority__exceptions")
        .annotate(exception_count=Count("delegated_authority__exceptions"))
        .order_by("household__reference", "started_on", "pk")
    )


def service_list(request) -> list[Placement]:
    """The service's view of every current placement's delegated authority; each read audited."""
    placements = list(service_placements(request.user)[:1000])
    for p in placements:
        p.decisions, p.child_age = decisions_for(p), p.child.age_on()
        audit.record(request, "read", p, detail="delegated authority (fostering service)")
    if not placements:
        audit.record(request, "read", object_type="placements.placement", detail="delegated authority list: none")
    return placements


def get_service_placement(request, pk: int) -> Placement:
    """One current placement in the user's services' households (DoesNotExist otherwise); audited."""
    placement = service_placements(request.user).get(pk=pk)
    placement.decisions, placement.child_age = decisions_for(placement), placement.child.age_on()
    audit.record(request, "read", placement, detail="delegated authority (fostering service)")
    return placement


def carer_placements(user) -> list[Placement]:
    """The signed-in carer's household's current placements, each with its decisions."""
    scoping.require_role(user, Role.CARER)
    account = CarerAccount.objects.filter(user=user).select_related("household").first()
    if account is None:
        return []
    placements = list(
        Placement.objects.current()
        .filter(household=account.household)
        .select_related("child", "delegated_authority")
        .prefetch_related("delegated_authority__exceptions")
        .order_by("started_on")
    )
    for p in placements:
        p.decisions = decisions_for(p)
    return placements
