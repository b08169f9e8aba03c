"""Checking a corpus: a manifest of document pairs, one JSON result line per pair, resumable.

``aligncheck batch MANIFEST --output results.jsonl`` is built from the pieces here:

* :func:`read_manifest` — a TSV file with a header row or a JSONL file, one pair a line
  (paths relative to the manifest's folder, or inline texts), into :class:`PairSpec` records;
* :func:`prepare_pair` — read and segment one pair (:class:`PreparedPair`);
* :func:`finish_pair` — align and check a prepared pair whose embeddings were computed
  beforehand, and render its result line (the ``check --format json`` report plus ``"id"``);
* :func:`run_batch` — the orchestrator: pairs go through in windows; each window's distinct
  texts are embedded together (the encoder sees large batches even when documents are short;
  a :class:`~aligncheck.embed.DedupEncoder` backed by the on-disk cache embeds no text twice),
  then the pairs are finished by an *executor* (in this process, in worker processes, or on
  Ray, see :mod:`aligncheck.ray_engine`) and their lines appended to the output **in manifest
  order**, flushed and fsynced. A re-run with the same output skips the ids already written and
  drops a torn last line, so an interrupted batch finishes with the same file an uninterrupted
  run writes.

Nothing here prints or exits; errors are :class:`~aligncheck.errors.AlignCheckError` subclasses
whose message names the manifest line.
"""

from __future__ import annotations

import csv
import dataclasses
import heapq
import json
import os
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from .config import Config
from .errors import AlignCheckError, ConfigError, InputError
from .types import Document

#: keys of a manifest row naming the pair
PAIR_KEYS = ("id", "source", "target", "source_text", "target_text")
#: per-pair options a manifest row may set (they override the command line for that pair)
PAIR_OPTIONS = ("segmentation", "source_lang", "target_lang", "input_format", "encoding",
                "source_encoding", "target_encoding")
#: options that are :class:`~aligncheck.config.Config` fields
_CONFIG_PAIR_OPTIONS = ("segmentation", "source_lang", "target_lang")
#: pairs read, embedded and finished together (the encoder sees one window's texts at once)
WINDOW_PAIRS = 32
#: how many pairs the summary lists as the worst
WORST_PAIRS = 10


@dataclass(frozen=True)
class PairSpec:
    """One manifest row.

    Attributes:
        id: the pair's id (the ``id`` column, else the source path as written, else ``line N``).
        line: 1-based line of the row in the manifest.
        where: ``"MANIFEST line N"``, for messages.
        source, target: file paths (joined to the manifest's folder), or ``None`` for inline text.
        source_text, target_text: inline texts, or ``None`` for a file.
        options: per-pair options ``((name, value), ...)`` from :data:`PAIR_OPTIONS`.
    """

    id: str
    line: int
    where: str
    source: str | None = None
    target: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    options: tuple[tuple[str, str], ...] = ()


def _unescape(text: str) -> str:
    """TSV cell escapes of inline texts: ``\\n`` newline, ``\\t`` tab, ``\\\\`` backslash."""
    out, k = [], 0
    while k < len(text):
        ch = text[k]
        if ch == "\\" and k + 1 < len(text) and text[k + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[text[k + 1]])
            k += 2
        else:
            out.append(ch)
            k += 1
    return "".join(out)


def _spec(row: dict[str, Any], *, line: int, where: str, base: str, escaped: bool,
          allow_outside: bool = False) -> PairSpec:
    unknown = [k for k in row if k not in PAIR_KEYS + PAIR_OPTIONS]
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(PAIR_KEYS + PAIR_OPTIONS)}")
    values: dict[str, str] = {}
    for k, v in row.items():
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            raise InputError(f"{where}: {k} must be a string, not {type(v).__name__}")
        values[k] = v
    sides = {}
    bilingual = False
    if values.get("source") is not None:
        from .formats import BILINGUAL_FORMATS, detect_format

        try:
            bilingual = detect_format(values["source"], values.get("input_format", "auto")) in BILINGUAL_FORMATS
        except ConfigError as exc:
            raise InputError(f"{where}: {exc}") from None
    for side in ("source", "target"):
        path, text = values.get(side), values.get(f"{side}_text")
        if side == "target" and bilingual:
            if path is not None or text is not None:
                raise InputError(f"{where}: {values['source']} holds both languages; leave target empty")
            continue
        if (path is None) == (text is None):
            what = "both" if path is not None else "neither"
            raise InputError(f"{where}: give exactly one of {side} (a path) and {side}_text (inline text), not {what}")
        if text is not None:
            text = _unescape(text) if escaped else text
            if not text.strip():
                raise InputError(f"{where}: {side}_text is blank")
            sides[f"{side}_text"] = text
        else:
            full = path if os.path.isabs(path) else os.path.join(base, path)
            folder = os.path.realpath(base or ".")
            real = os.path.realpath(full)
            if not allow_outside and not (real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)):
                raise InputError(f"{where}: {side} {path!r} lies outside the manifest's folder {folder}; a manifest "
                                 "names files below its own folder (pass --allow-outside-paths to trust it)")
            sides[side] = full
    pair_id = values.get("id") or values.get("source") or f"line {line}"
    options = tuple((k, values[k]) for k in PAIR_OPTIONS if k in values)
    return PairSpec(id=pair_id, line=line, where=where, options=options, **sides)


def read_manifest(path: str, *, allow_outside: bool = False) -> list[PairSpec]:
    """Read a manifest: JSONL (``.jsonl``/``.ndjson``, or a first non-blank character ``{``) with
    one object per line, or TSV with a header row; both with the keys :data:`PAIR_KEYS` and
    :data:`PAIR_OPTIONS`. Relative paths are joined to the manifest's folder; a path that leads
    out of that folder (absolute, ``..``, a symlink) is refused unless ``allow_outside``. Blank lines (and
    TSV lines starting with ``#``) are skipped. In TSV, inline texts may use the escapes ``\\n``,
    ``\\t`` and ``\\\\``.

    Returns:
        The pairs in manifest order.

    Raises:
        InputError: the manifest cannot be read, a row is malformed (message
            ``MANIFEST line N: ...``), no row, or two rows share an id.
    """
    from .documents import read_text

    text, _ = read_text(path, role="source")
    base = os.path.dirname(path)
    lines = text.splitlines()
    first = next((ln.lstrip() for ln in lines if ln.strip()), "")
    if not first:
        raise InputError(f"{path}: the manifest is empty; give a header row (source, target, id) and one pair a line")
    specs: list[PairSpec] = []
    if path.lower().endswith((".jsonl", ".ndjson")) or first.startswith("{"):
        for n, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            where = f"{path} line {n}"
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not a JSON object ({exc.msg} at column {exc.colno})") from None
            except RecursionError:
                raise InputError(f"{where}: nested too deeply for a manifest line (a flat JSON object)") from None
            if not isinstance(row, dict):
                raise InputError(f"{where}: a manifest line must be a JSON object with source and target")
            from .documents import check_no_surrogates

            for key, value in row.items():
                for text in (key, value if isinstance(value, str) else ""):
                    check_no_surrogates(text, f"{where}: {key!r}", hint="remove the \\u escape of half a character")
            specs.append(_spec(row, line=n, where=where, base=base, escaped=False, allow_outside=allow_outside))
    else:
        header_no = next(n for n, ln in enumerate(lines, 1) if ln.strip())
        header = [h.strip() for h in lines[header_no - 1].split("\t")]
        where0 = f"{path} line {header_no}"
        if len(set(header)) != len(header):
            raise InputError(f"{where0}: a column name appears twice in the header")
        for h in header:
            if h not in PAIR_KEYS + PAIR_OPTIONS:
                raise InputError(f"{where0}: unknown column {h!r} in the header (tab-separated); known columns: "
                                 f"{', '.join(PAIR_KEYS + PAIR_OPTIONS)}")
        for n, raw in enumerate(lines[header_no:], header_no + 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = raw.split("\t")
            where = f"{path} line {n}"
            if len(cells) != len(header):
                raise InputError(f"{where}: {len(cells)} tab-separated cells, the header has {len(header)}")
            specs.append(_spec(dict(zip(header, cells)), line=n, where=where, base=base, escaped=True,
                               allow_outside=allow_outside))
    if not specs:
        raise InputError(f"{path}: the manifest has a header but no pair")
    seen: dict[str, PairSpec] = {}
    for s in specs:
        if s.id in seen:
            raise InputError(f"{s.where}: id {s.id!r} is already used on line {seen[s.id].line}; ids must be unique")
        seen[s.id] = s
    return specs


# --------------------------------------------------------------------------- one pair


@dataclass(frozen=True)
class PreparedPair:
    """A pair read and segmented, ready to embed and check.

    Attributes:
        spec: its manifest row.
        config: the pair's configuration (command line, then the row's options).
        input_format: the format it was read as (``text``, ``markdown`` ... or a unit format).
        source, target: the documents (document formats).
        markers: suppression markers of the target file (document formats).
        units: the unit file (unit formats), else ``None``.
        texts: the distinct texts :func:`finish_pair` will embed first (segment texts, and the
            reference sentences when a side is short), in first-seen order.
    """

    spec: PairSpec
    config: Config
    input_format: str
    source: Document | None = None
    target: Document | None = None
    markers: tuple = ()
    units: Any = None
    texts: tuple[str, ...] = ()


def _where(spec: PairSpec, exc: AlignCheckError) -> AlignCheckError:
    return type(exc)(f"{spec.where} (id {spec.id}): {exc}")


def pair_config(spec: PairSpec, config: Config) -> Config:
    """``config`` with the row's per-pair options applied.

    Raises:
        ConfigError: a per-pair option has a bad value (message names the manifest line).
    """
    values = {k: v for k, v in spec.options if k in _CONFIG_PAIR_OPTIONS}
    if not values:
        return config
    try:
        return config.replace(**values)
    except ConfigError as exc:
        raise InputError(f"{spec.where} (id {spec.id}): {exc}") from None


def prepare_pair(spec: PairSpec, config: Config) -> PreparedPair:
    """Read and segment one pair (as ``aligncheck check`` would, markers in the target read).

    Raises:
        InputError: a file is missing, unreadable, empty, or in the wrong script; a bad per-pair
            option (messages start with ``MANIFEST line N (id ID):``).
    """
    from . import documents, formats
    from .pipeline import REFERENCE_BELOW, embedding_inputs, reference_texts
    from .suppress import read_marked_document

    try:
        config = pair_config(spec, config)
        opts = dict(spec.options)
        enc = opts.get("encoding")
        fmt = formats.detect_format(spec.source or "inline.txt", opts.get("input_format", "auto"))
        if fmt in formats.UNIT_FORMATS:
            if spec.source is None or (fmt in formats.CATALOG_FORMATS) != (spec.target is not None):
                raise InputError(f"a {fmt} pair takes {'a source and a target file' if fmt in formats.CATALOG_FORMATS else 'one bilingual file as source (target left empty)'}")
            from .formats.units import units_to_documents

            units = formats.read_units(spec.source, spec.target if fmt in formats.CATALOG_FORMATS else None, fmt=fmt,
                                       source_lang=config.source_lang, target_lang=config.target_lang, encoding=enc,
                                       source_encoding=opts.get("source_encoding"),
                                       target_encoding=opts.get("target_encoding"))
            src, tgt, _ = units_to_documents(units)
            texts = embedding_inputs(src)[0] + embedding_inputs(tgt)[0]
            short = min(len(src.segments), len(tgt.segments)) < REFERENCE_BELOW
            if short:
                texts += reference_texts(src.lang) + reference_texts(tgt.lang)
            return PreparedPair(spec, config, fmt, units=units, texts=tuple(dict.fromkeys(texts)))
        if spec.source_text is not None:
            src = documents.make_document(spec.source_text, path=f"{spec.id}:source", lang=config.source_lang,
                                          mode=config.segmentation, role="source")
        else:
            src = formats.read_document(spec.source, config.source_lang, fmt=fmt, mode=config.segmentation,
                                        encoding=opts.get("source_encoding") or enc, role="source")
        markers: list = []
        if spec.target_text is not None:
            tgt = documents.make_document(spec.target_text, path=f"{spec.id}:target", lang=config.target_lang,
                                          mode=config.segmentation, role="target")
        else:
            tgt, markers = read_marked_document(spec.target, config.target_lang, mode=config.segmentation,
                                                encoding=opts.get("target_encoding") or enc, role="target", fmt=fmt)
    except AlignCheckError as exc:
        raise _where(spec, exc) from None
    texts = embedding_inputs(src)[0] + embedding_inputs(tgt)[0]
    if min(len(src.segments), len(tgt.segments)) < REFERENCE_BELOW:
        texts += reference_texts(src.lang) + reference_texts(tgt.lang)
    return PreparedPair(spec, config, fmt, source=src, target=tgt, markers=tuple(markers),
                        texts=tuple(dict.fromkeys(texts)))


class PrecomputedEncoder:
    """An encoder that serves texts embedded beforehand and sends any other text (re-test
    pieces, clauses) to ``fallback`` (an encoder, or a zero-argument callable returning one,
    called on the first miss only).

    Args:
        vectors: ``text -> (dim,) float32`` unit rows.
        signature: the signature of the model that made them.
        fallback: where missing texts go.
    """

    def __init__(self, vectors: dict[str, np.ndarray], signature: str, fallback):
        self.vectors = vectors
        self.signature = signature
        self._fallback = fallback
        self._encoder = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 unit rows, in input order."""
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            if self._encoder is None:
                self._encoder = self._fallback() if callable(self._fallback) and not hasattr(self._fallback, "encode") else self._fallback
            for t, v in zip(missing, np.asarray(self._encoder.encode(missing), dtype=np.float32)):
                self.vectors[t] = v
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32, copy=False)


@dataclass(frozen=True)
class ModelSource:
    """How a worker process builds the encoder for texts not embedded beforehand: the model a
    configuration names, backed by the on-disk cache folder ``cache_dir`` (``None``: no cache).
    Picklable; :meth:`build` loads the model once per process."""

    model: str | None
    revision: str | None
    trust_remote_code: bool
    bundled_mode: str
    cache_dir: str | None

    def build(self):
        """The encoder (a :class:`~aligncheck.embed.DedupEncoder`), memoised per process.

        Raises:
            ModelError: the model cannot be loaded.
        """
        key = dataclasses.astuple(self)
        if key not in _WORKER_ENCODERS:
            from .embed import DedupEncoder, load_encoder

            inner = load_encoder(self.model, self.revision, trust_remote_code=self.trust_remote_code,
                                 bundled_mode=self.bundled_mode)
            store = None
            if self.cache_dir is not None:
                from .cache import EmbeddingCache, default_max_bytes

                store = EmbeddingCache.for_encoder(inner, self.cache_dir, max_bytes=default_max_bytes())
            _WORKER_ENCODERS[key] = DedupEncoder(inner, store=store)
        return _WORKER_ENCODERS[key]


_WORKER_ENCODERS: dict[tuple, Any] = {}


@dataclass(frozen=True)
class PairOutcome:
    """What :func:`finish_pair` returns: the pair's output ``line`` (JSON, newline-terminated)
    and the few numbers the summary needs."""

    id: str
    line: str
    stats: "PairStats"


@dataclass(frozen=True)
class PairStats:
    """Summary numbers of one pair's result.

    Attributes:
        id: the pair id. passed: the gate passed. counts: findings per check id.
        by_severity: ``{"error": n, "warning": n, "info": n}``.
    """

    id: str
    passed: bool
    counts: tuple[tuple[str, int], ...]
    by_severity: tuple[tuple[str, int], ...]
    signature: str = ""
    line: int = 0
    paths: tuple[str, str] = ("", "")

    @classmethod
    def from_report(cls, data: dict, line: int = 0) -> "PairStats":
        """From a result line's parsed JSON (``line``: its 1-based line in the output)."""
        s = data["summary"]
        return cls(str(data["id"]), bool(s["passed"]), tuple(s["counts"].items()), tuple(s["by_severity"].items()),
                   str(data["signature"]), line, (str(data["source"]["path"]), str(data["target"]["path"])))


def report_paths(spec: PairSpec) -> tuple[str, str]:
    """The source and target paths a result of ``spec`` names (inline texts ``ID:source`` and
    ``ID:target``; a bilingual file is both), to tell whether a resumed line still belongs to it."""
    source = spec.source if spec.source is not None else f"{spec.id}:source"
    if spec.target is not None:
        return source, spec.target
    return source, f"{spec.id}:target" if spec.target_text is not None else source


def result_line(pair_id: str, result) -> str:
    """The output line of a :class:`~aligncheck.types.CheckResult`: ``{"id": ..., **report}``
    with the report of ``check --format json`` (schema ``report-v1.json`` once ``id`` is
    removed), compact, UTF-8 text, control characters escaped, ``\\n``-terminated."""
    from .neutralise import json_safe
    from .report.json import to_dict

    text = json.dumps({"id": pair_id, **to_dict(result)}, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return json_safe(text) + "\n"


def finish_pair(prepared: PreparedPair, vectors: dict[str, np.ndarray], signature: str, fallback) -> PairOutcome:
    """Align and check a prepared pair: the part of ``aligncheck check`` after embedding.
    A top-level function, so worker processes (spawned) and Ray tasks can run it.

    Args:
        prepared: from :func:`prepare_pair`.
        vectors: ``text -> (dim,) float32`` for (at least) ``prepared.texts``.
        signature: the encoder's signature (goes into the result's signature).
        fallback: encoder (or zero-argument builder, e.g. :meth:`ModelSource.build`) for texts
            not in ``vectors``.

    Raises:
        ModelError: the fallback encoder fails. InputError: as the pipeline.
    """
    from .pipeline import check_documents, check_units
    from .suppress import apply_markers

    encoder = PrecomputedEncoder(dict(vectors), signature, fallback)
    try:
        if prepared.units is not None:
            result = check_units(prepared.units, config=prepared.config, encoder=encoder)
        else:
            result = check_documents(prepared.source, prepared.target, config=prepared.config, encoder=encoder)
            if prepared.input_format != "text":
                result = dataclasses.replace(result, signature=f"{result.signature}|input:{prepared.input_format}")
            result, _ = apply_markers(result, list(prepared.markers))
    except AlignCheckError as exc:
        raise _where(prepared.spec, exc) from None
    line = result_line(prepared.spec.id, result)
    return PairOutcome(prepared.spec.id, line, PairStats.from_report(json.loads(line)))


# --------------------------------------------------------------------------- output file


def scan_output(path: str) -> tuple[dict[str, PairStats], int]:
    """Read an existing output file for resuming: the stats of every complete line by id, and
    the byte length of the complete lines (a last line without its newline, torn by a kill, is
    not counted: the caller truncates the file to this length). A missing file is empty.

    Raises:
        InputError: a complete line is not a batch result (not JSON, or no ``id``/``summary``).
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return {}, 0
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    end = data.rfind(b"\n") + 1
    done: dict[str, PairStats] = {}
    for n, raw in enumerate(data[:end].split(b"\n")[:-1], 1):
        try:
            stats = PairStats.from_report(json.loads(raw), n)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            raise InputError(f"{path} line {n} is not an aligncheck batch result; give --output a new file "
                             "(or delete this one to start over)") from None
        done[stats.id] = stats
    return done, end


class _Output:
    """The output file, opened for appending (torn tail cut off); :meth:`write` appends lines,
    flushes and fsyncs them (one sync per call)."""

    def __init__(self, path: str, valid_bytes: int):
        self.path = path
        try:
            from .safe_output import open_append

            self._fh = open_append(path)
            if self._fh.tell() != valid_bytes:
                self._fh.truncate(valid_bytes)
                self._fh.seek(valid_bytes)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None

    def write(self, lines: list[str]) -> None:
        try:
            self._fh.write("".join(lines).encode("utf-8"))
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        self._fh.close()


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of a batch.

    Attributes:
        output: the output file.
        pairs: pairs in the manifest (all have a line in ``output`` once the run ends).
        resumed: pairs whose line was already in ``output`` (skipped this run).
        passed, failed: pairs that passed / failed the gate.
        counts: findings per check id over all pairs, most frequent first.
        worst: the (up to :data:`WORST_PAIRS`) pairs with the most errors, then warnings, then
            findings: ``(id, errors, warnings, findings, counts)``; only pairs with findings.
        texts_embedded: texts this run sent to the model (cache and memo misses).
    """

    output: str
    pairs: int
    resumed: int
    passed: int
    failed: int
    counts: tuple[tuple[str, int], ...]
    worst: tuple[tuple[str, int, int, int, tuple[tuple[str, int], ...]], ...]
    texts_embedded: int = 0

    @property
    def ok(self) -> bool:
        """True when every pair passed the gate."""
        return self.failed == 0


def summarise(specs: Sequence[PairSpec], stats: dict[str, PairStats], *, output: str, resumed: int,
              texts_embedded: int = 0) -> BatchSummary:
    """The :class:`BatchSummary` of the pairs ``specs`` from their ``stats`` (by id)."""
    counts: dict[str, int] = {}
    heap: list = []
    passed = failed = 0
    for k, spec in enumerate(specs):
        st = stats[spec.id]
        passed += st.passed
        failed += not st.passed
        for check, n in st.counts:
            counts[check] = counts.get(check, 0) + n
        sev = dict(st.by_severity)
        total = sum(n for _, n in st.counts)
        if total:
            key = (sev.get("error", 0), sev.get("warning", 0), total, -k)
            item = (key, (spec.id, sev.get("error", 0), sev.get("warning", 0), total, st.counts))
            if len(heap) < WORST_PAIRS:
                heapq.heappush(heap, item)
            else:
                heapq.heappushpop(heap, item)
    worst = tuple(item for _, item in sorted(heap, key=lambda x: x[0], reverse=True))
    return BatchSummary(output, len(specs), resumed, passed, failed,
                        tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), worst, texts_embedded)


def render_summary(summary: BatchSummary, fmt: str = "text") -> str:
    """The summary as ``text``, ``markdown`` or ``html`` (a string ending in a newline).

    Raises:
        ConfigError: an unknown ``fmt``.
    """
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    def per_check(counts) -> str:
        return ", ".join(f"{c} {n}" for c, n in counts) or "none"

    from .report.common import clean, md_escape

    s = summary
    status = "✓ passed" if s.ok else "✗ FAILED"
    # ids and the output path may come from a hostile manifest: cleaned (no control character,
    # bidi override or CI workflow command) in every format, Markdown-escaped in Markdown
    worst = [(clean(pid), e, w, n, counts) for pid, e, w, n, counts in s.worst]
    head = (f"{status}: {plural(s.pairs, 'pair')} checked, {s.passed} passed, {s.failed} failed "
            f"({s.resumed} already in {clean(s.output)})")
    if fmt == "text":
        lines = [head, f"findings by check: {per_check(s.counts)}"]
        if worst:
            lines.append("worst pairs:")
            for pid, e, w, n, counts in worst:
                lines.append(f"  {pid}  {plural(e, 'error')}, {plural(w, 'warning')}, {plural(n, 'finding')} ({per_check(counts)})")
        lines.append(f"results: {clean(s.output)}")
        return "\n".join(lines) + "\n"
    if fmt == "markdown":
        lines = [f"### aligncheck batch: {status}", "",
                 f"{plural(s.pairs, 'pair')} checked: **{s.passed} passed**, **{s.failed} failed** "
                 f"({s.resumed} already in {md_escape(s.output)}).", "",
                 "| check | findings |", "|---|---|"]
        lines += [f"| {md_escape(c)} | {n} |" for c, n in s.counts] or ["| (none) | 0 |"]
        if worst:
            lines += ["", "| worst pairs | errors | warnings | findings | by check |", "|---|---|---|---|---|"]
            lines += [f"| {md_escape(pid)} | {e} | {w} | {n} | {md_escape(per_check(c))} |" for pid, e, w, n, c in worst]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        from html import escape

        rows = "".join(f"<tr><td>{escape(c)}</td><td>{n}</td></tr>" for c, n in s.counts)
        worst_rows = "".join(f"<tr><td>{escape(pid)}</td><td>{e}</td><td>{w}</td><td>{n}</td><td>{escape(per_check(c))}</td></tr>"
                             for pid, e, w, n, c in worst)
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>aligncheck batch</title></head><body>\n"
                f"<h1>aligncheck batch: {escape(status)}</h1>\n<p>{escape(head)}</p>\n"
                f"<table><thead><tr><th>check</th><th>findings</th></tr></thead><tbody>{rows}</tbody></table>\n"
                + (f"<table><thead><tr><th>worst pairs</th><th>errors</th><th>warnings</th><th>findings</th><th>by check</th>"
                   f"</tr></thead><tbody>{worst_rows}</tbody></table>\n" if worst_rows else "")
                + "</body></html>\n")
    raise ConfigError(f"summary format must be text, markdown or html, not {fmt!r}")


# --------------------------------------------------------------------------- executors


class SerialExecutor:
    """Runs :func:`prepare_pair` and :func:`finish_pair` in this process (``--jobs 1``).

    The executor protocol :func:`run_batch` uses (also :class:`ProcessExecutor` and
    :class:`aligncheck.ray_engine.RayExecutor`): ``prepare(specs, config)`` -> an iterator of
    :class:`PreparedPair` in order (work may start at once); ``submit(prepared, vectors,
    signature)`` -> a handle; ``result(handle)`` -> :class:`PairOutcome` (raises the pair's
    error); ``ready(handle)`` -> whether ``result`` would not block; ``close()``.
    """

    def __init__(self, fallback):
        self.fallback = fallback

    def prepare(self, specs: Sequence[PairSpec], config: Config) -> Iterator[PreparedPair]:
        return (prepare_pair(s, config) for s in specs)

    def submit(self, prepared: PreparedPair, vectors: dict, signature: str):
        return finish_pair(prepared, vectors, signature, self.fallback)

    @staticmethod
    def result(handle) -> PairOutcome:
        return handle

    @staticmethod
    def ready(handle) -> bool:
        return True

    def close(self) -> None:
        pass


class ProcessExecutor:
    """Runs :func:`prepare_pair` and :func:`finish_pair` in ``jobs`` spawned worker processes
    (:class:`concurrent.futures.ProcessPoolExecutor`); a worker builds its fallback encoder
    (``fallback``: a picklable encoder, or a :class:`ModelSource`) only when a pair needs a text
    that was not embedded beforehand."""

    def __init__(self, jobs: int, fallback):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.fallback = fallback.build if isinstance(fallback, ModelSource) else fallback
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))

    def prepare(self, specs: Sequence[PairSpec], config: Config) -> Iterator[PreparedPair]:
        futures = [self.pool.submit(prepare_pair, s, config) for s in specs]
        return (f.result() for f in futures)

    def submit(self, prepared: PreparedPair, vectors: dict, signature: str):
        return self.pool.submit(finish_pair, prepared, vectors, signature, self.fallback)

    @staticmethod
    def result(handle) -> PairOutcome:
        return handle.result()

    @staticmethod
    def ready(handle) -> bool:
        return handle.done()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _windows(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_batch(
    specs: Sequence[PairSpec],
    *,
    config: Config,
    encoder,
    output: str,
    executor=None,
    progress: Callable[[int, int], None] | None = None,
    window: int = WINDOW_PAIRS,
) -> BatchSummary:
    """Check every pair of ``specs`` and append its result line to ``output``, in manifest order.

    Pairs already in ``output`` (by id) are skipped and a torn last line is cut off, so a re-run
    after an interruption finishes the file as an uninterrupted run would have written it.

    Args:
        specs: from :func:`read_manifest`.
        config: the configuration of every pair (rows' options override it per pair).
        encoder: the run's encoder, ideally a :class:`~aligncheck.embed.DedupEncoder` backed by
            the on-disk cache; each window's distinct texts go to it in one call.
        output: the JSONL file (created, or resumed).
        executor: :class:`SerialExecutor` (default, using ``encoder`` for other texts),
            :class:`ProcessExecutor` or :class:`aligncheck.ray_engine.RayExecutor`.
        progress: called as ``progress(done, total)`` (pairs) as lines are written.
        window: pairs read and embedded together.

    Returns:
        The :class:`BatchSummary` over all of ``specs`` (resumed pairs included).

    Raises:
        InputError: a pair cannot be read (the message names its manifest line), or the output
            cannot be read or written. ModelError: the model fails.
    """
    from .safe_output import check_output_path

    check_output_path(output)
    done, valid = scan_output(output)
    stats = {s.id: done[s.id] for s in specs if s.id in done}
    ids = {s.id for s in specs}
    gone = [st for pid, st in done.items() if pid not in ids]
    if gone:
        raise ConfigError(f"{output} line {gone[0].line} (id {gone[0].id}) is not in the manifest any more; resume "
                          "with the same manifest, or write to a new --output")
    for spec in specs:
        st = stats.get(spec.id)
        if st is not None and st.paths != report_paths(spec):
            raise ConfigError(f"{output} line {st.line} (id {spec.id}) checked {st.paths[0]} <-> {st.paths[1]}, but the "
                              f"manifest row now names {' <-> '.join(report_paths(spec))}; resume with the same "
                              "manifest, or write to a new --output")
    if stats:
        from .pipeline import signature as make_signature

        for spec in specs:
            st = stats.get(spec.id)
            if st is None:
                continue
            expected = make_signature(pair_config(spec, config), encoder.signature)
            if st.signature != expected and not st.signature.startswith(expected + "|input:"):
                raise ConfigError(
                    f"{output} line {st.line} (id {spec.id}) was checked with other options or another model "
                    f"({st.signature}); resume with the same options, or write to a new --output")
    resumed = len(stats)
    todo = [s for s in specs if s.id not in done]
    executor = executor if executor is not None else SerialExecutor(encoder)
    before = getattr(encoder, "n_encoded", 0)
    out = _Output(output, valid)
    try:
        if progress is not None:
            progress(resumed, len(specs))
        pending: deque = deque()
        windows = _windows(todo, max(1, window))
        prepared_iter = None
        nxt = next(windows, None)
        if nxt is not None:
            prepared_iter = executor.prepare(nxt, config)
        while prepared_iter is not None:
            prepared = list(prepared_iter)
            nxt = next(windows, None)
            # read the next window while this one is embedded and checked
            prepared_iter = executor.prepare(nxt, config) if nxt is not None else None
            texts = list(dict.fromkeys(t for p in prepared for t in p.texts))
            vectors = np.asarray(encoder.encode(texts), dtype=np.float32) if texts else None
            row = {t: k for k, t in enumerate(texts)}
            for p in prepared:
                pending.append(executor.submit(p, {t: vectors[row[t]] for t in p.texts}, encoder.signature))
            # write every finished line; keep at most two windows in flight
            _drain(pending, executor, out, stats, progress, len(specs), keep=len(prepared))
        _drain(pending, executor, out, stats, progress, len(specs), keep=0)
    finally:
        out.close()
        executor.close()
    return summarise(specs, stats, output=output, resumed=resumed,
                     texts_embedded=getattr(encoder, "n_encoded", 0) - before)


def _drain(pending: deque, executor, out: _Output, stats: dict, progress, total: int, *, keep: int) -> None:
    """Write the results at the head of ``pending`` (manifest order) until at most ``keep``
    remain, then any further ones that are already finished."""
    while pending:
        lines = []
        while pending and (len(pending) > keep or executor.ready(pending[0])):
            outcome = executor.result(pending.popleft())
            lines.append(outcome.line)
            stats[outcome.id] = outcome.stats
        if not lines:
            return
        out.write(lines)
        if progress is not None:
            progress(len(stats), total)

