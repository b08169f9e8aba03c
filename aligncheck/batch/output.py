"""The batch's output file (one JSON line per pair, resumable: :func:`scan_output`) and its
summary (:func:`summarise`, :func:`render_summary`).
"""

from __future__ import annotations

import heapq
import json
import os
from dataclasses import dataclass
from html import escape
from typing import Sequence

from ..errors import ConfigError, InputError
from .manifest import PairSpec
from .pair import PairStats


#: how many pairs the summary lists as the worst
WORST_PAIRS = 10


def scan_output(path: str) -> tuple[dict[str, PairStats], int]:
    """Read an existing output file for resuming: the stats of every complete line by id, and
    the byte length of the complete lines (a last line without its newline, torn by a kill, is
    not counted: the caller truncates the file to this length). A missing file is empty.

    Raises:
        InputError: a complete line is not a batch result (not JSON, or no ``id``/``summary``).
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return {}, 0
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    end = data.rfind(b"\n") + 1
    done: dict[str, PairStats] = {}
    for n, raw in enumerate(data[:end].split(b"\n")[:-1], 1):
        try:
            stats = PairStats.from_report(json.loads(raw), n)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            raise InputError(f"{path} line {n} is not an aligncheck batch result; give --output a new file "
                             "(or delete this one to start over)") from None
        done[stats.id] = stats
    return done, end


class _Output:
    """The output file, opened for appending (torn tail cut off); :meth:`write` appends lines,
    flushes and fsyncs them (one sync per call)."""

    def __init__(self, path: str, valid_bytes: int):
        self.path = path
        try:
            from ..safe_output import open_append

            self._fh = open_append(path)
            if self._fh.tell() != valid_bytes:
                self._fh.truncate(valid_bytes)
                self._fh.seek(valid_bytes)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None

    def write(self, lines: list[str]) -> None:
        try:
            self._fh.write("".join(lines).encode("utf-8"))
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        self._fh.close()


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of a batch.

    Attributes:
        output: the output file.
        pairs: pairs in the manifest (all have a line in ``output`` once the run ends).
        resumed: pairs whose line was already in ``output`` (skipped this run).
        passed, failed: pairs that passed / failed the gate.
        counts: findings per check id over all pairs, most frequent first.
        worst: the (up to :data:`WORST_PAIRS`) pairs with the most errors, then warnings, then
            findings: ``(id, errors, warnings, findings, counts)``; only pairs with findings.
        texts_embedded: texts this run sent to the model (cache and memo misses).
    """

    output: str
    pairs: int
    resumed: int
    passed: int
    failed: int
    counts: tuple[tuple[str, int], ...]
    worst: tuple[tuple[str, int, int, int, tuple[tuple[str, int], ...]], ...]
    texts_embedded: int = 0

    @property
    def ok(self) -> bool:
        """True when every pair passed the gate."""
        return self.failed == 0


def summarise(specs: Sequence[PairSpec], stats: dict[str, PairStats], *, output: str, resumed: int,
              texts_embedded: int = 0) -> BatchSummary:
    """The :class:`BatchSummary` of the pairs ``specs`` from their ``stats`` (by id)."""
    counts: dict[str, int] = {}
    heap: list = []
    passed = failed = 0
    for k, spec in enumerate(specs):
        st = stats[spec.id]
        passed += st.passed
        failed += not st.passed
        for check, n in st.counts:
            counts[check] = counts.get(check, 0) + n
        sev = dict(st.by_severity)
        total = sum(n for _, n in st.counts)
        if total:
            key = (sev.get("error", 0), sev.get("warning", 0), total, -k)
            item = (key, (spec.id, sev.get("error", 0), sev.get("warning", 0), total, st.counts))
            if len(heap) < WORST_PAIRS:
                heapq.heappush(heap, item)
            else:
                heapq.heappushpop(heap, item)
    worst = tuple(item for _, item in sorted(heap, key=lambda x: x[0], reverse=True))
    return BatchSummary(output, len(specs), resumed, passed, failed,
                        tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), worst, texts_embedded)


def render_summary(summary: BatchSummary, fmt: str = "text") -> str:
    """The summary as ``text``, ``markdown`` or ``html`` (a string ending in a newline).

    Raises:
        ConfigError: an unknown ``fmt``.
    """
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    def per_check(counts) -> str:
        return ", ".join(f"{c} {n}" for c, n in counts) or "none"

    from ..report.common import clean, md_escape

    s = summary
    status = "✓ passed" if s.ok else "✗ FAILED"
    # ids and the output path may come from a hostile manifest: cleaned (no control character,
    # bidi override or CI workflow command) in every format, Markdown-escaped in Markdown
    worst = [(clean(pid), e, w, n, counts) for pid, e, w, n, counts in s.worst]
    head = (f"{status}: {plural(s.pairs, 'pair')} checked, {s.passed} passed, {s.failed} failed "
            f"({s.resumed} already in {clean(s.output)})")
    if fmt == "text":
        lines = [head, f"findings by check: {per_check(s.counts)}"]
        if worst:
            lines.append("worst pairs:")
            for pid, e, w, n, counts in worst:
                lines.append(f"  {pid}  {plural(e, 'error')}, {plural(w, 'warning')}, {plural(n, 'finding')} ({per_check(counts)})")
        lines.append(f"results: {clean(s.output)}")
        return "\n".join(lines) + "\n"
    if fmt == "markdown":
        lines = [f"### aligncheck batch: {status}", "",
                 f"{plural(s.pairs, 'pair')} checked: **{s.passed} passed**, **{s.failed} failed** "
                 f"({s.resumed} already in {md_escape(s.output)}).", "",
                 "| check | findings |", "|---|---|"]
        lines += [f"| {md_escape(c)} | {n} |" for c, n in s.counts] or ["| (none) | 0 |"]
        if worst:
            lines += ["", "| worst pairs | errors | warnings | findings | by check |", "|---|---|---|---|---|"]
            lines += [f"| {md_escape(pid)} | {e} | {w} | {n} | {md_escape(per_check(c))} |" for pid, e, w, n, c in worst]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        from html import escape

        rows = "".join(f"<tr><td>{escape(c)}</td><td>{n}</td></tr>" for c, n in s.counts)
        worst_rows = "".join(f"<tr><td>{escape(pid)}</td><td>{e}</td><td>{w}</td><td>{n}</td><td>{escape(per_check(c))}</td></tr>"
                             for pid, e, w, n, c in worst)
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>aligncheck batch</title></head><body>\n"
                f"<h1>aligncheck batch: {escape(status)}</h1>\n<p>{escape(head)}</p>\n"
                f"<table><thead><tr><th>check</th><th>findings</th></tr></thead><tbody>{rows}</tbody></table>\n"
                + (f"<table><thead><tr><th>worst pairs</th><th>errors</th><th>warnings</th><th>findings</th><th>by check</th>"
                   f"</tr></thead><tbody>{worst_rows}</tbody></table>\n" if worst_rows else "")
                + "</body></html>\n")
    raise ConfigError(f"summary format must be text, markdown or html, not {fmt!r}")
