"""Typed SSDA903 records, the messages a read produces, and the result of a read.

Codes are kept as the plain strings the standard uses (``"U4"``, ``"PR1"``), which are
also the values of the TextChoices in :mod:`fostering.core.codes`, so a record's codes can
be stored in a model field with those choices without translation. Optional text that is
blank is ``""`` (Django's convention for strings); optional dates, numbers and yes/no
flags that are blank are ``None``.

Every record carries ``line``: the 1-based physical line it started on in its source file
(the column-name row is line 1), so later steps (the database import) can still point a
user at the row that caused a problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class HeaderRecord:
    """One child (a row of the header file)."""

    line: int
    child: str
    sex: str  # Sex: "1" male, "2" female
    dob: dt.date
    ethnic: str  # Ethnicity code, e.g. "WBRI"
    upn: str = ""  # Unique Pupil Number, or UN1–UN5, or "" if the column was absent/blank
    mother: bool | None = None  # MOTHER: True if the child is herself a mother
    mc_dob: dt.date | None = None  # date of birth of the child's own child


@dataclass(slots=True)
class EpisodeRecord:
    """One episode of care (a row of the episodes file)."""

    line: int
    child: str
    decom: dt.date  # date the episode commenced
    rne: str  # ReasonNewEpisode
    ls: str  # LegalStatus
    cin: str  # CategoryOfNeed
    place: str  # PlaceCode
    place_provider: str = ""  # PlaceProvider; "" for temporary placements (T0–T4, Z1)
    dec: dt.date | None = None  # date the episode ceased; None while it is open
    rec: str = ""  # ReasonEpisodeCeased; "" while the episode is open
    reason_place_change: str = ""  # ReasonPlaceChange
    home_post: str = ""  # postcode (full, sector or district), upper case
    pl_post: str = ""
    urn: str = ""  # Ofsted unique reference number of the placement, upper case

    @property
    def is_open(self) -> bool:
        """An episode with no end date is the child's current episode."""
        return self.dec is None


@dataclass(slots=True)
class OC2Record:
    """Health and SDQ outcomes for one child (a row of the OC2 file)."""

    line: int
    child: str
    dob: dt.date
    sdq_score: int | None = None  # total difficulties 0–40; None with an SDQ_REASON
    sdq_reason: str = ""  # SDQ1–SDQ5: why there is no score
    convicted: bool | None = None
    health_check: bool | None = None
    immunisations: bool | None = None
    teeth_check: bool | None = None
    health_assessment: bool | None = None
    substance_misuse: bool | None = None
    intervention_received: bool | None = None
    intervention_offered: bool | None = None


@dataclass(slots=True)
class Return:
    """A complete, valid SSDA903 return: every record typed and every rule satisfied."""

    headers: list[HeaderRecord] = field(default_factory=list)
    episodes: list[EpisodeRecord] = field(default_factory=list)
    oc2: list[OC2Record] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Ssda903Message:
    """Something to tell the user about one place in one file.

    ``code`` is a short stable identifier (``"date_invalid"``, ``"episode_overlap"``…)
    for programs and tests; ``message`` is the sentence for people. ``column`` is ""
    for problems with a whole file (empty, binary, not CSV).
    """

    file: str
    line: int
    column: str
    code: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"{self.file}:{self.line}: {self.column}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class Ssda903Error(Ssda903Message):
    """A problem that stops the return being imported."""

    __slots__ = ()


class Ssda903Warning(Ssda903Message):
    """Something the user should know about that does not stop the import."""

    __slots__ = ()


class ReturnRejected(ValueError):
    """Raised when a caller asks for the records of a return that has errors."""


@dataclass(slots=True)
class ReadResult:
    """What :func:`read_return` found: a valid return, or every error in it.

    A return with any error is rejected as a whole, so the records are only reachable
    when ``ok`` is true; asking for them otherwise raises :class:`ReturnRejected` rather
    than handing back a partial import.
    """

    errors: list[Ssda903Error]
    warnings: list[Ssda903Warning]
    data: Return | None
    rows: int = 0  # data rows read across all files

    @property
    def ok(self) -> bool:
        """True when the return has no errors and its records may be imported."""
        return not self.errors

    def _valid(self) -> Return:
        if self.data is None or self.errors:
            raise ReturnRejected(
                f"The return has {len(self.errors)} error(s) and cannot be imported; "
                "check result.ok and show result.errors instead."
            )
        return self.data

    @property
    def headers(self) -> list[HeaderRecord]:
        return self._valid().headers

    @property
    def episodes(self) -> list[EpisodeRecord]:
        return self._valid().episodes

    @property
    def oc2(self) -> list[OC2Record]:
        return self._valid().oc2

    def report(self) -> str:
        """All errors then all warnings, one ``FILE:LINE: COLUMN: message`` per line."""
        lines = [str(e) for e in self.errors]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)
