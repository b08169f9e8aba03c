"""Documents in the users' layout (articles in paragraphs) with seeded sentence-level faults.

Two kinds of input:

* a **sentence-gold** document (NTREX-128, TICO-19: line ``i`` of ``ar.txt`` translates line ``i`` of
  ``en.txt``, one sentence a line) is laid out as an *article*: the first sentence (the headline)
  alone, then paragraphs of 1-4 sentences (the sizes drawn from a seeded generator), the same
  grouping on both sides. Each paragraph is one line, its sentences joined by one space;
* a **paragraph-gold** document (WMT24++: line ``i`` translates line ``i``, several sentences a
  line) keeps its own lines; a "unit" is a whole paragraph.

Both are held as a :class:`Layout`: a list of paragraphs, each a list of :class:`Unit` (one gold
sentence pair, or one paragraph pair), plus per-side line breaks that differ from the paragraph
grouping (a merge or a split of paragraphs on one side). :func:`render` turns a layout into the
two document texts and the exact code-point span of every unit on each side, so the segmenter
(boundaries) and every finding (character overlap) are scored against the original lines.

Variants (``ARTICLE_VARIANTS``, edits on the English side unless said; ``p`` is a paragraph index,
the headline paragraph ``0`` is never edited except by ``replace``, ``number`` and ``untranslated``):

===================  ===========================================================  =====================
name                 edit                                                         expected finding
===================  ===========================================================  =====================
clean                none                                                         none
sentence_deleted     one English sentence deleted from a paragraph of >= 2        ``omission`` at the
                                                                                  Arabic sentence
paragraph_deleted    a whole English paragraph deleted (article of >= 3)          ``omission`` in the
                                                                                  Arabic paragraph
sentence_inserted    a sentence of another document inserted into a paragraph     ``addition``
sentence_replaced    one English sentence replaced by one of another document     ``mismatch``
number_changed       one free-standing number changed by +1..9                    ``numbers``
untranslated         one English sentence replaced by its Arabic                  ``untranslated``
truncated            a sentence of >= 12 words cut at a clause boundary near its  ``partial_omission``
                     middle, the second half dropped
source_deleted       one Arabic sentence deleted from a paragraph of >= 2         ``addition`` at the
                                                                                  English sentence
paragraphs_merged    two English paragraphs joined on one line                    none
paragraph_split      an English paragraph of >= 2 sentences broken into two lines none
===================  ===========================================================  =====================

Paragraph-gold variants (``PARAGRAPH_VARIANTS``, documents of >= 2 paragraphs): ``clean``,
``paragraph_deleted`` (``omission``), ``paragraph_inserted`` (a paragraph of another document,
``addition``), ``paragraph_replaced`` (``mismatch``).

A variant is ``None`` when the document has no place for it (never faked). Randomness comes only
from the ``numpy.random.Generator`` given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bench.faults import _change_number, _truncate, clause_cut, number_spans

__all__ = [
    "Unit",
    "Layout",
    "SpanFault",
    "Rendered",
    "ARTICLE_VARIANTS",
    "NO_FAULT_ARTICLE_VARIANTS",
    "PARAGRAPH_VARIANTS",
    "FAULT_KIND",
    "article_layout",
    "paragraph_layout",
    "article_variant",
    "paragraph_variant",
    "render",
]

Span = tuple[int, int]

ARTICLE_VARIANTS: tuple[str, ...] = (
    "clean",
    "sentence_deleted",
    "paragraph_deleted",
    "sentence_inserted",
    "sentence_replaced",
    "number_changed",
    "untranslated",
    "truncated",
    "source_deleted",
    "paragraphs_merged",
    "paragraph_split",
)
NO_FAULT_ARTICLE_VARIANTS: tuple[str, ...] = ("clean", "paragraphs_merged", "paragraph_split")
PARAGRAPH_VARIANTS: tuple[str, ...] = ("clean", "paragraph_deleted", "paragraph_inserted", "paragraph_replaced")

#: the check id expected for each faulty variant
FAULT_KIND: dict[str, str] = {
    "sentence_deleted": "omission",
    "paragraph_deleted": "omission",
    "sentence_inserted": "addition",
    "sentence_replaced": "mismatch",
    "number_changed": "numbers",
    "untranslated": "untranslated",
    "truncated": "partial_omission",
    "source_deleted": "addition",
    "paragraph_inserted": "addition",
    "paragraph_replaced": "mismatch",
}
#: which side(s) a finding must overlap to catch the fault of each kind
_FAULT_SIDES: dict[str, tuple[str, ...]] = {
    "omission": ("src",),
    "addition": ("tgt",),
    "mismatch": ("src", "tgt"),
    "numbers": ("src", "tgt"),
    "untranslated": ("src", "tgt"),
    "partial_omission": ("src", "tgt"),
}


@dataclass(frozen=True)
class Unit:
    """One gold unit: a sentence pair (article layout) or a paragraph pair (paragraph layout).

    Attributes:
        src: the Arabic text, or ``None`` when deleted from the source.
        tgt: the English text, or ``None`` when deleted from the target.
        fault: the name of the variant that faulted this unit, or ``None``.
    """

    src: str | None
    tgt: str | None
    fault: str | None = None


@dataclass(frozen=True)
class Layout:
    """A document pair as paragraphs of units.

    Attributes:
        corpus: collection name (``"ntrex"``, ``"tico"``, ``"wmt24pp-ar_EG"`` ...).
        doc_id: the document's id in its collection.
        paragraphs: paragraphs in order, each a tuple of :class:`Unit`.
        name: the variant name (``"clean"`` for the faithful layout).
        tgt_joined: paragraph indices ``p`` whose target line continues with paragraph ``p + 1``
            (paragraphs merged on the English side).
        tgt_breaks: ``(p, k)``: the target line breaks after unit ``k`` of paragraph ``p``
            (a paragraph split on the English side).
        detail: what the variant did, with 0-based paragraph/unit indices of the faithful layout.
    """

    corpus: str
    doc_id: str
    paragraphs: tuple[tuple[Unit, ...], ...]
    name: str = "clean"
    tgt_joined: frozenset[int] = frozenset()
    tgt_breaks: frozenset[tuple[int, int]] = frozenset()
    detail: str = ""

    @property
    def n_units(self) -> int:
        """Number of gold units (sentences or paragraphs) of the faithful layout still present on
        either side; an inserted unit counts too."""
        return sum(1 for par in self.paragraphs for u in par if u.src is not None or u.tgt is not None)


@dataclass(frozen=True)
class SpanFault:
    """One injected fault located by code-point spans in the rendered documents.

    Attributes:
        variant: the variant name that made it (``"sentence_deleted"`` ...).
        kind: the check id that should report it (:data:`FAULT_KIND`).
        src: spans ``(start, end)`` in the source text a finding may overlap (empty when the kind
            is judged on the target side only).
        tgt: spans in the target text a finding may overlap.
    """

    variant: str
    kind: str
    src: tuple[Span, ...]
    tgt: tuple[Span, ...]


@dataclass(frozen=True)
class Rendered:
    """The two documents of a layout and where every unit is in them.

    Attributes:
        src_text, tgt_text: the document texts (lines joined by ``"\\n"``, no final newline).
        src_units, tgt_units: the code-point span of each present unit, in document order.
        src_lines, tgt_lines: the span of each line (paragraph as laid out on that side).
        faults: the injected faults, in document order.
        n_units: :attr:`Layout.n_units`.
    """

    src_text: str
    tgt_text: str
    src_units: tuple[Span, ...]
    tgt_units: tuple[Span, ...]
    src_lines: tuple[Span, ...]
    tgt_lines: tuple[Span, ...]
    faults: tuple[SpanFault, ...]
    n_units: int


def render(layout: Layout) -> Rendered:
    """Lay ``layout`` out as two texts, one paragraph a line, units of a paragraph joined by one
    space, and locate every unit and fault.

    Returns:
        a :class:`Rendered`; ``text[start:end]`` of each unit span is the unit's text exactly.
        A paragraph left with no unit on a side gives no line there (no blank line).
    """
    out = {}
    fault_spans: dict[str, dict[str, list[Span]]] = {}
    for side in ("src", "tgt"):
        lines: list[str] = []
        units: list[Span] = []
        line_spans: list[Span] = []
        cur: list[str] = []
        pos = 0  # offset of the current line's start in the joined text
        cur_len = 0

        def end_line():
            nonlocal pos, cur, cur_len
            if cur:
                text = " ".join(cur)
                lines.append(text)
                line_spans.append((pos, pos + len(text)))
                pos += len(text) + 1
            cur = []
            cur_len = 0

        for p, par in enumerate(layout.paragraphs):
            for k, u in enumerate(par):
                text = u.src if side == "src" else u.tgt
                if text is not None:
                    start = pos + cur_len + (1 if cur else 0)
                    cur.append(text)
                    cur_len = start + len(text) - pos
                    units.append((start, start + len(text)))
                    if u.fault is not None:
                        fault_spans.setdefault(u.fault, {"src": [], "tgt": []})[side].append((start, start + len(text)))
                if side == "tgt" and (p, k) in layout.tgt_breaks:
                    end_line()
            if not (side == "tgt" and p in layout.tgt_joined):
                end_line()
        end_line()
        out[side] = ("\n".join(lines), tuple(units), tuple(line_spans))
    faults = []
    for name, spans in fault_spans.items():
        kind = FAULT_KIND[name]
        sides = _FAULT_SIDES[kind]
        faults.append(SpanFault(name, kind, tuple(spans["src"]) if "src" in sides else (),
                                tuple(spans["tgt"]) if "tgt" in sides else ()))
    return Rendered(out["src"][0], out["tgt"][0], out["src"][1], out["tgt"][1], out["src"][2], out["tgt"][2],
                    tuple(faults), layout.n_units)


# --------------------------------------------------------------------------- layouts


def article_layout(corpus: str, doc_id: str, src: Sequence[str], tgt: Sequence[str], rng: np.random.Generator,
                   *, max_paragraph: int = 4) -> Layout:
    """The faithful article of a sentence-gold pair: sentence 0 alone (the headline), then
    paragraphs of ``1..max_paragraph`` sentences (uniform draws from ``rng``), the same on both sides.

    Raises:
        ValueError: ``len(src) != len(tgt)`` or an empty document.
    """
    if len(src) != len(tgt) or not src:
        raise ValueError(f"{corpus}/{doc_id}: {len(src)} source and {len(tgt)} target lines; need a 1-1 pair")
    units = [Unit(s, t) for s, t in zip(src, tgt)]
    pars = [tuple(units[:1])]
    i = 1
    while i < len(units):
        k = int(rng.integers(1, max_paragraph + 1))
        pars.append(tuple(units[i : i + k]))
        i += k
    return Layout(corpus, doc_id, tuple(pars))


def paragraph_layout(corpus: str, doc_id: str, src: Sequence[str], tgt: Sequence[str]) -> Layout:
    """The faithful layout of a paragraph-gold pair: one paragraph (one unit) per line.

    Raises:
        ValueError: ``len(src) != len(tgt)`` or an empty document.
    """
    if len(src) != len(tgt) or not src:
        raise ValueError(f"{corpus}/{doc_id}: {len(src)} source and {len(tgt)} target lines; need a 1-1 pair")
    return Layout(corpus, doc_id, tuple((Unit(s, t),) for s, t in zip(src, tgt)))


# --------------------------------------------------------------------------- variants


def _pick(rng: np.random.Generator, items: Sequence):
    return items[int(rng.integers(len(items)))]


def _set_unit(layout: Layout, p: int, k: int, unit: Unit) -> tuple[tuple[Unit, ...], ...]:
    pars = [list(par) for par in layout.paragraphs]
    pars[p][k] = unit
    return tuple(tuple(par) for par in pars)


def _donors(pool: Sequence[str], layout: Layout) -> list[str]:
    own = {t for par in layout.paragraphs for u in par for t in (u.src, u.tgt) if t is not None}
    return [d for d in pool if d.strip() and d not in own]


def article_variant(name: str, layout: Layout, donor_pool: Sequence[str], rng: np.random.Generator) -> Layout | None:
    """One variant (``ARTICLE_VARIANTS``) of a faithful article layout.

    Args:
        name: the variant name.
        layout: the faithful layout (:func:`article_layout`).
        donor_pool: English sentences of *other* documents (for ``sentence_inserted`` /
            ``sentence_replaced``); sentences equal to one of this document are ignored.
        rng: the only source of randomness.

    Returns:
        the edited :class:`Layout` (``name`` and ``detail`` set), or ``None`` when the document
        has no place for the edit.

    Raises:
        ValueError: unknown ``name``.
    """
    if name not in ARTICLE_VARIANTS:
        raise ValueError(f"unknown variant {name!r}; expected one of {', '.join(ARTICLE_VARIANTS)}")
    pars = layout.paragraphs
    rep = lambda **kw: dataclasses.replace(layout, name=name, **kw)  # noqa: E731
    body = range(1, len(pars))
    cells = [(p, k) for p in range(len(pars)) for k in range(len(pars[p]))]
    if name == "clean":
        return rep()
    if name in ("sentence_deleted", "source_deleted"):
        cand = [(p, k) for p in body if len(pars[p]) >= 2 for k in range(len(pars[p]))]
        if not cand:
            return None
        p, k = _pick(rng, cand)
        u = pars[p][k]
        new = Unit(u.src, None, name) if name == "sentence_deleted" else Unit(None, u.tgt, name)
        return rep(paragraphs=_set_unit(layout, p, k, new), detail=f"{name}@{p}.{k}")
    if name == "paragraph_deleted":
        if len(pars) < 3:
            return None
        p = int(_pick(rng, list(body)))
        new = list(pars)
        new[p] = tuple(Unit(u.src, None, name) for u in pars[p])
        return rep(paragraphs=tuple(new), detail=f"{name}@{p}")
    if name in ("sentence_inserted", "sentence_replaced"):
        donors = _donors(donor_pool, layout)
        if not donors:
            return None
        donor = _pick(rng, donors)
        if name == "sentence_replaced":
            p, k = _pick(rng, cells)
            return rep(paragraphs=_set_unit(layout, p, k, Unit(pars[p][k].src, donor, name)), detail=f"{name}@{p}.{k}")
        if not body:
            return None
        p = int(_pick(rng, list(body)))
        k = int(rng.integers(len(pars[p]) + 1))
        new = [list(par) for par in pars]
        new[p].insert(k, Unit(None, donor, name))
        return rep(paragraphs=tuple(tuple(par) for par in new), detail=f"{name}@{p}.{k}")
    if name == "number_changed":
        cand = [(p, k) for p, k in cells if number_spans(pars[p][k].tgt)]
        if not cand:
            return None
        p, k = _pick(rng, cand)
        u = pars[p][k]
        return rep(paragraphs=_set_unit(layout, p, k, Unit(u.src, _change_number(u.tgt, rng), name)), detail=f"{name}@{p}.{k}")
    if name == "untranslated":
        cand = [(p, k) for p, k in cells if pars[p][k].src != pars[p][k].tgt]
        if not cand:
            return None
        p, k = _pick(rng, cand)
        u = pars[p][k]
        return rep(paragraphs=_set_unit(layout, p, k, Unit(u.src, u.src, name)), detail=f"{name}@{p}.{k}")
    if name == "truncated":
        cand = [(p, k) for p, k in cells if p >= 1 and len(pars[p][k].tgt.split()) >= 12 and clause_cut(pars[p][k].tgt)]
        if not cand:
            return None
        p, k = _pick(rng, cand)
        u = pars[p][k]
        first, _ = clause_cut(u.tgt)  # type: ignore[misc]
        return rep(paragraphs=_set_unit(layout, p, k, Unit(u.src, _truncate(first, u.tgt), name)), detail=f"{name}@{p}.{k}")
    if name == "paragraphs_merged":
        cand = list(range(1, len(pars) - 1))
        if not cand:
            return None
        p = int(_pick(rng, cand))
        return rep(tgt_joined=frozenset({p}), detail=f"{name}@{p}+{p + 1}")
    assert name == "paragraph_split"
    cand = [(p, k) for p in body if len(pars[p]) >= 2 for k in range(len(pars[p]) - 1)]
    if not cand:
        return None
    p, k = _pick(rng, cand)
    return rep(tgt_breaks=frozenset({(p, k)}), detail=f"{name}@{p}.{k}")


def paragraph_variant(name: str, layout: Layout, donor_pool: Sequence[str], rng: np.random.Generator) -> Layout | None:
    """One variant (``PARAGRAPH_VARIANTS``) of a faithful paragraph layout (:func:`paragraph_layout`).

    ``paragraph_deleted`` / ``paragraph_replaced`` pick any paragraph, ``paragraph_inserted`` puts a
    paragraph of another document (``donor_pool``: English paragraphs) before paragraph ``0..n``.
    Documents of fewer than 2 paragraphs get only ``clean``.

    Raises:
        ValueError: unknown ``name``.
    """
    if name not in PARAGRAPH_VARIANTS:
        raise ValueError(f"unknown variant {name!r}; expected one of {', '.join(PARAGRAPH_VARIANTS)}")
    pars = layout.paragraphs
    if name == "clean":
        return dataclasses.replace(layout, name=name)
    if len(pars) < 2:
        return None
    if name == "paragraph_deleted":
        p = int(rng.integers(len(pars)))
        new = list(pars)
        new[p] = tuple(Unit(u.src, None, name) for u in pars[p])
        return dataclasses.replace(layout, name=name, paragraphs=tuple(new), detail=f"{name}@{p}")
    donors = _donors(donor_pool, layout)
    if not donors:
        return None
    donor = _pick(rng, donors)
    new = list(pars)
    if name == "paragraph_inserted":
        p = int(rng.integers(len(pars) + 1))
        new.insert(p, (Unit(None, donor, name),))
    else:
        p = int(rng.integers(len(pars)))
        new[p] = (Unit(pars[p][0].src, donor, name),)
    return dataclasses.replace(layout, name=name, paragraphs=tuple(new), detail=f"{name}@{p}")
