"""The synthetic return: deterministic, valid, and shaped like England's looked-after
children (DESIGN.md §3), because tests and benchmarks are only as good as their data."""

from __future__ import annotations

from collections import Counter

import pytest

from fostering.core.codes import FOSTER_PLACE_CODES
from fostering.interop.ssda903 import read_return
from fostering.interop.ssda903.sample import generate_return

from .ssda903_helpers import TODAY, as_files


def test_the_same_seed_gives_the_same_return_and_another_seed_another():
    assert generate_return(50, seed=1) == generate_return(50, seed=1)
    assert generate_return(50, seed=1) != generate_return(50, seed=2)


@pytest.mark.parametrize("seed", [1, 903, 2026])
def test_the_sample_passes_every_rule(seed):
    ret = generate_return(1500, seed=seed)

    result = read_return(*as_files(ret), today=TODAY)

    assert result.ok, result.report()[:2000]
    assert result.warnings == []


def test_the_sample_mix_looks_like_england():
    ret = generate_return(4000, seed=903)
    current = [e for e in ret.episodes if e.dec is None]
    foster_share = sum(e.place in FOSTER_PLACE_CODES for e in current) / len(current)
    changes = Counter(e.reason_place_change for e in ret.episodes if e.reason_place_change)
    endings = Counter(e.rec for e in ret.episodes)
    providers = Counter(e.place_provider for e in ret.episodes)

    assert 0.68 <= foster_share <= 0.78  # about 73%
    assert changes.most_common(1)[0][0] == "CARPL"
    assert {"E17", "E45", "E46", "E4A", "X1"} <= set(endings)
    assert providers.most_common(2) == [("PR1", providers["PR1"]), ("PR4", providers["PR4"])]
    assert 3.5 <= len(ret.episodes) / len(ret.headers) <= 5.5
    assert 0 < len(ret.oc2) < len(ret.headers)
    assert {r.sdq_reason for r in ret.oc2} >= {"", "SDQ1"}
