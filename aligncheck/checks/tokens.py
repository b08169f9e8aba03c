"""``tokens``: URLs, e-mail addresses, hashtags, link targets and Latin-script names present on
one side of an aligned pair only.
"""

from __future__ import annotations

import re
import unicodedata

from ..codes import render_icu
from ..types import Finding, Severity
from .context import ARABIC_SCRIPT_LANGS, CheckContext, language_name, translated_beads, where
from .registry import register


_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"'«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a hashtag's word may carry Arabic vowel marks and shadda (#صلّح_حاجتك), which are not \w
_HASHTAG = re.compile(r"(?<![\w&])#[^\W\d_][\w\u064b-\u065f\u0670]*")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# Latin letters with their accented forms (Köln, São Paulo, Łódź): Latin-1 Supplement and Latin Extended-A/B
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_WORD = re.compile(f"[{_LATIN}][{_LATIN}0-9&.+-]*[{_LATIN}0-9]|[A-Z\u00c0-\u00d6\u00d8-\u00de]")


def fold(text: str) -> str:
    """``text`` lower-cased without accents or vowel marks (``Scannál`` -> ``scannal``,
    ``Köln`` -> ``koln``): a translator often drops or adds an accent on a foreign name."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))


def translated_hashtags(missing: list[str], extra: list[str]) -> bool:
    """Whether the hashtags on one side only are translations of each other: every unmatched
    hashtag of one side is written in Arabic script and the other side has as many unmatched
    hashtags (``#علم #حياة_الباحث`` / ``#science #phdlife``)."""
    m = [t for t in missing if t.startswith("#")]
    e = [t for t in extra if t.startswith("#")]
    if not m or len(m) != len(e):
        return False
    return all(_ARABIC_LETTER.search(t) for t in m) or all(_ARABIC_LETTER.search(t) for t in e)


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
    Latin-script words (names, product and ISO codes) of a source in another script. Accents
    and vowel marks do not count (:func:`fold`), and hashtags translated one for one into the
    other script are not lost (:func:`translated_hashtags`). A warning: translators sometimes
    adapt a link or a name on purpose."""
    src_ar = ctx.source.lang in ARABIC_SCRIPT_LANGS
    tgt_ar = ctx.target.lang in ARABIC_SCRIPT_LANGS
    out = []
    for bead, s_text, t_text in translated_beads(ctx):
        s_text, t_text = render_icu(s_text), render_icu(t_text)  # ICU keywords (few, many) are no words
        t_lower = fold(re.sub(r"\s+", "", t_text))  # "JohnnyEnglish" = "Johnny English"; Scannál = Scannal
        s_lower = fold(re.sub(r"\s+", "", s_text))
        missing = sorted(t for t in _tokens(s_text, src_ar and not tgt_ar) if fold(t.replace(" ", "")) not in t_lower)
        extra = sorted(t for t in _tokens(t_text, tgt_ar and not src_ar) if fold(t.replace(" ", "")) not in s_lower)
        # Latin words of the target are only compared when the source is Latin too: URLs etc.
        extra = [t for t in extra if t.startswith(("http", "www.", "#")) or "@" in t]
        if translated_hashtags(missing, extra):  # #علم / #science: localised, not lost
            missing = [t for t in missing if not t.startswith("#")]
            extra = [t for t in extra if not t.startswith("#")]
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
