"""Demo carers' support: delegated authority for current foster placements (most agreed,
a quarter with one or two exceptions), allegations at every stage (open within and past
target, concluded with each outcome), peer-support networks in the larger services, and
Staying Put intentions for most young people aged 16 and 17 in foster care.

Kept fast: one query per table, bulk_create, no per-row saves (national: ~50k placements
in a couple of seconds).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import connection
from django.utils import timezone

from fostering.accounts.models import User
from fostering.organisations.models import FosteringService
from fostering.placements.models import Placement
from fostering.register.models import CarerAccount, Household, HouseholdStatus, HouseholdStatusChange

from .models import (
    Allegation,
    AllegationCategory,
    AllegationOutcome,
    AllegationTarget,
    Decision,
    DelegatedAuthority,
    DelegationException,
    PeerNetwork,
    PeerNetworkHub,
    PeerNetworkMember,
    StayingPutIntention,
)
from .networks import MIN_SATELLITES

REASONS = {
    Decision.SLEEPOVERS: "Checks needed on friends' households because of exploitation risk.",
    Decision.HOLIDAYS_ABROAD: "Passport held by the local authority; court order restricts travel.",
    Decision.SOCIAL_MEDIA: "Risk of contact from a person the court has said must not contact the child.",
    Decision.HAIRCUTS: "Birth parents asked to be consulted about religious and cultural hair care.",
    Decision.PHOTOGRAPHS: "Child's location must not be identifiable online.",
    Decision.ROUTINE_HEALTH: "Parent shares parental responsibility and asked to attend appointments.",
}
# Later allegations: about 10% still open (stages 0–2), the rest concluded.
STAGE_P = np.array([0.04, 0.03, 0.03] + [0.9 / 7] * 7)
INVESTIGATORS = ["LADO and supervising social worker", "LADO", "Service safeguarding lead", "Police and LADO"]
SUPPORTERS = ["Fosterline independent support", "Foster Talk independent support worker", "Independent support service"]
INTENTION_P = {"wants_to_stay": 0.45, "undecided": 0.25, "not_wanted": 0.15, "not_possible": 0.15}
INTENTION_REASONS = {
    "wants_to_stay": "",
    "undecided": "Wants to finish college first before deciding.",
    "not_wanted": "Wants to move to supported lodgings near friends.",
    "not_possible": "Carers are retiring and moving away.",
}


def contribute(ctx) -> None:
    _delegated_authority(ctx)
    _allegations(ctx)
    _networks(ctx)
    _staying_put(ctx)


def _delegated_authority(ctx) -> None:
    """Rows go in with executemany rather than model instances: a national run has ~50k
    current placements, and building 60k model objects would take several seconds."""
    rng = ctx.rng("support-delegation")
    rows = list(
        Placement.objects.current()
        .foster()
        .filter(household__isnull=False)
        .order_by("id")
        .values_list("id", "started_on")
    )
    n = len(rows)
    agreed = rng.random(n) < 0.9
    lag = rng.integers(3, 40, size=n)
    now = timezone.now()
    values = [
        (pid, min(ctx.today, start + dt.timedelta(days=int(lag[i]))), now)
        for i, (pid, start) in enumerate(rows) if agreed[i]
    ]  # fmt: skip
    da, de = DelegatedAuthority._meta.db_table, DelegationException._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {da} (placement_id, agreed_on, updated_at) VALUES (%s, %s, %s)", values)  # noqa: S608
    ids = list(DelegatedAuthority.objects.order_by("id").values_list("id", flat=True))
    with_exceptions = rng.random(len(ids)) < 0.25
    choices = list(REASONS)
    exceptions = []
    for aid in np.array(ids)[with_exceptions[: len(ids)]]:
        for d in rng.choice(len(choices), size=int(rng.integers(1, 3)), replace=False):
            exceptions.append((int(aid), choices[d].value, REASONS[choices[d]]))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {de} (authority_id, decision, reason) VALUES (%s, %s, %s)", exceptions)  # noqa: S608
    ctx.log(
        f"  support: delegated authority for {len(values):,} of {n:,} current placements, {len(exceptions):,} exceptions"
    )


def _allegations(ctx) -> None:
    """About 3% of households a year; the lead authority's service always has every stage."""
    rng = ctx.rng("support-allegations")
    today = ctx.today
    carer_household = set(CarerAccount.objects.values_list("household_id", flat=True))
    households = [
        h for h in ctx.state["households"] if h.status == HouseholdStatus.ACTIVE and h.id not in carer_household
    ]
    if not households:
        return
    lead = ctx.state["la_services"].get(ctx.state.get("lead_authority"))
    services = sorted({h.fostering_service_id for h in households})
    AllegationTarget.objects.bulk_create(
        [AllegationTarget(fostering_service_id=s, target_days=int(t)) for s, t in zip(services, rng.choice([30, 30, 45, 60], size=len(services)), strict=True)]
    )  # fmt: skip
    n = max(12, int(round(len(households) * 0.03 * 2)))
    picked_idx = list(rng.choice(len(households), size=min(n, len(households)), replace=False))
    if lead is not None:
        lead_idx = [i for i, h in enumerate(households) if h.fostering_service_id == lead.id and i not in picked_idx][
            :10
        ]
        picked_idx = lead_idx + picked_idx
    outcomes = list(AllegationOutcome)
    outcome_p = np.array([0.15, 0.35, 0.3, 0.12, 0.08])
    categories = list(AllegationCategory)
    allegations, changes, under = [], [], []
    for k, i in enumerate(picked_idx):
        h = households[int(i)]
        # Stages: the first ten are spread over every stage so each appears.
        stage = k % 10 if k < 10 else int(rng.choice(10, p=STAGE_P))
        if stage < 3:  # open: within target, around it, well past it
            received = today - dt.timedelta(days=[10, 35, 120][stage])
            concluded, outcome = None, ""
        else:
            received = today - dt.timedelta(days=int(rng.integers(60, 700)))
            concluded = min(today, received + dt.timedelta(days=int(rng.gamma(3, 14))))
            outcome = (
                outcomes[stage - 3].value
                if stage - 3 < len(outcomes)
                else str(rng.choice([o.value for o in outcomes], p=outcome_p))
            )
        support = bool(rng.random() < 0.8)
        after = ""
        if concluded is not None:
            after = (
                HouseholdStatus.DEREGISTERED
                if outcome == AllegationOutcome.SUBSTANTIATED and rng.random() < 0.6
                else HouseholdStatus.ACTIVE
            )
        allegations.append(Allegation(
            household=h, received_on=received, category=categories[int(rng.integers(len(categories)))],
            summary="Concern raised by school about an injury." if k % 2 else "Child told their social worker about an argument.",
            investigating_officer=INVESTIGATORS[k % len(INVESTIGATORS)], independent_support_offered=support,
            independent_support_worker=SUPPORTERS[k % len(SUPPORTERS)] if support else "", outcome=outcome,
            concluded_on=concluded, status_before=HouseholdStatus.ACTIVE, status_after=after,
        ))  # fmt: skip
        changes.append(HouseholdStatusChange(household=h, status=HouseholdStatus.UNDER_INVESTIGATION, changed_on=received,
                                             reason="Allegation under investigation"))  # fmt: skip
        if concluded is None:
            under.append((h, received))
        else:
            changes.append(HouseholdStatusChange(household=h, status=after, changed_on=concluded,
                                                 reason=f"Allegation concluded: {AllegationOutcome(outcome).label.lower()}"))  # fmt: skip
            if after == HouseholdStatus.DEREGISTERED:
                h.status, h.status_since, h.status_reason = (
                    after,
                    concluded,
                    "Deregistered after a substantiated allegation",
                )
                under.append((h, None))
    Allegation.objects.bulk_create(allegations)
    HouseholdStatusChange.objects.bulk_create(changes)
    for h, received in under:
        if received is not None:
            h.status, h.status_since, h.status_reason = (
                HouseholdStatus.UNDER_INVESTIGATION,
                received,
                "Allegation under investigation",
            )
    Household.objects.bulk_update([h for h, _ in under], ["status", "status_since", "status_reason"])
    ctx.log(f"  support: {len(allegations)} allegations ({sum(1 for a in allegations if a.concluded_on is None)} open)")


DEMO_TEAMS = ("fostering.team", "ifa.team")


def _networks(ctx) -> None:
    """Networks in services with enough households: ~15% of households, hub + 6–10 satellites.
    Households that left fostering are less often members (networks help retention)."""
    rng = ctx.rng("support-networks")
    by_service: dict[int, list[Household]] = {}
    for h in ctx.state["households"]:
        by_service.setdefault(h.fostering_service_id, []).append(h)
    carer_household = set(CarerAccount.objects.values_list("household_id", flat=True))
    # Every demo fostering team's service has a network to show (and change) if it can.
    team_services = set(
        FosteringService.objects.filter(
            organisation__in=User.objects.filter(username__in=DEMO_TEAMS).values("organisation")
        ).values_list("id", flat=True)
    )
    networks, members = [], []
    for sid in sorted(by_service):
        hs = by_service[sid]
        count = len(hs) * 15 // 100 // 8
        if count == 0 and sid in team_services and len(hs) >= 1 + MIN_SATELLITES:
            count = 1
        if count == 0:
            continue
        weights = np.array(
            [0.35 if h.status in (HouseholdStatus.RESIGNED, HouseholdStatus.DEREGISTERED) else 1.0 for h in hs]
        )
        order = list(rng.choice(len(hs), size=min(len(hs), count * 11), replace=False, p=weights / weights.sum()))
        # The demo carer's household is always a satellite, so the carer sees a network.
        mine = [j for j, h in enumerate(hs) if h.id in carer_household]
        order = mine + [j for j in order if j not in mine]
        pos = 0
        for k in range(count):
            size = int(rng.integers(6, 11))
            group = [hs[int(j)] for j in order[pos : pos + size + 1]]
            pos += size + 1
            if len(group) < 7:
                break
            hub_at = next(
                (g for g, h in enumerate(group) if h.status == HouseholdStatus.ACTIVE and h.id not in carer_household),
                0,
            )
            hub = group.pop(hub_at)
            started = ctx.today - dt.timedelta(days=int(rng.integers(120, 1500)))
            network = PeerNetwork(
                fostering_service_id=sid,
                name=f"{hub.town or hub.postcode_district} constellation {k + 1}",
                hub=hub,
                started_on=started,
            )
            networks.append(network)
            members.append((network, group, started))
    PeerNetwork.objects.bulk_create(networks)
    PeerNetworkHub.objects.bulk_create(
        [PeerNetworkHub(network=n, household=n.hub, from_on=n.started_on) for n in networks]
    )
    rows = [PeerNetworkMember(network=n, household=h, joined_on=started + dt.timedelta(days=int(rng.integers(0, 60))))
            for n, group, started in members for h in group]  # fmt: skip
    # Membership changes after the start: about one satellite in eight has since left its
    # network (kept as history); the demo carer's household stays.
    left = 0
    for row in rows:
        days_in = (ctx.today - row.joined_on).days
        if row.household_id not in carer_household and days_in > 60 and rng.random() < 0.125:
            row.left_on = row.joined_on + dt.timedelta(days=int(rng.integers(30, days_in)))
            left += 1
    PeerNetworkMember.objects.bulk_create(rows, batch_size=5000)
    ctx.log(
        f"  support: {len(networks)} peer-support networks with {len(rows)} satellite households ({left} since left)"
    )


def _staying_put(ctx) -> None:
    rng = ctx.rng("support-staying-put")
    today = ctx.today
    fostered = set(Placement.objects.current().foster().values_list("child_id", flat=True))
    young = [c for c in ctx.state["children"] if c.id in fostered and 16 <= c.age_on(today) < 18]
    keys = list(INTENTION_P)
    p = np.array(list(INTENTION_P.values()))
    rows = []
    for c in young:
        if rng.random() < 0.3:
            continue  # not yet discussed
        intention = keys[int(rng.choice(len(keys), p=p))]
        birthday16 = dt.date(c.date_of_birth.year + 16, c.date_of_birth.month, min(c.date_of_birth.day, 28))
        span = max(1, (today - birthday16).days)
        rows.append(StayingPutIntention(child=c, intention=intention, reasons=INTENTION_REASONS[intention],
                                        discussed_on=birthday16 + dt.timedelta(days=int(rng.integers(0, span)))))  # fmt: skip
    StayingPutIntention.objects.bulk_create(rows, batch_size=5000)
    ctx.log(
        f"  support: Staying Put intentions for {len(rows)} of {len(young)} young people aged 16 and 17 in foster care"
    )
