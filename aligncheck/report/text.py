"""Plain-text report for a person at a terminal (the default format).

Layout::

    ✗ FAILED: 2 errors, 1 warning in ar.txt ↔ en.txt (4 ↔ 4 segments)
    note: ...

    error    omission  ar.txt:2 ↔ en.txt:—
      Source sentence 2 has no translation.
      ar: <source text, truncated to ~200 characters>
      en: (none)

    signature: ...

For a terminal (``width`` given) every line is wrapped to the width at word boundaries with a
hanging indent (a text's continuation lines start under its first word, not at column 0), and
every piece of input text is a bidi isolate (FSI … PDI, one per screen line), so that in a
bidi-capable terminal an Arabic sentence after the Latin ``ar:`` label is laid out right to
left with its full stop and « » at the correct end. Without ``width`` (a pipe, a file) lines are
not wrapped and carry no isolates.

Colours are badges with both a foreground and a background colour (white on red, black on
yellow ...), readable on light and dark terminal themes alike.

All input text goes through :func:`common.clean`, and the coloured version is built from
``rich.text.Text`` objects (never from markup strings), so input cannot inject rich
markup or terminal escape sequences.
"""

from __future__ import annotations

import dataclasses

import io
import re
from typing import Sequence

from rich.console import Console
from rich.text import Text

from ..types import CheckResult, Finding, Severity
from . import common
from .registry import register_renderer

#: Longest text shown for one side of a finding, in code points ("…" included).
TEXT_LIMIT = 200
#: Shown in place of a location or a text when a finding has no segment on that side.
NONE = "(none)"
NO_LINE = "—"
#: First Strong Isolate / Pop Directional Isolate (Unicode bidi algorithm, UAX #9)
FSI, PDI = "\u2068", "\u2069"
#: narrowest width wrapped to; a narrower terminal gets lines of this width
MIN_WIDTH = 40

#: severity badges: a foreground and a background colour, readable on light and dark themes
_SEVERITY_STYLE = {
    Severity.ERROR: "bold bright_white on red",
    Severity.WARNING: "bold black on yellow",
    Severity.INFO: "bold bright_white on blue",
}
_PASSED_STYLE = "bold bright_white on green"
_FAILED_STYLE = "bold bright_white on red"
# Wide enough that rich never wraps or crops a line; lines are wrapped by us.
_CONSOLE_WIDTH = 100_000
#: explicit bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) in input
#: text: removed on a terminal, where one could break out of the isolate around the text
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _badge(label: str, style: str) -> Text:
    """``label`` in a badge style (a foreground on a background colour); the same characters
    with and without colour. The style is a span, not the Text's base style, so what is
    appended after the badge is not painted."""
    badge = Text()
    badge.append(label, style=style)
    return badge


def _summary(result: CheckResult) -> Text:
    src, tgt = result.source, result.target
    where = f" in {common.pair_name(result)} ({len(src.segments)} ↔ {len(tgt.segments)} segments)"
    counts = common.counts_phrase(result)
    line = Text()
    if result.passed:
        line.append_text(_badge("✓ passed", _PASSED_STYLE))
        line.append(f": {counts}")
        if result.findings:
            line.append(f" (fail-on: {common.clean(result.fail_on)})", style="dim")
    else:
        line.append_text(_badge("✗ FAILED", _FAILED_STYLE))
        line.append(f": {counts}")
    line.append(where)
    return line


def _location(result: CheckResult, f: Finding) -> str:
    """``ar.txt:5 ↔ en.txt:4``; with unit ids ``a.po:9 [id] ↔ a.po:10 [id]``, the id written once
    at the end when both sides are the same unit(s); one file holding both languages is named
    once: ``news.po:9 ↔ 10 [id]``."""
    parts = []
    ids = [common.units(result.source, f.src, side="source"), common.units(result.target, f.tgt, side="target")]
    same = ids[0] == ids[1]
    one_file = result.source.path == result.target.path
    for k, (doc, idx, side) in enumerate(((result.source, f.src, "source"), (result.target, f.tgt, "target"))):
        span = common.line_span(common.lines(doc, idx, side=side))
        show = ids[k] and (not same or k == 1)
        unit = f" [{common.clean(', '.join(ids[k]))}]" if show else ""
        name = "" if one_file and k == 1 else f"{common.clean(doc.path)}:"
        parts.append(f"{name}{span or NO_LINE}{unit}")
    return " ↔ ".join(parts)


class _Line:
    """One logical line: a styled ``head`` (badge, label; never wrapped inside) followed by a
    ``body`` that wraps with a hanging indent under its own first character. ``isolate``: the
    body is input text, isolated (FSI … PDI) on a terminal."""

    def __init__(self, head: Text, body: Text | None = None, *, indent: int | None = None, isolate: bool = False):
        self.head = head
        self.body = body if body is not None else Text()
        self.indent = indent
        self.isolate = isolate

    @property
    def plain(self) -> Text:
        return Text.assemble(self.head, self.body)


def _finding(result: CheckResult, f: Finding, k: int) -> list[_Line]:
    sev = Severity(f.severity)
    head = _badge(sev.value, _SEVERITY_STYLE[sev])
    head.append(" " * (8 - head.cell_len))
    body = Text()
    body.append(f"{common.clean(f.check)}  ", style="bold")
    body.append(_location(result, f))
    score = common.score_str(f.score, where=f"score of finding {k} ({f.check})")
    if score:
        body.append(f"  (score {score})", style="dim")
    out = [_Line(head, body, indent=2), _Line(Text("  "), Text(common.clean(f.message)), isolate=True)]
    for doc, idx, side in ((result.source, f.src, "source"), (result.target, f.tgt, "target")):
        label = Text("  ")
        label.append(f"{common.clean(doc.lang)}: ", style="dim")
        if idx:
            text = common.truncate(common.clean(common.joined_text(doc, idx, side=side)), TEXT_LIMIT)
            out.append(_Line(label, Text(text), isolate=True))
        else:
            out.append(_Line(label, Text(NONE, style="italic dim")))
    return out


def _lines(result: CheckResult, *, signature: bool = True) -> list[_Line]:
    out = [_Line(Text(), _summary(result), indent=2)]
    out += [_Line(Text("note: ", style="dim"), Text(common.clean(n), style="dim"), isolate=True)
            for n in result.notes]
    for k, f in enumerate(result.findings):
        out.append(_Line(Text()))
        out += _finding(result, f, k)
    if signature:
        out.append(_Line(Text()))
        out.append(_signature_line(result.signature))
    return out


def _signature_line(signature: str) -> _Line:
    return _Line(Text("signature: ", style="dim"), Text(common.clean(signature), style="dim"), indent=2)


def lines(result: CheckResult) -> list[Text]:
    """Return the report as styled ``rich.text.Text`` lines (no newlines inside a line, not
    wrapped, no isolates)."""
    return [line.plain for line in _lines(result)]


def _console(width: int, color: bool) -> Console:
    return Console(
        file=io.StringIO(),
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        width=width,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )


def _wrap(line: _Line, width: int, console: Console) -> list[Text]:
    """Screen lines of ``line`` at ``width`` columns: the body wrapped at word boundaries (a word
    longer than the room is cut), continuation lines indented under the body's start (or by
    ``line.indent`` when given), input text isolated per screen line."""
    head_width = line.head.cell_len
    hang = head_width if line.indent is None else line.indent
    body = line.body.copy()
    if line.isolate:
        body.plain = _BIDI_CONTROLS.sub("", body.plain) if _BIDI_CONTROLS.search(body.plain) else body.plain
    out: list[Text] = []
    if not body.plain:
        return [line.head.copy()]
    first_room = max(width - head_width, 10)
    rest_room = max(width - hang, 10)
    # the first screen line holds first_room columns of the body, every other one rest_room;
    # rich's wrap cuts at spaces (a word longer than the room is folded) and its pieces are
    # slices of the body, so what follows the first piece is the body from its end on
    first = body.wrap(console, first_room, overflow="fold")[0]
    offset = len(first.plain)
    while offset < len(body.plain) and body.plain[offset] == " ":
        offset += 1
    rest = list(body[offset:].wrap(console, rest_room, overflow="fold")) if offset < len(body.plain) else []
    for k, piece in enumerate([first, *rest]):
        piece = piece.copy()
        piece.rstrip()
        screen = line.head.copy() if k == 0 else Text(" " * hang)
        if line.isolate:
            screen.append(FSI)
            screen.append_text(piece)
            screen.append(PDI)
        else:
            screen.append_text(piece)
        out.append(screen)
    return out


def _render_lines(text_lines: list[_Line], *, color: bool, width: int | None) -> str:
    if width is None:
        plain = [line.plain for line in text_lines]
        if not color:
            return "".join(t.plain + "\n" for t in plain)
        console = _console(_CONSOLE_WIDTH, True)
        for t in plain:
            console.print(t, soft_wrap=True)
        return console.file.getvalue()
    width = max(width, MIN_WIDTH)
    console = _console(_CONSOLE_WIDTH, color)
    measure = _console(width, False)
    for line in text_lines:
        for screen in _wrap(line, width, measure):
            console.print(screen, soft_wrap=True)
    return console.file.getvalue()


def render(result: CheckResult, *, color: bool = False, width: int | None = None, signature: bool = True) -> str:
    """Return the text report, one ``\\n``-terminated line per line.

    Args:
        color: with ``False`` the result has no escape codes at all; with ``True`` it holds ANSI
            SGR colour codes (16-colour palette) and the same text otherwise.
        width: the terminal's width in columns: lines are wrapped to it (at least
            :data:`MIN_WIDTH`) with a hanging indent, and input text is bidi-isolated.
            ``None`` (a pipe or a file): no wrapping, no isolates.
        signature: end with the signature line (``False`` when several pairs share one).

    Ignores ``NO_COLOR`` and the terminal: the caller decides about colour and width.
    """
    return _render_lines(_lines(result, signature=signature), color=color, width=width)


def render_signature(signature: str, *, color: bool = False, width: int | None = None) -> str:
    """The ``signature: ...`` line alone (for a report of several pairs that share it)."""
    return _render_lines([_signature_line(signature)], color=color, width=width)


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0,
                width: int | None = None) -> str:
    """Each pair's report (only its summary line when it has no finding, no signature), the
    signature once (several only when per-path overrides make pairs differ), then the total line."""
    shared = common.shared_notes(results)  # said once, before the total, even when all pairs are clean
    out = []
    for r in results:
        r = dataclasses.replace(r, notes=tuple(n for n in r.notes if n not in shared))
        report = render(r, color=color, signature=False, width=width)
        out.append(report if r.findings else report.splitlines(keepends=True)[0])
    out += [f"note: {common.clean(n)}\n" for n in shared]
    signatures = "".join(render_signature(s, color=color, width=width)
                         for s in dict.fromkeys(r.signature for r in results))
    return "".join(out) + signatures + common.total_line(results, skipped) + "\n"


register_renderer("text", render, render_many)
