"""``names``: a person or place named on one side replaced by another one on the other.

Sentence embeddings place Alexandria and Cairo, or two politicians, close together, so a
substituted name passes the ``mismatch`` check. This check compares the names themselves, between
Arabic and English (either as source), and flags only on two pieces of evidence at once:

* **places** (the gazetteer, :func:`aligncheck.propernames.places`: countries and cities with
  their English and Arabic names): the English names a place whose Arabic names are all absent
  from the Arabic, *and* the Arabic names a different place of the same kind (city, country)
  whose English names are all absent from the English. Neither may be matched by transliteration
  instead (``Kyiv`` / ``كييف``; on the English side by a capitalised word: ``believe`` is not
  ``بوليفيا``), nor be a name the other side's place shares (``الكويت`` is the
  country and the city).
* **people and other names** (transliteration, :func:`aligncheck.propernames.similar`): a
  capitalised English name (one to three words, not a title word, month or nationality, nor a
  word the document also writes in lower case) none of whose words has a transliteration in
  the Arabic, *and* an Arabic word that the document's (or unit file's) other pairs show as the
  transliteration of a name this English sentence does not write: ``بايدن`` in the Arabic,
  ``Biden`` beside it elsewhere, ``Putin`` here. A word counts as a name's transliteration when
  the pairs that have it with the name outnumber twice over those that have it without (so
  ``مدينة``, "city", is not Medina's). A name said once leaves no such evidence: Arabic has no
  capitals to tell it from a word, so a person replaced where the document names them once is
  mostly missed (``bench/QA.md``).

A name translated rather than transliterated (``the Health Ministry``), a name dropped or a
pronoun used instead give the first piece of evidence only and are not flagged; so are names in
pairs below the mismatch margin (already a ``mismatch``) or untranslated.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..propernames import (arabic_place_key, arabic_skeleton, arabic_word_keys, english_skeleton, places,
                           similar)
from ..terms import arabic_word_key
from ..types import Finding, Severity
from .context import CheckContext
from .pairs import pair_label, qa_pairs
from .registry import register

_EN_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*")
_AR_TOKEN = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0640]+")
#: letters a capitalised name starts with after a sentence boundary
_BOUNDARY = re.compile(r"(?:^|[.!?:;\"“”«»()\[\]\n—–]\s*)$")
#: capitalised words that are not names, or not names a translator transliterates
_NOT_NAMES = frozenset("""
a an the this that these those he she it we they i you his her its our their my your there here
and or but if when while after before as at by for from in into of on to with without about over under
mr mrs ms miss dr prof sir dame lord lady sheikh president minister prime king queen prince princess
general gen col colonel capt captain sgt judge justice senator governor mayor secretary chancellor
ministry department office university college school hospital court council parliament assembly party
government state states city republic kingdom united national international world health news
north south east west northern southern eastern western central
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
mon tue tues wed thu thurs fri sat sun covid coronavirus
""".split())

_LINKERS = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "van", "von", "da", "du", "la", "le"})


@dataclass(frozen=True)
class _EnglishName:
    text: str
    start: int
    skeletons: tuple[str, ...]


#: nationality and language adjectives (Chinese, Italian, British, European, Americans): translated
_DEMONYM = re.compile(r"(?:ese|ian|ish|ean|can|ans|ians)$", re.IGNORECASE)


def _english_names(text: str, common: frozenset[str] = frozenset()) -> list[_EnglishName]:
    """Runs of one to three capitalised words of ``text`` that may be names (:data:`_NOT_NAMES`,
    nationality adjectives and the words of ``common`` left out: words the document also writes
    in lower case; a first word is left out at a sentence start, where any word has a capital),
    with the skeletons of their words of two letters or more (``Modi``: ``md``)."""
    toks = list(_EN_TOKEN.finditer(text))
    runs: list[list[re.Match]] = []
    cur: list[re.Match] = []
    for m in toks:
        w = m.group(0)
        cap = w[:1].isupper() and sum(ch.isupper() for ch in w) == 1  # CRs, ITV's: acronyms are the tokens check's
        base = re.sub(r"['’]s?$", "", w).casefold()
        if cap and base not in _NOT_NAMES and base not in common and not _DEMONYM.search(base):
            cur.append(m)
            continue
        if cur and w.casefold() in _LINKERS and w[:1].islower():
            cur.append(m)
            continue
        if cur:
            runs.append(cur)
        cur = []
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and run[-1].group(0).casefold() in _LINKERS:
            run = run[:-1]
        if not run:
            continue
        if _BOUNDARY.search(text[:run[0].start()]):
            run = run[1:]  # its capital is the sentence's
            while run and run[0].group(0).casefold() in _LINKERS:
                run = run[1:]
        if not run or len(run) > 3:
            continue  # a longer run is a title (Commercial Jet Airplane Accidents)
        skel = tuple(s for m in run if m.group(0).casefold() not in _LINKERS
                     and len(s := english_skeleton(m.group(0))) >= 2)
        if skel:
            out.append(_EnglishName(text[run[0].start():run[-1].end()], run[0].start(), skel))
    return out


def _arabic_skeletons(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each Arabic word of ``text`` with the skeletons of its clitic-stripped forms."""
    out = []
    for m in _AR_TOKEN.finditer(text):
        w = m.group(0)
        sk = {arabic_skeleton(k) for k in arabic_word_keys(w)} | {arabic_skeleton(w)}
        out.append((w, frozenset(s for s in sk if s)))
    return out


def _has_transliteration(skeleton: str, arabic: list[tuple[str, frozenset[str]]]) -> bool:
    return any(similar(skeleton, s) for _, sks in arabic for s in sks)


# --- places -------------------------------------------------------------------------------------


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _english_places(text: str) -> dict[int, str]:
    """Gazetteer entries named in the English ``text``: entry index -> the name as written
    (capitalised words, longest name first; not when part of a longer run of capitalised words,
    an organisation's name: ``Hurricane Center``, ``Cairo University``)."""
    g = places()
    toks = list(_EN_TOKEN.finditer(text))
    out: dict[int, str] = {}
    used: set[int] = set()
    for n in range(g.longest, 0, -1):
        for k in range(len(toks) - n + 1):
            if any(i in used for i in range(k, k + n)):
                continue
            name = re.sub(r"['’]s$", "", text[toks[k].start():toks[k + n - 1].end()])
            if not name[:1].isupper() or name not in g.by_english:
                continue
            if (k > 0 and _capitalised(toks[k - 1].group(0)) and not _BOUNDARY.search(text[:toks[k - 1].start()])
                    and text[toks[k - 1].end():toks[k].start()].strip() in ("", "-")
                    or k + n < len(toks) and _capitalised(toks[k + n].group(0))
                    and text[toks[k + n - 1].end():toks[k + n].start()].strip() in ("", "-")):
                continue  # part of a longer name: Hurricane Center, Cairo University
            used.update(range(k, k + n))
            for e in g.by_english[name]:
                out.setdefault(e, name)
    return out


def _arabic_places(text: str) -> dict[int, tuple[str, str]]:
    """Gazetteer entries named in the Arabic ``text``: entry index -> (the words as written,
    the gazetteer key they matched)."""
    g = places()
    toks = [m.group(0) for m in _AR_TOKEN.finditer(text)]
    out: dict[int, tuple[str, str]] = {}
    used: set[int] = set()
    for n in range(g.longest, 0, -1):
        for k in range(len(toks) - n + 1):
            if any(i in used for i in range(k, k + n)):
                continue
            rest = " ".join(arabic_word_key(w) for w in toks[k + 1:k + n])
            for first in arabic_word_keys(toks[k]):
                key = (first + " " + rest).strip() if n > 1 else first
                key = arabic_place_key(key)
                if key in g.by_arabic:
                    used.update(range(k, k + n))
                    for e in g.by_arabic[key]:
                        out.setdefault(e, (" ".join(toks[k:k + n]), key))
                    break
    return out


def place_substitutions(arabic: str, english: str) -> list[tuple[str, str]]:
    """Places substituted between an Arabic text and its English counterpart (either the
    source): ``(English name, Arabic name)`` pairs, the English naming a place the Arabic does
    not and the Arabic a different place of the same kind the English does not (see the module
    docstring). Empty when the evidence is not that strong.

    ``place_substitutions("وصل إلى الإسكندرية.", "He arrived in Cairo.")`` ->
    ``[("Cairo", "الإسكندرية")]``.
    """
    g = places()
    en = _english_places(english)
    if not en:
        return []
    ar = _arabic_places(arabic)
    en_words = [english_skeleton(m.group(0)) for m in _EN_TOKEN.finditer(english) if m.group(0)[:1].isupper()]
    ar_words = _arabic_skeletons(arabic)
    explained_ar = {key for e in en for key in (arabic_place_key(a) for a in g.places[e].arabic)}
    explained_en = {name for e in ar for name in g.places[e].english}
    missing = {}
    for e, name in en.items():
        if e in ar or name in explained_en:
            continue
        if any(len(sk) >= 3 and _has_transliteration(sk, ar_words)
               for sk in (english_skeleton(w) for w in name.split())):
            continue
        missing.setdefault(g.places[e].kind, name)
    extra = {}
    for e, (written, key) in ar.items():
        if e in en or key in explained_ar:
            continue
        sks = {arabic_skeleton(k) for w in written.split() for k in arabic_word_keys(w)}
        if any(similar(sk, w) for sk in sks if len(sk) >= 3 for w in en_words if w):
            continue
        extra.setdefault(g.places[e].kind, written)
    return [(missing[k], extra[k]) for k in missing if k in extra]


_cached_places = functools.lru_cache(maxsize=8192)(place_substitutions)


# --- people and other names ----------------------------------------------------------------------


def transliterated_names(pairs: list[tuple[str, str]], common: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    """For each ``(Arabic, English)`` pair, the names it shows transliterated: the Arabic key
    (:func:`aligncheck.propernames.arabic_word_keys`, those whose skeleton is the name's) of each
    Arabic word that transliterates a word of an English name (:func:`_english_names` with
    ``common``) of the pair -> that English word (possessive off)."""
    return [dict(_pair_names(ar, en, common)) for ar, en in pairs]


@functools.lru_cache(maxsize=8192)
def _pair_names(ar: str, en: str, common: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """:func:`transliterated_names` of one pair, as items (cached: the benchmark checks a
    document once per variant)."""
    found: dict[str, str] = {}
    words = _arabic_skeletons(ar)
    for name in _english_names(en, common):
        for m in _EN_TOKEN.finditer(name.text):
            sk = english_skeleton(m.group(0))
            if len(sk) < 3 or m.group(0).casefold() in _LINKERS:
                continue
            for word, sks in words:
                if any(similar(sk, x) for x in sks):
                    for key in arabic_word_keys(word) | {arabic_word_key(word)}:
                        if similar(sk, arabic_skeleton(key)):  # not كبلد's بلد for Kopelke
                            found.setdefault(key, re.sub(r"['’]s?$", "", m.group(0)))
    return tuple(found.items())


def name_substitutions(arabic: str, english: str, elsewhere: dict[str, str],
                       common: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """People and other names substituted: ``(English name, Arabic word, the English name it
    stands for elsewhere)`` for each English name of ``english`` (:func:`_english_names` with
    ``common``) none of whose words is transliterated in ``arabic``, when ``arabic`` has a word
    that the document's other pairs show as the transliteration of an English name
    (``elsewhere``: Arabic key -> English word, see :func:`check_names`) that ``english`` does not
    write (nor a word starting with it: ``Congressman`` for ``Congress``), an English name that is
    not its short form (``Livi`` for ``Livingston``). Places are left to
    :func:`place_substitutions`. Empty when the evidence is not that strong."""
    ar_words = _arabic_skeletons(arabic)
    g = places()
    unmatched = [n for n in _english_names(english, common)
                 if not any(_has_transliteration(s, ar_words) for s in n.skeletons)
                 and not any(w in g.by_english for w in [n.text, *n.text.split()])]
    if not unmatched or not elsewhere:
        return []
    en_lower = [m.group(0).casefold() for m in _EN_TOKEN.finditer(english)]
    en_skeletons = [s for w in en_lower if (s := english_skeleton(w))]
    for word, sks in ar_words:
        keys = arabic_word_keys(word)
        if any(arabic_place_key(k) in g.by_arabic for k in keys):
            continue  # a place: the gazetteer's (place_substitutions)
        hits = [elsewhere[k] for k in keys if k in elsewhere]
        if not hits:
            continue
        name = hits[0]
        if any(w.startswith(name.casefold()) for w in en_lower):
            continue
        if any(similar(s, e) for s in sks for e in en_skeletons):
            continue  # the word is in the English too, spelled otherwise
        other = [n for n in unmatched if not _short_form(n.text, name)]
        if other:
            return [(n.text, word, name) for n in other]
    return []


def _short_form(text: str, name: str) -> bool:
    """Whether a word of ``text`` (three letters or more, possessive off) begins ``name`` or
    ``name`` begins it, case-folded: ``Livi`` for ``Livingston``."""
    name = name.casefold()
    words = (re.sub(r"['’]s?$", "", w).casefold() for w in _EN_TOKEN.findall(text))
    return any(len(w) >= 3 and (name.startswith(w) or w.startswith(name)) for w in words)


@functools.lru_cache(maxsize=8192)
def arabic_word_keys_of(text: str) -> frozenset[str]:
    """The keys of every Arabic word of ``text``."""
    return frozenset(key for m in _AR_TOKEN.finditer(text) for key in arabic_word_keys(m.group(0)))


@functools.lru_cache(maxsize=8192)
def _english_lower_initial(text: str) -> tuple[str, ...]:
    """The words of an English ``text`` written in lower case."""
    return tuple(w for w in _EN_TOKEN.findall(text) if w[:1].islower())


@functools.lru_cache(maxsize=8192)
def _english_lower(text: str) -> tuple[str, ...]:
    """The words of an English ``text``, case-folded."""
    return tuple(w.casefold() for w in _EN_TOKEN.findall(text))


def _sides(ctx: CheckContext):
    """Whether Arabic is the source (``True``) or the target (``False``); ``None`` for other
    language pairs."""
    return {("ar", "en"): True, ("en", "ar"): False}.get((ctx.source.lang, ctx.target.lang))


@register("names", "warning", "NameMismatch",
          "A person or place named on one side is a different one on the other.",
          "`وصل الوزير إلى الإسكندرية.` / `The minister arrived in Cairo.`")
def check_names(ctx: CheckContext) -> list[Finding]:
    """Pairs where a place or a person named in the English is not the one the Arabic names
    (see the module docstring for the evidence required). Arabic and English only, either as the
    source; documents and translation units (the English file's other segments are the document
    names). Returns one warning per pair."""
    sides = _sides(ctx)
    if sides is None:
        return []
    arabic_is_source = sides
    pairs = list(qa_pairs(ctx))
    texts = [(s, t) if arabic_is_source else (t, s) for _, s, t in pairs]
    return [Finding("names", Severity.WARNING, pairs[k][0].src, pairs[k][0].tgt,
                    f"{pair_label(ctx, pairs[k][0])}: different names: {what}") for k, what in substituted_names(texts)]


def substituted_names(texts: list[tuple[str, str]], only: int | None = None) -> list[tuple[int, str]]:
    """The pairs of a document (or unit file) whose names differ: ``(0-based index into
    ``texts``, what differs)`` for each, ``texts`` being the ``(Arabic, English)`` pairs in
    order. A place first (:func:`place_substitutions`), else a person or other name
    (:func:`name_substitutions`, the other pairs being the evidence). ``only``: look at that
    pair alone (the others still the evidence)."""
    common = frozenset(w for _, en in texts for w in _english_lower_initial(en))
    shown = transliterated_names(texts, common)
    names_of = {key: name for found in shown for key, name in found.items()}
    # an Arabic word is a name's transliteration when the pairs that have it and the name in their
    # English (as a word or the start of one: Biden, Biden's) outnumber twice over the others
    # (this pair left out): a name said without its name in the English once in a while (a
    # pronoun) still counts, a common word (مدينة, city, beside Medina) does not
    has: dict[str, set[int]] = {}
    shows: dict[str, set[int]] = {}
    for j, (ar, en) in enumerate(texts):
        en_lower = _english_lower(en)
        for key in arabic_word_keys_of(ar):
            if key in names_of:
                has.setdefault(key, set()).add(j)
                if any(w.startswith(names_of[key].casefold()) for w in en_lower):
                    shows.setdefault(key, set()).add(j)
    out = []
    for k, (ar, en) in enumerate(texts):
        if only is not None and k != only:
            continue
        what = [f"«{e}» in the English, «{a}» in the Arabic" for e, a in _cached_places(ar, en)]
        if not what:
            elsewhere = {key: names_of[key] for key in arabic_word_keys_of(ar)
                         if key in shows and k not in shows[key]
                         and len(shows[key]) > 2 * len(has[key] - shows[key] - {k})}
            what = [f"«{e}» in the English, «{a}» ({d} elsewhere in the English) in the Arabic"
                    for e, a, d in name_substitutions(ar, en, elsewhere, common)[:1]]
        if what:
            out.append((k, "; ".join(what)))
    return out
