"""Read an SSDA903 return (header, episodes, OC2), check every row, and type it.

The rules, each reported on the row and column it concerns, are:

header
    CHILD present, at most 20 characters, once only; SEX 1 or 2; DOB a date, not in the
    future; ETHNIC a DfE ethnicity code; UPN a UPN or UN1–UN5 (or blank); MOTHER 0/1/blank
    and not 1 for a boy; MC_DOB a date, only when MOTHER is 1, needed when she is, not before
    the child's own DOB and not in the future.
episodes
    CHILD present and in the header file; DECOM a date, not in the future, not before the
    child's DOB; RNE, LS, CIN, PLACE valid codes; PLACE_PROVIDER a PR code, and blank for
    temporary placements (T0–T4, Z1) but required otherwise; DEC a date or blank, not
    before DECOM, not in the future; REC a valid code, required when DEC is set and blank
    when it is not; REC X1 ("new episode the same day") needs the child's next episode to
    start on DEC; REASON_PLACE_CHANGE a valid code or blank; HOME_POST and PL_POST a full
    postcode, sector or district (or blank); URN letters and digits. Across a child's
    episodes (in date order): none may start before the previous one ended (reported on
    the later line, naming the earlier), and only one may be open (no DEC).
oc2
    CHILD present, in the header file, once only; DOB a date matching the header's;
    SDQ_SCORE a whole number 0–40, or blank with an SDQ_REASON (SDQ1–SDQ5) saying why;
    the yes/no columns 0, 1 or blank.
every file
    Any value over 200 characters is an error (the row is not checked further); a row
    with more or fewer values than there are columns is an error; blank lines and rows
    of empty cells (spreadsheet padding) are skipped.

Line numbers are physical lines (a quoted value spanning lines counts each line; the
column-name row is line 1). Errors are sorted by file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
from collections import defaultdict
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from . import values as V
from .columns import EPISODES, HEADER, MAX_CHILD_LENGTH, MAX_FIELD_LENGTH, OC2, FileSpec
from .records import (
    EpisodeRecord,
    HeaderRecord,
    OC2Record,
    ReadResult,
    Return,
    Ssda903Error,
    Ssda903Warning,
)
from .source import Decoded, Source, count_lines, read_source, source_name

ProgressCallback = Callable[[int, int], None]

_MISS: Any = object()  # cache miss marker
_DATE = dt.date
_PROGRESS_EVERY = 4096  # rows between progress calls

_ALLOWED = {
    "SEX": "1 (male) or 2 (female)",
    "ETHNIC": V.describe_codes(V.ETHNIC_CODES),
    "RNE": V.describe_codes(V.RNE_CODES),
    "LS": V.describe_codes(V.LS_CODES),
    "CIN": V.describe_codes(V.CIN_CODES),
    "PLACE": V.describe_codes(V.PLACE_CODES),
    "PLACE_PROVIDER": V.describe_codes(V.PROVIDER_CODES),
    "REC": V.describe_codes(V.REC_CODES),
    "REASON_PLACE_CHANGE": V.describe_codes(V.RPC_CODES),
    "SDQ_REASON": ", ".join(f"{k} ({v})" for k, v in V.SDQ_REASONS.items()),
}
_SDQ_REASON_SHORT = V.describe_codes(V.SDQ_REASON_CODES)


def _show(value: str, limit: int = 40) -> str:
    """A value quoted for a message, shortened so a huge value cannot flood the report."""
    value = value.strip()
    if len(value) > limit:
        value = value[:limit] + "…"
    return f'"{value}"'


def _fmt(d: dt.date) -> str:
    return V.format_date(d)


class _Run:
    """Shared state of one read: the messages so far, the reference date, progress."""

    def __init__(self, today: dt.date, progress: ProgressCallback | None, total: int) -> None:
        self.today = today
        self.errors: list[Ssda903Error] = []
        self.warnings: list[Ssda903Warning] = []
        self.progress = progress
        self.total = total
        self.done = 0  # physical lines of finished files
        self.rows = 0

    def error(self, file: str, line: int, column: str, code: str, message: str) -> None:
        self.errors.append(Ssda903Error(file, line, column, code, message))

    def warn(self, file: str, line: int, column: str, code: str, message: str) -> None:
        self.warnings.append(Ssda903Warning(file, line, column, code, message))

    def tick(self, lines_in_file: int) -> None:
        if self.progress is not None:
            self.progress(min(self.done + lines_in_file, self.total), self.total)

    # --- value checks on the slow path (called only when the fast lookup misses) ----------

    def code(
        self,
        file: str,
        line: int,
        column: str,
        raw: str,
        allowed: frozenset[str],
        required: bool,
    ) -> str | None:
        """A code that missed the fast lookup: fix case and spaces, or report it."""
        value = raw.strip().upper()
        if value in allowed:
            return value
        if not value:
            if not required:
                return ""
            self.error(
                file,
                line,
                column,
                "required",
                f"is blank; it is required. Use one of {_ALLOWED[column]}.",
            )
            return None
        self.error(
            file,
            line,
            column,
            "code_invalid",
            f"{_show(raw)} is not a valid {column} code; use one of {_ALLOWED[column]}.",
        )
        return None

    def bad_date(self, file: str, line: int, column: str, raw: str, value: Any) -> None:
        """Report a date that is blank (and required) or not a date."""
        if value is None:
            self.error(file, line, column, "required", "is blank; give the date as dd/mm/yyyy.")
        else:
            self.error(
                file,
                line,
                column,
                "date_invalid",
                f"{_show(raw)} is not a date; use dd/mm/yyyy.",
            )

    def future(self, file: str, line: int, column: str, value: dt.date, what: str) -> None:
        self.error(
            file,
            line,
            column,
            "date_in_future",
            f"{_fmt(value)} is after today ({_fmt(self.today)}); {what} cannot be in the "
            "future. Check the day, month and year.",
        )

    def child_id(self, file: str, line: int, raw: str) -> None:
        """Report a blank or over-long CHILD."""
        if not raw.strip():
            self.error(
                file,
                line,
                "CHILD",
                "required",
                "is blank; every row needs the child's identifier (CHILD).",
            )
        else:
            self.error(
                file,
                line,
                "CHILD",
                "child_too_long",
                f"{_show(raw, 24)} is {len(raw.strip())} characters long; a CHILD identifier "
                f"has at most {MAX_CHILD_LENGTH}. Check the columns are in the right place.",
            )


class _Table:
    """One opened CSV file: its reader, and how its columns map to the standard's."""

    def __init__(
        self,
        spec: FileSpec,
        decoded: Decoded,
        reader: Any,
        names: list[str],
        positions: dict[str, int],
        first_line: int,
    ) -> None:
        self.spec = spec
        self.name = decoded.name
        self.reader = reader
        self.names = names  # normalised names as they appear in the file
        self.ncols = len(names)
        self.present = frozenset(positions)
        missing = [c for c in spec.columns if c not in positions]
        self.pad = [""] * len(missing)
        where = dict(positions)
        for k, column in enumerate(missing):
            where[column] = self.ncols + k
        self.get = itemgetter(*(where[c] for c in spec.columns))
        self.first_line = first_line  # line_num after the column-name row
        self.lines = count_lines(decoded.text)
        self.complete = True  # False after a CSV error that cost us rows

    def fix_width(self, row: list[str], line: int, run: _Run) -> list[str] | None:
        """A row of the wrong length: skip blank padding, trim empty extras, or report."""
        if not any(v.strip() for v in row):
            return None
        n = self.ncols
        if len(row) > n and not any(v.strip() for v in row[n:]):
            return row[:n]
        run.error(
            self.name,
            line,
            "",
            "row_width",
            f"This row has {len(row)} values but the first line names {n} columns; check for "
            "a missing comma, or a comma inside a value that is not in quotes.",
        )
        return None

    def oversized(self, row: list[str], line: int, run: _Run) -> None:
        for i, v in enumerate(row):
            if len(v) > MAX_FIELD_LENGTH:
                column = self.names[i] if i < self.ncols and self.names[i] else f"column {i + 1}"
                run.error(
                    self.name,
                    line,
                    column,
                    "value_too_long",
                    f"is {len(v):,} characters long; no SSDA903 value is longer than "
                    f"{MAX_FIELD_LENGTH}. Check this is the right file and that values "
                    "containing commas or quote marks are quoted properly.",
                )

    def csv_error(self, exc: csv.Error, run: _Run) -> None:
        self.complete = False
        text = str(exc)
        if "field larger than field limit" in text:
            detail = (
                "A value here is longer than the CSV reader accepts (131,072 characters); "
                "this is not an SSDA903 file, or a quote mark opened a value that never closes."
            )
        else:
            detail = f"This line could not be read as CSV ({text}); check for stray quote marks."
        run.error(self.name, self.reader.line_num, "", "csv_invalid", detail)


def _open(decoded: Decoded, spec: FileSpec, run: _Run) -> _Table | None:
    """Read the column-name row and map columns; report file-level problems."""
    name = decoded.name
    if decoded.problem:
        run.error(name, 1, "", decoded.problem_code, decoded.problem)
        return None
    if decoded.encoding in ("cp1252", "latin-1"):
        run.warn(
            name,
            1,
            "",
            "encoding",
            "This file is not UTF-8, so it was read as Windows-1252; check that names with "
            "accents look right, or save the file as CSV UTF-8.",
        )
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    try:
        row: list[str] = []
        while not any(v.strip() for v in row):
            row = next(reader)
    except StopIteration:  # only blank lines (not caught by the empty check if odd)
        run.error(name, 1, "", "file_empty", "This file has no column names and no rows.")
        return None
    except csv.Error as exc:
        run.error(name, 1, "", "csv_invalid", f"This file could not be read as CSV ({exc}).")
        return None
    line = reader.line_num
    names = [v.strip().lstrip("\ufeff").strip().upper() for v in row]
    expected = ", ".join(spec.columns)
    if len(names) == 1:
        sep = next((s for s in ("\t", ";", "|") if s in row[0]), None)
        if sep is not None:
            label = {"\t": "tabs", ";": "semicolons", "|": "vertical bars"}[sep]
            run.error(
                name,
                line,
                "",
                "not_comma_separated",
                f"This file separates its columns with {label}, not commas; save it as CSV (comma-separated values).",
            )
            return None
    known = set(spec.columns)
    positions: dict[str, int] = {}
    duplicated = False
    for i, column in enumerate(names):
        if column not in known:
            continue
        if column in positions:
            duplicated = True
            run.error(
                name,
                line,
                column,
                "column_duplicate",
                f"appears twice in the first line (columns {positions[column] + 1} and {i + 1}); remove one of them.",
            )
        else:
            positions[column] = i
    if not positions:
        run.error(
            name,
            line,
            "",
            "not_ssda903",
            f"This does not look like the SSDA903 {spec.kind} file: its first line should "
            f"name the columns ({expected}) but names none of them. Check that this is the "
            "right file and that the first line holds the column names.",
        )
        return None
    for column in names:
        if column and column not in known:
            run.warn(
                name,
                line,
                _show(column, 30)[1:-1],
                "column_unknown",
                f"is not a column of the SSDA903 {spec.kind} file, so it was ignored.",
            )
    missing = [c for c in spec.columns if c in spec.required and c not in positions]
    for column in missing:
        run.error(
            name,
            line,
            column,
            "column_missing",
            f"The column {column} is missing; the first line must name it (the {spec.kind} "
            f"file needs {', '.join(c for c in spec.columns if c in spec.required)}).",
        )
    if missing or duplicated:
        return None
    return _Table(spec, decoded, reader, names, positions, line)


# --- header ----------------------------------------------------------------------------


def _read_header(table: _Table, run: _Run) -> tuple[list[HeaderRecord], dict[str, int], dict[str, dt.date]]:
    name = table.name
    today = run.today
    errors = run.errors
    err = run.error
    dates = V.DateParser(today)
    dget = dates.cache.get
    dparse = dates.parse
    reader = table.reader
    get = table.get
    ncols = table.ncols
    pad = table.pad
    has_mother = "MOTHER" in table.present
    has_mc_dob = "MC_DOB" in table.present
    records: list[HeaderRecord] = []
    lines: dict[str, int] = {}  # CHILD -> line of its header row
    dobs: dict[str, dt.date] = {}
    prev = table.first_line
    next_tick = prev + _PROGRESS_EVERY
    while True:
        try:
            for row in reader:
                line = prev + 1
                prev = reader.line_num
                if prev >= next_tick:
                    run.tick(prev - 1)
                    next_tick = prev + _PROGRESS_EVERY
                if len(row) != ncols:
                    row = table.fix_width(row, line, run)
                    if row is None:
                        continue
                if pad:
                    row = row + pad
                if max(map(len, row)) > MAX_FIELD_LENGTH:
                    table.oversized(row, line, run)
                    continue
                child, sex, dob_s, ethnic, upn, mother_s, mc_dob_s = get(row)
                ok = True
                first = False
                child = child.strip()
                if not child or len(child) > MAX_CHILD_LENGTH:
                    if not any(v.strip() for v in row):
                        continue
                    run.child_id(name, line, child)
                    ok = False
                    child = ""
                elif child in lines:
                    err(
                        name,
                        line,
                        "CHILD",
                        "child_duplicate",
                        f"{_show(child)} already has a header row (line {lines[child]}); each "
                        "child has exactly one. Remove or merge the duplicate.",
                    )
                    ok = False
                else:
                    lines[child] = line
                    first = True
                if sex not in V.SEX_CODES:
                    sex = run.code(name, line, "SEX", sex, V.SEX_CODES, True)
                    ok = ok and sex is not None
                dob = dget(dob_s, _MISS)
                if dob is _MISS:
                    dob = dparse(dob_s, line)
                if dob.__class__ is not _DATE:
                    run.bad_date(name, line, "DOB", dob_s, dob)
                    ok = False
                    dob = None
                elif dob > today:
                    run.future(name, line, "DOB", dob, "a date of birth")
                    ok = False
                elif first:
                    dobs[child] = dob
                if ethnic not in V.ETHNIC_CODES:
                    ethnic = run.code(name, line, "ETHNIC", ethnic, V.ETHNIC_CODES, True)
                    ok = ok and ethnic is not None
                if upn:
                    upn = upn.strip().upper()
                    if upn and not V.UPN_RE.fullmatch(upn):
                        err(
                            name,
                            line,
                            "UPN",
                            "upn_invalid",
                            f"{_show(upn)} is not a Unique Pupil Number (a letter and 12 "
                            "characters, e.g. A123456789012); if it is not known use UN1–UN5, "
                            "or leave it blank.",
                        )
                        ok = False
                mother: bool | None | str = None
                if mother_s:
                    mother = V.parse_flag(mother_s)
                    if mother.__class__ is str:
                        err(
                            name,
                            line,
                            "MOTHER",
                            "flag_invalid",
                            f"{_show(mother_s)} is not allowed; use 1 if the child is a mother, "
                            "0 if not, or leave it blank.",
                        )
                        ok = False
                        mother = None
                    elif mother and sex == "1":
                        err(
                            name,
                            line,
                            "MOTHER",
                            "mother_male",
                            "is 1 (the child is a mother) but SEX is 1 (male); correct SEX or MOTHER.",
                        )
                        ok = False
                mc_dob = None
                if mc_dob_s:
                    mc_dob = dget(mc_dob_s, _MISS)
                    if mc_dob is _MISS:
                        mc_dob = dparse(mc_dob_s, line)
                    if mc_dob is None:
                        pass
                    elif mc_dob.__class__ is not _DATE:
                        run.bad_date(name, line, "MC_DOB", mc_dob_s, mc_dob)
                        ok = False
                        mc_dob = None
                    elif mc_dob > today:
                        run.future(name, line, "MC_DOB", mc_dob, "a date of birth")
                        ok = False
                    elif dob is not None and mc_dob < dob:
                        err(
                            name,
                            line,
                            "MC_DOB",
                            "mc_dob_before_dob",
                            f"{_fmt(mc_dob)} is before the child's own date of birth ({_fmt(dob)}); check both dates.",
                        )
                        ok = False
                if mc_dob is not None and has_mother and mother is not True:
                    err(
                        name,
                        line,
                        "MC_DOB",
                        "mc_dob_not_mother",
                        "is set but MOTHER is not 1; give MOTHER as 1 if the child is a mother, "
                        "otherwise leave MC_DOB blank.",
                    )
                    ok = False
                elif mother is True and mc_dob is None and has_mc_dob and ok:
                    err(
                        name,
                        line,
                        "MC_DOB",
                        "required",
                        "is blank but MOTHER is 1; give the date of birth of the child's own child as dd/mm/yyyy.",
                    )
                    ok = False
                if ok and not errors:
                    records.append(
                        HeaderRecord(line, child, sex, dob, ethnic, upn, mother, mc_dob)  # type: ignore[arg-type]
                    )
            break
        except csv.Error as exc:
            table.csv_error(exc, run)
            prev = reader.line_num
    _two_digit_warning(name, dates, run)
    run.rows += len(lines)
    return records, lines, dobs


# --- episodes --------------------------------------------------------------------------

_RNE = V.RNE_CODES
_LS = V.LS_CODES
_CIN = V.CIN_CODES
_PLACE = V.PLACE_CODES
_PROVIDER_OR_BLANK = V.PROVIDER_CODES | {""}
_REC_OR_BLANK = V.REC_CODES | {""}
_RPC_OR_BLANK = V.RPC_CODES | {""}
_NO_PROVIDER = V.NO_PROVIDER_PLACES


def _read_episodes(
    table: _Table,
    run: _Run,
    children: dict[str, int] | None,
    dobs: dict[str, dt.date],
    header_name: str,
) -> list[EpisodeRecord]:
    name = table.name
    today = run.today
    errors = run.errors
    err = run.error
    code = run.code
    dates = V.DateParser(today)
    dget = dates.cache.get
    dparse = dates.parse
    postcode_ok = V.POSTCODE_CANONICAL.fullmatch
    urns: dict[str, str | None] = {"": ""}
    uget = urns.get
    reader = table.reader
    get = table.get
    ncols = table.ncols
    pad = table.pad
    records: list[EpisodeRecord] = []
    append = records.append
    # CHILD -> [(DECOM, line, DEC, REC)], for the checks across a child's episodes
    seqs: defaultdict[str, list[tuple[dt.date, int, dt.date | None, str]]] = defaultdict(list)
    n_rows = 0
    prev = table.first_line
    next_tick = prev + _PROGRESS_EVERY
    while True:
        try:
            for row in reader:
                line = prev + 1
                prev = reader.line_num
                if prev >= next_tick:
                    run.tick(prev - 1)
                    next_tick = prev + _PROGRESS_EVERY
                if len(row) != ncols:
                    row = table.fix_width(row, line, run)
                    if row is None:
                        continue
                if pad:
                    row = row + pad
                if max(map(len, row)) > MAX_FIELD_LENGTH:
                    table.oversized(row, line, run)
                    n_rows += 1
                    continue
                (child, decom_s, rne, ls, cin, place, prov, dec_s, rec, rpc, home, plpost, urn) = get(row)
                ok = True
                child = child.strip()
                if not child or len(child) > MAX_CHILD_LENGTH:
                    if not any(v.strip() for v in row):
                        continue
                    run.child_id(name, line, child)
                    ok = False
                    child = ""
                elif children is not None and child not in children:
                    err(
                        name,
                        line,
                        "CHILD",
                        "child_not_in_header",
                        f"{_show(child)} has no row in {header_name}; add the child to "
                        f"{header_name} or remove this episode.",
                    )
                    ok = False
                n_rows += 1
                decom = dget(decom_s, _MISS)
                if decom is _MISS:
                    decom = dparse(decom_s, line)
                if decom.__class__ is not _DATE:
                    run.bad_date(name, line, "DECOM", decom_s, decom)
                    ok = False
                    decom = None
                elif decom > today:
                    run.future(name, line, "DECOM", decom, "an episode's start")
                    ok = False
                else:
                    dob = dobs.get(child)
                    if dob is not None and decom < dob:
                        err(
                            name,
                            line,
                            "DECOM",
                            "decom_before_dob",
                            f"{_fmt(decom)} is before the child's date of birth ({_fmt(dob)} in "
                            f"{header_name}); check both dates.",
                        )
                        ok = False
                if rne not in _RNE:
                    rne = code(name, line, "RNE", rne, _RNE, True)
                    ok = ok and rne is not None
                if ls not in _LS:
                    ls = code(name, line, "LS", ls, _LS, True)
                    ok = ok and ls is not None
                if cin not in _CIN:
                    cin = code(name, line, "CIN", cin, _CIN, True)
                    ok = ok and cin is not None
                if place not in _PLACE:
                    place = code(name, line, "PLACE", place, _PLACE, True)
                    ok = ok and place is not None
                if prov not in _PROVIDER_OR_BLANK:
                    prov = code(name, line, "PLACE_PROVIDER", prov, V.PROVIDER_CODES, False)
                    ok = ok and prov is not None
                if prov:
                    if place in _NO_PROVIDER:
                        err(
                            name,
                            line,
                            "PLACE_PROVIDER",
                            "provider_not_wanted",
                            f"must be blank for PLACE {place} (temporary placements T0–T4 and "
                            "Z1 have no provider); clear it.",
                        )
                        ok = False
                elif prov is not None and place and place not in _NO_PROVIDER:
                    err(
                        name,
                        line,
                        "PLACE_PROVIDER",
                        "required",
                        f"is blank; give who provides the placement for PLACE {place} ({_ALLOWED['PLACE_PROVIDER']}).",
                    )
                    ok = False
                if rec not in _REC_OR_BLANK:
                    rec = code(name, line, "REC", rec, V.REC_CODES, False)
                    ok = ok and rec is not None  # None: reported; not "missing" as well
                dec = dget(dec_s, _MISS)
                if dec is _MISS:
                    dec = dparse(dec_s, line)
                if dec is None:
                    if rec:
                        err(
                            name,
                            line,
                            "REC",
                            "rec_without_dec",
                            f"is {_show(rec)} but DEC is blank; an open episode has no reason "
                            "for ending. Add the date the episode ended (DEC) or clear REC.",
                        )
                        ok = False
                elif dec.__class__ is not _DATE:
                    run.bad_date(name, line, "DEC", dec_s, dec)
                    ok = False
                    dec = None
                else:
                    if dec > today:
                        run.future(name, line, "DEC", dec, "an episode's end")
                        ok = False
                    if decom is not None and dec < decom:
                        err(
                            name,
                            line,
                            "DEC",
                            "dec_before_decom",
                            f"{_fmt(dec)} is before the episode started (DECOM {_fmt(decom)}); "
                            "an episode cannot end before it starts. Check both dates.",
                        )
                        ok = False
                    if rec == "":
                        err(
                            name,
                            line,
                            "REC",
                            "required",
                            f"is blank but the episode ended (DEC {_fmt(dec)}); give the reason "
                            f"it ended ({_ALLOWED['REC']}; X1 if a new episode began the same "
                            "day).",
                        )
                        ok = False
                if rpc not in _RPC_OR_BLANK:
                    rpc = code(name, line, "REASON_PLACE_CHANGE", rpc, V.RPC_CODES, False)
                    ok = ok and rpc is not None
                if home and not postcode_ok(home):
                    home = V.normalise_postcode(home)
                    if home is None:
                        _bad_postcode(run, name, line, "HOME_POST", row, get)
                        ok = False
                if plpost and not postcode_ok(plpost):
                    plpost = V.normalise_postcode(plpost)
                    if plpost is None:
                        _bad_postcode(run, name, line, "PL_POST", row, get)
                        ok = False
                u = uget(urn, _MISS)
                if u is _MISS:
                    u = urn.strip().upper()
                    u = urns[urn] = u if not u or V.URN_RE.fullmatch(u) else None
                if u is None:
                    err(
                        name,
                        line,
                        "URN",
                        "urn_invalid",
                        f"{_show(urn)} is not an Ofsted unique reference number (letters "
                        "and digits, e.g. SC123456); correct it or leave it blank.",
                    )
                    ok = False
                if child and decom is not None:
                    seqs[child].append((decom, line, dec, rec))
                if ok and not errors:
                    append(
                        EpisodeRecord(
                            line,
                            child,
                            decom,  # type: ignore[arg-type]
                            rne,  # type: ignore[arg-type]
                            ls,  # type: ignore[arg-type]
                            cin,  # type: ignore[arg-type]
                            place,  # type: ignore[arg-type]
                            prov,  # type: ignore[arg-type]
                            dec,
                            rec,
                            rpc,  # type: ignore[arg-type]
                            home,
                            plpost,
                            u,
                        )
                    )
            break
        except csv.Error as exc:
            table.csv_error(exc, run)
            prev = reader.line_num
    _two_digit_warning(name, dates, run)
    _check_sequences(seqs, name, run)
    run.rows += n_rows
    return records


def _bad_postcode(run: _Run, file: str, line: int, column: str, row: list[str], get: Any) -> None:
    raw = get(row)[EPISODES.columns.index(column)]
    run.error(
        file,
        line,
        column,
        "postcode_invalid",
        f"{_show(raw)} is not a postcode; give a full postcode (e.g. ME14 2LL), a postcode "
        "sector (ME14 2) or district (ME14), or leave it blank.",
    )


def _check_sequences(seqs: dict[str, list[tuple[dt.date, int, dt.date | None, str]]], name: str, run: _Run) -> None:
    """Checks across one child's episodes, taken in order of start date.

    Reported on the later episode's line, naming the earlier one: an episode that starts
    before the latest-ending earlier episode has ended overlaps it; a second open episode
    is reported as such; REC X1 must be followed by an episode starting on its DEC.
    """
    err = run.error
    for child, eps in seqs.items():
        if len(eps) == 1:
            decom, line, dec, rec = eps[0]
            if rec == "X1" and dec is not None:
                _x1_without_next(run, name, line, dec, None)
            continue
        eps.sort()
        # "latest" is the earlier episode that ends last (open counts as never ending).
        latest = eps[0]
        for i, ep in enumerate(eps):
            decom, line, dec, rec = ep
            if rec == "X1" and dec is not None:
                nxt = eps[i + 1] if i + 1 < len(eps) else None
                if nxt is None or nxt[0] != dec:
                    _x1_without_next(run, name, line, dec, nxt)
            if i == 0:
                continue
            l_decom, l_line, l_dec, _ = latest
            if l_dec is None:
                if dec is None:
                    err(
                        name,
                        line,
                        "DEC",
                        "second_open_episode",
                        f"is blank, but CHILD {_show(child)} already has an open episode (no DEC) "
                        f"starting {_fmt(l_decom)} on line {l_line}; only the latest episode "
                        "may be open. Give the earlier episode its DEC and REC.",
                    )
                else:
                    err(
                        name,
                        line,
                        "DECOM",
                        "episode_overlap",
                        f"{_fmt(decom)} is during the episode on line {l_line} (started "
                        f"{_fmt(l_decom)}), which has no end date; episodes of one child must "
                        "not overlap. Give that episode its DEC and REC.",
                    )
            elif decom < l_dec:
                err(
                    name,
                    line,
                    "DECOM",
                    "episode_overlap",
                    f"{_fmt(decom)} is before the episode on line {l_line} ended (DEC "
                    f"{_fmt(l_dec)}); episodes of one child must not overlap. Check the dates "
                    "of both episodes.",
                )
            if dec is None or (l_dec is not None and dec > l_dec):
                latest = ep


def _x1_without_next(
    run: _Run,
    name: str,
    line: int,
    dec: dt.date,
    nxt: tuple[dt.date, int, dt.date | None, str] | None,
) -> None:
    if nxt is None:
        detail = "but this child has no later episode"
    else:
        detail = f"but the child's next episode (line {nxt[1]}) starts on {_fmt(nxt[0])}"
    run.error(
        name,
        line,
        "REC",
        "x1_without_next",
        f"is X1 (a new episode starts the same day, {_fmt(dec)}) {detail}; add the new "
        "episode or give the reason care ended.",
    )


# --- OC2 -------------------------------------------------------------------------------

_SCORES = {str(i): i for i in range(41)} | {f"{i:02d}": i for i in range(10)}
_SDQ_OR_BLANK = V.SDQ_REASON_CODES | {""}


def _read_oc2(
    table: _Table,
    run: _Run,
    children: dict[str, int] | None,
    dobs: dict[str, dt.date],
    header_name: str,
) -> list[OC2Record]:
    name = table.name
    today = run.today
    errors = run.errors
    err = run.error
    dates = V.DateParser(today)
    dget = dates.cache.get
    dparse = dates.parse
    reader = table.reader
    get = table.get
    ncols = table.ncols
    pad = table.pad
    flag_columns = OC2.columns[4:]
    records: list[OC2Record] = []
    seen: dict[str, int] = {}
    n_rows = 0
    prev = table.first_line
    next_tick = prev + _PROGRESS_EVERY
    while True:
        try:
            for row in reader:
                line = prev + 1
                prev = reader.line_num
                if prev >= next_tick:
                    run.tick(prev - 1)
                    next_tick = prev + _PROGRESS_EVERY
                if len(row) != ncols:
                    row = table.fix_width(row, line, run)
                    if row is None:
                        continue
                if pad:
                    row = row + pad
                if max(map(len, row)) > MAX_FIELD_LENGTH:
                    table.oversized(row, line, run)
                    n_rows += 1
                    continue
                child, dob_s, score_s, reason, *flag_texts = get(row)
                ok = True
                child = child.strip()
                if not child or len(child) > MAX_CHILD_LENGTH:
                    if not any(v.strip() for v in row):
                        continue
                    run.child_id(name, line, child)
                    ok = False
                    child = ""
                elif children is not None and child not in children:
                    err(
                        name,
                        line,
                        "CHILD",
                        "child_not_in_header",
                        f"{_show(child)} has no row in {header_name}; add the child to "
                        f"{header_name} or remove this row.",
                    )
                    ok = False
                elif child in seen:
                    err(
                        name,
                        line,
                        "CHILD",
                        "child_duplicate",
                        f"{_show(child)} already has an OC2 row (line {seen[child]}); each child "
                        "has at most one. Remove or merge the duplicate.",
                    )
                    ok = False
                else:
                    seen[child] = line
                n_rows += 1
                dob = dget(dob_s, _MISS)
                if dob is _MISS:
                    dob = dparse(dob_s, line)
                if dob.__class__ is not _DATE:
                    run.bad_date(name, line, "DOB", dob_s, dob)
                    ok = False
                elif dob > today:
                    run.future(name, line, "DOB", dob, "a date of birth")
                    ok = False
                else:
                    header_dob = dobs.get(child)
                    if header_dob is not None and header_dob != dob:
                        err(
                            name,
                            line,
                            "DOB",
                            "dob_mismatch",
                            f"{_fmt(dob)} does not match the child's DOB in {header_name} "
                            f"({_fmt(header_dob)}); correct whichever is wrong.",
                        )
                        ok = False
                if reason not in _SDQ_OR_BLANK:
                    reason = run.code(name, line, "SDQ_REASON", reason, V.SDQ_REASON_CODES, False)
                    ok = ok and reason is not None
                score = _SCORES.get(score_s)
                if score is None:
                    s = score_s.strip()
                    if s.endswith(".0"):  # spreadsheets write whole numbers as 12.0
                        s = s[:-2]
                    score = _SCORES.get(s)
                    if score is None and s:
                        err(
                            name,
                            line,
                            "SDQ_SCORE",
                            "sdq_score_invalid",
                            f"{_show(score_s)} is not an SDQ total difficulties score; use a "
                            "whole number from 0 to 40, or leave it blank and give SDQ_REASON.",
                        )
                        ok = False
                    elif score is None and reason == "":
                        err(
                            name,
                            line,
                            "SDQ_REASON",
                            "sdq_reason_required",
                            "is blank and so is SDQ_SCORE; give the score (0–40) or say why "
                            f"there is none: {_ALLOWED['SDQ_REASON']}.",
                        )
                        ok = False
                if score is not None and reason:
                    run.warn(
                        name,
                        line,
                        "SDQ_REASON",
                        "sdq_reason_with_score",
                        f"is {reason} but there is a score ({score}); a reason is only needed "
                        "when there is no score. Both were kept.",
                    )
                flags: list[bool | None] = []
                for column, text in zip(flag_columns, flag_texts, strict=True):
                    value = V.FLAG_VALUES.get(text, _MISS)
                    if value is _MISS:
                        value = V.parse_flag(text)
                        if value.__class__ is str:
                            err(
                                name,
                                line,
                                column,
                                "flag_invalid",
                                f"{_show(text)} is not allowed; use 1 for yes, 0 for no, or leave it blank.",
                            )
                            ok = False
                            value = None
                    flags.append(value)
                if ok and not errors:
                    records.append(OC2Record(line, child, dob, score, reason, *flags))  # type: ignore[arg-type]
            break
        except csv.Error as exc:
            table.csv_error(exc, run)
            prev = reader.line_num
    _two_digit_warning(name, dates, run)
    run.rows += n_rows
    return records


def _two_digit_warning(name: str, dates: V.DateParser, run: _Run) -> None:
    if dates.two_digit_example is None:
        return
    line, raw, value = dates.two_digit_example
    run.warn(
        name,
        line,
        "",
        "two_digit_year",
        f"Dates with two-digit years were found (the first, {_show(raw)} on this line, was "
        f"read as {_fmt(value)}). A two-digit year is read as 20yy, or as 19yy if that would "
        "be after today; write years in full (dd/mm/yyyy) to be sure.",
    )


# --- the public entry point ------------------------------------------------------------


def read_return(
    header: Source,
    episodes: Source,
    oc2: Source | None = None,
    *,
    names: tuple[str, ...] | None = None,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
) -> ReadResult:
    """Read, check and type a whole SSDA903 return, collecting every problem.

    The files are checked together (episodes and OC2 rows need a header row), so they are
    read together. Nothing is written anywhere: the caller imports ``result.data`` only
    when ``result.ok``. ``today`` is the reference date for "not in the future" and for
    two-digit years (default: the real today). ``progress(done, total)`` is called every
    few thousand lines and once at the end with ``done == total``; both count physical
    lines after the column-name rows, across all files.
    """
    if today is None:
        today = dt.date.today()
    # A read allocates a few objects per row and keeps them all; the cyclic garbage
    # collector would re-scan that growing heap again and again (it tripled the time).
    # Nothing here makes reference cycles, so it is paused for the read.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_return(header, episodes, oc2, names, today, progress)
    finally:
        if gc_was_enabled:
            gc.enable()


def _read_return(
    header: Source,
    episodes: Source,
    oc2: Source | None,
    names: tuple[str, ...] | None,
    today: dt.date,
    progress: ProgressCallback | None,
) -> ReadResult:
    specs = (HEADER, EPISODES, OC2)
    given = tuple(names or ())
    decoded: list[Decoded] = []
    for i, (src, spec) in enumerate(zip((header, episodes, oc2), specs, strict=True)):
        if src is None and i == 2:
            break  # OC2 is optional
        name = given[i] if i < len(given) and given[i] else spec.default_name
        if src is None:
            decoded.append(
                Decoded(
                    name,
                    problem=f"No {spec.kind} file was given; an SSDA903 return needs one.",
                    problem_code="file_missing",
                )
            )
            continue
        if not (i < len(given) and given[i]):
            name = source_name(src, spec.default_name)
        decoded.append(read_source(src, name))
    total = sum(max(0, count_lines(d.text) - 1) for d in decoded if not d.problem)
    run = _Run(today, progress, total)
    order = {d.name: i for i, d in enumerate(decoded)}

    tables = [_open(d, spec, run) for d, spec in zip(decoded, specs, strict=False)]
    header_name = decoded[0].name
    head_records: list[HeaderRecord] = []
    children: dict[str, int] | None = None
    dobs: dict[str, dt.date] = {}
    if tables[0] is not None:
        head_records, children, dobs = _read_header(tables[0], run)
        if not tables[0].complete:
            children = None  # rows were lost: "no header row" would be guesswork
        run.done += tables[0].lines - 1
    ep_records: list[EpisodeRecord] = []
    if tables[1] is not None:
        ep_records = _read_episodes(tables[1], run, children, dobs, header_name)
        run.done += tables[1].lines - 1
    oc2_records: list[OC2Record] = []
    if len(tables) > 2 and tables[2] is not None:
        oc2_records = _read_oc2(tables[2], run, children, dobs, header_name)
        run.done += tables[2].lines - 1
    if progress is not None:
        progress(total, total)

    columns = {spec.kind: {c: i for i, c in enumerate(spec.columns)} for spec in specs}
    kinds = {d.name: spec.kind for d, spec in zip(decoded, specs, strict=False)}

    def sort_key(m: Ssda903Error | Ssda903Warning) -> tuple[int, int, int]:
        return (
            order.get(m.file, 99),
            m.line,
            columns.get(kinds.get(m.file, ""), {}).get(m.column, -1 if not m.column else 99),
        )

    run.errors.sort(key=sort_key)
    run.warnings.sort(key=sort_key)
    data = None
    if not run.errors:
        data = Return(headers=head_records, episodes=ep_records, oc2=oc2_records)
    return ReadResult(errors=run.errors, warnings=run.warnings, data=data, rows=run.rows)
