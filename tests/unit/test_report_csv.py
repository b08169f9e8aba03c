"""CSV report (:mod:`aligncheck.report.csv`): the rows of the hand-made standard case, quoting,
formula injection from untrusted text, several pairs, units, and the CLI.

Expected rows are written from the standard case described in ``report_cases.py`` (which
sentence is on which line, which bead leaves which sentence out), not read back from the
renderer.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from aligncheck.report import RENDERERS, render, render_many
from aligncheck.report import csv as csv_report
from aligncheck.types import Bead, Finding, Severity
from tests.fakes import make_parallel

from report_cases import make_result

HEADER = ["file", "line", "source_file", "source_line", "unit", "check", "severity", "message",
          "source_text", "target_text"]


def parse(out: str) -> list[list[str]]:
    """The records of a CSV report, as Python's csv module reads the file (``utf-8-sig``)."""
    assert out.startswith("\ufeff")  # the byte-order mark Excel needs for Arabic
    data = out.encode("utf-8").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


def test_registered_as_a_report_format():
    assert RENDERERS["csv"] is csv_report.render


def test_standard_case_rows():
    rows = parse(render(make_result(), "csv"))
    assert rows == [
        HEADER,
        # ar [1] (line 1) has no translation; its bead follows the bead of en line 1
        ["en.txt", "1", "ar.txt", "1", "", "omission", "error", "Source sentence has no translation.",
         "كان الجو بارداً جداً.", ""],
        ["en.txt", "2", "ar.txt", "3", "", "mismatch", "error", "Translation does not match the source.",
         "قرأ كتاباً عن تاريخ القاهرة.", "He ate an apple in the garden."],
        ["en.txt", "3", "ar.txt", "", "", "addition", "warning", "Target sentence has no source.",
         "", "Click here to subscribe to our newsletter."],
    ]


def test_every_field_is_quoted_and_lines_end_in_lf():
    out = render(make_result(), "csv")
    lines = out[1:].split("\n")
    assert lines[-1] == "" and len(lines) == 5
    assert "\r" not in out
    assert lines[0] == ",".join(f'"{h}"' for h in HEADER)
    assert lines[3] == ('"en.txt","3","ar.txt","","","addition","warning","Target sentence has no source.",'
                        '"","Click here to subscribe to our newsletter."')


def test_no_findings_is_the_header_alone():
    assert parse(render(make_result(findings=[]), "csv")) == [HEADER]


@pytest.mark.parametrize("text, shown", [
    ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'=1+1"),  # white space is cleaned first: the formula is still neutralised
    ("\r\n=1+1", "'=1+1"),
    ("a = b, \"quoted\"\nsecond line", "a = b, \"quoted\" second line"),  # inner '=' is harmless
    ("'=already quoted", "'=already quoted"),
])
def test_untrusted_text_cannot_become_a_formula(text, shown):
    ar = [["جملة عربية."]]
    res = make_result(ar_lines=ar, en_lines=[[text]], beads=[Bead((0,), (0,), 0.1, -0.1)],
                      findings=[Finding("mismatch", Severity.ERROR, (0,), (0,), text, 0.1)], src_path=text + ".txt")
    rows = parse(render(res, "csv"))
    assert len(rows) == 2
    file_, line, source_file, source_line, unit, check, severity, message, source_text, target_text = rows[1]
    assert target_text == shown and message == shown
    assert source_file == shown + ".txt"
    for value in rows[1]:
        assert not value.startswith(csv_report.FORMULA_START), value


def test_control_characters_and_long_text_are_made_safe():
    long = "word " * 5000  # 25,000 code points
    res = make_result(en_lines=[["d"], ["a\x1b[31mred\x1b[0m\u2028b"], [long], ["e"]])
    out = render(res, "csv")
    assert "\x1b" not in out and "\u2028" not in out
    _, mismatch, addition = parse(out)[1:]
    assert mismatch[5] == "mismatch" and mismatch[9] == "a\\x1b[31mred\\x1b[0m b"
    assert addition[5] == "addition"
    assert len(addition[9]) <= csv_report.CELL_LIMIT and addition[9].endswith("…")
    assert addition[9].startswith("word word")


def test_several_pairs_share_one_header():
    a = make_result()
    b = make_result(src_path="docs/ar2.txt", tgt_path="./docs/en2.txt", findings=[a.findings[0]])
    rows = parse(render_many([a, b], "csv"))
    assert rows[0] == HEADER
    assert [r[:6] for r in rows[1:]] == [
        ["en.txt", "1", "ar.txt", "1", "", "omission"],
        ["en.txt", "2", "ar.txt", "3", "", "mismatch"],
        ["en.txt", "3", "ar.txt", "", "", "addition"],
        ["docs/en2.txt", "1", "docs/ar2.txt", "1", "", "omission"],
    ]


def _catalogs(tmp_path):
    ar, en, enc = make_parallel(8, seed=31)
    src = {f"k{k}": a for k, a in enumerate(ar)}
    tgt = {f"k{k}": e for k, e in enumerate(en) if k != 5}
    (tmp_path / "ar.json").write_text(json.dumps(src, ensure_ascii=False, indent=1), encoding="utf-8")
    (tmp_path / "en.json").write_text(json.dumps(tgt, ensure_ascii=False, indent=1), encoding="utf-8")
    return ar, enc


def test_cli_csv_of_a_catalog_names_the_unit(tmp_path, monkeypatch):
    ar, enc = _catalogs(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "ar.json", "en.json", "--format", "csv"], obj={"encoder": enc})
    assert r.exit_code == 1, r.stderr
    rows = parse(r.stdout)
    # k5 is on line 7 of ar.json (indent=1: "{" then one key a line); anchored after en k4 (line 6)
    assert rows[1:] == [["en.json", "6", "ar.json", "7", "k5", "missing_key", "error", rows[1][7], ar[5], ""]]
    assert rows[1][7].startswith("unit k5 (ar.json line 7) has no en translation")


def test_cli_output_csv_beside_another_report(tmp_path, monkeypatch):
    _, enc = _catalogs(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "ar.json", "en.json", "--format", "json", "--output-csv", "f.csv"],
                           obj={"encoder": enc})
    assert r.exit_code == 1, r.stderr
    assert [f["check"] for f in json.loads(r.stdout)["findings"]] == ["missing_key"]
    with open(tmp_path / "f.csv", encoding="utf-8-sig", newline="") as fh:
        assert [row["check"] for row in csv.DictReader(fh)] == ["missing_key"]
