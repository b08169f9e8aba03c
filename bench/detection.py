"""Fault-detection metrics: did a system's findings catch the injected faults?

A finding is ``(check, severity, src, tgt)``: check id, ``"error"``/``"warning"``/``"info"``
(a ``Severity`` enum member is accepted too), and 0-based source / target index tuples in
the variant documents. ``aligncheck.types.Finding`` objects are accepted as well.

Definitions:

* Only findings of severity ``error`` or ``warning`` count (``severities``); ``info`` is ignored.
* A finding **covers** a fault when it shares a source index with ``fault.src`` or a
  target index with ``fault.tgt``.
* **recall_any** of a fault kind: share of its faults covered by a counted finding of
  any check id. **recall_id**: covered by a counted finding whose check id equals the
  fault kind (``omission`` <-> ``omission``, ``mismatch`` <-> ``mismatch``, ...; nothing else
  is accepted, e.g. an omission+addition pair does not detect a ``mismatch`` here).
* **precision**: share of counted findings (over all variants) that cover some fault of
  their own variant, whatever the check id. ``precision_id`` requires the same check id.
* **false alarms per 100 segments**: counted findings on the variants without faults
  (``clean``, ``merge``, ``split``), times 100, divided by the number of segments of those
  variants, counted as ``(len(src) + len(tgt)) / 2`` per variant.

A ratio with denominator 0 is ``nan``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from bench.faults import Fault, Variant

FindingT = tuple[str, str, tuple[int, ...], tuple[int, ...]]

__all__ = [
    "FindingT",
    "KindStats",
    "DetectionReport",
    "as_finding",
    "covers",
    "evaluate_detection",
]

COUNTED_SEVERITIES: tuple[str, ...] = ("error", "warning")


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


@dataclass(frozen=True)
class KindStats:
    """Detection counts for one group of faults.

    Attributes:
        n_faults: number of faults in the group.
        detected_any: faults covered by a counted finding of any check id.
        detected_id: faults covered by a counted finding whose check id is the fault kind.
    """

    n_faults: int
    detected_any: int
    detected_id: int

    @property
    def recall_any(self) -> float:
        """``detected_any / n_faults`` (``nan`` if no faults)."""
        return _ratio(self.detected_any, self.n_faults)

    @property
    def recall_id(self) -> float:
        """``detected_id / n_faults`` (``nan`` if no faults)."""
        return _ratio(self.detected_id, self.n_faults)


@dataclass(frozen=True)
class DetectionReport:
    """Everything :func:`evaluate_detection` measures.

    Attributes:
        per_kind: stats per ``Fault.kind`` (check id), keys sorted.
        per_subkind: stats per ``Fault.subkind`` (the injected edit, e.g. ``negation``), keys sorted.
        n_findings: counted (error/warning) findings over all variants.
        n_true: counted findings covering some fault of their variant.
        n_true_id: counted findings covering some fault of their variant with the same check id.
        n_false_alarms: counted findings on variants without faults.
        no_fault_segments: ``sum((len(src) + len(tgt)) / 2)`` over variants without faults.
    """

    per_kind: dict[str, KindStats]
    per_subkind: dict[str, KindStats]
    n_findings: int
    n_true: int
    n_true_id: int
    n_false_alarms: int
    no_fault_segments: float

    @property
    def precision(self) -> float:
        """``n_true / n_findings``."""
        return _ratio(self.n_true, self.n_findings)

    @property
    def precision_id(self) -> float:
        """``n_true_id / n_findings``."""
        return _ratio(self.n_true_id, self.n_findings)

    @property
    def false_alarms_per_100(self) -> float:
        """``100 * n_false_alarms / no_fault_segments``."""
        return _ratio(100.0 * self.n_false_alarms, self.no_fault_segments)

    def as_dict(self) -> dict:
        """A JSON-ready dict: counts, the derived ratios, and per-kind / per-subkind recalls."""

        def ks(d: dict[str, KindStats]) -> dict:
            return {k: {**asdict(v), "recall_any": v.recall_any, "recall_id": v.recall_id} for k, v in d.items()}

        return {
            "per_kind": ks(self.per_kind),
            "per_subkind": ks(self.per_subkind),
            "n_findings": self.n_findings,
            "n_true": self.n_true,
            "n_true_id": self.n_true_id,
            "precision": self.precision,
            "precision_id": self.precision_id,
            "n_false_alarms": self.n_false_alarms,
            "no_fault_segments": self.no_fault_segments,
            "false_alarms_per_100": self.false_alarms_per_100,
        }


def as_finding(f) -> FindingT:
    """Normalise a finding to ``(check, severity, src, tgt)`` with a plain-string severity.

    Accepts a 4-tuple (severity a string or an enum with ``.value``) or any object with
    ``check``, ``severity``, ``src`` and ``tgt`` attributes (``aligncheck.types.Finding``).
    """
    if hasattr(f, "check"):
        check, sev, src, tgt = f.check, f.severity, f.src, f.tgt
    else:
        check, sev, src, tgt = f
    sev = getattr(sev, "value", sev)
    return str(check), str(sev), tuple(int(i) for i in src), tuple(int(j) for j in tgt)


def covers(finding: FindingT, fault: Fault) -> bool:
    """True when the finding shares a source index with ``fault.src`` or a target index with ``fault.tgt``."""
    _, _, src, tgt = finding
    return bool(set(src) & set(fault.src)) or bool(set(tgt) & set(fault.tgt))


def evaluate_detection(
    variants: Sequence[Variant],
    findings: Sequence[Iterable],
    *,
    severities: Sequence[str] = COUNTED_SEVERITIES,
) -> DetectionReport:
    """Score a system's findings against the injected faults.

    Args:
        variants: the variants the system was run on.
        findings: ``findings[k]`` are the system's findings on ``variants[k]``, each
            ``(check, severity, src, tgt)`` or an ``aligncheck.types.Finding``.
        severities: the severities that count (default error and warning).

    Returns:
        a :class:`DetectionReport` (see the module docstring for the definitions).

    Raises:
        ValueError: ``len(findings) != len(variants)``.
    """
    if len(findings) != len(variants):
        raise ValueError(f"{len(variants)} variants but {len(findings)} finding lists; give one list per variant")
    counted = set(severities)
    kind_acc: dict[str, list[int]] = {}
    sub_acc: dict[str, list[int]] = {}
    n_findings = n_true = n_true_id = n_false = 0
    seg = 0.0
    for v, fs in zip(variants, findings):
        fs = [f for f in (as_finding(x) for x in fs) if f[1] in counted]
        n_findings += len(fs)
        for fault in v.faults:
            hit_any = any(covers(f, fault) for f in fs)
            hit_id = any(f[0] == fault.kind and covers(f, fault) for f in fs)
            for acc, key in ((kind_acc, fault.kind), (sub_acc, fault.subkind or fault.kind)):
                a = acc.setdefault(key, [0, 0, 0])
                a[0] += 1
                a[1] += hit_any
                a[2] += hit_id
        for f in fs:
            n_true += any(covers(f, fault) for fault in v.faults)
            n_true_id += any(f[0] == fault.kind and covers(f, fault) for fault in v.faults)
        if not v.faults:
            n_false += len(fs)
            seg += (len(v.src) + len(v.tgt)) / 2
    return DetectionReport(
        per_kind={k: KindStats(*kind_acc[k]) for k in sorted(kind_acc)},
        per_subkind={k: KindStats(*sub_acc[k]) for k in sorted(sub_acc)},
        n_findings=n_findings,
        n_true=n_true,
        n_true_id=n_true_id,
        n_false_alarms=n_false,
        no_fault_segments=seg,
    )
