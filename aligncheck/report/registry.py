"""The renderer registry: every report format declared once, by its own module.

A report module calls :func:`register_renderer` at import with its format name, its
``render(result, *, color=False) -> str`` and, when it has one, its
``render_many(results, *, color=False, skipped=0) -> str`` for several pairs in one document.
``--format`` and ``--output-FORMAT`` (:data:`aligncheck.cli.FORMATS`), :func:`aligncheck.report.render`
and :func:`aligncheck.report.render_many` read :data:`RENDERERS` and :data:`MANY`.
"""

from __future__ import annotations

from typing import Callable, Optional

#: format name -> ``render(result, *, color=False) -> str``, in registration order
RENDERERS: dict[str, Callable[..., str]] = {}
#: format name -> ``render_many(results, *, color=False, skipped=0) -> str``
MANY: dict[str, Callable[..., str]] = {}


def register_renderer(name: str, render: Callable[..., str], many: Optional[Callable[..., str]] = None) -> None:
    """Declare report format ``name``.

    Raises:
        ValueError: ``name`` is registered twice.
    """
    if name in RENDERERS:
        raise ValueError(f"report format {name} is registered twice")
    RENDERERS[name] = render
    if many is not None:
        MANY[name] = many
