"""Numbers compared by value across scripts (hand-made Arabic/English pairs)."""

from __future__ import annotations

import pytest

from aligncheck.checks import check_numbers
from aligncheck.numbers import find_numbers, number_words, same_value
from tests.fakes import finding_summaries, one_bead_context


@pytest.mark.parametrize(
    "text, values",
    [
        ("١٬٢٠٠ و٣٫٧٥ و٢٥٪ عام ٢٠٢٣", [1200, 3.75, 25, 2023]),
        ("It costs 1,200 and 3.75 or 25% in 2023.", [1200, 3.75, 25, 2023]),
        ("۱۲۳ و۴۵", [123, 45]),  # Persian digits
        ("أكثر من 30،000 شخص", [30000]),  # Arabic comma grouping thousands
        ("1.200.000 people and US$1,234.56", [1200000, 1234.56]),
        ("from 2020-2022, -5 degrees (-3) and 40%-50%", [2020, 2022, -5, -3, 40, 50]),
        ("في 23 و24 يناير", [23, 24]),
        ("3.5bn, the 1990s, 21st, COVID-19", [3.5, 1990, 21, 19]),
    ],
)
def test_find_numbers_reads_values_whatever_the_script(text, values):
    assert [n.value for n in find_numbers(text)] == values


def test_find_numbers_marks_decades_and_codes():
    nums = {n.text: n for n in find_numbers("the 1980s, R0, Table1, الجدول2 و24")}
    assert nums["1980"].decade and not nums["1980"].glued
    assert nums["0"].glued and nums["1"].glued and nums["2"].glued
    assert not nums["24"].glued  # a one-letter Arabic prefix is not a word


def test_number_words_in_both_languages():
    assert {3.0, 20.0, 23.0} <= number_words("twenty three people, three")
    assert {10.0, 4.0} <= number_words("من العاشرة صباحًا حتى الرابعة مساءً")
    assert {3.0, 10.0, 13.0} <= number_words("ثلاثة عشر شخصا")
    assert 2.0 in number_words("مليوني دولار")


@pytest.mark.parametrize("a, b, same", [(820, 820000, True), (3.5, 3.5e9, True), (12, 13, False), (2, -2, False), (0, 0, True)])
def test_same_value_up_to_a_scale_word(a, b, same):
    assert same_value(a, b) is same


def _check(ar: str, en: str):
    return finding_summaries(check_numbers(one_bead_context(ar, en)))


@pytest.mark.parametrize(
    "ar, en",
    [
        ("ارتفعت الأسعار بنسبة ٢٥٪ منذ عام ٢٠٢٣ لتبلغ ١٬٢٠٠ دينار.", "Prices have risen by 25% since 2023 to 1,200 dinars."),
        ("حضر ثلاثة وزراء الاجتماع.", "3 ministers attended the meeting."),  # word against digit
        ("يتأثر أكثر من 820 ألف شخص.", "More than 820,000 people are affected."),  # scale word
        ("اتصل على الرقم 116123 مجانا.", "Call free on 116 123."),  # grouped digits
        ("غادروا في ثلاثينيات القرن العشرين.", "They left in the 1930s."),  # decade spelled out
        ("تفتح من العاشرة صباحًا.", "It opens at 10 a.m."),  # ordinal hour
        ("الوقت المثالي هو 5:30 مساءً يوم السبت", "The perfect time is 5.30pm on a Saturday"),  # a time
        ("وقع الحادث في تمام الساعة 2:30", "It happened at 02:30 BST"),
        ("الحرب التي استمرت من 1950 وحتى 1953", "the 1950-53 Korean War"),  # abbreviated year range
        ("الخلايا من النوع 1 والنوع 2", "type-I and type-II cells"),  # Roman numerals
        ("في الحرب العالمية الثانية", "in World War II"),
        ("حتى التعادل بهدفين مع فياريال", "until the 2-2 draw with Villarreal"),  # Arabic dual: no number word
        ("أمضى عامين في السجن.", "He spent 2 years in prison."),
    ],
)
def test_numbers_that_agree_are_not_flagged(ar, en):
    assert _check(ar, en) == []


def test_a_changed_number_is_an_error_quoting_both():
    assert _check("وقعت 1197 حالة في العام الماضي.", "There were 1,127 cases last year.") == [
        ("numbers", "error", "Arabic 1197 is 1,127 in the English")
    ]


def test_the_message_quotes_numbers_as_written():
    """Arabic-Indic digits, separators and the percent sign are shown as the text has them."""
    assert _check("ارتفعت الأسعار بنسبة ٢٥٪ في ٢٠٢٣.", "Prices rose by 26% in 2023.") == [
        ("numbers", "error", "Arabic ٢٥٪ is 26% in the English")
    ]
    assert _check("بلغ العدد ١٬٢٠٠ شخص.", "The number reached 1,300 people.") == [
        ("numbers", "error", "Arabic ١٬٢٠٠ is 1,300 in the English")
    ]


def test_a_missing_number_is_an_error():
    assert _check("بلغت الخسائر ٣٫٥ مليار دولار في ٢٠٢٢.", "Losses reached billions of dollars in 2022.") == [
        ("numbers", "error", "Arabic number ٣٫٥ missing in the English")
    ]


def test_a_mismatched_bead_is_not_also_a_numbers_finding():
    assert check_numbers(one_bead_context("وقعت 1197 حالة.", "Bananas cost 5 dollars.", margin=0.05)) == []


def test_find_numbers_reads_times_and_year_ranges():
    assert [n.value for n in find_numbers("at 5:30 and 17:05")] == [5.3, 17.05]
    assert [n.value for n in find_numbers("1950-53 and 2019–20")] == [1950, 1953, 2019, 2020]
    assert [n.value for n in find_numbers("1999-05")] == [1999, 5]  # not a later year: left alone
    assert [n.value for n in find_numbers("12:30:45")] == [12, 30, 45]  # not an H:MM time


def test_number_words_read_roman_numerals_but_not_the_pronoun():
    assert number_words("type-I and type-II, XIV") == {1.0, 2.0, 14.0}
    assert number_words("I think so") == set()


def test_a_changed_time_or_range_end_is_still_an_error():
    assert _check("الموعد في 5:30 مساءً", "The meeting is at 6.30pm") == [
        ("numbers", "error", "Arabic 5:30 is 6.30 in the English")
    ]
    assert _check("الحرب التي استمرت من 1950 وحتى 1953", "the 1950-55 war") == [
        ("numbers", "error", "Arabic 1953 is 1955 in the English")
    ]


def test_a_two_in_the_arabic_still_needs_its_counterpart():
    # the dual needs no digit in Arabic, but an Arabic digit 2 must still be in the English
    assert _check("فاز الفريق 2-1.", "The team won 3-1.") == [("numbers", "error", "Arabic 2 is 3 in the English")]


@pytest.mark.parametrize(
    "ar, en",
    [
        ("الذكرى السنوية الاربعون للمهرجان", "the festival's 40th anniversary"),  # ordinal without hamza
        ("إجبار الكونغرس على تمرير الميزانيات الاثناشر", "forcing Congress to pass the 12 spending bills"),  # spoken 12
        ("تمرير الميزانيات الاثني عشر بصورة فردية", "pass all 12 bills individually"),  # اثني عشر
        ("أخدت أكتر من 20 سنة", "It has taken more than two decades"),  # "decades" scales "two"
        ("نصف السكان صوتوا", "50 percent of the population voted"),  # a percentage as "half"
        ("ربع الميزانية", "25% of the budget"),
        ("بلغ الطول 220 قدمًا وثلثي القدم", "It reached 220 2/3 feet"),  # a simple fraction in digits
        ("شاهدت الموسم الأول إلى الثالت", "I watched seasons 1-3"),  # spoken ordinal ثالت / تالت
        ("ده الجزء التالت", "This is part 3"),
    ],
)
def test_number_words_and_fractions_of_faithful_translations_are_not_flagged(ar, en):
    assert _check(ar, en) == []


def test_real_slips_next_to_number_words_are_still_flagged():
    # "300 ألف" is 300,000, not 30,000: a real slip in a reference translation
    assert _check("شارك 300 ألف شخص في المسيرة.", "30,000 people joined the march.") == [
        ("numbers", "error", "Arabic 300 is 30,000 in the English")
    ]
    assert _check("نصف السكان صوتوا", "40 percent of the population voted") == [
        ("numbers", "error", "English number 40 not in the Arabic")
    ]
    assert [n.fraction for n in find_numbers("220 2/3, 12/05/2020 and 5/3")] == [False, True, True, False, False, False, False, False]
