"""Java ``.properties`` resource bundles: a source and a target file paired by key
(``messages_ar.properties`` / ``messages_en.properties``), read as ``java.util.Properties.load``
reads them.

Syntax (the ``Properties.load(Reader)`` rules, JDK 8-21 documentation):

* a *natural* line ends at ``\\n``, ``\\r`` or ``\\r\\n``; a line ending in an odd number of
  backslashes continues on the next one, whose leading white space (space, TAB, form feed) is
  dropped; a continued line is one *logical* line, the entry;
* a line whose first non-blank character is ``#`` or ``!`` is a comment (never continued);
  blank lines are skipped;
* the key runs to the first unescaped ``=``, ``:`` or white space; then white space, at most one
  ``=`` or ``:``, white space; the rest of the logical line is the value (trailing white space
  kept), possibly empty;
* escapes in keys and values: ``\\t`` ``\\n`` ``\\r`` ``\\f``, ``\\uXXXX`` (a surrogate pair of
  two escapes is one character, as Java's UTF-16 strings hold it); a backslash before any
  other character stands for that character.

Unit id = the key; lines = the 1-based line where the entry starts in each file. A key defined
twice keeps its last value, as Java does, and the file's notes say which line was overridden. CLDR
plural forms one language lacks (``files.few``) are compared with the other's ``other`` form
(:func:`aligncheck.formats.catalog.pair_by_key`), as for JSON/YAML catalogs. ``MessageFormat``
quoting (``''``) and placeholders (``{0}``) are left as written: the ``tokens`` check compares them.

Decoding is the one of every reader (:func:`aligncheck.documents.read_text`): UTF-8 (Java 9+
resource bundles) or a byte-order mark, else a one-line error naming the likely codec and
``--encoding`` (an ISO-8859-1 bundle whose non-ASCII text is all ``\\uXXXX`` escapes is ASCII,
hence UTF-8). Malformed ``\\u`` escapes, lone surrogates and escaped NUL characters are input
errors naming the file and line.
"""

from __future__ import annotations

import re

from ..documents import read_text
from ..errors import InputError
from .catalog import pair_by_key
from .registry import Reader, register_reader
from .units import UnitFile

_WS = " \t\f"
_LINE_END = re.compile(r"\r\n|\r|\n")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_HEX = frozenset("0123456789abcdefABCDEF")


def _logical_lines(text: str):
    """``(first line, logical line)`` for every entry of ``text``: comment and blank lines left
    out, continuations joined (the backslash and the next line's leading white space removed).
    Lines are 1-based."""
    natural = _LINE_END.split(text)
    k = 0
    while k < len(natural):
        first = k + 1
        line = natural[k].lstrip(_WS)
        k += 1
        if not line or line[0] in "#!":
            continue
        parts = []
        while True:
            trailing = len(line) - len(line.rstrip("\\"))
            if trailing % 2 == 0 or k >= len(natural):
                parts.append(line[:-1] if trailing % 2 else line)  # a final lone backslash is dropped, as Java does
                break
            parts.append(line[:-1])
            line = natural[k].lstrip(_WS)
            k += 1
        yield first, "".join(parts)


def _unescape(raw: str, *, path: str, line: int) -> str:
    """``raw`` (a key or a value as written) with its escapes resolved (module docstring).

    Raises:
        InputError: a ``\\u`` not followed by four hex digits, a lone surrogate, or ``\\u0000``.
    """
    if "\\" not in raw:
        return raw
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch != "\\" or i + 1 >= len(raw):
            out.append(ch)
            i += 1
            continue
        nxt = raw[i + 1]
        if nxt == "u":
            digits = raw[i + 2:i + 6]
            if len(digits) != 4 or not set(digits) <= _HEX:
                raise InputError(f"{path} line {line}: malformed \\uXXXX escape {raw[i:i + 6]!r} "
                                 "(four hex digits expected); fix the escape")
            out.append(chr(int(digits, 16)))
            i += 6
        else:
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
    text = "".join(out)
    if "\x00" in text:
        raise InputError(f"{path} line {line}: a \\u0000 (NUL) escape in a key or value; remove it")
    try:  # two escapes of a surrogate pair are one character
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise InputError(f"{path} line {line}: a \\uD800-\\uDFFF escape that is not half of a surrogate pair; "
                         "fix the escape") from None


def _split_entry(entry: str) -> tuple[str, str]:
    """The key and the value of a logical line, both as written (escapes unresolved)."""
    i = 0
    while i < len(entry):
        ch = entry[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "=:" or ch in _WS:
            break
        i += 1
    key = entry[:i]
    j = i
    while j < len(entry) and entry[j] in _WS:
        j += 1
    if j < len(entry) and entry[j] in "=:":
        j += 1
        while j < len(entry) and entry[j] in _WS:
            j += 1
    return key, entry[j:]


def parse_properties(text: str, path: str) -> tuple[dict[str, tuple[str, int]], list[str]]:
    """The entries of a decoded ``.properties`` file.

    Returns:
        ``({key: (value, line)}, notes)``: keys in file order (a key defined again keeps its
        first position and its last value and line, as ``Properties.load`` keeps the last);
        ``notes`` says for each redefined key which line was overridden. Lines are 1-based.

    Raises:
        InputError: a malformed escape (see :func:`_unescape`), naming ``path`` and the line.
    """
    out: dict[str, tuple[str, int]] = {}
    notes: list[str] = []
    for line, entry in _logical_lines(text):
        raw_key, raw_value = _split_entry(entry)
        key = _unescape(raw_key, path=path, line=line)
        value = _unescape(raw_value, path=path, line=line)
        if key in out:
            notes.append(f"{path}: key {key!r} is defined at line {out[key][1]} and again at line {line}; "
                         f"the value of line {line} is checked, as Java keeps the last")
        out[key] = (value, line)
    return out, notes


def read_properties(
    source_path: str,
    target_path: str,
    *,
    source_lang: str,
    target_lang: str,
    source_encoding: str | None = None,
    target_encoding: str | None = None,
) -> UnitFile:
    """Pair the values of a source and a target ``.properties`` file by key, in the source
    file's key order (target-only keys after them).

    Returns:
        A :class:`UnitFile` (format ``"properties"``) whose unit ids are the keys and lines the
        1-based lines where each entry starts; a key absent from one file has ``None`` on that
        side (a ``missing_key`` or ``extra_key`` finding).

    Raises:
        InputError: missing, unreadable, undecodable or oversized file, a malformed escape (with
            its line), or a source file without any entry.
    """
    sides = []
    notes: list[str] = []
    used = "utf-8"
    for path, enc, role in ((source_path, source_encoding, "source"), (target_path, target_encoding, "target")):
        text, used_here = read_text(path, encoding=enc, role=role)
        if role == "source":
            used = used_here
        entries, side_notes = parse_properties(text, path)
        sides.append(entries)
        notes += side_notes
    src, tgt = sides
    if not src:
        raise InputError(f"source file {source_path} has no key = value entries to check")
    return pair_by_key(src, tgt, fmt="properties", source_path=source_path, target_path=target_path,
                       source_lang=source_lang, target_lang=target_lang, encoding=used, notes=tuple(notes))


register_reader(Reader("properties", "catalog", (".properties",), read_properties))
