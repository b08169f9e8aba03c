"""``tokens``: URLs, e-mail addresses, hashtags, link targets and Latin-script names present on
one side of an aligned pair only.
"""

from __future__ import annotations

import re

from ..codes import render_icu
from ..types import Finding, Severity
from .context import ARABIC_SCRIPT_LANGS, CheckContext, language_name, translated_beads, where
from .registry import register


_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"'«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HASHTAG = re.compile(r"(?<![\w&])#[^\W\d_][\w]*")
# Latin letters with their accented forms (Köln, São Paulo, Łódź): Latin-1 Supplement and Latin Extended-A/B
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_WORD = re.compile(f"[{_LATIN}][{_LATIN}0-9&.+-]*[{_LATIN}0-9]|[A-Z\u00c0-\u00d6\u00d8-\u00de]")


def _tokens(text: str, with_latin_words: bool) -> set[str]:
    """URLs, e-mail addresses, hashtags (and, for text in a non-Latin script, its Latin-script
    words: names, codes) of ``text``, lower-cased, trailing punctuation stripped."""
    found = set()
    rest = re.sub(r"&#?\w+;", " ", text)  # HTML entities (&gt;) are markup, not words
    for rx in (_URL, _EMAIL):
        for m in rx.finditer(rest):
            found.add(m.group(0).rstrip(".,;:!?،؛/").lower())
        rest = rx.sub(" ", rest)
    found |= {m.group(0).lower() for m in _HASHTAG.finditer(rest)}
    if with_latin_words:
        found |= {w.lower().rstrip(".") for w in _LATIN_WORD.findall(_HASHTAG.sub(" ", rest)) if len(w) >= 2}
    return found


@register("tokens", 'warning', 'TokenMismatch',
          'A URL, e-mail address, hashtag or Latin-script name appears on one side only.',
          '`حمّلوا Zoom من https://zoom.us` / `Download the app.`')
def check_tokens(ctx: CheckContext) -> list[Finding]:
    """URLs, e-mail addresses and hashtags on one side of a bead must be on the other; so must the
    Latin-script words (names, product and ISO codes) of a source in another script. A warning:
    translators sometimes adapt a link or a name on purpose."""
    src_ar = ctx.source.lang in ARABIC_SCRIPT_LANGS
    tgt_ar = ctx.target.lang in ARABIC_SCRIPT_LANGS
    out = []
    for bead, s_text, t_text in translated_beads(ctx):
        s_text, t_text = render_icu(s_text), render_icu(t_text)  # ICU keywords (few, many) are no words
        t_lower = re.sub(r"\s+", "", t_text.lower())  # "JohnnyEnglish" = "Johnny English"
        s_lower = re.sub(r"\s+", "", s_text.lower())
        missing = sorted(t for t in _tokens(s_text, src_ar and not tgt_ar) if t.replace(" ", "") not in t_lower)
        extra = sorted(t for t in _tokens(t_text, tgt_ar and not src_ar) if t.replace(" ", "") not in s_lower)
        # Latin words of the target are only compared when the source is Latin too: URLs etc.
        extra = [t for t in extra if t.startswith(("http", "www.", "#")) or "@" in t]
        # Markdown link targets and image paths (Segment.links) must be on both sides too
        s_links = {x for i in bead.src for x in ctx.source.segments[i].links}
        t_links = {x for j in bead.tgt for x in ctx.target.segments[j].links}
        lost, added = sorted(s_links - t_links), sorted(t_links - s_links)
        missing = [t for t in missing if not any(t in x.lower() for x in lost)] + lost
        extra = [t for t in extra if not any(t in x.lower() for x in added)] + added
        if not missing and not extra:
            continue
        parts = []
        if missing:
            parts.append(f"{', '.join(missing)} missing in the {language_name(ctx.target.lang)}")
        if extra:
            parts.append(f"{', '.join(extra)} not in the {language_name(ctx.source.lang)}")
        out.append(Finding(
            "tokens", Severity.WARNING, bead.src, bead.tgt,
            f"{language_name(ctx.source.lang)} {where(ctx.source, bead.src)} and "
            f"{language_name(ctx.target.lang)} {where(ctx.target, bead.tgt)} differ in links, "
            f"addresses or names: {'; '.join(parts)}",
            score=bead.score,
        ))
    return out
