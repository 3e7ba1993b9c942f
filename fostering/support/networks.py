"""Peer-support networks (the Mockingbird model): a hub carer household supporting 6 to
10 satellite households of the same service; and whether networks help.

Membership changes after a network starts (satellites join and leave, the hub carer
changes) are dated: leaving closes a PeerNetworkMember row, a hub change closes a
PeerNetworkHub row, and nothing is deleted. So a household keeps its past membership.

Analytics compare households that have been in a network (hub or satellite, current or
past) with the service's other households on two measures:
* placement stability: the share of placements that ended (in the period) for an
  unplanned reason (core.codes.UNPLANNED_REASONS). Each ending counts inside when the
  household was in a network on the day it ended, so endings after a household left its
  network (or before it joined) count outside;
* carer retention: the share of households that resigned or were deregistered; a
  household that was ever in a network counts inside, even if it left the network first.
Counts below the threshold are suppressed (core.suppression) for aggregates-only viewers;
England's table is suppressed for everyone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fostering.accounts import audit, scoping
from fostering.core.codes import UNPLANNED_REASONS
from fostering.core.suppression import Column, Table, suppress_table
from fostering.placements.models import Placement
from fostering.register.models import CarerAccount, Household, HouseholdStatus

from .allegations import is_administrator
from .models import PeerNetwork, PeerNetworkHub, PeerNetworkMember

MIN_SATELLITES, MAX_SATELLITES = 6, 10
LEFT = (HouseholdStatus.RESIGNED, HouseholdStatus.DEREGISTERED)


def networks_for(user) -> QuerySet:
    """Networks of the user's services (all for administrators)."""
    qs = PeerNetwork.objects.select_related("hub", "fostering_service").prefetch_related("members__household")
    if is_administrator(user):
        return qs
    return scoping.scope_to_fostering_service(qs, user)


Spell = tuple[dt.date, dt.date | None]  # from (inclusive), until (exclusive; None while it lasts)


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else min(a, b)


def membership_spells(household_ids=None) -> dict[int, list[Spell]]:
    """Every household's spells in a network, as hub or satellite, past ones included (a
    network's end closes them all). Networks from before hub history count their hub
    for the network's whole life."""
    spells: dict[int, list[Spell]] = defaultdict(list)
    hubs = PeerNetworkHub.objects.values_list("household_id", "from_on", "until_on", "network__ended_on")
    legacy = PeerNetwork.objects.filter(hub_terms__isnull=True).values_list(
        "hub_id", "started_on", "ended_on", "ended_on"
    )
    members = PeerNetworkMember.objects.values_list("household_id", "joined_on", "left_on", "network__ended_on")
    for qs, field in ((hubs, "household_id"), (legacy, "hub_id"), (members, "household_id")):
        if household_ids is not None:
            qs = qs.filter(**{f"{field}__in": household_ids})
        for household_id, start, until, network_end in qs:
            spells[household_id].append((start, _earlier(until, network_end)))
    return spells


def in_spell(spells: list[Spell], day: dt.date) -> bool:
    return any(start <= day and (until is None or until > day) for start, until in spells)


def in_network_ids(on: dt.date | None = None) -> set[int]:
    """Households in a network on ``on`` (hub or satellite), or ever if ``on`` is None."""
    spells = membership_spells()
    if on is None:
        return set(spells)
    return {h for h, s in spells.items() if in_spell(s, on)}


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
        PeerNetworkHub.objects.create(network=network, household=hub, from_on=started_on)
        PeerNetworkMember.objects.bulk_create(
            [PeerNetworkMember(network=network, household=s, joined_on=started_on) for s in satellites]
        )
    audit.record(user, "create", network)
    return network


# Changing membership after a network starts ----------------------------------------------


def may_manage(user, network: PeerNetwork) -> bool:
    return is_administrator(user) or network.fostering_service_id in scoping.fostering_service_ids(user)


def _locked(user, network: PeerNetwork) -> PeerNetwork:
    if not may_manage(user, network):
        raise PermissionDenied("Only the network's own fostering service can change its membership.")
    return PeerNetwork.objects.select_for_update().select_related("hub").get(pk=network.pk)


def _check_day(network: PeerNetwork, day: dt.date, label: str) -> None:
    if network.ended_on is not None:
        raise ValidationError("This network has ended, so its membership can no longer change.")
    if day > timezone.localdate():
        raise ValidationError(f"The {label} cannot be in the future.")
    if day < network.started_on:
        raise ValidationError(f"The {label} cannot be before the network started on {network.started_on:%-d %B %Y}.")


def _check_can_join(
    network: PeerNetwork, household: Household, day: dt.date, *, ignore_open_here: bool = False
) -> None:
    """The household belongs to the network's service, is active, and is in no network
    (this one included) on or after ``day``."""
    if household.fostering_service_id != network.fostering_service_id:
        raise ValidationError(f"Household {household.reference} must belong to the network's fostering service.")
    if household.status != HouseholdStatus.ACTIVE:
        raise ValidationError(f"Household {household.reference} is not active, so it cannot join a network.")
    spells = membership_spells([household.pk]).get(household.pk, [])
    if ignore_open_here:
        open_here = PeerNetworkMember.objects.filter(network=network, household=household, left_on__isnull=True)
        skip = {(m.joined_on, None) for m in open_here}
        spells = [s for s in spells if s not in skip]
    if any(until is None or until > day for _, until in spells):
        raise ValidationError(
            f"Household {household.reference} is already in a network on {day:%-d %B %Y}. "
            "Record it leaving that network first."
        )


def open_satellites(network: PeerNetwork) -> QuerySet:
    return network.members.filter(left_on__isnull=True).select_related("household").order_by("household__reference")


def add_satellite(user, network: PeerNetwork, household: Household, joined_on: dt.date) -> PeerNetworkMember:
    """A household joins the network as a satellite from ``joined_on`` (at most 10)."""
    with transaction.atomic():
        network = _locked(user, network)
        _check_day(network, joined_on, "date they joined")
        if household.pk == network.hub_id:
            raise ValidationError(f"Household {household.reference} is this network's hub carer household.")
        _check_can_join(network, household, joined_on)
        if open_satellites(network).count() >= MAX_SATELLITES:
            raise ValidationError(
                f"A network has at most {MAX_SATELLITES} satellite households. Record one leaving first."
            )
        member = PeerNetworkMember.objects.create(network=network, household=household, joined_on=joined_on)
    audit.record(user, "update", network, detail=f"household {household.reference} joined on {joined_on}")
    return member


def remove_satellite(user, network: PeerNetwork, household: Household, left_on: dt.date) -> PeerNetworkMember:
    """A satellite household leaves on ``left_on``; its past membership is kept."""
    with transaction.atomic():
        network = _locked(user, network)
        _check_day(network, left_on, "date they left")
        member = network.members.select_for_update().filter(household=household, left_on__isnull=True).first()
        if member is None:
            raise ValidationError(f"Household {household.reference} is not a satellite household of this network.")
        if left_on < member.joined_on:
            raise ValidationError(f"The date they left cannot be before they joined on {member.joined_on:%-d %B %Y}.")
        member.left_on = left_on
        member.save(update_fields=["left_on"])
    audit.record(user, "update", network, detail=f"household {household.reference} left on {left_on}")
    return member


def change_hub(user, network: PeerNetwork, new_hub: Household, on: dt.date, *, former_hub_stays: bool) -> PeerNetwork:
    """``new_hub`` becomes the hub carer household from ``on``. A satellite may become the
    hub (its satellite membership closes that day); the former hub either stays as a
    satellite or leaves the network. History is kept in PeerNetworkHub."""
    with transaction.atomic():
        network = _locked(user, network)
        _check_day(network, on, "date of the change")
        old_hub = network.hub
        if new_hub.pk == old_hub.pk:
            raise ValidationError(f"Household {new_hub.reference} is already the hub carer household.")
        current = network.hub_terms.select_for_update().filter(until_on__isnull=True).first()
        if current is None:  # a network from before hub history: its hub since the start
            current = PeerNetworkHub.objects.create(network=network, household=old_hub, from_on=network.started_on)
        if on < current.from_on:
            raise ValidationError(
                f"The date of the change cannot be before the current hub started on {current.from_on:%-d %B %Y}."
            )
        membership = network.members.select_for_update().filter(household=new_hub, left_on__isnull=True).first()
        if membership is not None and on < membership.joined_on:
            raise ValidationError(
                f"The date of the change cannot be before household {new_hub.reference} joined on "
                f"{membership.joined_on:%-d %B %Y}."
            )
        _check_can_join(network, new_hub, on, ignore_open_here=membership is not None)
        satellites = open_satellites(network).count() - (membership is not None) + former_hub_stays
        if satellites > MAX_SATELLITES:
            raise ValidationError(
                f"A network has at most {MAX_SATELLITES} satellite households. Record one leaving first."
            )
        if membership is not None:
            membership.left_on = on
            membership.save(update_fields=["left_on"])
        current.until_on = on
        current.save(update_fields=["until_on"])
        PeerNetworkHub.objects.create(network=network, household=new_hub, from_on=on)
        if former_hub_stays:
            PeerNetworkMember.objects.create(network=network, household=old_hub, joined_on=on)
        network.hub = new_hub
        network.save(update_fields=["hub"])
    audit.record(user, "update", network, detail=f"hub {old_hub.reference} -> {new_hub.reference} on {on}")
    return network


def history(network: PeerNetwork) -> list[dict]:
    """The network's membership changes, newest first: joining, leaving, hub terms."""
    events: list[dict] = []
    for t in network.hub_terms.select_related("household"):
        events.append({"on": t.from_on, "household": t.household, "what": "became the hub carer household"})
        if t.until_on:
            events.append({"on": t.until_on, "household": t.household, "what": "stopped being the hub"})
    for m in network.members.select_related("household"):
        events.append({"on": m.joined_on, "household": m.household, "what": "joined as a satellite"})
        if m.left_on:
            events.append({"on": m.left_on, "household": m.household, "what": "left"})
    order = {"stopped being the hub": 0, "left": 1, "became the hub carer household": 2, "joined as a satellite": 3}
    events.sort(key=lambda e: (e["on"], -order[e["what"]], e["household"].reference), reverse=True)
    return events


def candidates(network: PeerNetwork) -> QuerySet:
    """Active households of the network's service in no network today (who may join)."""
    busy = in_network_ids(timezone.localdate())
    return (
        Household.objects.filter(fostering_service_id=network.fostering_service_id, status=HouseholdStatus.ACTIVE)
        .exclude(pk__in=busy)
        .order_by("reference")
    )


COLUMNS = (
    Column("group", "Households", kind="text"),
    Column("households", "Households"),
    Column("left", "Resigned or deregistered"),
    Column("retention", "Still fostering", kind="share", base="households"),
    Column("endings", "Placements ended"),
    Column("unplanned", "Unplanned endings"),
    Column("unplanned_share", "Share unplanned", kind="share", base="endings"),
)


def _rows(households: QuerySet, spells: dict[int, list[Spell]], since: dt.date, today: dt.date) -> list[dict]:
    status = dict(households.values_list("id", "status"))
    members = {h for h, s in spells.items() if any(start <= today for start, _ in s)}
    endings = [
        (h, reason, in_spell(spells.get(h, []), ended_on))
        for h, reason, ended_on in Placement.objects.filter(
            household_id__in=households.values("id"), ended_on__gte=since, ended_on__lte=today
        ).values_list("household_id", "reason_place_change", "ended_on")
    ]
    rows = []
    for key, label, inside in (("inside", "In a peer-support network", True), ("outside", "Not in a network", False)):
        ids = {h for h in status if (h in members) == inside}
        left = sum(1 for h in ids if status[h] in LEFT)
        ends = [r for _, r, during in endings if during == inside]
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
    today = timezone.localdate()
    since = since or today - dt.timedelta(days=2 * 365)
    spells = membership_spells()
    note = (
        f"Placements ended since {since:%-d %B %Y}, counted inside when the household was in a network that day; "
        "unplanned endings are carer or child requests, allegations and standards of care. "
        "Households that have ever been in a network count inside."
    )
    service_table = None
    if own:
        rows = _rows(Household.objects.filter(fostering_service_id__in=own), spells, since, today)
        service_table = suppress_table(Table("service", "Your service", COLUMNS, rows, note), lambda r: False)
    england = suppress_table(Table("england", "England", COLUMNS, _rows(Household.objects.all(), spells, since, today), note),
                             lambda r: True)  # fmt: skip
    return service_table, england
