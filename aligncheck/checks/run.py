"""Running the checks: every registered check, then the findings made from others (``moved``,
``duplicate``, the unit findings), or the one ``unrelated_documents`` finding; the per-check
switches (``Config.disable``) and severity overrides (``Config.severity``) applied here, once.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterable

from ..types import Finding, Severity
from .alignment import check_long_segment, pair_moves
from .context import CheckContext, Positions
from .duplicate import find_duplicates
from .registry import CHECKS, REGISTRY
from .units import unit_findings
from .unrelated import unrelated_finding

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config


def apply_severity(findings: Iterable[Finding], config: "Config", *, documents: bool = False) -> tuple[Finding, ...]:
    """``findings`` in the same order, each at its severity for the input kind, then at the one
    ``config.severity`` gives its check (:meth:`~aligncheck.config.Config.severity_of`). The one
    place severities are changed after the checks made them.

    ``documents=True``: a finding made at its check's default severity (:attr:`CheckInfo.severity`,
    the translation-unit default) is reported at the check's default for documents
    (:meth:`CheckInfo.default_severity`; ``punctuation`` warnings are info notes there); findings
    a check made at another level, and ids not in :data:`CHECKS`, keep theirs."""
    kind = "documents" if documents else "units"
    out = []
    for f in findings:
        own = Severity(f.severity).value
        info = CHECKS.get(f.check)
        if info is not None and own == info.severity:
            own = info.default_severity(kind)
        level = config.severity_of(f.check, own)
        out.append(f if level == Severity(f.severity).value else dataclasses.replace(f, severity=Severity(level)))
    return tuple(out)


def run_checks(ctx: CheckContext) -> tuple[Finding, ...]:
    """Run every registered check not in ``config.disable``, pair omissions with additions into
    ``moved`` findings (:func:`~aligncheck.checks.alignment.pair_moves`), turn repeated target
    sentences into ``duplicate`` findings (:func:`~aligncheck.checks.duplicate.find_duplicates`),
    apply ``config.severity`` overrides, and sort by position (source, then target index).

    When the documents do not correspond at all (:func:`~aligncheck.checks.unrelated.unrelated_finding`)
    the result is that one ``unrelated_documents`` finding (plus ``long_segment`` notes) instead of
    one finding per sentence. For translation units (``ctx.units`` set) the units with one side
    only get their own findings instead (:func:`~aligncheck.checks.units.unit_findings`), ordered
    by unit."""
    disabled = set(ctx.config.disable)
    if ctx.documents and "unrelated_documents" not in disabled:
        unrelated = unrelated_finding(ctx)
        if unrelated is not None:
            out = [unrelated] + ([] if "long_segment" in disabled else check_long_segment(ctx))
            return apply_severity(out, ctx.config, documents=True)
    findings: list[Finding] = []
    for check_id, fn in REGISTRY.items():
        if check_id not in disabled:
            findings.extend(fn(ctx))
    if "moved" not in disabled:
        findings = pair_moves(findings, ctx)
    if "duplicate" not in disabled:
        findings = find_duplicates(findings, ctx)
    if ctx.units is not None:
        findings = [f for f in unit_findings(findings, ctx) if f.check not in disabled]
        return apply_severity(findings, ctx.config)
    positions = Positions(ctx.alignment)

    def key(f: Finding):
        first_src = f.src[0] if f.src else None
        first_tgt = f.tgt[0] if f.tgt else None
        # place a target-only finding after the source segments aligned before it
        pos = positions.of(first_src, first_tgt)
        return (pos, first_src if first_src is not None else -1, first_tgt if first_tgt is not None else -1, f.check)

    return apply_severity(sorted(findings, key=key), ctx.config, documents=True)
