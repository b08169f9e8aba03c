"""Report renderers: each turns a :class:`~aligncheck.types.CheckResult` into a string.

Every renderer is a pure function ``render(result, *, color=False) -> str``: no printing,
no environment lookups, no side effects. Input text is escaped for the target format.
"""

from __future__ import annotations

from typing import Callable, Sequence

from ..errors import ConfigError
from ..types import CheckResult
from . import common, github, gitlab, html, json, junit, markdown, sarif, text

Renderer = Callable[..., str]

#: Format name -> renderer. ``"text"`` is the default format of the CLI.
RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "markdown": markdown.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
    "html": html.render,
}

#: Format name -> renderer of several results at once (formats with one document per run).
MANY: dict[str, Callable[[Sequence[CheckResult]], str]] = {
    "github": github.render_many,
    "sarif": sarif.render_many,
    "junit": junit.render_many,
    "gitlab": gitlab.render_many,
    "html": html.render_many,
}

DEFAULT_FORMAT = "text"

__all__ = ["DEFAULT_FORMAT", "RENDERERS", "render", "render_many"]

#: upper bound on the Markdown of several pairs (GitHub's job summary takes 1 MiB per step)
MANY_MARKDOWN_BYTES = 900 * 1024


def render(result: CheckResult, fmt: str = DEFAULT_FORMAT, *, color: bool = False, width: int | None = None) -> str:
    """Return ``result`` rendered in format ``fmt`` (a key of :data:`RENDERERS`).

    ``color`` and ``width`` (a terminal's columns: wrap, bidi-isolate) only affect the format
    meant for a terminal (``"text"``).

    Raises:
        ConfigError: ``fmt`` is not a known format.
    """
    try:
        renderer = RENDERERS[fmt]
    except (KeyError, TypeError):
        known = ", ".join(sorted(RENDERERS))
        raise ConfigError(f"unknown report format {fmt!r}; choose one of: {known}") from None
    if fmt == "text" and width:
        return text.render(result, color=color, width=width)
    return renderer(result, color=color)


def _total_line(results: Sequence[CheckResult], skipped: int) -> str:
    failed = sum(not r.passed for r in results)
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for sev, n in common.severity_counts(r).items():
            counts[sev] += n
    phrase = ", ".join(common.plural(n, sev) for sev, n in counts.items() if n) or "no findings"
    phrase += common.left_out_phrase(sum(r.baselined for r in results), sum(r.silenced for r in results))
    verdict = "FAILED" if failed else "passed"
    extra = f", {skipped} unchanged pair{'s' if skipped != 1 else ''} skipped" if skipped else ""
    return (f"total: {verdict}: {len(results)} pair{'s' if len(results) != 1 else ''} checked{extra}, "
            f"{failed} failed; {phrase}")


def render_many(results: Sequence[CheckResult], fmt: str = DEFAULT_FORMAT, *, color: bool = False,
                skipped: int = 0, width: int | None = None) -> str:
    """Return several document pairs' results in one report of format ``fmt``.

    * text: each pair's report (only its summary line when it has no finding), then a total line;
    * json: ``{"schema_version": 1, "pairs": [<one report-v1 object per pair>], "summary": {...}}``
      (schema ``aligncheck/schema/ci-report-v1.json``);
    * markdown: each pair's report, pairs with findings first, under ``MANY_MARKDOWN_BYTES``;
    * github, sarif, junit, gitlab, html: one document covering every pair.

    ``skipped`` (pairs left out as unchanged) is mentioned in the text total and JSON summary.

    Raises:
        ConfigError: ``fmt`` is not a known format.
    """
    if fmt not in RENDERERS:
        known = ", ".join(sorted(RENDERERS))
        raise ConfigError(f"unknown report format {fmt!r}; choose one of: {known}")
    if fmt == "text":
        out = []
        for r in results:
            report = text.render(r, color=color, signature=False, width=width)
            out.append(report if r.findings else report.splitlines(keepends=True)[0])
        # one signature for the run (several only when per-path overrides make pairs differ)
        signatures = "".join(text.render_signature(s, color=color, width=width)
                             for s in dict.fromkeys(r.signature for r in results))
        return "".join(out) + signatures + _total_line(results, skipped) + "\n"
    if fmt == "json":
        import json as _json

        data = {
            "schema_version": json.SCHEMA_VERSION,
            "pairs": [json.to_dict(r) for r in results],
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
        return _json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if fmt == "markdown":
        ordered = sorted(results, key=lambda r: (r.passed, not r.findings))
        parts, size, left = [f"## aligncheck {_total_line(results, skipped).removeprefix('total: ')}\n"], 0, 0
        for r in ordered:
            md = markdown.render(r, signature=False) + "\n"
            if size + len(md.encode("utf-8")) > MANY_MARKDOWN_BYTES:
                left += 1
                continue
            parts.append(md)
            size += len(md.encode("utf-8"))
        if left:
            parts.append(f"**… {left} more pairs not shown (size limit); see the full report.**\n")
        parts += [markdown.signature_footer(s) for s in dict.fromkeys(r.signature for r in results)]
        return "\n".join(parts)
    return MANY[fmt](results)
