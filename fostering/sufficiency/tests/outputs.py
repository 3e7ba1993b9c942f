"""Parse what a user receives (HTML tables, CSV, XLSX, API JSON) into cells, so tests can
check that no small count escapes."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

NUMBER = re.compile(r"^£?-?[\d,]+(\.\d+)?%?$")
NOT_COUNTS = {"Rank", "Month"}


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._in_head = False
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"title": "", "headers": [], "rows": []})
        elif tag == "caption":
            self._cell = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._cell is not None and self.tables:
            self.tables[-1]["title"] = "".join(self._cell).strip()
            self._cell = None
        elif tag == "thead":
            self._in_head = False
        elif tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            if self._in_head:
                self.tables[-1]["headers"] = self._row
            else:
                self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return [t for t in parser.tables if t["headers"]]


def small_numbers_in_tables(tables: list[dict]) -> list[tuple[str, str]]:
    """(header, cell) pairs whose cell is a number below 5 (counts that should be hidden)."""
    found = []
    for t in tables:
        for row in t["rows"]:
            for header, cell in zip(t["headers"], row, strict=False):
                if header in NOT_COUNTS or not NUMBER.match(cell.replace(" ", "")):
                    continue
                if cell.startswith("£") or cell.endswith("%"):
                    continue
                if float(cell.replace(",", "")) < 5:
                    found.append((header, cell))
    return found


def csv_tables(text: str) -> list[dict]:
    tables, current, expect_header = [], None, False
    for row in csv.reader(io.StringIO(text)):
        if not row:
            current = None
            continue
        if current is None:
            current = {"title": row[0], "headers": [], "rows": []}
            tables.append(current)
            expect_header = True
        elif expect_header:
            current["headers"] = row
            expect_header = False
        else:
            current["rows"].append(row)
    return tables


def xlsx_tables(content: bytes) -> list[dict]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    out = []
    for ws in wb.worksheets:
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
        if rows:
            out.append({"title": ws.title, "headers": rows[0], "rows": rows[1:]})
    return out


def small_numbers_in_api(payload: dict) -> list[tuple[str, object]]:
    found = []
    for t in payload["tables"]:
        counts = {c["key"] for c in t["columns"] if c["kind"] == "count" and c["label"] not in NOT_COUNTS}
        for row in t["rows"]:
            for k in counts:
                v = row.get(k)
                if isinstance(v, int | float) and v < 5:
                    found.append((k, v))
    return found
