"""Short pairs in documents: a loose match of a short sentence is a note, a low margin is still
a mismatch (``aligncheck.checks.alignment.short_pair``)."""

from __future__ import annotations

from aligncheck.checks import check_mismatch
from aligncheck.checks.alignment import SHORT_PAIR_MARGIN, short_pair
from tests.fakes import lines_context

LONG_AR = "وافق البرلمان على الميزانية الجديدة بعد نقاش طويل استمر ثلاثة أيام كاملة."
LONG_EN = "Parliament approved the new budget after a long debate that lasted three full days."


def _mismatches(src, tgt, margin):
    ctx = lines_context(src, tgt, [((0,), (0,)), ((1,), (1,))], margins=[0.6, margin])
    return [(f.src, f.severity.value) for f in check_mismatch(ctx)]


def test_a_short_pair_above_the_short_margin_is_a_note():
    found = _mismatches([LONG_AR, "هنشوف."], [LONG_EN, "We'll see."], 0.17)
    assert found == [((1,), "info")]
    ctx = lines_context([LONG_AR, "هنشوف."], [LONG_EN, "We'll see."], [((0,), (0,)), ((1,), (1,))], margins=[0.6, 0.17])
    assert "short pair that matches loosely" in check_mismatch(ctx)[0].message


def test_a_short_pair_far_below_the_margin_is_still_a_mismatch():
    found = _mismatches([LONG_AR, "هنشوف."], [LONG_EN, "Prices fell."], SHORT_PAIR_MARGIN - 0.1)
    assert found and found[0][1] in ("error", "warning")


def test_a_long_pair_below_the_margin_is_still_a_mismatch():
    found = _mismatches([LONG_AR, LONG_AR], [LONG_EN, "The minister resigned after the scandal about the new airport contracts."], 0.17)
    assert found and found[0][1] in ("error", "warning")


def test_short_pair_counts_the_shorter_side_in_words():
    ctx = lines_context(["كلمة " * 6, "كلمة " * 7], ["word " * 20, "word " * 20], [((0,), (0,)), ((1,), (1,))])
    b0, b1 = ctx.alignment.beads
    assert short_pair(ctx, b0) and not short_pair(ctx, b1)


def test_translation_units_keep_short_pairs_as_mismatches():
    import dataclasses

    ctx = lines_context([LONG_AR, "هنشوف."], [LONG_EN, "We'll see."], [((0,), (0,)), ((1,), (1,))], margins=[0.6, 0.17])
    units = dataclasses.replace(ctx, documents=False)
    assert [f.severity.value for f in check_mismatch(units)] in (["error"], ["warning"])


def test_lines_mode_keeps_short_pairs_as_mismatches():
    from aligncheck.config import Config

    ctx = lines_context([LONG_AR, "هنشوف."], [LONG_EN, "We'll see."], [((0,), (0,)), ((1,), (1,))], margins=[0.6, 0.17],
                        config=Config(segmentation="lines"))
    assert [f.severity.value for f in check_mismatch(ctx)] in (["error"], ["warning"])
