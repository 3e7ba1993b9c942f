"""Real postcodes to put demo households and children on, weighted by postcode density."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fostering.geography.models import Postcode


@dataclass
class AuthorityPostcodes:
    postcodes: np.ndarray  # str
    districts: np.ndarray
    eastings: np.ndarray
    northings: np.ndarray


class PostcodeSampler:
    """Loads the chosen authorities' postcodes once, in a stable order, and samples them."""

    def __init__(self, authority_codes: list[str]):
        rows = (
            Postcode.objects.filter(local_authority_id__in=authority_codes)
            .order_by("postcode")
            .values_list("local_authority_id", "postcode", "district", "easting", "northing")
        )
        by_la: dict[str, list[tuple]] = {code: [] for code in authority_codes}
        for la, pc, district, e, n in rows.iterator(chunk_size=50_000):
            by_la[la].append((pc, district, e, n))
        self.by_la: dict[str, AuthorityPostcodes] = {}
        for code, items in by_la.items():
            if not items:
                continue
            pcs, districts, es, ns = zip(*items, strict=True)
            self.by_la[code] = AuthorityPostcodes(
                np.array(pcs), np.array(districts), np.array(es, dtype=float), np.array(ns, dtype=float)
            )

    def missing(self, authority_codes: list[str]) -> list[str]:
        return [c for c in authority_codes if c not in self.by_la]

    def sample(self, rng: np.random.Generator, la_code: str, n: int) -> AuthorityPostcodes:
        pool = self.by_la[la_code]
        idx = rng.integers(0, len(pool.postcodes), size=n)
        return AuthorityPostcodes(pool.postcodes[idx], pool.districts[idx], pool.eastings[idx], pool.northings[idx])

    def near(self, rng: np.random.Generator, la_code: str, easting: float, northing: float, km: float = 5.0):
        """A postcode in the authority within about ``km`` of a point (the nearest of a sample)."""
        pool = self.by_la[la_code]
        idx = rng.integers(0, len(pool.postcodes), size=40)
        d = np.hypot(pool.eastings[idx] - easting, pool.northings[idx] - northing)
        close = idx[d <= km * 1000]
        i = int(close[0]) if len(close) else int(idx[np.argmin(d)])
        return pool.postcodes[i], pool.districts[i], pool.eastings[i], pool.northings[i]
