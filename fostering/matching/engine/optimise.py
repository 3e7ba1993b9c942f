"""Batch optimiser: match many open referrals at once to maximise the total score.

The problem
-----------
Each referral *r* (a child, or a sibling group placed together, of ``group_size`` gᵣ)
has candidate households *h* with a weight wᵣₕ = round(score × 100) (integers, so both
solvers' objectives compare exactly). Choose at most one household per referral
(leaving a referral unassigned is allowed) to maximise Σ w, so that every household
receives no more children than its capacity cₕ in places::

    max Σ wᵣₕ xᵣₕ   s.t.  Σₕ xᵣₕ ≤ 1 (each r),   Σᵣ gᵣ xᵣₕ ≤ cₕ (each h),   x ∈ {0, 1}

A household with several free places can take several referrals. Capacity is in
places: a sibling group of three uses three.

With every gᵣ = 1 this is a bipartite b-matching, solved exactly by a matching or a
min-cost flow. With sibling groups it is a generalised assignment problem (NP-hard):
a group's places must all be in *one* household, which a flow cannot force (it could
send one child of a pair to each of two homes). So:

:func:`solve_flow` (OR-Tools min-cost flow, the primary solver)
    Nodes: referrals, households, a sink. Arcs: referral → candidate household
    (capacity gᵣ, unit cost −wᵣₕ·L/gᵣ where L is the lcm of the group sizes, so a whole
    group costs −wᵣₕ·L), referral → sink "unassigned" (capacity gᵣ, cost 0), household →
    sink (capacity cₕ). Each referral supplies gᵣ units. This flow is exactly the LP
    relaxation of the problem above. If no group's flow is split across households
    (always true with unit sizes), it is optimal. Otherwise branch and bound: pick a
    split group, branch on "the group goes to this household" (all its other arcs
    closed) / "it does not" (that arc closed), bound each node by its relaxation
    (rounded down to a whole weight, valid because objectives are integers) and prune
    against the best rounded solution so far. Exact; ``max_nodes`` caps the search
    and the result says whether it proved optimality.

:func:`solve_scipy` (SciPy, independent)
    Unit sizes: each household becomes min(cₕ, degree) capacity slots, each referral
    also gets its own "unassigned" dummy column, and
    ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` finds a full matching of
    referrals at cost (W+1 − w) per real edge and W+1 per dummy (W = max weight), i.e.
    maximum total weight. Sizes above 1: the integer programme above, solved exactly
    with ``scipy.optimize.milp`` (HiGHS, zero relative gap).

Both solvers drop edges where gᵣ > cₕ (they can never be used). The tests check the
two reach the same objective on random instances, with and without sibling groups,
and that every capacity is respected.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
DEFAULT_MAX_NODES = 2_000
Solver = Literal["flow", "scipy"]


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
    sum. ``optimal`` is False only when a solver stopped at its search limit.
    """

    household: NDArray[np.int64]
    weight: NDArray[np.int64]
    objective: int
    optimal: bool
    solver: str

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
) -> BatchProblem:
    """Each referral's top ``top_k`` candidates (same rules and scores as the shortlist).

    A sibling group asking to live apart must first be split into one referral per
    child with :func:`~.referral.split_apart` (the batch does not keep them close; use
    :func:`~.siblings.choose_apart` for that one group).
    """
    edge_r: list[NDArray[np.int64]] = []
    edge_h: list[NDArray[np.intp]] = []
    edge_w: list[NDArray[np.int64]] = []
    for r, referral in enumerate(referrals):
        found = candidates(features, referral, weights=weights, limit=top_k)
        edge_r.append(np.full(found.rows.size, r, dtype=np.int64))
        edge_h.append(found.rows)
        edge_w.append(np.rint(found.score * 100.0).astype(np.int64))
    return BatchProblem(
        group_size=np.array([r.group_size for r in referrals], dtype=np.int64),
        capacity=batch_capacity(features, referrals) if capacity is None else capacity,
        edge_referral=np.concatenate(edge_r) if edge_r else np.empty(0, np.int64),
        edge_household=np.concatenate(edge_h) if edge_h else np.empty(0, np.int64),
        edge_weight=np.concatenate(edge_w) if edge_w else np.empty(0, np.int64),
    )


def solve(problem: BatchProblem, solver: Solver = "flow") -> Assignment:
    """Solve with the named solver ("flow" = OR-Tools, "scipy" = SciPy)."""
    if solver == "flow":
        return solve_flow(problem)
    if solver == "scipy":
        return solve_scipy(problem)
    raise ValueError(f"Unknown solver '{solver}': use 'flow' or 'scipy'.")


def _assignment(
    problem: BatchProblem, edges: NDArray[np.intp], optimal: bool, solver: str
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
    )


def capacity_violations(problem: BatchProblem, assignment: Assignment) -> list[str]:
    """Plain-English problems with an assignment (empty when it is valid)."""
    problems = []
    chosen = np.flatnonzero(assignment.household >= 0)
    used = np.zeros(problem.capacity.size, dtype=np.int64)
    np.add.at(used, assignment.household[chosen], problem.group_size[chosen])
    for h in np.flatnonzero(used > problem.capacity):
        problems.append(
            f"Household row {h} receives {used[h]} children but has {problem.capacity[h]} places."
        )
    keys = set(zip(problem.edge_referral.tolist(), problem.edge_household.tolist(), strict=True))
    for r in chosen.tolist():
        if (r, int(assignment.household[r])) not in keys:
            problems.append(f"Referral {r} is given a household that is not one of its candidates.")
    return problems


# --------------------------------------------------------------------------- OR-Tools


def solve_flow(problem: BatchProblem, *, max_nodes: int = DEFAULT_MAX_NODES) -> Assignment:
    """Exact optimum by min-cost flow, with branch and bound if a sibling group splits."""
    usable = problem.usable()
    if usable.size == 0:
        return _assignment(problem, usable, True, "flow")
    g_all = problem.group_size
    er = problem.edge_referral[usable]
    ew = problem.edge_weight[usable]
    households, eh = np.unique(problem.edge_household[usable], return_inverse=True)
    n_ref, n_hh, n_edges = problem.n_referrals, households.size, usable.size
    sink = n_ref + n_hh
    lcm = math.lcm(*np.unique(g_all[er]).tolist())
    g = g_all[er]

    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([er, np.arange(n_ref), n_ref + np.arange(n_hh)]).astype(np.int32)
    heads = np.concatenate(
        [n_ref + eh, np.full(n_ref, sink), np.full(n_hh, sink)]
    ).astype(np.int32)
    capacities = np.concatenate([g, g_all, problem.capacity[households]]).astype(np.int64)
    costs = np.concatenate(
        [-ew * (lcm // g), np.zeros(n_ref + n_hh, dtype=np.int64)]
    ).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.concatenate([g_all, np.zeros(n_hh, np.int64), [-int(g_all.sum())]])
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies.astype(np.int64))
    edge_arcs = np.arange(n_edges, dtype=np.int32)
    edges_of = _edges_by_referral(er, n_ref)

    def relax(mods: list[tuple[int, int]]) -> tuple[bool, int, NDArray[np.int64]]:
        for arc, cap in mods:
            flow.set_arc_capacity(arc, cap)
        status = flow.solve()
        result = (False, 0, np.empty(0, np.int64))
        if status == flow.OPTIMAL:
            result = (True, -int(flow.optimal_cost()), np.asarray(flow.flows(edge_arcs)))
        for arc, _ in mods:
            flow.set_arc_capacity(arc, int(capacities[arc]))
        return result

    best_value = -1
    best_edges = np.empty(0, dtype=np.intp)
    stack: list[list[tuple[int, int]]] = [[]]
    nodes = 0
    optimal = True
    while stack:
        mods = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            optimal = False
            break
        feasible, value, flows = relax(mods)
        if not feasible or value // lcm <= best_value:
            continue
        whole = np.flatnonzero(flows == g)
        split = np.setdiff1d(np.unique(er[flows > 0]), er[whole])
        rounded = _fill_greedily(whole, split, er, eh, ew, g, problem.capacity[households], edges_of)
        rounded_value = int(ew[rounded].sum())
        if rounded_value > best_value:
            best_value, best_edges = rounded_value, rounded
        if split.size == 0:
            continue
        r = int(split[0])
        own = edges_of[r]
        e = int(own[np.lexsort((own, -ew[own], -flows[own]))[0]])
        forbid = [*mods, (e, 0)]
        force = [*mods, *[(int(o), 0) for o in own if o != e], (n_edges + r, 0)]
        stack.append(forbid)
        stack.append(force)
    return _assignment(problem, usable[best_edges], optimal, "flow")


def _edges_by_referral(er: NDArray[np.int64], n_ref: int) -> list[NDArray[np.intp]]:
    order = np.argsort(er, kind="stable")
    bounds = np.searchsorted(er[order], np.arange(n_ref + 1))
    return [order[bounds[r] : bounds[r + 1]] for r in range(n_ref)]


def _fill_greedily(
    whole: NDArray[np.intp],
    split: NDArray[np.int64],
    er: NDArray[np.int64],
    eh: NDArray[np.intp],
    ew: NDArray[np.int64],
    g: NDArray[np.int64],
    capacity: NDArray[np.int64],
    edges_of: list[NDArray[np.intp]],
) -> NDArray[np.intp]:
    """A feasible solution from a relaxation: keep whole groups, place split ones greedily."""
    if split.size == 0:
        return whole
    left = capacity.copy()
    np.subtract.at(left, eh[whole], g[whole])
    chosen = [whole]
    best_first = sorted(split.tolist(), key=lambda r: (-int(ew[edges_of[r]].max()), r))
    for r in best_first:
        own = edges_of[r]
        for e in own[np.lexsort((eh[own], -ew[own]))]:
            if left[eh[e]] >= g[e]:
                left[eh[e]] -= g[e]
                chosen.append(np.array([e]))
                break
    return np.concatenate(chosen)


# --------------------------------------------------------------------------- SciPy


def solve_scipy(problem: BatchProblem) -> Assignment:
    """Exact optimum with SciPy: full bipartite matching for unit sizes, else ``milp``."""
    usable = problem.usable()
    if usable.size == 0:
        return _assignment(problem, usable, True, "scipy")
    if np.all(problem.group_size[problem.edge_referral[usable]] == 1):
        return _solve_matching(problem, usable)
    return _solve_milp(problem, usable)


def _solve_matching(problem: BatchProblem, usable: NDArray[np.intp]) -> Assignment:
    er = problem.edge_referral[usable]
    ew = problem.edge_weight[usable]
    households, eh = np.unique(problem.edge_household[usable], return_inverse=True)
    n_ref = problem.n_referrals
    degree = np.bincount(eh, minlength=households.size)
    slots = np.minimum(problem.capacity[households], degree)
    first_slot = np.concatenate([[0], np.cumsum(slots)[:-1]])
    n_slots = int(slots.sum())

    per_edge = slots[eh]
    rows = np.repeat(er, per_edge)
    starts = np.repeat(first_slot[eh], per_edge)
    within = np.arange(rows.size) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    cols = starts + within
    top = int(ew.max()) + 1
    data = np.repeat(top - ew, per_edge).astype(np.float64)

    rows = np.concatenate([rows, np.arange(n_ref)])
    cols = np.concatenate([cols, n_slots + np.arange(n_ref)])
    data = np.concatenate([data, np.full(n_ref, float(top))])
    graph = sparse.csr_array((data, (rows, cols)), shape=(n_ref, n_slots + n_ref))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)

    real = col_ind < n_slots
    slot_household = np.repeat(np.arange(households.size), slots)
    matched_r = row_ind[real]
    matched_h = slot_household[col_ind[real]]
    keys = er * households.size + eh
    order = np.argsort(keys)
    pos = np.searchsorted(keys[order], matched_r * households.size + matched_h)
    return _assignment(problem, usable[order[pos]], True, "scipy")


def _solve_milp(problem: BatchProblem, usable: NDArray[np.intp]) -> Assignment:
    er = problem.edge_referral[usable]
    ew = problem.edge_weight[usable]
    households, eh = np.unique(problem.edge_household[usable], return_inverse=True)
    n_edges = usable.size
    columns = np.arange(n_edges)
    one_each = sparse.csr_array(
        (np.ones(n_edges), (er, columns)), shape=(problem.n_referrals, n_edges)
    )
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
    chosen = np.flatnonzero(np.rint(result.x) > 0.5)
    return _assignment(problem, usable[chosen], result.status == 0, "scipy")
