"""Exact assignment of needs to providers with capacities: a min-cost flow.

source -> need (capacity 1) -> provider (capacity 1 per pair, cost -score) -> sink (provider's capacity),
plus a free source -> sink arc so a need may stay unmatched when that gives a higher total. With
`prefer_more_matches` the flow first matches as many people as possible and only then maximises the score
(lexicographic optimum): OR-Tools finds a maximum flow, splits the graph at its minimum cut and solves
each side as a min-cost flow of fixed size (see `_most_people_ortools`); the check backends give every
matched pair a bonus larger than any total score difference instead.

Backends: OR-Tools' SimpleMinCostFlow (fast, used for real runs), "ortools-two-step" (the maximum flow's
size, then one min-cost flow of that size on the whole graph: the reference the split is checked against),
networkx's network simplex (the readable graph model, fine for small cases) and scipy's
linear_sum_assignment on the capacity-expanded matrix (an independent exact method that tests compare with).

At 50,000 x 25,000 the split costs about twice the plain solve: both halves are nearly perfect matchings,
which cost scaling finds slow. Measured there and not taken (CPU, one machine, 2026-12-04): shortest
augmenting paths of our own, compiled with numba, for each half (exact, but 6.4 s and 2.4 s against
OR-Tools' 4.1 s and 2.2 s); augmenting the plain optimum to the most people (exact, but the potentials by
label correction took 2.3 s and the 144 augmentations 5.5 s); scipy's LAPJVsp on the halves (stopped
after 10 minutes); OR-Tools' linear_sum_assignment on the slot-expanded half O (6.5 s against 2.4 s); and
a pruned graph (each need's best 10-16 pairs plus one maximum flow's) solved by OR-Tools, certified by
Goldberg-Radzik potentials (0.2 s) and mended by shortest paths where a left-out pair had a negative
reduced cost (exact, 1.7-1.9x the plain solve: the mending paths cost 1.3-2.1 s). Pruned by the optimum's
own potentials instead of by score, each need's best 5 pairs solve in 1.2 s and mend in 0.3 s: what is
missing is a cheap estimate of those prices (a coarse auction took 8.8 s and pruned worse than the
scores; the plain optimum's potentials, 1.7-3.3 s of mending; a first pruned solve's, 15-57 s).
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
    if backend == "ortools-two-step":
        return _solve_two_step(
            n_needs, capacities, edge_need, edge_prov, score, prefer_more_matches
        )
    raise ValueError(f"unknown backend {backend!r}")


def _flow_network(n, capacities, en, ep, gains, *, from_providers=False):
    """Arcs source -> need (1), need -> provider (1, cost -gain), provider -> sink (capacity); edges first.

    `from_providers` turns every arc round (source -> provider -> need -> sink): the same flows, but
    OR-Tools' push-relabel starts from the providers' side. When the flow must fill the providers or
    match every need (the parts of "favour more people"), that is about a quarter quicker.
    """
    p = len(capacities)
    source, sink = n + p, n + p + 1
    if from_providers:
        tails = np.concatenate([n + ep, np.full(p, source), np.arange(n)])
        heads = np.concatenate([en, n + np.arange(p), np.full(n, sink)])
        caps = np.concatenate([np.ones(len(en)), capacities, np.ones(n)]).astype(np.int64)
    else:
        tails = np.concatenate([en, np.full(n, source), n + np.arange(p)])
        heads = np.concatenate([n + ep, np.arange(n), np.full(p, sink)])
        caps = np.concatenate([np.ones(len(en)), np.ones(n), capacities]).astype(np.int64)
    costs = np.concatenate([-gains, np.zeros(n + p, dtype=np.int64)])
    return tails, heads, caps, costs, source, sink


def _min_cost_flow(n, capacities, en, ep, gains, amount=None) -> np.ndarray:
    """The chosen edges of a min-cost flow of exactly `amount` units (None: any amount, the best total)."""
    from ortools.graph.python import min_cost_flow  # heavy: imported when a run solves

    if len(en) == 0 or amount == 0:
        return np.zeros(0, dtype=np.int64)
    tails, heads, caps, costs, source, sink = _flow_network(
        n, capacities, en, ep, gains, from_providers=amount is not None
    )
    if amount is None:
        # A free source -> sink arc lets a need stay unmatched when that gives a higher total.
        tails, heads = np.append(tails, source), np.append(heads, sink)
        caps, costs = np.append(caps, n), np.append(costs, 0)
        amount = n
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(source, int(amount))
    flow.set_node_supply(sink, -int(amount))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return np.flatnonzero(flow.flows(np.arange(len(en))) > 0)


def _max_flow_source_side(n, capacities, en, ep) -> tuple[int, np.ndarray]:
    """The most people that can be matched, and which nodes the source still reaches in that max flow's
    residual graph (the source side of its minimum cut)."""
    from ortools.graph.python import max_flow

    # Run from the providers' side (quicker, as for the parts): the nodes that still reach that network's
    # sink are the ones the source reaches in the usual direction.
    tails, heads, caps, _costs, source, sink = _flow_network(
        n, capacities, en, ep, np.zeros(len(en), dtype=np.int64), from_providers=True
    )
    counter = max_flow.SimpleMaxFlow()
    counter.add_arcs_with_capacity(tails, heads, caps)
    if counter.solve(source, sink) != counter.OPTIMAL:
        raise RuntimeError("max flow failed")
    side = np.zeros(n + len(capacities) + 2, dtype=bool)
    side[counter.get_sink_side_min_cut()] = True
    return counter.optimal_flow(), side


def _part(need_mask, prov_mask, capacities, en, ep, gains, amount) -> np.ndarray:
    """Min-cost flow of exactly `amount` on the needs and providers of the masks (edges inside them)."""
    edges = np.flatnonzero(need_mask[en] & prov_mask[ep])
    need_id = np.cumsum(need_mask) - 1
    prov_id = np.cumsum(prov_mask) - 1
    chosen = _min_cost_flow(
        int(need_mask.sum()),
        capacities[prov_mask],
        need_id[en[edges]],
        prov_id[ep[edges]],
        gains[edges],
        amount,
    )
    return edges[chosen]


def _most_people_ortools(n, capacities, en, ep, gains) -> np.ndarray:
    """The best total among the flows that match the most people, split at a minimum cut.

    Let S be the nodes the source reaches in the residual graph of one maximum flow (a minimum cut).
    Every maximum flow saturates the arcs that leave S and carries nothing on the arcs that enter it, and
    every flow that does both is a maximum flow. Here the arcs leaving S are provider -> sink for the
    providers in S and source -> need for the needs outside S; the arcs entering S are the edges from a
    need outside S to a provider in S (no edge leads from a need in S to a provider outside S, it would be
    in the residual graph). So the maximum flows are exactly the pairs of
      - a flow on S that fills every provider in S (its needs may stay unmatched), and
      - a flow outside S that matches every need outside S (its providers may keep spare places),
    chosen independently. Two min-cost flows of fixed size, each on about half the graph, give the
    lexicographic optimum; cheaper than one min-cost flow of the whole maximum size, whose tight
    capacities make the cost scaling slow.
    """
    most, side = _max_flow_source_side(n, capacities, en, ep)
    in_s_need, in_s_prov = side[:n], side[n : n + len(capacities)]
    fill = int(capacities[in_s_prov].sum())
    outside = int(n - in_s_need.sum())
    if fill + outside != most:
        raise RuntimeError("the minimum cut does not match the maximum flow")
    inside = _part(in_s_need, in_s_prov, capacities, en, ep, gains, fill)
    rest = _part(~in_s_need, ~in_s_prov, capacities, en, ep, gains, outside)
    return np.concatenate([inside, rest])


def _solve_ortools(n, capacities, en, ep, score, prefer_more) -> Solution:
    gains = np.rint(np.asarray(score, dtype=float) * SCALE).astype(np.int64)
    if prefer_more:
        return _solution(_most_people_ortools(n, capacities, en, ep, gains), score)
    return _solution(_min_cost_flow(n, capacities, en, ep, gains), score)


def _solve_two_step(n, capacities, en, ep, score, prefer_more) -> Solution:
    """The reference for favouring more people: the maximum flow's size, then one min-cost flow of
    exactly that size on the whole graph (the method before the split at the minimum cut)."""
    gains = np.rint(np.asarray(score, dtype=float) * SCALE).astype(np.int64)
    if not prefer_more:
        return _solution(_min_cost_flow(n, capacities, en, ep, gains), score)
    most, _side = _max_flow_source_side(n, capacities, en, ep)
    return _solution(_min_cost_flow(n, capacities, en, ep, gains, most), score)


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
        if capacities[j] > 0 and ((i, j) not in edge_of or gains[edge_of[(i, j)]] < gains[k]):
            # One arc per pair: a repeated pair keeps its best edge (a need takes a provider once).
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
