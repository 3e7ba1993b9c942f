"""Batch optimiser: match many open referrals at once to maximise the total score.

The problem
-----------
Each referral *r* (a child, or a sibling group placed together, of ``group_size`` gᵣ)
has candidate households *h* with a weight wᵣₕ = round(score × 100) (integers, so the
solvers' objectives compare exactly). Choose at most one household per referral
(leaving a referral unassigned is allowed) so that no household receives more
children than its free places cₕ. A household with several free places can take
several referrals; a sibling group of three uses three places.

The formulation, and why
------------------------
With every gᵣ = 1 this is a bipartite b-matching, which a matching or a min-cost flow
solves exactly in a fraction of a second. With sibling groups it becomes a generalised
assignment problem (NP-hard): a group's places must all be in *one* household, which
a flow cannot force (its optimum happily sends one child of a pair to each of two
homes). Measured on the national benchmark (2,137 referrals, 373 sibling groups):
the flow's relaxation split 69 groups; branch and bound over min-cost flows had not
proved optimality after 2,000 nodes (230 s); HiGHS (``scipy.optimize.milp``) took
18 s and CP-SAT had not finished in 30 s. Far beyond the one-second budget.

So the optimiser builds several assignments from exact phases and keeps the best
(see "Keeping the best" below). The first is the policy most fostering services already
follow (homes with room for several children are scarce, and the Children Act 1989
s.22C(8)(c) asks that siblings live together where possible):

1. **Sibling groups placed together first**: the best total score for groups, each
   group to a household with at least gᵣ free places, at most one group per household
   in a batch. A bipartite matching.
2. **Single children** (including each child of a group living apart, split with
   :func:`~.referral.split_apart`) into the places left: households keep cₕ − gᵣ places
   after a group, and several children may share a household up to that. A
   b-matching.

The objective reported is the sum of the original weights over both phases.

Keeping the best
----------------
Placing groups first ignores what their places are worth to single children, so on its
own it could score below placing referrals one at a time (small demo: 902 against
909). The solvers therefore build, from the same exact phases, and keep the highest
objective of (ties: the first in this order, so groups first wins a tie):

A. **groups first**, then single children in the places left (as above);
B. **single children first** (a b-matching over every place), then groups into the
   households still with room for the whole group;
C. **in turn, then improved**: each referral in batch order takes its best candidate
   with room (the greedy policy over the same candidates), then the single children
   are re-placed optimally around the groups it placed — never below the greedy total;
D. for small instances with sibling groups (at most ``EXACT_MAX_EDGES`` usable edges),
   the exact single-phase programme (:func:`solve_milp`), which dominates them all.

Every candidate respects places, so the best does too; the objective is never below
the greedy policy's over the same candidates. The extra phases cost two more
b-matchings (measured with ``bench/bench_engine.py``).

Phase 1 can have several optimal matchings that leave different places for phase 2.
So that the result does not depend on the solver, phase-1 weights get a deterministic
tie-break: w·M + tₑ with tₑ < M/(n+1) a hash of (referral, household) and n the number
of groups; any n of them sum to less than M, so the primary order is never changed,
and the perturbed optimum is unique unless two hashes collide exactly.

Two independent solvers, each solving both phases:

:func:`solve_flow` — OR-Tools ``SimpleMinCostFlow`` (the primary): referral nodes
    supply 1, arcs referral → candidate household (capacity 1, cost −weight),
    referral → sink "unassigned" (cost 0), household → sink (capacity = the phase's
    places: 1 in phase 1, the remaining places in phase 2).

:func:`solve_scipy` — SciPy ``min_weight_full_bipartite_matching``: each household
    becomes one column per usable place (min(places, candidates)), each referral also
    gets its own "unassigned" dummy column, and the full matching minimises (W+1 − w)
    per real edge and W+1 per dummy (W = the largest weight): maximum total weight.

:func:`solve_milp` — the exact single-phase generalised assignment via HiGHS, for
    measuring what the two-phase rule costs on small instances (it is optimal over a
    larger set, so its objective is never lower). Too slow for a national batch.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .features import HouseholdFeatures
from .referral import Referral
from .scoring import DEFAULT_WEIGHTS, ScoringWeights
from .shortlist import candidates

DEFAULT_TOP_K = 50
Solver = Literal["flow", "scipy"]
# Instances with sibling groups and at most this many usable candidate edges are also solved
# exactly (HiGHS takes a few milliseconds there; a national batch has ~100,000 edges).
EXACT_MAX_EDGES = 3_000


@dataclass(frozen=True, eq=False)
class BatchProblem:
    """A batch matching instance as flat arrays.

    ``group_size`` (R,) children per referral; ``capacity`` (H,) free places per
    household (index = feature row when built by :func:`build_problem`); one entry per
    candidate edge in ``edge_referral``, ``edge_household`` and ``edge_weight``
    (score × 100, rounded, ≥ 0). A referral–household pair appears at most once.
    """

    group_size: NDArray[np.int64]
    capacity: NDArray[np.int64]
    edge_referral: NDArray[np.int64]
    edge_household: NDArray[np.int64]
    edge_weight: NDArray[np.int64]

    def __post_init__(self) -> None:
        put = object.__setattr__
        for name in ("group_size", "capacity", "edge_referral", "edge_household", "edge_weight"):
            put(self, name, np.asarray(getattr(self, name), dtype=np.int64).reshape(-1))
        e = self.edge_referral.size
        if self.edge_household.size != e or self.edge_weight.size != e:
            raise ValueError("Edge arrays must all have the same length.")
        if np.any(self.group_size < 1):
            raise ValueError("Every referral needs at least one child.")
        if e:
            if self.edge_referral.min() < 0 or self.edge_referral.max() >= self.n_referrals:
                raise ValueError("An edge names a referral that is not in the batch.")
            if self.edge_household.min() < 0 or self.edge_household.max() >= self.capacity.size:
                raise ValueError("An edge names a household with no capacity entry.")
            if self.edge_weight.min() < 0:
                raise ValueError("Edge weights (score × 100) cannot be negative.")
            keys = self.edge_referral * self.capacity.size + self.edge_household
            if np.unique(keys).size != e:
                raise ValueError("A referral–household pair appears more than once.")

    @property
    def n_referrals(self) -> int:
        return int(self.group_size.size)

    def usable(self) -> NDArray[np.intp]:
        """Edges that could ever be used: the household has room for the whole group."""
        fits = self.group_size[self.edge_referral] <= self.capacity[self.edge_household]
        return np.flatnonzero(fits)


@dataclass(frozen=True, eq=False)
class Assignment:
    """The household chosen for each referral.

    ``household`` (R,) household index (feature row) or −1 when unassigned; ``weight``
    (R,) the chosen edge's weight (score × 100), 0 when unassigned; ``objective`` their
    sum. ``optimal`` says whether the method guarantees the optimum of its formulation
    (True for the solvers' exact phases, False for the one-at-a-time baseline policies);
    ``method`` names the construction the solvers kept (module docstring).
    """

    household: NDArray[np.int64]
    weight: NDArray[np.int64]
    objective: int
    optimal: bool
    solver: str
    method: str = ""  # which construction won: "groups first", "singles first", "in turn", "exact"

    @property
    def total_score(self) -> float:
        """The objective in score points (sum of the assigned candidates' scores)."""
        return self.objective / 100.0

    @property
    def assigned(self) -> int:
        return int(np.count_nonzero(self.household >= 0))

    def household_ids(self, features: HouseholdFeatures) -> list[int | None]:
        """Household id per referral (None when unassigned)."""
        return [None if h < 0 else int(features.household_id[h]) for h in self.household]


def batch_capacity(features: HouseholdFeatures, referrals: Sequence[Referral]) -> NDArray[np.int64]:
    """Places free to the batch: free places, plus places held for referrals in the batch.

    Holds for referrals outside the batch stay held. Holds for referrals inside it are
    released to the whole batch: the optimiser decides who gets which place.
    """
    capacity = np.maximum(features.free_places.astype(np.int64), 0)
    for referral in referrals:
        if referral.held_places:
            ids = np.fromiter(referral.held_places.keys(), dtype=np.int64)
            places = np.fromiter(referral.held_places.values(), dtype=np.int64)
            known = np.isin(ids, features.household_id)
            np.add.at(capacity, features.index_of(ids[known]), places[known])
    return capacity


def build_problem(
    features: HouseholdFeatures,
    referrals: Sequence[Referral],
    *,
    top_k: int = DEFAULT_TOP_K,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    capacity: NDArray[np.integer] | None = None,
    workers: int = 1,
) -> BatchProblem:
    """Each referral's top ``top_k`` candidates (same rules and scores as the shortlist).

    A sibling group asking to live apart must first be split into one referral per
    child with :func:`~.referral.split_apart` (the batch does not keep them close; use
    :func:`~.siblings.choose_apart` for that one group).

    ``workers`` > 1 generates the candidates in that many forked processes: every
    referral's candidates are independent, the chunks are joined in referral order,
    and the problem is identical to the one-process result. Where ``fork`` is not
    available it quietly uses one process.
    """
    referrals = list(referrals)
    for referral in referrals:
        if referral.is_split:
            raise ValueError(
                "A sibling group asking to live apart must be split with split_apart() "
                "before batch matching (one referral per child)."
            )
    chunks = _chunks(len(referrals), workers)
    if workers > 1 and len(chunks) > 1 and "fork" in multiprocessing.get_all_start_methods():
        global _SHARED
        features.open_features.spatial_index  # noqa: B018 - build caches once, before forking
        _SHARED = (features, referrals, weights, top_k)
        try:
            with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
                parts = pool.map(_edges_for_chunk, chunks)
        finally:
            _SHARED = None
    else:
        parts = [_edges(features, referrals, start, stop, weights, top_k) for start, stop in chunks]
    edge_r, edge_h, edge_w = (
        np.concatenate([part[i] for part in parts]) if parts else np.empty(0, np.int64) for i in range(3)
    )
    return BatchProblem(
        group_size=np.array([r.group_size for r in referrals], dtype=np.int64),
        capacity=batch_capacity(features, referrals) if capacity is None else capacity,
        edge_referral=edge_r,
        edge_household=edge_h,
        edge_weight=edge_w,
    )


Edges = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]
_SHARED: tuple[HouseholdFeatures, list[Referral], ScoringWeights, int] | None = None


def _chunks(n: int, workers: int) -> list[tuple[int, int]]:
    # A few chunks per worker balance referrals that take longer (no distance limit).
    pieces = max(1, min(n, 1 if workers <= 1 else 4 * workers))
    bounds = np.linspace(0, n, pieces + 1).astype(int)
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


def _edges_for_chunk(chunk: tuple[int, int]) -> Edges:
    assert _SHARED is not None
    features, referrals, weights, top_k = _SHARED
    return _edges(features, referrals, chunk[0], chunk[1], weights, top_k)


def _edges(
    features: HouseholdFeatures,
    referrals: list[Referral],
    start: int,
    stop: int,
    weights: ScoringWeights,
    top_k: int,
) -> Edges:
    edge_r, edge_h, edge_w = [], [], []
    for r in range(start, stop):
        found = candidates(features, referrals[r], weights=weights, limit=top_k)
        edge_r.append(np.full(found.rows.size, r, dtype=np.int64))
        edge_h.append(found.rows.astype(np.int64))
        edge_w.append(np.rint(found.score * 100.0).astype(np.int64))
    empty = np.empty(0, dtype=np.int64)
    return (
        np.concatenate(edge_r) if edge_r else empty,
        np.concatenate(edge_h) if edge_h else empty,
        np.concatenate(edge_w) if edge_w else empty,
    )


def solve(problem: BatchProblem, solver: Solver = "flow") -> Assignment:
    """Solve with the named solver ("flow" = OR-Tools, "scipy" = SciPy), both two-phase."""
    if solver == "flow":
        return solve_flow(problem)
    if solver == "scipy":
        return solve_scipy(problem)
    raise ValueError(f"Unknown solver '{solver}': use 'flow' or 'scipy'.")


def _assignment(
    problem: BatchProblem, edges: NDArray[np.intp], optimal: bool, solver: str, method: str = ""
) -> Assignment:
    household = np.full(problem.n_referrals, -1, dtype=np.int64)
    weight = np.zeros(problem.n_referrals, dtype=np.int64)
    household[problem.edge_referral[edges]] = problem.edge_household[edges]
    weight[problem.edge_referral[edges]] = problem.edge_weight[edges]
    return Assignment(
        household=household,
        weight=weight,
        objective=int(weight.sum()),
        optimal=optimal,
        solver=solver,
        method=method,
    )


# --------------------------------------------------------------------------- two phases

# A b-matching routine: (referral, local household, integer weight) edges, the number
# of referrals and each local household's places -> chosen edge positions.
BMatcher = Callable[
    [NDArray[np.int64], NDArray[np.intp], NDArray[np.int64], int, NDArray[np.int64]],
    NDArray[np.intp],
]


def _best(problem: BatchProblem, matcher: BMatcher, name: str) -> Assignment:
    """The highest objective of constructions A–D (module docstring); ties keep the first."""
    usable = problem.usable()
    options = [
        _groups_first(problem, usable, matcher),
        _singles_first(problem, usable, matcher),
        _in_turn_improved(problem, usable, matcher),
    ]
    labels = ["groups first", "singles first", "in turn"]
    if usable.size <= EXACT_MAX_EDGES and np.any(problem.group_size[problem.edge_referral[usable]] > 1):
        try:
            options.append(_milp_edges(problem, usable)[0])  # feasible even if not proved optimal
            labels.append("exact")
        except RuntimeError:
            pass  # the exact-phase constructions stand on their own
    totals = [int(problem.edge_weight[usable[e]].sum()) for e in options]
    best = int(np.argmax(totals))  # first of equal totals
    return _assignment(problem, usable[options[best]], True, name, labels[best])


def _groups_first(problem: BatchProblem, usable: NDArray[np.intp], matcher: BMatcher) -> NDArray[np.intp]:
    """A: groups (at most one per household) for the best total, then singles into the places left."""
    er, eh, ew = problem.edge_referral[usable], problem.edge_household[usable], problem.edge_weight[usable]
    grouped = problem.group_size[er] > 1
    remaining = problem.capacity.copy()
    picked_groups = _match_groups(problem, np.flatnonzero(grouped), er, eh, ew, matcher)
    np.subtract.at(remaining, eh[picked_groups], problem.group_size[er[picked_groups]])
    picked_singles = _match_singles(problem, np.flatnonzero(~grouped), er, eh, ew, remaining, matcher, tie_break=False)
    return np.concatenate([picked_groups, picked_singles])


def _singles_first(problem: BatchProblem, usable: NDArray[np.intp], matcher: BMatcher) -> NDArray[np.intp]:
    """B: singles over every place (a unique, tie-broken optimum), then groups where room is left."""
    er, eh, ew = problem.edge_referral[usable], problem.edge_household[usable], problem.edge_weight[usable]
    grouped = problem.group_size[er] > 1
    remaining = problem.capacity.copy()
    picked_singles = _match_singles(problem, np.flatnonzero(~grouped), er, eh, ew, remaining, matcher, tie_break=True)
    np.subtract.at(remaining, eh[picked_singles], 1)
    groups = np.flatnonzero(grouped)
    groups = groups[remaining[eh[groups]] >= problem.group_size[er[groups]]]
    picked_groups = _match_groups(problem, groups, er, eh, ew, matcher)
    return np.concatenate([picked_singles, picked_groups])


def _in_turn_improved(problem: BatchProblem, usable: NDArray[np.intp], matcher: BMatcher) -> NDArray[np.intp]:
    """C: each referral in batch order takes its best candidate with room (the greedy policy
    over these candidates); then the singles are re-placed optimally around its groups."""
    er, eh, ew = problem.edge_referral[usable], problem.edge_household[usable], problem.edge_weight[usable]
    order = np.lexsort((np.arange(er.size), -ew, er))  # by referral, best first, then candidate order
    starts = np.searchsorted(er[order], np.arange(problem.n_referrals + 1))
    remaining = problem.capacity.copy()
    size = problem.group_size
    picked = []
    for r in range(problem.n_referrals):
        for e in order[starts[r] : starts[r + 1]].tolist():
            if remaining[eh[e]] >= size[r]:
                remaining[eh[e]] -= size[r]
                picked.append(e)
                break
    picked_arr = np.asarray(picked, dtype=np.intp)
    groups = picked_arr[size[er[picked_arr]] > 1]
    remaining = problem.capacity.copy()
    np.subtract.at(remaining, eh[groups], size[er[groups]])
    singles = _match_singles(problem, np.flatnonzero(size[er] == 1), er, eh, ew, remaining, matcher, tie_break=False)
    return np.concatenate([groups, singles])


def _match_groups(problem, subset, er, eh, ew, matcher: BMatcher) -> NDArray[np.intp]:
    """Groups onto households with room for them, at most one group per household, tie-broken."""
    if subset.size == 0:
        return np.empty(0, dtype=np.intp)
    households, local = np.unique(eh[subset], return_inverse=True)
    weights = _tie_broken(er[subset], eh[subset], ew[subset])
    return subset[matcher(er[subset], local, weights, problem.n_referrals, np.ones(households.size, dtype=np.int64))]


def _match_singles(problem, subset, er, eh, ew, remaining, matcher: BMatcher, *, tie_break: bool) -> NDArray[np.intp]:
    """Single children into the ``remaining`` places (several per household up to its places)."""
    subset = subset[remaining[eh[subset]] >= 1]
    if subset.size == 0:
        return np.empty(0, dtype=np.intp)
    households, local = np.unique(eh[subset], return_inverse=True)
    weights = _tie_broken(er[subset], eh[subset], ew[subset]) if tie_break else ew[subset]
    return subset[matcher(er[subset], local, weights, problem.n_referrals, remaining[households])]


def _tie_broken(er: NDArray[np.int64], eh: NDArray[np.int64], ew: NDArray[np.int64]) -> NDArray[np.int64]:
    """Weights w·M + t (t a hash of the pair, any n of them < M): a unique optimum."""
    n = int(np.unique(er).size)
    top = int(ew.max(initial=0)) + 1
    # Keep every sum of n weights below 2**52 so float64 (SciPy) stays exact and
    # OR-Tools' cost scaling cannot overflow.
    m = min(1 << 30, (1 << 52) // (top * (n + 1)))
    spread = m // (n + 1)
    if spread <= 1:
        return ew * max(m, 1)
    key = er.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + eh.astype(np.uint64)
    key ^= key >> np.uint64(30)
    key *= np.uint64(0xBF58476D1CE4E5B9)
    key ^= key >> np.uint64(27)
    key *= np.uint64(0x94D049BB133111EB)
    key ^= key >> np.uint64(31)
    return ew * m + (key % np.uint64(spread)).astype(np.int64)


def capacity_violations(problem: BatchProblem, assignment: Assignment) -> list[str]:
    """Plain-English problems with an assignment (empty when it is valid)."""
    problems = []
    chosen = np.flatnonzero(assignment.household >= 0)
    used = np.zeros(problem.capacity.size, dtype=np.int64)
    np.add.at(used, assignment.household[chosen], problem.group_size[chosen])
    for h in np.flatnonzero(used > problem.capacity):
        problems.append(f"Household row {h} receives {used[h]} children but has {problem.capacity[h]} places.")
    keys = set(zip(problem.edge_referral.tolist(), problem.edge_household.tolist(), strict=True))
    for r in chosen.tolist():
        if (r, int(assignment.household[r])) not in keys:
            problems.append(f"Referral {r} is given a household that is not one of its candidates.")
    return problems


# --------------------------------------------------------------------------- OR-Tools


def groups_first(problem: BatchProblem, solver: Solver = "flow") -> Assignment:
    """Construction A alone (sibling groups first, then single children): the optimiser
    before it kept the best of several; for tests and the benchmark's comparison."""
    matcher = {"flow": _flow_b_matching, "scipy": _scipy_b_matching}[solver]
    usable = problem.usable()
    return _assignment(problem, usable[_groups_first(problem, usable, matcher)], True, solver, "groups first")


def solve_flow(problem: BatchProblem) -> Assignment:
    """The best of the exact-phase constructions with OR-Tools min-cost flow (module docstring)."""
    return _best(problem, _flow_b_matching, "flow")


def _flow_b_matching(
    er: NDArray[np.int64],
    eh: NDArray[np.intp],
    ew: NDArray[np.int64],
    n_ref: int,
    places: NDArray[np.int64],
) -> NDArray[np.intp]:
    referrals, r_local = np.unique(er, return_inverse=True)
    n_r, n_h = referrals.size, places.size
    sink = n_r + n_h
    tails = np.concatenate([r_local, np.arange(n_r), n_r + np.arange(n_h)])
    heads = np.concatenate([n_r + eh, np.full(n_r, sink), np.full(n_h, sink)])
    capacities = np.concatenate([np.ones(er.size + n_r, dtype=np.int64), places])
    costs = np.concatenate([-ew, np.zeros(n_r + n_h, dtype=np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs.astype(np.int64)
    )
    supplies = np.concatenate([np.ones(n_r, dtype=np.int64), np.zeros(n_h, np.int64), [-n_r]])
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow did not solve the batch (status {status}).")
    flows = np.asarray(flow.flows(np.arange(er.size, dtype=np.int32)))
    return np.flatnonzero(flows > 0)


# --------------------------------------------------------------------------- SciPy


def solve_scipy(problem: BatchProblem) -> Assignment:
    """The best of the exact-phase constructions with SciPy's bipartite matching (module docstring)."""
    return _best(problem, _scipy_b_matching, "scipy")


def _scipy_b_matching(
    er: NDArray[np.int64],
    eh: NDArray[np.intp],
    ew: NDArray[np.int64],
    n_ref: int,
    places: NDArray[np.int64],
) -> NDArray[np.intp]:
    referrals, r_local = np.unique(er, return_inverse=True)
    n_r, n_h = referrals.size, places.size
    degree = np.bincount(eh, minlength=n_h)
    slots = np.minimum(places, degree)
    first_slot = np.concatenate([[0], np.cumsum(slots)[:-1]])
    n_slots = int(slots.sum())

    per_edge = slots[eh]
    rows = np.repeat(r_local, per_edge)
    ends = np.cumsum(per_edge)
    cols = np.repeat(first_slot[eh] - (ends - per_edge), per_edge) + np.arange(rows.size)
    top = int(ew.max()) + 1
    data = np.repeat(top - ew, per_edge).astype(np.float64)
    rows = np.concatenate([rows, np.arange(n_r)])
    cols = np.concatenate([cols, n_slots + np.arange(n_r)])
    data = np.concatenate([data, np.full(n_r, float(top))])
    graph = sparse.csr_array((data, (rows, cols)), shape=(n_r, n_slots + n_r))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)

    real = col_ind < n_slots
    slot_household = np.repeat(np.arange(n_h), slots)
    matched_r = row_ind[real]
    matched_h = slot_household[col_ind[real]]
    keys = r_local * n_h + eh
    order = np.argsort(keys)
    return order[np.searchsorted(keys[order], matched_r * n_h + matched_h)]


def solve_milp(problem: BatchProblem) -> Assignment:
    """Exact single-phase optimum (HiGHS integer programme); a reference, not for batches.

    Optimal over every assignment that respects places, so never below the solvers'
    objective; equal to it when every referral is a single child.
    """
    usable = problem.usable()
    edges, proved = _milp_edges(problem, usable)
    return _assignment(problem, usable[edges], proved, "milp", "exact")


def _milp_edges(problem: BatchProblem, usable: NDArray[np.intp]) -> tuple[NDArray[np.intp], bool]:
    """Positions in ``usable`` of the integer programme's edges, and whether HiGHS proved them optimal."""
    if usable.size == 0:
        return np.empty(0, dtype=np.intp), True
    er = problem.edge_referral[usable]
    ew = problem.edge_weight[usable]
    households, eh = np.unique(problem.edge_household[usable], return_inverse=True)
    n_edges = usable.size
    columns = np.arange(n_edges)
    one_each = sparse.csr_array((np.ones(n_edges), (er, columns)), shape=(problem.n_referrals, n_edges))
    places = sparse.csr_array(
        (problem.group_size[er].astype(np.float64), (eh, columns)),
        shape=(households.size, n_edges),
    )
    result = milp(
        c=-ew.astype(np.float64),
        constraints=[
            LinearConstraint(one_each, -np.inf, 1.0),
            LinearConstraint(places, -np.inf, problem.capacity[households].astype(np.float64)),
        ],
        integrality=np.ones(n_edges),
        bounds=Bounds(0.0, 1.0),
        options={"mip_rel_gap": 0.0, "disp": False},
    )
    if result.x is None:
        raise RuntimeError(f"The SciPy integer programme failed: {result.message}")
    return np.flatnonzero(np.rint(result.x) > 0.5), result.status == 0
