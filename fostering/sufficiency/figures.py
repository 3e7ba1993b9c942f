"""Figures tables for a user's areas, built from the latest snapshot: what the dashboard,
its CSV/XLSX downloads and the API all show. Every function takes the requesting user's
:class:`~fostering.sufficiency.areas.Scope` (from ``areas.scope_for(user)``) and returns
tables already suppressed for that user (core.suppression)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

from fostering.core.codes import PlacementType
from fostering.core.needs import NEED_DOMAINS
from fostering.core.suppression import Column, Table, suppress_table

from . import forecast as fc
from .areas import Area, Scope
from .gaps import kind_for
from .periods import AGE_BANDS
from .snapshot import Figures
from .unmatched import RULE_REASONS

TREND_MONTHS = 36
_index_cache: dict[tuple, dict] = {}


def _by_la(figures: Figures, table: str) -> dict[str, list[dict]]:
    key = (figures.id, figures.computed_at, table)
    if key not in _index_cache:
        if len(_index_cache) > 64:
            _index_cache.clear()
        index: dict[str, list[dict]] = defaultdict(list)
        for row in figures.rows(table):
            index[row["la"]].append(row)
        _index_cache[key] = index
    return _index_cache[key]


def _sum(rows: Iterable[dict], into: dict | None = None) -> dict[str, Any]:
    out = into if into is not None else {}
    for row in rows:
        for k, v in row.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                out[k] = out.get(k, 0) + v
    return out


def area_total(figures: Figures, table: str, area: Area, where=None) -> dict[str, Any]:
    """Sum of ``table``'s numeric columns over the area's authorities (optionally filtered)."""
    index = _by_la(figures, table)
    out: dict[str, Any] = {}
    for code in area.la_codes:
        rows = index.get(code, ())
        _sum((r for r in rows if where is None or where(r)), out)
    return out


def area_total_by(figures: Figures, table: str, area: Area, group: str) -> dict[str, dict[str, Any]]:
    index = _by_la(figures, table)
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for code in area.la_codes:
        for r in index.get(code, ()):
            _sum([r], out[r[group]])
    return out


def _suppressed(table: Table, row_groups=(), column_groups=()) -> Table:
    """Primary suppression for the rows the viewer sees only as aggregates, and secondary
    suppression over the cells that add up (see core.suppression)."""
    return suppress_table(table, lambda r: r.pop("_suppress", True), row_groups=row_groups, column_groups=column_groups)


def _count_keys(columns: list[Column]) -> list[str]:
    return [c.key for c in columns if c.kind == "count"]


def area_groups(rows: list[dict], scope: Scope, keys: list[str]) -> list[tuple[list[int], list[str]]]:
    """Column groups for a table with one row per area: each aggregate (region, consortium,
    England) with its authorities, and England with its regions, wherever every part is a
    row of the table (so a lone hidden part could be worked out from the total)."""
    position = {r.get("area_key"): i for i, r in enumerate(rows)}
    la_rows = {next(iter(a.la_codes)): position[a.key] for a in scope.authorities if a.key in position}
    regions = [a for a in scope.aggregates if a.level == "region" and a.key in position]
    groups = []
    for area in scope.aggregates:
        if area.key not in position:
            continue
        if all(code in la_rows for code in area.la_codes):
            groups.append(([*(la_rows[c] for c in sorted(area.la_codes)), position[area.key]], keys))
        if area.level == "england" and regions and frozenset().union(*(r.la_codes for r in regions)) == area.la_codes:
            groups.append(([*(position[r.key] for r in regions), position[area.key]], keys))
    return groups


def _area_cells(area: Area) -> dict[str, Any]:
    return {"area": area.name, "level": area.level_label, "area_key": area.key, "_suppress": area.suppressed}


AREA_COLUMNS = [Column("area", "Area", "text"), Column("level", "Level", "text")]

SUPPLY_DEMAND_COLUMNS = [
    *AREA_COLUMNS,
    Column("households", "Approved households"),
    Column("approved_places", "Approved places"),
    Column("filled_places", "Filled places"),
    Column("vacancies_fresh", "Vacancies (fresh)"),
    Column("vacancies_stale", "Vacancies (stale)"),
    Column("children_in_care", "Children in care"),
    Column("children_in_foster_care", "In foster care"),
    Column("open_referrals", "Open referrals"),
    Column("children_referred", "Children in open referrals"),
    Column("placed_outside_la", "Fostered outside own LA"),
    Column("placed_far_from_home", "Fostered over 20 km from home"),
]


def supply_and_demand(figures: Figures, scope: Scope, areas: list[Area] | None = None) -> Table:
    """One row per area in scope: places and vacancies against children and referrals."""
    rows = []
    for area in areas if areas is not None else scope.areas:
        row = _area_cells(area)
        for table in ("supply", "children", "fostered", "referrals"):
            row.update({k: v for k, v in area_total(figures, table, area).items()})
        for c in SUPPLY_DEMAND_COLUMNS[2:]:
            row.setdefault(c.key, 0)
        rows.append(row)
    return _suppressed(
        Table(
            "supply_demand", "Supply and demand by area", SUPPLY_DEMAND_COLUMNS, rows,
            "Supply counts households by where they live; demand counts children by the authority responsible for them. "
            "Fresh vacancies were confirmed in the last week; stale ones earlier or never.",
        ),
        column_groups=area_groups(rows, scope, _count_keys(SUPPLY_DEMAND_COLUMNS)),
    )  # fmt: skip


def by_provider(figures: Figures, area: Area) -> Table:
    supply = area_total_by(figures, "supply", area, "provider")
    fostered = area_total(figures, "fostered", area)
    rows = []
    for key, label in (("la", "Local authority services"), ("ifa", "Independent fostering agencies")):
        s = supply.get(key, {})
        rows.append(
            {
                "provider": label, "_suppress": area.suppressed,
                "households": s.get("households", 0), "approved_places": s.get("approved_places", 0),
                "filled_places": s.get("filled_places", 0), "vacancies_fresh": s.get("vacancies_fresh", 0),
                "vacancies_stale": s.get("vacancies_stale", 0),
                "children_fostered": fostered.get("fostered_la_service" if key == "la" else "fostered_ifa", 0),
            }
        )  # fmt: skip
    columns = [
        Column("provider", "Provider", "text"), Column("households", "Approved households"),
        Column("approved_places", "Approved places"), Column("filled_places", "Filled places"),
        Column("vacancies_fresh", "Vacancies (fresh)"), Column("vacancies_stale", "Vacancies (stale)"),
        Column("children_fostered", "Children fostered by this provider kind"),
    ]  # fmt: skip
    # The two provider kinds add up to the area's row in "Supply and demand by area".
    return _suppressed(
        Table("by_provider", f"Supply by provider: {area.name}", columns, rows),
        column_groups=[([0, 1], _count_keys(columns))],
    )


def by_age_band(figures: Figures, area: Area) -> Table:
    supply = area_total(figures, "supply", area)
    children = area_total(figures, "children", area)
    fostered = area_total(figures, "fostered", area)
    rows = []
    for label, low, _high in AGE_BANDS:
        rows.append(
            {
                "age_band": label, "_suppress": area.suppressed,
                "places": supply.get(f"places_age_{low}", 0), "vacancies": supply.get(f"vacancies_age_{low}", 0),
                "children_in_care": children.get(f"age_{low}", 0), "in_foster_care": fostered.get(f"fostered_age_{low}", 0),
            }
        )  # fmt: skip
    columns = [
        Column("age_band", "Age", "text"), Column("places", "Approved places for this age"),
        Column("vacancies", "Vacancies for this age"), Column("children_in_care", "Children in care"),
        Column("in_foster_care", "In foster care"),
    ]  # fmt: skip
    # Children fall in one band each: the bands add up to the area's children in care.
    return _suppressed(
        Table("by_age_band", f"Supply and demand by age: {area.name}", columns, rows,
              "A household approved for ages 0–18 counts in every band, so places by band add up to more than the total."),
        column_groups=[(list(range(len(rows))), ["children_in_care", "in_foster_care"])],
    )  # fmt: skip


def by_placement_type(figures: Figures, area: Area) -> Table:
    supply = area_total(figures, "supply", area)
    referrals = area_total(figures, "referrals", area)
    rows = [
        {
            "placement_type": pt.label, "_suppress": area.suppressed,
            "households": supply.get(f"households_type_{pt.value}", 0), "vacancies": supply.get(f"vacancies_type_{pt.value}", 0),
            "open_referrals": referrals.get(f"referrals_type_{pt.value}", 0),
        }
        for pt in PlacementType
    ]  # fmt: skip
    columns = [Column("placement_type", "Placement type", "text"), Column("households", "Households approved"),
               Column("vacancies", "Vacancies"), Column("open_referrals", "Open referrals wanting it")]  # fmt: skip
    # Each referral wants one placement type: they add up to the area's open referrals.
    return _suppressed(
        Table("by_placement_type", f"Supply by placement type: {area.name}", columns, rows),
        column_groups=[(list(range(len(rows))), ["open_referrals"])],
    )


def sibling_capacity(figures: Figures, area: Area) -> Table:
    supply = area_total(figures, "supply", area)
    referrals = area_total(figures, "referrals", area)
    rows = [
        {"group": f"{n} or more children", "_suppress": area.suppressed,
         "households": supply.get(f"households_for_{n}", 0), "with_vacancies": supply.get(f"vacancies_for_{n}", 0),
         "open_referrals": referrals.get(f"referrals_group_{n}", 0)}
        for n in (2, 3)
    ]  # fmt: skip
    columns = [Column("group", "Sibling group", "text"), Column("households", "Households approved for"),
               Column("with_vacancies", "Households with that many vacant places"),
               Column("open_referrals", "Open referrals for a group this size together")]  # fmt: skip
    return _suppressed(Table("sibling_capacity", f"Sibling-group capacity: {area.name}", columns, rows))


def needs_and_capability(figures: Figures, area: Area) -> Table:
    capability = area_total(figures, "capability", area)
    needs = area_total(figures, "needs", area)
    rows = []
    for d in NEED_DOMAINS:
        rows.append(
            {
                "domain": d.label, "_suppress": area.suppressed,
                "capable_households": capability.get(f"capable_{d.code}", 0),
                "children_need_2": needs.get(f"need_{d.code}_2", 0),
                "children_need_3": needs.get(f"need_{d.code}_3", 0),
            }
        )  # fmt: skip
    columns = [
        Column("domain", "Need domain", "text"),
        Column("capable_households", "Households experienced or specialist (capability 2+)"),
        Column("children_need_2", "Children in care: needs action (2)"),
        Column("children_need_3", "Children in care: intensive (3)"),
    ]
    return _suppressed(
        Table("needs_capability", f"Needs of children in care against carers' capability: {area.name}", columns, rows,
              "Children's needs from their latest needs profile; capability as assessed by the household's service.")
    )  # fmt: skip


GAP_COLUMNS = [
    *AREA_COLUMNS,
    Column("rank", "Rank", "text"),
    Column("kind", "Kind of place", "text"),
    Column("demand", "Demand (waiting now)"),
    Column("suitable_supply", "Suitable vacancies"),
    Column("shortfall", "Shortfall: recruitment target"),
    Column("evidence", "Evidence", "text"),
]


def gaps_and_targets(figures: Figures, scope: Scope) -> Table:
    """Ranked recruitment targets: each authority's shortfalls, then each aggregate's
    (the sum of its authorities' shortfalls)."""
    rows = []
    index = _by_la(figures, "gaps")
    for area in scope.areas:
        per_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"demand": 0, "suitable_supply": 0, "shortfall": 0})
        for code in area.la_codes:
            for r in index.get(code, ()):
                k = per_kind[r["kind"]]
                for f in ("demand", "suitable_supply", "shortfall"):
                    k[f] += r[f]
        for key, v in per_kind.items():
            if v["demand"] == 0 and area.level == "la":
                continue
            kind = kind_for(key)
            rows.append(
                {
                    **_area_cells(area), "kind": kind.label, **v,
                    "evidence": f"{kind.demand_label}; {kind.supply_label}",
                }
            )  # fmt: skip
    rows.sort(key=lambda r: (-r["shortfall"], -r["demand"], r["area"], r["kind"]))
    for i, r in enumerate(rows, start=1):
        r["rank"] = str(i)
    return _suppressed(
        Table("gaps", "Gaps and recruitment targets", GAP_COLUMNS, rows,
              "Demand is what waits in open referrals now; suitable vacancies are households in the area that could take it. "
              "An aggregate's shortfall is the sum of its authorities' shortfalls.")
    )  # fmt: skip


UNMATCHED_COLUMNS = [
    *AREA_COLUMNS,
    Column("referrals_assessed", "Open referrals checked"),
    Column("no_suitable_household", "Found no suitable household"),
    *[Column(f"rule_{code}", f"Main reason: {reason}") for code, reason in RULE_REASONS.items()],
]
UNMATCHED_NOTE = (
    "Each open referral was shortlisted with the matching engine against the register, as a placement officer's "
    "shortlist would be. For a referral with no suitable household, the main reason is the hard rule that ruled out "
    "the most active, approved households (a home failing several rules counts under each). Referrals are counted "
    "by the authority that made them; a referral that names no child yet is not checked."
)


def unmatched_referrals(figures: Figures, scope: Scope, areas: list[Area] | None = None) -> Table:
    """One row per area: open referrals, those that found no suitable household, and how
    many of those each hard rule was the main reason for."""
    rows = []
    for area in areas if areas is not None else scope.areas:
        row = {**_area_cells(area), **{c.key: 0 for c in UNMATCHED_COLUMNS[2:]}}
        row.update(area_total(figures, "unmatched", area))
        rows.append(row)
    # The main reasons add up to the referrals with no suitable household.
    return _suppressed(
        Table("unmatched", "Referrals that found no suitable household, by area", UNMATCHED_COLUMNS, rows,
              UNMATCHED_NOTE),
        row_groups=[["no_suitable_household", *(f"rule_{code}" for code in RULE_REASONS)]],
        column_groups=area_groups(rows, scope, _count_keys(UNMATCHED_COLUMNS)),
    )  # fmt: skip


def unmatched_reasons(figures: Figures, area: Area) -> Table:
    """For one area: each hard rule and the referrals it was the main reason for."""
    from fostering.matching.engine import RULE_BY_CODE

    total = area_total(figures, "unmatched", area)
    rows = [
        {"reason": reason, "requirement": RULE_BY_CODE[code].label, "rule": code, "_suppress": area.suppressed,
         "referrals": total.get(f"rule_{code}", 0)}
        for code, reason in RULE_REASONS.items()
    ]  # fmt: skip
    columns = [Column("reason", "Main reason no household was suitable", "text"),
               Column("requirement", "What the rule requires", "text"),
               Column("rule", "Rule code (matching engine)", "text"),
               Column("referrals", "Referrals with no suitable household")]  # fmt: skip
    return _suppressed(
        Table("unmatched_reasons", f"Why open referrals found no suitable household: {area.name}", columns, rows,
              f"Of {area.name}'s open referrals that found no suitable household, how many each hard rule was the "
              "main reason for (the rule that ruled out the most active, approved households)."),
        column_groups=[(list(range(len(rows))), ["referrals"])],
    )  # fmt: skip


def _months(figures: Figures, n: int) -> list[str]:
    meta = figures.rows("_meta")
    last = meta[0]["last_full_month"] if meta else None
    if last is None:
        return []
    import datetime as dt

    from .periods import add_months

    year, month = (int(p) for p in last.split("-"))
    end = dt.date(year, month, 1)
    return [f"{d:%Y-%m}" for d in (add_months(end, -i) for i in range(n - 1, -1, -1))]


def monthly_series(figures: Figures, area: Area, months: int = TREND_MONTHS) -> dict[str, list[int]]:
    keys = _months(figures, months)
    out = {"placements_started": [0] * len(keys), "foster_placements_started": [0] * len(keys),
           "referrals_opened": [0] * len(keys)}  # fmt: skip
    pos = {m: i for i, m in enumerate(keys)}
    for table in ("placements_by_month", "referrals_by_month"):
        index = _by_la(figures, table)
        for code in area.la_codes:
            for r in index.get(code, ()):
                i = pos.get(r["month"])
                if i is None:
                    continue
                for f in out:
                    if f in r:
                        out[f][i] += r[f]
    return {"months": keys, **out}


def trends(figures: Figures, area: Area) -> Table:
    series = monthly_series(figures, area)
    rows = [
        {"month": m, "_suppress": area.suppressed, "placements_started": a, "foster_placements_started": b,
         "referrals_opened": c}
        for m, a, b, c in zip(series["months"], series["placements_started"], series["foster_placements_started"],
                              series["referrals_opened"], strict=True)
    ]  # fmt: skip
    columns = [Column("month", "Month", "text"), Column("placements_started", "Placements started"),
               Column("foster_placements_started", "Foster placements started"),
               Column("referrals_opened", "Referrals opened")]  # fmt: skip
    return _suppressed(Table("trends", f"Placements and referrals by month: {area.name}", columns, rows))


def _forecast_for(figures: Figures, area: Area) -> fc.Forecast:
    series = monthly_series(figures, area, months=60)
    values = series["foster_placements_started"]
    months = series["months"]
    first = next((i for i, v in enumerate(values) if v), len(values))  # start at the first month with data
    return fc.forecast_series(months[first:], values[first:])


def precompute_forecasts(figures: Figures) -> dict[str, dict]:
    """Forecasts for England and each region, stored with the snapshot so the national and
    regional pages never wait for a model fit (authorities' are fitted on first view)."""
    from fostering.geography.models import LocalAuthority, Region

    las = list(LocalAuthority.objects.values_list("code", "region_id"))
    wanted = [Area("england", "england", "England", frozenset(c for c, _ in las), True)]
    for region in Region.objects.all():
        codes = frozenset(c for c, r in las if r == region.code)
        wanted.append(Area(f"region:{region.code}", "region", region.name, codes, True))
    out = {}
    for area in wanted:
        result = _forecast_for(figures, area)
        out[area.key] = {"method": result.method, "interval": result.interval,
                         "months": [[m.month, m.point, m.lower, m.upper] for m in result.months]}  # fmt: skip
    return out


def forecast(figures: Figures, area: Area) -> tuple[Table, fc.Forecast]:
    """12-month forecast of foster placements started (demand): precomputed for England and
    regions, otherwise fitted on first view and cached per snapshot and area."""
    stored = (figures.tables.get("forecasts") or {}).get(area.key)
    key = f"sufficiency-forecast:{figures.id}:{figures.computed_at.timestamp()}:{area.key}"
    if stored:
        result = fc.Forecast([fc.ForecastMonth(*m) for m in stored["months"]], stored["method"], stored["interval"])
    else:
        result = cache.get(key)
    if result is None:
        result = _forecast_for(figures, area)
        cache.set(key, result, 24 * 3600)
    rows = [
        {"month": m.month, "_suppress": area.suppressed, "point": m.point, "lower": m.lower, "upper": m.upper}
        for m in result.months
    ]
    columns = [Column("month", "Month", "text"), Column("point", "Forecast foster placements started"),
               Column("lower", f"Lower ({result.interval:.0%} interval)"),
               Column("upper", f"Upper ({result.interval:.0%} interval)")]  # fmt: skip
    note = f"Model: {result.method}. The band is the {result.interval:.0%} prediction interval."
    return _suppressed(Table("forecast", f"Demand forecast, next 12 months: {area.name}", columns, rows, note)), result


def needs_over_time(figures: Figures, area: Area) -> Table:
    """Valuing Care: children at need level 2+ in each domain, month by month."""
    index = _by_la(figures, "needs_by_month")
    per_month: dict[str, dict[str, int]] = defaultdict(dict)
    for code in area.la_codes:
        for r in index.get(code, ()):
            _sum([r], per_month[r["month"]])
    rows = []
    for month in sorted(per_month):
        t = per_month[month]
        row = {"month": month, "_suppress": area.suppressed, "profiled": t.get("profiled", 0)}
        for d in NEED_DOMAINS:
            row[d.code] = t.get(f"need_{d.code}_2", 0) + t.get(f"need_{d.code}_3", 0)
        rows.append(row)
    columns = [Column("month", "Month", "text"), Column("profiled", "Children assessed by then"),
               *[Column(d.code, f"{d.label}: need 2–3") for d in NEED_DOMAINS]]  # fmt: skip
    return _suppressed(
        Table("needs_over_time", f"Needs over time (children at level 2–3): {area.name}", columns, rows,
              "Each month counts today's children in care by their latest needs profile at the month's end.")
    )  # fmt: skip


def all_tables(figures: Figures, scope: Scope, focus: Area) -> dict[str, Table]:
    forecast_table, _ = forecast(figures, focus)
    return {
        "supply_demand": supply_and_demand(figures, scope),
        "by_provider": by_provider(figures, focus),
        "by_age_band": by_age_band(figures, focus),
        "by_placement_type": by_placement_type(figures, focus),
        "sibling_capacity": sibling_capacity(figures, focus),
        "needs_capability": needs_and_capability(figures, focus),
        "gaps": gaps_and_targets(figures, scope),
        "unmatched": unmatched_referrals(figures, scope),
        "unmatched_reasons": unmatched_reasons(figures, area=focus),
        "trends": trends(figures, focus),
        "forecast": forecast_table,
        "needs_over_time": needs_over_time(figures, focus),
    }
