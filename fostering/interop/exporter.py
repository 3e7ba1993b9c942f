"""Export an authority's SSDA903 return (header, episodes, OC2) from the register.

The files are written by the pure layer's canonical writer, so an import followed by an
export reproduces the imported rows: children in CHILD order, each child's episodes in
date order (ties in the order they were imported), OC2 rows in CHILD order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fostering.children.models import Child, HealthOutcome
from fostering.geography.models import LocalAuthority
from fostering.placements.models import Placement

from .importer import EPISODE_FIELDS, OC2_FIELDS
from .ssda903 import (
    EPISODES,
    HEADER,
    OC2,
    EpisodeRecord,
    HeaderRecord,
    OC2Record,
    write_episodes,
    write_header,
    write_oc2,
)


@dataclass
class ExportSummary:
    headers: int
    episodes: int
    oc2: int
    paths: tuple[Path, Path, Path]

    def __str__(self) -> str:
        return f"{self.headers:,} children, {self.episodes:,} episodes, {self.oc2:,} OC2 rows written to {self.paths[0].parent}"


def header_records(la: LocalAuthority) -> list[HeaderRecord]:
    return [
        HeaderRecord(0, child, sex, dob, ethnic, upn, mother, mc_dob)
        for child, sex, dob, ethnic, upn, mother, mc_dob in Child.objects.filter(local_authority=la)
        .order_by("la_child_id")
        .values_list("la_child_id", "sex", "date_of_birth", "ethnicity", "upn", "mother", "mc_dob")
        .iterator(chunk_size=5000)
    ]


def episode_records(la: LocalAuthority) -> list[EpisodeRecord]:
    rows = (
        Placement.objects.filter(child__local_authority=la)
        .order_by("child__la_child_id", "started_on", "source_line", "id")
        .values_list("child__la_child_id", *EPISODE_FIELDS)
        .iterator(chunk_size=10_000)
    )
    return [
        EpisodeRecord(0, child, decom, rne, ls, cin, place, provider, dec, rec, rpc, home, pl, urn)
        for child, decom, dec, rne, ls, cin, place, provider, rec, rpc, home, pl, urn in rows
    ]


def oc2_records(la: LocalAuthority) -> list[OC2Record]:
    rows = (
        HealthOutcome.objects.filter(child__local_authority=la)
        .order_by("child__la_child_id")
        .values_list("child__la_child_id", "child__date_of_birth", *OC2_FIELDS)
    )
    return [OC2Record(0, child, dob, *values) for child, dob, *values in rows]


def export_return(la_code: str, directory: str | Path) -> ExportSummary:
    """Write header.csv, episodes.csv and oc2.csv for the authority into ``directory``.
    Raises LocalAuthority.DoesNotExist for an unknown code."""
    la = LocalAuthority.objects.get(code=la_code)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = (folder / HEADER.default_name, folder / EPISODES.default_name, folder / OC2.default_name)
    with paths[0].open("w", encoding="utf-8", newline="") as f:
        n_header = write_header(header_records(la), f)
    with paths[1].open("w", encoding="utf-8", newline="") as f:
        n_episodes = write_episodes(episode_records(la), f)
    with paths[2].open("w", encoding="utf-8", newline="") as f:
        n_oc2 = write_oc2(oc2_records(la), f)
    return ExportSummary(n_header, n_episodes, n_oc2, paths)
