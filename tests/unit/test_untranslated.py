"""The untranslated check: text left in the source language, or copied from the source."""

from __future__ import annotations

import pytest

from aligncheck.checks import check_untranslated, match_key
from tests.fakes import finding_summaries, one_bead_context


def _check(src: str, tgt: str, langs=("ar", "en")):
    return finding_summaries(check_untranslated(one_bead_context(src, tgt, langs=langs)))


LEFT_IN_ARABIC = [("untranslated", "error", "it seems to be untranslated")]


@pytest.mark.parametrize(
    "ar, en",
    [
        # the Arabic sentence pasted into the English file
        ("أعلنت الوزارة عن خطة جديدة للنقل العام.", "أعلنت الوزارة عن خطة جديدة للنقل العام."),
        # the same copy with tatweel, diacritics and an RLM: still the source
        ("أعلنت الوزارة عن خطة جديدة.", "أعلـــنت الوَزارة عن خطة \u200fجديدة."),
        # mostly Arabic with a few English words
        ("قال الوزير إن الخطة ستبدأ قريبا.", "قال الوزير إن الخطة ستبدأ soon."),
    ],
)
def test_text_left_in_arabic_is_an_error(ar, en):
    assert _check(ar, en) == LEFT_IN_ARABIC


@pytest.mark.parametrize(
    "ar, en",
    [
        # a quoted Arabic phrase inside an English sentence (longer than the English around it)
        ("قال «الحمد لله على السلامة يا أخي العزيز» مرتين.", 'He said "الحمد لله على السلامة يا أخي العزيز" twice.'),
        # an Arabic gloss in parentheses after a transliteration
        ("يبدأ عيد الأضحى المبارك غدا.", "Eid (عيد الأضحى المبارك) begins."),
        # a URL, a product name and a code written the same in both
        ("https://example.org/report-2024", "https://example.org/report-2024"),
        ("iPhone 15 Pro Max", "iPhone 15 Pro Max"),
        ("ISO 8601", "ISO 8601"),
        # numbers only
        ("٢٠٢٤ – ٢٠٢٥", "2024 – 2025"),
        # a faithful translation
        ("أعلنت الوزارة عن خطة جديدة.", "The ministry announced a new plan."),
    ],
)
def test_quoted_arabic_names_codes_and_urls_are_not_untranslated(ar, en):
    assert _check(ar, en) == []


def test_a_copied_sentence_between_languages_of_one_script_is_untranslated():
    de = "Die Regierung hat am Montag einen neuen Plan vorgestellt."
    assert _check(de, de, langs=("de", "fr")) == [
        ("untranslated", "error", "it seems to be untranslated")
    ]
    # case and punctuation do not hide the copy
    assert _check(de, de.upper().replace(".", " !"), langs=("de", "fr")) == [
        ("untranslated", "error", "it seems to be untranslated")
    ]


def test_a_name_the_same_in_two_languages_of_one_script_is_not_untranslated():
    assert _check("Angela Merkel", "Angela Merkel", langs=("de", "fr")) == []
    assert _check("Siehe https://example.org/a/b", "Siehe https://example.org/a/b", langs=("de", "fr")) == []


def test_match_key_ignores_case_marks_punctuation_and_digit_forms():
    assert match_key("Hello, World! 2024") == match_key("hello world ٢٠٢٤")
    assert match_key("أعلـــنت الوَزارة.") == match_key("أعلنت الوزارة")
    assert match_key("abc") != match_key("abd")
