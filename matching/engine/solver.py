"""Exact assignment of needs to providers with capacities: a min-cost flow.

source -> need (capacity 1) -> provider (capacity 1 per pair, cost -score) -> sink (provider's capacity),
plus a free source -> sink arc so a need may stay unmatched when that gives a higher total. With
`prefer_more_matches` every matched pair also earns a bonus larger than any total score difference, so the
flow first matches as many people as possible and only then maximises the score (lexicographic optimum).

Backends: OR-Tools' SimpleMinCostFlow (fast, used for real runs), networkx's network simplex (the readable
graph model, fine for small cases) and scipy's linear_sum_assignment on the capacity-expanded matrix (an
independent exact method that tests compare with).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCALE = 10_000  # scores in [0, 1] become integer costs; exactness is at this resolution


@dataclass
class Solution:
    chosen: np.ndarray  # indices into the edge arrays
    total_score: float
    matched: int


def _integer_gains(score: np.ndarray, n_needs: int, prefer_more_matches: bool) -> np.ndarray:
    gains = np.rint(np.asarray(score, dtype=float) * SCALE).astype(np.int64)
    if prefer_more_matches:
        # Larger than the best possible total of scores, so one more match always wins.
        gains = gains + (SCALE * (n_needs + 1))
    return gains


def _solution(chosen, score) -> Solution:
    chosen = np.sort(np.asarray(chosen, dtype=np.int64))
    return Solution(
        chosen=chosen, total_score=float(np.asarray(score)[chosen].sum()), matched=len(chosen)
    )


def solve(
    n_needs: int,
    capacities,
    edge_need,
    edge_prov,
    score,
    *,
    prefer_more_matches: bool = False,
    backend: str = "ortools",
) -> Solution:
    edge_need = np.asarray(edge_need, dtype=np.int64)
    edge_prov = np.asarray(edge_prov, dtype=np.int64)
    capacities = np.asarray(capacities, dtype=np.int64)
    if len(edge_need) == 0:
        return _solution([], np.zeros(0))
    if backend == "ortools":
        return _solve_ortools(n_needs, capacities, edge_need, edge_prov, score, prefer_more_matches)
    if backend == "networkx":
        return _solve_networkx(
            n_needs, capacities, edge_need, edge_prov, score, prefer_more_matches
        )
    if backend == "scipy":
        return _solve_scipy(n_needs, capacities, edge_need, edge_prov, score, prefer_more_matches)
    raise ValueError(f"unknown backend {backend!r}")


def _solve_ortools(n, capacities, en, ep, score, prefer_more) -> Solution:
    from ortools.graph.python import max_flow, min_cost_flow  # heavy: imported when a run solves

    p = len(capacities)
    gains = np.rint(np.asarray(score, dtype=float) * SCALE).astype(np.int64)
    source, sink = n + p, n + p + 1
    m = len(en)
    tails = np.concatenate([en, np.full(n, source), n + np.arange(p)])
    heads = np.concatenate([n + ep, np.arange(n), np.full(p, sink)])
    caps = np.concatenate([np.ones(m), np.ones(n), capacities]).astype(np.int64)
    costs = np.concatenate([-gains, np.zeros(n + p, dtype=np.int64)])
    if prefer_more:
        # Lexicographic optimum in two exact steps: the most people matched (max flow), then the best
        # total score among flows of exactly that size. Cheaper than a big per-match bonus in the costs.
        counter = max_flow.SimpleMaxFlow()
        counter.add_arcs_with_capacity(tails, heads, caps)
        if counter.solve(source, sink) != counter.OPTIMAL:
            raise RuntimeError("max flow failed")
        amount = counter.optimal_flow()
    else:
        # A free source -> sink arc lets a need stay unmatched when that gives a higher total.
        tails = np.append(tails, source)
        heads = np.append(heads, sink)
        caps = np.append(caps, n)
        costs = np.append(costs, 0)
        amount = n
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(source, int(amount))
    flow.set_node_supply(sink, -int(amount))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = flow.flows(np.arange(m))
    return _solution(np.flatnonzero(flows > 0), score)


def _solve_networkx(n, capacities, en, ep, score, prefer_more) -> Solution:
    import networkx as nx

    gains = _integer_gains(score, n, prefer_more)
    graph = nx.DiGraph()
    graph.add_node("s", demand=-n)
    graph.add_node("t", demand=n)
    graph.add_edge("s", "t", capacity=n, weight=0)
    for i in range(n):
        graph.add_edge("s", ("n", i), capacity=1, weight=0)
    for j, cap in enumerate(capacities):
        if cap > 0:
            graph.add_edge(("p", j), "t", capacity=int(cap), weight=0)
    edge_of = {}
    for k, (i, j) in enumerate(zip(en.tolist(), ep.tolist(), strict=True)):
        if capacities[j] > 0:
            graph.add_edge(("n", i), ("p", j), capacity=1, weight=-int(gains[k]))
            edge_of[(i, j)] = k
    flow = nx.min_cost_flow(graph)
    chosen = [
        edge_of[(node[1], head[1])]
        for node, out in flow.items()
        if isinstance(node, tuple) and node[0] == "n"
        for head, f in out.items()
        if f > 0
    ]
    return _solution(chosen, score)


def _solve_scipy(n, capacities, en, ep, score, prefer_more) -> Solution:
    """Assignment on a dense matrix: one column per unit of provider capacity plus one 'unmatched' column per need."""
    from scipy.optimize import linear_sum_assignment

    gains = _integer_gains(score, n, prefer_more)
    slot_owner = np.repeat(np.arange(len(capacities)), capacities)
    first_slot = np.concatenate([[0], np.cumsum(capacities)[:-1]])
    cols = len(slot_owner) + n
    forbidden = np.int64(1) << 50
    cost = np.full((n, cols), forbidden, dtype=np.int64)
    cost[np.arange(n), len(slot_owner) + np.arange(n)] = 0
    best_edge = {}
    for k, (i, j) in enumerate(zip(en.tolist(), ep.tolist(), strict=True)):
        if capacities[j] == 0:
            continue
        if (i, j) in best_edge and gains[best_edge[(i, j)]] >= gains[k]:
            continue
        best_edge[(i, j)] = k
        start = first_slot[j]
        cost[i, start : start + capacities[j]] = -gains[k]
    rows, cols_chosen = linear_sum_assignment(cost)
    chosen = []
    for i, c in zip(rows.tolist(), cols_chosen.tolist(), strict=True):
        if c < len(slot_owner):
            chosen.append(best_edge[(i, int(slot_owner[c]))])
    return _solution(chosen, score)


def greedy(n_needs: int, capacities, edge_need, edge_prov, score) -> Solution:
    """Highest score first while capacity lasts: the baseline the benchmark compares against."""
    left = np.array(capacities, dtype=np.int64).copy()
    taken = np.zeros(n_needs, dtype=bool)
    chosen = []
    for k in np.argsort(-np.asarray(score), kind="stable"):
        i, j = edge_need[k], edge_prov[k]
        if not taken[i] and left[j] > 0:
            taken[i] = True
            left[j] -= 1
            chosen.append(k)
    return _solution(chosen, score)


def alternatives(
    edge_need, edge_prov, score, chosen: np.ndarray, *, per_need: int = 3
) -> dict[int, list[int]]:
    """For each need, the indices of its next-best edges (by score) other than the chosen one."""
    edge_need = np.asarray(edge_need)
    score = np.asarray(score)
    if len(edge_need) == 0:
        return {}
    is_chosen = np.zeros(len(edge_need), dtype=bool)
    is_chosen[chosen] = True
    order = np.lexsort((-score, edge_need))
    order = order[~is_chosen[order]]
    if len(order) == 0:
        return {}
    needs_sorted = edge_need[order]
    starts = np.flatnonzero(np.r_[True, needs_sorted[1:] != needs_sorted[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return {
        int(needs_sorted[s]): order[s : min(e, s + per_need)].tolist()
        for s, e in zip(starts, ends, strict=True)
    }


def random_instance(
    n_needs: int, n_providers: int, *, candidates_per_need: int = 50, seed: int = 0
):
    """A generated instance: capacities 1-3, about `candidates_per_need` distinct providers per need, scores in [0, 1]."""
    rng = np.random.default_rng(seed)
    capacities = rng.integers(1, 4, size=n_providers)
    k = min(candidates_per_need, n_providers)
    window = min(3 * k, n_providers)
    counts = rng.integers(max(1, k // 2), k + k // 2 + 1, size=n_needs).clip(max=window)
    edge_need = np.repeat(np.arange(n_needs), counts)
    # Nearby providers: a window around each need's "home" provider, as a spatial search would give.
    homes = rng.integers(0, n_providers, size=n_needs)
    offsets = np.concatenate([rng.choice(window, size=c, replace=False) for c in counts])
    edge_prov = (np.repeat(homes, counts) + offsets) % n_providers
    score = rng.random(len(edge_need)) ** 0.7
    return n_needs, capacities, edge_need, edge_prov, score
