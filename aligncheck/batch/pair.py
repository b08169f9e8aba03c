"""One pair of a batch: read and segment it (:func:`prepare_pair`, through the router), then,
its texts embedded, align and check it (:func:`finish_pair`, through the pipeline entry) into
its result line.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .. import formats
from ..cache import EmbeddingCache, default_max_bytes
from ..config import Config
from ..embed import DedupEncoder, load_encoder
from ..errors import AlignCheckError, ConfigError, InputError
from ..formats.router import PipelineInput, route
from ..formats.units import units_to_documents
from ..pipeline import check_input, embedding_inputs, needs_references, reference_texts
from ..report.common import escape_raw
from ..report.json import to_dict
from .manifest import _CONFIG_PAIR_OPTIONS, PairSpec


@dataclass(frozen=True)
class PreparedPair:
    """A pair read and segmented, ready to embed and check.

    Attributes:
        spec: its manifest row.
        config: the pair's configuration (command line, then the row's options).
        input: what the router read (:class:`~aligncheck.formats.router.PipelineInput`).
        texts: the distinct texts :func:`finish_pair` will embed first (segment texts, and the
            reference sentences when a side is short), in first-seen order.
    """

    spec: PairSpec
    config: Config
    input: PipelineInput
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
    try:
        config = pair_config(spec, config)
        opts = dict(spec.options)
        fmt = formats.detect_format(spec.source or "inline.txt", opts.get("input_format", "auto"))
        if fmt in formats.UNIT_FORMATS and (
                spec.source is None or (fmt in formats.CATALOG_FORMATS) != (spec.target is not None)):
            raise InputError(f"a {fmt} pair takes {'a source and a target file' if fmt in formats.CATALOG_FORMATS else 'one bilingual file as source (target left empty)'}")
        inp = route(spec.source, spec.target, config=config, input_format=opts.get("input_format", "auto"),
                    encoding=opts.get("encoding"), source_encoding=opts.get("source_encoding"),
                    target_encoding=opts.get("target_encoding"), source_text=spec.source_text,
                    target_text=spec.target_text, inline_id=spec.id)
        if inp.units is not None:
            src, tgt, _ = units_to_documents(inp.units)
        else:
            src, tgt = inp.source, inp.target
    except AlignCheckError as exc:
        raise _where(spec, exc) from None
    src_texts, tgt_texts = embedding_inputs(src)[0], embedding_inputs(tgt)[0]
    texts = src_texts + tgt_texts
    if needs_references(src_texts, tgt_texts):
        texts += reference_texts(src.lang) + reference_texts(tgt.lang)
    return PreparedPair(spec, config, inp, texts=tuple(dict.fromkeys(texts)))


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
            inner = load_encoder(self.model, self.revision, trust_remote_code=self.trust_remote_code,
                                 bundled_mode=self.bundled_mode)
            store = None
            if self.cache_dir is not None:
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


def report_paths(spec) -> tuple[str, str]:
    """The source and target paths a result of ``spec`` (a manifest row) names (inline texts
    ``ID:source`` and ``ID:target``; a bilingual file is both), to tell whether a resumed line
    still belongs to it."""
    source = spec.source if spec.source is not None else f"{spec.id}:source"
    if spec.target is not None:
        return source, spec.target
    return source, f"{spec.id}:target" if spec.target_text is not None else source


def result_line(pair_id: str, result) -> str:
    """The output line of a :class:`~aligncheck.types.CheckResult`: ``{"id": ..., **report}``
    with the report of ``check --format json`` (schema ``report-v1.json`` once ``id`` is
    removed, and the ``seal`` that :func:`~aligncheck.batch.run_batch` adds), compact, UTF-8
    text, control characters escaped, ``\\n``-terminated."""
    text = json.dumps({"id": pair_id, **to_dict(result)}, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return escape_raw(text) + "\n"


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
    encoder = PrecomputedEncoder(dict(vectors), signature, fallback)
    try:
        result = check_input(prepared.input, config=prepared.config, encoder=encoder)
    except AlignCheckError as exc:
        raise _where(prepared.spec, exc) from None
    line = result_line(prepared.spec.id, result)
    return PairOutcome(prepared.spec.id, line, PairStats.from_report(json.loads(line)))
