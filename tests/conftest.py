"""Fixtures shared by all test folders.

Nothing heavy happens on import: the real model is built only when a test asks for it.
"""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def _private_embedding_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own empty embedding cache folder (``ALIGNCHECK_CACHE_DIR``), so the
    suite never reads or writes the real ``~/.cache/aligncheck``; and no test appends to a real
    GitHub job summary when the suite runs inside GitHub Actions."""
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("embedding-cache")))
    monkeypatch.delenv("ALIGNCHECK_CACHE_MAX_MB", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
