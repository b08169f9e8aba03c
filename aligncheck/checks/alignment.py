"""The alignment's own faults: ``omission`` (1-0 bead), ``addition`` (0-1 bead), ``mismatch``
(an aligned bead below the margin), ``moved`` (an omission and an addition that translate each
other) and ``long_segment`` (a segment cut for embedding).
"""

from __future__ import annotations

from ..types import Alignment, Finding, Severity
from .context import CheckContext, language_name, where
from .registry import CheckInfo, declare, register


@register("omission", 'error', 'Omission',
          'A source sentence has no counterpart in the translation.',
          'an Arabic sentence whose English was deleted')
def check_omission(ctx: CheckContext) -> list[Finding]:
    """One error per source segment that is aligned to nothing."""
    src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
    return [
        Finding("omission", Severity.ERROR, (i,), (),
                f"{src_lang} sentence at {where(ctx.source, (i,))} has no {tgt_lang} "
                "counterpart: it seems to be missing from the translation")
        for i in _unaligned(ctx.alignment, "src")
    ]


@register("addition", 'error', 'Addition',
          'A translated sentence has no source: added text, or translated from elsewhere.',
          'an on-topic sentence invented in the English')
def check_addition(ctx: CheckContext) -> list[Finding]:
    """One error per target segment that is aligned to nothing."""
    src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
    return [
        Finding("addition", Severity.ERROR, (), (j,),
                f"{tgt_lang} sentence at {where(ctx.target, (j,))} has no {src_lang} "
                "source: added text, or translated from elsewhere")
        for j in _unaligned(ctx.alignment, "tgt")
    ]


def _unaligned(alignment: Alignment, side: str) -> list[int]:
    """Indices of ``side`` (``"src"`` or ``"tgt"``) in beads whose other side is empty."""
    other = "tgt" if side == "src" else "src"
    return [k for bead in alignment.beads if not getattr(bead, other) for k in getattr(bead, side)]


@register("long_segment", 'info', 'LongSegment',
          'A segment is too long to compare whole; only its start was compared.',
          'a whole article on one line')
def check_long_segment(ctx: CheckContext) -> list[Finding]:
    """An info note per segment too long to embed whole: only its start was compared."""
    out = []
    for side, doc in ((0, ctx.source), (1, ctx.target)):
        for k in ctx.long_segments[side]:
            idx = ((k,), ()) if side == 0 else ((), (k,))
            out.append(Finding(
                "long_segment", Severity.INFO, *idx,
                f"{language_name(doc.lang)} segment at {where(doc, (k,))} is {len(doc.segments[k].text):,} characters "
                f"long; only its first {ctx.embed_chars:,} were compared (split it into sentences for a full check)",
            ))
    return out


#: neighbours on each side compared when deciding whether a weak 1-1 pair is still each
#: other's best match
MUTUAL_WINDOW = 2


def mutual_best(ctx: CheckContext, i: int, j: int) -> bool:
    """Whether source ``i`` and target ``j`` match each other better than any target within
    :data:`MUTUAL_WINDOW` of ``j`` matches ``i``, and any source within the window of ``i``
    matches ``j`` (by margin). ``False`` when pair margins are not available."""
    if ctx.pair_margin is None:
        return False
    m = ctx.pair_margin(i, j)
    n_src, n_tgt = len(ctx.source.segments), len(ctx.target.segments)
    if n_src < 2 or n_tgt < 2:
        return False  # nothing to compare with: no evidence that the pair is the best one
    for jj in range(max(0, j - MUTUAL_WINDOW), min(n_tgt, j + MUTUAL_WINDOW + 1)):
        if jj != j and ctx.pair_margin(i, jj) >= m:
            return False
    for ii in range(max(0, i - MUTUAL_WINDOW), min(n_src, i + MUTUAL_WINDOW + 1)):
        if ii != i and ctx.pair_margin(ii, j) >= m:
            return False
    return True


@register("mismatch", 'error', 'Mismatch',
          'An aligned pair of sentences does not say the same thing.',
          'the English sentence replaced by one from another article')
def check_mismatch(ctx: CheckContext) -> list[Finding]:
    """Aligned beads whose margin is below ``config.mismatch_margin``.

    An error, except for a 1-1 pair that is still its two sentences' best match among their
    neighbours (:func:`mutual_best`): short or loosely translated pairs (a question turned
    into a statement, an expanded acronym) have weak margins but are not replaced text, so
    they are a warning.
    """
    out = []
    for bead in ctx.alignment.beads:
        if not bead.src or not bead.tgt or bead.margin is None:
            continue
        if ctx.untranslated_targets & set(bead.tgt):
            continue  # reported as untranslated
        if bead.margin < ctx.config.mismatch_margin:
            loose = len(bead.src) == 1 and len(bead.tgt) == 1 and mutual_best(ctx, bead.src[0], bead.tgt[0])
            out.append(
                Finding(
                    "mismatch", Severity.WARNING if loose else Severity.ERROR, bead.src, bead.tgt,
                    f"{language_name(ctx.source.lang)} {where(ctx.source, bead.src)} and "
                    f"{language_name(ctx.target.lang)} {where(ctx.target, bead.tgt)} are aligned but "
                    + ("match only loosely" if loose else "do not seem to say the same thing")
                    + f" (margin {bead.margin:.2f}, threshold {ctx.config.mismatch_margin:.2f})",
                    score=bead.score,
                )
            )
    return out


def moved_past(alignment: Alignment, i: int, j: int) -> int:
    """How many other source segments the translation of source ``i`` (0-based), found at target
    ``j`` (0-based), moved past: the aligned sources before ``i`` whose translation starts after
    ``j``, plus the aligned sources after ``i`` whose translation ends before ``j``. Two swapped
    neighbours: 1; a sentence translated six sentences later: 6. Sources aligned to nothing (and
    ``i`` itself) do not count. O(number of beads)."""
    n = 0
    for bead in alignment.beads:
        if not bead.src or not bead.tgt:
            continue
        first, last = min(bead.tgt), max(bead.tgt)
        n += sum(1 for k in bead.src if (k < i and first > j) or (k > i and last < j))
    return n


#: most omission x addition pairs compared when looking for moved sentences
MAX_MOVE_PAIRS = 40_000


def pair_moves(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """Replace each omission + addition pair whose sentences translate each other
    (margin >= ``config.moved_margin``) by one ``moved`` finding. Pairs are taken greedily,
    best margin first; ties go to the earlier source index."""
    if ctx.pair_margin is None:
        return findings
    omissions = [f for f in findings if f.check == "omission"]
    additions = [f for f in findings if f.check == "addition"]
    if len(omissions) * len(additions) > MAX_MOVE_PAIRS:
        return findings  # the documents hardly correspond: no point pairing every gap
    candidates = []
    for o in omissions:
        for a in additions:
            m = float(ctx.pair_margin(o.src[0], a.tgt[0]))
            if m >= ctx.config.moved_margin:
                candidates.append((-m, o.src[0], a.tgt[0], o, a))
    candidates.sort(key=lambda c: c[:3])
    used_o: set[int] = set()
    used_a: set[int] = set()
    moved = []
    for neg_m, i, j, o, a in candidates:
        if i in used_o or j in used_a:
            continue
        used_o.add(i)
        used_a.add(j)
        past = moved_past(ctx.alignment, i, j)
        severity = Severity.INFO if past <= 1 else Severity.WARNING
        src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
        moved.append(
            Finding(
                "moved", severity, (i,), (j,),
                f"{src_lang} sentence at {where(ctx.source, (i,))} is translated at "
                f"{tgt_lang} {where(ctx.target, (j,))}, "
                + (f"out of order (moved past {past} segment{'s' if past != 1 else ''}" if past else "in its place (not aligned")
                + f"; margin {-neg_m:.2f})",
            )
        )
    kept = [f for f in findings if not (f.check == "omission" and f.src[0] in used_o)
            and not (f.check == "addition" and f.tgt[0] in used_a)]
    return kept + moved


declare(CheckInfo('moved', 'info', 'MovedSentence',
                  'A sentence was translated out of order.',
                  'sentence 3 translated at the end'))
