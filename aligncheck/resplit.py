"""Sentences the segmenter could not see: split a segment where one of its parts is not
expressed on the other side.

A sentence without final punctuation (a headline, an Arabic sentence whose full stop the
translator dropped, a sentence that ends with a colon, an unpunctuated dialogue line) is glued to
the next one in the same paragraph: the segmenter has nothing to split at. When the glued
sentence is an inserted, replaced or untranslated one, the alignment pairs the whole segment
with its neighbour's counterpart and nothing is reported (``bench/PARAGRAPHS.md``: absorption).

This module finds such segments with the model, after the alignment: in a 1-1 bead whose one
side is much longer than the document's own length ratio predicts, that side's segment is cut
at each *candidate* boundary (:func:`candidate_cuts`: a word boundary without clause punctuation,
before a capital letter in a cased script), and the part before or after the cut is left out in
turn. When the rest matches the other side clearly better than the whole segment does (cosine
of the model's unit embeddings, gain at least :attr:`ResplitParams.gain`), the left-out part is
not expressed there: the segment is split at that cut (:func:`split_document`) and the documents
are aligned again, so the part becomes a sentence of its own (an omission, an addition, or with
a skipped neighbour a mismatch).

Cost: only 1-1 beads past the length gate are tested; each cut embeds its two parts (each
distinct text once, through the run's deduplicating encoder), and a part that is split off is
then a segment whose embedding is already known.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .segment import embedding_text
from .types import Document, Segment

Beads = Sequence[tuple[tuple[int, ...], tuple[int, ...]]]

#: target/source length ratio (code points) of faithful Arabic-English translations, used when a
#: document has too few 1-1 pairs to measure its own (the ``partial_omission`` check's prior)
PRIOR_LENGTH_RATIO = {("ar", "en"): 1.1, ("en", "ar"): 1 / 1.1}
#: a document measures its own length ratio from at least this many 1-1 pairs
MIN_RATIO_PAIRS = 5


@dataclass(frozen=True)
class ResplitParams:
    """Parameters of the re-split.

    Attributes:
        longer: a side of a 1-1 bead is tested when it is at least this many times as long (code
            points) as the other side and the document's length ratio predict.
        min_words: least words in each part of a cut.
        gain: least cosine gain (in [-2, 2]) of leaving a part out for the segment to be split.
        max_cuts: most candidate cuts tried in one segment (the ones nearest its middle).
        sides: the sides whose segments are cut (0 source, 1 target). By default the target only:
            a source part missing from the target is what ``partial_omission`` reports (a clause
            or a glued sentence), and cutting the source there would hide it; a target part with
            no source is seen by no other check.
    """

    longer: float = 1.25
    min_words: int = 4
    gain: float = 0.04
    max_cuts: int = 12
    sides: tuple[int, ...] = (1,)


_WORD = re.compile(r"\S+")
#: a word that ends a sentence (the segmenter saw it and chose not to split) or a clause
_CLOSED = re.compile(r"[.!?؟…,;،؛][\"'”’»)\]]*$")
_OPENING = "\"'“‘«([—–-"
#: English words no sentence ends with (articles, prepositions, conjunctions): a capital after one
#: of them starts a name inside the sentence ("from Russia", "the United States"), not a sentence
NO_SENTENCE_END = frozenset("""a an the of in on at to from by for with into onto about between among
through during under over after before against than as and or nor but per via whose""".split())


def candidate_cuts(text: str, min_words: int = 4) -> list[int]:
    """Offsets (code points into ``text``, 0-based) where a sentence could begin without a visible
    boundary: the start of a word that does not follow a word ending in sentence or clause
    punctuation (``. ! ? ؟ … , ; ، ؛``, closing quotes allowed; a colon is allowed) nor a word no
    sentence ends with (:data:`NO_SENTENCE_END`) and, when its first letter (after opening quotes
    or brackets) has case, starts with a capital letter. Both sides of a cut hold at least
    ``min_words`` words.

    Returns:
        Increasing offsets, each the start of a word of ``text``.
    """
    words = list(_WORD.finditer(text))
    out = []
    for k in range(min_words, len(words) - min_words + 1):
        prev, word = words[k - 1].group(0), words[k].group(0)
        if _CLOSED.search(prev) or prev.lower() in NO_SENTENCE_END:
            continue
        first = word.lstrip(_OPENING)[:1]
        if not first or (first.lower() != first.upper() and not first.isupper()):
            continue
        out.append(words[k].start())
    return out


def length_ratio(beads: Beads, src_len: Sequence[int], tgt_len: Sequence[int], pair: tuple[str, str]) -> float:
    """The document's own target/source length ratio: the median over its 1-1 beads whose source
    has at least 20 code points, or :data:`PRIOR_LENGTH_RATIO` (1.0 for another language pair)
    when fewer than :data:`MIN_RATIO_PAIRS` exist."""
    ratios = [tgt_len[t[0]] / src_len[s[0]] for s, t in beads
              if len(s) == 1 and len(t) == 1 and src_len[s[0]] >= 20 and tgt_len[t[0]]]
    if len(ratios) < MIN_RATIO_PAIRS:
        return PRIOR_LENGTH_RATIO.get(pair, 1.0)
    return float(np.median(ratios))


@dataclass(frozen=True)
class Cut:
    """One tested cut: segment ``index`` of ``side`` (0 source, 1 target) cut at ``offset`` (code
    points into the segment's text); ``drop`` is the part left out (0 the part before the cut, 1
    the part after); ``gain`` the cosine of the kept part with the other side minus that of the
    whole segment; ``longer`` the side's length over the length the ratio predicts."""

    side: int
    index: int
    offset: int
    drop: int
    gain: float
    longer: float


def test_cuts(beads: Beads, margins: Sequence[float | None], src_segments: Sequence[Segment], tgt_segments: Sequence[Segment],
              src_texts: Sequence[str], tgt_texts: Sequence[str], ratio: float,
              encode: Callable[[list[str]], np.ndarray], params: ResplitParams = ResplitParams(),
              mismatch_margin: float = 0.2) -> list[Cut]:
    """Every candidate cut of the segments past the length gate, with its gain (see the module
    docstring).

    Args:
        beads: the alignment's ``(src_indices, tgt_indices)``, in order.
        margins: each bead's margin (``None`` when not scored); a 1-1 bead below
            ``mismatch_margin`` is not tested (the pair as a whole does not match: a mismatch).
        src_segments, tgt_segments: the documents' segments (a segment with a ``plain`` text,
            links or codes is never cut).
        src_texts, tgt_texts: the embedded text of every segment.
        ratio: the document's target/source length ratio (:func:`length_ratio`).
        encode: ``list[str] -> (k, dim)`` float32 unit rows (the run's deduplicating encoder);
            called at most once.
        params: the gate and the cut limits.

    Returns:
        The cuts tried, in bead order (both drops of each cut).
    """
    plans = []
    texts: dict[str, int] = {}

    def tid(t: str) -> int:
        return texts.setdefault(t, len(texts))

    for (s, t), margin in zip(beads, margins):
        if len(s) != 1 or len(t) != 1 or (margin is not None and margin < mismatch_margin):
            continue
        i, j = s[0], t[0]
        ls, lt = max(len(src_texts[i]), 1), max(len(tgt_texts[j]), 1)
        for side, seg, own_text, other_text, longer in (
            (0, src_segments[i], src_texts[i], tgt_texts[j], ls * ratio / lt),
            (1, tgt_segments[j], tgt_texts[j], src_texts[i], lt / (ls * ratio)),
        ):
            if side not in params.sides or longer < params.longer or seg.plain is not None or seg.links or seg.codes:
                continue
            cuts = candidate_cuts(seg.text, params.min_words)
            if len(cuts) > params.max_cuts:
                mid = len(seg.text) / 2
                cuts = sorted(sorted(cuts, key=lambda c: abs(c - mid))[: params.max_cuts])
            for c in cuts:
                head, tail = embedding_text(seg.text[:c]), embedding_text(seg.text[c:])
                plans.append((side, seg.index, c, longer, tid(own_text), tid(other_text), tid(head), tid(tail)))
    if not plans:
        return []
    vectors = np.asarray(encode(list(texts)), dtype=np.float32)
    out = []
    for side, index, c, longer, own, other, head, tail in plans:
        whole = float(vectors[own] @ vectors[other])
        out.append(Cut(side, index, c, 0, float(vectors[tail] @ vectors[other]) - whole, longer))
        out.append(Cut(side, index, c, 1, float(vectors[head] @ vectors[other]) - whole, longer))
    return out


def chosen_cuts(cuts: Sequence[Cut], params: ResplitParams = ResplitParams()) -> tuple[dict[int, int], dict[int, int]]:
    """The cut to make in each segment: its best cut (largest gain) when that gain reaches
    ``params.gain``.

    Returns:
        ``(source, target)``: segment index -> offset into the segment's text.
    """
    best: dict[tuple[int, int], Cut] = {}
    for c in cuts:
        key = (c.side, c.index)
        if c.gain >= params.gain and (key not in best or c.gain > best[key].gain):
            best[key] = c
    out: tuple[dict[int, int], dict[int, int]] = ({}, {})
    for (side, index), c in best.items():
        out[side][index] = c.offset
    return out


def split_document(doc: Document, cuts: dict[int, int]) -> Document:
    """``doc`` with segment ``k`` split in two at ``cuts[k]`` (an offset into its text at the start
    of a word, as :func:`candidate_cuts` gives), the segments renumbered.

    The two parts keep the segment's paragraph; offsets, lines and texts follow the document
    (``text == doc.text[start:end]``; the first part loses its trailing whitespace).

    Raises:
        ValueError: a cut is not strictly inside its segment's text.
    """
    out: list[Segment] = []
    for seg in doc.segments:
        c = cuts.get(seg.index)
        if c is None:
            out.append(dataclasses.replace(seg, index=len(out)))
            continue
        if not 0 < c < len(seg.text) or not seg.text[:c].strip():
            raise ValueError(f"cut {c} is not inside segment {seg.index}")
        head = seg.text[:c].rstrip()
        out.append(dataclasses.replace(seg, index=len(out), text=head, end=seg.start + len(head)))
        out.append(dataclasses.replace(seg, index=len(out), text=seg.text[c:], start=seg.start + c,
                                       line=seg.line + seg.text[:c].count("\n")))
    return dataclasses.replace(doc, segments=tuple(out))


def resplit_documents(source: Document, target: Document, beads: Beads, margins: Sequence[float | None],
                      src_texts: Sequence[str], tgt_texts: Sequence[str],
                      encode: Callable[[list[str]], np.ndarray], params: ResplitParams = ResplitParams(),
                      mismatch_margin: float = 0.2) -> tuple[Document, Document] | None:
    """The two documents with every glued sentence that the other side does not express split off
    (:func:`test_cuts`, :func:`chosen_cuts`, :func:`split_document`), or ``None`` when no segment
    is split.

    Args:
        source, target: the documents as segmented.
        beads, margins: their alignment's ``(src_indices, tgt_indices)`` and margins, in order.
        src_texts, tgt_texts: the embedded text of every segment.
        encode: the run's piece encoder (deduplicating), called at most once.
        params: gate, threshold and sides.
        mismatch_margin: beads below it are not tested.
    """
    ratio = length_ratio(beads, [len(t) for t in src_texts], [len(t) for t in tgt_texts],
                         (source.lang, target.lang))
    cuts = test_cuts(beads, margins, source.segments, target.segments, src_texts, tgt_texts, ratio, encode,
                     params, mismatch_margin)
    src_cuts, tgt_cuts = chosen_cuts(cuts, params)
    if not src_cuts and not tgt_cuts:
        return None
    return split_document(source, src_cuts), split_document(target, tgt_cuts)
