"""Reading a batch manifest: a TSV file with a header row or a JSONL file, one pair a line
(paths relative to the manifest's folder, or inline texts), into :class:`PairSpec` records.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from ..documents import read_text
from ..errors import ConfigError, InputError
from ..formats import BILINGUAL_FORMATS, detect_format


#: keys of a manifest row naming the pair
PAIR_KEYS = ("id", "source", "target", "source_text", "target_text")
#: per-pair options a manifest row may set (they override the command line for that pair)
PAIR_OPTIONS = ("segmentation", "source_lang", "target_lang", "input_format", "encoding",
                "source_encoding", "target_encoding")
#: options that are :class:`~aligncheck.config.Config` fields
_CONFIG_PAIR_OPTIONS = ("segmentation", "source_lang", "target_lang")
#: pairs read, embedded and finished together (the encoder sees one window's texts at once)


@dataclass(frozen=True)
class PairSpec:
    """One manifest row.

    Attributes:
        id: the pair's id (the ``id`` column, else the source path as written, else ``line N``).
        line: 1-based line of the row in the manifest.
        where: ``"MANIFEST line N"``, for messages.
        source, target: file paths (joined to the manifest's folder), or ``None`` for inline text.
        source_text, target_text: inline texts, or ``None`` for a file.
        options: per-pair options ``((name, value), ...)`` from :data:`PAIR_OPTIONS`.
    """

    id: str
    line: int
    where: str
    source: str | None = None
    target: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    options: tuple[tuple[str, str], ...] = ()


def _unescape(text: str) -> str:
    """TSV cell escapes of inline texts: ``\\n`` newline, ``\\t`` tab, ``\\\\`` backslash."""
    out, k = [], 0
    while k < len(text):
        ch = text[k]
        if ch == "\\" and k + 1 < len(text) and text[k + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[text[k + 1]])
            k += 2
        else:
            out.append(ch)
            k += 1
    return "".join(out)


def _spec(row: dict[str, Any], *, line: int, where: str, base: str, escaped: bool,
          allow_outside: bool = False) -> PairSpec:
    unknown = [k for k in row if k not in PAIR_KEYS + PAIR_OPTIONS]
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(PAIR_KEYS + PAIR_OPTIONS)}")
    values: dict[str, str] = {}
    for k, v in row.items():
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            raise InputError(f"{where}: {k} must be a string, not {type(v).__name__}")
        values[k] = v
    sides = {}
    bilingual = False
    if values.get("source") is not None:
        try:
            bilingual = detect_format(values["source"], values.get("input_format", "auto")) in BILINGUAL_FORMATS
        except ConfigError as exc:
            raise InputError(f"{where}: {exc}") from None
    for side in ("source", "target"):
        path, text = values.get(side), values.get(f"{side}_text")
        if side == "target" and bilingual:
            if path is not None or text is not None:
                raise InputError(f"{where}: {values['source']} holds both languages; leave target empty")
            continue
        if (path is None) == (text is None):
            what = "both" if path is not None else "neither"
            raise InputError(f"{where}: give exactly one of {side} (a path) and {side}_text (inline text), not {what}")
        if text is not None:
            text = _unescape(text) if escaped else text
            if not text.strip():
                raise InputError(f"{where}: {side}_text is blank")
            sides[f"{side}_text"] = text
        else:
            full = path if os.path.isabs(path) else os.path.join(base, path)
            folder = os.path.realpath(base or ".")
            real = os.path.realpath(full)
            from ..project.config_file import under_git_folder

            if under_git_folder(folder, full):
                raise InputError(f"{where}: {side} {path!r} is or leads into a .git folder; git's own files (which "
                                 "may hold credentials) are never read, even with --allow-outside-paths")
            if not allow_outside and not (real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)):
                raise InputError(f"{where}: {side} {path!r} lies outside the manifest's folder {folder}; a manifest "
                                 "names files below its own folder (pass --allow-outside-paths to trust it)")
            sides[side] = full
    pair_id = values.get("id") or values.get("source") or f"line {line}"
    options = tuple((k, values[k]) for k in PAIR_OPTIONS if k in values)
    return PairSpec(id=pair_id, line=line, where=where, options=options, **sides)


def read_manifest(path: str, *, allow_outside: bool = False) -> list[PairSpec]:
    """Read a manifest: JSONL (``.jsonl``/``.ndjson``, or a first non-blank character ``{``) with
    one object per line, or TSV with a header row; both with the keys :data:`PAIR_KEYS` and
    :data:`PAIR_OPTIONS`. Relative paths are joined to the manifest's folder; a path that leads
    out of that folder (absolute, ``..``, a symlink) is refused unless ``allow_outside``. Blank lines (and
    TSV lines starting with ``#``) are skipped. In TSV, inline texts may use the escapes ``\\n``,
    ``\\t`` and ``\\\\``.

    Returns:
        The pairs in manifest order.

    Raises:
        InputError: the manifest cannot be read, a row is malformed (message
            ``MANIFEST line N: ...``), no row, two rows share an id, or two rows name the same
            files (after symlinks) or files of the same contents, with the same options.
    """
    text, _ = read_text(path, role="source")
    base = os.path.dirname(path)
    lines = text.splitlines()
    first = next((ln.lstrip() for ln in lines if ln.strip()), "")
    if not first:
        raise InputError(f"{path}: the manifest is empty; give a header row (source, target, id) and one pair a line")
    specs: list[PairSpec] = []
    if path.lower().endswith((".jsonl", ".ndjson")) or first.startswith("{"):
        for n, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            where = f"{path} line {n}"
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not a JSON object ({exc.msg} at column {exc.colno})") from None
            except RecursionError:
                raise InputError(f"{where}: nested too deeply for a manifest line (a flat JSON object)") from None
            if not isinstance(row, dict):
                raise InputError(f"{where}: a manifest line must be a JSON object with source and target")
            from ..documents import check_no_surrogates

            for key, value in row.items():
                for text in (key, value if isinstance(value, str) else ""):
                    check_no_surrogates(text, f"{where}: {key!r}", hint="remove the \\u escape of half a character")
            specs.append(_spec(row, line=n, where=where, base=base, escaped=False, allow_outside=allow_outside))
    else:
        header_no = next(n for n, ln in enumerate(lines, 1) if ln.strip())
        header = [h.strip() for h in lines[header_no - 1].split("\t")]
        where0 = f"{path} line {header_no}"
        if len(set(header)) != len(header):
            raise InputError(f"{where0}: a column name appears twice in the header")
        for h in header:
            if h not in PAIR_KEYS + PAIR_OPTIONS:
                raise InputError(f"{where0}: unknown column {h!r} in the header (tab-separated); known columns: "
                                 f"{', '.join(PAIR_KEYS + PAIR_OPTIONS)}")
        for n, raw in enumerate(lines[header_no:], header_no + 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = raw.split("\t")
            where = f"{path} line {n}"
            if len(cells) != len(header):
                raise InputError(f"{where}: {len(cells)} tab-separated cells, the header has {len(header)}")
            specs.append(_spec(dict(zip(header, cells)), line=n, where=where, base=base, escaped=True,
                               allow_outside=allow_outside))
    if not specs:
        raise InputError(f"{path}: the manifest has a header but no pair")
    seen: dict[str, PairSpec] = {}
    pairs: dict[tuple, PairSpec] = {}
    for s in specs:
        if s.id in seen:
            raise InputError(f"{s.where}: id {s.id!r} is already used on line {seen[s.id].line}; ids must be unique")
        seen[s.id] = s
        # the same files again would be read, checked and written again: a manifest of a few bytes
        # a row could make hours of work and gigabytes of results
        key = (None if s.source is None else os.path.realpath(s.source),
               None if s.target is None else os.path.realpath(s.target), s.source_text, s.target_text, s.options)
        if s.source is not None and key in pairs:
            raise InputError(f"{s.where}: the same pair (source, target and options) as line {pairs[key].line}; each "
                             "pair is checked once: remove the repeated row")
        pairs.setdefault(key, s)
        # copies under other names (git stores one blob: a tiny push, many files) are the same pair too
        digest = (_digest(s.source), _digest(s.target), s.options) if s.source is not None else None
        if digest is not None and None not in digest[:2]:
            if digest in pairs:
                raise InputError(f"{s.where}: the same files' contents (source, target) and options as line "
                                 f"{pairs[digest].line}; each pair is checked once: remove the repeated row")
            pairs[digest] = s
    return specs


def _digest(path: str | None) -> str | None:
    """SHA-256 of the regular file at ``path`` (hex), ``None`` when it is not one (the row's
    reader says why later)."""
    import hashlib
    import stat as _stat

    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not _stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        h = hashlib.sha256()
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return h.hexdigest()
            h.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
