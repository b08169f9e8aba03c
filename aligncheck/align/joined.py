"""Second pass: re-align the regions around the DP's m-n beads and skips with embeddings of the
JOINED texts (the two-step approach of Bertalign: Liu & Zhu, 2022, "Bertalign: Improved word
embedding-based sentence alignment for Chinese-English parallel corpora of literary texts",
Digital Scholarship in the Humanities 38(2)).

Bertalign first finds the path of 1-1 anchors, then re-scores every m-n bead (``a + b <=
max_align``) inside a window around that path with the model's embeddings of the joined
sentences, weighting each bead's cosine by a length penalty ``log2(1 + min(L_s, r L_t) /
max(L_s, r L_t))`` and maximising the sum of bead scores (a 1-0 / 0-1 bead scores the constant
``skip``). It embeds every run of up to ``max_align - 1`` sentences of both documents.

aligncheck's own DP (:mod:`~aligncheck.align.dp`) scores multi-sentence sides by the mean of
their sentence embeddings so that each sentence is embedded once; it is the first pass here.
The second pass runs only on documents where the DP made at least ``min_merges`` m-n beads that
are at least ``min_share`` of its aligned beads (real m-n structure, not one merged or split
line), and there it re-aligns only the regions where the DP did not choose a 1-1 bead (an m-n
bead or a skip), each widened by ``pad`` beads, by Bertalign's second step restricted to the
region and to ``window`` target positions around the first path. A document the DP aligns 1-1
costs no extra embedding, and every joined text is embedded once (the run's encoder
de-duplicates). Measurements (Text+Berg de-fr, NTREX, WMT24++): ``bench/CHOICES.md``.

Differences from Bertalign: the cosines are those of embeddings centred on the document's
mean (as the first pass, :func:`~aligncheck.align.center`; the model's raw cosines between
unrelated sentences are far from 0); no neighbour margin (centring plays its part); the first
pass is aligncheck's DP, not a top-k 1-1 DP.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .cost import center

Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]

#: Bertalign's published ``max_align``: the most sentences of both sides in one bead
MAX_ALIGN = 5
#: Bertalign's published ``skip`` score of a 1-0 or 0-1 bead
SKIP_SCORE = -0.1
#: first-pass beads kept around each region so that its ends may move
PAD = 1
#: half-width, in target sentences, of the band around the first path (Bertalign's ``win``)
WINDOW = 5
#: the pass runs only when the first pass made at least this many m-n beads (``a + b >= 3``) ...
MIN_MERGES = 4
#: ... making at least this share of its beads with both sides non-empty
MIN_SHARE = 0.1


def regions(beads: Beads, pad: int = PAD) -> list[tuple[int, int]]:
    """The bead ranges ``[k0, k1)`` to re-align: each maximal run of beads that are not 1-1,
    widened by ``pad`` beads on each side; overlapping or touching ranges are joined.

    Args:
        beads: the first pass's beads, in order.
        pad: beads added on each side.

    Returns:
        Sorted, disjoint ``(k0, k1)`` pairs (0-based, ``k1`` exclusive).
    """
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(beads):
        s, t = beads[k]
        if len(s) == 1 and len(t) == 1:
            k += 1
            continue
        end = k
        while end < len(beads) and not (len(beads[end][0]) == 1 and len(beads[end][1]) == 1):
            end += 1
        k0, k1 = max(0, k - pad), min(len(beads), end + pad)
        if out and k0 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], k1))
        else:
            out.append((k0, k1))
        k = end
    return out


def realign_joined(
    beads: Beads,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    src_raw: np.ndarray,
    tgt_raw: np.ndarray,
    src_len: Sequence[float],
    tgt_len: Sequence[float],
    encode: Callable[[list[str]], np.ndarray],
    *,
    max_align: int = MAX_ALIGN,
    skip: float = SKIP_SCORE,
    pad: int = PAD,
    window: int = WINDOW,
    min_merges: int = MIN_MERGES,
    min_share: float = MIN_SHARE,
    src_par: Sequence[int] | None = None,
    tgt_par: Sequence[int] | None = None,
) -> Beads:
    """Re-align the regions of :func:`regions` with Bertalign's second step on joined texts.

    Args:
        beads: the first pass's beads ``(src_indices, tgt_indices)``, in order, covering both
            documents.
        src_texts, tgt_texts: the embedded text of each segment (runs are joined with a space).
        src_raw, tgt_raw: ``(n, dim)`` / ``(m, dim)`` float32 unit model embeddings of them.
        src_len, tgt_len: segment lengths in code points.
        encode: ``encode(texts) -> (k, dim)`` float32 unit rows (the run's de-duplicating
            encoder).
        max_align: the most sentences of both sides in one bead (``a + b``), ``>= 2``;
            ``< 3`` returns ``beads`` unchanged.
        skip: score of a 1-0 or 0-1 bead (a bead scores its centred cosine in [-1, 1] times
            a length penalty in [0, 1]).
        pad: first-pass beads around each region that it may re-align.
        window: half-width in target sentences of the band around the first path.
        min_merges, min_share: the pass runs only when ``beads`` hold at least ``min_merges``
            m-n beads (both sides non-empty, ``a + b >= 3``) and they are at least ``min_share``
            of the beads with both sides non-empty: a document with real m-n structure. In the
            NTREX Arabic-English documents with injected faults (lines) the DP makes at most one
            (a merged or split line), which the re-test of :func:`~aligncheck.align.retest_beads`
            handles; in the paragraph articles of NTREX and TICO it never makes 4 that are 10 %
            (segmenter slips, merged paragraphs); in Text+Berg it makes 110 (27 %).
        src_par, tgt_par: paragraph index of each segment, or ``None``: a run of sentences
            from two paragraphs is never one side of a bead.

    Returns:
        A new list of beads covering every index once, in order.
    """
    if max_align < 3 or not beads:
        return list(beads)
    merges = sum(1 for s, t in beads if s and t and len(s) + len(t) >= 3)
    if merges < min_merges or merges < min_share * sum(1 for s, t in beads if s and t):
        return list(beads)
    spans = regions(beads, pad)
    if not spans:
        return list(beads)
    sl = np.asarray(src_len, dtype=np.float64)
    tl = np.asarray(tgt_len, dtype=np.float64)
    ratio = float((sl.sum() + 1.0) / (tl.sum() + 1.0))
    plans = [_plan(beads[k0:k1], max_align, window, src_par, tgt_par) for k0, k1 in spans]
    # every run of >= 2 sentences the candidates use, per side; their joined texts embedded in one call
    runs: tuple[dict, dict] = ({}, {})
    for _, cands in plans:
        for (i0, i1, j0, j1) in cands:
            for side, a0, a1 in ((0, i0, i1), (1, j0, j1)):
                if a1 - a0 >= 2:
                    runs[side].setdefault((a0, a1), len(runs[side]))
    side_texts = (src_texts, tgt_texts)
    joined = [[" ".join(side_texts[side][a0:a1]) for a0, a1 in runs[side]] for side in (0, 1)]
    texts = list(dict.fromkeys(joined[0] + joined[1]))
    vectors = dict(zip(texts, np.asarray(encode(texts), dtype=np.float32))) if texts else {}
    dim = np.asarray(src_raw).shape[1]
    # centred on each document's own mean, like the first pass (:func:`center`)
    single, multi = [], []
    for side, raw in ((0, src_raw), (1, tgt_raw)):
        rows = np.stack([vectors[t] for t in joined[side]]) if joined[side] else np.zeros((0, dim), np.float32)
        c, c_runs = center(np.asarray(raw, dtype=np.float32), also=rows)
        single.append(c)
        multi.append(c_runs)

    def vec(side: int, a0: int, a1: int) -> np.ndarray:
        return single[side][a0] if a1 - a0 == 1 else multi[side][runs[side][(a0, a1)]]

    out: Beads = []
    prev = 0
    for (k0, k1), (box, cands) in zip(spans, plans):
        out.extend(beads[prev:k0])
        scores = {}
        for (i0, i1, j0, j1) in cands:
            cos = float(vec(0, i0, i1) @ vec(1, j0, j1))
            ls, lt = sl[i0:i1].sum(), tl[j0:j1].sum() * ratio
            mx = max(ls, lt)
            pen = np.log2(1.0 + (min(ls, lt) / mx if mx > 0 else 0.0))
            scores[(i0, i1, j0, j1)] = cos * pen
        out.extend(_dp(box, scores, skip))
        prev = k1
    out.extend(beads[prev:])
    return out


def _plan(region: Beads, max_align: int, window: int, src_par=None, tgt_par=None):
    """The box ``(i0, i1, j0, j1)`` a region covers and its candidate beads with both sides
    non-empty, as ``(s0, s1, t0, t1)`` half-open runs, inside the band around the first path,
    each side inside one paragraph."""
    i0 = min(s[0] for s, _ in region if s) if any(s for s, _ in region) else None
    j0 = min(t[0] for _, t in region if t) if any(t for _, t in region) else None
    i1 = max(s[-1] for s, _ in region if s) + 1 if i0 is not None else None
    j1 = max(t[-1] for _, t in region if t) + 1 if j0 is not None else None
    if i0 is None or j0 is None:
        return (i0 or 0, i1 or 0, j0 or 0, j1 or 0), []
    n, m = i1 - i0, j1 - j0
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    points = [(0, 0)]
    for s, t in region:
        i, j = i + len(s), j + len(t)
        points.append((i, j))
    for i, j in points:
        lo[i] = min(lo[i], max(0, j - window))
        hi[i] = max(hi[i], min(m, j + window))
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    cands = []
    for i in range(1, n + 1):
        for a in range(1, min(i, max_align - 1) + 1):
            for j in range(max(1, int(lo[i])), int(hi[i]) + 1):
                for b in range(1, min(j, max_align - a) + 1):
                    s0, s1, t0, t1 = i0 + i - a, i0 + i, j0 + j - b, j0 + j
                    if lo[i - a] <= j - b <= hi[i - a] and not (
                            _crosses(src_par, s0, s1) or _crosses(tgt_par, t0, t1)):
                        cands.append((s0, s1, t0, t1))
    return (i0, i1, j0, j1), cands


def _crosses(par, a0: int, a1: int) -> bool:
    return par is not None and a1 - a0 > 1 and par[a0] != par[a1 - 1]


def _dp(box, scores: dict, skip: float) -> Beads:
    """Maximum-score monotone path through ``box`` over the candidate beads and skips."""
    i0, i1, j0, j1 = box
    n, m = i1 - i0, j1 - j0
    best = np.full((n + 1, m + 1), -np.inf)
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0, 0] = 0.0
    ends: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for (s0, s1, t0, t1), v in scores.items():
        ends.setdefault((s1 - i0, t1 - j0), []).append((s1 - s0, t1 - t0, v))
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            cand = []
            if i:
                cand.append((best[i - 1, j] + skip, (1, 0)))
            if j:
                cand.append((best[i, j - 1] + skip, (0, 1)))
            for a, b, v in ends.get((i, j), ()):
                cand.append((best[i - a, j - b] + v, (a, b)))
            val, shape = max(cand, key=lambda c: c[0])
            best[i, j] = val
            back[(i, j)] = shape
    out: Beads = []
    i, j = n, m
    while i or j:
        a, b = back[(i, j)]
        out.append((tuple(range(i0 + i - a, i0 + i)), tuple(range(j0 + j - b, j0 + j))))
        i, j = i - a, j - b
    return out[::-1]
