"""Small-number suppression for aggregates (DESIGN.md §4: analysts see aggregates only).

Anyone who sees aggregates only (accounts.scoping.sees_aggregates_only) gets every count
below ``settings.SUPPRESSION_THRESHOLD`` (5) shown as "fewer than 5" — zero included, so
an empty cell cannot be told apart from one child. Figures derived from a suppressed
count (a mean cost, a share) are suppressed with it. Pages and exports show the words;
the API answers ``null`` and lists the suppressed fields in the row's ``suppressed`` list.

Secondary suppression: where cells add up to a total shown with them (a region and its
authorities; a count and its parts), one hidden cell could be worked out by subtraction.
``suppress_table(..., row_groups=..., column_groups=...)`` names such groups; whenever
exactly one cell of a group is hidden, the next smallest cell of the group is hidden too
(repeated until no group has a lone hidden cell). Only cells of rows the viewer sees
suppressed are hidden this way; a viewer's own figures stay in full. Tables that pass no
groups are suppressed as before (primary suppression only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings


def threshold() -> int:
    return int(settings.SUPPRESSION_THRESHOLD)


def suppressed_label() -> str:
    return f"fewer than {threshold()}"


@dataclass(frozen=True)
class Column:
    """A column of a figures table. ``kind`` is "text", "count", "money", "share" or "number".

    Counts are suppressed when small; other figures are suppressed when the count (or any
    of the counts) named by ``base`` is (a mean of three placements' costs reveals too much)."""

    key: str
    label: str
    kind: str = "count"
    base: str | tuple[str, ...] | None = None

    @property
    def bases(self) -> tuple[str, ...]:
        if self.base is None:
            return ()
        return (self.base,) if isinstance(self.base, str) else tuple(self.base)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass
class Table:
    """Rows of figures with their columns; what pages, exports and the API all render."""

    key: str
    title: str
    columns: Sequence[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]


def is_small(value: Any) -> bool:
    return value is not None and not isinstance(value, str) and value < threshold()


def suppress_row(row: dict[str, Any], columns: Iterable[Column], suppress: bool) -> dict[str, Any]:
    """Return a copy of ``row`` with small counts (and figures based on them) set to None and
    their keys listed in ``row["suppressed"]``; unchanged (with an empty list) if not ``suppress``."""
    columns = list(columns)
    # Only the table's own columns leave (plus the area's key): a figure not in the table
    # could otherwise escape unsuppressed.
    out = {c.key: row.get(c.key) for c in columns}
    if "area_key" in row:
        out["area_key"] = row["area_key"]
    hidden: list[str] = []
    if suppress:
        small = {c.key for c in columns if c.kind == "count" and is_small(row.get(c.key))}
        for c in columns:
            if c.key in small or any(b in small or is_small(row.get(b)) for b in c.bases):
                hidden.append(c.key)
                out[c.key] = None
    out["suppressed"] = hidden
    return out


RowGroup = Sequence[str]
"""Column keys of one row whose cells add up (the total's key included, if shown)."""
ColumnGroup = tuple[Sequence[int], Sequence[str]]
"""(row positions, column keys): in each of those columns, the rows' cells add up (the
total row included, if shown)."""


def suppress_table(
    table: Table,
    suppress_for_row: Callable[[dict[str, Any]], bool],
    *,
    row_groups: Sequence[RowGroup] = (),
    column_groups: Sequence[ColumnGroup] = (),
) -> Table:
    """Apply :func:`suppress_row` to every row; ``suppress_for_row(row) -> bool`` says which
    rows the viewer may only see suppressed (e.g. another authority's, or any for an analyst).
    ``row_groups`` and ``column_groups`` name cells that add up, for secondary suppression."""
    flags = [bool(suppress_for_row(r)) for r in table.rows]
    rows = [suppress_row(r, table.columns, flag) for r, flag in zip(table.rows, flags, strict=True)]
    if row_groups or column_groups:
        groups: list[list[tuple[int, str]]] = [
            [(i, key) for key in keys] for i in range(len(rows)) if flags[i] for keys in row_groups
        ]
        groups += [[(i, key) for i in positions] for positions, keys in column_groups for key in keys]
        _secondary(rows, flags, table.columns, groups)
    return Table(table.key, table.title, table.columns, rows, table.note)


def _secondary(
    rows: list[dict[str, Any]], flags: list[bool], columns: Sequence[Column], groups: list[list[tuple[int, str]]]
) -> None:
    """Hide the next smallest cell of every group with exactly one hidden cell, until none has."""
    counts = {c.key for c in columns if c.kind == "count"}
    groups = [[(i, k) for i, k in g if k in counts and 0 <= i < len(rows)] for g in groups]
    changed = True
    while changed:
        changed = False
        for group in groups:
            hidden = [(i, k) for i, k in group if k in rows[i]["suppressed"]]
            if len(hidden) != 1:
                continue
            candidates = [
                (rows[i][k], n, i, k)
                for n, (i, k) in enumerate(group)
                if flags[i] and k not in rows[i]["suppressed"] and rows[i].get(k) is not None
            ]
            if not candidates:
                continue
            _value, _n, i, k = min(candidates)
            rows[i][k] = None
            rows[i]["suppressed"].append(k)
            changed = True
    for row in rows:  # figures based on a newly hidden count go with it
        for c in columns:
            if c.key not in row["suppressed"] and any(b in row["suppressed"] for b in c.bases):
                row[c.key] = None
                row["suppressed"].append(c.key)


def display(row: dict[str, Any], column: Column) -> str:
    """The text a page or export shows for one cell."""
    if column.key in row.get("suppressed", ()):
        return suppressed_label()
    value = row.get(column.key)
    if value is None:
        return ""
    if column.kind == "money":
        return f"£{value:,.0f}"
    if column.kind == "share":
        return f"{value:.0%}"
    if column.kind == "number":
        return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    if column.kind == "count":
        return f"{value:,}"
    return str(value)


def display_rows(table: Table) -> list[list[str]]:
    return [[display(r, c) for c in table.columns] for r in table.rows]
