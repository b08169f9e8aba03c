"""duplicate: the same target sentence twice where the source says it once."""

from __future__ import annotations

from aligncheck.checks import run_checks
from aligncheck.config import Config
from tests.fakes import lines_context

AR = [
    "افتتح الوزير المعرض الدولي للكتاب صباح اليوم.",
    "يشارك في المعرض أكثر من مئة دار نشر.",
    "ويستمر المعرض عشرة أيام.",
]
EN = [
    "The minister opened the international book fair this morning.",
    "More than a hundred publishers are taking part.",
    "The fair runs for ten days.",
]


def _summary(ctx):
    return [(f.check, f.severity.value, f.src, f.tgt) for f in run_checks(ctx) if f.severity.value != "info"]


def test_a_repeated_sentence_aligned_to_nothing_is_one_duplicate_not_an_addition():
    en = [EN[0], EN[1], EN[1], EN[2]]
    ctx = lines_context(AR, en, [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))])
    assert _summary(ctx) == [("duplicate", "error", (), (2,))]
    [f] = [f for f in run_checks(ctx) if f.check == "duplicate"]
    assert f.message == "English sentence at line 3 is the same as line 2; the Arabic says it once"


def test_a_repeat_inside_a_one_to_two_bead_is_a_duplicate():
    en = [EN[0], EN[0], EN[1], EN[2]]
    ctx = lines_context(AR, en, [((0,), (0, 1)), ((1,), (2,)), ((2,), (3,))])
    assert _summary(ctx) == [("duplicate", "error", (), (1,))]


def test_the_same_text_twice_in_the_source_may_be_repeated():
    ar = [AR[0], AR[1], AR[0]]
    en = [EN[0], EN[1], EN[0].replace("this morning", "this  morning!")]  # same up to spacing/punctuation
    ctx = lines_context(ar, en, [((0,), (0,)), ((1,), (1,)), ((2,), (2,))])
    assert _summary(ctx) == []


def test_short_repeated_lines_are_not_duplicates():
    ar = ["ملخص", AR[0], "ملخص", AR[1]]
    en = ["Summary", EN[0], "Summary", EN[1]]
    # the second "Summary" is aligned to nothing on purpose: too short to call a duplicate
    ctx = lines_context(ar, en, [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3,))])
    assert [f[0] for f in _summary(ctx)] == ["omission", "addition"]


def test_duplicate_can_be_turned_off():
    en = [EN[0], EN[1], EN[1], EN[2]]
    ctx = lines_context(AR, en, [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))],
                        config=Config(disable=("duplicate",)))
    assert _summary(ctx) == [("addition", "error", (), (2,))]


def test_when_the_first_copy_is_the_one_left_without_source_it_is_the_duplicate():
    en = [EN[0], EN[1], EN[1], EN[2]]
    ctx = lines_context(AR, en, [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))])
    assert _summary(ctx) == [("duplicate", "error", (), (1,))]
    [f] = [f for f in run_checks(ctx) if f.check == "duplicate"]
    assert f.message == "English sentence at line 2 is the same as line 3; the Arabic says it once"


def test_a_copy_aligned_to_another_source_sentence_is_a_duplicate_not_a_mismatch():
    # EN[1] written twice, the second time in place of the translation of AR[2]
    en = [EN[0], EN[1], EN[1]]
    ctx = lines_context(AR, en, [((0,), (0,)), ((1,), (1,)), ((2,), (2,))], margins=[0.5, 0.5, 0.05])
    assert _summary(ctx) == [("duplicate", "error", (2,), (2,))]


def test_a_short_line_repeated_only_in_the_target_is_an_addition_not_a_duplicate():
    # "Read more" (8 letters) written twice where the Arabic has it once: below
    # MIN_DUPLICATE_CHARS (12), a repeated short heading is not called a duplicate
    ar = [AR[0], "اقرأ المزيد", AR[1]]
    en = [EN[0], "Read more", "Read more", EN[1]]
    ctx = lines_context(ar, en, [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))])
    assert _summary(ctx) == [("addition", "error", (), (2,))]
