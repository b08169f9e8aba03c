"""JSON report, schema version 1 (validated by ``aligncheck/schema/report-v1.json``).

Shape (keys in this order; every key always present except the unit ids)::

    {"schema_version": 1, "signature": str, "fail_on": "error"|"warning"|"never",
     "notes": [str],
     "source": {"path", "lang", "encoding",
                "segments": [{"index", "line", "start", "end", "paragraph", "text",
                              "unit" (only when the format has unit ids)}]},
     "target": {... same ...},
     "alignment": [{"src": [int], "tgt": [int], "kind": "1-1", "score": float|null,
                    "margin": float|null}],
     "findings": [{"check", "severity", "src", "tgt", "src_lines", "tgt_lines",
                   "message", "score", "src_text", "tgt_text",
                   "src_units", "tgt_units" (only when the format has unit ids)}],
     "summary": {"passed": bool, "findings": int, "counts": {check: int},
                 "by_severity": {"error": int, "warning": int, "info": int},
                 "segments": {"source": int, "target": int}, "beads": int}}

Indices are 0-based, lines 1-based, ``start``/``end`` are Unicode code points (``end``
exclusive), floats are rounded to 4 decimals. Text is kept exactly as in the input.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Sequence

from ..types import CheckResult, Document
from ..neutralise import snippet
from . import common
from .registry import register_renderer

SCHEMA_VERSION = 1
#: File name of the schema inside the ``aligncheck.schema`` package data.
SCHEMA_FILE = "report-v1.json"

# Characters that json.dumps(ensure_ascii=False) leaves raw but that a terminal or a
# JavaScript parser may act on: DEL, C1 controls (e.g. U+009B CSI) and U+2028/U+2029.
# They can only occur inside JSON strings, so writing them as \\uXXXX keeps the data.


def load_schema() -> dict[str, Any]:
    """Return the report JSON Schema (draft 2020-12) as a dict."""
    ref = resources.files("aligncheck").joinpath("schema").joinpath(SCHEMA_FILE)
    return json.loads(ref.read_text(encoding="utf-8"))


def _segment(s) -> dict[str, Any]:
    out = {
        "index": int(s.index),
        "line": int(s.line),
        "start": int(s.start),
        "end": int(s.end),
        "paragraph": int(s.paragraph),
        "text": s.text,
    }
    if s.unit is not None:
        out["unit"] = s.unit
    return out


def _document(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "lang": doc.lang,
        "encoding": doc.encoding,
        "segments": [_segment(s) for s in doc.segments],
    }


def to_dict(result: CheckResult) -> dict[str, Any]:
    """Return the report as plain JSON-ready data (dicts, lists, str, int, float, None).

    Raises:
        AlignCheckError: a finding or bead refers to a segment that does not exist, or a
            score is NaN or infinite.
    """
    src, tgt = result.source, result.target
    beads = []
    for k, b in enumerate(result.alignment.beads):
        beads.append(
            {
                "src": [int(i) for i in b.src],
                "tgt": [int(i) for i in b.tgt],
                "kind": b.kind,
                "score": common.number(b.score, where=f"score of bead {k}"),
                "margin": common.number(b.margin, where=f"margin of bead {k}"),
            }
        )
    findings = []
    with_units = common.has_units(src) or common.has_units(tgt)
    for k, f in enumerate(result.findings):
        findings.append(
            {
                "check": f.check,
                "severity": f.severity.value,
                "src": [int(i) for i in f.src],
                "tgt": [int(i) for i in f.tgt],
                "src_lines": common.lines(src, f.src, side="source"),
                "tgt_lines": common.lines(tgt, f.tgt, side="target"),
                "message": f.message,
                "score": common.number(f.score, where=f"score of finding {k} ({f.check})"),
                "src_text": snippet(common.joined_text(src, f.src, side="source")),
                "tgt_text": snippet(common.joined_text(tgt, f.tgt, side="target")),
            }
        )
        if with_units:
            findings[-1]["src_units"] = common.units(src, f.src, side="source")
            findings[-1]["tgt_units"] = common.units(tgt, f.tgt, side="target")
    return {
        "schema_version": SCHEMA_VERSION,
        "signature": result.signature,
        "fail_on": result.fail_on,
        "notes": list(result.notes),
        "source": _document(src),
        "target": _document(tgt),
        "alignment": beads,
        "findings": findings,
        "summary": {
            "passed": result.passed,
            "findings": len(result.findings),
            "counts": result.counts(),
            "by_severity": common.severity_counts(result),
            "segments": {"source": len(src.segments), "target": len(tgt.segments)},
            "beads": len(result.alignment.beads),
            "baselined": result.baselined,
            "silenced": result.silenced,
        },
    }


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the report as a JSON document (UTF-8 text, indent 2, trailing newline).

    ``color`` is accepted for a uniform renderer signature and ignored: JSON is for
    machines. Non-ASCII text is written as is (``ensure_ascii=False``); control
    characters are ``\\uXXXX``-escaped, so the output is safe to print to a terminal.
    """
    del color
    text = json.dumps(to_dict(result), ensure_ascii=False, indent=2, allow_nan=False)
    return common.escape_raw(text) + "\n"


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """``{"schema_version": 1, "pairs": [<one report-v1 object per pair>], "summary": {...}}``
    (schema ``aligncheck/schema/ci-report-v1.json``). Each pair is turned into JSON text on its
    own (the text is what ``json.dumps`` of the whole gives), so that only one pair's dict is in
    memory at a time."""
    pairs = []
    for r in results:
        text = json.dumps(to_dict(r), ensure_ascii=False, indent=2, allow_nan=False)
        pairs.append(text.replace("\n", "\n    "))
    data = {
        "schema_version": SCHEMA_VERSION,
        "pairs": ["\0pairs\0"] if pairs else [],
        "summary": {
            "passed": all(r.passed for r in results),
            "pairs": len(results),
            "failed": sum(not r.passed for r in results),
            "skipped": skipped,
            "findings": sum(len(r.findings) for r in results),
            "baselined": sum(r.baselined for r in results),
            "silenced": sum(r.silenced for r in results),
        },
    }
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    if pairs:
        text = text.replace('"\\u0000pairs\\u0000"', ",\n    ".join(pairs), 1)
    return common.escape_raw(text) + "\n"


register_renderer("json", render, render_many)
