"""'aligncheck batch': exit codes, streams, and a batch killed half-way then resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import world_encoder
from tests.unit.test_batch import write_corpus

ROOT = Path(__file__).resolve().parents[2]


def run(args, **kw):
    return CliRunner().invoke(main, args, obj={"encoder": world_encoder()}, **kw)


def test_exit_0_and_a_summary_on_stdout_when_every_pair_passes(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=3)
    out = tmp_path / "o.jsonl"
    r = run(["batch", str(manifest), "-o", str(out), "--segmentation", "lines"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("✓ passed: 3 pairs checked, 3 passed, 0 failed")
    assert r.stderr == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_exit_1_when_a_pair_fails_and_markdown_summary(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=3, drop={2: (1,)})
    r = run(["batch", str(manifest), "-o", str(tmp_path / "o.jsonl"), "--segmentation", "lines",
             "--summary-format", "markdown"])
    assert r.exit_code == 1
    assert r.stdout.startswith("### aligncheck batch: ✗ FAILED")
    assert "| p2 | 1 | 0 | 1 | omission 1 |" in r.stdout


def test_the_gate_options_apply_to_every_pair(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=3, drop={2: (1,)})
    r = run(["batch", str(manifest), "-o", str(tmp_path / "o.jsonl"), "--segmentation", "lines", "--fail-on", "never"])
    assert r.exit_code == 0
    r = run(["batch", str(manifest), "-o", str(tmp_path / "p.jsonl"), "--segmentation", "lines",
             "--disable", "omission"])
    assert r.exit_code == 0
    lines = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("|off:omission|" in x["signature"] for x in lines)


def test_exit_3_for_a_bad_manifest_line(tmp_path):
    m = tmp_path / "m.tsv"
    m.write_text("source\ttarget\na.txt\n", encoding="utf-8")
    r = run(["batch", str(m), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3
    assert r.stderr == f"error: {m} line 2: 1 tab-separated cells, the header has 2\n"
    assert r.stdout == ""


def test_exit_3_for_a_missing_manifest(tmp_path):
    r = run(["batch", str(tmp_path / "nope.tsv"), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3
    assert "nope.tsv does not exist" in r.stderr


@pytest.mark.parametrize("args", [["--jobs", "-1"], ["--engine", "spark"], []])
def test_exit_2_for_usage_errors(tmp_path, args):
    manifest = write_corpus(tmp_path, n_pairs=1)
    out = [] if not args else ["-o", str(tmp_path / "o.jsonl")]  # no --output at all is a usage error too
    r = run(["batch", str(manifest), *out, *args])
    assert r.exit_code == 2, r.output


def _batch_cmd(manifest, out):
    return [sys.executable, "-m", "aligncheck", "batch", str(manifest), "-o", str(out), "--segmentation", "lines",
            "--quiet"]


def _env(tmp_path, encoder="tests.fakes:slow_world_encoder"):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["ALIGNCHECK_TEST_ENCODER"] = encoder
    env["ALIGNCHECK_CACHE_DIR"] = str(tmp_path / "cache")
    return env


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_batch_killed_half_way_finishes_on_rerun_with_the_same_file(tmp_path, sig):
    """80 pairs in windows of 32: the process is killed once the first window's lines are
    written; the re-run writes the rest, and the file equals an uninterrupted run's."""
    manifest = write_corpus(tmp_path, n_pairs=80, drop={5: (1,), 50: (2,), 77: (0,)})
    whole, part = tmp_path / "whole.jsonl", tmp_path / "part.jsonl"
    r = subprocess.run(_batch_cmd(manifest, whole), env=_env(tmp_path, "tests.fakes:world_encoder"),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    proc = subprocess.Popen(_batch_cmd(manifest, part), env=_env(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if part.exists() and part.read_bytes().count(b"\n") >= 1:
            break
        time.sleep(0.02)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    written = part.read_bytes().count(b"\n")
    assert 1 <= written < 80, written  # killed half-way
    with open(part, "ab") as fh:  # a line torn by the kill
        fh.write(b'{"id":"p33","schema_ver')
    r = subprocess.run(_batch_cmd(manifest, part), env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith(f"✗ FAILED: 80 pairs checked, 77 passed, 3 failed ({written} already in {part})")
    assert part.read_bytes() == whole.read_bytes()


def test_without_ray_the_local_engine_runs_and_the_ray_engine_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # 'import ray' raises ImportError
    manifest = write_corpus(tmp_path, n_pairs=2)
    r = run(["batch", str(manifest), "-o", str(tmp_path / "o.jsonl"), "--segmentation", "lines"])
    assert r.exit_code == 0, r.output
    r = run(["batch", str(manifest), "-o", str(tmp_path / "p.jsonl"), "--segmentation", "lines", "--engine", "ray"])
    assert r.exit_code == 2
    assert r.stderr.startswith("error: --engine ray needs Ray (")
    assert r.stderr.rstrip().endswith("install it with: pip install 'aligncheck[ray]'")
