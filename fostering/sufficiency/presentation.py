"""Helpers shared by the figures dashboards (sufficiency, costs): table cells for templates."""

from __future__ import annotations

from fostering.core.suppression import Table, display


def table_for_template(table: Table, limit: int | None = None) -> dict:
    """``{"table", "cells", "more"}``: the first cell of each row is its header; the other
    cells are ``(text, numeric)`` pairs so numbers align right."""
    rows = table.rows if limit is None else table.rows[:limit]
    cells = []
    for row in rows:
        out = []
        for i, c in enumerate(table.columns):
            text = display(row, c)
            out.append(text if i == 0 else (text, c.numeric))
        cells.append(out)
    return {"table": table, "cells": cells, "more": limit is not None and len(table.rows) > limit}


def total_of(row: dict, *keys: str) -> float | None:
    """Sum of cells for a chart, or None when any of them is suppressed."""
    values = [row.get(k) for k in keys]
    if any(v is None for v in values):
        return None
    return sum(values)
