"""Reference baselines for the quality benchmark. No model calls: embeddings come in.

* :func:`naive` -- argmax cosine matching on precomputed unit sentence embeddings.
* :func:`gale_church` -- the length-based DP of Gale & Church (1993), lengths in code points.
* :func:`naive_symmetric` -- best-match thresholding in both directions on per-document centred
  vectors (the strongest simple baseline).
* :func:`vecalign` -- Vecalign's DP (Thompson & Koehn 2019), re-implemented here.
* :func:`bertalign` -- Bertalign's two-step DP (Liu & Zhu 2022), re-implemented here.

They return beads as ``(src_indices, tgt_indices)`` tuples (0-based, as in
:mod:`bench.scoring`) and findings as ``(check, severity, src, tgt)`` tuples (as in
:mod:`bench.detection`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

BeadT = tuple[tuple[int, ...], tuple[int, ...]]
FindingT = tuple[str, str, tuple[int, ...], tuple[int, ...]]

__all__ = [
    "naive",
    "gale_church",
    "gale_church_cost",
    "gale_church_findings",
    "char_lengths",
    "GC_PRIORS",
    "GC_S2",
    "GC_BEAD_ORDER",
    "naive_symmetric",
    "vecalign",
    "vecalign_types",
    "bertalign",
    "overlap_embeddings",
    "skip_findings",
]


# ---------------------------------------------------------------------------------------
# naive argmax baseline


def _check_emb(name: str, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"{name} must be a 2-D (n, d) array, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or inf: a missing embedding?")
    return x


def _check_pair(src_emb: np.ndarray, tgt_emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both sides through :func:`_check_emb`, and the same embedding size when neither is empty.

    Raises:
        ValueError: wrong shapes, non-finite values, or different embedding sizes.
    """
    src_emb, tgt_emb = _check_emb("src_emb", src_emb), _check_emb("tgt_emb", tgt_emb)
    if src_emb.shape[0] and tgt_emb.shape[0] and src_emb.shape[1] != tgt_emb.shape[1]:
        raise ValueError(f"embedding sizes differ: src {src_emb.shape[1]}, tgt {tgt_emb.shape[1]}")
    return src_emb, tgt_emb


def _best_chain(pairs: list[tuple[int, int, float]]) -> list[int]:
    """Indices into ``pairs`` (sorted by source) of the chain strictly increasing in
    target index that is longest, then has the largest summed cosine, then (ties) uses
    the earliest predecessors. O(k^2)."""
    k = len(pairs)
    length = [1] * k
    total = [p[2] for p in pairs]
    prev = [-1] * k
    for b in range(k):
        for a in range(b):
            if pairs[a][1] < pairs[b][1]:
                cand = (length[a] + 1, total[a] + pairs[b][2])
                if cand > (length[b], total[b]):
                    length[b], total[b], prev[b] = cand[0], cand[1], a
    if not k:
        return []
    end = max(range(k), key=lambda b: (length[b], total[b], -b))
    chain = []
    while end != -1:
        chain.append(end)
        end = prev[end]
    return chain[::-1]


def naive(src_emb: np.ndarray, tgt_emb: np.ndarray, threshold: float) -> tuple[list[BeadT], list[FindingT]]:
    """Argmax matching baseline.

    Each source sentence ``i`` is matched to ``j*(i) = argmax_j cos(src_i, tgt_j)`` (the
    lowest ``j`` on ties), with cosine ``best(i)``.

    Findings (severity ``"error"``), omissions first (by source index), then additions
    (by target index):

    * ``("omission", "error", (i,), ())`` for every ``i`` with ``best(i) < threshold``;
    * ``("addition", "error", (), (j,))`` for every target ``j`` that is not ``j*(i)`` of
      any kept source (``best(i) >= threshold``).

    Beads: the kept pairs ``(i, j*(i))`` are ordered by ``i``; among them the longest chain
    with strictly increasing ``j`` (ties: larger summed cosine, then earliest) becomes the
    1-1 beads. Every other source sentence becomes a 1-0 bead and every other target
    sentence a 0-1 bead, placed between the 1-1 beads in order (within a gap, the 1-0 beads
    come before the 0-1 beads). The beads therefore cover both sides exactly once, in
    order; a kept source left out of the chain (non-monotone, or sharing its target) sits
    in a 1-0 bead without an omission finding.

    Args:
        src_emb: ``(n_src, d)`` float array, L2-normalised rows.
        tgt_emb: ``(n_tgt, d)`` float array, L2-normalised rows.
        threshold: cosine in [-1, 1].

    Returns:
        ``(beads, findings)``.

    Raises:
        ValueError: wrong shapes or non-finite values.
    """
    src_emb, tgt_emb = _check_pair(src_emb, tgt_emb)
    n, m = src_emb.shape[0], tgt_emb.shape[0]
    if m == 0:
        beads: list[BeadT] = [((i,), ()) for i in range(n)]
        return beads, [("omission", "error", (i,), ()) for i in range(n)]
    sim = src_emb.astype(np.float64) @ tgt_emb.astype(np.float64).T if n else np.zeros((0, m))
    best_j = sim.argmax(axis=1) if n else np.zeros(0, dtype=int)
    best = sim[np.arange(n), best_j] if n else np.zeros(0)
    kept = [(i, int(best_j[i]), float(best[i])) for i in range(n) if best[i] >= threshold]
    chosen = {j for _, j, _ in kept}
    findings: list[FindingT] = [("omission", "error", (i,), ()) for i in range(n) if best[i] < threshold]
    findings += [("addition", "error", (), (j,)) for j in range(m) if j not in chosen]

    anchors = [(kept[a][0], kept[a][1]) for a in _best_chain(kept)]
    beads = []
    si = ti = 0
    for ai, aj in anchors + [(n, m)]:
        beads.extend(((i,), ()) for i in range(si, ai))
        beads.extend(((), (j,)) for j in range(ti, aj))
        if (ai, aj) != (n, m):
            beads.append(((ai,), (aj,)))
        si, ti = ai + 1, aj + 1
    return beads, findings


# ---------------------------------------------------------------------------------------
# Gale & Church (1993)

#: Bead priors. The paper's Table 5 lists "1-0 or 0-1: 0.0099" and "2-1 or 1-2: 0.089" as
#: combined categories, but its own C program (appendix) charges each direction the full
#: probability: PENALTY01 = 450 = -100 ln(0.0099/0.89), PENALTY21 = 230 = -100 ln(0.089/0.89).
#: We follow the program (as does NLTK's port).
GC_PRIORS: Mapping[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
}
GC_S2 = 6.8
#: Tie order of the DP: the first bead type in this order wins among equal costs.
GC_BEAD_ORDER: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (2, 1), (1, 2), (2, 2), (0, 1))


def char_lengths(lines: Sequence[str]) -> list[int]:
    """Length of each line in Unicode code points (an Arabic letter counts 1)."""
    return [len(s) for s in lines]


def _log_two_sided_tail(z: np.ndarray) -> np.ndarray:
    """``log(2 * (1 - Phi(|z|)))`` = ``log erfc(|z| / sqrt 2)``, computed in the log domain
    with the Numerical Recipes ``erfcc`` approximation (relative error < 1.2e-7), so it
    never underflows for large ``z``."""
    x = np.abs(np.asarray(z, dtype=np.float64)) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (
        1.00002368
        + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))
    )
    return np.log(t) - x * x + poly


def gale_church_cost(l_src, l_tgt, bead: tuple[int, int], *, c: float, s2: float = GC_S2, priors: Mapping[tuple[int, int], float] = GC_PRIORS):
    """Cost ``-log P(bead) - log P(delta | bead)`` of a bead joining source length
    ``l_src`` with target length ``l_tgt`` (code points; arrays broadcast).

    ``delta = (c * l_src - l_tgt) / sqrt(s2 * mean)``, ``mean = (l_src + l_tgt / c) / 2``
    (the paper's C program); ``P(delta | bead) = 2 * (1 - Phi(|delta|))``. Both lengths 0
    gives ``delta = 0``.

    Returns:
        float64 array (or scalar) of costs in nats, >= 0.
    """
    l1 = np.asarray(l_src, dtype=np.float64)
    l2 = np.asarray(l_tgt, dtype=np.float64)
    mean = (l1 + l2 / c) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(mean > 0, (c * l1 - l2) / np.sqrt(s2 * np.where(mean > 0, mean, 1.0)), 0.0)
    return -_log_two_sided_tail(z) - math.log(priors[bead])


def gale_church(
    src_lens: Sequence[int],
    tgt_lens: Sequence[int],
    *,
    c: float | None = None,
    s2: float = GC_S2,
    priors: Mapping[tuple[int, int], float] = GC_PRIORS,
) -> list[BeadT]:
    """Gale & Church (1993) length-based alignment by exact dynamic programming.

    Bead types 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, cost :func:`gale_church_cost`; the total
    cost is minimised over all monotone alignments (O(n_src * n_tgt), no band). Ties go
    to the first type in ``GC_BEAD_ORDER``.

    Args:
        src_lens: source sentence lengths in code points (see :func:`char_lengths`).
        tgt_lens: target sentence lengths in code points.
        c: expected target characters per source character; ``None`` uses this
            document's ratio ``sum(tgt_lens) / sum(src_lens)`` (1.0 if either is 0). For
            Arabic -> English it is about 1.25.
        s2: variance per character of the length difference (6.8 in the paper).
        priors: bead-type probabilities (default :data:`GC_PRIORS`).

    Returns:
        the beads ``(src_indices, tgt_indices)``, 0-based, covering both sides in order.
    """
    s = np.asarray(src_lens, dtype=np.float64)
    t = np.asarray(tgt_lens, dtype=np.float64)
    n, m = len(s), len(t)
    if c is None:
        c = float(t.sum() / s.sum()) if s.sum() > 0 and t.sum() > 0 else 1.0
    if not c > 0:
        raise ValueError(f"c must be > 0, got {c}")
    inf = math.inf
    D = np.full((n + 1, m + 1), inf)
    back = np.full((n + 1, m + 1), -1, dtype=np.int8)
    D[0, 0] = 0.0
    s2sum = s[1:] + s[:-1]  # s2sum[i-2] = s[i-2] + s[i-1]
    t2sum = t[1:] + t[:-1]
    # per-type cost of moves into row i, vectorised over j (target position after the bead)
    cost01 = gale_church_cost(0.0, t, (0, 1), c=c, s2=s2, priors=priors) if m else np.zeros(0)
    order = {b: k for k, b in enumerate(GC_BEAD_ORDER)}
    for i in range(n + 1):
        row = np.full(m + 1, inf)
        arg = np.full(m + 1, -1, dtype=np.int8)

        def offer(bead, values, js):
            nonlocal row, arg
            better = values < row[js]
            row[js] = np.where(better, values, row[js])
            arg[js] = np.where(better, order[bead], arg[js])

        if i == 0:
            row[0] = 0.0
        # GC_BEAD_ORDER: (1,1), (1,0), (2,1), (1,2), (2,2) from earlier rows, then (0,1) in-row
        if i >= 1 and m >= 1:
            js = np.arange(1, m + 1)
            offer((1, 1), D[i - 1, :-1] + gale_church_cost(s[i - 1], t, (1, 1), c=c, s2=s2, priors=priors), js)
        if i >= 1:
            js = np.arange(0, m + 1)
            offer((1, 0), D[i - 1, :] + gale_church_cost(s[i - 1], 0.0, (1, 0), c=c, s2=s2, priors=priors), js)
        if i >= 2 and m >= 1:
            js = np.arange(1, m + 1)
            offer((2, 1), D[i - 2, :-1] + gale_church_cost(s2sum[i - 2], t, (2, 1), c=c, s2=s2, priors=priors), js)
        if i >= 1 and m >= 2:
            js = np.arange(2, m + 1)
            offer((1, 2), D[i - 1, :-2] + gale_church_cost(s[i - 1], t2sum, (1, 2), c=c, s2=s2, priors=priors), js)
        if i >= 2 and m >= 2:
            js = np.arange(2, m + 1)
            offer((2, 2), D[i - 2, :-2] + gale_church_cost(s2sum[i - 2], t2sum, (2, 2), c=c, s2=s2, priors=priors), js)
        k01 = order[(0, 1)]
        for j in range(1, m + 1):  # 0-1 moves stay in the row: sequential
            v = row[j - 1] + cost01[j - 1]
            if v < row[j]:
                row[j] = v
                arg[j] = k01
        D[i] = row
        back[i] = arg
    beads: list[BeadT] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = GC_BEAD_ORDER[int(back[i, j])]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def gale_church_findings(beads: Sequence[BeadT]) -> list[FindingT]:
    """Findings from Gale-Church beads: each 1-0 bead is ``("omission", "error", src, ())``,
    each 0-1 bead ``("addition", "error", (), tgt)``; in bead order."""
    out: list[FindingT] = []
    for src, tgt in beads:
        if src and not tgt:
            out.append(("omission", "error", tuple(src), ()))
        elif tgt and not src:
            out.append(("addition", "error", (), tuple(tgt)))
    return out


# ---------------------------------------------------------------------------------------
# shared by the embedding baselines below


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def overlap_embeddings(emb: np.ndarray, max_size: int) -> np.ndarray:
    """Embeddings of runs of consecutive sentences, by the end of the run.

    ``out[s - 1, k]`` is the unit vector of ``emb[k - s + 1] + ... + emb[k]`` (a run of ``s``
    sentences ending at sentence ``k``; zeros when ``k < s - 1``).

    Vecalign and Bertalign embed the *joined text* of each run with the model; this is the cheap
    approximation (the normalised sum of the sentence embeddings, as aligncheck's own DP does),
    used when the caller passes no ``src_runs`` / ``tgt_runs`` to :func:`vecalign` /
    :func:`bertalign`. ``bench/RESULTS.md`` reports both.

    Args:
        emb: ``(n, d)`` float unit rows.
        max_size: longest run, >= 1.

    Returns:
        ``(max_size, n, d)`` float64.
    """
    emb = np.asarray(emb, dtype=np.float64)
    n = emb.shape[0]
    csum = np.vstack([np.zeros((1, emb.shape[1])), np.cumsum(emb, axis=0)])
    out = np.zeros((max_size, n, emb.shape[1]))
    for s in range(1, max_size + 1):
        if n >= s:
            out[s - 1, s - 1:] = _unit_rows(csum[s:] - csum[:-s])
    return out


def _runs(emb: np.ndarray, runs: np.ndarray | None, width: int, name: str) -> np.ndarray:
    """``(width, n, d)`` run embeddings: ``runs`` (the model's embeddings of the joined texts,
    checked and cut to ``width``) or, when ``None``, :func:`overlap_embeddings` of ``emb``."""
    if runs is None:
        return overlap_embeddings(emb, width)
    runs = np.asarray(runs, dtype=np.float64)
    if runs.ndim != 3 or runs.shape[0] < width or runs.shape[1:] != emb.shape:
        raise ValueError(f"{name} must be ({width}+, {emb.shape[0]}, {emb.shape[1]}), got shape {runs.shape}")
    if not np.all(np.isfinite(runs)):
        raise ValueError(f"{name} contains NaN or inf: a missing embedding?")
    return _unit_rows(runs[:width])


def _dp(n: int, m: int, types: Sequence[tuple[int, int]], score, *, lo=None, hi=None, maximise: bool = False) -> list[BeadT]:
    """Monotone bead DP over ``types`` (each ``(a, b)``: ``a`` source, ``b`` target sentences).

    ``score(a, b, i, js)`` gives the cost (or score, when ``maximise``) of the beads of type
    ``(a, b)`` that end after source sentence ``i`` (1-based count of consumed sentences) and
    target positions ``js`` (int array). Only cells ``lo[i] <= j <= hi[i]`` are allowed (default:
    all). Ties go to the type listed first. Exact; O(n * m * len(types)), vectorised over ``j``
    except for beads with no source sentence, which are relaxed left to right.

    Returns:
        the beads, ``(src_indices, tgt_indices)`` 0-based, covering both sides in order.

    Raises:
        ValueError: no path through the allowed cells.
    """
    sign = -1.0 if maximise else 1.0
    lo = np.zeros(n + 1, dtype=int) if lo is None else np.asarray(lo, dtype=int)
    hi = np.full(n + 1, m, dtype=int) if hi is None else np.asarray(hi, dtype=int)
    D = np.full((n + 1, m + 1), np.inf)
    back = np.full((n + 1, m + 1), -1, dtype=np.int16)
    D[0, 0] = 0.0
    row_types = [(k, a, b) for k, (a, b) in enumerate(types) if a > 0]
    col_types = [(k, a, b) for k, (a, b) in enumerate(types) if a == 0]
    for i in range(n + 1):
        js_all = np.arange(max(lo[i], 0), min(hi[i], m) + 1)
        for k, a, b in row_types:
            if i < a:
                continue
            js = js_all[js_all >= b]
            if not js.size:
                continue
            prev = D[i - a, js - b]
            ok = np.isfinite(prev)
            if not ok.any():
                continue
            js, prev = js[ok], prev[ok]
            v = prev + sign * np.asarray(score(a, b, i, js), dtype=np.float64)
            better = v < D[i, js]
            D[i, js[better]] = v[better]
            back[i, js[better]] = k
        for k, a, b in col_types:  # (0, 1): a scan along the row, D[i, j] = min(D[i, j], D[i, j - 1] + c_j)
            if b != 1:
                raise ValueError("only 0-1 beads may have no source sentence")
            if js_all.size < 2:
                continue
            js = js_all[1:]
            costs = sign * np.asarray(score(a, b, i, js), dtype=np.float64)
            before = D[i, js_all].copy()
            csum = np.concatenate([[0.0], np.cumsum(costs)])  # csum[t]: cost of t moves from js_all[0]
            with np.errstate(invalid="ignore"):
                # best path into cell t >= 1 through a 0-1 move, from any cell to its left
                from_left = np.minimum.accumulate(before - csum)[:-1] + csum[1:]
            better = from_left < before[1:]
            D[i, js[better]] = from_left[better]
            back[i, js[better]] = k
    if not np.isfinite(D[n, m]):
        raise ValueError("no alignment path inside the band")
    beads: list[BeadT] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = types[int(back[i, j])]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def skip_findings(beads: Sequence[BeadT]) -> list[FindingT]:
    """An aligner's faults: each 1-0 bead ``("omission", "error", src, ())``, each 0-1 bead
    ``("addition", "error", (), tgt)``, in bead order (as :func:`gale_church_findings`)."""
    return gale_church_findings(beads)


# ---------------------------------------------------------------------------------------
# the strongest simple baseline: symmetric best-match threshold on centred vectors


def naive_symmetric(src_emb: np.ndarray, tgt_emb: np.ndarray, threshold: float) -> tuple[list[BeadT], list[FindingT]]:
    """Best-match thresholding in both directions.

    With ``sim = src_emb @ tgt_emb.T`` (the caller passes per-document *centred* unit vectors,
    :func:`aligncheck.align.center`, the same vectors aligncheck's DP compares):

    * ``("omission", "error", (i,), ())`` for every source ``i`` with ``max_j sim[i, j] < threshold``;
    * ``("addition", "error", (), (j,))`` for every target ``j`` with ``max_i sim[i, j] < threshold``.

    Omissions come first (by source index), then additions. The rule is symmetric: a target line
    that is merely not some source's best match (a 1-2 translation) is not flagged. Beads as in
    :func:`naive`, from the pairs ``(i, argmax_j sim[i, j])`` of the unflagged sources.

    Args:
        src_emb: ``(n_src, d)``; tgt_emb: ``(n_tgt, d)``; unit rows.
        threshold: cosine in [-1, 1].

    Returns:
        ``(beads, findings)``.

    Raises:
        ValueError: wrong shapes or non-finite values.
    """
    src_emb, tgt_emb = _check_pair(src_emb, tgt_emb)
    n, m = src_emb.shape[0], tgt_emb.shape[0]
    if n == 0 or m == 0:
        beads = [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
        return beads, [("omission", "error", (i,), ()) for i in range(n)] + [("addition", "error", (), (j,)) for j in range(m)]
    sim = src_emb.astype(np.float64) @ tgt_emb.astype(np.float64).T
    best_j = sim.argmax(axis=1)
    best_s, best_t = sim.max(axis=1), sim.max(axis=0)
    findings: list[FindingT] = [("omission", "error", (i,), ()) for i in range(n) if best_s[i] < threshold]
    findings += [("addition", "error", (), (j,)) for j in range(m) if best_t[j] < threshold]
    kept = [(i, int(best_j[i]), float(best_s[i])) for i in range(n) if best_s[i] >= threshold]
    anchors = [(kept[a][0], kept[a][1]) for a in _best_chain(kept)]
    beads: list[BeadT] = []
    si = ti = 0
    for ai, aj in anchors + [(n, m)]:
        beads.extend(((i,), ()) for i in range(si, ai))
        beads.extend(((), (j,)) for j in range(ti, aj))
        if (ai, aj) != (n, m):
            beads.append(((ai,), (aj,)))
        si, ti = ai + 1, aj + 1
    return beads, findings


# ---------------------------------------------------------------------------------------
# Vecalign (Thompson & Koehn 2019), re-implemented here

#: Vecalign's published defaults (its command line): ``--alignment_max_size 4`` (beads with at
#: most 4 sentences in all: 1-1, 1-2, 2-1, 1-3, 3-1, 2-2, plus 1-0 and 0-1),
#: ``--del_percentile_frac 0.2``, 100 random sentences for the cost normalisation
VECALIGN_MAX_SIZE = 4
VECALIGN_DEL_PERCENTILE_FRAC = 0.2
VECALIGN_NUM_SAMPLES = 100


def vecalign_types(max_size: int = VECALIGN_MAX_SIZE) -> list[tuple[int, int]]:
    """Vecalign's bead types: 0-1, 1-0, then every ``(a, b)`` with ``a, b >= 1`` and ``a + b <= max_size``."""
    return [(0, 1), (1, 0)] + [(a, b) for a in range(1, max_size) for b in range(1, max_size) if a + b <= max_size]


def vecalign(
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    *,
    max_size: int = VECALIGN_MAX_SIZE,
    del_percentile_frac: float = VECALIGN_DEL_PERCENTILE_FRAC,
    num_samples: int = VECALIGN_NUM_SAMPLES,
    seed: int = 0,
    src_runs: np.ndarray | None = None,
    tgt_runs: np.ndarray | None = None,
) -> list[BeadT]:
    """Vecalign's alignment (Thompson & Koehn, EMNLP 2019, "Vecalign: Improved Sentence
    Alignment in Linear Time and Space"), written here from the paper and the defaults of its
    published tool, not from its code.

    Cost of a bead joining the source run ``x`` (``a`` sentences) with the target run ``y``
    (``b`` sentences), the paper's equation 1::

        c(x, y) = (1 - cos(x, y)) * a * b / (mean_s (1 - cos(x, y_s)) + mean_s (1 - cos(x_s, y)))

    where ``x_s`` / ``y_s`` are ``num_samples`` source / target sentences drawn at random from the
    document (the denominator removes hubness: a run close to everything costs more). A 1-0 or
    0-1 bead costs the ``del_percentile_frac`` percentile of the 1-1 costs of all sentence pairs
    of the document. The minimum-cost monotone alignment is found by exact DP (Vecalign
    approximates it coarse-to-fine only for documents over 300 sentences; here it is exact).

    Runs of sentences: the tool embeds the joined text of each run (its ``overlap.py``); pass
    those embeddings as ``src_runs`` / ``tgt_runs`` to do the same. Without them a run is the
    normalised sum of its sentence embeddings (:func:`overlap_embeddings`), which needs no model
    call but understates the tool. Other known differences from the tool: the paper writes the normaliser with sums over the samples (a constant factor, which the
    percentile-based deletion cost makes irrelevant); the random samples are single sentences.

    Args:
        src_emb: ``(n, d)``; tgt_emb: ``(m, d)``: the model's unit sentence embeddings.
        max_size: most sentences in a bead (both sides together).
        del_percentile_frac: the deletion cost's percentile, as a fraction in [0, 1].
        num_samples: random sentences per side for the normaliser.
        seed: of the sample.
        src_runs, tgt_runs: ``(w, n, d)`` / ``(w, m, d)``, ``w >= max_size - 1``: row ``[s - 1, k]``
            the model's embedding of the joined sentences ``k - s + 1 .. k`` (any values where
            ``k < s - 1``); or ``None`` (the default) for the sum approximation.

    Returns:
        the beads ``(src_indices, tgt_indices)``, 0-based, covering both sides in order.

    Raises:
        ValueError: wrong shapes, non-finite values, different embedding sizes.
    """
    src, tgt = (x.astype(np.float64) for x in _check_pair(src_emb, tgt_emb))
    n, m = src.shape[0], tgt.shape[0]
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    types = vecalign_types(max_size)
    width = max(max(a, b) for a, b in types)
    so, to = _runs(src, src_runs, width, "src_runs"), _runs(tgt, tgt_runs, width, "tgt_runs")
    rng = np.random.default_rng(seed)
    samp_t = tgt[rng.integers(0, m, size=num_samples)]
    samp_s = src[rng.integers(0, n, size=num_samples)]
    xnorm = (1.0 - so @ samp_t.T).mean(axis=-1)  # (width, n)
    ynorm = (1.0 - to @ samp_s.T).mean(axis=-1)  # (width, m)

    def cost(a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            return np.full(js.shape, delete)
        x = so[a - 1, i - 1]
        ys = to[b - 1, js - 1]
        return (1.0 - ys @ x) * a * b / (xnorm[a - 1, i - 1] + ynorm[b - 1, js - 1])

    one = (1.0 - src @ tgt.T) / (xnorm[0][:, None] + ynorm[0][None, :])
    delete = float(np.percentile(one, 100.0 * del_percentile_frac))
    return _dp(n, m, types, cost)


# ---------------------------------------------------------------------------------------
# Bertalign (Liu & Zhu 2022), re-implemented here

#: Bertalign's published defaults (its ``Bertalign(...)`` constructor): ``max_align=5``,
#: ``top_k=3``, ``win=5``, ``skip=-0.1``, ``margin=True``, ``len_penalty=True``
BERTALIGN_MAX_ALIGN = 5
BERTALIGN_TOP_K = 3
BERTALIGN_WIN = 5
BERTALIGN_SKIP = -0.1


def bertalign(
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    src_lens: Sequence[int],
    tgt_lens: Sequence[int],
    *,
    max_align: int = BERTALIGN_MAX_ALIGN,
    top_k: int = BERTALIGN_TOP_K,
    win: int = BERTALIGN_WIN,
    skip: float = BERTALIGN_SKIP,
    margin: bool = True,
    len_penalty: bool = True,
    src_runs: np.ndarray | None = None,
    tgt_runs: np.ndarray | None = None,
) -> list[BeadT]:
    """Bertalign's two-step alignment (Liu & Zhu, "Bertalign: Improved word embedding-based
    sentence alignment for Chinese-English parallel corpora of literary texts", DSH 2022),
    written here from the paper and the defaults of its published tool, not from its code.

    1. **Anchors**: each source sentence's ``top_k`` most similar target sentences (cosine);
       a DP over 1-1, 1-0 and 0-1 beads maximises the summed cosine of the 1-1 beads, a pair
       scoring its cosine only when the target is among the source's ``top_k`` (else 0), skips
       scoring 0.
    2. **Full alignment** inside a band of ``win`` target positions around the first path: a DP
       over 1-0, 0-1 and every ``(a, b)`` with ``a, b >= 1``, ``a + b <= max_align`` maximises
       the summed bead scores: ``skip`` per 1-0 / 0-1 bead; for the others the cosine of the two
       runs, minus (``margin``) the mean of the average cosine of each run with the runs of the
       same size just before and after the other one, times (``len_penalty``)
       ``log2(1 + min(L_s, L_t r) / max(L_s, L_t r))`` with ``L`` the runs' lengths in code points
       and ``r`` the document's source/target length ratio.

    Runs of sentences: the tool embeds the joined text of each run; pass those embeddings as
    ``src_runs`` / ``tgt_runs`` to do the same (without them, the normalised sum of the sentence
    embeddings, :func:`overlap_embeddings`). Other known difference from the tool: the first pass is
    exact DP over the whole matrix (the tool's window covers whole documents of this size anyway).

    Args:
        src_emb: ``(n, d)``; tgt_emb: ``(m, d)``: the model's unit sentence embeddings.
        src_lens, tgt_lens: sentence lengths in code points.
        max_align, top_k, win, skip, margin, len_penalty: Bertalign's parameters.
        src_runs, tgt_runs: ``(w, n, d)`` / ``(w, m, d)``, ``w >= max_align - 1``, as in
            :func:`vecalign`; ``None`` for the sum approximation.

    Returns:
        the beads ``(src_indices, tgt_indices)``, 0-based, covering both sides in order.

    Raises:
        ValueError: wrong shapes, non-finite values, different embedding sizes.
    """
    src, tgt = (x.astype(np.float64) for x in _check_pair(src_emb, tgt_emb))
    n, m = src.shape[0], tgt.shape[0]
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    sim = src @ tgt.T
    k = min(top_k, m)
    top = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    first_score = np.zeros((n, m))
    rows = np.repeat(np.arange(n), k)
    first_score[rows, top.ravel()] = sim[rows, top.ravel()]

    def first(a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            return np.zeros(js.shape)
        return first_score[i - 1, js - 1]

    path = _dp(n, m, [(0, 1), (1, 0), (1, 1)], first, maximise=True)
    # band: every cell within ``win`` target positions of the first path
    lo = np.full(n + 1, m, dtype=int)
    hi = np.zeros(n + 1, dtype=int)
    i = j = 0
    points = [(0, 0)]
    for s, t in path:
        i, j = i + len(s), j + len(t)
        points.append((i, j))
    for i, j in points:
        lo[i] = min(lo[i], max(0, j - win))
        hi[i] = max(hi[i], min(m, j + win))
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)

    types = [(0, 1), (1, 0)] + [(a, b) for a in range(1, max_align) for b in range(1, max_align) if a + b <= max_align]
    width = max_align - 1
    so, to = _runs(src, src_runs, width, "src_runs"), _runs(tgt, tgt_runs, width, "tgt_runs")
    ls = np.concatenate([[0], np.cumsum(np.asarray(src_lens, dtype=np.float64))])
    lt = np.concatenate([[0], np.cumsum(np.asarray(tgt_lens, dtype=np.float64))])
    ratio = ls[-1] / lt[-1] if lt[-1] > 0 else 1.0

    def neighbours(vec_or_vecs, runs: np.ndarray, size: int, ends: np.ndarray, count: int) -> np.ndarray:
        """Mean cosine of each vector with the runs of ``size`` before and after its own
        (ending at ``ends - size`` and ``ends + size``; 1-based ends); one neighbour when
        only one exists, 0 when none."""
        total = np.zeros(ends.shape)
        num = np.zeros(ends.shape)
        for e in (ends - size, ends + size):
            ok = (e >= size) & (e <= count)
            if ok.any():
                rows_ = runs[size - 1, np.where(ok, e, size) - 1]
                c = np.einsum("...d,...d->...", rows_, vec_or_vecs)
                total += np.where(ok, c, 0.0)
                num += ok
        return np.divide(total, num, out=np.zeros_like(total), where=num > 0)

    def second(a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            return np.full(js.shape, skip)
        x = so[a - 1, i - 1]
        ys = to[b - 1, js - 1]
        score = ys @ x
        if margin:
            around_t = neighbours(x[None, :], to, b, js, m)
            around_s = neighbours(ys, so, a, np.full(js.shape, i), n)
            score = score - (around_t + around_s) / 2.0
        if len_penalty:
            l_s = ls[i] - ls[i - a]
            l_t = (lt[js] - lt[js - b]) * ratio
            mx = np.maximum(l_s, l_t)
            score = score * np.log2(1.0 + np.divide(np.minimum(l_s, l_t), mx, out=np.zeros_like(mx), where=mx > 0))
        return score

    return _dp(n, m, types, second, lo=lo, hi=hi, maximise=True)
