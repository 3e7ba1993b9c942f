"""The feature-set contract: validated, read-only, order-independent, and Django-free."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from fostering.matching.engine import (
    DOMAINS,
    ETHNIC_CODES,
    OPEN_ENDED,
    PLACEMENT_TYPE_BIT,
    PLACEMENT_TYPES,
    Child,
    ethnicity_code,
    features_from_records,
    mask_of,
    religion_code,
)
from fostering.matching.engine.spatial import SpatialIndex

from .helpers import household, households


def test_the_engine_never_imports_django():
    code = (
        "import sys, fostering.matching.engine, fostering.matching.engine.policies, "
        "fostering.matching.engine.synthetic; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "bad += [m for m in sys.modules if m.startswith('fostering.') and "
        "not m.startswith('fostering.matching.engine') and m != 'fostering.matching']; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_engines_code_lists_match_the_registers():
    from fostering.core.codes import PLACEMENT_TYPE_BITS, Ethnicity, Religion
    from fostering.core.needs import DOMAIN_CODES

    assert DOMAINS == DOMAIN_CODES
    assert {code: 1 << bit for code, bit in PLACEMENT_TYPE_BITS.items()} == PLACEMENT_TYPE_BIT
    assert ETHNIC_CODES == tuple(e.value for e in Ethnicity if e.value not in ("REFU", "NOBT"))
    assert {religion_code(r.value) for r in Religion} == set(range(8))


def test_codes_map_to_engine_integers():
    assert ethnicity_code("WBRI") == 1 and ethnicity_code("REFU") == 0 and ethnicity_code("") == 0
    assert religion_code("none") == 0 and religion_code("not_known") == 0
    assert religion_code("christian") == 1
    assert mask_of([0, 3]) == 0b1001
    with pytest.raises(ValueError):
        mask_of([63])


def test_records_may_use_codes_for_masks_and_none_for_open_ended():
    features = households({"placement_types": ["remand"], "stability": None})
    assert features.placement_types[0] == PLACEMENT_TYPE_BIT["remand"]
    assert features.available_until[0] == OPEN_ENDED
    assert np.isnan(features.stability[0])
    assert features.capability.shape == (1, len(DOMAINS))
    assert len(PLACEMENT_TYPES) == 8


def test_optional_features_default_from_the_terms_of_approval():
    features = households({"age_min": 2, "age_max": 9, "max_children": 2})
    assert features.pref_age_min[0] == 2 and features.pref_age_max[0] == 9
    assert features.pref_max_siblings[0] == 2
    assert features.held_places[0] == 0 and features.owner_id[0] == -1


def test_the_feature_arrays_are_read_only():
    features = households({})
    with pytest.raises(ValueError):
        features.free_places[0] = 5


def test_duplicate_household_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        features_from_records([household(household_id=1), household(household_id=1)])


def test_an_unknown_feature_name_is_refused():
    with pytest.raises(ValueError, match="Unknown household feature"):
        features_from_records([household(bedrooms=3)])


def test_an_age_range_the_wrong_way_round_is_refused():
    with pytest.raises(ValueError, match="age_min above age_max"):
        households({"age_min": 12, "age_max": 5})


def test_capability_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="0–3"):
        households({"capability": {"emotional": 4}})


def test_a_child_needs_levels_on_the_scale_for_known_domains():
    with pytest.raises(ValueError, match="need domain"):
        Child(age=5, needs={"hunger": 2})
    with pytest.raises(ValueError, match="0–3"):
        Child(age=5, needs=(4,) * 10)
    assert Child(age=5, strengths={"family": 0}).strengths[DOMAINS.index("family")] == 0


def test_the_spatial_index_proposes_everyone_within_the_radius():
    rng = np.random.default_rng(8)
    east, north = rng.uniform(0, 200_000, 3_000), rng.uniform(0, 200_000, 3_000)
    east[:10] = np.nan
    index = SpatialIndex(east, north)
    for _ in range(50):
        point = tuple(rng.uniform(0, 200_000, 2))
        radius = float(rng.uniform(500, 60_000))
        found = set(index.near(point, radius).tolist())
        within = np.flatnonzero(np.hypot(east - point[0], north - point[1]) <= radius)
        assert set(within.tolist()) <= found
        assert not found & set(range(10))  # no grid reference, never near anything


def test_a_referral_survives_pickling_for_a_worker_process():
    import pickle

    from .helpers import child, referral

    ref = referral(child(age=7), held_places={12: 1}, important_people=[(1.0, 2.0)])
    assert pickle.loads(pickle.dumps(ref)) == ref  # noqa: S301 - our own bytes
