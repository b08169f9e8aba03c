"""``negation``: one side of an aligned pair negated, the other with no negative word at all.
"""

from __future__ import annotations

import re
from typing import Optional

from ..codes import render_icu
from ..negation_lexicon import EnglishNegativeWords
from ..segment import embedding_text
from ..types import Finding, Severity
from .context import CheckContext, language_name, translated_beads, where
from .registry import register


_AR_NEG_STRICT = re.compile(
    r"(?<![\w/])[وف]?(?:لا(?!\s+(?:يزال|تزال|يزالون|تزالان|زال|زالت|سيما|بد|شك|ريب|بأس|يقل|تقل|يقلون|يزيد|تزيد))"
    r"|لم(?!\s+(?:شمل|الشمل))|لن|ليس|ليست|ليسوا|لست|لسنا|ليسا|لستم)(?![\w/])"
)
_AR_NEG_BROAD = re.compile(
    _AR_NEG_STRICT.pattern
    + r"|(?<![\w])[وف]?(?:ب|ل)?(?:غير|عدم|دون|بلا|إلا|ألا|أبدا|أبداً|مطلقا|مطلقاً|رفض\w*|يرفض\w*|ترفض\w*|فشل\w*|امتنع\w*|يمتنع\w*|منع\w*|تعذر\w*|يتعذر\w*|أخفق\w*|يخفق\w*|عجز\w*|عاجز\w*|مستحيل|يستحيل|ما|مازال|مازالت|لولا|كلا|سوى)(?![\w])"
)
_EN_NEG_STRICT = re.compile(
    r"\b(?:not|never|none|nobody|nothing|neither|nor|cannot|no(?!\.\s*\d)(?=\s+\w))\b|n['’]t\b", re.IGNORECASE
)
_EN_NEG_BROAD = re.compile(
    _EN_NEG_STRICT.pattern
    + r"|\b(?:no|without|unable|fail\w*|refus\w*|den(?:y|ied|ies)|lack\w*|barely|hardly|scarcely|only|still|yet|"
    r"unless|except\w*|instead|rather|avoid\w*|prevent\w*|stop\w*|ban\w*|free)\b",
    re.IGNORECASE,
)


class _EnglishBroad:
    """The English broad cues: :data:`_EN_NEG_BROAD`, or a word of the negative lexicon
    (:mod:`aligncheck.negation_lexicon`: unable, non-essential, illegal, homeless; not income,
    international, under)."""

    def search(self, text: str):
        return _EN_NEG_BROAD.search(text) or EnglishNegativeWords().search(text)


_NEGATION_CUES = {"ar": (_AR_NEG_STRICT, _AR_NEG_BROAD), "en": (_EN_NEG_STRICT, _EnglishBroad())}


def _clear_negation(rx: re.Pattern, text: str) -> Optional[re.Match]:
    """The first clear negator of ``text``, or ``None``. A negator followed later by ``إلا``
    (``لا ... إلا``: "only") is an exception construction, not a negation."""
    for m in rx.finditer(text):
        if "إلا" not in text[m.end():]:
            return m
    return None


@register("negation", 'info', 'NegationMismatch',
          'One side is negated and the other has no negative word.',
          '`لم يحضر الوزير.` / `The minister attended.`; '
          '`لن تحصل الأسر منخفضة الدخل على الدعم.` / `Low-income families will get the support.`')
def check_negation(ctx: CheckContext) -> list[Finding]:
    """Aligned pairs where one side is negated and the other shows no sign of negation (info).

    Sentence embeddings hardly see a removed "not" (``bench/RESULTS.md``: the similarity of a
    pair barely moves), so this check looks for negation words: a side with a clear negator
    (Arabic لا لم لن ليس...; English not, n't, never, no, nothing...) against another side
    with *no* negative word at all, counted broadly (غير، عدم، دون، إلا...; without, fail,
    and the English negative lexicon of :mod:`aligncheck.negation_lexicon`: unable, illegal,
    non-essential, homeless, but not income or international). Arabic and English only. Info by default: translators
    often turn a negation into an antonym, which no word list sees; raise it to a warning with
    ``severity = {negation = "warning"}`` when the translations are literal.
    """
    cues_src = _NEGATION_CUES.get(ctx.source.lang)
    cues_tgt = _NEGATION_CUES.get(ctx.target.lang)
    if cues_src is None or cues_tgt is None:
        return []
    out = []
    for bead, s_orig, t_orig in translated_beads(ctx):
        # no diacritics (لمَن is not لم); an ICU message read as its 'other' branch (a zero branch's لا is no negation)
        s_text, t_text = embedding_text(render_icu(s_orig)), embedding_text(render_icu(t_orig))
        s_strict, t_strict = _clear_negation(cues_src[0], s_text), _clear_negation(cues_tgt[0], t_text)
        if s_strict and not cues_tgt[1].search(t_text):
            what = f"the {language_name(ctx.source.lang)} is negated («{s_strict.group(0)}»), the {language_name(ctx.target.lang)} is not"
        elif t_strict and not cues_src[1].search(s_text):
            what = f"the {language_name(ctx.target.lang)} is negated («{t_strict.group(0)}»), the {language_name(ctx.source.lang)} is not"
        else:
            continue
        out.append(Finding(
            "negation", Severity.INFO, bead.src, bead.tgt,
            f"{language_name(ctx.source.lang)} {where(ctx.source, bead.src)} and "
            f"{language_name(ctx.target.lang)} {where(ctx.target, bead.tgt)} may differ in negation: {what}",
            score=bead.score,
        ))
    return out
