"""The text a browser shows of a fragment of raw HTML (an HTML block or inline HTML in Markdown),
with the offset of every character, so that it is checked like any paragraph.

A fragment is cut the way the HTML standard's tokenizer cuts it (`WHATWG HTML, 13.2.5 Tokenization
<https://html.spec.whatwg.org/multipage/parsing.html#tokenization>`_), not the way CommonMark
delimits raw HTML: a comment ends at the first ``-->`` or ``--!>`` (``<!-->`` and ``<!--->`` are
whole empty comments), ``<?...`` ``<!...`` (``<!DOCTYPE``, ``<![CDATA[`` outside SVG/MathML) and
``</`` followed by a non-letter are bogus comments ending at the first ``>``, and a tag ends at the
first ``>`` outside a quoted attribute value. So ``<!-- x --!> SPAM -->``, one comment for
markdown-it, shows `` SPAM -->`` here as in a browser. The standard library's
:mod:`html.parser` is not used for the cutting: the Python 3.11 one ends comments only at ``-->``
and reads ``<![CDATA[`` to ``]]>`` (``<!-- x --!> SPAM -->`` is one comment to it), which is not
what browsers show, and later releases changed these rules, so the text checked would depend on
the interpreter.

What is text: the characters outside tags and comments, character references decoded. The content
of ``<script>``, ``<style>`` and ``<template>`` is not shown and not text. The content of
``<pre>`` is a code block (:attr:`HtmlText.code`), compared as code, not as prose. Block-level
elements (``<p>``, ``<div>``, ``<td>``, ``<li>``, ``<summary>``, headings...) start a new paragraph;
inline ones (``<b>``, ``<a>``, ``<span>``...) do not. ``href`` and ``src`` attribute values are
kept as link targets (compared by the ``tokens`` check like Markdown links). Attribute texts
(``alt``, ``title``) are not text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

#: elements that start a new paragraph (open or close)
BLOCK_ELEMENTS = frozenset("""
address article aside blockquote body caption center col colgroup dd details dialog dir div dl dt
fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li main menu
nav ol optgroup option p pre section summary table tbody td tfoot th thead title tr ul
""".split())
#: elements that show (or run) what is not element text, compared whole between the sides
ACTIVE_ELEMENTS = frozenset("""
applet base button embed form frame frameset iframe input link meta object portal script select style
textarea
""".split())
#: attributes whose value is translatable text (left out when active elements are compared)
TEXT_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "value", "aria-label", "label"})
#: attributes of ``<input>``/``<textarea>`` whose value the page shows as text (checked as text)
SHOWN_ATTRIBUTES = frozenset({"value", "placeholder"})
#: elements whose content is not shown
HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})
#: elements whose content is raw text up to their end tag (no tags or comments inside)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_ATTR = re.compile(r"""([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@dataclass
class HtmlText:
    """What a browser shows of one fragment.

    Attributes:
        paragraphs: ``(plain, offsets)`` per paragraph with text: ``plain`` on one line
            (whitespace runs as one space, trimmed), ``offsets[k]`` the 0-based code-point offset
            in the fragment of ``plain[k]``.
        code: ``(code, start, end)`` per ``<pre>`` element: its shown text and the span of its
            content in the fragment.
        links: ``(target, offset)`` of each ``href``/``src`` value, offset of its tag.
        active: ``(name, canonical, offset)`` per element that shows or runs what is not element
            text (:data:`ACTIVE_ELEMENTS`: ``<style>`` with CSS ``content:``, ``<iframe srcdoc>``,
            ``<object>``, ``<input>``...): its tag with the attributes sorted, text attributes
            (:data:`TEXT_ATTRIBUTES`) left out, and for ``<style>``/``<script>`` its content;
            compared between the two sides like code by the ``code_blocks`` check.
        open_comment: offset of a comment (or bogus comment, tag, ``<script>``, ``<style>``,
            ``<template>``, ``<textarea>``...) the fragment does not close, else ``None``: a
            browser hides what follows it, or reads it as raw text, past the fragment's end.
    """

    paragraphs: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    code: list[tuple[str, int, int]] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)
    open_comment: int | None = None
    active: list[tuple[str, str, int]] = field(default_factory=list)


class _Finder:
    """``str.find`` of one fixed needle in one text, remembering the last hit, so that asking
    from positions that only grow scans the text once (a fragment of 10,000 ``<!-- a --!>`` and
    no ``-->`` would otherwise be scanned 10,000 times)."""

    def __init__(self, s: str, needle: str):
        self.s, self.needle, self.hit = s, needle, -2

    def find(self, k: int) -> int:
        if self.hit == -1 or self.hit >= k:  # none after an earlier k, or the hit is still ahead
            return self.hit
        self.hit = self.s.find(self.needle, k)
        return self.hit


def _comment_end(s: str, i: int, finders: dict[str, _Finder]) -> int:
    """End (exclusive) of the comment-like construct starting with ``<`` at ``s[i]`` (``<!``,
    ``<?`` or ``</`` + non-letter), or -1 when the fragment ends first."""
    if s.startswith("<!--", i):
        k = i + 4
        if s.startswith(">", k):
            return k + 1
        if s.startswith("->", k):
            return k + 2
        ends = [e + len(c) for c in ("-->", "--!>") for e in (finders[c].find(k),) if e >= 0]
        return min(ends) if ends else -1
    close = finders[">"].find(i + 2)
    return close + 1 if close >= 0 else -1


def _tag_end(s: str, i: int) -> int:
    """End (exclusive) of the tag whose ``<`` is at ``s[i]``: the first ``>`` outside a quoted
    attribute value, or -1 when the fragment ends first."""
    k = i + 1
    quote = ""
    after_eq = False
    n = len(s)
    while k < n:
        ch = s[k]
        if quote:
            if ch == quote:
                quote = ""
        elif ch == ">":
            return k + 1
        elif ch in "\"'" and after_eq:
            quote = ch
        if not quote:
            if ch == "=":
                after_eq = True
            elif not ch.isspace():
                after_eq = False
        k += 1
    return -1


def collapse_spaces(chars: list[str], offs: list[int]) -> tuple[str, tuple[int, ...]]:
    """``chars`` (one character each, ``offs`` their code-point offsets in the file) with every run
    of whitespace made one space, leading and trailing ones dropped, and the offset of each kept
    character: ``(text, offsets)``, ``len(offsets) == len(text)``."""
    plain: list[str] = []
    keep: list[int] = []
    for ch, at in zip(chars, offs):
        if ch.isspace():
            if plain and plain[-1] != " ":
                plain.append(" ")
                keep.append(at)
        else:
            plain.append(ch)
            keep.append(at)
    while plain and plain[-1] == " ":
        plain.pop()
        keep.pop()
    return "".join(plain), tuple(keep)


def visible_text(s: str) -> HtmlText:
    """What a browser shows of the HTML fragment ``s`` (see the module docstring).

    Args:
        s: raw HTML (any line endings).

    Returns:
        The :class:`HtmlText`: paragraphs with offsets into ``s``, ``<pre>`` code, link targets.
    """
    out = HtmlText()
    chars: list[str] = []
    offs: list[int] = []
    code: list[str] = []
    code_start = -1
    pre_depth = 0
    hidden: str | None = None
    hidden_at = -1

    def flush() -> None:
        if chars:
            plain, keep = collapse_spaces(chars, offs)
            if plain:
                out.paragraphs.append((plain, keep))
        chars.clear()
        offs.clear()

    def emit(text: str, at: int) -> None:
        if hidden:
            return
        if pre_depth:
            code.append(text)
        else:
            for ch in text:
                chars.append(ch)
                offs.append(at)

    finders = {needle: _Finder(s, needle) for needle in ("-->", "--!>", ">")}
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == "&":
            m = _ENTITY.match(s, i)
            if m:
                emit(html.unescape(m.group(0)), i)
                i = m.end()
                continue
            emit(ch, i)
            i += 1
            continue
        if ch != "<":
            j = i + 1
            while j < n and s[j] not in "<&":
                j += 1
            if not hidden:
                if pre_depth:
                    code.append(s[i:j])
                else:
                    chars.extend(s[i:j])
                    offs.extend(range(i, j))
            i = j
            continue
        nxt = s[i + 1] if i + 1 < n else ""
        if nxt == "!" or nxt == "?" or (nxt == "/" and not (i + 2 < n and s[i + 2].isascii() and s[i + 2].isalpha())):
            if s.startswith("</>", i):
                i += 3
                continue
            end = _comment_end(s, i, finders)
            if end < 0:
                out.open_comment = i
                break
            i = end
            continue
        closing = nxt == "/"
        m = _NAME.match(s, i + 2 if closing else i + 1)
        if not m:  # "<" then not a letter: text
            emit(ch, i)
            i += 1
            continue
        end = _tag_end(s, i)
        if end < 0:
            out.open_comment = i
            break
        name = m.group(0).lower()
        shown_attrs: list[tuple[str, int]] = []
        if not closing:
            kept_attrs = []
            for a in _ATTR.finditer(s, m.end(), end - 1):
                attr = a.group(1).lower()
                k = next((g for g in (2, 3, 4) if a.group(g) is not None), 0)
                value = a.group(k) if k else ""
                if attr in ("href", "src") and value:
                    out.links.append((html.unescape(value), i))
                if attr in SHOWN_ATTRIBUTES and name in ("input", "textarea") and value.strip():
                    shown_attrs.append((value, a.start(k)))
                elif attr not in TEXT_ATTRIBUTES:
                    kept_attrs.append(f'{attr}="{html.unescape(value)}"' if k else attr)
            if name in ACTIVE_ELEMENTS and not hidden:
                out.active.append((name, f"<{' '.join([name] + sorted(kept_attrs))}>", i))
        if name in BLOCK_ELEMENTS or name == "br":
            if name == "br":
                emit(" ", i)
            else:
                flush()
        for value, at in shown_attrs:  # an input's value or placeholder is shown where it stands
            emit(" ", i)
            for ch_at, ch in enumerate(html.unescape(value)):
                emit(ch, at + min(ch_at, len(value) - 1))
            emit(" ", end - 1)
        if name == "pre":
            if not closing:
                if pre_depth == 0:
                    code.clear()
                    code_start = end
                pre_depth += 1
            elif pre_depth:
                pre_depth -= 1
                if pre_depth == 0:
                    out.code.append(("".join(code), code_start, i))
        tag_at, i = i, end
        if not closing and name in _RAW_TEXT and not s[i - 2:i] == "/>":
            close = re.compile(rf"</{re.escape(name)}[\s/>]", re.IGNORECASE).search(s, i)
            stop = close.start() if close else n
            if name in ACTIVE_ELEMENTS and out.active and out.active[-1][2] == tag_at:
                # a style sheet or script is compared whole (CSS "content:" shows text)
                out.active[-1] = (name, out.active[-1][1] + "\n" + s[i:stop], tag_at)
            if name not in HIDDEN_ELEMENTS:
                emit_raw = s[i:stop]
                if pre_depth:
                    code.append(emit_raw)
                else:
                    chars.extend(emit_raw)
                    offs.extend(range(i, stop))
            i = stop
            if not close:  # raw text to the end: the browser reads on past the fragment
                out.open_comment = tag_at
                break
            continue
        if name in HIDDEN_ELEMENTS:
            hidden, hidden_at = (None, -1) if closing else (name, tag_at)
    if hidden and out.open_comment is None:
        out.open_comment = hidden_at
    if pre_depth:
        out.code.append(("".join(code), code_start, n))
    flush()
    return out
