"""Allegations against fostering households: recording, concluding, timing and figures.

Access is strictly the household's own fostering service (scoping.fostering_service_ids)
and the operator's administrators; anyone else gets "not found", so the existence of an
allegation is never revealed. Every read is audited, lists included (one event per
allegation shown).

While any allegation is open the household is "under investigation"; when the last one
concludes it returns to the status the service chooses (active unless decided otherwise).
Both changes are written as register.HouseholdStatusChange history rows.

Time to conclusion is days from receipt to conclusion, measured against the service's
target (AllegationTarget, else settings.ALLEGATION_TARGET_DAYS, 30 days).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fostering.accounts import audit, scoping
from fostering.accounts.models import Role
from fostering.core.suppression import Column, Table, suppress_table
from fostering.notifications import events as notification_events
from fostering.organisations.models import FosteringService, Organisation
from fostering.register.models import Household, HouseholdStatus, HouseholdStatusChange

from .models import Allegation, AllegationOutcome, AllegationTarget

# Where a household may go when its last allegation concludes.
STATUSES_AFTER = [
    HouseholdStatus.ACTIVE,
    HouseholdStatus.ON_HOLD,
    HouseholdStatus.DEREGISTERED,
    HouseholdStatus.RESIGNED,
]


def is_administrator(user) -> bool:
    org = scoping.organisation_of(user)
    return scoping.has_role(user, Role.ADMINISTRATOR) and org is not None and org.kind == Organisation.Kind.OPERATOR


def may_manage(user, household: Household) -> bool:
    return is_administrator(user) or household.fostering_service_id in scoping.fostering_service_ids(user)


def default_target_days() -> int:
    return int(getattr(settings, "ALLEGATION_TARGET_DAYS", 30))


def target_days(service_id: int) -> int:
    found = (
        AllegationTarget.objects.filter(fostering_service_id=service_id).values_list("target_days", flat=True).first()
    )
    return found or default_target_days()


def _targets(service_ids) -> dict[int, int]:
    found = dict(
        AllegationTarget.objects.filter(fostering_service_id__in=service_ids).values_list(
            "fostering_service_id", "target_days"
        )
    )
    return defaultdict(default_target_days, found)


MIN_TARGET_DAYS, MAX_TARGET_DAYS = 1, 365


def target_services(user) -> list[FosteringService]:
    """The services whose allegation target the user may set: their own services, for
    their fostering team only (administrators use the admin)."""
    if not scoping.has_role(user, Role.FOSTERING_TEAM):
        return []
    return list(FosteringService.objects.filter(id__in=scoping.fostering_service_ids(user)).order_by("name"))


def current_targets(user) -> list[dict]:
    """For each of the user's services: its target in days and whether it is the default."""
    services = list(FosteringService.objects.filter(id__in=scoping.fostering_service_ids(user)).order_by("name"))
    own = dict(
        AllegationTarget.objects.filter(fostering_service__in=services).values_list(
            "fostering_service_id", "target_days"
        )
    )
    return [
        {"service": s, "target_days": own.get(s.pk, default_target_days()), "is_default": s.pk not in own}
        for s in services
    ]


def set_target(user, service: FosteringService, days: int) -> AllegationTarget:
    """Set the service's own target for concluding allegations (1 to 365 days). Only the
    service's own fostering team may; the change is audited with the old and new values."""
    if service.pk not in {s.pk for s in target_services(user)}:
        raise PermissionDenied("Only the service's own fostering team can set its allegation target.")
    if not isinstance(days, int) or not MIN_TARGET_DAYS <= days <= MAX_TARGET_DAYS:
        raise ValidationError(f"The target must be between {MIN_TARGET_DAYS} and {MAX_TARGET_DAYS} days.")
    before = target_days(service.pk)
    target, _ = AllegationTarget.objects.update_or_create(fostering_service=service, defaults={"target_days": days})
    audit.record(user, "update", target, detail=f"allegation target {before} -> {days} days")
    return target


def visible(user) -> QuerySet:
    """Allegations the user may read: their services' households', or all for administrators."""
    qs = Allegation.objects.select_related("household", "household__fostering_service")
    if is_administrator(user):
        return qs
    return scoping.scope_to_fostering_service(qs, user, "household__fostering_service")


def days_taken(allegation: Allegation, today: dt.date | None = None) -> int:
    """Days to conclusion, or days open so far."""
    end = allegation.concluded_on or today or timezone.localdate()
    return (end - allegation.received_on).days


def annotate_timing(allegations: list[Allegation], today: dt.date | None = None) -> list[Allegation]:
    targets = _targets({a.household.fostering_service_id for a in allegations})
    for a in allegations:
        a.target_days = targets[a.household.fostering_service_id]
        a.days = days_taken(a, today)
        a.within_target = a.days <= a.target_days
    return allegations


def list_for(request, *, open_only: bool = False, household: Household | None = None) -> list[Allegation]:
    """The allegations the user may read (audited, one event per allegation)."""
    qs = visible(request.user)
    if open_only:
        qs = qs.filter(concluded_on__isnull=True)
    if household is not None:
        qs = qs.filter(household=household)
    rows = annotate_timing(list(qs[:500]))
    for a in rows:
        audit.record(request, "read", a)
    return rows


def get(request, pk: int) -> Allegation:
    """One allegation (Allegation.DoesNotExist if the user may not read it); audited."""
    allegation = visible(request.user).get(pk=pk)
    audit.record(request, "read", allegation)
    annotate_timing([allegation])
    return allegation


def _set_status(household: Household, status: str, day: dt.date, reason: str, user) -> None:
    household.status = status
    household.status_since = day
    household.status_reason = reason[:300]
    household.save(update_fields=["status", "status_since", "status_reason", "updated_at"])
    HouseholdStatusChange.objects.create(
        household=household, status=status, changed_on=day, reason=reason[:300], recorded_by=user
    )


def open_allegation(user, household: Household, **fields) -> Allegation:
    """Record an allegation; the household goes under investigation (once, however many are open)."""
    if not may_manage(user, household):
        raise PermissionDenied("Only the household's own fostering service can record an allegation.")
    received_on = fields["received_on"]
    if received_on > timezone.localdate():
        raise ValidationError("The date received cannot be in the future.")
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        allegation = Allegation(household=household, recorded_by=user, status_before=household.status, **fields)
        allegation.full_clean(exclude=["household", "recorded_by"])
        allegation.save()
        if household.status != HouseholdStatus.UNDER_INVESTIGATION:
            _set_status(
                household, HouseholdStatus.UNDER_INVESTIGATION, received_on, "Allegation under investigation", user
            )
        notification_events.allegation_recorded(allegation)
    audit.record(user, "create", allegation)
    return allegation


def conclude(user, allegation: Allegation, *, outcome: str, concluded_on: dt.date, status_after: str = HouseholdStatus.ACTIVE,
             reason: str = "") -> Allegation:  # fmt: skip
    """Record the outcome. When no other allegation is open the household leaves
    "under investigation" for ``status_after`` (active by default)."""
    if not may_manage(user, allegation.household):
        raise PermissionDenied("Only the household's own fostering service can conclude an allegation.")
    if allegation.concluded_on is not None:
        raise ValidationError("This allegation has already been concluded.")
    if outcome not in AllegationOutcome.values:
        raise ValidationError("Choose the outcome of the investigation.")
    if concluded_on < allegation.received_on:
        raise ValidationError("The date concluded must be on or after the date the allegation was received.")
    if concluded_on > timezone.localdate():
        raise ValidationError("The date concluded cannot be in the future.")
    if status_after not in STATUSES_AFTER:
        raise ValidationError("Choose what happens to the household's approval.")
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=allegation.household_id)
        allegation.outcome, allegation.concluded_on, allegation.status_after = outcome, concluded_on, status_after
        allegation.save(update_fields=["outcome", "concluded_on", "status_after"])
        others_open = household.allegations.filter(concluded_on__isnull=True).exclude(pk=allegation.pk).exists()
        if not others_open and household.status == HouseholdStatus.UNDER_INVESTIGATION:
            label = AllegationOutcome(outcome).label.lower()
            _set_status(household, status_after, concluded_on, reason or f"Allegation concluded: {label}", user)
    audit.record(user, "update", allegation, detail=f"concluded: {outcome}")
    return allegation


FIGURE_COLUMNS = (
    Column("service", "Fostering service", kind="text"),
    Column("received", "Allegations"),
    Column("open", "Open"),
    Column("overdue", "Open past target"),
    Column("concluded", "Concluded"),
    Column("within_target", "Concluded within target"),
    Column("share_within_target", "Share within target", kind="share", base="concluded"),
    Column("mean_days", "Average days to conclude", kind="number", base="concluded"),
    *(Column(o.value, o.label) for o in AllegationOutcome),
)


def _figures(rows: list[dict], today: dt.date) -> dict:
    """rows: dicts with received_on, concluded_on, outcome, target."""
    concluded = [r for r in rows if r["concluded_on"]]
    days = [(r["concluded_on"] - r["received_on"]).days for r in concluded]
    within = sum(1 for r, d in zip(concluded, days, strict=True) if d <= r["target"])
    open_rows = [r for r in rows if not r["concluded_on"]]
    outcomes = Counter(r["outcome"] for r in concluded)
    return {
        "received": len(rows), "open": len(open_rows),
        "overdue": sum(1 for r in open_rows if (today - r["received_on"]).days > r["target"]),
        "concluded": len(concluded), "within_target": within,
        "share_within_target": within / len(concluded) if concluded else None,
        "mean_days": round(sum(days) / len(days), 1) if days else None,
        **{o.value: outcomes.get(o.value, 0) for o in AllegationOutcome},
    }  # fmt: skip


def figures(user, since: dt.date | None = None, today: dt.date | None = None) -> tuple[Table, Table]:
    """Per-service figures (the user's own services in full; administrators and analysts see
    every service, analysts suppressed) and England's figures (suppressed for everyone)."""
    own = scoping.fostering_service_ids(user)
    everyone = is_administrator(user) or scoping.sees_aggregates_only(user)
    if not own and not everyone:
        raise PermissionDenied("Allegation figures are for fostering services, analysts and administrators.")
    today = today or timezone.localdate()
    since = since or today - dt.timedelta(days=3 * 365)
    data = list(
        Allegation.objects.filter(received_on__gte=since).values(
            "household__fostering_service_id", "received_on", "concluded_on", "outcome"
        )
    )
    targets = _targets({r["household__fostering_service_id"] for r in data})
    by_service: dict[int, list[dict]] = defaultdict(list)
    for r in data:
        r["target"] = targets[r["household__fostering_service_id"]]
        by_service[r["household__fostering_service_id"]].append(r)
    shown = set(by_service) | set(own) if everyone else set(own)
    names = dict(FosteringService.objects.filter(id__in=shown).values_list("id", "name"))
    service_rows = [
        {"area_key": str(sid), "service": names.get(sid, str(sid)), **_figures(by_service.get(sid, []), today)}
        for sid in sorted(shown, key=lambda s: names.get(s, ""))
    ]
    aggregates_only = scoping.sees_aggregates_only(user)
    per_service = suppress_table(
        Table("services", "Allegations by fostering service", FIGURE_COLUMNS, service_rows,
              note=f"Allegations received since {since:%-d %B %Y}."),
        lambda row: aggregates_only and int(row["area_key"]) not in own,
    )  # fmt: skip
    national = suppress_table(
        Table(
            "england",
            "England",
            FIGURE_COLUMNS,
            [{"area_key": "E92000001", "service": "England", **_figures(data, today)}],
        ),
        lambda row: True,
    )
    return per_service, national
