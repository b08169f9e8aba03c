"""The bead cost: cosine of the two sides normalised for hubness (Vecalign eq. 1) or by the
k-NN margin, a length term and a merge penalty (:class:`BeadScorer`), and per-document centring
of the embeddings (:func:`center`). See :mod:`aligncheck.align` for the method and sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..config import Config


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
        joined_max_align: the second pass's largest bead (``a + b``; ``0``: no second pass,
            :func:`aligncheck.align.joined.realign_joined`).
        joined_min_merges, joined_min_share: the second pass runs only when the DP made this
            many m-n beads, and this share of its beads with both sides non-empty.
    """

    # defaults are the Config defaults (one source of truth, set by bench/quality.py)
    max_bead: int = Config.max_bead
    skip_percentile: float = Config.skip_percentile
    skip_scale: float = Config.skip_scale
    merge_penalty: float = Config.merge_penalty
    length_weight: float = Config.length_weight
    paragraph_weight: float = Config.paragraph_weight
    normalisation: str = Config.normalisation
    joined_max_align: int = Config.joined_max_align
    joined_min_merges: int = Config.joined_min_merges
    joined_min_share: float = Config.joined_min_share


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


def distinct_rows(emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``emb``: a sentence repeated in a document (a boilerplate "Read
    more", a refrain) must count once wherever the document itself is the reference (its mean,
    the normalisation sample, the skip-cost pool); counted with every copy, the copies of one
    sentence's translation crowd out the unrelated sentences that sample is for.

    Args:
        emb: ``(n, dim)`` rows; rows are equal when bit-identical (identical texts embed to
            identical rows: each distinct text is embedded once).

    Returns:
        ``(first, inverse)``: ``first`` the 0-based index of each distinct row's first
        occurrence, ascending (``arange(n)`` when no row repeats), ``(d,)`` int64; ``inverse``
        ``(n,)`` int64 with ``emb[first][inverse] == emb``.
    """
    n = emb.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rows = np.ascontiguousarray(emb).reshape(n, -1)
    seen: dict[bytes, int] = {}
    inverse = np.fromiter((seen.setdefault(row.tobytes(), len(seen)) for row in rows), dtype=np.int64, count=n)
    first = np.full(len(seen), n, dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(n, dtype=np.int64))
    return first, inverse


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
    to the other side's sample. A sentence that repeats counts once in the sample
    (:func:`distinct_rows`): its copies are not unrelated sentences.

    Args:
        src: ``(n, dim)`` float32 unit rows; tgt: ``(m, dim)``.
        rng: generator for the sample (all sentences are used when a side has at most
            :data:`NORM_SAMPLES`).
        src_ref, tgt_ref: optional ``(k, dim)`` reference rows of each language.

    Returns:
        ``(d_src (n,), d_tgt (m,))`` float64, each in [0, 2]. Never 0 (floored at 1e-3).
    """
    t_sample, s_sample = _samples(src, tgt, rng, src_ref, tgt_ref)
    return _mean_distance_without_best(src @ t_sample.T), _mean_distance_without_best(tgt @ s_sample.T)


def _samples(src, tgt, rng, src_ref, tgt_ref) -> tuple[np.ndarray, np.ndarray]:
    """``(target sample, source sample)``: at most :data:`NORM_SAMPLES` distinct rows of each
    side (all of them when a side has that few; the target drawn first; a repeated row counts
    once, :func:`distinct_rows`), each followed by that language's reference rows when given."""
    s_first, t_first = distinct_rows(src)[0], distinct_rows(tgt)[0]
    n, m = s_first.size, t_first.size
    t_idx = t_first if m <= NORM_SAMPLES else t_first[np.sort(rng.choice(m, NORM_SAMPLES, replace=False))]
    s_idx = s_first if n <= NORM_SAMPLES else s_first[np.sort(rng.choice(n, NORM_SAMPLES, replace=False))]
    t_sample, s_sample = tgt[t_idx], src[s_idx]
    if tgt_ref is not None and len(tgt_ref):
        t_sample = np.concatenate([t_sample, tgt_ref])
    if src_ref is not None and len(src_ref):
        s_sample = np.concatenate([s_sample, src_ref])
    return t_sample, s_sample


def knn_distance(src: np.ndarray, tgt: np.ndarray, rng: np.random.Generator, src_ref=None, tgt_ref=None, k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Mean ``1 - cos`` of each sentence to its ``k`` nearest neighbours on the other side (the
    k-NN margin of Artetxe & Schwenk 2019, as used by LASER mining and Bertalign), in the same
    form as :func:`hubness` so that either can normalise the bead cost.

    Neighbours are searched among at most :data:`NORM_SAMPLES` distinct sentences sampled from
    the other side (all of them in documents that short; a repeated sentence counts once, else
    its copies would be all ``k`` neighbours of its translation), plus, as in :func:`hubness`, the other
    language's reference sentences ``src_ref``/``tgt_ref`` when given (a short document alone
    offers too few neighbours). Measured against :func:`hubness` in ``bench/CHOICES.md``:
    similar alignment, but its margins separate translations from unrelated pairs less well, so
    it is not the default.

    Args:
        src: ``(n, dim)`` float32 unit rows; tgt: ``(m, dim)``.
        rng: generator for the sample.
        src_ref, tgt_ref: optional ``(r, dim)`` reference rows of each language (``tgt_ref``
            joins the neighbours of source sentences, ``src_ref`` those of target sentences).
        k: neighbours per sentence (fewer when the other side's sample is smaller).

    Returns:
        ``(d_src (n,), d_tgt (m,))`` float64, floored at 1e-3.
    """
    t_sample, s_sample = _samples(src, tgt, rng, src_ref, tgt_ref)

    def top(sims: np.ndarray) -> np.ndarray:
        kk = min(k, sims.shape[1])
        part = np.partition(sims, sims.shape[1] - kk, axis=1)[:, -kk:]
        return np.maximum(1.0 - part.astype(np.float64).mean(axis=1), 1e-3)

    return top(src @ t_sample.T), top(tgt @ s_sample.T)


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
        times ``skip_scale``. The pool pairs distinct sentences only (:func:`distinct_rows`: the
        copies of a repeated sentence and of its translation would fill it with true pairs); in
        documents small enough for the whole matrix of them, each row's and column's best cell
        (the likely true pair) is left out of the pool."""
        if self.n == 0 or self.m == 0:
            return 1.0
        s_first, t_first = distinct_rows(src)[0], distinct_rows(tgt)[0]
        n, m = s_first.size, t_first.size
        if n * m <= SKIP_SAMPLES:
            sims = src[s_first] @ tgt[t_first].T
            keep = np.ones((n, m), dtype=bool)
            if m >= 2 and n >= 2:
                keep[np.arange(n), sims.argmax(axis=1)] = False
                keep[sims.argmax(axis=0), np.arange(m)] = False
            if not keep.any():
                keep[:] = True
            ki, kj = np.nonzero(keep)
            cos = sims[ki, kj].astype(np.float64)
            ii, jj = s_first[ki], t_first[kj]
        else:
            ii = s_first[rng.integers(0, n, SKIP_SAMPLES)]
            jj = t_first[rng.integers(0, m, SKIP_SAMPLES)]
            cos = np.einsum("ij,ij->i", src[ii], tgt[jj]).astype(np.float64)
        costs = (1.0 - cos) / ((d_src[ii] + d_tgt[jj]) / 2.0)
        costs = costs + self.params.length_weight * self._length_term(
            self.cl_src[ii + 1] - self.cl_src[ii], self.cl_tgt[jj + 1] - self.cl_tgt[jj]
        )
        if n * m <= SKIP_SAMPLES:
            # short documents: unrelated reference pairs fill the pool (no length term known)
            extra = []
            s_rows, t_rows = src[s_first], tgt[t_first]
            if tgt_ref is not None and len(tgt_ref):
                d_ref = _mean_distance_without_best(tgt_ref @ s_rows.T)
                extra.append(((1.0 - s_rows @ tgt_ref.T) / ((d_src[s_first, None] + d_ref[None, :]) / 2.0)).ravel())
            if src_ref is not None and len(src_ref):
                d_ref = _mean_distance_without_best(src_ref @ t_rows.T)
                extra.append(((1.0 - src_ref @ t_rows.T) / ((d_ref[:, None] + d_tgt[None, t_first]) / 2.0)).ravel())
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


def center(emb: np.ndarray, shrink: float = 4.0, *, also: np.ndarray | None = None):
    """Remove a document's common direction from its sentence embeddings.

    Sentences of one document in one language share a large common component (topic,
    language, the model's anisotropy), which makes the mean of two sentences look like either
    of them. Subtracting the document mean (shrunk towards zero for short documents:
    ``sum / (n + shrink)``) and renormalising sharpens every cosine the DP compares. The mean is
    over the ``n`` distinct rows (:func:`distinct_rows`): a sentence repeated in the document is
    part of its content once, not its common direction (counted with its copies, a sentence
    repeated 20 times in a 23-line document is most of the mean, and centring takes most of it
    out of every copy). Equal rows stay bit-identical. A document of one distinct row is not moved at all
    (nor is ``also``): centring would leave its row's direction as it is and only push the
    reference rows away from it, which lifts the margin of an unrelated pair (one-line
    documents and a document repeating one sentence: an unrelated pair's median margin 0.18
    centred, 0.06 unmoved, with the bundled model, see ``bench/HOSTILE.md``).

    Args:
        emb: ``(n, dim)`` float32 unit rows.
        shrink: pseudo-count of the shrinkage towards no centring.
        also: optional ``(k, dim)`` rows (reference sentences) moved by the same mean.

    Returns:
        ``(n, dim)`` float32 unit rows (a new array); with ``also``, the pair
        ``(centred emb, centred also)``.
    """
    emb = np.asarray(emb, dtype=np.float32)
    if emb.shape[0]:
        first, inverse = distinct_rows(emb)
        rows = emb[first]
        mean = rows.sum(axis=0, dtype=np.float64) / (rows.shape[0] + shrink) if rows.shape[0] > 1 else 0.0
        out = _unit((rows - mean).astype(np.float32))[inverse]
    else:
        mean, out = 0.0, emb.copy()
    if also is None:
        return out
    also = np.asarray(also, dtype=np.float32)
    return out, (_unit((also - mean).astype(np.float32)) if also.shape[0] else also.copy())
