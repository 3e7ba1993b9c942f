"""The columns of each SSDA903 file, in the standard's order, and which are required.

A *required column* must be present in the file's first row (its values may still be
allowed to be blank: DEC is required as a column but blank for an open episode). An
*optional column* may be missing altogether, as it is in older or partial exports; its
values are then read as blank. The writer always writes every column, in this order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileSpec:
    """Which file this is and what columns it has."""

    kind: str  # "header", "episodes", "oc2"
    default_name: str
    columns: tuple[str, ...]  # canonical order, as written
    required: frozenset[str]

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.required)


HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
OC2_FLAG_COLUMNS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
OC2_COLUMNS = ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", *OC2_FLAG_COLUMNS)

HEADER = FileSpec(
    kind="header",
    default_name="header.csv",
    columns=HEADER_COLUMNS,
    # UPN, MOTHER and MC_DOB are missing from some LA system exports.
    required=frozenset({"CHILD", "SEX", "DOB", "ETHNIC"}),
)
EPISODES = FileSpec(
    kind="episodes",
    default_name="episodes.csv",
    columns=EPISODE_COLUMNS,
    # REASON_PLACE_CHANGE (added 2016), the postcodes and URN are absent from older exports.
    required=frozenset({"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"}),
)
OC2 = FileSpec(
    kind="oc2",
    default_name="oc2.csv",
    columns=OC2_COLUMNS,
    # The health flags vary between years and systems; the SDQ columns are why we read OC2.
    required=frozenset({"CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON"}),
)

SPECS = (HEADER, EPISODES, OC2)

# Any single value longer than this is an error (and CHILD has its own, shorter limit).
MAX_FIELD_LENGTH = 200
MAX_CHILD_LENGTH = 20
