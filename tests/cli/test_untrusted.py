"""A pull request is untrusted (issue #14): it may not run code, write or read outside the
repository, inject into the CI log, hide text or switch off the gate.

Each test reproduces one attack of the issue against the command line (fake encoder, a
temporary git repository) and asserts the exact exit code and one-line message; each failed on
the code before the fix (commit 8ed8e55). Table of defects, fixes and tests: bench/HOSTILE.md.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import types

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import BagOfConceptsEncoder, make_parallel

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

PAIRS = """\
[tool.aligncheck]
segmentation = "lines"
{extra}
[[tool.aligncheck.pairs]]
source = "content/ar/*.txt"
target = "content/en/{{name}}"
"""


def run(args, encoder=None):
    return CliRunner().invoke(main, [str(a) for a in args], obj={"encoder": encoder} if encoder else None)


def one_line_error(r) -> str:
    """The stderr of a failed run, asserted to be one line without a traceback."""
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(root)})


def write(root, rel, lines):
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """A git repository ``repo/`` (the current folder) whose base commit holds a project file and
    one faithful pair ``content/ar/a.txt`` / ``content/en/a.txt`` (6 lines); ``outside/`` beside
    it stands for the runner's files outside the checkout."""
    ar, en, enc = make_parallel(6, seed=11)
    root = tmp_path / "repo"
    write(root, "content/ar/a.txt", ar)
    write(root, "content/en/a.txt", en)
    (root / "pyproject.toml").write_text(PAIRS.format(extra=""), encoding="utf-8")
    (tmp_path / "outside").mkdir()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    monkeypatch.chdir(root)
    return root, ar, en, enc


# ------------------------------------------------------------------- 1. remote code


class _FakeSentenceTransformer:
    calls: list = []

    def __init__(self, name, **kwargs):
        type(self).calls.append((name, kwargs))

    def get_sentence_embedding_dimension(self):
        return 8

    def encode(self, texts, **kw):
        import numpy as np

        return np.stack([np.eye(8, dtype=np.float32)[len(t) % 8] for t in texts])


@pytest.fixture()
def fake_st(monkeypatch):
    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = _FakeSentenceTransformer
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    _FakeSentenceTransformer.calls = []
    return _FakeSentenceTransformer


def test_trust_remote_code_does_not_reach_a_model_the_project_file_names(repo, fake_st):
    root, *_ = repo
    (root / "pyproject.toml").write_text(PAIRS.format(extra='model = "./models-evil"\n'), encoding="utf-8")
    (root / "models-evil").mkdir()
    r = run(["ci", "--no-cache", "--trust-remote-code"])
    assert r.exit_code == 2
    assert one_line_error(r) == (
        "error: --trust-remote-code applies only to a model named with --model on the command line, not to the "
        "model './models-evil' of the project file; pass --model as well (or drop --trust-remote-code)")
    assert fake_st.calls == []  # nothing loaded, let alone with remote code


def test_trust_remote_code_applies_to_the_command_line_model_even_with_a_project_override(repo, fake_st):
    root, *_ = repo
    extra = 'model = "./models-evil"\n[[tool.aligncheck.overrides]]\npaths = "**/*.txt"\nmodel = "./other-evil"\n'
    (root / "pyproject.toml").write_text(PAIRS.format(extra=extra), encoding="utf-8")
    r = run(["ci", "--no-cache", "--trust-remote-code", "--model", "ci/own-model", "--fail-on", "never"])
    assert r.exit_code == 0, r.stderr
    assert [(name, kw["trust_remote_code"]) for name, kw in fake_st.calls] == [("ci/own-model", True)]


# ------------------------------------------------------------------- 2. symlinked outputs


@pytest.mark.parametrize("dangling", [False, True])
def test_a_report_is_never_written_through_a_planted_symlink(repo, dangling):
    root, ar, en, enc = repo
    victim = root.parent / "outside" / "victim.sh"
    if not dangling:
        victim.write_text("#!/bin/sh\necho safe\n", encoding="utf-8")
        victim.chmod(0o755)
    (root / "aligncheck.sarif").symlink_to(victim)
    r = run(["ci", "--output-sarif", "aligncheck.sarif"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: --output-sarif aligncheck.sarif: aligncheck.sarif is a symbolic link (to {victim}); aligncheck "
        "never writes a report through a link in the repository: delete the link or write the report elsewhere")
    assert r.stdout == ""  # refused before any report is written
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text(encoding="utf-8") == "#!/bin/sh\necho safe\n"


def test_a_report_is_never_written_through_a_symlinked_folder(repo):
    root, ar, en, enc = repo
    (root / "reports").symlink_to(root.parent / "outside")
    r = run(["ci", "--format", "json", "-o", "reports/out.json"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: --output reports/out.json: reports is a symbolic link (to {root.parent / 'outside'}); aligncheck "
        "never writes a report through a link in the repository: delete the link or write the report elsewhere")
    assert list((root.parent / "outside").iterdir()) == []


def test_baseline_and_batch_outputs_refuse_planted_symlinks_too(repo):
    root, ar, en, enc = repo
    outside = root.parent / "outside"
    (root / ".aligncheck-baseline.json").symlink_to(outside / "b.json")
    r = run(["baseline"], enc)
    assert r.exit_code == 3
    assert one_line_error(r).startswith(
        f"error: --output {root / '.aligncheck-baseline.json'}: {root / '.aligncheck-baseline.json'} is a symbolic "
        f"link (to {outside / 'b.json'}); aligncheck never writes")
    (root / "m.tsv").write_text("source\ttarget\ncontent/ar/a.txt\tcontent/en/a.txt\n", encoding="utf-8")
    (root / "out.jsonl").symlink_to(outside / "o.jsonl")
    r = run(["batch", "m.tsv", "-o", "out.jsonl"], enc)
    assert r.exit_code == 3
    assert one_line_error(r).startswith(
        f"error: --output out.jsonl: out.jsonl is a symbolic link (to {outside / 'o.jsonl'}); aligncheck never")
    assert list(outside.iterdir()) == []


def test_a_replaced_report_never_keeps_an_execute_bit(repo):
    root, ar, en, enc = repo
    (root / "report.txt").write_text("old\n", encoding="utf-8")
    (root / "report.txt").chmod(0o755)
    r = run(["ci", "-o", "report.txt"], enc)
    assert r.exit_code == 0, r.stderr
    assert stat.S_IMODE((root / "report.txt").stat().st_mode) == 0o644
    assert (root / "report.txt").read_text(encoding="utf-8").endswith("0 failed; no findings\n")
