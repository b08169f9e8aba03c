"""The ``punctuation``, ``spacing`` and ``repetition`` checks on hand-made Arabic/English pairs
(the expected findings written by hand from the strings)."""

from __future__ import annotations

import pytest

from aligncheck.checks import run_checks
from aligncheck.checks.punctuation import check_punctuation, end_class
from aligncheck.checks.spacing import check_repetition, check_spacing, repeated_words
from tests.fakes import one_bead_context


@pytest.mark.parametrize("text, cls", [
    ("Why?", "?"), ("لماذا؟", "?"), ("حقا؟!", "?!"), ("Really!?", "?!"), ("قال «لماذا؟»", "?"),
    ('He asked: "Why?"', "?"), ("انتهى.", "."), ("تابع...", "…"), ("الاسم:", ":"), ("عنوان", ""),
    ("أولا؛", ";"), ("ثم،", ","),
])
def test_end_class(text, cls):
    assert end_class(text) == cls


def _msgs(source, target, src="en", tgt="ar", units=False):
    return [i.message for i in check_punctuation(source, target, source_lang=src, target_lang=tgt, units=units)]


@pytest.mark.parametrize("source, target, src, tgt", [
    ("Why did he leave?", "لماذا غادر؟", "en", "ar"),           # ؟ is ?
    ("Really?!", "حقا؟!", "en", "ar"),
    ("Stop!", "توقف؟!", "en", "ar"),                             # ؟! is a fine answer to !
    ("هل غادر؟", "Did he leave?", "ar", "en"),
    ("قال «نعم».", "He said “yes.”", "ar", "en"),                 # « » against “ ”
    ("وصل ١٬٢٠٠ شخص", "1,200 people came", "ar", "en"),
    ("Over 1,200 people came.", "وصل أكثر من 1,200 شخص.", "en", "ar"),   # , between digits
    ("Trump wins", "فوز ترامب.", "en", "ar"),                     # headline: documents ignore the full stop
    ("He said \"no\" (twice).", "قال \"لا\" (مرتين).", "en", "ar"),
])
def test_faithful_punctuation(source, target, src, tgt):
    assert _msgs(source, target, src, tgt) == []


def test_question_and_other_marks_on_one_side():
    assert _msgs("Why did he leave?", "لماذا غادر.") == ["the source ends with a question mark, the translation with a full stop"]
    assert _msgs("هل غادر؟", "He left.", "ar", "en") == ["the source ends with a question mark, the translation with a full stop"]
    assert _msgs("Name:", "الاسم") == ["the source ends with a colon, the translation with no end punctuation"]
    assert _msgs("Stop!", "توقف.") == ["the source ends with an exclamation mark, the translation with a full stop"]
    # a full stop on one side only: units only
    assert _msgs("Saved.", "تم الحفظ") == []
    assert _msgs("Saved.", "تم الحفظ", units=True) == ["the source ends with a full stop, the translation with no end punctuation"]


def test_unpaired_brackets_and_quotes():
    assert _msgs("He said (yes).", "قال (نعم.") == ["unpaired ( ) in the translation (paired in the source)"]
    assert _msgs("قال «نعم».", "He said “yes.", "ar", "en") == ["unpaired “ ” in the translation (paired in the source)"]
    assert _msgs('He said "yes".', 'قال "نعم.') == ['unpaired " in the translation (paired in the source)']
    assert _msgs("a) first", "أ) أولا") == []  # unpaired in the source too


def test_wrong_script_punctuation():
    assert _msgs("OK, why?", "حسنا، لماذا?") == ["Latin punctuation in Arabic text: ? (use ؟)"]
    assert _msgs("First, second; third", "أولا, ثانيا; ثالثا") == ["Latin punctuation in Arabic text: , (use ،) ; (use ؛)"]
    assert _msgs("هل غادر؟", "Did he leave؟", "ar", "en") == ["Arabic punctuation ؟ in the en translation"]
    assert _msgs("Use the iPhone, iPad?", "استخدم iPhone, iPad؟") == []  # , between Latin words


def test_spacing():
    assert [i.message for i in check_spacing("Save the file", "حفظ  الملف")] == ["doubled space in the translation"]
    assert check_spacing("Save  the file", "حفظ  الملف") == []
    assert [i.message for i in check_spacing("Save", "حفظ", target_edges=(" ", ""))] == [
        "the translation starts with a space, the source does not"]
    assert check_spacing("Save", "حفظ", source_edges=("", " "), target_edges=("", " ")) == []


@pytest.mark.parametrize("text, words", [
    ("ذهب في في الصباح", ["في"]),
    ("He saw the the car", ["the"]),
    ("The The car", ["The"]),
    ("تحسّن الوضع شيئاً فشيئاً", []),
    ("تقدموا رويداً رويداً", []),
    ("فتشوا المنازل بيتاً بيتاً", []),
    ("He said that that was wrong and he had had enough", []),
    ("في في", ["في"]),
    ("مـن مِن هنا", ["من"]),       # tatweel and diacritics ignored (the normalised word shown)
    ("Rooms 10 10", []),
])
def test_repeated_words(text, words):
    assert repeated_words(text) == words


def test_repetition_the_source_repeats_too():
    assert [i.severity.value for i in check_repetition("He went", "ذهب ذهب")] == ["warning"]
    assert check_repetition("very very good", "جيد جدا جدا") == []
    assert check_repetition("no no no", "لا لا لا") == []


def test_document_wiring_and_switches():
    ctx = one_bead_context("لماذا غادر الوزير؟", "Why did the the minister leave.")
    found = {(f.check, f.severity.value) for f in run_checks(ctx)}
    # in documents these translator-QA findings are notes (their document_severity in the registry); an override raises them
    assert ("punctuation", "info") in found and ("repetition", "info") in found
    from aligncheck.config import Config
    ctx = one_bead_context("لماذا غادر الوزير؟", "Why did the the minister leave.",
                           config=Config(severity={"punctuation": "warning"}))
    found = {(f.check, f.severity.value) for f in run_checks(ctx)}
    assert ("punctuation", "warning") in found and ("repetition", "info") in found
    from aligncheck.config import Config
    ctx = one_bead_context("لماذا غادر الوزير؟", "Why did the the minister leave.",
                           config=Config(disable=("punctuation",), severity={"repetition": "error"}))
    found = {(f.check, f.severity.value) for f in run_checks(ctx)}
    assert ("repetition", "error") in found and not any(c == "punctuation" for c, _ in found)


def test_a_mismatched_unit_gets_no_punctuation_finding_but_keeps_its_placeholder_error(tmp_path):
    """A target replaced by another text is a ``mismatch``; its end punctuation would be noise,
    its lost code still breaks the program (the TICO integration case found the noise)."""
    from aligncheck.config import Config
    from aligncheck.formats import read_units
    from aligncheck.pipeline import check_units
    from tests.fakes import make_parallel

    ar, en, enc = make_parallel(12, seed=5)
    ar[4] = "%s " + ar[4]                                   # ends with a full stop
    en[4] = "entirely different words about football"       # no code, no full stop
    rows = "\n".join(f"{k},{a},{e}" for k, (a, e) in enumerate(zip(ar, en), 1))
    p = tmp_path / "t.csv"
    p.write_text("id,ar,en\n" + rows + "\n", encoding="utf-8")
    result = check_units(read_units(str(p), fmt="csv", source_lang="ar", target_lang="en"), config=Config(), encoder=enc)
    on_unit = sorted({f.check for f in result.findings if f.src == (4,)})
    assert on_unit == ["mismatch", "placeholders"]
