"""Report renderers: text, json, markdown. Hand-made CheckResults (see report_cases.py)."""

from __future__ import annotations

import copy
import html
import json
import re

import jsonschema
import numpy as np
import pytest
from markdown_it import MarkdownIt

from aligncheck.errors import AlignCheckError, ConfigError
from aligncheck.report import RENDERERS, common, render
from aligncheck.report import json as json_report
from aligncheck.report import markdown as md_report
from aligncheck.report import text as text_report
from aligncheck.types import Bead, Finding, Severity

from report_cases import AR_LINES, EN_LINES, SIGNATURE, clean_result, make_result

ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
INJECTION = "[bold red]x[/] <script>alert(1)</script> [x](http://evil) ![](x) `code` *em* _u_ | a"


def injected(**kw):
    """The standard result with INJECTION appended to every source and target sentence."""
    ar = [[s + " " + INJECTION for s in line] for line in AR_LINES]
    en = [[s + " " + INJECTION for s in line] for line in EN_LINES]
    findings = [
        Finding(f.check, f.severity, f.src, f.tgt, f.message + " " + INJECTION, f.score)
        for f in make_result().findings
    ]
    return make_result(ar_lines=ar, en_lines=en, findings=findings, **kw)


def many_findings(n: int):
    """A result with ``n`` sentences per side and one long mismatch finding per pair."""
    ar = [["جملة عربية طويلة رقم %d " % i + "كلمة " * 60] for i in range(n)]
    en = [["English sentence number %d " % i + "word " * 60] for i in range(n)]
    beads = [Bead((i,), (i,), 0.1, -0.1) for i in range(n)]
    findings = [
        Finding("mismatch", Severity.ERROR if i % 3 else Severity.WARNING, (i,), (i,), "Bad.", 0.1)
        for i in range(n)
    ]
    return make_result(ar_lines=ar, en_lines=en, beads=beads, findings=findings)


# ---------------------------------------------------------------------------- registry


def test_registry_names_and_dispatch():
    result = make_result()
    assert set(RENDERERS) == {"text", "json", "markdown", "github", "sarif", "junit", "gitlab", "html", "csv"}
    for fmt, fn in RENDERERS.items():
        assert render(result, fmt) == fn(result)
    assert render(result) == text_report.render(result)  # text is the default


@pytest.mark.parametrize("fmt", ["xml", "", "JSON", None])
def test_unknown_format_is_a_config_error(fmt):
    with pytest.raises(ConfigError, match="unknown report format"):
        render(make_result(), fmt)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_renderers_are_deterministic_and_do_not_mutate(fmt):
    result = make_result()
    before = copy.deepcopy(result)
    assert render(result, fmt) == render(result, fmt)
    assert result == before


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_bad_index_is_an_internal_error(fmt):
    bad = Finding("omission", Severity.ERROR, (9,), (), "x")
    with pytest.raises(AlignCheckError, match="source segment index 9 .* ar.txt has 4"):
        render(make_result(findings=[bad]), fmt)


# ---------------------------------------------------------------------------- json


def test_json_matches_schema_and_required_shape():
    out = json_report.render(make_result())
    data = json.loads(out)
    jsonschema.Draft202012Validator(json_report.load_schema()).validate(data)

    assert data["schema_version"] == 1
    assert data["signature"] == SIGNATURE
    assert data["source"]["path"] == "ar.txt" and data["source"]["lang"] == "ar"
    assert data["source"]["segments"][2] == {
        "index": 2, "line": 3, "start": 54, "end": 82, "paragraph": 1,
        "text": "قرأ كتاباً عن تاريخ القاهرة.",
    }
    assert data["alignment"][0] == {"src": [0], "tgt": [0], "kind": "1-1", "score": 0.9123,
                                    "margin": 0.3142}
    assert data["alignment"][1] == {"src": [1], "tgt": [], "kind": "1-0", "score": None,
                                    "margin": None}
    omission, mismatch, addition = data["findings"]
    assert omission == {
        "check": "omission", "severity": "error", "src": [1], "tgt": [], "src_lines": [1],
        "tgt_lines": [], "message": "Source sentence has no translation.", "score": None,
        "src_text": "كان الجو بارداً جداً.", "tgt_text": "",
    }
    assert mismatch["score"] == 0.1235 and mismatch["src_lines"] == [3]
    assert mismatch["tgt_lines"] == [2]
    assert addition["src_text"] == "" and addition["tgt_lines"] == [3]
    assert data["summary"] == {
        "passed": False, "findings": 3,
        "counts": {"omission": 1, "mismatch": 1, "addition": 1},
        "by_severity": {"error": 2, "warning": 1, "info": 0},
        "segments": {"source": 4, "target": 4}, "beads": 5,
    }
    assert data["fail_on"] == "error" and data["notes"] == []


def test_json_formatting():
    out = json_report.render(make_result())
    assert out.startswith('{\n  "schema_version": 1,\n  "signature": ')
    assert out.endswith("}\n")
    assert "ذهب الطالب" in out  # ensure_ascii=False
    assert list(json.loads(out)) == [
        "schema_version", "signature", "fail_on", "notes", "source", "target", "alignment",
        "findings", "summary",
    ]


def test_json_segment_offsets_index_the_document_text():
    result = make_result()
    data = json.loads(json_report.render(result))
    for side, doc in (("source", result.source), ("target", result.target)):
        for seg in data[side]["segments"]:
            assert doc.text[seg["start"] : seg["end"]] == seg["text"]


def test_json_multi_segment_finding_joins_texts_and_lines():
    f = Finding("mismatch", Severity.INFO, (2, 3), (1,), "2-1 bead.", 0.5)
    data = json.loads(json_report.render(make_result(findings=[f])))
    (got,) = data["findings"]
    assert got["src_lines"] == [3, 3]
    assert got["src_text"] == "قرأ كتاباً عن تاريخ القاهرة. ثم عاد إلى البيت مساءً."
    assert data["summary"]["passed"] is True


def test_json_accepts_numpy_scalars():
    beads = [Bead((np.int64(0),), (0,), np.float32(0.912345), np.float64(0.25))]
    f = Finding("mismatch", Severity.ERROR, (np.int64(2),), (1,), "x", np.float32(0.1))
    data = json.loads(json_report.render(make_result(beads=beads, findings=[f])))
    assert data["alignment"][0]["score"] == 0.9123
    assert data["alignment"][0]["src"] == [0]
    assert data["findings"][0]["score"] == 0.1


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_json_non_finite_score_fails_loudly(bad):
    with pytest.raises(AlignCheckError, match="score of bead 0"):
        json_report.render(make_result(beads=[Bead((0,), (0,), bad, 0.1)]))


def test_json_keeps_exact_text_but_escapes_control_characters():
    nasty = "a\x1b[31mred\x9b2Jb\u2028c\x00"
    out = json_report.render(make_result(ar_lines=[[nasty]], findings=[], beads=[]))
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", out.replace("\n", ""))
    assert json.loads(out)["source"]["segments"][0]["text"] == nasty


@pytest.mark.parametrize(
    "path",
    [
        ("signature",),
        ("schema_version",),
        ("source", "segments", 0, "line"),
        ("target", "lang"),
        ("alignment", 0, "score"),
        ("findings", 0, "severity"),
        ("findings", 1, "tgt_lines"),
        ("summary", "by_severity", "info"),
        ("summary", "passed"),
    ],
)
def test_schema_rejects_a_missing_required_field(path):
    data = json.loads(json_report.render(make_result()))
    node = data
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_report.load_schema())


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(schema_version=2),
        lambda d: d.update(unexpected=1),
        lambda d: d["findings"][0].update(severity="fatal"),
        lambda d: d["findings"][0].update(src=[-1]),
        lambda d: d["alignment"][0].update(score=1.5),
        lambda d: d["source"]["segments"][0].update(line=0),
    ],
)
def test_schema_rejects_wrong_values(change):
    data = json.loads(json_report.render(make_result()))
    change(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_report.load_schema())


def test_schema_is_valid_draft_2020_12_and_accepts_edge_cases():
    schema = json_report.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for result in (clean_result(), injected(fail_on="never"), many_findings(5)):
        jsonschema.validate(json.loads(json_report.render(result)), schema)


# ---------------------------------------------------------------------------- text


def test_text_layout():
    out = text_report.render(make_result())
    lines = out.splitlines()
    assert lines[0] == "✗ FAILED: 2 errors, 1 warning in ar.txt ↔ en.txt (4 ↔ 4 segments)"
    assert lines[-1] == f"signature: {SIGNATURE}"
    assert out.endswith("\n")
    block = out.split("\n\n")[1].splitlines()
    assert block == [
        "error   omission  ar.txt:1 ↔ en.txt:—",
        "  Source sentence has no translation.",
        "  ar: كان الجو بارداً جداً.",  # Arabic as written, not reshaped
        "  en: (none)",
    ]
    assert "error   mismatch  ar.txt:3 ↔ en.txt:2  (score 0.12)" in lines
    assert "  ar: (none)" in lines and "  en: Click here to subscribe to our newsletter." in lines


def test_text_passed_summaries():
    first = text_report.render(clean_result()).splitlines()[0]
    assert first == "✓ passed: no findings in ar.txt ↔ en.txt (2 ↔ 2 segments)"
    warn = [f for f in make_result().findings if f.severity is Severity.WARNING]
    first = text_report.render(make_result(findings=warn)).splitlines()[0]
    assert first == "✓ passed: 1 warning (fail-on: error) in ar.txt ↔ en.txt (4 ↔ 4 segments)"
    first = text_report.render(make_result(fail_on="never")).splitlines()[0]
    assert first.startswith("✓ passed: 2 errors, 1 warning (fail-on: never)")


def test_text_shows_notes_after_summary():
    out = text_report.render(make_result(notes=["bilingual file split by script"]))
    assert out.splitlines()[1] == "note: bilingual file split by script"


def test_text_color_only_adds_sgr_codes():
    result = make_result()
    plain = text_report.render(result, color=False)
    colored = text_report.render(result, color=True)
    assert "\x1b" not in plain
    assert "\x1b[" in colored
    assert ANSI_RE.sub("", colored) == plain


def test_text_color_ignores_no_color_env(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b[" in text_report.render(make_result(), color=True)


@pytest.mark.parametrize("color", [False, True])
def test_text_input_cannot_inject_markup_or_escapes(color):
    result = injected(
        signature="sig \x1b]0;owned\x07 [blink]x[/blink]",
        notes=["note \x1b[2J"],
        src_path="ar[red].txt",
    )
    out = text_report.render(result, color=color)
    visible = ANSI_RE.sub("", out)
    assert "[bold red]x[/]" in visible  # shown literally
    assert "[blink]x[/blink]" in visible
    assert "ar[red].txt:1" in visible
    assert "\\x1b]0;owned\\x07" in visible  # escapes made visible
    assert "\x07" not in out
    # The only ESC bytes are rich's own SGR codes.
    assert "\x1b" not in visible


def test_text_truncates_long_texts_only_in_text():
    long_ar = "كلمةٌ " * 100
    result = make_result(ar_lines=[[long_ar.strip()]], findings=[
        Finding("omission", Severity.ERROR, (0,), (), "m")], beads=[Bead((0,), ())])
    out = text_report.render(result)
    (ar_line,) = [ln for ln in out.splitlines() if ln.startswith("  ar: ")]
    shown = ar_line[len("  ar: "):]
    assert shown.endswith("…") and len(shown) <= text_report.TEXT_LIMIT
    assert not shown[:-1].endswith("\u064c" + " ")  # cut at a word end, marks kept
    assert json.loads(json_report.render(result))["findings"][0]["src_text"] == long_ar.strip()


def test_text_flattens_line_breaks_in_a_segment():
    result = make_result(ar_lines=[["سطر أول\nسطر ثان\r\nثالث\tرابع"]], beads=[Bead((0,), ())],
                         findings=[Finding("omission", Severity.ERROR, (0,), (), "m")])
    assert "  ar: سطر أول سطر ثان ثالث رابع" in text_report.render(result).splitlines()


# ---------------------------------------------------------------------------- markdown


def md_html(source: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(source)


def test_markdown_layout():
    out = md_report.render(make_result())
    lines = out.splitlines()
    assert lines[0] == "### ❌ aligncheck failed: 2 errors, 1 warning"
    assert "| 1 | 🔴 error | omission | ar.txt&#58;1 | — | Source sentence has no translation. |" in lines
    assert lines[-1].startswith("<sub>signature: ") and lines[-1].endswith("</sub>")
    assert out.count("<details>") == 3 and out.count("</details>") == 3
    page = md_html(out)
    assert page.count("<table>") == 4
    assert "<td>كان الجو بارداً جداً.</td>" in page
    assert "<td>He ate an apple in the garden.</td>" in page
    assert html.unescape(re.sub("<[^>]+>", "", page)).count(SIGNATURE.replace("@", "@\u200b")) == 1


def test_markdown_passed_heading():
    assert md_report.render(clean_result()).startswith("### ✅ aligncheck passed: no findings\n")
    assert "| # |" not in md_report.render(clean_result())


def test_markdown_input_renders_as_literal_text():
    out = md_report.render(injected(signature="sig ![](x) <img src=x>", src_path="a|b.txt"))
    for raw in ("<script", "](", "![", "`", "<img", "*em*", "_u_"):
        assert raw not in out
    page = md_html(out)
    baseline = md_html(md_report.render(make_result()))
    for tag in ("<script", "<a ", "<img", "<em>", "<strong>", "<code>", "<table>", "<td>"):
        assert page.count(tag) == baseline.count(tag), tag  # only our own markup
    text = html.unescape(re.sub("<[^>]+>", "", page))
    assert INJECTION in text
    # Every table row still has its 7 cell borders (no "|" leaked from the input).
    rows = [ln for ln in out.splitlines() if ln.startswith("| ") and ln[2].isdigit()]
    assert len(rows) == 3 and all(r.count("|") == 7 for r in rows)


def test_markdown_neutralises_autolinks_and_mentions():
    text = "see http://evil.example and www.evil.example, mail a@b.com, ping @octocat"
    out = common.md_escape(text)
    assert "http://" not in out and "www." not in out and "@o" not in out and "@b" not in out
    assert html.unescape(out).replace("\u200b", "") == text


def test_markdown_stays_under_60_kib_and_counts_the_rest():
    result = many_findings(2000)
    out = md_report.render(result)
    assert len(out.encode("utf-8")) < 60 * 1024
    shown = sum(1 for ln in out.splitlines() if ln.startswith("| ") and ln[2].isdigit())
    assert 10 < shown < 2000
    assert f"… and {2000 - shown} more findings not shown (" in out
    assert out.splitlines()[-1].startswith("<sub>signature:")


def test_markdown_huge_single_text_is_truncated():
    result = make_result(ar_lines=[["ك" * 200_000]], beads=[Bead((0,), ())],
                         findings=[Finding("omission", Severity.ERROR, (0,), (), "m")])
    out = md_report.render(result)
    assert len(out.encode("utf-8")) < 60 * 1024 and "…" in out
    assert "more findings not shown" not in out


# ---------------------------------------------------------------------------- common


def test_truncate_keeps_combining_marks_with_their_letter():
    text = "ب" + "\u064e" * 3 + "x" * 10
    assert common.truncate("abc", 5) == "abc"
    cut = common.truncate(text, 3)
    assert cut == "ب…"
    assert len(common.truncate("word " * 100, 200)) <= 200


def test_clean_and_line_span():
    assert common.clean(" a\r\n b\x1b[0m\x9b ") == "a b\\x1b[0m\\x9b"
    assert common.clean("\u200fمرحبا\u200f") == "\u200fمرحبا\u200f"  # bidi marks kept
    assert common.line_span([]) == "" and common.line_span([3, 3]) == "3"
    assert common.line_span([4, 2]) == "2-4"


def test_counts_phrase():
    assert common.counts_phrase(make_result()) == "2 errors, 1 warning"
    assert common.counts_phrase(clean_result()) == "no findings"
    infos = [Finding("x", Severity.INFO, (0,), (0,), "m")] * 2
    assert common.counts_phrase(make_result(findings=infos)) == "2 info"


def test_markdown_worst_case_escaping_and_many_notes_stay_under_60_kib():
    worst = "@|" * 50_000  # every character expands to an 8-byte escape
    n = 50
    ar = [[f"{i} " + worst] for i in range(n)]
    en = [[f"{i} " + worst] for i in range(n)]
    findings = [Finding("mismatch" + worst, Severity.ERROR, (i,), (i,), worst, 0.1) for i in range(n)]
    result = make_result(ar_lines=ar, en_lines=en, beads=[Bead((i,), (i,)) for i in range(n)],
                         findings=findings, notes=[worst] * 100, signature=worst,
                         src_path=worst, tgt_path=worst)
    out = md_report.render(result)
    assert len(out.encode("utf-8")) < 60 * 1024
    assert "- … and 90 more notes" in out
    assert "more findings not shown" in out
