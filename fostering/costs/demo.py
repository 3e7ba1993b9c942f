"""Demo frameworks, IFA price schedules and placement costs, consistent with the seeds:
LA carers about £475 a week and IFAs about £798 on average, within £350–£900; framework
prices 5–8% below the same agency's spot price; prices rising with need level.

Each consortium lets one framework with about half the IFAs operating in its region. Every
IFA has a spot price per need level, and a framework price on each framework it is on.
Each current foster placement gets a cost record: LA carers' allowance and fee; an IFA's
price under the child's consortium's framework when the agency is on it (most of the time)
or else a spot purchase. The placement's own ``weekly_cost`` is set to the same total, so
the two never disagree. At the very end (a finisher) the precomputed sufficiency and cost figures are refreshed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from fostering.children.models import NeedsProfile
from fostering.core.codes import FOSTER_PLACE_CODES
from fostering.core.needs import DOMAIN_CODES
from fostering.placements.models import Placement

from .models import Framework, PlacementCost, PriceSchedule
from .need_levels import need_level

# Relative price of each need level (mean ≈ 1 over the demo mix 35/45/20).
LEVEL_FACTOR = {1: 0.93, 2: 1.0, 3: 1.12}
SPOT_MEAN, SPOT_SD = 820.0, 45.0  # spot prices; framework purchases pull the IFA average to ~£798
FRAMEWORK_DISCOUNT = (0.92, 0.95)  # framework price = spot × U(0.92, 0.95): 5–8% below
LA_MEAN, LA_SD = 475.0, 50.0
LOW, HIGH = 350.0, 900.0


def _money(x: float) -> Decimal:
    return Decimal(str(round(float(np.clip(x, LOW, HIGH)), 2)))


def contribute(ctx) -> None:
    rng = ctx.rng("costs")
    ifas = list(ctx.state["ifa_services"])
    consortia = list(ctx.state.get("consortia", []))
    regions_of = {s.id: set() for s in ifas}
    for sid, region in _service_regions(ifas):
        regions_of[sid].add(region)

    # Frameworks: one per consortium, about half the IFAs operating in its region.
    frameworks, framework_of_la, members_of = [], {}, {}
    for c in consortia:
        member_las = list(c.member_authorities.all())
        region = member_las[0].region_id if member_las else None
        candidates = [s for s in ifas if region in regions_of[s.id]]
        chosen = [s for s in candidates if rng.random() < 0.5] or candidates[:1]
        fw = Framework.objects.create(
            name=f"{c.name} Foster Care Framework 2024–2028", commissioning_organisation=c,
            starts_on=dt.date(2024, 4, 1), ends_on=dt.date(2028, 3, 31),
        )  # fmt: skip
        fw.member_services.set(chosen)
        frameworks.append(fw)
        members_of[fw.id] = {s.id for s in chosen}
        for la in member_las:
            framework_of_la[la.code] = fw

    # Price schedules: a spot price per level for every IFA; framework prices below it.
    spot: dict[tuple[int, int], float] = {}
    prices: dict[tuple[int, int | None, int], float] = {}
    rows = []
    for s in ifas:
        base = float(rng.normal(SPOT_MEAN, SPOT_SD))
        for level, factor in LEVEL_FACTOR.items():
            p = float(np.clip(base * factor, LOW, HIGH))
            spot[(s.id, level)] = p
            prices[(s.id, None, level)] = p
            rows.append(PriceSchedule(fostering_service=s, framework=None, need_level=level, weekly_price=_money(p)))
    for fw in frameworks:
        for sid in sorted(members_of[fw.id]):
            discount = float(rng.uniform(*FRAMEWORK_DISCOUNT))
            for level in LEVEL_FACTOR:
                p = spot[(sid, level)] * discount
                prices[(sid, fw.id, level)] = p
                rows.append(
                    PriceSchedule(fostering_service_id=sid, framework=fw, need_level=level, weekly_price=_money(p))
                )
    PriceSchedule.objects.bulk_create(rows, batch_size=5000)

    # Placement costs for current foster placements with a fostering service.
    placements = list(
        Placement.objects.filter(ended_on__isnull=True, place__in=FOSTER_PLACE_CODES, fostering_service__isnull=False)
        .order_by("id")
        .values_list("id", "child_id", "child__local_authority_id", "fostering_service_id", "fostering_service__kind")
    )
    levels = _need_levels([p[1] for p in placements])
    costs, updates = [], []
    allowance_share = rng.normal(0.6, 0.05, len(placements))
    la_noise = rng.normal(LA_MEAN, LA_SD, len(placements))
    on_framework_draw = rng.random(len(placements))
    for i, (pid, child_id, la_code, sid, kind) in enumerate(placements):
        level = levels.get(child_id, 2)
        if kind == "la":
            total = _money(la_noise[i] * LEVEL_FACTOR[level])
            allowance = (total * Decimal(str(round(float(np.clip(allowance_share[i], 0.4, 0.8)), 3)))).quantize(
                Decimal("0.01")
            )
            costs.append(PlacementCost(placement_id=pid, route=PlacementCost.Route.IN_HOUSE, need_level=level,
                                       allowance=allowance, fee=total - allowance, weekly_total=total))  # fmt: skip
        else:
            fw = framework_of_la.get(la_code)
            if fw is not None and sid in members_of[fw.id] and on_framework_draw[i] < 0.85:
                total = _money(prices[(sid, fw.id, level)])
                costs.append(PlacementCost(placement_id=pid, route=PlacementCost.Route.FRAMEWORK, framework=fw,
                                           need_level=level, agency_price=total, weekly_total=total))  # fmt: skip
            else:
                total = _money(spot[(sid, level)])
                costs.append(PlacementCost(placement_id=pid, route=PlacementCost.Route.SPOT, need_level=level,
                                           agency_price=total, weekly_total=total))  # fmt: skip
        updates.append(Placement(id=pid, weekly_cost=total))
    PlacementCost.objects.bulk_create(costs, batch_size=5000)
    Placement.objects.bulk_update(updates, ["weekly_cost"], batch_size=5000)
    ctx.log(f"  costs: {len(frameworks)} frameworks, {len(rows):,} prices, {len(costs):,} placement costs")

    # The dashboards read precomputed figures: refresh them once the whole data set exists
    # (as a finisher, so it also sees what other parts add at the end, such as holds).
    ctx.state.setdefault("finishers", []).append(("sufficiency figures", refresh_figures))


def refresh_figures(ctx) -> None:
    from fostering.sufficiency import snapshot

    from . import benchmarks

    # Forecasts and charts made ahead only pay on the big data sets (small: made on first view).
    snapshot.refresh(today=ctx.today, precompute=ctx.scale.name != "small")
    benchmarks.refresh(today=ctx.today)
    ctx.log("  sufficiency and cost figures refreshed")


def _service_regions(ifas) -> list[tuple[int, str]]:
    from fostering.organisations.models import FosteringService

    through = FosteringService.regions.through
    return list(
        through.objects.filter(fosteringservice_id__in=[s.id for s in ifas]).values_list(
            "fosteringservice_id", "region_id"
        )
    )


def _need_levels(child_ids: list[int]) -> dict[int, int]:
    """Each child's need level from their latest needs profile (in SQL-sized batches)."""
    out: dict[int, int] = {}
    fields = [f"need_{d}" for d in DOMAIN_CODES]
    for start in range(0, len(child_ids), 5000):
        batch = child_ids[start : start + 5000]
        for row in (
            NeedsProfile.objects.filter(child_id__in=batch)
            .order_by("child_id", "-assessed_on", "-id")
            .values_list("child_id", *fields)
        ):
            if row[0] not in out:
                out[row[0]] = int(need_level(dict(zip(DOMAIN_CODES, row[1:], strict=True))))
    return out
