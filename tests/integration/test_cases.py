"""Regression cases as data: one test per ``corpora/cases/<name>/expected.json``.

Each case folder holds ``ar.txt`` (source), ``en.txt`` (translation), ``expected.md`` (the
reported fault and the behaviour users expect) and ``expected.json`` (that behaviour, machine
readable; format in ``corpora/cases/README.md``). Adding a case adds no code.

Every case runs the real CLI (``aligncheck check ar.txt en.txt --format json``) through click's
``CliRunner`` with the real bundled model, loaded once per session (``shared_encoder``).
Indices are 0-based throughout. The 3,000-sentence case is also marked ``slow``
(``-m "not slow"`` skips it).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.integration

CASES_DIR = Path(__file__).resolve().parents[2] / "corpora" / "cases"

_REQUIRED_KEYS = {"exit_code", "note"}
_KNOWN_KEYS = _REQUIRED_KEYS | {
    "args",
    "n_src",
    "n_tgt",
    "findings",
    "findings_alternatives",
    "beads",
    "absent_beads",
    "stderr_contains",
    "slow",
}
#: cases longer than this (source + target segments) are marked slow even without "slow": true
_SLOW_SEGMENTS = 1000


def _load(path: Path) -> dict:
    expected = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(expected) - _KNOWN_KEYS
    missing = _REQUIRED_KEYS - set(expected)
    if unknown or missing:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    if expected["exit_code"] in (0, 1) and not {"n_src", "n_tgt", "findings"} <= set(expected):
        raise ValueError(f"{path}: a case that checks (exit 0/1) needs n_src, n_tgt and findings")
    if expected["exit_code"] not in (0, 1) and not expected.get("stderr_contains"):
        raise ValueError(f"{path}: an error case needs stderr_contains")
    return expected


def _params() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*/expected.json")):
        expected = _load(path)
        n = expected.get("n_src", 0) + expected.get("n_tgt", 0)
        slow = expected.get("slow", False) or n > _SLOW_SEGMENTS
        marks = [pytest.mark.slow] if slow else []
        params.append(pytest.param(path.parent, expected, id=path.parent.name, marks=marks))
    return params


CASES = _params()


def test_cases_are_present():
    assert CASES, f"no */expected.json under {CASES_DIR}"


def _finding_key(finding: dict) -> tuple:
    return (finding["check"], tuple(finding["src"]), tuple(finding["tgt"]))


def _bead_key(bead) -> tuple:
    """``{"src": [..], "tgt": [..]}`` (report) or ``[[..], [..]]`` (expected.json) -> ``((..), (..))``."""
    if isinstance(bead, dict):
        return (tuple(bead["src"]), tuple(bead["tgt"]))
    src, tgt = bead
    return (tuple(src), tuple(tgt))


def _describe(result) -> str:
    return f"exit {result.exit_code}\n--- stderr:\n{result.stderr[-3000:]}\n--- stdout:\n{result.stdout[:3000]}"


@pytest.mark.parametrize(("case_dir", "expected"), CASES)
def test_case(case_dir: Path, expected: dict, shared_encoder, tmp_path, monkeypatch):
    from aligncheck.cli import main

    # Run on a byte-exact copy in an empty folder: relative names as a user types them,
    # and no project configuration file around to change the defaults.
    for name in ("ar.txt", "en.txt"):
        shutil.copyfile(case_dir / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    args = ["check", "ar.txt", "en.txt", "--format", "json", *expected.get("args", [])]
    result = CliRunner().invoke(main, args, obj={"encoder": shared_encoder}, env={"NO_COLOR": "1"})
    what = f"{case_dir.name}: {expected['note']}\n{_describe(result)}"

    # An uncaught exception is never an answer, even when its exit code happens to match.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}\n{what}") from result.exception
    assert result.exit_code == expected["exit_code"], what
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, what

    if expected["exit_code"] not in (0, 1):
        stderr = result.stderr.lower()
        for part in expected["stderr_contains"]:
            assert part.lower() in stderr, f"stderr lacks {part!r}\n{what}"
        return

    report = json.loads(result.stdout)
    assert report["schema_version"] == 1, what
    assert report["summary"]["passed"] is (expected["exit_code"] == 0), what

    # Segments: the expected counts, numbered in order, none empty or carrying a BOM or NUL.
    counts = {"source": expected["n_src"], "target": expected["n_tgt"]}
    for side, n in counts.items():
        segments = report[side]["segments"]
        texts = [s["text"] for s in segments]
        assert len(segments) == n, f"{side}: {len(segments)} segments, expected {n}: {texts}\n{what}"
        assert [s["index"] for s in segments] == list(range(n)), what
        for s in segments:
            text = s["text"]
            assert text.strip(), f"{side} segment {s['index']} is empty\n{what}"
            assert "\ufeff" not in text, f"{side} segment {s['index']} contains U+FEFF: {text!r}"
            assert "\x00" not in text, f"{side} segment {s['index']} contains U+0000: {text!r}"

    # Alignment: every segment of each side in exactly one bead, in order; no empty bead.
    beads = [_bead_key(b) for b in report["alignment"]]
    assert all(src or tgt for src, tgt in beads), f"empty bead in {beads}"
    assert [i for src, _ in beads for i in src] == list(range(expected["n_src"])), f"source not covered in order: {beads}"
    assert [j for _, tgt in beads for j in tgt] == list(range(expected["n_tgt"])), f"target not covered in order: {beads}"
    present = set(beads)
    missing = [b for b in map(_bead_key, expected.get("beads", [])) if b not in present]
    assert not missing, f"beads missing: {missing[:20]}\nnot 1-1 beads: {[b for b in beads if (len(b[0]), len(b[1])) != (1, 1)]}\n{what}"
    unwanted = [b for b in map(_bead_key, expected.get("absent_beads", [])) if b in present]
    assert not unwanted, f"beads that must not appear: {unwanted}\n{what}"

    # Findings: the error and warning findings, as a multiset; info notes are ignored.
    actual = Counter(_finding_key(f) for f in report["findings"] if f["severity"] in ("error", "warning"))
    accepted = [expected["findings"], *expected.get("findings_alternatives", [])]
    assert any(actual == Counter(map(_finding_key, option)) for option in accepted), (
        f"findings {sorted(actual.elements())} are none of {[sorted(map(_finding_key, o)) for o in accepted]}\n"
        + "\n".join(f"  {f['severity']} {f['check']} src={f['src']} tgt={f['tgt']}: {f.get('message', '')}" for f in report["findings"])
        + f"\n{what}"
    )
