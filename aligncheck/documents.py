"""Read input files: bytes -> text (encoding rules, BOM, NFC) -> :class:`~aligncheck.types.Document`.

Encoding rules (:func:`decode_bytes`):

* ``encoding`` given: decode with it (a leading BOM is removed).
* otherwise a byte-order mark decides: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE (BOM removed);
* otherwise the bytes must be UTF-8. Anything else is an :class:`~aligncheck.errors.InputError`
  whose message names the file, the byte offset, the likely encoding (charset-normalizer) and
  the fix. NUL bytes mean a binary file or UTF-16 without a BOM and are refused too.

Every U+FEFF is removed from the decoded text (a BOM, or BOM leftovers from concatenated
files). :func:`read_document` then NFC-normalises the text, so ``Document.text`` is NFC
with the file's own line endings, and segment offsets index that text.

Script checks (:func:`check_script`) catch swapped source/target files;
:func:`split_bilingual` splits a one-file "Arabic block then English block" layout.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata

from .errors import ConfigError, InputError
from .languages import LANGUAGE_NAMES, LANGUAGE_SCRIPTS, SCRIPT_NAMES
from .segment import check_mode, segment_text
from .types import Document

__all__ = [
    "decode_bytes",
    "read_document",
    "split_bilingual",
    "check_script",
    "script_share",
    "LANGUAGE_SCRIPTS",
]

ROLES = ("source", "target")

#: Minimum share of a document's letters in its declared script.
MIN_SCRIPT_SHARE = {"arabic": 0.3, "latin": 0.5}

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ConfigError(f"role must be 'source' or 'target', not {role!r}")


def _friendly_codec(name: str) -> str:
    """``cp1256`` -> ``windows-1256``, ``iso8859_6`` -> ``iso-8859-6`` (names Python accepts)."""
    n = name.lower().replace("_", "-")
    if n.startswith("cp125"):
        return "windows-" + n[2:]
    if n.startswith("iso8859-"):
        return "iso-8859-" + n[len("iso8859-") :]
    return n


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess (a codec name Python accepts), or None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    return _friendly_codec(best.encoding)


def _nul_error(data: bytes, path: str, role: str, offset: int) -> InputError:
    odd = sum(1 for i in range(1, min(len(data), 4096), 2) if data[i] == 0)
    even = sum(1 for i in range(0, min(len(data), 4096), 2) if data[i] == 0)
    if odd > 4 * max(even, 1):
        hint = "it looks like UTF-16-LE: convert it to UTF-8 or pass --encoding utf-16-le"
    elif even > 4 * max(odd, 1):
        hint = "it looks like UTF-16-BE: convert it to UTF-8 or pass --encoding utf-16-be"
    else:
        hint = "give a UTF-8 text file"
    return InputError(
        f"{role} file {path} contains NUL bytes at offset {offset}: a binary file or UTF-16 "
        f"without a byte-order mark; {hint}"
    )


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def check_no_surrogates(text: str, what: str, *, hint: str = "fix the text") -> None:
    """Refuse ``text`` holding a lone surrogate (U+D800-U+DFFF): not a character, so no report
    can hold it (a codec such as utf-7 or raw_unicode_escape, or a JSON ``\\ud800`` escape, makes
    one). ``what`` names the text in the message.

    Raises:
        InputError: naming ``what``, the code point and its 0-based offset (code points).
    """
    m = _SURROGATE_RE.search(text)
    if m:
        raise InputError(f"{what} holds a lone surrogate U+{ord(m.group()):04X} at offset {m.start()}, which is not a "
                         f"character; {hint}")


def decode_bytes(
    data: bytes, *, path: str, encoding: str | None = None, role: str = "source"
) -> tuple[str, str]:
    """Decode a file's bytes.

    Args:
        data: the file's bytes.
        path: the path as the user gave it (for messages only).
        encoding: a Python codec name to use instead of BOM sniffing / UTF-8.
        role: ``"source"`` or ``"target"`` (for messages only).

    Returns:
        ``(text, encoding_used)``: the text with every U+FEFF removed and line endings as in
        the bytes; ``encoding_used`` is ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with BOM),
        ``"utf-16-le"``, ``"utf-16-be"``, ``"utf-32-le"``, ``"utf-32-be"`` or the given name.

    Raises:
        InputError: bytes not valid UTF-8 (message gives the byte offset, 0-based, and the
            likely encoding), not valid in the given/BOM encoding, or NUL bytes in the text.
        ConfigError: ``encoding`` is not a codec Python knows.
    """
    _check_role(role)
    if encoding is not None:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(f"unknown encoding {encoding!r} for {role} file {path}") from None
        if not getattr(info, "_is_text_encoding", True):
            raise ConfigError(f"{encoding!r} is not a text encoding (for {role} file {path}); use e.g. utf-8 or windows-1256")
        codec = info.name
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            raise InputError(
                f"{role} file {path} is not valid {encoding} (byte 0x{data[e.start]:02x} at offset "
                f"{e.start}); check --encoding"
            ) from None
        except (UnicodeError, ValueError) as e:  # punycode, idna ...: not a byte position
            raise InputError(f"{role} file {path} is not valid {encoding} ({e}); check --encoding") from None
        check_no_surrogates(text, f"{role} file {path} read as {encoding}", hint="check --encoding")
        used = encoding
    else:
        for bom, name in _BOMS:
            if data.startswith(bom):
                try:
                    text = data.decode(name)
                except UnicodeDecodeError as e:
                    raise InputError(
                        f"{role} file {path} starts with a {name.upper()} byte-order mark but is not "
                        f"valid {name.upper()} (offset {e.start}); convert it to UTF-8"
                    ) from None
                used = name
                break
        else:
            nul = data.find(b"\x00")
            if nul >= 0:
                raise _nul_error(data, path, role, nul)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as e:
                guess = _guess_encoding(data)
                how = (
                    f"it looks like {guess}: convert it to UTF-8 or pass --encoding {guess}"
                    if guess
                    else "convert it to UTF-8 or pass --encoding NAME"
                )
                raise InputError(
                    f"{role} file {path} is not valid UTF-8 (byte 0x{data[e.start]:02x} at offset "
                    f"{e.start}); {how}"
                ) from None
            used = "utf-8"
    text = text.replace("\ufeff", "")
    if "\x00" in text:
        raise InputError(
            f"{role} file {path} contains NUL characters after decoding as {used}: "
            "a binary file or the wrong --encoding"
        )
    return text, used


#: largest input file read, in bytes (a bound against devices and runaway inputs)
MAX_INPUT_BYTES = 256 * 1024 * 1024


def _read_bytes(path: str, role: str) -> bytes:
    if os.path.isdir(path):
        raise InputError(f"{role} file {path} is a directory, not a file")
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            raise InputError(f"{role} file {path} is a device, not a text file")
        if stat.S_ISFIFO(mode):  # reading would wait for a writer for ever
            raise InputError(f"{role} file {path} is a named pipe (FIFO), not a text file")
        with open(path, "rb") as f:
            data = f.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(f"{role} file {path} is larger than {MAX_INPUT_BYTES // 2**20} MiB; split it into smaller documents")
        return data
    except FileNotFoundError:
        raise InputError(f"{role} file {path} does not exist") from None
    except PermissionError:
        raise InputError(f"{role} file {path} cannot be read (permission denied)") from None
    except OSError as e:
        raise InputError(f"{role} file {path} cannot be read ({e.strerror or e})") from None


def read_text(path: str, *, encoding: str | None = None, role: str = "source") -> tuple[str, str]:
    """Read and decode one file (see :func:`decode_bytes`), NFC-normalised, U+FEFF removed.

    Returns:
        ``(text, encoding used)``.

    Raises:
        InputError: missing, directory, unreadable or undecodable file.
        ConfigError: bad ``role`` or ``encoding`` name.
    """
    _check_role(role)
    data = _read_bytes(path, role)
    text, used = decode_bytes(data, path=path, encoding=encoding, role=role)
    return unicodedata.normalize("NFC", text), used


def make_document(
    text: str,
    *,
    path: str,
    lang: str,
    mode: str = "sentences",
    encoding: str = "utf-8",
    role: str = "source",
    check: bool = True,
) -> Document:
    """Segment decoded ``text`` into a :class:`Document`.

    Raises:
        InputError: no segment (empty or whitespace-only text), a lone surrogate
            (:func:`check_no_surrogates`), or (``check``) letters in the wrong script for ``lang``.
        ConfigError: bad ``mode`` or ``role``.
    """
    _check_role(role)
    check_mode(mode)
    check_no_surrogates(text, f"{role} file {path}")
    return build_document(text, segment_text(text, lang, mode=mode), path=path, lang=lang, encoding=encoding,
                          role=role, check=check)


#: most segments of one document: bounds a check's memory (about 1.4 GiB at 100,000 a side,
#: bench/HOSTILE.md) and its report, below the 256 MiB file limit
MAX_SEGMENTS = 100_000


def build_document(
    text: str,
    segments,
    *,
    path: str,
    lang: str,
    encoding: str = "utf-8",
    role: str = "source",
    check: bool = True,
) -> Document:
    """The :class:`Document` of ``text`` and its ``segments`` (a sequence of
    :class:`~aligncheck.types.Segment`, from any reader).

    Raises:
        InputError: no segment, more than :data:`MAX_SEGMENTS`, or (``check``) letters in the
            wrong script for ``lang``.
    """
    if not segments:
        raise InputError(f"{role} file {path} is empty (no sentences)")
    if len(segments) > MAX_SEGMENTS:
        raise InputError(f"{role} file {path} has {len(segments):,} segments, more than the {MAX_SEGMENTS:,} one check "
                         "handles (time, memory and report size grow with them); split it into smaller documents")
    doc = Document(path=path, lang=lang, text=text, segments=tuple(segments), encoding=encoding)
    if check:
        check_script(doc, role=role)
    return doc


def read_document(
    path: str,
    lang: str,
    *,
    mode: str = "sentences",
    encoding: str | None = None,
    role: str = "source",
    check: bool = True,
) -> Document:
    """Read, decode, NFC-normalise and segment one file.

    Args:
        path: file path (kept as given in ``Document.path`` and in messages).
        lang: ISO 639-1 code of the file's language.
        mode: ``"sentences"`` or ``"lines"`` (see :func:`aligncheck.segment.segment_text`).
        encoding: codec to use instead of BOM sniffing / UTF-8 (see :func:`decode_bytes`).
        role: ``"source"`` or ``"target"``, used in messages.
        check: also run :func:`check_script` (declared language vs script of the letters).

    Returns:
        A :class:`Document` whose ``text`` is the decoded text, NFC, without U+FEFF, with the
        file's line endings; segment offsets are code points into it.

    Raises:
        InputError: missing, directory, unreadable, undecodable or empty file (no segment),
            or (``check``) letters in the wrong script.
        ConfigError: bad ``mode``, ``role`` or ``encoding`` name.
    """
    check_mode(mode)
    text, used = read_text(path, encoding=encoding, role=role)
    return make_document(text, path=path, lang=lang, mode=mode, encoding=used, role=role, check=check)


# --------------------------------------------------------------------------- scripts


def _script_of(ch: str) -> str | None:
    """``"arabic"``, ``"latin"``, ``"other"`` for a letter, ``None`` for a non-letter."""
    if not ch.isalpha():
        return None
    cp = ord(ch)
    if (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x0870 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ):
        return "arabic"
    if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF or 0x2C60 <= cp <= 0x2C7F or 0xA720 <= cp <= 0xA7FF:
        return "latin"  # ASCII letters, Latin-1, Latin Extended-A/B/Additional/C/D (letters only)
    return "other"


def letter_counts(text: str) -> dict[str, int]:
    """Letters (``str.isalpha``) of ``text`` by script: ``{"arabic": n, "latin": n, "other": n}``."""
    out = {"arabic": 0, "latin": 0, "other": 0}
    for ch in text:
        s = _script_of(ch)
        if s:
            out[s] += 1
    return out


def script_share(text: str, script: str) -> float:
    """Share of ``text``'s letters that are in ``script``.

    Args:
        text: any text.
        script: ``"arabic"`` or ``"latin"``.

    Returns:
        A fraction in [0, 1]: letters (``str.isalpha``) of that script / all letters;
        0.0 when the text has no letters. Digits, marks and punctuation are not letters.

    Raises:
        ConfigError: unknown ``script``.
    """
    if script not in SCRIPT_NAMES:
        raise ConfigError(f"script must be 'arabic' or 'latin', not {script!r}")
    c = letter_counts(text)
    total = sum(c.values())
    return c[script] / total if total else 0.0


def check_script(doc: Document, *, role: str = "source") -> None:
    """Check that a document's letters are in the script of its declared language.

    Arabic-script languages (ar, fa, ur, ...) need at least 30 % Arabic-script letters,
    Latin-script ones (en, fr, de, es, it, pt, nl, ...) at least 50 % Latin letters.
    Languages not in :data:`LANGUAGE_SCRIPTS` are not checked; a document with no letters at
    all is refused whatever its language (there is no text to check).

    Raises:
        InputError: e.g. ``source file en.txt is declared Arabic (ar) but contains no Arabic
            letters; are the source and target files swapped?``
    """
    c = letter_counts("".join(s.text if s.plain is None else s.plain for s in doc.segments))
    total = sum(c.values())
    if not total:
        raise InputError(f"{role} file {doc.path} contains no letters (only digits, punctuation or symbols); nothing to check")
    script = LANGUAGE_SCRIPTS.get(doc.lang.lower().split("-")[0].split("_")[0])
    if script is None:
        return
    share = c[script] / total
    if share >= MIN_SCRIPT_SHARE[script]:
        return
    lang_name = LANGUAGE_NAMES.get(doc.lang.lower(), doc.lang)
    script_name = SCRIPT_NAMES[script]
    found = "no" if c[script] == 0 else f"only {share:.0%}"
    dominant = max(c, key=lambda k: c[k])
    looks = f" (it looks like {SCRIPT_NAMES.get(dominant, 'another script')} text)" if dominant != script else ""
    hint = "are the source and target files swapped?" if dominant != script else "check the file and --encoding"
    if doc.encoding not in ("utf-8", "utf-8-sig") and not doc.encoding.startswith("utf-"):
        hint = f"check --encoding (read as {doc.encoding})"
    raise InputError(
        f"{role} file {doc.path} is declared {lang_name} ({doc.lang}) but contains {found} "
        f"{script_name} letters{looks}; {hint}"
    )


# --------------------------------------------------------------------------- bilingual files


def _line_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end_without_eol, end_with_eol)`` per line; CR, LF, CRLF end lines."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        j = i
        while j < n and text[j] not in "\r\n":
            j += 1
        k = j
        if k < n:
            k += 2 if text[k] == "\r" and k + 1 < n and text[k + 1] == "\n" else 1
        out.append((i, j, k))
        i = k
    return out


def split_bilingual(
    text: str, *, path: str, source_lang: str = "ar", target_lang: str = "en"
) -> tuple[str, str]:
    """Split a one-file bilingual document (a block of source lines, then a block of target
    lines, like the seed article) by the script of each line.

    Line numbers are kept: both returned texts have exactly the lines of ``text`` (same
    line endings), the other side's lines emptied. So a segment on line 17 of the returned
    target text is on line 17 of the file. Lines without letters (numbers, ``***``) stay
    with the block they are in. (Code-point offsets are those of the returned texts.)

    Args:
        text: the decoded file.
        path: the path as given (for messages).
        source_lang, target_lang: ISO 639-1 codes; their scripts must differ
            (see :data:`LANGUAGE_SCRIPTS`).

    Returns:
        ``(source_text, target_text)``.

    Raises:
        InputError: not exactly one source-script block followed by one target-script block
            (the message says which line breaks the layout).
        ConfigError: unknown language script, or both languages in the same script.
    """
    s_script = LANGUAGE_SCRIPTS.get(source_lang)
    t_script = LANGUAGE_SCRIPTS.get(target_lang)
    if s_script is None or t_script is None or s_script == t_script:
        raise ConfigError(
            f"cannot split {path} by script: {source_lang} and {target_lang} must be languages of "
            "different known scripts (e.g. ar and en); give two files instead"
        )
    s_name = LANGUAGE_NAMES.get(source_lang, source_lang)
    t_name = LANGUAGE_NAMES.get(target_lang, target_lang)
    spans = _line_spans(text)
    target_start = None  # 0-based index of the first target-script line
    first_source = None
    for i, (a, b, _) in enumerate(spans):
        c = letter_counts(text[a:b])
        if c["arabic"] + c["latin"] == 0:
            continue
        side = s_script if c[s_script] >= c[t_script] else t_script
        if side == s_script:
            if target_start is not None:
                raise InputError(
                    f"{path}:{i + 1}: {s_name} text again after the {t_name} block that starts at "
                    f"line {target_start + 1}; a bilingual file must be one {s_name} block followed "
                    f"by one {t_name} block (or give two files)"
                )
            if first_source is None:
                first_source = i
        else:
            if first_source is None:
                raise InputError(
                    f"{path}:{i + 1}: the file starts with {t_name} text; a bilingual file must be "
                    f"one {s_name} block followed by one {t_name} block (are the languages swapped?)"
                )
            if target_start is None:
                target_start = i
    if first_source is None:
        raise InputError(f"{path} has no {s_name} lines: cannot split it into {s_name} and {t_name}")
    if target_start is None:
        raise InputError(
            f"{path} has no {t_name} lines after the {s_name} block: give the translation as a "
            "second file or append it after the source"
        )
    cut = spans[target_start][0]
    src_eols = "".join(text[b:k] for a, b, k in spans[target_start:])
    tgt_eols = "".join(text[b:k] for a, b, k in spans[:target_start])
    return text[:cut] + src_eols, tgt_eols + text[cut:]
