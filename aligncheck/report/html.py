"""Self-contained HTML report: the two documents side by side, aligned bead by bead.

One file with inline CSS and no script, external resource or link out (a Content Security
Policy meta tag forbids them too, as a second line of defence). Layout: a heading with the
verdict and counts, a table of findings linking to their beads, then one table row per bead with
the source segments on the left and the target segments on the right. Rows and segments involved
in a finding are highlighted by severity; the finding's message sits under its bead. Hovering a
row shows the bead's kind, score and margin; hovering a segment shows its file line.

Every piece of input text (document text, paths, languages, messages, notes, signature) is
cleaned of control characters and HTML-escaped (``&``, ``<``, ``>``, ``"``, ``'``), so input can
add no element or attribute.
"""

from __future__ import annotations

import html
from typing import Sequence

from ..types import CheckResult, Finding, Severity
from . import common, rules
from .registry import register_renderer

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1f2328;background:#fff}
h1{font-size:1.35em;margin:0 0 .3em}
.pass{color:#1a7f37}.fail{color:#cf222e}
table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #d0d7de;padding:.35em .6em;vertical-align:top;text-align:start}
th{background:#f6f8fa}
td.n{color:#57606a;width:3em;text-align:end;font-variant-numeric:tabular-nums}
td.src,td.tgt{width:48%}
.seg{margin:0 0 .3em}
.seg .ln{color:#8c959f;font-size:.8em;margin-inline-end:.4em}
tr.sev-error>td{background:#ffebe9}tr.sev-warning>td{background:#fff8c5}tr.sev-info>td{background:#ddf4ff}
.seg.hl-error{outline:2px solid #cf222e;background:#ffcecb}
.seg.hl-warning{outline:2px solid #bf8700;background:#fff1a8}
.seg.hl-info{outline:2px solid #0969da;background:#b6e3ff}
.empty{color:#8c959f;font-style:italic}
tr.finding>td{background:#fff;border-top:none;font-size:.92em}
.badge{display:inline-block;border-radius:1em;padding:0 .6em;font-size:.85em;font-weight:600;color:#fff}
.badge.error{background:#cf222e}.badge.warning{background:#9a6700}.badge.info{background:#0969da}
footer{color:#57606a;font-size:.8em;word-break:break-all}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"


def _e(text: str) -> str:
    """Cleaned (single line, controls made visible) and HTML-escaped input text."""
    return html.escape(common.clean(text), quote=True)


def _bead_of(result: CheckResult) -> tuple[dict[int, int], dict[int, int]]:
    src, tgt = {}, {}
    for k, b in enumerate(result.alignment.beads):
        for i in b.src:
            src[i] = k
        for j in b.tgt:
            tgt[j] = k
    return src, tgt


def _finding_bead(f: Finding, src_bead: dict[int, int], tgt_bead: dict[int, int]) -> int | None:
    if f.src:
        return src_bead.get(f.src[0])
    if f.tgt:
        return tgt_bead.get(f.tgt[0])
    return None


def _score(x: float | None, what: str) -> str:
    s = common.score_str(x, where=what)
    return s or "–"


def _page(title: str, passed: bool, heading: str, sections: list[str]) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f'<h1 class="{"pass" if passed else "fail"}">{heading}</h1>',
        *sections,
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the HTML document (UTF-8, ``\\n`` line ends).

    ``color`` is accepted for a uniform renderer signature and ignored.

    Raises:
        AlignCheckError: a finding or bead refers to a segment that does not exist, or a score
            is NaN.
    """
    del color
    verdict = "passed" if result.passed else "failed"
    title = f"aligncheck {verdict}: {common.counts_phrase(result)} — {result.source.path} ↔ {result.target.path}"
    heading = f'{"✓" if result.passed else "✗"} aligncheck {verdict}: {_e(common.counts_phrase(result))}'
    return _page(title, result.passed, heading, _section(result, ""))


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """One HTML document for several document pairs: a section per pair (bead anchors
    ``p<N>-bead-<K>``, N and K 0-based)."""
    passed = all(r.passed for r in results)
    verdict = "passed" if passed else "failed"
    n_failed = sum(not r.passed for r in results)
    phrase = f"{len(results)} pair{'s' if len(results) != 1 else ''}, {n_failed} failed"
    sections = []
    for n, r in enumerate(results):
        sections += [f'<section id="p{n}">', f"<h2>{_e(r.source.path)} ↔ {_e(r.target.path)}</h2>",
                     *_section(r, f"p{n}-", level=3), "</section>"]
    return _page(f"aligncheck {verdict}: {phrase}", passed, f'{"✓" if passed else "✗"} aligncheck {verdict}: {phrase}',
                 sections)


def _section(result: CheckResult, prefix: str, level: int = 2) -> list[str]:
    """The body of one pair's report; bead anchors are ``{prefix}bead-<K>``."""
    src_doc, tgt_doc = result.source, result.target
    src_bead, tgt_bead = _bead_of(result)
    by_bead: dict[int | None, list[tuple[int, Finding]]] = {}
    worst_src: dict[int, Severity] = {}
    worst_tgt: dict[int, Severity] = {}
    for k, f in enumerate(result.findings):
        by_bead.setdefault(_finding_bead(f, src_bead, tgt_bead), []).append((k, f))
        sev = Severity(f.severity)
        for idx, worst in ((f.src, worst_src), (f.tgt, worst_tgt)):
            for i in idx:
                if i not in worst or sev.rank > worst[i].rank:
                    worst[i] = sev
    h = f"h{level}"
    out = [
        "<header>",
        f'<p class="{"pass" if result.passed else "fail"}"><b>{"passed" if result.passed else "failed"}</b>: '
        f"{_e(common.counts_phrase(result))}</p>",
        f"<p><b>{_e(src_doc.path)}</b> ({_e(src_doc.lang)}, {len(src_doc.segments)} segments) ↔ "
        f"<b>{_e(tgt_doc.path)}</b> ({_e(tgt_doc.lang)}, {len(tgt_doc.segments)} segments)</p>",
    ]
    out += [f'<p class="note">note: {_e(n)}</p>' for n in result.notes]
    out.append("</header>")
    if result.findings:
        out += [f"<{h}>Findings</{h}>", "<table class=\"findings\">",
                "<thead><tr><th>#</th><th>severity</th><th>check</th><th>source</th><th>target</th>"
                "<th>message</th></tr></thead>", "<tbody>"]
        for k, f in enumerate(result.findings):
            sev = Severity(f.severity).value
            spans = [common.line_span(common.lines(d, idx, side=s)) for d, idx, s in
                     ((src_doc, f.src, "source"), (tgt_doc, f.tgt, "target"))]
            bead = _finding_bead(f, src_bead, tgt_bead)
            anchor = f'<a href="#{prefix}bead-{bead}">{k + 1}</a>' if bead is not None else str(k + 1)
            out.append(
                f'<tr class="sev-{sev}"><td class="n">{anchor}</td><td><span class="badge {sev}">{sev}</span></td>'
                f'<td title="{_e(rules.rule(f.check).short)}">{_e(f.check)}</td>'
                f"<td>{_e(src_doc.path)}:{spans[0] or '—'}</td><td>{_e(tgt_doc.path)}:{spans[1] or '—'}</td>"
                f"<td>{_e(f.message)}</td></tr>"
            )
        out += ["</tbody>", "</table>"]

    out += [
        f"<{h}>Alignment</{h}>",
        '<table class="alignment">',
        f"<thead><tr><th>bead</th><th>{_e(src_doc.path)} ({_e(src_doc.lang)})</th>"
        f"<th>{_e(tgt_doc.path)} ({_e(tgt_doc.lang)})</th></tr></thead>",
        "<tbody>",
    ]
    for k, b in enumerate(result.alignment.beads):
        found = by_bead.get(k, [])
        worst = max((Severity(f.severity) for _, f in found), key=lambda s: s.rank, default=None)
        cls = f' class="sev-{worst.value}"' if worst is not None else ""
        hover = (f"bead {k + 1} · {b.kind} · score {_score(b.score, f'score of bead {k}')} · "
                 f"margin {_score(b.margin, f'margin of bead {k}')}")
        cells = []
        for doc, idx, side, worst_map in ((src_doc, b.src, "source", worst_src), (tgt_doc, b.tgt, "target", worst_tgt)):
            segs = []
            for s in common.segments(doc, idx, side=side):
                hl = f" hl-{worst_map[s.index].value}" if s.index in worst_map else ""
                segs.append(
                    f'<p class="seg{hl}" title="{_e(doc.path)} line {s.line} · segment {s.index + 1}">'
                    f'<span class="ln">{s.line}</span>{_e(s.text)}</p>'
                )
            body = "".join(segs) or '<p class="empty">(nothing)</p>'
            cells.append(f'<td class="{"src" if side == "source" else "tgt"}" lang="{_e(doc.lang)}" dir="auto">{body}</td>')
        out.append(f'<tr id="{prefix}bead-{k}"{cls} title="{hover}"><td class="n">{k + 1}</td>{cells[0]}{cells[1]}</tr>')
        for n, f in found:
            sev = Severity(f.severity).value
            score = common.score_str(f.score, where=f"score of finding {n} ({f.check})")
            extra = f' title="score {score}"' if score else ""
            out.append(
                f'<tr class="finding"><td class="n"></td><td colspan="2"{extra}><span class="badge {sev}">{sev}</span> '
                f"<b>{_e(f.check)}</b>: {_e(f.message)}</td></tr>"
            )
    out += ["</tbody>", "</table>"]
    out.append(f"<footer>signature: {_e(result.signature)}</footer>")
    return out


register_renderer("html", render, render_many)
