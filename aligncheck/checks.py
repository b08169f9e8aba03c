"""Checks that turn an alignment into findings, registered by stable id.

===================  ========  ===========================================================
id                   severity  flags
===================  ========  ===========================================================
omission             error     a source segment in no bead with a target (a 1-0 bead)
addition             error     a target segment in no bead with a source (a 0-1 bead)
mismatch             error /   an aligned bead whose normalised similarity (margin) is below
                     warning   ``Config.mismatch_margin`` (a warning when the pair is still
                               each other's best match nearby)
untranslated         error     a target segment mostly in the source's script (quotes and
                               brackets left out), or a copy of its source segment
numbers              error     an aligned pair whose numbers differ by value (Western,
                               Arabic-Indic and Persian digits, ٫ ٬ separators, % ٪, times,
                               year ranges; number words and Roman numerals accepted)
partial_omission     warning   a pair whose target is too short and matches its source better
                               without one of the source's clauses (the clause is quoted)
tokens               warning   URLs, e-mail addresses, hashtags and (from a non-Latin source)
                               Latin-script names and codes present on one side only
duplicate            error     a target segment repeating an earlier one where the source says
                               it once (replaces the addition finding)
negation             info      one side negated, the other with no negative word at all
moved                info /    an omission and an addition whose sentences translate each
                     warning   other: one moved sentence, reported once
long_segment         info      a segment longer than the embedder reads: only its start was
                               compared
unrelated_documents  error     the target does not translate the source at all (a wrong file):
                               most beads are faults and the 1-1 pairs match no better than
                               unrelated sentences; reported once instead of per sentence
empty_target         error     (translation units, :func:`aligncheck.pipeline.check_units`) a
                               unit whose translation is missing or empty
missing_key          error     (JSON/YAML catalogs) a source key absent from the target catalog
extra_key            warning   (JSON/YAML catalogs) a key only in the target catalog
empty_source         warning   (translation units) a translation whose source is empty
===================  ========  ===========================================================

Each id can be turned off (``Config.disable``) and given another severity
(``Config.severity``); :func:`run_checks` applies both. Checks compare normalised text
(:func:`match_key`, :func:`aligncheck.segment.embedding_text`); messages quote the text as
written.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

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
    #: the run's encoder for pieces of sentences: ``encode(list of str) -> (n, dim) float32`` unit
    #: rows, each text cut as segments are (:func:`aligncheck.pipeline.piece_encoder`); ``None``
    #: turns off the checks that embed pieces (``partial_omission``)
    encode: Optional[Callable[[list[str]], np.ndarray]] = None
    #: ``False`` for translation units (pairs given, not aligned): the whole-document check
    #: ``unrelated_documents`` does not run, each unit is judged alone
    documents: bool = True

    @functools.cached_property
    def normalised(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """:func:`~aligncheck.segment.embedding_text` of every source and target segment's
        text, computed once per context (several checks compare normalised text)."""
        from .segment import embedding_text

        return (tuple(embedding_text(s.text) for s in self.source.segments),
                tuple(embedding_text(s.text) for s in self.target.segments))

    @functools.cached_property
    def keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """:func:`match_key` of every source and target segment's text, computed once."""
        return tuple(tuple(_key_of_normalised(t) for t in side) for side in self.normalised)

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


# a span never contains its own opening mark, so a run of unclosed « or “ is scanned once, not
# once per mark (quadratic: 33,000 “ took seconds)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^“”]*”|«[^«»]*»|‘[^‘’]*’|„[^„“”]*[“”]|\([^()]*\)|\[[^\[\]]*\]")
# an e-mail address is tried from the start of a run only (``(?<![\w.+-])``): a long run of word
# characters without "@" was scanned once per character (quadratic)
_MARKUP = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|#\w+", re.IGNORECASE)


def match_key(text: str) -> str:
    """The form of ``text`` used to decide that two segments are *the same* (copies,
    duplicates): :func:`~aligncheck.segment.embedding_text` (no tatweel, diacritics, bidi
    controls or presentation forms), case-folded, Arabic-Indic and Persian digits as ASCII,
    and only letters and digits kept."""
    from .segment import embedding_text

    return _key_of_normalised(embedding_text(text))


def _key_of_normalised(norm: str) -> str:
    """:func:`match_key` of a text already through :func:`~aligncheck.segment.embedding_text`."""
    from .numbers import _DIGITS

    return "".join(ch for ch in norm.casefold().translate(_DIGITS) if ch.isalnum())


def _outside_quotes(text: str) -> str:
    """``text`` without its quoted and bracketed spans (a quoted Arabic phrase or an Arabic
    gloss in parentheses inside an English sentence), when enough is left to judge (two words
    with letters); else ``text`` itself."""
    rest = _QUOTED.sub(" ", text)
    words = [w for w in rest.split() if any(ch.isalpha() for ch in w)]
    return rest if len(words) >= 2 else text


def _legitimate_copy(text: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether a target segment identical to its source may stay as it is: no letters (a number
    or symbol line); between languages of different scripts, no letter of the source's script
    (a name, code or URL written the same in both); between languages of one script, fewer
    than three words once URLs, e-mail addresses and hashtags are removed (a name, a title)."""
    if not any(ch.isalpha() for ch in text):
        return True
    src_ar, tgt_ar = src_lang in ARABIC_SCRIPT_LANGS, tgt_lang in ARABIC_SCRIPT_LANGS
    if src_ar != tgt_ar:
        return script_share(text, src_ar) == 0.0
    words = [w for w in _MARKUP.sub(" ", text).split() if any(ch.isalpha() for ch in w)]
    return len(words) < 3


@register("untranslated")
def check_untranslated(ctx: CheckContext) -> list[Finding]:
    """Target segments left in the source language, or copied from their source.

    *Left in the source language*: between languages of different scripts (Arabic and
    English), at least half of the target's letters are in the source's script, quoted and
    bracketed spans left out (``He wrote "مرحبا بكم" on the door`` is English). *Copied*: the
    target equals a source segment of its bead up to case, punctuation, spacing and digit
    forms (:func:`match_key`), unless the copy is legitimate (:func:`_legitimate_copy`: a
    number line, a URL, a name or code the same in both). Nothing to check when both sides
    are declared the same language.
    """
    if ctx.source.lang == ctx.target.lang:
        return []
    src_ar = ctx.source.lang in ARABIC_SCRIPT_LANGS
    tgt_ar = ctx.target.lang in ARABIC_SCRIPT_LANGS
    out = []
    for bead in ctx.alignment.beads:
        src_keys = {ctx.keys[0][i] for i in bead.src}
        for j in bead.tgt:
            text = ctx.target.segments[j].text
            copied = ctx.keys[1][j] in src_keys and not _legitimate_copy(text, ctx.source.lang, ctx.target.lang)
            foreign = src_ar != tgt_ar and script_share(_outside_quotes(text), src_ar) >= 0.5
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


def _fmt_values(values, found=(), text: str = "") -> str:
    """``values`` sorted, each as first written in ``text`` (``found``: its numbers), with a
    ``%`` or ``٪`` right after it: ``٢٥٪`` stays ``٢٥٪``, not ``25``. A number whose written
    digits alone do not give its value (the ``55`` of ``1950-55``) is shown by value."""
    from .numbers import _value

    out = []
    for v in sorted(values):
        n = next((n for n in found if n.value == v), None)
        try:
            written = _value(n.text) if n is not None else None
        except ValueError:  # a time such as 5:30
            written = v if n is not None else None
        if n is None or written != v:
            out.append(f"{v:g}")
            continue
        sign = text[n.end] if n.end < len(text) and text[n.end] in "%٪" else ""
        out.append(text[n.start:n.end] + sign)
    return ", ".join(out)


#: values a language may express without any number word (Arabic singular and dual nouns)
_IMPLICIT_NUMBERS = {1.0, 2.0}


@register("numbers")
def check_numbers(ctx: CheckContext) -> list[Finding]:
    """Numbers of each aligned bead compared by value, whatever the script (see
    :mod:`aligncheck.numbers`): a number on one side only is an error, unless the other side
    spells it out in words. A 1 or 2 needs no counterpart in Arabic, which says "one" and "two"
    with the noun's singular and dual forms (``عامين``: two years). Beads reported as
    untranslated or as a mismatch are skipped."""
    from .numbers import find_numbers, number_words

    src_name, tgt_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    # Arabic says "one" and "two" with the noun's own form (عامين "two years", بهدفين "by two
    # goals"), without a number word: a 1 or 2 on the other side needs no Arabic counterpart
    src_implicit = _IMPLICIT_NUMBERS if ctx.source.lang == "ar" else set()
    tgt_implicit = _IMPLICIT_NUMBERS if ctx.target.lang == "ar" else set()
    out = []
    for bead, s_text, t_text in _translated_beads(ctx):
        s_found, t_found = find_numbers(s_text), find_numbers(t_text)
        missing = _unmatched(s_found, t_found, number_words(t_text) | tgt_implicit)
        extra = _unmatched(t_found, s_found, number_words(s_text) | src_implicit)
        if not missing and not extra:
            continue
        src_values = _fmt_values(missing, s_found, s_text)
        tgt_values = _fmt_values(extra, t_found, t_text)
        marks = tuple(("source", n.start, n.end) for n in s_found if n.value in missing) + tuple(
            ("target", n.start, n.end) for n in t_found if n.value in extra)
        if len(missing) == 1 and len(extra) == 1:
            what = f"{src_name} {src_values} is {tgt_values} in the {tgt_name}"
        elif missing and not extra:
            what = f"{src_name} number{'s' if len(missing) > 1 else ''} {src_values} missing in the {tgt_name}"
        elif extra and not missing:
            what = f"{tgt_name} number{'s' if len(extra) > 1 else ''} {tgt_values} not in the {src_name}"
        else:
            what = f"{src_name} {src_values} missing and {tgt_name} {tgt_values} added"
        out.append(Finding(
            "numbers", Severity.ERROR, bead.src, bead.tgt,
            f"numbers differ between {src_name} {_where(ctx.source, bead.src)} and "
            f"{tgt_name} {_where(ctx.target, bead.tgt)}: {what}",
            score=bead.score, highlights=marks,
        ))
    return out


_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"'«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
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


@register("partial_omission")
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
    from .clauses import clause_spans
    from .segment import embedding_text

    if ctx.encode is None:
        return []
    ratio = length_ratio(ctx)
    candidates = []
    for bead, s_orig, _ in _translated_beads(ctx):
        s_text, t_text = _bead_texts(ctx, bead)
        if not s_text or not t_text or len(s_text.split()) < ctx.config.partial_min_words:
            continue
        if not _SENTENCE_END.search(s_text):
            continue
        rel = expanded_length(t_text) / (expanded_length(s_text) * ratio)
        if rel >= ctx.config.partial_ratio:
            continue
        spans = clause_spans(s_orig)
        if len(spans) > MAX_CLAUSES:
            spans = spans[: MAX_CLAUSES - 1] + [(spans[MAX_CLAUSES - 1][0], spans[-1][1])]
        if len(spans) < 2:
            words = list(re.finditer(r"\S+", s_orig))
            half = len(words) // 2
            spans = [(words[0].start(), words[half - 1].end()), (words[half].start(), words[-1].end())]
        pieces = [embedding_text(s_orig[a:b]) for a, b in spans]
        drops = _drop_ranges(len(pieces))
        without = [" ".join(pieces[:a] + pieces[b:]) for a, b in drops]
        dropped = [(spans[a][0], spans[b - 1][1]) for a, b in drops]
        candidates.append((bead, s_orig, s_text, t_text, rel, dropped, without))
    if not candidates:
        return []
    texts = []
    for _, _, s_text, t_text, _, _, without in candidates:
        texts.extend([s_text, t_text, *without])
    vectors = np.asarray(ctx.encode(texts), dtype=np.float32)  # the encoder cuts each text as it cuts segments
    out = []
    pos = 0
    for bead, s_orig, _, _, rel, spans, without in candidates:
        v_src, v_tgt = vectors[pos], vectors[pos + 1]
        v_without = vectors[pos + 2 : pos + 2 + len(without)]
        pos += 2 + len(without)
        full = float(v_src @ v_tgt)
        gains = v_without @ v_tgt - full
        k = int(np.argmax(gains))
        if gains[k] < ctx.config.partial_gain:
            continue
        a, b = spans[k]
        clause = s_orig[a:b]
        src_name, tgt_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
        out.append(Finding(
            "partial_omission", Severity.WARNING, bead.src, bead.tgt,
            f"{tgt_name} {_where(ctx.target, bead.tgt)} seems to leave out part of {src_name} "
            f"{_where(ctx.source, bead.src)} ({rel:.0%} of the expected length): "
            f"«{clause if len(clause) <= 160 else clause[:157] + '…'}»",
            score=bead.score, highlights=(("source", a, b),),
        ))
    return out


_AR_NEG_STRICT = re.compile(
    r"(?<![\w/])[وف]?(?:لا(?!\s+(?:يزال|تزال|يزالون|تزالان|زال|زالت|سيما|بد|شك|ريب|بأس|يقل|تقل|يقلون|يزيد|تزيد))"
    r"|لم|لن|ليس|ليست|ليسوا|لست|لسنا|ليسا|لستم)(?![\w/])"
)
_AR_NEG_BROAD = re.compile(
    _AR_NEG_STRICT.pattern
    + r"|(?<![\w])[وف]?(?:ب|ل)?(?:غير|عدم|دون|بلا|إلا|ألا|أبدا|أبداً|مطلقا|مطلقاً|رفض\w*|يرفض\w*|ترفض\w*|فشل\w*|امتنع\w*|يمتنع\w*|منع\w*|تعذر\w*|يتعذر\w*|أخفق\w*|يخفق\w*|عجز\w*|عاجز\w*|مستحيل|يستحيل|ما|مازال|مازالت|لولا|كلا|سوى)(?![\w])"
)
_EN_NEG_STRICT = re.compile(
    r"\b(?:not|never|none|nobody|nothing|neither|nor|cannot|no(?!\.\s*\d)(?=\s+\w))\b|n['’]t\b", re.IGNORECASE
)
_EN_NEG_BROAD = re.compile(
    _EN_NEG_STRICT.pattern
    + r"|\b(?:no|without|unable|fail\w*|refus\w*|den(?:y|ied|ies)|lack\w*|barely|hardly|scarcely|only|still|yet|"
    r"unless|except\w*|instead|rather|avoid\w*|prevent\w*|stop\w*|ban\w*|free|absen\w*|"
    r"(?:un|in|im|il|ir|dis|non)[-\w]{3,}|\w+less)\b",
    re.IGNORECASE,
)
_NEGATION_CUES = {"ar": (_AR_NEG_STRICT, _AR_NEG_BROAD), "en": (_EN_NEG_STRICT, _EN_NEG_BROAD)}


def _clear_negation(rx: re.Pattern, text: str) -> Optional[re.Match]:
    """The first clear negator of ``text``, or ``None``. A negator followed later by ``إلا``
    (``لا ... إلا``: "only") is an exception construction, not a negation."""
    for m in rx.finditer(text):
        if "إلا" not in text[m.end():]:
            return m
    return None


@register("negation")
def check_negation(ctx: CheckContext) -> list[Finding]:
    """Aligned pairs where one side is negated and the other shows no sign of negation (info).

    Sentence embeddings hardly see a removed "not" (``bench/RESULTS.md``: the similarity of a
    pair barely moves), so this check looks for negation words: a side with a clear negator
    (Arabic لا لم لن ليس...; English not, n't, never, no, nothing...) against another side
    with *no* negative word at all, counted broadly (غير، عدم، دون، إلا...; without, unable,
    fail, un-/in-/dis- words, -less...). Arabic and English only. Info by default: translators
    often turn a negation into an antonym, which no word list sees; raise it to a warning with
    ``severity = {negation = "warning"}`` when the translations are literal.
    """
    cues_src = _NEGATION_CUES.get(ctx.source.lang)
    cues_tgt = _NEGATION_CUES.get(ctx.target.lang)
    if cues_src is None or cues_tgt is None:
        return []
    from .segment import embedding_text

    out = []
    for bead, s_orig, t_orig in _translated_beads(ctx):
        s_text, t_text = embedding_text(s_orig), embedding_text(t_orig)  # no diacritics: لمَن is not لم
        s_strict, t_strict = _clear_negation(cues_src[0], s_text), _clear_negation(cues_tgt[0], t_text)
        if s_strict and not cues_tgt[1].search(t_text):
            what = f"the {language_name(ctx.source.lang)} is negated («{s_strict.group(0)}»), the {language_name(ctx.target.lang)} is not"
        elif t_strict and not cues_src[1].search(s_text):
            what = f"the {language_name(ctx.target.lang)} is negated («{t_strict.group(0)}»), the {language_name(ctx.source.lang)} is not"
        else:
            continue
        out.append(Finding(
            "negation", Severity.INFO, bead.src, bead.tgt,
            f"{language_name(ctx.source.lang)} {_where(ctx.source, bead.src)} and "
            f"{language_name(ctx.target.lang)} {_where(ctx.target, bead.tgt)} may differ in negation: {what}",
            score=bead.score,
        ))
    return out


#: a repeated target sentence counts as a duplicate only when its letters-and-digits form has
#: at least this many characters (short headings and answers legitimately repeat)
MIN_DUPLICATE_CHARS = 12


def find_duplicates(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """Target segments that repeat another target segment (same :func:`match_key`, at least
    :data:`MIN_DUPLICATE_CHARS` letters and digits) where the source does not repeat the
    corresponding sentence as often: each extra copy becomes one ``duplicate`` error, and an
    ``addition`` or ``mismatch`` finding of that segment is dropped (the copy explains it).

    The extra copies are those the alignment gives no source (a 0-1 bead) or puts in one bead
    with another copy (a 1-2 bead holding both); when every copy has its own source, the
    copies after the first whose source differs (by :func:`match_key`) from the first copy's.
    """
    groups: dict[str, list[int]] = {}
    src_keys_all, tgt_keys_all = ctx.keys
    for j, key in enumerate(tgt_keys_all):
        if len(key) >= MIN_DUPLICATE_CHARS:
            groups.setdefault(key, []).append(j)
    groups = {k: v for k, v in groups.items() if len(v) > 1}
    if not groups:
        return findings
    bead_of = {j: bead for bead in ctx.alignment.beads for j in bead.tgt}
    src_count: dict[str, int] = {}
    for key in src_keys_all:
        src_count[key] = src_count.get(key, 0) + 1

    def src_keys(bead) -> set[str]:
        return {src_keys_all[i] for i in bead.src}

    dups: list[Finding] = []
    for members in groups.values():
        sourced = [j for j in members if bead_of[j].src and not any(m < j and m in bead_of[j].tgt for m in members)]
        owner = src_keys(bead_of[sourced[0]]) if sourced else set()
        repeats = max((src_count.get(k, 0) for k in owner), default=0)
        if repeats >= len(members):
            continue  # the source says it as often: a faithful repeat
        extra = [j for j in members if j not in sourced]
        if not extra:
            extra = [j for j in sourced[1:] if not (src_keys(bead_of[j]) & owner)]
        for j in extra:
            other = sourced[0] if sourced and sourced[0] != j else next(m for m in members if m != j)
            bead = bead_of[j]
            shares_bead = other in bead.tgt or any(m != j and m in bead.tgt for m in members)
            dups.append(Finding(
                "duplicate", Severity.ERROR, () if shares_bead or not bead.src else bead.src, (j,),
                f"{language_name(ctx.target.lang)} sentence at {_where(ctx.target, (j,))} is the same as "
                f"{_where(ctx.target, (other,))}; the {language_name(ctx.source.lang)} says it "
                f"{'once' if repeats <= 1 else f'{repeats} times'}",
            ))
    dup_tgt = {f.tgt[0] for f in dups}
    kept = [f for f in findings if not (f.check in ("addition", "mismatch") and f.tgt and set(f.tgt) <= dup_tgt)]
    return kept + dups


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


#: ``unrelated_documents``: at least this share of the beads are faults (1-0, 0-1, or a bead
#: below the mismatch margin) ...
UNRELATED_FAULT_SHARE = 0.5
#: ... and the median margin of the 1-1 beads is at most this (about 0: unrelated pairs) ...
UNRELATED_MEDIAN_MARGIN = 0.3
#: ... and the documents have at least this many segments together (a one-sentence pair that
#: does not match is a ``mismatch``, not a wrong file)
UNRELATED_MIN_SEGMENTS = 6


def correspondence_stats(alignment: Alignment, mismatch_margin: float) -> tuple[float, float]:
    """How well two documents correspond, from their alignment.

    Returns:
        ``(fault_share, median_margin)``: the share in [0, 1] of the beads that are a fault (a
        1-0 or 0-1 bead, or a bead with both sides whose margin is below ``mismatch_margin``),
        and the median margin of the 1-1 beads (``-inf`` when there is none; about 0 for
        unrelated sentences, 0.4-0.8 for translations with the bundled model). ``(0.0, inf)``
        for an empty alignment.
    """
    beads = alignment.beads
    if not beads:
        return 0.0, float("inf")
    faults = sum(
        1 for b in beads
        if not b.src or not b.tgt or (b.margin is not None and b.margin < mismatch_margin)
    )
    margins = [b.margin for b in beads if len(b.src) == 1 and len(b.tgt) == 1 and b.margin is not None]
    median = float(np.median(margins)) if margins else float("-inf")
    return faults / len(beads), median


def unrelated_finding(ctx: CheckContext) -> Optional[Finding]:
    """The ``unrelated_documents`` error when the target does not translate the source at all
    (a wrong file attached), else ``None``.

    The rule: the documents hold at least :data:`UNRELATED_MIN_SEGMENTS` segments together, at
    least :data:`UNRELATED_FAULT_SHARE` of the beads are faults and the median margin of the 1-1
    beads is at most :data:`UNRELATED_MEDIAN_MARGIN` (see :func:`correspondence_stats`;
    calibrated with ``python -m bench.unrelated``).
    """
    n_src, n_tgt = len(ctx.source.segments), len(ctx.target.segments)
    if n_src + n_tgt < UNRELATED_MIN_SEGMENTS:
        return None
    share, median = correspondence_stats(ctx.alignment, ctx.config.mismatch_margin)
    if share < UNRELATED_FAULT_SHARE or median > UNRELATED_MEDIAN_MARGIN:
        return None
    src_lang, tgt_lang = language_name(ctx.source.lang), language_name(ctx.target.lang)
    shown = "none" if median == float("-inf") else f"{median:.2f}"
    return Finding(
        "unrelated_documents", Severity.ERROR, (), (),
        f"{ctx.target.path} does not seem to be a translation of {ctx.source.path}: {share:.0%} of the "
        f"{len(ctx.alignment.beads)} aligned positions are missing or mismatched ({n_src} {src_lang} and "
        f"{n_tgt} {tgt_lang} segments, median pair margin {shown}); check that the right file is attached",
    )


def run_checks(ctx: CheckContext) -> tuple[Finding, ...]:
    """Run every registered check not in ``config.disable``, pair omissions with additions into
    ``moved`` findings (:func:`pair_moves`), turn repeated target sentences into ``duplicate``
    findings (:func:`find_duplicates`), apply ``config.severity`` overrides, and sort by
    position (source, then target index).

    When the documents do not correspond at all (:func:`unrelated_finding`) the result is that
    one ``unrelated_documents`` finding (plus ``long_segment`` notes) instead of one finding per
    sentence."""
    disabled = set(ctx.config.disable)
    if ctx.documents and "unrelated_documents" not in disabled:
        unrelated = unrelated_finding(ctx)
        if unrelated is not None:
            out = [unrelated] + ([] if "long_segment" in disabled else check_long_segment(ctx))
            override = dict(ctx.config.severity)
            return tuple(
                dataclasses.replace(f, severity=Severity(override[f.check])) if f.check in override else f
                for f in out
            )
    findings: list[Finding] = []
    for check_id, fn in REGISTRY.items():
        if check_id not in disabled:
            findings.extend(fn(ctx))
    if "moved" not in disabled:
        findings = pair_moves(findings, ctx)
    if "duplicate" not in disabled:
        findings = find_duplicates(findings, ctx)
    if ctx.config.severity:
        override = dict(ctx.config.severity)
        findings = [
            dataclasses.replace(f, severity=Severity(override[f.check])) if f.check in override else f
            for f in findings
        ]
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
