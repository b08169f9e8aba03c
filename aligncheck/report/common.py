"""Helpers shared by the report renderers: segment and line lookup, summary counts,
number formatting, truncation and escaping of untrusted text.

Everything that comes from the input (document text, paths, messages, signature, notes)
is untrusted: a renderer passes it through :func:`clean` (text) or :func:`md_escape`
(Markdown) before it reaches the output. JSON keeps the exact text; see
:func:`aligncheck.report.json.render`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from ..errors import AlignCheckError
from ..project.fingerprint import normalise_path
from ..types import CheckResult, Document, Finding, Segment, Severity

#: Severities from most to least severe (the order used in summaries).
SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# C0 controls, DEL and C1 controls (U+0000-U+001F, U+007F-U+009F), plus the Unicode line
# and paragraph separators. TAB, LF, VT, FF, CR and the separators count as whitespace.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACE_RE = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029 ]+")


# ---------------------------------------------------------------------------- lookup


def segment(doc: Document, index: int, *, side: str = "source") -> Segment:
    """Return ``doc.segments[index]`` (0-based ``index``).

    Raises:
        AlignCheckError: ``index`` is out of range (a finding or bead that does not match
            its documents is an internal error, not something to render silently).
    """
    if not 0 <= index < len(doc.segments):
        raise AlignCheckError(
            f"internal: {side} segment index {index} is out of range; "
            f"{doc.path} has {len(doc.segments)} segments"
        )
    return doc.segments[index]


def segments(doc: Document, indices: Sequence[int], *, side: str = "source") -> list[Segment]:
    """Return the segments of ``doc`` at the 0-based ``indices``, in the order given."""
    return [segment(doc, int(i), side=side) for i in indices]


def lines(doc: Document, indices: Sequence[int], *, side: str = "source") -> list[int]:
    """Return the 1-based line numbers of the segments at ``indices`` (one per index)."""
    return [s.line for s in segments(doc, indices, side=side)]


def joined_text(doc: Document, indices: Sequence[int], *, side: str = "source") -> str:
    """Return the texts of the segments at ``indices`` joined with one space ("" if none)."""
    return " ".join(s.text for s in segments(doc, indices, side=side))


def units(doc: Document, indices: Sequence[int], *, side: str = "source") -> list[str]:
    """Return the distinct unit ids of the segments at ``indices``, in order (``[]`` when the
    format has none: plain text)."""
    return list(dict.fromkeys(s.unit for s in segments(doc, indices, side=side) if s.unit is not None))


def has_units(doc: Document) -> bool:
    """Whether ``doc``'s segments carry unit ids (TMX, XLIFF, PO, catalogs, tables, subtitles)."""
    return any(s.unit is not None for s in doc.segments)


def line_span(line_numbers: Sequence[int]) -> str:
    """Return ``"7"`` for one line (or several on the same line), ``"7-9"`` for a range,
    ``""`` for none. ``line_numbers`` are 1-based."""
    if not line_numbers:
        return ""
    lo, hi = min(line_numbers), max(line_numbers)
    return str(lo) if lo == hi else f"{lo}-{hi}"


# ---------------------------------------------------------------------------- summary


def severity_counts(result: CheckResult) -> dict[str, int]:
    """Return ``{"error": n, "warning": n, "info": n}`` (all three keys, in that order)."""
    out = {s.value: 0 for s in SEVERITY_ORDER}
    for f in result.findings:
        out[Severity(f.severity).value] += 1
    return out


def plural(n: int, word: str) -> str:
    """Return ``"1 error"``, ``"2 errors"``; ``info`` is left uncounted-noun (``"2 info"``)."""
    if n == 1 or word == "info":
        return f"{n} {word}"
    return f"{n} {word}s"


def counts_phrase(result: CheckResult) -> str:
    """Return e.g. ``"2 errors, 1 warning"`` (zero counts left out) or ``"no findings"``, then
    the findings left out, if any: ``"no findings (3 accepted in the baseline, 1 silenced by a
    marker)"``."""
    parts = [plural(n, sev) for sev, n in severity_counts(result).items() if n]
    return (", ".join(parts) if parts else "no findings") + left_out_phrase(result.baselined, result.silenced)


def left_out_phrase(baselined: int, silenced: int) -> str:
    """``" (3 accepted in the baseline, 1 silenced by a marker)"``, or ``""`` when both are 0."""
    parts = []
    if baselined:
        parts.append(f"{baselined} accepted in the baseline")
    if silenced:
        parts.append(f"{silenced} silenced by {'a marker' if silenced == 1 else 'markers'}")
    return f" ({', '.join(parts)})" if parts else ""


def pair_name(result: CheckResult, arrow: str = "↔") -> str:
    """``"ar.txt ↔ en.txt"``, or the path once when both languages are in one file (``"news.po"``).
    Paths are :func:`clean`ed."""
    if result.source.path == result.target.path:
        return clean(result.source.path)
    return f"{clean(result.source.path)} {arrow} {clean(result.target.path)}"


# ---------------------------------------------------------------------------- numbers


def number(x: float | None, *, where: str, digits: int = 4) -> float | None:
    """Return ``x`` as a built-in ``float`` rounded to ``digits`` decimals, or ``None``.

    Accepts numpy scalars. Raises :class:`AlignCheckError` for NaN or infinity (a score
    that is not a number is a bug upstream; ``where`` names it in the message).
    """
    if x is None:
        return None
    value = float(x)
    if not math.isfinite(value):
        raise AlignCheckError(f"internal: {where} is {value!r}; expected a finite number or None")
    rounded = round(value, digits)
    return 0.0 if rounded == 0 else rounded  # no "-0.0"


def score_str(x: float | None, *, where: str) -> str:
    """Return a score as ``"0.91"`` (2 decimals, for people) or ``""`` when ``None``."""
    value = number(x, where=where)
    return "" if value is None else f"{value:.2f}"


# ---------------------------------------------------------------------------- text


def clean(text: str) -> str:
    """Return ``text`` made safe and single-line for a terminal or a table cell.

    Runs of whitespace (including line breaks, TAB and U+2028/U+2029) become one space;
    every other C0/C1 control character and DEL (ESC, BEL, CSI ...) becomes a visible
    ``\\xNN`` escape, so no escape sequence reaches the terminal; bidi overrides and isolates
    become ``\\uNNNN`` and nothing can start a CI workflow command (``##[`` anywhere, ``::`` at
    the start: :func:`aligncheck.neutralise.neutralise_commands`). Other characters, including
    Arabic letters, diacritics and bidi marks (LRM, RLM, ALM), are kept exactly as written.
    """
    from ..neutralise import neutralise_commands

    text = _SPACE_RE.sub(" ", text)
    return neutralise_commands(_CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text).strip())


def clean_part(text: str) -> str:
    """:func:`clean` for a piece of a text (spaces at its ends kept, as one): what is left of a
    sentence around a highlighted span."""
    text = _SPACE_RE.sub(" ", text)
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def segment_marks(doc: Document, indices: Sequence[int], highlights, side: str) -> dict[int, list[tuple[int, int]]]:
    """A finding's ``highlights`` of one ``side`` as ``{segment index: [(start, end), ...]}``,
    offsets into each segment's own text (the highlights are offsets into the segments'
    texts joined by one space; see :class:`~aligncheck.types.Finding`). Spans outside every
    segment are dropped; a span over two segments is cut in two."""
    out: dict[int, list[tuple[int, int]]] = {}
    starts, pos = [], 0
    for i in indices:
        text = segment(doc, i, side=side).text
        starts.append((i, pos, pos + len(text)))
        pos += len(text) + 1
    for hl_side, a, b in highlights:
        if hl_side != side:
            continue
        for i, lo, hi in starts:
            s, e = max(a, lo), min(b, hi)
            if s < e:
                out.setdefault(i, []).append((s - lo, e - lo))
    return {i: sorted(spans) for i, spans in out.items()}


def truncate(text: str, limit: int = 200, *, ellipsis: str = "…") -> str:
    """Return ``text`` cut to at most ``limit`` code points (``ellipsis`` included).

    Returns ``text`` unchanged when it fits. The cut never separates a base letter from
    its combining marks (Arabic harakat) and prefers a space in the last fifth.
    """
    if len(text) <= limit:
        return text
    cut = max(limit - len(ellipsis), 1)
    while cut > 1 and unicodedata.combining(text[cut]):
        cut -= 1
    space = text.rfind(" ", cut - cut // 5, cut + 1)
    if space > 0:
        cut = space
    return text[:cut].rstrip() + ellipsis


# Markdown: every character that can open emphasis, code, a link or image ("[", "]"),
# HTML or an autolink ("<"), an entity, a table cell break, maths or strike-through
# becomes an HTML entity; "(", ")", "!" and "#" are inert once "[" and "]" are escaped and
# no input starts a line. Entities work the same in table cells, paragraphs and inside
# <summary>/<td> HTML.
_MD_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&#92;",
    "`": "&#96;",
    "|": "&#124;",
    "[": "&#91;",
    "]": "&#93;",
    "*": "&#42;",
    "_": "&#95;",
    "~": "&#126;",
    "$": "&#36;",
    ":": "&#58;",  # breaks "http://" autolinks (the autolinker looks at the raw ':')
}
_MD_RE = re.compile("|".join(re.escape(c) for c in _MD_ENTITIES))
# "www." autolinks and @mentions / e-mail autolinks are found in the rendered text, so a
# zero-width space is put after the "@" and the "." of "www." is written as an entity.
_WWW_RE = re.compile(r"(?i)\b(www)\.")
_AT = "@&#8203;"


def md_escape(text: str) -> str:
    """Return ``text`` as inert, single-line Markdown/HTML for GitHub.

    ``text`` is first passed through :func:`clean`. The result renders as the literal
    text: no emphasis, code, link, image, autolink, HTML tag, table break or @mention.
    (The only visible change is a zero-width space after each ``@``.)
    """
    out = _MD_RE.sub(lambda m: _MD_ENTITIES[m.group()], clean(text))
    out = _WWW_RE.sub(r"\1&#46;", out)
    return out.replace("@", _AT)


# ---------------------------------------------------------------------------- locations


@dataclass(frozen=True)
class Location:
    """Where a finding points in one file.

    Attributes:
        path: the document's path as given (normalised to ``/`` separators, no ``./``).
        start_line: 1-based first line.
        end_line: 1-based last line (``>= start_line``).
        side: ``"source"`` or ``"target"``.
        anchor: True when the finding has no segment in this file and the location is the
            neighbouring target line where the missing translation belongs.
    """

    path: str
    start_line: int
    end_line: int
    side: str
    anchor: bool = False


def _span(doc: Document, indices: Sequence[int], side: str) -> Location:
    ls = lines(doc, indices, side=side)
    return Location(normalise_path(doc.path), min(ls), max(ls), side)


#: the anchors of the last alignment seen: ``[alignment, {source index: target index or None}]``
#: (a report asks for every omission's anchor; one pass over the beads instead of one each)
_ANCHORS: list = [None, {}]


def _anchor_table(alignment) -> dict[int, int | None]:
    """For each source index, the target segment next to which it belongs (see
    :func:`_omission_anchor`), computed once per alignment."""
    if _ANCHORS[0] is not alignment:
        beads = alignment.beads
        before: list[int | None] = []
        last = None
        for b in beads:
            before.append(last)
            if b.tgt:
                last = b.tgt[-1]
        after: list[int | None] = [None] * len(beads)
        nxt = None
        for k in range(len(beads) - 1, -1, -1):
            after[k] = nxt
            if beads[k].tgt:
                nxt = beads[k].tgt[0]
        table: dict[int, int | None] = {}
        for k, b in enumerate(beads):
            for i in b.src:
                table.setdefault(i, before[k] if before[k] is not None else after[k])
        _ANCHORS[:] = [alignment, table]
    return _ANCHORS[1]


def _omission_anchor(result: CheckResult, src_index: int) -> Location | None:
    """The target line next to which source segment ``src_index`` should have been
    translated: the last target line of the nearest earlier bead that has a target side,
    else the first target line of the nearest later one; ``None`` when the target is empty."""
    j = _anchor_table(result.alignment).get(src_index)
    if j is None:
        return None
    line = segment(result.target, j, side="target").line
    return Location(normalise_path(result.target.path), line, line, "target", anchor=True)


def locations(result: CheckResult, f: Finding) -> list[Location]:
    """The places ``f`` points to, the primary one first.

    The primary location is in the target (the translation is what a reviewer edits): the
    finding's target segments, or for a finding with only source segments (an omission) the
    neighbouring target line where the translation is missing (``anchor=True``). The source
    segments follow. A finding with no segment at all points to the target file's first line
    (``unrelated_documents``: the file attached is the wrong one), or to the source file's when
    the target has no text (``missing_target``), unless neither has (``missing_source``: the
    source is gone, the target is what the pull request kept).
    """
    out = []
    if f.tgt:
        out.append(_span(result.target, f.tgt, "target"))
    elif f.src:
        anchor = _omission_anchor(result, f.src[0])
        if anchor is not None:
            out.append(anchor)
    if f.src:
        out.append(_span(result.source, f.src, "source"))
    if not out and (result.target.segments or not result.source.segments):  # the documents as a whole
        out.append(Location(normalise_path(result.target.path), 1, 1, "target"))
    elif not out:
        out.append(Location(normalise_path(result.source.path), 1, 1, "source"))
    return out


def ranked(result: CheckResult) -> list[tuple[int, Finding]]:
    """``(index, finding)`` pairs, most severe first, document order within a severity."""
    return sorted(enumerate(result.findings), key=lambda kf: (-Severity(kf[1].severity).rank, kf[0]))


def gate_reached(result: CheckResult, f: Finding) -> bool:
    """True when ``f`` alone fails the run's gate (``result.fail_on``)."""
    if result.fail_on == "never":
        return False
    return Severity(f.severity).rank >= Severity(result.fail_on).rank


def total_line(results: Sequence[CheckResult], skipped: int) -> str:
    """The last line of a several-pairs report: ``total: passed: 3 pairs checked, 0 failed; ...``
    (``skipped``: pairs left out as unchanged)."""
    failed = sum(not r.passed for r in results)
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for sev, n in severity_counts(r).items():
            counts[sev] += n
    phrase = ", ".join(plural(n, sev) for sev, n in counts.items() if n) or "no findings"
    phrase += left_out_phrase(sum(r.baselined for r in results), sum(r.silenced for r in results))
    verdict = "FAILED" if failed else "passed"
    extra = f", {skipped} unchanged pair{'s' if skipped != 1 else ''} skipped" if skipped else ""
    return (f"total: {verdict}: {len(results)} pair{'s' if len(results) != 1 else ''} checked{extra}, "
            f"{failed} failed; {phrase}")


def shared_notes(results: Sequence[CheckResult]) -> list[str]:
    """The notes every one of ``results`` has (how the gate was made: :mod:`aligncheck.project.gate`),
    which several-pairs reports say once, even when no pair has a finding."""
    return [n for n in results[0].notes if all(n in r.notes for r in results)] if results else []


def escape_raw(json_text: str) -> str:
    """``json_text`` (JSON written with ``ensure_ascii=False``) with every C1 control character,
    U+2028/U+2029, bidi embedding, override and isolate and the ``#`` of every ``##[`` written as
    a ``\\uXXXX`` escape: the same JSON value, safe for every reader and for a CI log
    (:func:`aligncheck.neutralise.json_safe`)."""
    from ..neutralise import json_safe

    return json_safe(json_text)
