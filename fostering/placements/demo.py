"""Demo placements: 73.5% of children looked after in foster care (53,420 of 72,670),
with 64% of households caring for at least one child (16,000 of 44,320 have none), 62%
of fostered children inside their own authority, a history of earlier episodes with
reasons for change in the published proportions, and weekly costs around £475 (LA) and
£798 (IFA)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from fostering.core.bulk import insert_instances
from fostering.core.demo.draw import weighted
from fostering.register.models import HouseholdStatus

from .models import Placement

SHARE_FOSTERED = 53_420 / 72_670
SHARE_HOUSEHOLDS_WITH_CHILD = 1 - 16_000 / 44_320
SHARE_INSIDE_OWN_LA = 0.62
FOSTER_PLACE = {"U1": 0.05, "U2": 0.005, "U3": 0.10, "U4": 0.25, "U5": 0.01, "U6": 0.585}
OTHER_PLACE = {"K2": 0.40, "P1": 0.24, "H5": 0.14, "R1": 0.03, "A5": 0.08, "A6": 0.04, "S1": 0.02, "Z1": 0.05}
# Reasons earlier placements changed: change to care plan 35%, carer request 12%.
CHANGE_REASONS = {
    "CARPL": 0.35, "CREQB": 0.07, "CREQO": 0.05, "LAREQ": 0.14, "CHILD": 0.06, "PLACE": 0.10,
    "OTHER": 0.12, "ALLEG": 0.02, "STAND": 0.02, "CLOSE": 0.02, "APPRR": 0.02, "CUSTOD": 0.03,
}  # fmt: skip


def _weekly_cost(rng, is_ifa: bool) -> float:
    mean, sd = (798, 60) if is_ifa else (475, 55)
    return round(float(np.clip(rng.normal(mean, sd), 350, 900)), 2)


def _district(postcode: str) -> str:
    return postcode.split(" ")[0] if postcode else ""


def contribute(ctx) -> None:
    rng = ctx.rng("placements")
    today = ctx.today
    households = [h for h in ctx.state["households"] if h.status == HouseholdStatus.ACTIVE]
    all_households = ctx.state["households"]
    children = list(ctx.state["children"])
    services = {s.id: s for s in [*ctx.state["la_services"].values(), *ctx.state["ifa_services"]]}
    la_service_of = {code: s.id for code, s in ctx.state["la_services"].items()}
    capacity = {a.household_id: a.max_children for a in _current_approvals(households)}

    n_children = len(children)
    fostered_mask = rng.random(n_children) < SHARE_FOSTERED
    fostered = [c for c, f in zip(children, fostered_mask, strict=True) if f]
    others = [c for c, f in zip(children, fostered_mask, strict=True) if not f]

    # Which households have a child: 64% of all households, all of them active ones.
    n_occupied = min(len(households), int(round(SHARE_HOUSEHOLDS_WITH_CHILD * len(all_households))), len(fostered))
    occupied_idx = rng.choice(len(households), size=n_occupied, replace=False)
    # The demo carer's household always has a child living with it, so their pages
    # (delegated authority, placement details) show something real.
    from fostering.register.models import CarerAccount

    carer_household = CarerAccount.objects.filter(user=ctx.state["users"].get("carer")).values_list(
        "household_id", flat=True
    ).first()
    position = next((i for i, h in enumerate(households) if h.id == carer_household), None)
    if position is not None and position not in set(occupied_idx.tolist()) and len(occupied_idx):
        occupied_idx[0] = position
    occupied = [households[i] for i in sorted(occupied_idx)]
    load = {h.id: 1 for h in occupied}
    extra = len(fostered) - n_occupied
    spare_ids = [h.id for h in occupied for _ in range(capacity.get(h.id, 1) - 1)]
    if extra > 0 and spare_ids:
        for hid in rng.choice(spare_ids, size=min(extra, len(spare_ids)), replace=False):
            load[int(hid)] += 1
    slots = [h for h in occupied for _ in range(load[h.id])]
    rng.shuffle(slots)

    # 62% of fostered children live in their own authority; the rest go to the nearest
    # remaining places (ordered along a south-to-north serpentine so "remaining" is near).
    slots_by_la: dict[str, list] = {}
    for h in slots:
        slots_by_la.setdefault(h.local_authority_id, []).append(h)
    assigned: list[tuple] = []
    leftover_children = []
    by_la: dict[str, list] = {}
    for c in fostered:
        by_la.setdefault(c.local_authority_id, []).append(c)
    for la_code, kids in by_la.items():
        own = slots_by_la.get(la_code, [])
        k = min(len(own), int(round(SHARE_INSIDE_OWN_LA * len(kids))))
        assigned += list(zip(kids[:k], own[:k], strict=True))
        slots_by_la[la_code] = own[k:]
        leftover_children += kids[k:]
    leftover_slots = [h for hs in slots_by_la.values() for h in hs]

    def serpentine(e: float, n: float) -> tuple:
        band = int(n // 25_000)
        return (band, e if band % 2 == 0 else -e)

    leftover_children.sort(key=lambda c: serpentine(c.home_easting, c.home_northing))
    leftover_slots.sort(key=lambda h: serpentine(h.easting, h.northing))
    # Avoid pairing a leftover child with their own authority (they were the 38% outside).
    for c in leftover_children:
        if not leftover_slots:
            others.append(c)
            continue
        pick = next((i for i, h in enumerate(leftover_slots[:500]) if h.local_authority_id != c.local_authority_id), 0)
        assigned.append((c, leftover_slots.pop(pick)))

    rows = []
    foster_codes = weighted(rng, FOSTER_PLACE, len(assigned))
    for (c, h), place in zip(assigned, foster_codes, strict=True):
        service = services[h.fostering_service_id]
        if service.kind == "ifa":
            provider = "PR5" if service.sector == "voluntary" else "PR4"
        else:
            provider = "PR1" if la_service_of.get(c.local_authority_id) == service.id else "PR2"
        start = today - dt.timedelta(days=int(rng.integers(7, 3 * 365)))
        start = max(start, c.date_of_birth)
        rows.append(
            Placement(
                child=c, household=h, fostering_service=service, started_on=start, rne="P",
                legal_status=c.legal_status, category_of_need=c.category_of_need, place=place,
                place_provider=provider, home_postcode=_district(c.home_postcode),
                placement_postcode=h.postcode_district, urn=service.ofsted_urn,
                distance_from_home_km=round(float(np.hypot(h.easting - c.home_easting, h.northing - c.home_northing)) / 1000, 1),
                weekly_cost=_weekly_cost(rng, service.kind == "ifa"),
            )
        )  # fmt: skip
    other_codes = weighted(rng, OTHER_PLACE, len(others))
    for c, place in zip(others, other_codes, strict=True):
        start = max(c.date_of_birth, today - dt.timedelta(days=int(rng.integers(7, 2 * 365))))
        provider = "PR0" if place == "P1" else str(rng.choice(["PR1", "PR4", "PR4", "PR5"]))
        rows.append(
            Placement(
                child=c, started_on=start, rne="P", legal_status=c.legal_status,
                category_of_need=c.category_of_need, place=place, place_provider=provider,
                home_postcode=_district(c.home_postcode),
                weekly_cost=round(float(rng.normal(3800, 900)), 2) if place in {"K2", "R1", "S1"} else None,
            )
        )  # fmt: skip

    # Earlier episodes: 0–3 per child before the current one, each ended with a reason.
    history = []
    current_start = {p.child_id: p.started_on for p in rows}
    reasons = weighted(rng, CHANGE_REASONS, len(children) * 3)
    r = 0
    for c in children:
        end = current_start[c.id]
        for _ in range(int(rng.choice([0, 0, 1, 1, 2, 3]))):
            start = end - dt.timedelta(days=int(rng.integers(30, 500)))
            if start < c.date_of_birth:
                break
            h = all_households[int(rng.integers(len(all_households)))]
            service = services[h.fostering_service_id]
            history.append(
                Placement(
                    child=c, household=h, fostering_service=service, started_on=start, ended_on=end,
                    rne="P", legal_status=c.legal_status, category_of_need=c.category_of_need,
                    place=str(rng.choice(["U4", "U6", "U6"])),
                    place_provider="PR4" if service.kind == "ifa" else "PR1", reason_ceased="X1",
                    reason_place_change=reasons[r], home_postcode=_district(c.home_postcode),
                    placement_postcode=h.postcode_district, urn=service.ofsted_urn,
                    weekly_cost=_weekly_cost(rng, service.kind == "ifa"),
                )
            )  # fmt: skip
            r += 1
            end = start
        if history and history[-1].child_id == c.id:
            history[-1].rne = "S"
    with_history = {p.child_id for p in history}
    for p in rows:
        if p.child_id not in with_history:
            p.rne = "S"
    insert_instances(Placement, history + rows)
    ctx.log(
        f"  placements: {len(assigned):,} children fostered in {len(occupied):,} households, "
        f"{len(others):,} elsewhere, {len(history):,} earlier episodes"
    )


def _current_approvals(households):
    from fostering.register.models import Approval

    ids = [h.id for h in households]
    out = []
    for start in range(0, len(ids), 5000):
        out += list(Approval.objects.filter(household_id__in=ids[start : start + 5000], ended_on__isnull=True))
    return out
