"""Hard filters: which providers may serve which needs at all.

A BallTree (haversine) over the providers answers "who is within the citizen's reach" per need, so the work
grows with the number of candidates found, not with needs x providers. Every other filter is a vectorised
mask over those pairs. Needs left without candidates get the reason of the filter that removed the last one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.data import KIND_BIT, NeedData, ProviderData, common_halfhours, packed_masks

EARTH_KM = 6371.0088
MIN_COMMON_HALFHOURS = 2  # an hour together each week at least


@dataclass
class Candidates:
    need_idx: np.ndarray  # int32, index into needs
    prov_idx: np.ndarray  # int32, index into providers
    distance_km: np.ndarray
    common_halfhours: np.ndarray
    need_masks: np.ndarray  # packed availability per need
    prov_masks: np.ndarray
    unmatched_reason: dict[int, str]  # need index -> reason code, for needs with no candidate

    def __len__(self) -> int:
        return len(self.need_idx)


def _bitmask(values, index: dict[str, int]) -> int:
    mask = 0
    for v in values:
        if v in index:
            mask |= 1 << index[v]
    return mask


def find_candidates(needs: list[NeedData], providers: list[ProviderData]) -> Candidates:
    n, p = len(needs), len(providers)
    need_masks = packed_masks([x.slots for x in needs], empty_means_any=True)
    prov_masks = packed_masks([x.slots for x in providers])
    empty = np.zeros(0, dtype=np.int32)
    if n == 0 or p == 0:
        reasons = {i: "no_provider" for i in range(n)}
        return Candidates(empty, empty, np.zeros(0), empty, need_masks, prov_masks, reasons)

    from sklearn.neighbors import BallTree  # heavy: imported when a run needs it

    tree = BallTree(np.radians([[x.lat, x.lon] for x in providers]), metric="haversine")
    need_radius_km = np.array([x.travel_km for x in needs], dtype=float)
    hits, dists = tree.query_radius(
        np.radians([[x.lat, x.lon] for x in needs]),
        r=need_radius_km / EARTH_KM,
        return_distance=True,
    )
    counts = np.fromiter((len(h) for h in hits), dtype=np.int64, count=n)
    ni = np.repeat(np.arange(n, dtype=np.int32), counts)
    pi = np.concatenate(hits).astype(np.int32) if counts.sum() else empty
    dist_km = np.concatenate(dists) * EARTH_KM if counts.sum() else np.zeros(0)

    languages = sorted({lang for x in [*needs, *providers] for lang in x.languages})
    lang_index = {lang: i % 63 for i, lang in enumerate(languages)}
    tasks = sorted({t for x in providers for t in x.tasks} | {x.task for x in needs if x.task})
    task_index = {t: i % 63 for i, t in enumerate(tasks)}

    need_kind = np.array([KIND_BIT.get(x.kind, 0) for x in needs], dtype=np.int64)
    need_task = np.array([1 << task_index[x.task] if x.task else 0 for x in needs], dtype=np.int64)
    need_lang = np.array([_bitmask(x.languages, lang_index) for x in needs], dtype=np.int64)
    need_child = np.array([x.for_child for x in needs], dtype=bool)
    need_step = np.array([x.step_free for x in needs], dtype=bool)
    need_group = np.array([x.group_size for x in needs], dtype=np.int32)

    prov_kind = np.array(
        [_bitmask(x.kinds, {k: i for i, k in enumerate(KIND_BIT)}) for x in providers],
        dtype=np.int64,
    )
    prov_task = np.array([_bitmask(x.tasks, task_index) for x in providers], dtype=np.int64)
    prov_lang = np.array([_bitmask(x.languages, lang_index) for x in providers], dtype=np.int64)
    prov_travel = np.array([x.travel_km for x in providers], dtype=float)
    prov_child = np.array([x.child_ok for x in providers], dtype=bool)
    prov_step = np.array([x.step_free for x in providers], dtype=bool)
    prov_seats = np.array([x.seats for x in providers], dtype=np.int32)
    prov_kind_any = np.bitwise_or.reduce(prov_kind) if p else 0

    # Stage by stage, so a need that ends with nobody learns which filter removed its last candidate.
    stages: list[tuple[str, np.ndarray]] = []
    keep = (prov_kind[pi] & need_kind[ni]) != 0
    keep &= (prov_task[pi] == 0) | ((prov_task[pi] & need_task[ni]) != 0) | (need_task[ni] == 0)
    keep &= dist_km <= prov_travel[pi]
    stages.append(("nobody_in_reach", keep.copy()))
    keep &= ~need_child[ni] | prov_child[pi]
    keep &= ~need_step[ni] | prov_step[pi]
    keep &= prov_seats[pi] >= need_group[ni]
    stages.append(("requirements", keep.copy()))
    keep &= (need_lang[ni] == 0) | ((need_lang[ni] & prov_lang[pi]) != 0)
    stages.append(("no_language", keep.copy()))
    common = np.zeros(len(ni), dtype=np.int32)
    if keep.any():
        sel = np.flatnonzero(keep)
        common[sel] = common_halfhours(need_masks[ni[sel]], prov_masks[pi[sel]])
    keep &= common >= MIN_COMMON_HALFHOURS
    stages.append(("no_common_time", keep.copy()))
    excluded_needs = [i for i, x in enumerate(needs) if x.excluded]
    if excluded_needs:
        keys = np.array([x.key for x in providers], dtype=object)
        rejected = np.zeros(len(ni), dtype=bool)
        sel = np.flatnonzero(keep & np.isin(ni, excluded_needs))
        for j in sel:
            rejected[j] = keys[pi[j]] in needs[ni[j]].excluded
        keep &= ~rejected
    stages.append(("all_rejected", keep.copy()))

    reasons: dict[int, str] = {}
    survived_before = np.ones(n, dtype=bool)
    for code, mask in stages:
        alive = np.bincount(ni[mask], minlength=n) > 0
        for i in np.flatnonzero(survived_before & ~alive):
            reasons[int(i)] = code
        survived_before &= alive
    for i, reason in list(reasons.items()):
        if reason == "nobody_in_reach" and not (prov_kind_any & need_kind[i]):
            reasons[i] = "no_provider"
    return Candidates(
        ni[keep], pi[keep], dist_km[keep], common[keep], need_masks, prov_masks, reasons
    )
