"""The dashboard's charts, drawn from the same (already suppressed) tables it shows."""

from __future__ import annotations

from fostering.core import charts
from fostering.core.needs import NEED_DOMAINS
from fostering.core.suppression import Table

from .areas import Scope, chart_key
from .presentation import total_of


def supply_demand_bars(table: Table, scope: Scope) -> str:
    rows = [r for r in table.rows if r.get("area_key") != "england"]
    if len(scope.authorities) > 12:
        rows = [r for r in rows if not str(r.get("area_key", "")).startswith("la:")]
    return charts.bar_chart(
        [r["area"] for r in rows],
        {
            "Approved places": [r.get("approved_places") for r in rows],
            "Children in foster care": [r.get("children_in_foster_care") for r in rows],
            "Vacancies": [total_of(r, "vacancies_fresh", "vacancies_stale") for r in rows],
        },
        "Places against children in foster care",
    )


def vacancy_map(table: Table, scope: Scope) -> str:
    by_key = {r.get("area_key"): r for r in table.rows}
    points = []
    for area in scope.authorities:
        row = by_key.get(area.key, {})
        points.append((area.easting, area.northing, total_of(row, "vacancies_fresh", "vacancies_stale"), area.name))
    return charts.england_map(points, "Vacancies by local authority", "Vacancies (area of point)")


def needs_capability_bars(table: Table) -> str:
    rows = table.rows
    return charts.bar_chart(
        [r["domain"] for r in rows],
        {
            "Households with capability 2+": [r.get("capable_households") for r in rows],
            "Children with need 2–3": [total_of(r, "children_need_2", "children_need_3") for r in rows],
        },
        "Needs against capability by domain",
    )


def age_band_bars(table: Table) -> str:
    rows = table.rows
    return charts.bar_chart(
        [r["age_band"] for r in rows],
        {
            "Vacancies": [r.get("vacancies") for r in rows],
            "Children in care": [r.get("children_in_care") for r in rows],
        },
        "Vacancies and children in care by age",
    )


def forecast_line(trends: Table, forecast: Table) -> str:
    months = [r["month"] for r in trends.rows]
    # Suppressed forecast values (below 5) are drawn without giving them away: a hidden lower
    # bound as 0 (the band then spans 0 to the upper bound), a hidden point not at all.
    f = [r for r in forecast.rows if r.get("upper") is not None]
    band = None
    if f:
        nan = float("nan")
        band = (
            [r["month"] for r in f],
            [nan if r.get("point") is None else r["point"] for r in f],
            [r.get("lower") or 0 for r in f],
            [r["upper"] for r in f],
        )
    return charts.line_chart(
        months,
        {
            "Foster placements started": [r.get("foster_placements_started") for r in trends.rows],
            "Referrals opened": [r.get("referrals_opened") for r in trends.rows],
        },
        "Foster placements started each month, with a 12-month forecast",
        band=band,
    )


def needs_over_time_lines(table: Table) -> str:
    months = [r["month"] for r in table.rows]
    return charts.line_chart(
        months,
        {d.label: [r.get(d.code) for r in table.rows] for d in NEED_DOMAINS},
        "Children at need level 2–3, by domain",
    )


def unmatched_bars(table: Table) -> str:
    from .unmatched import RULE_SHORT

    rows = [r for r in table.rows if r.get("referrals") != 0]
    if not rows:  # nothing to draw: the page says so in words instead of an empty chart
        return ""
    return charts.bar_chart(
        [RULE_SHORT.get(r["rule"], r["rule"]) for r in rows],
        {"Referrals with no suitable household": [r.get("referrals") for r in rows]},
        "Main reason open referrals found no suitable household",
    )


def draw_all(scope: Scope, tables: dict[str, Table]) -> dict[str, str]:
    """Every chart of the dashboard, from its tables."""
    return {
        "supply_demand": supply_demand_bars(tables["supply_demand"], scope),
        "map": vacancy_map(tables["supply_demand"], scope),
        "needs_capability": needs_capability_bars(tables["needs_capability"]),
        "by_age_band": age_band_bars(tables["by_age_band"]),
        "unmatched_reasons": unmatched_bars(tables["unmatched_reasons"]),
        "forecast": forecast_line(tables["trends"], tables["forecast"]),
        "needs_over_time": needs_over_time_lines(tables["needs_over_time"]),
    }


def precompute_charts(figures) -> dict[str, dict[str, str]]:
    """The national and regional analysts' default views, drawn at refresh time and stored
    with the snapshot, so the first visit after a refresh does not wait for matplotlib."""
    from fostering.geography.models import Region

    from . import figures as fig
    from .areas import national_scope, regional_scope

    if not figures.rows("supply"):
        return {}
    with_data = {r["la"] for r in figures.rows("supply")}
    scopes = [national_scope()]
    for region in Region.objects.all():
        scope = regional_scope(region)
        if scope.la_codes & with_data:
            scopes.append(scope)
    out = {}
    for scope in scopes:
        focus = scope.default_focus
        out[chart_key(scope, focus)] = draw_all(scope, fig.all_tables(figures, scope, focus))
    return out
