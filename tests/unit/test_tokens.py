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


def test_an_accent_dropped_from_a_name_is_not_a_missing_token():
    # WMT24++ speech: the Arabic writes the programme "Scannal", the English "Scannál"
    assert _check("السلسلة مستوحاة من برنامج Scannal الأيرلندي.", "It's inspired by a programme called Scannál.") == []
    assert _check("السلسلة مستوحاة من برنامج Scannal الأيرلندي.", "It's inspired by a programme called Scandal.") == [
        ("tokens", "warning", "scannal missing in the English")
    ]


def test_hashtags_translated_one_for_one_are_not_lost():
    assert _check("#الأكاديمية #علم #حياة_الباحث #typefully", "#academia #science #phdlife #typefully") == []
    # shadda inside an Arabic hashtag is part of it (#صلّح_حاجتك_بنفسك was cut at the mark)
    assert _check("#صلّح_حاجتك_بنفسك #تجديد_البيت", "#DIY #HomeRenovation") == []


def test_hashtags_changed_or_dropped_are_still_flagged():
    # a Latin hashtag changed (a typo in the translation) is not a translation
    assert _check("#TeaganAir #PA29", "#TeaganAir #PA28") == [
        ("tokens", "warning", "#pa29 missing in the English; #pa28 not in the Arabic")
    ]
    # one Arabic hashtag more than the English has: not one for one
    assert _check("#علم #حياة_الباحث", "#science") == [
        ("tokens", "warning", "#حياة_الباحث, #علم missing in the English; #science not in the Arabic")
    ]
