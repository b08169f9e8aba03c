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
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .config import Config
from .errors import AlignCheckError
from .types import Alignment, Bead

#: documents with at most this many DP cells (n_src * n_tgt) are aligned without a band
FULL_DP_CELLS = 1_500_000
#: downsampling factor of one coarse-to-fine level
COARSE_FACTOR = 8
#: half-width (in sentences) of the band around the projected coarse path
BAND_WIDTH = 12
#: number of sentences sampled from the other side for the hubness normalisation
NORM_SAMPLES = 256
#: cells of the 1-1 cost matrix sampled to calibrate the skip cost (all of them when fewer)
SKIP_SAMPLES = 40_000
#: characters added to every length before the length ratio (damps very short segments)
LENGTH_SMOOTHING = 15.0


@dataclass(frozen=True)
class AlignParams:
    """Parameters of the bead cost and the DP (see :class:`aligncheck.config.Config`).

    Attributes:
        max_bead: largest number of sentences on one side of a bead (1-3).
        skip_percentile: percentile (0-100) of the document's 1-1 costs used as skip cost.
        skip_scale: multiplier on that percentile.
        merge_penalty: cost added per sentence beyond the first on either side of a bead.
        length_weight: weight of the length term.
        paragraph_weight: cost added when a multi-sentence side crosses a paragraph boundary.
        normalisation: ``"hubness"`` (:func:`hubness`) or ``"knn"`` (:func:`knn_distance`).
    """

    # defaults are the Config defaults (one source of truth, set by bench/quality.py)
    max_bead: int = Config.max_bead
    skip_percentile: float = Config.skip_percentile
    skip_scale: float = Config.skip_scale
    merge_penalty: float = Config.merge_penalty
    length_weight: float = Config.length_weight
    paragraph_weight: float = Config.paragraph_weight
    normalisation: str = Config.normalisation


def bead_types(max_bead: int) -> list[tuple[int, int]]:
    """The bead shapes the DP may use: ``(0, 1)``, ``(1, 0)`` and every ``(a, b)`` with
    ``1 <= a, b <= max_bead``, in a fixed order (ties in the DP go to the earlier type)."""
    types = [(1, 1)]
    for size in range(2, 2 * max_bead + 1):
        for a in range(1, max_bead + 1):
            b = size - a
            if 1 <= b <= max_bead and (a, b) != (1, 1):
                types.append((a, b))
    return types + [(1, 0), (0, 1)]


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32, copy=False)


def block_embeddings(emb: np.ndarray, size: int) -> np.ndarray:
    """Unit mean embeddings of every run of ``size`` consecutive rows.

    Args:
        emb: ``(n, dim)`` float32 unit rows.
        size: run length ``k >= 1``.

    Returns:
        ``(n, dim)`` float32; row ``e`` is the renormalised sum of rows ``e-k+1 .. e``
        (rows with ``e < k-1`` are zero: no such run).
    """
    n = emb.shape[0]
    out = np.zeros_like(emb, dtype=np.float32)
    if size == 1:
        return emb.astype(np.float32, copy=False)
    if n >= size:
        csum = np.concatenate([np.zeros((1, emb.shape[1]), dtype=np.float64), np.cumsum(emb, axis=0, dtype=np.float64)])
        sums = csum[size:] - csum[:-size]
        out[size - 1 :] = _unit(sums.astype(np.float32))
    return out


def hubness(
    src: np.ndarray,
    tgt: np.ndarray,
    rng: np.random.Generator,
    src_ref: np.ndarray | None = None,
    tgt_ref: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean ``1 - cos`` of each sentence against sentences sampled from the other side.

    Each sentence's own nearest neighbour on the other side (its likely translation) is left
    out of its mean, so that short documents, where the sample is the whole other side, are
    not biased towards their true pairs.

    Short documents give too small a sample; ``src_ref``/``tgt_ref`` (unrelated reference
    sentences in the source and target language, centred like the document) are then added
    to the other side's sample.

    Args:
        src: ``(n, dim)`` float32 unit rows; tgt: ``(m, dim)``.
        rng: generator for the sample (all sentences are used when a side has at most
            :data:`NORM_SAMPLES`).
        src_ref, tgt_ref: optional ``(k, dim)`` reference rows of each language.

    Returns:
        ``(d_src (n,), d_tgt (m,))`` float64, each in [0, 2]. Never 0 (floored at 1e-3).
    """
    n, m = src.shape[0], tgt.shape[0]
    t_idx = np.arange(m) if m <= NORM_SAMPLES else np.sort(rng.choice(m, NORM_SAMPLES, replace=False))
    s_idx = np.arange(n) if n <= NORM_SAMPLES else np.sort(rng.choice(n, NORM_SAMPLES, replace=False))
    t_sample, s_sample = tgt[t_idx], src[s_idx]
    if tgt_ref is not None and len(tgt_ref):
        t_sample = np.concatenate([t_sample, tgt_ref])
    if src_ref is not None and len(src_ref):
        s_sample = np.concatenate([s_sample, src_ref])
    return _mean_distance_without_best(src @ t_sample.T), _mean_distance_without_best(tgt @ s_sample.T)


def knn_distance(src: np.ndarray, tgt: np.ndarray, rng: np.random.Generator, src_ref=None, tgt_ref=None, k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Mean ``1 - cos`` of each sentence to its ``k`` nearest neighbours on the other side (the
    k-NN margin of Artetxe & Schwenk 2019, as used by LASER mining and Bertalign), in the same
    form as :func:`hubness` so that either can normalise the bead cost.

    Neighbours are searched among at most :data:`NORM_SAMPLES` sentences sampled from the other
    side (all of them in documents that short). Measured against :func:`hubness` in
    ``bench/CHOICES.md``: similar alignment, but its margins separate translations from
    unrelated pairs less well, so it is not the default.

    Returns:
        ``(d_src (n,), d_tgt (m,))`` float64, floored at 1e-3.
    """
    n, m = src.shape[0], tgt.shape[0]
    t_idx = np.arange(m) if m <= NORM_SAMPLES else np.sort(rng.choice(m, NORM_SAMPLES, replace=False))
    s_idx = np.arange(n) if n <= NORM_SAMPLES else np.sort(rng.choice(n, NORM_SAMPLES, replace=False))

    def top(sims: np.ndarray) -> np.ndarray:
        kk = min(k, sims.shape[1])
        part = np.partition(sims, sims.shape[1] - kk, axis=1)[:, -kk:]
        return np.maximum(1.0 - part.astype(np.float64).mean(axis=1), 1e-3)

    return top(src @ tgt[t_idx].T), top(tgt @ src[s_idx].T)


def _mean_distance_without_best(sims: np.ndarray) -> np.ndarray:
    dist = 1.0 - sims.astype(np.float64)
    k = dist.shape[1]
    if k >= 2:
        total = dist.sum(axis=1) - dist.min(axis=1)
        mean = total / (k - 1)
    else:
        mean = dist.mean(axis=1) if k else np.ones(dist.shape[0])
    return np.maximum(mean, 1e-3)


class BeadScorer:
    """Costs of beads for one document pair.

    Args:
        src, tgt: ``(n, dim)`` / ``(m, dim)`` float32 unit sentence embeddings.
        src_len, tgt_len: segment lengths in code points, ``(n,)`` / ``(m,)``.
        params: the cost parameters.
        rng: generator for the hubness sample.
        src_par, tgt_par: 0-based paragraph number of each segment, or ``None``.
    """

    def __init__(
        self,
        src: np.ndarray,
        tgt: np.ndarray,
        src_len: Sequence[float],
        tgt_len: Sequence[float],
        params: AlignParams,
        rng: np.random.Generator,
        src_par: Sequence[int] | None = None,
        tgt_par: Sequence[int] | None = None,
        src_ref: np.ndarray | None = None,
        tgt_ref: np.ndarray | None = None,
    ):
        self.params = params
        self.n, self.m = src.shape[0], tgt.shape[0]
        k = params.max_bead
        self.sblocks = [None] + [block_embeddings(src, a) for a in range(1, k + 1)]
        self.tblocks = [None] + [block_embeddings(tgt, b) for b in range(1, k + 1)]
        d_src, d_tgt = (knn_distance if params.normalisation == "knn" else hubness)(src, tgt, rng, src_ref, tgt_ref)
        self.cd_src = np.concatenate([[0.0], np.cumsum(d_src)])
        self.cd_tgt = np.concatenate([[0.0], np.cumsum(d_tgt)])
        sl = np.asarray(src_len, dtype=np.float64)
        tl = np.asarray(tgt_len, dtype=np.float64)
        self.cl_src = np.concatenate([[0.0], np.cumsum(sl)])
        self.cl_tgt = np.concatenate([[0.0], np.cumsum(tl)])
        self.ratio = float((tl.sum() + 1.0) / (sl.sum() + 1.0))
        sp = np.zeros(self.n, dtype=np.int64) if src_par is None else np.asarray(src_par, dtype=np.int64)
        tp = np.zeros(self.m, dtype=np.int64) if tgt_par is None else np.asarray(tgt_par, dtype=np.int64)
        # number of paragraph boundaries before each index (cumulative), to test crossings
        self.cp_src = np.concatenate([[0], np.cumsum(np.diff(sp) != 0), [0]])[: self.n] if self.n else sp
        self.cp_tgt = np.concatenate([[0], np.cumsum(np.diff(tp) != 0), [0]])[: self.m] if self.m else tp
        self.skip = self._calibrate_skip(src, tgt, d_src, d_tgt, rng, src_ref, tgt_ref)

    def _calibrate_skip(self, src, tgt, d_src, d_tgt, rng, src_ref=None, tgt_ref=None) -> float:
        """The skip cost: ``skip_percentile`` of the 1-1 costs of (mostly) unrelated pairs,
        times ``skip_scale``. In documents small enough for the whole cost matrix, each row's and
        column's best cell (the likely true pair) is left out of the pool."""
        n, m = self.n, self.m
        if n == 0 or m == 0:
            return 1.0
        if n * m <= SKIP_SAMPLES:
            sims = src @ tgt.T
            keep = np.ones((n, m), dtype=bool)
            if m >= 2 and n >= 2:
                keep[np.arange(n), sims.argmax(axis=1)] = False
                keep[sims.argmax(axis=0), np.arange(m)] = False
            if not keep.any():
                keep[:] = True
            ii, jj = np.nonzero(keep)
            cos = sims[ii, jj].astype(np.float64)
        else:
            ii = rng.integers(0, n, SKIP_SAMPLES)
            jj = rng.integers(0, m, SKIP_SAMPLES)
            cos = np.einsum("ij,ij->i", src[ii], tgt[jj]).astype(np.float64)
        costs = (1.0 - cos) / ((d_src[ii] + d_tgt[jj]) / 2.0)
        costs = costs + self.params.length_weight * self._length_term(
            self.cl_src[ii + 1] - self.cl_src[ii], self.cl_tgt[jj + 1] - self.cl_tgt[jj]
        )
        if n * m <= SKIP_SAMPLES:
            # short documents: unrelated reference pairs fill the pool (no length term known)
            extra = []
            if tgt_ref is not None and len(tgt_ref):
                d_ref = _mean_distance_without_best(tgt_ref @ src.T)
                extra.append(((1.0 - src @ tgt_ref.T) / ((d_src[:, None] + d_ref[None, :]) / 2.0)).ravel())
            if src_ref is not None and len(src_ref):
                d_ref = _mean_distance_without_best(src_ref @ tgt.T)
                extra.append(((1.0 - src_ref @ tgt.T) / ((d_ref[:, None] + d_tgt[None, :]) / 2.0)).ravel())
            if extra:
                costs = np.concatenate([costs] + [e.astype(np.float64) for e in extra])
        return float(np.percentile(costs, self.params.skip_percentile) * self.params.skip_scale)

    def _length_term(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        return np.abs(np.log((lt + LENGTH_SMOOTHING) / (self.ratio * ls + LENGTH_SMOOTHING)))

    def cosine(self, a: int, b: int, i_end: int, j_ends) -> np.ndarray:
        """Cosine in [-1, 1] of source run ``i_end-a .. i_end-1`` against each target run
        ``j-b .. j-1`` for ``j`` in ``j_ends`` (an index array or a ``slice`` of ends, all ``>= b``).
        Returns ``(len(j_ends),)`` float64."""
        s = self._block(self.sblocks, a)[i_end - 1]
        t = self._block(self.tblocks, b)[_shift(j_ends, -1)]
        return (t @ s).astype(np.float64)

    @staticmethod
    def _block(blocks: list, size: int) -> np.ndarray:
        """The unit mean embeddings of runs of ``size`` rows (:func:`block_embeddings`), also for
        runs longer than ``max_bead`` (beads merged after the DP), computed once and kept."""
        while len(blocks) <= size:
            blocks.append(None)
        if blocks[size] is None:
            blocks[size] = block_embeddings(blocks[1], size)
        return blocks[size]

    def margin(self, a: int, b: int, i_end: int, j_ends) -> np.ndarray:
        """Normalised similarity of bead ``(a, b)`` (``a, b >= 1``): ``1 - (1 - cos) / d`` with
        ``d`` the mean hubness of the sentences involved. About 0 for an unrelated pair, about
        0.5 for a good translation with the bundled model; at most ``1``.
        ``j_ends`` as in :meth:`cosine`. Returns ``(len(j_ends),)`` float64."""
        cos = self.cosine(a, b, i_end, j_ends)
        d_s = (self.cd_src[i_end] - self.cd_src[i_end - a]) / a
        d_t = (self.cd_tgt[j_ends] - self.cd_tgt[_shift(j_ends, -b)]) / b
        return 1.0 - (1.0 - cos) / ((d_s + d_t) / 2.0)

    def cost(self, a: int, b: int, i_end: int, j_ends) -> np.ndarray:
        """Cost of the bead ``(a, b)`` ending at source ``i_end`` and each target end in ``j_ends``
        (an index array or a ``slice``; all ``>= b``). ``a`` or ``b`` may be 0 (skip beads).
        Returns ``(len(j_ends),)`` float64, lower is better.
        """
        count = _count(j_ends)
        if a == 0 or b == 0:
            return np.full(count, self.skip)
        p = self.params
        base = 1.0 - self.margin(a, b, i_end, j_ends)
        size = a + b
        cost = base * (a * b) + p.merge_penalty * (size - 2)
        if p.length_weight:
            ls = self.cl_src[i_end] - self.cl_src[i_end - a]
            lt = self.cl_tgt[j_ends] - self.cl_tgt[_shift(j_ends, -b)]
            cost = cost + p.length_weight * self._length_term(np.full(count, ls), lt) * (size / 2.0)
        if p.paragraph_weight:
            if a > 1 and self.cp_src[i_end - 1] != self.cp_src[i_end - a]:
                cost = cost + p.paragraph_weight
            if b > 1:
                cross = self.cp_tgt[_shift(j_ends, -1)] != self.cp_tgt[_shift(j_ends, -b)]
                cost = cost + p.paragraph_weight * cross
        return cost


def _shift(index, delta: int):
    """``index + delta`` for an index array or a ``slice``."""
    if isinstance(index, slice):
        return slice(index.start + delta, index.stop + delta)
    return index + delta


def _count(index) -> int:
    return index.stop - index.start if isinstance(index, slice) else len(index)


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


def center(emb: np.ndarray, shrink: float = 4.0, *, also: np.ndarray | None = None):
    """Remove a document's common direction from its sentence embeddings.

    Sentences of one document in one language share a large common component (topic,
    language, the model's anisotropy), which makes the mean of two sentences look like either
    of them. Subtracting the document mean (shrunk towards zero for short documents:
    ``sum / (n + shrink)``) and renormalising sharpens every cosine the DP compares.

    Args:
        emb: ``(n, dim)`` float32 unit rows.
        shrink: pseudo-count of the shrinkage towards no centring.
        also: optional ``(k, dim)`` rows (reference sentences) moved by the same mean.

    Returns:
        ``(n, dim)`` float32 unit rows (a new array); with ``also``, the pair
        ``(centred emb, centred also)``.
    """
    emb = np.asarray(emb, dtype=np.float32)
    mean = emb.sum(axis=0, dtype=np.float64) / (emb.shape[0] + shrink) if emb.shape[0] else 0.0
    out = _unit((emb - mean).astype(np.float32)) if emb.shape[0] else emb.copy()
    if also is None:
        return out
    also = np.asarray(also, dtype=np.float32)
    return out, (_unit((also - mean).astype(np.float32)) if also.shape[0] else also.copy())


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


def retest_beads(
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]],
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    src_raw: np.ndarray,
    tgt_raw: np.ndarray,
    embed,
    *,
    split_below: tuple[float, float] = (-0.01, -0.03),
    merge_above: float | None = None,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Re-test merged and skipped sentences with embeddings of the real concatenations.

    The DP scores a multi-sentence side by the mean of its sentence embeddings, which cannot
    tell a translator's merge from a sentence dropped next to its neighbour. After the DP
    (as SentAlign does), each decision is re-tested with the model's embedding of the joined
    text, which says whether the extra sentence is *in* the other side:

    * an m-n bead with ``m + n == 3`` (2-1 or 1-2): if the joined pair matches the single
      sentence ``y`` clearly worse than its best half does
      (``cos(join, y) - cos(half, y) < split_below``; the first value for 2-1 beads, the second
      for 1-2), the other half is not expressed in ``y``: the bead is split into a 1-1 bead and
      a skip bead;
    * a skip bead next to a 1-1 bead: if joining the skipped sentence to that bead's sentence
      on the same side matches the other side about as well as the single sentence or better
      (gain ``>= merge_above``; ``None`` turns this test off), the two beads are merged into a
      2-1 (or 1-2) bead.

    Joined texts embed slightly further from anything than single sentences (a length effect
    of the model), so a real merge shows a gain near 0 and a dropped sentence a clearly
    negative one; the two thresholds were set on the NTREX development documents.

    Args:
        beads: the DP's beads, ``(src_indices, tgt_indices)``, in order.
        src_texts, tgt_texts: the texts that were embedded for each segment.
        src_raw, tgt_raw: ``(n, dim)``/``(m, dim)`` float32 unit model embeddings of those texts.
        embed: callable ``list[str] -> (k, dim)`` float32 unit rows (the run's encoder).
        split_below: cosine gain below which a 2-1 (first value) or 1-2 (second) bead is split.
        merge_above: cosine gain at or above which a skip is merged into its neighbour, or
            ``None`` to keep the DP's skips.

    Returns:
        A new list of beads covering every index once, in order.
    """
    joins: dict[str, int] = {}
    plans = []  # (kind, position, data)
    for k, (s, t) in enumerate(beads):
        if len(s) + len(t) == 3 and s and t:
            side_texts = src_texts if len(s) == 2 else tgt_texts
            pair = s if len(s) == 2 else t
            joins.setdefault(side_texts[pair[0]] + " " + side_texts[pair[1]], len(joins))
            plans.append(("split", k, None))
        elif not (s and t) and merge_above is not None:
            for nb in (k - 1, k + 1):
                if 0 <= nb < len(beads) and len(beads[nb][0]) == 1 and len(beads[nb][1]) == 1:
                    ns, nt = beads[nb]
                    if s:  # source sentence skipped: join it to the neighbour's source
                        pair = (s[0], ns[0]) if nb > k else (ns[0], s[0])
                        text = src_texts[pair[0]] + " " + src_texts[pair[1]]
                    else:
                        pair = (t[0], nt[0]) if nb > k else (nt[0], t[0])
                        text = tgt_texts[pair[0]] + " " + tgt_texts[pair[1]]
                    joins.setdefault(text, len(joins))
                    plans.append(("merge", k, (nb, text)))
    if not plans:
        return list(beads)
    texts = list(joins)
    vectors = np.asarray(embed(texts), dtype=np.float32)
    joined = {text: vectors[i] for i, text in enumerate(texts)}

    out = list(beads)
    removed: set[int] = set()
    replace: dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for kind, k, data in plans:
        if k in removed:
            continue
        s, t = beads[k]
        if kind == "split":
            if len(s) == 2:
                y = tgt_raw[t[0]]
                halves = [float(src_raw[i] @ y) for i in s]
                cj = float(joined[src_texts[s[0]] + " " + src_texts[s[1]]] @ y)
            else:
                y = src_raw[s[0]]
                halves = [float(tgt_raw[j] @ y) for j in t]
                cj = float(joined[tgt_texts[t[0]] + " " + tgt_texts[t[1]]] @ y)
            best = int(np.argmax(halves))
            if cj - halves[best] < split_below[0 if len(s) == 2 else 1]:
                if len(s) == 2:
                    keep, drop = s[best], s[1 - best]
                    pieces = [((keep,), t), ((drop,), ())]
                else:
                    keep, drop = t[best], t[1 - best]
                    pieces = [(s, (keep,)), ((), (drop,))]
                side = 0 if len(s) == 2 else 1  # order by the side that was split: both pieces have it
                pieces.sort(key=lambda b: b[side][0])
                replace[k] = pieces
        else:
            nb, text = data
            if nb in removed or nb in replace or k in replace:
                continue
            ns, nt = beads[nb]
            if s:
                y = tgt_raw[nt[0]]
                single = float(src_raw[ns[0]] @ y)
            else:
                y = src_raw[ns[0]]
                single = float(tgt_raw[nt[0]] @ y)
            if float(joined[text] @ y) - single >= merge_above:
                merged = (tuple(sorted(ns + s)), tuple(sorted(nt + t)))
                replace[min(k, nb)] = [merged]
                removed.add(max(k, nb))
    result = []
    for k, bead in enumerate(out):
        if k in removed:
            continue
        result.extend(replace.get(k, [bead]))
    return result


def pair_lone_skips(beads: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Join a lone 1-0 and 0-1 bead that stand together into one 1-1 bead.

    When a target sentence was replaced by one that says something else, the DP may prefer a
    skip on each side to a poor 1-1 bead. Between its neighbours, that pair is one aligned
    pair that does not match: a mismatch, which the checks report as such (with both texts),
    instead of an omission and an addition. Runs of skips with more than one sentence on a
    side are left as they are.

    Args:
        beads: ``(src_indices, tgt_indices)`` in order.

    Returns:
        A new list of beads covering every index once, in order.
    """
    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    k = 0
    while k < len(beads):
        run_end = k
        while run_end < len(beads) and not (beads[run_end][0] and beads[run_end][1]):
            run_end += 1
        if run_end == k:
            out.append(beads[k])
            k += 1
            continue
        run = beads[k:run_end]
        src = tuple(i for s, _ in run for i in s)
        tgt = tuple(j for _, t in run for j in t)
        out.extend([(src, tgt)] if len(src) == 1 and len(tgt) == 1 else run)
        k = run_end
    return out


def repair_skips_beside_merges(
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]],
    margin,
    threshold: float,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Undo a merge that stole a skipped sentence's translation.

    Pattern: a 1-0 bead ``[i]:[]`` next to a 1-2 bead ``[i±1]:[j, j+1]`` (or, mirrored, a 0-1
    bead next to a 2-1 bead). The DP merged into the 1-2 bead the target sentence on the side
    of the skip, usually because the skipped sentence's length or wording made its own pair
    look poor. If both alternative 1-1 pairs reach ``threshold`` margin (each plausibly a
    translation), the two beads become two 1-1 beads.

    Args:
        beads: ``(src_indices, tgt_indices)`` in order.
        margin: callable ``(i, j) -> float``, the margin of source ``i`` against target ``j``.
        threshold: the margin both new pairs must reach (the mismatch threshold).

    Returns:
        A new list of beads covering every index once, in order.
    """
    out = list(beads)
    k = 0
    while k < len(out) - 1:
        a, b = out[k], out[k + 1]
        new = None
        for skip, merged, skip_first in ((a, b, True), (b, a, False)):
            s, t = skip
            ms, mt = merged
            if len(s) == 1 and not t and len(ms) == 1 and len(mt) == 2:
                near, far = (mt[0], mt[1]) if skip_first else (mt[1], mt[0])
                if margin(s[0], near) >= threshold and margin(ms[0], far) >= threshold:
                    pair_skip, pair_merged = (s, (near,)), (ms, (far,))
                    new = [pair_skip, pair_merged] if skip_first else [pair_merged, pair_skip]
            elif len(t) == 1 and not s and len(mt) == 1 and len(ms) == 2:
                near, far = (ms[0], ms[1]) if skip_first else (ms[1], ms[0])
                if margin(near, t[0]) >= threshold and margin(far, mt[0]) >= threshold:
                    pair_skip, pair_merged = ((near,), t), ((far,), mt)
                    new = [pair_skip, pair_merged] if skip_first else [pair_merged, pair_skip]
            if new:
                break
        if new:
            out[k : k + 2] = new
        k += 1
    return out
