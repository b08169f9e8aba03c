"""The text report on a terminal (``width`` given): wrapped at word boundaries to the width with
a hanging indent, input text bidi-isolated per screen line, badges readable on any background.
Expected layouts are worked out by hand from the standard case of ``report_cases``."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from aligncheck.report import text as text_report
from aligncheck.types import Severity
from tests.unit.report_cases import make_result, standard_findings

FSI, PDI = "\u2068", "\u2069"
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


def _long_result():
    """The standard case with the omission's message made long (3 screen lines at width 50)."""
    omission, *rest = standard_findings()
    long = omission.__class__(**{**omission.__dict__, "message": "word " * 25 + "end"})
    return make_result(findings=(long, *rest))


@pytest.mark.parametrize("width", [40, 50, 73, 120])
def test_every_screen_line_fits_the_width(width):
    out = text_report.render(_long_result(), width=width)
    for line in out.splitlines():
        assert cell_len(line.replace(FSI, "").replace(PDI, "")) <= width, line


def test_long_text_wraps_at_spaces_with_a_hanging_indent():
    out = text_report.render(_long_result(), width=50).splitlines()
    k = next(i for i, line in enumerate(out) if line.startswith(f"  {FSI}word"))
    block = [out[k]]
    for line in out[k + 1:]:
        if not line.startswith(f"  {FSI}"):
            break
        block.append(line)
    bodies = [line[2:].removeprefix(FSI).removesuffix(PDI) for line in block]
    # 25 words and "end" (128 columns); 48 columns of room: 9 words a line (44 columns, a 10th
    # would make 49), so 9 + 9 + the last 7 words and "end"
    assert bodies == ["word " * 8 + "word", "word " * 8 + "word", "word " * 7 + "end"]
    assert all(line.endswith(PDI) for line in block)


def test_an_arabic_text_is_isolated_after_its_label_and_continues_under_itself():
    result = make_result()
    out = text_report.render(result, width=40).splitlines()
    ar = [k for k, line in enumerate(out) if line.startswith("  ar: ")]
    assert ar, out
    first = out[ar[0]]
    assert first.startswith(f"  ar: {FSI}") and first.endswith(PDI)
    # the omitted sentence "كان الجو بارداً جداً." fits on one line; its full stop stays inside the isolate
    assert first == f"  ar: {FSI}كان الجو بارداً جداً.{PDI}"
    # and without a width: the report as before, no isolate anywhere
    assert FSI not in text_report.render(result) and PDI not in text_report.render(result)


def test_continuation_lines_of_a_text_start_under_its_first_character():
    from tests.unit.report_cases import AR_LINES

    src = ["جملة " * 20 + "نهاية."]
    result = make_result(ar_lines=[[AR_LINES[0][0], src[0]], *AR_LINES[1:]])
    out = text_report.render(result, width=40).splitlines()
    k = next(i for i, line in enumerate(out) if line.startswith(f"  ar: {FSI}جملة"))
    assert out[k + 1].startswith(" " * 6 + FSI) and out[k + 1].endswith(PDI)
    words = []
    for line in out[k:]:
        if not (line.startswith("  ar: ") or line.startswith(" " * 6)):
            break
        words += line[6:].strip(FSI + PDI).split()
    assert words == src[0].split()  # no word cut, none lost


def test_bidi_controls_in_input_cannot_break_out_of_the_isolate():
    omission, *rest = standard_findings()
    evil = omission.__class__(**{**omission.__dict__, "message": "a\u2069b\u202ec\u2066d"})
    out = text_report.render(make_result(findings=(evil, *rest)), width=80)
    # the controls are shown as visible escapes (aligncheck.neutralise), so none is live inside the isolate
    assert f"  {FSI}a\\u2069b\\u202ec\\u2066d{PDI}" in out.splitlines()
    plain = text_report.render(make_result(findings=(evil, *rest)))
    assert "a\\u2069b\\u202ec\\u2066d" in plain  # a pipe or a file gets them as visible escapes too


def test_badges_have_a_background_so_they_read_on_light_and_dark_themes():
    out = text_report.render(make_result(), color=True, width=100)
    warning = next(line for line in out.splitlines() if "warning" in ANSI_RE.sub("", line)[:8])
    assert re.search(r"\x1b\[[0-9;]*43[0-9;]*mwarning", warning)  # yellow background (43), black text
    assert re.search(r"\x1b\[[0-9;]*\b30\b", warning) or "\x1b[1;30;43m" in warning
    error = next(line for line in out.splitlines() if ANSI_RE.sub("", line).startswith("error"))
    assert re.search(r"\x1b\[[0-9;]*41[0-9;]*merror", error)  # red background
    assert ANSI_RE.sub("", out) == text_report.render(make_result(), width=100)
    assert Severity.WARNING.value == "warning"
