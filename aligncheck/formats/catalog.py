"""i18n catalogs: a source and a target JSON or YAML file whose string values are paired by key.

Nested objects are flattened to dotted keys (``menu.file.open``), list items get their 0-based
index (``steps.2``). Only string values are translatable (``null`` counts as an empty string;
numbers and booleans are left out). A YAML file whose top level is one key equal to the file's
language (Rails: ``ar:`` / ``en:``) is read below that key. Keys present in one file only are
kept as units with the other side ``None`` (the checks report them), except CLDR plural forms
(``_few``/``.few`` ...) that the other language does not have: they are compared with its
``other`` form (:func:`plural_partner`).

JSON is parsed by a small scanner over the standard library's decoder, to know the line of each
key; YAML with PyYAML's safe composer (no Python objects, no tags executed).
"""

from __future__ import annotations

import json
import re

from ..documents import read_text
from ..errors import InputError
from ..types import Unit
from .blocks import LineIndex
from .units import UnitFile, norm
from .registry import Reader, register_reader

_WS = " \t\r\n"


class _JsonScanner:
    """Recursive-descent JSON reader that records the 1-based line of every string leaf."""

    def __init__(self, text: str, path: str):
        self.s = text
        self.path = path
        self.decoder = json.JSONDecoder()
        self.out: dict[str, tuple[str, int]] = {}
        self.lines = LineIndex(text)

    def line(self, pos: int) -> int:
        return self.lines.line(pos)

    def fail(self, pos: int, what: str):
        raise InputError(f"{self.path} line {self.line(pos)}: not valid JSON ({what}); fix the syntax")

    def ws(self, i: int) -> int:
        while i < len(self.s) and self.s[i] in _WS:
            i += 1
        return i

    def value(self, i: int, key: str) -> int:
        i = self.ws(i)
        if i >= len(self.s):
            self.fail(i, "unexpected end of file")
        ch = self.s[i]
        if ch == "{":
            i = self.ws(i + 1)
            if i < len(self.s) and self.s[i] == "}":
                return i + 1
            while True:
                i = self.ws(i)
                if i >= len(self.s) or self.s[i] != '"':
                    self.fail(i, "expected a quoted key")
                k, i = self.scalar(i)
                i = self.ws(i)
                if i >= len(self.s) or self.s[i] != ":":
                    self.fail(i, "expected ':' after a key")
                i = self.value(i + 1, f"{key}.{k}" if key else k)
                i = self.ws(i)
                if i < len(self.s) and self.s[i] == ",":
                    i += 1
                    continue
                if i < len(self.s) and self.s[i] == "}":
                    return i + 1
                self.fail(i, "expected ',' or '}'")
        if ch == "[":
            i = self.ws(i + 1)
            if i < len(self.s) and self.s[i] == "]":
                return i + 1
            n = 0
            while True:
                i = self.value(i, f"{key}.{n}" if key else str(n))
                n += 1
                i = self.ws(i)
                if i < len(self.s) and self.s[i] == ",":
                    i += 1
                    continue
                if i < len(self.s) and self.s[i] == "]":
                    return i + 1
                self.fail(i, "expected ',' or ']'")
        v, end = self.scalar(i)
        if isinstance(v, str) or v is None:
            _add(self.out, key, "" if v is None else v, self.line(i), self.path)
        return end

    def scalar(self, i: int):
        try:
            return self.decoder.raw_decode(self.s, i)
        except json.JSONDecodeError as e:
            self.fail(e.pos, e.msg)


def _add(out: dict[str, tuple[str, int]], key: str, value: str, line: int, path: str) -> None:
    """``out[key] = (value, line)``, refusing a key seen before: a duplicate key, or ``"a.b"``
    next to a nested ``a: {b: ...}``, would otherwise replace a string without a word.

    Raises:
        InputError: naming both lines.
    """
    if key in out:
        raise InputError(f"{path} line {line}: the key {key!r} is already on line {out[key][1]} (a duplicate key, or "
                         "a dotted key that equals a nested one); give each string one key")
    out[key] = (value, line)


def _too_deep(path: str, kind: str) -> InputError:
    return InputError(f"{path}: {kind} nested too deeply for an i18n catalog (hundreds of levels); "
                      "give a catalog of strings a few levels deep")


def _json_strings(text: str, path: str) -> dict[str, tuple[str, int]]:
    sc = _JsonScanner(text, path)
    try:
        end = sc.ws(sc.value(0, ""))
    except RecursionError:
        raise _too_deep(path, "JSON") from None
    if end < len(text):
        sc.fail(end, "extra data after the top-level value")
    from ..documents import check_no_surrogates

    for key, (value, line) in sc.out.items():  # a "\\ud800" escape decodes to a lone surrogate
        for what, text in (("key", key), ("value", value)):
            check_no_surrogates(text, f"the {what} on {path} line {line}",
                                hint="remove the \\u escape of half a character")
    return sc.out


#: most values walked in one YAML catalog, aliases expanded (a bound against alias bombs)
MAX_YAML_NODES = 200_000
#: most code points of keys and values one YAML catalog may yield, aliases expanded, beyond its
#: own length (``len(text) + MAX_YAML_EXPANSION``): an alias may repeat a value, not multiply the file
MAX_YAML_EXPANSION = 1_000_000


def _yaml_strings(text: str, path: str, lang: str) -> dict[str, tuple[str, int]]:
    import yaml

    path_name = path

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise _too_deep(path, "YAML") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        reason = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"{path}{where}: not valid YAML ({reason}); fix the syntax") from None
    out: dict[str, tuple[str, int]] = {}
    if root is None:
        return out
    if isinstance(root, yaml.MappingNode) and len(root.value) == 1:
        k, v = root.value[0]
        if isinstance(k, yaml.ScalarNode) and k.value.lower().replace("_", "-").split("-")[0] == lang.lower():
            root = v

    path: set[int] = set()  # collections being walked: an alias back to one is a cycle
    visits = [0]
    budget = [len(text) + MAX_YAML_EXPANSION]  # code points of keys and values still allowed

    def spend(n: int, node) -> None:
        budget[0] -= n
        if budget[0] < 0:
            raise InputError(
                f"{path_name} line {node.start_mark.line + 1}: its keys and values, aliases expanded, exceed the "
                f"file's length by more than {MAX_YAML_EXPANSION:,} characters (a YAML alias bomb?); "
                "write the values out or use fewer aliases")

    def walk(node, key: str) -> None:
        visits[0] += 1
        if visits[0] > MAX_YAML_NODES:
            raise InputError(f"{path_name} has more than {MAX_YAML_NODES:,} values once its aliases are expanded; "
                             "is it an i18n catalog?")
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in path:
                raise InputError(f"{path_name} line {node.start_mark.line + 1}: a YAML alias refers to a value that "
                                 "contains it (a cycle); remove the alias")
            path.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    name = k.value if isinstance(k, yaml.ScalarNode) else str(k.start_mark.line + 1)
                    walk(v, f"{key}.{name}" if key else name)
            else:
                for n, v in enumerate(node.value):
                    walk(v, f"{key}.{n}" if key else str(n))
            path.discard(id(node))
        elif isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":str"):
                spend(len(key) + len(node.value), node)
                _add(out, key, node.value, node.start_mark.line + 1, path_name)
            elif node.tag.endswith(":null"):
                spend(len(key), node)
                _add(out, key, "", node.start_mark.line + 1, path_name)

    try:
        walk(root, "")
    except RecursionError:
        raise _too_deep(path_name, "YAML") from None
    return out


_PLURAL = re.compile(r"^(.+)([._])(zero|one|two|few|many|other)$")


def plural_partner(key: str, other: dict) -> str | None:
    """For a CLDR plural-form key (i18next ``files_few``, Rails ``files.few``), the key of the
    same message in ``other`` (a catalog's keys) when ``other`` lacks that form: its ``other``
    form, else ``many``, ``few``, ``one``. ``None`` for a key that is not a plural form or whose
    message ``other`` does not have. Languages have different plural forms (Arabic six, English
    two), so a form one side lacks is not a missing key."""
    m = _PLURAL.match(key)
    if not m:
        return None
    for form in ("other", "many", "few", "one", "two", "zero"):
        candidate = f"{m.group(1)}{m.group(2)}{form}"
        if candidate in other:
            return candidate
    return None


def read_catalogs(
    source_path: str,
    target_path: str,
    *,
    fmt: str,
    source_lang: str,
    target_lang: str,
    source_encoding: str | None = None,
    target_encoding: str | None = None,
) -> UnitFile:
    """Pair the string values of a source and a target catalog (``fmt`` ``"json"`` or
    ``"yaml"``) by key, in the source file's key order (target-only keys after them).

    Returns:
        A :class:`UnitFile` whose unit ids are the flattened keys and lines the 1-based lines
        of the values in each file.

    Raises:
        InputError: unreadable, undecodable or invalid file (with its line), or a source
            catalog without any string value.
    """
    sides = []
    used = "utf-8"
    for path, lang, enc, role in ((source_path, source_lang, source_encoding, "source"),
                                  (target_path, target_lang, target_encoding, "target")):
        text, used_here = read_text(path, encoding=enc, role=role)
        used = used_here if role == "source" else used
        sides.append(_json_strings(text, path) if fmt == "json" else _yaml_strings(text, path, lang))
    src, tgt = sides
    if not src:
        raise InputError(f"source file {source_path} has no string values to check")
    return pair_by_key(src, tgt, fmt=fmt, source_path=source_path, target_path=target_path,
                       source_lang=source_lang, target_lang=target_lang, encoding=used)


def pair_by_key(
    src: dict[str, tuple[str, int]],
    tgt: dict[str, tuple[str, int]],
    *,
    fmt: str,
    source_path: str,
    target_path: str,
    source_lang: str,
    target_lang: str,
    encoding: str = "utf-8",
    notes: tuple[str, ...] = (),
) -> UnitFile:
    """The :class:`UnitFile` of a source and a target catalog already parsed into
    ``{key: (text, 1-based line)}``: units in the source's key order, then the keys only in the
    target; a key one side lacks has ``None`` there, except a plural form the other language
    does not have (:func:`plural_partner`). Texts are NFC-normalised (:func:`~.units.norm`).
    Any catalog reader (JSON, YAML, ``.properties`` ...) pairs its two files with this."""
    units = []
    for key, (text, line) in src.items():
        t = tgt.get(key) or tgt.get(plural_partner(key, tgt) or "")
        units.append(Unit(key, norm(text), norm(t[0]) if t else None, line, t[1] if t else None))
    for key, (text, line) in tgt.items():
        if key not in src and not plural_partner(key, src):
            units.append(Unit(key, None, norm(text), None, line))
    return UnitFile(fmt, source_path, target_path, source_lang, target_lang, tuple(units), encoding, notes)


def _json(source_path: str, target_path: str, **kw) -> UnitFile:
    return read_catalogs(source_path, target_path, fmt="json", **kw)


def _yaml(source_path: str, target_path: str, **kw) -> UnitFile:
    return read_catalogs(source_path, target_path, fmt="yaml", **kw)


register_reader(Reader("json", "catalog", (".json",), _json))
register_reader(Reader("yaml", "catalog", (".yaml", ".yml"), _yaml))
