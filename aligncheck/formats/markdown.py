"""Markdown documents: the translatable blocks of a page, with their place in the file.

Blocks (hard boundaries, each its own paragraph for the alignment) are headings, paragraphs,
list items, table cells and the paragraphs of block quotes, as `markdown-it-py
<https://github.com/executablebooks/markdown-it-py>`_ (MIT, CommonMark + tables) finds them.
Left out of the translatable text: fenced and indented code blocks, HTML blocks, YAML/TOML front
matter (``---``/``+++`` at the top), inline code, HTML tags, emphasis markers, link targets and
image paths (link texts and image alt texts are kept). Link targets and image paths are kept
aside per segment (:attr:`aligncheck.types.Segment.links`) for the ``tokens`` check.
"""

from __future__ import annotations

import html
import re

from ..types import Document
from .blocks import Block, blocks_to_document, line_table
from .registry import Reader, register_reader

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>")
_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}


def _front_matter_lines(lines: list[str]) -> int:
    """Number of lines of front matter at the top (0 when there is none)."""
    if not lines or lines[0].strip() not in _FRONT_MATTER:
        return 0
    closers = _FRONT_MATTER[lines[0].strip()]
    for k in range(1, len(lines)):
        if lines[k].strip() in closers:
            return k + 1
    return 0


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

    def __init__(self, content: str, cmap: list[int], refs: dict):
        self.c = content
        self.cmap = cmap
        self.refs = refs
        self.chars: list[str] = []
        self.raw: list[int] = []
        self.links: list[tuple[str, int]] = []
        self._memo: dict[tuple[int, str], dict[int, int]] = {}
        self._depth = 0

    def emit(self, s: str, at: int) -> None:
        for ch in s:
            self.chars.append(ch)
            self.raw.append(self.cmap[at])

    def ref(self, label: str) -> str | None:
        from markdown_it.common.utils import normalizeReference

        entry = self.refs.get(normalizeReference(label))
        return entry.get("href") if entry else None

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
                m = _AUTOLINK.match(c, i, end)
                if m:
                    self.links.append((m.group(1), self.cmap[i]))
                    i = m.end()
                    continue
                m = _HTML_TAG.match(c, i, end)
                if m:
                    i = m.end()
                    continue
                self.emit(ch, i)
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
    skip = _front_matter_lines(line_texts)
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


def markdown_blocks(text: str, *, path: str = "") -> list[Block]:
    """The translatable blocks of a Markdown text, in document order.

    Args:
        text: the decoded Markdown text (any line endings).
        path: the file, for messages.

    Raises:
        InputError: lists or block quotes nested deeper than markdown-it parses (their text
            would be dropped without a word).

    Returns:
        One :class:`~aligncheck.formats.blocks.Block` per heading, paragraph (also inside list
        items and block quotes) and table cell; code blocks, HTML blocks and front matter give
        none.
    """
    lines, tokens, env = _parse(text, path)
    refs = env.get("references", {})
    out: list[Block] = []
    row_cursor: dict[int, int] = {}
    in_cell = False
    for tok in tokens:
        if tok.type in ("th_open", "td_open"):
            in_cell = True
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
        if tok.type != "inline" or tok.map is None or not tok.content.strip():
            continue
        first = tok.map[0]
        cursor = None
        if in_cell:
            cursor = row_cursor.get(first, lines[min(first, len(lines) - 1)][0])
        cmap = _content_map(text, lines, first, tok.content, cursor)
        if in_cell and cmap:
            row_cursor[first] = cmap[-1] + 1
        parser = _Inline(tok.content, cmap, refs)
        parser.run(0, len(tok.content))
        kept = [k for k, ch in enumerate(tok.content) if not ch.isspace()]
        if not kept:
            continue
        plain = "".join(parser.chars)
        out.append(Block(plain, tuple(parser.raw), cmap[kept[0]], cmap[kept[-1]] + 1, links=tuple(parser.links)))
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
