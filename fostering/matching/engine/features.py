"""The household feature set: the array contract between the register and the engine.

The Django side builds one :class:`HouseholdFeatures` from the database (every household
in the register, whatever its state: rule counts are "how many households in England
this rule excluded", so inactive households belong in the arrays too) and caches it
until a household, vacancy or hold changes. The engine never reads the database.

Array contract
==============
Every array is 1-D of length N (one entry per household) except ``capability`` (N×10).
Row *i* of every array describes the same household. Rows may be in any order: results
are identical whatever the order (ranking ties are broken by household id, not row).
Arrays are copied, cast to the dtype below and made read-only when the set is built.

=======================  =========  ====================================================
field                    dtype      meaning
=======================  =========  ====================================================
household_id             int64      register primary key; unique
easting, northing        float64    British National Grid, metres (postcode centroid);
                                    NaN when unknown (never within a distance limit,
                                    scores 0 for distance)
active_and_approved      bool       household active and its approval current
age_min, age_max         int16      terms of approval: ages in whole years, inclusive
max_children             int16      terms of approval: number of children
placement_types          int16      approved placement types, bit i = ``PLACEMENT_TYPES[i]``
                                    (emergency, short_term, long_term, short_breaks,
                                    parent_and_child, remand, staying_put,
                                    fostering_for_adoption)
free_places              int16      approved places − current placements − places under
                                    *all* active holds (the vacancy as derived in
                                    DESIGN.md §5.2). May be ≤ 0.
available_from           int32      first day a free place can be used (day number:
                                    days since 1970-01-01)
available_until          int32      last day of availability; ``OPEN_ENDED`` if none
capability               int8 N×10  service-assessed capability per domain, columns in
                                    ``DOMAINS`` order: 0 cannot meet, 1 with support,
                                    2 experienced, 3 specialist
languages                int64      bitmask of languages spoken in the home (bit = the
                                    language's position in ``core.codes.LANGUAGES``)
religions                int64      bitmask of carers' religion codes (bit r set for
                                    ``religion_code`` r ≥ 1; a household with two carers
                                    of different faiths sets two bits; 0 = none/unknown)
ethnicities              int64      bitmask of carers' ethnicity codes (bit e set for
                                    ``ethnicity_code`` e ≥ 1; 0 = unknown)
youngest_child_age       int16      age in years of the youngest other child living in
                                    the home (carers' own or fostered); −1 if none
has_pets, smokes         bool       anyone in the home keeps pets / smokes
wheelchair_accessible    bool       the home is wheelchair accessible
experience_years         float64    years since the household's first approval
stability                float64    share of past placements (0–1) that ended as
                                    planned; NaN if the household has had none
weekly_cost              float64    weekly fee in pounds; shown beside candidates only,
                                    never used in the score
is_ifa                   bool       the fostering service is an IFA
=======================  =========  ====================================================

Optional arrays (defaults in brackets):

=======================  =========  ====================================================
pref_age_min/_max        int16      carers' own preferred age range [approval range]
pref_max_siblings        int16      largest sibling group carers want [max_children]
held_places              int16      places under any active hold, all referrals [0];
                                    tells "held by another referral" apart from "full"
owner_id                 int64      the LA (any stable integer id) whose own fostering
                                    service approved the household; −1 for IFAs [−1].
                                    Used only by the in-house-first baseline policy.
=======================  =========  ====================================================

Places held *for the referral being matched* are not in these arrays: they travel with
the referral (``Referral.held_places``) and count as free for it only.

Everything that does not depend on the referral (capability bits, heritage groups,
experience sub-score, the spatial index) is computed once here and reused by every referral.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .constants import (
    CAPABILITY_WITH_SUPPORT,
    DOMAIN_INDEX,
    ETHNIC_GROUP_BY_CODE,
    MAX_MASK_BIT,
    N_DOMAINS,
    OPEN_ENDED,
    PLACEMENT_TYPE_BIT,
    mask_of,
)
from .spatial import SpatialIndex

# Experience saturates: ten years' fostering earns the full experience sub-score.
EXPERIENCE_FULL_YEARS = 10.0
# A household with no past placements has no stability record: neither good nor bad.
STABILITY_UNKNOWN = 0.5

HOME_PETS, HOME_SMOKES, HOME_NOT_ACCESSIBLE = 1, 2, 4

_REQUIRED: dict[str, Any] = {
    "household_id": np.int64,
    "easting": np.float64,
    "northing": np.float64,
    "active_and_approved": np.bool_,
    "age_min": np.int16,
    "age_max": np.int16,
    "max_children": np.int16,
    "placement_types": np.int16,
    "free_places": np.int16,
    "available_from": np.int32,
    "available_until": np.int32,
    "capability": np.int8,
    "languages": np.int64,
    "religions": np.int64,
    "ethnicities": np.int64,
    "youngest_child_age": np.int16,
    "has_pets": np.bool_,
    "smokes": np.bool_,
    "wheelchair_accessible": np.bool_,
    "experience_years": np.float64,
    "stability": np.float64,
    "weekly_cost": np.float64,
    "is_ifa": np.bool_,
}
_OPTIONAL: dict[str, Any] = {
    "pref_age_min": np.int16,
    "pref_age_max": np.int16,
    "pref_max_siblings": np.int16,
    "held_places": np.int16,
    "owner_id": np.int64,
}


def _frozen(values: Any, dtype: Any, name: str) -> NDArray[Any]:
    try:
        array = np.array(values, dtype=dtype, copy=True)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"Household feature '{name}' cannot be read as {np.dtype(dtype)}: {exc}")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class HouseholdFeatures:
    """All households' features as read-only arrays (see the module docstring)."""

    household_id: NDArray[np.int64]
    easting: NDArray[np.float64]
    northing: NDArray[np.float64]
    active_and_approved: NDArray[np.bool_]
    age_min: NDArray[np.int16]
    age_max: NDArray[np.int16]
    max_children: NDArray[np.int16]
    placement_types: NDArray[np.int16]
    free_places: NDArray[np.int16]
    available_from: NDArray[np.int32]
    available_until: NDArray[np.int32]
    capability: NDArray[np.int8]
    languages: NDArray[np.int64]
    religions: NDArray[np.int64]
    ethnicities: NDArray[np.int64]
    youngest_child_age: NDArray[np.int16]
    has_pets: NDArray[np.bool_]
    smokes: NDArray[np.bool_]
    wheelchair_accessible: NDArray[np.bool_]
    experience_years: NDArray[np.float64]
    stability: NDArray[np.float64]
    weekly_cost: NDArray[np.float64]
    is_ifa: NDArray[np.bool_]
    pref_age_min: NDArray[np.int16] | None = None
    pref_age_max: NDArray[np.int16] | None = None
    pref_max_siblings: NDArray[np.int16] | None = None
    held_places: NDArray[np.int16] | None = None
    owner_id: NDArray[np.int64] | None = None

    # Referral-independent precomputations (filled in __post_init__).
    n: int = field(init=False)
    capable_domains: NDArray[np.int16] = field(init=False, repr=False)
    capability_steps: NDArray[np.int32] = field(init=False, repr=False)
    ethnic_groups: NDArray[np.int64] = field(init=False, repr=False)
    experience_score: NDArray[np.float64] = field(init=False, repr=False)
    free_ignoring_holds: NDArray[np.int16] = field(init=False, repr=False)
    position: NDArray[np.complex64] = field(init=False, repr=False)
    has_unlocated: bool = field(init=False, repr=False)
    home_code: NDArray[np.uint16] = field(init=False, repr=False)
    small_religions: NDArray[np.uint8] | None = field(init=False, repr=False)
    preferred_ages: NDArray[np.int32] = field(init=False, repr=False)
    rule_bits: NDArray[np.uint64] = field(init=False, repr=False)
    open_index: NDArray[np.intp] = field(init=False, repr=False)
    _sorted_ids: NDArray[np.int64] = field(init=False, repr=False)
    _sort_order: NDArray[np.intp] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        put = object.__setattr__
        if self.household_id is None:
            raise ValueError("Household feature 'household_id' is required.")
        n = int(np.asarray(self.household_id).shape[0])
        for name, dtype in _REQUIRED.items():
            value = getattr(self, name)
            if value is None:
                raise ValueError(f"Household feature '{name}' is required.")
            put(self, name, _frozen(value, dtype, name))
        defaults = {
            "pref_age_min": self.age_min,
            "pref_age_max": self.age_max,
            "pref_max_siblings": self.max_children,
            "held_places": np.zeros(n),
            "owner_id": np.full(n, -1),
        }
        for name, dtype in _OPTIONAL.items():
            value = getattr(self, name)
            put(self, name, _frozen(defaults[name] if value is None else value, dtype, name))
        self._validate(n)
        put(self, "n", n)

        order = np.argsort(self.household_id, kind="stable")
        put(self, "_sort_order", order)
        put(self, "_sorted_ids", self.household_id[order])

        # Bit d set when the household can meet domain d at least "with support":
        # the intensive-needs rule becomes one AND against the referral's bits.
        weights = (1 << np.arange(N_DOMAINS)).astype(np.int16)
        capable = (self.capability >= CAPABILITY_WITH_SUPPORT).astype(np.int16) @ weights
        put(self, "capable_domains", _frozen(capable, np.int16, "capable_domains"))

        # Bit 3d+k−1 set when capability in domain d is at least k (k = 1..3), so that
        # Σ_d min(capability_d, need_d) is a popcount against the child's need bits.
        steps = np.zeros(n, dtype=np.int32)
        for d in range(N_DOMAINS):
            for k in (1, 2, 3):
                steps |= np.where(self.capability[:, d] >= k, np.int32(1 << (3 * d + k - 1)), 0)
        put(self, "capability_steps", _frozen(steps, np.int32, "capability_steps"))

        groups = np.zeros(n, dtype=np.int64)
        for code, group in enumerate(ETHNIC_GROUP_BY_CODE):
            if code and group:
                groups |= np.where((self.ethnicities >> code) & 1, group, 0)
        put(self, "ethnic_groups", _frozen(groups, np.int64, "ethnic_groups"))

        experience = np.clip(self.experience_years / EXPERIENCE_FULL_YEARS, 0.0, 1.0)
        stability = np.where(np.isnan(self.stability), STABILITY_UNKNOWN, self.stability)
        score = 0.5 * np.nan_to_num(experience) + 0.5 * np.clip(stability, 0.0, 1.0)
        put(self, "experience_score", _frozen(score, np.float64, "experience_score"))

        # Scores measure distance on complex64 positions (easting + i·northing): one
        # gather and |z − anchor| per anchor, accurate to a few centimetres. The distance
        # *rule* uses the float64 grid references.
        position = self.easting.astype(np.float32) + 1j * self.northing.astype(np.float32)
        put(self, "position", _frozen(position, np.complex64, "position"))
        put(self, "has_unlocated", bool(np.isnan(position).any()))
        # The home facts household fit looks at, packed so one gather fetches them all:
        # bits 0–2 pets, smokers, not accessible; bits 3+ the youngest other child's age
        # (255 when there is none, so "a younger child" is just youngest < age).
        youngest = np.where(self.youngest_child_age < 0, 255, np.clip(self.youngest_child_age, 0, 254)).astype(
            np.uint16
        )
        code = (
            self.has_pets.astype(np.uint16) * HOME_PETS
            + self.smokes.astype(np.uint16) * HOME_SMOKES
            + (~self.wheelchair_accessible).astype(np.uint16) * HOME_NOT_ACCESSIBLE
            + (youngest << 3)
        )
        put(self, "home_code", _frozen(code, np.uint16, "home_code"))
        # Bit a set when age a (0–25) is inside the carers' preferred range.
        ages = np.arange(26, dtype=np.int32)
        in_range = (self.pref_age_min[:, None] <= ages) & (self.pref_age_max[:, None] >= ages)
        put(self, "preferred_ages", _frozen(in_range.astype(np.int32) @ (1 << ages), np.int32, "preferred_ages"))
        # Religion masks nearly always fit a byte (seven religions); gather a byte then.
        small = None
        if n == 0 or int(self.religions.max()) < 256:
            small = _frozen(self.religions, np.uint8, "small_religions")
        put(self, "small_religions", small)

        free_ignoring = np.maximum(self.free_places, self.free_places + self.held_places)
        put(self, "free_ignoring_holds", _frozen(free_ignoring, np.int16, "free_ignoring_holds"))
        put(self, "rule_bits", _frozen(_rule_bits(self, capable, free_ignoring), np.uint64, "rule_bits"))
        # Households that could take at least one child if no one else held a place:
        # the fast candidate path only ever looks at these.
        open_index = np.flatnonzero(self.active_and_approved & (free_ignoring >= 1))
        put(self, "open_index", _frozen(open_index, np.intp, "open_index"))

    def _validate(self, n: int) -> None:
        for name in (*_REQUIRED, *_OPTIONAL):
            array = getattr(self, name)
            expected = (n, N_DOMAINS) if name == "capability" else (n,)
            if array.shape != expected:
                raise ValueError(f"Household feature '{name}' has shape {array.shape}; expected {expected}.")
        if np.unique(self.household_id).size != n:
            raise ValueError("Household ids must be unique; the feature set repeats one.")
        if n and (self.capability.min() < 0 or self.capability.max() > 3):
            raise ValueError("Capability levels must be 0–3 (none … specialist).")
        if np.any(self.age_min > self.age_max):
            bad = self.household_id[np.argmax(self.age_min > self.age_max)]
            raise ValueError(f"Household {bad} has age_min above age_max in its terms of approval.")
        for name in ("languages", "religions", "ethnicities"):
            if np.any(getattr(self, name) < 0):
                raise ValueError(f"Household feature '{name}' must be a non-negative bitmask.")

    def __len__(self) -> int:
        return self.n

    def index_of(self, household_ids: Sequence[int] | NDArray[np.int64]) -> NDArray[np.intp]:
        """Row numbers of the given household ids (raises KeyError for an unknown id)."""
        ids = np.asarray(household_ids, dtype=np.int64)
        pos = np.searchsorted(self._sorted_ids, ids)
        pos_clipped = np.minimum(pos, max(self.n - 1, 0))
        found = (pos < self.n) & (self._sorted_ids[pos_clipped] == ids) if self.n else pos < 0
        if not np.all(found):
            missing = ids[~found][0]
            raise KeyError(f"Household {missing} is not in the feature set.")
        return self._sort_order[pos_clipped]

    def subset(self, rows: NDArray[np.intp]) -> HouseholdFeatures:
        """A feature set of only these rows (row i of the subset = ``rows[i]`` here)."""
        return HouseholdFeatures(**{name: getattr(self, name)[rows] for name in FEATURE_FIELDS})

    @cached_property
    def open_features(self) -> HouseholdFeatures:
        """The households in ``open_index`` as a compact feature set of their own.

        Batch candidate generation without a distance limit scans only these, with
        contiguous arrays instead of gathering from the full set for every rule.
        """
        return self.subset(self.open_index)

    @cached_property
    def spatial_index(self) -> SpatialIndex:
        """cKDTree-backed index of households by location, built once and cached."""
        return SpatialIndex(self.easting, self.northing)


# Every referral-independent fact the hard rules test, packed into one uint64 per
# household, so the batch path can apply most rules as one AND-and-compare against the
# referral's required bits (see ``rules.fast_filter``). Layout:
BITS_AGE = 0  # 26 bits: approved for age a (0–25)
BITS_TYPE = 26  # 8 bits: approved placement types
BITS_MAX_CHILDREN = 34  # 8 bits: terms allow ≥ k children (k = 1..8)
BITS_FREE = 42  # 8 bits: ≥ k free places ignoring holds (k = 1..8)
BITS_CAPABLE = 50  # 10 bits: capability ≥ "with support" per domain
BIT_ACCESSIBLE = 60
BIT_NO_SMOKERS = 61
BIT_ACTIVE = 62
PACKED_MAX_AGE = 25
PACKED_MAX_GROUP = 8


def _rule_bits(f: HouseholdFeatures, capable: NDArray[np.int16], free: NDArray[np.int16]) -> Any:
    ages = np.arange(PACKED_MAX_AGE + 1)
    approved = (f.age_min[:, None] <= ages) & (f.age_max[:, None] >= ages)
    bits = approved.astype(np.uint64) @ (np.uint64(1) << ages.astype(np.uint64))
    bits |= f.placement_types.astype(np.uint64) << np.uint64(BITS_TYPE)
    for k in range(1, PACKED_MAX_GROUP + 1):
        bits |= (f.max_children >= k).astype(np.uint64) << np.uint64(BITS_MAX_CHILDREN + k - 1)
        bits |= (free >= k).astype(np.uint64) << np.uint64(BITS_FREE + k - 1)
    bits |= capable.astype(np.uint64) << np.uint64(BITS_CAPABLE)
    bits |= f.wheelchair_accessible.astype(np.uint64) << np.uint64(BIT_ACCESSIBLE)
    bits |= (~f.smokes).astype(np.uint64) << np.uint64(BIT_NO_SMOKERS)
    bits |= f.active_and_approved.astype(np.uint64) << np.uint64(BIT_ACTIVE)
    return bits


FEATURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(HouseholdFeatures) if f.init)


def features_from_records(records: Sequence[Mapping[str, Any]]) -> HouseholdFeatures:
    """Build a feature set from one mapping per household (tests, fixtures, small sets).

    Keys are the field names above. For convenience ``capability`` may be a mapping of
    domain code to level (missing domains 0), ``placement_types`` an iterable of type
    codes, ``languages`` an iterable of bit positions, ``religions``/``ethnicities``
    iterables of codes, ``available_until`` ``None`` for open-ended, and ``stability``
    ``None`` for no record. Optional fields given for some households take their
    default for the others.
    """
    columns: dict[str, list[Any]] = {}
    for record in records:
        unknown = set(record) - set(FEATURE_FIELDS)
        if unknown:
            raise ValueError(f"Unknown household feature(s): {', '.join(sorted(unknown))}.")
    present = {name for record in records for name in record}
    for record in records:
        for name in FEATURE_FIELDS:
            if name in record:
                value = record[name]
            elif name in _OPTIONAL and name in present:
                value = _optional_default(name, record)
            else:
                continue
            columns.setdefault(name, []).append(_record_value(name, value))
    n = len(records)
    for name, values in columns.items():
        if len(values) != n:
            raise ValueError(f"Household feature '{name}' is given for some households only.")
    if n == 0:
        columns = {name: [] for name in _REQUIRED}
        columns["capability"] = np.zeros((0, N_DOMAINS))
    return HouseholdFeatures(**columns)


def _optional_default(name: str, record: Mapping[str, Any]) -> Any:
    fallback = {
        "pref_age_min": "age_min",
        "pref_age_max": "age_max",
        "pref_max_siblings": "max_children",
    }
    if name in fallback:
        return record[fallback[name]]
    return -1 if name == "owner_id" else 0


def _record_value(name: str, value: Any) -> Any:
    if name == "capability" and isinstance(value, Mapping):
        row = [0] * N_DOMAINS
        for code, level in value.items():
            row[DOMAIN_INDEX[code]] = level
        return row
    if name == "placement_types" and not isinstance(value, int | np.integer):
        return sum(PLACEMENT_TYPE_BIT[code] for code in set(value))
    if name in ("languages", "religions", "ethnicities") and not isinstance(value, int | np.integer):
        return mask_of(set(value))
    if name == "available_until" and value is None:
        return OPEN_ENDED
    if name == "stability" and value is None:
        return np.nan
    return value


__all__ = [
    "EXPERIENCE_FULL_YEARS",
    "FEATURE_FIELDS",
    "MAX_MASK_BIT",
    "STABILITY_UNKNOWN",
    "HouseholdFeatures",
    "features_from_records",
]
