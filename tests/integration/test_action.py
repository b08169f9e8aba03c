"""The GitHub Action's shell step (action/run.sh) and the GitLab template's script, run as CI runs
them: in a temporary git repository whose last commit is a faulty translation pull request, with
the installed ``aligncheck`` command and the real bundled model.

The pull request deletes English line 5 of the seed article (so Arabic line 5 has no translation)
and turns "20%" into "25%" on English line 13 (line 12 once line 5 is gone). The expected
annotations were worked out by hand from the files: the omission goes on the English line after
which the sentence is missing (4), the number on the changed line (12).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

PYPROJECT = """\
[tool.aligncheck]
source_lang = "ar"
target_lang = "en"

[[tool.aligncheck.pairs]]
source = "content/ar/**/*.txt"
target = "content/en/{relpath}"
"""


def _env(root: Path, **extra) -> dict:
    env = {
        "PATH": f"{BIN}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(root.parent),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
        "ALIGNCHECK_CACHE_DIR": os.environ["ALIGNCHECK_CACHE_DIR"],
        "HF_HUB_OFFLINE": "1",
    }
    env.update(extra)
    return env


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env=_env(root)).stdout.strip()


@pytest.fixture()
def pull_request(tmp_path):
    """(repository, base sha, event file): HEAD is the faulty pull request, its parent the base."""
    root = tmp_path / "site"
    (root / "content/ar/news").mkdir(parents=True)
    (root / "content/en/news").mkdir(parents=True)
    shutil.copy(ROOT / "corpora/seed/ar.txt", root / "content/ar/news/seed.txt")
    shutil.copy(ROOT / "corpora/seed/en.txt", root / "content/en/news/seed.txt")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "faithful translation")
    base = git(root, "rev-parse", "HEAD")
    en = (root / "content/en/news/seed.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    assert "20%" in en[12] and len(en) == 13
    en[12] = en[12].replace("20%", "25%")
    del en[4]
    (root / "content/en/news/seed.txt").write_text("".join(en), encoding="utf-8")
    git(root, "commit", "-qam", "translation update (drops a sentence, changes a number)")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7, "base": {"sha": base}}}), encoding="utf-8")
    return root, base, event


def run_action_step(root: Path, event: Path, tmp: Path, **inputs):
    out, summary = tmp / "github_output", tmp / "step_summary"
    out.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    env = _env(root, GITHUB_EVENT_PATH=str(event), GITHUB_OUTPUT=str(out), GITHUB_STEP_SUMMARY=str(summary),
               **{f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    proc = subprocess.run(["bash", str(ROOT / "action/run.sh")], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    outputs = dict(line.split("=", 1) for line in out.read_text(encoding="utf-8").splitlines())
    return proc, outputs, summary.read_text(encoding="utf-8")


def test_action_fails_a_faulty_pull_request_with_annotations_and_sarif_then_passes_after_baseline(
        pull_request, tmp_path):
    root, base, event = pull_request
    proc, outputs, summary = run_action_step(root, event, tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert outputs == {"exit-code": "1", "sarif-file": "aligncheck.sarif"}

    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    found = [(m.group(1), m.group(2), int(m.group(3)), m.group(4)) for m in (
        re.match(r"::(\w+) file=([^,]+),line=(\d+),.*title=aligncheck (\w+)", a) for a in annotations) if m]
    assert found == [
        ("error", "content/en/news/seed.txt", 4, "omission"),
        ("error", "content/en/news/seed.txt", 12, "numbers"),
    ], proc.stdout
    assert "Arabic 20%25 is 25%25 in the English" in proc.stdout  # % escaped as GitHub does

    sarif = json.loads((root / "aligncheck.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results) == [
        ("numbers", 12), ("omission", 4)]
    assert "aligncheck failed" in summary and "omission" in summary

    # the same findings accepted: `aligncheck baseline`, landed on the base branch by a maintainer (a baseline
    # the pull request itself commits is not trusted: `ci --base` reads it at the base revision), then the
    # pull request, updated with its base, passes
    baseline = subprocess.run(["aligncheck", "baseline", "-o", str(tmp_path / "baseline.json")], cwd=root,
                              env=_env(root), capture_output=True, text=True, timeout=600)
    assert baseline.returncode == 0, baseline.stderr
    pr = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", base)
    shutil.copy(tmp_path / "baseline.json", root / ".aligncheck-baseline.json")
    git(root, "add", ".aligncheck-baseline.json")
    git(root, "commit", "-qm", "accept the known differences")
    new_base = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", pr)
    git(root, "merge", "-q", "--no-edit", new_base)
    event.write_text(json.dumps({"pull_request": {"number": 7, "base": {"sha": new_base}}}), encoding="utf-8")
    (root / "aligncheck.sarif").unlink()
    proc, outputs, summary = run_action_step(root, event, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs == {"exit-code": "0", "sarif-file": "aligncheck.sarif"}
    assert not [line for line in proc.stdout.splitlines() if line.startswith(("::error", "::warning"))]
    sarif = json.loads((root / "aligncheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == [] or all(
        r.get("suppressions") for r in sarif["runs"][0]["results"])


def test_action_input_base_overrides_the_event_and_a_missing_base_is_exit_2(pull_request, tmp_path):
    root, base, event = pull_request
    # base = HEAD: nothing changed since, so nothing is checked and the step passes
    proc, outputs, _ = run_action_step(root, event, tmp_path, base="HEAD")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs["exit-code"] == "0"
    # a base commit that is not in the clone and cannot be fetched (no remote): exit 2, one annotation
    proc, outputs, _ = run_action_step(root, event, tmp_path, base="0" * 40)
    assert proc.returncode == 2
    assert proc.stdout.startswith("::error title=aligncheck::cannot fetch the base commit 0000")


def test_gitlab_template_script_fails_the_merge_request_with_junit_and_code_quality(pull_request, tmp_path):
    """The template's `script:` lines after the install, with GitLab's variables set."""
    import yaml

    root, base, _ = pull_request
    template = yaml.safe_load((ROOT / "docs/gitlab-ci.yml").read_text(encoding="utf-8"))
    job = template["aligncheck"]
    script = [line for line in job["script"] if "pip install" not in line and "git fetch" not in line]
    env = _env(root, CI_MERGE_REQUEST_DIFF_BASE_SHA=base, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    proc = subprocess.run(["bash", "-c", "set -e\n" + "\n".join(script)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    quality = json.loads((root / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert sorted((q["check_name"], q["location"]["path"], q["location"]["lines"]["begin"]) for q in quality) == [
        ("aligncheck/numbers", "content/en/news/seed.txt", 12),
        ("aligncheck/omission", "content/en/news/seed.txt", 4)]
    assert set(job["artifacts"]["reports"]) == {"junit", "codequality"}
