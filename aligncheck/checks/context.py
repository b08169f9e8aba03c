"""What a check sees (:class:`CheckContext`), and the helpers several checks share: language
names, where a finding is (:func:`where`), the match key of a text, the beads the pair checks
look into, and bead positions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

import numpy as np

from ..languages import ARABIC_SCRIPT_LANGS, LANGUAGE_NAMES, language_name  # noqa: F401  (shared by checks)
from ..numbers import _DIGITS
from ..segment import embedding_text
from ..types import Alignment, Document, Unit
from .registry import REGISTRY

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config


@dataclass(frozen=True)
class CheckContext:
    """What a check sees: both documents, the alignment and the configuration."""

    source: Document
    target: Document
    alignment: Alignment
    config: Config
    #: margin (normalised similarity) of source segment i against target segment j, 0-based
    pair_margin: Optional[Callable[[int, int], float]] = None
    #: (source, target) indices of segments longer than ``embed_chars`` (cut for embedding)
    long_segments: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())
    embed_chars: int = 0
    #: the run's encoder for pieces of sentences: ``encode(list of str) -> (n, dim) float32`` unit
    #: rows, each text cut as segments are (:func:`aligncheck.pipeline.piece_encoder`); ``None``
    #: turns off the checks that embed pieces (``partial_omission``)
    encode: Optional[Callable[[list[str]], np.ndarray]] = None
    #: ``False`` for translation units (pairs given, not aligned): the whole-document check
    #: ``unrelated_documents`` does not run, each unit is judged alone
    documents: bool = True
    #: the units of a translation-unit file (``None`` for documents): segment ``unit`` ids
    #: refer to them, and units with one side only get their own findings
    #: (:func:`aligncheck.checks.units.unit_findings`)
    units: Optional[tuple[Unit, ...]] = None
    #: the units come from a source and a target catalog paired by key (JSON/YAML)
    catalog: bool = False
    #: the reader of the documents (``"text"``, ``"markdown"``...): format-specific checks
    #: (``code_blocks``) run on their format only
    input_format: str = "text"

    @functools.cached_property
    def normalised(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """:func:`~aligncheck.segment.embedding_text` of every source and target segment's
        text, computed once per context (several checks compare normalised text)."""
        return (tuple(embedding_text(s.text) for s in self.source.segments),
                tuple(embedding_text(s.text) for s in self.target.segments))

    @functools.cached_property
    def keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """:func:`match_key` of every source and target segment's text, computed once."""
        return tuple(tuple(key_of_normalised(t) for t in side) for side in self.normalised)

    @functools.cached_property
    def untranslated_targets(self) -> frozenset[int]:
        """Target indices the ``untranslated`` check reports (computed once per context)."""
        return frozenset(j for f in REGISTRY["untranslated"](self) for j in f.tgt)


def where(doc: Document, idx: tuple[int, ...]) -> str:
    """``"line N"`` or ``"lines N-M"``: the 1-based file lines of segments ``idx`` of ``doc``."""
    lines = sorted({doc.segments[i].line for i in idx})
    if not lines:
        return ""
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"


def match_key(text: str) -> str:
    """The form of ``text`` used to decide that two segments are *the same* (copies,
    duplicates): :func:`~aligncheck.segment.embedding_text` (no tatweel, diacritics, bidi
    controls or presentation forms), case-folded, Arabic-Indic and Persian digits as ASCII,
    and only letters and digits kept."""
    return key_of_normalised(embedding_text(text))


def key_of_normalised(norm: str) -> str:
    """:func:`match_key` of a text already through :func:`~aligncheck.segment.embedding_text`."""
    return "".join(ch for ch in norm.casefold().translate(_DIGITS) if ch.isalnum())


def translated_beads(ctx: CheckContext):
    """The beads the pair checks (numbers, tokens) look into, with their joined source and target
    texts: both sides present, not reported as untranslated, and not a mismatch (whose details
    differ with everything else anyway)."""
    for bead in ctx.alignment.beads:
        if not bead.src or not bead.tgt or ctx.untranslated_targets & set(bead.tgt):
            continue
        if bead.margin is not None and bead.margin < ctx.config.mismatch_margin:
            continue
        yield (
            bead,
            " ".join(ctx.source.segments[i].text for i in bead.src),
            " ".join(ctx.target.segments[j].text for j in bead.tgt),
        )


class Positions:
    """0-based index of the bead holding each source and target segment."""

    def __init__(self, alignment: Alignment):
        self.n = len(alignment.beads)
        self.src = {i: k for k, bead in enumerate(alignment.beads) for i in bead.src}
        self.tgt = {j: k for k, bead in enumerate(alignment.beads) for j in bead.tgt}

    def of(self, src: int | None, tgt: int | None) -> int:
        """The bead of source ``src``, or else of target ``tgt``."""
        if src is not None and src in self.src:
            return self.src[src]
        if tgt is not None and tgt in self.tgt:
            return self.tgt[tgt]
        return self.n
