"""TMX and XLIFF (1.2 and 2.x) translation files, parsed with lxml (BSD) safely.

The parser never expands entities, never loads a DTD and never reaches the network
(``XMLParser(resolve_entities=False, no_network=True, load_dtd=False)``), so an XML bomb or an
external entity in a file cannot run or fetch anything. Inline markup is handled as the
standards mean it: native-code elements (TMX ``bpt ept it ph ut``; XLIFF 1.2 ``bpt ept it ph x
bx ex``; XLIFF 2 ``ph sc ec sm em``) are left out of the text, paired formatting elements (TMX
``hi``, XLIFF ``g``, ``mrk``, ``pc``) keep their content.
"""

from __future__ import annotations

from ..documents import _read_bytes
from ..errors import InputError
from ..types import Unit
from .units import UnitFile, norm, pick_language, units_from_languages
from .registry import Reader, register_reader

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DROP_TMX = frozenset({"bpt", "ept", "it", "ph", "ut"})
_DROP_XLIFF1 = frozenset({"bpt", "ept", "it", "ph", "x", "bx", "ex"})
_DROP_XLIFF2 = frozenset({"ph", "sc", "ec", "sm", "em"})


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(path: str, *, role: str = "source"):
    """The root element of the XML file at ``path``, parsed without entity expansion, DTD or
    network access.

    Raises:
        InputError: unreadable file, or not well-formed XML (message: file, line and the
            parser's reason).
    """
    from lxml import etree

    data = _read_bytes(path, role)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as e:
        line = e.lineno or 1
        raise InputError(f"{path} line {line}: not well-formed XML ({e.msg}); fix the markup") from None


def inline_text(elem, drop: frozenset[str]) -> str:
    """The text of ``elem`` with the content of the ``drop`` child elements (native codes) left
    out but their tails kept."""
    parts = [elem.text or ""]
    for child in elem:
        if _local(child.tag) not in drop:
            parts.append(inline_text(child, drop))
        parts.append(child.tail or "")
    return "".join(parts)


#: inline elements that stand for a code of the original file (XLIFF 1.2, XLIFF 2, TMX), compared
#: by the ``placeholders`` check; ``g``/``pc`` keep their text but are codes too
_CODES = frozenset({"bpt", "ept", "it", "ph", "x", "bx", "ex", "g", "sc", "ec", "pc", "ut"})


def inline_codes(elem) -> tuple[str, ...]:
    """The inline codes inside ``elem`` in document order, each ``name#id`` (``ph#1``, ``g#2``;
    the id from ``id``, else ``startRef``, ``rid``, ``i`` or ``x``; ``name#`` without one)."""
    out = []
    for child in elem.iter():
        if child is elem:
            continue
        name = _local(child.tag)
        if name in _CODES:
            ident = next((child.get(a) for a in ("id", "startRef", "rid", "i", "x") if child.get(a)), "")
            out.append(f"{name}#{ident}")
    return tuple(out)


def _max_chars(*elems) -> int | None:
    """The length limit in code points declared on the first of ``elems`` that has one: XLIFF
    1.2 ``maxwidth`` with ``size-unit="char"``, or XLIFF 2 ``slr:sizeRestriction`` (the default
    code-point profile); ``None`` when none does or the value is not a positive integer."""
    for e in elems:
        if e is None:
            continue
        value = None
        if (e.get("size-unit") or "").lower() == "char":
            value = e.get("maxwidth")
        for attr, v in e.attrib.items():
            if _local(attr) == "sizeRestriction":
                value = v
        if value is not None:
            value = value.strip()
            return int(value) if value.isdigit() and int(value) > 0 else None
    return None


def _children(elem, name: str):
    return [c for c in elem if _local(c.tag) == name]


def _descendants(elem, name: str):
    return [c for c in elem.iter() if _local(c.tag) == name]


def read_tmx(path: str, *, source_lang: str, target_lang: str) -> UnitFile:
    """The units of a TMX (1.1-1.4) file: one per ``tu``, id its ``tuid`` (else its 1-based
    position), texts from the ``tuv`` s whose ``xml:lang`` (or ``lang``) match the two languages.

    Raises:
        InputError: not XML, not a TMX file, no ``tu``, or no text in a requested language.
    """
    root = parse_xml(path)
    if _local(root.tag) != "tmx":
        raise InputError(f"{path} line {root.sourceline or 1}: not a TMX file (root element <{_local(root.tag)}>, expected <tmx>)")
    records = []
    for k, tu in enumerate(_descendants(root, "tu"), 1):
        langs: dict[str, tuple[str, int]] = {}
        for tuv in _children(tu, "tuv"):
            lang = tuv.get(_XML_LANG) or tuv.get("lang")
            seg = next(iter(_children(tuv, "seg")), None)
            if not lang or seg is None:
                continue
            langs.setdefault(lang, (inline_text(seg, _DROP_TMX), seg.sourceline or tu.sourceline or 1))
        records.append((tu.get("tuid") or str(k), langs))
    return units_from_languages(records, fmt="tmx", path=path, source_lang=source_lang, target_lang=target_lang)


def read_xliff(path: str, *, source_lang: str, target_lang: str) -> UnitFile:
    """The units of an XLIFF 1.2 (``trans-unit``) or 2.x (``unit``/``segment``) file.

    Each ``<file>`` declares a language pair (1.2 ``source-language``/``target-language``; 2.x
    ``srcLang``/``trgLang`` on the root); files whose pair is the requested one are read (a
    file with the pair reversed is read reversed). Unit ids: the ``id`` attribute (2.x units with
    several segments: ``unit#segment``; 1-based position when there is none). Inline codes go
    to ``Unit.source_codes``/``target_codes`` (:func:`inline_codes`), a length limit to
    ``Unit.max_chars`` (:func:`_max_chars`).

    Raises:
        InputError: not XML, not XLIFF, an unknown version, no unit, or no file with the pair.
    """
    root = parse_xml(path)
    if _local(root.tag) != "xliff":
        raise InputError(f"{path} line {root.sourceline or 1}: not an XLIFF file (root element <{_local(root.tag)}>, expected <xliff>)")
    version = (root.get("version") or "").strip()
    ns = root.tag.split("}")[0].lstrip("{") if root.tag.startswith("{") else ""
    v2 = version.startswith("2") or ns.startswith("urn:oasis:names:tc:xliff:document:2")
    if not v2 and not (version.startswith("1") or ns.endswith(":1.2")):
        raise InputError(f"{path} line {root.sourceline or 1}: unknown XLIFF version {version!r}; 1.2 and 2.x are read")
    records: list[tuple] = []
    pairs_seen: list[str] = []
    files = _descendants(root, "file")
    for f in files:
        if v2:
            s_lang, t_lang = root.get("srcLang") or "", root.get("trgLang") or ""
        else:
            s_lang, t_lang = f.get("source-language") or "", f.get("target-language") or ""
        pairs_seen.append(f"{s_lang}->{t_lang}")
        try:
            src_code = pick_language(source_lang, [s_lang, t_lang], path=path, role="source")
            tgt_code = pick_language(target_lang, [s_lang, t_lang], path=path, role="target")
        except InputError:
            continue
        if src_code == tgt_code:
            continue
        reverse = src_code == t_lang and s_lang != t_lang
        for rec in (_xliff2_units(f) if v2 else _xliff1_units(f)):
            uid, s, t, sl, tl, sc, tc, limit = rec
            records.append((uid, t, s, tl, sl, tc, sc, None) if reverse else rec)
    if not files:
        raise InputError(f"{path} has no <file> element; is it an XLIFF file?")
    if not records:
        raise InputError(
            f"{path} has no {source_lang}->{target_lang} units (language pairs in the file: "
            f"{', '.join(dict.fromkeys(pairs_seen))}); pass --source-lang/--target-lang with one of them"
        )
    units = tuple(Unit(uid, norm(s), norm(t), sl, tl, source_codes=sc, target_codes=tc, max_chars=limit)
                  for uid, s, t, sl, tl, sc, tc, limit in records)
    return UnitFile("xliff", path, path, source_lang, target_lang, units)


def _xliff1_units(f):
    for k, tu in enumerate(_descendants(f, "trans-unit"), 1):
        if (tu.get("translate") or "yes").lower() == "no":
            continue
        src = next(iter(_children(tu, "source")), None)
        tgt = next(iter(_children(tu, "target")), None)
        yield (tu.get("id") or str(k),
               inline_text(src, _DROP_XLIFF1) if src is not None else None,
               inline_text(tgt, _DROP_XLIFF1) if tgt is not None else None,
               src.sourceline if src is not None else None,
               tgt.sourceline if tgt is not None else None,
               inline_codes(src) if src is not None else (),
               inline_codes(tgt) if tgt is not None else (),
               _max_chars(tgt, tu))


def _xliff2_units(f):
    for k, unit in enumerate(_descendants(f, "unit"), 1):
        if (unit.get("translate") or "yes").lower() == "no":
            continue
        uid = unit.get("id") or str(k)
        segments = _children(unit, "segment")
        for n, seg in enumerate(segments, 1):
            src = next(iter(_children(seg, "source")), None)
            tgt = next(iter(_children(seg, "target")), None)
            sid = uid if len(segments) == 1 else f"{uid}#{seg.get('id') or n}"
            yield (sid,
                   inline_text(src, _DROP_XLIFF2) if src is not None else None,
                   inline_text(tgt, _DROP_XLIFF2) if tgt is not None else None,
                   src.sourceline if src is not None else None,
                   tgt.sourceline if tgt is not None else None,
                   inline_codes(src) if src is not None else (),
                   inline_codes(tgt) if tgt is not None else (),
                   _max_chars(tgt, seg, unit))


def _tmx(path: str, *, source_lang: str, target_lang: str, encoding: str | None = None) -> UnitFile:
    return read_tmx(path, source_lang=source_lang, target_lang=target_lang)  # XML declares its encoding


def _xliff(path: str, *, source_lang: str, target_lang: str, encoding: str | None = None) -> UnitFile:
    return read_xliff(path, source_lang=source_lang, target_lang=target_lang)  # XML declares its encoding


register_reader(Reader("tmx", "bilingual", (".tmx",), _tmx))
register_reader(Reader("xliff", "bilingual", (".xlf", ".xliff", ".xlf2"), _xliff))
