"""Glossaries: a project's required, forbidden and do-not-translate terms, read from CSV or TSV.

Glossary file (:func:`parse_glossary`): CSV (``,``) or TSV (tab; by the ``.tsv``/``.tab``
extension, else a tab in the first line), UTF-8. A header row names the columns (any order,
case ignored):

==========================  ===============================================================
column                      meaning
==========================  ===============================================================
``source`` / ``target``     the term and its translation(s), ``|`` or ``;`` between
                            alternatives; or language codes (``ar``, ``en``), so one glossary
                            serves both directions. Several source forms are one entry each,
                            with the same translations: an Arabic singular and its broken
                            plural (``طفل|أطفال``), which no clitic or ending rule derives
``forbidden``               translations not to use (``|``-separated), in the target
                            column's language (``forbidden_en``: in English)
``dnt``                     ``yes`` / ``true`` / ``1`` / ``x``: do not translate (the term must
                            appear unchanged in the target, or as the ``target`` column writes
                            it in the other script: ``واتساب`` / ``WhatsApp``); ``target`` may
                            then be empty
``note``                    shown in the message
==========================  ===============================================================

Without a header (the first cell is not a known column name) the columns are ``source``,
``target``, ``note``. Blank lines and lines starting with ``#`` are skipped. A row with a
``source`` but no target, forbidden or ``dnt`` is an error (a glossary entry that says nothing).

The ``terminology`` check (:mod:`aligncheck.checks.terminology`) applies the entries; an entry with
no source term and a forbidden translation forbids it everywhere.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

#: largest glossary read, in bytes (a hostile project could name a huge file)
MAX_GLOSSARY_BYTES = 5_000_000
_TRUE = {"yes", "y", "true", "1", "x", "dnt", "نعم"}
_SEP = ("|", ";", "؛")


@dataclass(frozen=True)
class Term:
    """One glossary entry, oriented for the check (source language -> target language).

    Attributes:
        source: the source-language term (``""`` for a forbid-everywhere entry).
        targets: accepted target-language translations (may be empty for ``dnt``).
        forbidden: target-language translations not to use.
        dnt: the term must appear unchanged in the target.
        note: free text from the glossary, or ``""``.
        line: 1-based line in the glossary file.
    """

    source: str
    targets: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    dnt: bool = False
    note: str = ""
    line: int = 0


def _split(cell: str) -> tuple[str, ...]:
    for sep in _SEP[1:]:
        cell = cell.replace(sep, _SEP[0])
    return tuple(x.strip() for x in cell.split(_SEP[0]) if x.strip())


def parse_glossary(text: str, *, path: str, source_lang: str, target_lang: str, delimiter: str | None = None) -> tuple[Term, ...]:
    """The entries of a glossary text (module docstring), oriented ``source_lang`` ->
    ``target_lang``.

    Args:
        text: the decoded file.
        path: for messages.
        source_lang, target_lang: the check's languages (ISO 639-1); language-code columns are
            picked by them, and a glossary written the other way round is read reversed.
        delimiter: ``","`` or ``"\\t"``; ``None``: a tab in the first line means TSV.

    Raises:
        InputError: no entry, a header without a source/target pair, a CSV syntax error, or an
            entry with neither a translation, a forbidden term nor ``dnt`` (message names the line).
    """
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as e:
        raise InputError(f"{path}: not a valid {'TSV' if delimiter == chr(9) else 'CSV'} glossary ({e})") from None
    numbered = [(k + 1, [c.strip() for c in r]) for k, r in enumerate(rows)]
    numbered = [(n, r) for n, r in numbered if any(r) and not r[0].startswith("#")]
    if not numbered:
        raise InputError(f"{path}: the glossary has no entry")
    head = [c.casefold().replace("-", "_").replace(" ", "_") for c in numbered[0][1]]
    names = {"source", "target", "forbidden", "dnt", "do_not_translate", "note", "notes", "comment",
             source_lang, target_lang}
    col: dict[str, int] = {}
    if head and (head[0] in names or head[0].startswith("forbidden")):
        for k, name in enumerate(head):
            col.setdefault(name, k)
        numbered = numbered[1:]
        reverse = False
        if "source" in col and "target" in col:
            s_col, t_col = col["source"], col["target"]
        elif source_lang in col and target_lang in col:
            s_col, t_col = col[source_lang], col[target_lang]
            reverse = col[source_lang] > col[target_lang]
        else:
            raise InputError(f"{path} line {numbered[0][0] - 1 if numbered else 1}: the glossary header needs "
                             f"source and target columns (or {source_lang} and {target_lang}), not {', '.join(head)}")
        f_col = col.get(f"forbidden_{target_lang}")
        if f_col is None and not reverse:
            f_col = col.get("forbidden")
        d_col = col.get("dnt", col.get("do_not_translate"))
        n_col = col.get("note", col.get("notes", col.get("comment")))
    else:
        s_col, t_col, f_col, d_col, n_col = 0, 1, None, None, 2

    def cell(row: list[str], k: int | None) -> str:
        return row[k] if k is not None and k < len(row) else ""

    out = []
    for line, row in numbered:
        # several source forms (a singular and its broken plural: طفل|أطفال) make one entry each
        for source in _split(cell(row, s_col)) or ("",):
            term = Term(source, _split(cell(row, t_col)), _split(cell(row, f_col)),
                        cell(row, d_col).casefold() in _TRUE, cell(row, n_col), line)
            if not term.source and not term.forbidden:
                continue  # a row for the other direction only, or a blank source
            if term.source and not term.targets and not term.forbidden and not term.dnt:
                raise InputError(f"{path} line {line}: glossary entry {term.source!r} has no translation, "
                                 "forbidden term or dnt flag")
            out.append(term)
    if not out:
        raise InputError(f"{path}: the glossary has no {source_lang} -> {target_lang} entry")
    return tuple(out)


def load_glossary(path: str, *, source_lang: str, target_lang: str) -> tuple[Term, ...]:
    """Read and parse the glossary file at ``path`` (:func:`parse_glossary`), UTF-8 (a BOM
    allowed), at most :data:`MAX_GLOSSARY_BYTES`.

    Raises:
        InputError: missing, unreadable, too large or undecodable file, or a bad glossary.
    """
    p = Path(path)
    try:
        if not p.is_file():
            raise InputError(f"glossary {path} does not exist or is not a file")
        if p.stat().st_size > MAX_GLOSSARY_BYTES:
            raise InputError(f"glossary {path} is larger than {MAX_GLOSSARY_BYTES:,} bytes")
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"glossary {path} cannot be read ({e.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"glossary {path} is not UTF-8 (byte {e.start})") from None
    delimiter = "\t" if p.suffix.lower() in (".tsv", ".tab") else "," if p.suffix.lower() == ".csv" else None
    return parse_glossary(text, path=path, source_lang=source_lang, target_lang=target_lang, delimiter=delimiter)
