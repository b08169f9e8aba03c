"""Checking structured files with the fake encoder: unit pairs without the DP (TMX, catalogs),
Markdown pairs through the DP with blocks as anchors, and the reports naming units."""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape

import jsonschema
from click.testing import CliRunner

from aligncheck.cli import main
from aligncheck.config import Config
from aligncheck.formats import read_document, read_units
from aligncheck.pipeline import check_documents, check_units
from aligncheck.report import json as json_report
from aligncheck.report import render
from tests.fakes import BagOfConceptsEncoder, make_parallel


def _tmx(pairs, ids=None) -> str:
    """A TMX whose unit k sits on lines 3 + 2k (Arabic) and 4 + 2k (English)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4"><header srclang="ar"/><body>']
    for k, (ar, en) in enumerate(pairs):
        uid = ids[k] if ids else f"u{k + 1}"
        out.append(f'<tu tuid="{uid}"><tuv xml:lang="ar"><seg>{escape(ar)}</seg></tuv>')
        out.append(f'<tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>')
    out.append("</body></tmx>")
    return "\n".join(out) + "\n"


def _check_tmx(tmp_path, pairs, encoder):
    p = tmp_path / "mem.tmx"
    p.write_text(_tmx(pairs), encoding="utf-8")
    uf = read_units(str(p), fmt="tmx", source_lang="ar", target_lang="en")
    return check_units(uf, config=Config(), encoder=encoder)


def _errors(result):
    return [(f.check, f.src, f.tgt) for f in result.findings if f.severity.value == "error"]


def test_clean_translation_memory_has_no_error(tmp_path):
    ar, en, enc = make_parallel(16, seed=3)
    result = _check_tmx(tmp_path, list(zip(ar, en)), enc)
    assert _errors(result) == []
    assert [b.kind for b in result.alignment.beads] == ["1-1"] * 16
    assert [s.line for s in result.source.segments] == [3 + 2 * k for k in range(16)]
    assert [s.unit for s in result.target.segments] == [f"u{k + 1}" for k in range(16)]
    assert result.signature.endswith("|input:tmx-units")
    # no DP call: the encoder saw each text once (plus the reference sentences, if any)
    assert sum(len(c) for c in enc.calls) <= 32 + 200


def test_blanked_target_is_exactly_that_unit(tmp_path):
    ar, en, enc = make_parallel(16, seed=3)
    en[5] = ""
    result = _check_tmx(tmp_path, list(zip(ar, en)), enc)
    assert _errors(result) == [("empty_target", (5,), ())]
    f = result.findings[0]
    assert "unit u6" in f.message and "line 13" in f.message and "line 14" in f.message


def test_replaced_target_is_a_mismatch_of_that_unit(tmp_path):
    ar, en, enc = make_parallel(16, seed=3)
    en[9] = "Zebra quantum violin harbour plenty orbit."  # words the fake encoder has never paired
    result = _check_tmx(tmp_path, list(zip(ar, en)), enc)
    assert _errors(result) == [("mismatch", (9,), (9,))]


def test_changed_number_is_a_numbers_finding_of_that_unit(tmp_path):
    ar, en, enc = make_parallel(16, seed=3)
    ar[4] = ar[4][:-1] + " 250."
    en[4] = en[4][:-1] + " 250."
    clean = _check_tmx(tmp_path, list(zip(ar, en)), enc)
    assert _errors(clean) == []
    en[4] = en[4].replace("250", "205")
    result = _check_tmx(tmp_path, list(zip(ar, en)), enc)
    assert _errors(result) == [("numbers", (4,), (4,))]
    assert "250 is 205" in result.findings[0].message
    # unit k's Arabic is on line 3 + 2k, its English on 4 + 2k; one unit on both sides: id shown once
    assert f"mem.tmx:11 ↔ 12 [u5]" in render(result, "text")  # one file: its name once


def test_untranslated_unit(tmp_path):
    ar, en, enc = make_parallel(12, seed=4)
    en[2] = ar[2]
    result = _check_tmx(tmp_path, list(zip(ar, en)), enc)
    assert _errors(result) == [("untranslated", (2,), (2,))]


def test_catalog_missing_and_extra_keys(tmp_path):
    ar, en, enc = make_parallel(12, seed=5)
    keys = [f"k{k}" for k in range(12)]
    src = {k: t for k, t in zip(keys, ar)}
    tgt = {k: t for k, t in zip(keys, en) if k != "k7"}
    tgt["k_new"] = "An added string."
    (tmp_path / "ar.json").write_text(json.dumps(src, ensure_ascii=False, indent=1), encoding="utf-8")
    (tmp_path / "en.json").write_text(json.dumps(tgt, ensure_ascii=False, indent=1), encoding="utf-8")
    uf = read_units(str(tmp_path / "ar.json"), str(tmp_path / "en.json"), fmt="json", source_lang="ar", target_lang="en")
    result = check_units(uf, config=Config(), encoder=enc)
    got = [(f.check, f.severity.value, [result.source.segments[i].unit for i in f.src],
            [result.target.segments[j].unit for j in f.tgt]) for f in result.findings]
    assert got == [("missing_key", "error", ["k7"], []), ("extra_key", "warning", [], ["k_new"])]
    assert "line 9" in result.findings[0].message  # "k7" is on line 9 of ar.json (indent=1)


def test_unit_reports_name_file_line_and_unit(tmp_path):
    ar, en, enc = make_parallel(10, seed=6)
    en[3] = ""
    p = tmp_path / "mem.tmx"
    p.write_text(_tmx(list(zip(ar, en))), encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(p), "--no-color"], obj={"encoder": enc})
    assert res.exit_code == 1, res.output
    assert f"{p}:9 [u4] ↔ —" in res.output
    assert f"in {p} (10 ↔ 9 segments)" in res.output and f"{p} ↔" not in res.output
    res = CliRunner().invoke(main, ["check", str(p), "--format", "json"], obj={"encoder": enc})
    data = json.loads(res.stdout)
    jsonschema.Draft202012Validator(json_report.load_schema()).validate(data)
    assert data["findings"][0]["check"] == "empty_target"
    assert data["findings"][0]["src_units"] == ["u4"] and data["findings"][0]["src_lines"] == [9]
    assert data["source"]["segments"][3]["unit"] == "u4"
    md = CliRunner().invoke(main, ["check", str(p), "--format", "markdown"], obj={"encoder": enc}).stdout
    assert "&#91;u4&#93;" in md


def test_plain_text_reports_have_no_unit_keys(tmp_path):
    ar, en, enc = make_parallel(6, seed=7)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(tmp_path / "ar.txt"), str(tmp_path / "en.txt"), "--format", "json"],
                             obj={"encoder": enc})
    data = json.loads(res.stdout)
    assert all("unit" not in s for s in data["source"]["segments"])


def test_cli_refuses_mixed_formats_and_one_language_files(tmp_path):
    (tmp_path / "ar.md").write_text("# س\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Title\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(tmp_path / "ar.md"), str(tmp_path / "en.txt")], obj={"encoder": BagOfConceptsEncoder()})
    assert r.exit_code == 2 and "pass --input-format" in r.stderr
    r = CliRunner().invoke(main, ["check", str(tmp_path / "ar.md")], obj={"encoder": BagOfConceptsEncoder()})
    assert r.exit_code == 2 and "holds one language" in r.stderr


def test_cli_malformed_file_exits_3_with_file_and_line(tmp_path):
    p = tmp_path / "bad.xlf"
    p.write_text('<xliff version="1.2">\n<file>\n</xliff>\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(p)], obj={"encoder": BagOfConceptsEncoder()})
    assert r.exit_code == 3
    assert r.stderr.startswith(f"error: {p} line 3: not well-formed XML")


# --------------------------------------------------------------------------- Markdown pairs


def _markdown_pair(ar, en):
    """Arabic and English Markdown pages with the same structure from parallel sentences:
    a heading, a paragraph of two sentences, a code block, a three-item list, a paragraph whose
    last word is a link, and a last paragraph. Returns ``(ar_md, en_md)``."""

    def page(s):
        head, last = s[6][:-1].rsplit(" ", 1)
        return (f"# {s[0]}\n\n{s[1]} {s[2]}\n\n```python\nprint(42)  # code stays out\n```\n\n"
                f"- {s[3]}\n- {s[4]}\n- {s[5]}\n\n{head} [{last}](https://example.org/a).\n\n{s[7]}\n")

    return page(ar), page(en)


def test_markdown_pair_clean(tmp_path):
    ar, en, enc = make_parallel(8, seed=11)
    a, e = _markdown_pair(ar, en)
    (tmp_path / "ar.md").write_text(a, encoding="utf-8")
    (tmp_path / "en.md").write_text(e, encoding="utf-8")
    src = read_document(str(tmp_path / "ar.md"), "ar", fmt="markdown")
    tgt = read_document(str(tmp_path / "en.md"), "en", fmt="markdown", role="target")
    result = check_documents(src, tgt, config=Config(), encoder=enc)
    assert _errors(result) == []
    embedded = [t for call in enc.calls for t in call]
    assert not any("print" in t or "https" in t or "```" in t for t in embedded)


def test_markdown_pair_dropped_list_item_and_paragraph(tmp_path):
    ar, en, enc = make_parallel(8, seed=11)
    a, e = _markdown_pair(ar, en)
    e = e.replace(f"- {en[4]}\n", "").replace(f"{en[7]}\n", "")
    (tmp_path / "ar.md").write_text(a, encoding="utf-8")
    (tmp_path / "en.md").write_text(e, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(tmp_path / "ar.md"), str(tmp_path / "en.md"), "--format", "json"],
                             obj={"encoder": enc})
    data = json.loads(res.stdout)
    errors = [(f["check"], f["src_lines"]) for f in data["findings"] if f["severity"] == "error"]
    # Arabic: heading 1, paragraph 3, code 5-7, list 9-11, link paragraph 13, last paragraph 15
    assert errors == [("omission", [10]), ("omission", [15])]
    assert data["signature"].endswith("|fail_on:error|input:markdown")


def test_markdown_dropped_link_is_a_tokens_finding(tmp_path):
    ar, en, enc = make_parallel(8, seed=11)
    a, e = _markdown_pair(ar, en)
    e = re.sub(r"\[(\w+)\]\(https://example.org/a\)", r"\1", e)
    assert "example.org" not in e
    a = a.replace("- ", "- ![](img/x.png) ", 1)
    src = read_document_text(tmp_path, "ar.md", a, "ar")
    tgt = read_document_text(tmp_path, "en.md", e, "en")
    result = check_documents(src, tgt, config=Config(), encoder=enc)
    tokens = [(f.check, f.src, f.tgt, f.message.split(": ", 1)[1]) for f in result.findings if f.check == "tokens"]
    assert tokens == [
        ("tokens", (3,), (3,), "img/x.png missing in the English"),
        ("tokens", (6,), (6,), "https://example.org/a missing in the English"),
    ]


def read_document_text(tmp_path, name, text, lang, fmt="markdown"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return read_document(str(tmp_path / name), lang, fmt=fmt, role="source" if lang == "ar" else "target")


def test_report_text_shows_markdown_as_written(tmp_path):
    ar, en, enc = make_parallel(8, seed=11)
    a, e = _markdown_pair(ar, en)
    e = e.replace(f"{en[7]}\n", "")
    src = read_document_text(tmp_path, "ar.md", a, "ar")
    tgt = read_document_text(tmp_path, "en.md", e, "en")
    out = render(check_documents(src, tgt, config=Config(), encoder=enc), "text")
    assert f"ar.md:15 ↔ {tgt.path}:—" in out


def _srt(cues) -> str:
    out = []
    for k, t in enumerate(cues, 1):
        out += [str(k), f"00:00:{2 * k:02d},000 --> 00:00:{2 * k + 1:02d},500", t, ""]
    return "\n".join(out)


def test_subtitles_cut_differently_in_each_language_align_without_findings(tmp_path):
    ar, en, enc = make_parallel(8, seed=12)
    words = en[5][:-1].split()
    half = len(words) // 2
    # the English puts the start of sentence 6 in cue 5's text, its end in cue 6
    en_cues = en[:5] + [" ".join(words[:half]), " ".join(words[half:]) + "."] + en[6:]
    en_cues[4] = en_cues[4] + " " + en_cues.pop(5)
    src = read_document_text(tmp_path, "ar.srt", _srt(ar), "ar", fmt="srt")
    tgt = read_document_text(tmp_path, "en.srt", _srt(en_cues), "en", fmt="srt")
    assert [s.paragraph for s in tgt.segments] == [0, 1, 2, 3, 4, 4, 4, 5, 6]
    result = check_documents(src, tgt, config=Config(), encoder=enc)
    assert [(f.check, f.src, f.tgt) for f in result.findings] == []
    assert [(b.src, b.tgt) for b in result.alignment.beads][5] == ((5,), (5, 6))


def test_renamed_key_is_missing_and_extra_not_moved(tmp_path):
    ar, en, enc = make_parallel(12, seed=5)
    keys = [f"k{k}" for k in range(12)]
    tgt = {("k3_renamed" if k == "k3" else k): t for k, t in zip(keys, en)}
    (tmp_path / "ar.json").write_text(json.dumps(dict(zip(keys, ar)), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "en.json").write_text(json.dumps(tgt), encoding="utf-8")
    uf = read_units(str(tmp_path / "ar.json"), str(tmp_path / "en.json"), fmt="json", source_lang="ar", target_lang="en")
    result = check_units(uf, config=Config(), encoder=enc)
    got = [(f.check, [result.source.segments[i].unit for i in f.src], [result.target.segments[j].unit for j in f.tgt])
           for f in result.findings]
    # the alignment checks would call this one sentence moved; by key it is a missing and an extra key
    assert got == [("missing_key", ["k3"], []), ("extra_key", [], ["k3_renamed"])]


def test_input_format_overrides_the_extension(tmp_path):
    ar, en, enc = make_parallel(6, seed=8)
    rows = "".join(f"{a}\t{e}\n" for a, e in zip(ar, en))
    (tmp_path / "pairs.txt").write_text(rows, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(tmp_path / "pairs.txt"), "--input-format", "tsv", "--format", "json"],
                             obj={"encoder": enc})
    data = json.loads(res.stdout)
    assert data["signature"].endswith("|input:tsv-units")
    assert [s["unit"] for s in data["source"]["segments"]] == ["1", "2", "3", "4", "5", "6"]
    assert "--input-format" in CliRunner().invoke(main, ["check", "--help"]).output
