"""The content test: is a sentence's meaning missing from the other side, whatever the sentence
boundaries?

The alignment pairs sentences, but translators split, merge and reorder sentences inside a
paragraph, and a segmenter may split a sentence in two or leave two unsplit. A sentence-level
omission, addition or mismatch is then often an artefact: the content is there, in other
sentences. This module judges such a finding on a *window* of the text around it, with the
model's embeddings of the joined window texts (not the per-sentence mean the DP uses):

* the window is the run of beads around the finding's bead (at most :attr:`ContentParams.radius`
  beads each way and :attr:`ContentParams.max_chars` code points a side), inside its *paragraph
  block*: the smallest set of source and target paragraphs closed under the alignment (a
  paragraph with all its sentences unaligned is a block of its own, so a deleted paragraph is
  never explained away);
* the *gain* of a sentence ``x`` of one side is ``cos(E(W_x - x), E(W_y)) - cos(E(W_x), E(W_y))``
  with ``W_x`` the window on ``x``'s side and ``W_y`` the other side's window: removing a
  sentence whose content the other side holds makes the windows match *worse* (a negative gain);
  removing content the other side lacks makes them match better (a positive gain).

The same question is asked of every kind of sentence-level fault (an omitted source sentence, an
added target sentence, both sentences of a mismatched bead). The thresholds are chosen on the
tune half of the paragraph benchmark (``bench/``).

Cost: only findings are tested, and each test embeds three joined texts (window of each side,
window without the sentence) through the run's deduplicating encoder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

Beads = Sequence[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True)
class ContentParams:
    """Parameters of the content test.

    Attributes:
        radius: most beads taken on each side of the finding's bead.
        max_chars: most code points of window text on one side (the bundled model reads about
            2,000 characters; longer windows dilute one sentence's share).
        present_below: a sentence's content counts as present on the other side when its gain
            is below this (cosine difference; negative).
    """

    radius: int = 3
    max_chars: int = 1200
    present_below: float = -0.005


def paragraph_blocks(beads: Beads, src_par: Sequence[int], tgt_par: Sequence[int]) -> list[int]:
    """The paragraph block of each bead: connected components of source and target paragraphs
    joined by the beads that hold both sides.

    Args:
        beads: ``(src_indices, tgt_indices)`` in order.
        src_par, tgt_par: 0-based paragraph number of each source / target segment.

    Returns:
        One block id (int, equal ids = same block) per bead.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for s, t in beads:
        nodes = [("s", src_par[i]) for i in s] + [("t", tgt_par[j]) for j in t]
        for node in nodes[1:]:
            union(nodes[0], node)
        if nodes:
            find(nodes[0])
    ids: dict[tuple[str, int], int] = {}
    out = []
    for s, t in beads:
        node = ("s", src_par[s[0]]) if s else ("t", tgt_par[t[0]])
        out.append(ids.setdefault(find(node), len(ids)))
    return out


def window(beads: Beads, k: int, block: Sequence[int], src_len: Sequence[int], tgt_len: Sequence[int],
           params: ContentParams) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The source and target segment indices of the window around bead ``k``: bead ``k`` and the
    beads of its block within ``params.radius`` of it, added nearest first (before, then after)
    while each side stays within ``params.max_chars`` (bead ``k`` itself always).

    Returns:
        ``(src_indices, tgt_indices)``, each sorted.
    """
    chosen = [k]
    chars = [sum(src_len[i] for i in beads[k][0]), sum(tgt_len[j] for j in beads[k][1])]
    for d in range(1, params.radius + 1):
        for nb in (k - d, k + d):
            if not 0 <= nb < len(beads) or block[nb] != block[k]:
                continue
            s, t = beads[nb]
            cs, ct = sum(src_len[i] for i in s), sum(tgt_len[j] for j in t)
            if chars[0] + cs > params.max_chars or chars[1] + ct > params.max_chars:
                continue
            chosen.append(nb)
            chars[0] += cs
            chars[1] += ct
    src = tuple(sorted(i for b in chosen for i in beads[b][0]))
    tgt = tuple(sorted(j for b in chosen for j in beads[b][1]))
    return src, tgt


@dataclass(frozen=True)
class Probe:
    """One content question: is ``side``'s segment ``index`` expressed on the other side of the
    window ``(src, tgt)``?"""

    side: int  # 0 = source sentence, 1 = target sentence
    index: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]

    def testable(self) -> bool:
        """Both windows hold text, and the sentence's side holds more than the sentence."""
        own = self.src if self.side == 0 else self.tgt
        other = self.tgt if self.side == 0 else self.src
        return bool(other) and len(own) > 1


def content_gains(probes: Sequence[Probe], src_texts: Sequence[str], tgt_texts: Sequence[str],
                  encode: Callable[[list[str]], np.ndarray]) -> list[float | None]:
    """The gain of each probe (see the module docstring), ``None`` when a probe is not testable.

    Args:
        probes: the questions.
        src_texts, tgt_texts: the embedded text of every segment.
        encode: ``list[str] -> (k, dim)`` float32 unit rows (the run's deduplicating encoder);
            called once, with each distinct joined text once.

    Returns:
        One float (cosine difference in [-2, 2]) or ``None`` per probe.
    """
    texts: dict[str, int] = {}
    plans = []
    for p in probes:
        if not p.testable():
            plans.append(None)
            continue
        own_texts = src_texts if p.side == 0 else tgt_texts
        other_texts = tgt_texts if p.side == 0 else src_texts
        own = p.src if p.side == 0 else p.tgt
        other = p.tgt if p.side == 0 else p.src
        whole = " ".join(own_texts[x] for x in own)
        without = " ".join(own_texts[x] for x in own if x != p.index)
        theirs = " ".join(other_texts[x] for x in other)
        plans.append(tuple(texts.setdefault(t, len(texts)) for t in (whole, without, theirs)))
    if not texts:
        return [None] * len(probes)
    vectors = np.asarray(encode(list(texts)), dtype=np.float32)
    out: list[float | None] = []
    for plan in plans:
        if plan is None:
            out.append(None)
            continue
        whole, without, theirs = (vectors[x] for x in plan)
        out.append(float(without @ theirs) - float(whole @ theirs))
    return out


#: the finding kinds the content test may withdraw
CONTENT_CHECKS = ("omission", "addition", "mismatch")


def confirm_findings(findings, beads: Beads, src_texts: Sequence[str], tgt_texts: Sequence[str],
                     src_par: Sequence[int], tgt_par: Sequence[int],
                     encode: Callable[[list[str]], np.ndarray], params: ContentParams = ContentParams(),
                     checks: Sequence[str] = CONTENT_CHECKS):
    """Withdraw the sentence-level findings whose content the other side holds.

    Each ``omission``, ``addition`` and ``mismatch`` finding is probed (:class:`Probe`) for every
    sentence it names, in the window of its bead (:func:`window`); it is withdrawn when every
    probe is testable and every gain is below ``params.present_below`` (the sentence's content is
    in the other side's window: the translator split, merged or reordered sentences, or the
    segmenter cut them differently). Other findings pass unchanged.

    Args:
        findings: the run's findings (:class:`aligncheck.types.Finding`), in report order.
        beads: the alignment's ``(src_indices, tgt_indices)``, in order.
        src_texts, tgt_texts: the embedded text of every segment.
        src_par, tgt_par: 0-based paragraph number of every segment.
        encode: the run's piece encoder (deduplicating), called at most once.
        params: window and threshold.
        checks: the finding kinds tested (a subset of :data:`CONTENT_CHECKS`).

    Returns:
        The findings kept, in their order (a new tuple).
    """
    todo = [f for f in findings if f.check in checks]
    if not todo:
        return tuple(findings)
    block = paragraph_blocks(beads, src_par, tgt_par)
    src_len = [len(t) for t in src_texts]
    tgt_len = [len(t) for t in tgt_texts]
    pos = {}
    for k, (s, t) in enumerate(beads):
        pos.update({("s", i): k for i in s})
        pos.update({("t", j): k for j in t})
    probes, owner = [], []
    for n, f in enumerate(todo):
        k = pos[("s", f.src[0])] if f.src else pos[("t", f.tgt[0])]
        ws, wt = window(beads, k, block, src_len, tgt_len, params)
        for p in [Probe(0, i, ws, wt) for i in f.src] + [Probe(1, j, ws, wt) for j in f.tgt]:
            probes.append(p)
            owner.append(n)
    gains = content_gains(probes, src_texts, tgt_texts, encode)
    present = [True] * len(todo)
    for n, g in zip(owner, gains):
        if g is None or g >= params.present_below:
            present[n] = False
    withdrawn = {id(f) for f, p in zip(todo, present) if p}
    return tuple(f for f in findings if id(f) not in withdrawn)


def absorb_skips(beads: Beads, src_texts: Sequence[str], tgt_texts: Sequence[str],
                 src_par: Sequence[int], tgt_par: Sequence[int],
                 encode: Callable[[list[str]], np.ndarray], pair_margin: Callable[[int, int], float],
                 params: ContentParams = ContentParams()) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Merge into a neighbouring bead each skipped sentence (a 1-0 or 0-1 bead) whose content the
    other side's window holds (:class:`Probe` gain below ``params.present_below``).

    The DP pairs sentences; a translator who split, merged or reordered sentences inside a
    paragraph, or a segmenter that cut one side differently, leaves a sentence with no partner
    although its meaning is there. Such a sentence joins the adjacent bead of its paragraph block
    (:func:`paragraph_blocks`) that has both sides, the one whose other side it matches best
    (``pair_margin``), so the pair checks (numbers, partial omission ...) then see the whole
    content. A sentence whose content is missing stays a skip (an omission or addition).

    Args:
        beads: ``(src_indices, tgt_indices)`` in order.
        src_texts, tgt_texts: the embedded text of every segment.
        src_par, tgt_par: 0-based paragraph number of every segment.
        encode: the run's piece encoder (deduplicating), called at most once.
        pair_margin: ``(i, j) -> float``, margin of source ``i`` against target ``j``.
        params: window and threshold.

    Returns:
        A new list of beads covering every index once, in order (merged beads may hold more than
        ``max_bead`` sentences on a side).
    """
    skips = [k for k, (s, t) in enumerate(beads) if bool(s) != bool(t)]
    if not skips:
        return list(beads)
    block = paragraph_blocks(beads, src_par, tgt_par)
    src_len = [len(t) for t in src_texts]
    tgt_len = [len(t) for t in tgt_texts]
    probes, owner = [], []
    for k in skips:
        ws, wt = window(beads, k, block, src_len, tgt_len, params)
        s, t = beads[k]
        for p in [Probe(0, i, ws, wt) for i in s] + [Probe(1, j, ws, wt) for j in t]:
            probes.append(p)
            owner.append(k)
    gains = content_gains(probes, src_texts, tgt_texts, encode)
    present = dict.fromkeys(skips, True)
    for k, g in zip(owner, gains):
        if g is None or g >= params.present_below:
            present[k] = False
    into: dict[int, int] = {}
    for k in skips:
        if not present[k]:
            continue
        s, t = beads[k]
        best = None
        for nb in (k - 1, k + 1):
            if not 0 <= nb < len(beads) or block[nb] != block[k] or not (beads[nb][0] and beads[nb][1]):
                continue
            ns, nt = beads[nb]
            score = max(pair_margin(i, j) for i in (s or ns) for j in (t or nt))
            if best is None or score > best[0]:
                best = (score, nb)
        if best is not None:
            into[k] = best[1]
    if not into:
        return list(beads)
    # each merged skip takes its neighbour's group; a neighbour has both sides, so it is never
    # merged itself, and the beads of one group are adjacent
    gid = [into.get(k, k) for k in range(len(beads))]
    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for k, (s, t) in enumerate(beads):
        if k and gid[k] == gid[k - 1]:
            ps, pt = out[-1]
            out[-1] = (tuple(sorted(ps + s)), tuple(sorted(pt + t)))
        else:
            out.append((tuple(s), tuple(t)))
    return out
