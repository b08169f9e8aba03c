"""A sentence repeated in a document counts once where the document is its own reference
(issue 14: a faithful pair where 20-50 lines repeat one sentence was called
``unrelated_documents``, and with that check off gave one ``mismatch`` per copy).

The copies of one sentence's translation filled the hubness sample, so every copy's margin was
0 (its "unrelated" neighbours were its own translation); the document mean and the skip-cost
pool counted them too. Now :func:`aligncheck.align.distinct_rows` dedups them in
:func:`~aligncheck.align.center`, the normalisation sample and the skip-cost pool, and the
reference sentences join when a side has fewer than ``REFERENCE_BELOW`` distinct texts."""

from __future__ import annotations

import numpy as np
import pytest

from aligncheck import align as al
from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.pipeline import check_documents, needs_references
from tests.fakes import make_parallel, make_vocabulary

VOCAB = make_vocabulary(seed=0)
AR, EN, ENCODER = make_parallel(12, seed=5, vocab=VOCAB)
# the repeated line and an English sentence that translates nothing in the source; the repeated
# line's translation adds a word (a real translation is never the same vector: with cosine 1 the
# copies' distances were all 0 and the old margin happened to come out right)
(REP_AR, OTHER_AR), (REP_EN, OTHER_EN), _ = make_parallel(2, seed=77, vocab=VOCAB)
REP_EN = REP_EN[:-1] + " indeed."


def check(ar_lines, en_lines, config=Config()):
    src = make_document("\n".join(ar_lines) + "\n", path="ar.txt", lang="ar", check=False)
    tgt = make_document("\n".join(en_lines) + "\n", path="en.txt", lang="en", role="target", check=False)
    assert len(src.segments) == len(ar_lines) and len(tgt.segments) == len(en_lines)
    return check_documents(src, tgt, config=config, encoder=ENCODER)


def counted(result):
    return [(f.check, f.src, f.tgt) for f in result.findings if f.severity.value != "info"]


def interleave(lines, rep, copies):
    """``rep`` after each of the first ``copies`` lines (then the remaining lines)."""
    out = []
    for k, line in enumerate(lines):
        out.append(line)
        if k < copies:
            out.append(rep)
    return out


FAITHFUL = {
    "one sentence 20 times": ([REP_AR] * 20, [REP_EN] * 20),
    "one sentence 50 times": ([REP_AR] * 50, [REP_EN] * 50),
    "20 copies, then 3 lines": ([REP_AR] * 20 + AR[:3], [REP_EN] * 20 + EN[:3]),
    "a line repeated after each of 12": (interleave(AR, REP_AR, 12), interleave(EN, REP_EN, 12)),
    "30 copies among 12 lines": ([REP_AR] * 18 + interleave(AR, REP_AR, 12), [REP_EN] * 18 + interleave(EN, REP_EN, 12)),
}


@pytest.mark.parametrize("case", list(FAITHFUL))
def test_a_faithful_pair_with_repeated_lines_has_no_finding(case):
    # old code: "one sentence 20/50 times" and "20 copies, then 3 lines" were unrelated_documents
    ar, en = FAITHFUL[case]
    result = check(ar, en)
    assert counted(result) == []
    # every copy is paired with a copy, at a translation's margin (not the 0.0 of old)
    assert all(b.margin > 0.4 for b in result.alignment.beads)


def test_a_repeated_sentence_with_unrelated_documents_off_gives_no_mismatch():
    # old code: 20 mismatch errors, every margin 0.0
    result = check([REP_AR] * 20, [REP_EN] * 20, Config(disable=("unrelated_documents",)))
    assert counted(result) == []
    assert [(b.src, b.tgt) for b in result.alignment.beads] == [((k,), (k,)) for k in range(20)]


@pytest.mark.parametrize("dropped", [0, 2])
def test_a_real_omission_among_repeated_lines_is_found(dropped):
    # source: 20 copies, then AR[0..2]; the translation of AR[dropped] (source index 20 + dropped) is left out
    ar, en = [REP_AR] * 20 + AR[:3], [REP_EN] * 20 + [e for k, e in enumerate(EN[:3]) if k != dropped]
    assert counted(check(ar, en)) == [("omission", (20 + dropped,), ())]


def test_a_dropped_copy_among_interleaved_repeats_is_one_omission_of_a_copy():
    ar = interleave(AR, REP_AR, 12)        # AR[k] at 2k, its copy at 2k + 1
    en = interleave(EN, REP_EN, 12)
    del en[9]                              # the copy after EN[4]
    found = counted(check(ar, en))
    assert len(found) == 1 and found[0][0] == "omission" and found[0][2] == ()
    # which copy is missing cannot be told apart; the one reported is a copy, beside the gap
    assert ar[found[0][1][0]] == REP_AR and found[0][1][0] in (7, 9, 11)


def test_a_target_repeating_an_unrelated_sentence_is_still_unrelated():
    assert counted(check([REP_AR] * 20, [OTHER_EN] * 20)) == [("unrelated_documents", (), ())]


def test_a_one_sentence_pair_that_does_not_match_is_a_mismatch():
    # a document of one distinct row is not centred (nor its references), so an unrelated pair keeps
    # the margin of an unrelated pair
    assert counted(check([REP_AR], [OTHER_EN])) == [("mismatch", (0,), (0,))]


# --- the pieces -------------------------------------------------------------------------------


def test_distinct_rows_gives_first_occurrences_in_order_and_the_map_back():
    x = np.array([[1, 0], [0, 1], [1, 0], [2, 2], [0, 1], [1, 0]], dtype=np.float32)
    first, inverse = al.distinct_rows(x)
    assert first.tolist() == [0, 1, 3]
    assert inverse.tolist() == [0, 1, 0, 2, 1, 0]
    assert al.distinct_rows(np.eye(4, dtype=np.float32))[0].tolist() == [0, 1, 2, 3]
    assert al.distinct_rows(np.zeros((0, 3), dtype=np.float32))[0].tolist() == []


def test_center_counts_a_repeated_row_once():
    # a = (1, 0, 1)/√2 three times and b = (0, 1, 1)/√2 once: the mean is (a + b) / (2 + 4), as for
    # the document [a, b] (by hand in test_align: a -> (5, -1, 4)/√42, b -> (-1, 5, 4)/√42)
    a, b = np.array([1, 0, 1]) / np.sqrt(2), np.array([0, 1, 1]) / np.sqrt(2)
    out = al.center(np.array([a, b, a, a], dtype=np.float32))
    ca, cb = np.array([5, -1, 4]) / np.sqrt(42), np.array([-1, 5, 4]) / np.sqrt(42)
    np.testing.assert_allclose(out, [ca, cb, ca, ca], atol=1e-6)
    assert np.array_equal(out[0], out[2]) and np.array_equal(out[0], out[3])


def test_center_leaves_one_distinct_row_and_its_references_unmoved():
    a = np.array([[0.6, 0.8, 0.0]], dtype=np.float32)
    ref = np.array([[0.0, 0.6, 0.8], [1.0, 0.0, 0.0]], dtype=np.float32)
    out, moved = al.center(np.repeat(a, 5, axis=0), also=ref)
    np.testing.assert_allclose(out, np.repeat(a, 5, axis=0), atol=1e-7)
    np.testing.assert_allclose(moved, ref, atol=1e-7)


def test_hubness_counts_a_repeated_row_of_the_other_side_once():
    rng = np.random.default_rng(3)
    src = rng.normal(size=(3, 8))
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt = rng.normal(size=(4, 8))
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    copies = np.concatenate([tgt, np.repeat(tgt[:1], 6, axis=0)]).astype(np.float32)
    d_src, d_tgt = al.hubness(src.astype(np.float32), copies, np.random.default_rng(0))
    # by hand: each source row's mean 1 - cos over the 4 distinct target rows, its best left out
    dist = 1.0 - src @ tgt.T
    expected = (dist.sum(axis=1) - dist.min(axis=1)) / 3
    np.testing.assert_allclose(d_src, expected, rtol=1e-5)
    assert d_tgt.shape == (10,) and np.all(d_tgt[4:] == d_tgt[0])


def test_the_skip_cost_pool_counts_repeated_rows_once():
    # same rows and lengths, with and without six more copies of target 0: the same skip cost
    rng = np.random.default_rng(4)
    src = rng.normal(size=(5, 8))
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt = src + 0.3 * rng.normal(size=(5, 8))
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    src, tgt = src.astype(np.float32), tgt.astype(np.float32)
    copies = np.concatenate([tgt, np.repeat(tgt[:1], 6, axis=0)])
    params = al.AlignParams(length_weight=0.0)
    alone = al.BeadScorer(src, tgt, [30] * 5, [30] * 5, params, np.random.default_rng(0))
    repeated = al.BeadScorer(src, copies, [30] * 5, [30] * 11, params, np.random.default_rng(0))
    assert repeated.skip == pytest.approx(alone.skip, rel=1e-12)


def test_references_join_when_a_side_has_few_distinct_texts():
    assert needs_references(["a"] * 30, ["b"] * 30)
    assert needs_references([f"s{k}" for k in range(30)], ["x"] * 20 + [f"t{k}" for k in range(10)])
    assert not needs_references([f"s{k}" for k in range(12)], [f"t{k}" for k in range(12)] * 2)
