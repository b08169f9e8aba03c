"""Descriptions of the checks, for reports that list rules (SARIF, GitLab, JUnit, HTML legends),
derived from the check registry (:data:`aligncheck.checks.registry.CHECKS`): one rule per
check id. A check id missing there still renders, with a generic rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import CHECKS


@dataclass(frozen=True)
class Rule:
    """A check as reports describe it.

    Attributes:
        id: the stable check id (``"omission"``).
        name: a PascalCase name (SARIF ``rule.name``).
        short: one sentence.
        default_level: the severity it usually has: ``"error"``, ``"warning"`` or ``"info"``.
    """

    id: str
    name: str
    short: str
    default_level: str


#: one rule per check of the registry (:data:`aligncheck.checks.registry.CHECKS`)
RULES: dict[str, Rule] = {
    c.id: Rule(c.id, c.name, c.description, c.severity) for c in CHECKS.values()
}


def rule(check_id: str) -> Rule:
    """The :class:`Rule` of ``check_id``; a generic one for an id not in :data:`RULES`."""
    if check_id in RULES:
        return RULES[check_id]
    name = "".join(part.capitalize() for part in check_id.replace("-", "_").split("_")) or "Check"
    return Rule(check_id, name, f"aligncheck check '{check_id}'.", "warning")
