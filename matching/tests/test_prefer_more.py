""" "Favour more people matched": the split at the minimum cut gives the same answer as the two-step method
and as networkx, on random instances and on long chains where one more match moves everybody."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine.solver import SCALE, random_instance, solve


def integer_total(score, solution) -> int:
    return int(np.rint(np.asarray(score)[solution.chosen] * SCALE).sum())


def assert_valid(n, caps, en, ep, solution):
    assert np.bincount(en[solution.chosen], minlength=n).max(initial=0) <= 1
    assert (np.bincount(ep[solution.chosen], minlength=len(caps)) <= caps).all()


def assert_same_as_references(instance, *, with_networkx=True):
    n, caps, en, ep, score = instance
    split = solve(*instance, prefer_more_matches=True)
    two_step = solve(*instance, prefer_more_matches=True, backend="ortools-two-step")
    assert_valid(n, caps, en, ep, split)
    assert (split.matched, integer_total(score, split)) == (
        two_step.matched,
        integer_total(score, two_step),
    )
    if with_networkx:
        graph = solve(*instance, prefer_more_matches=True, backend="networkx")
        assert (split.matched, integer_total(score, split)) == (
            graph.matched,
            integer_total(score, graph),
        )
    return split


@st.composite
def instances(draw):
    """Small bipartite instances with capacities 0-3, repeated pairs and scores on the integer grid."""
    n = draw(st.integers(1, 14))
    p = draw(st.integers(1, 8))
    caps = np.array(draw(st.lists(st.integers(0, 3), min_size=p, max_size=p)), dtype=np.int64)
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, p - 1)), min_size=1, max_size=40)
    )
    score = draw(st.lists(st.integers(0, SCALE), min_size=len(pairs), max_size=len(pairs)))
    en = np.array([i for i, _ in pairs], dtype=np.int64)
    ep = np.array([j for _, j in pairs], dtype=np.int64)
    return n, caps, en, ep, np.array(score, dtype=float) / SCALE


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_split_equals_the_two_step_method_and_networkx_on_random_instances(instance):
    assert_same_as_references(instance)


def test_the_split_equals_the_two_step_method_on_generated_instances_of_a_run_size():
    for seed in range(3):
        instance = random_instance(3000, 1500, candidates_per_need=20, seed=seed)
        split = assert_same_as_references(instance, with_networkx=False)
        plain = solve(*instance)
        assert split.matched >= plain.matched


def chain(length: int, *, offset_needs=0, offset_providers=0):
    """Needs x0..xL and providers y1..y(L+1), one place each. xk-yk scores 0.9 (k >= 1), xk-y(k+1) 0.1,
    and y(L+1) is known only to xL. The highest total leaves x0 out; matching everybody needs the
    alternating path x0-y1-x1-y2-...-xL-y(L+1) that moves every person to their weaker choice."""
    en, ep, score = [], [], []
    for k in range(1, length + 1):
        en.append(k), ep.append(k - 1), score.append(0.9)  # xk - yk (providers 0-based: yk is k-1)
    for k in range(length + 1):
        en.append(k), ep.append(k), score.append(0.1)  # xk - y(k+1)
    return (
        np.array(en, dtype=np.int64) + offset_needs,
        np.array(ep, dtype=np.int64) + offset_providers,
        np.array(score),
    )


def test_one_more_match_along_a_long_chain_moves_everybody():
    length = 200
    en, ep, score = chain(length)
    caps = np.ones(length + 1, dtype=np.int64)
    instance = (length + 1, caps, en, ep, score)
    plain = solve(*instance)
    assert plain.matched == length
    assert abs(plain.total_score - 0.9 * length) < 1e-6
    most = assert_same_as_references(instance)
    assert most.matched == length + 1
    assert abs(most.total_score - 0.1 * (length + 1)) < 1e-6
    assert (score[most.chosen] == 0.1).all()


def test_long_chains_inside_a_random_instance_are_found_on_both_sides_of_the_cut():
    """Chains glued to a random instance: some providers end on the full side of the cut, some needs on
    the always-matched side; the answer must still equal both references."""
    n, caps, en, ep, score = random_instance(400, 200, candidates_per_need=6, seed=11)
    parts_en, parts_ep, parts_score, parts_caps = [en], [ep], [score], [caps]
    needs, providers = n, len(caps)
    for length in (5, 40, 120):
        c_en, c_ep, c_score = chain(length, offset_needs=needs, offset_providers=providers)
        # The chain's first need also knows one provider of the random part, weakly.
        c_en = np.append(c_en, needs)
        c_ep = np.append(c_ep, length % providers)
        c_score = np.append(c_score, 0.01)
        parts_en.append(c_en), parts_ep.append(c_ep), parts_score.append(c_score)
        parts_caps.append(np.ones(length + 1, dtype=np.int64))
        needs, providers = needs + length + 1, providers + length + 1
    instance = (
        needs,
        np.concatenate(parts_caps),
        np.concatenate(parts_en),
        np.concatenate(parts_ep),
        np.concatenate(parts_score),
    )
    most = assert_same_as_references(instance)
    assert most.matched > solve(*instance).matched


def test_a_chain_of_providers_with_several_places():
    """The same chain with two places per provider and two people per step."""
    length = 60
    en, ep, score = chain(length)
    # Every need has a twin with the same edges; every provider has two places.
    en = np.concatenate([en, en + length + 1])
    ep = np.concatenate([ep, ep])
    score = np.concatenate([score, score])
    caps = np.full(length + 1, 2, dtype=np.int64)
    instance = (2 * (length + 1), caps, en, ep, score)
    most = assert_same_as_references(instance)
    assert most.matched == 2 * (length + 1)
    assert abs(most.total_score - 0.2 * (length + 1)) < 1e-6


def test_a_long_chain_with_one_person_too_many():
    """The chain plus a need z that also knows only y1 (weakly): one person too many, so the cut's source
    side is {z, x0, y1} (every provider there must be full) and the rest of the chain must all be matched,
    which still needs the long alternating path."""
    length = 150
    en, ep, score = chain(length)
    en, ep, score = np.append(en, length + 1), np.append(ep, 0), np.append(score, 0.05)
    caps = np.ones(length + 1, dtype=np.int64)
    instance = (length + 2, caps, en, ep, score)
    assert solve(*instance).matched == length
    most = assert_same_as_references(instance)
    assert most.matched == length + 1
    assert abs(most.total_score - 0.1 * (length + 1)) < 1e-6
