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


@pytest.mark.parametrize("name", ["docs/github-actions.yml", "docs/gitlab-ci.yml", ".pre-commit-hooks.yaml"])
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
