"""Demo data scales and the published figures they are calibrated to.

Figures (Foster Care in England, 2018; DfE, March 2017): 72,670 children looked after,
53,420 in foster care; 44,320 approved fostering households, 67% with LA services; about
16,000 households with no child placed; 62% of fostered children placed inside their
LA's boundary. ``national`` reproduces them for all 153 authorities; ``regional`` takes
one region's share (by postcodes, a population proxy); ``small`` is two authorities at a
size tests can build in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLISHED = {
    "children_looked_after": 72_670,
    "children_in_foster_care": 53_420,
    "households": 44_320,
    "share_households_la_services": 0.67,
    "households_with_no_child": 16_000,
    "share_fostered_inside_own_la": 0.62,
    "open_referrals": 2_000,
    "ifas": 300,
}


@dataclass(frozen=True)
class Scale:
    name: str
    description: str
    fraction: float | None  # of national; None = the share of the chosen authorities
    authority_codes: tuple[str, ...] | None = None  # None: by region (regional) or all (national)
    min_ifas: int = 4


SCALES: dict[str, Scale] = {
    "small": Scale(
        "small",
        "Kent and Medway, about 250 households: for tests",
        fraction=0.0056,
        authority_codes=("E10000016", "E06000035"),
        min_ifas=4,
    ),
    "regional": Scale("regional", "One region (South East by default)", fraction=None, min_ifas=12),
    "national": Scale("national", "All 153 authorities in England", fraction=1.0, min_ifas=300),
}
