"""Document formats (Markdown, SRT, WebVTT): blocks, segments, original lines, markup left out."""

from __future__ import annotations

import re

import pytest

from aligncheck.errors import ConfigError, InputError
from aligncheck.formats import detect_format, read_document
from aligncheck.formats.markdown import markdown_document
from aligncheck.formats.subtitles import subtitle_document

MD = """---
title: The tool page
tags: [a, b]
---
# Install the tool ##

Run the installer. Then read [the guide](https://example.org/guide) and
look at ![the diagram](img/flow.png) first.

- First item with `pip install x==2.0`
- Second *item* spans
  two lines

> A quoted line
that continues lazily

| Name | Value |
|------|-------|
| Speed | Fast |

```sh
echo "this is code, not text"
```

<div>raw html block</div>

See [ref link][docs] and <https://auto.example.com>.

[docs]: docs/index.md
"""


def _md():
    return markdown_document(MD, path="page.md", lang="en")


def test_markdown_segments_are_file_spans_on_their_file_lines():
    doc = _md()
    got = [(s.line, s.plain) for s in doc.segments]
    assert got == [
        (2, "The tool page"),  # a front-matter text key (#14: attack19 A2b)
        (5, "Install the tool"),
        (7, "Run the installer."),
        (7, "Then read the guide and look at the diagram first."),
        (10, "First item with"),
        (11, "Second item spans two lines"),
        (14, "A quoted line that continues lazily"),
        (17, "Name"),
        (17, "Value"),
        (19, "Speed"),
        (19, "Fast"),
        (25, "raw html block"),  # what a browser shows of an HTML block (#14: attack19 A2a)
        (27, "See ref link and ."),
    ]
    for s in doc.segments:
        assert doc.text[s.start : s.end] == s.text
    # the raw span keeps the markup shown in reports
    assert doc.segments[3].text == ("Then read [the guide](https://example.org/guide) and\n"
                                    "look at ![the diagram](img/flow.png) first.")


def test_markdown_blocks_are_paragraphs_and_sentences_share_their_block():
    doc = _md()
    paragraphs = [s.paragraph for s in doc.segments]
    assert paragraphs == [0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]


def test_markdown_code_tags_and_non_text_keys_are_not_text():
    joined = " ".join(s.plain for s in _md().segments)
    for absent in ("echo", "this is code", "pip install", "title", "tags", "div", "```", "img/flow.png",
                   "https://example.org/guide"):
        assert absent not in joined


def test_markdown_links_and_images_are_kept_per_segment():
    doc = _md()
    assert doc.segments[3].links == ("https://example.org/guide", "img/flow.png")
    assert doc.segments[12].links == ("docs/index.md", "https://auto.example.com")
    assert all(not s.links for k, s in enumerate(doc.segments) if k not in (3, 12))


def test_markdown_crlf_and_escapes_and_entities():
    text = "# Title\r\n\r\nA \\*literal\\* star &amp; an *emphasis*.\r\nsnake_case stays.\r\n"
    doc = markdown_document(text, path="a.md", lang="en")
    assert [(s.line, s.plain) for s in doc.segments] == [
        (1, "Title"), (3, "A *literal* star & an emphasis."), (4, "snake_case stays.")]
    for s in doc.segments:
        assert text[s.start : s.end] == s.text


def test_markdown_arabic_lines_mode_keeps_blocks_whole():
    text = "# العنوان\n\nالجملة الأولى. الجملة الثانية.\n"
    doc = markdown_document(text, path="ar.md", lang="ar", mode="lines")
    assert [s.plain for s in doc.segments] == ["العنوان", "الجملة الأولى. الجملة الثانية."]


def test_markdown_with_only_code_is_empty():
    with pytest.raises(InputError, match="empty"):
        markdown_document("```\ncode\n```\n", path="a.md", lang="en")


SRT = """1
00:00:01,000 --> 00:00:03,500
<i>Hello there.</i> How are you?

2
00:00:04,000 --> 00:00:06,000
{\\an8}I am fine,
thank you.

"""


def test_srt_cues_are_blocks_with_their_numbers():
    doc = subtitle_document(SRT, path="a.srt", lang="en", vtt=False)
    assert [(s.line, s.unit, s.paragraph, s.plain) for s in doc.segments] == [
        (3, "1", 0, "Hello there."),
        (3, "1", 0, "How are you?"),
        (7, "2", 1, "I am fine, thank you."),
    ]
    for s in doc.segments:
        assert SRT[s.start : s.end] == s.text
    assert doc.segments[0].text == "<i>Hello there.</i>"  # closing tag before the space: the earlier sentence's


def test_srt_cue_ending_mid_sentence_shares_the_next_cues_paragraph():
    text = ("1\n00:00:01,000 --> 00:00:02,000\nThe minister said the project took\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nfour years of work.\n\n"
            "3\n00:00:03,000 --> 00:00:04,000\n- It cost a lot, -\n\n"
            "4\n00:00:04,000 --> 00:00:05,000\nhe added\n\n"
            "5\n00:00:05,000 --> 00:00:06,000\nNext one.\n")
    doc = subtitle_document(text, path="a.srt", lang="en", vtt=False)
    assert [(s.unit, s.paragraph) for s in doc.segments] == [("1", 0), ("2", 0), ("3", 1), ("4", 2), ("5", 2)]


VTT = """WEBVTT - a title

NOTE this is a comment
spanning two lines

intro
00:01.000 --> 00:03.000 align:start
<v Roger>Welcome &amp; good morning.

00:00:04.000 --> 00:00:05.000
Second cue.
"""


def test_vtt_identifiers_notes_and_tags():
    doc = subtitle_document(VTT, path="a.vtt", lang="en", vtt=True)
    assert [(s.line, s.unit, s.plain) for s in doc.segments] == [
        (8, "intro", "Welcome & good morning."),
        (11, "2", "Second cue."),
    ]


def test_srt_without_timing_is_an_input_error_naming_the_line():
    bad = "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\nno timing here\nText\n"
    with pytest.raises(InputError, match=r"a\.srt line 5: expected a cue timing line"):
        subtitle_document(bad, path="a.srt", lang="en", vtt=False)


def test_vtt_needs_its_header():
    with pytest.raises(InputError, match="line 1: a WebVTT file starts with 'WEBVTT'"):
        subtitle_document("00:01.000 --> 00:02.000\nHi\n", path="a.vtt", lang="en", vtt=True)


@pytest.mark.parametrize("path,fmt", [
    ("a.md", "markdown"), ("A.MARKDOWN", "markdown"), ("x.srt", "srt"), ("x.vtt", "vtt"), ("t.tmx", "tmx"),
    ("t.xlf", "xliff"), ("t.xliff", "xliff"), ("m.po", "po"), ("c.json", "json"), ("c.yml", "yaml"),
    ("c.yaml", "yaml"), ("t.csv", "csv"), ("t.tsv", "tsv"), ("ar.txt", "text"), ("noext", "text"),
])
def test_detect_format_by_extension(path, fmt):
    assert detect_format(path) == fmt
    assert detect_format(path, "po") == "po"


def test_detect_format_rejects_unknown_names():
    with pytest.raises(ConfigError, match="input format must be one of"):
        detect_format("a.md", "docx")


def test_read_document_dispatches_by_format(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Title\n\n```\ncode\n```\n\nBody text.\n", encoding="utf-8")
    doc = read_document(str(p), "en", fmt="markdown")
    assert [(s.line, s.plain) for s in doc.segments] == [(1, "Title"), (7, "Body text.")]
    plain = read_document(str(p), "en", fmt="text")
    assert [s.line for s in plain.segments] == [1, 3, 4, 5, 7]  # as text, code is text too


# --------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["# ", "## ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| c | d |\n", "```\ncode\n```\n", "`x`", "**", "*",
           "_", "[t](u.md)", "![i](p.png)", "<b>", "</b>", "&amp;", "\\*", "<https://x.y>", "---\n", "\n", "\n\n",
           "\r\n", "  ", "\t", "Word", "كلمة", "end. ", "نهاية. ", "Dr. ", "?", "…", "[r]", "\n[r]: http://r\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_markdown_segments_are_always_file_spans(pieces):
    text = "".join(pieces)
    try:
        doc = markdown_document(text, path="p.md", lang="en", check=False)
    except InputError:
        return  # nothing translatable
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    prev_end = 0
    for s in doc.segments:
        assert doc.text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.start >= prev_end  # in order, not overlapping
        prev_end = s.end
        assert s.plain and s.plain == s.plain.strip() and "\n" not in s.plain
        assert s.line == len(re.findall(r"\r\n|\r|\n", text[: s.start])) + 1 <= len(lines)
    assert [s.index for s in doc.segments] == list(range(len(doc.segments)))
    paragraphs = [s.paragraph for s in doc.segments]
    assert paragraphs == sorted(paragraphs) and paragraphs[0] == 0
    assert all(b - a in (0, 1) for a, b in zip(paragraphs, paragraphs[1:]))
