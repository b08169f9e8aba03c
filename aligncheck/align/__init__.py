"""Similarity, bead costs and the monotone dynamic program that aligns two documents.

The cost of a bead follows Vecalign (Thompson & Koehn, 2019, "Vecalign: Improved Sentence
Alignment in Linear Time and Space", EMNLP), eq. 1: one minus the cosine of the two sides,
divided by the mean (1 - cosine) of each side against sentences sampled from the other document
(a hubness correction that makes costs comparable across models and documents: an unrelated pair
costs about 1), and scaled up with the number of sentences in the bead. Two changes serve fault
detection:

* multi-sentence sides are the renormalised *mean* of their sentence embeddings, so that each
  distinct sentence is embedded exactly once (Vecalign embeds every concatenation);
* a length term, ``|log(len_tgt / (ratio * len_src))|`` with the document's own character ratio
  (as in Gale & Church, 1993, but calibrated per document), so that a sentence dropped from the
  translation cannot hide inside a 2-1 bead at no cost: the bead's lengths no longer agree.

The skip (deletion) cost of a 1-0 or 0-1 bead is calibrated per document as a percentile of the
document's own 1-1 costs (Vecalign's ``del_percentile_frac``), so it adapts to the model's
compressed or spread-out cosines instead of being a fixed constant (Bertalign's weakness).

Long documents are aligned coarse-to-fine (Vecalign's approach, after FastDTW, Salvador & Chan
2007): both sides are downsampled by averaging blocks of sentences, aligned recursively, and the
full-resolution DP runs only in a band around the projected coarse path. Time and memory are
then linear in document length for a fixed band.

In documents with real m-n structure (several m-n beads), the regions around the DP's m-n beads
and skips are re-aligned with embeddings of the joined sentences by Bertalign's second step
(Liu & Zhu, 2022; :mod:`~aligncheck.align.joined`).

Modules: :mod:`~aligncheck.align.cost` (the bead cost, centring), :mod:`~aligncheck.align.dp`
(the DP and the scored alignment), :mod:`~aligncheck.align.joined` (the second pass with joined
texts), :mod:`~aligncheck.align.repairs` (re-tests and repairs after the DP); :func:`align` runs
them in order.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

import numpy as np

from ..types import Alignment
from .cost import (AlignParams, BeadScorer, LENGTH_SMOOTHING, NORM_SAMPLES, SKIP_SAMPLES, bead_types, block_embeddings,
                   center, distinct_rows, hubness, knn_distance)
from .dp import BAND_WIDTH, COARSE_FACTOR, FULL_DP_CELLS, align_embeddings, to_alignment
from .joined import realign_joined
from .repairs import pair_lone_skips, repair_skips_beside_merges, retest_beads

__all__ = [
    "BAND_WIDTH", "COARSE_FACTOR", "FULL_DP_CELLS", "LENGTH_SMOOTHING", "NORM_SAMPLES", "SKIP_SAMPLES", "AlignParams",
    "BeadScorer", "align", "align_embeddings", "bead_types", "block_embeddings", "center", "distinct_rows", "hubness",
    "knn_distance", "pair_lone_skips", "realign_joined", "repair_skips_beside_merges", "retest_beads", "to_alignment",
]


def align(
    src_c: np.ndarray,
    tgt_c: np.ndarray,
    src_raw: np.ndarray,
    tgt_raw: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    src_len: Sequence[int],
    tgt_len: Sequence[int],
    *,
    params: AlignParams,
    encode: Callable[[list[str]], np.ndarray],
    split_below: tuple[float, float],
    repair_margin: float,
    src_par: Optional[Sequence[int]] = None,
    tgt_par: Optional[Sequence[int]] = None,
    src_ref: Optional[np.ndarray] = None,
    tgt_ref: Optional[np.ndarray] = None,
    absorb: Optional[Callable[[list, Callable[[int, int], float]], list]] = None,
) -> tuple[Alignment, BeadScorer]:
    """Align two documents: the DP (:func:`align_embeddings`, seeded ``default_rng(0)``), the
    second pass with joined texts around its m-n beads and skips (:func:`realign_joined`, when
    ``params.joined_max_align``), then the re-test of merges and skips with the real concatenations (:func:`retest_beads`), the
    repair of merges beside skips (:func:`repair_skips_beside_merges`) and the pairing of lone
    skips (:func:`pair_lone_skips`), and the scores of the final beads (:func:`to_alignment`).

    Args:
        src_c, tgt_c: ``(n, dim)`` / ``(m, dim)`` float32 centred unit rows (:func:`center`).
        src_raw, tgt_raw: the model's own unit rows (for re-tests and reported cosines).
        src_texts, tgt_texts: the embedded text of each segment.
        src_len, tgt_len: segment lengths in code points.
        params: the bead cost and DP parameters.
        encode: ``encode(texts) -> (k, dim)`` float32 unit rows for joined texts.
        split_below: ``(source, target)`` cosine gains below which a 2-1 / 1-2 bead is split.
        repair_margin: the margin both pairs of a repaired merge must reach.
        src_par, tgt_par: paragraph index of each segment (``None``: no paragraph term).
        src_ref, tgt_ref: centred reference rows added to the normalisation sample, or ``None``.
        absorb: optional last step ``absorb(beads, pair_margin) -> beads`` on the final beads
            before they are scored (the pipeline's content test,
            :func:`aligncheck.content.absorb_skips`, in sentences mode).

    Returns:
        ``(alignment, scorer)``: the scored alignment and the scorer whose
        ``margin(1, 1, i + 1, [j + 1])`` is the margin of source ``i`` against target ``j``.

    Raises:
        AlignCheckError: shapes disagree (an internal error).
    """
    beads, scorer = align_embeddings(src_c, tgt_c, src_len, tgt_len, params=params, src_par=src_par,
                                     tgt_par=tgt_par, rng=np.random.default_rng(0), src_ref=src_ref, tgt_ref=tgt_ref)
    if params.joined_max_align:
        beads = realign_joined(beads, src_texts, tgt_texts, src_raw, tgt_raw, src_len, tgt_len, encode,
                               max_align=params.joined_max_align, min_merges=params.joined_min_merges,
                               min_share=params.joined_min_share,
                               src_par=src_par if params.paragraph_weight else None,
                               tgt_par=tgt_par if params.paragraph_weight else None)
    beads = retest_beads(beads, src_texts, tgt_texts, src_raw, tgt_raw, encode, split_below=split_below)

    def pair_margin(i: int, j: int) -> float:
        return float(scorer.margin(1, 1, i + 1, np.array([j + 1]))[0])

    beads = repair_skips_beside_merges(beads, pair_margin, repair_margin)
    beads = pair_lone_skips(beads)
    if absorb is not None:
        beads = absorb(beads, pair_margin)
    return to_alignment(beads, scorer, src_raw, tgt_raw), scorer
