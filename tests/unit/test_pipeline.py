"""The pipeline end to end on a fake encoder: omissions, additions, mismatches, merges."""

from __future__ import annotations

import numpy as np
import pytest

from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.embed import DedupEncoder
from aligncheck.pipeline import check_documents
from tests.fakes import make_parallel

CONFIG = Config(segmentation="lines")


def docs(ar, en):
    return (
        make_document("\n".join(ar) + "\n", path="ar.txt", lang="ar", mode="lines", check=False),
        make_document("\n".join(en) + "\n", path="en.txt", lang="en", mode="lines", role="target", check=False),
    )


def errors(result):
    return [(f.check, f.src, f.tgt) for f in result.findings if f.severity.value != "info"]


def test_faithful_translation_has_no_findings_and_one_to_one_beads():
    ar, en, enc = make_parallel(12)
    result = check_documents(*docs(ar, en), config=CONFIG, encoder=enc)
    assert errors(result) == []
    assert [(b.src, b.tgt) for b in result.alignment.beads] == [((i,), (i,)) for i in range(12)]
    assert result.passed


@pytest.mark.parametrize("k", [0, 3, 6, 11])
def test_each_deleted_target_sentence_is_one_omission(k):
    ar, en, enc = make_parallel(12, seed=k)
    result = check_documents(*docs(ar, en[:k] + en[k + 1 :]), config=CONFIG, encoder=enc)
    assert errors(result) == [("omission", (k,), ())]
    assert not result.passed


@pytest.mark.parametrize("k", [0, 5, 12])
def test_inserted_unrelated_sentence_is_one_addition(k):
    ar, en, enc = make_parallel(12, seed=20 + k)
    other_ar, other_en, _ = make_parallel(3, seed=99)
    en2 = en[:k] + ["Zq1 zq2 zq3 zq4 zq5 zq6 zq7 zq8."] + en[k:]
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert errors(result) == [("addition", (), (k,))]


def test_replaced_sentence_is_a_mismatch_or_omission_plus_addition():
    ar, en, enc = make_parallel(12, seed=7)
    en2 = list(en)
    en2[6] = "Zq1 zq2 zq3 zq4 zq5 zq6 zq7 zq8 zq9."
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert errors(result) in ([("mismatch", (6,), (6,))], [("omission", (6,), ()), ("addition", (), (6,))])


def test_merged_target_sentences_are_a_2_1_bead_without_findings():
    ar, en, enc = make_parallel(12, seed=8)
    en2 = en[:4] + [en[4] + " " + en[5]] + en[6:]
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert errors(result) == []
    assert ((4, 5), (4,)) in [(b.src, b.tgt) for b in result.alignment.beads]


def test_swapped_neighbours_are_one_moved_note_not_omission_and_addition():
    ar, en, enc = make_parallel(12, seed=9)
    en2 = list(en)
    en2[4], en2[5] = en2[5], en2[4]
    # beads of one sentence a side (no 2-2 bead to absorb the swap): the DP skips source 5 and
    # target 4; the two skips translate each other, so they are one ``moved`` note and no
    # omission or addition. Source 5 (translated at target 4) moved past one segment, source 4
    # (at target 5): a neighbour swap is "moved past 1 segment", info
    result = check_documents(*docs(ar, en2), config=CONFIG.replace(max_bead=1), encoder=enc)
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in result.findings] == [("moved", "info", (5,), (4,))]
    assert [(b.src, b.tgt) for b in result.alignment.beads][4:7] == [((), (4,)), ((4,), (5,)), ((5,), ())]
    assert "out of order (moved past 1 segment;" in result.findings[0].message
    assert result.passed


def test_swapped_neighbours_with_two_two_beads_are_one_bead_and_no_finding():
    # the README: two neighbours swapped is "not flagged" (a 2-2 bead)
    ar, en, enc = make_parallel(12, seed=9)
    en2 = list(en)
    en2[4], en2[5] = en2[5], en2[4]
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert result.findings == ()
    assert ((4, 5), (4, 5)) in [(b.src, b.tgt) for b in result.alignment.beads]


def test_a_sentence_moved_far_is_one_moved_warning():
    ar, en, enc = make_parallel(12, seed=9)
    en2 = list(en)
    en2.insert(9, en2.pop(3))  # source 3 translated six lines later
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in result.findings] == [("moved", "warning", (3,), (9,))]
    # targets 3..8 are the translations of sources 4..9: it moved past six segments
    assert "out of order (moved past 6 segments;" in result.findings[0].message


def test_a_sentence_moved_two_places_is_a_moved_warning_past_two_segments():
    ar, en, enc = make_parallel(12, seed=9)
    en2 = list(en)
    en2.insert(6, en2.pop(4))  # source 4 translated after sources 5 and 6
    result = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in result.findings] == [("moved", "warning", (4,), (6,))]
    assert "out of order (moved past 2 segments;" in result.findings[0].message


def test_every_distinct_text_is_embedded_once():
    ar, en, enc = make_parallel(10, seed=11)
    dedup = DedupEncoder(enc)
    en2 = en + [en[0]]  # a repeated sentence is embedded once
    check_documents(*docs(ar, en2), config=CONFIG, encoder=dedup)
    sent = [t for call in enc.calls for t in call]
    assert len(sent) == len(set(sent))
    assert set(ar) | set(en) <= set(sent)


def test_signature_names_model_segmenter_and_thresholds():
    ar, en, enc = make_parallel(4, seed=12)
    sig = check_documents(*docs(ar, en), config=CONFIG, encoder=enc).signature
    for part in ("aligncheck:", "seg:lines", "model:fake:bag-of-concepts-v1", "skip:p20x0.7", "mismatch:<0.2", "fail_on:error"):
        assert part in sig


def test_a_very_long_segment_is_cut_for_embedding_and_noted():
    from aligncheck.pipeline import MAX_EMBED_CHARS

    ar, en, enc = make_parallel(4, seed=13)
    long_en = en[1][:-1] + " " + " ".join(["w5"] * 3000) + "."
    result = check_documents(*docs(ar, [en[0], long_en, en[2], en[3]]), config=CONFIG, encoder=enc)
    assert max(len(t) for call in enc.calls for t in call) <= MAX_EMBED_CHARS
    notes = [(f.check, f.severity.value, f.tgt) for f in result.findings if f.check == "long_segment"]
    assert notes == [("long_segment", "info", (1,))]
    assert result.target.segments[1].text == long_en  # reported as written


def test_moved_past_counts_the_segments_between_by_hand():
    from aligncheck.checks.alignment import moved_past
    from aligncheck.types import Alignment, Bead

    # sources 0..5, targets 0..4: 0-0, 1-1, source 2 skipped, sources 3 + 4 merged into target 2,
    # 5-3, target 4 an addition
    al = Alignment((Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ()), Bead((3, 4), (2,)), Bead((5,), (3,)), Bead((), (4,))))
    # source 2 translated at target 4: sources 3, 4 (at target 2) and 5 (at 3) follow it in the
    # source but come before it in the target
    assert moved_past(al, 2, 4) == 3
    # at target 2 (beside the merged bead's target): nothing on the wrong side of it
    assert moved_past(al, 2, 2) == 0
    # at target 0: source 1 (at target 1) precedes it in the source and follows it in the target
    assert moved_past(al, 2, 0) == 1
    # source 5 at target 0: sources 1, 3, 4 precede it and are translated after target 0; the
    # skipped source 2 has no translation and does not count, nor source 0 (at target 0 itself)
    assert moved_past(al, 5, 0) == 3
