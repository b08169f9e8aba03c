"""The benchmark in the users' layout: articles in paragraphs, checked in the default mode.

Usage::

    python -m bench.paragraphs                      # everything: writes bench/PARAGRAPHS.md and bench/paragraphs.json
    python -m bench.paragraphs --corpus ntrex --docs bbc.381646,cnn.304400 --variants clean,sentence_deleted
    python -m bench.paragraphs --segmenter-only     # boundary precision / recall only (no model, seconds)

What it does:

1. **Articles** (:mod:`bench.layout`): every NTREX-128 and TICO-19 document (gold one sentence a line,
   Arabic source, English target) is laid out as an article: the headline alone, then paragraphs of
   1-4 sentences, the same grouping on both sides (seeded per document). Each gets the variants of
   :data:`bench.layout.ARTICLE_VARIANTS`: faithful, sentence-level faults, and paragraphs merged or
   split on the English side (no fault).
2. **WMT24++** (``corpora/wmt24pp-en-ar-dev``, Egyptian and Saudi references): real translators'
   paragraphs, one a line, gold 1-1 by paragraph; Arabic is the source in aligncheck's terms (as for
   the other corpora). Variants: faithful, and a paragraph deleted, inserted or replaced.
3. Every variant is checked the way ``aligncheck check ar.txt en.txt`` checks it: both texts
   segmented by :func:`aligncheck.documents.make_document` in the default ``sentences`` mode, then
   :func:`aligncheck.pipeline.check_documents` with the default :class:`~aligncheck.config.Config`,
   the bundled model and the shared on-disk embedding cache (``~/.cache/aligncheck``: a re-run embeds
   only new texts).
4. Scoring (:mod:`bench.spanscore`) by code points: the segmenter's sentence boundaries inside
   paragraphs against the original lines (articles, per language), and every finding by character
   overlap with the faulted sentence or paragraph.
5. Every number is given for the **tune** and the **held-out** half of the documents
   (:func:`bench.split.half_of`; corpus names ``ntrex``, ``tico``, ``wmt24pp-ar_EG``, ``wmt24pp-ar_SA``).

Metrics: right-check recall per fault (the finding overlapping the fault has the fault's check id;
any-check recall in the JSON); false findings (error or warning) per 100 sentences on faithful,
paragraph-merged and paragraph-split articles (sentences: mean of the two sides' gold sentence
counts); the share of faithful articles that pass the gate (no error); on WMT24++ false findings
per 100 paragraphs on faithful documents and the documents passing the gate, per domain.

A run restricted with ``--corpus``, ``--docs``, ``--variants`` or ``--half`` writes
``bench/.cache/paragraphs-subset.{md,json}`` unless ``--out``/``--json`` say otherwise; the full run
writes ``bench/PARAGRAPHS.md`` and ``bench/paragraphs.json``. Per-variant details (findings with
their text, faults caught or missed) go to ``bench/.cache/paragraphs-details.jsonl``.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as _dt
import json
import math
import re
import sys
import time
import unicodedata
import zlib
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.layout import (
    ARTICLE_VARIANTS,
    FAULT_KIND,
    NO_FAULT_ARTICLE_VARIANTS,
    PARAGRAPH_VARIANTS,
    Layout,
    Rendered,
    article_layout,
    article_variant,
    paragraph_layout,
    paragraph_variant,
    render,
)
from bench.spanscore import (
    BoundaryCounts,
    boundary_counts,
    gold_boundaries,
    predicted_boundaries,
    scorable_counts,
    score_variant,
    span_finding,
)
from bench.split import HALVES, half_of

ROOT = Path(__file__).resolve().parent.parent

#: sentence-gold corpora laid out as articles: name -> folder
ARTICLE_CORPORA: dict[str, str] = {"ntrex": "corpora/ntrex128-ar-en", "tico": "corpora/tico19-en-ar"}
WMT_DIR = "corpora/wmt24pp-en-ar-dev"
#: paragraph-gold corpora: name -> dialect folder
WMT_CORPORA: dict[str, str] = {"wmt24pp-ar_EG": "ar_EG", "wmt24pp-ar_SA": "ar_SA"}
ALL_CORPORA: tuple[str, ...] = (*ARTICLE_CORPORA, *WMT_CORPORA)
SOURCE_LANG, TARGET_LANG = "ar", "en"

#: table labels of the variants
LABELS = {
    "clean": "faithful",
    "sentence_deleted": "sentence deleted",
    "paragraph_deleted": "paragraph deleted",
    "sentence_inserted": "sentence inserted",
    "sentence_replaced": "sentence replaced",
    "number_changed": "number changed",
    "untranslated": "untranslated",
    "truncated": "truncated",
    "source_deleted": "Arabic sentence deleted",
    "paragraphs_merged": "paragraphs merged",
    "paragraph_split": "paragraph split",
    "paragraph_inserted": "paragraph inserted",
    "paragraph_replaced": "paragraph replaced",
}
ARTICLE_FAULTS = tuple(v for v in ARTICLE_VARIANTS if v not in NO_FAULT_ARTICLE_VARIANTS)
WMT_FAULTS = tuple(v for v in PARAGRAPH_VARIANTS if v != "clean")

#: the issue's targets (held-out half, default mode)
TARGET_RECALL = 0.95
TARGET_RECALL_TRUNCATED = 0.80
TARGET_FALSE_PER_100 = 0.5
TARGET_PASS = 0.95
TARGET_WMT_FALSE_PER_100 = 5.0
TARGET_WMT_PASS = 0.8
TARGET_BOUNDARY_R = 0.99
TARGET_BOUNDARY_P = 0.995


def log(msg: str) -> None:
    """One progress line on stderr."""
    print(f"[paragraphs {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- data


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a UTF-8 file, NFC-normalised (as ``aligncheck`` reads files) and
    stripped. Raises ``OSError`` / ``UnicodeDecodeError`` on a bad file."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Doc:
    """One gold document pair: ``corpus``, ``doc_id``, aligned ``src``/``tgt`` lines, ``domain``."""

    corpus: str
    doc_id: str
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    domain: str = ""


def load_docs(corpus: str, root: Path = ROOT) -> list[Doc]:
    """Every document of ``corpus`` (a name in :data:`ALL_CORPORA`), sorted by id.

    Raises:
        ValueError: unknown corpus, or a pair whose files differ in line count.
    """
    if corpus in ARTICLE_CORPORA:
        folder, domains = root / ARTICLE_CORPORA[corpus], {}
    elif corpus in WMT_CORPORA:
        folder = root / WMT_DIR / WMT_CORPORA[corpus]
        rows = [r.split("\t") for r in (folder / "docs.tsv").read_text(encoding="utf-8").splitlines()[1:] if r.strip()]
        domains = {r[1]: r[3] for r in rows}
    else:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {', '.join(ALL_CORPORA)}")
    out = []
    for d in sorted(p for p in folder.iterdir() if (p / "ar.txt").is_file()):
        src, tgt = read_lines(d / "ar.txt"), read_lines(d / "en.txt")
        if len(src) != len(tgt):
            raise ValueError(f"{d}: {len(src)} Arabic lines but {len(tgt)} English lines; the gold is 1-1")
        out.append(Doc(corpus, d.name, tuple(src), tuple(tgt), domains.get(d.name, "")))
    return out


def _rng(seed: int, *keys: str) -> np.random.Generator:
    return np.random.default_rng([seed, *(zlib.crc32(k.encode("utf-8")) for k in keys)])


@dataclass(frozen=True)
class Case:
    """One variant to check: its document, half, layout and rendering."""

    doc: Doc
    half: str
    layout: Layout
    rendered: Rendered

    @property
    def key(self) -> str:
        return f"{self.doc.corpus}/{self.doc.doc_id}/{self.layout.name}"


def make_cases(docs: Sequence[Doc], seed: int, variants: Iterable[str] | None = None) -> list[Case]:
    """All variants of ``docs`` (one corpus). The layout of a document and each of its variants use
    their own generators seeded from ``(seed, corpus, doc_id[, variant])``, so a variant does not
    depend on which other documents or variants are selected. Donors are the English lines of the
    other documents of the corpus."""
    out = []
    for d in docs:
        donors = [t for other in docs if other.doc_id != d.doc_id for t in other.tgt]
        article = d.corpus in ARTICLE_CORPORA
        if article:
            base = article_layout(d.corpus, d.doc_id, d.src, d.tgt, _rng(seed, d.corpus, d.doc_id))
            names, make = ARTICLE_VARIANTS, article_variant
        else:
            base = paragraph_layout(d.corpus, d.doc_id, d.src, d.tgt)
            names, make = PARAGRAPH_VARIANTS, paragraph_variant
        wanted = set(names if variants is None else variants)
        for name in names:
            if name not in wanted:
                continue
            lay = make(name, base, donors, _rng(seed, d.corpus, d.doc_id, name))
            if lay is not None:
                out.append(Case(d, half_of(d.corpus, d.doc_id), lay, render(lay)))
    return out


# --------------------------------------------------------------------------- running


class _MemoStore(MutableMapping):
    """An in-memory dict in front of the on-disk :class:`~aligncheck.cache.EmbeddingCache` (one disk
    read per text per run)."""

    def __init__(self, disk):
        self.mem: dict = {}
        self.disk = disk

    def __contains__(self, text) -> bool:
        if text in self.mem:
            return True
        if text in self.disk:
            self.mem[text] = self.disk[text]
            return True
        return False

    def __getitem__(self, text):
        if text not in self:
            raise KeyError(text)
        return self.mem[text]

    def __setitem__(self, text, vec) -> None:
        self.mem[text] = vec
        self.disk[text] = vec

    def __delitem__(self, text) -> None:
        self.mem.pop(text, None)
        del self.disk[text]

    def __iter__(self):
        return iter(self.mem)

    def __len__(self) -> int:
        return len(self.mem)


def make_encoder():
    """The encoder ``aligncheck check`` uses by default: the bundled model behind a
    :class:`~aligncheck.embed.DedupEncoder` on the shared on-disk cache. Returns ``(encoder, cache)``."""
    from aligncheck.cache import EmbeddingCache
    from aligncheck.embed import DedupEncoder, load_encoder

    inner = load_encoder()
    cache = EmbeddingCache.for_encoder(inner)
    return DedupEncoder(inner, store=_MemoStore(cache)), cache


def documents(case: Case, config):
    """The two :class:`~aligncheck.types.Document` of a case, read as the CLI reads two text files."""
    from aligncheck.documents import make_document

    r = case.rendered
    base = f"{case.doc.corpus}/{case.doc.doc_id}/{case.layout.name}"
    src = make_document(r.src_text, path=f"{base}/ar.txt", lang=config.source_lang, mode=config.segmentation, role="source")
    tgt = make_document(r.tgt_text, path=f"{base}/en.txt", lang=config.target_lang, mode=config.segmentation, role="target")
    return src, tgt


def prefetch(cases: Sequence[Case], config, encoder, chunk: int = 64) -> None:
    """Embed, in batches, every segment text of ``cases`` not in the cache yet (what
    :func:`~aligncheck.pipeline.check_documents` would embed one document at a time)."""
    from aligncheck.pipeline import embedding_inputs

    texts: dict[str, None] = {}
    for c in cases:
        for doc in documents(c, config):
            texts.update(dict.fromkeys(embedding_inputs(doc)[0]))
    store = encoder._memo
    missing = [t for t in texts if t not in store]
    log(f"{len(texts)} distinct segment texts, {len(missing)} to embed")
    t0 = time.perf_counter()
    for k in range(0, len(missing), chunk):
        encoder.encode(missing[k : k + chunk])
        if (k // chunk) % 10 == 9:
            done = k + chunk
            rate = done / (time.perf_counter() - t0)
            log(f"embedded {done}/{len(missing)} ({rate:.1f}/s, {((len(missing) - done) / rate) / 60:.1f} min left)")


def run_case(case: Case, config, encoder) -> dict:
    """Check one case through the library entry ``aligncheck check`` uses and score it.

    Returns a JSON-ready record: ids, half, variant, faults (with ``caught`` / ``caught_id``),
    the counted findings (check, severity, text), ``n_counted``, ``n_false``, ``passed``,
    ``n_units`` and the sentence boundaries found (articles).
    """
    from aligncheck.errors import InputError
    from aligncheck.pipeline import check_documents

    r = case.rendered
    rec = {"corpus": case.doc.corpus, "doc_id": case.doc.doc_id, "domain": case.doc.domain, "half": case.half,
           "variant": case.layout.name, "detail": case.layout.detail, "n_units": r.n_units,
           "n_src_units": len(r.src_units), "n_tgt_units": len(r.tgt_units)}
    try:
        src, tgt = documents(case, config)
        result = check_documents(src, tgt, config=config, encoder=encoder)
    except InputError as exc:  # recorded, never silently dropped
        rec.update(error=str(exc), faults=[], n_counted=0, n_false=0, passed=False, findings=[])
        return rec
    # the result's documents: the pipeline may split a segment that holds a glued sentence (aligncheck.resplit)
    src, tgt = result.source, result.target
    findings = [span_finding(f, src.segments, tgt.segments) for f in result.findings]
    score = score_variant(r.faults, findings)
    rec["faults"] = [
        {"variant": f.variant, "kind": f.kind, "src": f.src, "tgt": f.tgt, "caught": c, "caught_id": ci,
         "src_text": " ".join(r.src_text[a:b] for a, b in f.src), "tgt_text": " ".join(r.tgt_text[a:b] for a, b in f.tgt)}
        for f, c, ci in zip(r.faults, score.caught, score.caught_id)
    ]
    rec["n_counted"], rec["n_false"], rec["passed"] = score.n_counted, score.n_false, bool(result.passed)
    rec["n_src_segments"], rec["n_tgt_segments"] = len(src.segments), len(tgt.segments)
    rec["findings"] = [
        {"check": f.check, "severity": f.severity, "src": f.src, "tgt": f.tgt,
         "src_text": " | ".join(r.src_text[a:b] for a, b in f.src), "tgt_text": " | ".join(r.tgt_text[a:b] for a, b in f.tgt),
         "message": raw.message, "catches_fault": score_variant(r.faults, [f]).n_false == 0}
        for f, raw in zip(findings, result.findings) if f.severity in ("error", "warning")
    ]
    return rec


# --------------------------------------------------------------------------- segmenter


#: a unit that ends a sentence: final ``. ! ? ؟ …`` possibly followed by closing quotes or brackets
_PUNCTUATED = re.compile(r"[.!?؟…]['\"”’»)\]]*$")
#: two sentences glued without a space in a gold line (``therapy.Recommended``, ``SARS-CoV.The``,
#: ``2020.كما``, ``than 1.Part``): a character that is not a dot, optional closing quotes or brackets, final
#: punctuation, then an Arabic letter or a capitalised word; ``U.S.``, ``Ph.D.`` and ``3.5`` do not match
_GLUED = re.compile(r"[^\s.][\"”’)]*[.!?؟][\"”’)]*(?:[A-Z](?:[a-z]|[A-Z]*\s)|[\u0621-\u064a])")


def unit_flags(src: Sequence[str], tgt: Sequence[str]) -> tuple[list[bool], list[bool], list[bool]]:
    """For the units of a faithful layout: ``(src_punctuated, tgt_punctuated, several)``, the flags
    :func:`bench.spanscore.scorable_counts` takes; ``several`` is true when either side glues two
    sentences (:data:`_GLUED`). Computed from the gold text only, never from a segmenter."""
    return ([bool(_PUNCTUATED.search(t)) for t in src], [bool(_PUNCTUATED.search(t)) for t in tgt],
            [bool(_GLUED.search(a) or _GLUED.search(b)) for a, b in zip(src, tgt)])


def segmenter_counts(cases: Sequence[Case], config) -> dict:
    """Boundary counts per ``(corpus, half, lang, gold)`` over the faithful article cases, ``gold``
    being ``"lines"`` (every gold line is one sentence) or ``"punctuated"``
    (:func:`bench.spanscore.scorable_counts`), and up to 40 examples of each error kind per
    language (``missed`` / ``false``, punctuated gold, with context)."""
    from aligncheck.segment import segment_text

    counts: dict[tuple[str, str, str, str], BoundaryCounts] = {}
    examples: dict[str, dict[str, list[str]]] = {}
    for c in cases:
        if c.layout.name != "clean" or c.doc.corpus not in ARTICLE_CORPORA:
            continue
        r = c.rendered
        units = [u for par in c.layout.paragraphs for u in par]
        src_p, tgt_p, several = unit_flags([u.src for u in units], [u.tgt for u in units])
        for lang, text, spans, lines, punct in ((SOURCE_LANG, r.src_text, r.src_units, r.src_lines, src_p),
                                                (TARGET_LANG, r.tgt_text, r.tgt_units, r.tgt_lines, tgt_p)):
            gold = gold_boundaries(spans, lines)
            pred = predicted_boundaries(segment_text(text, lang, mode=config.segmentation))
            for g, bc in (("lines", boundary_counts(gold, pred)),
                          ("punctuated", scorable_counts(spans, lines, pred, punctuated=punct, several=several))):
                key = (c.doc.corpus, c.half, lang, g)
                counts[key] = counts.get(key, BoundaryCounts()) + bc
            ex = examples.setdefault(lang, {"missed": [], "false": []})
            starts = [a for a, _ in spans]
            for kind, offs in (("missed", gold - pred), ("false", pred - gold)):
                for o in sorted(offs):
                    k = bisect.bisect_right(starts, o) - 1
                    if kind == "missed" and not punct[k - 1]:
                        continue  # not scored: the gold sentence has no final punctuation
                    if kind == "false" and several[k] and spans[k][0] < o < spans[k][1]:
                        continue
                    if len(ex[kind]) < 40:
                        ex[kind].append(f"{c.doc.corpus}/{c.doc.doc_id}: …{text[max(0, o - 60):o]}‖{text[o:o + 40]}…")
    return {"counts": counts, "examples": examples}


# --------------------------------------------------------------------------- summaries


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def summarise_articles(records: Sequence[dict]) -> dict:
    """Per variant: faults, right-check and any-check recall, counted and false findings per 100
    sentences; faithful articles passing the gate; and the overall right-check recall."""
    out: dict = {"variants": {}}
    out["clean_by_check"] = check_counts([r for r in records if r["variant"] == "clean"])
    all_f = all_id = 0
    for name in ARTICLE_VARIANTS:
        rs = [r for r in records if r["variant"] == name]
        if not rs:
            continue
        faults = [f for r in rs for f in r["faults"]]
        sentences = sum((r["n_src_units"] + r["n_tgt_units"]) / 2 for r in rs)
        d = {
            "cases": len(rs), "errors": sum(1 for r in rs if "error" in r), "faults": len(faults),
            "recall_id": _ratio(sum(f["caught_id"] for f in faults), len(faults)),
            "recall_any": _ratio(sum(f["caught"] for f in faults), len(faults)),
            "sentences": sentences,
            "findings_per_100": _ratio(100 * sum(r["n_counted"] for r in rs), sentences),
            "false_per_100": _ratio(100 * sum(r["n_false"] for r in rs), sentences),
            "passed": sum(1 for r in rs if r["passed"]),
        }
        d["pass_share"] = _ratio(d["passed"], len(rs))
        out["variants"][name] = d
        if name in ARTICLE_FAULTS:
            all_f += len(faults)
            all_id += sum(f["caught_id"] for f in faults)
    out["recall_id_all"] = _ratio(all_id, all_f)
    return out


#: reviewed findings on faithful WMT24++ documents that are real slips in the reference translation
SLIPS_PATH = ROOT / "bench" / "wmt_slips.tsv"
SLIP_COLUMNS = ("corpus", "doc_id", "check", "fragment", "why")


def load_slips(path: Path = SLIPS_PATH) -> list[dict[str, str]]:
    """The reviewed slips: one dict per row of the tab-separated ``path`` (header
    :data:`SLIP_COLUMNS`); ``[]`` when the file does not exist.

    A finding on a faithful document is a reviewed slip when its corpus, document id and check
    id are the row's and the row's ``fragment`` occurs in the finding's source or target text
    (:func:`is_slip`). The ``why`` column says why it is a real slip in the reference.

    Raises:
        ValueError: a wrong header, or a row without exactly five non-empty fields.
    """
    if not path.is_file():
        return []
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if not lines or tuple(lines[0].split("\t")) != SLIP_COLUMNS:
        raise ValueError(f"{path}: the header must be {'<TAB>'.join(SLIP_COLUMNS)}")
    out = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(SLIP_COLUMNS) or not all(c.strip() for c in cells):
            raise ValueError(f"{path}:{n}: expected {len(SLIP_COLUMNS)} non-empty tab-separated fields")
        out.append(dict(zip(SLIP_COLUMNS, (c.strip() for c in cells))))
    return out


def is_slip(record: dict, finding: dict, slips: Sequence[dict[str, str]]) -> bool:
    """Whether ``finding`` (a record's finding: ``check``, ``src_text``, ``tgt_text``) of
    ``record`` (``corpus``, ``doc_id``) is a reviewed slip (:func:`load_slips`)."""
    text = finding.get("src_text", "") + "\n" + finding.get("tgt_text", "")
    return any(x["corpus"] == record["corpus"] and x["doc_id"] == record["doc_id"] and x["check"] == finding["check"]
               and x["fragment"] in text for x in slips)


def check_counts(records: Sequence[dict]) -> dict[str, int]:
    """How many counted (error or warning) findings each check id raised in ``records``, most
    first (ties by id); on faithful documents every one is a false finding."""
    n: dict[str, int] = {}
    for r in records:
        for f in r.get("findings", ()):
            n[f["check"]] = n.get(f["check"], 0) + 1
    return dict(sorted(n.items(), key=lambda kv: (-kv[1], kv[0])))


def summarise_wmt(records: Sequence[dict], slips: Sequence[dict[str, str]] = ()) -> dict:
    """Faithful documents per domain (false findings per 100 paragraphs, documents passing) and
    paragraph faults (recall, false findings). ``slips`` (:func:`load_slips`) gives the second,
    adjusted figures ``*_excl``: the reviewed slips in the references not counted as false and
    not failing a document; the raw figures are always kept beside them."""
    out: dict = {"domains": {}, "variants": {}}
    clean = [r for r in records if r["variant"] == "clean"]
    for dom in sorted({r["domain"] for r in clean}) + ["all"]:
        rs = [r for r in clean if dom == "all" or r["domain"] == dom]
        pars = sum((r["n_src_units"] + r["n_tgt_units"]) / 2 for r in rs)
        n_slips = sum(1 for r in rs for f in r.get("findings", ()) if is_slip(r, f, slips))
        passed_excl = sum(1 for r in rs if r["passed"] or (
            "error" not in r and all(f["severity"] != "error" or is_slip(r, f, slips) for f in r.get("findings", ()))))
        out["domains"][dom] = {
            "documents": len(rs), "paragraphs": pars, "passed": sum(1 for r in rs if r["passed"]),
            "pass_share": _ratio(sum(1 for r in rs if r["passed"]), len(rs)),
            "false_per_100": _ratio(100 * sum(r["n_counted"] for r in rs), pars),
            "by_check": check_counts(rs),
            "slips": n_slips, "passed_excl": passed_excl, "pass_share_excl": _ratio(passed_excl, len(rs)),
            "false_per_100_excl": _ratio(100 * (sum(r["n_counted"] for r in rs) - n_slips), pars),
        }
    for name in WMT_FAULTS:
        rs = [r for r in records if r["variant"] == name]
        if not rs:
            continue
        faults = [f for r in rs for f in r["faults"]]
        pars = sum((r["n_src_units"] + r["n_tgt_units"]) / 2 for r in rs)
        out["variants"][name] = {
            "cases": len(rs), "faults": len(faults),
            "recall_id": _ratio(sum(f["caught_id"] for f in faults), len(faults)),
            "recall_any": _ratio(sum(f["caught"] for f in faults), len(faults)),
            "false_per_100": _ratio(100 * sum(r["n_false"] for r in rs), pars),
        }
    return out


def summarise(records: Sequence[dict], seg: dict | None, slips: Sequence[dict[str, str]] = ()) -> dict:
    """Everything, per corpus group and half: ``articles`` (``ntrex``, ``tico``, ``ntrex+tico``),
    ``wmt`` (per dialect and both), ``segmenter`` (boundary P/R per corpus, half and language)."""
    res: dict = {"articles": {}, "wmt": {}, "segmenter": {}}
    groups = {"ntrex": ("ntrex",), "tico": ("tico",), "ntrex+tico": ("ntrex", "tico"),
              "wmt24pp-ar_EG": ("wmt24pp-ar_EG",), "wmt24pp-ar_SA": ("wmt24pp-ar_SA",),
              "wmt24pp (both)": tuple(WMT_CORPORA)}
    for g, members in groups.items():
        for half in HALVES:
            rs = [r for r in records if r["corpus"] in members and r["half"] == half]
            if not rs:
                continue
            if members[0] in ARTICLE_CORPORA:
                res["articles"].setdefault(g, {})[half] = summarise_articles(rs)
            else:
                res["wmt"].setdefault(g, {})[half] = summarise_wmt(rs, slips)
    if seg is not None:
        for g in ("ntrex", "tico", "ntrex+tico"):
            for half in HALVES:
                for gold in ("punctuated", "lines"):
                    for lang in (SOURCE_LANG, TARGET_LANG):
                        tot = BoundaryCounts()
                        for (corpus, h, lg, gd), bc in seg["counts"].items():
                            if corpus in groups[g] and h == half and lg == lang and gd == gold:
                                tot = tot + bc
                        if tot.tp + tot.fp + tot.fn:
                            res["segmenter"].setdefault(g, {}).setdefault(half, {}).setdefault(gold, {})[lang] = {
                                "tp": tot.tp, "fp": tot.fp, "fn": tot.fn, "precision": tot.precision, "recall": tot.recall}
        res["segmenter_examples"] = seg["examples"]
    return res


# --------------------------------------------------------------------------- rendering


def fmt(x, digits: int = 3) -> str:
    """A number for a table: ``—`` for None/NaN."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✓" if ok else " ✗")


def key_metrics(summary: dict) -> dict[str, float]:
    """The headline numbers of a summary, flat: ``"<group>/<half>/<metric>"`` -> value (for the
    before/after table)."""
    out: dict[str, float] = {}
    for g, halves in summary.get("segmenter", {}).items():
        if g != "ntrex+tico":
            continue
        for half, golds in halves.items():
            for lang, x in golds.get("punctuated", {}).items():
                out[f"boundaries {lang} (ntrex+tico)/{half}/precision"] = x["precision"]
                out[f"boundaries {lang} (ntrex+tico)/{half}/recall"] = x["recall"]
    for g, halves in summary.get("articles", {}).items():
        for half, s in halves.items():
            out[f"{g}/{half}/right-check recall, all faults"] = s["recall_id_all"]
            for v in ARTICLE_FAULTS:
                if v in s["variants"]:
                    out[f"{g}/{half}/recall: {LABELS[v]}"] = s["variants"][v]["recall_id"]
            for v in NO_FAULT_ARTICLE_VARIANTS:
                if v in s["variants"]:
                    out[f"{g}/{half}/false per 100 sentences: {LABELS[v]}"] = s["variants"][v]["false_per_100"]
            if "clean" in s["variants"]:
                out[f"{g}/{half}/faithful articles passing"] = s["variants"]["clean"]["pass_share"]
    for g, halves in summary.get("wmt", {}).items():
        for half, s in halves.items():
            a = s["domains"].get("all")
            if a:
                out[f"{g}/{half}/false per 100 paragraphs (faithful)"] = a["false_per_100"]
                out[f"{g}/{half}/faithful documents passing"] = a["pass_share"]
            for v in WMT_FAULTS:
                if v in s["variants"]:
                    out[f"{g}/{half}/recall: {LABELS[v]}"] = s["variants"][v]["recall_id"]
    return out


def wmt_check_table(wmt: dict, doms: Sequence[str]) -> list[str]:
    """Markdown lines: the false findings on faithful WMT24++ documents per check id, per domain
    (both dialects together; count, then per 100 paragraphs of that domain), one row per half
    and check, most frequent check first."""
    both = wmt.get("wmt24pp (both)", {})
    if not both:
        return []
    L = ["False findings on faithful documents by check (both dialects): count · per 100 paragraphs of the domain.",
         ""]
    rows = []
    for half, s in both.items():
        total = s["domains"].get("all", {}).get("by_check", {})
        for check in total:
            cells = []
            for d in doms:
                x = s["domains"].get(d)
                if x is None:
                    cells.append("—")
                    continue
                n = x.get("by_check", {}).get(check, 0)
                cells.append(f"{n} · {fmt(_ratio(100 * n, x['paragraphs']), 1)}")
            rows.append([half, check, *cells])
    return _table(["half", "check", *doms], rows) + [""]


def render_markdown(res: dict) -> str:
    """The results as Markdown (``bench/PARAGRAPHS.md``)."""
    meta = res["meta"]
    L = ["# Articles in paragraphs, default mode (`python -m bench.paragraphs`)", ""]
    L.append(f"Generated {meta['date']} · code `{meta['code']}` · seed {meta['seed']} · {meta['cases']} checks in "
             f"{meta['seconds'] / 60:.1f} min · signature `{meta['signature']}`")
    L += ["", "How the data is made and scored: see the docstrings of `bench/paragraphs.py`, `bench/layout.py` and "
          "`bench/spanscore.py`. ✓/✗: the issue's target (held-out half); recall target "
          f"{TARGET_RECALL} (truncated {TARGET_RECALL_TRUNCATED}), false findings ≤ {TARGET_FALSE_PER_100} per 100 "
          f"sentences, faithful articles passing ≥ {TARGET_PASS:.0%}; WMT24++ ≤ {TARGET_WMT_FALSE_PER_100:g} false "
          f"findings per 100 paragraphs and ≥ {TARGET_WMT_PASS:.0%} of faithful documents passing.", ""]
    seg = res["summary"].get("segmenter", {})
    if seg:
        L += ["## Sentence boundaries inside paragraphs (faithful articles)", "",
              "Gold `punctuated`: a boundary counts after a gold sentence that ends with final punctuation "
              "(`. ! ? ؟ …`, closing quotes allowed; no splitter can see the others: NTREX translators often drop the "
              "Arabic full stop, TICO's CMU dialogue lines have none), and a split inside a gold line that glues two "
              "sentences without a space (`therapy.Recommended`, TICO Wikipedia) is not counted as false. "
              "Gold `lines`: every original line is exactly one sentence. Exact code-point offsets.", ""]
        rows = []
        for g, halves in seg.items():
            for half, golds in halves.items():
                for gold, langs in golds.items():
                    for lang, s in langs.items():
                        ok = None if half != "held-out" or gold != "punctuated" else (
                            s["precision"] >= TARGET_BOUNDARY_P and s["recall"] >= TARGET_BOUNDARY_R)
                        rows.append([g, half, gold, lang, str(s["tp"] + s["fn"]), fmt(s["precision"], 4),
                                     fmt(s["recall"], 4) + _mark(ok), str(s["fp"]), str(s["fn"])])
        L += _table(["corpus", "half", "gold", "lang", "gold boundaries", "precision", "recall", "false splits", "missed"],
                    rows) + [""]
    arts = res["summary"].get("articles", {})
    if arts:
        L += ["## Articles (NTREX-128, TICO-19): right-check recall per fault", ""]
        heads = ["corpus", "half", *[LABELS[v] for v in ARTICLE_FAULTS], "all"]
        rows = []
        for g, halves in arts.items():
            for half, s in halves.items():
                cells = []
                for v in ARTICLE_FAULTS:
                    d = s["variants"].get(v)
                    if d is None:
                        cells.append("—")
                        continue
                    tgt = TARGET_RECALL_TRUNCATED if v == "truncated" else TARGET_RECALL
                    cells.append(f"{fmt(d['recall_id'], 2)} ({d['faults']})" + _mark(d["recall_id"] >= tgt if half == "held-out" else None))
                ok = None if half != "held-out" or math.isnan(s["recall_id_all"]) else s["recall_id_all"] >= TARGET_RECALL
                rows.append([g, half, *cells, fmt(s["recall_id_all"], 3) + _mark(ok)])
        L += _table(heads, rows) + [""]
        L += ["Any-check recall (a finding of any check overlaps the fault):", ""]
        rows = []
        for g, halves in arts.items():
            for half, s in halves.items():
                rows.append([g, half, *[fmt(s["variants"].get(v, {}).get("recall_any"), 2) for v in ARTICLE_FAULTS]])
        L += _table(["corpus", "half", *[LABELS[v] for v in ARTICLE_FAULTS]], rows) + [""]
        L += ["## Articles: false findings (error or warning) per 100 sentences, and the gate", ""]
        rows = []
        for g, halves in arts.items():
            for half, s in halves.items():
                v = s["variants"]
                cells = []
                for name in NO_FAULT_ARTICLE_VARIANTS:
                    d = v.get(name)
                    cells.append("—" if d is None else fmt(d["false_per_100"], 2) +
                                 _mark(d["false_per_100"] <= TARGET_FALSE_PER_100 if half == "held-out" else None))
                c = v.get("clean")
                pas = "—" if c is None else f"{c['passed']}/{c['cases']} = {c['pass_share']:.0%}" + _mark(
                    c["pass_share"] >= TARGET_PASS if half == "held-out" else None)
                faulty = [v[n] for n in ARTICLE_FAULTS if n in v]
                fsent = sum(d["sentences"] for d in faulty)
                ffalse = _ratio(sum(d["false_per_100"] * d["sentences"] for d in faulty), fsent)
                rows.append([g, half, *cells, pas, fmt(ffalse, 2)])
        L += _table(["corpus", "half", "faithful", "paragraphs merged", "paragraph split", "faithful articles passing",
                     "faulty articles: findings on no fault"], rows) + [""]
        L += ["False findings on faithful articles by check (count):", ""]
        L += _table(["corpus", "half", "checks"],
                    [[g, half, ", ".join(f"{k} {n}" for k, n in s.get("clean_by_check", {}).items()) or "none"]
                     for g, halves in arts.items() for half, s in halves.items()]) + [""]
    wmt = res["summary"].get("wmt", {})
    if wmt:
        L += ["## WMT24++ (real translators' paragraphs): faithful documents", "",
              "False findings (error or warning) per 100 paragraphs, and documents passing the gate, per domain.", ""]
        doms = sorted({d for halves in wmt.values() for s in halves.values() for d in s["domains"]} - {"all"}) + ["all"]
        rows = []
        for g, halves in wmt.items():
            for half, s in halves.items():
                cells = []
                for d in doms:
                    x = s["domains"].get(d)
                    if x is None:
                        cells.append("—")
                        continue
                    ok = None
                    if half == "held-out" and d == "all":
                        ok = x["false_per_100"] <= TARGET_WMT_FALSE_PER_100 and x["pass_share"] >= TARGET_WMT_PASS
                    cells.append(f"{fmt(x['false_per_100'], 1)} · {x['passed']}/{x['documents']}" + _mark(ok))
                rows.append([g, half, *cells])
        L += _table(["corpus", "half", *doms], rows) + [""]
        rows = []
        for g, halves in wmt.items():
            for half, s in halves.items():
                cells = []
                for d in doms:
                    x = s["domains"].get(d)
                    if x is None or "false_per_100_excl" not in x:
                        cells.append("—")
                        continue
                    ok = None
                    if half == "held-out" and d == "all":
                        ok = x["false_per_100_excl"] <= TARGET_WMT_FALSE_PER_100 and x["pass_share_excl"] >= TARGET_WMT_PASS
                    cells.append(f"{fmt(x['false_per_100_excl'], 1)} · {x['passed_excl']}/{x['documents']} "
                                 f"({x['slips']} slips)" + _mark(ok))
                rows.append([g, half, *cells])
        L += ["The same with the reviewed slips of `bench/wmt_slips.tsv` (real errors in the reference translations, "
              "each with its reason) not counted as false findings and not failing a document; the raw figures above "
              "are the headline.", ""]
        L += _table(["corpus", "half", *doms], rows) + [""]
        L += wmt_check_table(wmt, doms)
        L += ["## WMT24++: paragraph faults (documents of ≥ 2 paragraphs)", "",
              "Right-check recall (any-check recall), and findings that catch no fault per 100 paragraphs.", ""]
        rows = []
        for g, halves in wmt.items():
            for half, s in halves.items():
                cells = []
                for v in WMT_FAULTS:
                    d = s["variants"].get(v)
                    cells.append("—" if d is None else f"{fmt(d['recall_id'], 2)} ({fmt(d['recall_any'], 2)}) n={d['faults']}")
                fal = [s["variants"][v]["false_per_100"] for v in WMT_FAULTS if v in s["variants"]]
                rows.append([g, half, *cells, " / ".join(fmt(x, 1) for x in fal)])
        L += _table(["corpus", "half", *[LABELS[v] for v in WMT_FAULTS], "false per 100 (del / ins / repl)"], rows) + [""]
    base = res.get("baseline")
    if base:
        L += [f"## Before and after (baseline: {base['label']})", ""]
        now, before = key_metrics(res["summary"]), key_metrics(base["summary"])
        rows = [[k.replace("/", " · "), fmt(before.get(k)), fmt(v)] for k, v in now.items() if k in before]
        L += _table(["metric", "before", "now"], rows) + [""]
    ex = res["summary"].get("segmenter_examples")
    if ex:
        L += ["## Segmenter errors (first examples; ‖ marks the boundary)", ""]
        for lang, kinds in ex.items():
            for kind, items in kinds.items():
                if items:
                    L.append(f"**{lang}, {kind}** ({len(items)} shown)")
                    L.append("")
                    L += [f"- `{x}`" for x in items[:12]]
                    L.append("")
    return "\n".join(L).rstrip() + "\n"


# --------------------------------------------------------------------------- main


def code_version() -> str:
    """``git describe --always --dirty`` of the repository, or ``unknown``."""
    import subprocess

    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _jsonable(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return x


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench.paragraphs", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=",".join(ALL_CORPORA), help=f"comma list of {', '.join(ALL_CORPORA)}")
    ap.add_argument("--docs", default="", help="comma list of document ids (or parts of ids) to keep")
    ap.add_argument("--variants", default="", help="comma list of variant names to keep")
    ap.add_argument("--half", default="both", choices=("both", *HALVES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--segmenter-only", action="store_true", help="only the boundary scores (no model)")
    ap.add_argument("--out", default=None, help="Markdown output (default bench/PARAGRAPHS.md, or the subset file)")
    ap.add_argument("--json", default=None, help="JSON output")
    ap.add_argument("--details", default=str(ROOT / "bench" / ".cache" / "paragraphs-details.jsonl"))
    ap.add_argument("--baseline", default=None,
                    help="a JSON written by an earlier run: adds a before/after table of the headline numbers")
    ap.add_argument("--baseline-label", default="an earlier run")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (see the module docstring); returns the exit code."""
    from aligncheck.config import Config
    from aligncheck.pipeline import signature

    a = parse_args(argv)
    corpora = [c for c in a.corpus.split(",") if c]
    bad = [c for c in corpora if c not in ALL_CORPORA]
    if bad:
        print(f"error: unknown corpus {', '.join(bad)}; expected {', '.join(ALL_CORPORA)}", file=sys.stderr)
        return 2
    variants = [v for v in a.variants.split(",") if v] or None
    if variants:
        unknown = [v for v in variants if v not in ARTICLE_VARIANTS and v not in PARAGRAPH_VARIANTS]
        if unknown:
            print(f"error: unknown variant {', '.join(unknown)}", file=sys.stderr)
            return 2
    if a.segmenter_only:
        variants = ["clean"]
    doc_filter = [d for d in a.docs.split(",") if d]
    subset = (set(corpora) != set(ALL_CORPORA) or bool(doc_filter) or variants is not None or a.half != "both"
              or a.segmenter_only)
    out_md = Path(a.out) if a.out else ROOT / "bench" / (".cache/paragraphs-subset.md" if subset else "PARAGRAPHS.md")
    out_json = Path(a.json) if a.json else ROOT / "bench" / (".cache/paragraphs-subset.json" if subset else "paragraphs.json")
    config = Config()
    code = code_version()  # at the start: the code that ran, not what was committed meanwhile
    t0 = time.perf_counter()
    cases: list[Case] = []
    for corpus in corpora:
        docs = load_docs(corpus)
        all_docs = docs
        if doc_filter:
            docs = [d for d in docs if any(f in d.doc_id for f in doc_filter)]
        if a.half != "both":
            docs = [d for d in docs if half_of(d.corpus, d.doc_id) == a.half]
        # donors come from the whole corpus, so a subset gets the same variants as the full run
        cs = make_cases(all_docs, a.seed, variants)
        keep = {d.doc_id for d in docs}
        cases += [c for c in cs if c.doc.doc_id in keep]
    log(f"{len(cases)} cases from {', '.join(corpora)}")
    seg = segmenter_counts(cases, config)
    records: list[dict] = []
    sig = ""
    if not a.segmenter_only:
        encoder, cache = make_encoder()
        try:
            prefetch(cases, config, encoder)
            sig = signature(config, encoder.signature)
            for k, c in enumerate(cases):
                records.append(run_case(c, config, encoder))
                if k % 50 == 49:
                    log(f"checked {k + 1}/{len(cases)} ({(time.perf_counter() - t0) / 60:.1f} min)")
        finally:
            cache.close()
    res = {
        "meta": {"date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "code": code,
                 "seed": a.seed, "cases": len(records), "seconds": time.perf_counter() - t0, "signature": sig,
                 "corpora": corpora, "docs": doc_filter, "variants": variants, "half": a.half},
        "summary": summarise(records, seg, load_slips()),
    }
    if a.baseline:
        res["baseline"] = {"label": a.baseline_label, "summary": json.loads(Path(a.baseline).read_text(encoding="utf-8"))["summary"]}
    out_md.parent.mkdir(parents=True, exist_ok=True)
    out_md.write_text(render_markdown(res), encoding="utf-8")
    out_json.write_text(json.dumps(_jsonable(res), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if records:
        det = Path(a.details)
        det.parent.mkdir(parents=True, exist_ok=True)
        with det.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(_jsonable(r), ensure_ascii=False) + "\n")
    log(f"wrote {out_md} and {out_json} in {(time.perf_counter() - t0) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
