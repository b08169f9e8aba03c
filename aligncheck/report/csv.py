"""CSV report: one row per finding, for spreadsheets and data teams.

Columns (:data:`COLUMNS`): ``file`` and ``line`` (the finding's primary location,
:func:`common.locations`: the target line, or for an omission the target line after which the
translation is missing), ``source_file`` and ``source_line`` (the first source line, empty for a
finding without source segment), ``unit`` (the unit ids of the finding's source then target
segments, distinct, joined by ``", "``; empty for plain text), ``check``, ``severity``,
``message``, ``source_text`` and ``target_text`` (the segments' texts joined by a space).

Format: RFC 4180 with every field quoted (``"`` doubled inside a field), ``\\n`` line ends, UTF-8
with a byte-order mark (Excel needs it to read Arabic; pandas and readr skip it; Python's
``csv`` reads it with ``encoding="utf-8-sig"``). A header row, then the findings in report order;
several pairs (:func:`render_many`) share one header.

The input comes from pull requests, so every text is untrusted: it passes through
:func:`common.clean` (one line, control characters made visible), is cut to
:data:`CELL_LIMIT` code points, and a cell that would start with ``=``, ``+``, ``-``, ``@``,
TAB or CR, which a spreadsheet reads as a formula (CSV injection, OWASP), gets a leading ``'``
so that it is shown as text.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from ..project.fingerprint import normalise_path
from ..types import CheckResult, Finding
from . import common
from .registry import register_renderer

COLUMNS = ("file", "line", "source_file", "source_line", "unit", "check", "severity", "message",
           "source_text", "target_text")
#: longest cell, in code points (Excel holds at most 32,767 UTF-16 code units in a cell)
CELL_LIMIT = 10_000
#: first characters a spreadsheet evaluates as a formula (OWASP "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """``value`` as a safe CSV cell: ``str`` of it, cleaned (:func:`common.clean`), cut to
    :data:`CELL_LIMIT` code points, and prefixed with ``'`` when it starts with one of
    :data:`FORMULA_START`. ``None`` is the empty cell."""
    if value is None:
        return ""
    text = common.truncate(common.clean(str(value)), CELL_LIMIT)
    return "'" + text if text.startswith(FORMULA_START) else text


def rows(result: CheckResult) -> list[list[str]]:
    """The rows of ``result``'s findings (without the header), one per finding, in finding
    order, as the cells written (see :data:`COLUMNS`).

    Raises:
        AlignCheckError: a finding refers to a segment that does not exist.
    """
    out = []
    for f in result.findings:
        out.append([cell(v) for v in _values(result, f)])
    return out


def _values(result: CheckResult, f: Finding) -> list[object]:
    primary = common.locations(result, f)[0]
    src_lines = common.lines(result.source, f.src, side="source")
    units = common.units(result.source, f.src, side="source") + common.units(result.target, f.tgt, side="target")
    return [
        primary.path,
        primary.start_line,
        normalise_path(result.source.path),
        min(src_lines) if src_lines else None,
        ", ".join(dict.fromkeys(units)),
        f.check,
        f.severity.value,
        f.message,
        common.joined_text(result.source, f.src, side="source"),
        common.joined_text(result.target, f.tgt, side="target"),
    ]


def render(result: CheckResult, *, color: bool = False) -> str:
    """Return the CSV report of one document pair (header and one row per finding).

    ``color`` is accepted for a uniform renderer signature and ignored.

    Raises:
        AlignCheckError: a finding refers to a segment that does not exist.
    """
    del color
    return render_many([result])


def render_many(results: Sequence[CheckResult], *, color: bool = False, skipped: int = 0) -> str:
    """The findings of several document pairs in one CSV table (one header). ``color`` and
    ``skipped`` (pairs left out as unchanged: they have no finding) are ignored."""
    del color, skipped
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(COLUMNS)
    for result in results:
        writer.writerows(rows(result))
    return "\ufeff" + buf.getvalue()


register_renderer("csv", render, render_many)
