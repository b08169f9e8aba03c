"""Inline markers in a target file that silence one finding each, with a reason.

Syntax (an HTML comment, invisible in rendered Markdown and HTML)::

    <!-- aligncheck-ignore numbers: the source gives the figure in thousands -->
    <!-- aligncheck-ignore: a sentence deliberately left out (legal asked) -->

A marker silences the first finding (in document order) that it matches: one of the listed check
ids (comma-separated; none listed = any check) whose primary location in the target
(:func:`aligncheck.report.common.locations`) is on the marker's line or the line just below it;
for an omission, which is anchored on the target line after which the sentence is missing, the
marker may also sit on the line after the anchor. The reason is required: a marker without one
silences nothing.

A marker is an HTML comment, so it is honoured only where readers do not see it: in Markdown
(and there only a real comment as markdown-it parses it: ``<!--`` in a code span, a fence or
after a backslash is visible text and no marker),
where markers are blanked (replaced by spaces, line breaks kept) before the file is segmented, so
they never reach the alignment and line numbers and offsets do not move. In a plain-text or
subtitle file (``text``, ``srt``, ``vtt``) readers see the comment: it is checked as the text it
is, silences nothing and a note says so (accept such findings with a baseline instead). Under
``aligncheck ci --base REF`` a marker the target file does not hold at ``REF`` beside the same
text silences nothing (:func:`keep_merged`): like a baseline, a pull request's markers apply
once merged. A
pull request writes the markers, so they never silence a document-level finding
(:data:`UNSILENCEABLE`: a wholly unrelated, empty or missing translation), and the number of
findings they silenced is kept in :attr:`~aligncheck.types.CheckResult.silenced` for every report
to show.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import documents
from .formats import parse_document
from .report.common import locations
from .types import CheckResult, Document

# a comment ends where browsers end it: at the first "-->" or "--!>" (text after "--!>" is shown)
MARKER_RE = re.compile(r"<!--\s*aligncheck-ignore\b(?P<body>.*?)--!?>", re.S)
#: formats in which a marker is a comment readers do not see (elsewhere it is ordinary text)
MARKER_FORMATS = ("markdown",)
#: findings about a whole document that no marker silences
UNSILENCEABLE = frozenset({"unrelated_documents", "empty_target", "empty_source", "missing_target",
                           "missing_source"})
_BODY_RE = re.compile(r"^\s*(?P<checks>[A-Za-z_][\w-]*(?:\s*,\s*[A-Za-z_][\w-]*)*)?\s*:\s*(?P<reason>.*\S)\s*$", re.S)


@dataclass(frozen=True)
class Marker:
    """One inline marker.

    Attributes:
        line: 1-based line of the marker's start.
        checks: the check ids it applies to; empty = any check.
        reason: why the finding is accepted ("" when the marker gives none: it is then inert).
        visible: the marker is in a format without comments (readers see it): it stayed in the
            text and silences nothing.
        unmerged: ``ci --base REF``: the target file at ``REF`` has no such marker (same checks
            and reason): the pull request adds it, so it silences nothing until merged
            (:func:`keep_merged`).
    """

    line: int
    checks: frozenset[str]
    reason: str
    visible: bool = False
    unmerged: bool = False


def _lines_at(text: str, line: int) -> tuple[str, str]:
    """The text of 1-based lines ``line`` and ``line + 1`` of ``text`` (markers blanked), each
    with its white space collapsed: what a marker there can silence."""
    lines = text.splitlines()
    return tuple(" ".join(lines[k].split()) if 0 <= k < len(lines) else "" for k in (line - 1, line))


def keep_merged(markers: list[Marker], text: str, base_text: str | None, *, markdown_path: str) -> list[Marker]:
    """``markers`` (of the target's current ``text``, markers blanked) with ``unmerged`` set on
    each that the target's text at the base revision (``base_text``; ``None``: the file is new)
    does not hold: a marker counts as there when the base has one with the same checks and
    reason *on the same text* (its own line and the next, where the findings it silences are),
    each base marker vouching for one marker only: a pull request can neither copy an accepted
    marker onto its own findings nor move it next to another sentence.

    Raises:
        InputError: the base text is Markdown nested deeper than the parser reads.
    """
    from collections import Counter

    there: Counter = Counter()
    if base_text:
        blanked, found = blank_markers(base_text, markdown_path=markdown_path)
        there.update((m.checks, m.reason, _lines_at(blanked, m.line)) for m in found)
    out = []
    for m in markers:
        key = (m.checks, m.reason, _lines_at(text, m.line))
        if there[key] > 0 and not m.visible:
            there[key] -= 1
            out.append(m)
        else:
            out.append(dataclasses.replace(m, unmerged=True))
    return out


def blank_markers(text: str, *, markdown_path: str | None = None) -> tuple[str, list[Marker]]:
    """``text`` with every marker replaced by spaces (line breaks kept), and the markers. In
    Markdown the comment's ``<!--`` and ``-->`` stay and only its body is blanked: spaces alone
    would indent the text after a marker at the start of a line into a code block.

    With ``markdown_path`` (the text is Markdown; the path for messages) only a real HTML
    comment as markdown-it parses it is a marker (inside an ``html_block``, or exactly an
    ``html_inline``): ``<!--`` in a code span, a fence or after a backslash is text readers
    see, so it is neither blanked nor a marker.

    Raises:
        InputError: with ``markdown_path``, Markdown nested deeper than the parser reads or of
            more non-blank lines than a document may have segments.
    """
    markers = []
    real = None
    if markdown_path is not None and MARKER_RE.search(text):  # no marker: no second parse of the file
        from .formats.markdown import check_line_bound, html_spans

        check_line_bound(text, path=markdown_path, role="target")
        real = html_spans(text, path=markdown_path)

    def blank(m: re.Match) -> str:
        if real is not None:
            blocks, inlines = real
            if (m.start(), m.end()) not in inlines and not any(a <= m.start() and m.end() <= b for a, b in blocks):
                return m.group()  # not a comment: text readers see
        line = text.count("\n", 0, m.start()) + 1 if "\n" in text else text.count("\r", 0, m.start()) + 1
        body = _BODY_RE.match(m.group("body"))
        if body:
            checks = frozenset(c.strip() for c in (body.group("checks") or "").split(",") if c.strip())
            markers.append(Marker(line, checks, " ".join(body.group("reason").split())))
        else:
            markers.append(Marker(line, frozenset(), ""))
        if real is not None:  # Markdown: keep the comment's delimiters, so that it stays a comment (#14 A2)
            opener, closer = "<!--", m.group()[-4:] if m.group().endswith("--!>") else "-->"
            return opener + re.sub(r"[^\r\n]", " ", m.group()[len(opener):-len(closer)]) + closer
        return re.sub(r"[^\r\n]", " ", m.group())

    return MARKER_RE.sub(blank, text), markers


def read_marked_document(path: str, lang: str, *, mode: str = "sentences", encoding: str | None = None,
                         role: str = "target", fmt: str = "text") -> tuple[Document, list[Marker]]:
    """:func:`aligncheck.formats.read_document` (``fmt``: ``text``, ``markdown``, ``srt``,
    ``vtt``) with the markers blanked when ``fmt`` or the file's extension is Markdown
    (:data:`MARKER_FORMATS`; otherwise they stay in the text and are returned with ``visible``
    set); returns the document and its markers.

    Raises:
        InputError: as :func:`~aligncheck.documents.read_document`.
        ConfigError: a bad ``mode``, ``role``, ``encoding`` or ``fmt``.
    """
    text, used = documents.read_text(path, encoding=encoding, role=role)
    from .formats import detect_format

    # a Markdown file read as plain text still hides its comments from readers
    if fmt not in MARKER_FORMATS and detect_format(path) not in MARKER_FORMATS:
        # readers see the comment: check it as the text it is
        blanked, markers = text, [dataclasses.replace(m, visible=True) for m in blank_markers(text)[1]]
    else:
        blanked, markers = blank_markers(text, markdown_path=path)
    doc = parse_document(blanked, fmt=fmt, path=path, lang=lang, mode=mode, encoding=used, role=role)
    return doc, markers


def apply_markers(result: CheckResult, markers: list[Marker]) -> tuple[CheckResult, int]:
    """``result`` without the findings its target file's ``markers`` silence, with a note per
    silenced finding (the reason) and per marker that silenced nothing. Returns the new result
    and the number of findings silenced."""
    if not markers:
        return result, 0
    used: set[int] = set()
    kept, notes = [], []
    for f in result.findings:
        primary = locations(result, f)[0]
        silenced = False
        if primary.side == "target" and f.check not in UNSILENCEABLE:
            lines = set(range(primary.start_line - 1, primary.end_line + 1))
            if primary.anchor:
                lines.add(primary.end_line + 1)
            for k, m in enumerate(markers):
                if (k in used or m.visible or m.unmerged or not m.reason or m.line not in lines
                        or (m.checks and f.check not in m.checks)):
                    continue
                used.add(k)
                notes.append(f"{f.check} finding silenced by the marker at {result.target.path}:{m.line}: {m.reason}")
                silenced = True
                break
        if not silenced:
            kept.append(f)
    for k, m in enumerate(markers):
        if k not in used:
            why = ("it is text readers see in a file without comments, so it was checked as text (markers work in "
                   "Markdown; accept findings with a baseline)" if m.visible
                   else "the base revision has no such marker beside this text: markers the pull request adds or "
                   "moves apply once merged (or pass --allow-config-changes)" if m.unmerged
                   else "it gives no reason" if not m.reason else "no finding matches it")
            notes.append(f"the aligncheck-ignore marker at {result.target.path}:{m.line} silences nothing: {why}")
    return dataclasses.replace(result, findings=tuple(kept), notes=result.notes + tuple(notes),
                               silenced=result.silenced + len(used)), len(used)
