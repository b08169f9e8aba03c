"""`aligncheck ci` with the real bundled model on the seed article in a temporary git repository:
a commit drops one English sentence and changes a number; exactly those two findings, on the
right files and lines (the omission anchored on the English line before the gap); accepted by a
baseline."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligncheck.cli import main

pytestmark = [pytest.mark.integration, pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")]

SEED = Path(__file__).resolve().parents[2] / "corpora" / "seed"


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(root)})


def test_ci_on_the_seed_with_the_real_model(tmp_path, monkeypatch, shared_encoder):
    root = tmp_path / "site"
    (root / "content" / "ar").mkdir(parents=True)
    (root / "content" / "en").mkdir(parents=True)
    shutil.copy(SEED / "ar.txt", root / "content" / "ar" / "seed.txt")
    shutil.copy(SEED / "en.txt", root / "content" / "en" / "seed.txt")
    (root / "aligncheck.toml").write_text('[[pairs]]\nsource = "content/ar/*.txt"\ntarget = "content/en/{relpath}"\n',
                                          encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "faithful")
    en = (SEED / "en.txt").read_text(encoding="utf-8").splitlines()
    assert "about 20% of Ukrainian territory" in en[12]
    en[12] = en[12].replace("about 20%", "about 30%")
    del en[4]  # line 5: one sentence
    (root / "content" / "en" / "seed.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    git(root, "commit", "-qam", "drop a sentence, change a number")
    monkeypatch.chdir(root)

    r = CliRunner().invoke(main, ["ci", "--base", "HEAD~1", "--format", "json", "--output-sarif", "r.sarif"],
                           obj={"encoder": shared_encoder})
    assert r.exit_code == 1, r.output
    report = json.loads(r.stdout)
    found = [(f["check"], f["severity"], f["src_lines"], f["tgt_lines"]) for p in report["pairs"] for f in p["findings"]]
    assert found == [("omission", "error", [5], []), ("numbers", "error", [13], [12])]
    sarif = json.loads((root / "r.sarif").read_text(encoding="utf-8"))
    assert [(res["ruleId"], res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             res["locations"][0]["physicalLocation"]["region"]["startLine"]) for res in sarif["runs"][0]["results"]] == [
        ("omission", "content/en/seed.txt", 4), ("numbers", "content/en/seed.txt", 12)]

    # the CI job names a baseline it trusts (outside the checkout); one the pull request commits is not used
    bl = str(root.parent / "baseline.json")
    assert CliRunner().invoke(main, ["baseline", "-o", bl], obj={"encoder": shared_encoder}).exit_code == 0
    r = CliRunner().invoke(main, ["ci", "--base", "HEAD~1", "--baseline", bl], obj={"encoder": shared_encoder})
    assert r.exit_code == 0, r.output
