"""bench.qa_checks: the variant builders and the one-pair runner, on hand-made pairs."""

from __future__ import annotations

from aligncheck.config import Config
from bench.qa_checks import _loose_arabic, _replace_term, context, pair_flagged, run


def test_replace_term_replaces_every_occurrence_with_the_ending():
    assert _replace_term("Patients and patient's rights", "patient", "sick person") == "sick person and sick person rights"
    assert _replace_term("two vaccines, one vaccine", "vaccine", "jab") == "two jabs, one jab"


def test_loose_arabic_search_takes_clitics_and_suffixes_but_not_the_nisba():
    assert _loose_arabic("الحكومة", "قالت لحكومتنا")
    assert _loose_arabic("الحكومة", "الحكومات")
    assert not _loose_arabic("الحكومة", "المنح الحكومية")
    assert not _loose_arabic("الحكومة", "قال الوزير")


def test_context_is_gold_one_to_one_and_pair_flagged_sees_one_check():
    ctx = context(["أ.", "ب؟"], ["A.", "B?"], "ar", "en", Config())
    assert [(b.src, b.tgt) for b in ctx.alignment.beads] == [((0,), (0,)), ((1,), (1,))]
    assert run(ctx, "punctuation") == []
    assert pair_flagged("لماذا؟", "Why.", "punctuation", "ar", "en", Config())
    assert not pair_flagged("لماذا؟", "Why?", "punctuation", "ar", "en", Config())
    assert pair_flagged("مرحبا %s", "Hello", "placeholders", "ar", "en", Config(), "error")
