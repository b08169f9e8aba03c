"""The content test (aligncheck.content): a sentence-level finding is withdrawn only when the
sentence's content is in the other side's window, measured with embeddings of the window with
and without it (fake bag-of-concepts encoder: a joined text embeds as the sum of its words)."""

from __future__ import annotations

from aligncheck import content as C
from aligncheck.types import Finding, Severity
from tests.fakes import make_parallel


def _omission(i):
    return Finding("omission", Severity.ERROR, (i,), (), "omitted")


def _addition(j):
    return Finding("addition", Severity.ERROR, (), (j,), "added")


def test_paragraph_blocks_join_paragraphs_through_beads_and_keep_a_lone_paragraph_apart():
    # source paragraphs 0 0 1 2, target paragraphs 0 0 1 1; source paragraph 2 is all omitted
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), ())]
    assert C.paragraph_blocks(beads, [0, 0, 1, 2], [0, 0, 1, 1]) == [0, 0, 1, 2]
    # a bead that crosses paragraphs joins their blocks
    beads = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert C.paragraph_blocks(beads, [0, 0, 1, 2], [0, 0, 1]) == [0, 0, 1]


def test_window_stays_in_its_block_radius_and_length():
    beads = [((k,), (k,)) for k in range(6)]
    block = [0, 0, 0, 0, 1, 1]
    lens = [10] * 6
    assert C.window(beads, 2, block, lens, lens, C.ContentParams(radius=1)) == ((1, 2, 3), (1, 2, 3))
    assert C.window(beads, 2, block, lens, lens, C.ContentParams(radius=3)) == ((0, 1, 2, 3), (0, 1, 2, 3))
    assert C.window(beads, 2, block, lens, lens, C.ContentParams(radius=3, max_chars=25)) == ((1, 2), (1, 2))


def test_an_omission_whose_content_a_merged_target_sentence_holds_is_withdrawn():
    ar, en, enc = make_parallel(4, seed=3)
    # the translator merged sentences 2 and 3 into one English sentence; the DP left 3 unaligned
    tgt = [en[0], en[1], en[2][:-1] + " " + en[3]]
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ())]
    kept = C.confirm_findings([_omission(3)], beads, ar, tgt, [0] * 4, [0] * 3, enc.encode)
    assert kept == ()


def test_an_omission_whose_content_is_nowhere_is_kept():
    ar, en, enc = make_parallel(4, seed=3)
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ())]
    f = _omission(3)
    assert C.confirm_findings([f], beads, ar, en[:3], [0] * 4, [0] * 3, enc.encode) == (f,)


def test_an_inserted_sentence_is_kept_and_a_split_one_withdrawn():
    ar, en, enc = make_parallel(3, seed=5)
    other, _, _ = make_parallel(1, seed=99)  # unrelated words
    _, foreign, _ = make_parallel(1, seed=98)
    beads = [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    f = _addition(1)
    assert C.confirm_findings([f], beads, ar, [en[0], foreign[0], en[1], en[2]], [0] * 3, [0] * 4,
                              enc.encode) == (f,)
    # English sentence 1 split in two halves; the first half was left unaligned
    words = en[1].rstrip(".").split()
    half = len(words) // 2
    split = [en[0], " ".join(words[:half]) + ".", " ".join(words[half:]) + ".", en[2]]
    assert C.confirm_findings([f], beads, ar, split, [0] * 3, [0] * 4, enc.encode) == ()


def test_a_sentence_alone_in_its_paragraph_block_is_never_withdrawn():
    # source paragraph 1 (sentence 2) has no aligned sentence: its block has no target text
    ar, en, enc = make_parallel(3, seed=7)
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    f = _omission(2)
    tgt = [en[0], en[1][:-1] + " " + en[2]]  # even though its words are in the other paragraph
    assert C.confirm_findings([f], beads, ar, tgt, [0, 0, 1], [0, 0], enc.encode) == (f,)


def test_other_findings_pass_and_nothing_is_embedded_without_candidates():
    ar, en, enc = make_parallel(2, seed=1)
    f = Finding("numbers", Severity.ERROR, (0,), (0,), "numbers differ")
    assert C.confirm_findings([f], [((0,), (0,)), ((1,), (1,))], ar, en, [0, 0], [0, 0], enc.encode) == (f,)
    assert enc.calls == []


def _margin_from(enc, ar, en):
    va, ve = enc.encode(ar), enc.encode(en)
    return lambda i, j: float(va[i] @ ve[j])


def test_a_skipped_sentence_whose_content_is_there_joins_its_best_neighbour():
    ar, en, enc = make_parallel(4, seed=3)
    tgt = [en[0], en[1], en[2][:-1] + " " + en[3]]  # English merged sentences 2 and 3
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ())]
    out = C.absorb_skips(beads, ar, tgt, [0] * 4, [0] * 3, enc.encode, _margin_from(enc, ar, tgt))
    assert out == [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,))]


def test_a_skipped_sentence_whose_content_is_missing_stays_a_skip():
    ar, en, enc = make_parallel(4, seed=3)
    beads = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
    tgt = [en[0], en[2], en[3]]  # sentence 1 really dropped
    assert C.absorb_skips(beads, ar, tgt, [0] * 4, [0] * 3, enc.encode, _margin_from(enc, ar, tgt)) == beads


def test_a_split_target_sentence_joins_the_neighbour_holding_its_other_half():
    ar, en, enc = make_parallel(3, seed=5)
    words = en[1].rstrip(".").split()
    half = len(words) // 2
    tgt = [en[0], " ".join(words[:half]) + ".", " ".join(words[half:]) + ".", en[2]]
    beads = [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    out = C.absorb_skips(beads, ar, tgt, [0] * 3, [0] * 4, enc.encode, _margin_from(enc, ar, tgt))
    assert out == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
