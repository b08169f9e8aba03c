"""The ``placeholders`` check: format codes, markup and inline codes a translation must keep.

What counts as a placeholder (:func:`find_placeholders`), with the key two are compared by:

=============  ===========================================  =================================
family         written                                      compared by
=============  ===========================================  =================================
printf         ``%s`` ``%d`` ``%.2f`` ``%1$s`` ``%(name)s``  the code as written (a ``%١$s``
                                                            with Arabic-Indic digits or an
                                                            Arabic ``٪s`` is a changed code)
brace          ``{name}`` ``{0}`` ``{0:N2}`` ``{}``         the code as written
               ``{{user}}`` (i18next, Mustache)             the name (inner spaces ignored)
               ICU ``{n, plural, one {...} other {...}}``   argument name and type; select
                                                            keys; plural keys valid CLDR
                                                            categories with ``other``; the
                                                            arguments nested in the branches
markup         HTML/XML tags ``<b>`` ``</b>`` ``<br/>``      tag name (and ``href``/``src``)
               entities ``&amp;`` ``&#1575;``               as written
               Markdown inline code and link targets        as written
inline codes   XLIFF ``<ph>`` ``<x/>`` ``<g>`` ``<bpt>`` ...  element and id (from the reader)
=============  ===========================================  =================================

A placeholder missing from the target, added to it or changed is an error (a tag replaced by
another tag of the same form, ``<i>`` for ``<b>``, is a warning: the formatting differs, the
markup still holds); the same codes in a
different order are an error for sequential printf codes (``%s ... %d`` against ``%d ... %s``:
the arguments would be swapped) and a warning for positional ones (``%1$s ... %2$s`` reordered:
legitimate in Arabic word order, worth a look). Named and numbered brace codes may move freely.

PO format flags are respected (:func:`families_for_flags`): an entry flagged ``c-format`` or
``python-format`` is checked for printf codes (and ``python-brace-format`` for brace codes) and
not for the other family; ``no-c-format`` turns printf codes off. Without a flag both are looked
for. The ``%`` of ``50%`` or ``٥٠٪`` is never a code (an ASCII digit right before a ``%`` makes
it a percent sign: ``50%off`` is not ``%o``; an Arabic-Indic digit does not, so ``٣%s`` keeps its
``%s``), and a ``<``
followed by something other than an ASCII letter is not a tag.

Arabic-specific: a tag with an attached conjunction (``و<b>``) is the tag; an Arabic-Indic digit
beside a code (``{count}٪``, ``٣%s``) does not hide or make one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..types import Severity
from . import Issue

#: families of placeholders (see :func:`families_for_flags`)
FAMILIES = frozenset({"printf", "brace", "markup"})

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_PRINTF = re.compile(
    rf"(?P<esc>%%)|(?<![0-9])(?P<code>[%\u066a](?:(?P<pos>[{_DIGIT}]+)\$|\((?P<name>[^()\s]{{1,64}})\))?"
    r"[-+0#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?(?P<conv>[diouxXeEfFgGcrsaA@]))"
)
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][\w:.-]*)(?P<attrs>(?:\s+[^<>]*?)?)\s*(?P<self>/?)>")
_HREF = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_LINK = re.compile(r"\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_ICU_HEAD = re.compile(r"\s*([\w.-]+)\s*,\s*(plural|select|selectordinal)\s*,", re.UNICODE)
_ICU_SIMPLE = re.compile(r"\s*([\w.-]+)\s*,\s*(number|date|time|spellout|ordinal|duration)\s*(?:,.*)?$", re.DOTALL)
_ICU_KEY = re.compile(r"\s*(?:offset:\s*\d+\s*)?(=\s*-?\d+(?:\.\d+)?|[\w-]+)\s*\{")
#: CLDR plural categories (a plural key is one of these or an exact ``=N``)
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
#: PO flags that name a printf-style language / a brace-style one
PRINTF_FLAGS = frozenset({
    "c-format", "objc-format", "python-format", "php-format", "perl-format", "sh-format", "awk-format",
    "gcc-internal-format", "qt-format", "kde-format", "boost-format", "lua-format", "java-printf-format",
})
BRACE_FLAGS = frozenset({"python-brace-format", "csharp-format", "java-format", "javascript-format", "rust-format"})


@dataclass(frozen=True)
class Placeholder:
    """One placeholder found in a text.

    Attributes:
        kind: ``"printf"``, ``"printf-pos"`` (``%1$s``), ``"printf-named"``, ``"brace"``,
            ``"i18n"`` (``{{x}}``), ``"icu"``, ``"tag"``, ``"entity"``, ``"code"`` (Markdown inline
            code), ``"link"`` (Markdown link target) or ``"inline"`` (an XLIFF inline code).
        key: what two placeholders are compared by (see the module table).
        text: the placeholder as written.
        start: code-point offset in the text (0-based; -1 for inline codes).
        icu: for ``"icu"``: ``(type, branch keys in order)``, else ``None``.
    """

    kind: str
    key: str
    text: str
    start: int
    icu: tuple[str, tuple[str, ...]] | None = field(default=None, compare=False)


def families_for_flags(flags: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The placeholder families to look for in a PO entry with these flags (``#,`` line).

    A positive format flag (``c-format``, ``python-format``...; ``python-brace-format``...)
    limits the check to the families flagged; ``no-<x>-format`` removes that family; markup
    (tags, entities, Markdown) is always looked for. No format flag: every family.
    """
    flags = {f.strip() for f in flags}
    printf = bool(flags & PRINTF_FLAGS)
    brace = bool(flags & BRACE_FLAGS)
    if printf or brace:
        out = {"markup"} | ({"printf"} if printf else set()) | ({"brace"} if brace else set())
    else:
        out = set(FAMILIES)
    if any(f"no-{f}" in flags for f in PRINTF_FLAGS):
        out.discard("printf")
    if any(f"no-{f}" in flags for f in BRACE_FLAGS):
        out.discard("brace")
    return frozenset(out)


def _matching_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start`` (nesting counted), or -1."""
    depth = 0
    for k in range(start, len(text)):
        ch = text[k]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _icu_branches(body: str) -> list[tuple[str, str]] | None:
    """The ``(key, message)`` branches of an ICU plural/select body (after ``name, type,``), or
    ``None`` when it is not well formed."""
    out = []
    k = 0
    while k < len(body):
        if body[k:].strip() == "":
            break
        m = _ICU_KEY.match(body, k)
        if not m:
            return None
        open_at = m.end() - 1
        close = _matching_brace(body, open_at)
        if close < 0:
            return None
        out.append((re.sub(r"\s+", "", m.group(1)), body[open_at + 1:close]))
        k = close + 1
    return out or None


def _brace_placeholders(text: str, offset: int = 0) -> list[Placeholder]:
    """Brace-family placeholders of ``text`` (nested ICU arguments included once each)."""
    out: list[Placeholder] = []
    k = 0
    while k < len(text):
        if text[k] != "{":
            k += 1
            continue
        if text.startswith("{{", k):
            end = text.find("}}", k + 2)
            inner = text[k + 2:end] if end >= 0 else ""
            if end >= 0 and re.fullmatch(r"\s*[-\w.]+(?:\s*,\s*[-\w.]+)*\s*", inner):
                out.append(Placeholder("i18n", "{{" + re.sub(r"\s+", "", inner) + "}}", text[k:end + 2], offset + k))
                k = end + 2
                continue
            k += 1
            continue
        close = _matching_brace(text, k)
        if close < 0:
            k += 1
            continue
        inner = text[k + 1:close]
        whole = text[k:close + 1]
        head = _ICU_HEAD.match(inner)
        branches = _icu_branches(inner[head.end():]) if head else None
        if head and branches is not None:
            name, kind = head.group(1), head.group(2)
            out.append(Placeholder("icu", f"{name},{kind}", whole, offset + k,
                                   icu=(kind, tuple(key for key, _ in branches))))
            nested: dict[str, Placeholder] = {}
            for _, msg in branches:
                for p in find_placeholders(msg, frozenset({"brace", "markup"})):
                    nested.setdefault(p.key, p)
            out.extend(nested.values())
            k = close + 1
            continue
        simple = _ICU_SIMPLE.match(inner)
        if simple:
            out.append(Placeholder("brace", f"{{{simple.group(1)},{simple.group(2)}}}", whole, offset + k))
        elif re.fullmatch(r"[\w.]*(?:![rsa])?(?::[^{}]*)?", inner) and (inner == "" or inner[0].isascii()):
            out.append(Placeholder("brace", whole, whole, offset + k))
        elif re.fullmatch(r"\s*[^\s{}]+\s*", inner) and not any(ch.isspace() for ch in inner.strip()):
            # {الاسم}: a code whose name was translated; still a brace code (so it shows as changed)
            out.append(Placeholder("brace", whole, whole, offset + k))
        k = close + 1
    return out


def find_placeholders(text: str, families: frozenset[str] = FAMILIES) -> list[Placeholder]:
    """Every placeholder of the ``families`` in ``text``, in order of position.

    Args:
        text: a segment or unit text as written.
        families: subset of :data:`FAMILIES` (see :func:`families_for_flags`).

    Returns:
        :class:`Placeholder` s sorted by ``start`` (nested ICU arguments follow their message).
    """
    out: list[Placeholder] = []
    if "printf" in families:
        for m in _PRINTF.finditer(text):
            if m.group("esc"):
                continue
            kind = "printf-pos" if m.group("pos") else "printf-named" if m.group("name") else "printf"
            out.append(Placeholder(kind, m.group("code"), m.group("code"), m.start("code")))
    if "brace" in families:
        out.extend(_brace_placeholders(text))
    if "markup" in families:
        for m in _TAG.finditer(text):
            name = m.group("name").lower()
            if m.group("close"):
                key = f"</{name}>"
            elif m.group("self"):
                key = f"<{name}/>"
            else:
                key = f"<{name}>"
            href = _HREF.search(m.group("attrs") or "")
            if href and not m.group("close"):
                key = f"{key[:-1]} {next(g for g in href.groups() if g is not None)}>"
            out.append(Placeholder("tag", key, m.group(0), m.start()))
        out.extend(Placeholder("entity", m.group(0), m.group(0), m.start()) for m in _ENTITY.finditer(text))
        out.extend(Placeholder("code", m.group(0), m.group(0), m.start()) for m in _MD_CODE.finditer(text))
        out.extend(Placeholder("link", m.group(1), m.group(1), m.start(1)) for m in _MD_LINK.finditer(text))
    # a code inside Markdown inline code is part of that code, not a placeholder of its own
    code_spans = [(p.start, p.start + len(p.text)) for p in out if p.kind == "code"]
    out = [p for p in out if p.kind == "code" or not any(a < p.start < b for a, b in code_spans)]
    return sorted(out, key=lambda p: p.start)


_COUNT_NAMES = frozenset({"count", "n", "num", "number", "0", "1", "total", "quantity", "amount"})


def _is_count(p: Placeholder) -> bool:
    """Whether ``p`` stands for a count: an integer printf code or a brace code named like one."""
    if p.kind.startswith("printf"):
        return p.text[-1:] in "diu"
    if p.kind in ("brace", "i18n"):
        return p.key.strip("{}").split(",")[0].split(":")[0].strip() in _COUNT_NAMES
    return False


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
    # a missing and an extra code of the same kind at the same rank: one code changed
    changed = []
    for p in list(missing):
        q = next((q for q in extra if q.kind == p.kind or {p.kind, q.kind} <= {"printf", "printf-pos", "printf-named", "brace"}), None)
        if q is not None:
            changed.append((p, q))
            missing.remove(p)
            extra.remove(q)
    for p, q in changed:
        hint = ""
        if re.search("[\u0660-\u0669\u06f0-\u06f9\u066a]", q.text):
            hint = " (Arabic-Indic digits or ٪ inside a code break it)"
        # one well-formed tag for another (<i> for <b>): the formatting differs, nothing breaks
        level = (Severity.WARNING if p.kind == q.kind == "tag" and _tag_form(p) == _tag_form(q)
                 and " " not in p.key + q.key else Severity.ERROR)  # a changed href/src is an error
        issues.append(Issue(level, f"placeholder {_describe(p)} is changed to {_describe(q)} in the translation{hint}"))
    complete = not missing and not extra and not changed
    counts = [p for p in missing if plural_form and _is_count(p)]
    missing = [p for p in missing if p not in counts]
    if counts:
        issues.append(Issue(Severity.WARNING, "count placeholder(s) missing from this plural form: "
                            + " ".join(_describe(p) for p in counts) + " (fine if the form spells the number)"))
    if missing:
        issues.append(Issue(Severity.ERROR, "placeholder(s) missing from the translation: "
                            + " ".join(_describe(p) for p in missing)))
    if extra:
        issues.append(Issue(Severity.ERROR, "placeholder(s) in the translation but not in the source: "
                            + " ".join(_describe(p) for p in extra)))
    # ICU structure, argument by argument
    t_icu = {p.key: p for p in tgt if p.kind == "icu"}
    for p in src:
        if p.kind == "icu" and p.key in t_icu:
            issues.extend(Issue(Severity.ERROR, m) for m in _plural_problems(p, t_icu[p.key]))
    if complete:
        seq_s = [p.key for p in src if p.kind == "printf"]
        seq_t = [p.key for p in tgt if p.kind == "printf"]
        if seq_s != seq_t:
            issues.append(Issue(Severity.ERROR, f"printf codes in another order ({' '.join(seq_s)} -> {' '.join(seq_t)}): "
                                "the arguments would be swapped; use positional codes (%1$s)"))
        pos_s = [p.key for p in src if p.kind == "printf-pos"]
        pos_t = [p.key for p in tgt if p.kind == "printf-pos"]
        if pos_s != pos_t:
            issues.append(Issue(Severity.WARNING, f"positional codes reordered ({' '.join(pos_s)} -> {' '.join(pos_t)}): "
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


def mask_codes(text: str) -> str:
    """``text`` with its placeholders blanked for the checks that read words and punctuation
    (untranslated, punctuation, spacing, repetition): each code becomes one space, and an ICU
    plural/select becomes the text of its branches (``{n, plural, one {# ملف} other {# ملفات}}``
    -> ``# ملف # ملفات``, so its keywords and commas are not read as English or as Latin
    punctuation). Markdown inline code is blanked; link targets are kept (the text is a URL)."""
    spans = []
    for p in find_placeholders(text):
        if p.kind in ("link",) or p.start < 0:
            continue
        if p.kind == "icu":
            inner = p.text[1:-1]
            head = _ICU_HEAD.match(inner)
            branches = _icu_branches(inner[head.end():]) if head else None
            repl = " " + " ".join(mask_codes(msg) for _, msg in branches or ()) + " "
        else:
            repl = " "
        spans.append((p.start, p.start + len(p.text), repl))
    out, pos = [], 0
    for a, b, repl in sorted(spans):
        if a < pos:
            continue  # nested in an ICU message already replaced
        out += [text[pos:a], repl]
        pos = b
    out.append(text[pos:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip() if spans else text
