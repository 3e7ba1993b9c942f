"""Cost benchmarks: average and distribution (median, quartiles) of the weekly cost of
current foster placements by area, provider type, need level and purchase route; IFA
price schedules compared; frameworks.

Medians and quartiles cannot be added up from authorities to regions, so each area —
every authority, region, consortium and England — is computed directly (pandas over one
query's rows; a few hundred milliseconds nationally) and stored as a precomputed snapshot
(kind "costs"), refreshed with the sufficiency figures. Costs belong to the authority
responsible for the child.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db.models import Count, Q
from django.utils import timezone

from fostering.geography.models import LocalAuthority
from fostering.organisations.models import FosteringService, Organisation
from fostering.sufficiency.models import SufficiencySnapshot
from fostering.sufficiency.snapshot import Figures, latest_of, store

from .models import Framework, PlacementCost, PriceSchedule

STATS = ("n", "mean", "median", "q1", "q3", "min", "max")


def _frame():
    import pandas as pd

    rows = PlacementCost.objects.filter(placement__ended_on__isnull=True).values_list(
        "placement__child__local_authority_id",
        "placement__fostering_service__kind",
        "need_level",
        "route",
        "weekly_total",
    )
    df = pd.DataFrame.from_records(list(rows), columns=["la", "provider", "need_level", "route", "cost"])
    df["cost"] = df["cost"].astype(float)
    return df


def _with_areas(df):
    """One copy of each row per area it belongs to: its authority, region, consortia, England."""
    import pandas as pd

    region_of = dict(LocalAuthority.objects.values_list("code", "region_id"))
    parts = [
        df.assign(area="la:" + df["la"]),
        df.assign(area="region:" + df["la"].map(region_of)),
        df.assign(area="england"),
    ]
    for org in Organisation.objects.filter(kind=Organisation.Kind.CONSORTIUM).prefetch_related("member_authorities"):
        codes = {la.code for la in org.member_authorities.all()}
        parts.append(df[df["la"].isin(codes)].assign(area=f"consortium:{org.pk}"))
    return pd.concat(parts, ignore_index=True)


def _stats(df, by: list[str]) -> list[dict]:
    if df.empty:
        return []
    g = df.groupby(by)["cost"]
    out = g.agg(n="count", mean="mean", median="median", min="min", max="max")
    out["q1"] = g.quantile(0.25)
    out["q3"] = g.quantile(0.75)
    out = out.reset_index()
    records = out.to_dict("records")
    for r in records:
        for k in ("mean", "median", "q1", "q3", "min", "max"):
            r[k] = round(float(r[k]), 2)
        r["n"] = int(r["n"])
        if "need_level" in r:
            r["need_level"] = int(r["need_level"])
    return records


def compute() -> dict[str, list[dict]]:
    df = _with_areas(_frame())
    ifa = df[df["provider"] == "ifa"]
    return {
        "overall": _stats(df, ["area"]),
        "provider": _stats(df, ["area", "provider"]),
        "need": _stats(df, ["area", "need_level"]),
        "provider_need": _stats(df, ["area", "provider", "need_level"]),
        "route_need": _stats(ifa, ["area", "route", "need_level"]),
        "price_schedules": price_schedules(),
        "frameworks": frameworks(),
    }


def price_schedules() -> list[dict]:
    """Per IFA: spot price and average framework price for each need level, the number of
    frameworks it is on, its current placements and the regions it operates in."""
    spot = {}
    framework: dict[tuple[int, int], list[float]] = {}
    for sid, fw, level, price in PriceSchedule.objects.values_list("fostering_service_id", "framework_id", "need_level",
                                                                   "weekly_price"):  # fmt: skip
        if fw is None:
            spot[(sid, level)] = float(price)
        else:
            framework.setdefault((sid, level), []).append(float(price))
    services = (
        FosteringService.objects.filter(kind=FosteringService.Kind.IFA, price_schedules__isnull=False)
        .distinct()
        .annotate(
            n_frameworks=Count("frameworks", distinct=True),
            n_placements=Count("placements", filter=Q(placements__ended_on__isnull=True), distinct=True),
        )
        .order_by("name")
    )
    regions: dict[int, list[str]] = {}
    for sid, region in FosteringService.regions.through.objects.values_list("fosteringservice_id", "region_id"):
        regions.setdefault(sid, []).append(region)
    out = []
    for s in services:
        row = {"service_id": s.id, "name": s.name, "frameworks": s.n_frameworks, "placements": s.n_placements,
               "regions": sorted(regions.get(s.id, []))}  # fmt: skip
        for level in (1, 2, 3):
            row[f"spot_{level}"] = spot.get((s.id, level))
            fw = framework.get((s.id, level))
            row[f"framework_{level}"] = round(sum(fw) / len(fw), 2) if fw else None
        out.append(row)
    return out


def frameworks() -> list[dict]:
    out = []
    for fw in (
        Framework.objects.select_related("commissioning_organisation__local_authority")
        .prefetch_related("commissioning_organisation__member_authorities")
        .annotate(members=Count("member_services", distinct=True))
    ):
        org = fw.commissioning_organisation
        codes = [la.code for la in org.member_authorities.all()] or (
            [org.local_authority_id] if org.local_authority_id else []
        )
        out.append({"name": fw.name, "commissioner": org.name, "starts_on": fw.starts_on.isoformat(),
                    "ends_on": fw.ends_on.isoformat() if fw.ends_on else "", "members": fw.members, "la_codes": codes})  # fmt: skip
    return out


def refresh(today: dt.date | None = None) -> SufficiencySnapshot:
    started = time.perf_counter()
    now = timezone.now()
    data = compute()
    return store(
        SufficiencySnapshot.Kind.COSTS, data, now, today or timezone.localdate(now), time.perf_counter() - started
    )


def latest() -> Figures:
    return latest_of(SufficiencySnapshot.Kind.COSTS, refresh)
