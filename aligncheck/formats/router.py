"""The one way from what the user named to what the pipeline checks.

``aligncheck check`` (two files, one bilingual file, a unit file), ``aligncheck ci`` (a configured
pair) and ``aligncheck batch`` (a manifest row, files or inline texts) all call :func:`route`; it
chooses the reader (:mod:`aligncheck.formats.registry`), reads both sides, blanks the inline
markers of a target document (:mod:`aligncheck.suppress`) and returns a :class:`PipelineInput`,
which :func:`aligncheck.pipeline.check_input` turns into a signed
:class:`~aligncheck.types.CheckResult`. Nothing here embeds, prints or exits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .. import documents
from ..config import Config
from ..errors import ConfigError
from ..suppress import Marker, read_marked_document
from ..types import Document
from . import BILINGUAL_FORMATS, UNIT_FORMATS, detect_format, read_document, read_units
from .units import UnitFile


@dataclass(frozen=True)
class PipelineInput:
    """Both sides of one check, read.

    Exactly one of these holds: ``units`` is set (a unit format); ``source`` and ``target`` are
    set (a document format); ``source`` is set and ``missing_target`` names a target file that
    does not exist (``aligncheck ci``: reported as a ``missing_target`` finding).

    Attributes:
        input_format: the reader's name (``"text"``, ``"markdown"``, ``"tmx"`` ...).
        source, target: the documents (document formats).
        units: the unit file (unit formats).
        markers: the target's inline ``aligncheck-ignore`` markers (document files).
        notes: remarks about how the input was read, carried into the result.
        missing_target: the path of a target file that does not exist, else ``None``.
    """

    input_format: str
    source: Document | None = None
    target: Document | None = None
    units: UnitFile | None = None
    markers: tuple[Marker, ...] = ()
    notes: tuple[str, ...] = ()
    missing_target: str | None = None

    @property
    def tag(self) -> str:
        """What the signature says about the reader: ``""`` for plain text,
        ``"|input:FORMAT"`` for another document format, ``"|input:FORMAT-units"`` for units."""
        if self.units is not None:
            return f"|input:{self.input_format}-units"
        return "" if self.input_format == "text" else f"|input:{self.input_format}"


def choose_format(source: str | None, target: str | None, requested: str = "auto", *, one_file: bool = False) -> str:
    """The reader of a pair: ``requested``, else by the extension of the ``source`` file
    (``"text"`` for inline text, ``source=None``).

    Args:
        source, target: the file paths (``None`` for inline text or no target).
        one_file: nothing is given for the target (one file holding both languages).

    Raises:
        ConfigError: ``requested`` is unknown; with ``"auto"``, ``source`` and ``target`` have
            extensions of different formats; a one-language format is given alone.
    """
    fmt = detect_format(source or "inline.txt", requested)
    if source is not None and target is not None and requested == "auto" and detect_format(target) != fmt:
        raise ConfigError(f"{source} reads as {fmt} but {target} as {detect_format(target)}; "
                          "pass --input-format to read both the same way")
    if one_file and fmt not in ("text",) + BILINGUAL_FORMATS:
        raise ConfigError(f"a {fmt} file holds one language: give the SOURCE and the TARGET file")
    return fmt


def _bilingual_text(path: str, config: Config, encoding: str | None) -> PipelineInput:
    """One plain-text file holding the source block then the target block, split by script."""
    text, used = documents.read_text(path, encoding=encoding, role="source")
    src_text, tgt_text = documents.split_bilingual(text, path=path, source_lang=config.source_lang,
                                                   target_lang=config.target_lang)
    first = next(n for n, line in enumerate(tgt_text.splitlines(), 1) if line.strip())
    note = (f"{path} holds both languages: split by script into {config.source_lang} (lines 1-{first - 1}) "
            f"and {config.target_lang} (lines {first}-)")
    mode = config.segmentation
    src = documents.make_document(src_text, path=path, lang=config.source_lang, mode=mode, encoding=used, role="source")
    tgt = documents.make_document(tgt_text, path=path, lang=config.target_lang, mode=mode, encoding=used, role="target")
    return PipelineInput("text", source=src, target=tgt, notes=(note,))


def route(
    source: str | None,
    target: str | None,
    *,
    config: Config,
    input_format: str = "auto",
    encoding: str | None = None,
    source_encoding: str | None = None,
    target_encoding: str | None = None,
    source_text: str | None = None,
    target_text: str | None = None,
    inline_id: str = "inline",
    missing_target_ok: bool = False,
) -> PipelineInput:
    """Read what the user named into the pipeline's input.

    Args:
        source, target: file paths as given (kept in messages); ``target=None`` for one file
            holding both languages (a bilingual unit file, or plain text split by script).
        config: languages and segmentation.
        input_format: a reader name, or ``"auto"`` (by extension, see :func:`choose_format`).
        encoding, source_encoding, target_encoding: codecs instead of detection (the side's own
            one wins).
        source_text, target_text: inline texts instead of files (a manifest row); their
            documents are named ``INLINE_ID:source`` / ``INLINE_ID:target`` and carry no markers.
        inline_id: the name of inline texts.
        missing_target_ok: a target file that does not exist gives ``missing_target`` instead of
            an error (``aligncheck ci``).

    Raises:
        ConfigError: a bad format choice (see :func:`choose_format`, :func:`read_units`).
        InputError: a file is missing, unreadable, malformed, empty or in the wrong script.
    """
    one_file = target is None and target_text is None
    fmt = choose_format(source, target, input_format, one_file=one_file)
    if fmt in UNIT_FORMATS:
        units = read_units(source, target, fmt=fmt, source_lang=config.source_lang, target_lang=config.target_lang,
                           encoding=encoding, source_encoding=source_encoding, target_encoding=target_encoding)
        return PipelineInput(fmt, units=units)
    if one_file:
        return _bilingual_text(source, config, source_encoding or encoding)
    mode = config.segmentation
    if source_text is not None:
        src = documents.make_document(source_text, path=f"{inline_id}:source", lang=config.source_lang, mode=mode,
                                      role="source")
    else:
        src = read_document(source, config.source_lang, fmt=fmt, mode=mode, encoding=source_encoding or encoding,
                            role="source")
    if target_text is not None:
        tgt = documents.make_document(target_text, path=f"{inline_id}:target", lang=config.target_lang, mode=mode,
                                      role="target")
        return PipelineInput(fmt, source=src, target=tgt)
    if missing_target_ok and not os.path.exists(target):
        return PipelineInput(fmt, source=src, missing_target=target)
    tgt, markers = read_marked_document(target, config.target_lang, mode=mode, encoding=target_encoding or encoding,
                                        role="target", fmt=fmt)
    return PipelineInput(fmt, source=src, target=tgt, markers=tuple(markers))
