"""The ``placeholders`` check on hand-made English/Arabic pairs (expected findings written by
hand from the strings), and end to end on PO and XLIFF files with the fake encoder."""

from __future__ import annotations

import pytest

from aligncheck.config import Config
from aligncheck.formats import read_units
from aligncheck.pipeline import check_units
from aligncheck.codes import families_for_flags, find_placeholders
from aligncheck.checks.placeholders import check_placeholders
from tests.fakes import BagOfConceptsEncoder


def _levels(source, target, **kw):
    return [i.severity.value for i in check_placeholders(source, target, **kw)]


@pytest.mark.parametrize("source, target", [
    ("Hello %s, you have %d new files.", "مرحبا %s، لديك %d ملفات جديدة."),
    ("%(user)s left %(count)d comments", "ترك %(user)s عدد %(count)d تعليقات"),
    ("Page {0} of {1}", "الصفحة {1} من {0}"),                       # numbered braces may move
    ("Hi {name}!", "أهلا {name}!"),
    ("Hi {{user}}", "مرحبا {{ user }}"),                              # i18next: inner spaces ignored
    ("Click <b>here</b> and <i>there</i>.", "انقر <b>هنا</b> و<i>هناك</i>."),  # و glued to a tag
    ("Fish &amp; chips", "سمك &amp; بطاطا"),
    ("Run `git push` now.", "شغّل `git push` الآن."),
    ("See [the docs](https://x.org/a).", "انظر [الوثائق](https://x.org/a)."),
    ("Prices rose 50% in May.", "ارتفعت الأسعار ٥٠٪ في مايو."),      # a percent, not a code
    ("{count}% done", "تم {count}٪"),                                 # Arabic ٪ beside a code
    ("%d%% done", "تم ٪%d"),                                          # %% is a literal percent
    ("%s files", "٣%s ملفات"),                                        # Arabic-Indic digit before a code
    ("if a < b and c > d", "إذا كان أ < ب"),                          # not tags
    ("{count, plural, one {# file by {user}} other {# files by {user}}}",
     "{count, plural, zero {لا ملفات} one {ملف واحد من {user}} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}"),
    ("{gender, select, male {He replied} female {She replied} other {They replied}}",
     "{gender, select, male {ردّ} female {ردّت} other {ردّوا}}"),
])
def test_faithful_pairs_give_nothing(source, target):
    assert check_placeholders(source, target) == []


@pytest.mark.parametrize("source, target, expected", [
    ("Hello %s!", "مرحبا!", "missing from the translation: %s"),
    ("Hello!", "مرحبا %s!", "in the translation but not in the source: %s"),
    ("Hello {name}!", "مرحبا {الاسم}!", "{name} is changed to {الاسم}"),
    ("%1$s sent it", "أرسلها %١$s", "%1$s is changed to %١$s in the translation (Arabic-Indic"),
    ("%s files", "٪s ملفات", "%s is changed to ٪s"),
    ("Click <b>here</b>", "انقر هنا", "missing from the translation: <b> </b>"),
    ("Open <a href=\"/a\">it</a>", "افتح <a href=\"/b\">ه</a>", "<a href=\"/a\"> is changed to <a href=\"/b\">"),
    ("Fish &amp; chips", "سمك و بطاطا", "missing from the translation: &amp;"),
    ("See [docs](https://x.org/a).", "انظر [الوثائق](https://x.org/b).", "https://x.org/a is changed to https://x.org/b"),
    ("Run `make`", "شغّل make", "missing from the translation: `make`"),
    ("Hi {{user}}", "مرحبا {{المستخدم}}", "{{user}} is changed to {{المستخدم}}"),
])
def test_missing_extra_changed_are_errors(source, target, expected):
    issues = check_placeholders(source, target)
    assert [i.severity.value for i in issues] == ["error"]
    assert expected in issues[0].message


def test_sequential_printf_reordered_is_an_error_positional_a_warning():
    issues = check_placeholders("Hello %s, you have %d files", "مرحبا %d، لديك %s ملفات")
    assert [i.severity.value for i in issues] == ["error"]
    assert "(%s %d -> %d %s)" in issues[0].message
    issues = check_placeholders("%1$s sent %2$s", "أرسل %2$s إلى %1$s")
    assert [i.severity.value for i in issues] == ["warning"]
    assert "(%1$s %2$s -> %2$s %1$s)" in issues[0].message


def test_icu_plural_compared_by_argument_and_structure():
    src = "{count, plural, one {# file} other {# files}}"
    # translated keywords: not categories, and no 'other'
    issues = check_placeholders(src, "{count, plural, واحد {ملف} أخرى {# ملفات}}")
    assert [i.severity.value for i in issues] == ["error", "error"]
    assert "not plural categories: واحد, أخرى" in issues[0].message
    assert "no 'other' branch" in issues[1].message
    # the argument renamed
    issues = check_placeholders(src, "{n, plural, one {ملف} other {# ملفات}}")
    assert len(issues) == 1 and "{count, plural" in issues[0].message and "{n, plural" in issues[0].message
    # plural turned into select
    issues = check_placeholders(src, "{count, select, one {ملف} other {# ملفات}}")
    assert len(issues) == 1 and "changed" in issues[0].message
    # a select that lost a branch
    issues = check_placeholders("{g, select, male {He} female {She} other {They}}", "{g, select, male {هو} other {هم}}")
    assert [i.message for i in issues] == ["ICU select {g} lost the branch(es) female"]
    # a nested argument dropped from every branch
    issues = check_placeholders("{n, plural, one {# file by {user}} other {# files by {user}}}",
                                "{n, plural, one {ملف} other {# ملفات}}")
    assert len(issues) == 1 and "missing from the translation: {user}" in issues[0].message


def test_nested_icu_arguments_count_once():
    found = find_placeholders("{n, plural, one {{user}: # file} other {{user}: # files}}")
    assert [(p.kind, p.key) for p in found] == [("icu", "n,plural"), ("brace", "{user}")]


def test_po_flags_are_respected():
    assert families_for_flags(("c-format",)) == {"printf", "markup"}
    assert families_for_flags(("python-brace-format",)) == {"brace", "markup"}
    assert families_for_flags(("no-c-format",)) == {"brace", "markup"}
    assert families_for_flags(()) == {"printf", "brace", "markup"}
    # no-c-format: "%d" is text, its loss is no fault
    assert check_placeholders("%d files", "ملفات", flags=("no-c-format",)) == []
    assert _levels("%d files", "ملفات") == ["error"]
    # python-format: braces are text
    assert check_placeholders("%(n)s files {x}", "%(n)s ملفات", flags=("python-format",)) == []
    assert _levels("%(n)s files {x}", "%(n)s ملفات", flags=("python-brace-format",)) == ["error"]


def test_inline_codes_compared_as_a_multiset():
    assert check_placeholders("a", "ب", source_codes=("g#1", "x#2"), target_codes=("x#2", "g#1")) == []
    issues = check_placeholders("a", "ب", source_codes=("g#1", "x#2"), target_codes=("g#1",))
    assert [i.message for i in issues] == ["placeholder(s) missing from the translation: x#2"]


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#, c-format
msgid "%d files were deleted"
msgstr "حُذفت الملفات"

#, no-c-format
msgid "Save 20%d today"
msgstr "وفّر اليوم"

#, python-format
msgid "Hello %(name)s"
msgstr "مرحبا %(الاسم)s"

msgid "Open <b>settings</b>"
msgstr "افتح <b>الإعدادات</b>"
"""

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="ar" datatype="plaintext" original="x">
<body>
<trans-unit id="a"><source>Press <g id="1">Save</g> now<x id="2"/>.</source>
<target>اضغط <g id="1">حفظ</g> الآن<x id="2"/>.</target></trans-unit>
<trans-unit id="b"><source>Press <g id="1">Save</g> now<x id="2"/>.</source>
<target>اضغط حفظ الآن<x id="2"/>.</target></trans-unit>
</body></file></xliff>
"""


def _units(tmp_path, name, text, fmt):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return check_units(read_units(str(p), fmt=fmt, source_lang="en", target_lang="ar"),
                       config=Config(source_lang="en", target_lang="ar"), encoder=BagOfConceptsEncoder())


def test_po_end_to_end_by_unit(tmp_path):
    result = _units(tmp_path, "m.po", PO, "po")
    found = [(f.severity.value, f.message) for f in result.findings if f.check == "placeholders"]
    assert found == [
        ("error", "unit %d files were deleted: placeholder(s) missing from the translation: %d"),
        ("error", "unit Hello %(name)s: placeholder %(name)s is changed to %(الاسم)s in the translation"),
    ]


def test_xliff_inline_codes_end_to_end(tmp_path):
    result = _units(tmp_path, "m.xlf", XLIFF, "xliff")
    found = [(f.src, f.message) for f in result.findings if f.check == "placeholders"]
    assert found == [((1,), "unit b: placeholder(s) missing from the translation: g#1")]


def test_disable_and_severity_switches(tmp_path):
    p = tmp_path / "m.po"
    p.write_text(PO, encoding="utf-8")
    uf = read_units(str(p), fmt="po", source_lang="en", target_lang="ar")
    off = check_units(uf, config=Config(source_lang="en", target_lang="ar", disable=("placeholders",)),
                      encoder=BagOfConceptsEncoder())
    assert not any(f.check == "placeholders" for f in off.findings)
    warn = check_units(uf, config=Config(source_lang="en", target_lang="ar", severity={"placeholders": "warning"}),
                       encoder=BagOfConceptsEncoder())
    assert {f.severity.value for f in warn.findings if f.check == "placeholders"} == {"warning"}


def test_a_tag_for_another_of_the_same_form_is_a_warning():
    issues = check_placeholders("<i>Note</i>", "<b>ملاحظة</b>")
    assert [(i.severity.value, i.message) for i in issues] == [
        ("warning", "placeholder <i> is changed to <b> in the translation"),
        ("warning", "placeholder </i> is changed to </b> in the translation"),
    ]
    # a closing tag turned into an opening one breaks the markup
    assert [i.severity.value for i in check_placeholders("<b>x</b>", "<b>س<b>")] == ["error"]


def test_document_switches_entities_tags_links():
    assert check_placeholders("S&amp;P", "ستاندرد آند بورز", entities=False) == []
    assert check_placeholders("<i>x</i>", "س", tags=False) == []
    assert check_placeholders("[a](https://x.org)", "أ", links=False) == []


def test_a_plural_form_may_spell_its_count():
    issues = check_placeholders("%d files", "ملفان", plural_form=True)
    assert [(i.severity.value, i.message) for i in issues] == [
        ("warning", "count placeholder(s) missing from this plural form: %d (fine if the form spells the number)")]
    assert [i.severity.value for i in check_placeholders("%d files", "ملفان")] == ["error"]
    # only the count: a missing name is still an error
    assert [i.severity.value for i in check_placeholders("%s has %d files", "لدى المستخدم ملفان", plural_form=True)] == [
        "warning", "error"]


PO_PLURAL = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "لا ملفات"
msgstr[1] "ملف واحد"
msgstr[2] "ملفان"
msgstr[3] "%d ملفات"
msgstr[4] "%d ملفًا"
msgstr[5] "%d ملف"
"""


def test_po_plural_forms_end_to_end(tmp_path):
    result = _units(tmp_path, "p.po", PO_PLURAL, "po")
    found = [(f.severity.value, f.src) for f in result.findings if f.check == "placeholders"]
    assert found == [("warning", (0,)), ("warning", (1,)), ("warning", (2,))]


def test_mask_codes_keeps_the_words_of_icu_branches():
    from aligncheck.codes import mask_codes

    assert mask_codes("{count, plural, one {# ملف} other {# ملفات}}") == "# ملف # ملفات"
    assert mask_codes("مرحبا {{user}}، لديك %d رسائل <b>جديدة</b>") == "مرحبا ، لديك رسائل جديدة"
    assert mask_codes("no codes, here") == "no codes, here"


PO_SAME_FORMS = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#, c-format
msgid "%d folder was moved to the archive."
msgid_plural "%d folders were moved to the archive."
msgstr[0] "تم نقل %d مجلد إلى الأرشيف."
msgstr[1] "تم نقل %d مجلد إلى الأرشيف."
msgstr[2] "تم نقل %d مجلد إلى الأرشيف."
msgstr[3] "تم نقل %d مجلدات إلى الأرشيف."
msgstr[4] "تم نقل %d مجلدًا إلى الأرشيف."
msgstr[5] "تم نقل %d مجلد إلى الأرشيف."

msgid "The archive is full."
msgstr "تم نقل %d مجلد إلى الأرشيف."
"""


def test_plural_forms_written_alike_are_not_duplicates(tmp_path):
    result = _units(tmp_path, "p.po", PO_SAME_FORMS, "po")
    dups = [f.tgt for f in result.findings if f.check == "duplicate"]
    assert dups == [(6,)]   # only the unrelated entry that repeats a plural form


def test_an_arabic_icu_message_is_not_untranslated():
    from aligncheck.checks import check_untranslated
    from tests.fakes import one_bead_context

    ctx = one_bead_context("{count, plural, one {# file} other {# files}}",
                           "{count, plural, one {ملف واحد} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}",
                           langs=("en", "ar"))
    assert check_untranslated(ctx) == []
    ctx = one_bead_context("{count, plural, one {# file} other {# files}}",
                           "{count, plural, one {# file} other {# files} many {# files}}", langs=("en", "ar"))
    assert [f.check for f in check_untranslated(ctx)] == ["untranslated"]


def test_hostile_inputs_stay_linear_and_are_reported_in_full():
    """Runs of unclosed braces, tags, links and thousands of codes: each of these took quadratic
    time in a first version (minutes at this size); the results are checked, not the time."""
    from aligncheck.codes import mask_codes

    n = 20_000
    assert find_placeholders("{" * n) == []
    assert find_placeholders("{{" * n) == []
    assert find_placeholders("<a " + " " * n) == []
    assert find_placeholders("](" * n) == []
    assert mask_codes("{n, plural, one {" * 50 + "x" + "}}" * 50) != ""      # nesting beyond the cap
    issues = check_placeholders("%s " * n, "%d " * n)
    assert [i.message for i in issues] == (
        ["placeholder %s is changed to %d in the translation"] * 10
        + [f"and {n - 10} more placeholders changed in the translation"])
    issues = check_placeholders("{a} " * n, "")
    assert issues[0].message.endswith(f"{{a}} {{a}} (and {n - 10} more)")
