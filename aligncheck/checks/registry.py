"""The check registry: every check id declared once, with what reports and docs say about it.

A check module declares its ids here, at import: a per-alignment check with the decorator
:func:`register` (the function then runs in :func:`aligncheck.checks.run.run_checks`), a finding
made elsewhere (``moved`` and ``duplicate`` rewrite other findings, ``unrelated_documents``
replaces them, the unit findings and ``missing_target`` come from the pipeline) with
:func:`declare`. ``Config`` validation (:data:`aligncheck.config.CHECK_IDS`), the CLI's
``--disable`` choices, the SARIF/GitLab/JUnit rules (:mod:`aligncheck.report.rules`) and the
README table test all read :data:`CHECKS`.

A check declares its default severity per input kind: ``severity`` for translation units, and
``document_severity`` where documents (sentences aligned by the tool) differ; there the sentence
boundaries are the segmenter's and the translator's (a quotation spans two English sentences, a
name is written twice across a boundary), and some translator-QA checks fire far more often on
faithful articles than on real faults (``bench/PARAGRAPHS.md``), so they are notes.
:func:`aligncheck.checks.run.apply_severity` applies it, then the user's ``--severity``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

from ..types import Finding

if TYPE_CHECKING:  # pragma: no cover
    from .context import CheckContext

SEVERITIES = ("error", "warning", "info")
#: the input kinds a default severity is declared for: ``"units"`` (translation-unit files, pairs
#: given) and ``"documents"`` (two documents aligned sentence by sentence)
INPUT_KINDS = ("units", "documents")


@dataclass(frozen=True)
class CheckInfo:
    """One check id.

    Attributes:
        id: the stable id (``"omission"``), used in reports, ``--disable`` and ``--severity``.
        severity: the default severity, ``"error"``, ``"warning"`` or ``"info"`` (a check may
            lower it for some findings: a loose ``mismatch`` is a warning); in documents too unless
            ``document_severity`` is given.
        name: a PascalCase name (SARIF ``rule.name``).
        description: one sentence saying what it flags.
        example: a flagged case as the README's Findings table shows it (``""``: none given).
        run: the per-alignment function ``run(ctx) -> list[Finding]``, or ``None`` for a
            finding made elsewhere.
        document_severity: the default severity in documents when it differs from ``severity``
            (``None``: the same): a finding made at ``severity`` is reported at this one there.
    """

    id: str
    severity: str
    name: str
    description: str
    example: str = ""
    run: Optional[Callable[["CheckContext"], list[Finding]]] = None
    document_severity: Optional[str] = None

    def default_severity(self, kind: str) -> str:
        """The default severity for input ``kind`` (one of :data:`INPUT_KINDS`).

        Raises:
            ValueError: ``kind`` is not one of :data:`INPUT_KINDS`.
        """
        if kind not in INPUT_KINDS:
            raise ValueError(f"input kind must be one of {INPUT_KINDS}, not {kind!r}")
        if kind == "documents" and self.document_severity is not None:
            return self.document_severity
        return self.severity


#: check id -> :class:`CheckInfo`, in registration order (the order of :data:`CHECK_IDS`)
CHECKS: dict[str, CheckInfo] = {}
#: check id -> function, the per-alignment checks only, in the order they run
REGISTRY: dict[str, Callable[["CheckContext"], list[Finding]]] = {}


def declare(info: CheckInfo) -> CheckInfo:
    """Add ``info`` to :data:`CHECKS` (and its function to :data:`REGISTRY`).

    Raises:
        ValueError: the id is taken, or the severity is not one of :data:`SEVERITIES`.
    """
    if info.id in CHECKS:
        raise ValueError(f"check id {info.id} is declared twice")
    for level in (info.severity, info.document_severity):
        if level is not None and level not in SEVERITIES:
            raise ValueError(f"check {info.id}: severity must be one of {SEVERITIES}, not {level!r}")
    CHECKS[info.id] = info
    if info.run is not None:
        REGISTRY[info.id] = info.run
    return info


def register(check_id: str, severity: str, name: str, description: str, example: str = "", *,
             document_severity: Optional[str] = None):
    """Decorator: declare a per-alignment check ``fn(ctx) -> list[Finding]`` under ``check_id``
    (see :class:`CheckInfo` for the other fields)."""

    def deco(fn):
        declare(CheckInfo(check_id, severity, name, description, example, fn, document_severity))
        return fn

    return deco
