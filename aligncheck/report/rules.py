"""Descriptions of the checks, for reports that list rules (SARIF, JUnit, HTML legends).

One entry per stable check id of :mod:`aligncheck.checks` (plus ``moved``, made by pairing an
omission with an addition, and ``missing_target``, made by ``aligncheck ci``); the issue #4
checks (``partial_omission``, ``duplicate``, ``negation``) are listed ahead of their merge. A
check id missing here still renders, with a generic rule.
"""

from __future__ import annotations

from dataclasses import dataclass


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


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("omission", "Omission", "A source sentence has no counterpart in the translation.", "error"),
        Rule("addition", "Addition", "A translated sentence has no source: added text, or translated from elsewhere.", "error"),
        Rule("mismatch", "Mismatch", "An aligned pair of sentences does not say the same thing.", "error"),
        Rule("numbers", "NumberMismatch", "An aligned pair of sentences has numbers that differ by value.", "error"),
        Rule("tokens", "TokenMismatch", "A URL, e-mail address, hashtag or Latin-script name appears on one side only.", "warning"),
        Rule("untranslated", "Untranslated", "A target sentence is left in the source language or copied verbatim.", "error"),
        Rule("partial_omission", "PartialOmission", "A translated sentence leaves out a clause of its source.", "warning"),
        Rule("duplicate", "DuplicateSentence", "A target sentence is repeated where the source says it once.", "error"),
        Rule("negation", "NegationMismatch", "One side is negated and the other has no negative word.", "info"),
        Rule("long_segment", "LongSegment", "A segment is too long to compare whole; only its start was compared.", "info"),
        Rule("moved", "MovedSentence", "A sentence was translated out of order.", "info"),
        Rule("unrelated_documents", "UnrelatedDocuments", "The target file does not seem to be a translation of the source file.", "error"),
        Rule("empty_target", "EmptyTarget", "A translation unit has no translation.", "error"),
        Rule("empty_source", "EmptySource", "A translation unit has a translation but no source text.", "warning"),
        Rule("missing_key", "MissingKey", "A key of the source catalog is absent from the target catalog.", "error"),
        Rule("extra_key", "ExtraKey", "A key is only in the target catalog.", "warning"),
        Rule("placeholders", "PlaceholderMismatch", "A format code, ICU argument, tag or inline code is missing, added, changed or reordered.", "error"),
        Rule("punctuation", "PunctuationMismatch", "End punctuation, brackets or quotes do not correspond, or punctuation of the wrong script.", "warning"),
        Rule("spacing", "Spacing", "A doubled, leading or trailing space the source does not have.", "info"),
        Rule("repetition", "RepeatedWord", "A word written twice in a row by mistake.", "warning"),
        Rule("terminology", "Terminology", "A glossary term is not translated as the glossary says, a forbidden translation is used, or a do-not-translate term was translated.", "warning"),
        Rule("length", "LengthLimit", "A translation unit is longer than its limit, or far longer or shorter than the file's other units.", "warning"),
        Rule("consistency", "InconsistentTranslation", "The same source is translated differently, or different sources share one translation.", "warning"),
        Rule("missing_target", "MissingTarget", "The translation file of a changed source file does not exist.", "error"),
    )
}


def rule(check_id: str) -> Rule:
    """The :class:`Rule` of ``check_id``; a generic one for an id not in :data:`RULES`."""
    if check_id in RULES:
        return RULES[check_id]
    name = "".join(part.capitalize() for part in check_id.replace("-", "_").split("_")) or "Check"
    return Rule(check_id, name, f"aligncheck check '{check_id}'.", "warning")
