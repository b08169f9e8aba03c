"""Scoring by code-point spans: segmenter boundaries, and findings against injected faults.

Spans are ``(start, end)`` code-point offsets into a document's text, end exclusive.

* **Boundaries.** A gold boundary is the start offset of every gold sentence that is not the first
  on its line (line breaks are always boundaries, so they are not counted). A predicted boundary is
  the ``start`` of every segment that is not the first segment of its line. Precision / recall
  compare the two sets of offsets exactly.
* **Findings.** A finding's span on a side is the union of its segments' spans there. It *catches*
  a fault when it overlaps (by at least one code point) one of the fault's spans on a side the
  fault is judged on (:class:`bench.layout.SpanFault`); the fault is caught *by the right check*
  when the finding's check id is also the fault's kind. Only ``error`` and ``warning`` findings count.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bench.layout import SpanFault

Span = tuple[int, int]
COUNTED: tuple[str, ...] = ("error", "warning")

__all__ = [
    "gold_boundaries",
    "predicted_boundaries",
    "BoundaryCounts",
    "boundary_counts",
    "scorable_counts",
    "SpanFinding",
    "span_finding",
    "overlaps",
    "catches",
    "VariantScore",
    "score_variant",
]


def gold_boundaries(units: Sequence[Span], lines: Sequence[Span]) -> set[int]:
    """Start offsets of the gold units that do not start a line."""
    line_starts = {a for a, _ in lines}
    return {a for a, _ in units if a not in line_starts}


def scorable_counts(units: Sequence[Span], lines: Sequence[Span], predicted: set[int], *,
                    punctuated: Sequence[bool], several: Sequence[bool]) -> BoundaryCounts:
    """Boundary counts where the gold lines are trusted only where they can be: the boundary after
    a unit counts only when that unit ends with sentence-final punctuation (``punctuated[k]``; no
    splitter can see the end of a sentence without it), and a predicted boundary inside a unit is
    ignored when the gold says the unit holds several sentences (``several[k]``: two sentences glued
    without a space, ``therapy.Recommended``). Predicted boundaries at an unpunctuated gold
    boundary are ignored too (neither right nor wrong).

    Args:
        units: spans of the gold units of one side, in order.
        lines: spans of that side's lines.
        predicted: predicted boundary offsets (:func:`predicted_boundaries`).
        punctuated, several: one flag per unit.
    """
    line_starts = {a for a, _ in lines}
    gold = set()
    ignored = set()
    for k, (a, _) in enumerate(units):
        if k and a not in line_starts:
            (gold if punctuated[k - 1] else ignored).add(a)
    starts = [a for a, _ in units]
    inside_several = set()
    for o in predicted - gold - ignored:
        k = bisect.bisect_right(starts, o) - 1
        if k >= 0 and several[k] and units[k][0] < o < units[k][1]:
            inside_several.add(o)
    pred = predicted - ignored - inside_several
    return boundary_counts(gold, pred)


def predicted_boundaries(segments: Iterable) -> set[int]:
    """Start offsets of the segments (objects with ``start`` and ``line``) that are not the first
    segment of their line."""
    out = set()
    prev_line = None
    for s in segments:
        if s.line == prev_line:
            out.add(s.start)
        prev_line = s.line
    return out


@dataclass(frozen=True)
class BoundaryCounts:
    """Exact-offset boundary matches: ``tp`` found, ``fp`` predicted but not gold, ``fn`` missed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "BoundaryCounts") -> "BoundaryCounts":
        return BoundaryCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """``tp / (tp + fp)``; ``nan`` when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else math.nan

    @property
    def recall(self) -> float:
        """``tp / (tp + fn)``; ``nan`` when there is no gold boundary."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else math.nan


def boundary_counts(gold: set[int], predicted: set[int]) -> BoundaryCounts:
    """Compare two sets of boundary offsets."""
    return BoundaryCounts(len(gold & predicted), len(predicted - gold), len(gold - predicted))


@dataclass(frozen=True)
class SpanFinding:
    """A finding located by spans: ``check`` id, ``severity`` string, and the spans of its source and
    target segments."""

    check: str
    severity: str
    src: tuple[Span, ...]
    tgt: tuple[Span, ...]


def span_finding(finding, src_segments: Sequence, tgt_segments: Sequence) -> SpanFinding:
    """Locate an ``aligncheck.types.Finding`` (0-based segment indices) by the spans of its segments."""
    sev = getattr(finding.severity, "value", finding.severity)
    return SpanFinding(
        str(finding.check), str(sev),
        tuple((src_segments[i].start, src_segments[i].end) for i in finding.src),
        tuple((tgt_segments[j].start, tgt_segments[j].end) for j in finding.tgt),
    )


def overlaps(a: Iterable[Span], b: Iterable[Span]) -> bool:
    """True when some span of ``a`` shares at least one code point with some span of ``b``."""
    b = list(b)
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def catches(finding: SpanFinding, fault: SpanFault) -> bool:
    """True when ``finding`` overlaps one of the fault's spans (on a side the fault is judged on)."""
    return overlaps(finding.src, fault.src) or overlaps(finding.tgt, fault.tgt)


@dataclass(frozen=True)
class VariantScore:
    """The outcome on one variant.

    Attributes:
        caught: per fault (in order), whether a counted finding of any check caught it.
        caught_id: per fault, whether a counted finding of the fault's own check caught it.
        n_counted: counted (error/warning) findings.
        n_false: counted findings that catch no fault of the variant.
    """

    caught: tuple[bool, ...]
    caught_id: tuple[bool, ...]
    n_counted: int
    n_false: int


def score_variant(faults: Sequence[SpanFault], findings: Sequence[SpanFinding],
                  *, severities: Sequence[str] = COUNTED) -> VariantScore:
    """Score one variant's findings against its faults (see the module docstring)."""
    fs = [f for f in findings if f.severity in severities]
    caught = tuple(any(catches(f, fault) for f in fs) for fault in faults)
    caught_id = tuple(any(f.check == fault.kind and catches(f, fault) for f in fs) for fault in faults)
    n_false = sum(1 for f in fs if not any(catches(f, fault) for fault in faults))
    return VariantScore(caught, caught_id, len(fs), n_false)
