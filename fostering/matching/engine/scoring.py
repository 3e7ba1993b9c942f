"""The score: 0–100, the sum of six components, each a 0–1 sub-score times its weight.

Only households that pass every hard rule are scored. Cost is never an input: it is
shown beside each candidate so an officer can see it, but a child is matched on needs.

Sub-scores (each 0–1, 1 best):

``needs_met``
    For each child, Σ_d min(capability_d, need_d) / Σ_d need_d over the ten domains: every
    domain's shortfall counts in proportion to how great the need is, and a domain with
    no need is met. A child with no needs at all scores 1. Sibling groups: the mean over
    the children.
``distance``
    Exponential decay ``0.5 ** (km / distance_half_km)`` (10 km halves the sub-score,
    20 km quarters it) from each anchor, averaged within each anchor group, then a
    weighted mean over the groups that exist: the children's schools (a child with no
    school counts from home; weight 2 when a child wants to stay at their school, else
    1), the important people (weight 1) and, for siblings living apart, the siblings'
    shared anchor (weight 1). No anchors at all: 0 for every household (rank-neutral).
    A household with no grid reference scores 0.
``identity``
    Culture, faith and language fit weighted by what each child said matters (importance
    0–2): faith 1 if a carer shares the child's religion; language the share of the
    child's languages spoken in the home; culture 1 for a carer of the same ethnicity,
    0.5 for the same broad heritage group (mixed heritage belongs to both parents'
    groups), else 0. Unknown values on the household side earn nothing; a child who
    asked for nothing (or whose religion/ethnicity is unknown) scores 1.
``household_fit``
    Soft preferences about the home, multiplied so one clash is not hidden by the rest:
    younger children in the home 0 if the child cannot live with younger children, 0.5
    if the child's risk-to-others need is 2 or more; pets 0 if the child cannot live with
    pets; smokers 0 for a child under 5 or with a health need of 2 or more, else 0.5 (a
    stated "no smokers" wish is a hard rule); an inaccessible home 0.75 when the child's
    health need is 2 or more. Mean over the children.
``carer_preferences``
    The carers' own wishes: share of children inside their preferred age range and, for
    a sibling group, whether the group is no bigger than they want (mean of the two).
``experience``
    0.5 × years of fostering (full at 10 years) + 0.5 × stability (share of past
    placements that ended as planned; no record counts as 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from .context import HEALTH, RISK_OTHERS, Context, Distances
from .features import HOME_NOT_ACCESSIBLE, HOME_PETS, HOME_SMOKES, HouseholdFeatures
from .referral import Child

Rows = slice | NDArray[np.intp]


@dataclass(frozen=True)
class Component:
    code: str
    label: str


COMPONENTS: tuple[Component, ...] = (
    Component("needs_met", "Needs met"),
    Component("distance", "Close to school and important people"),
    Component("identity", "Culture, faith and language"),
    Component("household_fit", "Fit with the household"),
    Component("carer_preferences", "Carers' own preferences"),
    Component("experience", "Carer experience and stability"),
)
COMPONENT_CODES: tuple[str, ...] = tuple(c.code for c in COMPONENTS)

HOUSEHOLD_FIT_YOUNGER_RISK = 0.5
HOUSEHOLD_FIT_SMOKER = 0.5
HOUSEHOLD_FIT_NOT_ACCESSIBLE = 0.75


@dataclass(frozen=True)
class ScoringWeights:
    """Points each component is worth; the six weights must sum to 100.

    Defaults, and why:

    * ``needs_met`` 35 — the register is needs-led: whether the carers can meet what the
      child needs predicts stability more than anything else we hold.
    * ``distance`` 20 — staying at school and near family and friends is what children
      ask for most, and what placements far from home most often lose.
    * ``identity`` 15 — the Children Act 1989 s.22(5)(c) requires due regard to religion,
      racial origin and cultural and linguistic background; it only counts where the
      child said it matters.
    * ``household_fit`` 10 — soft wishes about the home (other children, pets, smoking).
    * ``carer_preferences`` 10 — carers matched to the ages and group sizes they want are
      less likely to ask for a child to move.
    * ``experience`` 10 — a track record helps, but must not shut out newly approved
      carers, who are most of the free places.

    ``distance_half_km`` is the distance that halves the distance sub-score.
    """

    needs_met: float = 35.0
    distance: float = 20.0
    identity: float = 15.0
    household_fit: float = 10.0
    carer_preferences: float = 10.0
    experience: float = 10.0
    distance_half_km: float = 10.0

    def __post_init__(self) -> None:
        values = self.vector()
        if np.any(values < 0) or not np.all(np.isfinite(values)):
            raise ValueError("Scoring weights must be finite and not negative.")
        if abs(float(values.sum()) - 100.0) > 1e-9:
            raise ValueError(f"Scoring weights must sum to 100; these sum to {values.sum():g}.")
        if not self.distance_half_km > 0:
            raise ValueError("distance_half_km must be a positive number of kilometres.")

    def vector(self) -> NDArray[np.float64]:
        """The weights in ``COMPONENT_CODES`` order."""
        return np.array([getattr(self, code) for code in COMPONENT_CODES], dtype=np.float64)


DEFAULT_WEIGHTS = ScoringWeights()
assert {f.name for f in fields(ScoringWeights)} == {*COMPONENT_CODES, "distance_half_km"}


def sub_scores(
    features: HouseholdFeatures,
    ctx: Context,
    rows: NDArray[np.intp],
    weights: ScoringWeights,
    distances: Distances | None = None,
) -> NDArray[np.float64]:
    """0–1 sub-scores, one row per household in ``rows``, columns in ``COMPONENT_CODES``.

    ``distances`` may be shared with the caller so each anchor is measured only once.
    """
    f = features
    m = rows.shape[0]
    if distances is None:
        distances = Distances(f, rows)
    out = np.empty((m, len(COMPONENT_CODES)), dtype=np.float64)
    out[:, 0] = _needs_met(f, ctx, rows, m)
    out[:, 1] = _distance(ctx, m, weights.distance_half_km, distances)
    out[:, 2] = _identity(f, ctx, rows, m)
    out[:, 3] = _household_fit(f, ctx, rows, m)
    out[:, 4] = _carer_preferences(f, ctx, rows, m)
    out[:, 5] = f.experience_score[rows]
    return out


def _needs_met(f: HouseholdFeatures, ctx: Context, rows: Rows, m: int) -> NDArray[np.float64]:
    if not any(ctx.need_totals):
        return np.ones(m)
    steps = f.capability_steps[rows]
    total = np.zeros(m)
    for need_steps, need_total in zip(ctx.need_steps, ctx.need_totals, strict=True):
        if need_total == 0:
            total += 1.0
            continue
        # popcount(capability steps & need steps) = Σ_d min(capability_d, need_d)
        total += np.bitwise_count(steps & np.int32(need_steps)) * (1.0 / need_total)
    return total / len(ctx.need_totals)


def _distance(ctx: Context, m: int, half_km: float, distances: Distances) -> NDArray[np.float64]:
    if not ctx.distance_groups:
        return np.zeros(m)
    scale = np.float32(-1.0 / (half_km * 1000.0))
    total = np.zeros(m, dtype=np.float32)
    total_weight = 0.0
    for weight, points in ctx.distance_groups:
        group = np.zeros(m, dtype=np.float32)
        for point in points:
            decay = distances(point) * scale
            group += np.exp2(decay, out=decay)
        group *= np.float32(weight / len(points))
        total += group
        total_weight += weight
    total *= np.float32(1.0 / total_weight)
    return np.nan_to_num(total.astype(np.float64), nan=0.0)


def _identity(f: HouseholdFeatures, ctx: Context, rows: Rows, m: int) -> NDArray[np.float64]:
    asked = [
        (
            c.faith_importance if c.religion else 0,
            c.language_importance if c.languages else 0,
            c.culture_importance if c.ethnicity else 0,
        )
        for c in ctx.children
    ]
    if not any(any(a) for a in asked):
        return np.ones(m)
    need_faith, need_language, need_culture = (any(a[i] for a in asked) for i in range(3))
    religions = f.religions[rows] if need_faith else None
    languages = f.languages[rows] if need_language else None
    ethnicities = f.ethnicities[rows] if need_culture else None
    groups = f.ethnic_groups[rows] if need_culture else None
    total = np.zeros(m)
    for child, child_groups, (faith, language, culture) in zip(ctx.children, ctx.ethnic_groups, asked, strict=True):
        importance = faith + language + culture
        if not importance:
            total += 1.0
            continue
        fit = np.zeros(m)
        if faith:
            fit += faith * ((religions >> child.religion) & 1)
        if language:
            shared = np.bitwise_count(languages & child.languages)
            fit += shared * (language / int(child.languages).bit_count())
        if culture:
            exact = ((ethnicities >> child.ethnicity) & 1).astype(bool)
            same_group = (groups & child_groups) != 0
            fit += culture * np.where(exact, 1.0, np.where(same_group, 0.5, 0.0))
        total += fit * (1.0 / importance)
    return total / len(ctx.children)


def _fit_table(child: Child) -> NDArray[np.float64]:
    """Household fit factor for each of the 16 combinations of home facts (see below)."""
    table = np.ones(16)
    for code in range(16):
        factor = 1.0
        if code & HOME_PETS and child.cannot_live_with_pets:
            factor = 0.0
        if code & HOME_SMOKES:
            vulnerable = child.age < 5 or child.needs[HEALTH] >= 2
            factor *= 0.0 if vulnerable else HOUSEHOLD_FIT_SMOKER
        if code & HOME_NOT_ACCESSIBLE and child.needs[HEALTH] >= 2:
            if not child.needs_wheelchair_access:
                factor *= HOUSEHOLD_FIT_NOT_ACCESSIBLE
        if code & HOME_YOUNGER:
            if child.cannot_live_with_younger_children:
                factor = 0.0
            elif child.needs[RISK_OTHERS] >= 2:
                factor *= HOUSEHOLD_FIT_YOUNGER_RISK
        table[code] = factor
    return table


HOME_YOUNGER = 8  # not stored: depends on the child's age


def _household_fit(f: HouseholdFeatures, ctx: Context, rows: Rows, m: int) -> NDArray[np.float64]:
    flags = f.home_flags[rows]
    youngest = f.youngest_u8[rows]
    total = np.zeros(m)
    for child in ctx.children:
        code = flags | ((youngest < child.age).view(np.uint8) << 3)
        total += _fit_table_cached(child)[code]
    return total / len(ctx.children)


_fit_table_cached = lru_cache(maxsize=4096)(_fit_table)


def _carer_preferences(f: HouseholdFeatures, ctx: Context, rows: Rows, m: int) -> NDArray[np.float64]:
    lo = f.pref_age_min[rows]
    hi = f.pref_age_max[rows]
    if len(ctx.children) == 1:
        age = ctx.children[0].age
        in_range = ((lo <= age) & (hi >= age)).astype(np.float64)
    else:
        in_range = np.zeros(m)
        for child in ctx.children:
            in_range += (lo <= child.age) & (hi >= child.age)
        in_range /= len(ctx.children)
    if ctx.group_size == 1:
        return in_range
    size_ok = f.pref_max_siblings[rows] >= ctx.group_size
    return 0.5 * in_range + 0.5 * size_ok
