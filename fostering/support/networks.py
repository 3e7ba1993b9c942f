"""Peer-support networks (the Mockingbird model): a hub carer household supporting 6 to
10 satellite households of the same service; and whether networks help.

Analytics compare households inside a network (hub or satellite, current or past) with
the service's other households on two measures:
* placement stability: the share of placements that ended (in the period) for an
  unplanned reason (core.codes.UNPLANNED_REASONS);
* carer retention: the share of households that resigned or were deregistered.
Counts below the threshold are suppressed (core.suppression) for aggregates-only viewers;
England's table is suppressed for everyone.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from fostering.accounts import audit, scoping
from fostering.core.codes import UNPLANNED_REASONS
from fostering.core.suppression import Column, Table, suppress_table
from fostering.placements.models import Placement
from fostering.register.models import CarerAccount, Household, HouseholdStatus

from .allegations import is_administrator
from .models import PeerNetwork, PeerNetworkMember

MIN_SATELLITES, MAX_SATELLITES = 6, 10
LEFT = (HouseholdStatus.RESIGNED, HouseholdStatus.DEREGISTERED)


def networks_for(user) -> QuerySet:
    """Networks of the user's services (all for administrators)."""
    qs = PeerNetwork.objects.select_related("hub", "fostering_service").prefetch_related("members__household")
    if is_administrator(user):
        return qs
    return scoping.scope_to_fostering_service(qs, user)


def in_network_ids(on: dt.date | None = None) -> set[int]:
    """Households in an open network (hub or current satellite), or ever if ``on`` is None."""
    hubs = PeerNetwork.objects.all()
    members = PeerNetworkMember.objects.all()
    if on is not None:
        hubs = hubs.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)
        members = members.filter(Q(left_on__isnull=True) | Q(left_on__gt=on), joined_on__lte=on)
    return set(hubs.values_list("hub_id", flat=True)) | set(members.values_list("household_id", flat=True))


def network_of(household: Household) -> dict | None:
    """The household's current network and its role in it ("hub" or "satellite")."""
    hub = PeerNetwork.objects.filter(hub=household, ended_on__isnull=True).first()
    if hub is not None:
        return {"network": hub, "role": "hub", "size": hub.members.filter(left_on__isnull=True).count() + 1}
    m = (
        PeerNetworkMember.objects.filter(household=household, left_on__isnull=True, network__ended_on__isnull=True)
        .select_related("network", "network__hub")
        .first()
    )
    if m is None:
        return None
    return {
        "network": m.network,
        "role": "satellite",
        "size": m.network.members.filter(left_on__isnull=True).count() + 1,
    }


def carer_network(user) -> dict | None:
    account = CarerAccount.objects.filter(user=user).select_related("household").first()
    return network_of(account.household) if account else None


def create_network(user, *, name: str, hub: Household, satellites: list[Household], started_on: dt.date) -> PeerNetwork:
    """Start a network of the user's service: a hub and 6 to 10 satellites, none already in
    another open network, all of the hub's service."""
    if not (is_administrator(user) or hub.fostering_service_id in scoping.fostering_service_ids(user)):
        raise PermissionDenied("Only the households' own fostering service can start a network.")
    satellites = [s for s in satellites if s.pk != hub.pk]
    if not MIN_SATELLITES <= len(satellites) <= MAX_SATELLITES:
        raise ValidationError(
            f"Choose between {MIN_SATELLITES} and {MAX_SATELLITES} satellite households (you chose {len(satellites)})."
        )
    if any(s.fostering_service_id != hub.fostering_service_id for s in satellites):
        raise ValidationError("Every satellite household must belong to the hub's fostering service.")
    busy = in_network_ids(timezone.localdate()) & ({hub.pk} | {s.pk for s in satellites})
    if busy:
        refs = ", ".join(sorted(h.reference for h in [hub, *satellites] if h.pk in busy))
        raise ValidationError(f"These households are already in a network: {refs}.")
    with transaction.atomic():
        network = PeerNetwork.objects.create(
            fostering_service_id=hub.fostering_service_id, name=name, hub=hub, started_on=started_on
        )
        PeerNetworkMember.objects.bulk_create(
            [PeerNetworkMember(network=network, household=s, joined_on=started_on) for s in satellites]
        )
    audit.record(user, "create", network)
    return network


COLUMNS = (
    Column("group", "Households", kind="text"),
    Column("households", "Households"),
    Column("left", "Resigned or deregistered"),
    Column("retention", "Still fostering", kind="share", base="households"),
    Column("endings", "Placements ended"),
    Column("unplanned", "Unplanned endings"),
    Column("unplanned_share", "Share unplanned", kind="share", base="endings"),
)


def _rows(households: QuerySet, members: set[int], since: dt.date) -> list[dict]:
    status = dict(households.values_list("id", "status"))
    endings = list(
        Placement.objects.filter(household_id__in=households.values("id"), ended_on__gte=since).values_list(
            "household_id", "reason_place_change"
        )
    )
    rows = []
    for key, label, inside in (("inside", "In a peer-support network", True), ("outside", "Not in a network", False)):
        ids = {h for h in status if (h in members) == inside}
        left = sum(1 for h in ids if status[h] in LEFT)
        ends = [r for h, r in endings if h in ids]
        unplanned = sum(1 for r in ends if r in UNPLANNED_REASONS)
        rows.append({
            "area_key": key, "group": label, "households": len(ids), "left": left,
            "retention": (len(ids) - left) / len(ids) if ids else None, "endings": len(ends), "unplanned": unplanned,
            "unplanned_share": unplanned / len(ends) if ends else None,
        })  # fmt: skip
    return rows


def analytics(user, since: dt.date | None = None) -> tuple[Table | None, Table]:
    """Inside against outside networks for the user's services (None if they have none)
    and for England."""
    own = scoping.fostering_service_ids(user)
    if not (own or scoping.sees_aggregates_only(user) or is_administrator(user)
            or scoping.commissioning_authority_codes(user)):  # fmt: skip
        raise PermissionDenied("Network analytics are for fostering services, commissioners and analysts.")
    since = since or timezone.localdate() - dt.timedelta(days=2 * 365)
    members = in_network_ids()
    note = f"Placements ended since {since:%-d %B %Y}; unplanned endings are carer or child requests, allegations and standards of care."
    service_table = None
    if own:
        rows = _rows(Household.objects.filter(fostering_service_id__in=own), members, since)
        service_table = suppress_table(Table("service", "Your service", COLUMNS, rows, note), lambda r: False)
    england = suppress_table(Table("england", "England", COLUMNS, _rows(Household.objects.all(), members, since), note),
                             lambda r: True)  # fmt: skip
    return service_table, england
