"""The HTML report marks the characters a finding is about inside the sentence: the changed
number (from the numbers check's highlights) and the missing clause (partial_omission). Offsets
are counted by hand."""

from __future__ import annotations

import re

from aligncheck.checks import check_numbers
from aligncheck.report import common, html as html_report
from aligncheck.types import CheckResult, Finding, Severity
from tests.fakes import lines_context, one_bead_context
from tests.unit.report_cases import make_result


def _result_of(ctx, findings) -> CheckResult:
    return CheckResult(ctx.source, ctx.target, ctx.alignment, tuple(findings), signature="sig")


def test_the_numbers_check_records_where_the_numbers_are():
    ar, en = "ارتفعت الأسعار بنسبة ٢٥٪ في ٢٠٢٣.", "Prices rose by 26% in 2023."
    (f,) = check_numbers(one_bead_context(ar, en))
    # "ارتفعت الأسعار بنسبة " is 21 code points: ٢٥ at 21-23; "Prices rose by " is 15: 26 at 15-17
    assert f.highlights == (("source", 21, 23), ("target", 15, 17))
    assert ar[21:23] == "٢٥" and en[15:17] == "26"


def test_the_changed_number_is_marked_inside_both_sentences():
    ar, en = "ارتفعت الأسعار بنسبة ٢٥٪ في ٢٠٢٣.", "Prices rose by 26% in 2023."
    ctx = one_bead_context(ar, en)
    page = html_report.render(_result_of(ctx, check_numbers(ctx)))
    marks = re.findall(r'<mark class="hl-error" title="[^"]*">([^<]*)</mark>', page)
    assert marks == ["٢٥", "26"]
    assert "ارتفعت الأسعار بنسبة <mark" in page and "</mark>٪ في ٢٠٢٣." in page
    assert "Prices rose by <mark" in page and "</mark>% in 2023." in page


def test_a_span_over_two_segments_is_marked_in_each():
    ctx = lines_context(["جملة أولى.", "جملة ثانية هنا."], ["One sentence."], [((0, 1), (0,))])
    # joined source: "جملة أولى. جملة ثانية هنا." ; the span 5-21 runs from "أولى." into the second segment
    f = Finding("partial_omission", Severity.WARNING, (0, 1), (0,), "missing", 0.8, highlights=(("source", 5, 21),))
    assert common.segment_marks(ctx.source, (0, 1), f.highlights, "source") == {0: [(5, 10)], 1: [(0, 10)]}
    page = html_report.render(_result_of(ctx, [f]))
    assert re.findall(r'<mark class="hl-warning"[^>]*>([^<]*)</mark>', page) == ["أولى.", "جملة ثانية"]


def test_input_in_a_mark_is_escaped_and_a_finding_without_highlights_marks_nothing():
    ctx = one_bead_context("قال <b>مرحبا</b> 5 مرات.", "He said <b>hi</b> 6 times.")
    page = html_report.render(_result_of(ctx, check_numbers(ctx)))
    assert "<b>مرحبا" not in page and "&lt;b&gt;مرحبا&lt;/b&gt;" in page
    assert re.findall(r'<mark class="hl-error"[^>]*>([^<]*)</mark>', page) == ["5", "6"]
    assert "<mark" not in html_report.render(make_result())
