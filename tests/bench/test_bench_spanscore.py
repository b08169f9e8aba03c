"""bench/spanscore.py and the scoring path of bench/paragraphs.py (fake encoder, no model)."""

from __future__ import annotations

import math
from types import SimpleNamespace

from bench.layout import Layout, SpanFault, Unit, render
from bench.spanscore import (
    SpanFinding,
    boundary_counts,
    catches,
    gold_boundaries,
    overlaps,
    predicted_boundaries,
    scorable_counts,
    score_variant,
)


def seg(start, line):
    return SimpleNamespace(start=start, line=line)


def test_boundaries_by_hand():
    # "A. B. C.\nD. E." : units start at 0, 3, 6 / 9, 12 ; lines (0, 8), (9, 14)
    units = [(0, 2), (3, 5), (6, 8), (9, 11), (12, 14)]
    lines = [(0, 8), (9, 14)]
    assert gold_boundaries(units, lines) == {3, 6, 12}
    pred = predicted_boundaries([seg(0, 1), seg(6, 1), seg(9, 2), seg(10, 2), seg(12, 2)])
    assert pred == {6, 10, 12}
    bc = boundary_counts(gold_boundaries(units, lines), pred)
    assert (bc.tp, bc.fp, bc.fn) == (2, 1, 1)
    assert math.isclose(bc.precision, 2 / 3) and math.isclose(bc.recall, 2 / 3)


def test_scorable_counts_ignores_unpunctuated_gold_and_splits_inside_glued_units():
    units = [(0, 2), (3, 5), (6, 8), (9, 11)]
    lines = [(0, 11)]
    # unit 1 has no final punctuation: the boundary at 6 is not scored, found or not
    # unit 2 glues two sentences: a split at 7 inside it is not false; a split at 1 (unit 0) is
    pred = {1, 3, 6, 7}
    bc = scorable_counts(units, lines, pred, punctuated=[True, False, True, True], several=[False, False, True, False])
    # gold scored: 3, 9 ; predicted scored: 1, 3
    assert (bc.tp, bc.fp, bc.fn) == (1, 1, 1)


def test_overlap_and_catch():
    assert overlaps([(0, 5)], [(4, 9)]) and not overlaps([(0, 5)], [(5, 9)])
    omission = SpanFault("sentence_deleted", "omission", ((10, 20),), ())
    assert catches(SpanFinding("omission", "error", ((15, 30),), ()), omission)
    # a finding on the target side only cannot catch an omission (judged on the source)
    assert not catches(SpanFinding("addition", "error", (), ((10, 20),)), omission)


def test_score_variant_counts_right_check_any_check_and_false_findings():
    lay = Layout("c", "d", ((Unit("أ.", "A."),), (Unit("ب.", None, "sentence_deleted"), Unit("ج.", "C."))))
    r = render(lay)
    (fault,) = r.faults
    assert fault.src == ((3, 5),)  # "ب." in "أ.\nب. ج."
    findings = [
        SpanFinding("mismatch", "error", ((3, 8),), ((3, 5),)),   # catches it, wrong check
        SpanFinding("addition", "warning", (), ((0, 2),)),        # false
        SpanFinding("omission", "info", ((3, 5),), ()),           # info: not counted
    ]
    s = score_variant(r.faults, findings)
    assert s.caught == (True,) and s.caught_id == (False,)
    assert (s.n_counted, s.n_false) == (2, 1)
    s2 = score_variant(r.faults, findings + [SpanFinding("omission", "error", ((3, 5),), ())])
    assert s2.caught_id == (True,) and s2.n_false == 1


def test_run_case_with_the_fake_encoder_scores_an_omission():
    """End to end through check_documents: a deleted English sentence in a paragraph of three is
    reported as an omission overlapping the Arabic sentence (the fake encoder translates by word)."""
    import numpy as np

    from aligncheck.config import Config
    from aligncheck.embed import DedupEncoder
    from bench.layout import article_variant, article_layout
    from bench.paragraphs import Case, Doc, run_case
    from bench.split import half_of
    from tests.fakes import BagOfConceptsEncoder, make_vocabulary

    vocab = make_vocabulary(400, seed=3)
    rng = np.random.default_rng(5)
    src, tgt = [], []
    for _ in range(14):
        idx = rng.choice(len(vocab), size=9, replace=False)
        src.append(" ".join(vocab[i][0] for i in idx) + ".")
        tgt.append(" ".join(vocab[i][1] for i in idx).capitalize() + ".")
    enc = DedupEncoder(BagOfConceptsEncoder(dict(vocab)))
    doc = Doc("ntrex", "fake", tuple(src), tuple(tgt))
    base = article_layout("ntrex", "fake", src, tgt, np.random.default_rng(0))
    clean = run_case(Case(doc, half_of("ntrex", "fake"), base, render(base)), Config(), enc)
    assert clean["faults"] == [] and clean["n_counted"] == 0 and clean["passed"]
    lay = article_variant("sentence_deleted", base, [], np.random.default_rng(2))
    rec = run_case(Case(doc, half_of("ntrex", "fake"), lay, render(lay)), Config(), enc)
    (f,) = rec["faults"]
    assert f["kind"] == "omission" and f["caught_id"], rec["findings"]
    assert rec["n_false"] == 0


def test_summaries_by_hand():
    from bench.paragraphs import key_metrics, summarise_articles, summarise_wmt

    def rec(variant, faults, n_counted, n_false, passed, n_src=10, n_tgt=10, domain=""):
        return {"variant": variant, "faults": faults, "n_counted": n_counted, "n_false": n_false, "passed": passed,
                "n_src_units": n_src, "n_tgt_units": n_tgt, "domain": domain}

    caught = {"caught": True, "caught_id": True}
    wrong_check = {"caught": True, "caught_id": False}
    records = [
        rec("clean", [], 1, 1, False), rec("clean", [], 0, 0, True), rec("clean", [], 0, 0, True),
        rec("sentence_deleted", [caught], 2, 1, False, n_tgt=9),
        rec("sentence_deleted", [wrong_check], 1, 0, False, n_tgt=9),
    ]
    s = summarise_articles(records)
    clean = s["variants"]["clean"]
    assert clean["false_per_100"] == 100 * 1 / 30 and clean["passed"] == 2 and clean["pass_share"] == 2 / 3
    deleted = s["variants"]["sentence_deleted"]
    assert (deleted["recall_id"], deleted["recall_any"]) == (0.5, 1.0)
    assert deleted["false_per_100"] == 100 * 1 / 19  # 1 finding on no fault, (10 + 9) / 2 sentences twice
    assert s["recall_id_all"] == 0.5
    w = summarise_wmt([rec("clean", [], 3, 3, False, 4, 4, "news"), rec("clean", [], 0, 0, True, 2, 2, "speech")])
    assert w["domains"]["news"]["false_per_100"] == 75.0 and w["domains"]["all"]["false_per_100"] == 50.0
    assert w["domains"]["all"]["passed"] == 1
    km = key_metrics({"articles": {"ntrex": {"tune": s}}, "wmt": {"wmt24pp-ar_EG": {"held-out": w}}})
    assert km["ntrex/tune/faithful articles passing"] == 2 / 3
    assert km["wmt24pp-ar_EG/held-out/false per 100 paragraphs (faithful)"] == 50.0
