"""The ``consistency`` check: within one file, the same source translated differently, and
different sources given the same translation.

Texts are compared by :func:`text_key`: the match key of :func:`aligncheck.checks.match_key`
(letters and digits only, case-folded, digit forms unified, no diacritics or tatweel) with the
Arabic letter variants folded as the ``terminology`` check folds them (hamza/alef, taa
marbuta, alef maqsura), so two translations that differ only in those are the same.

Sensible exceptions:

* sources or translations shorter than :data:`MIN_KEY_CHARS` letters and digits (``OK``,
  ``Open``: one word in two contexts may well be translated two ways);
* forms of one message (:func:`message_base`): PO plural forms ``id[0]``..``id[5]``, CLDR plural
  keys ``files_one`` / ``files.few``; Arabic has six plural forms for English's two;
* different sources with the same translation when they differ only in placeholders, numbers
  and a plural ``-s`` (``%d file deleted`` / ``%d files deleted`` -> ``حُذف %d ملف``;
  ``Page 1`` / ``Page 2`` in a table).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..codes import mask_codes
from ..terms import arabic_word_key
from ..types import CheckResult, Finding, Severity
from .context import CheckContext
from .pairs import Issue, pair_label, qa_pairs
from .registry import register

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config

MIN_KEY_CHARS = 4
_PLURAL_SUFFIX = re.compile(r"(?:\[\d+\]|[._](?:zero|one|two|few|many|other))$")
_DIGITS = re.compile(r"\d+")


def message_base(unit_id: str | None) -> str | None:
    """The id of the message a unit is a form of (``files_few`` -> ``files``, ``msg[2]`` ->
    ``msg``), or ``None`` for a document sentence."""
    if unit_id is None:
        return None
    return _PLURAL_SUFFIX.sub("", unit_id)


def text_key(text: str) -> str:
    """The form two texts are compared by (module docstring)."""
    from ..checks import match_key

    return arabic_word_key(match_key(text))


def _without_codes(text: str) -> str:
    """``text`` without placeholders and numbers, each word without a plural ``-s``."""
    text = mask_codes(text)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _DIGITS.sub(" ", text).split())


def check_consistency(pairs: list[tuple[str, str, str | None]]) -> list[tuple[int, int, Issue]]:
    """Inconsistent translations in one file.

    Args:
        pairs: ``(source, target, unit id or None)`` per pair, in file order.

    Returns:
        ``(index, earlier index, issue)``: the pair at ``index`` disagrees with the earlier pair at
        ``earlier index`` (each pair is reported once, against the first pair it disagrees with).
    """
    by_source: dict[str, int] = {}
    by_target: dict[str, int] = {}
    out = []
    for k, (s, t, uid) in enumerate(pairs):
        s_key, t_key = text_key(s), text_key(t)
        base = message_base(uid)
        if len(s_key) >= MIN_KEY_CHARS and len(t_key) >= MIN_KEY_CHARS:
            first = by_source.setdefault(s_key, k)
            if first != k and text_key(pairs[first][1]) != t_key and (base is None or base != message_base(pairs[first][2])):
                out.append((k, first, Issue(Severity.WARNING,
                            f"the same source is translated differently: «{t}» here, «{pairs[first][1]}» before")))
                continue
            other = by_target.setdefault(t_key, k)
            if other != k and text_key(pairs[other][0]) != s_key and (base is None or base != message_base(pairs[other][2])):
                if text_key(_without_codes(pairs[other][0])) != text_key(_without_codes(s)):
                    out.append((k, other, Issue(Severity.WARNING,
                                f"different sources have the same translation «{t}»: «{s}» here, «{pairs[other][0]}» before")))
    return out


def check_consistency_across(files: list[list[tuple[str, str, str | None]]]) -> list[tuple[int, int, int, int, Issue]]:
    """Inconsistent translations *between* files (a project's pairs): the same source translated
    differently in two files, or one translation of different sources, with the exceptions of
    :func:`check_consistency`. Disagreements inside one file are :func:`check_consistency`'s.

    Args:
        files: per file, its ``(source, target, unit id or None)`` pairs in order.

    Returns:
        ``(file, pair, earlier file, earlier pair, issue)`` per pair that disagrees with a pair
        of an earlier file (reported once, against the first such pair).
    """
    by_source: dict[str, tuple[int, int]] = {}
    by_target: dict[str, tuple[int, int]] = {}
    out = []
    for f, pairs in enumerate(files):
        first_s: dict[str, tuple[int, int]] = {}
        first_t: dict[str, tuple[int, int]] = {}
        for k, (s, t, uid) in enumerate(pairs):
            s_key, t_key = text_key(s), text_key(t)
            if len(s_key) < MIN_KEY_CHARS or len(t_key) < MIN_KEY_CHARS:
                continue
            earlier = by_source.get(s_key)
            if earlier is not None and text_key(files[earlier[0]][earlier[1]][1]) != t_key:
                other = files[earlier[0]][earlier[1]][1]
                out.append((f, k, *earlier, Issue(Severity.WARNING,
                            f"the same source is translated differently in another file: «{t}» here, «{other}» there")))
            else:
                earlier = by_target.get(t_key)
                if earlier is not None:
                    o_src = files[earlier[0]][earlier[1]][0]
                    if text_key(o_src) != s_key and text_key(_without_codes(o_src)) != text_key(_without_codes(s)):
                        out.append((f, k, *earlier, Issue(Severity.WARNING,
                                    f"different sources have the same translation «{t}» in another file: «{s}» here, "
                                    f"«{o_src}» there")))
            first_s.setdefault(s_key, (f, k))
            first_t.setdefault(t_key, (f, k))
        for key, where in first_s.items():
            by_source.setdefault(key, where)
        for key, where in first_t.items():
            by_target.setdefault(key, where)
    return out


@register("consistency", "warning", "InconsistentTranslation",
          "The same source is translated differently, or different sources share one translation.",
          "`Save file` as `حفظ الملف` and later as `احفظ الملف`", document_severity="info")
def check_consistency_pairs(ctx: CheckContext) -> list[Finding]:
    """:func:`check_consistency` over the file's pairs (units, or the aligned beads of a
    document). Across the pairs of ``aligncheck ci``: :func:`add_cross_pair_consistency`."""
    pairs = list(qa_pairs(ctx, every_unit=True))
    rows = [(s, t, ctx.source.segments[b.src[0]].unit if not ctx.documents else None) for b, s, t in pairs]
    out = []
    for k, first, issue in check_consistency(rows):
        bead = pairs[k][0]
        out.append(Finding("consistency", issue.severity, bead.src, bead.tgt,
                           f"{pair_label(ctx, bead)}: {issue.message} ({pair_label(ctx, pairs[first][0])})"))
    return out


def _pairs(result: CheckResult, config: "Config"):
    """The aligned pairs of a result that the QA checks look at: beads with both sides at or
    above the mismatch margin, texts joined; with the beads."""
    out = []
    for bead in result.alignment.beads:
        if not bead.src or not bead.tgt or (bead.margin is not None and bead.margin < config.mismatch_margin):
            continue
        s = " ".join(result.source.segments[i].text for i in bead.src)
        t = " ".join(result.target.segments[j].text for j in bead.tgt)
        out.append((bead, s, t, result.source.segments[bead.src[0]].unit))
    return out


def add_cross_pair_consistency(results: list[CheckResult], configs: list["Config"]) -> list[CheckResult]:
    """``results`` with a ``consistency`` warning added to each pair of a later result that
    disagrees with an earlier result (:func:`check_consistency_across`);
    results whose configuration disables ``consistency`` neither get nor give findings."""
    live = [k for k, c in enumerate(configs) if "consistency" not in c.disable]
    pairs = {k: _pairs(results[k], configs[k]) for k in live}
    found = check_consistency_across([[(s, t, u) for _, s, t, u in pairs[k]] for k in live])
    extra: dict[int, list[Finding]] = {}
    for f, p, ef, ep, issue in found:
        k, ek = live[f], live[ef]
        bead = pairs[k][p][0]
        e_bead = pairs[ek][ep][0]
        e_line = results[ek].source.segments[e_bead.src[0]].line
        level = dict(configs[k].severity).get("consistency", issue.severity.value)
        extra.setdefault(k, []).append(Finding(
            "consistency", type(issue.severity)(level), bead.src, bead.tgt,
            f"{issue.message} ({results[ek].source.path} line {e_line})"))
    return [dataclasses.replace(r, findings=r.findings + tuple(extra.get(k, ()))) if k in extra else r
            for k, r in enumerate(results)]
