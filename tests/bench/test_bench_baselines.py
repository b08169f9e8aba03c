"""Tests for bench.baselines: Gale-Church DP (with a brute-force oracle) and the naive baseline."""

import itertools
import math

import numpy as np
import pytest

from bench.baselines import (
    GC_BEAD_ORDER,
    GC_PRIORS,
    _log_two_sided_tail,
    char_lengths,
    gale_church,
    gale_church_cost,
    gale_church_findings,
    naive,
)
from bench.faults import Variant, validate_variant


def _covers(beads, n, m):
    validate_variant(Variant("d", "x", ("s",) * n, ("t",) * m, tuple(beads), ()))


# --- Gale-Church -------------------------------------------------------------------------


def test_tail_matches_erfc():
    for z in (0.0, 0.3, 1.0, 2.0, 4.0):
        assert _log_two_sided_tail(np.array(z)) == pytest.approx(math.log(math.erfc(z / math.sqrt(2))), rel=1e-6, abs=1e-7)
    assert np.isfinite(_log_two_sided_tail(np.array(60.0)))  # no underflow


def test_cost_hand_computed():
    # 1-1, l1 = l2 = 50, c = 1: delta = 0, P(delta) = 1 -> cost = -ln 0.89 = 0.11653
    assert float(gale_church_cost(50, 50, (1, 1), c=1.0)) == pytest.approx(-math.log(0.89))
    # 1-0, l1 = 34, c = 1: mean = 17, delta = 34 / sqrt(6.8 * 17) = 34 / 10.75 = 3.1623 (= sqrt 10)
    # P = erfc(3.1623 / sqrt 2) = 0.0015654 -> cost = 6.4595 + (-ln 0.0099 = 4.6152) = 11.0747
    want = -math.log(math.erfc(math.sqrt(10) / math.sqrt(2))) - math.log(0.0099)
    assert float(gale_church_cost(34, 0, (1, 0), c=1.0)) == pytest.approx(want, rel=1e-6)
    # both sides empty: delta = 0
    assert float(gale_church_cost(0, 0, (1, 1), c=1.0)) == pytest.approx(-math.log(0.89))


def test_equal_lengths_all_one_to_one():
    lens = [40, 120, 75, 30, 200, 64]
    assert gale_church(lens, lens) == [((i,), (i,)) for i in range(6)]
    # c from the document: English ~1.25x the Arabic characters
    tgt = [round(x * 1.25) for x in lens]
    assert gale_church(lens, tgt) == [((i,), (i,)) for i in range(6)]


def test_missing_target_sentence():
    # With these priors a deleted sentence is (almost) never a 1-0 bead when a neighbour
    # exists: merging it into a neighbour costs less. Here 100 merges with 80:
    #   2-1 (180 vs 80): delta = 100/sqrt(6.8*130) = 3.36 -> 7.17 + 2.42 = 9.59
    #   1-1 (80, 80) + 1-0 (100): 0.12 + (delta = 100/sqrt(6.8*50) = 5.42 -> 16.65) + 4.62 = 21.39
    beads = gale_church([50, 80, 100, 60, 40], [50, 80, 60, 40], c=1.0)
    assert beads == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))]
    assert gale_church_findings(beads) == []


def test_forced_deletions_and_insertions():
    # 5 sources, 1 target: at most 2 sources can join it, the rest are 1-0 beads
    beads = gale_church([10] * 5, [10], c=1.0)
    assert beads == [((0, 1), (0,)), ((2,), ()), ((3,), ()), ((4,), ())]
    assert gale_church_findings(beads) == [
        ("omission", "error", (2,), ()),
        ("omission", "error", (3,), ()),
        ("omission", "error", (4,), ()),
    ]
    assert gale_church([], [3, 4]) == [((), (0,)), ((), (1,))]
    assert gale_church_findings(gale_church([], [3])) == [("addition", "error", (), (0,))]
    assert gale_church([3], []) == [((0,), ())]
    assert gale_church([], []) == []


def _brute_force(s, t, c):
    best = (math.inf, None)

    def rec(i, j, cost, beads):
        nonlocal best
        if i == len(s) and j == len(t):
            if cost < best[0] - 1e-12:
                best = (cost, list(beads))
            return
        for di, dj in GC_BEAD_ORDER:
            if i + di <= len(s) and j + dj <= len(t):
                cst = float(gale_church_cost(sum(s[i : i + di]), sum(t[j : j + dj]), (di, dj), c=c))
                beads.append((tuple(range(i, i + di)), tuple(range(j, j + dj))))
                rec(i + di, j + dj, cost + cst, beads)
                beads.pop()

    rec(0, 0, 0.0, [])
    return best


def _cost(beads, s, t, c):
    return sum(
        float(gale_church_cost(sum(s[k] for k in a), sum(t[k] for k in b), (len(a), len(b)), c=c)) for a, b in beads
    )


def test_dp_matches_brute_force_oracle():
    rng = np.random.default_rng(12345)
    for _ in range(60):
        n, m = int(rng.integers(0, 5)), int(rng.integers(0, 5))
        s = [int(x) for x in rng.integers(1, 120, size=n)]
        t = [int(x) for x in rng.integers(1, 120, size=m)]
        beads = gale_church(s, t, c=1.1)
        _covers(beads, n, m)
        want, _ = _brute_force(s, t, 1.1)
        assert _cost(beads, s, t, 1.1) == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_priors_sum_to_paper_table():
    # Table 5 of the paper: 0.89 + 0.0099 + 0.089 + 0.011 = 0.9999 (combined categories)
    assert GC_PRIORS[(1, 1)] + GC_PRIORS[(1, 0)] + GC_PRIORS[(2, 1)] + GC_PRIORS[(2, 2)] == pytest.approx(0.9999)
    # the paper's C program: PENALTY01 = 450, PENALTY21 = 230, PENALTY22 = 440 (x -100 ln ratio to 1-1)
    assert round(-100 * math.log(GC_PRIORS[(0, 1)] / GC_PRIORS[(1, 1)])) == 450
    assert round(-100 * math.log(GC_PRIORS[(2, 1)] / GC_PRIORS[(1, 1)])) == 230
    assert round(-100 * math.log(GC_PRIORS[(2, 2)] / GC_PRIORS[(1, 1)]), -1) == 440


def test_char_lengths_code_points():
    assert char_lengths(["مرحبا", "hi"]) == [5, 2]


def test_c_must_be_positive():
    with pytest.raises(ValueError):
        gale_church([1], [1], c=0.0)


# --- naive -------------------------------------------------------------------------------

E = np.eye(6, dtype=np.float32)


def test_naive_omission():
    # src e0 e1 e2 e3, tgt e0 e1 e3: src 2 has best cosine 0 < 0.5
    beads, findings = naive(E[[0, 1, 2, 3]], E[[0, 1, 3]], 0.5)
    assert beads == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    assert findings == [("omission", "error", (2,), ())]


def test_naive_addition():
    # tgt e4 (index 1) is no source's argmax
    beads, findings = naive(E[[0, 1, 2]], E[[0, 4, 1, 2]], 0.5)
    assert beads == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    assert findings == [("addition", "error", (), (1,))]


def test_naive_non_monotone_and_shared_target():
    # swapped: pairs (0,1), (1,0), (2,2); longest increasing chain (0,1),(2,2) (tie with
    # (1,0),(2,2) on length and summed cosine 2.0 -> earliest predecessor)
    beads, findings = naive(E[[0, 1, 2]], E[[1, 0, 2]], 0.5)
    assert beads == [((), (0,)), ((0,), (1,)), ((1,), ()), ((2,), (2,))]
    assert findings == []
    # two sources pick the same target: tgt 1 never chosen -> addition; src 1 in a 1-0 bead
    src = np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0, 1]], dtype=np.float32)
    tgt = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32)
    beads, findings = naive(src, tgt, 0.5)
    # cos: src0 -> tgt0 1.0; src1 -> tgt0 0.8 (tgt1 0.6); src2 -> tgt2 1.0
    # chain: (0,0), (2,2) (src1's (1,0) cannot follow (0,0))
    assert beads == [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))]
    assert findings == [("addition", "error", (), (1,))]


def test_naive_threshold_inclusive_and_empty():
    v = np.array([[0.6, 0.8, 0, 0, 0, 0]], dtype=np.float32)
    # cosine 0.6 with e0
    assert naive(v, E[[0]], 0.6)[1] == []
    assert naive(v, E[[0]], 0.61)[1] == [("omission", "error", (0,), ()), ("addition", "error", (), (0,))]
    assert naive(E[[0, 1]], np.zeros((0, 6), np.float32), 0.5) == (
        [((0,), ()), ((1,), ())],
        [("omission", "error", (0,), ()), ("omission", "error", (1,), ())],
    )
    assert naive(np.zeros((0, 6), np.float32), E[[0]], 0.5) == ([((), (0,))], [("addition", "error", (), (0,))])


def test_naive_random_covers_both_sides():
    rng = np.random.default_rng(0)
    for _ in range(30):
        n, m = int(rng.integers(0, 12)), int(rng.integers(1, 12))
        a = rng.normal(size=(n, 8)).astype(np.float32)
        b = rng.normal(size=(m, 8)).astype(np.float32)
        a /= np.linalg.norm(a, axis=1, keepdims=True)
        b /= np.linalg.norm(b, axis=1, keepdims=True)
        beads, _ = naive(a, b, 0.2)
        _covers(beads, n, m)


def test_naive_rejects_bad_input():
    bad = E[[0, 1]].copy()
    bad[1, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        naive(bad, E[[0]], 0.5)
    with pytest.raises(ValueError, match="sizes differ"):
        naive(E[[0]], np.eye(3, dtype=np.float32), 0.5)
    with pytest.raises(ValueError, match="2-D"):
        naive(E[0], E[[0]], 0.5)


# --- the generic DP, the symmetric naive rule, Vecalign and Bertalign -------------------

from bench.baselines import _dp, bertalign, naive_symmetric, overlap_embeddings, vecalign, vecalign_types  # noqa: E402


def _all_alignments(n, m, types):
    """Every monotone alignment of n x m with the bead types (brute force)."""
    if n == 0 and m == 0:
        yield []
        return
    for a, b in types:
        if a <= n and b <= m:
            for rest in _all_alignments(n - a, m - b, types):
                yield [((a, b))] + rest


def test_generic_dp_matches_brute_force_oracle():
    rng = np.random.default_rng(5)
    types = vecalign_types(4)
    for _ in range(30):
        n, m = int(rng.integers(0, 5)), int(rng.integers(0, 5))
        table = {(a, b, i, j): float(rng.random()) for a, b in types for i in range(n + 1) for j in range(m + 1)}

        def cost(a, b, i, js):
            return np.array([table[(a, b, i, int(j))] for j in js])

        def total(shape):
            i = j = 0
            out = 0.0
            for a, b in shape:
                i, j = i + a, j + b
                out += table[(a, b, i, j)]
            return out

        best = min(total(s) for s in _all_alignments(n, m, types))
        beads = _dp(n, m, types, cost)
        shape = [(len(s), len(t)) for s, t in beads]
        assert total(shape) == pytest.approx(best)
        _covers(beads, n, m)
        got_max = _dp(n, m, types, cost, maximise=True)
        assert total([(len(s), len(t)) for s, t in got_max]) == pytest.approx(max(total(s) for s in _all_alignments(n, m, types)))


def test_overlap_embeddings_are_unit_sums_of_runs():
    emb = np.eye(3)
    o = overlap_embeddings(emb, 2)
    assert np.allclose(o[0], emb)
    assert np.allclose(o[1, 0], 0) and np.allclose(o[1, 1], [2 ** -0.5, 2 ** -0.5, 0]) and np.allclose(o[1, 2], [0, 2 ** -0.5, 2 ** -0.5])


def _parallel(n, d=64, seed=0, noise=0.3):
    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, d))
    tgt = src + noise * rng.normal(size=(n, d))
    unit = lambda x: x / np.linalg.norm(x, axis=1, keepdims=True)  # noqa: E731
    return unit(src), unit(tgt)


def test_naive_symmetric_flags_both_directions_and_not_a_second_best():
    src, tgt = _parallel(6)
    # source 2's translation deleted; target 5 has no source (an unrelated vector)
    other = np.random.default_rng(9).normal(size=(1, 64))
    tgt2 = np.vstack([tgt[:2], tgt[3:], other / np.linalg.norm(other)])
    beads, findings = naive_symmetric(src, tgt2, 0.5)
    assert findings == [("omission", "error", (2,), ()), ("addition", "error", (), (5,))]
    _covers(beads, 6, 6)
    # a target that is only some source's second-best match (a 1-2 translation) is not flagged
    split = np.vstack([tgt[:3], tgt[2], tgt[3:]])
    assert naive_symmetric(src, split, 0.5)[1] == []


@pytest.mark.parametrize("system", ["vecalign", "bertalign"])
def test_anchor_aligners_find_a_deleted_and_an_inserted_sentence(system):
    src, tgt = _parallel(12, seed=3)
    other = np.random.default_rng(8).normal(size=(1, 64))
    tgt2 = np.vstack([tgt[:4], tgt[5:9], other / np.linalg.norm(other), tgt[9:]])  # 4 deleted, an insertion at 8
    lens_s, lens_t = [40] * 12, [40] * 12

    def run(s, t):
        if system == "vecalign":
            return vecalign(s, t)
        return bertalign(s, t, lens_s[: len(s)], [40] * len(t))

    assert run(src, tgt) == [((k,), (k,)) for k in range(12)]
    beads = run(src, tgt2)
    _covers(beads, 12, 12)
    if system == "bertalign":
        assert ((4,), ()) in beads and ((), (8,)) in beads
    # (Vecalign's cost of a merged run, (1 - cos) * a * b over the hubness normaliser, is below
    # a 1-1 bead plus the 20th-percentile deletion cost on these random vectors: it may hide
    # the deleted and the inserted sentence in a 2-1 / 1-2 bead. Either way neither is in a 1-1 bead.)
    assert not any(s == (4,) and len(t) == 1 for s, t in beads)
    assert not any(t == (8,) and len(s) == 1 for s, t in beads)
    # every other source sentence is in a 1-1 bead with its own translation
    pairs = {(s[0], t[0]) for s, t in beads if len(s) == 1 and len(t) == 1}
    assert pairs >= {(k, k) for k in range(3)} | {(k, k - 1) for k in range(6, 8)} | {(k, k) for k in range(9, 12)}


def test_anchor_aligners_keep_a_merge():
    src, tgt = _parallel(10, seed=4)
    merged = np.vstack([tgt[:3], (tgt[3] + tgt[4]) / np.linalg.norm(tgt[3] + tgt[4]), tgt[5:]])
    assert ((3, 4), (3,)) in vecalign(src, merged)
    assert ((3, 4), (3,)) in bertalign(src, merged, [40] * 10, [40] * 3 + [80] + [40] * 5)


# --- joined-text runs (the tools' own embedding of a run) ------------------------------


@pytest.mark.parametrize("system", ["vecalign", "bertalign"])
def test_runs_equal_to_the_sum_approximation_give_the_same_beads(system):
    src, tgt = _parallel(9, seed=6)
    merged = np.vstack([tgt[:3], (tgt[3] + tgt[4]) / np.linalg.norm(tgt[3] + tgt[4]), tgt[5:]])
    so, to = overlap_embeddings(src, 4), overlap_embeddings(merged, 4)
    if system == "vecalign":
        assert vecalign(src, merged, src_runs=so, tgt_runs=to) == vecalign(src, merged)
    else:
        lens_s, lens_t = [40] * 9, [40] * 3 + [80] + [40] * 4
        assert bertalign(src, merged, lens_s, lens_t, src_runs=so, tgt_runs=to) == bertalign(src, merged, lens_s, lens_t)


@pytest.mark.parametrize("system", ["vecalign", "bertalign"])
@pytest.mark.parametrize("joined_matches", [True, False])
def test_joined_run_embedding_decides_a_merge(system, joined_matches):
    # target 3 is a vector v; the embedding of the joined sources 3 + 4 decides whether they
    # form a 2-1 bead with it, whatever the sum of their sentence vectors says.
    # joined_matches: v is only loosely related to source 3 (cosine about 0.5) and target 3 is as
    #   long as one source sentence, the joined run's embedding is v (the whole means what the
    #   parts do not): the merge is found only with the runs.
    # not joined_matches: v is the sum of the two (the approximation sees a merge), the joined
    #   run's embedding is unrelated to v: the merge is found only without the runs.
    rng = np.random.default_rng(11)
    src, tgt = _parallel(10, seed=7)
    u = rng.normal(size=64)
    u /= np.linalg.norm(u)
    loose = src[3] + 1.7 * u
    loose /= np.linalg.norm(loose)
    total = (tgt[3] + tgt[4]) / np.linalg.norm(tgt[3] + tgt[4])
    v, joined = (loose, loose) if joined_matches else (total, u)
    tgt2 = np.vstack([tgt[:3], v, tgt[5:]])  # 9 targets
    so, to = overlap_embeddings(src, 4), overlap_embeddings(tgt2, 4)
    so[1, 4] = joined  # the run of sources 3..4 ends at 4
    lens_s, lens_t = [40] * 10, [40] * 3 + [40 if joined_matches else 80] + [40] * 5
    if system == "vecalign":
        with_runs, without = vecalign(src, tgt2, src_runs=so, tgt_runs=to), vecalign(src, tgt2)
    else:
        with_runs = bertalign(src, tgt2, lens_s, lens_t, src_runs=so, tgt_runs=to)
        without = bertalign(src, tgt2, lens_s, lens_t)
    merge = ((3, 4), (3,))
    assert (merge in with_runs, merge in without) == ((True, False) if joined_matches else (False, True))
    _covers(with_runs, 10, 9)


def test_runs_with_the_wrong_shape_are_refused():
    src, tgt = _parallel(5)
    with pytest.raises(ValueError, match="src_runs"):
        vecalign(src, tgt, src_runs=overlap_embeddings(src, 2), tgt_runs=overlap_embeddings(tgt, 3))  # needs 3 sizes
    with pytest.raises(ValueError, match="tgt_runs"):
        bertalign(src, tgt, [40] * 5, [40] * 5, src_runs=overlap_embeddings(src, 4), tgt_runs=overlap_embeddings(tgt[:4], 4))
    bad = overlap_embeddings(src, 4)
    bad[2, 3, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        bertalign(src, tgt, [40] * 5, [40] * 5, src_runs=bad, tgt_runs=overlap_embeddings(tgt, 4))
