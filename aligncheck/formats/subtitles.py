"""Subtitle files: SubRip (``.srt``) and WebVTT (``.vtt``).

Each cue is a block whose id is its number (SRT) or its identifier (VTT; the cue's 1-based
position when it has none). Cues that end a sentence end a paragraph (a boundary that guides the
alignment); a cue that stops mid-sentence (no final punctuation) shares its paragraph with the
next cue, as subtitlers cut sentences across cues differently in each language. The cue's text lines are joined
by spaces; formatting tags (``<i>``, ``<b>``, ``<v Speaker>``, ``<c.class>``, VTT timestamps,
SRT ``{\\an8}``) and entities (``&amp;``) are removed from the embedded text, not from the text
shown in reports. ``NOTE``, ``STYLE`` and ``REGION`` blocks of a VTT file are skipped.
"""

from __future__ import annotations

import html
import re

from ..errors import InputError
from ..types import Document
from .blocks import Block, blocks_to_document, line_table
from .registry import Reader, register_reader

_TIMING = re.compile(
    r"^\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}(?:\s.*)?$"
)
_TAG = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")
#: a cue ending like this ends its sentence; a cue that does not is continued by the next cue
_SENTENCE_END = re.compile(r"[.!?؟…۔:;؛\"'»”’)\]♪-]\s*$")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _cue_text(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The plain text of a cue's lines (joined by spaces, tags removed) and the offset in
    ``text`` of each of its characters."""
    chars: list[str] = []
    raw: list[int] = []
    for k, (a, b) in enumerate(spans):
        if k:
            chars.append(" ")
            raw.append(a - 1 if a > 0 else a)
        i = a
        while i < b:
            m = _TAG.match(text, i, b)
            if m:
                i = m.end()
                continue
            m = _ENTITY.match(text, i, b)
            if m:
                for ch in html.unescape(m.group(0)):
                    chars.append(ch)
                    raw.append(i)
                i = m.end()
                continue
            chars.append(text[i])
            raw.append(i)
            i += 1
    return "".join(chars), raw


def subtitle_blocks(text: str, *, path: str, vtt: bool, role: str = "source") -> list[Block]:
    """The cues of an SRT (``vtt=False``) or WebVTT (``vtt=True``) text, one block each.

    Returns:
        Blocks in file order, ``unit`` = the cue number / identifier (or its 1-based position).

    Raises:
        InputError: a VTT file not starting with ``WEBVTT``, or a cue without a timing line
            (``"source file a.srt line 7: expected a timing line '00:00:01,000 --> ...'"``).
    """
    lines = line_table(text)
    texts = [text[a:b] for a, b in lines]
    n = len(lines)
    i = 0
    if vtt:
        if not texts or not texts[0].lstrip("\ufeff").startswith("WEBVTT"):
            raise InputError(f"{role} file {path} line 1: a WebVTT file starts with 'WEBVTT'; "
                             "use --input-format srt or text for other files")
        while i < n and texts[i].strip():  # the header block
            i += 1
    out: list[Block] = []
    ordinal = 0
    while i < n:
        if not texts[i].strip():
            i += 1
            continue
        block_start = i
        while i < n and texts[i].strip():
            i += 1
        block = list(range(block_start, i))
        head = texts[block[0]].strip()
        if vtt and (head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head):
            continue
        timing = next((k for k in block[:2] if _TIMING.match(texts[k])), None)
        if timing is None:
            sample = "00:00:01.000 --> 00:00:02.000" if vtt else "00:00:01,000 --> 00:00:02,000"
            raise InputError(
                f"{role} file {path} line {block[0] + 1}: expected a cue timing line like '{sample}' "
                f"(found {head[:40]!r}); is it a {'WebVTT' if vtt else 'SubRip'} file?"
            )
        ordinal += 1
        cue_id = texts[block[0]].strip() if timing > block[0] else str(ordinal)
        body = [k for k in block if k > timing]
        if not body:
            continue
        spans = [lines[k] for k in body]
        plain, raw = _cue_text(text, spans)
        if not plain.strip():
            continue
        a = spans[0][0]
        b = spans[-1][1]
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        continues = bool(out) and not _SENTENCE_END.search(out[-1].plain)
        out.append(Block(plain, tuple(raw), a, b, unit=cue_id, continues=continues))
    return out


def subtitle_document(
    text: str,
    *,
    path: str,
    lang: str,
    vtt: bool,
    mode: str = "sentences",
    encoding: str = "utf-8",
    role: str = "source",
    check: bool = True,
) -> Document:
    """A :class:`~aligncheck.types.Document` of a subtitle file's cue texts (one paragraph per
    cue, split into sentences in ``"sentences"`` mode; ``unit`` is the cue id).

    Raises:
        InputError: malformed file (see :func:`subtitle_blocks`), no cue text, or (``check``)
            letters in the wrong script.
    """
    blocks = subtitle_blocks(text, path=path, vtt=vtt, role=role)
    return blocks_to_document(text, blocks, path=path, lang=lang, mode=mode, encoding=encoding, role=role, check=check)


def srt_document(text: str, **kw) -> Document:
    """:func:`subtitle_document` of a SubRip file."""
    return subtitle_document(text, vtt=False, **kw)


def vtt_document(text: str, **kw) -> Document:
    """:func:`subtitle_document` of a WebVTT file."""
    return subtitle_document(text, vtt=True, **kw)


register_reader(Reader("srt", "document", (".srt",), srt_document))
register_reader(Reader("vtt", "document", (".vtt",), vtt_document))
