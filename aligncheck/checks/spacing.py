"""The ``spacing`` and ``repetition`` checks (one family: the look of the target's words).

``spacing`` (info): in the target, a run of two or more spaces inside the text, or a leading or
trailing space (translation units: the unit's text as written), that the source does not have.

``repetition`` (warning): a word written twice in a row in the target (``the the``, «في في»)
when the source does not repeat a word itself. Legitimate repetition is left alone: English
``that that``, ``had had`` and reduplications such as ``bye bye``; Arabic distributive and
gradual adverbs in the accusative (``شيئاً شيئاً``, ``رويداً رويداً``, ``يوماً بعد يوم`` is
no repetition anyway) and ``جدا جدا``, ``لا لا``; Latin letter names spelling an acronym
(``بي بي سي`` BBC, ``سي إن إن`` CNN); numbers (the numbers check compares them).
``شيئاً فشيئاً`` is not a repetition (the second word carries ف).
"""

from __future__ import annotations

import re

from ..codes import mask_codes
from ..segment import embedding_text
from ..types import Finding, Severity
from .context import CheckContext
from .pairs import Issue, issue_findings, qa_pairs
from .registry import register

_DOUBLE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_REPEAT = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)
#: words whose doubling is grammatical or idiomatic
LEGIT_REPEATS = frozenset({
    "that", "had", "bye", "very", "so", "no", "yes", "ha", "ho", "knock", "tut", "chop", "choo", "bla", "blah",
    "hip", "hush", "tsk", "pom", "now", "again", "more", "far", "on", "over", "round", "out", "is", "do",
    "جدا", "لا", "نعم", "كلا", "أهلا", "مهلا", "رويدا", "شيئا", "قليلا", "حقا", "بلى", "هيا", "آه", "اه",
    # Latin letter names spelling an acronym: بي بي سي (BBC), سي إن إن (CNN), إم إم (MM)
    "بي", "سي", "إن", "ان", "إم", "ام", "دي", "تي", "إي", "اي", "جي", "إس", "اس", "أو", "يو", "إف", "اف", "إل", "ال", "آر",
})


def check_spacing(source: str, target: str, *, source_edges: tuple[str, str] = ("", ""),
                  target_edges: tuple[str, str] = ("", "")) -> list[Issue]:
    """Spacing faults of a pair (info).

    Args:
        source, target: the texts as written (inner spacing kept).
        source_edges, target_edges: the whitespace before and after each text as the file has
            it (translation units), ``("", "")`` for document sentences.
    """
    issues = []
    if _DOUBLE.search(target) and not _DOUBLE.search(source):
        issues.append(Issue(Severity.INFO, "doubled space in the translation"))
    if target_edges[0] and not source_edges[0]:
        issues.append(Issue(Severity.INFO, "the translation starts with a space, the source does not"))
    if target_edges[1] and not source_edges[1]:
        issues.append(Issue(Severity.INFO, "the translation ends with a space, the source does not"))
    return issues


def repeated_words(text: str) -> list[str]:
    """Words written twice in a row in ``text`` (diacritics and tatweel ignored, case-folded),
    legitimate repeats (:data:`LEGIT_REPEATS`, Arabic accusatives in ``-ا``, numbers) left out."""
    out = []
    for m in _REPEAT.finditer(embedding_text(text)):
        w = m.group(1).casefold()
        if w in LEGIT_REPEATS or any(ch.isdigit() for ch in w):
            continue
        if len(w) > 2 and w.endswith("ا") and "\u0621" <= w[0] <= "\u064a":
            continue  # بيتاً بيتاً, فرداً فرداً: the distributive accusative
        out.append(m.group(1))
    return out


def check_repetition(source: str, target: str) -> list[Issue]:
    """A word repeated by mistake in the target (warning), unless the source repeats one too."""
    words = repeated_words(target)
    if not words or repeated_words(source):
        return []
    return [Issue(Severity.WARNING, "word repeated in the translation: " + ", ".join(f"«{w} {w}»" for w in words))]


def _edges(doc, index: int) -> tuple[str, str]:
    """The spaces and tabs right before and after segment ``index`` in ``doc.text`` (a
    translation unit's text as written; segment texts are stripped)."""
    seg = doc.segments[index]
    k = seg.start
    while k > 0 and doc.text[k - 1] in " \t\u00a0":
        k -= 1
    e = seg.end
    while e < len(doc.text) and doc.text[e] in " \t\u00a0":
        e += 1
    return doc.text[k:seg.start], doc.text[seg.end:e]


@register("spacing", "info", "Spacing", "A doubled, leading or trailing space the source does not have.",
          '`msgstr "حفظ  الملف "` for `"Save the file"`')
def check_spacing_pairs(ctx: CheckContext) -> list[Finding]:
    """:func:`check_spacing` on every pair (leading and trailing spaces of translation units
    only: document sentences are stripped)."""
    out = []
    for bead, s, t in qa_pairs(ctx):
        edges = {}
        if not ctx.documents:
            edges = {"source_edges": _edges(ctx.source, bead.src[0]), "target_edges": _edges(ctx.target, bead.tgt[0])}
        out += issue_findings("spacing", ctx, bead, check_spacing(s, t, **edges))
    return out


@register("repetition", "warning", "RepeatedWord", "A word written twice in a row by mistake.", "`the the`; «في في»",
          document_severity="info")
def check_repetition_pairs(ctx: CheckContext) -> list[Finding]:
    """:func:`check_repetition` on every pair, placeholders blanked."""
    out = []
    for bead, s, t in qa_pairs(ctx):
        out += issue_findings("repetition", ctx, bead, check_repetition(mask_codes(s), mask_codes(t)))
    return out
