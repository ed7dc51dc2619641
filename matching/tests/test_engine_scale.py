"""The engine's per-pair work gives what the old whole-matrix work gave, on random instances."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.data import SLOTS_PER_DAY, WEEK_SLOTS, first_common_slots
from matching.engine.scoring import INTEREST_FULL_COSINE, interest_similarity

WORDS = ["havearbejde", "køkkenhaven", "strikkeklub", "gåture", "skak", "fiskeri", "musik", "æbler"]
texts = st.lists(
    st.one_of(
        st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join),
        st.text(alphabet="abcæøå ,", max_size=20),
    ),
    min_size=1,
    max_size=25,
)


def dense_similarity(need_texts, prov_texts, ni, pi):
    """The old computation: one TF-IDF fit, every need against every provider, then a look-up per pair."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(t.strip() for t in need_texts) or not any(t.strip() for t in prov_texts):
        return np.zeros(len(ni))
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, min_df=1)
    vectorizer.fit([t for t in need_texts + prov_texts if t.strip()])
    block = (vectorizer.transform(need_texts) @ vectorizer.transform(prov_texts).T).toarray()
    return np.clip(block[ni, pi] / INTEREST_FULL_COSINE, 0.0, 1.0)


@settings(max_examples=60, deadline=None)
@given(need_texts=texts, prov_texts=texts, data=st.data())
def test_interest_similarity_per_pair_equals_the_dense_needs_by_volunteers_block(
    need_texts, prov_texts, data
):
    m = data.draw(st.integers(0, 200))
    ni = np.array(data.draw(st.lists(st.integers(0, len(need_texts) - 1), min_size=m, max_size=m)))
    pi = np.array(data.draw(st.lists(st.integers(0, len(prov_texts) - 1), min_size=m, max_size=m)))
    ni, pi = ni.astype(np.int32), pi.astype(np.int32)
    got = interest_similarity(need_texts, prov_texts, ni, pi)
    # Bit for bit: a score differing in its last bit could round to another integer cost in the solver.
    assert np.array_equal(got, dense_similarity(need_texts, prov_texts, ni, pi))


def test_a_large_random_instance_scores_every_pair_as_the_dense_block_does():
    rng = np.random.default_rng(3)
    need_texts = [" ".join(rng.choice(WORDS, rng.integers(0, 4))) for _ in range(700)]
    prov_texts = [", ".join(rng.choice(WORDS, rng.integers(0, 4))) for _ in range(400)]
    ni = rng.integers(0, 700, 20_000).astype(np.int32)
    pi = rng.integers(0, 400, 20_000).astype(np.int32)
    got = interest_similarity(need_texts, prov_texts, ni, pi)
    assert np.array_equal(got, dense_similarity(need_texts, prov_texts, ni, pi))
    assert (got > 0).any() and (got < 1).any()


def longest_common_stretch(a, b):
    """The old one-pair-at-a-time computation of first_common_slot."""
    both = np.unpackbits(np.bitwise_and(a, b))[:WEEK_SLOTS].astype(np.int8)
    if not both.any():
        return None
    edges = np.diff(np.concatenate(([0], both, [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    best = int(starts[np.argmax(ends - starts)])
    return best // SLOTS_PER_DAY, (best % SLOTS_PER_DAY) * 30


@settings(max_examples=30, deadline=None)
@given(density=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
def test_the_common_times_of_many_pairs_at_once_are_those_found_pair_by_pair(density, seed):
    rng = np.random.default_rng(seed)
    a = np.packbits(rng.random((300, WEEK_SLOTS)) < density, axis=1)
    b = np.packbits(rng.random((300, WEEK_SLOTS)) < 0.8, axis=1)
    b[:5] = 255  # a partner free all week
    found = first_common_slots(a, b).tolist()
    expected = [longest_common_stretch(x, y) for x, y in zip(a, b, strict=True)]
    assert [None if d < 0 else (d, m) for d, m in found] == expected
