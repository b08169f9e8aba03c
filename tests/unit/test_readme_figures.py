"""Every measured figure the README quotes comes from a generated results file (issue 17).

A *figure* is a decimal number (``0.999``, ``1.4``), a multiple (``157×``) or a count ratio
(``107 / 107``) in the README's prose and tables (code blocks and inline code are examples, not
claims). Each must be found in the results file its line names (a link to ``bench/*.md``), or,
when the line names none, in ``bench/RESULTS.md`` (which ``python -m bench`` regenerates), at the
README's precision. ``bench/CHOICES.md`` also keeps the history of how defaults were chosen (older
code's numbers): only its blocks marked as measured on the current code, each naming its command,
count. Targets (``≥ 0.97``) and the constants listed in :data:`NOT_MEASURED` (each
with where it comes from) are not measurements. The benchmark table must copy the headline rows
``bench/quality.py`` writes into ``bench/RESULTS.md`` verbatim.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
RESULTS = ROOT / "bench" / "RESULTS.md"

#: figures that are not measurements, and where each comes from
NOT_MEASURED = {
    "0.2": "the mismatch margin threshold, Config.mismatch_margin",
    "0.7": "the partial_omission length ratio, Config.partial_ratio",
    "0.3": "the unrelated_documents median-margin threshold (UNRELATED_MEDIAN_MARGIN)",
    "0.85": "the prior Arabic/English character ratio the length term starts from",
    "3.5": "the `length` check's outlier threshold in robust deviations (aligncheck/checks/length.py)",
    "1.1": "TMX version 1.1", "1.2": "XLIFF version 1.2", "2.0": "Apache License 2.0", "4.0": "CC BY-SA 4.0",
    "130 / 143": "exit codes",
}

#: results files that also keep history (measurements of older code that explain how a default
#: was chosen): only their blocks marked ``<!-- measured: COMMAND -->`` ... ``<!-- /measured -->``
#: (the current code's numbers, with the command that gives them) are sources of README figures
MEASURED_BLOCKS_ONLY = {"bench/CHOICES.md"}
_BLOCK = re.compile(r"<!-- measured: (?P<command>.*?) -->(?P<body>.*?)<!-- /measured -->", re.S)

_FIGURE = re.compile(r"(?<![\w.\-/])(\d+(?:\.\d+)*×|\d+(?:\.\d+)+|\d+ / \d+)")
_TARGET = re.compile(r"[≥≤<>]\s*$")
_SOURCE = re.compile(r"bench/[A-Z_]+\.md")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def readme_lines() -> list[tuple[int, str]]:
    """``(line number, text)`` of the README outside fenced code, inline code blanked."""
    out, fenced = [], False
    for k, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            out.append((k, re.sub(r"`[^`]*`", lambda m: "`" + "x" * (len(m.group()) - 2) + "`", line)))
    return out


def figures(line: str) -> list[str]:
    """The figures of one README line (versions ``a.b.c`` and targets left out)."""
    out = []
    for m in _FIGURE.finditer(line):
        fig = m.group(1)
        if fig.count(".") > 1 or _TARGET.search(line[: m.start()]):
            continue
        out.append(fig)
    return out


def found_in(fig: str, text: str) -> bool:
    """``fig`` appears in ``text``: a count ratio verbatim; a number as a number that rounds to it
    at the README's precision (``157×`` matches ``157.0×``, ``0.99`` matches ``0.990``)."""
    if " / " in fig:
        return re.search(r"(?<!\d)" + re.escape(fig) + r"(?!\d)", text) is not None
    value = fig.rstrip("×")
    decimals = len(value.split(".")[1]) if "." in value else 0
    want = float(value)
    for m in _NUMBER.finditer(text):
        got = float(m.group().replace(",", ""))
        if round(got, decimals) == round(want, decimals):
            return True
    return False


def paragraphs() -> list[list[tuple[int, str]]]:
    """README lines (:func:`readme_lines`) grouped into paragraphs: runs of non-blank lines, a
    table being a paragraph of its own."""
    out: list[list[tuple[int, str]]] = []
    for k, line in readme_lines():
        is_row = line.lstrip().startswith("|")
        if not line.strip():
            if out and out[-1]:
                out.append([])
            continue
        if out and out[-1] and (out[-1][-1][1].lstrip().startswith("|") != is_row):
            out.append([])
        if not out:
            out.append([])
        out[-1].append((k, line))
    return [p for p in out if p]


def claims():
    """``(line, figure, sources)`` for every measured figure. Its sources: the results files its
    line links to; else those its paragraph links to (for a table, the paragraph just above it)
    and ``bench/RESULTS.md``."""
    out = []
    above: list[str] = []
    for para in paragraphs():
        table = para[0][1].lstrip().startswith("|")
        own = sorted({src for _, line in para for src in _SOURCE.findall(line)})
        context = own if not table else above
        for k, line in para:
            figs = [f for f in figures(line) if f not in NOT_MEASURED]
            if figs:
                sources = sorted(set(_SOURCE.findall(line))) or sorted(set(context) | {"bench/RESULTS.md"})
                out.extend((k, f, tuple(sources)) for f in figs)
        if not table:
            above = own
        if para[0][1].startswith("#"):
            above = []
    return out


def test_the_scan_finds_the_benchmark_table():
    # the test is not vacuous: the README quotes measured figures
    assert len(claims()) >= 20


def source_text(rel: str) -> str:
    """The text of results file ``rel`` that may back a README figure (for the files of
    :data:`MEASURED_BLOCKS_ONLY`, their measured blocks only)."""
    text = (ROOT / rel).read_text(encoding="utf-8")
    if rel in MEASURED_BLOCKS_ONLY:
        return "\n".join(m.group("body") for m in _BLOCK.finditer(text))
    return text


def test_measured_blocks_name_their_command():
    for rel in MEASURED_BLOCKS_ONLY:
        text = (ROOT / rel).read_text(encoding="utf-8")
        blocks = list(_BLOCK.finditer(text))
        assert blocks, f"{rel} has no measured block"
        assert text.count("<!-- measured:") == len(blocks) == text.count("<!-- /measured -->"), f"{rel}: unbalanced markers"
        for m in blocks:
            assert re.search(r"python -m bench", m.group("command")), f"{rel}: a measured block without its command"


def test_history_is_not_a_source():
    # a figure only in a historical part of CHOICES.md (outside the measured blocks) is not found
    text = "old 0.915 <!-- measured: python -m bench.quality --grid x -->new 0.744<!-- /measured --> old"
    assert [m.group("body") for m in _BLOCK.finditer(text)] == ["new 0.744"]


@pytest.mark.parametrize("line, figure, sources", claims(), ids=lambda x: str(x))
def test_every_readme_figure_is_in_its_results_file(line, figure, sources):
    texts = [source_text(s) for s in sources if (ROOT / s).is_file()]
    assert texts, f"README line {line}: {sources} do not exist"
    assert any(found_in(figure, t) for t in texts), (
        f"README line {line} quotes {figure}, which is not in {', '.join(sources)}: regenerate the results "
        f"or fix the README")


def headline_rows() -> list[str]:
    lines = RESULTS.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Headline (held-out half)")
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("| ") and not line.startswith("|  |") and not line.startswith("|---"):
            rows.append(line)
    return rows


def test_the_readme_benchmark_table_copies_the_generated_headline_rows():
    rows = headline_rows()
    assert len(rows) >= 9
    readme = README.read_text(encoding="utf-8").splitlines()
    missing = [r for r in rows if r not in readme]
    assert not missing, "README benchmark table differs from bench/RESULTS.md's headline rows:\n" + "\n".join(missing)


def test_found_in_rounds_at_the_readme_precision():
    assert found_in("0.99", "recall 0.990 here") and not found_in("0.99", "0.981")
    assert found_in("157×", "| 157.0× |") and not found_in("157×", "| 15.7× |")
    assert found_in("107 / 107", "(107 / 107)") and not found_in("7 / 107", "(107 / 107)")
    assert figures("| x | 0.869 | ≥ 0.97 |") == ["0.869"]
    assert figures("torch 2.13.0") == []
