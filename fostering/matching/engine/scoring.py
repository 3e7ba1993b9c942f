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

import numpy as np
from numpy.typing import NDArray

from .context import HEALTH, RISK_OTHERS, Context, distances_m
from .features import HouseholdFeatures

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
    features: HouseholdFeatures, ctx: Context, rows: Rows, weights: ScoringWeights
) -> NDArray[np.float64]:
    """0–1 sub-scores, one row per household in ``rows``, columns in ``COMPONENT_CODES``."""
    f = features
    m = f.household_id[rows].shape[0]
    out = np.empty((m, len(COMPONENT_CODES)), dtype=np.float64)
    out[:, 0] = _needs_met(f, ctx, rows, m)
    out[:, 1] = _distance(f, ctx, rows, m, weights.distance_half_km)
    out[:, 2] = _identity(f, ctx, rows, m)
    out[:, 3] = _household_fit(f, ctx, rows, m)
    out[:, 4] = _carer_preferences(f, ctx, rows, m)
    out[:, 5] = f.experience_score[rows]
    return out


def _needs_met(f: HouseholdFeatures, ctx: Context, rows: Rows, m: int) -> NDArray[np.float64]:
    if not ctx.need_totals.any():
        return np.ones(m)
    capability = f.capability[rows]
    total = np.zeros(m)
    for needs, need_total in zip(ctx.needs, ctx.need_totals, strict=True):
        if need_total == 0:
            total += 1.0
            continue
        met = np.minimum(capability, needs.astype(np.int8)).sum(axis=1, dtype=np.int16)
        total += met / need_total
    return total / len(ctx.needs)


def _distance(
    f: HouseholdFeatures, ctx: Context, rows: Rows, m: int, half_km: float
) -> NDArray[np.float64]:
    if not ctx.distance_groups:
        return np.zeros(m)
    half_m = half_km * 1000.0
    total = np.zeros(m)
    total_weight = 0.0
    for weight, points in ctx.distance_groups:
        group = np.zeros(m)
        for point in points:
            group += np.exp2(-distances_m(f, rows, point) / half_m)
        total += weight * (group / len(points))
        total_weight += weight
    return np.nan_to_num(total / total_weight, nan=0.0)


def _identity(f: HouseholdFeatures, ctx: Context, rows: Rows, m: int) -> NDArray[np.float64]:
    total = np.zeros(m)
    for child, child_groups in zip(ctx.children, ctx.ethnic_groups, strict=True):
        fit = np.zeros(m)
        importance = 0
        if child.faith_importance and child.religion:
            fit += child.faith_importance * ((f.religions[rows] >> child.religion) & 1)
            importance += child.faith_importance
        if child.language_importance and child.languages:
            shared = np.bitwise_count(f.languages[rows] & child.languages)
            fit += child.language_importance * (shared / int(child.languages).bit_count())
            importance += child.language_importance
        if child.culture_importance and child.ethnicity:
            exact = ((f.ethnicities[rows] >> child.ethnicity) & 1).astype(bool)
            group = (f.ethnic_groups[rows] & child_groups) != 0
            fit += child.culture_importance * np.where(exact, 1.0, np.where(group, 0.5, 0.0))
            importance += child.culture_importance
        total += fit / importance if importance else 1.0
    return total / len(ctx.children)


def _household_fit(f: HouseholdFeatures, ctx: Context, rows: Rows, m: int) -> NDArray[np.float64]:
    youngest = f.youngest_child_age[rows]
    smokes = f.smokes[rows]
    any_smokers = bool(smokes.any())
    total = np.zeros(m)
    for child in ctx.children:
        factor = np.ones(m)
        younger = (youngest >= 0) & (youngest < child.age)
        if child.cannot_live_with_younger_children:
            factor[younger] = 0.0
        elif child.needs[RISK_OTHERS] >= 2:
            factor[younger] *= HOUSEHOLD_FIT_YOUNGER_RISK
        if child.cannot_live_with_pets:
            factor[f.has_pets[rows]] = 0.0
        if any_smokers:
            vulnerable = child.age < 5 or child.needs[HEALTH] >= 2
            factor[smokes] *= 0.0 if vulnerable else HOUSEHOLD_FIT_SMOKER
        if child.needs[HEALTH] >= 2 and not child.needs_wheelchair_access:
            factor[~f.wheelchair_accessible[rows]] *= HOUSEHOLD_FIT_NOT_ACCESSIBLE
        total += factor
    return total / len(ctx.children)


def _carer_preferences(
    f: HouseholdFeatures, ctx: Context, rows: Rows, m: int
) -> NDArray[np.float64]:
    lo = f.pref_age_min[rows]
    hi = f.pref_age_max[rows]
    in_range = np.zeros(m)
    for child in ctx.children:
        in_range += (lo <= child.age) & (hi >= child.age)
    in_range /= len(ctx.children)
    if ctx.group_size == 1:
        return in_range
    size_ok = f.pref_max_siblings[rows] >= ctx.group_size
    return 0.5 * in_range + 0.5 * size_ok
