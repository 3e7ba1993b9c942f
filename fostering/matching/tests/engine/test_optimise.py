"""Batch optimiser: both solvers agree, capacities hold, sibling groups use their places."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fostering.matching.engine import (
    BatchProblem,
    batch_capacity,
    build_problem,
    capacity_violations,
    groups_first,
    solve,
    solve_flow,
    solve_milp,
    solve_scipy,
    split_apart,
)
from fostering.matching.engine.synthetic import synthetic_features, synthetic_referrals

from .helpers import child, east, households, referral


def random_problem(
    rng: np.random.Generator,
    *,
    referrals: int = 40,
    homes: int = 25,
    max_group: int = 1,
    max_weight: int = 10_000,
    density: float = 0.25,
) -> BatchProblem:
    pairs = [(r, h) for r in range(referrals) for h in range(homes) if rng.random() < density]
    er, eh = (np.array(x, dtype=np.int64) for x in zip(*pairs, strict=True))
    return BatchProblem(
        group_size=rng.choice(np.arange(1, max_group + 1), size=referrals, p=_sizes(max_group)),
        capacity=rng.integers(0, 4, size=homes),
        edge_referral=er,
        edge_household=eh,
        edge_weight=rng.integers(0, max_weight + 1, size=er.size),
    )


def _sizes(max_group: int) -> np.ndarray:
    p = np.array([6.0] + [1.0] * (max_group - 1))
    return p / p.sum()


SEEDS = range(25)


@pytest.mark.parametrize("seed", SEEDS)
def test_both_solvers_reach_the_same_objective_for_single_children(seed):
    rng = np.random.default_rng(seed)
    problem = random_problem(rng, max_weight=10_000 if seed % 2 else 20)  # odd seeds: many ties
    flow, scipy = solve_flow(problem), solve_scipy(problem)
    assert flow.objective == scipy.objective
    assert capacity_violations(problem, flow) == []
    assert capacity_violations(problem, scipy) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_both_solvers_reach_the_same_objective_with_sibling_groups(seed):
    rng = np.random.default_rng(1_000 + seed)
    problem = random_problem(rng, max_group=3, max_weight=10_000 if seed % 2 else 20)
    flow, scipy = solve_flow(problem), solve_scipy(problem)
    assert flow.objective == scipy.objective
    assert capacity_violations(problem, flow) == []
    assert capacity_violations(problem, scipy) == []


@pytest.mark.parametrize("seed", range(10))
def test_for_single_children_the_optimum_is_the_exact_optimum(seed):
    problem = random_problem(np.random.default_rng(2_000 + seed))
    assert solve_flow(problem).objective == solve_milp(problem).objective


@pytest.mark.parametrize("seed", range(10))
def test_placing_sibling_groups_first_never_beats_the_exact_optimum(seed):
    problem = random_problem(np.random.default_rng(3_000 + seed), max_group=3)
    exact = solve_milp(problem)
    assert capacity_violations(problem, exact) == []
    assert solve_flow(problem).objective <= exact.objective


@pytest.mark.parametrize("seed", range(15))
def test_the_optimiser_matches_exhaustive_search_on_tiny_batches(seed):
    rng = np.random.default_rng(4_000 + seed)
    problem = random_problem(rng, referrals=6, homes=4, density=0.5)
    assert solve_flow(problem).objective == _best_by_exhaustion(problem)


def _best_by_exhaustion(problem: BatchProblem) -> int:
    options = [[-1] + [int(e) for e in np.flatnonzero(problem.edge_referral == r)] for r in range(problem.n_referrals)]
    best = 0
    for choice in itertools.product(*options):
        used = np.zeros(problem.capacity.size, dtype=np.int64)
        total = 0
        for r, e in enumerate(choice):
            if e >= 0:
                used[problem.edge_household[e]] += problem.group_size[r]
                total += int(problem.edge_weight[e])
        if np.all(used <= problem.capacity):
            best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(10))
def test_groups_first_gives_groups_the_best_total_then_single_children_the_places_left(seed):
    rng = np.random.default_rng(5_000 + seed)
    problem = random_problem(rng, referrals=8, homes=5, max_group=3, density=0.5)
    result = groups_first(problem)
    assert solve_flow(problem).objective >= result.objective
    grouped = problem.group_size > 1
    assert result.weight[grouped].sum() == _best_group_total(problem)
    # Singles: optimal for the places the groups left.
    left = problem.capacity.copy()
    for r in np.flatnonzero(grouped & (result.household >= 0)):
        left[result.household[r]] -= problem.group_size[r]
    singles = np.isin(problem.edge_referral, np.flatnonzero(~grouped))
    rest = BatchProblem(
        group_size=np.ones(problem.n_referrals, dtype=np.int64),
        capacity=left,
        edge_referral=problem.edge_referral[singles],
        edge_household=problem.edge_household[singles],
        edge_weight=problem.edge_weight[singles],
    )
    assert result.weight[~grouped].sum() == _best_by_exhaustion(rest)


def _best_group_total(problem: BatchProblem) -> int:
    groups = np.flatnonzero(problem.group_size > 1)
    options = []
    for r in groups:
        edges = np.flatnonzero(problem.edge_referral == r)
        fits = problem.capacity[problem.edge_household[edges]] >= problem.group_size[r]
        options.append([-1] + edges[fits].tolist())
    best = 0
    for choice in itertools.product(*options):
        homes = [problem.edge_household[e] for e in choice if e >= 0]
        if len(homes) == len(set(homes)):
            best = max(best, sum(int(problem.edge_weight[e]) for e in choice if e >= 0))
    return best


def test_a_group_that_would_take_the_places_two_children_need_more_is_not_placed_first():
    """The old optimiser (groups first) scored 50 here; one at a time, children first, scores 180."""
    problem = one_home_problem(2, [2, 1, 1], [5_000, 9_000, 9_000])
    assert groups_first(problem).objective == 5_000
    for solver in ("flow", "scipy"):
        result = solve(problem, solver)
        assert result.objective == 18_000 and result.household.tolist() == [-1, 0, 0]
        assert capacity_violations(problem, result) == []


def _greedy_in_turn(problem: BatchProblem) -> int:
    """One referral at a time, in batch order, each taking its best candidate with room."""
    remaining = problem.capacity.copy()
    total = 0
    for r in range(problem.n_referrals):
        edges = np.flatnonzero(problem.edge_referral == r)
        for e in edges[np.argsort(-problem.edge_weight[edges], kind="stable")]:
            h = problem.edge_household[e]
            if remaining[h] >= problem.group_size[r]:
                remaining[h] -= problem.group_size[r]
                total += int(problem.edge_weight[e])
                break
    return total


@pytest.mark.parametrize("seed", range(40))
def test_the_optimiser_never_scores_below_placing_referrals_one_at_a_time(seed):
    rng = np.random.default_rng(6_000 + seed)
    problem = random_problem(rng, referrals=30, homes=12, max_group=3, density=0.4)
    flow, scipy = solve_flow(problem), solve_scipy(problem)
    assert flow.objective == scipy.objective >= _greedy_in_turn(problem)
    assert flow.objective >= groups_first(problem).objective
    assert flow.objective <= solve_milp(problem).objective
    assert capacity_violations(problem, flow) == capacity_violations(problem, scipy) == []


def test_large_batches_skip_the_exact_programme_but_still_beat_groups_first_and_greedy(monkeypatch):
    from fostering.matching.engine import optimise

    monkeypatch.setattr(optimise, "EXACT_MAX_EDGES", 0)
    found_better = 0
    for seed in range(30):
        problem = random_problem(np.random.default_rng(7_000 + seed), referrals=30, homes=10, max_group=3, density=0.4)
        flow, scipy = solve_flow(problem), solve_scipy(problem)
        assert flow.objective == scipy.objective >= max(_greedy_in_turn(problem), groups_first(problem).objective)
        assert flow.method != "exact"
        assert capacity_violations(problem, flow) == []
        found_better += flow.objective > groups_first(problem).objective
    assert found_better > 0  # the extra constructions do matter on some instances


def one_home_problem(capacity: int, sizes: list[int], weights: list[int]) -> BatchProblem:
    return BatchProblem(
        group_size=np.array(sizes),
        capacity=np.array([capacity]),
        edge_referral=np.arange(len(sizes)),
        edge_household=np.zeros(len(sizes), dtype=np.int64),
        edge_weight=np.array(weights),
    )


@pytest.mark.parametrize("solver", ["flow", "scipy"])
def test_a_household_with_several_free_places_can_take_several_children(solver):
    result = solve(one_home_problem(3, [1, 1, 1, 1], [50, 70, 60, 40]), solver)
    assert sorted(np.flatnonzero(result.household == 0).tolist()) == [0, 1, 2]
    assert result.objective == 180


@pytest.mark.parametrize("solver", ["flow", "scipy"])
def test_a_sibling_group_uses_as_many_places_as_it_has_children(solver):
    # Three places: the pair (2 places) plus one single child, never the pair plus two.
    result = solve(one_home_problem(3, [2, 1, 1], [90, 60, 50]), solver)
    assert result.household.tolist() == [0, 0, -1]
    assert capacity_violations(one_home_problem(3, [2, 1, 1], [90, 60, 50]), result) == []


@pytest.mark.parametrize("solver", ["flow", "scipy"])
def test_a_sibling_group_too_big_for_the_free_places_is_not_placed_there(solver):
    result = solve(one_home_problem(2, [3, 1], [99, 10]), solver)
    assert result.household.tolist() == [-1, 0]


@pytest.mark.parametrize("solver", ["flow", "scipy"])
def test_a_referral_can_be_left_unassigned(solver):
    problem = BatchProblem(
        group_size=np.array([1, 1, 1]),
        capacity=np.array([1]),
        edge_referral=np.array([0, 1]),
        edge_household=np.array([0, 0]),
        edge_weight=np.array([10, 20]),
    )
    result = solve(problem, solver)
    assert result.household.tolist() == [-1, 0, -1]
    assert result.assigned == 1 and result.total_score == 0.2


def test_an_empty_batch_assigns_nobody():
    problem = BatchProblem(
        group_size=np.array([1, 2]),
        capacity=np.array([0]),
        edge_referral=np.array([], dtype=np.int64),
        edge_household=np.array([], dtype=np.int64),
        edge_weight=np.array([], dtype=np.int64),
    )
    for solver in ("flow", "scipy"):
        assert solve(problem, solver).household.tolist() == [-1, -1]


def test_a_problem_naming_a_pair_twice_is_refused():
    with pytest.raises(ValueError, match="more than once"):
        BatchProblem(
            group_size=np.array([1]),
            capacity=np.array([1]),
            edge_referral=np.array([0, 0]),
            edge_household=np.array([0, 0]),
            edge_weight=np.array([1, 2]),
        )


def test_an_unknown_solver_is_refused():
    with pytest.raises(ValueError, match="flow"):
        solve(one_home_problem(1, [1], [1]), "simplex")


def test_places_held_for_referrals_in_the_batch_are_free_to_the_batch():
    features = households({"free_places": 0, "held_places": 1}, {"free_places": 1})
    held = referral(held_places={1: 1})
    assert batch_capacity(features, [held, referral()]).tolist() == [1, 1]
    assert batch_capacity(features, [referral()]).tolist() == [0, 1]


def test_build_problem_takes_each_referrals_top_candidates():
    features = households({}, east(5), east(10), {"age_max": 5})
    problem = build_problem(features, [referral(), referral(child(age=3))], top_k=2)
    assert problem.edge_referral.tolist() == [0, 0, 1, 1]
    # Feature rows: the 3-year-old's second choice is the under-5s home at the school.
    assert problem.edge_household.tolist() == [0, 1, 0, 3]
    assert problem.group_size.tolist() == [1, 1]


def test_a_group_living_apart_must_be_split_before_batching():
    pair = referral(child(), child(), siblings="apart")
    with pytest.raises(ValueError, match="split_apart"):
        build_problem(households({}), [pair])
    assert len(build_problem(households({}), split_apart(pair)).group_size) == 2


def test_on_a_national_like_batch_both_solvers_agree_and_respect_capacity():
    features = synthetic_features(n=8_000, seed=31)
    batch = [part for r in synthetic_referrals(400, seed=32) for part in (split_apart(r) if r.is_split else [r])]
    problem = build_problem(features, batch, top_k=30)
    assert (problem.group_size > 1).any()
    flow, scipy = solve_flow(problem), solve_scipy(problem)
    assert flow.objective == scipy.objective
    assert capacity_violations(problem, flow) == capacity_violations(problem, scipy) == []
    assert flow.assigned > 0
    # Candidates generated in two forked processes are exactly the same.
    parallel = build_problem(features, batch, top_k=30, workers=2)
    for name in ("edge_referral", "edge_household", "edge_weight", "capacity", "group_size"):
        assert np.array_equal(getattr(parallel, name), getattr(problem, name))
