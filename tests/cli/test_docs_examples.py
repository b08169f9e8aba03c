"""The CI examples in docs/ and the pre-commit hook parse, and every aligncheck command line in
them is accepted by the CLI's option parser (so the docs cannot drift from the options)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from aligncheck.cli import main

import yaml  # a runtime dependency: a missing one is a failure, not a skip
ROOT = Path(__file__).parents[2]


def commands(node):
    """Every 'aligncheck ...' command in a parsed YAML document."""
    if isinstance(node, dict):
        for v in node.values():
            yield from commands(v)
    elif isinstance(node, list):
        for v in node:
            yield from commands(v)
    elif isinstance(node, str):
        for part in node.split("&&"):
            part = part.strip()
            if part.startswith(("aligncheck ci", "aligncheck check", "aligncheck baseline")):
                yield part


@pytest.mark.parametrize("name", ["docs/gitlab-ci.yml", ".pre-commit-hooks.yaml"])
def test_example_parses_and_its_commands_are_valid(name):
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    found = list(commands(data))
    assert found, f"no aligncheck command in {name}"
    for cmd in found:
        args = shlex.split(cmd.replace("${{ github.base_ref }}", "main"))[1:]
        sub = main.get_command(None, args[0])
        assert sub is not None, cmd
        ctx = sub.make_context(args[0], args[1:], resilient_parsing=False)
        assert ctx.params.get("base")  # every CI example checks only what changed


def test_the_github_example_uses_the_action_and_only_its_inputs():
    """docs/github-actions.yml runs the repository's composite action (action.yml), which installs
    from its own checkout; every `with:` key is an input the action declares, and every input the
    action's steps read is declared (its shell steps are tested in tests/integration/test_action.py)."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs = set(action["inputs"])
    workflow = yaml.safe_load((ROOT / "docs/github-actions.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s for s in steps if s.get("uses", "").split("@")[0].endswith("/aligncheck")]
    assert len(uses) == 1 and set(uses[0].get("with", {})) <= inputs
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    import re

    assert set(re.findall(r"inputs\.([\w-]+)", text)) <= inputs
    run_steps = [s["run"] for s in action["runs"]["steps"] if "run" in s]
    assert any("action/install.sh" in r for r in run_steps) and any("action/run.sh" in r for r in run_steps)
    install = (ROOT / "action/install.sh").read_text(encoding="utf-8")
    assert "GITHUB_ACTION_PATH" in install and "pip install" in install and "download.pytorch.org/whl/cpu" in install
