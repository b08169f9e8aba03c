"""Per-check switches and severity overrides in Config, and how run_checks applies them."""

from __future__ import annotations

import re

import pytest

from aligncheck.checks import CHECKS, REGISTRY, run_checks
from aligncheck.config import CHECK_IDS, Config
from aligncheck.errors import ConfigError
from tests.fakes import one_bead_context


def test_every_check_id_comes_from_the_registry():
    # moved, duplicate, unrelated_documents and the unit findings are made from other findings;
    # missing_target by the pipeline when a configured target file does not exist, missing_source by
    # ci --base when a pair's source was deleted or renamed
    derived = {"moved", "duplicate", "unrelated_documents", "empty_target", "missing_key", "extra_key",
               "empty_source", "missing_target", "missing_source"}
    assert set(REGISTRY) == set(CHECK_IDS) - derived
    assert CHECK_IDS == tuple(CHECKS) and len(set(CHECK_IDS)) == len(CHECK_IDS)
    assert all(CHECKS[c].run is REGISTRY[c] for c in REGISTRY)


def test_disable_accepts_a_list_or_a_comma_string_and_sorts_it():
    assert Config(disable=["tokens", "numbers"]).disable == ("numbers", "tokens")
    assert Config().replace(disable="tokens, numbers").disable == ("numbers", "tokens")


def test_severity_accepts_a_mapping_and_is_stored_as_pairs():
    assert Config(severity={"tokens": "error", "negation": "warning"}).severity == (
        ("negation", "warning"), ("tokens", "error"))
    assert Config(severity={"tokens": "error"}).severity_of("tokens", "warning") == "error"
    assert Config().severity_of("tokens", "warning") == "warning"


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"disable": ["token"]}, "unknown check id 'token' in disable"),
        ({"severity": {"numbers": "fatal"}}, "severity of 'numbers' must be one of error, warning, info"),
        ({"severity": {"nums": "error"}}, "unknown check id 'nums' in severity"),
        ({"partial_ratio": 1.5}, "partial_ratio must be in (0, 1]"),
        ({"joined_max_align": 2}, "joined_max_align must be 0 (off) or 3-8, not 2"),
        ({"joined_max_align": 9}, "joined_max_align must be 0 (off) or 3-8, not 9"),
        ({"joined_min_share": 1.5}, "joined_min_share must be in [0, 1], not 1.5"),
        ({"joined_min_merges": -1}, "joined_min_merges must be 0 or more, not -1"),
    ],
)
def test_bad_check_settings_are_config_errors(kw, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        Config(**kw)


PAIR = ("بلغ عدد الزوار 120 ألف زائر عبر https://expo.example.org.", "The fair had 150,000 visitors.")


def test_run_checks_skips_disabled_checks():
    found = {f.check for f in run_checks(one_bead_context(*PAIR))}
    assert found == {"numbers", "tokens"}
    off = {f.check for f in run_checks(one_bead_context(*PAIR, config=Config(disable=("numbers",))))}
    assert off == {"tokens"}


def test_run_checks_applies_severity_overrides():
    ctx = one_bead_context(*PAIR, config=Config(severity={"tokens": "error", "numbers": "info"}))
    assert {(f.check, f.severity.value) for f in run_checks(ctx)} == {("numbers", "info"), ("tokens", "error")}


def test_every_check_id_is_documented_in_the_readme_table_with_its_registered_severity_and_example():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Findings"):readme.index("## Reports")]
    rows = {line.split("|")[1].strip().strip("`"): line for line in table.splitlines() if line.startswith("| `")}
    assert set(rows) == set(CHECK_IDS)
    for info in CHECKS.values():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", rows[info.id])[1:-1]]
        assert cells[1].split(" / ")[0] == info.severity, info.id
        assert cells[3] == info.example, info.id
        assert info.description.endswith(".") and "\n" not in info.description, info.id
        # a check whose default differs by input kind says so in its row, from the registry
        if info.document_severity is not None:
            assert cells[1] == info.severity, info.id
            assert cells[2].startswith(f"in translation units; an {info.document_severity} note in documents"), info.id


#: the special case run.py held before the registry declared severities per input kind (commit
#: 64f1206, with partial_addition added by 3442ae6): in documents, these checks' warnings were
#: lowered to info; everything else unchanged
_OLD_DOCUMENT_NOTES = {"punctuation", "repetition", "consistency", "partial_addition"}


def test_per_kind_default_severity_is_the_old_document_notes_rule():
    from aligncheck.checks import apply_severity
    from aligncheck.types import Finding, Severity

    findings = [Finding(c, Severity(level), (0,), (0,), "m") for c in CHECK_IDS for level in ("error", "warning", "info")]
    docs = apply_severity(findings, Config(), documents=True)
    units = apply_severity(findings, Config())
    assert [f.severity for f in units] == [f.severity for f in findings]
    for before, after in zip(findings, docs):
        lowered = before.check in _OLD_DOCUMENT_NOTES and before.severity is Severity.WARNING
        assert after.severity is (Severity.INFO if lowered else before.severity), (before.check, before.severity)
    # the user's --severity comes after the per-kind default, in both kinds
    cfg = Config(severity={"punctuation": "error"})
    one = [Finding("punctuation", Severity.WARNING, (0,), (0,), "m")]
    assert apply_severity(one, cfg, documents=True)[0].severity is Severity.ERROR
    assert apply_severity(one, cfg)[0].severity is Severity.ERROR


def test_default_severity_per_kind_is_declared_in_the_registry():
    assert {c.id for c in CHECKS.values() if c.document_severity is not None} == _OLD_DOCUMENT_NOTES
    assert CHECKS["punctuation"].default_severity("documents") == "info"
    assert CHECKS["punctuation"].default_severity("units") == "warning"
    assert CHECKS["omission"].default_severity("documents") == CHECKS["omission"].default_severity("units") == "error"
    with pytest.raises(ValueError):
        CHECKS["omission"].default_severity("paragraphs")


def test_a_bad_document_severity_is_refused():
    from aligncheck.checks.registry import CheckInfo, declare

    with pytest.raises(ValueError, match="severity must be one of"):
        declare(CheckInfo("no_such_check_x", "warning", "X", "X.", document_severity="notice"))
