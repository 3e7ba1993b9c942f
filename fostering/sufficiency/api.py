"""Sufficiency figures as JSON, scoped and suppressed exactly like the dashboard.

Every answer has the shape::

    {"as_of": "2026-11-23", "computed_at": "...", "area": {"key", "name", "level"},
     "aggregates_only": true, "suppression": {...},
     "tables": [{"key", "title", "note", "columns": [{"key", "label", "kind"}],
                 "rows": [{<column key>: value, ..., "suppressed": [<column keys>]}]}]}

Suppressed values (counts below 5, and figures based on them, for anyone who may see
them only as aggregates) are ``null``, and their column keys are listed in the row's
``suppressed`` list — so ``null`` is never mistaken for zero. ``?area=`` takes an area key
from the dashboard (``la:E10000016``, ``region:E12000008``, ``consortium:7``, ``england``)
or a bare ONS code; an area outside the caller's scope is a 403.
"""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from fostering.core.suppression import Column, Table, suppressed_label, threshold

from . import figures as fig
from . import snapshot
from .areas import Area, Scope, scope_for

router = Router(tags=["Sufficiency"])


class FiguresOut(Schema):
    as_of: str
    computed_at: str
    area: dict[str, Any]
    aggregates_only: bool
    suppression: dict[str, Any]
    tables: list[dict[str, Any]]


def table_json(table: Table) -> dict[str, Any]:
    keys = set(table.column_keys())
    rows = []
    for r in table.rows:
        row = {k: r.get(k) for k in table.column_keys()}
        if "area_key" in r:
            row["area_key"] = r["area_key"]
        row["suppressed"] = [k for k in r.get("suppressed", []) if k in keys]
        rows.append(row)
    return {
        "key": table.key,
        "title": table.title,
        "note": table.note,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
        "rows": rows,
    }


def answer(figures, scope: Scope, focus: Area, tables: list[Table]) -> dict[str, Any]:
    return {
        "as_of": figures.as_of.isoformat(),
        "computed_at": figures.computed_at.isoformat(),
        "area": {"key": focus.key, "name": focus.name, "level": focus.level},
        "aggregates_only": scope.aggregates_only,
        "suppression": {
            "threshold": threshold(),
            "shown_on_pages_as": suppressed_label(),
            "in_this_api": "null, with the column key listed in the row's 'suppressed' list",
        },
        "tables": [table_json(t) for t in tables],
    }


def _columns(table: Table, keys: list[str]) -> Table:
    cols = [c for c in table.columns if c.key in {"area", "level", *keys}]
    return Table(table.key, table.title, cols, table.rows, table.note)


def _setup(request, area: str | None):
    scope = scope_for(request.user)
    focus = scope.find(area)
    return scope, focus, snapshot.latest()


def _only(table: Table, focus: Area, area: str | None) -> Table:
    """Every area's row, or only the one asked for — cut from the whole table, so the row is
    suppressed exactly as on the page (secondary suppression looks at every area in scope)."""
    if not area:
        return table
    rows = [r for r in table.rows if r.get("area_key") == focus.key]
    return Table(table.key, table.title, table.columns, rows, table.note)


def _areas(figures, scope: Scope, focus: Area, area: str | None) -> Table:
    """Every area in scope, or only the one asked for."""
    return _only(fig.supply_and_demand(figures, scope), focus, area)


SUPPLY = ["households", "approved_places", "filled_places", "vacancies_fresh", "vacancies_stale"]
DEMAND = ["children_in_care", "children_in_foster_care", "open_referrals", "children_referred",
          "placed_outside_la", "placed_far_from_home"]  # fmt: skip


@router.get("/sufficiency/supply", response=FiguresOut, summary="Approved places, filled places and vacancies")
def supply(request, area: str | None = None):
    """Approved places, filled places and fresh/stale vacancies by area; by provider, age band, placement type, sibling-group capacity and capability. Scoped to the caller's areas; for aggregates-only callers (analysts) counts below 5 — and
    figures based on them — are ``null`` with their column keys in the row's ``suppressed`` list."""
    scope, focus, figures = _setup(request, area)
    tables = [
        _columns(_areas(figures, scope, focus, area), SUPPLY),
        fig.by_provider(figures, focus),
        fig.by_age_band(figures, focus),
        fig.by_placement_type(figures, focus),
        fig.sibling_capacity(figures, focus),
        fig.needs_and_capability(figures, focus),
    ]
    return answer(figures, scope, focus, tables)


@router.get("/sufficiency/demand", response=FiguresOut, summary="Children in care, referrals, needs over time")
def demand(request, area: str | None = None):
    """Children in care and in foster care, open referrals, children placed outside their LA or over 20 km from home; by age band and need level; needs over time; referrals that found no suitable household and the main reason. Scoped to the caller's areas; for aggregates-only callers (analysts) counts below 5 — and
    figures based on them — are ``null`` with their column keys in the row's ``suppressed`` list."""
    scope, focus, figures = _setup(request, area)
    tables = [
        _columns(_areas(figures, scope, focus, area), DEMAND),
        fig.by_age_band(figures, focus),
        fig.needs_and_capability(figures, focus),
        fig.needs_over_time(figures, focus),
        _only(fig.unmatched_referrals(figures, scope), focus, area),
        fig.unmatched_reasons(figures, focus),
    ]
    return answer(figures, scope, focus, tables)


@router.get(
    "/sufficiency/unmatched-referrals", response=FiguresOut,
    summary="Open referrals that found no suitable household, and the main reason",
)  # fmt: skip
def unmatched_referrals(request, area: str | None = None):
    """Open referrals checked against the register with the matching engine: how many found no suitable household, and for those the hard rule that ruled out the most active, approved households. Scoped to the caller's areas; for aggregates-only callers (analysts) counts below 5 — and
    figures based on them — are ``null`` with their column keys in the row's ``suppressed`` list."""
    scope, focus, figures = _setup(request, area)
    tables = [
        _only(fig.unmatched_referrals(figures, scope), focus, area),
        fig.unmatched_reasons(figures, focus),
    ]
    return answer(figures, scope, focus, tables)


@router.get("/sufficiency/gaps", response=FiguresOut, summary="Gaps and ranked recruitment targets")
def gaps(request, area: str | None = None):
    """Ranked recruitment targets: demand for a kind of place against suitable vacancies, with the evidence. Scoped to the caller's areas; for aggregates-only callers (analysts) counts below 5 — and
    figures based on them — are ``null`` with their column keys in the row's ``suppressed`` list."""
    scope, focus, figures = _setup(request, area)
    table = fig.gaps_and_targets(figures, scope)
    if area:
        table = Table(table.key, table.title, table.columns, [r for r in table.rows if r.get("area_key") == focus.key],
                      table.note)  # fmt: skip
    return answer(figures, scope, focus, [table])


@router.get("/sufficiency/forecast", response=FiguresOut, summary="Monthly trends and a 12-month demand forecast")
def forecast(request, area: str | None = None):
    """Monthly placements started and referrals opened, and a 12-month forecast (ETS, 80% prediction interval). Scoped to the caller's areas; for aggregates-only callers (analysts) counts below 5 — and
    figures based on them — are ``null`` with their column keys in the row's ``suppressed`` list."""
    scope, focus, figures = _setup(request, area)
    forecast_table, _ = fig.forecast(figures, focus)
    return answer(figures, scope, focus, [fig.trends(figures, focus), forecast_table])


__all__ = ["router", "Column"]
