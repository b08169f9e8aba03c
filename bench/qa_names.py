"""Recall and false findings of the ``names`` check (issue #16), part of ``python -m bench.qa_checks``.

Variants, Arabic -> English documents (NTREX-128 and TICO-19 gold pairs, each document in its
half), the whole document checked with one English line changed (the person variant needs the
document: the check's evidence for a person is the name's transliteration elsewhere):

* **city / country replaced**: a line whose English and Arabic both name a gazetteer city (or
  country) gets another city (country) of :data:`CITY_POOL` (:data:`COUNTRY_POOL`) in the
  English wherever the line names it, one neither side names;
* **person replaced**: a line whose English has a capitalised name (one to three words, not a
  place) every word of which is transliterated in its Arabic gets another person's name of as
  many words (:data:`PERSON_POOL`) in the English. Reported overall and for the names the
  document writes in another line too (the only ones the check can find: a name said once leaves
  nothing to tell a name from a word in Arabic, which has no capitals).

A variant is found when the check reports its line. Faithful: the findings on the faithful NTREX,
TICO (``bench.qa_checks``) and WMT24++ documents (:func:`bench.paragraphs.load_docs`, paragraph
pairs, gold 1-1), Arabic -> English and English -> Arabic.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # pragma: no cover - run as a script
    sys.path.insert(0, str(ROOT))

from aligncheck.checks.names import (  # noqa: E402
    _EN_TOKEN, _arabic_places, _arabic_skeletons, _english_names, _english_places,
    _has_transliteration, check_names, substituted_names)
from aligncheck.config import Config  # noqa: E402
from aligncheck.propernames import english_skeleton, places  # noqa: E402

CITY_POOL = ("Cairo", "Alexandria", "Riyadh", "Jeddah", "Dubai", "Beirut", "Amman", "Baghdad", "London", "Paris",
             "Berlin", "Madrid", "Rome", "Moscow", "Beijing", "Tokyo", "Istanbul", "Tehran", "Mumbai", "Chicago")
COUNTRY_POOL = ("Egypt", "Jordan", "Lebanon", "Iraq", "France", "Germany", "Spain", "Italy", "Japan", "China",
                "India", "Brazil", "Canada", "Mexico", "Kenya", "Turkey")
#: (one word, two words, three words)
PERSON_POOL = (
    ("Merkel", "Angela Merkel", "Angela Dorothea Merkel"), ("Trudeau", "Justin Trudeau", "Justin Pierre Trudeau"),
    ("Modi", "Narendra Modi", "Narendra Damodardas Modi"), ("Erdogan", "Recep Erdogan", "Recep Tayyip Erdogan"),
    ("Kenyatta", "Uhuru Kenyatta", "Uhuru Muigai Kenyatta"), ("Lula", "Luiz Lula", "Luiz Inacio Lula"),
    ("Sanchez", "Pedro Sanchez", "Pedro Sanchez Perez"), ("Ardern", "Jacinda Ardern", "Jacinda Kate Ardern"),
)


def _replace(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text)


def place_variant(ar: str, en: str, k: int) -> tuple[str, str] | None:
    """``(kind, changed English)`` for a line naming one gazetteer place on both sides, else ``None``."""
    g = places()
    en_places, ar_places = _english_places(en), _arabic_places(ar)
    for e, name in en_places.items():
        kind = g.places[e].kind
        if e not in ar_places or kind not in ("city", "country"):
            continue
        pool = CITY_POOL if kind == "city" else COUNTRY_POOL
        for j in range(len(pool)):
            other = pool[(k + j) % len(pool)]
            ids = g.by_english.get(other, frozenset())
            if other == name or ids & (set(en_places) | set(ar_places)) or other in en:
                continue
            changed = _replace(en, name, other)
            if changed != en:
                return kind, changed
    return None


def person_variant(ar: str, en: str, k: int, common: frozenset[str], document_english: str) -> tuple[str, str] | None:
    """``(the name replaced, changed English)`` for a line with a transliterated non-place name, else ``None``."""
    g = places()
    ar_words = _arabic_skeletons(ar)
    for name in _english_names(en, common):
        words = [m.group(0) for m in _EN_TOKEN.finditer(name.text)]
        if len(words) > 3 or any(w in g.by_english for w in [name.text, *words]):
            continue
        sks = [s for s in name.skeletons if len(s) >= 3]
        if not sks or not all(_has_transliteration(s, ar_words) for s in sks):
            continue
        for j in range(len(PERSON_POOL)):
            other = PERSON_POOL[(k + j) % len(PERSON_POOL)][len(words) - 1]
            if any(_has_transliteration(english_skeleton(w), ar_words) for w in other.split()):
                continue
            if other.split()[-1] in document_english:
                continue
            changed = _replace(en, name.text, other)
            if changed != en:
                return name.text, changed
    return None


def measure_names(docs, wmt_docs, context, half_of) -> dict:
    """The variants and faithful counts of the module docstring: ``{"recall": {key: {half: {hits,
    n}}}, "faithful": {key: {half: {findings, pairs_flagged, pairs}}}, "examples": {key: [...]}}``.
    ``context(src, tgt, src_lang, tgt_lang, config)`` builds a gold-aligned context
    (:func:`bench.qa_checks.context`)."""
    hits, n = Counter(), Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    cfg = Config()
    cfg_rev = Config(source_lang="en", target_lang="ar")
    k = 0
    for d in docs:
        half = half_of(d.corpus, d.doc_id)
        src, tgt = list(d.src), list(d.tgt)
        english = "\n".join(tgt)
        common = frozenset(w.casefold() for w in _EN_TOKEN.findall(english) if w[:1].islower())
        for i, (a, e) in enumerate(zip(src, tgt)):
            if not a.strip() or not e.strip():
                continue
            k += 1
            variants = []
            pv = place_variant(a, e, k)
            if pv:
                variants.append((f"names {pv[0]} replaced ar-en", pv[1]))
            person = person_variant(a, e, k, common, english)
            if person:
                name, changed = person
                last = name.split()[-1]
                elsewhere = any(last in other for j, other in enumerate(tgt) if j != i)
                variants.append(("names person replaced ar-en", changed))
                variants.append((f"names person replaced ar-en ({'name in another line too' if elsewhere else 'name said once'})",
                                 changed))
            for key, changed in variants:
                # the check's own function on the document's pairs, the line changed (what
                # check_names runs on a gold-aligned document; not rebuilding the context per variant)
                texts = list(zip(src, tgt[:i] + [changed] + tgt[i + 1:]))
                ok = bool(substituted_names(texts, only=i))
                hits[(key, half)] += ok
                n[(key, half)] += 1
                if not ok and len(missed[key]) < 5:
                    missed[key].append(f"{d.corpus}/{d.doc_id} line {i + 1}: {changed[:160]}")
    recall: dict = {}
    for key, half in n:
        recall.setdefault(key, {h: {"hits": 0, "n": 0} for h in ("tune", "held-out")})[half] = {
            "hits": hits[(key, half)], "n": n[(key, half)]}
    faithful: dict = {}
    for d in wmt_docs:
        half = half_of(d.corpus, d.doc_id)
        for direction, (s, t, c) in {"ar-en": (list(d.src), list(d.tgt), cfg),
                                     "en-ar": (list(d.tgt), list(d.src), cfg_rev)}.items():
            found = check_names(context(s, t, c.source_lang, c.target_lang, c))
            row = faithful.setdefault(f"names {direction} (WMT24++ paragraphs)", {}).setdefault(
                half, {"findings": 0, "pairs_flagged": 0, "pairs": 0})
            row["findings"] += len(found)
            row["pairs_flagged"] += len({f.tgt for f in found})
            row["pairs"] += len(s)
    return {"recall": dict(sorted(recall.items())), "faithful": faithful, "examples": dict(missed)}


def paragraph_findings() -> tuple[dict, list[str]]:
    """``names`` findings on the faithful documents of the paragraph benchmark (NTREX/TICO
    articles in paragraphs and WMT24++, :mod:`bench.paragraphs`, variant ``clean``), checked the
    way users run ``aligncheck check``: default sentence mode, the real model's alignment (from
    the shared embedding cache). Returns ``({(group, half): [findings, source sentences]},
    the findings' messages)``."""
    from bench.paragraphs import ALL_CORPORA, documents, load_docs, make_cases, make_encoder, prefetch
    from bench.split import half_of
    from aligncheck.pipeline import check_documents

    config = Config()
    encoder, _ = make_encoder()
    cases = [c for corpus in ALL_CORPORA for c in make_cases(load_docs(corpus), 0, ["clean"])]
    prefetch(cases, config, encoder)
    counts: dict = defaultdict(lambda: [0, 0])
    messages = []
    for c in cases:
        src, tgt = documents(c, config)
        result = check_documents(src, tgt, config=config, encoder=encoder)
        key = ("WMT24++" if c.doc.corpus.startswith("wmt") else "NTREX/TICO articles", half_of(c.doc.corpus, c.doc.doc_id))
        found = [f for f in result.findings if f.check == "names"]
        counts[key][0] += len(found)
        counts[key][1] += len(src.segments)
        messages += [f"{c.doc.corpus}/{c.doc.doc_id}: {f.severity.value}: {f.message}" for f in found]
    return dict(counts), messages


def main() -> int:
    """``python -m bench.qa_names``: writes ``bench/NAMES.md`` (:func:`paragraph_findings`)."""
    counts, messages = paragraph_findings()
    lines = ["# `names` on the faithful paragraph-benchmark documents", "",
             "`python -m bench.qa_names`: the faithful (`clean`) documents of `bench/paragraphs.py`, checked as users run "
             "`aligncheck check` (default sentence mode, the bundled model's alignment). Recall on injected names and "
             "the gold-aligned counts: `bench/QA.md`.", "",
             "| documents | half | `names` findings | source sentences | per 100 sentences |", "|---|---|---|---|---|"]
    for (group, half), (n, sents) in sorted(counts.items()):
        lines.append(f"| {group} | {half} | {n} | {sents} | {100 * n / sents if sents else 0:.3f} |")
    lines += ["", "Findings:", ""] + [f"- {m}" for m in messages] + [""]
    out = Path(__file__).resolve().parent / "NAMES.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
