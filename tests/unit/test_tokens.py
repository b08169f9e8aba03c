"""The tokens check: links, addresses, hashtags and Latin names must survive translation."""

from __future__ import annotations

import pytest

from aligncheck.checks import CheckContext, check_tokens
from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.types import Alignment, Bead


def _check(ar: str, en: str):
    src = make_document(ar + "\n", path="ar.txt", lang="ar", mode="lines", check=False)
    tgt = make_document(en + "\n", path="en.txt", lang="en", mode="lines", role="target", check=False)
    ctx = CheckContext(src, tgt, Alignment((Bead((0,), (0,), score=0.9, margin=0.5),)), Config())
    return [(f.check, f.severity.value, f.message.split(": ", 1)[1]) for f in check_tokens(ctx)]


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
