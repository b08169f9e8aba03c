"""The CLI contract: one test per exit code, stdout and stderr apart, no traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from aligncheck.errors import ModelError
from tests.fakes import make_parallel


class Failing:
    signature = "fake:failing"

    def __init__(self, exc):
        self.exc = exc

    def encode(self, texts):
        raise self.exc


@pytest.fixture()
def pair(tmp_path):
    ar, en, enc = make_parallel(6, seed=3)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "en_missing.txt").write_text("\n".join(en[:2] + en[3:]) + "\n", encoding="utf-8")
    return tmp_path, enc


def run(args, encoder=None, **kw):
    return CliRunner().invoke(main, args, obj={"encoder": encoder} if encoder else None, **kw)


def test_exit_0_when_the_translation_is_faithful(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--segmentation", "lines"], enc)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("✓ passed")
    assert r.stderr == ""
    assert "signature: aligncheck:" in r.stdout


def test_exit_1_with_json_report_on_stdout_when_a_sentence_is_missing(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines", "--format", "json"], enc)
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    assert [(f["check"], f["src"], f["tgt"]) for f in report["findings"]] == [("omission", [2], [])]
    assert report["summary"]["passed"] is False
    assert r.stderr == ""


def test_fail_on_never_turns_the_gate_off(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines", "--fail-on", "never"], enc)
    assert r.exit_code == 0
    assert "omission" in r.stdout


def test_output_file_gets_the_report_and_stdout_stays_empty(pair):
    d, enc = pair
    out = d / "report.md"
    r = run(["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines",
             "--format", "markdown", "--output", str(out)], enc)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "omission" in out.read_text(encoding="utf-8")


def test_exit_2_for_a_bad_option(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--fail-on", "sometimes"], enc)
    assert r.exit_code == 2
    assert "sometimes" in r.stderr


def test_exit_2_for_a_bad_language_code(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--source-lang", "arabic!"], enc)
    assert r.exit_code == 2
    assert r.stderr.startswith("error: source_lang must be an ISO 639 code")


@pytest.mark.parametrize("which", ["ar", "en"])
def test_exit_3_for_a_missing_file_names_it(pair, which):
    d, enc = pair
    files = {"ar": str(d / "ar.txt"), "en": str(d / "en.txt")}
    files[which] = str(d / "nope.txt")
    r = run(["check", files["ar"], files["en"]], enc)
    assert r.exit_code == 3
    assert "nope.txt" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_exit_3_for_an_empty_target_file(pair):
    d, enc = pair
    (d / "empty.txt").write_bytes(b"")
    r = run(["check", str(d / "ar.txt"), str(d / "empty.txt")], enc)
    assert r.exit_code == 3
    assert r.stderr.strip() == f"error: target file {d / 'empty.txt'} is empty (no sentences)"


def test_exit_3_for_swapped_files_suggests_the_swap(pair):
    d, enc = pair
    r = run(["check", str(d / "en.txt"), str(d / "ar.txt")], enc)
    assert r.exit_code == 3
    assert "swapped" in r.stderr


def test_exit_4_when_the_model_fails(pair):
    d, _ = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt")], Failing(ModelError("model went away")))
    assert r.exit_code == 4
    assert r.stderr.strip() == "error: model went away"


def test_exit_123_for_an_internal_error_without_traceback_unless_debug(pair):
    d, _ = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt")], Failing(RuntimeError("boom")))
    assert r.exit_code == 123
    assert "internal error (RuntimeError: boom)" in r.stderr
    assert "Traceback" not in r.stderr
    r = run(["--debug", "check", str(d / "ar.txt"), str(d / "en.txt")], Failing(RuntimeError("boom")))
    assert r.exit_code == 123
    assert "Traceback" in r.stderr


def test_bilingual_file_is_split_by_script_and_says_so(pair):
    d, enc = pair
    text = (d / "ar.txt").read_text(encoding="utf-8") + (d / "en.txt").read_text(encoding="utf-8")
    (d / "both.txt").write_text(text, encoding="utf-8")
    r = run(["check", str(d / "both.txt"), "--segmentation", "lines", "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    assert len(report["source"]["segments"]) == 6 and len(report["target"]["segments"]) == 6
    assert report["target"]["segments"][0]["line"] == 7
    assert any("split by script" in n for n in report["notes"])


def test_no_color_codes_when_not_a_terminal(pair, monkeypatch):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines"], enc)
    assert "\x1b[" not in r.stdout
    r = run(["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines", "--color"], enc)
    assert "\x1b[" in r.stdout


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "aligncheck", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "check" in r.stdout


def test_legacy_encoding_is_refused_with_the_option_that_reads_it(pair):
    d, enc = pair
    (d / "ar1256.txt").write_bytes("تعمل البلدية على توسيع شبكة الحافلات في المدينة.\n".encode("cp1256"))
    r = run(["check", str(d / "ar1256.txt"), str(d / "en.txt")], enc)
    assert r.exit_code == 3
    assert "windows-1256" in r.stderr and "--encoding" in r.stderr and "offset 0" in r.stderr
    r = run(["check", str(d / "ar1256.txt"), str(d / "en.txt"), "--source-encoding", "windows-1256", "--fail-on", "never",
             "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["source"]["segments"][0]["text"] == "تعمل البلدية على توسيع شبكة الحافلات في المدينة."


def test_output_respects_umask_follows_symlinks_and_refuses_an_input(pair, tmp_path):
    import os
    import stat

    d, enc = pair
    old = os.umask(0o022)
    try:
        out = tmp_path / "report.txt"
        r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--segmentation", "lines", "-o", str(out)], enc)
        assert r.exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(old)
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--segmentation", "lines", "-o", str(link)], enc)
    assert r.exit_code == 0
    assert link.is_symlink() and "passed" in real.read_text(encoding="utf-8")
    before = (d / "en.txt").read_bytes()
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "-o", str(d / "en.txt")], enc)
    assert r.exit_code == 2 and "is an input file" in r.stderr
    assert (d / "en.txt").read_bytes() == before


def test_output_to_a_device_writes_through_it(pair):
    import os

    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--segmentation", "lines", "-o", os.devnull], enc)
    assert r.exit_code == 0
    import stat

    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_device_as_input_is_an_input_error(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), "/dev/zero"], enc)
    assert r.exit_code == 3 and "is a device" in r.stderr


def test_non_text_codec_is_a_usage_error(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--encoding", "rot13"], enc)
    assert r.exit_code == 2 and "not a text encoding" in r.stderr


def test_model_revision_without_model_is_a_usage_error(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt"), "--model-revision", "abc"], enc)
    assert r.exit_code == 2


def test_severity_override_turns_an_omission_into_a_warning_that_passes_the_gate(pair):
    d, enc = pair
    args = ["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines", "--format", "json"]
    r = run(args + ["--severity", "omission=warning"], enc)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert [(f["check"], f["severity"]) for f in report["findings"]] == [("omission", "warning")]
    assert "sev:omission=warning" in report["signature"]


def test_disable_removes_a_check_and_names_it_in_the_signature(pair):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en_missing.txt"), "--segmentation", "lines", "--format", "json",
             "--disable", "omission"], enc)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["findings"] == []
    assert "off:omission" in report["signature"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--disable", "nope"], "Invalid value for '--disable'"),
        (["--severity", "omission"], "--severity takes CHECK=LEVEL"),
        (["--severity", "omission=loud"], "severity of 'omission' must be one of error, warning, info"),
        (["--severity", "nope=error"], "unknown check id 'nope' in severity"),
    ],
)
def test_bad_check_options_are_usage_errors(pair, args, message):
    d, enc = pair
    r = run(["check", str(d / "ar.txt"), str(d / "en.txt")] + args, enc)
    assert r.exit_code == 2
    assert message in r.stderr


