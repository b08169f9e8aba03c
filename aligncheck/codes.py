"""Placeholders in translatable text: format codes, ICU MessageFormat, markup and inline codes.

What counts as a placeholder (:func:`find_placeholders`), with the key two are compared by:

=============  ===========================================  =================================
family         written                                      compared by
=============  ===========================================  =================================
printf         ``%s`` ``%d`` ``%.2f`` ``%1$s`` ``%(name)s``  the code as written (a ``%١$s``
                                                            with Arabic-Indic digits or an
                                                            Arabic ``٪s`` is a changed code)
brace          ``{name}`` ``{0}`` ``{0:N2}`` ``{}``         the code as written
               ``{{user}}`` (i18next, Mustache)             the name (inner spaces ignored)
               ICU ``{n, plural, one {...} other {...}}``   argument name and type (the
                                                            branches: ``Placeholder.icu``);
                                                            the arguments nested in the
                                                            branches, once each
markup         HTML/XML tags ``<b>`` ``</b>`` ``<br/>``      tag name (and ``href``/``src``)
               entities ``&amp;`` ``&#1575;``               as written
               Markdown inline code and link targets        as written
=============  ===========================================  =================================

PO format flags choose the families (:func:`families_for_flags`). The ``%`` of ``50%`` is never a
code (an ASCII digit right before a ``%`` makes it a percent sign: ``50%off`` is not ``%o``; an
Arabic-Indic digit does not, so ``٣%s`` keeps its ``%s``), and a ``<`` followed by something other
than an ASCII letter is not a tag. :func:`mask_codes` blanks the placeholders of a text for the
checks that read its words and punctuation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

#: families of placeholders (see :func:`families_for_flags`)
FAMILIES = frozenset({"printf", "brace", "markup"})

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_PRINTF = re.compile(
    rf"(?P<esc>%%)|(?<![0-9])(?P<code>[%\u066a](?:(?P<pos>[{_DIGIT}]+)\$|\((?P<name>[^()\s]{{1,64}})\))?"
    r"[-+0#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?(?P<conv>[diouxXeEfFgGcrsaA@]))"
)
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][\w:.-]*)(?P<attrs>\s[^<>]*)?>")
_HREF = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_LINK = re.compile(r"\]\(([^\s()]+)(?:\s+\"[^\"]*\")?\)")
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


#: deepest ICU nesting looked into (deeper messages are taken as one placeholder each); a hostile
#: file cannot make the parser recurse without end
MAX_ICU_DEPTH = 8
#: longest simple placeholder (``{name}``, ``{{user}}``) in code points: a longer brace span is text
MAX_CODE_CHARS = 200
_SPACES = re.compile(r"\s*")


def _brace_pairs(text: str) -> dict[int, int]:
    """Index of the ``}`` closing each ``{`` of ``text`` (nesting counted; unmatched ones left
    out), in one pass."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for k, ch in enumerate(text):
        if ch == "{":
            stack.append(k)
        elif ch == "}" and stack:
            pairs[stack.pop()] = k
    return pairs


def _icu_branches(text: str, start: int, end: int, pairs: dict[int, int]) -> list[tuple[str, str]] | None:
    """The ``(key, message)`` branches of the ICU plural/select body ``text[start:end]`` (after
    ``name, type,``), or ``None`` when it is not well formed."""
    out = []
    k = start
    while k < end:
        if _SPACES.match(text, k).end() >= end:
            break
        m = _ICU_KEY.match(text, k, end)
        if not m:
            return None
        open_at = m.end() - 1
        close = pairs.get(open_at, -1)
        if close < 0 or close >= end:
            return None
        out.append((re.sub(r"\s+", "", m.group(1)), text[open_at + 1:close]))
        k = close + 1
    return out or None


def _brace_placeholders(text: str, depth: int = 0) -> list[Placeholder]:
    """Brace-family placeholders of ``text`` (nested ICU arguments included once each). Linear in
    the length of ``text`` for a given nesting depth (at most :data:`MAX_ICU_DEPTH`)."""
    out: list[Placeholder] = []
    pairs = _brace_pairs(text)
    closes = [m.start() for m in re.finditer(r"(?=\}\})", text)]  # every "}}", overlapping ones too
    k = text.find("{")
    while 0 <= k < len(text):
        if text.startswith("{{", k):
            nxt = bisect.bisect_left(closes, k + 2)
            end = closes[nxt] if nxt < len(closes) else -1
            inner = text[k + 2:end] if 0 <= end - k <= MAX_CODE_CHARS else None
            if inner is not None and re.fullmatch(r"\s*[-\w.]+(?:\s*,\s*[-\w.]+)*\s*", inner):
                out.append(Placeholder("i18n", "{{" + re.sub(r"\s+", "", inner) + "}}", text[k:end + 2], k))
                k = text.find("{", end + 2)
                continue
            k = text.find("{", k + 1)
            continue
        close = pairs.get(k, -1)
        if close < 0:
            k = text.find("{", k + 1)
            continue
        head = _ICU_HEAD.match(text, k + 1, close)
        branches = _icu_branches(text, head.end(), close, pairs) if head else None
        whole = text[k:close + 1]
        if head and branches is not None:
            name, kind = head.group(1), head.group(2)
            out.append(Placeholder("icu", f"{name},{kind}", whole, k, icu=(kind, tuple(key for key, _ in branches))))
            if depth < MAX_ICU_DEPTH:
                nested: dict[str, Placeholder] = {}
                for _, msg in branches:
                    for p in _find(msg, frozenset({"brace", "markup"}), depth + 1):
                        nested.setdefault(p.key, p)
                out.extend(nested.values())
            k = text.find("{", close + 1)
            continue
        if close - k <= MAX_CODE_CHARS:
            inner = text[k + 1:close]
            simple = _ICU_SIMPLE.match(inner)
            if simple:
                out.append(Placeholder("brace", f"{{{simple.group(1)},{simple.group(2)}}}", whole, k))
            elif re.fullmatch(r"[\w.]*(?:![rsa])?(?::[^{}]*)?", inner) and (inner == "" or inner[0].isascii()):
                out.append(Placeholder("brace", whole, whole, k))
            elif re.fullmatch(r"\s*[^\s{}]+\s*", inner):
                # {الاسم}: a code whose name was translated; still a brace code (so it shows as changed)
                out.append(Placeholder("brace", whole, whole, k))
        k = text.find("{", close + 1)
    return out


def find_placeholders(text: str, families: frozenset[str] = FAMILIES) -> list[Placeholder]:
    """Every placeholder of the ``families`` in ``text``, in order of position.

    Args:
        text: a segment or unit text as written.
        families: subset of :data:`FAMILIES` (see :func:`families_for_flags`).

    Returns:
        :class:`Placeholder` s sorted by ``start`` (nested ICU arguments follow their message).
    """
    return _find(text, families, 0)


def _find(text: str, families: frozenset[str], depth: int) -> list[Placeholder]:
    """:func:`find_placeholders` at ICU nesting ``depth``."""
    out: list[Placeholder] = []
    if "printf" in families:
        for m in _PRINTF.finditer(text):
            if m.group("esc"):
                continue
            kind = "printf-pos" if m.group("pos") else "printf-named" if m.group("name") else "printf"
            out.append(Placeholder(kind, m.group("code"), m.group("code"), m.start("code")))
    if "brace" in families:
        out.extend(_brace_placeholders(text, depth))
    if "markup" in families:
        for m in _TAG.finditer(text):
            name = m.group("name").lower()
            if m.group("close"):
                key = f"</{name}>"
            elif (m.group("attrs") or "").rstrip().endswith("/"):
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
    code_spans = sorted((p.start, p.start + len(p.text)) for p in out if p.kind == "code")  # do not overlap
    starts = [a for a, _ in code_spans]

    def inside_code(pos: int) -> bool:
        k = bisect.bisect_left(starts, pos) - 1  # the last span starting before pos
        return k >= 0 and pos < code_spans[k][1]

    out = [p for p in out if p.kind == "code" or not inside_code(p.start)]
    return sorted(out, key=lambda p: p.start)


def icu_branches(p: Placeholder) -> list[tuple[str, str]]:
    """The ``(key, message)`` branches of an ICU plural/select placeholder ``p`` (``p.kind ==
    "icu"``), keys without spaces, messages as written; ``[]`` for any other placeholder."""
    if p.kind != "icu":
        return []
    head = _ICU_HEAD.match(p.text, 1, len(p.text) - 1)
    if not head:
        return []
    return _icu_branches(p.text, head.end(), len(p.text) - 1, _brace_pairs(p.text)) or []


def render_icu(text: str, key: str = "other", _depth: int = 0) -> str:
    """``text`` with each ICU plural/select message replaced by its ``key`` branch (``other`` by
    default; the last branch when it has none), nested messages too (down to
    :data:`MAX_ICU_DEPTH`): the text one reader sees. The checks that read words or lengths
    (tokens, negation, length ratios) read this, so an Arabic source's six plural branches and
    their keywords (``zero``, ``few``) are neither six times the length of the English two nor
    English words. Other codes are kept as written."""
    if "{" not in text:
        return text
    out, pos = [], 0
    for p in find_placeholders(text, frozenset({"brace"})):
        if p.kind != "icu" or p.start < pos or text[p.start:p.start + len(p.text)] != p.text:
            continue  # not ICU, or nested in a message (its offset is in the branch, not here)
        branches = dict(icu_branches(p))
        chosen = branches.get(key, list(branches.values())[-1] if branches else p.text)
        if _depth < MAX_ICU_DEPTH:
            chosen = render_icu(chosen, key, _depth + 1)
        out += [text[pos:p.start], chosen]
        pos = p.start + len(p.text)
    out.append(text[pos:])
    return "".join(out)


def mask_codes(text: str, _depth: int = 0) -> str:
    """``text`` with its placeholders blanked for the checks that read words and punctuation
    (untranslated, punctuation, spacing, repetition): each code becomes one space, and an ICU
    plural/select becomes the text of its branches (``{n, plural, one {# ملف} other {# ملفات}}``
    -> ``# ملف # ملفات``, so its keywords and commas are not read as English or as Latin
    punctuation; nested down to :data:`MAX_ICU_DEPTH`). Markdown inline code is blanked; link
    targets are kept (the text is a URL)."""
    spans = []
    for p in find_placeholders(text):
        if p.kind == "link" or p.start < 0:
            continue
        repl = " "
        if p.kind == "icu" and _depth < MAX_ICU_DEPTH:
            repl = " " + " ".join(mask_codes(msg, _depth + 1) for _, msg in icu_branches(p)) + " "
        spans.append((p.start, p.start + len(p.text), repl))
    if not spans:
        return text
    out, pos = [], 0
    for a, b, repl in sorted(spans):
        if a < pos:
            continue  # nested in an ICU message already replaced
        out += [text[pos:a], repl]
        pos = b
    out.append(text[pos:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()
