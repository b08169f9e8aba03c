"""The ``names`` check (issue #16): a person or place replaced by another across Arabic and
English. Hand-made pairs that must and must not be flagged; skeletons checked against
romanisations written down by hand."""

from __future__ import annotations

import pytest

from aligncheck.checks import CHECKS, run_checks
from aligncheck.checks.names import check_names, place_substitutions
from aligncheck.config import Config
from aligncheck.propernames import arabic_skeleton, english_skeleton, places, similar
from tests.fakes import lines_context, one_bead_context


@pytest.mark.parametrize("arabic, english", [
    ("محمد", "Muhammad"), ("محمد", "Mohamed"), ("محمد", "Mohammed"), ("السيسي", "El-Sisi"),
    ("السيسي", "Al-Sisi"), ("جمال", "Gamal"), ("جمال", "Jamal"), ("يوسف", "Youssef"), ("يوسف", "Yusuf"),
    ("عبدالله", "Abdullah"), ("فاطمة", "Fatima"), ("فاطمة", "Fatimah"), ("خالد", "Khaled"), ("خالد", "Khalid"),
    ("حسين", "Hussein"), ("حسين", "Husain"), ("أحمد", "Ahmed"), ("أحمد", "Ahmad"), ("عثمان", "Othman"),
    ("القذافي", "Gaddafi"), ("القذافي", "Qaddafi"), ("ترامب", "Trump"), ("بايدن", "Biden"), ("جونسون", "Johnson"),
    ("ماكرون", "Macron"), ("زيلينسكي", "Zelensky"), ("شاهين", "Chahine"), ("لندن", "London"), ("باريس", "Paris"),
])
def test_usual_romanisations_are_one_name(arabic, english):
    assert similar(arabic_skeleton(arabic), english_skeleton(english)), (arabic_skeleton(arabic), english_skeleton(english))


@pytest.mark.parametrize("arabic, english", [
    ("بايدن", "Putin"), ("محمد", "Ahmed"), ("ترامب", "Obama"), ("القاهرة", "Alexandria"), ("جونسون", "Macron"),
    ("خالد", "Hassan"), ("يوسف", "Ibrahim"),
])
def test_different_names_are_not_similar(arabic, english):
    assert not similar(arabic_skeleton(arabic), english_skeleton(english))


def test_skeletons_by_hand():
    assert english_skeleton("Muhammad") == english_skeleton("Mohamed") == arabic_skeleton("محمد") == "mhmd"
    assert english_skeleton("El-Sisi") == english_skeleton("Sisi's") == arabic_skeleton("السيسي")
    assert arabic_skeleton("الإسكندرية") == "skndr"  # article, alef, final taa marbuta off


def test_gazetteer_knows_the_usual_places_in_both_scripts():
    g = places()
    cairo = [g.places[e] for e in g.by_english["Cairo"]]
    assert any("القاهرة" in p.arabic and p.kind == "city" for p in cairo)
    assert any("الإسكندرية" in g.places[e].arabic for e in g.by_english["Alexandria"])
    assert any(g.places[e].kind == "country" for e in g.by_english["Egypt"])


@pytest.mark.parametrize("arabic, english, expected", [
    ("وصل الوزير إلى الإسكندرية.", "The minister arrived in Cairo.", [("Cairo", "الإسكندرية")]),
    # clitics: و, ب, ل attached to the Arabic name
    ("وصل الوزير وبالإسكندرية عقد اجتماعا.", "The minister arrived and held a meeting in Cairo.",
     [("Cairo", "وبالإسكندرية")]),
    ("سافر للرياض أمس.", "He travelled to Jeddah yesterday.", [("Jeddah", "للرياض")]),
    # countries
    ("زار الرئيس فرنسا.", "The president visited Germany.", [("Germany", "فرنسا")]),
    # English as the side with the right name: the same pair read the other way
])
def test_place_substituted_is_flagged(arabic, english, expected):
    assert place_substitutions(arabic, english) == expected


@pytest.mark.parametrize("arabic, english", [
    ("وصل الوزير إلى القاهرة.", "The minister arrived in Cairo."),
    ("وصل الوزير وبالقاهرة عقد اجتماعا.", "The minister arrived and held a meeting in Cairo."),
    ("سافر للرياض أمس.", "He travelled to Riyadh yesterday."),
    ("سافر إلى الاسكندرية.", "He went to Alexandria."),  # hamza dropped
    # a city and a country: different kinds, not a substitution
    ("وصل إلى مصر.", "He arrived in Cairo."),
    # the Arabic names a place the English leaves out, nothing replaced
    ("وصل إلى القاهرة من الإسكندرية.", "He arrived in Cairo."),
    # a place that is part of an organisation's name
    ("قالت جامعة الإسكندرية.", "Cairo University said."),
    # Kuwait is the country and the city: the Arabic name is explained by the English one
    ("زار الكويت والرياض.", "He visited Kuwait and Riyadh."),
    ("في الكويت.", "In Kuwait City."),
])
def test_faithful_places_are_not_flagged(arabic, english):
    assert place_substitutions(arabic, english) == []


def test_check_flags_both_directions_in_documents_and_units():
    ar, en = "وصل الوزير إلى الإسكندرية.", "The minister arrived in Cairo."
    found = check_names(one_bead_context(ar, en))
    assert [f.severity.value for f in found] == ["warning"] and "«Cairo»" in found[0].message
    assert "«الإسكندرية»" in found[0].message
    # English as the source, Arabic the target
    rev = check_names(one_bead_context(en, ar, langs=("en", "ar")))
    assert len(rev) == 1 and rev[0].src == (0,) and rev[0].tgt == (0,)
    # through run_checks: a warning in documents (no document_severity)
    assert ("names", "warning") in {(f.check, f.severity.value) for f in run_checks(one_bead_context(ar, en))}
    assert CHECKS["names"].default_severity("documents") == "warning"
    # other language pairs: nothing
    assert check_names(one_bead_context(ar, en, langs=("fa", "en"))) == []
    # switched off
    assert not any(f.check == "names" for f in run_checks(one_bead_context(ar, en, config=Config(disable=("names",)))))


def _doc(pairs):
    ar, en = [a for a, _ in pairs], [e for _, e in pairs]
    return lines_context(ar, en, [((k,), (k,)) for k in range(len(pairs))])


_BIDEN = [
    ("قال الرئيس الأمريكي جو بايدن إن الاتفاق مهم.", "US President Joe Biden said the deal was important."),
    ("وأضاف بايدن أن المحادثات ستستمر.", "Biden added that talks would continue."),
    ("ووصف الاتفاق بأنه تاريخي.", "He described the agreement as historic."),
]


def test_person_substituted_is_flagged_with_the_documents_evidence():
    doc = _BIDEN + [("ورحب بايدن بالخطوة.", "Then Putin welcomed the move.")]
    found = check_names(_doc(doc))
    assert [f.tgt for f in found] == [(3,)]
    assert "«Putin»" in found[0].message and "«بايدن»" in found[0].message and "Biden" in found[0].message


@pytest.mark.parametrize("arabic, english", [
    ("ورحب بايدن بالخطوة.", "Then Biden welcomed the move."),  # the same name
    ("ورحب بايدن بالخطوة.", "Then he welcomed the move."),  # a pronoun: nothing replaced
    ("ورحب الرئيس بالخطوة.", "Then Biden welcomed the move."),  # a title for the name
    ("ورحب بايدن ووزارة الخارجية بالخطوة.", "Then Biden and the State Department welcomed the move."),
    ("ورحب محمد بن سلمان بالخطوة.", "Then Mohammed bin Salman welcomed the move."),  # spelling variants
])
def test_faithful_names_in_a_document_are_not_flagged(arabic, english):
    assert check_names(_doc(_BIDEN + [(arabic, english)])) == []


def test_a_name_without_evidence_on_the_other_side_is_not_flagged():
    # one sentence alone: no other sentence shows which Arabic word is a name
    assert check_names(one_bead_context("ورحب بايدن بالخطوة.", "Then Putin welcomed the move.")) == []
    # the Arabic word is in the document without the name too (a common word, not a name)
    doc = _BIDEN + [("ورحب بايدن بالخطوة.", "Then Putin welcomed the move."), ("بايدن", "The end.")]
    assert check_names(_doc(doc)) == []


def test_translation_units_english_source_arabic_target():
    """Units (pairs given, not aligned): the other units are the evidence, English as the source."""
    import dataclasses

    pairs = _BIDEN + [("ورحب بايدن بالخطوة.", "Then Putin welcomed the move."),
                      ("غادر الوزير إلى الإسكندرية.", "The minister left for Cairo.")]
    en, ar = [e for _, e in pairs], [a for a, _ in pairs]
    ctx = dataclasses.replace(lines_context(en, ar, [((k,), (k,)) for k in range(len(pairs))], langs=("en", "ar")),
                              documents=False)
    found = check_names(ctx)
    assert [(f.src, f.tgt) for f in found] == [((3,), (3,)), ((4,), (4,))]
    assert "«Cairo»" in found[1].message and "«الإسكندرية»" in found[1].message
    # a mismatched unit (below the margin) is the mismatch check's, not this one's
    ctx = dataclasses.replace(lines_context(en, ar, [((k,), (k,)) for k in range(len(pairs))], langs=("en", "ar"),
                                            margins=[0.5, 0.5, 0.5, 0.5, 0.0]), documents=False)
    assert [f.tgt for f in check_names(ctx)] == [(3,)]


def test_gazetteer_file_is_well_formed_and_its_sources_noted():
    import re
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "aligncheck" / "data"
    lines = (data / "places.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and len(lines) > 2000
    for line in lines[1:]:
        kind, en, ar = line.split("\t")
        assert kind in ("city", "country"), line
        assert all(re.fullmatch(r"[\u0621-\u064a\u064b-\u0652 ]+", a) for a in ar.split("|")), line
        assert en and all(n.strip() == n for n in en.split("|")), line
    source = (data / "places.SOURCE.md").read_text(encoding="utf-8")
    assert "GeoNames" in source and "CC BY 4.0" in source and "CLDR" in source
