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
    Any value longer than 200 characters is an error; a row with more or fewer values
    than there are columns is an error; blank lines and rows of empty cells (spreadsheet
    padding) are skipped. Codes are accepted in any case and with stray spaces, and
    stored in the standard's form.

Line numbers are physical lines (a quoted value spanning lines counts each line; the
column-name row is line 1). Errors are sorted by file, line and column.

Speed (a national return is hundreds of thousands of rows): codes are checked by set
lookups, dates by a dict of date strings already parsed, a postcode only when it differs
from the last good one in its column, and a child's episodes against each other as they
are read while the file keeps them together and in order. Anything unusual (a miss)
goes down a slow path that normalises it or reports it. The garbage collector is paused
during a read (see :func:`read_return`).
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

_MISS: Any = object()  # cache-miss marker
_PROGRESS_EVERY = 4096  # lines between progress calls

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


def _show(value: str, limit: int = 40) -> str:
    """A value quoted for a message, shortened so a huge value cannot flood the report."""
    value = value.strip()
    if len(value) > limit:
        value = value[:limit] + "…"
    return f'"{value}"'


_fmt = V.format_date

# An episode as the checks across a child's episodes see it: (DECOM, line, DEC, REC).
_Ep = tuple[dt.date, int, "dt.date | None", "str | None"]


class _Run:
    """Shared state of one read: the messages so far, the reference date, progress.

    The methods are the slow paths of the row loops: they run only for values that are
    not already known to be good, and either return the normalised value or report why
    it is wrong (returning ``None``, or ``False`` for dates).
    """

    def __init__(self, today: dt.date, progress: ProgressCallback | None, total: int) -> None:
        self.today = today
        self.errors: list[Ssda903Error] = []
        self.warnings: list[Ssda903Warning] = []
        self.progress = progress
        self.total = total
        self.done = 0  # lines of the files already finished
        self.rows = 0

    def error(self, file: str, line: int, column: str, code: str, message: str) -> None:
        self.errors.append(Ssda903Error(file, line, column, code, message))

    def warn(self, file: str, line: int, column: str, code: str, message: str) -> None:
        self.warnings.append(Ssda903Warning(file, line, column, code, message))

    def tick(self, lines_in_file: int) -> None:
        if self.progress is not None:
            self.progress(min(self.done + lines_in_file, self.total), self.total)

    def too_long(self, file: str, line: int, column: str, raw: str) -> bool:
        """Report a value longer than any SSDA903 value can be; True if it was."""
        if len(raw) <= MAX_FIELD_LENGTH:
            return False
        self.error(
            file,
            line,
            column,
            "value_too_long",
            f"is {len(raw):,} characters long; no SSDA903 value is longer than "
            f"{MAX_FIELD_LENGTH}. Check this is the right file and that values containing "
            "commas or quote marks are in quotes.",
        )
        return True

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
        if self.too_long(file, line, column, raw):
            return None
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

    def date(
        self,
        file: str,
        line: int,
        column: str,
        raw: str,
        dates: V.DateParser,
        required: bool,
        what: str,
    ) -> dt.date | None | bool:
        """A date that missed the cache: the date, None if blank, or False if reported."""
        if self.too_long(file, line, column, raw):
            return False
        value = dates.parse(raw, line)
        if value is None:
            if required:
                self.error(file, line, column, "required", "is blank; give the date as dd/mm/yyyy.")
                return False
            return None
        if value is False:
            self.error(file, line, column, "date_invalid", f"{_show(raw)} is not a date; use dd/mm/yyyy.")
            return False
        if value > self.today:  # type: ignore[operator]
            self.error(
                file,
                line,
                column,
                "date_in_future",
                f"{_fmt(value)} is after today ({_fmt(self.today)}); {what} cannot be in the "  # type: ignore[arg-type]
                "future. Check the day, month and year.",
            )
            return False
        return value

    def child(self, file: str, line: int, raw: str, known: Any, header_name: str | None) -> str | None:
        """A CHILD that missed the fast lookup: strip it, or report it.

        ``header_name`` is set when the child must have a header row (``known`` holds the
        header's children); otherwise ``known`` just collects ids already checked.
        """
        child = raw.strip()
        if not child:
            self.error(
                file,
                line,
                "CHILD",
                "required",
                "is blank; every row needs the child's identifier (CHILD).",
            )
            return None
        if len(child) > MAX_CHILD_LENGTH:
            self.error(
                file,
                line,
                "CHILD",
                "child_too_long",
                f"{_show(child, 24)} is {len(child):,} characters long; a CHILD identifier "
                f"has at most {MAX_CHILD_LENGTH}. Check the columns are in the right place.",
            )
            return None
        if child in known:
            return child
        if header_name is not None:
            self.error(
                file,
                line,
                "CHILD",
                "child_not_in_header",
                f"{_show(child)} has no row in {header_name}; add the child to {header_name} or remove this row.",
            )
            return None
        known.add(child)
        return child

    def postcode(self, file: str, line: int, column: str, raw: str) -> str | None:
        """A postcode not in the normalised form: normalise it, or report it."""
        if self.too_long(file, line, column, raw):
            return None
        value = V.normalise_postcode(raw)
        if value is None:
            self.error(
                file,
                line,
                column,
                "postcode_invalid",
                f"{_show(raw)} is not a postcode; give a full postcode (e.g. ME14 2LL), a "
                "postcode sector (ME14 2) or district (ME14), or leave it blank.",
            )
        return value

    def flag(self, file: str, line: int, column: str, raw: str, hint: str) -> bool | None | str:
        """A yes/no value that is not plain 0/1/blank: accept y/n, or report (returns str)."""
        if self.too_long(file, line, column, raw):
            return raw
        value = V.parse_flag(raw)
        if value.__class__ is str:
            self.error(file, line, column, "flag_invalid", f"{_show(raw)} is not allowed; use {hint}.")
        return value


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
        lines: int,
    ) -> None:
        self.spec = spec
        self.name = decoded.name
        self.reader = reader
        self.names = names  # normalised names as they appear in the file
        self.ncols = len(names)
        self.present = frozenset(positions)
        missing = [c for c in spec.columns if c not in positions]
        self.pad = [""] * len(missing)  # appended to each row for absent optional columns
        where = dict(positions)
        for k, column in enumerate(missing):
            where[column] = self.ncols + k
        self.get = itemgetter(*(where[c] for c in spec.columns))
        self.first_line = first_line  # line_num after the column-name row
        self.lines = lines
        self.complete = True  # False after a CSV error that may have cost rows
        self.child_at = positions.get("CHILD", 0)
        # CHILD of rows rejected for their width: still "known", so the child's rows in
        # other files are not reported as orphans on top of the real problem.
        self.unreadable: dict[str, int] = {}

    def fix_width(self, row: list[str], line: int, run: _Run) -> list[str] | None:
        """A row of the wrong length: skip blank padding, trim empty extras, or report."""
        if not any(v.strip() for v in row):
            return None
        n = self.ncols
        if len(row) > n and not any(v.strip() for v in row[n:]):
            return row[:n]
        if self.child_at < len(row) and row[self.child_at].strip():
            self.unreadable.setdefault(row[self.child_at].strip(), line)
        run.error(
            self.name,
            line,
            "",
            "row_width",
            f"This row has {len(row)} values but the first line names {n} columns; check for "
            "a missing comma, or a comma inside a value that is not in quotes.",
        )
        return None

    def csv_error(self, exc: csv.Error, run: _Run) -> None:
        self.complete = False
        text = str(exc)
        if "field larger than field limit" in text:
            detail = (
                "A value here is longer than the CSV reader accepts (131,072 characters); "
                "this is not an SSDA903 file, or a quote mark opened a value that never "
                "closes."
            )
        else:
            detail = f"This line could not be read as CSV ({text}); check for stray quote marks."
        run.error(self.name, self.reader.line_num, "", "csv_invalid", detail)

    def rows(self, run: _Run) -> Any:
        """Yield ``(line, row)`` for each data row of the right width, padded.

        Used by the smaller files; the episodes loop inlines the same steps for speed.
        """
        reader = self.reader
        ncols = self.ncols
        pad = self.pad
        prev = self.first_line
        next_tick = prev + _PROGRESS_EVERY
        while True:
            try:
                for row in reader:
                    line = prev + 1
                    prev = reader.line_num
                    if prev >= next_tick:
                        run.tick(prev - self.first_line)
                        next_tick = prev + _PROGRESS_EVERY
                    if len(row) != ncols:
                        row = self.fix_width(row, line, run)
                        if row is None:
                            continue
                    if not any(row):
                        continue
                    yield line, (row + pad if pad else row)
                return
            except csv.Error as exc:
                self.csv_error(exc, run)
                prev = reader.line_num


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
    except StopIteration:
        run.error(name, 1, "", "file_empty", "This file has no column names and no rows.")
        return None
    except csv.Error as exc:
        run.error(
            name,
            1,
            "",
            "csv_invalid",
            f"This file could not be read as CSV ({exc}); export it again as CSV.",
        )
        return None
    line = reader.line_num
    names = [v.strip().lstrip("\ufeff").strip().upper() for v in row]
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
            f"name the columns ({', '.join(spec.columns)}) but names none of them. Check "
            "that this is the right file and that the first line holds the column names.",
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
    required = ", ".join(c for c in spec.columns if c in spec.required)
    missing = [c for c in spec.columns if c in spec.required and c not in positions]
    for column in missing:
        run.error(
            name,
            line,
            column,
            "column_missing",
            f"The column {column} is missing; the first line must name it (the {spec.kind} file needs {required}).",
        )
    if missing or duplicated:
        return None
    return _Table(spec, decoded, reader, names, positions, line, count_lines(decoded.text))


# --- header ----------------------------------------------------------------------------


def _read_header(table: _Table, run: _Run) -> tuple[list[HeaderRecord], dict[str, int], dict[str, dt.date]]:
    """Header rows; also returns CHILD -> line and CHILD -> DOB for the other files."""
    name = table.name
    today = run.today
    errors = run.errors
    err = run.error
    dates = V.DateParser(today)
    dget = dates.good.get
    has_mother = "MOTHER" in table.present
    has_mc_dob = "MC_DOB" in table.present
    get = table.get
    records: list[HeaderRecord] = []
    lines: dict[str, int] = {}  # CHILD -> line of its header row
    dobs: dict[str, dt.date] = {}
    checked: set[str] = set()
    n_rows = 0
    for line, row in table.rows(run):
        child, sex, dob_s, ethnic, upn, mother_s, mc_dob_s = get(row)
        ok = True
        if child not in checked:
            if not any(v.strip() for v in row):
                continue  # a row of blank cells
            child = run.child(name, line, child, checked, None)
        n_rows += 1
        first = False
        if child is None:
            ok = False
        elif child in lines:
            err(
                name,
                line,
                "CHILD",
                "child_duplicate",
                f"{_show(child)} already has a header row (line {lines[child]}); each child "
                "has exactly one. Remove or merge the duplicate.",
            )
            ok = False
        else:
            lines[child] = line
            first = True
        if sex not in V.SEX_CODES:
            sex = run.code(name, line, "SEX", sex, V.SEX_CODES, True)
            ok = ok and sex is not None
        dob = dget(dob_s)
        if dob is None:
            dob = run.date(name, line, "DOB", dob_s, dates, True, "a date of birth")
            if dob is False:
                ok = False
                dob = None
        if first and dob is not None:
            dobs[child] = dob  # type: ignore[index]
        if ethnic not in V.ETHNIC_CODES:
            ethnic = run.code(name, line, "ETHNIC", ethnic, V.ETHNIC_CODES, True)
            ok = ok and ethnic is not None
        if upn:
            if not V.UPN_RE.fullmatch(upn):
                value = upn.strip().upper()
                if run.too_long(name, line, "UPN", upn):
                    ok = False
                elif value and not V.UPN_RE.fullmatch(value):
                    err(
                        name,
                        line,
                        "UPN",
                        "upn_invalid",
                        f"{_show(upn)} is not a Unique Pupil Number (a letter and 12 more "
                        "characters, e.g. A123456789012); if it is not known use UN1–UN5, "
                        "or leave it blank.",
                    )
                    ok = False
                upn = value
        mother = V.FLAG_VALUES.get(mother_s, _MISS)
        if mother is _MISS:
            mother = run.flag(name, line, "MOTHER", mother_s, "1 if the child is a mother, 0 if not, or blank")
            if mother.__class__ is str:
                ok = False
                mother = None
        if mother and sex == "1":
            err(
                name,
                line,
                "MOTHER",
                "mother_male",
                "is 1 (the child is a mother) but SEX is 1 (male); correct SEX or MOTHER.",
            )
            ok = False
        mc_dob: Any = None
        if mc_dob_s:
            mc_dob = dget(mc_dob_s)
            if mc_dob is None:
                mc_dob = run.date(name, line, "MC_DOB", mc_dob_s, dates, False, "a date of birth")
            if mc_dob is False:
                ok = False
                mc_dob = _MISS  # reported; skip the checks below
            elif mc_dob is not None and dob is not None and mc_dob < dob:
                err(
                    name,
                    line,
                    "MC_DOB",
                    "mc_dob_before_dob",
                    f"{_fmt(mc_dob)} is before the child's own date of birth ({_fmt(dob)}); check both dates.",
                )
                ok = False
        if mc_dob is _MISS:
            mc_dob = None
        elif mc_dob is not None and has_mother and mother is not True:
            err(
                name,
                line,
                "MC_DOB",
                "mc_dob_not_mother",
                "is set but MOTHER is not 1; give MOTHER as 1 if the child is a mother, otherwise leave MC_DOB blank.",
            )
            ok = False
        elif mother is True and mc_dob is None and has_mc_dob:
            err(
                name,
                line,
                "MC_DOB",
                "required",
                "is blank but MOTHER is 1; give the date of birth of the child's own child as dd/mm/yyyy.",
            )
            ok = False
        if ok and not errors:
            records.append(HeaderRecord(line, child, sex, dob, ethnic, upn, mother, mc_dob))  # type: ignore[arg-type]
    _two_digit_warning(name, dates, run)
    run.rows += n_rows
    for child, line in table.unreadable.items():
        lines.setdefault(child, line)
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


def _provider_rule(run: _Run, name: str, line: int, place: str, prov: str) -> bool:
    """PLACE_PROVIDER is blank exactly for temporary placements; True if that holds."""
    if prov and place in _NO_PROVIDER:
        run.error(
            name,
            line,
            "PLACE_PROVIDER",
            "provider_not_wanted",
            f"must be blank for PLACE {place} (temporary placements T0–T4 and Z1 have no provider); clear it.",
        )
        return False
    if not prov and place not in _NO_PROVIDER:
        run.error(
            name,
            line,
            "PLACE_PROVIDER",
            "required",
            f"is blank; say who provides the placement for PLACE {place} ({_ALLOWED['PLACE_PROVIDER']}).",
        )
        return False
    return True


def _read_episodes(
    table: _Table,
    run: _Run,
    children: dict[str, int] | None,
    dobs: dict[str, dt.date],
    header_name: str,
) -> list[EpisodeRecord]:
    """Episode rows, then the checks across each child's episodes."""
    name = table.name
    today = run.today
    errors = run.errors
    err = run.error
    dates = V.DateParser(today)
    dget = dates.good.get
    code = run.code
    post_ok = V.POSTCODE_CANONICAL.fullmatch
    last_home = last_plpost = ""
    # Locals are the fastest names to look up in the loop below.
    rne_codes, ls_codes, cin_codes, place_codes = _RNE, _LS, _CIN, _PLACE
    prov_or_blank, rec_or_blank, rpc_or_blank = _PROVIDER_OR_BLANK, _REC_OR_BLANK, _RPC_OR_BLANK
    no_provider = _NO_PROVIDER
    record = EpisodeRecord
    known: Any = children if children is not None else set()
    must_be_known = header_name if children is not None else None
    reader = table.reader
    get = table.get
    ncols = table.ncols
    pad = table.pad
    records: list[EpisodeRecord] = []
    append = records.append
    # Every child's episodes, for the checks across them. Files usually list a child's
    # episodes together and in order; while they do, each is checked against the one
    # before as it is read, and only children that break the pattern ("recheck") get
    # the full check (sorting, overlaps with any earlier episode) afterwards.
    seqs: defaultdict[str, list[_Ep]] = defaultdict(list)
    recheck: set[str] = set()
    started: set[str] = set()
    p_child: str | None = None
    p_dec: Any = None
    p_rec: str | None = None
    n_rows = 0
    prev = table.first_line
    next_tick = prev + _PROGRESS_EVERY
    while True:
        try:
            for row in reader:
                line = prev + 1
                prev = reader.line_num
                if prev >= next_tick:
                    run.tick(prev - table.first_line)
                    next_tick = prev + _PROGRESS_EVERY
                if len(row) != ncols:
                    row = table.fix_width(row, line, run)
                    if row is None:
                        continue
                if pad:
                    row = row + pad
                (child, decom_s, rne, ls, cin, place, prov, dec_s, rec, rpc, home, plpost, urn) = get(row)
                if child not in known:
                    if not any(v.strip() for v in row):
                        continue  # a row of blank cells
                    child = run.child(name, line, child, known, must_be_known)
                ok = child is not None
                n_rows += 1

                if rne not in rne_codes:
                    rne = code(name, line, "RNE", rne, _RNE, True)
                    ok = ok and rne is not None
                if ls not in ls_codes:
                    ls = code(name, line, "LS", ls, _LS, True)
                    ok = ok and ls is not None
                if cin not in cin_codes:
                    cin = code(name, line, "CIN", cin, _CIN, True)
                    ok = ok and cin is not None
                if place not in place_codes:
                    place = code(name, line, "PLACE", place, _PLACE, True)
                    ok = ok and place is not None
                if prov not in prov_or_blank:
                    prov = code(name, line, "PLACE_PROVIDER", prov, V.PROVIDER_CODES, False)
                    ok = ok and prov is not None
                if (not prov or place in no_provider) and place and prov is not None:
                    ok = _provider_rule(run, name, line, place, prov) and ok
                if rec not in rec_or_blank:
                    rec = code(name, line, "REC", rec, V.REC_CODES, False)
                    ok = ok and rec is not None
                if rpc not in rpc_or_blank:
                    rpc = code(name, line, "REASON_PLACE_CHANGE", rpc, V.RPC_CODES, False)
                    ok = ok and rpc is not None

                decom = dget(decom_s)
                if decom is None:
                    decom = run.date(name, line, "DECOM", decom_s, dates, True, "an episode's start")
                    if decom is False:
                        ok = False
                        decom = None
                dec: Any = None
                if dec_s:
                    dec = dget(dec_s)
                    if dec is None:
                        dec = run.date(name, line, "DEC", dec_s, dates, False, "an episode's end")
                if dec is None:
                    if rec:
                        err(
                            name,
                            line,
                            "REC",
                            "rec_without_dec",
                            f"is {rec} but DEC is blank; an open episode has no reason for "
                            "ending. Add the date the episode ended (DEC) or clear REC.",
                        )
                        ok = False
                elif dec is False:
                    ok = False
                else:
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

                # A postcode equal to the last good one in its column (a child's home on
                # each of its episodes) needs no second look.
                if home != last_home:
                    if not home or post_ok(home):
                        last_home = home
                    else:
                        home = run.postcode(name, line, "HOME_POST", home)
                        ok = ok and home is not None
                if plpost != last_plpost:
                    if not plpost or post_ok(plpost):
                        last_plpost = plpost
                    else:
                        plpost = run.postcode(name, line, "PL_POST", plpost)
                        ok = ok and plpost is not None
                # Upper-case letters and digits, checked without a regex in the usual case.
                if urn and not (
                    urn.isascii() and urn.isalnum() and (urn.isupper() or urn.isdigit()) and len(urn) <= 10
                ):
                    urn = _urn(run, name, line, urn)
                    ok = ok and urn is not None

                if child is not None and decom is not None and dec is not False:
                    seqs[child].append((decom, line, dec, rec))
                    if child == p_child:
                        # Regular: the previous episode ended on or before this one began,
                        # and on the same day if it said X1.
                        if p_dec is None or decom < p_dec or (p_rec == "X1" and decom != p_dec):
                            recheck.add(child)
                    else:
                        if p_rec == "X1":
                            recheck.add(p_child)  # type: ignore[arg-type]
                        if child in started:
                            recheck.add(child)  # its episodes are not together in the file
                        else:
                            started.add(child)
                    if dec is not None and dec < decom:
                        recheck.add(child)
                    p_child, p_dec, p_rec = child, dec, rec
                if ok and not errors:
                    append(
                        record(
                            line,
                            child,
                            decom,
                            rne,
                            ls,
                            cin,
                            place,
                            prov,
                            dec,
                            rec,
                            rpc,
                            home,
                            plpost,
                            urn,
                        )
                    )
            break
        except csv.Error as exc:
            table.csv_error(exc, run)
            prev = reader.line_num
    if p_rec == "X1":
        recheck.add(p_child)  # type: ignore[arg-type]
    _two_digit_warning(name, dates, run)
    for child, eps in seqs.items():  # the regular children need only the DOB check
        if child not in recheck:
            dob = dobs.get(child)
            if dob is not None and eps[0][0] < dob:
                recheck.add(child)
    _check_sequences({c: seqs[c] for c in recheck}, dobs, name, header_name, run)
    run.rows += n_rows
    return records


def _urn(run: _Run, name: str, line: int, raw: str) -> str | None:
    """A URN that is not plain upper-case letters and digits: tidy it, or report it."""
    if run.too_long(name, line, "URN", raw):
        return None
    value = raw.strip().upper()
    if not value or V.URN_RE.fullmatch(value):
        return value
    run.error(
        name,
        line,
        "URN",
        "urn_invalid",
        f"{_show(raw)} is not an Ofsted unique reference number (letters and digits, e.g. "
        "SC123456); correct it or leave it blank.",
    )
    return None


def _check_sequences(
    seqs: dict[str, list[_Ep]],
    dobs: dict[str, dt.date],
    name: str,
    header_name: str,
    run: _Run,
) -> None:
    """Checks across each child's episodes, taken in order of start date.

    Each is reported on the later episode's line, naming the earlier one: an episode that
    starts before the latest-ending earlier episode has ended overlaps it (an open
    episode never ends); a second open episode is reported as such. Also: REC X1 must be
    followed by an episode starting on its DEC, and no episode may start before the
    child was born.
    """
    err = run.error
    for child, eps in seqs.items():
        if len(eps) > 1:
            eps.sort()
        dob = dobs.get(child)
        if dob is not None and eps[0][0] < dob:
            for decom, line, _, _ in eps:
                if decom >= dob:
                    break
                err(
                    name,
                    line,
                    "DECOM",
                    "decom_before_dob",
                    f"{_fmt(decom)} is before the child's date of birth ({_fmt(dob)} in "
                    f"{header_name}); check both dates.",
                )
        latest: _Ep | None = None  # the earlier episode that ends last
        last = len(eps) - 1
        for i, ep in enumerate(eps):
            decom, line, dec, rec = ep
            if rec == "X1" and dec is not None:
                nxt = eps[i + 1] if i < last else None
                if nxt is None or nxt[0] != dec:
                    _x1_without_next(run, name, line, dec, nxt)
            if latest is not None:
                l_decom, l_line, l_dec, _ = latest
                if l_dec is None:
                    if dec is None:
                        err(
                            name,
                            line,
                            "DEC",
                            "second_open_episode",
                            f"is blank, but CHILD {_show(child)} already has an open episode "
                            f"(no DEC) starting {_fmt(l_decom)} on line {l_line}; only the "
                            "latest episode may be open. Give the earlier episode its DEC "
                            "and REC.",
                        )
                    else:
                        err(
                            name,
                            line,
                            "DECOM",
                            "episode_overlap",
                            f"{_fmt(decom)} is during the episode on line {l_line} (started "
                            f"{_fmt(l_decom)}), which has no end date; episodes of one child "
                            "must not overlap. Give that episode its DEC and REC.",
                        )
                    continue
                if decom < l_dec:
                    err(
                        name,
                        line,
                        "DECOM",
                        "episode_overlap",
                        f"{_fmt(decom)} is before the episode on line {l_line} ended (DEC "
                        f"{_fmt(l_dec)}); episodes of one child must not overlap. Check the "
                        "dates of both episodes.",
                    )
                if dec is not None and dec <= l_dec:
                    continue
            latest = ep


def _x1_without_next(run: _Run, name: str, line: int, dec: dt.date, nxt: _Ep | None) -> None:
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

_SCORES = {str(i): i for i in range(41)}
_FLAG_HINT = "1 for yes, 0 for no, or leave it blank"


def _read_oc2(
    table: _Table,
    run: _Run,
    children: dict[str, int] | None,
    dobs: dict[str, dt.date],
    header_name: str,
) -> list[OC2Record]:
    """OC2 rows: one per child at most, SDQ score or a reason, yes/no flags."""
    name = table.name
    errors = run.errors
    err = run.error
    dates = V.DateParser(run.today)
    dget = dates.good.get
    get = table.get
    flag_columns = OC2.columns[4:]
    flag_values = V.FLAG_VALUES
    known: Any = children if children is not None else set()
    must_be_known = header_name if children is not None else None
    records: list[OC2Record] = []
    seen: dict[str, int] = {}
    n_rows = 0
    for line, row in table.rows(run):
        child, dob_s, score_s, reason, *flag_texts = get(row)
        ok = True
        if child not in known:
            if not any(v.strip() for v in row):
                continue  # a row of blank cells
            child = run.child(name, line, child, known, must_be_known)
        n_rows += 1
        if child is None:
            ok = False
        elif child in seen:
            err(
                name,
                line,
                "CHILD",
                "child_duplicate",
                f"{_show(child)} already has an OC2 row (line {seen[child]}); each child has "
                "at most one. Remove or merge the duplicate.",
            )
            ok = False
        else:
            seen[child] = line
        dob = dget(dob_s)
        if dob is None:
            dob = run.date(name, line, "DOB", dob_s, dates, True, "a date of birth")
            if dob is False:
                ok = False
                dob = None
        if dob is not None:
            header_dob = dobs.get(child)  # type: ignore[arg-type]
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
        if reason not in V.SDQ_REASON_CODES and reason:
            reason = run.code(name, line, "SDQ_REASON", reason, V.SDQ_REASON_CODES, False)
            ok = ok and reason is not None
        score = _SCORES.get(score_s)
        score_ok = True
        if score is None and score_s:
            score, score_ok = _sdq_score(run, name, line, score_s)
            ok = ok and score_ok
        if score is None and score_ok and reason == "":
            err(
                name,
                line,
                "SDQ_REASON",
                "sdq_reason_required",
                "is blank and so is SDQ_SCORE; give the score (0–40) or say why there is "
                f"none: {_ALLOWED['SDQ_REASON']}.",
            )
            ok = False
        if score is not None and reason:
            run.warn(
                name,
                line,
                "SDQ_REASON",
                "sdq_reason_with_score",
                f"is {reason} but there is a score ({score}); a reason is only needed when "
                "there is no score. Both were kept.",
            )
        flags: list[Any] = []
        for column, text in zip(flag_columns, flag_texts, strict=True):
            value = flag_values.get(text, _MISS)
            if value is _MISS:
                value = run.flag(name, line, column, text, _FLAG_HINT)
                if value.__class__ is str:
                    ok = False
                    value = None
            flags.append(value)
        if ok and not errors:
            records.append(OC2Record(line, child, dob, score, reason, *flags))  # type: ignore[arg-type]
    _two_digit_warning(name, dates, run)
    run.rows += n_rows
    return records


def _sdq_score(run: _Run, name: str, line: int, raw: str) -> tuple[int | None, bool]:
    """A score that is not a plain 0–40: allow spaces and "12.0", or report it."""
    if run.too_long(name, line, "SDQ_SCORE", raw):
        return None, False
    text = raw.strip()
    if text.endswith(".0"):  # spreadsheets write whole numbers as 12.0
        text = text[:-2]
    if not text:
        return None, True
    if text.isdigit() and int(text) <= 40:
        return int(text), True
    run.error(
        name,
        line,
        "SDQ_SCORE",
        "sdq_score_invalid",
        f"{_show(raw)} is not an SDQ total difficulties score; use a whole number from 0 "
        "to 40, or leave it blank and give SDQ_REASON.",
    )
    return None, False


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

    The files are checked together (episode and OC2 rows need a header row), so they are
    read together. Nothing is written anywhere: the caller imports ``result.data`` only
    when ``result.ok``. ``names`` overrides the file names used in messages (default: the
    files' own names, else header.csv, episodes.csv, oc2.csv). ``today`` is the reference
    date for "not in the future" and for two-digit years (default: the real today).
    ``progress(done, total)`` is called every few thousand lines and once at the end with
    ``done == total``; both count physical lines after the column names, in all files.
    """
    if today is None:
        today = dt.date.today()
    # A read allocates a few objects per row and keeps them all; the cyclic garbage
    # collector would re-scan that growing heap again and again (it doubled the time).
    # Nothing here makes reference cycles, so collection is paused for the read.
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

    run = _Run(today, progress, 0)
    tables = [_open(d, spec, run) for d, spec in zip(decoded, specs, strict=False)]
    run.total = sum(t.lines - t.first_line for t in tables if t is not None)
    header_name = decoded[0].name

    head_records: list[HeaderRecord] = []
    children: dict[str, int] | None = None
    dobs: dict[str, dt.date] = {}
    ep_records: list[EpisodeRecord] = []
    oc2_records: list[OC2Record] = []
    if tables[0] is not None:
        head_records, children, dobs = _read_header(tables[0], run)
        if not tables[0].complete:
            children = None  # rows were lost: "no header row" would be guesswork
        run.done += tables[0].lines - tables[0].first_line
    if tables[1] is not None:
        ep_records = _read_episodes(tables[1], run, children, dobs, header_name)
        run.done += tables[1].lines - tables[1].first_line
    if len(tables) > 2 and tables[2] is not None:
        oc2_records = _read_oc2(tables[2], run, children, dobs, header_name)
    if progress is not None:
        progress(run.total, run.total)

    order = {d.name: i for i, d in enumerate(decoded)}
    positions = {d.name: {c: i for i, c in enumerate(spec.columns)} for d, spec in zip(decoded, specs, strict=False)}

    def sort_key(m: Ssda903Error | Ssda903Warning) -> tuple[int, int, int]:
        column = -1 if not m.column else positions.get(m.file, {}).get(m.column, 99)
        return (order.get(m.file, 99), m.line, column)

    run.errors.sort(key=sort_key)
    run.warnings.sort(key=sort_key)
    data = None
    if not run.errors:
        data = Return(headers=head_records, episodes=ep_records, oc2=oc2_records)
    return ReadResult(errors=run.errors, warnings=run.warnings, data=data, rows=run.rows)
