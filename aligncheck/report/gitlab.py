"""GitLab Code Quality report (``artifacts:reports:codequality``): a JSON array of issues.

Each finding is ``{"type": "issue", "check_name", "description", "categories", "severity",
"fingerprint", "location": {"path", "lines": {"begin", "end"}}}`` at its primary location
(:func:`common.locations`). Severity: error -> ``major``, warning -> ``minor``, info -> ``info``.
The fingerprint is :func:`aligncheck.project.fingerprint.fingerprints` (stable across unrelated edits,
unique within the report). A finding with no location is left out (GitLab needs a path).
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from ..project import fingerprint as _fp
from ..types import CheckResult, Severity
from . import common
from .registry import register_renderer

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
#: longest description, in code points
DESCRIPTION_LIMIT = 1000


def to_list(result: CheckResult) -> list[dict[str, Any]]:
    """The Code Quality issues as JSON-ready data, in finding order."""
    out = []
    for f, fp in zip(result.findings, _fp.fingerprints(result)):
        locs = common.locations(result, f)
        if not locs:
            continue
        loc = locs[0]
        out.append({
            "type": "issue",
            "check_name": f"aligncheck/{f.check}",
            "description": common.truncate(common.clean(f.message), DESCRIPTION_LIMIT),
            "categories": ["Clarity"],
            "severity": _SEVERITY[Severity(f.severity)],
            "fingerprint": fp,
            "location": {"path": loc.path, "lines": {"begin": loc.start_line, "end": loc.end_line}},
        })
    return out


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the Code Quality JSON (indent 2, trailing newline).

    ``color`` is accepted for a uniform renderer signature and ignored.
    """
    del color
    return render_many([result])


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """The Code Quality issues of several document pairs in one array."""
    issues = [issue for result in results for issue in to_list(result)]
    text = json.dumps(issues, ensure_ascii=False, indent=2, allow_nan=False)
    return common.escape_raw(text) + "\n"


register_renderer("gitlab", render, render_many)
