"""The ``terminology`` check: a project glossary's required, forbidden and do-not-translate terms
(the glossary file: :mod:`aligncheck.glossary`).

Matching (:func:`aligncheck.terms.find_term`) survives Arabic clitics and spelling variants and
English plural, possessive and case. For each entry whose source term occurs in the source text:
no accepted translation in the target (warning, naming the term and the expected translation); a
forbidden translation in the target; a do-not-translate term missing from the target (kept as
is, or as the glossary writes it in the other script). An entry with no source term forbids its
forbidden translations everywhere.
"""

from __future__ import annotations

from ..glossary import Term
from ..terms import find_term
from ..types import Severity
from . import Issue


def _expected(term: Term) -> str:
    return " or ".join(f"«{t}»" for t in term.targets) if term.targets else f"«{term.source}»"


def check_terminology(source: str, target: str, glossary: tuple[Term, ...]) -> list[Issue]:
    """Glossary faults of a source/target pair (warnings; see the module docstring).

    Returns:
        One :class:`Issue` per entry and kind of fault, in glossary order.
    """
    issues = []
    for term in glossary:
        note = f" ({term.note})" if term.note else ""
        if not term.source:
            for bad in term.forbidden:
                hit = find_term(bad, target)
                if hit:
                    issues.append(Issue(Severity.WARNING, f"«{hit}» is a forbidden term{note}"))
            continue
        found = find_term(term.source, source)
        if not found:
            continue
        if term.dnt:
            if not find_term(term.source, target) and not any(find_term(t, target) for t in term.targets):
                keep = " or ".join(f"«{t}»" for t in (term.source, *term.targets))
                issues.append(Issue(Severity.WARNING, f"«{found}» is not to be translated: keep {keep} in the translation{note}"))
        elif term.targets and not any(find_term(t, target) for t in term.targets):
            issues.append(Issue(Severity.WARNING, f"glossary: «{found}» should be translated as {_expected(term)}{note}"))
        for bad in term.forbidden:
            hit = find_term(bad, target)
            if hit:
                issues.append(Issue(Severity.WARNING, f"glossary: «{hit}» is a forbidden translation of «{term.source}»; "
                                    f"use {_expected(term)}{note}"))
    return issues
