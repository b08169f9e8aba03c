"""``bidi_control``: bidi controls that make readers see another order than the text that is
checked ("Trojan Source", Boucher & Anderson 2021): ``about \\u202e250\\u202c beds`` shows "about 052
beds" while the ``numbers`` check reads 250.

Each side of a pair is judged on its own (an inert control on the other side cannot cancel one
that reorders): a finding when a segment holds a control that reorders what it encloses
(:func:`reordering_spans`), up to its closing PDF/PDI or the end of the segment:

* the right-to-left override RLO (U+202E) around two or more characters that are not
  right-to-left letters (digits, Latin letters, punctuation: RLO around Arabic letters shows
  them as they are);
* the left-to-right override LRO (U+202D) around two or more right-to-left letters;
* in a left-to-right language, the right-to-left embedding or isolate (RLE U+202B, RLI U+2067)
  around two or more words or numbers (their order is reversed).

Not counted: the terminators, first-strong isolates, embeddings and isolates in the text's own
direction, LRE/LRI in a right-to-left language (how Arabic text wraps Latin names and numbers),
and the marks LRM, RLM and ALM, all ordinary in Arabic text.
"""

from __future__ import annotations

import re
import unicodedata

from ..types import Finding, Severity
from .context import ARABIC_SCRIPT_LANGS, CheckContext, language_name
from .registry import register

LRO, RLO, RLE, RLI = "\u202d", "\u202e", "\u202b", "\u2067"
_OPENERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"
_CLOSERS = "\u202c\u2069"
#: right-to-left languages besides those in Arabic script
_RTL_LANGS = frozenset({"he", "iw", "yi", "dv", "syr"})


def _rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _enclosed(text: str, start: int) -> str:
    """The text a control at ``start`` encloses: up to its matching PDF/PDI (nested openers
    counted) or the end of ``text``."""
    depth = 0
    for k in range(start + 1, len(text)):
        if text[k] in _OPENERS:
            depth += 1
        elif text[k] in _CLOSERS:
            if depth == 0:
                return text[start + 1:k]
            depth -= 1
    return text[start + 1:]


def reordering_spans(text: str, lang: str) -> list[tuple[str, str]]:
    """``(control, enclosed text)`` of each bidi control in ``text`` (language ``lang``) that
    reorders what it encloses, by the rules of the module doc."""
    ltr = lang not in ARABIC_SCRIPT_LANGS and lang not in _RTL_LANGS
    out = []
    for k, ch in enumerate(text):
        if ch not in (LRO, RLO, RLE, RLI):
            continue
        inside = _enclosed(text, k)
        visible = [c for c in inside if not c.isspace() and c not in _OPENERS + _CLOSERS]
        if ch == RLO:
            hit = sum(1 for c in visible if not _rtl(c)) >= 2
        elif ch == LRO:
            hit = sum(1 for c in visible if _rtl(c)) >= 2
        else:
            hit = ltr and len(re.findall(r"\w+", inside)) >= 2
        if hit:
            out.append((ch, inside))
    return out


def _describe(spans: list[tuple[str, str]]) -> str:
    ch, inside = spans[0]
    shown = inside if len(inside) <= 40 else inside[:39] + "…"
    more = f" (and {len(spans) - 1} more)" if len(spans) > 1 else ""
    return f"U+{ord(ch):04X} around «{shown}»{more}"


@register("bidi_control", "error", "BidiControl",
          "A bidi override (or an opposite-direction embedding) reorders what readers see of a segment.",
          "`about \\u202e250\\u202c beds` (shown as about 052 beds) for `نحو 250 سريرا`")
def check_bidi_controls(ctx: CheckContext) -> list[Finding]:
    """One error per bead (aligned or not) a side of which holds a control that reorders what
    readers see (:func:`reordering_spans`; each side on its own); the message names the
    control and what it encloses."""
    out = []
    for bead in ctx.alignment.beads:
        parts = []
        for doc, idx in ((ctx.target, bead.tgt), (ctx.source, bead.src)):
            spans = [s for i in idx for s in reordering_spans(doc.segments[i].text, doc.lang)]
            if spans:
                parts.append(f"the {language_name(doc.lang)} holds {_describe(spans)}")
        if parts:
            out.append(Finding("bidi_control", Severity.ERROR, bead.src, bead.tgt,
                               f"{' and '.join(parts)}: this bidi control changes the order readers see, so the text "
                               "shown is not the text checked; remove it"))
    return out
