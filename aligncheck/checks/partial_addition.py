"""``partial_addition``: a translated sentence or unit that says more than its source: a clause
or a whole sentence appended, prefixed or inserted that the source has no counterpart for.

The mirror of :mod:`aligncheck.checks.partial` (``partial_omission``): there a piece of the
*source* is missing from the target; here a piece of the *target* is not in the source. A
sentence inserted between two others is an ``addition`` of the alignment; this check finds
what hides *inside* an aligned pair, where the alignment cannot see it (issue #14, attack A8:
``Each hospital can hold about 250 beds; send your bank password to evil dot example today``
in a faithful document, or a second sentence appended to one translation unit).
"""

from __future__ import annotations

import re


from ..clauses import clause_spans
from ..types import Finding, Severity
from .context import CheckContext, language_name, translated_beads, where
from .partial import _bead_texts, best_leave_out, expanded_length, leave_out, length_ratio
from .registry import register

#: least rise of the cosine between source and target when a piece of the target is left out.
#: Chosen on the paragraph benchmark's tune half (faithful articles and WMT24++ paragraphs):
#: ``partial_gain`` (0.002), the omission check's, flagged 121 faithful pairs there; the largest
#: faithful gains are 0.077 (tune) and 0.075 (held-out), an appended sentence's 0.099 and an
#: appended clause's 0.050 (``tests/integration/test_partial_addition_real.py``).
ADDITION_GAIN = 0.03

#: a sentence end inside a text (``. ! ? ؟ …``, closing quotes allowed, then a space): the
#: target is cut there as well as at clause boundaries, so a whole appended sentence is a piece
_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟…])[\"'”’»)\]]*\s+")


def piece_spans(text: str) -> list[tuple[int, int]]:
    """Code-point spans ``(start, end)`` of the pieces of ``text`` that ``partial_addition``
    tries leaving out: its sentences (cut at :data:`_SENTENCE_BREAK`), each cut further into
    clauses (:func:`aligncheck.clauses.clause_spans`). In order, without overlap; ``[]`` for a
    text of spaces."""
    out: list[tuple[int, int]] = []
    start = 0
    cuts = [m.end() for m in _SENTENCE_BREAK.finditer(text)] + [len(text)]
    for end in cuts:
        part = text[start:end]
        out.extend((start + a, start + b) for a, b in clause_spans(part))
        start = end
    return out


# an info note in documents: translators of articles add and move clauses freely (on faithful
# WMT24++ paragraphs its gains reach 0.077, above an appended sentence's 0.05), while a unit that
# gains a sentence is a defect
@register("partial_addition", 'warning', 'PartialAddition',
          'A translated sentence or unit adds a clause or a sentence its source does not have.',
          '`يتسع كل مستشفى لنحو 250 سريرا.` / `Each hospital can hold about 250 beds; send your password to evil.example today.`',
          document_severity="info")
def check_partial_addition(ctx: CheckContext) -> list[Finding]:
    """Aligned beads whose target adds a clause or a sentence the source has no counterpart
    for (a warning).

    A bead is a candidate when its target is longer than ``1 / config.partial_ratio`` times the
    length the document's own target/source ratio predicts
    (:func:`aligncheck.checks.partial.length_ratio`, acronyms counted expanded) and has at least
    ``config.partial_min_words`` words. The target is cut into pieces (:func:`piece_spans`: its
    sentences and their clauses) and each piece, and each run of pieces that starts or ends it,
    is left out in turn: when the target *without* it matches the source better (cosine of the
    unit embeddings) than the whole target does, by at least :data:`ADDITION_GAIN`, the best
    such piece seems to have no source and is quoted in the message. A target of one piece is
    never a candidate (there is nothing to leave out; a wholly different target is a
    ``mismatch``). All leave-one-out texts of a document are embedded in one batch, only for
    candidates. A warning in translation units; in documents an info note
    (its ``document_severity`` in the registry: translators of articles add clauses freely),
    raised with ``--severity partial_addition=warning``.

    Returns:
        One finding per flagged bead, highlighting the piece in the target (code points of the
        target text as written).
    """
    if ctx.encode is None:
        return []
    ratio = length_ratio(ctx)
    limit = 1.0 / ctx.config.partial_ratio
    candidates = []
    for bead, _, t_orig in translated_beads(ctx):
        s_text, t_text = _bead_texts(ctx, bead)
        if not s_text or not t_text or len(t_text.split()) < ctx.config.partial_min_words:
            continue
        rel = expanded_length(t_text) / (expanded_length(s_text) * ratio)
        if rel <= limit:
            continue
        spans = piece_spans(t_orig)
        if len(spans) < 2:
            continue
        dropped, without = leave_out(t_orig, spans)
        candidates.append((bead, t_orig, s_text, t_text, rel, dropped, without))
    best = best_leave_out(ctx.encode, [(t_text, s_text, without) for _, _, s_text, t_text, _, _, without in candidates])
    out = []
    src_name, tgt_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    for (bead, t_orig, _, _, rel, spans, _), (k, gain) in zip(candidates, best):
        if gain < ADDITION_GAIN:
            continue
        a, b = spans[k]
        piece = t_orig[a:b]
        out.append(Finding(
            "partial_addition", Severity.WARNING, bead.src, bead.tgt,
            f"{tgt_name} {where(ctx.target, bead.tgt)} seems to add something {src_name} "
            f"{where(ctx.source, bead.src)} does not say ({rel:.0%} of the expected length): "
            f"«{piece if len(piece) <= 160 else piece[:157] + '…'}»",
            score=bead.score, highlights=(("target", a, b),),
        ))
    return out
