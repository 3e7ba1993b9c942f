"""Write typed SSDA903 records back out as the standard's CSV files.

The output is *canonical*: every column of the file in the standard's order (even ones
the source lacked, left blank), dates as ``dd/mm/yyyy``, yes/no as ``1``/``0``, codes
and postcodes as the reader normalised them, rows in the order given, CRLF line endings
(the csv module's "excel" dialect, as DfE's tools and Excel expect). Reading a canonical
file and writing it again reproduces it byte for byte, which is what the round-trip test
checks. Open files with ``newline=""`` so the csv module controls line endings.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .columns import EPISODES, HEADER, OC2
from .records import EpisodeRecord, HeaderRecord, OC2Record, Return
from .values import format_flag

_FLAG = {None: "", True: "1", False: "0"}


class _Dates(dict):
    """date -> "dd/mm/yyyy", computed once per distinct date."""

    def __missing__(self, key: object) -> str:
        text = "" if key is None else f"{key.day:02d}/{key.month:02d}/{key.year:04d}"  # type: ignore[attr-defined]
        self[key] = text
        return text


def write_header(records: Iterable[HeaderRecord], fileobj: TextIO) -> int:
    """Write the header file; returns the number of data rows written."""
    out = csv.writer(fileobj)
    out.writerow(HEADER.columns)
    d = _Dates()
    n = 0
    for r in records:
        out.writerow((r.child, r.sex, d[r.dob], r.ethnic, r.upn, _FLAG[r.mother], d[r.mc_dob]))
        n += 1
    return n


def write_episodes(records: Iterable[EpisodeRecord], fileobj: TextIO) -> int:
    """Write the episodes file; returns the number of data rows written."""
    out = csv.writer(fileobj)
    out.writerow(EPISODES.columns)
    d = _Dates()
    n = 0
    for r in records:
        out.writerow(
            (
                r.child,
                d[r.decom],
                r.rne,
                r.ls,
                r.cin,
                r.place,
                r.place_provider,
                d[r.dec],
                r.rec,
                r.reason_place_change,
                r.home_post,
                r.pl_post,
                r.urn,
            )
        )
        n += 1
    return n


def write_oc2(records: Iterable[OC2Record], fileobj: TextIO) -> int:
    """Write the OC2 file; returns the number of data rows written."""
    out = csv.writer(fileobj)
    out.writerow(OC2.columns)
    d = _Dates()
    n = 0
    for r in records:
        out.writerow(
            (
                r.child,
                d[r.dob],
                "" if r.sdq_score is None else str(r.sdq_score),
                r.sdq_reason,
                format_flag(r.convicted),
                format_flag(r.health_check),
                format_flag(r.immunisations),
                format_flag(r.teeth_check),
                format_flag(r.health_assessment),
                format_flag(r.substance_misuse),
                format_flag(r.intervention_received),
                format_flag(r.intervention_offered),
            )
        )
        n += 1
    return n


def write_return(
    ret: Return,
    directory: str | Path,
    names: tuple[str, str, str] = (HEADER.default_name, EPISODES.default_name, OC2.default_name),
) -> tuple[Path, Path, Path]:
    """Write all three files of a return into ``directory`` (UTF-8, no BOM)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = tuple(folder / n for n in names)
    with paths[0].open("w", encoding="utf-8", newline="") as f:
        write_header(ret.headers, f)
    with paths[1].open("w", encoding="utf-8", newline="") as f:
        write_episodes(ret.episodes, f)
    with paths[2].open("w", encoding="utf-8", newline="") as f:
        write_oc2(ret.oc2, f)
    return paths  # type: ignore[return-value]
