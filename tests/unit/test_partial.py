"""partial_omission: a target that leaves out a clause of its source; and the clause splitter."""

from __future__ import annotations

import pytest

from aligncheck.checks import PRIOR_LENGTH_RATIO, check_partial_omission, length_ratio
from aligncheck.clauses import split_clauses
from tests.fakes import lines_context, make_vocabulary, pair_under_test_context, vocab_sentence


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("قال الوزير إن الحكومة ستبدأ العمل غدا، وأضاف أن الخطة تشمل ثلاث مراحل.",
         ["قال الوزير إن الحكومة ستبدأ العمل غدا،", "وأضاف أن الخطة تشمل ثلاث مراحل."]),
        # و at the start of an ordinary word (وزير, وقت) is no boundary
        ("وصل وزير الخارجية في وقت متأخر من مساء أمس إلى العاصمة.",
         ["وصل وزير الخارجية في وقت متأخر من مساء أمس إلى العاصمة."]),
        # a short aside between commas is merged into its neighbour
        ("عقد الاجتماع في دبي، أمس، بحضور الوزراء والسفراء.",
         ["عقد الاجتماع في دبي، أمس،", "بحضور الوزراء والسفراء."]),
        ("انتهت المباراة بالتعادل؛ في حين تأجلت المباراة الأخرى إلى الأسبوع المقبل.",
         ["انتهت المباراة بالتعادل؛", "في حين تأجلت المباراة الأخرى إلى الأسبوع المقبل."]),
        ("The minister said the work would begin tomorrow and added that the plan has three stages.",
         ["The minister said the work would begin tomorrow", "and added that the plan has three stages."]),
        ("", []),
    ],
)
def test_split_clauses(text, clauses):
    assert split_clauses(text) == clauses


VOCAB = make_vocabulary(200, seed=3)


def _sentence(words, lang: int, end: str = ".") -> str:
    return vocab_sentence(VOCAB, words, lang, end)


def _document(special_src: str, special_tgt: str):
    """Six faithful 1-1 pairs, then the pair under test (bead 6)."""
    return pair_under_test_context(VOCAB, special_src, special_tgt)


CLAUSE_A = range(0, 6)
CLAUSE_B = range(6, 12)
TWO_CLAUSES = _sentence(CLAUSE_A, 0, end="،") + " " + _sentence(CLAUSE_B, 0)


def test_a_dropped_second_clause_is_a_warning_that_quotes_it():
    ctx = _document(TWO_CLAUSES, _sentence(CLAUSE_A, 1))
    findings = check_partial_omission(ctx)
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in findings] == [("partial_omission", "warning", (6,), (6,))]
    assert findings[0].message.endswith(f"«{_sentence(CLAUSE_B, 0)}»")


def test_a_dropped_first_clause_is_named():
    ctx = _document(TWO_CLAUSES, _sentence(CLAUSE_B, 1))
    findings = check_partial_omission(ctx)
    assert len(findings) == 1
    assert findings[0].message.endswith(f"«{_sentence(CLAUSE_A, 0, end='،')}»")


def test_a_full_translation_is_not_flagged():
    assert check_partial_omission(_document(TWO_CLAUSES, _sentence(range(12), 1))) == []


def test_a_short_translation_that_covers_every_clause_is_not_flagged():
    # half the words of each clause: as short as a truncation, but nothing is left out whole
    condensed = _sentence([0, 1, 2, 6, 7, 8], 1)
    assert check_partial_omission(_document(TWO_CLAUSES, condensed)) == []


def test_a_short_source_is_not_judged():
    short = _sentence(range(0, 3), 0, end="،") + " " + _sentence(range(3, 6), 0)  # 6 words < 8
    assert check_partial_omission(_document(short, _sentence(range(0, 3), 1))) == []


def test_a_mismatched_pair_is_left_to_the_mismatch_check():
    ctx = _document(TWO_CLAUSES, _sentence(CLAUSE_A, 1))
    from dataclasses import replace

    beads = list(ctx.alignment.beads)
    beads[6] = replace(beads[6], margin=0.05)
    ctx = replace(ctx, alignment=replace(ctx.alignment, beads=tuple(beads)))
    assert check_partial_omission(ctx) == []


def test_without_an_encoder_the_check_is_off():
    ctx = _document(TWO_CLAUSES, _sentence(CLAUSE_A, 1))
    from dataclasses import replace

    assert check_partial_omission(replace(ctx, encode=None)) == []


def test_length_ratio_is_the_documents_own_median():
    src = ["ا" * 20] * 5 + ["ب" * 40]
    tgt = ["e" * 30] * 5 + ["f" * 20]
    ctx = lines_context(src, tgt, [((k,), (k,)) for k in range(6)])
    assert length_ratio(ctx) == 1.5  # 30/20 five times, 20/40 once


def test_length_ratio_falls_back_to_the_language_pairs_prior():
    ctx = lines_context(["ا" * 20] * 2, ["e" * 30] * 2, [((0,), (0,)), ((1,), (1,))])
    assert length_ratio(ctx) == PRIOR_LENGTH_RATIO[("ar", "en")] == 1.1
    ctx = lines_context(["Guten Tag allerseits"] * 2, ["Bonjour à tous"] * 2, [((0,), (0,)), ((1,), (1,))], langs=("de", "fr"))
    assert length_ratio(ctx) == 1.0


def test_drop_ranges_are_single_clauses_and_runs_from_either_end():
    from aligncheck.checks.partial import _drop_ranges

    assert _drop_ranges(1) == []
    assert _drop_ranges(2) == [(0, 1), (1, 2)]
    assert _drop_ranges(3) == [(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)]
    assert len(_drop_ranges(4)) == 4 + 2 + 2  # singles, plus two longer heads and two longer tails


def test_a_translation_cut_short_after_the_first_of_three_clauses_quotes_the_whole_tail():
    c1, c2, c3 = range(0, 5), range(5, 10), range(10, 15)
    src = _sentence(c1, 0, end="،") + " " + _sentence(c2, 0, end="،") + " " + _sentence(c3, 0)
    findings = check_partial_omission(_document(src, _sentence(c1, 1)))
    assert len(findings) == 1
    assert findings[0].message.endswith(f"«{_sentence(c2, 0, end='،')} {_sentence(c3, 0)}»")
