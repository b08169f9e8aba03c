"""What the localisation QA checks (placeholders, punctuation, spacing, repetition, terminology,
length, consistency) share: the :class:`Issue` their pure functions return, the pairs they look
at (:func:`qa_pairs`), how a message names a pair (:func:`pair_label`) and the findings made of
issues (:func:`issue_findings`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..types import Bead, Finding, Severity
from .context import CheckContext, language_name, where


@dataclass(frozen=True)
class Issue:
    """One problem a pair check found in a source/target pair.

    Attributes:
        severity: how bad it is by default (``--severity`` still applies).
        message: one line a translator understands, quoting the text at fault.
    """

    severity: Severity
    message: str


def qa_pairs(ctx: CheckContext, *, every_unit: bool = False) -> Iterator[tuple[Bead, str, str]]:
    """The pairs the QA checks look at, with their joined source and target texts (segments
    joined by a space): the beads with both sides that are neither untranslated (documents) nor
    below the mismatch margin (a replaced text differs in everything; its punctuation or terms
    would only be noise beside the ``mismatch`` finding). ``every_unit``: translation units are
    all looked at, mismatched or not: a broken code breaks the program, a limit is a limit and a
    text is translated one way or two whatever the words say (``placeholders``, ``length``,
    ``consistency``)."""
    for bead in ctx.alignment.beads:
        if not bead.src or not bead.tgt:
            continue
        if ctx.documents and ctx.untranslated_targets & set(bead.tgt):
            continue
        if not (every_unit and not ctx.documents):
            if bead.margin is not None and bead.margin < ctx.config.mismatch_margin:
                continue
        yield (bead,
               " ".join(ctx.source.segments[i].text for i in bead.src),
               " ".join(ctx.target.segments[j].text for j in bead.tgt))


def pair_label(ctx: CheckContext, bead: Bead) -> str:
    """How a message names a pair: ``unit ID`` for a translation unit, else the two sides'
    lines (``Arabic line 3 / English line 4``)."""
    unit = ctx.source.segments[bead.src[0]].unit if bead.src else None
    if not ctx.documents and unit is not None:
        return f"unit {unit}"
    return (f"{language_name(ctx.source.lang)} {where(ctx.source, bead.src)} / "
            f"{language_name(ctx.target.lang)} {where(ctx.target, bead.tgt)}")


def issue_findings(check_id: str, ctx: CheckContext, bead: Bead, issues: Iterable[Issue]) -> list[Finding]:
    """One finding of ``check_id`` per issue, on ``bead``, the message led by :func:`pair_label`."""
    return [Finding(check_id, i.severity, bead.src, bead.tgt, f"{pair_label(ctx, bead)}: {i.message}") for i in issues]
