"""CLI: several reports from one run (--output-FORMAT), the GitHub job summary, CI formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from aligncheck.cli import FORMATS, main
from aligncheck.report import RENDERERS
from tests.fakes import make_parallel


@pytest.fixture()
def pair(tmp_path):
    ar, en, enc = make_parallel(6, seed=3)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en_missing.txt").write_text("\n".join(en[:2] + en[3:]) + "\n", encoding="utf-8")
    return tmp_path, enc


def run(args, encoder, **kw):
    return CliRunner().invoke(main, args, obj={"encoder": encoder}, **kw)


def base(d):
    return ["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines"]


def test_every_renderer_is_a_cli_format():
    assert set(FORMATS) == set(RENDERERS)


def test_several_reports_from_one_run(pair):
    d, enc = pair
    outs = {fmt: d / f"report.{fmt}" for fmt in ("json", "sarif", "junit", "gitlab", "html", "markdown")}
    args = base(d) + [a for fmt, p in outs.items() for a in (f"--output-{fmt}", str(p))]
    r = run(args, enc)
    assert r.exit_code == 1
    assert r.stdout.startswith("✗ FAILED")  # the --format report still goes to stdout
    report = json.loads(outs["json"].read_text("utf-8"))
    assert [(f["check"], f["src_lines"]) for f in report["findings"]] == [("omission", [3])]
    sarif = json.loads(outs["sarif"].read_text("utf-8"))
    assert [res["ruleId"] for res in sarif["runs"][0]["results"]] == ["omission"]
    junit = ET.parse(outs["junit"]).getroot()
    assert junit.get("failures") == "1"
    gitlab = json.loads(outs["gitlab"].read_text("utf-8"))
    assert [(i["check_name"], i["location"]["lines"]["begin"]) for i in gitlab] == [("aligncheck/omission", 2)]
    assert outs["html"].read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "omission" in outs["markdown"].read_text("utf-8")
    # one embedding pass served all reports
    assert len([t for call in enc.calls for t in call]) == len(set(t for call in enc.calls for t in call))


def test_github_format_on_stdout(pair):
    d, enc = pair
    r = run(base(d) + ["--format", "github"], enc)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    # the omission of Arabic line 3 is annotated where it is missing: after English line 2
    assert lines[0].startswith(f"::error file={d / 'en_missing.txt'},line=2,title=aligncheck omission (")
    assert len(lines) == 2
    assert lines[-1].startswith("aligncheck FAILED: 1 error")


def test_two_reports_to_one_file_is_a_usage_error(pair):
    d, enc = pair
    r = run(base(d) + ["--output-json", str(d / "x"), "--output-sarif", str(d / "x")], enc)
    assert r.exit_code == 2
    assert "same file" in r.stderr
    assert not (d / "x").exists()


def test_job_summary_is_appended_when_github_asks_for_it(pair, monkeypatch):
    d, enc = pair
    summary = d / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = run(base(d), enc)
    assert r.exit_code == 1 and r.stderr == ""
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n### ❌ aligncheck failed: 1 error")
    assert len(text.encode("utf-8")) < 1024 * 1024
    run(base(d), enc)
    assert summary.read_text("utf-8").count("### ❌ aligncheck failed") == 2


def test_no_job_summary_without_the_variable_and_a_warning_when_unwritable(pair, monkeypatch, tmp_path):
    d, enc = pair
    r = run(base(d), enc)
    assert r.stderr == ""
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no-such-dir" / "summary.md"))
    r = run(base(d), enc)
    assert r.exit_code == 1
    assert r.stderr.startswith("warning: cannot append the job summary")


def test_quiet_is_accepted_by_every_checking_command(pair):
    d, enc = pair
    r = run(base(d) + ["--quiet"], enc)
    assert r.exit_code == 1 and r.stderr == ""


def test_check_reads_the_project_file_and_flags_override_it(pair, monkeypatch):
    d, enc = pair
    monkeypatch.chdir(d)
    (d / "aligncheck.toml").write_text('segmentation = "lines"\nfail_on = "never"\n', encoding="utf-8")
    args = ["check", "ar.txt", "en_missing.txt", "--format", "json"]
    r = run(args, enc)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["fail_on"] == "never" and "seg:lines" in report["signature"]
    assert run(args + ["--fail-on", "error"], enc).exit_code == 1
    other = d / "conf" / "strict.toml"
    other.parent.mkdir()
    other.write_text('segmentation = "lines"\nfail_on = "error"\n', encoding="utf-8")
    assert run(args + ["--config", str(other)], enc).exit_code == 1
    (d / "aligncheck.toml").write_text('segmentation = "lines"\nfial_on = "never"\n', encoding="utf-8")
    r = run(args, enc)
    assert r.exit_code == 2 and "unknown configuration key 'fial_on'" in r.stderr
