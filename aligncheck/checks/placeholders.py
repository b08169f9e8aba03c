"""The ``placeholders`` check: format codes, markup and inline codes a translation must keep.

What counts as a placeholder and the key two are compared by: :mod:`aligncheck.codes` (printf,
brace and ICU MessageFormat codes, i18next ``{{x}}``, HTML/XML tags and entities, Markdown inline
code and link targets); XLIFF inline codes (``<ph>`` ``<x/>`` ``<g>`` ``<bpt>``...) come from the
reader as ``Segment.codes`` and are compared by element and id.

A placeholder missing from the target, added to it or changed is an error (a tag replaced by
another tag of the same form, ``<i>`` for ``<b>``, is a warning: the formatting differs, the
markup still holds). An ICU plural or select is compared by structure: the argument's type,
select keys equal, plural keys valid CLDR categories (Arabic's six for English's two are right)
with ``other``, the arguments nested in its branches. The same codes in a different order are an
error for sequential printf codes (``%s ... %d`` against ``%d ... %s``: the arguments would be
swapped) and a warning for positional ones (``%1$s ... %2$s`` reordered: legitimate in Arabic
word order, worth a look). Named and numbered brace codes may move freely.

PO format flags are respected (:func:`aligncheck.codes.families_for_flags`): an entry flagged
``c-format`` or ``python-format`` is checked for printf codes (and ``python-brace-format`` for
brace codes) and not for the other family; ``no-c-format`` turns printf codes off. Without a flag
both are looked for.

Arabic-specific: a tag with an attached conjunction (``و<b>``) is the tag; an Arabic-Indic digit
beside a code (``{count}٪``, ``٣%s``) does not hide or make one; a code written with Arabic-Indic
digits or ``٪`` (``%١$s``, ``٪s``) is a changed code, said so in the message.
"""

from __future__ import annotations

import re
from collections import Counter

from ..codes import PLURAL_CATEGORIES, Placeholder, families_for_flags, find_placeholders
from ..types import Finding, Severity
from .context import CheckContext
from .pairs import Issue, issue_findings, qa_pairs
from .registry import register

_COUNT_NAMES = frozenset({"count", "n", "num", "number", "0", "1", "total", "quantity", "amount"})


def _is_count(p: Placeholder) -> bool:
    """Whether ``p`` stands for a count: an integer printf code or a brace code named like one."""
    if p.kind.startswith("printf"):
        return p.text[-1:] in "diu"
    if p.kind in ("brace", "i18n"):
        return p.key.strip("{}").split(",")[0].split(":")[0].strip() in _COUNT_NAMES
    return False


def _code_class(p: Placeholder) -> str:
    """Placeholders of one class may replace each other as "changed": format codes (printf and
    brace) among themselves, otherwise the same kind."""
    return "format" if p.kind in ("printf", "printf-pos", "printf-named", "brace") else p.kind


#: most placeholders a message lists (the rest are counted)
MAX_LISTED = 10


def _listing(items: list[Placeholder]) -> str:
    shown = " ".join(_describe(p) for p in items[:MAX_LISTED])
    return shown + (f" (and {len(items) - MAX_LISTED} more)" if len(items) > MAX_LISTED else "")


def _tag_form(p: Placeholder) -> str:
    """``"open"``, ``"close"`` or ``"empty"`` for a tag placeholder."""
    return "close" if p.key.startswith("</") else "empty" if p.key.endswith("/>") else "open"


def _describe(p: Placeholder) -> str:
    return p.text if p.kind != "inline" else p.key


def _plural_problems(src: Placeholder, tgt: Placeholder) -> list[str]:
    """What is wrong with the target ICU message ``tgt`` against ``src`` (same argument)."""
    s_kind, s_keys = src.icu or ("", ())
    t_kind, t_keys = tgt.icu or ("", ())
    name = src.key.split(",")[0]
    if s_kind != t_kind:
        return [f"ICU argument {{{name}}} is a {s_kind} in the source and a {t_kind} in the target"]
    if s_kind == "select":
        missing, extra = set(s_keys) - set(t_keys), set(t_keys) - set(s_keys)
        out = []
        if missing:
            out.append(f"ICU select {{{name}}} lost the branch(es) {', '.join(sorted(missing))}")
        if extra:
            out.append(f"ICU select {{{name}}} has branch(es) the source has not: {', '.join(sorted(extra))}")
        return out
    bad = [k for k in t_keys if not (k in PLURAL_CATEGORIES or k.startswith("="))]
    out = []
    if bad:
        out.append(f"ICU plural {{{name}}} has key(s) that are not plural categories: {', '.join(bad)} "
                   f"(use {', '.join(sorted(PLURAL_CATEGORIES))} or =N)")
    if "other" not in t_keys:
        out.append(f"ICU plural {{{name}}} has no 'other' branch")
    return out


def check_placeholders(
    source: str,
    target: str,
    *,
    flags: tuple[str, ...] = (),
    source_codes: tuple[str, ...] = (),
    target_codes: tuple[str, ...] = (),
    entities: bool = True,
    tags: bool = True,
    links: bool = True,
    plural_form: bool = False,
) -> list[Issue]:
    """Placeholder faults of a source/target pair.

    Args:
        source, target: the two texts as written.
        flags: PO flags of the entry (``("c-format",)``), see :func:`families_for_flags`.
        source_codes, target_codes: the inline codes a reader took out of the texts (XLIFF
            ``ph#1``, ``g#2``...), compared as a multiset.
        entities: compare character entities (``&amp;``). ``False`` for plain-text documents,
            where an entity is escaped text a translator rightly writes as a word (``&amp;`` ->
            ``و``).
        tags: compare HTML/XML tags (``False`` for subtitle cues, whose styling tags each
            language may choose).
        links: compare Markdown link targets (``False`` for documents, whose links the
            ``tokens`` check compares).
        plural_form: the pair is one plural form of a message (PO ``msgstr[n]``, a catalog's
            ``_one``/``_two`` key): a missing *count* code (``%d``, ``{count}``, ``{{n}}``) is
            then a warning, since Arabic forms for zero, one and two often spell the number
            (``ملف واحد``, ``ملفان``).

    Returns:
        :class:`Issue` s: errors for a placeholder missing, added or changed, an ICU message
        with another structure, or sequential printf codes in another order; a warning for
        positional printf codes (``%1$s``) in another order. Empty when the pair agrees.
    """
    families = families_for_flags(flags)
    src = find_placeholders(source, families)
    tgt = find_placeholders(target, families)
    skip = {k for k, on in (("entity", entities), ("tag", tags), ("link", links)) if not on}
    src = [p for p in src if p.kind not in skip]
    tgt = [p for p in tgt if p.kind not in skip]
    src += [Placeholder("inline", c, c, -1) for c in source_codes]
    tgt += [Placeholder("inline", c, c, -1) for c in target_codes]
    issues: list[Issue] = []
    s_count = Counter(p.key for p in src)
    t_count = Counter(p.key for p in tgt)
    missing = [p for p in _first_n(src, s_count - t_count)]
    extra = [p for p in _first_n(tgt, t_count - s_count)]
    # a missing and an extra code of the same class at the same rank: one code changed (paired in
    # one pass, class by class: a hostile file with thousands of codes stays linear)
    pending: dict[str, list[Placeholder]] = {}
    for q in extra:
        pending.setdefault(_code_class(q), []).append(q)
    changed, still_missing, used = [], [], set()
    taken: dict[str, int] = {}
    for p in missing:
        cls = _code_class(p)
        n = taken.get(cls, 0)
        if n < len(pending.get(cls, ())):
            q = pending[cls][n]
            taken[cls] = n + 1
            changed.append((p, q))
            used.add(id(q))
        else:
            still_missing.append(p)
    missing = still_missing
    extra = [q for q in extra if id(q) not in used]
    for p, q in changed[:MAX_LISTED]:
        hint = ""
        if re.search("[\u0660-\u0669\u06f0-\u06f9\u066a]", q.text):
            hint = " (Arabic-Indic digits or ٪ inside a code break it)"
        # one well-formed tag for another (<i> for <b>): the formatting differs, nothing breaks
        level = (Severity.WARNING if p.kind == q.kind == "tag" and _tag_form(p) == _tag_form(q)
                 and " " not in p.key + q.key else Severity.ERROR)  # a changed href/src is an error
        issues.append(Issue(level, f"placeholder {_describe(p)} is changed to {_describe(q)} in the translation{hint}"))
    if len(changed) > MAX_LISTED:
        issues.append(Issue(Severity.ERROR, f"and {len(changed) - MAX_LISTED} more placeholders changed in the translation"))
    complete = not missing and not extra and not changed
    counts = [p for p in missing if plural_form and _is_count(p)]
    missing = [p for p in missing if p not in counts]
    if counts:
        issues.append(Issue(Severity.WARNING, "count placeholder(s) missing from this plural form: "
                            + _listing(counts) + " (fine if the form spells the number)"))
    if missing:
        issues.append(Issue(Severity.ERROR, "placeholder(s) missing from the translation: " + _listing(missing)))
    if extra:
        issues.append(Issue(Severity.ERROR, "placeholder(s) in the translation but not in the source: " + _listing(extra)))
    # ICU structure, argument by argument
    t_icu = {p.key: p for p in tgt if p.kind == "icu"}
    for p in src:
        if p.kind == "icu" and p.key in t_icu:
            issues.extend(Issue(Severity.ERROR, m) for m in _plural_problems(p, t_icu[p.key]))
    if complete:
        seq_s = [p.key for p in src if p.kind == "printf"]
        seq_t = [p.key for p in tgt if p.kind == "printf"]
        if seq_s != seq_t:
            issues.append(Issue(Severity.ERROR, f"printf codes in another order ({' '.join(seq_s[:MAX_LISTED])} -> {' '.join(seq_t[:MAX_LISTED])}): "
                                "the arguments would be swapped; use positional codes (%1$s)"))
        pos_s = [p.key for p in src if p.kind == "printf-pos"]
        pos_t = [p.key for p in tgt if p.kind == "printf-pos"]
        if pos_s != pos_t:
            issues.append(Issue(Severity.WARNING, f"positional codes reordered ({' '.join(pos_s[:MAX_LISTED])} -> {' '.join(pos_t[:MAX_LISTED])}): "
                                "check that the order is intended"))
    return issues


def _first_n(items: list[Placeholder], counts: Counter) -> list[Placeholder]:
    """The first ``counts[key]`` placeholders of each key, in order (the surplus ones)."""
    left = Counter(counts)
    out = []
    for p in reversed(items):
        if left[p.key] > 0:
            out.append(p)
            left[p.key] -= 1
    return list(reversed(out))


#: a unit id naming one plural form (PO ``msgid[n]``; catalog ``files_one``/``files.two``; the
#: ``other`` form keeps its count, so it is not one of them)
_PLURAL_FORM = re.compile(r"(?:\[\d+\]|[._](?:zero|one|two|few|many))$")


@register("placeholders", "error", "PlaceholderMismatch",
          "A format code, ICU argument, tag or inline code is missing, added, changed or reordered.",
          "`Hello %s` / `مرحبا`; `{name}` / `{الاسم}`; `%1$s` / `%١$s`; "
          "`{n, plural, one {…} other {…}}` / `{n, plural, واحد {…} أخرى {…}}`")
def check_placeholders_pairs(ctx: CheckContext) -> list[Finding]:
    """:func:`check_placeholders` on every pair, with the PO flags and XLIFF inline codes of its
    segments. In documents, entities (escaped text in plain text), Markdown link targets (the
    ``tokens`` check's) and subtitle cue tags (styling each language chooses) are not compared."""
    out = []
    for bead, s, t in qa_pairs(ctx, every_unit=True):
        segs_s = [ctx.source.segments[i] for i in bead.src]
        segs_t = [ctx.target.segments[j] for j in bead.tgt]
        issues = check_placeholders(
            s, t, flags=tuple(f for seg in segs_s for f in seg.flags),
            source_codes=tuple(c for seg in segs_s for c in seg.codes),
            target_codes=tuple(c for seg in segs_t for c in seg.codes),
            entities=not ctx.documents, links=not ctx.documents,
            tags=not (ctx.documents and ctx.source.path.lower().endswith((".srt", ".vtt"))),
            plural_form=any(_PLURAL_FORM.search(seg.unit or "") for seg in segs_t),
        )
        out += issue_findings("placeholders", ctx, bead, issues)
    return out
