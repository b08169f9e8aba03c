"""The alignment DP against a brute-force oracle, and its invariants."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from aligncheck import align as al
from aligncheck.align import dp as al_dp


def random_unit(rng, n, dim=8):
    x = rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def brute_force(scorer, types):
    """Minimum cost over *all* monotone bead sequences, by exhaustive recursion."""
    n, m = scorer.n, scorer.m

    @functools.lru_cache(maxsize=None)
    def best(i, j):
        if i == 0 and j == 0:
            return 0.0, ()
        options = []
        for a, b in types:
            if i - a >= 0 and j - b >= 0:
                prev_cost, prev_path = best(i - a, j - b)
                c = float(scorer.cost(a, b, i, np.array([j]))[0])
                options.append((prev_cost + c, prev_path + ((a, b),)))
        return min(options, key=lambda o: o[0])

    return best(n, m)


def path_cost(scorer, shapes):
    i = j = 0
    total = 0.0
    for a, b in shapes:
        i, j = i + a, j + b
        total += float(scorer.cost(a, b, i, np.array([j]))[0])
    return total


@pytest.mark.parametrize("seed", range(40))
def test_dp_matches_brute_force_oracle(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 7)), int(rng.integers(1, 7))
    src, tgt = random_unit(rng, n), random_unit(rng, m)
    params = al.AlignParams(
        max_bead=int(rng.integers(1, 3)),
        merge_penalty=float(rng.uniform(0, 0.3)),
        length_weight=float(rng.uniform(0, 1)),
        skip_scale=float(rng.uniform(0.5, 1.5)),
    )
    scorer = al.BeadScorer(src, tgt, rng.integers(5, 80, n), rng.integers(5, 80, m), params, np.random.default_rng(1))
    types = al.bead_types(params.max_bead)
    lo, hi = al_dp._full_band(n, m)
    shapes = al_dp._dp(scorer, lo, hi, types)
    oracle_cost, _ = brute_force(scorer, types)
    assert path_cost(scorer, shapes) == pytest.approx(oracle_cost, abs=1e-9)
    assert sum(a for a, _ in shapes) == n and sum(b for _, b in shapes) == m


def test_bead_types_order_and_content():
    assert al.bead_types(1) == [(1, 1), (1, 0), (0, 1)]
    assert al.bead_types(2) == [(1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1)]


def test_identical_documents_align_one_to_one():
    rng = np.random.default_rng(3)
    emb = random_unit(rng, 30, dim=32)
    lens = rng.integers(20, 120, 30)
    beads, _ = al.align_embeddings(emb, emb, lens, lens)
    assert beads == [((i,), (i,)) for i in range(30)]


def test_deleted_target_sentence_becomes_a_1_0_bead():
    rng = np.random.default_rng(4)
    emb = random_unit(rng, 20, dim=64)
    lens = rng.integers(40, 120, 20)
    keep = [i for i in range(20) if i != 7]
    beads, _ = al.align_embeddings(emb, emb[keep], lens, lens[keep])
    assert ((7,), ()) in beads
    assert all(len(s) <= 1 and len(t) <= 1 for s, t in beads)


def test_empty_side_gives_skip_beads_only():
    rng = np.random.default_rng(5)
    emb = random_unit(rng, 3)
    beads, _ = al.align_embeddings(emb, np.zeros((0, 8), np.float32), [10, 10, 10], [])
    assert beads == [((0,), ()), ((1,), ()), ((2,), ())]


def test_coarse_to_fine_equals_full_dp_on_long_document(monkeypatch):
    """The banded search finds the same path as the full DP when the band holds it."""
    rng = np.random.default_rng(6)
    n = 1500
    src = random_unit(rng, n, dim=64)
    drop = {100, 700, 701, 1200}
    keep = [i for i in range(n) if i not in drop]
    tgt = src[keep] + 0.3 * random_unit(rng, len(keep), dim=64)
    tgt = tgt / np.linalg.norm(tgt, axis=1, keepdims=True)
    lens = rng.integers(40, 120, n)
    banded, _ = al.align_embeddings(src, tgt, lens, lens[keep])
    monkeypatch.setattr(al_dp, "FULL_DP_CELLS", 10**9)
    full, _ = al.align_embeddings(src, tgt, lens, lens[keep])
    assert banded == full
    assert sorted(s[0] for s, t in banded if not t) == sorted(drop)


def test_pair_lone_skips_joins_exactly_one_skip_each_side():
    beads = [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,)), ((3,), ()), ((4,), ()), ((), (3,)), ((), (4,)), ((5,), ())]
    assert al.pair_lone_skips(beads) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,)),
        ((3,), ()), ((4,), ()), ((), (3,)), ((), (4,)),  # two a side: left alone
        ((5,), ()),  # a lone skip: left alone
    ]
    assert al.pair_lone_skips([((), (0,)), ((0,), ())]) == [((0,), (0,))]


def test_repair_skips_beside_merges_reassigns_the_stolen_sentence():
    good = {(0, 0), (1, 1), (2, 2), (3, 3)}

    def margin(i, j):
        return 0.5 if (i, j) in good else 0.0

    # [1] skipped while [2] took targets 1 and 2: both alternative pairs are translations
    beads = [((0,), (0,)), ((1,), ()), ((2,), (1, 2)), ((3,), (3,))]
    assert al.repair_skips_beside_merges(beads, margin, 0.2) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    # mirrored: a 0-1 bead next to a 2-1 bead
    beads = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,))]
    assert al.repair_skips_beside_merges(beads, margin, 0.2) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    # the skipped sentence does not match the merged half: a real omission stays
    beads = [((0,), (0,)), ((1,), ()), ((2,), (1, 2)), ((3,), (3,))]
    assert al.repair_skips_beside_merges(beads, lambda i, j: 0.5 if (i, j) != (1, 1) else 0.0, 0.2) == beads


# --- the advertised bead-cost terms, each pinned at its default (issue 17) ----------------


def test_center_subtracts_the_shrunk_document_mean_and_renormalises():
    # a = (1, 0, 1)/√2, b = (0, 1, 1)/√2 share the direction (0, 0, 1). Mean shrunk by 4:
    # (a + b) / (2 + 4) = (1, 1, 2) / (6√2); a - mean = (5, -1, 4) / (6√2) -> unit (5, -1, 4)/√42;
    # b -> (-1, 5, 4)/√42. Their cosine falls from 0.5 to 6/42
    emb = np.array([[1, 0, 1], [0, 1, 1]], dtype=np.float32) / np.sqrt(2)
    out = al.center(emb)
    np.testing.assert_allclose(out, np.array([[5, -1, 4], [-1, 5, 4]]) / np.sqrt(42), atol=1e-6)
    assert float(out[0] @ out[1]) == pytest.approx(1 / 7, abs=1e-6)


def _deleted_sentence_case():
    """Eight sentences with noisy translations (seed 4); the translation of source 6 deleted."""
    rng = np.random.default_rng(4)
    s = rng.normal(size=(8, 32))
    s /= np.linalg.norm(s, axis=1, keepdims=True)
    t = s + 0.5 * rng.normal(size=(8, 32))
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    rng.integers(1, 7)  # (the draw that chose sentence 6 when the case was found)
    return s.astype(np.float32), np.delete(t, 6, axis=0).astype(np.float32)


def test_the_length_term_keeps_a_dropped_sentence_out_of_a_two_one_bead():
    # all sentences 60 code points: source 6 + 7 (120) against target 6 (60) is twice too long.
    # The default length weight makes [6]:[] a skip; without the term the DP hides it in [6, 7]:[6]
    s, t = _deleted_sentence_case()
    beads, _ = al.align_embeddings(s, t, [60.0] * 8, [60.0] * 7, params=al.AlignParams())
    assert ((6,), ()) in beads and ((7,), (6,)) in beads
    beads, _ = al.align_embeddings(s, t, [60.0] * 8, [60.0] * 7, params=al.AlignParams(length_weight=0.0))
    assert ((6, 7), (6,)) in beads


def test_the_paragraph_term_keeps_a_bead_from_crossing_a_paragraph_boundary():
    # source 6 ends paragraph 0 and its translation is deleted; source 7 starts paragraph 1. With
    # the length term off, only the default paragraph weight keeps [6, 7]:[6] from forming
    s, t = _deleted_sentence_case()
    par_s, par_t = [0] * 7 + [1], [0] * 6 + [1]
    beads, _ = al.align_embeddings(s, t, [60.0] * 8, [60.0] * 7, params=al.AlignParams(length_weight=0.0),
                                   src_par=par_s, tgt_par=par_t)
    assert ((6,), ()) in beads
    beads, _ = al.align_embeddings(s, t, [60.0] * 8, [60.0] * 7, params=al.AlignParams(length_weight=0.0, paragraph_weight=0.0),
                                   src_par=par_s, tgt_par=par_t)
    assert ((6, 7), (6,)) in beads


def test_scorer_margin_of_a_side_longer_than_max_bead_uses_the_mean_of_its_rows():
    from aligncheck.align.cost import _unit

    # beads merged after the DP (aligncheck.content.absorb_skips) may hold 3 sentences with max_bead 2
    rng = np.random.default_rng(4)
    src = _unit(rng.normal(size=(5, 16)).astype(np.float32))
    tgt = _unit(rng.normal(size=(4, 16)).astype(np.float32))
    scorer = al.BeadScorer(src, tgt, [20] * 5, [20] * 4, al.AlignParams(max_bead=2), np.random.default_rng(1))
    mean = _unit(src[1:4].sum(axis=0, keepdims=True))[0]
    cos = float(mean @ tgt[2])
    d_s = (scorer.cd_src[4] - scorer.cd_src[1]) / 3
    d_t = scorer.cd_tgt[3] - scorer.cd_tgt[2]
    expected = 1.0 - (1.0 - cos) / ((d_s + d_t) / 2.0)
    assert float(scorer.margin(3, 1, 4, np.array([3]))[0]) == pytest.approx(expected, abs=1e-6)
