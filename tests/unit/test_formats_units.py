"""Unit-aligned formats: TMX, XLIFF 1.2 / 2.0, PO, JSON / YAML catalogs, CSV / TSV.

Each reader is fed a small hand-made file; the expected ids, texts and 1-based lines are read
off the file by eye.
"""

from __future__ import annotations

import pytest

from aligncheck.errors import ConfigError, InputError
from aligncheck.formats import read_units
from aligncheck.formats.units import units_to_documents
from aligncheck.types import Unit


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/>
<body>
<tu tuid="t1">
  <tuv xml:lang="en"><seg>The clinic has <bpt i="1">&lt;b&gt;</bpt>120<ept i="1">&lt;/b&gt;</ept> beds.</seg></tuv>
  <tuv xml:lang="fr-FR"><seg>La clinique a 120 lits.</seg></tuv>
  <tuv xml:lang="ar-SA"><seg>في العيادة <hi>120</hi> سريرًا.</seg></tuv>
</tu>
<tu>
  <tuv xml:lang="en"><seg>Wash your hands.</seg></tuv>
  <tuv xml:lang="ar-SA"><seg></seg></tuv>
</tu>
<tu tuid="t3">
  <tuv xml:lang="en"><seg>Stay home.</seg></tuv>
</tu>
</body>
</tmx>
"""


def test_tmx_picks_the_pair_and_strips_native_codes(tmp_path):
    path = _write(tmp_path, "a.tmx", TMX)
    uf = read_units(path, fmt="tmx", source_lang="ar", target_lang="en")
    assert uf.units == (
        Unit("t1", "في العيادة 120 سريرًا.", "The clinic has 120 beds.", 8, 6),
        Unit("2", "", "Wash your hands.", 12, 11),
        Unit("t3", None, "Stay home.", None, 15),
    )
    assert uf.notes == (f"{path} holds en, fr-FR, ar-SA: checked ar-SA -> en",)
    uf_fr = read_units(path, fmt="tmx", source_lang="fr", target_lang="en")
    assert [u.source for u in uf_fr.units] == ["La clinique a 120 lits.", None, None]


def test_tmx_language_not_in_file_names_the_choices(tmp_path):
    path = _write(tmp_path, "a.tmx", TMX)
    with pytest.raises(InputError, match=r"has no 'de' text \(languages in the file: en, fr-FR, ar-SA\); pass --source-lang"):
        read_units(path, fmt="tmx", source_lang="de", target_lang="en")


def test_units_to_documents_pairs_units_and_keeps_file_lines(tmp_path):
    uf = read_units(_write(tmp_path, "a.tmx", TMX), fmt="tmx", source_lang="ar", target_lang="en")
    src, tgt, beads = units_to_documents(uf)
    assert [(s.unit, s.line, s.text) for s in src.segments] == [("t1", 8, "في العيادة 120 سريرًا.")]
    assert [(s.unit, s.line) for s in tgt.segments] == [("t1", 6), ("2", 11), ("t3", 15)]
    assert beads == [((0,), (0,)), ((), (1,)), ((), (2,))]
    for doc in (src, tgt):
        assert all(doc.text[s.start : s.end] == s.text for s in doc.segments)


def test_xml_errors_name_the_line_and_entities_are_never_expanded(tmp_path):
    bad = _write(tmp_path, "bad.tmx", "<tmx>\n<body>\n<tu><tuv xml:lang='en'><seg>x</tuv>\n</body></tmx>\n")
    with pytest.raises(InputError, match=r"bad\.tmx line 3: not well-formed XML"):
        read_units(bad, fmt="tmx", source_lang="ar", target_lang="en")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xxe = _write(tmp_path, "xxe.tmx", f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY s SYSTEM "file://{secret}">]>
<tmx version="1.4"><body>
<tu tuid="1"><tuv xml:lang="en"><seg>Hello &s; world.</seg></tuv><tuv xml:lang="ar"><seg>مرحبا بالعالم.</seg></tuv></tu>
</body></tmx>
""")
    uf = read_units(xxe, fmt="tmx", source_lang="ar", target_lang="en")
    assert "SECRET" not in uf.units[0].target
    assert uf.units[0].target.startswith("Hello")


def test_not_a_tmx_file(tmp_path):
    path = _write(tmp_path, "a.tmx", "<xliff version='1.2'/>")
    with pytest.raises(InputError, match="not a TMX file"):
        read_units(path, fmt="tmx", source_lang="ar", target_lang="en")


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="ar" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="greet">
        <source>مرحبا <g id="1">بكم</g><x id="2"/>!</source>
        <target>Welcome <g id="1">all</g><x id="2"/>!</target>
      </trans-unit>
      <group id="g">
        <trans-unit id="bye">
          <source>وداعا</source>
        </trans-unit>
      </group>
      <trans-unit id="skip" translate="no"><source>لا</source><target>no</target></trans-unit>
    </body>
  </file>
  <file original="b.txt" source-language="en" target-language="fr" datatype="plaintext">
    <body><trans-unit id="fr1"><source>Hello</source><target>Bonjour</target></trans-unit></body>
  </file>
</xliff>
"""


def test_xliff12_reads_the_matching_file_only(tmp_path):
    uf = read_units(_write(tmp_path, "a.xlf", XLIFF12), fmt="xliff", source_lang="ar", target_lang="en")
    assert uf.units == (Unit("greet", "مرحبا بكم!", "Welcome all!", 6, 7, source_codes=("g#1", "x#2"), target_codes=("g#1", "x#2")), Unit("bye", "وداعا", None, 11, None))


def test_xliff12_pair_reversed_is_read_reversed(tmp_path):
    uf = read_units(_write(tmp_path, "a.xlf", XLIFF12), fmt="xliff", source_lang="en", target_lang="ar")
    assert uf.units[0] == Unit("greet", "Welcome all!", "مرحبا بكم!", 7, 6, source_codes=("g#1", "x#2"), target_codes=("g#1", "x#2"))


def test_xliff_without_the_pair_lists_the_pairs(tmp_path):
    path = _write(tmp_path, "a.xlf", XLIFF12)
    with pytest.raises(InputError, match=r"no de->en units \(language pairs in the file: ar->en, en->fr\)"):
        read_units(path, fmt="xliff", source_lang="de", target_lang="en")


XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment id="s1">
        <source>النص <pc id="1">الأول</pc><ph id="2"/>.</source>
        <target>The <pc id="1">first</pc><ph id="2"/> text.</target>
      </segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2">
        <source>النص الثاني.</source>
        <target></target>
      </segment>
    </unit>
    <unit id="u2">
      <segment><source>وحيد</source><target>Alone</target></segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff20_units_and_segments(tmp_path):
    uf = read_units(_write(tmp_path, "a.xlf", XLIFF20), fmt="xliff", source_lang="ar", target_lang="en")
    assert uf.units == (
        Unit("u1#s1", "النص الأول.", "The first text.", 6, 7, source_codes=("pc#1", "ph#2"), target_codes=("pc#1", "ph#2")),
        Unit("u1#s2", "النص الثاني.", "", 11, 12),
        Unit("u2", "وحيد", "Alone", 16, 16),
    )


PO = """# Arabic source, English translation
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: app.py:10
msgctxt "menu"
msgid "افتح"
msgstr "Open"

#, fuzzy
msgid "ملف واحد"
msgid_plural "%d ملفات"
msgstr[0] "one file"
msgstr[1] ""

msgid "احفظ "
"الآن"
msgstr ""

#~ msgid "قديم"
#~ msgstr "old"
"""


def test_po_entries_plurals_lines_and_obsolete(tmp_path):
    uf = read_units(_write(tmp_path, "a.po", PO), fmt="po", source_lang="ar", target_lang="en")
    assert uf.units == (
        Unit("menu|افتح", "افتح", "Open", 8, 9),
        Unit("ملف واحد[0]", "ملف واحد", "one file", 12, 14),
        Unit("ملف واحد[1]", "%d ملفات", "", 13, 15),
        Unit("احفظ الآن", "احفظ الآن", "", 17, 19),
    )


def test_po_syntax_error_is_an_input_error(tmp_path):
    path = _write(tmp_path, "bad.po", 'msgid "a"\nmsgstr "b\nnonsense\n')
    with pytest.raises(InputError, match=r"bad\.po: not a valid PO file \(Syntax error in po file \(line \d+\)\)"):
        read_units(path, fmt="po", source_lang="ar", target_lang="en")


AR_JSON = """{
  "menu": {
    "open": "افتح",
    "save": "احفظ 3 ملفات"
  },
  "steps": ["الأول", "الثاني"],
  "count": 3,
  "gone": "قديم"
}
"""
EN_JSON = """{"menu": {"open": "Open",
          "save": "Save 3 files"},
 "steps": ["First", ""],
 "new": "Added"}
"""


def test_json_catalogs_paired_by_key_with_lines(tmp_path):
    uf = read_units(_write(tmp_path, "ar.json", AR_JSON), _write(tmp_path, "en.json", EN_JSON), fmt="json",
                    source_lang="ar", target_lang="en")
    assert uf.units == (
        Unit("menu.open", "افتح", "Open", 3, 1),
        Unit("menu.save", "احفظ 3 ملفات", "Save 3 files", 4, 2),
        Unit("steps.0", "الأول", "First", 6, 3),
        Unit("steps.1", "الثاني", "", 6, 3),
        Unit("gone", "قديم", None, 8, None),
        Unit("new", None, "Added", None, 4),
    )


def test_json_syntax_error_names_the_line(tmp_path):
    bad = _write(tmp_path, "en.json", '{\n  "a": "x",\n  "b": \n}\n')
    good = _write(tmp_path, "ar.json", '{"a": "س"}')
    with pytest.raises(InputError, match=r"en\.json line 4: not valid JSON"):
        read_units(good, bad, fmt="json", source_lang="ar", target_lang="en")


def test_catalogs_need_two_files(tmp_path):
    with pytest.raises(ConfigError, match="give a source and a target file"):
        read_units(_write(tmp_path, "ar.json", "{}"), fmt="json", source_lang="ar", target_lang="en")


AR_YAML = """ar:
  greeting: مرحبا
  nested:
    bye: "وداعا"
  list:
    - أول
  number: 5
"""
EN_YAML = """en:
  greeting: Hello
  nested:
    bye: ~
  list:
    - First
"""


def test_yaml_catalogs_rails_root_and_lines(tmp_path):
    uf = read_units(_write(tmp_path, "ar.yml", AR_YAML), _write(tmp_path, "en.yml", EN_YAML), fmt="yaml",
                    source_lang="ar", target_lang="en")
    assert uf.units == (
        Unit("greeting", "مرحبا", "Hello", 2, 2),
        Unit("nested.bye", "وداعا", "", 4, 4),
        Unit("list.0", "أول", "First", 6, 6),
    )


def test_yaml_error_names_the_line(tmp_path):
    bad = _write(tmp_path, "en.yml", "a: b\n  c: d\n")
    with pytest.raises(InputError, match=r"en\.yml line 2: not valid YAML"):
        read_units(_write(tmp_path, "ar.yml", "a: ب\n"), bad, fmt="yaml", source_lang="ar", target_lang="en")


def test_csv_with_header_and_quoted_newline(tmp_path):
    text = 'key,ar,en\nk1,مرحبا,Hello\nk2,"سطر\nثان","Line\ntwo"\nk3,وداعا,\n'
    uf = read_units(_write(tmp_path, "t.csv", text), fmt="csv", source_lang="ar", target_lang="en")
    assert uf.units == (
        Unit("k1", "مرحبا", "Hello", 2, 2),
        Unit("k2", "سطر\nثان", "Line\ntwo", 3, 3),
        Unit("k3", "وداعا", "", 6, 6),  # row k2 spans lines 3-5
    )
    assert uf.notes == ()


def test_tsv_without_header_reads_two_columns(tmp_path):
    path = _write(tmp_path, "t.tsv", "مرحبا\tHello\n\nوداعا\tBye\n")
    uf = read_units(path, fmt="tsv", source_lang="ar", target_lang="en")
    assert uf.units == (Unit("1", "مرحبا", "Hello", 1, 1), Unit("3", "وداعا", "Bye", 3, 3))
    assert "has no header naming its columns" in uf.notes[0]


def test_table_with_one_column_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"t\.csv line 1: a CSV file needs a source and a target column"):
        read_units(_write(tmp_path, "t.csv", "one\ntwo\n"), fmt="csv", source_lang="ar", target_lang="en")


def test_bilingual_formats_take_one_file(tmp_path):
    with pytest.raises(ConfigError, match="holds both languages"):
        read_units("a.tmx", "b.tmx", fmt="tmx", source_lang="ar", target_lang="en")


def test_swapped_languages_are_caught_by_the_script_check(tmp_path):
    uf = read_units(_write(tmp_path, "t.csv", "ar,en\nHello,مرحبا\n"), fmt="csv", source_lang="ar", target_lang="en")
    with pytest.raises(InputError, match="swapped"):
        units_to_documents(uf)


def test_plural_forms_one_language_lacks_are_not_missing_keys(tmp_path):
    ar = {"files_zero": "لا ملفات", "files_one": "ملف واحد", "files_two": "ملفان", "files_few": "{{count}} ملفات",
          "files_many": "{{count}} ملفًا", "files_other": "{{count}} ملف", "title": "العنوان"}
    en = {"files_one": "One file", "files_other": "{{count}} files", "title_other": "Titles"}
    import json

    uf = read_units(_write(tmp_path, "ar.json", json.dumps(ar, ensure_ascii=False)),
                    _write(tmp_path, "en.json", json.dumps(en)), fmt="json", source_lang="ar", target_lang="en")
    got = {u.id: u.target for u in uf.units}
    assert got == {"files_zero": "{{count}} files", "files_one": "One file", "files_two": "{{count}} files",
                   "files_few": "{{count}} files", "files_many": "{{count}} files", "files_other": "{{count}} files",
                   "title": None, "title_other": "Titles"}


def test_tmx_mixing_region_codes_reads_every_unit(tmp_path):
    text = """<tmx version="1.4"><body>
<tu tuid="a"><tuv xml:lang="ar"><seg>واحد</seg></tuv><tuv xml:lang="en-US"><seg>One</seg></tuv></tu>
<tu tuid="b"><tuv xml:lang="AR-sa"><seg>اثنان</seg></tuv><tuv xml:lang="EN"><seg>Two</seg></tuv></tu>
</body></tmx>"""
    uf = read_units(_write(tmp_path, "m.tmx", text), fmt="tmx", source_lang="ar", target_lang="en")
    assert [(u.id, u.source, u.target) for u in uf.units] == [("a", "واحد", "One"), ("b", "اثنان", "Two")]


def test_yaml_aliases_are_expanded_but_cycles_and_bombs_are_refused(tmp_path):
    shared = "base: &b\n  ok: حسنًا\ndialog: *b\n"
    uf = read_units(_write(tmp_path, "ar.yml", shared), _write(tmp_path, "en.yml", "base:\n  ok: OK\n"), fmt="yaml",
                    source_lang="ar", target_lang="en")
    assert [(u.id, u.source_line) for u in uf.units] == [("base.ok", 2), ("dialog.ok", 2)]
    cycle = _write(tmp_path, "c.yml", "a: &x\n  - b\n  - *x\n")
    with pytest.raises(InputError, match=r"c\.yml line 1: a YAML alias refers to a value that contains it"):
        read_units(cycle, cycle, fmt="yaml", source_lang="ar", target_lang="en")
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 8):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]")
    bomb = _write(tmp_path, "bomb.yml", "\n".join(lines) + "\n")
    # 9**8 values: the keys alone (a0.0.0...) pass the character bound of issue #14 first
    with pytest.raises(InputError, match="aliases expanded, exceed the file's length by more than 1,000,000 characters"):
        read_units(bomb, bomb, fmt="yaml", source_lang="ar", target_lang="en")
