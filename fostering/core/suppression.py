"""Small-number suppression for aggregates (DESIGN.md §4: analysts see aggregates only).

Anyone who sees aggregates only (accounts.scoping.sees_aggregates_only) gets every count
below ``settings.SUPPRESSION_THRESHOLD`` (5) shown as "fewer than 5" — zero included, so
an empty cell cannot be told apart from one child. Figures derived from a suppressed
count (a mean cost, a share) are suppressed with it. Pages and exports show the words;
the API answers ``null`` and lists the suppressed fields in the row's ``suppressed`` list.

Secondary suppression (working a hidden cell out from a total and its other cells) is
not attempted: totals shown beside suppressed cells are themselves at least 5 or hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def suppress_table(table: Table, suppress_for_row) -> Table:
    """Apply :func:`suppress_row` to every row; ``suppress_for_row(row) -> bool`` says which
    rows the viewer may only see suppressed (e.g. another authority's, or any for an analyst)."""
    rows = [suppress_row(r, table.columns, bool(suppress_for_row(r))) for r in table.rows]
    return Table(table.key, table.title, table.columns, rows, table.note)


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
