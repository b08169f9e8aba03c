"""The ``terminology`` check: term matching through Arabic clitics and spelling variants and
English endings, glossary parsing, and the check on hand-made pairs (expected by hand)."""

from __future__ import annotations

import pytest

from aligncheck.errors import ConfigError, InputError
from aligncheck.glossary import Term, load_glossary, parse_glossary
from aligncheck.checks.terminology import check_terminology
from aligncheck.terms import arabic_stems, find_term


@pytest.mark.parametrize("term, text, found", [
    ("وزارة الصحة", "وقالت وزارة الصحة اليوم", "وزارة الصحة"),
    ("وزارة الصحة", "بوزارة الصحّة", "بوزارة الصحة"),            # ب + shadda
    ("الصحة", "للصحة", "للصحة"),                                 # لل = ل + ال
    ("الصحة", "وللصحة", "وللصحة"),
    ("الصحة", "فبالصحة", "فبالصحة"),                             # ف + ب + ال
    ("الصحة", "كالصحة", "كالصحة"),
    ("صحة", "والصحة", "والصحة"),                                 # term without the article
    ("الإمارات", "والامارات", "والامارات"),                       # hamza on alef
    ("إعلان", "أعلان", "أعلان"),
    ("آثار", "الاثار", "الاثار"),
    ("مستشفى", "المستشفي", "المستشفي"),                          # alef maqsura / yaa
    ("الحكومة", "الحكومه", "الحكومه"),                           # taa marbuta / haa
    ("الحكومة", "الحكـــومة", "الحكومة"),                         # tatweel
    ("الحكومة", "الحُكُومَةُ", "الحكومة"),                         # diacritics
    ("الحكومة", "والحكومات", "والحكومات"),                       # sound plural
    ("الأمم المتحدة", "للأمم المتحدة", "للأمم المتحدة"),
    ("ministry", "the Ministries said", "Ministries"),
    ("ministry", "the Ministry’s plan", "Ministry’s"),
    ("health worker", "Health workers' union", "Health workers"),
    ("box", "two boxes", "boxes"),
    ("COVID-19", "covid-19 cases", "covid-19"),
])
def test_term_found(term, text, found):
    assert find_term(term, text) == found


@pytest.mark.parametrize("term, text", [
    ("news", "the new plan"),            # the text word is never cut
    ("الصحة", "الصحفي"),                 # another word
    ("وزارة الصحة", "وزارة الداخلية والصحة"),  # not consecutive
    ("ministry", "administry"),
    ("", "anything"),
])
def test_term_not_found(term, text):
    assert find_term(term, text) is None


def test_arabic_stems_take_off_clitic_combinations():
    assert {"سياره", "السياره"} <= arabic_stems("وبالسيارة")
    assert "سياره" in arabic_stems("فللسيارة")
    assert "كتاب" in arabic_stems("كتاب")  # the word itself stays


GLOSSARY = """ar,en,forbidden,dnt,note
وزارة الصحة,Ministry of Health,Health Ministry|Ministry of Wellness,,official name
الحجر الصحي,quarantine,isolation,,
واتساب,WhatsApp,,yes,brand
,,fake news,,
"""


def _g():
    return parse_glossary(GLOSSARY, path="g.csv", source_lang="ar", target_lang="en")


def test_glossary_parsed_with_language_columns():
    assert _g() == (
        Term("وزارة الصحة", ("Ministry of Health",), ("Health Ministry", "Ministry of Wellness"), False, "official name", 2),
        Term("الحجر الصحي", ("quarantine",), ("isolation",), False, "", 3),
        Term("واتساب", ("WhatsApp",), (), True, "brand", 4),
        Term("", (), ("fake news",), False, "", 5),
    )
    # read the other way round: Arabic targets, and the English 'forbidden' column ignored
    rev = parse_glossary(GLOSSARY, path="g.csv", source_lang="en", target_lang="ar")
    assert rev[0] == Term("Ministry of Health", ("وزارة الصحة",), (), False, "official name", 2)


def _msgs(ar, en, glossary=None):
    return [i.message for i in check_terminology(ar, en, glossary or _g())]


def test_required_translation_with_clitics_and_endings():
    assert _msgs("وقالت لوزارة الصحة إن...", "The Ministry of Health's statement said...") == []
    assert _msgs("وقالت لوزارة الصحة إن...", "The Ministry of Public Health said...") == [
        "glossary: «لوزارة الصحة» should be translated as «Ministry of Health» (official name)"]


def test_forbidden_translation_is_named_with_the_expected_one():
    assert _msgs("بيان وزارة الصحة", "A Health Ministry statement") == [
        "glossary: «وزارة الصحة» should be translated as «Ministry of Health» (official name)",
        "glossary: «Health Ministry» is a forbidden translation of «وزارة الصحة»; use «Ministry of Health» (official name)",
    ]
    assert _msgs("وفي الحجر الصحي", "in isolation and quarantine") == [
        "glossary: «isolation» is a forbidden translation of «الحجر الصحي»; use «quarantine»"]


def test_do_not_translate_and_forbidden_everywhere():
    assert _msgs("حمّل تطبيق واتساب", "Download the WhatsApp app") == []
    assert _msgs("حمّل تطبيق واتساب", "Download the messaging app") == [
        "«واتساب» is not to be translated: keep «واتساب» or «WhatsApp» in the translation (brand)"]
    dnt = parse_glossary("source,target,dnt\nZoom,,yes\n", path="g.csv", source_lang="ar", target_lang="en")
    assert [i.message for i in check_terminology("حمّلوا Zoom الآن", "Download Zoom now", dnt)] == []
    assert [i.message for i in check_terminology("حمّلوا Zoom الآن", "Download the app now", dnt)] == [
        "«Zoom» is not to be translated: keep «Zoom» in the translation"]
    assert _msgs("أخبار", "This is Fake News") == ["«Fake News» is a forbidden term"]


def test_header_less_tsv_and_bad_glossaries(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("مستشفى\thospital|clinic\tnote here\n# comment\n\n", encoding="utf-8")
    assert load_glossary(str(p), source_lang="ar", target_lang="en") == (
        Term("مستشفى", ("hospital", "clinic"), (), False, "note here", 1),)
    p.write_text("مستشفى\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g.tsv line 1: glossary entry 'مستشفى' has no translation"):
        load_glossary(str(p), source_lang="ar", target_lang="en")
    p.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="is not UTF-8"):
        load_glossary(str(p), source_lang="ar", target_lang="en")
    with pytest.raises(InputError, match="does not exist"):
        load_glossary(str(tmp_path / "none.csv"), source_lang="ar", target_lang="en")
    q = tmp_path / "h.csv"
    q.write_text("source,de\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="header needs source and target columns"):
        load_glossary(str(q), source_lang="ar", target_lang="en")


def test_check_through_the_pipeline_and_the_cli_switch(tmp_path):
    from aligncheck.checks import run_checks
    from aligncheck.config import Config
    from tests.fakes import one_bead_context

    g = tmp_path / "g.csv"
    g.write_text(GLOSSARY, encoding="utf-8")
    ctx = one_bead_context("قالت وزارة الصحة إن الوضع مستقر.", "The Health Ministry said the situation was stable.",
                           config=Config(glossary=str(g)))
    found = [(f.check, f.severity.value) for f in run_checks(ctx)]
    assert found.count(("terminology", "warning")) == 2
    ctx = one_bead_context("قالت وزارة الصحة إن الوضع مستقر.", "The Health Ministry said the situation was stable.",
                           config=Config(glossary=str(g), disable=("terminology",)))
    assert not any(f.check == "terminology" for f in run_checks(ctx))


def test_project_glossary_must_stay_inside_the_repository(tmp_path):
    from aligncheck.project import load_project

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    (repo / "aligncheck.toml").write_text('glossary = "terms.csv"\n', encoding="utf-8")
    assert load_project(repo / "aligncheck.toml").config().glossary == str(repo / "terms.csv")
    (tmp_path / "secret.csv").write_text("a,b\n", encoding="utf-8")
    for bad in ("../secret.csv", str(tmp_path / "secret.csv")):
        (repo / "aligncheck.toml").write_text(f'glossary = "{bad}"\n', encoding="utf-8")
        with pytest.raises(ConfigError, match="outside the repository root"):
            load_project(repo / "aligncheck.toml").config()
    (repo / "link.csv").symlink_to(tmp_path / "secret.csv")
    (repo / "aligncheck.toml").write_text('glossary = "link.csv"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="outside the repository root"):
        load_project(repo / "aligncheck.toml").config()


def test_a_source_cell_lists_broken_plurals():
    """Arabic broken plurals are not derived from the singular (أطفال is not a form of طفل that
    any clitic or ending rule reaches): the glossary lists them, each form its own entry."""
    # English irregular plurals are listed the same way (children is not child + s)
    g = parse_glossary("ar,en\nطفل|أطفال,child|children\nمريض|مرضى,patient\n", path="g.csv", source_lang="ar",
                       target_lang="en")
    assert g == (Term("طفل", ("child", "children"), line=2), Term("أطفال", ("child", "children"), line=2),
                 Term("مريض", ("patient",), line=3), Term("مرضى", ("patient",), line=3))
    assert _msgs("لعب الأطفال في الحديقة", "The children played in the park.", g) == []
    assert _msgs("لعب الأطفال في الحديقة", "The kids played in the park.", g) == [
        "glossary: «الأطفال» should be translated as «child» or «children»"]
    assert _msgs("زار المرضى", "He visited the sick.", g) == ["glossary: «المرضى» should be translated as «patient»"]
    # without the plural listed, the broken plural goes unseen (the reason for the form list)
    single = parse_glossary("ar,en\nطفل,child\n", path="g.csv", source_lang="ar", target_lang="en")
    assert _msgs("لعب الأطفال في الحديقة", "The kids played in the park.", single) == []
    # read the other way, the English column is the source; the Arabic forms are alternatives
    rev = parse_glossary("ar,en\nطفل|أطفال,child|children\n", path="g.csv", source_lang="en", target_lang="ar")
    assert rev == (Term("child", ("طفل", "أطفال"), line=2), Term("children", ("طفل", "أطفال"), line=2))
    assert [i.message for i in check_terminology("The children played.", "لعب الأطفال.", rev)] == []
