"""Unit tests of aligncheck.documents. Byte fixtures are built here, in tmp_path."""

from __future__ import annotations

import codecs
import os
import sys

import pytest

from aligncheck.documents import (
    check_script,
    decode_bytes,
    read_document,
    script_share,
    split_bilingual,
)
from aligncheck.errors import ConfigError, InputError
from aligncheck.segment import segment_text
from aligncheck.types import Document

AR = "قدمت د. سلمى يوسف نتائج الدراسة.\nوشارك في الدراسة باحثون من جامعات أخرى.\n"
EN = "Dr. Salma Youssef presented the results.\nResearchers from other universities took part.\n"


def write(tmp_path, name, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


# --- decode_bytes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, used",
    [
        (AR.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + AR.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + AR.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + AR.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + AR.encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + AR.encode("utf-32-be"), "utf-32-be"),
    ],
)
def test_decode_by_bom(data, used):
    text, enc = decode_bytes(data, path="ar.txt")
    assert text == AR
    assert enc == used


def test_decode_removes_every_feff():
    text, _ = decode_bytes(codecs.BOM_UTF8 + "a\ufeffb\n\ufeffc".encode("utf-8"), path="x.txt")
    assert text == "ab\nc"


def test_windows_1256_is_refused_with_offset_and_guess():
    data = ("abc " + AR * 3).encode("cp1256")
    with pytest.raises(InputError) as ei:
        decode_bytes(data, path="en.txt", role="target")
    msg = str(ei.value)
    assert msg.startswith("target file en.txt is not valid UTF-8 (byte 0x")
    assert "at offset 4)" in msg
    assert "windows-1256" in msg and "--encoding windows-1256" in msg
    assert "\n" not in msg


def test_explicit_encoding():
    data = AR.encode("cp1256")
    assert decode_bytes(data, path="ar.txt", encoding="windows-1256") == (AR, "windows-1256")
    assert decode_bytes(codecs.BOM_UTF8 + b"hi", path="a", encoding="utf-8")[0] == "hi"


def test_explicit_encoding_errors():
    with pytest.raises(ConfigError):
        decode_bytes(b"x", path="a.txt", encoding="no-such-codec")
    with pytest.raises(InputError, match="not valid utf-8 .*offset 1"):
        decode_bytes(b"a\xff", path="a.txt", encoding="utf-8")
    with pytest.raises(InputError, match="NUL"):
        decode_bytes("hi there".encode("utf-16-le"), path="a.txt", encoding="latin-1")


def test_nul_bytes_utf16_without_bom():
    data = EN.encode("utf-16-le")
    with pytest.raises(InputError) as ei:
        decode_bytes(data, path="en.txt", role="target")
    msg = str(ei.value)
    assert "target file en.txt contains NUL bytes at offset 1" in msg
    assert "UTF-16 without a byte-order mark" in msg
    assert "utf-16-le" in msg


def test_nul_bytes_binary():
    with pytest.raises(InputError, match=r"ar.txt contains NUL bytes at offset 2"):
        decode_bytes(b"\x89P\x00\x00\x01\x02\xff", path="ar.txt")


def test_bad_utf16_after_bom():
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", path="a.txt")


# --- read_document ----------------------------------------------------------------------------


def test_read_utf8(tmp_path):
    p = write(tmp_path, "ar.txt", AR.encode("utf-8"))
    doc = read_document(p, "ar")
    assert isinstance(doc, Document)
    assert doc.path == p and doc.lang == "ar" and doc.encoding == "utf-8"
    assert [s.text for s in doc.segments] == AR.splitlines()
    assert all(doc.text[s.start : s.end] == s.text for s in doc.segments)


def test_read_bom_no_feff_left(tmp_path):
    p = write(tmp_path, "ar.txt", codecs.BOM_UTF8 + AR.encode("utf-8"))
    doc = read_document(p, "ar")
    assert doc.encoding == "utf-8-sig"
    assert "\ufeff" not in doc.text
    assert not any("\ufeff" in s.text for s in doc.segments)
    assert doc.segments[0].start == 0


def test_read_utf16le_bom_crlf_same_as_lf(tmp_path):
    p = write(tmp_path, "en.txt", codecs.BOM_UTF16_LE + EN.replace("\n", "\r\n").encode("utf-16-le"))
    ref = write(tmp_path, "en_lf.txt", EN.encode("utf-8"))
    doc, ref_doc = read_document(p, "en", role="target"), read_document(ref, "en", role="target")
    assert doc.encoding == "utf-16-le"
    assert [(s.text, s.line, s.paragraph) for s in doc.segments] == [
        (s.text, s.line, s.paragraph) for s in ref_doc.segments
    ]
    assert all(doc.text[s.start : s.end] == s.text for s in doc.segments)


def test_read_is_nfc(tmp_path):
    decomposed = "\u0627\u0654\u062d\u0645\u062f \u0630\u0647\u0628.\n"  # alef + hamza above
    doc = read_document(write(tmp_path, "ar.txt", decomposed.encode("utf-8")), "ar")
    assert doc.segments[0].text.startswith("\u0623")


def test_read_windows_1256_message(tmp_path):
    p = write(tmp_path, "ar.txt", AR.encode("cp1256"))
    with pytest.raises(InputError, match=r"^source file .*ar.txt is not valid UTF-8 \(byte 0x.. at offset 0\)"):
        read_document(p, "ar")
    doc = read_document(p, "ar", encoding="cp1256")
    assert len(doc.segments) == 2 and doc.encoding == "cp1256"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + "\u200b\n\u200f\n".encode("utf-8"), codecs.BOM_UTF16_LE],
    ids=["empty", "whitespace", "bom-only", "zero-width", "utf16-bom-only"],
)
def test_empty_files(tmp_path, data):
    p = write(tmp_path, "ar.txt", data)
    with pytest.raises(InputError) as ei:
        read_document(p, "ar")
    assert str(ei.value) == f"source file {p} is empty (no sentences)"
    with pytest.raises(InputError, match="^target file .* is empty"):
        read_document(p, "en", role="target", mode="lines")


def test_missing_file(tmp_path):
    p = str(tmp_path / "nope.txt")
    with pytest.raises(InputError, match=f"^target file {p} does not exist$"):
        read_document(p, "en", role="target")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_document(str(tmp_path), "ar")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable(tmp_path):
    p = write(tmp_path, "ar.txt", AR.encode("utf-8"))
    os.chmod(p, 0)
    try:
        with pytest.raises(InputError, match="cannot be read"):
            read_document(p, "ar")
    finally:
        os.chmod(p, 0o644)


def test_bad_role_and_mode(tmp_path):
    p = write(tmp_path, "ar.txt", AR.encode("utf-8"))
    with pytest.raises(ConfigError):
        read_document(p, "ar", role="both")
    with pytest.raises(ConfigError):
        read_document(p, "ar", mode="words")


def test_read_document_checks_script(tmp_path):
    p = write(tmp_path, "en.txt", EN.encode("utf-8"))
    with pytest.raises(InputError, match="declared Arabic"):
        read_document(p, "ar")
    assert read_document(p, "ar", check=False).lang == "ar"


# --- scripts ----------------------------------------------------------------------------------


def doc(text, lang, path="f.txt"):
    return Document(path=path, lang=lang, text=text, segments=segment_text(text, lang))


def test_script_share():
    assert script_share("abc", "latin") == 1.0
    assert script_share("مرحبا", "arabic") == 1.0
    assert script_share("ab مرحبا", "arabic") == pytest.approx(5 / 7)
    assert script_share("123 ... ٣٤", "arabic") == 0.0
    assert script_share("Ελληνικά", "latin") == 0.0
    assert script_share("café", "latin") == 1.0
    with pytest.raises(ConfigError):
        script_share("x", "cyrillic")


def test_check_script_swapped():
    with pytest.raises(InputError) as ei:
        check_script(doc(EN, "ar", "en.txt"))
    assert str(ei.value) == (
        "source file en.txt is declared Arabic (ar) but contains no Arabic letters "
        "(it looks like Latin text); are the source and target files swapped?"
    )
    with pytest.raises(InputError, match="^target file ar.txt is declared English \\(en\\) but contains no Latin"):
        check_script(doc(AR, "en", "ar.txt"), role="target")


@pytest.mark.parametrize(
    "text, lang",
    [
        (AR, "ar"),
        ("این یک جمله است.", "fa"),
        ("یہ ایک جملہ ہے۔", "ur"),
        (EN, "en"),
        ("C'est une phrase très française.", "fr"),
        ("Das ist ein Satz.", "de"),
        ("Het is een zin.", "nl"),
        ("Das ist ein Satz.", "xx"),  # unknown language: not checked
        ("Это предложение.", "ja"),  # unknown language: not checked
        ("استخدم الأمر git push لرفع التغييرات إلى GitHub.", "ar"),  # Arabic with Latin terms
    ],
)
def test_check_script_accepts(text, lang):
    check_script(doc(text, lang))


@pytest.mark.parametrize("lang", ["ar", "en", "xx"])
def test_check_script_refuses_a_document_without_letters(lang):
    with pytest.raises(InputError, match="contains no letters"):
        check_script(doc("12345 678.\n--- !!! 3.14", lang))


def test_check_script_partial_share():
    text = "This is a long English sentence with one Arabic word مرحبا in it."
    with pytest.raises(InputError, match="contains only \\d+% Arabic letters"):
        check_script(doc(text, "ar"))


# --- split_bilingual --------------------------------------------------------------------------

SEED_LIKE = (
    "شرع مفاوضون أوكرانيون وروس في جولة ثانية من المحادثات.\n"
    "جولة من المحادثات الثلاثية\n"
    "وتحتل روسيا حالياً نحو 20% من الأراضي الأوكرانية.\n"
    "Ukrainian and Russian negotiators have begun a second round of talks.\n"
    "A Round of Tripartite Talks\n"
    "Russia currently occupies about 20% of Ukrainian territory.\n"
)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_split_bilingual_keeps_line_numbers(eol):
    text = SEED_LIKE.replace("\n", eol)
    src, tgt = split_bilingual(text, path="seed.txt")
    assert len(src.splitlines()) == len(tgt.splitlines()) == 6
    s_segs, t_segs = segment_text(src, "ar"), segment_text(tgt, "en")
    assert [s.line for s in s_segs] == [1, 2, 3]
    assert [s.line for s in t_segs] == [4, 5, 6]
    assert [s.text for s in t_segs] == SEED_LIKE.splitlines()[3:]
    assert [s.text for s in s_segs] == SEED_LIKE.splitlines()[:3]
    lines = text.splitlines(keepends=True)
    assert src == "".join(lines[:3]) + eol * 3
    assert tgt == eol * 3 + "".join(lines[3:])


def test_split_bilingual_neutral_and_blank_lines():
    text = "جملة عربية.\n\n2022\n***\nAn English sentence.\n12\n"
    src, tgt = split_bilingual(text, path="f.txt")
    assert [s.text for s in segment_text(src, "ar")] == ["جملة عربية.", "2022", "***"]
    assert [(s.text, s.line) for s in segment_text(tgt, "en")] == [("An English sentence.", 5), ("12", 6)]


def test_split_bilingual_switch_back():
    text = "جملة عربية.\nAn English sentence.\nجملة أخرى.\n"
    with pytest.raises(InputError, match=r"^f.txt:3: Arabic text again after the English block that starts at line 2"):
        split_bilingual(text, path="f.txt")


def test_split_bilingual_wrong_order_or_one_block():
    with pytest.raises(InputError, match=r"^f.txt:1: the file starts with English"):
        split_bilingual("English first.\nجملة عربية.\n", path="f.txt")
    with pytest.raises(InputError, match="no English lines"):
        split_bilingual("جملة عربية.\nأخرى.\n", path="f.txt")
    with pytest.raises(InputError, match="no Arabic lines"):
        split_bilingual("\n123\n", path="f.txt")


def test_split_bilingual_same_script():
    with pytest.raises(ConfigError):
        split_bilingual("Hallo.\nBonjour.\n", path="f.txt", source_lang="de", target_lang="fr")


def test_make_document_refuses_a_lone_surrogate_with_an_input_error():
    # found by test_properties (hypothesis): the segmenter raised UnicodeEncodeError on "\ud800"
    from aligncheck.documents import make_document

    with pytest.raises(InputError) as err:
        make_document("Hello.\ud800", path="en.txt", lang="en", role="target")
    assert str(err.value) == ("target file en.txt holds a lone surrogate U+D800 at offset 6, which is not a character; "
                              "fix the text")
