"""Tests for bench.scoring: Vecalign strict/lax precision, recall, F1 (hand-computed)."""

import pytest

from bench.scoring import (
    alignment_counts,
    format_beads,
    parse_beads,
    read_beads,
    score_alignment,
    score_multiple,
    write_beads,
)

GOLD = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4, 5), (3,))]
TEST = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ()), ((4,), (3,)), ((5,), ())]


def test_counts_hand_computed():
    # Precision side, each test bead against all gold beads:
    #   [0]:[0] exact -> strict TP, lax TP
    #   [1]:[1] exact -> strict TP, lax TP
    #   [2]:[2] not gold; src 2 is in gold [2]:[] (no targets) -> strict FP, lax FP
    #   [3]:[]  not gold; empty target can overlap nothing  -> strict FP, lax FP
    #   [4]:[3] not gold; src 4 in gold [4,5]:[3], tgt 3 shared -> strict FP, lax TP
    #   [5]:[]  not gold -> strict FP, lax FP
    #   => tp_s 2, fp_s 4, tp_l 3, fp_l 3
    # Recall side, 1-0/0-1 removed from both: gold {[0]:[0],[1]:[1],[3]:[2],[4,5]:[3]}
    #   judged against test {[0]:[0],[1]:[1],[2]:[2],[4]:[3]}:
    #   [0]:[0] TP, [1]:[1] TP, [3]:[2] src 3 in no test m-n bead -> FN (strict and lax),
    #   [4,5]:[3] src 4 -> test [4]:[3], tgt 3 shared -> strict FN, lax TP
    #   => tp_s 2, fn_s 2, tp_l 3, fn_l 1
    assert alignment_counts(TEST, GOLD) == {
        "p_tp_strict": 2, "p_fp_strict": 4, "p_tp_lax": 3, "p_fp_lax": 3,
        "r_tp_strict": 2, "r_fn_strict": 2, "r_tp_lax": 3, "r_fn_lax": 1,
    }


def test_score_alignment_hand_computed():
    s = score_alignment(TEST, GOLD)
    # strict_p = 2/6, lax_p = 3/6, strict_r = 2/4, lax_r = 3/4
    # strict_f1 = 2*(1/3)(1/2)/(1/3+1/2) = (1/3)/(5/6) = 0.4 ; lax_f1 = 2*.5*.75/1.25 = 0.6
    assert s["strict_p"] == pytest.approx(1 / 3)
    assert s["lax_p"] == pytest.approx(0.5)
    assert s["strict_r"] == pytest.approx(0.5)
    assert s["lax_r"] == pytest.approx(0.75)
    assert s["strict_f1"] == pytest.approx(0.4)
    assert s["lax_f1"] == pytest.approx(0.6)


def test_score_multiple_is_micro_average():
    perfect = [((0,), (0,)), ((1,), (1,))]
    s = score_multiple([(TEST, GOLD), (perfect, perfect)])
    # second doc adds p: tp 2 fp 0, r: tp 2 fn 0 (strict and lax)
    # strict_p = (2+2)/(6+2) = 1/2 ; lax_p = (3+2)/(6+2) = 5/8
    # strict_r = (2+2)/(4+2) = 2/3 ; lax_r = (3+2)/(4+2) = 5/6
    # strict_f1 = 2(1/2)(2/3)/(1/2+2/3) = (2/3)/(7/6) = 4/7
    # lax_f1 = 2(5/8)(5/6)/(5/8+5/6) = (25/24)/(35/24) = 5/7
    # (a macro average would give strict_p = (1/3 + 1)/2 = 2/3)
    assert s["strict_p"] == pytest.approx(0.5)
    assert s["lax_p"] == pytest.approx(5 / 8)
    assert s["strict_r"] == pytest.approx(2 / 3)
    assert s["lax_r"] == pytest.approx(5 / 6)
    assert s["strict_f1"] == pytest.approx(4 / 7)
    assert s["lax_f1"] == pytest.approx(5 / 7)


def test_perfect_with_insertions_and_deletions():
    s = score_alignment(GOLD, GOLD)
    assert all(v == 1.0 for v in s.values())


def test_deletions_do_not_count_for_recall_but_do_for_precision():
    gold = [((0,), (0,)), ((1,), ())]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,))]
    # precision: [0]:[0] TP; [1]:[1] FP (gold [1]:[] has no target), lax FP; []:[2] FP -> 1/3
    # recall: gold m-n {[0]:[0]} vs test m-n {[0]:[0],[1]:[1]} -> 1/1
    s = score_alignment(test, gold)
    assert s["strict_p"] == pytest.approx(1 / 3)
    assert s["lax_p"] == pytest.approx(1 / 3)
    assert s["strict_r"] == 1.0
    assert s["lax_r"] == 1.0


def test_duplicates_and_empty_beads_ignored():
    gold = [((0,), (0,))]
    test = [((0,), (0,)), ((0,), (0,)), ((), ())]
    assert score_alignment(test, gold)["strict_p"] == 1.0


def test_div_by_zero():
    # only deletions: recall has 0/0
    s = score_alignment([((0,), ())], [((0,), ())])
    assert s["strict_p"] == 1.0
    assert s["strict_r"] == 0.0
    assert s["strict_f1"] == 0.0
    assert score_alignment([], [], value_for_div_by_0=1.0)["lax_f1"] == 1.0


def test_read_write_roundtrip(tmp_path):
    p = tmp_path / "a.txt"
    write_beads(p, GOLD)
    assert p.read_text(encoding="utf-8") == "[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2]\n[4, 5]:[3]\n"
    assert read_beads(p) == GOLD


def test_parse_vecalign_cost_field_and_blank_lines():
    assert parse_beads("[0, 1]:[2]:0.123\n\n[]:[3]\n") == [((0, 1), (2,)), ((), (3,))]
    assert format_beads([([6, 7], [9, 10])]) == "[6, 7]:[9, 10]\n"


def test_parse_error_names_line():
    with pytest.raises(ValueError, match="x.txt:2"):
        parse_beads("[0]:[0]\n[a]:[1]\n", name="x.txt")
    with pytest.raises(ValueError, match="x.txt:1"):
        parse_beads("0:0\n", name="x.txt")


def test_textberg_dev_file_parses():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "corpora" / "textberg-de-fr-dev" / "dev.defr"
    beads = read_beads(str(path))
    assert len(beads) == 422
    s = score_alignment(beads, beads)
    assert s["strict_f1"] == 1.0
