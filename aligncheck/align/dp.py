"""The monotone dynamic program over beads, coarse-to-fine for long documents (Vecalign's
approach, after FastDTW), and the scored :class:`~aligncheck.types.Alignment` of its path.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..errors import AlignCheckError
from ..types import Alignment, Bead
from .cost import AlignParams, BeadScorer, _unit, bead_types


#: documents with at most this many DP cells (n_src * n_tgt) are aligned without a band
FULL_DP_CELLS = 1_500_000
#: downsampling factor of one coarse-to-fine level
COARSE_FACTOR = 8
#: half-width (in sentences) of the band around the projected coarse path
BAND_WIDTH = 12


def _dp(scorer: BeadScorer, lo: np.ndarray, hi: np.ndarray, types: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Minimum-cost monotone path through the band ``lo[i] <= j <= hi[i]`` (inclusive).

    Returns the beads as ``(a, b)`` shapes in document order. Ties go to the bead type listed
    first in ``types``, then to the non-skip predecessor (deterministic).
    """
    n, m = scorer.n, scorer.m
    inf = math.inf
    rows_d: list[np.ndarray] = []
    rows_bp: list[np.ndarray] = []
    skip_t = scorer.skip
    max_a = max(a for a, _ in types)
    row_types = [(t_i, a, b) for t_i, (a, b) in enumerate(types) if a > 0]
    zero_one = types.index((0, 1))
    for i in range(n + 1):
        width = int(hi[i] - lo[i] + 1)
        x = np.full(width, inf)
        bp = np.full(width, -1, dtype=np.int8)
        if i == 0:
            if lo[0] == 0:
                x[0] = 0.0
        else:
            for t_i, a, b in row_types:
                r = i - a
                if r < 0:
                    continue
                # target ends j with j-b inside row r's band and j inside this row's band
                j0 = max(int(lo[i]), int(lo[r]) + b, b)
                j1 = min(int(hi[i]), int(hi[r]) + b)
                if j0 > j1:
                    continue
                pd = rows_d[r][j0 - b - lo[r] : j1 - b - lo[r] + 1]
                cand = pd + scorer.cost(a, b, i, slice(j0, j1 + 1))
                seg = x[j0 - lo[i] : j1 - lo[i] + 1]
                better = cand < seg
                seg[better] = cand[better]
                bp[j0 - lo[i] : j1 - lo[i] + 1][better] = t_i
        # 0-1 beads within the row: D[j] = min(X[j], D[j-1] + skip) as a prefix minimum.
        steps = np.arange(width, dtype=np.float64) * skip_t
        y = x - steps
        run = np.minimum.accumulate(y)
        d = run + steps
        from_left = (y > run) & np.isfinite(d)
        bp[from_left] = zero_one
        rows_d.append(d)
        rows_bp.append(bp)
        if i > max_a:  # D of rows older than max_a is no longer needed
            rows_d[i - max_a - 1] = None  # type: ignore[call-overload]
    if not (lo[n] <= m <= hi[n]) or not np.isfinite(rows_d[n][m - lo[n]]):
        raise AlignCheckError("internal error: the alignment band does not reach the end of both documents")
    path: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        t_i = int(rows_bp[i][j - lo[i]])
        if t_i < 0:
            raise AlignCheckError("internal error: broken back-pointer in the alignment DP")
        a, b = types[t_i]
        path.append((a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def _full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def _band_from_coarse(path: list[tuple[int, int]], factor: int, n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Project a coarse path to full resolution and widen it by ``width`` rows and columns."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    ci = cj = 0
    for a, b in path:
        r0, r1 = min(ci * factor, n), min((ci + a) * factor, n)
        c0, c1 = min(cj * factor, m), min((cj + b) * factor, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
        ci, cj = ci + a, cj + b
    # widen over rows, then columns; keep the band monotone and inside the matrix
    lo_w = np.array([lo[max(0, i - width) : i + width + 1].min() for i in range(n + 1)], dtype=np.int64)
    hi_w = np.array([hi[max(0, i - width) : i + width + 1].max() for i in range(n + 1)], dtype=np.int64)
    lo_w = np.maximum(lo_w - width, 0)
    hi_w = np.minimum(hi_w + width, m)
    lo_w = np.minimum.accumulate(lo_w[::-1])[::-1]
    hi_w = np.maximum.accumulate(hi_w)
    lo_w[0], hi_w[n] = 0, m
    return lo_w, hi_w


def _downsample(emb: np.ndarray, lengths: np.ndarray, factor: int) -> tuple[np.ndarray, np.ndarray]:
    n = emb.shape[0]
    k = -(-n // factor)
    idx = np.arange(n) // factor
    sums = np.zeros((k, emb.shape[1]), dtype=np.float64)
    np.add.at(sums, idx, emb)
    lens = np.bincount(idx, weights=lengths, minlength=k)
    return _unit(sums.astype(np.float32)), lens


def align_embeddings(
    src: np.ndarray,
    tgt: np.ndarray,
    src_len: Sequence[float],
    tgt_len: Sequence[float],
    *,
    params: AlignParams = AlignParams(),
    src_par: Sequence[int] | None = None,
    tgt_par: Sequence[int] | None = None,
    rng: np.random.Generator | None = None,
    src_ref: np.ndarray | None = None,
    tgt_ref: np.ndarray | None = None,
) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], BeadScorer]:
    """Align two embedded documents with a monotone DP over beads.

    Args:
        src: ``(n, dim)`` float32 unit sentence embeddings of the source; tgt: ``(m, dim)``.
        src_len, tgt_len: segment lengths in code points.
        params: bead-cost parameters.
        src_par, tgt_par: 0-based paragraph numbers (optional).
        rng: generator for the hubness sample; defaults to ``numpy.random.default_rng(0)``.
        src_ref, tgt_ref: optional unrelated reference sentences of each language, embedded
            and centred like the documents, that steady the normalisation of short documents.

    Returns:
        ``(beads, scorer)``: beads as ``(src_indices, tgt_indices)`` tuples (0-based, every index
        of each side exactly once, in order) and the :class:`BeadScorer` used (for re-scoring).

    Raises:
        AlignCheckError: shapes disagree (an internal error).
    """
    src = np.asarray(src, dtype=np.float32)
    tgt = np.asarray(tgt, dtype=np.float32)
    n, m = src.shape[0], tgt.shape[0]
    if len(src_len) != n or len(tgt_len) != m:
        raise AlignCheckError("internal error: lengths and embeddings disagree")
    if n and m and src.shape[1] != tgt.shape[1]:
        raise AlignCheckError("internal error: source and target embeddings differ in dimension")
    rng = rng if rng is not None else np.random.default_rng(0)
    scorer = BeadScorer(src, tgt, src_len, tgt_len, params, rng, src_par, tgt_par, src_ref, tgt_ref)
    shapes = _align_shapes(scorer, src, tgt, np.asarray(src_len, float), np.asarray(tgt_len, float), params, rng)
    beads = []
    i = j = 0
    for a, b in shapes:
        beads.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return beads, scorer


def _align_shapes(scorer, src, tgt, src_len, tgt_len, params, rng) -> list[tuple[int, int]]:
    n, m = scorer.n, scorer.m
    types = bead_types(params.max_bead)
    if n == 0 or m == 0:
        return [(1, 0)] * n + [(0, 1)] * m
    if (n + 1) * (m + 1) <= FULL_DP_CELLS:
        lo, hi = _full_band(n, m)
    else:
        cs, cls = _downsample(src, src_len, COARSE_FACTOR)
        ct, clt = _downsample(tgt, tgt_len, COARSE_FACTOR)
        coarse_params = AlignParams(max_bead=2, skip_percentile=params.skip_percentile,
                                    skip_scale=params.skip_scale, merge_penalty=params.merge_penalty,
                                    length_weight=params.length_weight)
        coarse_scorer = BeadScorer(cs, ct, cls, clt, coarse_params, rng)
        coarse = _align_shapes(coarse_scorer, cs, ct, cls, clt, coarse_params, rng)
        lo, hi = _band_from_coarse(coarse, COARSE_FACTOR, n, m, BAND_WIDTH)
    return _dp(scorer, lo, hi, types)


def to_alignment(beads, scorer: BeadScorer, src_raw: np.ndarray, tgt_raw: np.ndarray) -> Alignment:
    """Attach scores to ``beads`` (as returned by :func:`align_embeddings`).

    Args:
        beads: ``(src_indices, tgt_indices)`` tuples.
        scorer: the scorer the DP used (gives the margin).
        src_raw, tgt_raw: the model's own unit embeddings (before :func:`center`), for the
            reported cosine.
    """
    out = []
    for s, t in beads:
        if s and t:
            u = _unit(src_raw[list(s)].sum(axis=0, keepdims=True))[0]
            v = _unit(tgt_raw[list(t)].sum(axis=0, keepdims=True))[0]
            margin = float(scorer.margin(len(s), len(t), s[-1] + 1, np.array([t[-1] + 1]))[0])
            out.append(Bead(tuple(s), tuple(t), score=float(np.clip(u @ v, -1.0, 1.0)), margin=margin))
        else:
            out.append(Bead(tuple(s), tuple(t)))
    return Alignment(tuple(out))
