"""Inline markers in a target file that silence one finding each, with a reason.

Syntax (an HTML comment, invisible in rendered Markdown and HTML)::

    <!-- aligncheck-ignore numbers: the source gives the figure in thousands -->
    <!-- aligncheck-ignore: a sentence deliberately left out (legal asked) -->

A marker silences the first finding (in document order) that it matches: one of the listed check
ids (comma-separated; none listed = any check) whose primary location in the target
(:func:`aligncheck.report.common.locations`) is on the marker's line or the line just below it;
for an omission, which is anchored on the target line after which the sentence is missing, the
marker may also sit on the line after the anchor. The reason is required: a marker without one
silences nothing. Markers are blanked (replaced by spaces, line breaks kept) before the file is
segmented, so they never reach the alignment and line numbers and offsets do not move.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import documents
from .formats import parse_document
from .report.common import locations
from .types import CheckResult, Document

MARKER_RE = re.compile(r"<!--\s*aligncheck-ignore\b(?P<body>.*?)-->", re.S)
_BODY_RE = re.compile(r"^\s*(?P<checks>[A-Za-z_][\w-]*(?:\s*,\s*[A-Za-z_][\w-]*)*)?\s*:\s*(?P<reason>.*\S)\s*$", re.S)


@dataclass(frozen=True)
class Marker:
    """One inline marker.

    Attributes:
        line: 1-based line of the marker's start.
        checks: the check ids it applies to; empty = any check.
        reason: why the finding is accepted ("" when the marker gives none: it is then inert).
    """

    line: int
    checks: frozenset[str]
    reason: str


def blank_markers(text: str) -> tuple[str, list[Marker]]:
    """``text`` with every marker replaced by spaces (line breaks kept), and the markers."""
    markers = []

    def blank(m: re.Match) -> str:
        line = text.count("\n", 0, m.start()) + 1 if "\n" in text else text.count("\r", 0, m.start()) + 1
        body = _BODY_RE.match(m.group("body"))
        if body:
            checks = frozenset(c.strip() for c in (body.group("checks") or "").split(",") if c.strip())
            markers.append(Marker(line, checks, " ".join(body.group("reason").split())))
        else:
            markers.append(Marker(line, frozenset(), ""))
        return re.sub(r"[^\r\n]", " ", m.group())

    return MARKER_RE.sub(blank, text), markers


def read_marked_document(path: str, lang: str, *, mode: str = "sentences", encoding: str | None = None,
                         role: str = "target", fmt: str = "text") -> tuple[Document, list[Marker]]:
    """:func:`aligncheck.formats.read_document` (``fmt``: a document format) with the markers
    blanked; returns the document and its markers.

    Raises:
        InputError: as :func:`~aligncheck.documents.read_document`.
        ConfigError: a bad ``mode``, ``role``, ``encoding`` or ``fmt``.
    """
    text, used = documents.read_text(path, encoding=encoding, role=role)
    blanked, markers = blank_markers(text)
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
        if primary.side == "target":
            lines = set(range(primary.start_line - 1, primary.end_line + 1))
            if primary.anchor:
                lines.add(primary.end_line + 1)
            for k, m in enumerate(markers):
                if k in used or not m.reason or m.line not in lines or (m.checks and f.check not in m.checks):
                    continue
                used.add(k)
                notes.append(f"{f.check} finding silenced by the marker at {result.target.path}:{m.line}: {m.reason}")
                silenced = True
                break
        if not silenced:
            kept.append(f)
    for k, m in enumerate(markers):
        if k not in used:
            why = "it gives no reason" if not m.reason else "no finding matches it"
            notes.append(f"the aligncheck-ignore marker at {result.target.path}:{m.line} silences nothing: {why}")
    return dataclasses.replace(result, findings=tuple(kept), notes=result.notes + tuple(notes)), len(used)
