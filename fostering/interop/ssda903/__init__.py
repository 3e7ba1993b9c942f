"""SSDA903 files in and out: read → check → typed records, and typed records → CSV.

This is the pure layer under the SSDA903 import and export (DESIGN.md §3). It never
touches the database: it turns the CSV files an LA sends DfE into typed records, or into
a complete list of what is wrong with them, and writes records back out as CSV. The
import command and the upload page build on it.

Reading
-------
::

    from fostering.interop.ssda903 import read_return

    result = read_return(
        header="header.csv",          # a path, bytes, a binary upload or a text file
        episodes="episodes.csv",
        oc2="oc2.csv",                # optional
        names=None,                   # names for messages; default: the files' own names
        today=None,                   # reference date for "not in the future" (default today)
        progress=None,                # progress(done, total), e.g. to drive a tqdm bar
    )
    if result.ok:
        result.headers, result.episodes, result.oc2   # lists of typed records
        result.data                                   # the same, as a Return
    else:
        for error in result.errors:                   # every problem, sorted by file and line
            print(error)          # episodes.csv:14: DECOM: "31/02/2023" is not a date; use dd/mm/yyyy.
    result.warnings                                   # non-fatal notes, same shape

A return with any error is rejected as a whole: ``result.data`` is ``None`` and
``result.headers`` (etc.) raise :class:`ReturnRejected`, so a caller cannot import half a
return by mistake. Each error is an :class:`Ssda903Error` with ``file``, ``line`` (the
physical line, column names on line 1), ``column`` ("" for a whole-file problem),
``code`` (stable, for programs) and ``message`` (a sentence saying what is wrong and how
to fix it); ``str(error)`` is ``FILE:LINE: COLUMN: message``.

Files
-----
Column names are matched ignoring case and surrounding spaces; unknown columns are
ignored with a warning; a missing *required* column is an error naming it.

========  ===================================================  ============================
file      required columns                                     optional columns
========  ===================================================  ============================
header    CHILD SEX DOB ETHNIC                                 UPN MOTHER MC_DOB
episodes  CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC  REASON_PLACE_CHANGE
                                                               HOME_POST PL_POST URN
oc2       CHILD DOB SDQ_SCORE SDQ_REASON                       CONVICTED HEALTH_CHECK
                                                               IMMUNISATIONS TEETH_CHECK
                                                               HEALTH_ASSESSMENT
                                                               SUBSTANCE_MISUSE
                                                               INTERVENTION_RECEIVED
                                                               INTERVENTION_OFFERED
========  ===================================================  ============================

Encodings: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 (with a
warning). Dates: ``dd/mm/yyyy``, also ``d/m/yyyy``, ``yyyy-mm-dd`` and ``dd/mm/yy``; a
two-digit year is 20yy unless that is after ``today``, then 19yy (see :mod:`.values`).
The rules checked on every row are listed in :mod:`.reader`.

Writing
-------
``write_header(records, fileobj)``, ``write_episodes(records, fileobj)``,
``write_oc2(records, fileobj)`` write one canonical file each (all columns in the
standard's order, ``dd/mm/yyyy``, CRLF; open the file with ``newline=""``) and return the
row count; ``write_return(ret, directory)`` writes all three. Reading a canonical file and
writing it again gives the same bytes.

Samples
-------
``sample.generate_return(children, seed=...)`` makes a valid synthetic return
(deterministic) for tests and ``bench/bench_ssda903.py``.
"""

from .columns import EPISODES, HEADER, OC2, FileSpec
from .reader import ProgressCallback, read_return
from .records import (
    EpisodeRecord,
    HeaderRecord,
    OC2Record,
    ReadResult,
    Return,
    ReturnRejected,
    Ssda903Error,
    Ssda903Message,
    Ssda903Warning,
)
from .source import Source
from .writer import write_episodes, write_header, write_oc2, write_return

__all__ = [
    "EPISODES",
    "HEADER",
    "OC2",
    "EpisodeRecord",
    "FileSpec",
    "HeaderRecord",
    "OC2Record",
    "ProgressCallback",
    "ReadResult",
    "Return",
    "ReturnRejected",
    "Source",
    "Ssda903Error",
    "Ssda903Message",
    "Ssda903Warning",
    "read_return",
    "write_episodes",
    "write_header",
    "write_oc2",
    "write_return",
]
