"""The on-disk embedding cache: reuse across runs, integrity, signatures, size cap, sharing."""

from __future__ import annotations

import multiprocessing
import os
import time

import numpy as np
import pytest
from click.testing import CliRunner

from aligncheck.cache import LAYOUT, EmbeddingCache, cache_signature, default_cache_dir, default_max_bytes
from aligncheck.cli import main
from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.embed import DedupEncoder
from aligncheck.errors import ConfigError
from aligncheck.pipeline import check_documents, embedding_text, reference_texts
from tests.fakes import BagOfConceptsEncoder, make_parallel

CONFIG = Config(segmentation="lines")


def docs(ar, en):
    return (
        make_document("\n".join(ar) + "\n", path="ar.txt", lang="ar", mode="lines", check=False),
        make_document("\n".join(en) + "\n", path="en.txt", lang="en", mode="lines", role="target", check=False),
    )


def sent(enc) -> list[str]:
    """Every text the fake encoder was asked to embed, in order."""
    return [t for call in enc.calls for t in call]


def run_once(tmp_path, ar, en, enc):
    with EmbeddingCache(tmp_path, cache_signature(enc)) as cache:
        result = check_documents(*docs(ar, en), config=CONFIG, encoder=DedupEncoder(enc, store=cache))
    return result, cache


class OtherModel(BagOfConceptsEncoder):
    signature = "fake:other-model"


# ---------------------------------------------------------------------------- reuse


def test_a_rerun_after_one_sentence_changed_embeds_only_that_sentence(tmp_path):
    ar, en, enc = make_parallel(14, seed=21)
    first, cache1 = run_once(tmp_path, ar, en, enc)
    assert cache1.hits == 0 and cache1.writes == len(set(sent(enc)))
    assert set(ar) | set(en) <= set(sent(enc))

    en2 = list(en)
    en2[6] = en[6][:-1] + " w399."
    enc2 = BagOfConceptsEncoder()  # the same model with a fresh call log
    enc2.concept = enc.concept
    second, cache2 = run_once(tmp_path, ar, en2, enc2)
    assert sent(enc2) == [embedding_text(en2[6])]
    assert cache2.writes == 1
    # the cached vectors give the same result as embedding afresh
    fresh = check_documents(*docs(ar, en2), config=CONFIG, encoder=enc)
    assert [(b.src, b.tgt, b.score) for b in second.alignment.beads] == \
        [(b.src, b.tgt, b.score) for b in fresh.alignment.beads]


def test_cached_vectors_are_bit_identical_to_the_encoders(tmp_path):
    enc = BagOfConceptsEncoder()
    texts = ["ذهب الطالب إلى المدرسة.", "The student went to school.", "x" * 3000, "emoji 🎉 \u200f"]
    vectors = enc.encode(texts)
    cache = EmbeddingCache(tmp_path, "sig")
    for t, v in zip(texts, vectors):
        cache[t] = v
    again = EmbeddingCache(tmp_path, "sig")
    for t, v in zip(texts, vectors):
        assert t in again
        assert again[t].dtype == np.float32
        assert np.array_equal(again[t], v)
    assert again.hits == len(texts)
    assert "never stored" not in again
    with pytest.raises(KeyError):
        again["never stored"]


def test_a_different_encoder_signature_never_reuses_an_entry(tmp_path):
    ar, en, enc = make_parallel(6, seed=22)
    run_once(tmp_path, ar, en, enc)
    other = OtherModel()
    other.concept = enc.concept
    _, cache = run_once(tmp_path, ar, en, other)
    assert cache.hits == 0
    assert set(embedding_text(t) for t in ar + en) <= set(sent(other))
    # each signature has its own folder, both kept
    assert len(list((tmp_path / LAYOUT).iterdir())) == 2


def test_cache_signature_prefers_the_engine_aware_key():
    class WithKey(BagOfConceptsEncoder):
        cache_signature = "fake:bag|engine-2"

    assert cache_signature(BagOfConceptsEncoder()) == "fake:bag-of-concepts-v1"
    assert cache_signature(WithKey()) == "fake:bag|engine-2"
    assert DedupEncoder(WithKey()).cache_signature == "fake:bag|engine-2"


# ---------------------------------------------------------------------------- integrity


@pytest.mark.parametrize("damage", ["truncate", "flip_payload", "flip_header", "empty", "garbage", "swap"])
def test_a_damaged_entry_is_discarded_and_embedded_again(tmp_path, damage):
    enc = BagOfConceptsEncoder()
    texts = ["first sentence here", "second sentence here", "third one"]
    with EmbeddingCache(tmp_path, "sig") as cache:
        DedupEncoder(enc, store=cache).encode(texts)
    target = EmbeddingCache(tmp_path, "sig").path_for(texts[1])
    data = bytearray(target.read_bytes())
    assert len(data) == 32 + 4 * 256
    if damage == "truncate":
        data = data[:-5]
    elif damage == "flip_payload":
        data[100] ^= 0x01
    elif damage == "flip_header":
        data[8] ^= 0x01  # the dimension
    elif damage == "empty":
        data = bytearray()
    elif damage == "garbage":
        data = bytearray(b"\x93NUMPY" + os.urandom(200))
    elif damage == "swap":  # a valid entry of another text under this text's name
        data = bytearray(EmbeddingCache(tmp_path, "sig").path_for(texts[0]).read_bytes())
    target.write_bytes(bytes(data))

    enc2 = BagOfConceptsEncoder()
    cache2 = EmbeddingCache(tmp_path, "sig")
    out = DedupEncoder(enc2, store=cache2).encode(texts)
    assert sent(enc2) == [texts[1]]
    assert cache2.discarded == 1 and cache2.hits == 2
    assert np.array_equal(out, enc.encode(texts))
    # the entry was rewritten whole
    assert texts[1] in EmbeddingCache(tmp_path, "sig")


def test_no_pickle_and_no_numpy_header_in_entries(tmp_path):
    cache = EmbeddingCache(tmp_path, "sig")
    cache["a"] = np.ones(4, dtype=np.float32) / 2
    data = cache.path_for("a").read_bytes()
    assert data[:8] == b"ACEMB1\0\0"
    assert np.array_equal(np.frombuffer(data[32:], "<f4"), np.full(4, 0.5, np.float32))


def test_bad_vectors_are_refused():
    cache = EmbeddingCache("/nonexistent-never-written", "sig")
    for bad in (np.zeros((2, 3), np.float32), np.array([np.nan, 1.0]), np.zeros(0)):
        with pytest.raises(ValueError):
            cache["x"] = bad


# ---------------------------------------------------------------------------- size cap


def _fill(root, n, dim=256):
    cache = EmbeddingCache(root, "sig", max_bytes=10**9)
    now = time.time()
    for k in range(n):
        cache[f"text {k}"] = np.full(dim, 1.0, np.float32)
        os.utime(cache.path_for(f"text {k}"), (now - 1000 + k, now - 1000 + k))  # text 0 is the oldest
    return cache


def test_prune_deletes_least_recently_used_first_down_to_90_percent(tmp_path):
    full = _fill(tmp_path, 20)
    per_entry = full.size_bytes() // 20
    # reading "text 0" makes it the most recently used entry
    reader = EmbeddingCache(tmp_path, "sig")
    assert "text 0" in reader
    cache = EmbeddingCache(tmp_path, "sig", max_bytes=10 * per_entry)
    removed = cache.prune()
    assert removed == 11  # 20 -> 9 entries (<= 90 % of 10)
    left = EmbeddingCache(tmp_path, "sig")
    kept = [k for k in range(20) if f"text {k}" in left]
    assert kept == [0] + list(range(12, 20))
    assert cache.size_bytes() <= 0.9 * cache.max_bytes


def test_prune_does_nothing_under_the_cap_and_close_prunes_only_after_writes(tmp_path):
    full = _fill(tmp_path, 5)
    size = full.size_bytes()
    assert EmbeddingCache(tmp_path, "sig", max_bytes=size).prune() == 0
    reader = EmbeddingCache(tmp_path, "sig", max_bytes=0)
    assert "text 1" in reader
    reader.close()  # read only: nothing pruned
    assert len(reader.entries()) == 5
    writer = EmbeddingCache(tmp_path, "sig", max_bytes=0)
    writer["new"] = np.ones(3, np.float32)
    writer.close()
    assert writer.entries() == []


def test_stale_temporary_files_are_removed_fresh_ones_kept(tmp_path):
    cache = _fill(tmp_path, 1)
    folder = cache.path_for("text 0").parent
    stale, fresh = folder / ".tmp-old", folder / ".tmp-new"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    cache.prune()
    assert not stale.exists() and fresh.exists()


def _writer(root, n):
    """Three rounds of: look every text up in a fresh view of the cache, write the missing."""
    for _ in range(3):
        cache = EmbeddingCache(root, "shared", max_bytes=10**9)
        for k in range(n):
            if f"t{k}" not in cache:
                cache[f"t{k}"] = np.full(64, k + 1, np.float32)
        assert cache.discarded == 0


def test_two_processes_sharing_the_cache_leave_only_valid_entries(tmp_path):
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), 150)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    cache = EmbeddingCache(tmp_path, "shared")
    for k in range(150):
        assert f"t{k}" in cache
        assert np.array_equal(cache[f"t{k}"], np.full(64, k + 1, np.float32))
    assert cache.discarded == 0
    leftovers = [n for _, _, files in os.walk(tmp_path) for n in files if n.startswith(".tmp-")]
    assert leftovers == []


# ---------------------------------------------------------------------------- location and failure


def test_default_location_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("ALIGNCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "aligncheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec says: ignore
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "aligncheck"


def test_size_cap_from_the_environment(monkeypatch):
    assert default_max_bytes() == 512 * 1024 * 1024
    monkeypatch.setenv("ALIGNCHECK_CACHE_MAX_MB", "1.5")
    assert default_max_bytes() == 1572864
    monkeypatch.setenv("ALIGNCHECK_CACHE_MAX_MB", "lots")
    with pytest.raises(ConfigError, match="ALIGNCHECK_CACHE_MAX_MB"):
        default_max_bytes()


def test_an_unwritable_cache_is_skipped_and_the_run_goes_on(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    enc = BagOfConceptsEncoder()
    cache = EmbeddingCache(blocker, "sig")
    out = DedupEncoder(enc, store=cache).encode(["a b", "c d", "a b"])
    assert np.array_equal(out, enc.encode(["a b", "c d", "a b"]))
    assert cache.write_error is not None and "cannot write the embedding cache" in cache.write_error
    assert cache.writes == 0


# ---------------------------------------------------------------------------- CLI


def _pair(tmp_path, ar, en):
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    return ["check", str(tmp_path / "ar.txt"), str(tmp_path / "en.txt"), "--segmentation", "lines"]


def test_cli_caches_by_default_in_the_env_folder_and_reuses_it(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(cache_dir))
    ar, en, enc = make_parallel(6, seed=23)
    args = _pair(tmp_path, ar, en)
    r = CliRunner().invoke(main, args, obj={"encoder": enc})
    assert r.exit_code == 0, r.output
    n_first = len(sent(enc))
    n_files = len(EmbeddingCache(cache_dir, "x").entries())
    assert n_files == n_first == len(set(embedding_text(t) for t in ar + en) | set(
        embedding_text(t) for t in reference_texts("ar") + reference_texts("en")))
    r = CliRunner().invoke(main, args, obj={"encoder": enc})
    assert r.exit_code == 0 and r.stderr == ""
    assert len(sent(enc)) == n_first  # nothing embedded the second time


def test_cli_no_cache_writes_nothing(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(cache_dir))
    ar, en, enc = make_parallel(6, seed=24)
    r = CliRunner().invoke(main, _pair(tmp_path, ar, en) + ["--no-cache"], obj={"encoder": enc})
    assert r.exit_code == 0, r.output
    assert not cache_dir.exists()


def test_cli_warns_on_stderr_when_the_cache_cannot_be_written(tmp_path, monkeypatch):
    (tmp_path / "blocker").write_text("x")
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(tmp_path / "blocker"))
    ar, en, enc = make_parallel(6, seed=25)
    r = CliRunner().invoke(main, _pair(tmp_path, ar, en), obj={"encoder": enc})
    assert r.exit_code == 0
    assert r.stderr.startswith("warning: cannot write the embedding cache")
    assert r.stdout.startswith("✓ passed")


def test_cli_bad_cache_size_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNCHECK_CACHE_MAX_MB", "-3")
    ar, en, enc = make_parallel(6, seed=26)
    r = CliRunner().invoke(main, _pair(tmp_path, ar, en), obj={"encoder": enc})
    assert r.exit_code == 2
    assert "ALIGNCHECK_CACHE_MAX_MB" in r.stderr
