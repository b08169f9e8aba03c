"""Markdown documents: the translatable blocks of a page, with their place in the file.

Blocks (hard boundaries, each its own paragraph for the alignment) are headings, paragraphs,
list items, table cells and the paragraphs of block quotes, as `markdown-it-py
<https://github.com/executablebooks/markdown-it-py>`_ (MIT, CommonMark + tables) finds them, the
paragraphs a browser shows of raw HTML (an HTML block's ``<p>``, ``<div>``, ``<td>``,
``<summary>``..., and the text of inline HTML, comments ended where browsers end them:
:mod:`aligncheck.formats.html_text`), and the values of the front matter's text keys (``title``,
``description``...: :mod:`aligncheck.formats.front_matter`). Everything a reader sees as prose is
text; nothing shown is dropped. Left out of the translatable text: fenced and indented code
blocks and ``<pre>`` (compared as code by the ``code_blocks`` check: :func:`markdown_code`), the
other front-matter keys, inline code, HTML tags and attributes, emphasis markers, link targets and
image paths (link texts and image alt texts are kept). Link targets and image paths (and HTML
``href``/``src``) are kept aside per segment (:attr:`aligncheck.types.Segment.links`) for the
``tokens`` check.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from ..types import Document
from .blocks import Block, blocks_to_document, line_table
from .front_matter import front_matter_lines, read_front_matter
from .html_text import visible_text
from .registry import Reader, register_reader

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>")


_HIDDEN_TAG = re.compile(r"<(/?)(script|style|template)(?=[\s/>])(?![^>]*/>)", re.IGNORECASE)
_BACKTICKS = re.compile("`+")
#: deepest nesting of links inside link text that is parsed (deeper brackets stay text)
MAX_LINK_NESTING = 16


def _closing(c: str, i: int, end: int, open_ch: str, close_ch: str, memo: dict[int, int] | None = None) -> int:
    """Index of the bracket closing the one at ``c[i]`` (nesting and ``\\`` escapes respected,
    brackets inside code spans not counted), or -1 when it is not closed before ``end``.

    ``memo`` (one dict per ``(end, open_ch)``) keeps the result of every opener the scan passes,
    so that scanning every bracket of a line is linear, not quadratic, in its length (a line of
    50,000 ``[`` took minutes)."""
    memo = {} if memo is None else memo
    if i in memo:
        return memo[i]
    stack: list[int] = []
    k = i
    while k < end:
        ch = c[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "`":  # brackets inside code spans do not count
            n = _BACKTICKS.match(c, k, end).end() - k
            close = c.find("`" * n, k + n, end)
            k = close + n if close >= 0 else k + n
            continue
        if ch == open_ch:
            if k != i and k in memo:  # scanned before: jump over it, or fail with it
                if memo[k] < 0:
                    for p in stack:
                        memo[p] = -1
                    return -1
                k = memo[k] + 1
                continue
            stack.append(k)
        elif ch == close_ch:
            p = stack.pop()
            memo[p] = k
            if not stack:
                return k
        k += 1
    for p in stack:
        memo[p] = -1
    return -1


class _Inline:
    """Strip inline Markdown from one block's content, keeping the offset of each kept character."""

    def __init__(self, content: str, cmap: list[int], refs: dict, html_inline: list[str] | None = None):
        self.c = content
        self.cmap = cmap
        self.refs = refs
        #: the contents of markdown-it's ``html_inline`` tokens of the block, in order: raw HTML
        #: the page passes to the browser (any other ``<`` is text the reader sees)
        self.html = list(html_inline or ())
        self._html_at = 0
        #: the element (``script``, ``style``, ``template``) whose content is not shown, opened
        #: by an ``html_inline`` tag and not yet closed: nothing is emitted until it is
        self._hidden: str | None = None
        self.chars: list[str] = []
        self.raw: list[int] = []
        self.links: list[tuple[str, int]] = []
        self._memo: dict[tuple[int, str], dict[int, int]] = {}
        self._depth = 0

    def emit(self, s: str, at: int) -> None:
        if self._hidden:
            return
        for ch in s:
            self.chars.append(ch)
            self.raw.append(self.cmap[at])

    def ref(self, label: str) -> str | None:
        from markdown_it.common.utils import normalizeReference

        entry = self.refs.get(normalizeReference(label))
        return entry.get("href") if entry else None

    def raw_html(self, i: int, end: int) -> int | None:
        """When one of the block's next ``html_inline`` tokens starts at ``c[i]``, emit the text
        a browser shows of it (:func:`~aligncheck.formats.html_text.visible_text`: ``<!-- a
        --!> b -->`` shows `` b -->``) and return the index after it; else ``None``."""
        for k in range(self._html_at, min(self._html_at + 8, len(self.html))):
            raw = self.html[k]
            if raw and i + len(raw) <= end and self.c.startswith(raw, i):
                self._html_at = k + 1
                tag = _HIDDEN_TAG.match(raw)
                if tag and (tag.group(1) == "/") == bool(self._hidden) and (
                        self._hidden is None or tag.group(2).lower() == self._hidden):
                    self._hidden = None if tag.group(1) else tag.group(2).lower()
                    return i + len(raw)
                shown = visible_text(raw)
                for n, (plain, offs) in enumerate(shown.paragraphs):
                    if n:
                        self.emit(" ", i + offs[0])
                    for ch, at in zip(plain, offs):
                        self.emit(ch, i + at)
                self.links.extend((target, self.cmap[i + at]) for target, at in shown.links)
                return i + len(raw)
        return None

    def link(self, i: int, end: int) -> int | None:
        """Parse a link or image whose ``[`` is at ``i``; emit its text, record its target and
        return the index after it (``None`` when it is not a link)."""
        c = self.c
        if self._depth >= MAX_LINK_NESTING:
            return None
        close = _closing(c, i, end, "[", "]", self._memo.setdefault((end, "["), {}))
        if close < 0:
            return None
        at = i - 1 if i > 0 and c[i - 1] == "!" else i
        if close + 1 < end and c[close + 1] == "(":
            stop = _closing(c, close + 1, end, "(", ")", self._memo.setdefault((end, "("), {}))
            if stop < 0:
                return None
            inner = c[close + 2 : stop].strip()
            if inner.startswith("<") and ">" in inner:
                target = inner[1 : inner.index(">")]
            else:
                target = inner.split()[0] if inner.split() else ""
            after = stop + 1
        elif close + 1 < end and c[close + 1] == "[":
            stop = c.find("]", close + 2, end)
            if stop < 0:
                return None
            label = c[close + 2 : stop] or c[i + 1 : close]
            target = self.ref(label)
            if target is None:
                return None
            after = stop + 1
        else:
            target = self.ref(c[i + 1 : close])
            if target is None:
                return None
            after = close + 1
        if target:
            self.links.append((target, self.cmap[at]))
        self._depth += 1
        try:
            self.run(i + 1, close)
        finally:
            self._depth -= 1
        return after

    def run(self, i: int, end: int) -> None:
        c = self.c
        while i < end:
            ch = c[i]
            if ch == "\\" and i + 1 < end and (c[i + 1] in _PUNCT or c[i + 1] == "\n"):
                self.emit(" " if c[i + 1] == "\n" else c[i + 1], i + 1)
                i += 2
            elif ch == "`":
                n = _BACKTICKS.match(c, i, end).end() - i
                close = c.find("`" * n, i + n, end)
                while close >= 0 and close + n < end and c[close + n] == "`":
                    close = c.find("`" * n, close + n + 1, end)
                i = close + n if close >= 0 else i + n  # inline code is not translated text
            elif ch == "!" and i + 1 < end and c[i + 1] == "[":
                after = self.link(i + 1, end)
                if after is None:
                    self.emit(ch, i)
                    i += 1
                else:
                    i = after
            elif ch == "[":
                after = self.link(i, end)
                if after is None:
                    self.emit(ch, i)
                    i += 1
                else:
                    i = after
            elif ch == "<":
                raw = self.raw_html(i, end)
                if raw is not None:
                    i = raw
                    continue
                m = _AUTOLINK.match(c, i, end)
                if m:
                    self.links.append((m.group(1), self.cmap[i]))
                    i = m.end()
                    continue
                self.emit(ch, i)  # not HTML for markdown-it: the page shows it as text
                i += 1
            elif ch == "*" or (ch == "~" and i + 1 < end and c[i + 1] == "~"):
                i += 1
                while i < end and c[i] == ch:
                    i += 1
            elif ch == "_":
                j = i
                while j < end and c[j] == "_":
                    j += 1
                before = c[i - 1] if i > 0 else " "
                after = c[j] if j < end else " "
                if before.isalnum() and after.isalnum():
                    self.emit(c[i:j], i)  # snake_case: a word, not emphasis
                i = j
            elif ch == "&":
                m = _ENTITY.match(c, i, end)
                if m:
                    self.emit(html.unescape(m.group(0)), i)
                    i = m.end()
                else:
                    self.emit(ch, i)
                    i += 1
            elif ch in "\r\n":
                self.emit(" ", i)
                i += 1
            else:
                self.emit(ch, i)
                i += 1


def _content_map(text: str, lines: list[tuple[int, int]], first: int, content: str, cursor: int | None) -> list[int]:
    """Offset in ``text`` of each character of a block's inline ``content``, whose lines are the
    ends of the file's lines ``first``, ``first + 1``, ... (0-based); container markers and
    indentation precede them. ``cursor``: offset to search from (table cells of one row)."""
    out: list[int] = []
    parts = content.split("\n")
    for k, part in enumerate(parts):
        idx = min(first + k, len(lines) - 1)
        a, b = lines[idx]
        raw_line = text[a:b]
        if cursor is not None and k == 0:
            pos = raw_line.find(part, max(0, cursor - a)) if part else -1
        else:
            pos = raw_line.rfind(part) if part else -1
        if pos < 0:
            stripped = part.strip()
            pos = raw_line.rfind(stripped) - (len(part) - len(part.lstrip())) if stripped else -1
        if pos < 0:
            pos = max(0, len(raw_line) - len(part))
        out.extend(min(a + pos + col, max(b - 1, a)) for col in range(len(part)))
        if k < len(parts) - 1:
            out.append(b)  # the line ending
    return out


_LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _depth_guard(where: str):
    """A markdown-it block rule, run first at every line, that refuses a list or block quote
    opening where markdown-it would drop its content: the parser stops at ``maxNesting`` levels
    (a quote adds one, a list two) and silently skips everything deeper."""
    from ..errors import InputError

    def guard(state, start: int, end: int, silent: bool) -> bool:
        limit = state.md.options["maxNesting"]
        if state.level < limit - 2:
            return False
        line = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
        is_list = state.level >= limit - 2 and _LIST_MARKER_RE.match(line)
        if is_list or (state.level >= limit - 1 and line.startswith(">")):
            raise InputError(
                f"{where}line {start + 1}: Markdown lists and block quotes nested this deep are beyond what the "
                f"parser reads (at most {(limit - 2) // 2} list or {limit - 1} quote levels); their text would go "
                "unchecked: flatten the nesting")
        return False

    return guard


def _parse(text: str, path: str) -> tuple[list[tuple[int, int]], list, dict]:
    """The line table of ``text``, markdown-it's tokens of it (front matter blanked, the depth
    guard on) and the parser's env.

    Raises:
        InputError: nesting deeper than the parser reads (:func:`_depth_guard`).
    """
    from markdown_it import MarkdownIt

    lines = line_table(text)
    line_texts = [text[a:b] for a, b in lines]
    skip = front_matter_lines(line_texts)
    parse_src = "\n".join([""] * skip + line_texts[skip:])
    md = MarkdownIt("commonmark").enable("table")
    md.block.ruler.before("table", "aligncheck_depth", _depth_guard(f"{path} " if path else ""))
    env: dict = {}
    return lines, md.parse(parse_src, env), env


def html_spans(text: str, *, path: str = "") -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """Where markdown-it reads raw HTML in a Markdown text (what readers of the rendered page
    do not see as text): ``(blocks, inlines)``, the ``[start, end)`` code-point spans of the
    lines of each ``html_block`` token, and the exact spans of each ``html_inline`` token (found
    in its paragraph's content in order). Text in a code span, a fence, an indented code block
    or after a backslash escape is in neither.

    Raises:
        InputError: as :func:`markdown_blocks`.
    """
    lines, tokens, _ = _parse(text, path)
    blocks: list[tuple[int, int]] = []
    inlines: set[tuple[int, int]] = set()
    last = len(lines) - 1
    for tok in tokens:
        if tok.map is None:
            continue
        if tok.type == "html_block":
            blocks.append((lines[min(tok.map[0], last)][0], lines[min(tok.map[1] - 1, last)][1]))
        elif tok.type == "inline" and any(c.type == "html_inline" for c in tok.children or ()):
            cmap = _content_map(text, lines, tok.map[0], tok.content, None)
            at = 0
            for child in tok.children:
                if child.type != "html_inline" or not child.content:
                    continue
                k = tok.content.find(child.content, at)
                if k < 0:
                    continue
                at = k + len(child.content)
                inlines.add((cmap[k], cmap[at - 1] + 1))
    return blocks, inlines


def _html_inline(tokens) -> list[str]:
    """The contents of the ``html_inline`` tokens among ``tokens`` (an inline token's children,
    an image's alt-text children included), in order."""
    out: list[str] = []
    for t in tokens or ():
        if t.type == "html_inline":
            out.append(t.content)
        elif t.children:
            out.extend(_html_inline(t.children))
    return out


def _html_blocks(text: str, lines: list[tuple[int, int]], tok, path: str) -> list[Block]:
    """The paragraphs a browser shows of one ``html_block`` token
    (:func:`~aligncheck.formats.html_text.visible_text`), as blocks with their offsets.

    Raises:
        InputError: the block leaves a comment (or a tag) open that a browser closes only past
            the block: the Markdown after it would be checked but not shown.
    """
    from ..errors import InputError

    cmap = _content_map(text, lines, tok.map[0], tok.content, None)
    shown = visible_text(tok.content)
    if shown.open_comment is not None and tok.map[1] < len(lines) and any(
            text[a:b].strip() for a, b in lines[tok.map[1]:]):
        line = tok.map[0] + 1 + tok.content.count("\n", 0, shown.open_comment)
        raise InputError(f"{path + ' ' if path else ''}line {line}: an HTML comment or tag opened here is not closed "
                         "before its HTML block ends (a blank line): browsers hide the Markdown after it, which would "
                         "be checked though readers do not see it; close it in the same block")
    out: list[Block] = []
    links = sorted((cmap[at], target) for target, at in shown.links if at < len(cmap))
    k = 0
    for n, (plain, offs) in enumerate(shown.paragraphs):
        raw = tuple(cmap[o] for o in offs)
        stop = len(links) if n == len(shown.paragraphs) - 1 else bisect.bisect_right(links, (raw[-1], "\U0010ffff"))
        mine = tuple((target, at) for at, target in links[k:stop])  # a link belongs to the paragraph it precedes or is in
        k = max(k, stop)
        out.append(Block(plain, raw, raw[0], raw[-1] + 1, links=mine))
    return out


def markdown_blocks(text: str, *, path: str = "") -> list[Block]:
    """The translatable blocks of a Markdown text, in document order.

    Args:
        text: the decoded Markdown text (any line endings).
        path: the file, for messages.

    Raises:
        InputError: lists or block quotes nested deeper than markdown-it parses (their text
            would be dropped without a word); an HTML block leaving a comment open, or a
            paragraph a ``<script>``, ``<style>`` or ``<template>`` (all hidden), over the
            Markdown after it.

    Returns:
        One :class:`~aligncheck.formats.blocks.Block` per value of a text key of the front
        matter (:mod:`~aligncheck.formats.front_matter`), heading, paragraph (also inside list
        items and block quotes), table cell and paragraph a browser shows of an HTML block
        (:mod:`~aligncheck.formats.html_text`: ``<p>``, ``<div>``, ``<td>``, ``<summary>``...;
        comments ended where browsers end them); code blocks and ``<pre>`` give none (the
        ``code_blocks`` check compares them, see :func:`markdown_code`).
    """
    from ..errors import InputError

    lines, tokens, env = _parse(text, path)
    refs = env.get("references", {})
    out: list[Block] = []
    front = read_front_matter(text, lines)
    if front is not None:
        out.extend(Block(plain, offs, offs[0], offs[-1] + 1) for _, plain, offs in front.texts)
    row_cursor: dict[int, int] = {}
    in_cell = False
    for tok in tokens:
        if tok.type in ("th_open", "td_open"):
            in_cell = True
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
        if tok.type == "html_block" and tok.map is not None:
            out.extend(_html_blocks(text, lines, tok, path))
            continue
        if tok.type != "inline" or tok.map is None or not tok.content.strip():
            continue
        first = tok.map[0]
        cursor = None
        if in_cell:
            cursor = row_cursor.get(first, lines[min(first, len(lines) - 1)][0])
        cmap = _content_map(text, lines, first, tok.content, cursor)
        if in_cell and cmap:
            row_cursor[first] = cmap[-1] + 1
        parser = _Inline(tok.content, cmap, refs, _html_inline(tok.children))
        parser.run(0, len(tok.content))
        if parser._hidden and any(text[a:b].strip() for a, b in lines[tok.map[1]:]):
            raise InputError(f"{path + ' ' if path else ''}line {first + 1}: a <{parser._hidden}> element opened in this "
                             "paragraph is not closed in it: browsers hide the Markdown after it, which would be checked "
                             "though readers do not see it; close it in the same paragraph")
        kept = [k for k, ch in enumerate(tok.content) if not ch.isspace()]
        if not kept or not "".join(parser.chars).strip():
            continue
        plain = "".join(parser.chars)
        out.append(Block(plain, tuple(parser.raw), cmap[kept[0]], cmap[kept[-1]] + 1, links=tuple(parser.links)))
    return out


@dataclass(frozen=True)
class CodeBlock:
    """One block of code in a Markdown page.

    Attributes:
        info: the fence's language, lower-cased (```` ```sh ```` gives ``"sh"``); ``""`` for an
            indented block, a fence without one, or ``<pre>``.
        code: the code as the page shows it (the fence's content; ``<pre>`` with its tags
            removed and character references decoded).
        line, end_line: 1-based lines of the block in the file (fences included).
        kind: ``"fence"``, ``"indented"``, ``"pre"``, or ``"html"`` for an element that shows or
            runs what is not element text (``<style>``, ``<iframe>``, ``<input>``...: its
            canonical form, :attr:`~aligncheck.formats.html_text.HtmlText.active`; ``info`` is
            ``"<name>"``).
    """

    info: str
    code: str
    line: int
    end_line: int
    kind: str


def markdown_code(text: str, *, path: str = "") -> list[CodeBlock]:
    """The code blocks of a Markdown text in document order: fenced and indented code blocks as
    markdown-it finds them, the ``<pre>`` elements of HTML blocks, and the active HTML elements
    (``<style>``, ``<iframe>``, ``<object>``, ``<input>``...) of HTML blocks and inline HTML.

    Raises:
        InputError: as :func:`markdown_blocks`.
    """
    lines, tokens, _ = _parse(text, path)
    out: list[CodeBlock] = []
    for tok in tokens:
        if tok.map is None:
            continue
        first, last = tok.map[0] + 1, max(tok.map[0] + 1, tok.map[1])
        if tok.type == "fence":
            info = tok.info.strip().split()[0].lower() if tok.info.strip() else ""
            out.append(CodeBlock(info.strip("{}."), tok.content, first, last, "fence"))
        elif tok.type == "code_block":
            out.append(CodeBlock("", tok.content, first, last, "indented"))
        elif tok.type == "html_block":
            shown = visible_text(tok.content)
            for code, a, b in shown.code:
                out.append(CodeBlock("", code, first + tok.content.count("\n", 0, a),
                                     first + tok.content.count("\n", 0, max(a, b)), "pre"))
            for name, canonical, at in shown.active:
                line = first + tok.content.count("\n", 0, at)
                out.append(CodeBlock(f"<{name}>", canonical, line, line, "html"))
        elif tok.type == "inline":
            for raw in _html_inline(tok.children):
                for name, canonical, _ in visible_text(raw).active:
                    out.append(CodeBlock(f"<{name}>", canonical, first, last, "html"))
    return out


def check_line_bound(text: str, *, path: str, role: str = "source") -> None:
    """Refuse a Markdown text that may hold more segments than a document may have
    (:data:`aligncheck.documents.MAX_SEGMENTS`), before the slow parse, by an upper bound no
    syntax can dodge: its non-blank lines (every heading, list item, row or paragraph takes one),
    plus its ``|`` (table cells) and its sentence ends (``. ! ? ؟ …``, where the segmenter may
    split) together.

    Raises:
        InputError: naming the file and the bound's parts.
    """
    from ..documents import MAX_SEGMENTS
    from ..errors import InputError

    lines = len(re.findall(r"[^\r\n]*\S[^\r\n]*", text))
    cells = text.count("|")
    ends = len(re.findall(r"[.!?\u061f\u2026]", text))
    if lines + cells + ends > MAX_SEGMENTS:
        raise InputError(f"{role} file {path} may hold up to {lines + cells + ends:,} segments ({lines:,} non-blank "
                         f"lines, {cells:,} table bars, {ends:,} sentence ends), more than the {MAX_SEGMENTS:,} one "
                         "check handles (time, memory and report size grow with them); split it into smaller documents")


def markdown_document(
    text: str,
    *,
    path: str,
    lang: str,
    mode: str = "sentences",
    encoding: str = "utf-8",
    role: str = "source",
    check: bool = True,
) -> Document:
    """A :class:`~aligncheck.types.Document` of the translatable text of a Markdown ``text``:
    one paragraph per block (:func:`markdown_blocks`), split into sentences in ``"sentences"``
    mode. ``Document.text`` is ``text`` itself; each segment's ``text`` is its span of the file
    (markup included), ``plain`` its text without markup, ``line`` its 1-based file line.

    Raises:
        InputError: no translatable text, possibly more segments than
            :data:`aligncheck.documents.MAX_SEGMENTS` (:func:`check_line_bound`, before the slow
            parse: a megabyte of one-word list items took two minutes), or (``check``) letters in
            the wrong script.
    """
    check_line_bound(text, path=path, role=role)
    return blocks_to_document(text, markdown_blocks(text, path=path), path=path, lang=lang, mode=mode,
                              encoding=encoding, role=role, check=check)


register_reader(Reader("markdown", "document", (".md", ".markdown", ".mdown", ".mkd"), markdown_document))
