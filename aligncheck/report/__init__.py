"""Report renderers: each turns a :class:`~aligncheck.types.CheckResult` into a string.

Every renderer is a pure function ``render(result, *, color=False) -> str``: no printing,
no environment lookups, no side effects. Input text is escaped for the target format. Each
format is one module that registers itself (:mod:`aligncheck.report.registry`); a new format is
that module plus its name in the import list below.
"""

from __future__ import annotations

from typing import Sequence

from ..errors import ConfigError
from ..types import CheckResult
from . import text, json, markdown, github, sarif, junit, gitlab, html, csv  # noqa: F401  (registration order)
from .registry import MANY, RENDERERS, register_renderer

#: the report formats, in registration order (``--format`` choices)
FORMATS = tuple(RENDERERS)
DEFAULT_FORMAT = "text"

__all__ = ["DEFAULT_FORMAT", "FORMATS", "MANY", "RENDERERS", "register_renderer", "render", "render_many"]


def render(result: CheckResult, fmt: str = DEFAULT_FORMAT, *, color: bool = False) -> str:
    """Return ``result`` rendered in format ``fmt`` (a key of :data:`RENDERERS`).

    ``color`` only affects formats meant for a terminal (``"text"``).

    Raises:
        ConfigError: ``fmt`` is not a known format.
    """
    try:
        renderer = RENDERERS[fmt]
    except (KeyError, TypeError):
        known = ", ".join(sorted(RENDERERS))
        raise ConfigError(f"unknown report format {fmt!r}; choose one of: {known}") from None
    return renderer(result, color=color)


def render_many(results: Sequence[CheckResult], fmt: str = DEFAULT_FORMAT, *, color: bool = False,
                skipped: int = 0) -> str:
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
    return MANY[fmt](results, color=color, skipped=skipped)
