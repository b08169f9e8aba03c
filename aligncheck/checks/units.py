"""The findings of translation units (TMX, XLIFF, PO, catalogs, tables) with one side only:
``empty_target``, ``missing_key``, ``extra_key`` and ``empty_source``, in place of what the
alignment checks made of such a unit (see :func:`unit_findings`)."""

from __future__ import annotations

from ..types import Finding, Severity
from .context import CheckContext
from .registry import CheckInfo, declare

declare(CheckInfo('empty_target', 'error', 'EmptyTarget',
                  'A translation unit has no translation.',
                  '`msgstr ""`'))
declare(CheckInfo('missing_key', 'error', 'MissingKey',
                  'A key of the source catalog is absent from the target catalog.',
                  '`menu.save` only in `ar.json`'))
declare(CheckInfo('extra_key', 'warning', 'ExtraKey',
                  'A key is only in the target catalog.',
                  'a stale key left in `en.json`'))
declare(CheckInfo('empty_source', 'warning', 'EmptySource',
                  'A translation unit has a translation but no source text.',
                  ''))


def unit_findings(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """The findings of a unit check: those of the pair checks on units with both sides, and for
    each unit with one side only (a 1-0 or 0-1 bead) one finding that says so by unit, in place
    of whatever the alignment checks made of it (omission, addition, moved, duplicate ...):

    * ``missing_key`` (error): a key of the source catalog absent from the target (``catalog``);
    * ``empty_target`` (error): a unit without a translation, or with an empty one;
    * ``extra_key`` (warning): a key only in the target catalog (``catalog``);
    * ``empty_source`` (warning): a translation whose source is empty or absent.

    Returns the findings ordered by unit (bead), then check id."""
    source, target, alignment, catalog = ctx.source, ctx.target, ctx.alignment, ctx.catalog
    by_id = {u.id: u for u in ctx.units}
    lone_src = {i for b in alignment.beads if not b.tgt for i in b.src}
    lone_tgt = {j for b in alignment.beads if not b.src for j in b.tgt}
    kept = [f for f in findings if not (lone_src & set(f.src) or lone_tgt & set(f.tgt))]
    position = {("s", i): k for k, b in enumerate(alignment.beads) for i in b.src}
    position.update({("t", j): k for k, b in enumerate(alignment.beads) for j in b.tgt})
    out = []
    for bead in alignment.beads:
        if bead.src and not bead.tgt:
            seg = source.segments[bead.src[0]]
            u = by_id.get(seg.unit)
            if catalog and u is not None and u.target is None:
                out.append(Finding("missing_key", Severity.ERROR, bead.src, (),
                                   f"unit {seg.unit} ({source.path} line {seg.line}) has no {target.lang} "
                                   f"translation in {target.path}: the unit or key is missing"))
            else:
                if u is not None and u.target is not None and u.target_line:
                    what = f"an empty {target.lang} translation ({target.path} line {u.target_line})"
                else:
                    what = f"no {target.lang} translation"
                out.append(Finding("empty_target", Severity.ERROR, bead.src, (),
                                   f"unit {seg.unit} ({source.path} line {seg.line}) has {what}: "
                                   "it is not translated"))
        elif bead.tgt and not bead.src:
            seg = target.segments[bead.tgt[0]]
            u = by_id.get(seg.unit)
            if catalog and u is not None and u.source is None:
                out.append(Finding("extra_key", Severity.WARNING, (), bead.tgt,
                                   f"unit {seg.unit} ({target.path} line {seg.line}) is not in the {source.lang} "
                                   f"source {source.path}: a stale or misspelt key"))
            else:
                out.append(Finding("empty_source", Severity.WARNING, (), bead.tgt,
                                   f"unit {seg.unit} ({target.path} line {seg.line}) has a translation but an "
                                   "empty source"))

    def key(f: Finding):
        k = position[("s", f.src[0])] if f.src else position[("t", f.tgt[0])] if f.tgt else len(alignment.beads)
        return (k, f.check)

    return sorted(kept + out, key=key)
