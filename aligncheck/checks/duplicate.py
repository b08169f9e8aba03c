"""``duplicate``: a target sentence repeated where the source says it once (made from the other
findings by :func:`find_duplicates`).
"""

from __future__ import annotations

from ..types import Finding, Severity
from .context import CheckContext, language_name, where
from .registry import CheckInfo, declare


#: a repeated target sentence counts as a duplicate only when its letters-and-digits form has
#: at least this many characters (short headings and answers legitimately repeat)
MIN_DUPLICATE_CHARS = 12


def _one_per_message(ctx: CheckContext, targets: list[int]) -> list[int]:
    """``targets`` with the plural forms of one message (PO ``msgstr[n]``, catalog
    ``files_few``/``files_many``) kept once, at the first: Arabic often writes several of its six
    forms alike, which is no duplicate."""
    from .consistency import message_base

    seen: set[str] = set()
    out = []
    for j in targets:
        unit = ctx.target.segments[j].unit
        base = message_base(unit) if unit is not None and message_base(unit) != unit else None
        if base is not None:
            if base in seen:
                continue
            seen.add(base)
        out.append(j)
    return out


def find_duplicates(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    """Target segments that repeat another target segment (same :func:`match_key`, at least
    :data:`MIN_DUPLICATE_CHARS` letters and digits) where the source does not repeat the
    corresponding sentence as often: each extra copy becomes one ``duplicate`` error, and an
    ``addition`` or ``mismatch`` finding of that segment is dropped (the copy explains it).

    The extra copies are those the alignment gives no source (a 0-1 bead) or puts in one bead
    with another copy (a 1-2 bead holding both); when every copy has its own source, the
    copies after the first whose source differs (by :func:`match_key`) from the first copy's.
    """
    groups: dict[str, list[int]] = {}
    src_keys_all, tgt_keys_all = ctx.keys
    for j, key in enumerate(tgt_keys_all):
        if len(key) >= MIN_DUPLICATE_CHARS:
            groups.setdefault(key, []).append(j)
    groups = {k: _one_per_message(ctx, v) for k, v in groups.items() if len(v) > 1}
    groups = {k: v for k, v in groups.items() if len(v) > 1}
    if not groups:
        return findings
    bead_of = {j: bead for bead in ctx.alignment.beads for j in bead.tgt}
    src_count: dict[str, int] = {}
    for key in src_keys_all:
        src_count[key] = src_count.get(key, 0) + 1

    def src_keys(bead) -> set[str]:
        return {src_keys_all[i] for i in bead.src}

    dups: list[Finding] = []
    for members in groups.values():
        sourced = [j for j in members if bead_of[j].src and not any(m < j and m in bead_of[j].tgt for m in members)]
        owner = src_keys(bead_of[sourced[0]]) if sourced else set()
        repeats = max((src_count.get(k, 0) for k in owner), default=0)
        if repeats >= len(members):
            continue  # the source says it as often: a faithful repeat
        extra = [j for j in members if j not in sourced]
        if not extra:
            extra = [j for j in sourced[1:] if not (src_keys(bead_of[j]) & owner)]
        for j in extra:
            other = sourced[0] if sourced and sourced[0] != j else next(m for m in members if m != j)
            bead = bead_of[j]
            shares_bead = other in bead.tgt or any(m != j and m in bead.tgt for m in members)
            dups.append(Finding(
                "duplicate", Severity.ERROR, () if shares_bead or not bead.src else bead.src, (j,),
                f"{language_name(ctx.target.lang)} sentence at {where(ctx.target, (j,))} is the same as "
                f"{where(ctx.target, (other,))}; the {language_name(ctx.source.lang)} says it "
                f"{'once' if repeats <= 1 else f'{repeats} times'}",
            ))
    dup_tgt = {f.tgt[0] for f in dups}
    kept = [f for f in findings if not (f.check in ("addition", "mismatch") and f.tgt and set(f.tgt) <= dup_tgt)]
    return kept + dups


declare(CheckInfo('duplicate', 'error', 'DuplicateSentence',
                  'A target sentence is repeated where the source says it once.',
                  'the English repeats sentence 2 as sentence 3'))
