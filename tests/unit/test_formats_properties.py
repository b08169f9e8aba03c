"""Java ``.properties`` resource bundles (:mod:`aligncheck.formats.properties`): the
``Properties.load`` syntax, pairing by key, hostile input, and the CLI on Arabic/English bundles.

Expected values were worked out by hand from the ``java.util.Properties.load(Reader)`` rules
(separators, continuations, comments, escapes), not read back from the reader.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aligncheck import documents
from aligncheck.cli import main
from aligncheck.errors import InputError
from aligncheck.formats import CATALOG_FORMATS, detect_format, read_units
from aligncheck.formats.properties import parse_properties
from aligncheck.types import Unit
from tests.fakes import make_parallel


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return str(p)


def _units(tmp_path, ar: str, en: str):
    return read_units(_write(tmp_path, "messages_ar.properties", ar), _write(tmp_path, "messages_en.properties", en),
                      fmt="properties", source_lang="ar", target_lang="en")


# --------------------------------------------------------------------------- syntax

SYNTAX = (
    "# comment = not an entry\n"                   # 1
    "   ! also a comment\n"                        # 2
    "\n"                                           # 3
    "a=one\n"                                      # 4
    "b : two  \n"                                  # 5  trailing blanks are kept
    "c three\n"                                    # 6  white space separates
    "d\t=\t\n"                                     # 7  empty value
    "e\n"                                          # 8  key alone: empty value
    "key\\=with\\:seps\\ x = v\n"                  # 9  escaped separators belong to the key
    "long = first \\\n"                            # 10 continued ...
    "       second\\\n"                            # 11 ... leading blanks dropped
    "# not a comment, a continuation\n"            # 12
    "even = ends in two backslashes\\\\\n"         # 13 an even count does not continue
    "esc = tab\\tnl\\nq\\q\\u0627\\u0644\n"        # 14 \q is q; \u0627\u0644 is ال
    "emoji = \\uD83D\\uDE00!\n"                    # 15 a surrogate pair is one character
    "=no key\n"                                    # 16 the empty key
    "a = again\n"                                  # 17 redefined: last wins
)


def test_syntax_of_properties_load():
    entries, notes = parse_properties(SYNTAX, "x.properties")
    assert entries == {
        "a": ("again", 17),
        "b": ("two  ", 5),
        "c": ("three", 6),
        "d": ("", 7),
        "e": ("", 8),
        "key=with:seps x": ("v", 9),
        "long": ("first second# not a comment, a continuation", 10),
        "even": ("ends in two backslashes\\", 13),
        "esc": ("tab\tnl\nqqال", 14),
        "emoji": ("\U0001F600!", 15),
        "": ("no key", 16),
    }
    assert list(entries) == ["a", "b", "c", "d", "e", "key=with:seps x", "long", "even", "esc", "emoji", ""]
    assert notes == ["x.properties: key 'a' is defined at line 4 and again at line 17; "
                     "the value of line 17 is checked, as Java keeps the last"]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_entries_and_lines(eol):
    text = "x = 1\n\ny = two \\\n  lines\nz\n".replace("\n", eol)
    assert parse_properties(text, "p")[0] == {"x": ("1", 1), "y": ("two lines", 3), "z": ("", 5)}


def test_a_final_backslash_at_end_of_file_is_dropped():
    assert parse_properties("k = v\\", "p")[0] == {"k": ("v", 1)}


def test_the_extension_is_claimed_and_the_format_is_a_catalog():
    assert detect_format("i18n/messages_ar.PROPERTIES") == "properties"
    assert "properties" in CATALOG_FORMATS


# --------------------------------------------------------------------------- pairing

AR = (
    "# Arabic bundle\n"
    "menu.open = \u0627\u0641\u062a\u062d\n"                 # 2 افتح
    "menu.save = \\u0627\\u062d\\u0641\\u0638 {0} \u0645\u0644\u0641\u0627\u062a\n"  # 3 احفظ {0} ملفات (escaped)
    "files.few = {0} \u0645\u0644\u0641\u0627\u062a\n"        # 4 Arabic plural form English lacks
    "gone = \u0642\u062f\u064a\u0645\n"                      # 5 not in English
)
EN = (
    "menu.save: Save {0} files\n"                            # 1
    "menu.open: Open\n"                                      # 2
    "files.other: {0} files\n"                               # 3
    "new: Added\n"                                           # 4 only in English
)


def test_bundles_are_paired_by_key_in_source_order(tmp_path):
    uf = _units(tmp_path, AR, EN)
    assert uf.format == "properties" and uf.encoding == "utf-8" and uf.notes == ()
    assert uf.units == (
        Unit("menu.open", "افتح", "Open", 2, 2),
        Unit("menu.save", "احفظ {0} ملفات", "Save {0} files", 3, 1),
        Unit("files.few", "{0} ملفات", "{0} files", 4, 3),
        Unit("gone", "قديم", None, 5, None),
        Unit("new", None, "Added", None, 4),
    )


def test_text_is_nfc_normalised(tmp_path):
    # ALEF + HAMZA ABOVE (U+0627 U+0654) composes to U+0623
    uf = _units(tmp_path, "k = \\u0627\\u0654\u0647\u0644\u0627\n", "k = Hello\n")
    assert uf.units[0].source == "\u0623\u0647\u0644\u0627"


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("line, why", [
    ("k = \\u06", "malformed \\\\uXXXX escape"),
    ("k = \\u06zz tail", "malformed \\\\uXXXX escape"),
    ("k = \\uD83D alone", "not half of a surrogate pair"),
    ("k = a\\u0000b", "NUL"),
    ("bad\\u12 = v", "malformed \\\\uXXXX escape"),
])
def test_malformed_escapes_are_input_errors_naming_file_and_line(tmp_path, line, why):
    en = _write(tmp_path, "en.properties", "a = x\n\n" + line + "\n")
    ar = _write(tmp_path, "ar.properties", "a = \u0633\n")
    with pytest.raises(InputError, match=rf"en\.properties line 3: .*{why}") as e:
        read_units(ar, en, fmt="properties", source_lang="ar", target_lang="en")
    assert "\n" not in str(e.value)


def test_nul_bytes_are_refused_as_binary(tmp_path):
    ar = tmp_path / "ar.properties"
    ar.write_bytes(b"k = \x00\x01\x02")
    with pytest.raises(InputError, match="contains NUL bytes"):
        read_units(str(ar), _write(tmp_path, "en.properties", "k = x\n"), fmt="properties",
                   source_lang="ar", target_lang="en")


def test_latin1_bundle_is_refused_unless_its_encoding_is_given(tmp_path):
    ar = _write(tmp_path, "ar.properties", "k = \\u0633\\u0644\\u0627\\u0645\n")  # ASCII: reads as UTF-8
    en = _write(tmp_path, "en.properties", "k = Caf\u00e9 ol\u00e9\n", encoding="iso-8859-1")
    with pytest.raises(InputError, match=r"target file .*en\.properties is not valid UTF-8 .*--encoding"):
        read_units(ar, en, fmt="properties", source_lang="ar", target_lang="en")
    uf = read_units(ar, en, fmt="properties", source_lang="ar", target_lang="en", target_encoding="iso-8859-1")
    assert uf.units == (Unit("k", "سلام", "Café olé", 1, 1),)


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_INPUT_BYTES", 64)
    ar = _write(tmp_path, "ar.properties", "k = " + "\u0633" * 40 + "\n")  # 85 bytes
    with pytest.raises(InputError, match="is larger than"):
        read_units(ar, _write(tmp_path, "en.properties", "k = x\n"), fmt="properties",
                   source_lang="ar", target_lang="en")


def test_a_source_bundle_without_entries_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="has no key = value entries"):
        _units(tmp_path, "# only a comment\n\n", "k = x\n")


def test_a_long_continuation_chain_is_one_entry():
    # 200,000 continued lines form one entry on the line where it starts
    body = "k = a\\\n" + "b\\\n" * 200_000 + "c\n"
    entries, _ = parse_properties(body, "p")
    assert entries == {"k": ("a" + "b" * 200_000 + "c", 1)}


# --------------------------------------------------------------------------- CLI


def _bundles(tmp_path, ar_entries: dict, en_entries: dict) -> list[str]:
    ar = "".join(f"{k} = {v}\n" for k, v in ar_entries.items())
    en = "".join(f"{k} = {v}\n" for k, v in en_entries.items())
    return [_write(tmp_path, "messages_ar.properties", "# ar\n" + ar),
            _write(tmp_path, "messages_en.properties", "# en\n" + en)]


def _check(args, encoder):
    return CliRunner().invoke(main, ["check", *args, "--format", "json"], obj={"encoder": encoder})


def test_cli_clean_bundles_give_no_finding(tmp_path):
    ar, en, enc = make_parallel(10, seed=21)
    keys = [f"page.p{k}" for k in range(10)]
    r = _check(_bundles(tmp_path, dict(zip(keys, ar)), dict(zip(reversed(keys), reversed(en)))), enc)
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["findings"] == []
    assert data["signature"].endswith("|input:properties-units")
    assert [s["unit"] for s in data["target"]["segments"]] == keys  # paired by key, not by position
    assert [s["line"] for s in data["target"]["segments"]] == [11 - k for k in range(10)]


def test_cli_faulty_bundles_give_the_faults_put_in(tmp_path):
    ar, en, enc = make_parallel(10, seed=22)
    ar[6] = ar[6][:-1] + " 250."
    en[6] = en[6][:-1] + " 205."
    keys = [f"p{k}" for k in range(10)]
    tgt = {k: e for k, e in zip(keys, en) if k != "p3"}
    tgt["footer"] = en[0]
    r = _check(_bundles(tmp_path, dict(zip(keys, ar)), tgt), enc)
    assert r.exit_code == 1, r.stderr
    got = [(f["check"], f["severity"], f.get("src_units"), f.get("tgt_units"), f["src_lines"], f["tgt_lines"])
           for f in json.loads(r.stdout)["findings"]]
    # line = key position + 2 (a comment line first); "footer" is the 10th English entry: line 11
    assert got == [
        ("missing_key", "error", ["p3"], [], [5], []),
        ("numbers", "error", ["p6"], ["p6"], [8], [7]),
        ("extra_key", "warning", [], ["footer"], [], [11]),
    ]


def test_cli_a_key_defined_twice_is_checked_with_its_last_value_and_noted(tmp_path):
    ar, en, enc = make_parallel(3, seed=23)
    ar_path, en_path = _bundles(tmp_path, {"a": ar[0], "b": ar[1]}, {"a": en[1], "b": en[1]})
    with open(en_path, "a", encoding="utf-8") as f:
        f.write(f"a = {en[0]}\n")  # line 4 fixes line 2's wrong translation
    r = _check([ar_path, en_path], enc)
    assert r.exit_code == 0, r.stdout
    data = json.loads(r.stdout)
    assert data["findings"] == []
    assert [(s["unit"], s["line"]) for s in data["target"]["segments"]] == [("a", 4), ("b", 3)]
    assert data["notes"] == [f"{en_path}: key 'a' is defined at line 2 and again at line 4; "
                             "the value of line 4 is checked, as Java keeps the last"]


def test_cli_malformed_bundle_exits_3_with_one_line(tmp_path):
    ar = _write(tmp_path, "ar.properties", "k = \u0633\n")
    en = _write(tmp_path, "en.properties", "k = \\uZZZZ\n")
    r = _check([ar, en], make_parallel(1)[2])
    assert r.exit_code == 3
    assert r.stderr == f"error: {en} line 1: malformed \\uXXXX escape '\\\\uZZZZ' (four hex digits expected); fix the escape\n"


def test_cli_one_bundle_alone_is_a_usage_error(tmp_path):
    ar = _write(tmp_path, "ar.properties", "k = \u0633\n")
    r = _check([ar], make_parallel(1)[2])
    assert r.exit_code == 2 and "holds one language" in r.stderr
