"""The re-split (aligncheck.resplit): a sentence the segmenter could not split off (no final
punctuation) is split from its neighbour when the other side does not express it, so it is
reported (fake bag-of-concepts encoder: a joined text embeds as the sum of its words)."""

from __future__ import annotations

import pytest

from aligncheck import resplit as R
from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.pipeline import check_documents, signature
from tests.fakes import make_parallel

SENTENCES = Config()  # the default: sentences mode, re-split on
OFF = Config(resplit_gain=2)


def paragraph_docs(ar, en):
    """One paragraph a side (sentences mode, as users write articles)."""
    return (make_document(" ".join(ar) + "\n", path="ar.txt", lang="ar", check=False),
            make_document(" ".join(en) + "\n", path="en.txt", lang="en", role="target", check=False))


def summary(result):
    return [(f.check, f.src, f.tgt) for f in result.findings if f.severity.value != "info"]


# a headline from elsewhere, without final punctuation (words no Arabic sentence holds)
HEADLINE = "Zq1 zq2 zq3 zq4 zq5 zq6 zq7"


# ------------------------------------------------------------------ candidate cuts


@pytest.mark.parametrize("text, cuts", [
    ("one two three four Five six seven eight", [19]),            # a capital after a plain word
    ("one two three four: Five six seven eight", [20]),           # a colon does not close the sentence
    ('one two three four "Five six seven eight', [19]),           # an opening quote before the capital
    ("one two three four, Five six seven eight", []),             # a comma ends a clause, not a sentence
    ("one two three four. Five six seven eight", []),             # the segmenter saw this one
    ("one two three four five six seven eight", []),              # no capital in a cased script
    ("One Two three four Five six seven", []),                    # fewer than 4 words on one side
    ("they met two envoys from Russia in May", []),               # a name after a preposition
    ("one two three the United States four five", []),            # ... or an article
    ("ا ب ت ث ج ح خ د", [8]),                                     # no case in Arabic: any plain boundary
    ("ا ب ت ث، ج ح خ د", []),
])
def test_candidate_cuts(text, cuts):
    assert R.candidate_cuts(text, min_words=4) == cuts
    for c in cuts:  # each cut is the start of a word
        assert text[c - 1] == " " and text[c] != " "


def test_split_document_keeps_offsets_lines_and_paragraphs():
    text = "First line.\nzz one two three four Five six seven eight\nLast one here."
    doc = make_document(text, path="en.txt", lang="en", role="target", check=False)
    assert [s.text for s in doc.segments] == ["First line.", "zz one two three four Five six seven eight",
                                              "Last one here."]
    cut = doc.segments[1].text.index("Five")
    out = R.split_document(doc, {1: cut})
    assert [s.text for s in out.segments] == ["First line.", "zz one two three four", "Five six seven eight",
                                              "Last one here."]
    assert [s.index for s in out.segments] == [0, 1, 2, 3]
    assert [s.paragraph for s in out.segments] == [0, 1, 1, 2]
    assert [s.line for s in out.segments] == [1, 2, 2, 3]
    assert all(out.text[s.start:s.end] == s.text for s in out.segments)
    with pytest.raises(ValueError):
        R.split_document(doc, {1: 0})


def test_chosen_cuts_take_the_best_cut_at_or_above_the_gain():
    cuts = [R.Cut(1, 4, 10, 0, 0.045, 2.0), R.Cut(1, 4, 20, 1, 0.06, 2.0), R.Cut(1, 7, 5, 0, 0.039, 2.0),
            R.Cut(0, 2, 8, 1, 0.05, 2.0)]
    assert R.chosen_cuts(cuts, R.ResplitParams(gain=0.04)) == ({2: 8}, {4: 20})
    assert R.chosen_cuts(cuts, R.ResplitParams(gain=0.07)) == ({}, {})


def test_the_length_ratio_is_the_documents_own_median_or_the_prior():
    beads = [((k,), (k,)) for k in range(5)]
    assert R.length_ratio(beads, [20, 30, 40, 50, 60], [40, 60, 80, 100, 120], ("ar", "en")) == 2.0
    assert R.length_ratio(beads[:4], [20] * 4, [40] * 4, ("ar", "en")) == 1.1  # too few pairs: the prior
    assert R.length_ratio(beads[:4], [20] * 4, [40] * 4, ("de", "fr")) == 1.0


# ------------------------------------------------------------------ through the pipeline


def test_an_inserted_headline_glued_to_the_next_sentence_is_one_addition():
    # the inserted headline has no final punctuation: the segmenter glues it to English sentence 2,
    # and the pair (Arabic 2, headline + English 2) still matches: without the re-split nothing is
    # reported; with it the headline is a segment of its own and an addition
    ar, en, enc = make_parallel(5, seed=3)
    src, tgt = paragraph_docs(ar, en[:2] + [HEADLINE + " " + en[2]] + en[3:])
    assert len(tgt.segments) == 5
    assert summary(check_documents(src, tgt, config=OFF, encoder=enc)) == []
    result = check_documents(src, tgt, config=SENTENCES, encoder=enc)
    assert summary(result) == [("addition", (), (2,))]
    assert [s.text for s in result.target.segments][2:4] == [HEADLINE, en[2]]
    assert [(b.src, b.tgt) for b in result.alignment.beads] == [((0,), (0,)), ((1,), (1,)), ((), (2,)),
                                                                ((2,), (3,)), ((3,), (4,)), ((4,), (5,))]


def test_a_replacing_headline_glued_to_the_next_sentence_is_one_mismatch():
    # English sentence 2 replaced by a headline without punctuation: Arabic 2 is skipped and the
    # headline hides in the next segment; split off, it pairs with Arabic 2: one mismatch (seven
    # sentences: the document measures its own length ratio from five 1-1 pairs or more)
    ar, en, enc = make_parallel(7, seed=3)
    src, tgt = paragraph_docs(ar, en[:2] + [HEADLINE + " " + en[3]] + en[4:])
    assert summary(check_documents(src, tgt, config=OFF, encoder=enc)) == [("omission", (2,), ())]
    result = check_documents(src, tgt, config=SENTENCES, encoder=enc)
    assert summary(result) == [("mismatch", (2,), (2,))]
    assert result.target.segments[2].text == HEADLINE


def test_a_faithful_paragraph_is_not_split():
    # a target sentence with a capitalised word inside it is a candidate, but every part is
    # expressed by its source: nothing is split, nothing reported
    ar, en, enc = make_parallel(5, seed=3)
    words = en[2].split()
    en2 = list(en)
    en2[2] = " ".join(words[:4] + [words[4].capitalize()] + words[5:])
    assert R.candidate_cuts(en2[2]) != []
    src, tgt = paragraph_docs(ar, en2)
    result = check_documents(src, tgt, config=SENTENCES, encoder=enc)
    assert summary(result) == []
    assert [s.text for s in result.target.segments] == en2


def test_the_re_split_is_off_in_lines_mode_and_named_in_the_signature():
    assert "|resplit:1.25,0.04|" in signature(SENTENCES, "fake")
    assert "|resplit:off|" in signature(OFF, "fake")
    assert "|resplit:off|" in signature(Config(segmentation="lines"), "fake")
