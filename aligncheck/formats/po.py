"""gettext PO files, parsed with polib (MIT): ``msgid`` is the source, ``msgstr`` the target.

The header entry and obsolete (``#~``) entries are skipped; fuzzy entries are checked like the
others. A plural entry gives one unit per plural form: ``msgstr[0]`` against ``msgid``, every
other form against ``msgid_plural``.
"""

from __future__ import annotations

from ..documents import read_text
from ..errors import InputError
from ..types import Unit
from .units import UnitFile, norm
from .registry import Reader, register_reader

#: longest unit id taken from a msgid, in code points
ID_CHARS = 40


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ID_CHARS else text[: ID_CHARS - 1] + "…"


def _names_a_file(text: str) -> bool:
    """Whether polib would take ``text`` for a path (it opens any string naming an existing file)."""
    import os

    try:
        return os.path.isfile(text)
    except (TypeError, ValueError, UnicodeEncodeError, OSError):
        return False


def read_po(path: str, *, source_lang: str, target_lang: str, encoding: str | None = None) -> UnitFile:
    """The units of a PO file. Unit id: ``msgctxt|msgid`` (``msgid`` alone without a context;
    cut to :data:`ID_CHARS` code points), ``[n]`` added for plural form ``n``. Lines: the
    ``msgid`` and ``msgstr`` lines (1-based). The entry's ``#,`` flags (``c-format``,
    ``python-format``...; ``fuzzy`` left out) go to ``Unit.flags``.

    Raises:
        InputError: unreadable or undecodable file, a PO syntax error (with its line), or no
            entry.
    """
    import polib

    text, used = read_text(path, encoding=encoding, role="source")
    lines = text.splitlines()
    if _names_a_file(text):
        # polib reads a string that is an existing path as that file: never let a PO file point elsewhere
        raise InputError(f"{path}: not a valid PO file (its whole text names a file; a PO file holds msgid/msgstr "
                         "entries)")
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: not a valid PO file ({e}); fix the entry at that line") from None

    def find(start: int, prefix: str) -> int | None:
        for k in range(max(start - 1, 0), len(lines)):
            if lines[k].lstrip().startswith(prefix):
                return k + 1
        return None

    units = []
    for e in po:
        if e.obsolete or (e.msgid == "" and not e.msgctxt):
            continue
        base = _short(f"{e.msgctxt}|{e.msgid}" if e.msgctxt else e.msgid)
        src_line = find(e.linenum, "msgid ")
        flags = tuple(f.strip() for f in e.flags if f.strip() and f.strip() != "fuzzy")
        if e.msgid_plural:
            # a plural entry without any msgstr[n] is one untranslated form, not nothing (empty_target)
            for n in sorted(e.msgstr_plural) or [0]:
                source = e.msgid if n == 0 else e.msgid_plural
                units.append(Unit(f"{base}[{n}]", norm(source), norm(e.msgstr_plural.get(n, "")),
                                  find(e.linenum, "msgid_plural") if n else src_line,
                                  find(e.linenum, f"msgstr[{n}]"), flags=flags))
        else:
            units.append(Unit(base, norm(e.msgid), norm(e.msgstr), src_line, find(e.linenum, "msgstr"), flags=flags))
    if not units:
        raise InputError(f"{path} has no PO entries (msgid/msgstr pairs)")
    return UnitFile("po", path, path, source_lang, target_lang, tuple(units), used)


register_reader(Reader("po", "bilingual", (".po", ".pot"), read_po))
