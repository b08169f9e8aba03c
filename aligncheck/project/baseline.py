"""Baselines: accept the findings a project has today, report only new ones later.

A baseline file (default :data:`BASELINE_FILE`, JSON, sorted, one entry per finding) lists the
stable fingerprints of :mod:`aligncheck.project.fingerprint`, which ignore line numbers, so an edit
elsewhere in a file keeps every accepted finding accepted; editing a finding's own sentence makes
it a new finding. Shape::

    {"version": 1, "tool": "aligncheck",
     "findings": [{"fingerprint": str, "check": str, "source": path, "target": path, "message": str}]}

Only ``fingerprint`` is used for matching; the rest is there for people reviewing the file.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Sequence

from ..errors import ConfigError
from .fingerprint import fingerprints, normalise_path
from ..types import CheckResult

BASELINE_FILE = ".aligncheck-baseline.json"
VERSION = 1


def baseline_json(results: Sequence[CheckResult]) -> str:
    """The baseline file accepting every finding of ``results`` (JSON text, trailing newline)."""
    entries = []
    for result in results:
        for f, fp in zip(result.findings, fingerprints(result)):
            entries.append({"fingerprint": fp, "check": f.check, "source": normalise_path(result.source.path),
                            "target": normalise_path(result.target.path), "message": f.message})
    entries.sort(key=lambda e: (e["source"], e["target"], e["fingerprint"]))
    from ..neutralise import json_safe

    return json_safe(json.dumps({"version": VERSION, "tool": "aligncheck", "findings": entries}, ensure_ascii=False,
                                indent=2)) + "\n"


def parse_baseline(text: str, *, where: str) -> frozenset[str]:
    """The accepted fingerprints of a baseline file's ``text``.

    Raises:
        ConfigError: the text is not a baseline file of a supported version (``where`` names it).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline {where} is not JSON ({exc}); regenerate it with 'aligncheck baseline'") from None
    except RecursionError:
        raise ConfigError(f"baseline {where} is nested too deeply to be a baseline; regenerate it with "
                          "'aligncheck baseline'") from None
    version = data.get("version") if isinstance(data, dict) else None
    if type(version) is not int or version != VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f"baseline {where} is not an aligncheck baseline (version {VERSION}); "
                          "regenerate it with 'aligncheck baseline'")
    out = set()
    for k, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(f"baseline {where}: entry {k + 1} has no fingerprint")
        out.add(entry["fingerprint"])
    return frozenset(out)


def load_baseline(path: str) -> frozenset[str]:
    """The accepted fingerprints in the baseline file at ``path``.

    Raises:
        ConfigError: the file cannot be read or is not a baseline.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise ConfigError(f"baseline {path} is not UTF-8; regenerate it with 'aligncheck baseline'") from None
    return parse_baseline(text, where=path)


def apply_baseline(result: CheckResult, accepted: frozenset[str]) -> tuple[CheckResult, int]:
    """``result`` without the findings whose fingerprint is in ``accepted``, and how many were
    dropped (a note in the result says so)."""
    prints = fingerprints(result)
    kept = tuple(f for f, fp in zip(result.findings, prints) if fp not in accepted)
    dropped = len(result.findings) - len(kept)
    if not dropped:
        return result, 0
    note = f"{dropped} finding{'s' if dropped != 1 else ''} accepted in the baseline not reported"
    return (dataclasses.replace(result, findings=kept, notes=result.notes + (note,),
                                baselined=result.baselined + dropped), dropped)
