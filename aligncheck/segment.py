"""Sentence segmentation per language, with offsets in Unicode code points.

Rules (see ``bench/SEGMENTERS.md`` for how the splitter was chosen):

* CR, LF and CRLF each end a line; a line break is always a segment boundary.
* A *paragraph* is one non-empty line: ``Segment.paragraph`` is the 0-based index of the
  segment's line among the document's non-empty lines. :func:`blank_line_before` tells which
  segments follow one or more blank lines (a "block" boundary).
* A line is *empty* when it holds nothing but whitespace and invisible format characters
  (zero-width spaces/joiners, U+FEFF, bidi controls). Empty lines never give a segment.
* ``mode="lines"``: each non-empty line is one segment. ``mode="sentences"``: each line is
  split by ``sentencex`` (MIT) followed by a small post-pass of ours (``post2``; measured on
  articles in paragraphs by ``python -m bench.paragraphs --segmenter-only``):

  - breaks of our own after sentence-final punctuation (and up to 3 closing quotes or brackets)
    followed by whitespace, filtered by the rules below like sentencex's: sentencex never breaks
    inside a quotation, and one unbalanced quote mark hides every later sentence end of its line;
  - a break placed before the quote marks that close a sentence is moved after them
    (``powerless."" |Flake``);
  - no break after a closing quote before a lower-case word (``"Why?" she asked``) or before
    ``تساءلت`` / ``حسبما`` ("she asked", "as ... said"); a bare ``. ? !`` before a lower-case word
    still ends a sentence (chat and dialogue in lower case, identifiers);
  - no break after an Arabic preposition (``روي في. واد``, "Roe v. Wade") or ``دي آر.`` ("Dr."
    transliterated), nor after ``v.``, ``et al.``, ``Sens.``, ``Reps.``, ``Govs.``;
  - an initial or initialism (``S.``, ``U.S.``) ends a sentence only before a common sentence
    opener (``The``, ``There``, ``It`` ...) or an Arabic word;

  - no break after abbreviations: English titles/initials (``Dr.``, ``Mr.``, ``U.S.``,
    ``J.``, ``e.g.`` ...; ``a.m.``/``p.m.``/``Inc.`` only when the next word is not
    capitalised; ``No.``/``Vol.`` when a number follows) and Arabic one-letter
    abbreviations (``د.`` doctor, ``م.`` engineer, ``ص.`` page, ``ه.``/``هـ.`` hijri, ``أ.د.``);
  - a break is kept only after sentence-final punctuation (``. ! ? ؟ … ۔``, possibly followed
    by closing quotes/brackets): sentencex also breaks before list numbers like ``(2)``
    after ``؛`` or ``:``, which Arabic never ends a sentence with;
  - Arabic-script text also breaks after ``…`` followed by a space;
  - a piece with no letters (a list number ``1.``, a stray ``"``) is joined to its neighbour.

Segment text is the original characters: never normalised. :func:`embedding_text` gives the
normalised form used for matching only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable, Sequence

from .errors import ConfigError
from .types import Segment

__all__ = [
    "segment_text",
    "blank_line_before",
    "embedding_text",
    "segmenter_signature",
    "MODES",
]

MODES = ("sentences", "lines")

#: Version of our post-pass rules; bump when they change (it is part of the signature).
POST_PASS = "ar-post2"

# Invisible format characters: zero-width space/non-joiner/joiner, word joiner, BOM,
# LRM/RLM, Arabic letter mark, LRE..RLO, LRI..PDI.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_SET = frozenset(_INVISIBLE)
_LINE_END = re.compile(r"\r\n|\r|\n")

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def __getattr__(name: str) -> str:
    """Module attribute ``SEGMENTER_SIGNATURE``, computed on access (the library version is
    read with :mod:`importlib.metadata` then, not at import)."""
    if name == "SEGMENTER_SIGNATURE":
        return segmenter_signature("sentences")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def segmenter_signature(mode: str = "sentences") -> str:
    """Stable name and version of the segmenter, for result signatures.

    Returns e.g. ``"sentencex-1.0.32+ar-post2"`` for ``mode="sentences"`` and ``"lines"``
    for ``mode="lines"``.

    Raises:
        ConfigError: unknown ``mode``.
    """
    check_mode(mode)
    if mode == "lines":
        return "lines"
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("sentencex")
    except PackageNotFoundError:  # pragma: no cover - sentencex is a dependency
        v = "missing"
    return f"sentencex-{v}+{POST_PASS}"


def check_mode(mode: str) -> None:
    """Raise :class:`~aligncheck.errors.ConfigError` unless ``mode`` is one of :data:`MODES`."""
    if mode not in MODES:
        raise ConfigError(f"segmentation must be one of {', '.join(MODES)}, not {mode!r}")


# --------------------------------------------------------------------------- lines


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace and invisible characters at both edges."""
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE_SET):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE_SET):
        end -= 1
    return start, end


def _lines(text: str) -> Iterable[tuple[int, int, int]]:
    """Yield ``(line_number, start, end)`` for every line: 1-based number, code-point span
    without the line ending. CR, LF and CRLF each end a line."""
    pos = 0
    number = 1
    for m in _LINE_END.finditer(text):
        yield number, pos, m.start()
        pos = m.end()
        number += 1
    if pos < len(text):
        yield number, pos, len(text)


def _non_empty_lines(text: str) -> list[tuple[int, int, int]]:
    """``(line_number, start, end)`` of non-empty lines, span stripped of whitespace and
    invisible characters."""
    out = []
    for number, a, b in _lines(text):
        a, b = _strip_span(text, a, b)
        if a < b:
            out.append((number, a, b))
    return out


# --------------------------------------------------------------------------- backends


def _pieces_to_cuts(line: str, pieces: Sequence[str]) -> list[int]:
    """Map a splitter's output strings back to cut offsets (code points) in ``line``.

    Counts non-whitespace characters, so a splitter that drops or changes whitespace is
    mapped correctly. Returns the sorted interior cut offsets (``0 < cut < len(line)``).
    """
    cuts: list[int] = []
    pos = 0
    n = len(line)
    for piece in pieces[:-1]:
        need = sum(1 for ch in piece if not ch.isspace())
        while need > 0 and pos < n:
            if not line[pos].isspace():
                need -= 1
            pos += 1
        if 0 < pos < n:
            cuts.append(pos)
    return sorted(set(cuts))


#: longest piece of a line given to sentencex at once: it is quadratic in runs of quote marks
#: (a line of 40,000 backticks or « took a second, 100,000 several)
SENTENCEX_WINDOW = 10_000


def _split_sentencex(line: str, lang: str) -> list[int]:
    """sentencex's cuts (start offsets of the 2nd, 3rd ... sentence) in ``line``. A line longer
    than :data:`SENTENCEX_WINDOW` is split in windows ending after a space, and each window end
    is offered as a cut too (the post-pass keeps it only after sentence-final punctuation), so
    time stays linear in the line's length."""
    import sentencex

    if len(line) <= SENTENCEX_WINDOW:
        return [d["start_index"] for d in sentencex.get_sentence_boundaries(lang, line)][1:]
    cuts: list[int] = []
    start, n = 0, len(line)
    while start < n:
        end = min(n, start + SENTENCEX_WINDOW)
        if end < n:
            space = line.rfind(" ", start + SENTENCEX_WINDOW // 2, end)
            if space > start:
                end = space + 1
        part = line[start:end]
        cuts.extend(start + d["start_index"] for d in sentencex.get_sentence_boundaries(lang, part)[1:])
        if end < n:
            cuts.append(end)
        start = end
    return cuts


#: Raw splitters by name: ``f(line, lang) -> interior cut offsets``, used by :func:`segment_text`
#: (the splitters it was compared with live in ``bench/segmenters.py``).
BACKENDS: dict[str, Callable[[str, str], list[int]]] = {
    "sentencex": _split_sentencex,
}


# --------------------------------------------------------------------------- post-pass

# Never sentence-final in practice: a break after them is always wrong.
_EN_ALWAYS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt capt gov govs sen sens rep reps rev hon mt ft fig figs "
    "e.g i.e cf vs approx dept est".split()
)
# Sentence-final sometimes: join only when the next word does not start with a capital.
_EN_SOFT = frozenset("a.m p.m inc ltd co corp etc jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Followed by a number: ``No. 3``, ``Vol. 12``, ``pp. 4-5``.
_EN_NUMBERED = frozenset("no nos vol vols p pp art ch sec ed nr".split())

_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # U.S. U.K. Ph.D. (final dot stripped below)
_AR_LETTER = r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06fc]"
_AR_ABBREV = re.compile(rf"^(?:{_AR_LETTER}\u0640?\.)+$")  # د. م. ص. هـ. أ.د.
_OPEN_PUNCT = "([{\"'«“‘"


def _is_arabic_char(ch: str) -> bool:
    cp = ord(ch)
    return any(a <= cp <= b for a, b in _ARABIC_RANGES)


def _has_letter(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


#: characters before a break that :func:`_keep_cut` looks at (the longest abbreviation is far shorter)
_CUT_WINDOW = 200
_NEXT_CHAR = re.compile(r"\s*(\S?)")
#: sentence-final punctuation (the last character before a break, closing quotes and brackets skipped)
_FINAL_CHARS = ".!?؟…۔‼⁇⁈⁉。"


def _keep_cut(line: str, cut: int) -> bool:
    """False when the break at ``cut`` is not after sentence-final punctuation (sentencex
    also breaks before enumerations like ``(2)`` after ``؛``), follows an abbreviation, or is
    followed by words that go on with the same sentence (``"Why?" she asked``)."""
    # a bounded window: a 100,000-character line with thousands of breaks stays linear
    before = line[max(0, cut - _CUT_WINDOW) : cut].rstrip()
    after = _NEXT_CHAR.match(line, cut)
    after = after.group(1) if after else ""
    # string methods only: a regex anchored at the end rescans the window from every start (quadratic
    # in runs such as "....." or ". . . .")
    if before.rstrip(_CLOSERS)[-1:] not in _FINAL_CHARS or not before:
        return False
    nxt = after[:1]
    if "a" <= nxt <= "z" and before[-1:] in _CLOSERS:
        # '"Why?" she asked.': the sentence goes on (a bare ". ? !" before a lower-case word still
        # ends one: chat and dialogue are often written in lower case, identifiers start sentences)
        return False
    if before[-1:] in _CLOSERS and _AR_GOES_ON.match(line, cut):
        return False  # «"هل يعتقدون أنني أحصل على خصم؟" تساءلت»
    if not before.endswith("."):
        return True
    token = before.split()[-1].lstrip(_OPEN_PUNCT)
    if _AR_ABBREV.match(token):
        return False
    core = token[:-1]  # without the final dot
    low = core.lower()
    if core in _AR_NEVER_FINAL or before.endswith("آر.") and _AR_DR.search(before):
        return False
    opener = _EN_OPENER.match(line, cut) is not None
    if len(core) == 1 and core.isalpha() and core.isupper() and core.isascii():
        # initial: J. K. Rowling; but "a different part of S. There ..." and "بروتين S. وفقًا" end
        return opener or _is_arabic_char(nxt)
    if _INITIALISM.match(token):
        # U.S. Geological Survey / the U.S. economy: joined; before a common sentence opener
        # ("... in the U.S. The president ...") or an Arabic word it ends the sentence
        return opener or _is_arabic_char(nxt)
    if low in _EN_ALWAYS and core[:1].isupper() or low in {"e.g", "i.e", "cf", "vs", "approx"} or core in ("v", "al"):
        return False
    if low in _EN_SOFT and not nxt.isupper():
        return False
    if low in _EN_NUMBERED and (nxt.isdigit() or nxt in "#("):
        return False
    return True


#: closing quotes and brackets
_CLOSERS = "\"'»”’)]}"
#: words that open an English sentence and never follow an initial inside a name
_EN_OPENER = re.compile(
    r"\s*(?:The|There|This|That|These|Those|It|Its|He|She|They|We|I|A|An|In|On|At|But|And|However|His|Her|"
    r"Their|Our|As|If|When|What|Why|How|Who)\b")
#: after a closing quote, words that go on with the quoted sentence (``تساءلت`` "she asked",
#: ``حسبما`` "as ... said")
_AR_GOES_ON = re.compile(r"\s*(?:تساءل|تساءلت|حسبما)(?![\u0621-\u064a])")


#: Arabic words a sentence never ends with: prepositions (``روي في. واد`` is "Roe v. Wade")
_AR_NEVER_FINAL = frozenset("في من على إلى الى عن مع".split())
#: "Dr." transliterated letter by letter (``دي آر. بوبو`` for "Dr. PawPaw")
_AR_DR = re.compile(r"(?:^|\s)و?دي\s+آر\.$")
#: sentence-final punctuation, then up to 3 closing quotes or brackets, at the end of the text searched
_FINAL_TAIL = re.compile(r"[.!?؟…۔‼⁇⁈⁉。][\"'»”’)\]}]{0,3}$")
_SPACE_RUN = re.compile(r"\s+")
#: 1-3 quote marks that close the sentence before a break (a space or the end of the line follows)
_CLOSING_QUOTES = re.compile(r"[\"'»”’]{1,3}(?:\s+|$)")


def _own_cuts(line: str) -> list[int]:
    """Breaks after sentence-final punctuation (and up to 3 closing quotes or brackets) followed by
    whitespace: sentencex never breaks inside a quotation, and one unbalanced quote mark hides every
    later sentence end of its line (``_keep_cut`` then filters these like sentencex's own breaks).
    One pass over the whitespace runs; each looks back at most 8 characters."""
    out = []
    for m in _SPACE_RUN.finditer(line):
        a, b = m.span()
        if 0 < a and b < len(line) and _FINAL_TAIL.search(line, max(0, a - 8), a):
            out.append(b)
    return out


def _after_closing_quotes(line: str, cut: int) -> int:
    """A break placed before the quote marks that close the previous sentence (``powerless.|"" Flake``)
    moved after them and the following space (``powerless."" |Flake``); other breaks unchanged."""
    if cut > 0 and line[cut - 1] in ".!?؟…" and (m := _CLOSING_QUOTES.match(line, cut)) is not None:
        return m.end()
    return cut


def _ellipsis_cuts(line: str) -> list[int]:
    """Extra breaks after ``…`` + space in Arabic-script text (``...`` is left to sentencex)."""
    out = []
    for m in re.finditer(r"…[»”\"')\]]*\s+", line):
        j = m.end()
        if j < len(line) and _is_arabic_char(line[j]) and any(_is_arabic_char(c) for c in line[: m.start()][-3:]):
            out.append(j)
    return out


def _post_pass(line: str, cuts: Iterable[int], lang: str) -> list[int]:
    """Apply our rules to a splitter's cut offsets within one line. Returns sorted cuts."""
    cs = {_after_closing_quotes(line, c) for c in cuts}
    cs.update(_ellipsis_cuts(line))
    cs.update(_own_cuts(line))
    kept = [c for c in sorted(cs) if 0 < c < len(line) and _keep_cut(line, c)]
    # Join pieces without letters to a neighbour: the first piece forward (until the joined
    # piece has a letter), others backward. One pass: linear in the number of pieces.
    bounds = [0, *kept, len(line)]
    out: list[int] = []
    first_has_letter = False
    for a, b in zip(bounds, bounds[1:]):
        has = _has_letter(line[a:b])
        if not first_has_letter:
            first_has_letter = has  # joined into the first piece
        elif has:
            out.append(a)  # a new piece; a piece without letters joins the one before
    return out


# --------------------------------------------------------------------------- public API


def segment_text(text: str, lang: str, *, mode: str = "sentences") -> tuple[Segment, ...]:
    """Split a decoded document into segments.

    Args:
        text: the decoded document; CR, LF and CRLF line endings are all accepted.
        lang: ISO 639-1 code, e.g. ``"ar"`` or ``"en"`` (unknown codes use generic rules).
        mode: ``"sentences"`` (each line split into sentences) or ``"lines"`` (each
            non-empty line is one segment).

    Returns:
        Segments in document order. For each ``s``: ``s.index`` 0-based; ``s.text ==
        text[s.start:s.end]`` (code-point offsets, original characters, never empty,
        stripped of whitespace and invisible format characters at both edges); ``s.line``
        1-based line of ``s.start``; ``s.paragraph`` 0-based index of its line among the
        non-empty lines. An empty or blank document gives ``()``.

    Raises:
        ConfigError: unknown ``mode``.
    """
    check_mode(mode)
    return _segment(text, lang, mode, _split_sentencex, post=True)


def _segment(
    text: str, lang: str, mode: str, split: Callable[[str, str], list[int]], *, post: bool
) -> tuple[Segment, ...]:
    """:func:`segment_text` with a chosen raw splitter (``BACKENDS``) and post-pass on/off;
    ``bench/segmenters.py`` uses it to compare splitters under identical line handling."""
    out: list[Segment] = []
    for paragraph, (number, a, b) in enumerate(_non_empty_lines(text)):
        line = text[a:b]
        if mode == "lines":
            spans = [(0, len(line))]
        else:
            cuts = split(line, lang)
            if post:
                cuts = _post_pass(line, cuts, lang)
            bounds = [0, *cuts, len(line)]
            spans = list(zip(bounds, bounds[1:]))
        for s, e in spans:
            s, e = _strip_span(line, s, e)
            if s < e:
                out.append(Segment(len(out), line[s:e], number, a + s, a + e, paragraph))
    return tuple(out)


def blank_line_before(text: str, segments: Sequence[Segment]) -> tuple[bool, ...]:
    """For each segment, whether one or more blank lines separate it from the previous segment.

    Args:
        text: the document text the segments were made from.
        segments: segments of ``text`` as returned by :func:`segment_text`.

    Returns:
        One bool per segment; the first segment is always ``False``. A blank line holds only
        whitespace and invisible characters. Useful as a block boundary for alignment.
    """
    out = []
    prev_line = None
    blank = set()
    if segments:
        for number, a, b in _lines(text):
            a2, b2 = _strip_span(text, a, b)
            if a2 >= b2:
                blank.add(number)
        # A trailing line ending yields no final line from _lines, which is fine: nothing follows.
    for seg in segments:
        if prev_line is None or seg.line == prev_line:
            out.append(False)
        else:
            out.append(any(n in blank for n in range(prev_line + 1, seg.line)))
        prev_line = seg.line
    return tuple(out)


_MARKER = re.compile(r"^(?:#{1,6}(?=\s)|[-*+•](?=\s)|[0-9\u0660-\u0669\u06f0-\u06f9]{1,3}[.)](?=\s))\s*")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_SPACES = re.compile(r"\s+")


def embedding_text(segment_text: str) -> str:
    """The form of a segment used for matching (embeddings), never shown to users.

    Strips leading Markdown heading/list markers (``#``..``######``, ``-``, ``*``, ``+``,
    ``•``, ``1.``, ``1)``, Arabic-Indic numbers) and closing ``#``; removes bidi controls,
    zero-width characters and U+FEFF; NFKC-normalises Arabic presentation forms
    (U+FB50-U+FDFF, U+FE70-U+FEFE) only; removes tatweel U+0640 and Arabic diacritics
    (U+064B-U+065F, U+0670); collapses whitespace runs to one space.

    Returns:
        The normalised text. Never empty for a non-empty input: if normalising leaves
        nothing (e.g. the segment is only ``"#"`` or ``"1."``), the input stripped of
        surrounding whitespace is returned.
    """
    s = _INVISIBLE_RE.sub("", segment_text).strip()
    for _ in range(2):  # "- 1. item", "## 2. Title"
        s = _MARKER.sub("", s, count=1)
    s = _CLOSING_HASHES.sub("", s)
    s = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), s)
    s = _DIACRITICS.sub("", s)
    s = _SPACES.sub(" ", s).strip()
    if not s:
        return segment_text.strip() or segment_text
    return s
