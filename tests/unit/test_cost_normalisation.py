"""The per-sentence normalisers of the bead cost (:func:`aligncheck.align.hubness`,
:func:`aligncheck.align.knn_distance`) against brute-force computations in pure Python, on
documents short enough that the sample is the whole other side (plus its reference sentences)."""

from __future__ import annotations

import numpy as np
import pytest

from aligncheck import align as al


def _unit_rows(rng, n, dim=16):
    v = rng.normal(size=(n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _near(rng, rows, noise=0.05):
    """Unit rows close to ``rows`` (reference sentences that will be among the nearest)."""
    v = rows.astype(np.float64) + noise * rng.normal(size=rows.shape)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _brute_distances(rows, others, pick):
    """For each row, ``pick`` applied to its list of ``1 - cos`` against every row of ``others``
    (pure Python dot products), floored at 1e-3."""
    out = []
    for r in rows:
        dist = [1.0 - sum(float(a) * float(b) for a, b in zip(r, o)) for o in others]
        out.append(max(pick(dist), 1e-3))
    return np.array(out)


def _knn_oracle(k):
    return lambda dist: sum(sorted(dist)[:k]) / min(k, len(dist))


def _leave_best_out(dist):
    return (sum(dist) - min(dist)) / (len(dist) - 1)


@pytest.mark.parametrize("k", [1, 4, 20])
def test_knn_distance_uses_the_reference_sentences_as_a_brute_force_search_does(k):
    rng = np.random.default_rng(7)
    src, tgt = _unit_rows(rng, 5), _unit_rows(rng, 7)
    # references close to some sentences of the other side: they are among the nearest neighbours
    src_ref, tgt_ref = _near(rng, tgt[:3]), _near(rng, src[:4])
    d_src, d_tgt = al.knn_distance(src, tgt, np.random.default_rng(0), src_ref, tgt_ref, k=k)
    want_src = _brute_distances(src, np.concatenate([tgt, tgt_ref]), _knn_oracle(k))
    want_tgt = _brute_distances(tgt, np.concatenate([src, src_ref]), _knn_oracle(k))
    np.testing.assert_allclose(d_src, want_src, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(d_tgt, want_tgt, rtol=1e-5, atol=1e-6)
    # the references matter: without them the neighbours, hence the distances, differ
    no_ref_src, no_ref_tgt = al.knn_distance(src, tgt, np.random.default_rng(0), k=k)
    np.testing.assert_allclose(no_ref_src, _brute_distances(src, tgt, _knn_oracle(k)), rtol=1e-5, atol=1e-6)
    assert not np.allclose(no_ref_src, d_src) and not np.allclose(no_ref_tgt, d_tgt)


def test_hubness_is_the_leave_best_out_mean_over_the_other_side_and_its_references():
    rng = np.random.default_rng(8)
    src, tgt = _unit_rows(rng, 6), _unit_rows(rng, 4)
    src_ref, tgt_ref = _unit_rows(rng, 3), _unit_rows(rng, 5)
    d_src, d_tgt = al.hubness(src, tgt, np.random.default_rng(0), src_ref, tgt_ref)
    np.testing.assert_allclose(d_src, _brute_distances(src, np.concatenate([tgt, tgt_ref]), _leave_best_out),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(d_tgt, _brute_distances(tgt, np.concatenate([src, src_ref]), _leave_best_out),
                               rtol=1e-5, atol=1e-6)
