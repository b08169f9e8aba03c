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

Each reader module registers itself (:mod:`aligncheck.formats.registry`): a new format is one
new module plus its line in the import list below. Parsing libraries (markdown-it-py, polib,
lxml, PyYAML) are imported only when a file of their format is read. What the user named
becomes the pipeline's input in :mod:`aligncheck.formats.router`.
"""

from __future__ import annotations

from .. import documents
from ..errors import ConfigError
from ..types import Document
from . import text, markdown, subtitles, xml, po, table, catalog, properties  # noqa: F401  (registration order)
from .registry import READERS, detect_format, formats_of, input_formats
from .units import UnitFile

__all__ = [
    "INPUT_FORMATS",
    "DOCUMENT_FORMATS",
    "UNIT_FORMATS",
    "BILINGUAL_FORMATS",
    "CATALOG_FORMATS",
    "READERS",
    "detect_format",
    "parse_document",
    "read_document",
    "read_units",
    "UnitFile",
]

DOCUMENT_FORMATS = formats_of("document")
#: unit formats whose one file holds both languages
BILINGUAL_FORMATS = formats_of("bilingual")
#: unit formats read from a source and a target file
CATALOG_FORMATS = formats_of("catalog")
UNIT_FORMATS = BILINGUAL_FORMATS + CATALOG_FORMATS
#: values of ``--input-format``
INPUT_FORMATS = input_formats()


def parse_document(text: str, *, fmt: str, path: str, lang: str, mode: str = "sentences", encoding: str = "utf-8",
                   role: str = "source", check: bool = True) -> Document:
    """Segment the decoded ``text`` of one file of a document format (``fmt`` in
    :data:`DOCUMENT_FORMATS`) with its reader.

    Raises:
        InputError: malformed or empty text, wrong script (``check``).
        ConfigError: ``fmt`` is not a document format, bad ``mode`` or ``role``.
    """
    reader = READERS.get(fmt)
    if reader is None or reader.kind != "document":
        raise ConfigError(f"{fmt} is not a document format ({', '.join(DOCUMENT_FORMATS)})")
    return reader.read(text, path=path, lang=lang, mode=mode, encoding=encoding, role=role, check=check)


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
    """Read one file of a document format (``fmt`` in :data:`DOCUMENT_FORMATS`): decode it
    (:func:`aligncheck.documents.read_text`) and segment it (:func:`parse_document`).

    Raises:
        InputError: missing, unreadable, undecodable, malformed or empty file, wrong script.
        ConfigError: ``fmt`` is not a document format.
    """
    if fmt not in DOCUMENT_FORMATS:
        raise ConfigError(f"{fmt} is not a document format ({', '.join(DOCUMENT_FORMATS)})")
    if fmt == "text":
        return documents.read_document(path, lang, mode=mode, encoding=encoding, role=role, check=check)
    text, used = documents.read_text(path, encoding=encoding, role=role)
    return parse_document(text, fmt=fmt, path=path, lang=lang, mode=mode, encoding=used, role=role, check=check)


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
        return READERS[fmt].read(source_path, target_path, source_lang=source_lang, target_lang=target_lang,
                                 source_encoding=source_encoding or encoding,
                                 target_encoding=target_encoding or encoding)
    if fmt not in BILINGUAL_FORMATS:
        raise ConfigError(f"{fmt} is not a translation-unit format ({', '.join(UNIT_FORMATS)})")
    if target_path is not None:
        raise ConfigError(f"a {fmt} file holds both languages: give it alone (aligncheck check {source_path})")
    return READERS[fmt].read(source_path, source_lang=source_lang, target_lang=target_lang,
                             encoding=source_encoding or encoding)
