"""The GitHub Action's shell steps never import Python from the pull request's checkout
(attack19 A1, critical): they run in the checkout, where ``python3 -c`` and ``python3 -m pip`` put
the current folder first on ``sys.path``, so a committed ``json.py`` or ``pip/`` ran with the job's
rights. No model, no install: ``install.sh`` runs with a ``PYTHON`` wrapper that turns ``install``
into ``--version``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aligncheck import __version__

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                reason="git and bash needed")

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PLANT = 'import os\nopen(os.environ["MARK"] + "{suffix}", "w").write("ran")\n'


def hostile_checkout(tmp_path: Path) -> Path:
    """A checkout whose root holds a ``json.py`` and a ``pip`` package that leave a marker file and
    (``json.py``) exit 0 before anything is printed."""
    repo = tmp_path / "repo"
    (repo / "pip").mkdir(parents=True)
    (repo / "json.py").write_text(PLANT.format(suffix=".json") + "raise SystemExit(0)\n", encoding="utf-8")
    for name in ("__init__.py", "__main__.py"):
        (repo / "pip" / name).write_text(PLANT.format(suffix=".pip"), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    return repo


def env(tmp_path: Path, **extra) -> dict:
    out = {"PATH": f"{BIN}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(tmp_path),
           "MARK": str(tmp_path / "mark")}
    out.update(extra)
    return out


def test_run_sh_reads_the_event_without_importing_the_checkouts_json_py(tmp_path):
    repo = hostile_checkout(tmp_path)
    event = tmp_path / "event.json"
    event.write_text('{"pull_request": {"base": {"sha": "' + "0" * 40 + '"}}}', encoding="utf-8")
    proc = subprocess.run(["bash", str(ROOT / "action/run.sh")], cwd=repo, capture_output=True, text=True,
                          timeout=120, env=env(tmp_path, GITHUB_EVENT_PATH=str(event)))
    assert not (tmp_path / "mark.json").exists()
    # the base was read from the event (old code: json.py ran, the base was empty and `aligncheck ci`
    # ran without --base, so the pull request's own project file set the gate)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        f"::error title=aligncheck::cannot fetch the base commit {'0' * 40}; use actions/checkout with fetch-depth: 0"]


def test_run_sh_stops_when_the_event_cannot_be_read_instead_of_dropping_the_base(tmp_path):
    repo = hostile_checkout(tmp_path)
    event = tmp_path / "event.json"
    event.write_text("{not json", encoding="utf-8")
    proc = subprocess.run(["bash", str(ROOT / "action/run.sh")], cwd=repo, capture_output=True, text=True,
                          timeout=120, env=env(tmp_path, GITHUB_EVENT_PATH=str(event)))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        "::error title=aligncheck::cannot read the base commit from the event file $GITHUB_EVENT_PATH"]


def test_install_sh_runs_pip_without_importing_the_checkouts_pip(tmp_path):
    repo = hostile_checkout(tmp_path)
    wrapper = tmp_path / "py"
    wrapper.write_text('#!/usr/bin/env bash\nargs=()\nfor a in "$@"; do [ "$a" = install ] && a=--version; '
                       f'args+=("$a"); done\nexec {sys.executable} "${{args[@]}}"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    proc = subprocess.run(["bash", str(ROOT / "action/install.sh")], cwd=repo, capture_output=True, text=True,
                          timeout=300, env=env(tmp_path, GITHUB_ACTION_PATH=str(ROOT), PYTHON=str(wrapper)))
    assert not (tmp_path / "mark.pip").exists()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    # the real pip answered (old code: the checkout's pip/__main__.py ran and printed nothing)
    assert lines[0].startswith("pip ") and str(repo) not in lines[0]
    assert lines[-1] == f"aligncheck, version {__version__}"


@pytest.mark.parametrize("committed", ["file", "symlink"])
def test_run_sh_never_reports_a_sarif_file_the_pull_request_committed(tmp_path, committed):
    # attack19 A6: no pair changed, so aligncheck writes no SARIF; the pull request's own
    # aligncheck.sarif (forged results) was reported as the step's sarif-file and uploaded
    repo = hostile_checkout(tmp_path)
    (repo / "ar").mkdir()
    (repo / "en").mkdir()
    (repo / "ar/a.txt").write_text("نص.\n", encoding="utf-8")
    (repo / "en/a.txt").write_text("Text.\n", encoding="utf-8")
    (repo / "aligncheck.toml").write_text('[[pairs]]\nsource = "ar/*.txt"\ntarget = "en/{name}"\n', encoding="utf-8")
    forged = '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "aligncheck"}}, "results": []}]}'
    if committed == "file":
        (repo / "aligncheck.sarif").write_text(forged, encoding="utf-8")
    else:
        (tmp_path / "forged.sarif").write_text(forged, encoding="utf-8")
        os.symlink(tmp_path / "forged.sarif", repo / "aligncheck.sarif")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "pr"], cwd=repo, check=True)
    out = tmp_path / "github_output"
    out.write_text("", encoding="utf-8")
    proc = subprocess.run(["bash", str(ROOT / "action/run.sh")], cwd=repo, capture_output=True, text=True,
                          timeout=300, env=env(tmp_path, INPUT_BASE="HEAD", GITHUB_OUTPUT=str(out),
                                               ALIGNCHECK_CACHE_DIR=str(tmp_path / "cache")))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == ["aligncheck ci: no pair changed since HEAD (1 pairs unchanged)"]
    assert out.read_text(encoding="utf-8") == "exit-code=0\n"
    assert not os.path.lexists(repo / "aligncheck.sarif")
    assert (tmp_path / "forged.sarif").exists() or committed == "file"  # a link is removed, never followed


def test_the_gitlab_template_refuses_caches_the_merge_request_commits(tmp_path):
    # attack19 A9: GitLab caches only paths inside the checkout, so the template keeps pip's and
    # aligncheck's caches in .cache/; files a merge request commits there (pip's HTTP cache, forged
    # embeddings) were used
    import yaml

    guard = yaml.safe_load((ROOT / "docs/gitlab-ci.yml").read_text(encoding="utf-8"))["aligncheck"]["script"][0]
    repo = hostile_checkout(tmp_path)
    ok = subprocess.run(["bash", "-c", guard], cwd=repo, capture_output=True, text=True, env=env(tmp_path))
    assert ok.returncode == 0 and ok.stdout == ""
    (repo / ".cache/pip/http").mkdir(parents=True)
    (repo / ".cache/pip/http/planted").write_text("forged response", encoding="utf-8")
    subprocess.run(["git", "add", "-f", ".cache"], cwd=repo, check=True)
    proc = subprocess.run(["bash", "-c", guard], cwd=repo, capture_output=True, text=True, env=env(tmp_path))
    assert proc.returncode == 2
    assert proc.stdout.splitlines() == [
        "error: the merge request commits files under .cache/, where this job keeps its caches"]


def test_run_sh_takes_the_merge_queue_base_and_never_runs_a_pull_request_event_without_one(tmp_path):
    # attack19 A16: on a merge_group event the base was empty, so `ci` ran without --base and the
    # pull request's own project file set the gate
    repo = hostile_checkout(tmp_path)
    event = tmp_path / "event.json"
    event.write_text('{"merge_group": {"base_sha": "' + "1" * 40 + '", "head_sha": "x"}}', encoding="utf-8")
    proc = subprocess.run(["bash", str(ROOT / "action/run.sh")], cwd=repo, capture_output=True, text=True,
                          timeout=120, env=env(tmp_path, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="merge_group"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        f"::error title=aligncheck::cannot fetch the base commit {'1' * 40}; use actions/checkout with fetch-depth: 0"]
    event.write_text('{"merge_group": {}}', encoding="utf-8")
    proc = subprocess.run(["bash", str(ROOT / "action/run.sh")], cwd=repo, capture_output=True, text=True,
                          timeout=120, env=env(tmp_path, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="merge_group"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        "::error title=aligncheck::no base commit for this merge_group event; set the action's base input"]
