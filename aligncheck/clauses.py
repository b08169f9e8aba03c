"""Split a sentence into clauses, for the ``partial_omission`` check.

A clause boundary is a comma, semicolon or colon (Arabic ``،`` ``؛`` and Latin ``,`` ``;``
``:``), or a word that usually opens a new clause: Arabic reporting verbs and connectives
joined to ``و`` (``وقال``, ``وأضاف``, ``ولكن`` ...), free connectives (``بينما``, ``حيث``,
``في حين``, ``إلا أن`` ...), and English conjunctions (``and``, ``but``, ``which``,
``while`` ...). Arabic ``و`` alone is *not* a boundary: it begins countless ordinary words
(``وزير``, ``وقت``) and joins nouns far more often than clauses.

Pieces shorter than :data:`MIN_CLAUSE_WORDS` words are merged into their neighbour, so a
short aside (``، أمس،``) never stands alone.
"""

from __future__ import annotations

import re

#: a clause has at least this many words (shorter pieces are merged into a neighbour)
MIN_CLAUSE_WORDS = 3

_PUNCT = re.compile(r"[,;:،؛](?=\s)")

_AR_OPENERS = (
    # reporting verbs and connectives joined to و / ف
    "وقال", "وقالت", "وأضاف", "وأضافت", "وأكد", "وأكدت", "وأشار", "وأشارت", "ولفت", "ولفتت",
    "وأوضح", "وأوضحت", "وتابع", "وتابعت", "واعتبر", "واعتبرت", "وشدد", "وشددت", "وذكر", "وذكرت",
    "وأعلن", "وأعلنت", "ولكن", "لكن", "لكنه", "لكنها", "ولكنه", "ولكنها", "فيما", "بينما",
    "حيث", "إذ", "كما", "عندما", "لأن", "لأنه", "لأنها", "إذا", "حتى", "مما", "والتي", "والذي",
    "وهو", "وهي", "وهم", "ثم", "وكذلك", "كذلك",
)
_AR_MULTI = ("في حين", "إلا أن", "غير أن", "بعد أن", "قبل أن", "الأمر الذي")
_EN_OPENERS = ("and", "but", "which", "while", "whereas", "because", "although", "though",
               "who", "where", "when", "after", "before", "so", "or", "as")

_OPENER = re.compile(
    r"(?<=\s)(?:" + "|".join(re.escape(w) for w in sorted(_AR_MULTI + _AR_OPENERS, key=len, reverse=True))
    + r")(?=\s)"
    + r"|(?<=\s)(?:" + "|".join(_EN_OPENERS) + r")(?=\s)",
    re.IGNORECASE,
)


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Code-point spans ``(start, end)`` of the clauses of ``text``, in order.

    The spans cover ``text`` without overlap (surrounding whitespace of each piece is
    trimmed); a boundary's punctuation stays at the end of the clause before it, an opening
    word starts the clause after it. A text with no boundary is one clause.

    Returns:
        A non-empty list for a text with any non-space character, else ``[]``.
    """
    cuts = {m.end() for m in _PUNCT.finditer(text)}
    cuts |= {m.start() for m in _OPENER.finditer(text)}
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    pieces = []
    for a, b in zip(bounds, bounds[1:]):
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            pieces.append([a + lead, a + trail])
    # merge pieces that are too short into the previous one (the first into the next)
    merged: list[list[int]] = []
    for p in pieces:
        if merged and _words(text, merged[-1]) < MIN_CLAUSE_WORDS:
            merged[-1][1] = p[1]
        elif merged and _words(text, p) < MIN_CLAUSE_WORDS:
            merged[-1][1] = p[1]
        else:
            merged.append(p)
    if len(merged) > 1 and _words(text, merged[-1]) < MIN_CLAUSE_WORDS:
        last = merged.pop()
        merged[-1][1] = last[1]
    return [(a, b) for a, b in merged]


def _words(text: str, span) -> int:
    return len(text[span[0]:span[1]].split())


def split_clauses(text: str) -> list[str]:
    """The clauses of ``text`` (see :func:`clause_spans`), as strings."""
    return [text[a:b] for a, b in clause_spans(text)]
