"""Two-column tables: CSV (comma) and TSV (tab) files with a source and a target column.

Columns are found by the header row (case ignored): the source column is named by the source
language code (``ar``) or ``source``/``src``/``original``, the target column by the target
language code (``en``) or ``target``/``tgt``/``translation``, an optional id column ``id`` or
``key``. Without such a header every row is data: two columns are ``source, target``, three or
more ``id, source, target``. Unit ids are the id column or the row's 1-based line.
"""

from __future__ import annotations

import csv
import io

from ..documents import read_text
from ..errors import InputError
from ..types import Unit
from .units import UnitFile, norm
from .registry import Reader, register_reader

_SOURCE_NAMES = ("source", "src", "original", "source text")
_TARGET_NAMES = ("target", "tgt", "translation", "target text")
_ID_NAMES = ("id", "key", "name", "string id")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    low = [h.strip().lower() for h in header]
    for name in names:
        if name in low:
            return low.index(name)
    return None


def read_table(path: str, *, fmt: str, source_lang: str, target_lang: str, encoding: str | None = None) -> UnitFile:
    """The rows of a CSV (``fmt="csv"``) or TSV (``fmt="tsv"``) file as units.

    Returns:
        A :class:`UnitFile`; each unit's lines are the 1-based line where its row starts (a
        quoted cell may span lines). Blank rows are skipped.

    Raises:
        InputError: unreadable or undecodable file, a malformed row (with its line), fewer than
            two columns, or no data row.
    """
    text, used = read_text(path, encoding=encoding, role="source")
    # TSV (IANA text/tab-separated-values) has no quoting: a cell starting with '"' is text, not the
    # start of a quoted cell that would swallow the rows after it; CSV quotes must close (strict)
    if fmt == "tsv":
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=",", strict=True)
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for row in reader:
            rows.append((last + 1, row))
            last = reader.line_num
    except csv.Error as e:
        raise InputError(f"{path} line {reader.line_num}: not valid {fmt.upper()} ({e}); fix the quoting") from None
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"{path} has no rows")
    header = rows[0][1]
    s_col = _column(header, (source_lang.lower(),) + _SOURCE_NAMES)
    t_col = _column(header, (target_lang.lower(),) + _TARGET_NAMES)
    notes = []
    if s_col is not None and t_col is not None and s_col != t_col:
        id_col = _column(header, _ID_NAMES)
        data = rows[1:]
    else:
        width = max(len(r) for _, r in rows)
        if width < 2:
            raise InputError(f"{path} line {rows[0][0]}: a {fmt.upper()} file needs a source and a target column "
                             f"(found one column); separate them with {'a tab' if fmt == 'tsv' else 'a comma'}")
        id_col, s_col, t_col = (None, 0, 1) if width == 2 else (0, 1, 2)
        data = rows
        notes.append(f"{path} has no header naming its columns ({source_lang}/{target_lang} or source/target): "
                     f"read column {s_col + 1} as {source_lang} and column {t_col + 1} as {target_lang}")
    units = []
    seen: set[str] = set()
    for line, row in data:
        def cell(k):
            return row[k] if k is not None and k < len(row) else None

        uid = (cell(id_col) or "").strip() or str(line)
        if uid in seen:
            uid = f"{uid}@{line}"
        seen.add(uid)
        src = cell(s_col)
        tgt = cell(t_col)
        units.append(Unit(uid, norm(src if src is not None else ""), norm(tgt if tgt is not None else ""), line, line))
    if not units:
        raise InputError(f"{path} has a header but no data rows")
    return UnitFile(fmt, path, path, source_lang, target_lang, tuple(units), used, tuple(notes))


def _csv(path: str, **kw) -> UnitFile:
    return read_table(path, fmt="csv", **kw)


def _tsv(path: str, **kw) -> UnitFile:
    return read_table(path, fmt="tsv", **kw)


register_reader(Reader("csv", "bilingual", (".csv",), _csv))
register_reader(Reader("tsv", "bilingual", (".tsv", ".tab"), _tsv))
