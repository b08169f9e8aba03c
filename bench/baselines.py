"""Two reference baselines for the quality benchmark. No model calls: embeddings come in.

* :func:`naive` -- argmax cosine matching on precomputed unit sentence embeddings.
* :func:`gale_church` -- the length-based DP of Gale & Church (1993), lengths in code points.

Both return beads as ``(src_indices, tgt_indices)`` tuples (0-based, as in
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
    src_emb = _check_emb("src_emb", src_emb)
    tgt_emb = _check_emb("tgt_emb", tgt_emb)
    n, m = src_emb.shape[0], tgt_emb.shape[0]
    if n and m and src_emb.shape[1] != tgt_emb.shape[1]:
        raise ValueError(f"embedding sizes differ: src {src_emb.shape[1]}, tgt {tgt_emb.shape[1]}")
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
