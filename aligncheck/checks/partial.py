"""``partial_omission``: a translated sentence that leaves out a clause of its source.
"""

from __future__ import annotations

import re

import numpy as np

from ..clauses import clause_spans
from ..segment import embedding_text
from ..types import Finding, Severity
from .context import CheckContext, language_name, translated_beads, where
from .registry import register


#: target/source length ratio (code points) of faithful translations between two languages,
#: used when a document has too few pairs to measure its own (median over NTREX-128 and
#: TICO-19: English is 1.09-1.12 times as long as Arabic)
PRIOR_LENGTH_RATIO = {("ar", "en"): 1.1, ("en", "ar"): 1 / 1.1}
#: a document measures its own length ratio from at least this many 1-1 pairs
MIN_RATIO_PAIRS = 5


def _bead_texts(ctx: CheckContext, bead) -> tuple[str, str]:
    """The normalised (embedding) texts of a bead's two sides, each side's segments joined
    with a space."""
    src, tgt = ctx.normalised
    return " ".join(src[i] for i in bead.src), " ".join(tgt[j] for j in bead.tgt)


_ACRONYM = re.compile(r"[^\W_][\w-]*")
#: characters an acronym's capital letter stands for when lengths are compared (``LRTI`` is
#: "lower respiratory tract infection" on the other side)
ACRONYM_LETTER_CHARS = 6
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»)\]]*\s*$")


def expanded_length(text: str) -> int:
    """Length of ``text`` in code points, each acronym (a word at least half of whose two or
    more letters are capitals: ``LRTI``, ``AMs``, ``SARS-CoV-2``) counted as
    :data:`ACRONYM_LETTER_CHARS` characters per capital: the other language often spells it
    out."""
    extra = 0
    for m in _ACRONYM.finditer(text):
        word = m.group(0)
        caps = sum(1 for ch in word if ch.isupper())
        letters = sum(1 for ch in word if ch.isalpha())
        if caps >= 2 and 2 * caps >= letters:
            extra += caps * ACRONYM_LETTER_CHARS - len(word)
    return len(text) + max(extra, 0)


def length_ratio(ctx: CheckContext) -> float:
    """The document's own target/source length ratio (code points of normalised text): the
    median over its 1-1 beads whose source has at least 20 characters and whose margin is not
    a mismatch; :data:`PRIOR_LENGTH_RATIO` (1.0 for an unknown language pair) when fewer than
    :data:`MIN_RATIO_PAIRS` such beads exist."""
    ratios = []
    for bead in ctx.alignment.beads:
        if len(bead.src) != 1 or len(bead.tgt) != 1:
            continue
        if bead.margin is not None and bead.margin < ctx.config.mismatch_margin:
            continue
        s_text, t_text = _bead_texts(ctx, bead)
        if len(s_text) >= 20 and t_text:
            ratios.append(expanded_length(t_text) / expanded_length(s_text))
    if len(ratios) < MIN_RATIO_PAIRS:
        return PRIOR_LENGTH_RATIO.get((ctx.source.lang, ctx.target.lang), 1.0)
    return float(np.median(ratios))


#: most clauses of one source tried by ``partial_omission`` (a longer list is cut into this many)
MAX_CLAUSES = 8


def _drop_ranges(n: int) -> list[tuple[int, int]]:
    """The clause ranges ``[a, b)`` that ``partial_omission`` tries leaving out of ``n``
    clauses: each single clause, and every run of clauses that starts the sentence or ends
    it (a translation cut short drops the tail, whatever the number of clauses in it); never
    all of them. In order of ``(a, b)``."""
    out = {(k, k + 1) for k in range(n)}
    out |= {(a, n) for a in range(1, n)} | {(0, b) for b in range(1, n)}
    return sorted(r for r in out if r != (0, n))


def leave_out(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[str]]:
    """What ``partial_omission`` and ``partial_addition`` try leaving out of ``text``, cut into the
    code-point ``spans`` (at least two, in order): more than :data:`MAX_CLAUSES` are cut to that many
    (the last one runs to the end); then for each range of :func:`_drop_ranges`, the span it covers
    and the normalised text without it. Returns ``(dropped spans, texts without them)``, both in
    the order of :func:`_drop_ranges`."""
    if len(spans) > MAX_CLAUSES:
        spans = spans[: MAX_CLAUSES - 1] + [(spans[MAX_CLAUSES - 1][0], spans[-1][1])]
    pieces = [embedding_text(text[a:b]) for a, b in spans]
    drops = _drop_ranges(len(pieces))
    return ([(spans[a][0], spans[b - 1][1]) for a, b in drops],
            [" ".join(pieces[:a] + pieces[b:]) for a, b in drops])


def best_leave_out(encode, jobs: list[tuple[str, str, list[str]]]) -> list[tuple[int, float]]:
    """For each job ``(whole, other, without)``: the index ``k`` of the text in ``without`` whose
    cosine with ``other`` rises most over ``whole``'s, and that rise (cosine difference, in
    [-2, 2]). All texts are embedded in one call of ``encode`` (``list[str] -> (n, dim)`` unit
    rows; it cuts each text as it cuts segments). ``[]`` for no job."""
    if not jobs:
        return []
    texts = [t for whole, other, without in jobs for t in (whole, other, *without)]
    vectors = np.asarray(encode(texts), dtype=np.float32)
    out, pos = [], 0
    for _, _, without in jobs:
        v_whole, v_other = vectors[pos], vectors[pos + 1]
        gains = vectors[pos + 2 : pos + 2 + len(without)] @ v_other - float(v_whole @ v_other)
        pos += 2 + len(without)
        k = int(np.argmax(gains))
        out.append((k, float(gains[k])))
    return out


@register("partial_omission", 'warning', 'PartialOmission',
          'A translated sentence leaves out a clause of its source.',
          '`قال الوزير إن العمل سيبدأ غدا، وأضاف أن الخطة تشمل ثلاث مراحل.` / `The minister said work would begin tomorrow.`')
def check_partial_omission(ctx: CheckContext) -> list[Finding]:
    """Aligned beads whose target leaves out a clause of the source (a warning).

    A bead is a candidate when its target is shorter than ``config.partial_ratio`` times the
    length the document's own ratio predicts (:func:`length_ratio`; a fixed symmetric margin
    is wrong for Arabic-English; acronyms counted expanded, :func:`expanded_length`), its
    source has at least ``config.partial_min_words`` words and ends like a sentence (``. ! ?
    ؟ …``: headlines and titles are written compressed on purpose). The source is then cut into clauses (:func:`aligncheck.clauses.clause_spans`: at
    ``،`` ``؛`` ``,`` ``;`` ``:`` and clause-opening words) and each clause, and each run of
    clauses that starts or ends the sentence (:func:`_drop_ranges`), is left out in turn: when
    the source *without* it matches the target better (cosine of the unit embeddings) than the
    whole source does, by at least ``config.partial_gain``, the best such piece seems
    untranslated and is named in the message (quoted as written). A source with one
    clause is cut into two halves of words instead. All leave-one-out texts of a document are
    embedded in one batch. Beads reported as untranslated or as a mismatch are skipped.
    The thresholds were chosen on the benchmark's truncation variants (``bench/CHOICES.md``).
    """
    if ctx.encode is None:
        return []
    ratio = length_ratio(ctx)
    candidates = []
    for bead, s_orig, _ in translated_beads(ctx):
        s_text, t_text = _bead_texts(ctx, bead)
        if not s_text or not t_text or len(s_text.split()) < ctx.config.partial_min_words:
            continue
        if not _SENTENCE_END.search(s_text):
            continue
        rel = expanded_length(t_text) / (expanded_length(s_text) * ratio)
        if rel >= ctx.config.partial_ratio:
            continue
        spans = clause_spans(s_orig)
        if len(spans) < 2:
            words = list(re.finditer(r"\S+", s_orig))
            half = len(words) // 2
            spans = [(words[0].start(), words[half - 1].end()), (words[half].start(), words[-1].end())]
        dropped, without = leave_out(s_orig, spans)
        candidates.append((bead, s_orig, s_text, t_text, rel, dropped, without))
    best = best_leave_out(ctx.encode, [(s_text, t_text, without) for _, _, s_text, t_text, _, _, without in candidates])
    out = []
    for (bead, s_orig, _, _, rel, spans, _), (k, gain) in zip(candidates, best):
        if gain < ctx.config.partial_gain:
            continue
        a, b = spans[k]
        clause = s_orig[a:b]
        src_name, tgt_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
        out.append(Finding(
            "partial_omission", Severity.WARNING, bead.src, bead.tgt,
            f"{tgt_name} {where(ctx.target, bead.tgt)} seems to leave out part of {src_name} "
            f"{where(ctx.source, bead.src)} ({rel:.0%} of the expected length): "
            f"«{clause if len(clause) <= 160 else clause[:157] + '…'}»",
            score=bead.score, highlights=(("source", a, b),),
        ))
    return out
