"""Checks that turn an alignment into findings, registered by stable id.

Core checks (from the alignment):

==============  ========  ================================================================
id              severity  flags
==============  ========  ================================================================
omission        error     a source segment in no bead with a target (a 1-0 bead)
addition        error     a target segment in no bead with a source (a 0-1 bead)
mismatch        error /   an aligned bead whose normalised similarity (margin) is below
                warning   ``Config.mismatch_margin``: the two sides say different things (a
                          warning when the pair is still each other's best match nearby)
untranslated    error     a target segment written mostly in the source's script, or a
                          verbatim copy of its source segment
numbers         error     an aligned pair whose numbers differ by value (Western, Arabic-Indic
                          and Persian digits, ٫ ٬ separators, % ٪; number words accepted)
tokens          warning   URLs, e-mail addresses, hashtags and (from a non-Latin source) Latin-script
                          names and codes present on one side only
long_segment    info      a segment longer than the embedder reads (2,000 characters): only
                          its start was compared
moved           info /    an omission and an addition whose sentences translate each other:
                warning   one sentence moved, reported once instead of as two faults (info
                          when it moved by at most two positions, a warning otherwise)
==============  ========  ================================================================
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Optional

from .config import Config
from .types import Alignment, Document, Finding, Severity

LANGUAGE_NAMES = {
    "ar": "Arabic", "en": "English", "fr": "French", "de": "German", "es": "Spanish",
    "fa": "Persian", "ur": "Urdu", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "tr": "Turkish", "ru": "Russian", "zh": "Chinese", "he": "Hebrew",
}
ARABIC_SCRIPT_LANGS = {"ar", "fa", "ur", "ps", "ku", "sd", "ug"}


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code (the code itself when unknown)."""
    return LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True)
class CheckContext:
    """What a check sees: both documents, the alignment and the configuration."""

    source: Document
    target: Document
    alignment: Alignment
    config: Config
    #: margin (normalised similarity) of source segment i against target segment j, 0-based
    pair_margin: Optional[Callable[[int, int], float]] = None
    #: (source, target) indices of segments longer than ``embed_chars`` (cut for embedding)
    long_segments: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())
    embed_chars: int = 0

    @functools.cached_property
    def untranslated_targets(self) -> frozenset[int]:
        """Target indices the ``untranslated`` check reports (computed once per context)."""
        return frozenset(j for f in check_untranslated(self) for j in f.tgt)


CheckFn = Callable[[CheckContext], list[Finding]]
REGISTRY: dict[str, CheckFn] = {}


def register(check_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under a stable id."""

    def deco(fn: CheckFn) -> CheckFn:
        REGISTRY[check_id] = fn
        return fn

    return deco


def _where(doc: Document, idx: tuple[int, ...]) -> str:
    lines = sorted({doc.segments[i].line for i in idx})
    if not lines:
        return ""
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"


@register("omission")
def check_omission(ctx: CheckContext) -> list[Finding]:
    """One error per source segment that is aligned to nothing."""
    src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
    return [
        Finding("omission", Severity.ERROR, (i,), (),
                f"{src_lang} sentence at {_where(ctx.source, (i,))} has no {tgt_lang} "
                "counterpart: it seems to be missing from the translation")
        for i in _unaligned(ctx.alignment, "src")
    ]


@register("addition")
def check_addition(ctx: CheckContext) -> list[Finding]:
    """One error per target segment that is aligned to nothing."""
    src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
    return [
        Finding("addition", Severity.ERROR, (), (j,),
                f"{tgt_lang} sentence at {_where(ctx.target, (j,))} has no {src_lang} "
                "source: added text, or translated from elsewhere")
        for j in _unaligned(ctx.alignment, "tgt")
    ]


def _unaligned(alignment: Alignment, side: str) -> list[int]:
    """Indices of ``side`` (``"src"`` or ``"tgt"``) in beads whose other side is empty."""
    other = "tgt" if side == "src" else "src"
    return [k for bead in alignment.beads if not getattr(bead, other) for k in getattr(bead, side)]


@register("long_segment")
def check_long_segment(ctx: CheckContext) -> list[Finding]:
    """An info note per segment too long to embed whole: only its start was compared."""
    out = []
    for side, doc in ((0, ctx.source), (1, ctx.target)):
        for k in ctx.long_segments[side]:
            idx = ((k,), ()) if side == 0 else ((), (k,))
            out.append(Finding(
                "long_segment", Severity.INFO, *idx,
                f"{language_name(doc.lang)} segment at {_where(doc, (k,))} is {len(doc.segments[k].text):,} characters "
                f"long; only its first {ctx.embed_chars:,} were compared (split it into sentences for a full check)",
            ))
    return out


def script_share(text: str, arabic: bool) -> float:
    """Share (0-1) of the letters of ``text`` that are in the Arabic script (``arabic=True``)
    or not (``arabic=False``). 0.0 for a text without letters."""
    letters = [ch for ch in text if unicodedata.category(ch).startswith("L")]
    if not letters:
        return 0.0
    n_ar = sum(1 for ch in letters if "ARABIC" in unicodedata.name(ch, ""))
    return (n_ar if arabic else len(letters) - n_ar) / len(letters)


@register("untranslated")
def check_untranslated(ctx: CheckContext) -> list[Finding]:
    """Target segments left in the source language (by script), or copied verbatim.
    Nothing to check when both sides are declared the same language."""
    if ctx.source.lang == ctx.target.lang:
        return []
    src_ar = ctx.source.lang in ARABIC_SCRIPT_LANGS
    tgt_ar = ctx.target.lang in ARABIC_SCRIPT_LANGS
    out = []
    for bead in ctx.alignment.beads:
        for j in bead.tgt:
            text = ctx.target.segments[j].text
            copied = any(ctx.source.segments[i].text.strip() == text.strip() for i in bead.src)
            foreign = src_ar != tgt_ar and script_share(text, src_ar) >= 0.5
            if copied and not any(ch.isalpha() for ch in text):
                continue  # a number or symbol line that is legitimately the same
            if foreign or copied:
                how = "is a copy of its source" if copied else f"is written mostly in {language_name(ctx.source.lang)} script"
                out.append(
                    Finding(
                        "untranslated", Severity.ERROR, bead.src, (j,),
                        f"{language_name(ctx.target.lang)} sentence at {_where(ctx.target, (j,))} {how}: "
                        "it seems to be untranslated",
                        score=bead.score,
                    )
                )
    return out


def _joined_pairs(numbers) -> dict[float, tuple[int, int]]:
    """Values of adjacent integers written as one (``116 123`` -> ``116123``), with their indices."""
    out = {}
    for k, (a, b) in enumerate(zip(numbers, numbers[1:])):
        if a.value >= 0 and b.value >= 0 and a.value.is_integer() and b.value.is_integer():
            out[float(f"{a.value:.0f}{b.value:.0f}")] = (k, k + 1)
    return out


def _translated_beads(ctx: CheckContext):
    """The beads the pair checks (numbers, tokens) look into, with their joined source and target
    texts: both sides present, not reported as untranslated, and not a mismatch (whose details
    differ with everything else anyway)."""
    for bead in ctx.alignment.beads:
        if not bead.src or not bead.tgt or ctx.untranslated_targets & set(bead.tgt):
            continue
        if bead.margin is not None and bead.margin < ctx.config.mismatch_margin:
            continue
        yield (
            bead,
            " ".join(ctx.source.segments[i].text for i in bead.src),
            " ".join(ctx.target.segments[j].text for j in bead.tgt),
        )


def _unmatched(these, others, words: set[float]) -> set[float]:
    """Values of ``these`` (numbers of one side) with no counterpart among ``others`` (the other
    side's numbers, also adjacent ones read as one: ``116 123`` is ``116123``) or its number
    words, up to a scale word (:func:`aligncheck.numbers.same_value`). Decades (``1980s``) and
    numbers glued to words (``R0``, ``Table1``) are left out: the other language often spells
    them differently."""
    from .numbers import same_value

    candidates = {n.value for n in others} | words | set(_joined_pairs(others))
    matched = {k for v, ks in _joined_pairs(these).items() if v in candidates for k in ks}
    out = set()
    for k, n in enumerate(these):
        if k in matched or n.decade or n.glued or any(same_value(n.value, c) for c in candidates):
            continue
        out.add(n.value)
    return out


def _fmt_values(values) -> str:
    return ", ".join(f"{v:g}" for v in sorted(values))


@register("numbers")
def check_numbers(ctx: CheckContext) -> list[Finding]:
    """Numbers of each aligned bead compared by value, whatever the script (see
    :mod:`aligncheck.numbers`): a number on one side only is an error, unless the other side
    spells it out in words. Beads reported as untranslated or as a mismatch are skipped."""
    from .numbers import find_numbers, number_words

    src_name, tgt_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    out = []
    for bead, s_text, t_text in _translated_beads(ctx):
        s_found, t_found = find_numbers(s_text), find_numbers(t_text)
        missing = _unmatched(s_found, t_found, number_words(t_text))
        extra = _unmatched(t_found, s_found, number_words(s_text))
        if not missing and not extra:
            continue
        if len(missing) == 1 and len(extra) == 1:
            what = f"{src_name} {_fmt_values(missing)} is {_fmt_values(extra)} in the {tgt_name}"
        elif missing and not extra:
            what = f"{src_name} number{'s' if len(missing) > 1 else ''} {_fmt_values(missing)} missing in the {tgt_name}"
        elif extra and not missing:
            what = f"{tgt_name} number{'s' if len(extra) > 1 else ''} {_fmt_values(extra)} not in the {src_name}"
        else:
            what = (f"{src_name} {_fmt_values(missing)} missing and {tgt_name} {_fmt_values(extra)} added")
        out.append(Finding(
            "numbers", Severity.ERROR, bead.src, bead.tgt,
            f"numbers differ between {src_name} {_where(ctx.source, bead.src)} and "
            f"{tgt_name} {_where(ctx.target, bead.tgt)}: {what}",
            score=bead.score,
        ))
    return out


_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"'«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HASHTAG = re.compile(r"(?<![\w&])#[^\W\d_][\w]*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&.+-]*[A-Za-z0-9]|[A-Z]")


def _tokens(text: str, with_latin_words: bool) -> set[str]:
    """URLs, e-mail addresses, hashtags (and, for text in a non-Latin script, its Latin-script
    words: names, codes) of ``text``, lower-cased, trailing punctuation stripped."""
    found = set()
    rest = re.sub(r"&#?\w+;", " ", text)  # HTML entities (&gt;) are markup, not words
    for rx in (_URL, _EMAIL):
        for m in rx.finditer(rest):
            found.add(m.group(0).rstrip(".,;:!?،؛/").lower())
        rest = rx.sub(" ", rest)
    found |= {m.group(0).lower() for m in _HASHTAG.finditer(rest)}
    if with_latin_words:
        found |= {w.lower().rstrip(".") for w in _LATIN_WORD.findall(_HASHTAG.sub(" ", rest)) if len(w) >= 2}
    return found


@register("tokens")
def check_tokens(ctx: CheckContext) -> list[Finding]:
    """URLs, e-mail addresses and hashtags on one side of a bead must be on the other; so must the
    Latin-script words (names, product and ISO codes) of a source in another script. A warning:
    translators sometimes adapt a link or a name on purpose."""
    src_ar = ctx.source.lang in ARABIC_SCRIPT_LANGS
    tgt_ar = ctx.target.lang in ARABIC_SCRIPT_LANGS
    out = []
    for bead, s_text, t_text in _translated_beads(ctx):
        t_lower = re.sub(r"\s+", "", t_text.lower())  # "JohnnyEnglish" = "Johnny English"
        s_lower = re.sub(r"\s+", "", s_text.lower())
        missing = sorted(t for t in _tokens(s_text, src_ar and not tgt_ar) if t.replace(" ", "") not in t_lower)
        extra = sorted(t for t in _tokens(t_text, tgt_ar and not src_ar) if t.replace(" ", "") not in s_lower)
        # Latin words of the target are only compared when the source is Latin too: URLs etc.
        extra = [t for t in extra if t.startswith(("http", "www.", "#")) or "@" in t]
        # Markdown link targets and image paths (Segment.links) must be on both sides too
        s_links = {x for i in bead.src for x in ctx.source.segments[i].links}
        t_links = {x for j in bead.tgt for x in ctx.target.segments[j].links}
        lost, added = sorted(s_links - t_links), sorted(t_links - s_links)
        missing = [t for t in missing if not any(t in x.lower() for x in lost)] + lost
        extra = [t for t in extra if not any(t in x.lower() for x in added)] + added
        if not missing and not extra:
            continue
        parts = []
        if missing:
            parts.append(f"{', '.join(missing)} missing in the {language_name(ctx.target.lang)}")
        if extra:
            parts.append(f"{', '.join(extra)} not in the {language_name(ctx.source.lang)}")
        out.append(Finding(
            "tokens", Severity.WARNING, bead.src, bead.tgt,
            f"{language_name(ctx.source.lang)} {_where(ctx.source, bead.src)} and "
            f"{language_name(ctx.target.lang)} {_where(ctx.target, bead.tgt)} differ in links, "
            f"addresses or names: {'; '.join(parts)}",
            score=bead.score,
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


@register("mismatch")
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
                    f"{language_name(ctx.source.lang)} {_where(ctx.source, bead.src)} and "
                    f"{language_name(ctx.target.lang)} {_where(ctx.target, bead.tgt)} are aligned but "
                    + ("match only loosely" if loose else "do not seem to say the same thing")
                    + f" (margin {bead.margin:.2f}, threshold {ctx.config.mismatch_margin:.2f})",
                    score=bead.score,
                )
            )
    return out


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
    positions = _Positions(ctx.alignment)
    moved = []
    for neg_m, i, j, o, a in candidates:
        if i in used_o or j in used_a:
            continue
        used_o.add(i)
        used_a.add(j)
        distance = abs(positions.of(i, None) - positions.of(None, j))
        severity = Severity.INFO if distance <= 2 else Severity.WARNING
        src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
        moved.append(
            Finding(
                "moved", severity, (i,), (j,),
                f"{src_lang} sentence at {_where(ctx.source, (i,))} is translated at "
                f"{tgt_lang} {_where(ctx.target, (j,))}, out of order (moved by {distance} "
                f"position{'s' if distance != 1 else ''}; margin {-neg_m:.2f})",
            )
        )
    kept = [f for f in findings if not (f.check == "omission" and f.src[0] in used_o)
            and not (f.check == "addition" and f.tgt[0] in used_a)]
    return kept + moved


def run_checks(ctx: CheckContext) -> tuple[Finding, ...]:
    """Run every registered check, pair omissions with additions into ``moved`` findings,
    and sort by position (source, then target index)."""
    findings: list[Finding] = []
    for check_id, fn in REGISTRY.items():
        findings.extend(fn(ctx))
    findings = pair_moves(findings, ctx)
    positions = _Positions(ctx.alignment)

    def key(f: Finding):
        first_src = f.src[0] if f.src else None
        first_tgt = f.tgt[0] if f.tgt else None
        # place a target-only finding after the source segments aligned before it
        pos = positions.of(first_src, first_tgt)
        return (pos, first_src if first_src is not None else -1, first_tgt if first_tgt is not None else -1, f.check)

    return tuple(sorted(findings, key=key))


class _Positions:
    """0-based index of the bead holding each source and target segment."""

    def __init__(self, alignment: Alignment):
        self.n = len(alignment.beads)
        self.src = {i: k for k, bead in enumerate(alignment.beads) for i in bead.src}
        self.tgt = {j: k for k, bead in enumerate(alignment.beads) for j in bead.tgt}

    def of(self, src: int | None, tgt: int | None) -> int:
        """The bead of source ``src``, or else of target ``tgt``."""
        if src is not None and src in self.src:
            return self.src[src]
        if tgt is not None and tgt in self.tgt:
            return self.tgt[tgt]
        return self.n
