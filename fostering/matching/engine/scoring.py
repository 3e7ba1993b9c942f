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


def component_points(
    features: HouseholdFeatures,
    ctx: Context,
    rows: NDArray[np.intp],
    weights: ScoringWeights,
    distances: Distances | None = None,
) -> NDArray[np.float64]:
    """Points per component (0–1 sub-score × weight), shape (6, households).

    Component-major, so each component is one contiguous array, and the weights are
    folded into each component's arithmetic rather than applied afterwards.
    ``distances`` may be shared with the caller so each anchor is measured only once.
    """
    f = features
    m = rows.shape[0]
    if distances is None:
        distances = Distances(f, rows)
    w = weights
    out = np.empty((len(COMPONENT_CODES), m), dtype=np.float64)
    _needs_met(f, ctx, rows, out[0], w.needs_met)
    _distance(ctx, w.distance_half_km, distances, out[1], w.distance)
    _identity(f, ctx, rows, out[2], w.identity)
    _household_fit(f, ctx, rows, out[3], w.household_fit)
    _carer_preferences(f, ctx, rows, out[4], w.carer_preferences)
    np.take(f.experience_score, rows, out=out[5])
    out[5] *= w.experience
    return out


def total_points(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """The score: components added one by one in a fixed order.

    The same household gets a bit-identical total wherever it sits in the arrays, so
    ranking never depends on row order (a BLAS reduction may not promise that).
    """
    total = points[0].copy()
    for j in range(1, points.shape[0]):
        total += points[j]
    return total


def _needs_met(f: HouseholdFeatures, ctx: Context, rows: Rows, out: NDArray[np.float64], weight: float) -> None:
    if not any(ctx.need_totals):
        out.fill(weight)
        return
    steps = f.capability_steps[rows]
    out.fill(0.0)
    share = weight / len(ctx.need_totals)
    for need_steps, need_total in zip(ctx.need_steps, ctx.need_totals, strict=True):
        if need_total == 0:
            out += share
            continue
        # popcount(capability steps & need steps) = Σ_d min(capability_d, need_d)
        out += np.bitwise_count(steps & np.int32(need_steps)) * (share / need_total)


def _distance(ctx: Context, half_km: float, distances: Distances, out: NDArray[np.float64], weight: float) -> None:
    if not ctx.distance_groups:
        out.fill(0.0)
        return
    scale = np.float32(-1.0 / (half_km * 1000.0))
    total_weight = sum(group_weight for group_weight, _ in ctx.distance_groups)
    total: NDArray[np.float32] | None = None
    for group_weight, points in ctx.distance_groups:
        share = np.float32(weight * group_weight / len(points) / total_weight)
        for point in points:
            decay = distances(point) * scale
            np.exp2(decay, out=decay)
            decay *= share
            if total is None:
                total = decay
            else:
                total += decay
    out[:] = total
    if distances.unlocated:
        out[np.isnan(out)] = 0.0  # no grid reference: no distance points


def _identity(f: HouseholdFeatures, ctx: Context, rows: Rows, out: NDArray[np.float64], weight: float) -> None:
    asked = [
        (
            c.faith_importance if c.religion else 0,
            c.language_importance if c.languages else 0,
            c.culture_importance if c.ethnicity else 0,
        )
        for c in ctx.children
    ]
    if not any(any(a) for a in asked):
        out.fill(weight)
        return
    need_faith, need_language, need_culture = (any(a[i] for a in asked) for i in range(3))
    if need_faith:
        source = f.small_religions if f.small_religions is not None else f.religions
        religions = source[rows]
    if need_language:
        languages = f.languages[rows]
    if need_culture:
        ethnicities = f.ethnicities[rows]
        groups = f.ethnic_groups[rows]
    out.fill(0.0)
    share = weight / len(ctx.children)
    for child, child_groups, (faith, language, culture) in zip(ctx.children, ctx.ethnic_groups, asked, strict=True):
        importance = faith + language + culture
        if not importance:
            out += share
            continue
        scale = share / importance
        if faith:
            out += ((religions >> child.religion) & 1) * (faith * scale)
        if language:
            shared = np.bitwise_count(languages & child.languages)
            out += shared * (language * scale / int(child.languages).bit_count())
        if culture:
            # Same code: 1 (it is in the same group too); same heritage group only: 0.5.
            exact = (ethnicities >> child.ethnicity) & 1
            same_group = (groups & child_groups) != 0
            out += (exact + same_group) * (0.5 * culture * scale)


HOME_CODES = 8 * 256  # three home-fact bits × the youngest child's age (0–254, 255 none)


def _fit_table(child: Child, weight: float) -> NDArray[np.float64]:
    """Household fit points for every packed home code (see ``features.home_code``)."""
    vulnerable = child.age < 5 or child.needs[HEALTH] >= 2
    access_matters = child.needs[HEALTH] >= 2 and not child.needs_wheelchair_access
    younger_rule = (
        "never" if child.cannot_live_with_younger_children else "risk" if child.needs[RISK_OTHERS] >= 2 else "fine"
    )
    return _fit_table_for(child.age, child.cannot_live_with_pets, vulnerable, access_matters, younger_rule, weight)


@lru_cache(maxsize=4096)
def _fit_table_for(
    age: int, no_pets: bool, vulnerable: bool, access_matters: bool, younger_rule: str, weight: float
) -> NDArray[np.float64]:
    # Keyed on the few facts that matter (not the whole child), so it is nearly always
    # a cache hit.
    codes = np.arange(HOME_CODES)
    factor = np.ones(HOME_CODES)
    if no_pets:
        factor[(codes & HOME_PETS) != 0] = 0.0
    factor[(codes & HOME_SMOKES) != 0] *= 0.0 if vulnerable else HOUSEHOLD_FIT_SMOKER
    if access_matters:
        factor[(codes & HOME_NOT_ACCESSIBLE) != 0] *= HOUSEHOLD_FIT_NOT_ACCESSIBLE
    younger = (codes >> 3) < age
    if younger_rule == "never":
        factor[younger] = 0.0
    elif younger_rule == "risk":
        factor[younger] *= HOUSEHOLD_FIT_YOUNGER_RISK
    factor *= weight
    factor.setflags(write=False)
    return factor


def _household_fit(f: HouseholdFeatures, ctx: Context, rows: Rows, out: NDArray[np.float64], weight: float) -> None:
    codes = f.home_code[rows]
    if len(ctx.children) == 1:
        np.take(_fit_table(ctx.children[0], weight), codes, out=out)
        return
    out.fill(0.0)
    for child in ctx.children:
        out += _fit_table(child, weight / len(ctx.children))[codes]


def _carer_preferences(f: HouseholdFeatures, ctx: Context, rows: Rows, out: NDArray[np.float64], weight: float) -> None:
    ages = f.preferred_ages[rows]
    share = weight / len(ctx.children)
    if ctx.group_size > 1:
        share *= 0.5
        out[:] = (f.pref_max_siblings[rows] >= ctx.group_size) * (0.5 * weight)
        for child in ctx.children:
            out += ((ages >> child.age) & 1) * share
        return
    np.multiply((ages >> ctx.children[0].age) & 1, share, out=out)
