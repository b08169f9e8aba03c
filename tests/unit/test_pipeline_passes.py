"""The passes that run after the alignment DP, each pinned through the pipeline (issue 17).

Every advertised behaviour here has a test that fails when the pass is taken out of the
pipeline (``bench/mutations.py`` checks that): the re-test of merged beads (``retest_beads``),
the repair of a skip beside a merge (``repair_skips_beside_merges``), the pairing of a lone 1-0
with a lone 0-1 bead (``pair_lone_skips``), the ``duplicate`` post-pass, the warning / error
rule of ``mismatch`` and the ``partial_gain`` threshold of ``partial_omission``.

Where the DP itself would have to be coaxed into the pattern a pass repairs, the test forces
the DP's output (:func:`forced_dp`) and runs everything after it for real: the expected
findings are worked out by hand from the documents, which are faithful translations.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from aligncheck import align as _align
from aligncheck.checks import check_mismatch, check_partial_omission, run_checks
from aligncheck.config import Config
from aligncheck.pipeline import check_documents
from tests.fakes import BagOfConceptsEncoder, lines_context, make_parallel, make_vocabulary
from tests.unit.test_pipeline import docs

CONFIG = Config(segmentation="lines")


def summary(result):
    return [(f.check, f.severity.value, f.src, f.tgt) for f in result.findings]


def forced_dp(monkeypatch, beads):
    """Make the pipeline's DP return ``beads`` (with the real scorer, so margins are real)."""
    real = _align.align_embeddings

    def fake(*args, **kwargs):
        _, scorer = real(*args, **kwargs)
        return [(tuple(s), tuple(t)) for s, t in beads], scorer

    monkeypatch.setattr(_align, "align_embeddings", fake)


# ------------------------------------------------------------------ retest_beads


def test_two_deleted_sentences_are_two_omissions_not_one_hidden_in_a_merge():
    # target sentences 6 and 7 deleted: the DP puts source 6 in a 2-1 bead with source 5 (the
    # mean of two embeddings still matches target 5); the re-test with the embedding of the
    # joined text splits it again, so both deleted sentences are reported
    ar, en, enc = make_parallel(10, seed=9)
    result = check_documents(*docs(ar, en[:6] + en[8:]), config=CONFIG, encoder=enc)
    assert summary(result) == [("omission", "error", (6,), ()), ("omission", "error", (7,), ())]
    assert [(b.src, b.tgt) for b in result.alignment.beads][5:8] == [((5,), (5,)), ((6,), ()), ((7,), ())]


def test_the_retest_splits_a_merge_the_dp_made_over_a_deleted_sentence(monkeypatch):
    # the DP (forced) hides the deleted sentence 3 in a 2-1 bead with source 2
    ar, en, enc = make_parallel(8, seed=4)
    en2 = en[:3] + en[4:]
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,))] + [((k,), (k - 1,)) for k in range(4, 8)])
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert summary(result) == [("omission", "error", (3,), ())]
    # a real merge (both halves in the joined target) is kept
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,))] + [((k,), (k - 1,)) for k in range(4, 8)])
    merged = en[:2] + [en[2] + " " + en[3]] + en[4:]
    result = check_documents(*docs(ar, merged), config=CONFIG, encoder=enc)
    assert summary(result) == []
    assert ((2, 3), (2,)) in [(b.src, b.tgt) for b in result.alignment.beads]


def _short_sentence_documents():
    """Six Arabic sentences of 12 words and their word-for-word English, except sentence 3: 2 words."""
    vocab = make_vocabulary(seed=0)
    ar, en, k = [], [], 0
    for i in range(6):
        n = 2 if i == 3 else 12
        ar.append(" ".join(vocab[k + w][0] for w in range(n)) + ".")
        en.append(" ".join(vocab[k + w][1] for w in range(n)).capitalize() + ".")
        k += n
    return ar, en, BagOfConceptsEncoder(dict(vocab))


def test_a_short_sentence_hidden_in_a_two_one_bead_is_split_out(monkeypatch):
    # English of the 2-word source sentence 3 deleted; the DP (forced) puts it in a 2-1 bead with
    # source 2. Joined, "2 3" matches English 2 with cosine sqrt(12/14) = 0.926 against 1.0 for
    # source 2 alone: a gain of -0.074, below the default split_gain_src (-0.01): split out
    ar, en, enc = _short_sentence_documents()
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5,), (4,))])
    result = check_documents(*docs(ar, en[:3] + en[4:]), config=CONFIG, encoder=enc)
    assert summary(result) == [("omission", "error", (3,), ())]
    # a gain threshold ten times lower (-0.1) keeps the merge: nothing reported
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5,), (4,))])
    lax = check_documents(*docs(ar, en[:3] + en[4:]), config=CONFIG.replace(split_gain_src=-0.1), encoder=enc)
    assert summary(lax) == []


def test_a_short_sentence_added_in_a_one_two_bead_is_split_out(monkeypatch):
    # a 2-word English sentence with no source inserted after English 2 and merged by the DP
    # (forced) into a 1-2 bead: gain -0.074 < -0.03 (split_gain_tgt): one addition
    ar, en, enc = _short_sentence_documents()
    ar2, en2 = ar[:3] + ar[4:], en[:3] + [en[3]] + en[4:]  # source 3 deleted instead
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,))])
    result = check_documents(*docs(ar2, en2), config=CONFIG, encoder=enc)
    assert summary(result) == [("addition", "error", (), (3,))]
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,))])
    lax = check_documents(*docs(ar2, en2), config=CONFIG.replace(split_gain_tgt=-0.3), encoder=enc)
    assert summary(lax) == []


# ------------------------------------------------------------------ repair_skips_beside_merges

NO_SPLIT = CONFIG.replace(split_gain_src=-2.0, split_gain_tgt=-2.0)  # the re-test never splits


def test_a_merge_that_stole_the_translation_of_a_skipped_sentence_is_repaired(monkeypatch):
    # a faithful translation; the DP (forced) skips source 1 and gives its translation, target
    # 1, to source 2 in a 1-2 bead. With the re-test off (so the repair alone acts), both
    # alternative pairs are translations: two 1-1 beads, no finding
    ar, en, enc = make_parallel(6, seed=5)
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), ()), ((2,), (1, 2)), ((3,), (3,)), ((4,), (4,)), ((5,), (5,))])
    result = check_documents(*docs(ar, en), config=NO_SPLIT, encoder=enc)
    assert [(b.src, b.tgt) for b in result.alignment.beads] == [((k,), (k,)) for k in range(6)]
    assert summary(result) == []


def test_the_mirrored_repair_a_0_1_bead_beside_a_2_1_bead(monkeypatch):
    ar, en, enc = make_parallel(6, seed=5)
    forced_dp(monkeypatch, [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,)), ((4,), (4,)), ((5,), (5,))])
    result = check_documents(*docs(ar, en), config=NO_SPLIT, encoder=enc)
    assert [(b.src, b.tgt) for b in result.alignment.beads] == [((k,), (k,)) for k in range(6)]
    assert summary(result) == []


# ------------------------------------------------------------------ pair_lone_skips


def test_a_replaced_sentence_between_two_skips_is_one_mismatch(monkeypatch):
    # target 3 replaced by a sentence from elsewhere; the DP (forced) skips source 3 and target 3.
    # Between their neighbours they are one pair that does not match: one mismatch error with
    # both texts, not an omission and an addition
    ar, en, enc = make_parallel(8, seed=6)
    en2 = list(en)
    en2[3] = "Zq1 zq2 zq3 zq4 zq5 zq6 zq7 zq8."
    forced_dp(monkeypatch, [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ()), ((), (3,))]
              + [((k,), (k,)) for k in range(4, 8)])
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert summary(result) == [("mismatch", "error", (3,), (3,))]


# ------------------------------------------------------------------ duplicate post-pass


def test_a_repeated_target_sentence_is_one_duplicate_error_through_the_pipeline():
    # target 3 written twice: the DP makes a 1-2 bead of source 3 with both copies; the
    # duplicate pass reports the second copy
    ar, en, enc = make_parallel(10, seed=9)
    en2 = en[:4] + [en[3]] + en[4:]
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert summary(result) == [("duplicate", "error", (), (4,))]
    assert not result.passed


# ------------------------------------------------------------------ mismatch: warning or error

AR4 = ["أ ب ت.", "ث ج ح.", "خ د ذ.", "ر ز س."]
EN4 = ["A b c.", "D e f.", "G h i.", "J k l."]


def mismatch_context(margins: dict[tuple[int, int], float], bead_margin: float):
    """Four 1-1 pairs; pair margins from ``margins`` (default 0.0); bead 1 has ``bead_margin``."""
    ctx = lines_context(AR4, EN4, [((k,), (k,)) for k in range(4)], margins=[0.6, bead_margin, 0.6, 0.6])
    return dataclasses.replace(ctx, pair_margin=lambda i, j: margins.get((i, j), 0.6 if i == j else 0.0))


def test_a_weak_pair_that_is_still_each_others_best_match_is_a_warning():
    ctx = mismatch_context({(1, 1): 0.1}, 0.1)  # below 0.2, but better than every neighbour (0.0)
    [f] = check_mismatch(ctx)
    assert (f.check, f.severity.value, f.src, f.tgt) == ("mismatch", "warning", (1,), (1,))
    assert "match only loosely" in f.message


@pytest.mark.parametrize("rival", [(1, 2), (1, 0), (0, 1), (3, 1)])
def test_a_weak_pair_with_a_better_neighbour_is_an_error(rival):
    ctx = mismatch_context({(1, 1): 0.1, rival: 0.15}, 0.1)  # a neighbour within 2 matches better
    [f] = check_mismatch(ctx)
    assert (f.check, f.severity.value) == ("mismatch", "error")
    assert "do not seem to say the same thing" in f.message


def test_the_mismatch_severity_decides_the_gate():
    loose = lines_context(AR4, EN4, [((k,), (k,)) for k in range(4)], margins=[0.6, 0.1, 0.6, 0.6])
    loose = dataclasses.replace(loose, pair_margin=lambda i, j: 0.1 if i == j == 1 else (0.6 if i == j else 0.0))
    assert [f.severity.value for f in run_checks(loose) if f.check == "mismatch"] == ["warning"]
    wrong = dataclasses.replace(loose, pair_margin=lambda i, j: 0.1 if (i, j) in ((1, 1), (1, 2)) else (0.6 if i == j else 0.0))
    assert [f.severity.value for f in run_checks(wrong) if f.check == "mismatch"] == ["error"]


def test_a_weak_merged_bead_is_always_an_error():
    ctx = lines_context(AR4, EN4, [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,))], margins=[0.6, 0.1, 0.6])
    ctx = dataclasses.replace(ctx, pair_margin=lambda i, j: 0.6 if i == j else 0.0)
    assert [(f.check, f.severity.value) for f in check_mismatch(ctx)] == [("mismatch", "error")]


# ------------------------------------------------------------------ partial_omission: partial_gain

VOCAB = make_vocabulary(200, seed=3)


def _sentence(words, lang: int, end: str = ".") -> str:
    return " ".join(VOCAB[k][lang] for k in words) + end


class GainEncoder(BagOfConceptsEncoder):
    """The bag-of-concepts encoder, except that the source sentence under test, its target and
    the source without its second clause get vectors chosen so that leaving the clause out
    raises the cosine with the target by exactly ``gain`` (from 0.80 to ``0.80 + gain``)."""

    def __init__(self, full: str, target: str, without: str, gain: float):
        super().__init__(dict(VOCAB))
        e1, e2 = np.eye(2, 256, dtype=np.float64)

        def at(c):
            return (c * e1 + np.sqrt(1 - c * c) * e2).astype(np.float32)

        self.fixed = {full: at(0.80), target: e1.astype(np.float32), without: at(0.80 + gain)}

    def encode(self, texts):
        out = super().encode(texts)
        for k, t in enumerate(texts):
            if t in self.fixed:
                out[k] = self.fixed[t]
        return out


def partial_context(gain: float, config: Config | None = None, target_words: int = 6):
    from aligncheck.segment import embedding_text

    src, tgt = [], []
    for s in range(6):  # six faithful pairs set the document's length ratio
        words = range(20 + 10 * s, 29 + 10 * s)
        src.append(_sentence(words, 0))
        tgt.append(_sentence(words, 1))
    clause_a, clause_b = _sentence(range(0, 6), 0, end="،"), _sentence(range(6, 12), 0)
    full, target = clause_a + " " + clause_b, _sentence(range(0, target_words), 1)
    src.append(full)
    tgt.append(target)
    enc = GainEncoder(embedding_text(full), embedding_text(target), embedding_text(clause_a), gain)
    return lines_context(src, tgt, [((k,), (k,)) for k in range(7)], encode=enc.encode, config=config)


def test_a_clause_whose_removal_raises_the_cosine_by_001_is_reported():
    # bench/CHOICES.md: truncations raise the cosine by a few thousandths to hundredths; the
    # default gain (0.002) catches 0.01, a tenfold one (0.02) would not
    findings = check_partial_omission(partial_context(0.01))
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in findings] == [("partial_omission", "warning", (6,), (6,))]
    assert check_partial_omission(partial_context(0.01, Config(partial_gain=0.02))) == []


def test_a_gain_below_the_threshold_is_not_reported():
    assert check_partial_omission(partial_context(0.001)) == []
    assert len(check_partial_omission(partial_context(0.001, Config(partial_gain=0.0005)))) == 1


def test_only_a_target_shorter_than_the_partial_ratio_is_judged():
    # all 12 words translated: 0.79 of the length the document's ratio predicts (the six other
    # pairs set it), above the default partial_ratio 0.7, so not a candidate even though the
    # gain (0.01, forced) would pass; with a ratio of 1.0 it would be reported
    assert check_partial_omission(partial_context(0.01, target_words=12)) == []
    assert len(check_partial_omission(partial_context(0.01, Config(partial_ratio=1.0), target_words=12))) == 1
