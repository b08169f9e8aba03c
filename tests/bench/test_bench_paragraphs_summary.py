"""bench/paragraphs.py summaries: false findings per check, and reviewed slips reported beside
(never instead of) the raw figures."""

from __future__ import annotations

import pytest

from bench.paragraphs import check_counts, is_slip, load_slips, summarise_wmt


def _rec(doc, findings, passed, variant="clean", domain="news"):
    return {"corpus": "wmt24pp-ar_EG", "doc_id": doc, "domain": domain, "half": "tune", "variant": variant,
            "n_src_units": 2, "n_tgt_units": 2, "faults": [], "n_counted": len(findings),
            "n_false": len(findings), "passed": passed, "findings": findings}


def _f(check, severity, src="", tgt=""):
    return {"check": check, "severity": severity, "src_text": src, "tgt_text": tgt}


SLIP = {"corpus": "wmt24pp-ar_EG", "doc_id": "d1", "check": "numbers", "fragment": "130 countries",
        "why": "the Arabic drops the number"}


def test_check_counts_most_first():
    recs = [_rec("d1", [_f("addition", "error"), _f("numbers", "error")], False),
            _rec("d2", [_f("addition", "error"), _f("tokens", "warning")], False)]
    assert check_counts(recs) == {"addition": 2, "numbers": 1, "tokens": 1}
    assert list(check_counts(recs)) == ["addition", "numbers", "tokens"]


def test_a_slip_matches_corpus_document_check_and_fragment():
    rec = _rec("d1", [], True)
    assert is_slip(rec, _f("numbers", "error", "ar", "In some of the 130 countries with quotas"), [SLIP])
    assert not is_slip(rec, _f("tokens", "warning", "ar", "In some of the 130 countries"), [SLIP])  # other check
    assert not is_slip(_rec("d2", [], True), _f("numbers", "error", "", "130 countries"), [SLIP])  # other document
    assert not is_slip(rec, _f("numbers", "error", "", "In 2009"), [SLIP])  # other fragment


def test_summary_keeps_the_raw_figures_and_adds_the_adjusted_ones():
    recs = [_rec("d1", [_f("numbers", "error", "", "the 130 countries")], False),  # only a reviewed slip
            _rec("d2", [_f("addition", "error", "", "Yes.")], False),
            _rec("d3", [], True)]
    s = summarise_wmt(recs, [SLIP])["domains"]["all"]
    # 6 paragraphs: 2 findings raw, 1 once the slip is excluded
    assert s["false_per_100"] == pytest.approx(100 * 2 / 6)
    assert s["false_per_100_excl"] == pytest.approx(100 * 1 / 6)
    assert (s["passed"], s["passed_excl"], s["slips"]) == (1, 2, 1)
    assert s["by_check"] == {"addition": 1, "numbers": 1}
    raw = summarise_wmt(recs)["domains"]["all"]
    assert (raw["false_per_100_excl"], raw["passed_excl"]) == (raw["false_per_100"], raw["passed"])


def test_load_slips_reads_the_reviewed_file_and_refuses_a_bad_row(tmp_path):
    p = tmp_path / "slips.tsv"
    p.write_text("corpus\tdoc_id\tcheck\tfragment\twhy\nwmt24pp-ar_EG\td1\tnumbers\t130 countries\tdropped\n",
                 encoding="utf-8")
    assert load_slips(p) == [{"corpus": "wmt24pp-ar_EG", "doc_id": "d1", "check": "numbers",
                              "fragment": "130 countries", "why": "dropped"}]
    p.write_text("corpus\tdoc_id\tcheck\tfragment\twhy\nwmt24pp-ar_EG\td1\tnumbers\t130 countries\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":2: expected 5"):
        load_slips(p)
    assert load_slips(tmp_path / "none.tsv") == []


def test_the_shipped_slips_file_is_well_formed():
    rows = load_slips()
    assert rows and all(r["corpus"].startswith("wmt24pp-ar_") for r in rows)
