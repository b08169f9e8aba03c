"""The second pass with embeddings of joined texts (:mod:`aligncheck.align.joined`, Bertalign's
second step, Liu & Zhu 2022), pinned through the pipeline on hand-made documents whose m-n gold
beads are known by construction: one sentence of one side is cut into 3 or 4 sentences on the other side.

The first pass (the DP, ``max_bead`` 2) cannot make a 1-3, 3-1, 1-4 or 4-1 bead, so without the second
pass these documents come out with skips or wrong merges (each test checks that too, with the
pass turned off), and ``bench/mutations.py`` removes the pass to see these tests fail.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from aligncheck.align.joined import realign_joined, regions
from aligncheck.config import Config
from aligncheck.pipeline import check_documents
from tests.fakes import BagOfConceptsEncoder, make_parallel
from tests.unit.test_pipeline import docs

CONFIG = Config(segmentation="lines")
OFF = dataclasses.replace(CONFIG, joined_max_align=0)


def cut(sentence: str, pieces: int) -> list[str]:
    """``sentence`` (words and a final full stop) cut into ``pieces`` sentences of consecutive
    words, each ending with a full stop."""
    words = sentence.rstrip(".").split()
    bounds = np.linspace(0, len(words), pieces + 1).round().astype(int)
    return [" ".join(words[a:b]) + "." for a, b in zip(bounds[:-1], bounds[1:])]


def gold_beads(n_src: int, cuts: dict[int, tuple[int, int]]):
    """The beads of a document of ``n_src`` source sentences in which each sentence ``k`` of
    ``cuts`` became ``cuts[k] = (source pieces, target pieces)``; the others are 1-1."""
    beads, i, j = [], 0, 0
    for k in range(n_src):
        a, b = cuts.get(k, (1, 1))
        beads.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return beads


def build(seed: int, cuts: dict[int, tuple[int, int]]):
    """A 12-sentence parallel document with the sentences of ``cuts`` cut into pieces."""
    ar, en, enc = make_parallel(12, seed=seed)
    ar2, en2 = [], []
    for k in range(12):
        a, b = cuts.get(k, (1, 1))
        ar2 += cut(ar[k], a) if a > 1 else [ar[k]]
        en2 += cut(en[k], b) if b > 1 else [en[k]]
    return ar2, en2, enc


@pytest.mark.parametrize("seed,cuts", [
    (3, {1: (1, 3), 4: (3, 1), 7: (1, 3), 10: (3, 1)}),
    (4, {0: (1, 4), 3: (2, 1), 6: (1, 3), 9: (1, 2)}),
    (5, {1: (4, 1), 4: (1, 3), 8: (1, 2), 11: (3, 1)}),
])
def test_the_second_pass_finds_the_m_n_beads_the_dp_cannot_make(seed, cuts):
    ar, en, enc = build(seed, cuts)
    gold = gold_beads(12, cuts)
    on = check_documents(*docs(ar, en), config=CONFIG, encoder=enc)
    assert [(x.src, x.tgt) for x in on.alignment.beads] == gold
    assert [f.check for f in on.findings if f.severity.value == "error"] == []
    off = check_documents(*docs(ar, en), config=OFF, encoder=BagOfConceptsEncoder(enc_pairs(enc)))
    assert [(x.src, x.tgt) for x in off.alignment.beads] != gold


def test_a_document_with_few_m_n_beads_is_left_to_the_re_test():
    # two 1-3 sentences: the DP makes two m-n beads (fewer than joined_min_merges = 4), the second
    # pass does not run, and the alignment is the same as with the pass off; with the gate
    # lowered it runs and finds both beads
    cuts = {3: (1, 3), 8: (1, 3)}
    ar, en, enc = build(6, cuts)
    on = check_documents(*docs(ar, en), config=CONFIG, encoder=enc)
    off = check_documents(*docs(ar, en), config=OFF, encoder=BagOfConceptsEncoder(enc_pairs(enc)))
    assert [(x.src, x.tgt) for x in on.alignment.beads] == [(x.src, x.tgt) for x in off.alignment.beads]
    assert [(x.src, x.tgt) for x in on.alignment.beads] != gold_beads(12, cuts)
    low = dataclasses.replace(CONFIG, joined_min_merges=2)
    assert [(x.src, x.tgt) for x in check_documents(*docs(ar, en), config=low, encoder=enc).alignment.beads] == \
        gold_beads(12, cuts)
    # the share: 2 m-n beads of 11 aligned ones are below a 20 % share
    share = dataclasses.replace(CONFIG, joined_min_merges=2, joined_min_share=0.2)
    assert [(x.src, x.tgt) for x in check_documents(*docs(ar, en), config=share, encoder=enc).alignment.beads] == \
        [(x.src, x.tgt) for x in off.alignment.beads]


def enc_pairs(enc: BagOfConceptsEncoder) -> dict[str, str]:
    """The translation pairs of a fake encoder (a fresh copy: no shared call log)."""
    by_concept: dict[str, list[str]] = {}
    for word, concept in enc.concept.items():
        by_concept.setdefault(concept, []).append(word)
    return {c: next((w for w in ws if w != c), c) for c, ws in by_concept.items()}


def test_a_deleted_sentence_stays_an_omission():
    # the second pass re-aligns the region around the DP's 1-0 bead (four 1-3 / 3-1 beads make
    # it run); the deleted sentence has no translation, so it must stay a skip, not be
    # absorbed into a neighbour's m-n bead
    cuts = {1: (1, 3), 3: (3, 1), 8: (1, 3), 10: (3, 1)}
    ar, en, enc = build(7, cuts)
    gold = gold_beads(12, cuts)
    deleted = gold[5][1][0]
    result = check_documents(*docs(ar, en[:deleted] + en[deleted + 1:]), config=CONFIG, encoder=enc)
    assert [(f.check, f.src, f.tgt) for f in result.findings] == [("omission", gold[5][0], ())]
    assert [(x.src, x.tgt) for x in result.alignment.beads][:3] == gold[:3]


def test_a_one_to_one_document_embeds_no_joined_text():
    # the speed budget: a document the DP aligns 1-1 costs the second pass nothing
    ar, en, enc = make_parallel(12, seed=8)
    on = check_documents(*docs(ar, en), config=CONFIG, encoder=enc)
    assert all(len(b.src) == len(b.tgt) == 1 for b in on.alignment.beads)
    off_enc = BagOfConceptsEncoder(enc_pairs(enc))
    check_documents(*docs(ar, en), config=OFF, encoder=off_enc)
    assert [t for c in enc.calls for t in c] == [t for c in off_enc.calls for t in c]


def test_regions_join_the_runs_that_are_not_one_to_one_with_their_padding():
    one = lambda i: ((i,), (i,))  # noqa: E731
    beads = [one(0), one(1), ((2, 3), (2,)), ((), (3,)), one(4), one(5), one(6), ((7,), ()), one(8), one(9)]
    assert regions(beads, pad=1) == [(1, 5), (6, 9)]
    assert regions(beads, pad=2) == [(0, 10)]
    assert regions(beads, pad=0) == [(2, 4), (7, 8)]
    assert regions([one(0), one(1)], pad=1) == []


def test_realign_joined_scores_joined_texts_and_keeps_the_rest_of_the_path():
    # by hand: source 1 is target 1 + 2 + 3; the first pass (given) made it 1-2 and a 0-1 skip
    ar, en, enc = build(11, {1: (1, 3), 10: (2, 1)})
    src_raw, tgt_raw = enc.encode(ar), enc.encode(en)
    gold = gold_beads(12, {1: (1, 3), 10: (2, 1)})
    # the first pass (given) made source 1 a 1-2 bead and a 0-1 skip; sources 10, 11 are right
    first = [((0,), (0,)), ((1,), (1, 2)), ((), (3,))] + gold[2:]
    out = realign_joined(first, ar, en, src_raw, tgt_raw, [len(s) for s in ar], [len(s) for s in en], enc.encode,
                         min_merges=2)
    assert out == gold
    # only the regions' joined runs were embedded: beads 0-3 and 9-11 (pad 1)
    joined = enc.calls[-1]
    assert joined and all(t in " ".join(en[:5]) or t in " ".join(ar[:3]) or t in " ".join(ar[9:]) or
                          t in " ".join(en[10:]) for t in joined)
    # off: the path comes back unchanged
    assert realign_joined(first, ar, en, src_raw, tgt_raw, [len(s) for s in ar], [len(s) for s in en], enc.encode,
                          max_align=0) == first
