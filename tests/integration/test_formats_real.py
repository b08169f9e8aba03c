"""File formats with the real bundled model: the TICO-19 TMX sample checked unit by unit, and a
Markdown page pair made from the seed article."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligncheck.cli import main

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
TMX = ROOT / "corpora" / "tico19-en-ar" / "tico19-wikinews-sample.en-ar.tmx"
SEED = ROOT / "corpora" / "seed"


def _run(encoder, *args):
    res = CliRunner().invoke(main, ["check", *map(str, args), "--format", "json"], obj={"encoder": encoder})
    assert res.exit_code in (0, 1), res.stderr
    return json.loads(res.stdout)


def _tuid_at(lines: list[str], k: int) -> str:
    """The tuid of the ``<tu>`` holding 0-based line ``k`` (read off the file, not by the reader)."""
    for j in range(k, -1, -1):
        m = re.match(r'<tu tuid="([^"]+)"', lines[j])
        if m:
            return m.group(1)
    raise AssertionError("no tu")


def _variant(tmp_path, old: str, new: str) -> tuple[Path, str, int]:
    """A copy of the TMX sample with the first line containing ``old`` changed; returns the
    copy, the changed unit's tuid and the 1-based line of its Arabic segment."""
    lines = TMX.read_text(encoding="utf-8").split("\n")
    k = next(i for i, line in enumerate(lines) if old in line)
    lines[k] = lines[k].replace(old, new)
    ar_line = next(i for i in range(k, len(lines)) if 'xml:lang="ar"' in lines[i]) + 1  # after the English
    out = tmp_path / "variant.tmx"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out, _tuid_at(lines, k), ar_line


def test_tico_sample_clean_has_no_error(shared_encoder):
    data = _run(shared_encoder, TMX)
    assert data["summary"]["segments"] == {"source": 41, "target": 41}
    assert data["summary"]["by_severity"]["error"] == 0
    assert data["source"]["segments"][0]["unit"] == "Wikinews_1:1081"


@pytest.mark.parametrize("old,new,check", [
    ("<seg>A total of 17 deaths have been recorded.</seg>", "<seg></seg>", "empty_target"),
    ("The World Health Organization (WHO) declared COVID-19 a pandemic on March 11.",
     "and all chest pain should be treated this way especially with your age", "mismatch"),
    ("had initially started on March 26 and", "had initially started on March 16 and", "numbers"),
])
def test_tico_sample_one_unit_broken_is_exactly_that_unit(shared_encoder, tmp_path, old, new, check):
    path, tuid, ar_line = _variant(tmp_path, old, new)
    data = _run(shared_encoder, path)
    flagged = [(f["check"], f["severity"], f["src_units"] or f["tgt_units"], f["src_lines"]) for f in data["findings"]]
    assert flagged == [(check, "error", [tuid], [ar_line])]


def _page(paras: list[str], link: str) -> str:
    """A Markdown page from the seed article's 13 paragraphs (3 of them sub-headings: 1, 5, 10)."""
    p = paras
    return (
        f"---\nlang: page\n---\n\n{p[0]}\n\n## {p[1]}\n\n- {p[2]}\n- {p[3]}\n- {p[4]}\n\n"
        "```sh\naligncheck check ar.md en.md --input-format markdown\n```\n\n"
        f"## {p[5]}\n\n{p[6]}\n\n{p[7]} [{link}](https://example.org/talks)\n\n> {p[8]}\n\n{p[9]}\n\n"
        f"## {p[10]}\n\n{p[11]}\n\n{p[12]}\n"
    )


def test_markdown_page_dropped_list_item_and_paragraph(shared_encoder, tmp_path):
    ar = (SEED / "ar.txt").read_text(encoding="utf-8").splitlines()
    en = (SEED / "en.txt").read_text(encoding="utf-8").splitlines()
    ar_md = _page(ar, "المصدر")
    en_full = _page(en, "source")
    (tmp_path / "ar.md").write_text(ar_md, encoding="utf-8")
    (tmp_path / "en.md").write_text(en_full, encoding="utf-8")
    clean = _run(shared_encoder, tmp_path / "ar.md", tmp_path / "en.md")
    assert clean["summary"]["by_severity"]["error"] == 0

    ar_lines = ar_md.split("\n")
    item_line = ar_lines.index(f"- {ar[3]}") + 1  # 1-based lines of what the English will lose
    para_line = ar_lines.index(ar[9]) + 1
    assert (item_line, para_line) == (10, 25)
    (tmp_path / "en.md").write_text(en_full.replace(f"- {en[3]}\n", "").replace(f"{en[9]}\n\n", ""), encoding="utf-8")
    data = _run(shared_encoder, tmp_path / "ar.md", tmp_path / "en.md")
    errors = [(f["check"], f["src_lines"][0]) for f in data["findings"] if f["severity"] == "error"]
    lost = [(s["index"], s["line"]) for s in data["source"]["segments"] if s["line"] in (item_line, para_line)]
    assert errors == [("omission", line) for _, line in lost]
    assert {line for _, line in lost} == {item_line, para_line}
    # the code block is neither a segment nor in any finding
    for side in ("source", "target"):
        assert not any("aligncheck check" in s["text"] for s in data[side]["segments"])
