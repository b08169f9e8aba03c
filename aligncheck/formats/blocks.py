"""Blocks of translatable text inside a structured document, and the :class:`Document` made of them.

A :class:`Block` is one hard unit of a document (a Markdown heading, paragraph, list item, table
cell or quote; a subtitle cue): its translatable text with markup removed (``plain``) and, for
every character of ``plain``, its code-point offset in the original text. :func:`blocks_to_document`
splits each block into sentences with :func:`aligncheck.segment.segment_text` and maps the sentences
back to spans of the original text, so that ``segment.text == document.text[start:end]`` holds and
``segment.line`` is the line in the file, while ``segment.plain`` (what is embedded) has no markup.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..documents import build_document
from ..segment import check_mode, segment_text
from ..types import Document, Segment

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Block:
    """One block of translatable text.

    Attributes:
        plain: the text with markup removed, on one line (line breaks become spaces).
        raw: ``len(plain)`` code-point offsets: ``raw[k]`` is where ``plain[k]`` comes from in the
            document text (0-based).
        start, end: code-point span of the whole block in the document text (``end`` exclusive),
            markup included.
        unit: the block's id where the format has one (a subtitle cue number), else ``None``.
        links: ``(target, offset)`` of each link or image in the block: its URL or path and the
            code-point offset of its markup in the document text.
        continues: the block goes on with the previous block's paragraph (a subtitle cue after a
            cue that ended mid-sentence), instead of starting a new one.
    """

    plain: str
    raw: tuple[int, ...]
    start: int
    end: int
    unit: str | None = None
    links: tuple[tuple[str, int], ...] = ()
    continues: bool = False


def line_table(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` code-point span of every line of ``text`` without its line ending, in
    order (index 0 is line 1). CR, LF and CRLF each end a line; a final line ending gives no
    extra empty line."""
    out = []
    pos = 0
    for m in _LINE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((pos, len(text)))
    return out


class LineIndex:
    """1-based line number of a code-point offset (bisect over line starts)."""

    def __init__(self, text: str):
        self.starts = [a for a, _ in line_table(text)]

    def line(self, offset: int) -> int:
        """1-based line of the 0-based code-point ``offset``."""
        return bisect.bisect_right(self.starts, offset)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def blocks_to_document(
    text: str,
    blocks: list[Block],
    *,
    path: str,
    lang: str,
    mode: str = "sentences",
    encoding: str = "utf-8",
    role: str = "source",
    check: bool = True,
) -> Document:
    """Split each block into sentences (``mode="sentences"``) or keep it whole (``"lines"``)
    and build the :class:`Document`.

    Each segment's ``text`` is the span of ``text`` its sentence covers (markup inside and
    around it included; the first sentence of a block starts at the block, the last ends with
    it; between two sentences, markup before the first space ends the earlier one and markup
    after the last space starts the next), ``plain`` the sentence without markup,
    ``paragraph`` the 0-based number of its block among the blocks that have text (blocks
    marked ``continues`` share the previous one's), ``line`` the 1-based line of its first
    character, ``unit`` the block's id and ``links`` the targets of the links that start
    inside it.

    Raises:
        InputError: no block has any text (``"source file a.md is empty (no sentences)"``), or
            (``check``) the letters are not in the script of ``lang``.
    """
    check_mode(mode)
    lines = LineIndex(text)
    out: list[Segment] = []
    paragraph = -1
    for block in blocks:
        sents = segment_text(block.plain, lang, mode=mode)
        if not sents:
            continue
        if paragraph < 0 or not block.continues:
            paragraph += 1
        # Between two sentences lies whitespace and markup: what precedes the first whitespace
        # (closing markup: "**", ")") ends the earlier sentence, what follows the last
        # whitespace (opening markup: "[", "**") starts the next one.
        cuts = []
        for prev, nxt in zip(sents, sents[1:]):
            gap_a, gap_b = block.raw[prev.end - 1] + 1, block.raw[nxt.start]
            ws = [i for i in range(gap_a, gap_b) if text[i].isspace()]
            cuts.append((ws[0], ws[-1] + 1) if ws else (gap_a, gap_a))
        starts = [block.start] + [b for _, b in cuts]
        ends = [a for a, _ in cuts] + [block.end]
        spans = []
        for s, a, b in zip(sents, starts, ends):
            a, b = _strip(text, a, b)
            spans.append((a, b, s.text))
        links: list[list[str]] = [[] for _ in spans]
        for target, offset in block.links:
            k = max(0, bisect.bisect_right([a for a, _, _ in spans], offset) - 1)
            links[k].append(target)
        for (a, b, plain), ls in zip(spans, links):
            if a >= b:
                continue
            out.append(Segment(len(out), text[a:b], lines.line(a), a, b, paragraph,
                               plain=plain, unit=block.unit, links=tuple(dict.fromkeys(ls))))
    return build_document(text, out, path=path, lang=lang, encoding=encoding, role=role, check=check)
