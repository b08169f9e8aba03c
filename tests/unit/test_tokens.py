"""The tokens check: links, addresses, hashtags and Latin names must survive translation."""

from __future__ import annotations

import pytest

from aligncheck.checks import check_tokens
from tests.fakes import finding_summaries, one_bead_context


def _check(ar: str, en: str):
    return finding_summaries(check_tokens(one_bead_context(ar, en)))


@pytest.mark.parametrize(
    "ar, en",
    [
        ("زوروا الموقع https://example.org/news/ لمزيد من المعلومات.", "Visit https://example.org/news for more."),
        ("راسلونا على info@example.org أو تابعوا #الصحة_للجميع", "Write to info@example.org or follow #الصحة_للجميع"),
        ("استخدم الأمر git push لرفع التغييرات إلى GitHub.", "Use the git push command to upload your changes to GitHub."),
        ("ظهر في فيلم JohnnyEnglish الأخير.", "He appeared in the latest Johnny English film."),
        ("الفئات العمرية &gt;5 أعوام", "Age groups over 5 years"),  # an HTML entity is not a name
    ],
)
def test_tokens_present_on_both_sides_are_not_flagged(ar, en):
    assert _check(ar, en) == []


def test_a_dropped_link_and_product_name_are_a_warning_naming_them():
    assert _check(
        "حمّلوا تطبيق Zoom من https://zoom.us اليوم.",
        "Download the app today.",
    ) == [("tokens", "warning", "https://zoom.us, zoom missing in the English")]


def test_a_link_only_in_the_translation_is_a_warning():
    assert _check("اقرأ التقرير كاملا.", "Read the full report at www.example.com.") == [
        ("tokens", "warning", "www.example.com not in the Arabic")
    ]


def test_accented_latin_names_are_read_whole():
    # "Köln" was read as "K" + "ln": "ln missing" although the English has Köln
    assert _check("حسب تقدير مؤسسة الأبحاث IW Köln، الإضراب مكلف.", "The strike is costly, reckons IW Köln.") == []
    assert _check("حسب تقدير مؤسسة الأبحاث IW Köln، الإضراب مكلف.", "The strike is costly, reckons IW.") == [
        ("tokens", "warning", "köln missing in the English")
    ]
