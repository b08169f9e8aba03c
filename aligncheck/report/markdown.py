"""Markdown report sized for a GitHub pull-request comment.

Layout: a heading with ✅/❌ and the counts, the documents, notes, a table of findings
(#, severity, check, source line, target line, message), one collapsed ``<details>``
block per finding with both texts, and the signature in a ``<sub>`` line at the end.

Every piece of input text goes through :func:`common.md_escape`, so it renders as the
literal text (no links, images, HTML, emphasis, table breaks or @mentions). The whole
report stays under :data:`MAX_BYTES`: findings that do not fit are counted in one line.
"""

from __future__ import annotations

from typing import Sequence

from ..types import CheckResult, Finding, Severity
from . import common
from .registry import register_renderer

#: Upper bound on the UTF-8 size of the report (GitHub allows 65,536 characters).
MAX_BYTES = 60 * 1024
#: Longest text shown for one side of a finding, in code points (before escaping).
TEXT_LIMIT = 1000
#: Longest message, path or note shown, in code points (before escaping).
FIELD_LIMIT = 500
#: Longest signature shown (it is meant to be compared between runs, so it gets room).
SIGNATURE_LIMIT = 2000
#: Most notes listed under the heading; the rest are counted.
MAX_NOTES = 10
NO_LINE = "—"
NONE = "*(none)*"

_SEVERITY_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}


def _esc(text: str, limit: int = FIELD_LIMIT) -> str:
    """Return ``text`` cleaned, truncated to ``limit`` code points and escaped."""
    return common.md_escape(common.truncate(common.clean(text), limit))


def _size(parts: list[str]) -> int:
    return sum(len(p.encode("utf-8")) for p in parts)


def _heading(result: CheckResult) -> list[str]:
    src, tgt = result.source, result.target
    counts = common.counts_phrase(result)
    if result.passed:
        title = f"### ✅ aligncheck passed: {counts}"
        if result.findings:
            title += f" (fail-on: {_esc(result.fail_on)})"
    else:
        title = f"### ❌ aligncheck failed: {counts}"
    out = [
        title,
        "",
        f"**{_esc(src.path)}** ({_esc(src.lang)}, {len(src.segments)} segments) ↔ "
        f"**{_esc(tgt.path)}** ({_esc(tgt.lang)}, {len(tgt.segments)} segments)",
        "",
    ]
    if result.notes:
        out += [f"- note: {_esc(n)}" for n in result.notes[:MAX_NOTES]]
        if len(result.notes) > MAX_NOTES:
            out.append(f"- … and {len(result.notes) - MAX_NOTES} more notes")
        out.append("")
    return out


def _where(result: CheckResult, f: Finding) -> tuple[str, str]:
    out = []
    for doc, idx, side in ((result.source, f.src, "source"), (result.target, f.tgt, "target")):
        span = common.line_span(common.lines(doc, idx, side=side))
        ids = common.units(doc, idx, side=side)
        unit = f" &#91;{_esc(', '.join(ids))}&#93;" if ids else ""
        out.append(f"{_esc(doc.path)}&#58;{span}{unit}" if span else NO_LINE)
    return out[0], out[1]


def _row(result: CheckResult, f: Finding, n: int) -> str:
    sev = Severity(f.severity)
    src, tgt = _where(result, f)
    return (
        f"| {n} | {_SEVERITY_ICON[sev]} {sev.value} | {_esc(f.check)} | {src} | {tgt} "
        f"| {_esc(f.message)} |"
    )


def _details(result: CheckResult, f: Finding, n: int, k: int) -> list[str]:
    src, tgt = _where(result, f)
    where = src if f.src else tgt
    score = common.score_str(f.score, where=f"score of finding {k} ({f.check})")
    summary = f"#{n} {_esc(f.check)} · {where}" + (f" · score {score}" if score else "")
    rows = []
    for doc, idx, side in ((result.source, f.src, "source"), (result.target, f.tgt, "target")):
        body = _esc(common.joined_text(doc, idx, side=side), TEXT_LIMIT) if idx else NONE
        rows.append(f"| {_esc(doc.lang)} | {body} |")
    return [
        "<details>",
        f"<summary>{summary}</summary>",
        "",
        "| | text |",
        "| --- | --- |",
        *rows,
        "",
        "</details>",
        "",
    ]


def _more_line(result: CheckResult, shown: int) -> list[str]:
    rest = result.findings[shown:]
    counts = {s: 0 for s in common.SEVERITY_ORDER}
    for f in rest:
        counts[Severity(f.severity)] += 1
    phrase = ", ".join(common.plural(c, s.value) for s, c in counts.items() if c)
    return [
        f"**… and {len(rest)} more findings not shown ({phrase}).** "
        "Use `--format json` for the full list.",
        "",
    ]


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the Markdown report (GitHub-flavoured, ``\\n`` line ends, < 60 KiB UTF-8).

    ``color`` is accepted for a uniform renderer signature and ignored.
    """
    del color
    head = _heading(result)
    foot = ["---", f"<sub>signature: {_esc(result.signature, SIGNATURE_LIMIT)}</sub>", ""]
    findings = result.findings
    if not findings:
        return "\n".join(head + foot)

    table = [
        "| # | Severity | Check | Source | Target | Message |",
        "| ---: | --- | --- | --- | --- | --- |",
    ]
    details: list[str] = []
    # Reserve room for the "... more findings" line before adding any finding.
    budget = MAX_BYTES - _size(head) - _size(foot) - _size(table) - 400 - 2 * 100
    used, shown = 0, 0
    for k, f in enumerate(findings):
        row = _row(result, f, k + 1)
        block = _details(result, f, k + 1, k)
        cost = _size([row]) + _size(block) + len(block) + 2  # + newlines
        if used + cost > budget:
            break
        table.append(row)
        details += block
        used += cost
        shown += 1

    body = table + [""]
    if shown < len(findings):
        body += _more_line(result, shown)
    body += details
    return "\n".join(head + body + foot)


#: upper bound on the Markdown of several pairs (GitHub's job summary takes 1 MiB per step)
MANY_MARKDOWN_BYTES = 900 * 1024


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """Each pair's report, pairs with findings first, under :data:`MANY_MARKDOWN_BYTES`."""
    ordered = sorted(results, key=lambda r: (r.passed, not r.findings))
    parts, size, left = [f"## aligncheck {common.total_line(results, skipped).removeprefix('total: ')}\n"], 0, 0
    for r in ordered:
        md = render(r) + "\n"
        if size + len(md.encode("utf-8")) > MANY_MARKDOWN_BYTES:
            left += 1
            continue
        parts.append(md)
        size += len(md.encode("utf-8"))
    if left:
        parts.append(f"**… {left} more pairs not shown (size limit); see the full report.**\n")
    return "\n".join(parts)


register_renderer("markdown", render, render_many)
