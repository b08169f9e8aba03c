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

import functools
import os

from ..glossary import Term, load_glossary
from ..terms import find_term
from ..types import Finding, Severity
from .context import CheckContext
from .pairs import Issue, issue_findings, qa_pairs
from .registry import register


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


def _glossary(ctx: CheckContext):
    """The run's glossary (:func:`aligncheck.glossary.load_glossary`), read once per file
    version and language pair; ``None`` when the configuration names none."""
    path = ctx.config.glossary
    if not path:
        return None
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None  # load_glossary says why
    return _load_glossary(path, stamp, ctx.source.lang, ctx.target.lang)


@functools.lru_cache(maxsize=8)
def _load_glossary(path: str, stamp, source_lang: str, target_lang: str):
    return load_glossary(path, source_lang=source_lang, target_lang=target_lang)


@register("terminology", "warning", "Terminology",
          "A glossary term is not translated as the glossary says, a forbidden translation is used, "
          "or a do-not-translate term was translated.",
          "`لوزارة الصحة` / `the Health Ministry` with `وزارة الصحة,Ministry of Health,Health Ministry`")
def check_terminology_pairs(ctx: CheckContext) -> list[Finding]:
    """:func:`check_terminology` on every pair with the glossary of ``config.glossary``
    (nothing without one).

    Raises:
        InputError: the glossary cannot be read or parsed.
    """
    glossary = _glossary(ctx)
    if not glossary:
        return []
    out = []
    for bead, s, t in qa_pairs(ctx):
        out += issue_findings("terminology", ctx, bead, check_terminology(s, t, glossary))
    return out
