"""Registers the pair checks of :mod:`aligncheck.qa` with :mod:`aligncheck.checks`: each walks the
aligned pairs of a :class:`~aligncheck.checks.CheckContext` and turns the :class:`~aligncheck.qa.Issue` s
of its pure function into findings."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..checks import CheckContext, _where, language_name, register
from ..types import Bead, Finding
from ..codes import mask_codes


def qa_pairs(ctx: CheckContext) -> Iterator[tuple[Bead, str, str]]:
    """The pairs the QA checks look at, with their joined source and target texts (segments
    joined by a space). Translation units: every unit with both texts. Documents: the beads with
    both sides that are neither untranslated nor below the mismatch margin (a replaced sentence
    differs in everything; reporting its placeholders too would be noise)."""
    for bead in ctx.alignment.beads:
        if not bead.src or not bead.tgt:
            continue
        if ctx.documents:
            if ctx.untranslated_targets & set(bead.tgt):
                continue
            if bead.margin is not None and bead.margin < ctx.config.mismatch_margin:
                continue
        yield (bead,
               " ".join(ctx.source.segments[i].text for i in bead.src),
               " ".join(ctx.target.segments[j].text for j in bead.tgt))


def pair_label(ctx: CheckContext, bead: Bead) -> str:
    """How a message names a pair: ``unit ID`` for a translation unit, else the two sides'
    lines (``Arabic line 3 / English line 4``)."""
    unit = ctx.source.segments[bead.src[0]].unit if bead.src else None
    if not ctx.documents and unit is not None:
        return f"unit {unit}"
    return (f"{language_name(ctx.source.lang)} {_where(ctx.source, bead.src)} / "
            f"{language_name(ctx.target.lang)} {_where(ctx.target, bead.tgt)}")


#: a unit id naming one plural form (PO ``msgid[n]``; catalog ``files_one``/``files.two``; the
#: ``other`` form keeps its count, so it is not one of them)
_PLURAL_FORM = re.compile(r"(?:\[\d+\]|[._](?:zero|one|two|few|many))$")


@register("placeholders")
def placeholders_check(ctx: CheckContext) -> list[Finding]:
    """:func:`aligncheck.qa.placeholders.check_placeholders` on every pair (PO flags and XLIFF
    inline codes from the segments)."""
    from .placeholders import check_placeholders

    out = []
    for bead, s, t in qa_pairs(ctx):
        segs_s = [ctx.source.segments[i] for i in bead.src]
        segs_t = [ctx.target.segments[j] for j in bead.tgt]
        flags = tuple(f for seg in segs_s for f in seg.flags)
        issues = check_placeholders(
            s, t, flags=flags,
            source_codes=tuple(c for seg in segs_s for c in seg.codes),
            target_codes=tuple(c for seg in segs_t for c in seg.codes),
            # documents: &amp; in plain text is escaped text, links are the tokens check's, and subtitle
            # cue tags are styling each language chooses
            entities=not ctx.documents, links=not ctx.documents,
            tags=not (ctx.documents and ctx.source.path.lower().endswith((".srt", ".vtt"))),
            plural_form=any(_PLURAL_FORM.search(seg.unit or "") for seg in segs_t),
        )
        out.extend(Finding("placeholders", i.severity, bead.src, bead.tgt, f"{pair_label(ctx, bead)}: {i.message}")
                   for i in issues)
    return out


def _findings(check_id: str, ctx: CheckContext, bead: Bead, issues) -> list[Finding]:
    return [Finding(check_id, i.severity, bead.src, bead.tgt, f"{pair_label(ctx, bead)}: {i.message}") for i in issues]


@register("punctuation")
def punctuation_check(ctx: CheckContext) -> list[Finding]:
    """:func:`aligncheck.qa.punctuation.check_punctuation` on every pair."""
    from .punctuation import check_punctuation

    out = []
    for bead, s, t in qa_pairs(ctx):
        out += _findings("punctuation", ctx, bead, check_punctuation(
            mask_codes(s), mask_codes(t), source_lang=ctx.source.lang, target_lang=ctx.target.lang,
            units=not ctx.documents))
    return out


def _edges(doc, index: int) -> tuple[str, str]:
    """The spaces and tabs right before and after segment ``index`` in ``doc.text`` (a
    translation unit's text as written; segment texts are stripped)."""
    seg = doc.segments[index]
    k = seg.start
    while k > 0 and doc.text[k - 1] in " \t\u00a0":
        k -= 1
    e = seg.end
    while e < len(doc.text) and doc.text[e] in " \t\u00a0":
        e += 1
    return doc.text[k:seg.start], doc.text[seg.end:e]


@register("spacing")
def spacing_check(ctx: CheckContext) -> list[Finding]:
    """:func:`aligncheck.qa.spacing.check_spacing` on every pair (leading and trailing spaces
    of translation units only)."""
    from .spacing import check_spacing

    out = []
    for bead, s, t in qa_pairs(ctx):
        edges = {}
        if not ctx.documents:
            edges = {"source_edges": _edges(ctx.source, bead.src[0]), "target_edges": _edges(ctx.target, bead.tgt[0])}
        out += _findings("spacing", ctx, bead, check_spacing(s, t, **edges))
    return out


@register("repetition")
def repetition_check(ctx: CheckContext) -> list[Finding]:
    """:func:`aligncheck.qa.spacing.check_repetition` on every pair."""
    from .spacing import check_repetition

    out = []
    for bead, s, t in qa_pairs(ctx):
        out += _findings("repetition", ctx, bead, check_repetition(mask_codes(s), mask_codes(t)))
    return out


def _glossary(ctx: CheckContext):
    """The run's glossary (:func:`aligncheck.glossary.load_glossary`), read once per
    file version and language pair; ``None`` when the configuration names none."""
    import os

    path = ctx.config.glossary
    if not path:
        return None
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None  # load_glossary says why
    return _load_glossary(path, stamp, ctx.source.lang, ctx.target.lang)


@functools.lru_cache(maxsize=8)
def _load_glossary(path: str, stamp, source_lang: str, target_lang: str):
    from ..glossary import load_glossary

    return load_glossary(path, source_lang=source_lang, target_lang=target_lang)


@register("terminology")
def terminology_check(ctx: CheckContext) -> list[Finding]:
    """:func:`aligncheck.qa.terminology.check_terminology` on every pair, with the glossary
    of ``config.glossary`` (nothing without one).

    Raises:
        InputError: the glossary cannot be read or parsed.
    """
    from .terminology import check_terminology

    glossary = _glossary(ctx)
    if not glossary:
        return []
    out = []
    for bead, s, t in qa_pairs(ctx):
        out += _findings("terminology", ctx, bead, check_terminology(s, t, glossary))
    return out


@register("length")
def length_check(ctx: CheckContext) -> list[Finding]:
    """Translation units only: :func:`aligncheck.qa.length.check_limit` with each unit's limit
    (``Segment.max_chars``, else ``config.max_length``) and
    :func:`aligncheck.qa.length.ratio_outliers` over the file's units."""
    from ..types import Severity
    from .length import check_limit, ratio_outliers

    if ctx.documents:
        return []
    out = []
    pairs = list(qa_pairs(ctx))
    for bead, s, t in pairs:
        seg = ctx.target.segments[bead.tgt[0]]
        limit, origin = seg.max_chars, "the file's maxwidth / size restriction"
        if limit is None and ctx.config.max_length is not None:
            limit, origin = ctx.config.max_length, "max_length"
        out += _findings("length", ctx, bead, check_limit(t, limit, origin=origin))
    for k, ratio, median in ratio_outliers([(len(s), len(t)) for _, s, t in pairs]):
        bead = pairs[k][0]
        how = "longer" if ratio > median else "shorter"
        out.append(Finding("length", Severity.WARNING, bead.src, bead.tgt,
                           f"{pair_label(ctx, bead)}: the translation is {ratio:.2f} times as long as its source, "
                           f"far {how} than the file's usual {median:.2f}: check it is complete and is this unit's"))
    return out


@register("consistency")
def consistency_check(ctx: CheckContext) -> list[Finding]:
    """:func:`aligncheck.qa.consistency.check_consistency` over the file's pairs (units, or the
    aligned beads of a document)."""
    from .consistency import check_consistency

    pairs = list(qa_pairs(ctx))
    rows = [(s, t, ctx.source.segments[b.src[0]].unit if not ctx.documents else None) for b, s, t in pairs]
    out = []
    for k, first, issue in check_consistency(rows):
        bead = pairs[k][0]
        out.append(Finding("consistency", issue.severity, bead.src, bead.tgt,
                           f"{pair_label(ctx, bead)}: {issue.message} ({pair_label(ctx, pairs[first][0])})"))
    return out
