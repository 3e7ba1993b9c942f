"""Cost benchmark tables for a user's areas (scope from sufficiency.areas), already
suppressed: for aggregates-only viewers, a count of placements below 5 hides the count and
every cost figure computed from it."""

from __future__ import annotations

from typing import Any

from fostering.core.suppression import Column, Table, suppress_table
from fostering.sufficiency.areas import Area, Scope
from fostering.sufficiency.snapshot import Figures

from .models import NeedLevel

PROVIDERS = {"la": "Local authority carers", "ifa": "Independent fostering agencies"}
LEVELS = {int(v): label for v, label in NeedLevel.choices}


def _stat_columns(prefix: str = "", label: str = "") -> list[Column]:
    n = f"{prefix}n"
    names = ("placements", "mean weekly cost", "median", "lower quartile", "upper quartile")
    labels = [f"{label}: {x}" for x in names] if label else [x.capitalize() for x in names]
    return [
        Column(n, labels[0]),
        Column(f"{prefix}mean", labels[1], "money", n),
        Column(f"{prefix}median", labels[2], "money", n),
        Column(f"{prefix}q1", labels[3], "money", n),
        Column(f"{prefix}q3", labels[4], "money", n),
    ]


def _index(figures: Figures, table: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in figures.rows(table):
        out.setdefault(r["area"], []).append(r)
    return out


def _stats(row: dict | None) -> dict[str, Any]:
    row = row or {}
    return {k: row.get(k, 0 if k == "n" else None) for k in ("n", "mean", "median", "q1", "q3")}


def _suppressed(table: Table) -> Table:
    return suppress_table(table, lambda r: r.pop("_suppress", True))


AREA = [Column("area", "Area", "text"), Column("level", "Level", "text")]


def by_area(figures: Figures, scope: Scope) -> Table:
    """Each area in scope: an LA beside its region and England (LA commissioners), every
    area (analysts)."""
    index = _index(figures, "overall")
    rows = []
    for area in scope.areas:
        found = index.get(area.key, [None])[0]
        rows.append({"area": area.name, "level": area.level_label, "area_key": area.key, "_suppress": area.suppressed,
                     **_stats(found)})  # fmt: skip
    return _suppressed(
        Table("cost_by_area", "Weekly cost of current foster placements by area", [*AREA, *_stat_columns()], rows,
              "Costs of placements made by the authority responsible for the child (LA carers' allowance and fee, "
              "or the agency's weekly price).")
    )  # fmt: skip


def by_provider(figures: Figures, area: Area) -> Table:
    found = {r["provider"]: r for r in _index(figures, "provider").get(area.key, [])}
    rows = [
        {"provider": label, "_suppress": area.suppressed, **_stats(found.get(key))} for key, label in PROVIDERS.items()
    ]
    return _suppressed(
        Table("cost_by_provider", f"Weekly cost by provider type: {area.name}",
              [Column("provider", "Provider", "text"), *_stat_columns()], rows)
    )  # fmt: skip


def by_need(figures: Figures, area: Area) -> Table:
    """Cost against need in the area: each need level, for LA carers and IFAs."""
    found = {(r["provider"], r["need_level"]): r for r in _index(figures, "provider_need").get(area.key, [])}
    rows = []
    for level, label in LEVELS.items():
        row = {"need_level": label, "_suppress": area.suppressed}
        for key in PROVIDERS:
            s = _stats(found.get((key, level)))
            row.update({f"{key}_{k}": v for k, v in s.items()})
        rows.append(row)
    columns = [Column("need_level", "Need level", "text"),
               *_stat_columns("la_", "LA carers"), *_stat_columns("ifa_", "IFAs")]  # fmt: skip
    return _suppressed(
        Table("cost_by_need", f"Cost against need: {area.name}", columns, rows,
              "Need level from the child's needs profile: standard (total of domain levels up to 8), enhanced (9–12), "
              "complex (13 or more, or intensive risk to self or others).")
    )  # fmt: skip


def cost_against_need_by_area(figures: Figures, scope: Scope) -> Table:
    """What each level of need costs in each area in scope."""
    index = _index(figures, "need")
    rows = []
    for area in scope.areas:
        found = {r["need_level"]: r for r in index.get(area.key, [])}
        row = {"area": area.name, "level": area.level_label, "area_key": area.key, "_suppress": area.suppressed}
        for level in LEVELS:
            s = _stats(found.get(level))
            row[f"n_{level}"] = s["n"]
            row[f"mean_{level}"] = s["mean"]
        rows.append(row)
    columns = [*AREA]
    for level, label in LEVELS.items():
        columns += [Column(f"n_{level}", f"{label}: placements"),
                    Column(f"mean_{level}", f"{label}: mean weekly cost", "money", f"n_{level}")]  # fmt: skip
    return _suppressed(Table("cost_against_need", "Cost against need by area", columns, rows))


def framework_vs_spot(figures: Figures, area: Area) -> Table:
    """IFA placements bought under a framework against spot purchases, need level by level."""
    found = {(r["route"], r["need_level"]): r for r in _index(figures, "route_need").get(area.key, [])}
    rows = []
    for level, label in LEVELS.items():
        fw, spot = _stats(found.get(("framework", level))), _stats(found.get(("spot", level)))
        diff = None
        if fw["mean"] and spot["mean"]:
            diff = round(fw["mean"] / spot["mean"] - 1, 4)
        rows.append({"need_level": label, "_suppress": area.suppressed, "framework_n": fw["n"],
                     "framework_mean": fw["mean"], "spot_n": spot["n"], "spot_mean": spot["mean"], "difference": diff})  # fmt: skip
    columns = [
        Column("need_level", "Need level", "text"),
        Column("framework_n", "Framework placements"),
        Column("framework_mean", "Framework mean weekly cost", "money", "framework_n"),
        Column("spot_n", "Spot placements"),
        Column("spot_mean", "Spot mean weekly cost", "money", "spot_n"),
        Column("difference", "Framework against spot", "share", ("framework_n", "spot_n")),
    ]
    return _suppressed(
        Table("framework_vs_spot", f"Framework against spot purchases for comparable needs: {area.name}", columns, rows,
              "IFA placements only, compared within each need level. A negative difference means the framework is cheaper.")
    )  # fmt: skip


def price_schedules(figures: Figures, scope: Scope) -> Table:
    """IFA price schedules compared: agencies operating in the viewer's regions."""
    from fostering.geography.models import LocalAuthority

    regions = set(LocalAuthority.objects.filter(code__in=scope.la_codes).values_list("region_id", flat=True))
    rows = [{**r, "_suppress": scope.aggregates_only} for r in figures.rows("price_schedules")
            if regions.intersection(r["regions"])]  # fmt: skip
    columns = [Column("name", "Agency", "text"), Column("frameworks", "Frameworks", "number"),
               Column("placements", "Current placements")]  # fmt: skip
    for level, label in LEVELS.items():
        columns += [Column(f"spot_{level}", f"{label}: spot price", "money"),
                    Column(f"framework_{level}", f"{label}: framework price", "money")]  # fmt: skip
    return _suppressed(Table("price_schedules", "IFA price schedules compared", columns, rows,
                             "Weekly prices per need level; the framework price is the average over the frameworks the agency is on."))  # fmt: skip


def frameworks(figures: Figures, scope: Scope) -> Table:
    rows = [{**r, "_suppress": False} for r in figures.rows("frameworks") if scope.la_codes.intersection(r["la_codes"])]
    columns = [Column("name", "Framework", "text"), Column("commissioner", "Let by", "text"),
               Column("starts_on", "From", "text"), Column("ends_on", "To", "text"),
               Column("members", "Agencies on the framework", "number")]  # fmt: skip
    return _suppressed(Table("frameworks", "Frameworks", columns, rows))


def all_tables(figures: Figures, scope: Scope, focus: Area) -> dict[str, Table]:
    return {
        "cost_by_area": by_area(figures, scope),
        "cost_by_provider": by_provider(figures, focus),
        "cost_by_need": by_need(figures, focus),
        "framework_vs_spot": framework_vs_spot(figures, focus),
        "cost_against_need": cost_against_need_by_area(figures, scope),
        "price_schedules": price_schedules(figures, scope),
        "frameworks": frameworks(figures, scope),
    }
