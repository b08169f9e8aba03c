"""``bidi_control``: bidi controls on one side only that make readers see another order than
the text that is checked ("Trojan Source", Boucher & Anderson 2021): ``about \\u202e250\\u202c
beds`` shows "about 052 beds" while the ``numbers`` check reads 250.

Counted (:func:`reordering_controls`): the overrides LRO and RLO (U+202D, U+202E) in any text,
and in a left-to-right language the right-to-left embedding and isolate (RLE U+202B, RLI U+2067),
which reverse the order of the words and numbers they enclose. Not counted: the terminators (PDF,
PDI), first-strong isolates, embeddings and isolates in the text's own direction, and in a
right-to-left language the left-to-right ones (LRE, LRI: how Arabic text wraps Latin names and
numbers), and the marks LRM, RLM and ALM, all ordinary in Arabic text.
"""

from __future__ import annotations

from collections import Counter

from ..types import Finding, Severity
from .context import ARABIC_SCRIPT_LANGS, CheckContext, language_name
from .registry import register

#: LRE RLE PDF LRO RLO, LRI RLI FSI PDI
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: reorder the text they enclose whatever its language: LRO, RLO
OVERRIDES = frozenset("\u202d\u202e")
#: ... in a left-to-right language: RLE, RLI
RIGHT_TO_LEFT = frozenset("\u202b\u2067")
#: right-to-left languages besides those in Arabic script
_RTL_LANGS = frozenset({"he", "iw", "yi", "dv", "syr"})


def reordering_controls(text: str, lang: str) -> Counter:
    """How many of each bidi control that reorders what readers see ``text`` (in language
    ``lang``) holds: see the module doc."""
    counted = OVERRIDES if lang in ARABIC_SCRIPT_LANGS or lang in _RTL_LANGS else OVERRIDES | RIGHT_TO_LEFT
    return Counter(ch for ch in text if ch in counted)


def _names(counts: Counter) -> str:
    return ", ".join(f"U+{ord(ch):04X}" + (f" x{n}" if n > 1 else "") for ch, n in sorted(counts.items()))


@register("bidi_control", "error", "BidiControl",
          "Bidi override (or opposite-direction embedding) characters on one side only change the order readers see.",
          "`about \\u202e250\\u202c beds` (shown as about 052 beds) for `نحو 250 سريرا`")
def check_bidi_controls(ctx: CheckContext) -> list[Finding]:
    """One error per bead (aligned or not) whose target holds bidi controls its source does not,
    or the reverse (see the module doc); the message names the code points."""
    out = []
    s_name, t_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    for bead in ctx.alignment.beads:
        s = reordering_controls(" ".join(ctx.source.segments[i].text for i in bead.src), ctx.source.lang)
        t = reordering_controls(" ".join(ctx.target.segments[j].text for j in bead.tgt), ctx.target.lang)
        if s == t:
            continue
        extra_t, extra_s = t - s, s - t
        parts = []
        if extra_t:
            parts.append(f"the {t_name} holds {_names(extra_t)}")
        if extra_s:
            parts.append(f"the {s_name} holds {_names(extra_s)}")
        out.append(Finding("bidi_control", Severity.ERROR, bead.src, bead.tgt,
                           f"{' and '.join(parts)} that the other side does not: these bidi controls change the order "
                           "readers see, so the text shown is not the text checked; remove them"))
    return out
