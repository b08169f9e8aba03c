"""The ``length`` check (translation units): a target longer than its limit, and a unit whose
target/source length ratio is far from the file's own.

* Limit: XLIFF 1.2 ``maxwidth`` with ``size-unit="char"`` or XLIFF 2 ``slr:sizeRestriction``
  on the unit (read into ``Segment.max_chars``), else ``max_length`` from the configuration
  (project file or ``--max-length``). Lengths are code points of the text as written.
* Outlier (:func:`ratio_outliers`): among the units whose source has at least
  :data:`MIN_CHARS` code points, one whose ``log(len target / len source)`` is more than
  :data:`OUTLIER_Z` robust standard deviations (1.4826 x the median absolute deviation, at
  least :data:`MIN_SPREAD`) from the file's median, and at least :data:`MIN_FACTOR` times
  longer or shorter than the median ratio predicts. Needs :data:`MIN_UNITS` such units (the
  statistics of fewer are noise). English is about 1.2 times as long as Arabic in characters:
  the file's own median absorbs that.
"""

from __future__ import annotations

import math
import statistics

from ..codes import render_icu
from ..types import Finding, Severity
from .context import CheckContext
from .pairs import Issue, issue_findings, pair_label, qa_pairs
from .registry import register

MIN_CHARS = 20
MIN_UNITS = 8
OUTLIER_Z = 3.5
MIN_SPREAD = 0.15
MIN_FACTOR = 2.0


def check_limit(target: str, limit: int | None, *, origin: str) -> list[Issue]:
    """A warning when ``target`` has more than ``limit`` code points (nothing when ``limit``
    is ``None``); ``origin`` names where the limit comes from."""
    if limit is None or len(target) <= limit:
        return []
    return [Issue(Severity.WARNING, f"the translation has {len(target)} characters, more than the limit of {limit} ({origin})")]


def ratio_outliers(lengths: list[tuple[int, int]]) -> list[tuple[int, float, float]]:
    """Units whose length ratio is an outlier in their file (module docstring).

    Args:
        lengths: ``(source length, target length)`` in code points, one per unit with both texts.

    Returns:
        ``(index into lengths, the unit's ratio, the file's median ratio)`` per outlier, in order.
    """
    usable = [(k, t / s) for k, (s, t) in enumerate(lengths) if s >= MIN_CHARS and t > 0]
    if len(usable) < MIN_UNITS:
        return []
    logs = [math.log(r) for _, r in usable]
    med = statistics.median(logs)
    spread = max(1.4826 * statistics.median(abs(x - med) for x in logs), MIN_SPREAD)
    out = []
    for (k, r), x in zip(usable, logs):
        if abs(x - med) > OUTLIER_Z * spread and abs(x - med) >= math.log(MIN_FACTOR):
            out.append((k, r, math.exp(med)))
    return out


@register("length", "warning", "LengthLimit",
          "A translation unit is longer than its limit, or far longer or shorter than the file's other units.",
          '`<trans-unit maxwidth="5" size-unit="char">` with `إلغاء الأمر`')
def check_length(ctx: CheckContext) -> list[Finding]:
    """Translation units only: :func:`check_limit` with each unit's limit (``Segment.max_chars``,
    else ``config.max_length``) and :func:`ratio_outliers` over the file's units."""
    if ctx.documents:
        return []
    out = []
    pairs = list(qa_pairs(ctx, every_unit=True))
    for bead, s, t in pairs:
        seg = ctx.target.segments[bead.tgt[0]]
        limit, origin = seg.max_chars, "the file's maxwidth / size restriction"
        if limit is None and ctx.config.max_length is not None:
            limit, origin = ctx.config.max_length, "max_length"
        out += issue_findings("length", ctx, bead, check_limit(t, limit, origin=origin))
    # ratios of what one reader sees: an ICU message as its 'other' branch (Arabic's six plural
    # branches against English's two are not a translation three times as long)
    for k, ratio, median in ratio_outliers([(len(render_icu(s)), len(render_icu(t))) for _, s, t in pairs]):
        bead = pairs[k][0]
        how = "longer" if ratio > median else "shorter"
        out.append(Finding("length", Severity.WARNING, bead.src, bead.tgt,
                           f"{pair_label(ctx, bead)}: the translation is {ratio:.2f} times as long as its source, "
                           f"far {how} than the file's usual {median:.2f}: check it is complete and is this unit's"))
    return out
