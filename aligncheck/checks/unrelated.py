"""``unrelated_documents``: the target is not a translation of the source at all (reported once
instead of one finding per sentence).
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from ..types import Alignment, Finding, Severity
from .context import CheckContext, language_name
from .registry import CheckInfo, declare


#: ``unrelated_documents``: at least this share of the beads are faults (1-0, 0-1, or a bead
#: below the mismatch margin) ...
UNRELATED_FAULT_SHARE = 0.5
#: ... and the median margin of the 1-1 beads is at most this (about 0: unrelated pairs) ...
UNRELATED_MEDIAN_MARGIN = 0.3
#: ... and the documents have at least this many segments together (a one-sentence pair that
#: does not match is a ``mismatch``, not a wrong file)
UNRELATED_MIN_SEGMENTS = 6


def correspondence_stats(alignment: Alignment, mismatch_margin: float) -> tuple[float, float]:
    """How well two documents correspond, from their alignment.

    Returns:
        ``(fault_share, median_margin)``: the share in [0, 1] of the beads that are a fault (a
        1-0 or 0-1 bead, or a bead with both sides whose margin is below ``mismatch_margin``),
        and the median margin of the 1-1 beads (``-inf`` when there is none; about 0 for
        unrelated sentences, 0.4-0.8 for translations with the bundled model). ``(0.0, inf)``
        for an empty alignment.
    """
    beads = alignment.beads
    if not beads:
        return 0.0, float("inf")
    faults = sum(
        1 for b in beads
        if not b.src or not b.tgt or (b.margin is not None and b.margin < mismatch_margin)
    )
    margins = [b.margin for b in beads if len(b.src) == 1 and len(b.tgt) == 1 and b.margin is not None]
    median = float(np.median(margins)) if margins else float("-inf")
    return faults / len(beads), median


def unrelated_finding(ctx: CheckContext) -> Optional[Finding]:
    """The ``unrelated_documents`` error when the target does not translate the source at all
    (a wrong file attached), else ``None``.

    The rule: the documents hold at least :data:`UNRELATED_MIN_SEGMENTS` segments together, at
    least :data:`UNRELATED_FAULT_SHARE` of the beads are faults and the median margin of the 1-1
    beads is at most :data:`UNRELATED_MEDIAN_MARGIN` (see :func:`correspondence_stats`;
    calibrated with ``python -m bench.unrelated``).
    """
    n_src, n_tgt = len(ctx.source.segments), len(ctx.target.segments)
    if n_src + n_tgt < UNRELATED_MIN_SEGMENTS:
        return None
    share, median = correspondence_stats(ctx.alignment, ctx.config.mismatch_margin)
    if share < UNRELATED_FAULT_SHARE or median > UNRELATED_MEDIAN_MARGIN:
        return None
    src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
    shown = "none" if median == float("-inf") else f"{median:.2f}"
    return Finding(
        "unrelated_documents", Severity.ERROR, (), (),
        f"{ctx.target.path} does not seem to be a translation of {ctx.source.path}: {share:.0%} of the "
        f"{len(ctx.alignment.beads)} aligned positions are missing or mismatched ({n_src} {src_lang} and "
        f"{n_tgt} {tgt_lang} segments, median pair margin {shown}); check that the right file is attached",
    )


declare(CheckInfo('unrelated_documents', 'error', 'UnrelatedDocuments',
                  'The target file does not seem to be a translation of the source file.',
                  '`news-12/en.txt` attached to `news-13/ar.txt`'))
