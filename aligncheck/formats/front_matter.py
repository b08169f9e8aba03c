"""The front matter at the top of a Markdown page (YAML between ``---`` lines, TOML between
``+++`` lines): its top-level keys, and the values of the keys a site shows as text.

Static-site generators (Jekyll, Hugo, Docusaurus, MkDocs...) render some front matter values on
the page or in its metadata: ``title``, ``description``, ``summary``... (:data:`TEXT_KEYS`, keys
compared without case). Those values, and a value of any other key that reads as prose (at least
:data:`PROSE_WORDS` words), are translatable text, checked like paragraphs; the other values
(``layout: post``, dates, ``tags``, paths...) are not text, and the ``code_blocks`` check compares
which keys each side has (:mod:`aligncheck.checks.code_blocks`).

The values are read line by line, not with a YAML or TOML library: a plain, single-quoted or
double-quoted scalar on the key's line (a plain one may continue on more-indented lines), or a
YAML block scalar (``|``, ``>``) on the following indented lines; each character keeps its offset
in the file. Nothing is evaluated, so aliases, tags and anchors cannot expand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .html_text import collapse_spaces

#: front-matter keys whose values are text a site shows (compared without case)
TEXT_KEYS = frozenset({
    "title", "subtitle", "description", "summary", "excerpt", "caption", "abstract", "lead", "tagline",
    "linktitle", "teaser", "intro", "heading", "headline", "alt", "label", "sidebar_label", "sidebar_title",
})
#: a value of any other key with at least this many words (with a letter) is prose, and text too:
#: GitHub shows front matter as a table, and themes show keys this list does not know
PROSE_WORDS = 4
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_YAML_KEY = re.compile(r"""([A-Za-z_][\w.-]*|"[^"\n]+"|'[^'\n]+')[ \t]*:(?=[ \t]|$)""")
_TOML_KEY = re.compile(r"""([A-Za-z_][\w.-]*|"[^"\n]+")[ \t]*=""")
_TOML_TABLE = re.compile(r"\[\[?\s*([^\]\s]+)\s*\]\]?\s*(?:#.*)?$")
_ESCAPES = {"n": " ", "t": " ", "r": " ", '"': '"', "\\": "\\", "/": "/", "0": " "}


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of a page.

    Attributes:
        line, end_line: 1-based lines of its opening and closing fence.
        keys: its top-level keys in order (a TOML table's keys as ``table.key``).
        texts: ``(key, plain, offsets)`` per value of a :data:`TEXT_KEYS` key that has text, or
            of another key whose value is prose (:data:`PROSE_WORDS`):
            ``plain`` on one line, ``offsets[k]`` the 0-based code-point offset in the file of
            ``plain[k]``.
    """

    line: int
    end_line: int
    keys: tuple[str, ...]
    texts: tuple[tuple[str, str, tuple[int, ...]], ...]


def front_matter_lines(lines: list[str]) -> int:
    """Number of lines of front matter at the top of a page given as its ``lines`` (0 when
    there is none: no opening fence on line 1, or no closing one)."""
    if not lines or lines[0].strip() not in _FENCES:
        return 0
    closers = _FENCES[lines[0].strip()]
    for k in range(1, len(lines)):
        if lines[k].strip() in closers:
            return k + 1
    return 0


def _quoted(line: str, k: int, base: int) -> tuple[list[str], list[int]]:
    """The characters of the quoted scalar opening at ``line[k]`` and their offsets (``base``:
    the line's offset); an unclosed quote runs to the end of the line."""
    quote = line[k]
    chars: list[str] = []
    offs: list[int] = []
    i = k + 1
    while i < len(line):
        ch = line[i]
        if quote == "'" and ch == "'":
            if line.startswith("''", i):
                chars.append("'")
                offs.append(base + i)
                i += 2
                continue
            break
        if quote == '"' and ch == "\\" and i + 1 < len(line):
            chars.append(_ESCAPES.get(line[i + 1], line[i + 1]))
            offs.append(base + i)
            i += 2
            continue
        if quote == '"' and ch == '"':
            break
        chars.append(ch)
        offs.append(base + i)
        i += 1
    return chars, offs


def _plain(line: str, k: int, base: int) -> tuple[list[str], list[int]]:
    """A plain scalar from ``line[k]``: up to a `` #`` comment, trailing blanks dropped."""
    stop = len(line)
    m = re.search(r"[ \t]#", line[k:])
    if m:
        stop = k + m.start()
    while stop > k and line[stop - 1].isspace():
        stop -= 1
    return list(line[k:stop]), list(range(base + k, base + stop))


def read_front_matter(text: str, lines: list[tuple[int, int]]) -> FrontMatter | None:
    """The front matter of the Markdown ``text`` (``lines``: its line table, ``(start, end)``
    per line, 0-based code points), or ``None`` when the page has none."""
    line_texts = [text[a:b] for a, b in lines]
    n = front_matter_lines(line_texts)
    if not n:
        return None
    toml = line_texts[0].strip() == "+++"
    keys: list[str] = []
    texts: list[tuple[str, str, tuple[int, ...]]] = []
    table = ""
    k = 1
    while k < n - 1:
        line, base = line_texts[k], lines[k][0]
        k += 1
        if toml:
            t = _TOML_TABLE.match(line.strip())
            if line[:1] == "[" and t:
                table = t.group(1) + "."
                continue
            m = _TOML_KEY.match(line)
        else:
            m = _YAML_KEY.match(line)
        if not m:
            continue
        key = table + m.group(1).strip("\"'")
        keys.append(key)
        rest = m.end()
        while rest < len(line) and line[rest] in " \t":
            rest += 1
        chars: list[str] = []
        offs: list[int] = []
        value = line[rest:]
        if toml and value.startswith(('"""', "'''")):
            delim = value[:3]
            body_start, j = rest + 3, k - 1
            while True:
                seg = line_texts[j]
                close = seg.find(delim, body_start)
                stop = close if close >= 0 else len(seg)
                chars += list(seg[body_start:stop]) + [" "]
                offs += list(range(lines[j][0] + body_start, lines[j][0] + stop)) + [lines[j][0] + stop]
                if close >= 0 or j + 1 >= n - 1:
                    break
                j += 1
                body_start = 0
            k = j + 1
        elif value[:1] in ("'", '"'):
            chars, offs = _quoted(line, rest, base)
        elif not toml and value[:1] in ("|", ">"):
            while k < n - 1 and (not line_texts[k].strip() or line_texts[k][:1] in " \t"):
                seg, b = line_texts[k], lines[k][0]
                lead = len(seg) - len(seg.lstrip())
                if seg.strip():
                    stop = len(seg.rstrip())
                    chars += list(seg[lead:stop]) + [" "]
                    offs += list(range(b + lead, b + stop)) + [b + stop]
                k += 1
        elif value and value[:1] not in "[{&*!":
            chars, offs = _plain(line, rest, base)
            while not toml and k < n - 1 and line_texts[k][:1] in " \t" and line_texts[k].strip() \
                    and not line_texts[k].lstrip().startswith(("- ", "#")) and not _YAML_KEY.match(line_texts[k].lstrip()):
                seg, b = line_texts[k], lines[k][0]
                lead = len(seg) - len(seg.lstrip())
                more = _plain(seg, lead, b)
                chars += [" "] + more[0]
                offs += [b + lead - 1] + more[1]
                k += 1
        plain = "".join(chars).split()
        prose = sum(any(ch.isalpha() for ch in w) for w in plain) >= PROSE_WORDS
        if not plain or not ((key.lower() in TEXT_KEYS and not table) or prose):
            continue
        texts.append((key, *collapse_spaces(chars, offs)))  # one space per whitespace run, offsets kept
    return FrontMatter(1, n, tuple(keys), tuple(texts))
