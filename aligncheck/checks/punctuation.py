"""The ``punctuation`` check: end punctuation that does not correspond, unpaired brackets and
quotes, and punctuation of the wrong script.

End punctuation is compared by class (:func:`end_class`), the Arabic marks counting as the
equivalents they are: ``؟`` is ``?``, ``؛`` is ``;``, ``،`` is ``,``, ``۔`` is ``.``, and
``؟!`` / ``?!`` / ``!؟`` (an exclamatory question) corresponds to ``?``, ``!`` or itself. Closing
quotes and brackets after the mark are looked through (``He asked: "Why?"``).

Reported (all warnings by default):

* a question on one side only, an exclamation on one side only (``!`` against ``.`` or nothing),
  a colon or an ellipsis on one side only, and, for translation units only (UI strings), a full
  stop on one side only (in documents a headline legitimately ends without one);
* a bracket or quote pair (``( )``, ``[ ]``, ``{ }``, ``« »``, ``“ ”``, ``"``) balanced in the
  source and unbalanced in the target (quotes only when the source quotes at all: English opens
  every paragraph of a long quotation and closes only the last, and translators move quotes);
* Latin ``?`` ``,`` ``;`` touching an Arabic word in an Arabic-script target (``؟ ، ؛`` are
  expected; ``1,000`` between digits is a number), and Arabic ``؟ ، ؛`` in a Latin-script target.
"""

from __future__ import annotations

import re

from ..codes import mask_codes
from ..types import Finding, Severity
from .context import CheckContext
from .pairs import Issue, issue_findings, qa_pairs
from .registry import register

_CLOSERS = "\"'”’»)]}›」 \u00a0\t"
_CLASS = {
    "?": "?", "؟": "?", "⸮": "?", "!": "!", ".": ".", "۔": ".", "。": ".", ":": ":", ";": ";", "؛": ";",
    ",": ",", "،": ",", "…": "…",
}
_NAMES = {"?": "a question mark", "!": "an exclamation mark", ".": "a full stop", ":": "a colon",
          ";": "a semicolon", ",": "a comma", "…": "an ellipsis", "?!": "?! (an exclamatory question)",
          "": "no end punctuation"}
#: bracket and quote pairs checked for balance (opening, closing)
PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))
_ARABIC_LETTER = "\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff"
_LATIN_IN_ARABIC = re.compile(rf"(?<=[{_ARABIC_LETTER}\u064b-\u065f])\s?([?,;])|([?,;])(?=\s?[{_ARABIC_LETTER}])")
_ARABIC_IN_LATIN = re.compile(r"[؟،؛]")
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug"})


def end_class(text: str) -> str:
    """The class of the punctuation ending ``text``: ``"?"``, ``"!"``, ``"?!"``, ``"."``,
    ``":"``, ``";"``, ``","``, ``"…"`` (also ``...``) or ``""`` (none). Closing quotes,
    brackets and spaces after the mark are skipped."""
    s = text.rstrip(_CLOSERS)
    if s.endswith("...") or s.endswith("…"):
        return "…"
    tail = ""
    for ch in reversed(s):
        if ch in _CLASS and len(tail) < 3:
            tail = ch + tail
        else:
            break
    classes = {_CLASS[ch] for ch in tail}
    if {"?", "!"} <= classes:
        return "?!"
    if not tail:
        return ""
    return _CLASS[tail[-1]]


def _corresponds(a: str, b: str, units: bool) -> bool:
    if a == b:
        return True
    if "?!" in (a, b) and ({a, b} & {"?", "!"}):
        return True
    pair = {a, b}
    if pair <= {".", "", ",", ";"}:
        # a full stop (or , ;) against none matters in UI strings only
        return not units or "" not in pair
    return False


def _unbalanced(text: str) -> list[str]:
    out = []
    for o, c in PAIRS:
        if text.count(o) != text.count(c):
            out.append(f"{o} {c}")
    if text.count('"') % 2:
        out.append('"')
    return out


def _has_quotes(text: str) -> set[str]:
    """The quote families (``"`` and the typographic pairs) ``text`` uses at all."""
    out = {f"{o} {c}" for o, c in PAIRS if o in text or c in text}
    if '"' in text:
        out.add('"')
    return out


def check_punctuation(source: str, target: str, *, source_lang: str, target_lang: str, units: bool = False) -> list[Issue]:
    """Punctuation faults of a source/target pair (see the module docstring).

    Args:
        source, target: the two texts as written.
        source_lang, target_lang: ISO 639-1 codes (the script rules use the target's).
        units: ``True`` for translation units (a full stop on one side only is then reported).

    Returns:
        Warnings; empty when the pair agrees.
    """
    issues = []
    a, b = end_class(source), end_class(target)
    if not _corresponds(a, b, units):
        issues.append(Issue(Severity.WARNING, f"the source ends with {_NAMES[a]}, the translation with {_NAMES[b]}"))
    src_bad = set(_unbalanced(source))
    quoted = _has_quotes(source)
    # a quote mark the source does not use at all: a style choice or a quotation running on from
    # the previous paragraph (English opens each quoted paragraph and closes only the last)
    bad = [p for p in _unbalanced(target) if p not in src_bad
           and (p.split()[0] in "([{" or p in quoted or (p in ("« »", "“ ”", '"') and quoted & {"« »", "“ ”", '"'}))]
    if bad:
        issues.append(Issue(Severity.WARNING, f"unpaired {' and '.join(bad)} in the translation (paired in the source)"))
    if target_lang in _ARABIC_SCRIPT:
        marks = []
        for m in _LATIN_IN_ARABIC.finditer(target):
            ch = m.group(1) or m.group(2)
            k = m.start(1) if m.group(1) else m.start(2)
            if ch == "," and k and target[k - 1].isdigit() and target[k + 1:k + 2].isdigit():
                continue
            marks.append(ch)
        if marks:
            wanted = {"?": "؟", ",": "،", ";": "؛"}
            shown = " ".join(f"{ch} (use {wanted[ch]})" for ch in dict.fromkeys(marks))
            issues.append(Issue(Severity.WARNING, f"Latin punctuation in Arabic text: {shown}"))
    elif source_lang in _ARABIC_SCRIPT or target_lang in ("en", "fr", "de", "es", "it", "pt", "nl", "tr"):
        found = sorted(set(_ARABIC_IN_LATIN.findall(target)))
        if found:
            issues.append(Issue(Severity.WARNING, f"Arabic punctuation {' '.join(found)} in the {target_lang} translation"))
    return issues


@register("punctuation", "warning", "PunctuationMismatch",
          "End punctuation, brackets or quotes do not correspond, or punctuation of the wrong script.",
          "`Why?` / `لماذا.`; `(نعم` for `(yes)`; `لماذا?`", document_severity="info")
def check_punctuation_pairs(ctx: CheckContext) -> list[Finding]:
    """:func:`check_punctuation` on every pair the QA checks look at
    (:func:`~aligncheck.checks.pairs.qa_pairs`), placeholders blanked first (an ICU message's
    commas are syntax, not Latin punctuation)."""
    out = []
    for bead, s, t in qa_pairs(ctx):
        out += issue_findings("punctuation", ctx, bead, check_punctuation(
            mask_codes(s), mask_codes(t), source_lang=ctx.source.lang, target_lang=ctx.target.lang,
            units=not ctx.documents))
    return out
