"""Unit-aligned files (TMX, XLIFF, PO, JSON/YAML catalogs, CSV/TSV tables): records and documents.

A reader returns a :class:`UnitFile`: the file's :class:`~aligncheck.types.Unit` s, each a source
text already paired with its target. :func:`units_to_documents` turns it into a source and a
target :class:`~aligncheck.types.Document` (one segment per unit text, ``paragraph`` = the
unit's position, ``unit`` = its id, ``line`` = its line in the file) and the 1-1 beads that pair
them, for :func:`aligncheck.pipeline.check_units`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..documents import check_script
from ..errors import InputError
from ..types import Document, Segment, Unit


@dataclass(frozen=True)
class UnitFile:
    """The units of one bilingual file (or of a source and a target catalog).

    Attributes:
        format: the format name (``"tmx"``, ``"xliff"``, ``"po"``, ``"json"``, ...).
        source_path, target_path: the paths as given (the same for a one-file format).
        source_lang, target_lang: ISO 639 codes of the two sides.
        units: the units in file order.
        encoding: the codec the file(s) were decoded with.
        notes: remarks about how the file was read (which languages were picked, columns...).
    """

    format: str
    source_path: str
    target_path: str
    source_lang: str
    target_lang: str
    units: tuple[Unit, ...]
    encoding: str = "utf-8"
    notes: tuple[str, ...] = field(default_factory=tuple)


def norm(text: str | None) -> str | None:
    """NFC-normalise a unit text (``None`` stays ``None``); U+FEFF removed."""
    if text is None:
        return None
    return unicodedata.normalize("NFC", text.replace("\ufeff", ""))


def _lang_key(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def _match(wanted: str, available: list[str]) -> str | None:
    w = _lang_key(wanted)
    for code in available:
        if _lang_key(code) == w:
            return code
    for code in available:
        if _lang_key(code).split("-")[0] == w.split("-")[0]:
            return code
    return None


def pick_language(wanted: str, available: list[str], *, path: str, role: str) -> str:
    """The language code among ``available`` (as written in the file) that ``wanted`` names:
    the same code (case and ``_``/``-`` ignored), else the first whose primary subtag is
    ``wanted``'s (``ar`` picks ``ar-SA``).

    Raises:
        InputError: no such language in the file; the message lists the file's languages and
            names ``--source-lang``/``--target-lang``.
    """
    code = _match(wanted, available)
    if code is not None:
        return code
    option = "--source-lang" if role == "source" else "--target-lang"
    langs = ", ".join(dict.fromkeys(available)) or "none"
    raise InputError(f"{path} has no {wanted!r} text (languages in the file: {langs}); pass {option} with one of them")


def units_from_languages(
    records: list[tuple[str, dict[str, tuple[str, int]]]],
    *,
    fmt: str,
    path: str,
    source_lang: str,
    target_lang: str,
    encoding: str = "utf-8",
) -> UnitFile:
    """A :class:`UnitFile` from multilingual records (TMX ``tu`` s): ``(id, {lang: (text,
    line)})`` each, the pair picked by ``source_lang`` / ``target_lang``.

    Raises:
        InputError: the file has no unit, or no text in one of the two languages.
    """
    if not records:
        raise InputError(f"{path} has no translation units")
    available = list(dict.fromkeys(lang for _, langs in records for lang in langs))
    src = pick_language(source_lang, available, path=path, role="source")
    tgt = pick_language(target_lang, available, path=path, role="target")
    if src == tgt:
        raise InputError(f"{path}: --source-lang and --target-lang both pick {src!r}; give two different languages")
    units = []
    for uid, langs in records:
        # per unit, so that a memory mixing "ar" and "ar-SA" units reads both
        s = langs.get(src) or langs.get(_match(source_lang, list(langs)) or "")
        t = langs.get(tgt) or langs.get(_match(target_lang, list(langs)) or "")
        units.append(Unit(uid, norm(s[0]) if s else None, norm(t[0]) if t else None,
                          s[1] if s else None, t[1] if t else None))
    notes = []
    if len(available) > 2 or src != source_lang or tgt != target_lang:
        notes.append(f"{path} holds {', '.join(available)}: checked {src} -> {tgt}")
    return UnitFile(fmt, path, path, source_lang, target_lang, tuple(units), encoding, tuple(notes))


def _side_document(units: tuple[Unit, ...], side: str, *, path: str, lang: str, encoding: str) -> tuple[Document, dict[int, int]]:
    """One side's document (a segment per unit with a non-blank text) and unit position ->
    segment index."""
    parts: list[str] = []
    segments: list[Segment] = []
    index: dict[int, int] = {}
    pos = 0
    for k, u in enumerate(units):
        text = getattr(u, side)
        if text is None:
            continue
        stripped = text.strip()
        if not stripped:
            continue
        start = pos + text.index(stripped)
        line = (u.source_line if side == "source" else u.target_line) or 1
        index[k] = len(segments)
        segments.append(Segment(len(segments), stripped, line, start, start + len(stripped), k, unit=u.id,
                                flags=u.flags, codes=u.source_codes if side == "source" else u.target_codes,
                                max_chars=u.max_chars if side == "target" else None))
        parts.append(text)
        pos += len(text) + 1
    from ..documents import MAX_SEGMENTS
    from ..errors import InputError

    if len(segments) > MAX_SEGMENTS:
        raise InputError(f"{path} has {len(segments):,} {side} units, more than the {MAX_SEGMENTS:,} one check handles "
                         "(time, memory and report size grow with them); split it into smaller files")
    return Document(path=path, lang=lang, text="\n".join(parts), segments=tuple(segments), encoding=encoding), index


def units_to_documents(uf: UnitFile, *, check: bool = True) -> tuple[Document, Document, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """The source and target documents of ``uf`` and the beads pairing them unit by unit.

    Returns:
        ``(source, target, beads)``: ``beads`` in unit order, ``((i,), (j,))`` for a unit with
        both texts, ``((i,), ())`` for a unit whose target is missing or blank, ``((), (j,))``
        for one whose source is; units blank on both sides are left out. Indices are 0-based
        segment indices.

    Raises:
        InputError: no unit has a source text, or (``check``) a side's letters are not in the
            script of its language (e.g. the languages are swapped).
    """
    src, src_index = _side_document(uf.units, "source", path=uf.source_path, lang=uf.source_lang, encoding=uf.encoding)
    tgt, tgt_index = _side_document(uf.units, "target", path=uf.target_path, lang=uf.target_lang, encoding=uf.encoding)
    if not src.segments:
        raise InputError(f"{uf.source_path} has no {uf.source_lang} text in any unit")
    if check:
        check_script(src, role="source")
        if tgt.segments:
            check_script(tgt, role="target")
    beads = []
    for k in range(len(uf.units)):
        s = (src_index[k],) if k in src_index else ()
        t = (tgt_index[k],) if k in tgt_index else ()
        if s or t:
            beads.append((s, t))
    return src, tgt, beads
