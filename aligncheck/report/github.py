"""GitHub Actions workflow commands: one annotation per finding on the pull request's lines.

Each finding becomes ``::error file=PATH,line=L,endLine=E,title=TITLE::MESSAGE`` (``::warning``,
``::notice`` for info) at its primary location (see :func:`common.locations`: the target lines,
or for an omission the target line where the translation is missing). GitHub shows at most 10
errors, 10 warnings and 10 notices per step, so the most severe findings are annotated first
and, when some are left out, one notice says how many and where the full report is. The last
line is the plain verdict.

Escaping follows GitHub's toolkit (``@actions/core`` ``toCommandValue``/``escapeProperty``):
in the message ``%``, CR and LF become ``%25``, ``%0D``, ``%0A``; in properties (file, title)
also ``:`` and ``,`` become ``%3A`` and ``%2C``. All input text is first cleaned of control
characters (:func:`common.clean`), so no input can end the command line or start another one,
and ``::`` in a property cannot end the property list.
"""

from __future__ import annotations

from typing import Sequence

from ..types import CheckResult, Finding, Severity
from . import common
from .registry import register_renderer

#: GitHub's per-step limit of annotations of each level
MAX_PER_LEVEL = 10
#: longest text of one side quoted in an annotation, in code points
TEXT_LIMIT = 300
_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow-command message: ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value: as :func:`escape_data`, plus ``:`` -> ``%3A``
    and ``,`` -> ``%2C``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(result: CheckResult, f: Finding) -> str:
    sev = Severity(f.severity)
    locs = common.locations(result, f)
    props = []
    if locs:
        primary = locs[0]
        props.append(f"file={escape_property(common.clean(primary.path))}")
        props.append(f"line={primary.start_line}")
        if primary.end_line != primary.start_line:
            props.append(f"endLine={primary.end_line}")
    title = f"aligncheck {f.check}"
    source_loc = next((loc for loc in locs if loc.side == "source"), None)
    if source_loc is not None:
        title += f" ({source_loc.path}:{common.line_span([source_loc.start_line, source_loc.end_line])})"
    props.append(f"title={escape_property(common.clean(title))}")
    body = [common.clean(f.message)]
    for doc, idx, side in ((result.source, f.src, "source"), (result.target, f.tgt, "target")):
        text = common.truncate(common.clean(common.joined_text(doc, idx, side=side)), TEXT_LIMIT) if idx else "(none)"
        body.append(f"{common.clean(doc.lang)}: {text}")
    return f"::{_COMMAND[sev]} {','.join(props)}::{escape_data(chr(10).join(body))}"


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the workflow commands (one per line, ``\n``-terminated) and a verdict line.

    ``color`` is accepted for a uniform renderer signature and ignored.
    """
    del color
    return render_many([result])


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """The annotations of several document pairs, ranked together (GitHub's limit is per step),
    then one verdict line per pair."""
    ranked = sorted(
        ((n, k, f) for n, r in enumerate(results) for k, f in enumerate(r.findings)),
        key=lambda t: (-Severity(t[2].severity).rank, t[0], t[1]),
    )
    total = len(ranked)
    per_level = {s: sum(1 for _, _, f in ranked if Severity(f.severity) == s) for s in Severity}
    budget = {s: MAX_PER_LEVEL for s in Severity}
    if total > sum(min(MAX_PER_LEVEL, c) for c in per_level.values()):
        budget[Severity.INFO] -= 1  # room for the pointer notice
    out, shown = [], 0
    for n, _k, f in ranked:
        sev = Severity(f.severity)
        if budget[sev] > 0:
            budget[sev] -= 1
            out.append(_annotation(results[n], f))
            shown += 1
    left = total - shown
    if left:
        note = (
            f"{left} more finding{'s' if left != 1 else ''} not annotated (GitHub shows at most "
            f"{MAX_PER_LEVEL} errors, {MAX_PER_LEVEL} warnings and {MAX_PER_LEVEL} notices per step); "
            f"the job summary and the full report (--output-json, --output-sarif) list all {total}"
        )
        out.append(f"::notice title=aligncheck::{escape_data(note)}")
    out += [f"aligncheck note: {common.clean(n)}" for n in common.shared_notes(results)]
    for result in results:
        verdict = "passed" if result.passed else "FAILED"
        accepted = common.accepted_phrase(result.silenced, result.baselined)
        out.append(
            f"aligncheck {verdict}: {common.counts_phrase(result)}{f' ({accepted})' if accepted else ''} in "
            f"{common.clean(result.source.path)} <-> {common.clean(result.target.path)}"
        )
    return "".join(line + "\n" for line in out)


register_renderer("github", render, render_many)
