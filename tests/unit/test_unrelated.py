"""``unrelated_documents``: a wrong file attached is one finding, not one per sentence."""

from __future__ import annotations

import math

import pytest

from aligncheck.checks import correspondence_stats, run_checks, unrelated_finding
from aligncheck.config import Config
from aligncheck.types import Alignment, Bead
from tests.fakes import lines_context, make_parallel, make_vocabulary

AR = [f"جملة رقم {k} هنا." for k in range(10)]
EN = [f"Sentence number {k} here." for k in range(10)]


def test_stats_count_skips_and_low_margins_as_faults_and_take_the_median_of_one_to_one_margins():
    beads = Alignment((
        Bead((0,), (0,), 0.9, 0.5),
        Bead((1,), (), None, None),
        Bead((), (1,), None, None),
        Bead((2,), (2,), 0.3, 0.1),     # below the mismatch margin 0.2: a fault
        Bead((3, 4), (3,), 0.8, 0.05),  # a 2-1 bead: a fault, but not in the 1-1 median
        Bead((5,), (4,), 0.7, 0.3),
    ))
    share, median = correspondence_stats(beads, 0.2)
    assert share == 4 / 6
    assert median == 0.3  # of 0.5, 0.1, 0.3


def test_stats_of_an_alignment_without_pairs():
    assert correspondence_stats(Alignment((Bead((0,), ()), Bead((), (0,)))), 0.2) == (1.0, -math.inf)
    assert correspondence_stats(Alignment(()), 0.2) == (0.0, math.inf)


def ctx_with(n_pairs: int, margin: float, n_skips: int, tgt_skips: int = 0):
    """``n_pairs`` 1-1 beads of ``margin``, then ``n_skips`` 1-0 beads and ``tgt_skips`` 0-1 beads."""
    beads = ([((k,), (k,)) for k in range(n_pairs)] + [((n_pairs + k,), ()) for k in range(n_skips)]
             + [((), (n_pairs + k,)) for k in range(tgt_skips)])
    return lines_context(AR[: n_pairs + n_skips], EN[: n_pairs + tgt_skips], beads,
                         margins=[margin] * n_pairs + [None] * (n_skips + tgt_skips))


@pytest.mark.parametrize("n_pairs, margin, n_skips, tgt_skips, flagged", [
    (3, 0.3, 3, 0, True),    # share 0.5, median 0.3: both at the threshold
    (4, 0.3, 3, 0, False),   # share 3/7 < 0.5
    (3, 0.31, 3, 0, False),  # median above 0.3 (pairs that match: omissions, not a wrong file)
    (0, 0.0, 5, 2, True),    # nothing aligned at all
    (2, 0.0, 1, 0, False),   # 5 segments: too small to call
    (3, 0.0, 0, 0, True),    # three unrelated pairs (all mismatches), 6 segments
])
def test_the_rule(n_pairs, margin, n_skips, tgt_skips, flagged):
    assert (unrelated_finding(ctx_with(n_pairs, margin, n_skips, tgt_skips)) is not None) is flagged


def test_the_finding_replaces_every_other_and_says_what_to_do():
    ctx = ctx_with(2, 0.0, 6)
    findings = run_checks(ctx)
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in findings] == [
        ("unrelated_documents", "error", (), ())]
    assert findings[0].message == (
        "en.txt does not seem to be a translation of ar.txt: 100% of the 8 aligned positions are missing or "
        "mismatched (8 Arabic and 2 English segments, median pair margin 0.00); check that the right file is attached"
    )


def test_disabled_or_overridden():
    ctx = ctx_with(2, 0.0, 6)
    disabled = lines_context(AR[:8], EN[:2], [((k,), (k,)) for k in range(2)] + [((2 + k,), ()) for k in range(6)],
                             margins=[0.0, 0.0] + [None] * 6, config=Config(disable=("unrelated_documents",)))
    assert sorted({f.check for f in run_checks(disabled)}) == ["mismatch", "omission"]
    warn = lines_context(AR[:8], EN[:2], [((k,), (k,)) for k in range(2)] + [((2 + k,), ()) for k in range(6)],
                         margins=[0.0, 0.0] + [None] * 6, config=Config(severity={"unrelated_documents": "warning"}))
    assert [(f.check, f.severity.value) for f in run_checks(warn)] == [("unrelated_documents", "warning")]
    assert run_checks(ctx)[0].severity.value == "error"


def test_translation_units_are_judged_one_by_one(tmp_path):
    """A PO file with no entry translated is one empty_target per unit, not a wrong file."""
    from aligncheck.formats import read_units
    from aligncheck.pipeline import check_units

    ar, _, enc = make_parallel(8, seed=2, vocab=make_vocabulary(seed=2))
    po = "".join(f'msgid "{a}"\nmsgstr ""\n\n' for a in ar)
    (tmp_path / "news.po").write_text(po, encoding="utf-8")
    units = read_units(str(tmp_path / "news.po"), fmt="po", source_lang="ar", target_lang="en")
    result = check_units(units, encoder=enc)
    assert [f.check for f in result.findings] == ["empty_target"] * 8
