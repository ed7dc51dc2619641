"""The engine without a database: filters, scores, reasons and an exact assignment."""

import numpy as np
import pytest

from matching.engine.candidates import find_candidates
from matching.engine.data import NeedData, ProviderData, packed_masks
from matching.engine.scoring import reason_facts, score_candidates, shared_interests
from matching.engine.solver import SCALE, alternatives, greedy, random_instance, solve

TUESDAY_AFTERNOON = [(1, 13 * 60, 16 * 60)]
HEDENSTED = (55.7716, 9.7011)


def near(km_north: float) -> tuple[float, float]:
    return HEDENSTED[0] + km_north / 111.2, HEDENSTED[1]


def need(i=1, km=0.0, **kw) -> NeedData:
    lat, lon = near(km)
    fields = dict(id=i, lat=lat, lon=lon, kind="visiting_friend", slots=TUESDAY_AFTERNOON)
    fields.update(kw)
    return NeedData(**fields)


def volunteer(key="v1", km=0.0, **kw) -> ProviderData:
    lat, lon = near(km)
    fields = dict(
        key=key,
        lat=lat,
        lon=lon,
        kinds=frozenset({"visiting_friend"}),
        slots=TUESDAY_AFTERNOON,
        travel_km=10,
    )
    fields.update(kw)
    return ProviderData(**fields)


def meal(key, km, *, step_free) -> ProviderData:
    """An association's shared meal with 20 seats on Tuesday afternoon."""
    return ProviderData(
        key,
        *near(km),
        kinds=frozenset({"shared_meal"}),
        step_free=step_free,
        capacity=20,
        seats=20,
        slots=TUESDAY_AFTERNOON,
    )


def pairs(needs, providers):
    c = find_candidates(needs, providers)
    return {(needs[i].id, providers[j].key) for i, j in zip(c.need_idx, c.prov_idx, strict=True)}, c


def integer_total(instance, solution) -> int:
    _n, _caps, _en, _ep, score = instance
    return int(np.rint(np.asarray(score)[solution.chosen] * SCALE).sum())


# Filters ---------------------------------------------------------------------------------------------


def test_a_volunteer_without_a_valid_child_certificate_is_never_proposed_for_a_child():
    found, cands = pairs(
        [need(for_child=True)], [volunteer("v1", child_ok=False), volunteer("v2", child_ok=True)]
    )
    assert found == {(1, "v2")}


def test_a_child_with_only_uncertified_volunteers_is_left_unmatched_for_requirements():
    found, cands = pairs([need(for_child=True)], [volunteer("v1", child_ok=False)])
    assert found == set()
    assert cands.unmatched_reason == {0: "requirements"}


def test_both_parties_travel_distance_limits_the_candidates():
    needs = [need(1, travel_km=3), need(2, travel_km=20)]
    providers = [volunteer("v1", km=5, travel_km=10), volunteer("v2", km=12, travel_km=10)]
    found, _ = pairs(needs, providers)
    assert found == {(2, "v1")}


def test_a_need_without_common_time_gets_that_reason():
    found, cands = pairs([need(slots=[(0, 9 * 60, 11 * 60)])], [volunteer()])
    assert found == set()
    assert cands.unmatched_reason[0] == "no_common_time"


def test_kind_language_and_step_free_requirements_are_hard_filters():
    needs = [
        need(1, kind="mentor"),
        need(2, languages=("ar",)),
        need(3, kind="shared_meal", step_free=True),
    ]
    providers = [
        volunteer("v1", languages=("da",)),
        volunteer("v2", kinds=frozenset({"mentor"}), languages=("da", "ar")),
        volunteer("v3", languages=("ar",)),
        meal("a1", km=1, step_free=False),
        meal("a2", km=2, step_free=True),
    ]
    found, _ = pairs(needs, providers)
    assert found == {(1, "v2"), (2, "v3"), (3, "a2")}


def test_a_rejected_pair_is_not_a_candidate_again():
    found, cands = pairs([need(excluded=frozenset({"v1"}))], [volunteer("v1")])
    assert found == set()
    assert cands.unmatched_reason[0] == "all_rejected"


def test_no_provider_of_the_kind_is_its_own_reason():
    _, cands = pairs([need(kind="room")], [volunteer()])
    assert cands.unmatched_reason[0] == "no_provider"


# Scores and reasons ----------------------------------------------------------------------------------


def test_components_are_between_zero_and_one_and_closer_scores_higher():
    needs = [need(text="Jeg elsker havearbejde og gåture")]
    providers = [
        volunteer("v1", km=1, text="havearbejde, kortspil"),
        volunteer("v2", km=8, text="fodbold, skak"),
    ]
    _, cands = pairs(needs, providers)
    scores = score_candidates(needs, providers, cands)
    for values in scores.components.values():
        assert ((values >= 0) & (values <= 1)).all()
    by_key = {providers[j].key: scores.total[k] for k, j in enumerate(cands.prov_idx)}
    assert by_key["v1"] > by_key["v2"]


def test_interests_cope_with_danish_compound_words():
    needs = [need(text="Jeg passer min køkkenhave og strikker")]
    providers = [
        volunteer("v1", text="haven, strikkeklub"),
        volunteer("v2", text="motorcykler, fodbold"),
    ]
    _, cands = pairs(needs, providers)
    scores = score_candidates(needs, providers, cands)
    sims = {
        providers[j].key: scores.components["interests"][k] for k, j in enumerate(cands.prov_idx)
    }
    assert sims["v1"] > sims["v2"]
    assert shared_interests("Jeg elsker havearbejdet i min have", "havearbejde, skak") == [
        "havearbejde"
    ]


def test_each_reason_is_plain_data_for_a_danish_sentence():
    n = need(text="gåture og havearbejde", languages=("ar", "da"), preferred_gender="female")
    v = volunteer("v1", km=1.2, text="havearbejde", languages=("da", "ar"), gender="female")
    _, cands = pairs([n], [v])
    facts = reason_facts(
        n,
        v,
        {"continuity": 0},
        float(cands.distance_km[0]),
        cands.need_masks[0],
        cands.prov_masks[0],
    )
    codes = {f["code"]: f for f in facts}
    assert codes["distance"]["km"] == 1.2
    assert codes["time"] == {"code": "time", "day": 1, "minute": 13 * 60}
    assert codes["interests"]["terms"] == ["havearbejde"]
    assert codes["language"]["language"] == "ar"
    assert codes["gender"]["gender"] == "female"


def test_weights_per_kind_change_the_total():
    needs = [need(text="skak")]
    providers = [volunteer("v1", km=4, text="skak")]
    _, cands = pairs(needs, providers)
    only_distance = score_candidates(needs, providers, cands, {"visiting_friend": {"distance": 1}})
    only_interests = score_candidates(
        needs, providers, cands, {"visiting_friend": {"interests": 1}}
    )
    assert only_distance.total[0] == pytest.approx(0.6, abs=0.01)
    assert only_interests.total[0] == pytest.approx(1.0)


# Assignment ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("prefer_more", [False, True])
def test_the_assignment_equals_two_independent_exact_methods_on_small_instances(seed, prefer_more):
    instance = random_instance(30, 12, candidates_per_need=5, seed=seed)
    fast = solve(*instance, prefer_more_matches=prefer_more)
    graph = solve(*instance, prefer_more_matches=prefer_more, backend="networkx")
    matrix = solve(*instance, prefer_more_matches=prefer_more, backend="scipy")
    assert (
        integer_total(instance, fast)
        == integer_total(instance, graph)
        == integer_total(instance, matrix)
    )
    assert fast.matched == graph.matched == matrix.matched


def test_the_assignment_is_optimal_on_the_benchmark_instance():
    instance = random_instance(2000, 1000, candidates_per_need=50, seed=1)
    fast = solve(*instance)
    exact = solve(*instance, backend="scipy")
    assert integer_total(instance, fast) == integer_total(instance, exact)
    assert fast.total_score >= greedy(*instance).total_score


def test_capacities_are_respected_and_each_need_gets_at_most_one():
    instance = random_instance(300, 60, candidates_per_need=20, seed=3)
    n, caps, en, ep, score = instance
    sol = solve(*instance)
    assert np.bincount(en[sol.chosen], minlength=n).max() <= 1
    assert (np.bincount(ep[sol.chosen], minlength=len(caps)) <= caps).all()


def test_favouring_more_matches_can_trade_score_for_people():
    # Need 0 likes provider 0 a lot; need 1 can only use provider 0. Highest total: one match. Most people: two.
    n, caps = 2, np.array([1, 1])
    en, ep, score = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([0.9, 0.05, 0.8])
    best_total = solve(n, caps, en, ep, score)
    most_people = solve(n, caps, en, ep, score, prefer_more_matches=True)
    assert best_total.matched == 1
    assert best_total.total_score == pytest.approx(0.9)
    assert most_people.matched == 2
    assert most_people.total_score == pytest.approx(0.85)


def test_an_unprofitable_match_is_left_out_only_when_score_is_preferred():
    n, caps = 2, np.array([1])
    en, ep, score = np.array([0, 1]), np.array([0, 0]), np.array([0.9, 0.2])
    assert solve(n, caps, en, ep, score).chosen.tolist() == [0]


def test_alternatives_are_the_next_best_other_candidates():
    en, ep, score = (
        np.array([0, 0, 0, 0, 1]),
        np.array([0, 1, 2, 3, 0]),
        np.array([0.9, 0.5, 0.7, 0.1, 0.3]),
    )
    alts = alternatives(en, ep, score, np.array([0]), per_need=2)
    assert alts[0] == [2, 1]
    assert alts[1] == [4]


def test_availability_masks_cover_half_hours():
    masks = packed_masks([[(1, 13 * 60, 14 * 60)]])
    assert np.unpackbits(masks[0]).sum() == 2
