"""Tests for bench.detection with hand-computed values."""

import math

import pytest

from aligncheck.types import Finding, Severity
from bench.detection import as_finding, covers, evaluate_detection
from bench.faults import Fault, Variant


def V(name, n_src, n_tgt, faults):
    gold = ()  # not used by detection
    return Variant("d", name, ("s",) * n_src, ("t",) * n_tgt, gold, tuple(faults))


VARIANTS = [
    V("clean", 10, 10, []),  # 10 segments
    V("merge", 10, 9, []),  # 9.5 segments
    V("omission", 10, 9, [Fault("omission", (3,), (), "omission")]),
    V("replace", 10, 10, [Fault("mismatch", (5,), (5,), "replace")]),
    V("negation", 10, 10, [Fault("mismatch", (2,), (2,), "negation")]),
    V("combo", 10, 10, [Fault("addition", (), (1,), "addition"), Fault("numbers", (7,), (7,), "number")]),
]
FINDINGS = [
    [("mismatch", "warning", (4,), (4,)), ("mismatch", "info", (1,), (1,))],  # clean: 1 counted false alarm
    [("omission", "error", (0,), ())],  # merge: 1 false alarm
    [("omission", "error", (3,), ()), ("addition", "warning", (), (3,))],  # omission caught by id; addition FP
    [("omission", "error", (5,), ()), ("addition", "error", (), (5,))],  # replace: caught (any) not by id
    [("mismatch", "info", (2,), (2,))],  # negation: only info -> missed
    [("addition", "error", (), (1,)), ("mismatch", "warning", (7,), (7,))],  # combo: both caught any; addition by id
]


def test_covers():
    f = Fault("mismatch", (5,), (5,))
    assert covers(("x", "error", (5,), ()), f)
    assert covers(("x", "error", (), (5,)), f)
    assert not covers(("x", "error", (4,), (6,)), f)
    # an omission fault has no target: only the source index can match
    assert not covers(("x", "error", (), (3,)), Fault("omission", (3,), ()))


def test_hand_computed():
    r = evaluate_detection(VARIANTS, FINDINGS)
    # per kind:
    #   omission: 1 fault, caught by omission@3 -> any 1, id 1
    #   mismatch: 2 faults; replace@5 covered by omission/addition (any, not id); negation only info -> 0
    #             -> any 1, id 0
    #   addition: 1 fault (combo tgt 1) -> any 1, id 1
    #   numbers:  1 fault (combo 7) covered by a mismatch warning -> any 1, id 0
    assert {k: (s.n_faults, s.detected_any, s.detected_id) for k, s in r.per_kind.items()} == {
        "addition": (1, 1, 1),
        "mismatch": (2, 1, 0),
        "numbers": (1, 1, 0),
        "omission": (1, 1, 1),
    }
    assert r.per_kind["mismatch"].recall_any == 0.5
    assert r.per_kind["mismatch"].recall_id == 0.0
    assert r.per_subkind["negation"].recall_any == 0.0
    assert r.per_subkind["replace"].recall_any == 1.0
    # counted findings: clean 1 + merge 1 + omission 2 + replace 2 + negation 0 + combo 2 = 8
    # true: omission@3 (1), replace both (2), combo both (2) = 5 -> precision 5/8
    # true with the same id: omission@3, combo addition = 2 -> 2/8
    assert r.n_findings == 8 and r.n_true == 5 and r.n_true_id == 2
    assert r.precision == pytest.approx(5 / 8)
    assert r.precision_id == pytest.approx(2 / 8)
    # false alarms on no-fault variants: 2 over (10+10)/2 + (10+9)/2 = 19.5 segments
    # -> 100 * 2 / 19.5 = 10.2564...
    assert r.n_false_alarms == 2
    assert r.no_fault_segments == 19.5
    assert r.false_alarms_per_100 == pytest.approx(200 / 19.5)
    d = r.as_dict()
    assert d["per_kind"]["omission"]["recall_id"] == 1.0
    assert d["false_alarms_per_100"] == pytest.approx(200 / 19.5)


def test_severity_filter_configurable():
    r = evaluate_detection(VARIANTS, FINDINGS, severities=("error", "warning", "info"))
    # the info mismatch on negation now catches it (id too); clean has 2 false alarms
    assert r.per_kind["mismatch"].detected_any == 2
    assert r.per_kind["mismatch"].detected_id == 1
    assert r.n_false_alarms == 3


def test_empty_is_nan():
    r = evaluate_detection([V("clean", 0, 0, [])], [[]])
    assert math.isnan(r.precision)
    assert math.isnan(r.false_alarms_per_100)
    assert r.per_kind == {}


def test_accepts_finding_objects():
    f = Finding("omission", Severity.ERROR, (3,), (), "msg")
    assert as_finding(f) == ("omission", "error", (3,), ())
    assert as_finding(("omission", Severity.WARNING, [3], [])) == ("omission", "warning", (3,), ())
    r = evaluate_detection([VARIANTS[2]], [[f]])
    assert r.per_kind["omission"].recall_id == 1.0


def test_length_mismatch():
    with pytest.raises(ValueError):
        evaluate_detection(VARIANTS, FINDINGS[:2])
