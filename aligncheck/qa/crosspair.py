"""``consistency`` across the pairs of a project (``aligncheck ci``): a finding is added to the
result of the later pair, naming the file and line of the earlier one."""

from __future__ import annotations

import dataclasses

from ..config import Config
from ..types import CheckResult, Finding
from .consistency import check_consistency_across


def _pairs(result: CheckResult, config: Config):
    """The aligned pairs of a result that the QA checks look at: beads with both sides at or
    above the mismatch margin, texts joined; with the beads."""
    out = []
    for bead in result.alignment.beads:
        if not bead.src or not bead.tgt or (bead.margin is not None and bead.margin < config.mismatch_margin):
            continue
        s = " ".join(result.source.segments[i].text for i in bead.src)
        t = " ".join(result.target.segments[j].text for j in bead.tgt)
        out.append((bead, s, t, result.source.segments[bead.src[0]].unit))
    return out


def add_cross_pair_consistency(results: list[CheckResult], configs: list[Config]) -> list[CheckResult]:
    """``results`` with a ``consistency`` warning added to each pair of a later result that
    disagrees with an earlier result (:func:`aligncheck.qa.consistency.check_consistency_across`);
    results whose configuration disables ``consistency`` neither get nor give findings."""
    live = [k for k, c in enumerate(configs) if "consistency" not in c.disable]
    pairs = {k: _pairs(results[k], configs[k]) for k in live}
    found = check_consistency_across([[(s, t, u) for _, s, t, u in pairs[k]] for k in live])
    extra: dict[int, list[Finding]] = {}
    for f, p, ef, ep, issue in found:
        k, ek = live[f], live[ef]
        bead = pairs[k][p][0]
        e_bead = pairs[ek][ep][0]
        e_line = results[ek].source.segments[e_bead.src[0]].line
        level = dict(configs[k].severity).get("consistency", issue.severity.value)
        extra.setdefault(k, []).append(Finding(
            "consistency", type(issue.severity)(level), bead.src, bead.tgt,
            f"{issue.message} ({results[ek].source.path} line {e_line})"))
    return [dataclasses.replace(r, findings=r.findings + tuple(extra.get(k, ()))) if k in extra else r
            for k, r in enumerate(results)]
