"""Finding a term in a text the way a reader would: Arabic through clitics and spelling variants,
English through plural and possessive endings and case.

Arabic (:func:`arabic_word_key`, :func:`arabic_stems`): diacritics and tatweel removed; hamza
and alef variants (``أ إ آ ٱ`` -> ``ا``, ``ؤ`` -> ``و``, ``ئ`` -> ``ي``), alef maqsura (``ى`` ->
``ي``), taa marbuta (``ة`` -> ``ه``) and Persian ``ک ی`` folded; a text word also matches once its
attached clitics are taken off: a conjunction (``و`` ``ف``), then a preposition (``ب`` ``ك``
``ل``), then the article (``ال``), and ``لل`` (``ل`` + ``ال``), in any of their combinations
(``وبالـ``, ``فللـ``, ``وكالـ``...), and an attached pronoun or a sound plural/dual ending. A
term written with the article matches the word without it and the reverse (``الصحة`` finds
``للصحة``, ``صحة``, ``صحتهم``).

English (:func:`english_term_forms`): case-folded, a possessive ``'s`` / ``s'`` taken off; a
term word matches its plural (``-s``, ``-es``, ``-y`` -> ``-ies``; ``-ies`` also ``-y``); the
text word is never cut (``news`` does not match ``new``).

Multi-word terms match consecutive words, each word as above.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه",
                          "ک": "ك", "ی": "ي", "ي": "ي"})
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_WORD = re.compile(r"[^\W_]+(?:['’][sS]\b)?|[^\W_]+")
#: proclitic sequences, longest first: conjunction, preposition, article (``لل`` = ``ل`` + ``ال``)
_AR_PREFIXES = tuple(sorted(
    {c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل") for a in ("", "ال")} | {c + "لل" for c in ("", "و", "ف")},
    key=len, reverse=True,
))
_ARABIC = re.compile("[\u0600-\u06ff]")
#: attached pronouns (folded: ة is ه), longest first
_AR_PRONOUNS = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك")


def is_arabic(text: str) -> bool:
    """Whether ``text`` has an Arabic-script letter."""
    return bool(_ARABIC.search(text))


def arabic_word_key(word: str) -> str:
    """The folded form of one Arabic word (see the module docstring), NFKC for presentation forms."""
    w = unicodedata.normalize("NFKC", word)
    return _AR_MARKS.sub("", w).translate(_AR_FOLD)


def arabic_stems(word: str) -> frozenset[str]:
    """Every form of the folded ``word`` with a proclitic sequence taken off (the word itself
    included), keeping at least two letters; of each, the form without an attached pronoun
    (``ه ها هم هما هن ك كم كن نا``; a ``ت`` left before it is a taa marbuta: ``حكومتنا`` ->
    ``حكومه``, an ``ا`` an alef maqsura: ``مستشفاها`` -> ``مستشفي``); and of each, the form without a sound plural or dual ending (``ات`` ``ون``
    ``ين`` ``ان``, with ``ه`` for a taa marbuta: ``حكومات`` -> ``حكومه``), three letters left,
    or without the alif of the accusative tanween (``رئيسًا`` -> ``رئيس``)."""
    w = arabic_word_key(word)
    out = {w}
    for p in _AR_PREFIXES:
        if p and w.startswith(p) and len(w) - len(p) >= 2:
            out.add(w[len(p):])
    for x in list(out):
        for suffix in _AR_PRONOUNS:
            if x.endswith(suffix) and len(x) - len(suffix) >= 3:
                y = x[:-len(suffix)]
                out.add(y)
                if y.endswith("ت"):
                    out.add(y[:-1] + "ه")  # حكومتنا -> حكومه: a taa marbuta before a pronoun
                elif y.endswith("ا"):
                    out.add(y[:-1] + "ي")  # مستشفاها -> مستشفي: an alef maqsura before a pronoun
    for x in list(out):
        if len(x) >= 5 and x[-2:] in ("ات", "ون", "ين", "ان"):
            out.update({x[:-2], x[:-2] + "ه"})
        if len(x) >= 3 and x.endswith("ا"):
            out.add(x[:-1])  # رئيسًا, خطًا: the alif of the accusative tanween
    return frozenset(out)


def _arabic_term_stem(word: str) -> str:
    w = arabic_word_key(word)
    return w[2:] if w.startswith("ال") and len(w) >= 4 else w


def english_word_key(word: str) -> str:
    """An English text word as compared: case-folded, a possessive ``'s`` / ``s'`` taken off."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.rstrip("'")


def english_term_forms(word: str) -> frozenset[str]:
    """The text words an English term word matches: itself, its plural (``-s``, ``-es``,
    ``-y`` -> ``-ies``) and, for a plural term, its singular; case-folded, possessive off."""
    w = english_word_key(word)
    out = {w, w + "s", w + "es"}
    if w.endswith("y") and len(w) > 2:
        out.add(w[:-1] + "ies")
    if w.endswith("ies") and len(w) > 4:
        out.add(w[:-3] + "y")
    return frozenset(out)


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits; an English ``'s`` kept on its word)."""
    return _WORD.findall(text)


@functools.lru_cache(maxsize=4096)
def _text_index(text: str) -> tuple[str, tuple[tuple[int, int], ...], tuple[frozenset[str], ...], tuple[str, ...]]:
    """A text analysed once for every term looked up in it: the text without marks, its word
    spans, each word's Arabic forms (article off) and English key."""
    text = _AR_MARKS.sub("", text)  # a shadda or tatweel splits no word
    spans = tuple((m.start(), m.end()) for m in _WORD.finditer(text))
    x_words = [text[a:b] for a, b in spans]
    forms = tuple(frozenset(s[2:] if s.startswith("ال") and len(s) >= 4 else s for s in arabic_stems(w))
                  if is_arabic(w) else frozenset() for w in x_words)
    return text, spans, forms, tuple(english_word_key(w) for w in x_words)


@functools.lru_cache(maxsize=4096)
def _term_index(term: str) -> tuple[bool, tuple]:
    """A term analysed once: whether it is Arabic, and per word its stem (Arabic) or the set of
    text words it matches (English)."""
    t_words = words(_AR_MARKS.sub("", term))
    if is_arabic(term):
        return True, tuple(_arabic_term_stem(w) for w in t_words)
    return False, tuple(english_term_forms(w) for w in t_words)


@functools.lru_cache(maxsize=4096)
def _vocabulary(text: str) -> frozenset[str]:
    """Every Arabic form and English key of the words of ``text`` (for a quick no)."""
    _, _, forms, keys = _text_index(text)
    return frozenset().union(*forms, keys)


def find_term(term: str, text: str) -> str | None:
    """The words of ``text`` where ``term`` occurs (as written, without diacritics or tatweel),
    or ``None``.

    Arabic terms are matched through clitics and spelling variants, others through plural,
    possessive and case (module docstring). An empty term is never found. Texts and terms are
    analysed once and remembered (the last 4,096 of each), so a glossary is matched against a
    pair in time linear in its size.
    """
    arabic, wanted = _term_index(term)
    if not wanted:
        return None
    vocabulary = _vocabulary(text)
    first = wanted[0]
    if (first not in vocabulary) if arabic else vocabulary.isdisjoint(first):
        return None  # the term's first word is nowhere in the text
    clean, spans, forms, keys = _text_index(text)
    n = len(wanted)
    if arabic:
        def ok(k: int, j: int) -> bool:
            return wanted[j] in forms[k]
    else:
        def ok(k: int, j: int) -> bool:
            return keys[k] in wanted[j]
    for k in range(len(spans) - n + 1):
        if all(ok(k + j, j) for j in range(n)):
            return clean[spans[k][0]:spans[k + n - 1][1]]
    return None
