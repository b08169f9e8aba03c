"""The QA checks from the command line: --glossary, --max-length, --disable/--severity with the new
ids, and the exit code of a bad glossary (fake encoder)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import make_parallel


def _run(args, encoder):
    return CliRunner().invoke(main, args, obj={"encoder": encoder})


def _pair(tmp_path):
    ar, en, enc = make_parallel(6, seed=3)
    ar[2] = "قالت وزارة الصحة " + ar[2]
    en[2] = "The Health Ministry said " + en[2]
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "g.csv").write_text("ar,en\nوزارة الصحة,Ministry of Health\n", encoding="utf-8")
    return tmp_path, enc


def test_glossary_option_reports_the_term_and_its_translation(tmp_path):
    d, enc = _pair(tmp_path)
    base = ["check", str(d / "ar.txt"), str(d / "en.txt"), "--segmentation", "lines", "--format", "json"]
    r = _run(base + ["--glossary", str(d / "g.csv")], enc)
    assert r.exit_code == 0, r.output   # a warning does not fail the default gate
    found = [(f["check"], f["severity"], f["src"]) for f in json.loads(r.stdout)["findings"] if f["check"] == "terminology"]
    assert found == [("terminology", "warning", [2])]
    msg = next(f["message"] for f in json.loads(r.stdout)["findings"] if f["check"] == "terminology")
    assert "«وزارة الصحة» should be translated as «Ministry of Health»" in msg
    r = _run(base + ["--glossary", str(d / "g.csv"), "--severity", "terminology=error"], enc)
    assert r.exit_code == 1
    r = _run(base + ["--glossary", str(d / "g.csv"), "--disable", "terminology"], enc)
    assert not any(f["check"] == "terminology" for f in json.loads(r.stdout)["findings"])
    r = _run(base, enc)   # no glossary, no terminology finding
    assert not any(f["check"] == "terminology" for f in json.loads(r.stdout)["findings"])


def test_a_missing_glossary_is_an_input_error(tmp_path):
    d, enc = _pair(tmp_path)
    r = _run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--glossary", str(d / "none.csv")], enc)
    assert r.exit_code == 3
    assert "glossary" in r.stderr and "does not exist" in r.stderr


def test_max_length_option_on_units(tmp_path):
    enc = make_parallel(2, seed=1)[2]
    (tmp_path / "t.csv").write_text("id,en,ar\n1,Save,حفظ\n2,Cancel,إلغاء العملية الحالية\n", encoding="utf-8")
    r = _run(["check", str(tmp_path / "t.csv"), "--source-lang", "en", "--target-lang", "ar", "--max-length", "10",
              "--format", "json", "--fail-on", "never"], enc)
    assert r.exit_code == 0, r.output
    found = [(f["check"], f["src"]) for f in json.loads(r.stdout)["findings"] if f["check"] == "length"]
    assert found == [("length", [1])]
