"""The reader registry: every input format, its kind and its file extensions, declared once.

A reader module registers itself with :func:`register_reader` when :mod:`aligncheck.formats`
imports it; ``--input-format``, extension detection (:func:`detect_format`), the router
(:mod:`aligncheck.formats.router`) and inline markers all read :data:`READERS`.

Three kinds of reader:

* ``"document"``: ``parse(text, *, path, lang, mode, encoding, role, check) -> Document`` on the
  decoded text of one file (a source and a target file are read the same way);
* ``"bilingual"``: ``read(path, *, source_lang, target_lang, encoding) -> UnitFile`` on one file
  holding both languages;
* ``"catalog"``: ``read(source_path, target_path, *, source_lang, target_lang, source_encoding,
  target_encoding) -> UnitFile`` on a source and a target file paired by key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from ..errors import ConfigError

KINDS = ("document", "bilingual", "catalog")


@dataclass(frozen=True)
class Reader:
    """One input format.

    Attributes:
        name: the format name (``--input-format`` value, ``|input:NAME`` signature tag).
        kind: one of :data:`KINDS`.
        extensions: lower-case file extensions read as this format (``(".md", ...)``).
        read: the reading function of its kind (see the module docstring).
    """

    name: str
    kind: str
    extensions: tuple[str, ...]
    read: Callable


#: format name -> reader, in registration order (the order of ``--input-format`` choices)
READERS: dict[str, Reader] = {}


def register_reader(reader: Reader) -> Reader:
    """Add ``reader`` to :data:`READERS` (its module calls this once, at import).

    Raises:
        ValueError: a bad kind, a name already taken, or an extension another reader claims.
    """
    if reader.kind not in KINDS:
        raise ValueError(f"reader {reader.name}: kind must be one of {KINDS}, not {reader.kind!r}")
    if reader.name in READERS or reader.name == "auto":
        raise ValueError(f"reader {reader.name} is registered twice")
    for other in READERS.values():
        shared = set(other.extensions) & set(reader.extensions)
        if shared:
            raise ValueError(f"readers {other.name} and {reader.name} both claim {sorted(shared)}")
    READERS[reader.name] = reader
    return reader


def formats_of(*kinds: str) -> tuple[str, ...]:
    """Names of the registered readers of ``kinds``, in registration order."""
    return tuple(name for name, r in READERS.items() if r.kind in kinds)


def input_formats() -> tuple[str, ...]:
    """The values of ``--input-format``: ``"auto"`` then every reader."""
    return ("auto",) + tuple(READERS)


def detect_format(path: str, requested: str = "auto") -> str:
    """The input format of ``path``: ``requested`` unless it is ``"auto"``, else by extension
    (case ignored; unknown extensions are ``"text"``).

    Raises:
        ConfigError: ``requested`` is not one of :func:`input_formats`.
    """
    if requested != "auto" and requested not in READERS:
        raise ConfigError(f"input format must be one of {', '.join(input_formats())}, not {requested!r}")
    if requested != "auto":
        return requested
    ext = os.path.splitext(path)[1].lower()
    for name, reader in READERS.items():
        if ext in reader.extensions:
            return name
    return "text"
