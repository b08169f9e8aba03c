"""``bidi_control``: bidi embedding, override or isolate characters on one side only, which make
readers see another order than the text that is checked ("Trojan Source", Boucher & Anderson
2021): ``about \\u202e250\\u202c beds`` shows "about 052 beds" while the ``numbers`` check reads 250.
LRM, RLM and ALM (U+200E, U+200F, U+061C) are ordinary in Arabic text and not counted.
"""

from __future__ import annotations

from collections import Counter

from ..types import Finding, Severity
from .context import CheckContext, language_name
from .registry import register

#: LRE RLE PDF LRO RLO, LRI RLI FSI PDI
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def bidi_controls(text: str) -> Counter:
    """How many of each :data:`BIDI_CONTROLS` character ``text`` holds."""
    return Counter(ch for ch in text if ch in BIDI_CONTROLS)


def _names(counts: Counter) -> str:
    return ", ".join(f"U+{ord(ch):04X}" + (f" x{n}" if n > 1 else "") for ch, n in sorted(counts.items()))


@register("bidi_control", "error", "BidiControl",
          "Bidi embedding, override or isolate characters on one side only change the order readers see.",
          "`about \\u202e250\\u202c beds` (shown as about 052 beds) for `نحو 250 سريرا`")
def check_bidi_controls(ctx: CheckContext) -> list[Finding]:
    """One error per bead (aligned or not) whose target holds bidi controls its source does not,
    or the reverse (see the module doc); the message names the code points."""
    out = []
    s_name, t_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    for bead in ctx.alignment.beads:
        s = bidi_controls(" ".join(ctx.source.segments[i].text for i in bead.src))
        t = bidi_controls(" ".join(ctx.target.segments[j].text for j in bead.tgt))
        if s == t:
            continue
        extra_t, extra_s = t - s, s - t
        parts = []
        if extra_t:
            parts.append(f"the {t_name} holds {_names(extra_t)}")
        if extra_s:
            parts.append(f"the {s_name} holds {_names(extra_s)}")
        out.append(Finding("bidi_control", Severity.ERROR, bead.src, bead.tgt,
                           f"{' and '.join(parts)} that the other side does not: bidi embedding, override or isolate "
                           "characters change the order readers see, so the text shown is not the text checked; "
                           "remove them"))
    return out
