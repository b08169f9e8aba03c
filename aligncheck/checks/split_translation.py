"""A source sentence translated as two target sentences that the alignment kept apart: the
``partial_omission`` of one pair and the ``addition`` next to it are one split translation.

Translators split a long sentence in two ("The festival moves, every year it is in another city,
and the last time it was in Belgrade." -> "It's an event that is nomadic. The last time, we were
in Belgrade."). When the aligner pairs the source with one half only, the other half becomes an
``addition`` and the pair a ``partial_omission`` whose missing clause is exactly that half. On the
faithful WMT24++ documents (``bench/PARAGRAPHS.md``) such pairs were about a sixth of the false
findings of the held-out half. :func:`split_translations` turns both into info notes when the
clause ``partial_omission`` names matches the added sentence better than the pair's own target
(cosines of the model's embeddings; no threshold), the two target sentences are neighbours in
one paragraph, and the added sentence is next to the pair.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..segment import embedding_text
from ..types import Finding, Severity
from .context import CheckContext, Positions


def _clause(finding: Finding, ctx: CheckContext) -> str | None:
    """The source clause a ``partial_omission`` finding names (its source highlight, offsets
    into its source segments joined by one space), or ``None``."""
    spans = [(a, b) for side, a, b in finding.highlights if side == "source"]
    if not spans:
        return None
    joined = " ".join(ctx.source.segments[i].text for i in finding.src)
    a, b = spans[0]
    return joined[a:b] or None


def split_translations(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """``findings`` with each split translation (module docstring) lowered to two info notes,
    the others unchanged, in the same order.

    A pair is an ``addition`` of target sentence ``j`` and a ``partial_omission`` of the bead
    right before or after ``j``'s bead, whose target's last (before) or first (after) sentence
    is ``j - 1`` or ``j + 1`` in the same target paragraph. It is a split translation when
    ``cos(E(clause), E(j)) > cos(E(clause), E(pair's target))``, ``E`` the run's encoder
    (``ctx.encode``; nothing changes without one), each addition and partial used once.
    """
    if ctx.encode is None:
        return findings
    partial = {(f.src, f.tgt): f for f in findings if f.check == "partial_omission" and f.src and f.tgt}
    additions = [f for f in findings if f.check == "addition" and len(f.tgt) == 1 and not f.src]
    if not partial or not additions:
        return findings
    beads = ctx.alignment.beads
    pos = Positions(ctx.alignment)
    tgt = ctx.target.segments
    candidates = []  # (addition, partial, clause, added text, pair target text)
    for add in additions:
        j = add.tgt[0]
        k = pos.of(None, j)
        for nb, near in ((k - 1, -1), (k + 1, 0)):
            if not 0 <= nb < len(beads):
                continue
            b = beads[nb]
            p = partial.get((b.src, b.tgt))
            if p is None or not b.tgt:
                continue
            neighbour = b.tgt[near]
            if abs(neighbour - j) != 1 or tgt[neighbour].paragraph != tgt[j].paragraph:
                continue
            clause = _clause(p, ctx)
            if clause:
                candidates.append((add, p, embedding_text(clause), embedding_text(tgt[j].text),
                                   " ".join(embedding_text(tgt[x].text) for x in b.tgt)))
    if not candidates:
        return findings
    texts = list(dict.fromkeys(t for c in candidates for t in c[2:]))
    row = {t: n for n, t in enumerate(texts)}
    vectors = np.asarray(ctx.encode(texts), dtype=np.float32)
    split: dict[int, str] = {}
    for add, p, clause, added, own in candidates:
        if id(add) in split or id(p) in split:
            continue
        c = vectors[row[clause]]
        if float(c @ vectors[row[added]]) > float(c @ vectors[row[own]]):
            split[id(add)] = " (it translates the clause the neighbouring pair leaves out: a sentence split in two)"
            split[id(p)] = " (the clause is translated by the neighbouring sentence: a sentence split in two)"
    return [dataclasses.replace(f, severity=Severity.INFO, message=f.message + split[id(f)])
            if id(f) in split and Severity(f.severity) is not Severity.INFO else f for f in findings]


#: a target at least this many times the length its source predicts holds more than that source.
#: Chosen on the tune half of the paragraph benchmark (every omission next to a pair, its length
#: ratio and gain logged): 1.2 and 1.3 both turned 31 false omission candidates on faithful WMT24++
#: documents into notes and no deleted NTREX/TICO sentence; 1.1 lost three deleted sentences
LONG_TARGET_RATIO = 1.3


def split_sources(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """The mirror of :func:`split_translations`: a target sentence translated as two source
    sentences, the alignment pairing it with one of them. An ``omission`` of source sentence
    ``i`` becomes an info note when the bead right before or after ``i``'s bead has both sides,
    holds source sentence ``i - 1`` (before) or ``i + 1`` (after) of the same source paragraph,
    its target is at least :data:`LONG_TARGET_RATIO` times the length its source predicts
    (:func:`aligncheck.checks.partial.length_ratio`, acronyms expanded) and joining ``i`` to its
    source (in document order) raises the cosine with its target: ``cos(E(s ⊕ i), E(t)) >
    cos(E(s), E(t))``. Nothing changes without an encoder (``ctx.encode``)."""
    from .partial import expanded_length, length_ratio

    if ctx.encode is None:
        return findings
    omissions = [f for f in findings if f.check == "omission" and len(f.src) == 1 and not f.tgt
                 and Severity(f.severity) is not Severity.INFO]
    if not omissions:
        return findings
    beads = ctx.alignment.beads
    pos = Positions(ctx.alignment)
    src_n, tgt_n = ctx.normalised
    seg = ctx.source.segments
    ratio = None
    candidates = []  # (omission, joined source, bead source, bead target)
    for om in omissions:
        i = om.src[0]
        k = pos.of(i, None)
        for nb, near in ((k - 1, -1), (k + 1, 0)):
            if not 0 <= nb < len(beads) or not beads[nb].src or not beads[nb].tgt:
                continue
            b = beads[nb]
            if abs(b.src[near] - i) != 1 or seg[b.src[near]].paragraph != seg[i].paragraph:
                continue
            s_text = " ".join(src_n[x] for x in b.src)
            t_text = " ".join(tgt_n[x] for x in b.tgt)
            if ratio is None:
                ratio = length_ratio(ctx)
            rel = expanded_length(t_text) / max(1.0, expanded_length(s_text) * ratio)
            if rel < LONG_TARGET_RATIO:
                continue
            joined = " ".join(src_n[x] for x in sorted(b.src + (i,)))
            candidates.append((om, joined, s_text, t_text))
    if not candidates:
        return findings
    texts = list(dict.fromkeys(t for c in candidates for t in c[1:]))
    row = {t: n for n, t in enumerate(texts)}
    vectors = np.asarray(ctx.encode(texts), dtype=np.float32)
    split: set[int] = set()
    for om, joined, s_text, t_text in candidates:
        t = vectors[row[t_text]]
        if float(vectors[row[joined]] @ t) > float(vectors[row[s_text]] @ t):
            split.add(id(om))
    note = " (the neighbouring pair's translation also says it: a sentence split in two)"
    return [dataclasses.replace(f, severity=Severity.INFO, message=f.message + note) if id(f) in split else f
            for f in findings]
