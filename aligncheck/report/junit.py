"""JUnit XML report (GitLab ``artifacts:reports:junit``, Jenkins ``junit``).

One ``<testsuite>`` for the document pair. Each check id (:data:`rules.RULES`, plus any other id
a finding has) is one ``<testcase>`` when it found nothing; a check that found something has one
``<testcase>`` per finding, named after the check and the finding's location, holding a
``<failure>`` when the finding reaches the gate (``fail_on``) and the finding in
``<system-out>`` otherwise. ``tests``/``failures`` count those test cases.

Text is kept (control characters made visible by :func:`common.clean`, characters XML 1.0
cannot hold replaced by U+FFFD) and escaped by the XML writer.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Sequence

from ..types import CheckResult, Finding
from . import common, rules
from .registry import register_renderer

# Characters outside XML 1.0's Char production (after clean(), only these can remain).
_NOT_XML_RE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    return _NOT_XML_RE.sub("\ufffd", common.clean(text))


def _where(result: CheckResult, f: Finding) -> str:
    parts = []
    for doc, idx, side in ((result.source, f.src, "source"), (result.target, f.tgt, "target")):
        span = common.line_span(common.lines(doc, idx, side=side))
        if span:
            parts.append(f"{doc.path}:{span}")
    return " <-> ".join(parts) or f"{result.source.path} <-> {result.target.path}"


def _details(result: CheckResult, f: Finding) -> str:
    lines = [f"{f.severity.value} {f.check} at {_where(result, f)}", f.message]
    for doc, idx, side in ((result.source, f.src, "source"), (result.target, f.tgt, "target")):
        lines.append(f"{doc.lang}: " + (common.joined_text(doc, idx, side=side) if idx else "(none)"))
    return "\n".join(_x(line) for line in lines) + "\n"


def _suite(result: CheckResult) -> tuple[ET.Element, int, int]:
    """The ``<testsuite>`` of one pair, its number of test cases and of failures.

    Raises:
        AlignCheckError: a finding refers to a segment that does not exist.
    """
    suite_name = f"aligncheck {result.source.path} <-> {result.target.path}"
    cases: list[ET.Element] = []
    failures = 0
    ids = list(rules.RULES) + [c for c in dict.fromkeys(f.check for f in result.findings) if c not in rules.RULES]
    for check_id in ids:
        found = [f for f in result.findings if f.check == check_id]
        if not found:
            cases.append(ET.Element("testcase", name=_x(check_id), classname=_x(f"aligncheck.{check_id}"), time="0"))
            continue
        for f in found:
            case = ET.Element("testcase", name=_x(f"{check_id} at {_where(result, f)}"),
                              classname=_x(f"aligncheck.{check_id}"), time="0")
            if common.gate_reached(result, f):
                failures += 1
                failure = ET.SubElement(case, "failure", message=_x(f.message), type=_x(f"{check_id}.{f.severity.value}"))
                failure.text = _details(result, f)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = _details(result, f)
            cases.append(case)
    suite = ET.Element("testsuite", name=_x(suite_name), tests=str(len(cases)), failures=str(failures),
                       errors="0", skipped="0", time="0")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="signature", value=_x(result.signature))
    ET.SubElement(props, "property", name="fail_on", value=_x(result.fail_on))
    suite.extend(cases)
    return suite, len(cases), failures


def to_element(results: CheckResult | Sequence[CheckResult]) -> ET.Element:
    """The ``<testsuites>`` element: one ``<testsuite>`` per document pair.

    Raises:
        AlignCheckError: a finding refers to a segment that does not exist.
    """
    if isinstance(results, CheckResult):
        results = [results]
    suites = [_suite(r) for r in results]
    root = ET.Element("testsuites", name="aligncheck", tests=str(sum(s[1] for s in suites)),
                      failures=str(sum(s[2] for s in suites)), errors="0")
    root.extend(s[0] for s in suites)
    return root


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the JUnit XML document (UTF-8 declaration, trailing newline).

    ``color`` is accepted for a uniform renderer signature and ignored.
    """
    del color
    return render_many([result])


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """The JUnit XML of several document pairs (one test suite each)."""
    root = to_element(results)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


register_renderer("junit", render, render_many)
