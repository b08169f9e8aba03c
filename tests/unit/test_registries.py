"""The lists users and reports see come from the three registries, not from parallel copies."""

from __future__ import annotations

import pytest

from aligncheck.checks import CHECKS
from aligncheck.cli import main
from aligncheck.config import CHECK_IDS
from aligncheck.formats import READERS
from aligncheck.formats.registry import Reader, detect_format, register_reader
from aligncheck.report import RENDERERS, rules
from aligncheck.report.registry import register_renderer


def _choices(command: str, option: str) -> tuple[str, ...]:
    param = next(p for p in main.commands[command].params if p.name == option)
    return tuple(param.type.choices)


def test_cli_choices_are_the_registries():
    for command in ("check", "ci", "baseline", "batch"):
        assert _choices(command, "disable") == CHECK_IDS == tuple(CHECKS)
    assert _choices("check", "input_format") == ("auto",) + tuple(READERS)
    assert _choices("check", "fmt") == _choices("ci", "fmt") == tuple(RENDERERS)


def test_report_rules_are_the_check_registry():
    assert {k: (r.name, r.short, r.default_level) for k, r in rules.RULES.items()} == {
        c.id: (c.name, c.description, c.severity) for c in CHECKS.values()}
    assert rules.RULES["missing_target"].default_level == "error"  # made by the pipeline for ci


def test_extensions_are_read_by_the_reader_that_claims_them():
    for name, reader in READERS.items():
        for ext in reader.extensions:
            assert detect_format(f"dir/file{ext.upper()}") == name
    assert detect_format("notes.rst") == "text"  # unclaimed: plain text


def test_a_registry_refuses_a_second_claim():
    with pytest.raises(ValueError, match="registered twice"):
        register_reader(Reader("markdown", "document", (".mdx",), READERS["markdown"].read))
    with pytest.raises(ValueError, match="both claim"):
        register_reader(Reader("mdx", "document", (".md",), READERS["markdown"].read))
    with pytest.raises(ValueError, match="registered twice"):
        register_renderer("json", RENDERERS["json"])
    assert "mdx" not in READERS
