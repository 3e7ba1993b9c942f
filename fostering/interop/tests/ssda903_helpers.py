"""Tiny SSDA903 files written in the tests, and helpers to read them.

Each test starts from a small valid return and changes one thing, so the test reads as
the story it tells ("an episode ending before it starts is reported on its line").
"""

from __future__ import annotations

import datetime as dt
import io

from fostering.interop.ssda903 import (
    ReadResult,
    Return,
    Ssda903Error,
    read_return,
    write_episodes,
    write_header,
    write_oc2,
)

# A fixed "today", so dates in the tests never drift into the future.
TODAY = dt.date(2026, 11, 23)

HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODE_COLUMNS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
OC2_COLUMNS = (
    "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
    "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
)

HEADER_ROWS = [
    "C1,1,01/02/2012,WBRI,A123456789012,,",  # line 2
    "C2,2,03/04/2010,BAFR,UN3,0,",  # line 3
]
EPISODE_ROWS = [
    "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,X1,CARPL,ME14 2LL,ME15,SC123456",  # line 2
    "C1,05/06/2021,P,C2,N1,U6,PR4,,,,ME14 2LL,TN1 1AA,SC654321",  # line 3
    "C2,10/10/2022,S,V2,N4,K2,PR4,,,,,B1 1AA,SC111111",  # line 4
]
OC2_ROWS = [
    "C1,01/02/2012,14,,0,1,1,1,1,0,,",  # line 2
    "C2,03/04/2010,,SDQ5,0,1,1,0,1,0,,",  # line 3
]


def csv_text(columns: str, rows: list[str]) -> str:
    return "\r\n".join([columns, *rows]) + "\r\n"


def header_file(*rows: str) -> str:
    return csv_text(HEADER_COLUMNS, list(rows) if rows else HEADER_ROWS)


def episodes_file(*rows: str) -> str:
    return csv_text(EPISODE_COLUMNS, list(rows) if rows else EPISODE_ROWS)


def oc2_file(*rows: str) -> str:
    return csv_text(OC2_COLUMNS, list(rows) if rows else OC2_ROWS)


def read(
    header: str | bytes | None = None,
    episodes: str | bytes | None = None,
    oc2: str | bytes | None = None,
    **kwargs: object,
) -> ReadResult:
    """Read a return given as text (or bytes); missing files are the valid defaults."""

    def as_bytes(value: str | bytes) -> bytes:
        return value.encode("utf-8") if isinstance(value, str) else value

    kwargs.setdefault("today", TODAY)
    return read_return(
        as_bytes(header if header is not None else header_file()),
        as_bytes(episodes if episodes is not None else episodes_file()),
        as_bytes(oc2) if oc2 is not None else None,
        **kwargs,  # type: ignore[arg-type]
    )


def only_error(result: ReadResult) -> Ssda903Error:
    """The single error a story expects, with the whole report if there are others."""
    assert len(result.errors) == 1, result.report()
    return result.errors[0]


def codes(result: ReadResult) -> list[tuple[str, int, str, str]]:
    """(file, line, column, code) of every error, for compact assertions."""
    return [(e.file, e.line, e.column, e.code) for e in result.errors]


def as_files(ret: Return) -> tuple[bytes, bytes, bytes]:
    """A return written out as the three canonical CSV files, in memory."""
    files = []
    for write, records in (
        (write_header, ret.headers),
        (write_episodes, ret.episodes),
        (write_oc2, ret.oc2),
    ):
        out = io.StringIO(newline="")
        write(records, out)  # type: ignore[operator]
        files.append(out.getvalue().encode())
    return files[0], files[1], files[2]
