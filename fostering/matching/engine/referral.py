"""A referral as the engine sees it: the children, their wishes and where they live.

The Django side builds these from a referral and the children's current needs profiles.
Everything is plain values (no model instances) so a referral can be built in tests,
pickled to a worker, or replayed in a simulation.

Conventions: ages are whole years on the wanted start date; locations are British
National Grid ``(easting, northing)`` in metres; dates are day numbers (days since
1970-01-01, see ``constants.EPOCH_ORDINAL``); needs and strengths are 10-tuples in
``constants.DOMAINS`` order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from .constants import (
    DOMAIN_INDEX,
    ETHNIC_CODES,
    MAX_MASK_BIT,
    N_DOMAINS,
    PLACEMENT_TYPE_BIT,
    STRENGTH_NONE,
)

Point = tuple[float, float]
Anchor = Literal["school", "home"]
SiblingMode = Literal["together", "apart"]


def _levels(values: tuple[int, ...] | Mapping[str, int], what: str) -> tuple[int, ...]:
    if isinstance(values, Mapping):
        row = [0] * N_DOMAINS
        for code, level in values.items():
            if code not in DOMAIN_INDEX:
                raise ValueError(f"'{code}' is not a need domain.")
            row[DOMAIN_INDEX[code]] = int(level)
        values = tuple(row)
    values = tuple(int(v) for v in values)
    if len(values) != N_DOMAINS:
        raise ValueError(f"A child's {what} need one level per domain ({N_DOMAINS}).")
    if any(not 0 <= v <= 3 for v in values):
        raise ValueError(f"A child's {what} must be levels 0–3.")
    return values


@dataclass(frozen=True)
class Child:
    """One child in a referral, with the wishes that matter for matching.

    ``needs``/``strengths`` may be 10-tuples in domain order or mappings of domain code to
    level (missing domains: need 0, strength "none identified"). Strengths are carried
    for the shortlist's explanation but not scored: they are what carers build on, not a
    reason to prefer one household over another.
    """

    age: int
    needs: tuple[int, ...] | Mapping[str, int] = (0,) * N_DOMAINS
    strengths: tuple[int, ...] | Mapping[str, int] = (STRENGTH_NONE,) * N_DOMAINS
    religion: int = 0  # religion code, 0 = none or not known
    languages: int = 0  # bitmask, same bits as households' ``languages``
    ethnicity: int = 0  # ethnicity code, 0 = unknown
    faith_importance: int = 0  # 0 not important … 2 very important to the child
    language_importance: int = 0
    culture_importance: int = 0
    needs_wheelchair_access: bool = False
    cannot_live_with_pets: bool = False
    cannot_live_with_smokers: bool = False
    cannot_live_with_younger_children: bool = False
    wants_to_stay_at_school: bool = False
    school: Point | None = None

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "needs", _levels(self.needs, "needs"))
        if isinstance(self.strengths, Mapping):
            row = [STRENGTH_NONE] * N_DOMAINS
            for code, level in self.strengths.items():
                row[DOMAIN_INDEX[code]] = int(level)
            put(self, "strengths", tuple(row))
        put(self, "strengths", _levels(self.strengths, "strengths"))
        if not 0 <= self.age <= 25:
            raise ValueError(f"A child's age must be 0–25 years, not {self.age}.")
        for name in ("faith_importance", "language_importance", "culture_importance"):
            if getattr(self, name) not in (0, 1, 2):
                raise ValueError(f"{name} must be 0, 1 or 2.")
        if not 0 <= self.religion <= MAX_MASK_BIT:
            raise ValueError(f"Religion code {self.religion} is outside 0–{MAX_MASK_BIT}.")
        if not 0 <= self.ethnicity <= len(ETHNIC_CODES):
            raise ValueError(f"Ethnicity code {self.ethnicity} is not a known code.")
        if self.languages < 0:
            raise ValueError("A child's languages must be a non-negative bitmask.")


@dataclass(frozen=True)
class Referral:
    """A request to find one household for a child or a sibling group.

    ``max_distance_km`` limits the distance from ``distance_from``: "school" means each
    child's school (a child without a school counts from home), "home" the family home.
    ``siblings`` only matters for two or more children: "together" asks for one
    household for the whole group; "apart" asks for one household per child, close to
    each other (see :mod:`.siblings`). ``held_places`` maps household id to the number of
    places already held for *this* referral; they count as free for it.
    ``sibling_anchor`` is set by the engine when it splits an "apart" group: the place the
    separated siblings should stay near. ``la_id`` is the placing LA (for the in-house
    baseline policy); ``referral_id`` is carried through for the caller.
    """

    children: tuple[Child, ...]
    placement_type: str
    start_day: int
    home: Point | None = None
    important_people: tuple[Point, ...] = ()
    max_distance_km: float | None = None
    distance_from: Anchor = "school"
    siblings: SiblingMode = "together"
    held_places: Mapping[int, int] = field(default_factory=dict)
    la_id: int = -1
    referral_id: int | None = None
    sibling_anchor: Point | None = None

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "children", tuple(self.children))
        put(self, "important_people", tuple(tuple(p) for p in self.important_people))
        # A private copy (a plain dict, so the referral pickles for a worker process).
        put(self, "held_places", {int(k): int(v) for k, v in self.held_places.items()})
        if not self.children:
            raise ValueError("A referral needs at least one child.")
        if self.placement_type not in PLACEMENT_TYPE_BIT:
            raise ValueError(f"'{self.placement_type}' is not a placement type.")
        if self.distance_from not in ("school", "home"):
            raise ValueError("distance_from must be 'school' or 'home'.")
        if self.siblings not in ("together", "apart"):
            raise ValueError("siblings must be 'together' or 'apart'.")
        if self.max_distance_km is not None and not self.max_distance_km > 0:
            raise ValueError("max_distance_km must be a positive number of kilometres, or None.")
        if any(v < 0 for v in self.held_places.values()):
            raise ValueError("Held places cannot be negative.")

    @property
    def group_size(self) -> int:
        """Number of children who need a place in one household (1 when apart)."""
        return 1 if self.siblings == "apart" else len(self.children)

    @property
    def is_split(self) -> bool:
        """True for a sibling group asking to live apart (one household per child)."""
        return self.siblings == "apart" and len(self.children) > 1


def split_apart(referral: Referral) -> list[Referral]:
    """One single-child referral per child of an "apart" group, keeping them near each other.

    Each child keeps the shared home, important people, holds and limits, plus a
    ``sibling_anchor`` (the family home, or the middle of the children's schools when the
    home is unknown) so every child's distance score rewards households near the others.
    """
    anchor = sibling_anchor(referral)
    return [
        replace(referral, children=(child,), siblings="together", sibling_anchor=anchor) for child in referral.children
    ]


def sibling_anchor(referral: Referral) -> Point | None:
    """Where separated siblings should stay close to: home, else the middle of their schools."""
    if referral.sibling_anchor is not None:
        return referral.sibling_anchor
    if referral.home is not None:
        return referral.home
    schools = [c.school for c in referral.children if c.school is not None]
    if not schools:
        return None
    return (
        sum(p[0] for p in schools) / len(schools),
        sum(p[1] for p in schools) / len(schools),
    )
