"""Per-check switches and severity overrides in Config, and how run_checks applies them."""

from __future__ import annotations

import pytest

from aligncheck.checks import REGISTRY, run_checks
from aligncheck.config import CHECK_IDS, Config
from aligncheck.errors import ConfigError
from tests.fakes import one_bead_context


def test_every_registered_check_has_a_known_id():
    # moved, duplicate and unrelated_documents come from run_checks, the unit findings from check_units
    unit_checks = {"empty_target", "missing_key", "extra_key", "empty_source"}
    assert set(REGISTRY) | {"moved", "duplicate", "unrelated_documents"} | unit_checks == set(CHECK_IDS)


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


def test_every_check_id_is_documented_in_the_readme_table_and_the_checks_module():
    from pathlib import Path

    import aligncheck.checks

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Findings"):readme.index("## Reports")]
    for check_id in CHECK_IDS:
        assert f"| `{check_id}` |" in table, check_id
        assert f"\n{check_id} " in aligncheck.checks.__doc__, check_id
