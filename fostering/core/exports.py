"""Download a page's figures tables as CSV or XLSX (``?format=csv|xlsx``).

The export writes exactly the cells the page shows — suppressed cells say "fewer than 5" —
so a download can never reveal more than the page did. Several tables go into one CSV one
after another (a title line, the header, the rows, a blank line) or one sheet each in XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from django.http import HttpResponse

from .suppression import Table, display

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _cell(row: dict, column) -> object:
    """Numbers stay numbers (so a spreadsheet can sum them); suppressed cells are words."""
    if column.key in row.get("suppressed", ()):
        return display(row, column)
    value = row.get(column.key)
    if value is None:
        return ""
    if column.kind in {"count", "money", "number", "share"} and isinstance(value, int | float):
        return round(value, 2) if isinstance(value, float) else value
    return str(value)


def _safe_text(value: object) -> object:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"} and not re.fullmatch(r"-?[\d.,]+", value):
        return "'" + value
    return value


def tables_to_csv(tables: Sequence[Table]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.label for c in table.columns])
        for row in table.rows:
            writer.writerow([_safe_text(_cell(row, c)) for c in table.columns])
    return out.getvalue()


def tables_to_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in tables:
        name = re.sub(r"[\[\]:*?/\\]", " ", table.title)[:28].strip() or "Figures"
        base, n = name, 2
        while name in used:
            name, n = f"{base[:25]} {n}", n + 1
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([c.label for c in table.columns])
        for row in table.rows:
            ws.append([_safe_text(_cell(row, c)) for c in table.columns])
    if not tables:
        wb.create_sheet("Figures")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def download(tables: Sequence[Table], fmt: str, filename: str) -> HttpResponse:
    """An attachment response for ``fmt`` ("csv" or "xlsx")."""
    if fmt == "xlsx":
        response = HttpResponse(tables_to_xlsx(tables), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(tables_to_csv(tables), content_type=CSV_TYPE)
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
