"""Seals on batch result lines, so a resumed run keeps only lines this machine wrote for the
files as they are now.

A pull request (or anyone who can write the ``--output`` file) could plant a line that says a
pair passed. Each line therefore ends with ``"seal"``: an HMAC-SHA256, keyed with a secret kept
outside the checkout (``batch-resume.key`` in the embedding cache folder,
:func:`aligncheck.cache.default_cache_dir`, mode 0600, made on first use), over the SHA-256 of
the pair's source and target bytes (inline texts: their UTF-8) and the line itself. On resume a
line without a seal, or whose seal does not match the key, the current files and the line, is
refused (never silently recomputed: the output file was tampered with or is stale).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from ..errors import InputError

KEY_FILE = "batch-resume.key"
_SEAL = ',"seal":"'


def resume_key() -> bytes:
    """The machine's resume key (32 random bytes), created on first use.

    Raises:
        InputError: the key file cannot be read or made.
        ConfigError: the cache folder holds files a git repository tracks.
    """
    from ..cache import check_not_in_repository, default_cache_dir

    check_not_in_repository(default_cache_dir())  # a committed key would make forged seals valid
    path = default_cache_dir() / KEY_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            key = fh.read()
    except OSError as exc:
        raise InputError(f"cannot keep the batch resume key {path}: {exc.strerror or exc}") from None
    if len(key) < 32:
        raise InputError(f"the batch resume key {path} is damaged; delete it (results written with it can then not "
                         "be resumed)")
    return key


def _content(spec) -> bytes:
    """SHA-256 digests of a manifest row's source and target content, concatenated (64 bytes).

    Raises:
        InputError: a file cannot be read.
    """
    out = b""
    for path, text in ((spec.source, spec.source_text), (spec.target, spec.target_text)):
        if path is not None:
            h = hashlib.sha256()
            try:
                with open(path, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
            except OSError as exc:
                raise InputError(f"{spec.where}: cannot read {path}: {exc.strerror or exc}") from None
            out += h.digest()
        else:
            out += hashlib.sha256((text or "").encode("utf-8", "surrogatepass")).digest()
    return out


def _mac(key: bytes, spec, body: str) -> str:
    return hmac.new(key, _content(spec) + body.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def seal_line(spec, line: str, key: bytes | None = None) -> str:
    """``line`` (a result line ending ``}\\n``) with its ``"seal"`` added as the last key.

    Raises:
        InputError: the key or a file cannot be read.
    """
    body = line.rstrip("\n")
    return body[:-1] + _SEAL + _mac(key or resume_key(), spec, body) + '"}\n'


def check_seal(spec, line: bytes, where: str, key: bytes | None = None) -> None:
    """Refuse a resumed ``line`` (raw bytes, without its newline) whose seal is missing or does
    not match the key, the row's current files and the line.

    Raises:
        ConfigError: naming ``where`` (the output file's line and the id).
        InputError: the key or a file cannot be read.
    """
    from ..errors import ConfigError

    text = line.decode("utf-8", "surrogateescape")
    k = text.rfind(_SEAL)
    ok = k >= 0 and text.endswith('"}')
    if ok:
        body, got = text[:k] + "}", text[k + len(_SEAL):-2]
        ok = hmac.compare_digest(got, _mac(key or resume_key(), spec, body))
    if not ok:
        raise ConfigError(f"{where} has no valid seal: it was not written by aligncheck on this machine for the files "
                          "as they are now (changed since, or forged); write to a new --output, or delete it to start "
                          "over")
