"""Report renderers: each turns a :class:`~aligncheck.types.CheckResult` into a string.

Every renderer is a pure function ``render(result, *, color=False) -> str``: no printing,
no environment lookups, no side effects. Input text is escaped for the target format.
"""

from __future__ import annotations

from typing import Callable

from ..errors import ConfigError
from ..types import CheckResult
from . import github, gitlab, html, json, junit, markdown, sarif, text

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

DEFAULT_FORMAT = "text"

__all__ = ["DEFAULT_FORMAT", "RENDERERS", "render"]


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
