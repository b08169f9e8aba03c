"""Short skipped sentences inside an aligned paragraph are notes (``aligncheck.checks.minor``);
longer ones, ones with a number, and ones alone in their paragraph stay errors."""

from __future__ import annotations

from aligncheck.checks import CheckContext
from aligncheck.checks.minor import is_minor_skip, minor_skips
from aligncheck.checks.run import run_checks
from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.types import Alignment, Bead

AR = "ذهبنا إلى السوق في الصباح الباكر.\nاشترينا الخبز والجبن من البائع القديم.\n"


def _context(en: str, beads):
    src = make_document(AR, path="ar.txt", lang="ar", mode="sentences", check=False)
    tgt = make_document(en, path="en.txt", lang="en", mode="sentences", role="target", check=False)
    alignment = Alignment(tuple(Bead(tuple(s), tuple(t), score=0.9 if s and t else None,
                                     margin=0.5 if s and t else None) for s, t in beads))
    return CheckContext(src, tgt, alignment, Config())


def _severities(ctx):
    return [(f.check, f.tgt, f.severity.value) for f in run_checks(ctx) if f.check in ("addition", "omission")]


def test_a_short_interjection_inside_an_aligned_paragraph_is_a_note():
    # English paragraph 1 = "We went ... morning." + "Yes, sir." (2 segments); paragraph 2 one segment
    ctx = _context("We went to the market early in the morning. Yes, sir.\nWe bought bread and cheese from the old seller.\n",
                   [((0,), (0,)), ((), (1,)), ((1,), (2,))])
    assert [s.text for s in ctx.target.segments] == [
        "We went to the market early in the morning.", "Yes, sir.", "We bought bread and cheese from the old seller."]
    assert _severities(ctx) == [("addition", (1,), "info")]
    f = next(f for f in run_checks(ctx) if f.check == "addition")
    assert f.message.endswith("(a short sentence inside an aligned paragraph: a note)")


def test_a_longer_sentence_a_number_or_a_lone_paragraph_stays_an_error():
    four_words = _context("We went to the market early in the morning. It was very cold.\n"
                          "We bought bread and cheese from the old seller.\n", [((0,), (0,)), ((), (1,)), ((1,), (2,))])
    assert _severities(four_words) == [("addition", (1,), "error")]
    # three words carry content ("I couldn't walk." deleted from an NTREX article)
    three_words = _context("We went to the market early in the morning. Today, there's neither.\n"
                           "We bought bread and cheese from the old seller.\n", [((0,), (0,)), ((), (1,)), ((1,), (2,))])
    assert _severities(three_words) == [("addition", (1,), "error")]
    number = _context("We went to the market early in the morning. At 6 am.\n"
                      "We bought bread and cheese from the old seller.\n", [((0,), (0,)), ((), (1,)), ((1,), (2,))])
    assert _severities(number) == [("addition", (1,), "error")]
    # "Yes, sir." alone on its line: a paragraph of its own (a dropped heading or quote)
    alone = _context("We went to the market early in the morning.\nYes, sir.\n"
                     "We bought bread and cheese from the old seller.\n", [((0,), (0,)), ((), (1,)), ((1,), (2,))])
    assert _severities(alone) == [("addition", (1,), "error")]


def test_a_short_sentence_whose_paragraph_has_nothing_aligned_stays_an_error():
    # both English sentences of paragraph 1 are unaligned: no aligned neighbour vouches for it
    ctx = _context("We went to the market early in the morning. Yes, sir.\nWe bought bread and cheese from the old seller.\n",
                   [((0,), ()), ((), (0,)), ((), (1,)), ((1,), (2,))])
    yes_sir = [f for f in run_checks(ctx) if f.check == "addition" and f.tgt == (1,)]
    assert len(yes_sir) == 1 and not is_minor_skip(yes_sir[0], ctx)
    assert yes_sir[0].severity.value == "error"


def test_minor_skips_leaves_other_findings_alone():
    ctx = _context("We went to the market early in the morning. Yes, sir.\nWe bought bread and cheese from the old seller.\n",
                   [((0,), (0,)), ((), (1,)), ((1,), (2,))])
    from aligncheck.types import Finding, Severity

    other = Finding("numbers", Severity.ERROR, (0,), (0,), "numbers differ: x")
    assert minor_skips([other], ctx) == [other]
