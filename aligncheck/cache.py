"""On-disk embedding cache: a second run embeds only the sentences that changed.

One small file per (encoder signature, text), so a re-run after one sentence changed embeds
only that sentence. The cache is a mapping ``text -> (dim,) float32`` that plugs into
:class:`~aligncheck.embed.DedupEncoder` as its ``store``::

    encoder = DedupEncoder(inner, store=EmbeddingCache.for_encoder(inner))

Layout (``ROOT`` is :func:`default_cache_dir` unless given)::

    ROOT/embeddings-v1/<signature hash, 16 hex>/signature.txt      the encoder signature, for people
    ROOT/embeddings-v1/<signature hash>/<2 hex>/<text hash, 32 hex>.emb

Each ``.emb`` file is raw little-endian data, never a pickle::

    8 bytes  magic b"ACEMB1\\0\\0"
    4 bytes  uint32 dim
    4 bytes  zero (reserved)
    16 bytes BLAKE2b-128 of (signature, text, payload)
    dim * 4  float32 payload

Properties:

* **keyed** by the encoder's cache signature (:func:`cache_signature`: model, revision, mode and
  the engine's version) and the exact text embedded; a different signature never reuses an entry;
* **atomic writes**: a temporary file in the entry's folder, then ``os.replace``; two runs that
  share the folder at most write the same entry twice;
* **self-checking**: a truncated, corrupted or foreign file fails the size, digest or
  finiteness check, is deleted and counts as a miss (the text is embedded again); so is
  anything else found where an entry belongs (a FIFO is not waited on, a huge file not read);
* **bounded**: when a run has written to it, entries are deleted least-recently-used first
  (modification time, refreshed on every hit) until the cache is below 90 % of ``max_bytes``
  (default :data:`DEFAULT_MAX_BYTES`, 512 MiB; ``ALIGNCHECK_CACHE_MAX_MB`` overrides it);
* **never fatal**: a cache that cannot be read or written is skipped (``write_error`` says why);
  the run goes on with in-memory embeddings.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import tempfile
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path

import numpy as np

from .errors import ConfigError

#: environment variable naming the cache folder
ENV_DIR = "ALIGNCHECK_CACHE_DIR"
#: environment variable giving the size cap in MiB
ENV_MAX_MB = "ALIGNCHECK_CACHE_MAX_MB"
#: default size cap of the whole cache folder, in bytes (allocated disk blocks)
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: pruning stops once the cache is below this fraction of the cap (so not every run prunes)
PRUNE_TO = 0.9
#: temporary files older than this (seconds) are left over from a crashed run and removed
STALE_TMP_SECONDS = 3600

LAYOUT = "embeddings-v1"
SUFFIX = ".emb"
_MAGIC = b"ACEMB1\0\0"
_HEADER = struct.Struct("<8sII16s")
_TMP_PREFIX = ".tmp-"
#: largest entry file read: the header and 65,536 float32 dimensions
_MAX_ENTRY_BYTES = _HEADER.size + 4 * 65536


def default_cache_dir() -> Path:
    """The cache folder: ``$ALIGNCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/aligncheck``, else
    ``~/.cache/aligncheck``. Nothing is created."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and os.path.isabs(os.path.expanduser(xdg)) else Path.home() / ".cache"
    return base / "aligncheck"


def check_not_in_repository(folder: str | os.PathLike) -> None:
    """Refuse a cache folder holding files a git repository tracks: entries carry an unkeyed
    digest, so whoever commits files there (a pull request, when a CI job keeps its cache inside
    the checkout) could plant the embedding of any text, or the batch resume key. Runs git only
    when ``folder`` lies inside a git work tree.

    Raises:
        ConfigError: naming the folder and one tracked file.
    """
    import subprocess

    here = Path(os.path.abspath(folder))
    top = next((f for f in (here, *here.parents) if (f / ".git").exists()), None)
    if top is None:
        return
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", str(here)], cwd=top, capture_output=True,
                             text=True, encoding="utf-8", errors="surrogateescape", timeout=60)
    except (OSError, subprocess.SubprocessError):
        return
    tracked = [n for n in out.stdout.split("\0") if n]
    if out.returncode == 0 and tracked:
        raise ConfigError(f"the embedding cache folder {here} holds files the repository {top} tracks (e.g. "
                          f"{tracked[0]}): a cache that commits can fill is not trusted; set {ENV_DIR} to a folder "
                          "outside the checkout (or untracked)")


def default_max_bytes() -> int:
    """The size cap in bytes: ``$ALIGNCHECK_CACHE_MAX_MB`` MiB, else :data:`DEFAULT_MAX_BYTES`.

    Raises:
        ConfigError: the variable is not a non-negative number.
    """
    raw = os.environ.get(ENV_MAX_MB)
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        mib = float(raw)
    except ValueError:
        mib = -1.0
    if not 0 <= mib < 2**40:  # NaN, negative, inf or absurdly large
        raise ConfigError(f"{ENV_MAX_MB} must be a size in MiB such as 512, not {raw!r}")
    return int(mib * 1024 * 1024)


def cache_signature(encoder) -> str:
    """The key under which ``encoder``'s embeddings are cached: its ``cache_signature``
    attribute when it has one (the model plus the version of the engine that runs it), else
    its ``signature``."""
    return str(getattr(encoder, "cache_signature", None) or encoder.signature)


def _disk_bytes(st: os.stat_result) -> int:
    blocks = getattr(st, "st_blocks", None)
    return max(st.st_size, blocks * 512) if blocks is not None else st.st_size


class EmbeddingCache(MutableMapping):
    """A persistent mapping ``text -> (dim,) float32`` for one encoder signature.

    Args:
        directory: the cache root (created on first write).
        signature: the encoder's cache signature (:func:`cache_signature`).
        max_bytes: size cap of the whole root (all signatures), in bytes of allocated disk.
            ``0`` keeps nothing on disk after the run's prune.

    Lookups (``in``, ``[]``) read the file once and keep the vector in memory; a vector that
    fails a check is deleted from disk and reported missing. Writes go to memory and disk.
    Call :meth:`close` (or use ``with``) at the end of a run to apply the size cap.
    """

    def __init__(self, directory: str | os.PathLike, signature: str, *, max_bytes: int = DEFAULT_MAX_BYTES):
        self.root = Path(directory)
        self.signature = signature
        self.max_bytes = int(max_bytes)
        self._sig_bytes = signature.encode("utf-8")
        self.folder = self.root / LAYOUT / hashlib.sha256(self._sig_bytes).hexdigest()[:16]
        self._memo: dict[str, np.ndarray] = {}
        self._absent: set[str] = set()
        #: counters for tests and benchmarks: entries read from disk, written, discarded as bad
        self.hits = 0
        self.writes = 0
        self.discarded = 0
        #: why writing was given up (``None`` while the cache works)
        self.write_error: str | None = None

    @classmethod
    def for_encoder(cls, encoder, directory: str | os.PathLike | None = None,
                    max_bytes: int | None = None) -> "EmbeddingCache":
        """The cache of ``encoder`` (by :func:`cache_signature`) under ``directory``
        (default :func:`default_cache_dir`) with cap ``max_bytes`` (default
        :func:`default_max_bytes`).

        Raises:
            ConfigError: ``ALIGNCHECK_CACHE_MAX_MB`` is not a number.
        """
        return cls(directory if directory is not None else default_cache_dir(), cache_signature(encoder),
                   max_bytes=default_max_bytes() if max_bytes is None else max_bytes)

    # ------------------------------------------------------------------ keys and files

    def path_for(self, text: str) -> Path:
        """The file that holds ``text``'s embedding (it may not exist)."""
        h = hashlib.sha256(self._sig_bytes + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / h[:2] / (h + SUFFIX)

    def _digest(self, text: str, payload: bytes) -> bytes:
        d = hashlib.blake2b(digest_size=16)
        for part in (self._sig_bytes, text.encode("utf-8", "surrogatepass"), payload):
            d.update(len(part).to_bytes(8, "little"))
            d.update(part)
        return d.digest()

    def _read(self, text: str) -> np.ndarray | None:
        path = self.path_for(text)
        try:
            # non-blocking: a FIFO put where an entry belongs must not hang the run
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_ENTRY_BYTES:
                data = b""  # not an entry (a FIFO, a device, a huge file): discarded below
            else:
                with os.fdopen(fd, "rb") as fh:
                    fd = -1
                    data = fh.read(_MAX_ENTRY_BYTES + 1)
        except OSError:
            data = b""
        finally:
            if fd >= 0:
                os.close(fd)
        vec = self._decode(text, data)
        if vec is None:
            self.discarded += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
        try:
            os.utime(path)  # least-recently-used order for pruning
        except OSError:
            pass
        return vec

    def _decode(self, text: str, data: bytes) -> np.ndarray | None:
        if len(data) < _HEADER.size:
            return None
        magic, dim, reserved, digest = _HEADER.unpack_from(data)
        payload = data[_HEADER.size:]
        if magic != _MAGIC or reserved != 0 or dim == 0 or len(payload) != 4 * dim:
            return None
        if self._digest(text, payload) != digest:
            return None
        vec = np.frombuffer(payload, dtype="<f4").astype(np.float32)
        if not np.all(np.isfinite(vec)):
            return None
        return vec

    def _write(self, text: str, vec: np.ndarray) -> None:
        if self.write_error is not None:
            return
        payload = np.ascontiguousarray(vec, dtype="<f4").tobytes()
        data = _HEADER.pack(_MAGIC, vec.shape[0], 0, self._digest(text, payload)) + payload
        path = self.path_for(text)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            sig_file = self.folder / "signature.txt"
            if not sig_file.exists():
                self._atomic_write(sig_file, self._sig_bytes + b"\n")
            self._atomic_write(path, data)
            self.writes += 1
        except OSError as exc:
            self.write_error = f"cannot write the embedding cache in {self.root}: {exc.strerror or exc}"

    @staticmethod
    def _atomic_write(path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    # ------------------------------------------------------------------ mapping

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        if text in self._memo:
            return True
        if text in self._absent:
            return False
        vec = self._read(text)
        if vec is None:
            self._absent.add(text)
            return False
        self.hits += 1
        self._memo[text] = vec
        return True

    def __getitem__(self, text: str) -> np.ndarray:
        if text in self:
            return self._memo[text]
        raise KeyError(text)

    def __setitem__(self, text: str, vector: np.ndarray) -> None:
        vec = np.asarray(vector, dtype=np.float32)
        if vec.ndim != 1 or vec.shape[0] == 0 or not np.all(np.isfinite(vec)):
            raise ValueError(f"an embedding must be a non-empty finite (dim,) vector, not shape {vec.shape}")
        vec = vec.copy()
        self._memo[text] = vec
        self._absent.discard(text)
        self._write(text, vec)

    def __delitem__(self, text: str) -> None:
        found = self._memo.pop(text, None) is not None
        try:
            self.path_for(text).unlink()
            found = True
        except OSError:
            pass
        self._absent.add(text)
        if not found:
            raise KeyError(text)

    def __iter__(self) -> Iterator[str]:
        """The texts held in memory by this instance (file names are hashes, not texts)."""
        return iter(list(self._memo))

    def __len__(self) -> int:
        return len(self._memo)

    # ------------------------------------------------------------------ size cap

    def entries(self) -> list[tuple[float, int, Path]]:
        """Every entry file under the root (all signatures): ``(mtime, bytes on disk, path)``."""
        out = []
        base = self.root / LAYOUT
        if not base.is_dir():
            return out
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                if not name.endswith(SUFFIX):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out.append((st.st_mtime, _disk_bytes(st), Path(path)))
        return out

    def size_bytes(self) -> int:
        """Bytes on disk taken by all entries under the root."""
        return sum(size for _, size, _ in self.entries())

    def prune(self) -> int:
        """Apply the size cap: when the root holds more than ``max_bytes``, delete entries
        least-recently-used first until it holds at most ``PRUNE_TO * max_bytes``; also remove
        temporary files older than :data:`STALE_TMP_SECONDS`. Returns the number of entries
        deleted. Files another run deletes meanwhile are skipped."""
        self._remove_stale_tmp()
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return 0
        goal = int(self.max_bytes * PRUNE_TO)
        removed = 0
        for _mtime, size, path in sorted(entries, key=lambda e: (e[0], str(e[2]))):
            if total <= goal:
                break
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                continue
            total -= size
            removed += 1
        return removed

    def _remove_stale_tmp(self) -> None:
        base = self.root / LAYOUT
        if not base.is_dir():
            return
        now = time.time()
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                if name.startswith(_TMP_PREFIX):
                    path = os.path.join(dirpath, name)
                    try:
                        if now - os.stat(path).st_mtime > STALE_TMP_SECONDS:
                            os.unlink(path)
                    except OSError:
                        pass

    def close(self) -> None:
        """End of a run: prune when this instance wrote anything (see :meth:`prune`)."""
        if self.writes:
            try:
                self.prune()
            except OSError:  # pragma: no cover - a vanished root
                pass

    def __enter__(self) -> "EmbeddingCache":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False
