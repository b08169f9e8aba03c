"""An interrupted run (SIGINT, SIGTERM) leaves no corrupt cache entry, no half-written report and
no temporary file, and exits 130 / 143 with a one-line message.

The CLI runs in a subprocess with a slow fake encoder (``tests/cli/test_hostile.py::RUNNER``,
injected through ``main(obj={"encoder": ...})``, the same hook ``CliRunner`` tests use), and the
signal arrives while the second chunk of sentences is being embedded, after the first chunk was
written to the cache.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from aligncheck.cache import EmbeddingCache
from aligncheck.pipeline import EMBED_CHUNK
from tests.cli.test_hostile import RUNNER, Counting, run
from tests.fakes import make_parallel

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

N = 40  # 80 distinct sentences: two chunks of embedding


@pytest.fixture()
def files(tmp_path):
    ar, en, _ = make_parallel(N, seed=3)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    return tmp_path


@pytest.mark.parametrize("sig, code, message", [
    (signal.SIGINT, 130, "error: interrupted"),
    (signal.SIGTERM, 143, "error: terminated (SIGTERM)"),
])
def test_an_interrupted_run_leaves_nothing_broken(files, monkeypatch, sig, code, message):
    d = files
    cache_dir = d / "cache"
    script = d / "run.py"
    script.write_text(RUNNER.format(repo=repr(os.getcwd()), delay=0.02), encoding="utf-8")
    report = d / "out" / "report.json"
    proc = subprocess.Popen(
        [sys.executable, str(script), "check", str(d / "ar.txt"), str(d / "en.txt"), "--format", "json",
         "-o", str(report), "--output-html", str(d / "out" / "report.html")],
        env=dict(os.environ, ALIGNCHECK_CACHE_DIR=str(cache_dir)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a shell runs background jobs with SIGINT ignored, and a child inherits that (Python then
        # installs no KeyboardInterrupt handler): start the CLI as a terminal would, with the default
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = 0
    for line in proc.stdout:
        seen += line == "embedding\n"
        if seen == EMBED_CHUNK + 5:  # the first chunk is in the cache, the second is under way
            proc.send_signal(sig)
            break
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert err.strip().splitlines() == [message]
    assert os.listdir(d / "out") == []  # no report, no temporary file
    entries = list(cache_dir.rglob("*.emb"))
    assert len(entries) == EMBED_CHUNK
    assert not [p for p in cache_dir.rglob("*") if p.name.startswith(".tmp-")]

    # every entry is whole: a complete run reads the first chunk and embeds only the rest
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(cache_dir))
    _, _, inner = make_parallel(N, seed=3)
    enc = Counting(inner)
    r = run(["check", d / "ar.txt", d / "en.txt", "-o", report], enc)
    assert r.exit_code == 0, r.stderr
    assert len(enc.texts) == 2 * N - EMBED_CHUNK  # 80 distinct sentences, all 1-1 (nothing re-tested)
    cache = EmbeddingCache(cache_dir, inner.signature)
    assert all(t in cache for t in enc.texts) and cache.discarded == 0


def test_an_interrupt_while_the_report_is_written_leaves_the_old_report(tmp_path, monkeypatch):
    from aligncheck import cli

    out = tmp_path / "report.txt"
    out.write_text("old report\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class Interrupting:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()
            return False

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "fdopen", lambda fd, *a, **kw: Interrupting(real_fdopen(fd, *a, **kw)))
    with pytest.raises(KeyboardInterrupt):
        cli._write_report(str(out), "new report\n" * 1000, ())
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert os.listdir(tmp_path) == ["report.txt"]
