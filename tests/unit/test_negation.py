"""negation: one side negated, the other without any sign of negation."""

from __future__ import annotations

import pytest

from aligncheck.checks import check_negation, run_checks
from aligncheck.config import Config
from tests.fakes import finding_summaries, one_bead_context


def _check(ar: str, en: str):
    return finding_summaries(check_negation(one_bead_context(ar, en)))


def test_a_negation_dropped_from_the_translation_is_an_info_note_quoting_it():
    assert _check("لم يحضر الوزير الاجتماع.", "The minister attended the meeting.") == [
        ("negation", "info", "the Arabic is negated («لم»), the English is not")
    ]


def test_a_negation_added_in_the_translation_is_noted():
    assert _check("حضر الوزير الاجتماع.", "The minister did not attend the meeting.") == [
        ("negation", "info", "the English is negated («not»), the Arabic is not")
    ]
    assert _check("سيحضر الوزير.", "The minister won't attend.") == [
        ("negation", "info", "the English is negated («n't»), the Arabic is not")
    ]


@pytest.mark.parametrize(
    "ar, en",
    [
        ("لم يحضر الوزير الاجتماع.", "The minister did not attend the meeting."),
        ("لن يسافر الوفد غدا.", "The delegation will never travel tomorrow."),
        ("لا يزال الوزير في القاهرة.", "The minister is still in Cairo."),  # لا يزال = still
        ("لم يتمكن الفريق من الفوز.", "The team was unable to win."),  # negation as a word
        ("هذا الإجراء غير قانوني.", "This measure is illegal."),  # غير = un-/il-: not a clear negator
        ("ليس لديه أي فكرة.", "He has no idea."),
        ("الرقم 5 صحيح.", "No. 5 is right."),  # "No." is not a negation
    ],
)
def test_matching_or_unclear_negation_is_not_noted(ar, en):
    assert _check(ar, en) == []


def test_negation_can_be_raised_to_a_warning():
    ctx = one_bead_context("لم يحضر الوزير الاجتماع.", "The minister attended the meeting.",
                           config=Config(severity={"negation": "warning"}))
    assert [(f.check, f.severity.value) for f in run_checks(ctx)] == [("negation", "warning")]


@pytest.mark.parametrize(
    "ar, en",
    [
        ("تاريخ الإصابة بالحمى (نعم/لا)", "History of fever (Y/N)"),  # yes/no, not a negation
        ("لمدة لا تقل عن 15 ثانية", "for a minimum of 15 seconds"),  # لا يقل عن: at least
        ("لا أعاني إلا من بعض الصداع", "I just have some headaches"),  # لا ... إلا: only
        ("فلا بأس بذلك.", "That's okay."),  # no harm: fine
        ("الحجر الصحي لمَن ثبتت إصابتهم", "quarantine of those who tested positive"),  # لمَن: for whom
        ("نظرًا لتعذر القضاء على المخاطر", "Where the hazards cannot be eliminated"),  # تعذر: impossible
        ("أعيد إلى لندن ولم شمله مع صديقه.", "He was whisked back to London and reunited with his friend."),  # لمّ الشمل: reunite
        ("انتقلت العدوى من شخص لم تظهر عليه الأعراض.", "transmission from an asymptomatic individual"),
        ("أداة تاريخية لا تُعوض.", "an irreplaceable historical instrument."),
    ],
)
def test_idioms_that_look_negated_are_not_noted(ar, en):
    assert _check(ar, en) == []


@pytest.mark.parametrize(
    "ar, en",
    [
        # ordinary words that merely begin like a negative prefix no longer hide a dropped negation
        ("لن تحصل الأسر منخفضة الدخل على الدعم.", "Low-income families will get the support."),
        ("لم يحضر الوزير الاجتماع الدولي.", "The minister attended the international meeting."),
        ("لم تناقش اللجنة الميزانية.", "The committee discussed the budget."),
        ("لا تنطبق الضريبة المفروضة.", "The imposing tax applies."),
        ("لم يفهم الطلاب الدرس.", "The students understood the lesson."),
        ("لن تزيد الحكومة الضرائب.", "The government will increase taxes."),
    ],
)
def test_words_that_only_look_negative_do_not_hide_a_dropped_negation(ar, en):
    found = _check(ar, en)
    assert [(c, s) for c, s, _ in found] == [("negation", "info")], found


@pytest.mark.parametrize("word, negative", [
    ("unable", True), ("unlikely", True), ("non-essential", True), ("nonprofit", True), ("illegal", True),
    ("impossible", True), ("disagree", True), ("homeless", True), ("unprecedented", True), ("Unknown's", True),
    ("income", False), ("international", False), ("imposing", False), ("discuss", False), ("under", False),
    ("understood", False), ("united", False), ("university", False), ("unless", False), ("nevertheless", False),
    ("increase", False), ("important", False), ("none", False), ("unit", False),
])
def test_english_negative_lexicon(word, negative):
    from aligncheck.negation_lexicon import negative_word

    assert negative_word(word) is negative
