"""Parsing single SSDA903 values: codes, dates, postcodes, UPNs, flags.

These are the inner steps of an import (a national return is hundreds of thousands of
rows), so the date parser remembers every good date string it has seen: a file has far
fewer distinct dates than rows, and a dict lookup is much cheaper than parsing.

Dates
    ``dd/mm/yyyy`` is the standard. Also accepted: ``d/m/yyyy`` (leading zeros dropped by
    spreadsheets), ISO ``yyyy-mm-dd``, either followed by a midnight time
    (``00:00`` or ``00:00:00``, as Excel writes), and ``dd/mm/yy``.

    Two-digit years (the pivot rule): every SSDA903 date (a date of birth, a child's
    child's date of birth, an episode's start or end) lies in the past, so ``yy`` is read
    as ``20yy`` unless that date would be after the reference date ("today"), in which
    case it is ``19yy``. With today 23/11/2026, ``05/03/98`` is 05/03/1998, ``05/03/24`` is
    05/03/2024 and ``30/12/26`` is 30/12/1926. Years before 1900 are rejected as typing
    mistakes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from fostering.core import codes

# --- code lists ------------------------------------------------------------------------

SEX_CODES = frozenset(codes.Sex.values)
ETHNIC_CODES = frozenset(codes.Ethnicity.values)
PLACE_CODES = frozenset(codes.PlaceCode.values)
PROVIDER_CODES = frozenset(codes.PlaceProvider.values)
RNE_CODES = frozenset(codes.ReasonNewEpisode.values)
LS_CODES = frozenset(codes.LegalStatus.values)
CIN_CODES = frozenset(codes.CategoryOfNeed.values)
RPC_CODES = frozenset(codes.ReasonPlaceChange.values)
REC_CODES = frozenset(codes.ReasonEpisodeCeased.values)
SDQ_REASON_CODES = frozenset({"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"})
SDQ_REASONS = {
    "SDQ1": "child aged under 4 or over 16 at the date of the latest assessment",
    "SDQ2": "carer refused to complete the questionnaire",
    "SDQ3": "not possible because of the severity of the child's disability",
    "SDQ4": "other",
    "SDQ5": "child or young person refused",
}
# Temporary placements have no provider (PLACE_PROVIDER must be blank for them).
NO_PROVIDER_PLACES = frozenset({"T0", "T1", "T2", "T3", "T4", "Z1"})


def describe_codes(values: Iterable[str]) -> str:
    """A short list of codes for a message, folding runs into ranges: ``U1–U6, K1, K2``.

    Codes are grouped by their letter prefix and a run of three or more consecutive
    numbers becomes a range, so users see the whole list without a paragraph.
    """
    split: list[tuple[str, int | None, str]] = []
    for v in values:
        m = re.fullmatch(r"([A-Z]*)(\d+)", v)
        if m:
            split.append((m.group(1), int(m.group(2)), v))
        else:
            split.append((v, None, v))
    split.sort(key=lambda t: (t[0], -1 if t[1] is None else t[1], t[2]))
    parts: list[str] = []
    i = 0
    while i < len(split):
        prefix, num, text = split[i]
        j = i
        if num is not None:
            while (
                j + 1 < len(split)
                and split[j + 1][0] == prefix
                and split[j + 1][1] == split[j][1] + 1  # type: ignore[operator]
                and len(split[j + 1][2]) == len(text)
            ):
                j += 1
        if j - i >= 2:
            parts.append(f"{text}–{split[j][2]}")
        else:
            parts.extend(s[2] for s in split[i : j + 1])
        i = j + 1
    return ", ".join(parts)


# --- dates -----------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[ T]00:00(?::00)?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")

INVALID = False  # what DateParser.parse returns for a string that is not a date


class DateParser:
    """Turns date strings into ``datetime.date``, remembering the good ones.

    ``good`` maps a raw string to its date for every valid date not after ``today`` seen
    so far; callers look it up directly and call :meth:`parse` only on a miss, so a file's
    hundreds of thousands of dates cost one dict lookup each. The first two-digit year
    met is remembered (with its line) so the reader can warn once.
    """

    __slots__ = ("good", "today", "two_digit_example")

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.good: dict[str, dt.date] = {}
        self.two_digit_example: tuple[int, str, dt.date] | None = None

    def parse(self, raw: str, line: int) -> dt.date | None | bool:
        """The date in ``raw``; ``None`` if blank; ``INVALID`` (False) if not a date."""
        text = raw.strip()
        value = _parse_date(text, self.today)
        if value is None or value is INVALID:
            return value
        date, two_digit = value  # type: ignore[misc]
        if two_digit and self.two_digit_example is None:
            self.two_digit_example = (line, text, date)
        if date <= self.today:
            self.good[raw] = date
        return date


def _parse_date(s: str, today: dt.date) -> tuple[dt.date, bool] | None | bool:
    if not s:
        return None
    m = _DMY.fullmatch(s)
    if m:
        day, month, year_text = int(m.group(1)), int(m.group(2)), m.group(3)
        two_digit = len(year_text) == 2
        year = int(year_text)
        if two_digit:
            year += 2000
    else:
        m = _ISO.fullmatch(s)
        if not m:
            return INVALID
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        two_digit = False
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return INVALID
    if two_digit and value > today:
        try:
            value = dt.date(year - 100, month, day)
        except ValueError:  # 29 February in a year that was not a leap year
            return INVALID
    if value.year < 1900:
        return INVALID
    return value, two_digit


def format_date(value: dt.date | None) -> str:
    """The standard's ``dd/mm/yyyy`` ("" for no date)."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


# --- postcodes -------------------------------------------------------------------------

# SSDA903 carries full postcodes, postcode sectors ("ME14 2") or districts ("ME14").
# This is a shape check, not a lookup: it catches garbage, not unallocated postcodes.
_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL_POSTCODE = re.compile(rf"({_OUTWARD}) ?([0-9][A-Z]{{2}})")
_SECTOR = re.compile(rf"({_OUTWARD}) ([0-9])")
_DISTRICT = re.compile(_OUTWARD)


# Already in the normalised form (the usual case): accepted as it is, with one match.
POSTCODE_CANONICAL = re.compile(rf"{_OUTWARD}(?: [0-9](?:[A-Z]{{2}})?)?")


def normalise_postcode(raw: str) -> str | None:
    """Upper-case, single-spaced form of a full postcode, sector or district.

    Returns "" for a blank and ``None`` when the value is not shaped like any of them.
    """
    s = " ".join(raw.upper().split())
    if not s:
        return ""
    m = _FULL_POSTCODE.fullmatch(s)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    m = _SECTOR.fullmatch(s)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    if _DISTRICT.fullmatch(s):
        return s
    return None


# --- other single values ---------------------------------------------------------------

# A UPN is a letter (not I, O or S) then 12 digits, or 11 digits and a check letter for a
# temporary UPN; UN1–UN5 are the standard's "not known" reasons.
UPN_RE = re.compile(r"(?:[A-HJ-NPQRT-Z]\d{11}[0-9A-Z]|UN[1-5])")
# Ofsted URNs are "SC" and six digits or, for newer registrations, seven digits; returns
# also carry "XXXXXXX" for "not applicable". Checked loosely: letters and digits.
URN_RE = re.compile(r"[A-Z0-9]{1,10}")

FLAG_VALUES: dict[str, bool | None] = {"": None, "0": False, "1": True}


def parse_flag(raw: str) -> bool | None | str:
    """0/1 flag (also ``y``/``n``/``true``/``false``); returns the raw text if not a flag."""
    s = raw.strip().upper()
    if s in ("", "0", "1"):
        return FLAG_VALUES[s]
    if s in ("Y", "YES", "TRUE"):
        return True
    if s in ("N", "NO", "FALSE"):
        return False
    return raw


def format_flag(value: bool | None) -> str:
    """``1``/``0``/"" as the standard writes yes/no."""
    if value is None:
        return ""
    return "1" if value else "0"
