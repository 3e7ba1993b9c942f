"""Bulk upload of a fostering service's households from CSV or XLSX.

All or nothing: every row is checked first and every problem is reported by row and
column in plain English; only a file with no problems is written, in one transaction.
The columns are described in docs/household-upload.md (template:
docs/household-upload-template.csv). Row numbers are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from fostering.core.codes import LANGUAGES, Ethnicity, Gender, PlacementType, Religion
from fostering.core.needs import DOMAIN_CODES
from fostering.geography.services import PostcodeError, geocode
from fostering.organisations.models import FosteringService

from . import services
from .models import Household, HouseholdStatus

MAX_ROWS = 5000
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    example: str = ""


CARER_COLUMNS = [
    ("first_name", "First name.", "Sam"),
    ("last_name", "Last name.", "Taylor"),
    ("date_of_birth", "Date of birth, dd/mm/yyyy.", "17/05/1975"),
    ("gender", f"One of: {', '.join(Gender.values)}.", "female"),
    ("ethnicity", "SSDA903 ethnicity code, e.g. WBRI, BAFR, APKN.", "WBRI"),
    ("religion", f"One of: {', '.join(Religion.values)} (blank: not_known).", "christian"),
    ("languages", "Language codes spoken, separated by semicolons (en;pl). Blank: en.", "en;pl"),
    ("fostering_since", "When the carer was first approved to foster, dd/mm/yyyy.", "01/03/2015"),
]

COLUMNS: list[Column] = [
    Column("reference", True, "Your service's own reference for the household; unique within your service.", "H00001"),
    Column("address_line_1", True, "First line of the address.", "12 Castle Way"),
    Column("address_line_2", False, "Second line of the address.", ""),
    Column("town", False, "Town or city.", "Maidstone"),
    Column("postcode", True, "Postcode in England; sets the location and local authority.", "ME14 1AA"),
    Column("bedrooms", True, "Number of bedrooms in the home (0–20).", "4"),
    Column("beds_for_fostering", True, "Bedrooms available for fostered children (0–10).", "2"),
    Column("wheelchair_accessible", False, "yes or no (blank: no).", "no"),
    Column("other_children_ages", False, "Ages of other children living in the home, separated by semicolons.", "7;12"),
    Column("has_pets", False, "yes or no (blank: no).", "yes"),
    Column("pets_description", False, "What pets, if any.", "One dog"),
    Column("smokers", False, "yes or no (blank: no).", "no"),
    Column("status", False, f"One of: {', '.join(HouseholdStatus.values)} (blank: active).", "active"),
    *[Column(f"carer_1_{n}", n not in {"religion", "languages"}, d, e) for n, d, e in CARER_COLUMNS],
    *[Column(f"carer_2_{n}", False, f"Second carer, if any: {d[0].lower()}{d[1:]}", "") for n, d, _ in CARER_COLUMNS],
    Column("approved_on", True, "Date of approval, dd/mm/yyyy.", "15/01/2020"),
    Column("panel_date", True, "Date of the fostering panel, dd/mm/yyyy (on or before approval).", "10/01/2020"),
    Column("max_children", True, "Terms of approval: most children at once (1–6).", "2"),
    Column("age_min", True, "Terms of approval: youngest age (0–21).", "0"),
    Column("age_max", True, "Terms of approval: oldest age (0–21).", "18"),
    Column(
        "placement_types", True, f"Approved placement types, separated by semicolons: {', '.join(PlacementType.values)}.",
        "short_term;long_term",
    ),
    Column("review_due", True, "Date the annual review is due, dd/mm/yyyy.", "15/01/2027"),
    *[
        Column(f"capability_{d}", False, f"Service's assessment for {d.replace('_', ' ')}: 0 cannot meet, 1 with support, "
               "2 experienced, 3 specialist (blank: 0).", "1")
        for d in DOMAIN_CODES
    ],
]  # fmt: skip
COLUMN_NAMES = [c.name for c in COLUMNS]
REQUIRED = {c.name for c in COLUMNS if c.required}


@dataclass(frozen=True)
class UploadProblem:
    row: int
    column: str
    message: str

    def line(self, filename: str) -> str:
        return f"{filename}:{self.row}: {self.column}: {self.message}"


class UploadRejected(Exception):
    def __init__(self, problems: list[UploadProblem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """Rows of cells (strings) from a CSV or XLSX file; ValueError with a reason otherwise."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise ValueError(f"The file is not a readable XLSX workbook ({type(exc).__name__}).")
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    if suffix == ".csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("The file is not UTF-8 text. Save it as 'CSV UTF-8' and upload it again.")
        if "\x00" in text:  # PostgreSQL cannot store NUL characters: refuse the file, not crash on insert
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise ValueError(
                f"Line {line} of the file contains a NUL character. Save it as 'CSV UTF-8' and upload it again."
            )
        reader = csv.reader(io.StringIO(text))
        try:
            return [[c.strip() for c in row] for row in reader]
        except csv.Error as exc:  # e.g. a field over the csv module's size limit, a NUL byte
            raise ValueError(f"Line {reader.line_num} of the file is not readable CSV ({exc}).")
    raise ValueError("Upload a .csv or .xlsx file.")


def _date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value):
        raise ValueError(f"“{value}” is not a date: write it as dd/mm/yyyy, like 17/05/1975.")
    d, m, y = (int(p) for p in value.split("/"))
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise ValueError(f"“{value}” is not a real date.")


def _int(value: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d+", value):
        raise ValueError(f"“{value}” is not a whole number.")
    n = int(value)
    if not low <= n <= high:
        raise ValueError(f"{n} is outside {low} to {high}.")
    return n


def _bool(value: str) -> bool:
    v = value.lower()
    if v in YES:
        return True
    if v in NO:
        return False
    raise ValueError(f"“{value}” should be yes or no.")


def _codes(value: str, allowed, what: str) -> list[str]:
    codes = [c.strip().lower() for c in value.split(";") if c.strip()]
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise ValueError(f"{', '.join(bad)} {'is not' if len(bad) == 1 else 'are not'} {what}.")
    return codes


def _choice(value: str, allowed, what: str, upper: bool = False) -> str:
    v = value.upper() if upper else value.lower()
    if v not in allowed:
        raise ValueError(f"“{value}” is not {what}.")
    return v


class _Row:
    """Collects one row's values and problems, so every problem is reported, not the first."""

    def __init__(self, number: int, cells: dict[str, str]):
        self.number, self.cells, self.problems = number, cells, []

    def get(self, column: str, parse=None, required: bool | None = None):
        raw = self.cells.get(column, "")
        if raw == "":
            if column in REQUIRED if required is None else required:
                self.problems.append(UploadProblem(self.number, column, "is missing: fill it in."))
            return None
        if parse is None:
            return raw
        try:
            return parse(raw)
        except ValueError as exc:
            self.problems.append(UploadProblem(self.number, column, str(exc)))
            return None

    def problem(self, column: str, message: str) -> None:
        self.problems.append(UploadProblem(self.number, column, message))


def _carer(row: _Row, n: int) -> dict | None:
    prefix = f"carer_{n}_"
    present = any(row.cells.get(prefix + name) for name, _, _ in CARER_COLUMNS)
    if n == 2 and not present:
        return None
    req = {"first_name", "last_name", "date_of_birth", "gender", "ethnicity", "fostering_since"}

    def get(name, parse=None):
        return row.get(prefix + name, parse, required=name in req)

    carer = {
        "first_name": get("first_name"),
        "last_name": get("last_name"),
        "date_of_birth": get("date_of_birth", _date),
        "gender": get("gender", lambda v: _choice(v, Gender.values, f"a gender ({', '.join(Gender.values)})")),
        "ethnicity": get("ethnicity", lambda v: _choice(v, Ethnicity.values, "an SSDA903 ethnicity code", upper=True)),
        "religion": get("religion", lambda v: _choice(v, Religion.values, "a religion from the list")) or "not_known",
        "languages": get("languages", lambda v: _codes(v, LANGUAGES, "a language code we know (see the guide)"))
        or ["en"],
        "fostering_since": get("fostering_since", _date),
    }
    dob = carer["date_of_birth"]
    if dob and not dt.date(1900, 1, 1) < dob < dt.date.today() - dt.timedelta(days=18 * 365):
        row.problem(prefix + "date_of_birth", "A carer must be an adult: check the date of birth.")
    return carer


def _parse_row(row: _Row) -> dict:
    household = {
        "reference": row.get("reference"),
        "address_line_1": row.get("address_line_1"),
        "address_line_2": row.get("address_line_2") or "",
        "town": row.get("town") or "",
        "postcode": row.get("postcode"),
        "bedrooms": row.get("bedrooms", lambda v: _int(v, 0, 20)),
        "beds_for_fostering": row.get("beds_for_fostering", lambda v: _int(v, 0, 10)),
        "wheelchair_accessible": row.get("wheelchair_accessible", _bool) or False,
        "other_children_ages": row.get(
            "other_children_ages", lambda v: [_int(a.strip(), 0, 30) for a in v.split(";") if a.strip()]
        )
        or [],
        "has_pets": row.get("has_pets", _bool) or False,
        "pets_description": row.get("pets_description") or "",
        "smokers": row.get("smokers", _bool) or False,
        "status": row.get("status", lambda v: _choice(v, HouseholdStatus.values, "a household status")) or "active",
    }
    h = household
    if h["bedrooms"] is not None and h["beds_for_fostering"] is not None and h["beds_for_fostering"] > h["bedrooms"]:
        row.problem("beds_for_fostering", "is more than the number of bedrooms.")
    if h["postcode"]:
        try:
            location = geocode(h["postcode"])
            if location.local_authority_code is None:
                row.problem("postcode", f"We do not know which council covers {location.postcode}.")
        except PostcodeError as exc:
            row.problem("postcode", str(exc))
    approval = {
        "approved_on": row.get("approved_on", _date),
        "panel_date": row.get("panel_date", _date),
        "max_children": row.get("max_children", lambda v: _int(v, 1, 6)),
        "age_min": row.get("age_min", lambda v: _int(v, 0, 21)),
        "age_max": row.get("age_max", lambda v: _int(v, 0, 21)),
        "placement_types": row.get(
            "placement_types", lambda v: _codes(v, PlacementType.values, "a placement type from the list")
        ),
        "review_due": row.get("review_due", _date),
    }
    a = approval
    if a["approved_on"] and a["panel_date"] and a["panel_date"] > a["approved_on"]:
        row.problem("panel_date", "is after the approval date: the panel comes first.")
    if a["age_min"] is not None and a["age_max"] is not None and a["age_min"] > a["age_max"]:
        row.problem("age_max", "is below age_min.")
    if a["placement_types"] == []:
        row.problem("placement_types", "is missing: fill it in.")
    capability = {d: row.get(f"capability_{d}", lambda v: _int(v, 0, 3)) or 0 for d in DOMAIN_CODES}
    carers = [c for c in (_carer(row, 1), _carer(row, 2)) if c]
    return {"household": household, "approval": approval, "capability": capability, "carers": carers}


def check(table: list[list[str]], service: FosteringService) -> tuple[list[dict], list[UploadProblem]]:
    """Parse and check every row; returns the parsed rows and every problem found."""
    problems: list[UploadProblem] = []
    rows = [r for r in table if any(c.strip() for c in r)]
    if not rows:
        return [], [UploadProblem(1, "file", "The file is empty: start from the template.")]
    header = [h.strip().lower() for h in rows[0]]
    for name in sorted(REQUIRED - set(header), key=COLUMN_NAMES.index):
        problems.append(
            UploadProblem(1, name, "This column is missing from the header row: copy it from the template.")
        )
    for name in header:
        if name and name not in COLUMN_NAMES:
            problems.append(
                UploadProblem(1, name, "We do not know this column: check its spelling against the template.")
            )
    if problems:
        return [], problems
    if len(rows) - 1 > MAX_ROWS:
        return [], [UploadProblem(1, "file", f"Upload at most {MAX_ROWS:,} households at a time.")]
    existing = set(Household.objects.filter(fostering_service=service).values_list("reference", flat=True))
    seen: dict[str, int] = {}
    parsed = []
    for index, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _Row(index, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)})
        data = _parse_row(row)
        ref = data["household"]["reference"]
        if ref:
            if ref in existing:
                row.problem("reference", f"{ref} is already on the register for {service.name}.")
            elif ref in seen:
                row.problem("reference", f"{ref} is also on row {seen[ref]}: each household once.")
            seen.setdefault(ref, index)
        problems += row.problems
        parsed.append(data)
    return parsed, problems


def import_households(content: bytes, filename: str, service: FosteringService, user=None) -> list[Household]:
    """Check the whole file, then write every household in one transaction, or nothing."""
    try:
        table = read_table(content, filename)
    except ValueError as exc:
        raise UploadRejected([UploadProblem(1, "file", str(exc))])
    parsed, problems = check(table, service)
    if problems:
        raise UploadRejected(problems)
    created = []
    try:
        with transaction.atomic():
            for data in parsed:
                created.append(
                    services.create_household(
                        user, service, household=data["household"], carers=data["carers"],
                        approval=data["approval"], capability=data["capability"],
                    )
                )  # fmt: skip
    except ValidationError as exc:  # a rule the row checks missed: still nothing is written
        row = len(created) + 2
        raise UploadRejected([UploadProblem(row, "row", m) for m in exc.messages])
    return created


def template_csv() -> str:
    """The header row and one example row (docs/household-upload-template.csv)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerow([c.example for c in COLUMNS])
    return out.getvalue()
