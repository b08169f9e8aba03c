"""The hand-made format cases in ``corpora/formats/<case>/`` (one per input format), checked with
the real model: each case's ``expected.json`` lists the findings its faults must give, and no
others. Adding a case adds no code (``corpora/formats/make_cases.py`` writes them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligncheck.cli import main

pytestmark = pytest.mark.integration

CASES = Path(__file__).resolve().parents[2] / "corpora" / "formats"


@pytest.mark.parametrize("case", sorted(p.parent.name for p in CASES.glob("*/expected.json")))
def test_format_case(case, shared_encoder):
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    # file names are relative to the case's folder; options (--glossary FILE, --source-lang en) pass as they are
    args = [str(folder / a) if (folder / a).exists() else a for a in expected["args"]]
    res = CliRunner().invoke(main, ["check", *args, "--format", "json"], obj={"encoder": shared_encoder})
    assert res.exit_code == expected["exit_code"], res.stdout + res.stderr
    data = json.loads(res.stdout)
    got = []
    for f in data["findings"]:
        units = f.get("src_units") or f.get("tgt_units") or [None]
        where = {"src_line": f["src_lines"][0]} if f["src_lines"] else {"tgt_line": f["tgt_lines"][0]}
        got.append({"check": f["check"], "severity": f["severity"], "unit": units[0], **where})
    assert got == expected["findings"]
