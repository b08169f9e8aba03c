"""SARIF 2.1.0 report (code scanning on GitHub, GitLab, Azure DevOps, IDE viewers).

One run; ``tool.driver.rules`` lists every check id (:data:`rules.RULES`, plus any other id a
finding has), each result points to its rule by ``ruleId`` and ``ruleIndex``. A result's
``locations`` hold its primary location (:func:`common.locations`: the target lines, or for an
omission the target line where the translation is missing) with a region (``startLine``,
``endLine``, and a ``snippet`` of the text when the finding has segments there);
``relatedLocations`` hold the source lines. ``partialFingerprints`` carries the stable
fingerprint of :mod:`aligncheck.project.fingerprint` (independent of line numbers).

Paths are written as relative URI references (``%``-encoded, ``/`` separators); absolute
paths become ``file://`` URIs. Text is kept exactly as in the input (JSON-escaped).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from ..project import fingerprint as _fp
from .. import __version__
from ..types import CheckResult, Finding, Severity
from ..neutralise import snippet
from . import common, rules
from .registry import register_renderer

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/aligncheck/aligncheck"
#: key of the fingerprint in ``partialFingerprints`` (name/version, as SARIF recommends)
FINGERPRINT_KEY = "alignCheckFinding/v1"
#: longest snippet of one side, in code points
SNIPPET_LIMIT = 1000
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def uri(path: str) -> str:
    """``path`` as a SARIF ``artifactLocation.uri``: a relative URI reference with ``/``
    separators and ``%``-encoded special characters, or a ``file://`` URI for an absolute path."""
    p = _fp.normalise_path(path)
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(p, safe="/")


def _rules(results: Sequence[CheckResult]) -> list[rules.Rule]:
    ids = list(rules.RULES)
    ids += [c for c in dict.fromkeys(f.check for r in results for f in r.findings) if c not in rules.RULES]
    return [rules.rule(c) for c in ids]


def _location(result: CheckResult, f: Finding, loc: common.Location, ident: int | None = None) -> dict[str, Any]:
    doc, idx = (result.target, f.tgt) if loc.side == "target" else (result.source, f.src)
    region: dict[str, Any] = {"startLine": loc.start_line, "endLine": loc.end_line}
    if not loc.anchor and idx:
        region["snippet"] = {"text": common.truncate(snippet(common.joined_text(doc, idx, side=loc.side)), SNIPPET_LIMIT)}
    out: dict[str, Any] = {}
    if ident is not None:
        out["id"] = ident
    out["physicalLocation"] = {"artifactLocation": {"uri": uri(doc.path)}, "region": region}
    if loc.anchor:
        out["message"] = {"text": "the translation is missing next to this line"}
    elif ident is not None:
        out["message"] = {"text": f"{loc.side} ({doc.lang})"}
    return out


def _results(result: CheckResult, index: dict[str, int]) -> list[dict[str, Any]]:
    prints = _fp.fingerprints(result)
    results = []
    for k, (f, fp) in enumerate(zip(result.findings, prints)):
        locs = common.locations(result, f)
        item: dict[str, Any] = {
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": _LEVEL[Severity(f.severity)],
            "message": {"text": f.message},
        }
        if locs:
            item["locations"] = [_location(result, f, locs[0])]
        if len(locs) > 1:
            item["relatedLocations"] = [_location(result, f, loc, n) for n, loc in enumerate(locs[1:])]
        item["partialFingerprints"] = {FINGERPRINT_KEY: fp}
        score = common.number(f.score, where=f"score of finding {k} ({f.check})")
        if score is not None:
            item["properties"] = {"score": score}
        results.append(item)
    return results


def to_dict(results: CheckResult | Sequence[CheckResult]) -> dict[str, Any]:
    """Return the SARIF log as JSON-ready data: one run holding the results of every document
    pair given (code-scanning services want one run per tool).

    Raises:
        AlignCheckError: a finding refers to a segment that does not exist, or a score is NaN.
    """
    if isinstance(results, CheckResult):
        results = [results]
    rule_list = _rules(results)
    index = {r.id: k for k, r in enumerate(rule_list)}
    items = [item for result in results for item in _results(result, index)]
    artifacts, seen = [], set()
    for d in (doc for r in results for doc in (r.source, r.target)):
        if uri(d.path) not in seen:
            seen.add(uri(d.path))
            artifacts.append({"location": {"uri": uri(d.path)}, "roles": ["analysisTarget"], "encoding": d.encoding,
                              "sourceLanguage": d.lang})
    signatures = list(dict.fromkeys(r.signature for r in results))
    properties: dict[str, Any] = {
        "signature": signatures[0] if len(signatures) == 1 else signatures,
        "failOn": list(dict.fromkeys(r.fail_on for r in results))[0] if results else "error",
        "passed": all(r.passed for r in results),
        "notes": [n for r in results for n in r.notes],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "aligncheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": r.id,
                                "name": r.name,
                                "shortDescription": {"text": r.short},
                                "defaultConfiguration": {"level": _LEVEL[Severity(r.default_level)]},
                            }
                            for r in rule_list
                        ],
                    }
                },
                "artifacts": artifacts,
                "results": items,
                "columnKind": "unicodeCodePoints",
                "properties": properties,
            }
        ],
    }


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the SARIF 2.1.0 log as JSON text (indent 2, trailing newline).

    ``color`` is accepted for a uniform renderer signature and ignored.
    """
    del color
    return render_many([result])


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """The SARIF log of several document pairs (one run)."""
    text = json.dumps(to_dict(results), ensure_ascii=False, indent=2, allow_nan=False)
    return common.escape_raw(text) + "\n"


register_renderer("sarif", render, render_many)
