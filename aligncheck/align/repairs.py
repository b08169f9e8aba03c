"""Repairs of the DP's path with evidence the DP cannot see: re-testing merged and skipped
sentences with embeddings of the real concatenations (:func:`retest_beads`, as SentAlign does),
undoing a merge that stole a skipped sentence's translation (:func:`repair_skips_beside_merges`)
and pairing lone skips (:func:`pair_lone_skips`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


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
