"""Score components in [0, 1] for candidate pairs, their weighted sum, and the facts behind each reason.

Interests are compared with TF-IDF on character n-grams inside word boundaries (`char_wb`): Danish glues
words together ("havearbejde", "køkkenhaven", "strikkeklub"), and shared n-grams still find the common part
where whole-word matching would not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from matching.engine.candidates import Candidates
from matching.engine.data import NeedData, ProviderData, first_common_slot, first_common_slots

COMPONENTS = ["distance", "interests", "availability", "language", "preferences", "continuity"]
DEFAULT_WEIGHTS = {
    "distance": 1.0,
    "interests": 1.0,
    "availability": 1.0,
    "language": 0.5,
    "preferences": 0.5,
    "continuity": 0.5,
}
FULL_TIME_HALFHOURS = 4  # two shared hours a week count as a full availability score
INTEREST_FULL_COSINE = (
    0.5  # short texts rarely pass 0.5 cosine even when they share their main interest
)


@dataclass
class Scores:
    total: np.ndarray  # weighted score in [0, 1] per candidate pair
    components: dict[str, np.ndarray]


def _tfidf_rows(texts: list[str]):
    """TF-IDF rows (l2-normed, character n-grams) for texts, computed once per distinct text.

    The same as fitting sklearn's TfidfVectorizer on the non-empty texts and transforming them all, but each
    distinct text is analysed once: the document frequencies count it as often as it occurs.
    """
    from sklearn.feature_extraction.text import CountVectorizer  # heavy: imported when used
    from sklearn.preprocessing import normalize

    distinct, row_of = np.unique(np.array(texts, dtype=object), return_inverse=True)
    filled = np.array([bool(t.strip()) for t in distinct])
    times = np.bincount(row_of, minlength=len(distinct))
    counter = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, min_df=1)
    counter.fit(distinct[filled].tolist())
    counts = counter.transform(distinct.tolist()).tocsr().astype(np.float64)
    # Smoothed idf as sklearn's TfidfTransformer makes it: ln((1 + n) / (1 + df)) + 1.
    documents = int(times[filled].sum())
    df = np.bincount(
        counts.indices, weights=np.repeat(times, np.diff(counts.indptr)), minlength=counts.shape[1]
    )
    idf = np.log((1 + documents) / (1 + df)) + 1
    counts.data *= idf[counts.indices]
    return normalize(counts, norm="l2", copy=False), row_of


def interest_similarity(
    need_texts: list[str], prov_texts: list[str], ni: np.ndarray, pi: np.ndarray
) -> np.ndarray:
    """Cosine similarity of TF-IDF character n-grams for each (need, provider) pair.

    One dot product per candidate pair (the two rows multiplied element-wise), so the work grows with the
    pairs, not with needs x providers.
    """
    if (
        len(ni) == 0
        or not any(t.strip() for t in need_texts)
        or not any(t.strip() for t in prov_texts)
    ):
        return np.zeros(len(ni))
    rows, row_of = _tfidf_rows(list(need_texts) + list(prov_texts))
    need_row = row_of[: len(need_texts)][ni]
    prov_row = row_of[len(need_texts) :][pi]
    # Texts repeat (the same few interests): each distinct pair of texts is multiplied once.
    pair = need_row.astype(np.int64) * rows.shape[0] + prov_row
    distinct, back = np.unique(pair, return_inverse=True)
    a, b = distinct // rows.shape[0], distinct % rows.shape[0]
    sims = np.zeros(len(distinct))
    chunk = 100_000  # bounded memory: a chunk's rows are copied before they are multiplied
    for start in range(0, len(distinct), chunk):
        part = slice(start, start + chunk)
        products = rows[a[part]].multiply(rows[b[part]]).tocsr()
        # A matrix-vector product adds each row's terms in feature order, as the old dense blocks of
        # needs x providers did; sum(axis=1) adds in another order and differs in the last bit.
        sims[part] = products @ np.ones(rows.shape[1])
    return np.clip(sims[back] / INTEREST_FULL_COSINE, 0.0, 1.0)


def score_candidates(
    needs: list[NeedData],
    providers: list[ProviderData],
    cands: Candidates,
    weights_by_kind: dict[str, dict[str, float]] | None = None,
) -> Scores:
    ni, pi = cands.need_idx, cands.prov_idx
    m = len(ni)
    limit = np.minimum(
        np.array([x.travel_km for x in needs])[ni], np.array([x.travel_km for x in providers])[pi]
    )
    distance = np.clip(1.0 - cands.distance_km / np.maximum(limit, 0.1), 0.0, 1.0)
    need_hh = np.array([max(1, min(_halfhours(x.slots), FULL_TIME_HALFHOURS)) for x in needs])
    availability = np.clip(cands.common_halfhours / need_hh[ni], 0.0, 1.0)

    languages = sorted({lang for x in [*needs, *providers] for lang in x.languages})
    bit = {lang: 1 << (i % 63) for i, lang in enumerate(languages)}
    first_lang = np.array(
        [bit[x.languages[0]] if x.languages else 0 for x in needs], dtype=np.int64
    )
    prov_lang = np.array([sum(bit[v] for v in set(x.languages)) for x in providers], dtype=np.int64)
    language = np.where((first_lang[ni] == 0) | ((first_lang[ni] & prov_lang[pi]) != 0), 1.0, 0.5)

    genders = {"": 0, "female": 1, "male": 2, "other": 3}
    want_gender = np.array([genders.get(x.preferred_gender, 0) for x in needs], dtype=int)[ni]
    prov_gender = np.array([genders.get(x.gender, 0) for x in providers], dtype=int)[pi]
    age_lo = np.array([-1 if x.age_min is None else x.age_min for x in needs])[ni]
    age_hi = np.array([999 if x.age_max is None else x.age_max for x in needs])[ni]
    wants_age = np.array(
        [x.age_min is not None or x.age_max is not None for x in needs], dtype=bool
    )[ni]
    prov_age = np.array([-10_000 if x.age is None else x.age for x in providers])[pi]
    wanted = (want_gender > 0).astype(float) + wants_age
    met = ((want_gender > 0) & (want_gender == prov_gender)).astype(float) + (
        wants_age & (prov_age >= age_lo) & (prov_age <= age_hi)
    )
    preferences = np.where(wanted > 0, met / np.maximum(wanted, 1), 1.0)

    continuity = np.zeros(m)
    knowing = [i for i, x in enumerate(needs) if x.known]
    if knowing:
        for j in np.flatnonzero(np.isin(ni, knowing)):
            if providers[pi[j]].key in needs[ni[j]].known:
                continuity[j] = 1.0

    interests = interest_similarity(
        [f"{x.text}" for x in needs], [x.text for x in providers], ni, pi
    )
    components = {
        "distance": distance,
        "interests": interests,
        "availability": availability,
        "language": language,
        "preferences": preferences,
        "continuity": continuity,
    }
    weights_by_kind = weights_by_kind or {}
    kinds = sorted({x.kind for x in needs})
    weight_rows = {}
    for kind in kinds:
        w = weights_by_kind.get(kind, DEFAULT_WEIGHTS)
        total_w = sum(max(0.0, w.get(c, 0.0)) for c in COMPONENTS) or 1.0
        weight_rows[kind] = np.array([max(0.0, w.get(c, 0.0)) / total_w for c in COMPONENTS])
    kind_of_pair = (
        np.array([kinds.index(x.kind) for x in needs], dtype=np.int32)[ni]
        if m
        else np.zeros(0, dtype=np.int32)
    )
    weight_matrix = (
        np.stack([weight_rows[k] for k in kinds]) if kinds else np.zeros((1, len(COMPONENTS)))
    )
    stacked = (
        np.stack([components[c] for c in COMPONENTS], axis=1)
        if m
        else np.zeros((0, len(COMPONENTS)))
    )
    total = (stacked * weight_matrix[kind_of_pair]).sum(axis=1) if m else np.zeros(0)
    return Scores(total=np.clip(total, 0.0, 1.0), components=components)


def _halfhours(slots) -> int:
    return sum(max(0, (end - start) // 30) for _, start, end in slots) if slots else 48 * 7


def _age_ok(age: int, lo: int | None, hi: int | None) -> bool:
    return (lo is None or age >= lo) and (hi is None or age <= hi)


WORD = re.compile(r"[a-zæøåé]{4,}")
STOP = {
    "gerne",
    "godt",
    "noget",
    "nogen",
    "også",
    "eller",
    "have",
    "ikke",
    "hvor",
    "være",
    "meget",
    "lide",
    "elsker",
    "sammen",
    "andre",
    "med",
    "som",
    "kunne",
    "bare",
    "mine",
    "min",
    "jeg",
}


@lru_cache(maxsize=65536)
def _need_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in WORD.findall(text.lower()) if w not in STOP)


@lru_cache(maxsize=65536)
def _provider_terms(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each interest term with the stems of its words ("havearbejde" -> "havearbejd")."""
    terms = []
    for term in re.split(r"[,;\n]", text.lower()):
        term = term.strip()
        words = [w for w in WORD.findall(term) if w not in STOP]
        if term and words:
            stems = tuple(w[:-1] if len(w) > 6 and w.endswith("e") else w for w in words)
            terms.append((term, stems))
    return tuple(terms)


def shared_interests(need_text: str, prov_text: str, limit: int = 2) -> list[str]:
    """The provider's interest words that also appear in the citizen's words, compounds included."""
    need_words = _need_words(need_text)
    found = []
    for term, stems in _provider_terms(prov_text):
        if any(stem in w or (len(w) >= 5 and w in stem) for stem in stems for w in need_words):
            found.append(term)
            if len(found) >= limit:
                break
    return found


def reason_facts(
    need: NeedData,
    prov: ProviderData,
    components: dict[str, float],
    distance_km: float,
    need_mask: np.ndarray,
    prov_mask: np.ndarray,
) -> list[dict]:
    """The facts behind each component worth telling, as plain data; matching.reasons renders them in Danish."""
    slot = first_common_slot(need_mask, prov_mask)
    return _facts(need, prov, components, distance_km, slot, shared_interests(need.text, prov.text))


def reason_facts_many(
    needs: list[NeedData],
    providers: list[ProviderData],
    cands: Candidates,
    edges: np.ndarray,
    components: list[dict[str, float]],
) -> list[list[dict]]:
    """reason_facts for the given candidate pairs (the proposals kept): the common times in one pass over
    all of them, the shared interests once per distinct pair of texts."""
    ni, pi = cands.need_idx[edges], cands.prov_idx[edges]
    slots = first_common_slots(cands.need_masks[ni], cands.prov_masks[pi]).tolist()
    terms_of: dict[tuple[str, str], list[str]] = {}
    out = []
    for i, j, km, (day, minute), comps in zip(
        ni.tolist(), pi.tolist(), cands.distance_km[edges].tolist(), slots, components, strict=True
    ):
        need, prov = needs[i], providers[j]
        texts = (need.text, prov.text)
        if texts not in terms_of:
            terms_of[texts] = shared_interests(*texts)
        slot = None if day < 0 else (day, minute)
        out.append(_facts(need, prov, comps, km, slot, list(terms_of[texts])))
    return out


def _facts(
    need: NeedData,
    prov: ProviderData,
    components: dict[str, float],
    distance_km: float,
    slot: tuple[int, int] | None,
    terms: list[str],
) -> list[dict]:
    facts: list[dict] = [
        {"code": "distance", "km": round(float(distance_km), 1), "provider": prov.key[0]}
    ]
    if slot is not None:
        facts.append({"code": "time", "day": slot[0], "minute": slot[1]})
    if terms:
        facts.append({"code": "interests", "terms": terms})
    elif components.get("interests", 0) >= 0.5:
        facts.append({"code": "interests_similar"})
    common_langs = [lang for lang in need.languages if lang in prov.languages and lang != "da"]
    if common_langs:
        facts.append({"code": "language", "language": common_langs[0]})
    if need.preferred_gender and prov.gender == need.preferred_gender:
        facts.append({"code": "gender", "gender": prov.gender})
    if (
        (need.age_min is not None or need.age_max is not None)
        and prov.age is not None
        and _age_ok(prov.age, need.age_min, need.age_max)
    ):
        facts.append({"code": "age", "age": prov.age})
    if components.get("continuity", 0) >= 1:
        facts.append({"code": "known"})
    if need.step_free and prov.step_free:
        facts.append({"code": "step_free"})
    if need.for_child and prov.child_ok:
        facts.append({"code": "child_certificate"})
    return facts
