"""Inline aligncheck-ignore markers in the target file (fake encoder)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from aligncheck.cli import main
from aligncheck.suppress import Marker, blank_markers
from tests.fakes import BagOfConceptsEncoder, make_parallel, make_vocabulary


def test_markers_are_blanked_in_place_and_parsed():
    text = ("One.\n<!-- aligncheck-ignore numbers, tokens: counted\n in thousands -->\n"
            "Two. <!-- aligncheck-ignore: any check -->\n<!-- aligncheck-ignore numbers -->\n<!-- other -->\n")
    blanked, markers = blank_markers(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "aligncheck" not in blanked and "<!-- other -->" in blanked
    assert blanked.splitlines()[3].rstrip() == "Two."
    assert markers == [Marker(2, frozenset({"numbers", "tokens"}), "counted in thousands"),
                       Marker(4, frozenset(), "any check"), Marker(5, frozenset(), "")]


def pair(tmp_path, marker_line: str | None, *, drop: bool = False):
    """A 6-paragraph Markdown pair whose English paragraph 4 changes 25 to 26 (or, with ``drop``, is
    left out); ``marker_line`` is put on the line above English paragraph 4."""
    vocab = make_vocabulary(seed=50) + [("٢٥", "25"), ("٢٦", "26")]
    ar, en, _ = make_parallel(6, seed=51, vocab=vocab[:400])
    ar[3] = ar[3][:-1] + " ٢٥."
    en[3] = en[3][:-1] + (" 25." if drop else " 26.")
    en_lines = list(en)
    if drop:
        del en_lines[3]
    if marker_line is not None and drop:  # on the line below paragraph 3 (line 6), where paragraph 4 is missing
        en_lines[2] = en_lines[2] + "\n" + marker_line
    elif marker_line is not None:  # on the line just above English paragraph 4 (file line 7)
        en_lines[3] = marker_line + "\n" + en_lines[3]
    # Markdown (markers are comments there): one paragraph per sentence, on lines 1, 3, 5, 7, ...
    (tmp_path / "ar.md").write_text("\n\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.md").write_text("\n\n".join(en_lines) + "\n", encoding="utf-8")
    args = ["check", str(tmp_path / "ar.md"), str(tmp_path / "en.md"), "--segmentation", "lines", "--format", "json"]
    return args, BagOfConceptsEncoder(dict(vocab))


def run(args, enc):
    r = CliRunner().invoke(main, args, obj={"encoder": enc})
    return r, json.loads(r.stdout) if r.stdout else None


def test_without_a_marker_the_number_is_an_error(tmp_path):
    r, report = run(*pair(tmp_path, None))
    assert r.exit_code == 1
    assert [(f["check"], f["tgt_lines"]) for f in report["findings"]] == [("numbers", [7])]


def test_a_marker_above_the_line_silences_that_finding_with_its_reason(tmp_path):
    r, report = run(*pair(tmp_path, "<!-- aligncheck-ignore numbers: the source counts in thousands -->"))
    assert r.exit_code == 0, r.output
    assert report["findings"] == []
    assert report["notes"] == [f"numbers finding silenced by the marker at {tmp_path / 'en.md'}:7: "
                               "the source counts in thousands"]
    assert [s["line"] for s in report["target"]["segments"]] == [1, 3, 5, 8, 10, 12]  # lines did not move


def test_a_marker_for_another_check_or_without_reason_silences_nothing(tmp_path):
    r, report = run(*pair(tmp_path, "<!-- aligncheck-ignore tokens: not this one -->"))
    assert r.exit_code == 1
    assert [f["check"] for f in report["findings"]] == ["numbers"]
    assert report["notes"][0].endswith(":7 silences nothing: no finding matches it")
    r, report = run(*pair(tmp_path, "<!-- aligncheck-ignore numbers -->"))
    assert r.exit_code == 1
    assert report["notes"][0].endswith("silences nothing: it gives no reason")


def test_a_marker_where_a_sentence_is_missing_silences_the_omission(tmp_path):
    r, report = run(*pair(tmp_path, None, drop=True))
    assert [(f["check"], f["src_lines"]) for f in report["findings"]] == [("omission", [7])]
    r, report = run(*pair(tmp_path, "<!-- aligncheck-ignore omission: dropped on purpose -->", drop=True))
    assert r.exit_code == 0, r.output
    assert report["findings"] == [] and "dropped on purpose" in report["notes"][0]


def test_in_markdown_only_real_html_comments_are_markers():
    # inline comment, block comment: markers; the same text in a code span stays (second pass D4)
    text = ("Hello <!-- aligncheck-ignore numbers: x --> there.\n\n<!-- aligncheck-ignore: block -->\n\n"
            "`<!-- aligncheck-ignore: no -->`\n")
    blanked, markers = blank_markers(text, markdown_path="x.md")
    assert [(m.line, m.reason) for m in markers] == [(1, "x"), (3, "block")]
    assert blanked == ("Hello <!--" + " " * 30 + "--> there.\n\n<!--" + " " * 26 + "-->\n\n"
                       "`<!-- aligncheck-ignore: no -->`\n")
