"""attack19 A2 (Markdown text readers see that the check never read), the cases of s19-14fix's
first fix kept as extra regression tests for s19-14md's fix (the lead merges s19-14md's A2; on
s19-14fix alone, which has no A2 fix, the HTML cases fail: checked with
PYTHONPATH=/work/wt-14md). Fake encoder, CLI level, exit code and findings asserted."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.test_untrusted import run
from tests.fakes import make_parallel

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def _md_pair(tmp_path, extra_en="", extra_ar="", en_code="curl https://example.org/api/v2 --retry 3"):
    ar, en, enc = make_parallel(4, seed=21)
    _, other, _ = make_parallel(2, seed=99)  # English that translates nothing in the source
    code = "```sh\n{cmd}  # {comment}\n```\n"
    (tmp_path / "ar.md").write_text(f"# {ar[0]}\n\n{code.format(cmd='curl https://example.org/api/v2 --retry 3', comment='مثال')}\n"
                                     f"{ar[1]}\n\n{ar[2]}\n\n{ar[3]}\n{extra_ar}", encoding="utf-8")
    (tmp_path / "en.md").write_text(f"# {en[0]}\n\n{code.format(cmd=en_code, comment='an example')}\n"
                                    f"{en[1]}\n\n{en[2]}\n\n{en[3]}\n{extra_en.format(spam=other[0])}", encoding="utf-8")
    return enc, other[0]


def test_a_faithful_markdown_pair_with_html_and_code_passes(tmp_path):
    # the same HTML block and code on both sides (the comment translated): no finding
    enc, _ = _md_pair(tmp_path)
    r = run(["check", tmp_path / "ar.md", tmp_path / "en.md"], enc)
    assert r.exit_code == 0, r.stdout + r.stderr


@pytest.mark.parametrize("hidden", [
    "\n<p>{spam}</p>\n",
    "\n<div>\n{spam}\n</div>\n",
    "\n<details open><summary>{spam}</summary>\n",
    "\n<table><tr><td>{spam}</td></tr></table>\n",
    "\n<!-- x --!> {spam} -->\n",
    "\nA last word <!-- x --!> {spam} -->\n",
])
def test_text_readers_see_in_markdown_html_is_checked(tmp_path, hidden):
    enc, spam = _md_pair(tmp_path, extra_en=hidden)
    r = run(["check", tmp_path / "ar.md", tmp_path / "en.md", "--format", "json"], enc)
    # old code: exit 0, no finding (the HTML block or the comment ended by "--!>" was not text)
    assert r.exit_code == 1, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert [f["check"] for f in report["findings"] if f["severity"] == "error"] == ["addition"]
    assert spam in report["findings"][0]["tgt_text"]
