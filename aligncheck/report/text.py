"""Plain-text report for a person at a terminal (the default format).

Layout::

    ✗ FAILED: 2 errors, 1 warning in ar.txt ↔ en.txt (4 ↔ 4 segments)
    note: ...

    error    omission  ar.txt:2 ↔ en.txt:—
      Source sentence 2 has no translation.
      ar: <source text, truncated to ~200 characters>
      en: (none)

    signature: ...

All input text goes through :func:`common.clean`, and the coloured version is built from
``rich.text.Text`` objects (never from markup strings), so input cannot inject rich
markup or terminal escape sequences.
"""

from __future__ import annotations

import io
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

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "cyan",
}
# Wide enough that rich never wraps or crops a line; lines are joined by us.
_CONSOLE_WIDTH = 100_000


def _summary(result: CheckResult) -> Text:
    src, tgt = result.source, result.target
    where = (
        f" in {common.clean(src.path)} ↔ {common.clean(tgt.path)} "
        f"({len(src.segments)} ↔ {len(tgt.segments)} segments)"
    )
    counts = common.counts_phrase(result)
    accepted = common.accepted_phrase(result.silenced, result.baselined)
    if accepted:
        counts += f" ({accepted})"
    line = Text()
    if result.passed:
        line.append("✓ passed", style="bold green")
        line.append(f": {counts}")
        if result.findings:
            line.append(f" (fail-on: {common.clean(result.fail_on)})", style="dim")
    else:
        line.append("✗ FAILED", style="bold red")
        line.append(f": {counts}")
    line.append(where)
    return line


def _location(result: CheckResult, f: Finding) -> Text:
    """``ar.txt:5 ↔ en.txt:4``; with unit ids ``a.po:9 [id] ↔ a.po:10 [id]``, the id written once
    at the end when both sides are the same unit(s)."""
    parts = []
    ids = [common.units(result.source, f.src, side="source"), common.units(result.target, f.tgt, side="target")]
    same = ids[0] == ids[1]
    for k, (doc, idx, side) in enumerate(((result.source, f.src, "source"), (result.target, f.tgt, "target"))):
        span = common.line_span(common.lines(doc, idx, side=side))
        show = ids[k] and (not same or k == 1)
        unit = f" [{common.clean(', '.join(ids[k]))}]" if show else ""
        parts.append(f"{common.clean(doc.path)}:{span or NO_LINE}{unit}")
    return Text(" ↔ ".join(parts))


def _finding(result: CheckResult, f: Finding, k: int) -> list[Text]:
    head = Text()
    sev = Severity(f.severity)
    head.append(f"{sev.value:<8}", style=_SEVERITY_STYLE[sev])
    head.append(f"{common.clean(f.check)}  ", style="bold")
    head.append_text(_location(result, f))
    score = common.score_str(f.score, where=f"score of finding {k} ({f.check})")
    if score:
        head.append(f"  (score {score})", style="dim")
    out = [head, Text("  " + common.clean(f.message))]
    for doc, idx, side in ((result.source, f.src, "source"), (result.target, f.tgt, "target")):
        body = common.clean(common.joined_text(doc, idx, side=side))
        line = Text("  ")
        line.append(f"{common.clean(doc.lang)}: ", style="dim")
        if idx:
            line.append(common.truncate(body, TEXT_LIMIT))
        else:
            line.append(NONE, style="italic dim")
        out.append(line)
    return out


def lines(result: CheckResult) -> list[Text]:
    """Return the report as styled ``rich.text.Text`` lines (no newlines inside a line)."""
    out = [_summary(result)]
    out += [Text(f"note: {common.clean(n)}", style="dim") for n in result.notes]
    for k, f in enumerate(result.findings):
        out.append(Text())
        out += _finding(result, f, k)
    out.append(Text())
    out.append(Text(f"signature: {common.clean(result.signature)}", style="dim"))
    return out


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the text report, one ``\\n``-terminated line per line.

    With ``color=False`` the result has no escape codes at all; with ``color=True`` it
    holds ANSI SGR colour codes (16-colour palette) and the same text otherwise. Ignores
    ``NO_COLOR`` and the terminal size: the caller decides about colour.
    """
    text_lines = lines(result)
    if not color:
        return "".join(t.plain + "\n" for t in text_lines)
    console = Console(
        file=io.StringIO(),
        force_terminal=True,
        color_system="standard",
        no_color=False,
        width=_CONSOLE_WIDTH,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    for t in text_lines:
        console.print(t, soft_wrap=True)
    return console.file.getvalue()


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """Each pair's report (only its summary line when it has no finding), then the total line."""
    import dataclasses

    shared = common.shared_notes(results)  # said once, before the total, even when all pairs are clean
    out = []
    for r in results:
        r = dataclasses.replace(r, notes=tuple(n for n in r.notes if n not in shared))
        report = render(r, color=color)
        out.append(report if r.findings else report.splitlines(keepends=True)[0])
    out += [f"note: {common.clean(n)}\n" for n in shared]
    return "".join(out) + common.total_line(results, skipped) + "\n"


register_renderer("text", render, render_many)
