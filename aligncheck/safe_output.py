"""Writing report files in a folder a pull request controls, without following its symlinks.

``aligncheck ci --output-sarif aligncheck.sarif`` runs in a checkout of the pull request, which
may commit ``aligncheck.sarif`` (or a folder on the output path) as a symbolic link to a file
outside the repository. Nothing is ever written through such a link, dangling or not:

* :func:`check_output_path` refuses a path of which any component at or below the
  untrusted tree (the repository holding the current folder, see
  :func:`aligncheck.project.repository_root`) is a symlink; links above it (``/dev/stdout``,
  ``/tmp`` -> ``/private/tmp``) belong to whoever wrote the CI job and are followed;
* :func:`write_report` writes a new file beside the target and renames it over the path (a
  rename replaces a link rather than following it), mode ``0666 & ~umask`` (an existing file's
  permission bits are kept without any execute bit); a device or pipe outside the tree
  (``/dev/null``) is written directly;
* :func:`open_append` opens a file for appending with ``O_NOFOLLOW``.

Library code: raises, never prints.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import ConfigError, InputError


def _untrusted_root() -> str:
    from .project import repository_root

    return os.path.normpath(str(repository_root(os.getcwd())))


def _inside(root: str, path: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def symlink_on_path(path: str, *, root: str | None = None) -> str | None:
    """The first component of ``path`` (as written, before any ``..`` is resolved) that is a
    symbolic link and lies at or below ``root`` (default: the repository holding the current
    folder), or ``None``. A dangling link counts."""
    root = os.path.normpath(os.path.abspath(root if root is not None else _untrusted_root()))
    parts = Path(path).parts
    current = ""
    for part in parts:
        current = os.path.join(current, part) if current else part
        if part in (os.sep, "", "."):
            continue
        full = os.path.abspath(current)  # lexical: '..' after a link is refused at the link itself
        if os.path.islink(current) and _inside(root, os.path.normpath(full)):
            return current
    return None


def check_output_path(path: str, option: str = "--output") -> None:
    """Refuse ``path`` as an output file when a component of it is a symlink inside the tree.

    Raises:
        InputError: ``path`` leads through a symlink in the repository (message names the
            option, the path and the link's target).
    """
    link = symlink_on_path(path)
    if link is not None:
        try:
            to = os.readlink(link)
        except OSError:  # pragma: no cover - removed meanwhile
            to = "?"
        raise InputError(
            f"{option} {path}: {link} is a symbolic link (to {to}); aligncheck never writes a report through a "
            "link in the repository: delete the link or write the report elsewhere")


def _new_file_mode(existing: os.stat_result | None) -> int:
    if existing is not None:
        return stat.S_IMODE(existing.st_mode) & 0o666
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_report(path: str, data: str, inputs: tuple[str, ...] = (), option: str = "--output") -> None:
    """Write ``data`` (UTF-8, ``\\n`` line ends) to ``path`` atomically: a temporary file in the
    same folder renamed over ``path``, so a reader never sees half a report; a symlink in the
    repository is refused (:func:`check_output_path`), one outside it (the CI job's) followed. A character device
    or pipe outside the tree (``/dev/null``, ``/dev/stdout``) is written directly.

    Raises:
        ConfigError: ``path`` is one of ``inputs``.
        InputError: ``path`` leads through a symlink in the repository, or cannot be written.
    """
    check_output_path(path, option)
    for inp in inputs:
        try:
            if os.path.exists(path) and os.path.samefile(path, inp):
                raise ConfigError(f"{option} {path} is an input file; write the report somewhere else")
        except OSError:
            pass
    shown, path = path, os.path.realpath(path)  # only links outside the repository remain: trusted
    try:
        st = os.stat(path) if os.path.lexists(path) else None
        if st is not None and not stat.S_ISREG(st.st_mode):
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
            return
        mode = _new_file_mode(st)
        fd, tmp = tempfile.mkstemp(prefix=".aligncheck-", dir=os.path.dirname(path) or ".")
    except OSError as exc:
        raise InputError(f"cannot write report to {shown}: {exc.strerror or exc}") from exc
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as exc:  # also an interrupt: never leave the temporary file behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write report to {shown}: {exc.strerror or exc}") from exc
        raise


def open_append(path: str, option: str = "--output"):
    """``path`` opened ``"ab"`` (created ``0666 & ~umask``) without following a symlink.

    Raises:
        InputError: ``path`` leads through a symlink in the repository, is a symlink itself, or
            cannot be opened.
    """
    check_output_path(path, option)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    if _inside(_untrusted_root(), os.path.normpath(os.path.abspath(path))):
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return os.fdopen(fd, "ab")
