"""Readers for translation file formats, chosen by file extension or by name.

Two families:

* **document formats** (``text``, ``markdown``, ``srt``, ``vtt``): a source and a target file,
  each read into a :class:`~aligncheck.types.Document` whose segments keep their 1-based line in
  the file; blocks (Markdown headings, paragraphs, list items, table cells, quotes; subtitle
  cues) are paragraphs, the anchors of the alignment. Read with :func:`read_document`.
* **unit formats** (``tmx``, ``xliff``, ``po``, ``csv``, ``tsv`` in one bilingual file;
  ``json``, ``yaml`` as a source and a target catalog paired by key): read with
  :func:`read_units` into a :class:`~aligncheck.formats.units.UnitFile` whose units are already
  pairs, checked without the alignment DP by :func:`aligncheck.pipeline.check_units`.

Parsing libraries (markdown-it-py, polib, lxml, PyYAML) are imported only when a file of their
format is read.
"""

from __future__ import annotations

import os

from ..errors import ConfigError
from ..types import Document
from .units import UnitFile

__all__ = [
    "INPUT_FORMATS",
    "DOCUMENT_FORMATS",
    "UNIT_FORMATS",
    "BILINGUAL_FORMATS",
    "detect_format",
    "read_document",
    "read_units",
    "UnitFile",
]

DOCUMENT_FORMATS = ("text", "markdown", "srt", "vtt")
#: unit formats whose one file holds both languages
BILINGUAL_FORMATS = ("tmx", "xliff", "po", "csv", "tsv")
#: unit formats read from a source and a target file
CATALOG_FORMATS = ("json", "yaml")
UNIT_FORMATS = BILINGUAL_FORMATS + CATALOG_FORMATS
#: values of ``--input-format``
INPUT_FORMATS = ("auto",) + DOCUMENT_FORMATS + UNIT_FORMATS

_EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".srt": "srt", ".vtt": "vtt",
    ".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".xlf2": "xliff",
    ".po": "po", ".pot": "po",
    ".json": "json", ".yaml": "yaml", ".yml": "yaml",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
}  # fmt: skip


def detect_format(path: str, requested: str = "auto") -> str:
    """The input format of ``path``: ``requested`` unless it is ``"auto"``, else by extension
    (case ignored; unknown extensions are ``"text"``).

    Raises:
        ConfigError: ``requested`` is not one of :data:`INPUT_FORMATS`.
    """
    if requested not in INPUT_FORMATS:
        raise ConfigError(f"input format must be one of {', '.join(INPUT_FORMATS)}, not {requested!r}")
    if requested != "auto":
        return requested
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def read_document(
    path: str,
    lang: str,
    *,
    fmt: str,
    mode: str = "sentences",
    encoding: str | None = None,
    role: str = "source",
    check: bool = True,
) -> Document:
    """Read one file of a document format (``fmt`` in :data:`DOCUMENT_FORMATS`).

    Returns:
        The :class:`~aligncheck.types.Document`; see :func:`aligncheck.documents.read_document`
        (``text``), :func:`aligncheck.formats.markdown.markdown_document` and
        :func:`aligncheck.formats.subtitles.subtitle_document`.

    Raises:
        InputError: missing, unreadable, undecodable, malformed or empty file, wrong script.
        ConfigError: ``fmt`` is not a document format.
    """
    from .. import documents

    if fmt == "text":
        return documents.read_document(path, lang, mode=mode, encoding=encoding, role=role, check=check)
    if fmt not in DOCUMENT_FORMATS:
        raise ConfigError(f"{fmt} is not a document format ({', '.join(DOCUMENT_FORMATS)})")
    text, used = documents.read_text(path, encoding=encoding, role=role)
    if fmt == "markdown":
        from .markdown import markdown_document

        return markdown_document(text, path=path, lang=lang, mode=mode, encoding=used, role=role, check=check)
    from .subtitles import subtitle_document

    return subtitle_document(text, path=path, lang=lang, vtt=fmt == "vtt", mode=mode, encoding=used, role=role, check=check)


def read_units(
    source_path: str,
    target_path: str | None = None,
    *,
    fmt: str,
    source_lang: str,
    target_lang: str,
    encoding: str | None = None,
    source_encoding: str | None = None,
    target_encoding: str | None = None,
) -> UnitFile:
    """Read a unit-format file (``fmt`` in :data:`UNIT_FORMATS`): one bilingual file for
    :data:`BILINGUAL_FORMATS`, a source and a target catalog for ``json``/``yaml``.

    Raises:
        InputError: missing, unreadable, undecodable or malformed file (message names file and
            line), no unit, or no text in a requested language.
        ConfigError: a catalog format without a target file, a bilingual format with one, or
            ``fmt`` not a unit format.
    """
    if fmt in CATALOG_FORMATS:
        if target_path is None:
            raise ConfigError(f"{fmt} catalogs are compared by key: give a source and a target file")
        from .catalog import read_catalogs

        return read_catalogs(source_path, target_path, fmt=fmt, source_lang=source_lang, target_lang=target_lang,
                             source_encoding=source_encoding or encoding, target_encoding=target_encoding or encoding)
    if fmt not in BILINGUAL_FORMATS:
        raise ConfigError(f"{fmt} is not a translation-unit format ({', '.join(UNIT_FORMATS)})")
    if target_path is not None:
        raise ConfigError(f"a {fmt} file holds both languages: give it alone (aligncheck check {source_path})")
    enc = source_encoding or encoding
    if fmt == "tmx":
        from .xml import read_tmx

        return read_tmx(source_path, source_lang=source_lang, target_lang=target_lang)
    if fmt == "xliff":
        from .xml import read_xliff

        return read_xliff(source_path, source_lang=source_lang, target_lang=target_lang)
    if fmt == "po":
        from .po import read_po

        return read_po(source_path, source_lang=source_lang, target_lang=target_lang, encoding=enc)
    from .table import read_table

    return read_table(source_path, fmt=fmt, source_lang=source_lang, target_lang=target_lang, encoding=enc)
