"""Short sentences without a counterpart inside an aligned paragraph: notes, not errors.

Translators of speech and social text leave out interjections and fillers ("Yeah.", "Jeez.",
"Yes, sir.") and split or merge short exclamations into their neighbours; the alignment then has
a 1-0 or 0-1 bead for a sentence that carries next to no content. On the faithful WMT24++
paragraphs (``bench/PARAGRAPHS.md``, tune half) such skips of at most two words were a sixth
of all false omissions and additions, while no sentence-level fault of the NTREX/TICO articles
was that short. A skip stays an error when the sentence holds a number, or when it is alone in
its paragraph (a dropped heading or a one-line quote is a real omission).
"""

from __future__ import annotations

import dataclasses
import re

from ..types import Finding, Severity
from .context import CheckContext

#: most words (whitespace-separated) of a sentence whose skip is a note. Chosen on the tune half
#: of the paragraph benchmark: 3 words removed 26 false skips on faithful WMT24++ documents but
#: lost two real deleted NTREX sentences ("لم أستطع المشي.", "Today, there's neither."); 2 words
#: removed 15 and lost none
MINOR_WORDS = 2
_DIGIT = re.compile(r"\d")


def is_minor_skip(finding: Finding, ctx: CheckContext) -> bool:
    """Whether ``finding`` is an ``omission`` or ``addition`` of one sentence of at most
    :data:`MINOR_WORDS` words, with no digit, whose paragraph holds another sentence of the
    same side that is aligned (in a bead with both sides)."""
    if finding.check not in ("omission", "addition") or len(finding.src) + len(finding.tgt) != 1:
        return False
    side, doc = (0, ctx.source) if finding.src else (1, ctx.target)
    k = (finding.src or finding.tgt)[0]
    seg = doc.segments[k]
    if len(seg.text.split()) > MINOR_WORDS or _DIGIT.search(seg.text):
        return False
    aligned = {i for b in ctx.alignment.beads if b.src and b.tgt for i in (b.src if side == 0 else b.tgt)}
    return any(s.paragraph == seg.paragraph and s.index != k and s.index in aligned for s in doc.segments)


def minor_skips(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """``findings`` with every minor skip (:func:`is_minor_skip`) lowered to info, its message
    saying why; the others unchanged, in the same order."""
    out = []
    for f in findings:
        if Severity(f.severity) is not Severity.INFO and is_minor_skip(f, ctx):
            f = dataclasses.replace(f, severity=Severity.INFO,
                                    message=f.message + " (a short sentence inside an aligned paragraph: a note)")
        out.append(f)
    return out
