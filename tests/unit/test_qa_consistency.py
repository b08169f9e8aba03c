"""The ``consistency`` check on hand-made unit lists (expected findings written by hand)."""

from __future__ import annotations

from aligncheck.config import Config
from aligncheck.formats import read_units
from aligncheck.pipeline import check_units
from aligncheck.checks.consistency import check_consistency, message_base
from tests.fakes import BagOfConceptsEncoder


def _found(pairs):
    return [(k, first, i.message) for k, first, i in check_consistency(pairs)]


def test_same_source_translated_differently():
    pairs = [("Save the file", "حفظ الملف", "a"), ("Open", "فتح", "b"), ("Save the file", "احفظ الملف", "c")]
    assert _found(pairs) == [(2, 0, "the same source is translated differently: «احفظ الملف» here, «حفظ الملف» before")]


def test_variants_that_are_the_same_translation():
    pairs = [("Save the file", "حفظ الملف.", "a"), ("save the file!", "حِفظ المِلف", "b"),
             ("Open the archive", "فتح الأرشيف", "c"), ("Open the archive", "فتح الارشيف", "d")]
    assert _found(pairs) == []


def test_different_sources_same_translation():
    pairs = [("Delete the file", "احذف الملف", "a"), ("Remove the file", "احذف الملف", "b")]
    assert _found(pairs) == [(1, 0, "different sources have the same translation «احذف الملف»: «Remove the file» here, «Delete the file» before")]


def test_short_strings_plural_forms_and_placeholders_left_alone():
    assert _found([("Open", "فتح", "a"), ("Open", "افتح", "b")]) == []                      # too short
    assert _found([("%d file", "%d ملف", "m[0]"), ("%d files", "%d ملف", "m[1]")]) == []   # one message
    assert _found([("{n} files", "{n} ملفات", "f_few"), ("{n} files", "{n} ملفًا", "f_many")]) == []
    assert _found([("%d file deleted", "حُذف %d ملف", "x"), ("%d files deleted", "حُذف %d ملف", "y")]) == []
    assert message_base("files_few") == "files" and message_base("msg[3]") == "msg" and message_base(None) is None


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Save the file"
msgstr "حفظ الملف"

msgctxt "toolbar"
msgid "Save the file"
msgstr "احفظ الملف"
"""


def test_po_end_to_end(tmp_path):
    p = tmp_path / "m.po"
    p.write_text(PO, encoding="utf-8")
    uf = read_units(str(p), fmt="po", source_lang="en", target_lang="ar")
    result = check_units(uf, config=Config(source_lang="en", target_lang="ar"), encoder=BagOfConceptsEncoder())
    assert [(f.check, f.severity.value, f.src) for f in result.findings if f.check == "consistency"] == [
        ("consistency", "warning", (1,))]


def test_across_files_pure():
    from aligncheck.checks.consistency import check_consistency_across

    files = [
        [("Save the file", "حفظ الملف", None), ("Open the archive", "فتح الأرشيف", None)],
        [("Save the file", "احفظ الملف", None), ("Open the archive", "فتح الارشيف", None)],
        [("Store the file", "حفظ الملف", None), ("Save the file", "احفظ الملف", None)],
    ]
    found = [(f, k, ef, ek, i.message) for f, k, ef, ek, i in check_consistency_across(files)]
    assert found == [
        (1, 0, 0, 0, "the same source is translated differently in another file: «احفظ الملف» here, «حفظ الملف» there"),
        (2, 0, 0, 0, "different sources have the same translation «حفظ الملف» in another file: «Store the file» here, "
                     "«Save the file» there"),
        (2, 1, 0, 0, "the same source is translated differently in another file: «احفظ الملف» here, «حفظ الملف» there"),
    ]


def test_ci_pairs_compared_with_each_other(tmp_path, monkeypatch):
    from aligncheck.project.ci import Selection, check_pairs, select_pairs
    from aligncheck.project import load_project
    from tests.fakes import make_parallel

    ar, en, enc = make_parallel(6, seed=60)
    en_b = list(en)
    words = en_b[3].split()
    words[1] = "zzword"   # one word translated otherwise in the second file
    en_b[3] = " ".join(words)
    for name, lines in (("a", en), ("b", en_b)):
        for lang, text in (("ar", ar), ("en", lines)):
            p = tmp_path / lang / f"{name}.txt"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text("\n".join(text) + "\n", encoding="utf-8")
    (tmp_path / "aligncheck.toml").write_text(
        'segmentation = "lines"\n[[pairs]]\nsource = "ar/*.txt"\ntarget = "en/{relpath}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    project = load_project()
    results = check_pairs(project, Selection(select_pairs(project, None).pairs),
                          config_for=lambda pair: project.config(for_paths=(pair.source, pair.target)),
                          encoder_for=lambda cfg: enc)
    assert [[(f.check, f.severity.value, f.src) for f in r.findings] for r in results] == [
        [], [("consistency", "warning", (3,))]]
    assert results[1].findings[0].message.endswith("(ar/a.txt line 4)")
