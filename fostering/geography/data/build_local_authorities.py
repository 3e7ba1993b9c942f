"""Writes ``local_authorities.csv``: code, name, region, centroid and postcode count.

Run after upgrading either ONS package: ``python -m fostering.geography.data.build_local_authorities``.
The CSV is committed so that migrations (and so every database) have the authorities
without reading 2.7 million postcodes.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

from fostering.geography.postcode_data import (
    iter_english_postcodes,
    lower_to_upper_tier,
    package_dir,
    upper_tier_of,
)
from fostering.geography.regions import NEW_AUTHORITY_NAMES, RETIRED_AUTHORITY_CODES, region_of

OUT = Path(__file__).with_name("local_authorities.csv")


def main() -> None:
    lookup = lower_to_upper_tier()
    records = json.loads((package_dir("qlacref_authorities") / "records.json").read_text())
    names = {
        r["UTLA21CD"]: r["UTLA21NM"]
        for r in records
        if r["UTLA21CD"].startswith("E") and r["UTLA21CD"] not in RETIRED_AUTHORITY_CODES
    }
    names.update(NEW_AUTHORITY_NAMES)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    unmatched: set[str] = set()
    for rec in iter_english_postcodes():
        upper = upper_tier_of(rec.lower_tier_code, lookup)
        if upper is None:
            unmatched.add(rec.lower_tier_code)
            continue
        s = sums[upper]
        s[0] += rec.easting
        s[1] += rec.northing
        s[2] += 1
    if unmatched:
        raise SystemExit(f"Lower-tier codes with no upper tier: {sorted(unmatched)}")
    with OUT.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "region", "centroid_easting", "centroid_northing", "postcodes"])
        for code in sorted(sums):
            e, n, count = sums[code]
            w.writerow([code, names[code], region_of(code), round(e / count), round(n / count), count])
    print(f"Wrote {len(sums)} local authorities to {OUT}")


if __name__ == "__main__":
    main()
