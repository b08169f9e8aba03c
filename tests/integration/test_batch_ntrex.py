"""The 62 NTREX-128 dev documents through 'check', 'batch --jobs 2' and 'batch --engine ray'
(real bundled model) give the same reports.

The three runs share one on-disk embedding cache (``ALIGNCHECK_CACHE_DIR``): the 'check' runs
embed the ~2,000 distinct lines once (about 2.5 minutes on 2 cores); the batch runs then read
them from the cache, so they test the batch machinery, not the model, in seconds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligncheck.cli import main

# slow: it embeds ~2,000 lines with the real model (2.5 minutes on 2 idle cores); the README's
# test command leaves it out and CI runs it with the other slow tests
pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NTREX = ROOT / "corpora" / "ntrex128-ar-en"


def test_check_batch_jobs_and_ray_give_the_same_reports_on_ntrex_dev(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(tmp_path / "cache"))
    docs = sorted(p.name for p in NTREX.iterdir() if (p / "ar.txt").is_file())
    assert len(docs) == 62
    manifest = tmp_path / "ntrex.tsv"
    manifest.write_text("id\tsource\ttarget\n" + "".join(f"{d}\t{NTREX / d / 'ar.txt'}\t{NTREX / d / 'en.txt'}\n"
                                                           for d in docs), encoding="utf-8")
    expected, gate = [], 0
    for d in docs:
        r = CliRunner().invoke(main, ["check", str(NTREX / d / "ar.txt"), str(NTREX / d / "en.txt"),
                                      "--segmentation", "lines", "--format", "json", "--quiet"])
        assert r.exit_code in (0, 1), r.output
        gate = max(gate, r.exit_code)
        expected.append({"id": d, **json.loads(r.stdout)})
    assert sum(len(e["findings"]) for e in expected) > 0  # the comparison covers findings, not only clean pairs

    jobs = tmp_path / "jobs2.jsonl"
    r = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(jobs), "--segmentation", "lines", "--jobs", "2",
                                  "--allow-outside-paths"])
    assert r.exit_code == gate, r.output
    lines = [json.loads(x) for x in jobs.read_text(encoding="utf-8").splitlines()]
    assert all(line.get("seal") for line in lines)  # each line sealed for a verified resume
    assert [{k: v for k, v in line.items() if k != "seal"} for line in lines] == expected

    import ray  # test extra: a missing one is a failure, not a skip
    pythonpath = os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    if ray.is_initialized():  # started by another test with another environment
        ray.shutdown()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": pythonpath, "ALIGNCHECK_CACHE_DIR": str(tmp_path / "cache")}})
    try:
        distributed = tmp_path / "ray.jsonl"
        r = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(distributed), "--segmentation", "lines", "--allow-outside-paths",
                                      "--engine", "ray"])
        assert r.exit_code == gate, r.output
    finally:
        ray.shutdown()
    assert distributed.read_bytes() == jobs.read_bytes()
