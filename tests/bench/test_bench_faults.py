"""Tests for bench.faults: exact gold and faults of every variant on a 6-line document."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.faults import (
    NO_FAULT_VARIANTS,
    VARIANT_NAMES,
    Fault,
    clause_cut,
    make_variant,
    make_variants,
    negation_edits,
    number_spans,
    validate_variant,
)

SRC = [
    "المجلس يوافق على الميزانية",
    "اجتمع مجلس المدينة يوم الاثنين لمناقشة الخطة.",
    "قال الأعضاء إن الميزانية ليست كافية، لكنهم صوتوا لصالحها بعد نقاش طويل.",
    "تبلغ تكلفة الخطة 250 مليون دولار على مدى خمس سنوات.",
    "لم يقبل المنتقدون الأرقام أبدا، وطالبوا بمراجعة مستقلة للتكاليف.",
    "ومن المتوقع إجراء تصويت نهائي الشهر المقبل.",
]
TGT = [
    "Council approves new budget",
    "The city council met on Monday to discuss the plan.",
    "Members said the budget was not large enough, but they voted for it anyway after a long debate.",
    "The plan costs 250 million dollars over five years.",
    "Critics never accepted the figures, and they asked for an independent review of the costs.",
    "A final vote is expected next month.",
]
DONORS = ["The weather will be sunny tomorrow.", TGT[1], "Shares fell sharply in early trading."]
ONE_ONE = [((i,), (i,)) for i in range(6)]


def mk(name, at=None, seed=0):
    v = make_variant(name, "doc", SRC, TGT, DONORS, np.random.default_rng(seed), at=at)
    assert v is not None
    validate_variant(v)
    return v


def test_clean():
    v = mk("clean")
    assert v.src == tuple(SRC) and v.tgt == tuple(TGT)
    assert list(v.gold) == ONE_ONE
    assert v.faults == ()


def test_omission_line_2():
    v = mk("omission", at=2)
    assert v.tgt == tuple(TGT[:2] + TGT[3:])
    assert v.src == tuple(SRC)
    assert list(v.gold) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]
    assert v.faults == (Fault("omission", (2,), (), "omission"),)


def test_omission_never_headline():
    with pytest.raises(ValueError, match="line 0"):
        mk("omission", at=0)
    for seed in range(50):
        assert mk("omission", seed=seed).faults[0].src != (0,)
        assert 0 not in mk("omission_block", seed=seed).faults[0].src
        assert mk("partial", seed=seed).faults[0].src != (0,)


def test_omission_block_line_2():
    v = mk("omission_block", at=2)
    (f,) = v.faults
    k = len(f.src)
    assert k in (2, 3) and f.src == tuple(range(2, 2 + k)) and f.tgt == ()
    assert v.tgt == tuple(TGT[:2] + TGT[2 + k :])
    if k == 2:  # deleting EN lines 2, 3 of 6
        assert list(v.gold) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,)), ((5,), (3,))]
    else:
        assert list(v.gold) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), ()), ((5,), (2,))]
    sizes = {len(mk("omission_block", at=2, seed=s).faults[0].src) for s in range(30)}
    assert sizes == {2, 3}
    # at 4 only a block of 2 fits (lines 4, 5)
    assert mk("omission_block", at=4).faults[0].src == (4, 5)


def test_addition_at_start_and_end():
    v = mk("addition", at=0)
    assert v.tgt[1:] == tuple(TGT) and v.tgt[0] in (DONORS[0], DONORS[2])  # DONORS[1] is in the doc
    assert list(v.gold) == [((), (0,))] + [((i,), (i + 1,)) for i in range(6)]
    assert v.faults == (Fault("addition", (), (0,), "addition"),)
    v = mk("addition", at=6)
    assert v.tgt[:6] == tuple(TGT)
    assert list(v.gold) == ONE_ONE + [((), (6,))]
    assert v.faults == (Fault("addition", (), (6,), "addition"),)
    v = mk("addition", at=3)
    assert list(v.gold) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)), ((3,), (4,)), ((4,), (5,)), ((5,), (6,))]


def test_replace():
    v = mk("replace", at=4)
    assert v.tgt[4] in (DONORS[0], DONORS[2]) and v.tgt[:4] == tuple(TGT[:4])
    assert list(v.gold) == ONE_ONE
    assert v.faults == (Fault("mismatch", (4,), (4,), "replace"),)


def test_donor_pool_without_usable_lines_skips():
    rng = np.random.default_rng(0)
    assert make_variant("addition", "d", SRC, TGT, [TGT[0], ""], rng) is None
    assert make_variant("replace", "d", SRC, TGT, [], rng) is None


def test_merge():
    v = mk("merge", at=1)
    assert v.tgt == (TGT[0], TGT[1] + " " + TGT[2], TGT[3], TGT[4], TGT[5])
    assert list(v.gold) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]
    assert v.faults == ()
    assert list(mk("merge", at=4).gold)[-1] == ((4, 5), (4,))


def test_split():
    v = mk("split", at=2)
    assert v.tgt[2] == "Members said the budget was not large enough,"
    assert v.tgt[3] == "but they voted for it anyway after a long debate."
    assert v.tgt[:2] == tuple(TGT[:2]) and v.tgt[4:] == tuple(TGT[3:])
    assert list(v.gold) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,)), ((5,), (6,))]
    assert v.faults == ()
    # lines 0, 1, 3, 5 have no clause boundary with two 4-word halves
    for i in (0, 1, 3, 5):
        with pytest.raises(ValueError):
            mk("split", at=i)
    assert {mk("split", seed=s).detail for s in range(30)} == {"split@2", "split@4"}


def test_clause_cut():
    assert clause_cut(TGT[4]) == ("Critics never accepted the figures,", "and they asked for an independent review of the costs.")
    assert clause_cut("one two three four and five six seven eight") == ("one two three four", "and five six seven eight")
    assert clause_cut("one two, three four five six seven eight nine") is None  # first half < 4 words
    assert clause_cut("no boundary in this line at all whatsoever") is None


def test_number():
    v = mk("number", at=3)
    assert v.tgt[3] != TGT[3]
    assert v.tgt[3].startswith("The plan costs 25") and v.tgt[3].endswith(" million dollars over five years.")
    assert 251 <= int(v.tgt[3].split()[3]) <= 259
    assert list(v.gold) == ONE_ONE
    assert v.faults == (Fault("numbers", (3,), (3,), "number"),)
    assert {mk("number", seed=s).detail for s in range(10)} == {"number@3"}  # the only line with a digit


def test_number_spans():
    assert number_spans("COVID-19 in 2020s, 3rd wave, 3.5 per cent, 007") == [(6, 8), (29, 30), (31, 32), (43, 46)]


def test_untranslated():
    v = mk("untranslated", at=5)
    assert v.tgt[5] == SRC[5] and v.tgt[:5] == tuple(TGT[:5])
    assert list(v.gold) == ONE_ONE
    assert v.faults == (Fault("untranslated", (5,), (5,), "untranslated"),)


def test_partial():
    v = mk("partial", at=2)
    assert v.tgt[2] == "Members said the budget was not large enough."
    assert list(v.gold) == ONE_ONE
    assert v.faults == (Fault("partial_omission", (2,), (2,), "partial"),)
    v = mk("partial", at=4)  # 15 words
    assert v.tgt[4] == "Critics never accepted the figures."


def test_negation():
    v = mk("negation", at=2)
    assert v.tgt[2] == "Members said the budget was large enough, but they voted for it anyway after a long debate."
    assert v.faults == (Fault("mismatch", (2,), (2,), "negation"),)
    assert list(v.gold) == ONE_ONE
    v = mk("negation", at=4)
    assert v.tgt[4] == "Critics always accepted the figures, and they asked for an independent review of the costs."
    with pytest.raises(ValueError):
        mk("negation", at=3)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("He did not go.", ["He did go."]),
        ("She is not here.", ["She is here."]),
        ("We can't stay, we won't stay.", ["We can stay, we won't stay.", "We can't stay, we will stay."]),
        ("They cannot agree.", ["They can agree."]),
        ("It isn't true and Don't panic.", ["It is true and Don't panic.", "It isn't true and Do panic."]),
        ("He never lies.", ["He always lies."]),
        ("Never again.", ["Always again."]),
        ("There is no evidence.", ["There is some evidence."]),
        ("There is no one here.", ["There is someone here."]),
        ("It is no longer open.", ["It is still open."]),
        ("Not only this but whether or not, if not now, ain't No. 5", []),
    ],
)
def test_negation_edits(line, expected):
    got = [line[:a] + r + line[b:] for a, b, r in negation_edits(line)]
    assert got == expected


def test_source_deleted():
    v = mk("source_deleted", at=2)
    assert v.src == tuple(SRC[:2] + SRC[3:]) and v.tgt == tuple(TGT)
    assert list(v.gold) == [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,)), ((4,), (5,))]
    assert v.faults == (Fault("addition", (), (2,), "source_deleted"),)


def _check_faults_match_gold(v):
    beads = set(v.gold)
    for f in v.faults:
        if f.kind == "omission":
            for i in f.src:
                assert ((i,), ()) in beads
        elif f.kind == "addition":
            for j in f.tgt:
                assert ((), (j,)) in beads
        else:
            assert (f.src, f.tgt) in beads


def test_combo_exact():
    src = SRC * 3
    tgt = [f"{t} ({k})" for k in range(3) for t in TGT]  # 18 distinct lines
    seen_kinds = set()
    for seed in range(40):
        v = make_variant("combo", "d", src, tgt, DONORS, np.random.default_rng(seed))
        assert v is not None
        validate_variant(v)
        _check_faults_match_gold(v)
        ops = v.detail.split(", ")
        assert 2 <= len(ops) <= 3
        assert v.faults  # at least one real fault
        kinds = [op.split("@")[0] for op in ops]
        assert len(set(kinds)) == len(kinds)
        seen_kinds.update(kinds)
        # touched original lines are spread: at least one untouched line between edits
        touched = []
        for op in ops:
            kind, pos = op.split("@")
            touched.append([int(x) for x in pos.split("+")])
        for a, b in zip(touched, touched[1:]):
            assert min(b) - max(a) >= 2
        # the source side is never edited; untouched lines survive verbatim as 1-1 beads
        assert v.src == tuple(src)
        for s, t in v.gold:
            if len(s) == 1 and len(t) == 1 and not any(f.tgt == t for f in v.faults):
                assert v.tgt[t[0]] == tgt[s[0]]
    assert seen_kinds == {"omission", "addition", "replace", "merge", "number"}


def test_combo_example_hand_checked():
    src = SRC * 2
    tgt = [f"{t} ({k})" for k in range(2) for t in TGT]
    v = None
    for seed in range(200):
        cand = make_variant("combo", "d", src, tgt, DONORS, np.random.default_rng(seed))
        if cand.detail.startswith("omission@") and "merge@" in cand.detail and len(cand.detail.split(", ")) == 2:
            v = cand
            break
    assert v is not None
    i = int(v.detail.split(", ")[0].split("@")[1])
    m = int(v.detail.split(", ")[1].split("@")[1].split("+")[0])
    assert i < m - 1
    expected = (
        [((k,), (k,)) for k in range(i)]
        + [((i,), ())]
        + [((k,), (k - 1,)) for k in range(i + 1, m)]
        + [((m, m + 1), (m - 1,))]
        + [((k,), (k - 2,)) for k in range(m + 2, 12)]
    )
    assert list(v.gold) == expected
    assert v.faults == (Fault("omission", (i,), (), "omission"),)
    assert v.tgt[m - 1] == tgt[m] + " " + tgt[m + 1]


def test_make_variants_all_and_reproducible():
    vs = make_variants("doc", SRC, TGT, DONORS, np.random.default_rng(7))
    assert [v.name for v in vs] == list(VARIANT_NAMES)
    again = make_variants("doc", SRC, TGT, DONORS, np.random.default_rng(7))
    assert vs == again
    others = [make_variants("doc", SRC, TGT, DONORS, np.random.default_rng(s)) for s in range(8)]
    assert any(o != vs for o in others)
    for v in vs:
        validate_variant(v)
        assert (not v.faults) == (v.name in NO_FAULT_VARIANTS)


def test_make_variants_subset_is_stable():
    full = {v.name: v for v in make_variants("doc", SRC, TGT, DONORS, np.random.default_rng(3))}
    sub = make_variants("doc", SRC, TGT, DONORS, np.random.default_rng(3), names=["omission", "split"])
    assert sub == [full["omission"], full["split"]]
    with pytest.raises(ValueError):
        make_variants("doc", SRC, TGT, DONORS, np.random.default_rng(3), names=["nope"])


def test_skips_inapplicable():
    src = ["ا", "ب", "ج"]
    tgt = ["Short one.", "Short two.", "Short three."]
    names = [v.name for v in make_variants("d", src, tgt, [], np.random.default_rng(0))]
    assert names == ["clean", "omission", "omission_block", "merge", "untranslated", "source_deleted"]


def test_length_mismatch_raises():
    with pytest.raises(ValueError, match="gold must be 1-1"):
        make_variants("d", ["a"], ["b", "c"], [], np.random.default_rng(0))


WORDS = ["the", "council", "not", "never", "no", "and", "but", "which", "12", "3.5", "vote", "plan", "said"]
sentence = st.lists(st.sampled_from(WORDS + [",", "."]), min_size=1, max_size=25).map(
    lambda ws: " ".join(ws).replace(" ,", ",").replace(" .", ".")
)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(sentence, min_size=1, max_size=12),
    donors=st.lists(sentence, max_size=3),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_gold_covers_everything(lines, donors, seed):
    src = [f"س{i} {line}" for i, line in enumerate(lines)]
    vs = make_variants("p", src, lines, donors, np.random.default_rng(seed))
    assert vs == make_variants("p", src, lines, donors, np.random.default_rng(seed))
    for v in vs:
        validate_variant(v)  # every line of each side exactly once, in order
        _check_faults_match_gold(v)
        assert (not v.faults) == (v.name in NO_FAULT_VARIANTS)
        if v.name in ("merge", "split"):
            assert " ".join(v.tgt) == " ".join(lines)
        if v.name in ("clean", "merge", "split", "number", "negation", "partial", "replace", "untranslated", "omission", "omission_block", "addition"):
            assert v.src == tuple(src)
