"""CI report formats (github, sarif, junit, gitlab, html) and stable finding fingerprints.
Hand-made CheckResults (see report_cases.py); no model, no pipeline."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from aligncheck import checks
from aligncheck.project.fingerprint import fingerprints, normalise_path, normalise_text
from aligncheck.report import github, html, junit, render, rules, sarif
from aligncheck.types import Bead, Finding, Severity

from report_cases import AR_LINES, EN_LINES, make_result

SARIF_SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
SCRIPT = "<script>alert(1)</script>"


def shifted():
    """The standard case with one unrelated sentence added before everything on both sides
    (and a blank line more in Arabic): every line number and index moves."""
    ar = [["مقدمة جديدة لا علاقة لها."], []] + AR_LINES
    en = [["A new unrelated introduction."]] + EN_LINES
    beads = [Bead((0,), (0,), 0.9, 0.3)] + [
        Bead(tuple(i + 1 for i in b.src), tuple(j + 1 for j in b.tgt), b.score, b.margin)
        for b in make_result().alignment.beads
    ]
    findings = [Finding(f.check, f.severity, tuple(i + 1 for i in f.src), tuple(j + 1 for j in f.tgt), f.message,
                        f.score) for f in make_result().findings]
    return make_result(ar_lines=ar, en_lines=en, beads=beads, findings=findings)


def many(n_err: int, n_warn: int, n_info: int):
    """A result with ``n`` 1-1 beads, one finding per bead: infos first, then warnings, then
    errors in document order (so ranking must reorder them)."""
    n = n_err + n_warn + n_info
    ar = [[f"جملة رقم {k}."] for k in range(n)]
    en = [[f"Sentence number {k}."] for k in range(n)]
    sev = [Severity.INFO] * n_info + [Severity.WARNING] * n_warn + [Severity.ERROR] * n_err
    findings = [Finding("mismatch", s, (k,), (k,), f"bad {k}", 0.1) for k, s in enumerate(sev)]
    return make_result(ar_lines=ar, en_lines=en, beads=[Bead((k,), (k,), 0.1, 0.0) for k in range(n)],
                       findings=findings)


# ---------------------------------------------------------------------------- fingerprints


def test_fingerprints_survive_unrelated_edits_elsewhere():
    a, b = make_result(), shifted()
    assert [f.check for f in a.findings] == [f.check for f in b.findings]
    assert [f.src for f in a.findings] != [f.src for f in b.findings]
    assert fingerprints(a) == fingerprints(b)
    assert len(set(fingerprints(a))) == 3


def test_fingerprints_change_with_the_finding_itself():
    base = fingerprints(make_result())
    en = [list(line) for line in EN_LINES]
    en[1] = ["He ate a pear in the garden."]  # the mismatch's own target sentence
    edited = fingerprints(make_result(en_lines=en))
    assert edited[0] == base[0] and edited[2] == base[2] and edited[1] != base[1]
    assert fingerprints(make_result(tgt_path="other/en.txt")) != base
    renamed = [Finding("numbers", f.severity, f.src, f.tgt, f.message) for f in make_result().findings]
    assert fingerprints(make_result(findings=renamed)) != base
    # the message and severity are not part of it (they may be reworded between versions)
    reworded = [Finding(f.check, Severity.INFO, f.src, f.tgt, "other words", 0.5) for f in make_result().findings]
    assert fingerprints(make_result(findings=reworded)) == base


def test_fingerprint_text_and_path_normalisation():
    assert normalise_text("  ## The   Student\u200f WENT. ") == "the student went."
    assert normalise_text("كتـــابٌ") == normalise_text("كتاب")
    assert normalise_path(".\\content\\en\\a.md") == "content/en/a.md"
    assert normalise_path("./a/b.txt") == "a/b.txt"
    ar = [list(line) for line in AR_LINES]
    ar[0] = ["ذهب الطالبُ إلى المدرسةِ صباحاً.", "كان الجـو بارداً  جداً."]  # diacritics, tatweel, spaces
    assert fingerprints(make_result(ar_lines=ar))[0] == fingerprints(make_result())[0]


def test_identical_findings_get_numbered_fingerprints():
    twice = [Finding("omission", Severity.ERROR, (k,), (), "x") for k in (0, 1)]
    same = make_result(ar_lines=[["نفس الجملة.", "نفس الجملة."]], en_lines=[["Other."]],
                       beads=[Bead((0,), ()), Bead((1,), ()), Bead((), (0,))], findings=twice)
    fp = fingerprints(same)
    assert fp[1] == fp[0] + "-2" and re.fullmatch("[0-9a-f]{32}", fp[0])


# ---------------------------------------------------------------------------- github


def test_github_annotations_of_the_standard_case():
    out = render(make_result(), "github").splitlines()
    assert out == [
        "::error file=en.txt,line=1,title=aligncheck omission (ar.txt%3A1)::Source sentence has no translation."
        "%0Aar: كان الجو بارداً جداً.%0Aen: (none)",
        "::error file=en.txt,line=2,title=aligncheck mismatch (ar.txt%3A3)::Translation does not match the source."
        "%0Aar: قرأ كتاباً عن تاريخ القاهرة.%0Aen: He ate an apple in the garden.",
        "::warning file=en.txt,line=3,title=aligncheck addition::Target sentence has no source."
        "%0Aar: (none)%0Aen: Click here to subscribe to our newsletter.",
        "aligncheck FAILED: 2 errors, 1 warning in ar.txt <-> en.txt",
    ]


def test_github_escaping_rules():
    assert github.escape_data("50% a\r\nb::c") == "50%25 a%0D%0Ab::c"
    assert github.escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"


def test_github_input_cannot_start_a_command_or_break_properties():
    evil = "x %0A\r\n::error file=pwn::owned\n::stop-commands::tok"
    en = [[s + " " + evil for s in line] for line in EN_LINES]
    findings = [Finding(f.check, f.severity, f.src, f.tgt, f.message + evil, f.score) for f in make_result().findings]
    result = make_result(en_lines=en, findings=findings, tgt_path="dir,x/e:n.txt", src_path="a::r.txt")
    out = render(result, "github")
    lines = out.splitlines()
    assert len(lines) == 4 and "\r" not in out
    assert all(line.startswith(("::error ", "::warning ", "aligncheck ")) for line in lines)
    for line in lines[:3]:
        props, data = line.split("::", 2)[1:]
        assert props.count("::") == 0 and props.split(" ", 1)[1].startswith("file=dir%2Cx/e%3An.txt,line=")
        assert "%250A" in data  # the literal "%0A" of the input stays literal
        assert "%0A" in data and "\n" not in data


def test_github_annotates_at_most_10_per_level_most_severe_first_and_points_to_the_rest():
    result = many(n_err=25, n_warn=12, n_info=3)
    lines = render(result, "github").splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * 3 + ["::notice", "aligncheck"]
    # the first ten errors in document order (errors are findings 15..39)
    assert [int(re.search(r"line=(\d+)", line).group(1)) for line in lines[:10]] == list(range(16, 26))
    assert lines[23].startswith("::notice title=aligncheck::17 more findings not annotated")
    assert "all 40" in lines[23]


def test_github_notices_share_the_limit_with_the_pointer():
    lines = render(many(n_err=11, n_warn=0, n_info=12), "github").splitlines()
    assert sum(line.startswith("::notice") for line in lines) == 10
    assert "4 more findings" in lines[-2]  # 1 error + 3 infos left out


# ---------------------------------------------------------------------------- sarif


@pytest.mark.parametrize("case", ["standard", "clean", "many", "injected", "odd_paths"])
def test_sarif_is_valid_against_the_official_2_1_0_schema(case):
    result = {
        "standard": make_result,
        "clean": lambda: make_result(findings=()),
        "many": lambda: many(5, 5, 5),
        "injected": lambda: make_result(en_lines=[[s + " " + SCRIPT + " \x1b[31m\u2028" for s in line] for line in EN_LINES]),
        "odd_paths": lambda: make_result(src_path="/abs/dir with space/ar.txt", tgt_path="rel dir/en#1?.txt"),
    }[case]()
    log = json.loads(render(result, "sarif"))
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_rules_cover_every_check_and_results_point_to_them():
    log = json.loads(render(make_result(), "sarif"))
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert set(checks.REGISTRY) | {"moved"} <= set(rule_ids)
    assert set(rule_ids) == set(rules.RULES)
    for res in run["results"]:
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
    assert [r["level"] for r in run["results"]] == ["error", "error", "warning"]
    assert [r["partialFingerprints"]["alignCheckFinding/v1"] for r in run["results"]] == fingerprints(make_result())


def test_sarif_regions_are_the_findings_lines():
    run = json.loads(render(make_result(), "sarif"))["runs"][0]
    where = []
    for res in run["results"]:
        locs = [res["locations"][0]] + res.get("relatedLocations", [])
        where.append([(loc["physicalLocation"]["artifactLocation"]["uri"],
                       loc["physicalLocation"]["region"]["startLine"],
                       loc["physicalLocation"]["region"].get("snippet", {}).get("text")) for loc in locs])
    assert where == [
        # omission of ar [1] (line 1): anchored after en line 1, where it is missing; source line 1
        [("en.txt", 1, None), ("ar.txt", 1, "كان الجو بارداً جداً.")],
        [("en.txt", 2, "He ate an apple in the garden."), ("ar.txt", 3, "قرأ كتاباً عن تاريخ القاهرة.")],
        [("en.txt", 3, "Click here to subscribe to our newsletter.")],
    ]


def test_sarif_unknown_check_gets_a_generic_rule_and_uris_are_encoded():
    f = Finding("brand_new_check", Severity.WARNING, (0,), (0,), "x")
    result = make_result(findings=[f], tgt_path="my docs/en 1.txt", src_path="/abs/ar.txt")
    run = json.loads(render(result, "sarif"))["runs"][0]
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert rule["id"] == "brand_new_check" and rule["name"] == "BrandNewCheck"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20docs/en%201.txt"
    assert run["artifacts"][0]["location"]["uri"] == "file:///abs/ar.txt"
    assert sarif.uri("./a/b c.md") == "a/b%20c.md"


# ---------------------------------------------------------------------------- junit


@pytest.mark.parametrize("fail_on, failing", [("error", 2), ("warning", 3), ("never", 0)])
def test_junit_parses_with_one_case_per_finding_and_failures_at_the_gate(fail_on, failing):
    root = ET.fromstring(render(make_result(fail_on=fail_on), "junit").encode("utf-8"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    n_checks = len(rules.RULES)
    assert len(cases) == n_checks - 3 + 3 == int(suite.get("tests")) == int(root.get("tests"))
    assert int(suite.get("failures")) == failing == len(suite.findall("testcase/failure"))
    names = [c.get("name") for c in cases]
    assert "omission at ar.txt:1" in names and "mismatch at ar.txt:3 <-> en.txt:2" in names
    assert "numbers" in names  # a check without findings passes
    if fail_on == "error":
        addition = next(c for c in cases if c.get("name").startswith("addition"))
        assert addition.find("failure") is None
        assert "Click here to subscribe" in addition.find("system-out").text


def test_junit_survives_markup_and_characters_xml_cannot_hold():
    evil = SCRIPT + " ]]> &amp; \x01 \ufffe \"q\" 'a'"
    findings = [Finding(f.check, f.severity, f.src, f.tgt, f.message + evil, f.score) for f in make_result().findings]
    en = [[s + " " + evil for s in line] for line in EN_LINES]
    text = render(make_result(en_lines=en, findings=findings), "junit")
    root = ET.fromstring(text.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert SCRIPT + " ]]> &amp; \\x01 \ufffd \"q\" 'a'" in failure.get("message")
    assert "<script>" not in text


# ---------------------------------------------------------------------------- gitlab


def test_gitlab_code_quality_shape():
    issues = json.loads(render(make_result(), "gitlab"))
    assert [(i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in issues] == [
        ("aligncheck/omission", "major", "en.txt", 1),
        ("aligncheck/mismatch", "major", "en.txt", 2),
        ("aligncheck/addition", "minor", "en.txt", 3),
    ]
    assert [i["fingerprint"] for i in issues] == fingerprints(make_result())
    for i in issues:
        assert set(i) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert i["description"]


# ---------------------------------------------------------------------------- html


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(doc: str) -> _Tags:
    p = _Tags()
    p.feed(doc)
    p.close()
    return p


def test_html_escapes_every_piece_of_input_text():
    evil = f'{SCRIPT} <img src=x onerror=alert(2)> " onmouseover="alert(3)'
    en = [list(line) for line in EN_LINES]
    en[1] = [f"He ate an apple {SCRIPT} in the garden."]
    findings = [Finding(f.check, f.severity, f.src, f.tgt, f.message + evil, f.score) for f in make_result().findings]
    result = make_result(en_lines=en, findings=findings, tgt_path=f'en{evil}.txt', src_path="ar'\".txt",
                         notes=[evil], signature="sig" + evil)
    doc = render(result, "html")
    assert "<script" not in doc.lower() and "<img" not in doc.lower()
    assert "He ate an apple &lt;script&gt;alert(1)&lt;/script&gt; in the garden." in doc
    parsed = parse(doc)
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "b", "table", "thead",
               "tbody", "tr", "th", "td", "span", "a", "footer"}
    assert {t for t, _ in parsed.tags} <= allowed
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on") or a == "src"]
    # the text reads back exactly (entities decoded by the parser)
    assert f"He ate an apple {SCRIPT} in the garden." in "".join(parsed.text)


def test_html_is_self_contained_and_forbids_scripts():
    doc = render(make_result(), "html")
    tags = parse(doc).tags
    csp = [a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]
    assert not [a for t, a in tags if t == "link" or "src" in a]
    assert all(a["href"].startswith("#bead-") for t, a in tags if t == "a")


def test_html_shows_the_beads_side_by_side_with_findings_and_scores():
    result = make_result()
    tags = parse(render(result, "html")).tags
    rows = [a for t, a in tags if t == "tr" and a.get("id", "").startswith("bead-")]
    assert [r["id"] for r in rows] == [f"bead-{k}" for k in range(5)]
    assert rows[0]["title"] == "bead 1 · 1-1 · score 0.91 · margin 0.31"
    assert rows[1]["title"] == "bead 2 · 1-0 · score – · margin –"
    assert [r.get("class") for r in rows] == [None, "sev-error", "sev-error", "sev-warning", None]
    highlighted = [a["title"] for t, a in tags if t == "p" and "hl-" in a.get("class", "")]
    assert highlighted == ["ar.txt line 1 · segment 2", "ar.txt line 3 · segment 3", "en.txt line 2 · segment 2",
                           "en.txt line 3 · segment 3"]
    doc = render(result, "html")
    # source and target texts of one bead sit in one row, source first
    row = re.search(r'<tr id="bead-2".*?</tr>', doc).group(0)
    assert row.index("قرأ كتاباً عن تاريخ القاهرة.") < row.index("He ate an apple in the garden.")


def test_the_vendored_sarif_schema_rejects_what_it_should():
    log = json.loads(render(make_result(), "sarif"))
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    bad_line = json.loads(json.dumps(log))
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    bad_level = json.loads(json.dumps(log))
    bad_level["runs"][0]["results"][0]["level"] = "info"
    for bad in (bad_line, bad_level, {**log, "version": "2.0.0"}):
        assert not validator.is_valid(bad)


def _chromium():
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="no headless Chromium (Debian package 'chromium')")
def test_html_renders_in_headless_chromium_without_running_input(tmp_path):
    import subprocess

    en = [list(line) for line in EN_LINES]
    en[1] = ["He ate an apple <script>document.title='pwned'</script> in the garden."]
    page = tmp_path / "report.html"
    page.write_text(render(make_result(en_lines=en), "html"), encoding="utf-8")
    base = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(base + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert "<title>aligncheck failed: 2 errors, 1 warning — ar.txt ↔ en.txt</title>" in dom
    assert "pwned</title>" not in dom and "<script" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    shot = tmp_path / "shot.png"
    subprocess.run(base + [f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()], capture_output=True,
                   timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


# ---------------------------------------------------------------------------- several pairs


def test_text_of_several_pairs_summarises_clean_ones_and_totals():
    from report_cases import clean_result

    from aligncheck.report import render_many

    out = render_many([clean_result(), make_result()], "text", skipped=3).splitlines()
    assert out[0] == "✓ passed: no findings in ar.txt ↔ en.txt (2 ↔ 2 segments)"
    assert out[1] == "✗ FAILED: 2 errors, 1 warning in ar.txt ↔ en.txt (4 ↔ 4 segments)"
    assert out[-1] == "total: FAILED: 2 pairs checked, 3 unchanged pairs skipped, 1 failed; 2 errors, 1 warning"
    assert sum(line.startswith("signature:") for line in out) == 1  # only the failing pair's full report


def test_markdown_of_several_pairs_puts_failures_first_and_stays_under_the_cap():
    from report_cases import clean_result

    from aligncheck.report import render_many
    from aligncheck.report.markdown import MANY_MARKDOWN_BYTES

    md = render_many([clean_result(), make_result()], "markdown")
    assert md.startswith("## aligncheck FAILED: 2 pairs checked, 1 failed; 2 errors, 1 warning\n")
    assert md.index("aligncheck failed") < md.index("aligncheck passed")
    one = many(40, 0, 0)
    n = MANY_MARKDOWN_BYTES // len(render(one, "markdown").encode("utf-8")) + 5
    md = render_many([one] * n, "markdown")
    assert len(md.encode("utf-8")) <= MANY_MARKDOWN_BYTES + 1024
    shown = md.count("### ❌ aligncheck failed")
    assert 0 < shown < n and f"… {n - shown} more pairs not shown" in md


def test_ci_formats_of_several_pairs_cover_every_pair():
    from report_cases import clean_result

    from aligncheck.report import render_many

    results = [make_result(src_path="a/ar.txt", tgt_path="a/en.txt"), clean_result(),
               make_result(src_path="b/ar.txt", tgt_path="b/en.txt")]
    log = json.loads(render_many(results, "sarif"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert len(log["runs"]) == 1 and len(log["runs"][0]["results"]) == 6
    assert {a["location"]["uri"] for a in log["runs"][0]["artifacts"]} == {"a/ar.txt", "a/en.txt", "ar.txt", "en.txt",
                                                                            "b/ar.txt", "b/en.txt"}
    root = ET.fromstring(render_many(results, "junit").encode("utf-8"))
    assert len(root.findall("testsuite")) == 3 and root.get("failures") == "4"
    issues = json.loads(render_many(results, "gitlab"))
    assert len(issues) == 6 and len({i["fingerprint"] for i in issues}) == 6
    page = render_many(results, "html")
    assert page.count('<section id="p') == 3 and 'id="p2-bead-4"' in page
    assert 'href="#p0-bead-1"' in page


def test_every_check_id_has_its_own_rule_with_its_default_level():
    from aligncheck.config import CHECK_IDS

    assert set(CHECK_IDS) <= set(rules.RULES)  # none falls back to the generic warning rule
    defaults = {"omission": "error", "addition": "error", "untranslated": "error", "numbers": "error",
                "partial_omission": "warning", "tokens": "warning", "duplicate": "error", "negation": "info",
                "long_segment": "info", "unrelated_documents": "error", "empty_target": "error",
                "missing_key": "error", "extra_key": "warning", "empty_source": "warning"}
    assert {k: rules.RULES[k].default_level for k in defaults} == defaults
