"""Per-check switches (Config.disable / Config.severity) in unit mode (check_units)."""

import json
from aligncheck.config import Config
from aligncheck.formats import read_units
from aligncheck.pipeline import check_units
from tests.fakes import make_parallel

def test_unit_switches(tmp_path):
    ar, en, enc = make_parallel(12, seed=5)
    keys = [f"k{k}" for k in range(12)]
    tgt = {k: t for k, t in zip(keys, en) if k != "k7"}
    tgt["k_new"] = "An added string."
    (tmp_path / "ar.json").write_text(json.dumps(dict(zip(keys, ar)), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "en.json").write_text(json.dumps(tgt), encoding="utf-8")
    uf = read_units(str(tmp_path / "ar.json"), str(tmp_path / "en.json"), fmt="json", source_lang="ar", target_lang="en")
    r = check_units(uf, config=Config(disable=("extra_key",), severity={"missing_key": "warning"}), encoder=enc)
    assert [(f.check, f.severity.value) for f in r.findings] == [("missing_key", "warning")]
    r = check_units(uf, config=Config(disable=("omission", "addition")), encoder=enc)
    assert [f.check for f in r.findings] == ["missing_key", "extra_key"]
