"""``untranslated``: a target segment left in the source's script, or a copy of its source.
"""

from __future__ import annotations

import re

from ..codes import mask_codes
from ..documents import letter_counts
from ..types import Finding, Severity
from .context import ARABIC_SCRIPT_LANGS, CheckContext, language_name, where
from .registry import register


def script_share(text: str, arabic: bool) -> float:
    """Share (0-1) of the letters of ``text`` that are in the Arabic script (``arabic=True``)
    or not (``arabic=False``), scripts as :func:`aligncheck.documents.letter_counts` reads
    them. 0.0 for a text without letters."""
    counts = letter_counts(text)
    total = sum(counts.values())
    if not total:
        return 0.0
    return (counts["arabic"] if arabic else total - counts["arabic"]) / total


# a span never contains its own opening mark, so a run of unclosed « or “ is scanned once, not
# once per mark (quadratic: 33,000 “ took seconds)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^“”]*”|«[^«»]*»|‘[^‘’]*’|„[^„“”]*[“”]|\([^()]*\)|\[[^\[\]]*\]")
# an e-mail address is tried from the start of a run only (``(?<![\w.+-])``): a long run of word
# characters without "@" was scanned once per character (quadratic)
_MARKUP = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|#\w+", re.IGNORECASE)


def _outside_quotes(text: str) -> str:
    """``text`` without its quoted and bracketed spans (a quoted Arabic phrase or an Arabic
    gloss in parentheses inside an English sentence), when enough is left to judge (two words
    with letters); else ``text`` itself."""
    rest = _QUOTED.sub(" ", text)
    words = [w for w in rest.split() if any(ch.isalpha() for ch in w)]
    return rest if len(words) >= 2 else text


def _legitimate_copy(text: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether a target segment identical to its source may stay as it is: no letters (a number
    or symbol line); between languages of different scripts, no letter of the source's script
    (a name, code or URL written the same in both); between languages of one script, fewer
    than three words once URLs, e-mail addresses and hashtags are removed (a name, a title)."""
    if not any(ch.isalpha() for ch in text):
        return True
    src_ar, tgt_ar = src_lang in ARABIC_SCRIPT_LANGS, tgt_lang in ARABIC_SCRIPT_LANGS
    if src_ar != tgt_ar:
        return script_share(text, src_ar) == 0.0
    words = [w for w in _MARKUP.sub(" ", text).split() if any(ch.isalpha() for ch in w)]
    return len(words) < 3


@register("untranslated", 'error', 'Untranslated',
          'A target sentence is left in the source language or copied verbatim.',
          '`أعلنت الوزارة عن خطة جديدة.` left in the English file')
def check_untranslated(ctx: CheckContext) -> list[Finding]:
    """Target segments left in the source language, or copied from their source.

    *Left in the source language*: between languages of different scripts (Arabic and
    English), at least half of the target's letters are in the source's script, quoted and
    bracketed spans left out (``He wrote "مرحبا بكم" on the door`` is English). *Copied*: the
    target equals a source segment of its bead up to case, punctuation, spacing and digit
    forms (:func:`match_key`), unless the copy is legitimate (:func:`_legitimate_copy`: a
    number line, a URL, a name or code the same in both). Nothing to check when both sides
    are declared the same language.
    """
    if ctx.source.lang == ctx.target.lang:
        return []
    src_ar = ctx.source.lang in ARABIC_SCRIPT_LANGS
    tgt_ar = ctx.target.lang in ARABIC_SCRIPT_LANGS
    out = []
    for bead in ctx.alignment.beads:
        src_keys = {ctx.keys[0][i] for i in bead.src}
        for j in bead.tgt:
            text = ctx.target.segments[j].text
            copied = ctx.keys[1][j] in src_keys and not _legitimate_copy(text, ctx.source.lang, ctx.target.lang)
            # placeholders blanked: ICU keywords and code names are not English words
            foreign = src_ar != tgt_ar and script_share(_outside_quotes(mask_codes(text)), src_ar) >= 0.5
            if foreign or copied:
                how = "is a copy of its source" if copied else f"is written mostly in {language_name(ctx.source.lang)} script"
                out.append(
                    Finding(
                        "untranslated", Severity.ERROR, bead.src, (j,),
                        f"{language_name(ctx.target.lang)} sentence at {where(ctx.target, (j,))} {how}: "
                        "it seems to be untranslated",
                        score=bead.score,
                    )
                )
    return out
