"""Fixtures shared by all test folders.

Nothing heavy happens on import: the real model is built only when a test asks for it.
"""

from __future__ import annotations

import os
import sys
import types

import pytest


@pytest.fixture(scope="session")
def shared_encoder():
    """The real bundled model, loaded once per test session, with an in-run memo.

    ``DedupEncoder(BundledEncoder())``: multilingual-e5-small (4-bit, offline). Built on first
    use only, so unit tests that never ask for it never load it. Pass it to the CLI as
    ``CliRunner().invoke(main, args, obj={"encoder": shared_encoder})``.
    """
    from aligncheck.embed import BundledEncoder, DedupEncoder

    return DedupEncoder(BundledEncoder())


def pytest_configure(config):
    """Under pytest-xdist with several workers, each worker's model uses one OpenMP thread (the
    bundled model's engine would start one per core in every worker, and the workers would fight
    over the cores). Set before any model loads; subprocesses inherit it."""
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if workers and int(workers) > 1:
        os.environ.setdefault("OMP_NUM_THREADS", "1")


def _run_cache_dir(tmp_path_factory) -> str:
    """One embedding cache folder for the whole test run, shared by the pytest-xdist workers
    (their base folders are siblings), created empty at the run's start."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "real-model-embeddings"
    folder.mkdir(exist_ok=True)
    return str(folder)


@pytest.fixture(autouse=True)
def _private_embedding_cache(request, tmp_path_factory, monkeypatch):
    """The suite never reads or writes the real ``~/.cache/aligncheck``: a unit or CLI test gets
    its own empty embedding cache folder (``ALIGNCHECK_CACHE_DIR``; fake encoders share one
    signature, so their vectors must not meet); the integration tests, which all use real models
    (their signatures name them), share one folder for the run, so a text is embedded once per
    run, as the cache does for users. No test appends to a real GitHub job summary when the suite
    runs inside GitHub Actions."""
    if request.node.get_closest_marker("integration"):
        monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", _run_cache_dir(tmp_path_factory))
    else:
        monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("embedding-cache")))
    monkeypatch.delenv("ALIGNCHECK_CACHE_MAX_MB", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


class FakeSentenceTransformer:
    """Stands in for ``sentence_transformers.SentenceTransformer``: records each construction's
    ``(name, kwargs)`` in :attr:`calls` and embeds a text as a one-hot 8-dim row (by its length)."""

    calls: list = []

    def __init__(self, name, **kwargs):
        type(self).calls.append((name, kwargs))

    def get_sentence_embedding_dimension(self):
        return 8

    def encode(self, texts, **kw):
        import numpy as np

        return np.stack([np.eye(8, dtype=np.float32)[len(t) % 8] for t in texts])


@pytest.fixture()
def fake_st(monkeypatch):
    """A fake ``sentence_transformers`` module (:class:`FakeSentenceTransformer`, its calls reset),
    with the model hub treated as reachable (the probe would stop a hub id before the fake)."""
    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = FakeSentenceTransformer
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    monkeypatch.setattr("aligncheck.embed.hub_unreachable_reason", lambda *a, **k: None)
    FakeSentenceTransformer.calls = []
    return FakeSentenceTransformer
