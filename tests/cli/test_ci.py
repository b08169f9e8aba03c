"""`aligncheck ci` and `aligncheck baseline` on a temporary git repository (fake encoder).

The repository holds an Arabic/English content tree with two pairs; a commit drops a sentence
from one translation and changes a number in it; `ci --base HEAD~1` must report exactly those
two findings on the right files and lines in every format, then accept them after `baseline`.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import BagOfConceptsEncoder, make_parallel, make_vocabulary
from tests.gitrepo import git, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

PYPROJECT = """\
[tool.aligncheck]
segmentation = "lines"

[[tool.aligncheck.pairs]]
source = "content/ar/**/*.txt"
target = "content/en/{relpath}"
"""


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """A repository whose HEAD drops English line 3 of news/b.txt and changes 25 to 26 on
    Arabic line 5 (English line 4 after the drop); HEAD~1 is the faithful translation."""
    vocab = make_vocabulary(seed=40) + [("٢٥", "25"), ("٢٦", "26")]
    ar_a, en_a, _ = make_parallel(7, seed=41, vocab=vocab[:400])
    ar_b, en_b, _ = make_parallel(8, seed=42, vocab=vocab[:400])
    ar_b[4] = ar_b[4][:-1] + " ٢٥."
    en_b[4] = en_b[4][:-1] + " 25."
    enc = BagOfConceptsEncoder(dict(vocab))
    root = tmp_path / "site"
    write(root, "content/ar/a.txt", ar_a)
    write(root, "content/en/a.txt", en_a)
    write(root, "content/ar/news/b.txt", ar_b)
    write(root, "content/en/news/b.txt", en_b)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "faithful translation")
    en_bad = en_b[:2] + en_b[3:]
    en_bad[3] = en_bad[3].replace(" 25.", " 26.")
    write(root, "content/en/news/b.txt", en_bad)
    git(root, "commit", "-qam", "drop a sentence, change a number")
    monkeypatch.chdir(root)
    return root, enc, (ar_b, en_b, en_bad)


def run(args, enc):
    return CliRunner().invoke(main, args, obj={"encoder": enc})


def test_ci_reports_exactly_the_two_faults_in_every_format(repo):
    root, enc, _ = repo
    outs = {fmt: root.parent / f"out.{fmt}" for fmt in ("json", "sarif", "junit", "gitlab", "html", "markdown",
                                                        "github")}
    args = ["ci", "--base", "HEAD~1"] + [a for fmt, p in outs.items() for a in (f"--output-{fmt}", str(p))]
    r = run(args, enc)
    assert r.exit_code == 1, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == ("✗ FAILED: 2 errors in content/ar/news/b.txt ↔ content/en/news/b.txt (8 ↔ 7 segments)")
    assert lines[-1] == "total: FAILED: 1 pair checked, 1 unchanged pair skipped, 1 failed; 2 errors"
    assert "content/ar/a.txt" not in r.stdout  # unchanged pair not checked

    report = json.loads(outs["json"].read_text("utf-8"))
    assert report["summary"] == {"passed": False, "pairs": 1, "failed": 1, "skipped": 1, "findings": 2,
                                 "baselined": 0, "silenced": 0}
    found = [(f["check"], f["src_lines"], f["tgt_lines"]) for p in report["pairs"] for f in p["findings"]]
    assert found == [("omission", [3], []), ("numbers", [5], [4])]

    sarif = json.loads(outs["sarif"].read_text("utf-8"))
    where = [(res["ruleId"], res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              res["locations"][0]["physicalLocation"]["region"]["startLine"],
              res["relatedLocations"][0]["physicalLocation"]["region"]["startLine"])
             for res in sarif["runs"][0]["results"]]
    # the omission is anchored on the English line after which it is missing (line 2)
    assert where == [("omission", "content/en/news/b.txt", 2, 3), ("numbers", "content/en/news/b.txt", 4, 5)]

    junit = ET.parse(outs["junit"]).getroot()
    failures = [(c.get("name"), c.find("failure").get("type")) for c in junit.iter("testcase") if c.find("failure") is not None]
    assert failures == [("omission at content/ar/news/b.txt:3", "omission.error"),
                        ("numbers at content/ar/news/b.txt:5 <-> content/en/news/b.txt:4", "numbers.error")]

    gitlab = json.loads(outs["gitlab"].read_text("utf-8"))
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in gitlab] == [
        ("aligncheck/omission", "content/en/news/b.txt", 2), ("aligncheck/numbers", "content/en/news/b.txt", 4)]

    github = outs["github"].read_text("utf-8").splitlines()
    assert [re.match(r"::(\w+) file=([^,]+),line=(\d+)", line).groups() for line in github[:2]] == [
        ("error", "content/en/news/b.txt", "2"), ("error", "content/en/news/b.txt", "4")]
    assert "Arabic ٢٥ is 26 in the English" in github[1]  # the digits as written
    # one signature for the run, in every format that prints it
    assert r.stdout.count("signature: ") == 1
    for fmt in ("markdown", "html"):
        assert outs[fmt].read_text("utf-8").count("signature: ") == 1, fmt

    page = outs["html"].read_text("utf-8")
    assert page.count('class="badge error"') == 4  # two in the findings table, two under their beads
    md = outs["markdown"].read_text("utf-8")
    assert "omission" in md and "numbers" in md and "content/ar/a.txt" not in md


def test_ci_without_base_checks_every_pair(repo):
    root, enc, _ = repo
    r = run(["ci"], enc)
    assert r.exit_code == 1
    assert "✓ passed: no findings in content/ar/a.txt ↔ content/en/a.txt" in r.stdout
    assert r.stdout.splitlines()[-1] == "total: FAILED: 2 pairs checked, 1 failed; 2 errors"


def test_baseline_accepts_the_findings_and_survives_unrelated_edits(repo):
    root, enc, (ar_b, en_b, en_bad) = repo
    # with --base the baseline of the repository is read at the base revision, which has none:
    # the CI job keeps its baseline outside the checkout and names it (the command line is trusted)
    bl = str(root.parent / "baseline.json")
    r = run(["baseline", "-o", bl], enc)
    assert r.exit_code == 0, r.output
    assert r.stdout == f"aligncheck baseline: 2 findings of 2 pairs accepted in {bl}\n"
    data = json.loads((root.parent / "baseline.json").read_text("utf-8"))
    assert sorted(e["check"] for e in data["findings"]) == ["numbers", "omission"]

    r = run(["ci", "--base", "HEAD~1", "--baseline", bl], enc)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("✓ passed: no findings (2 accepted in the baseline) in content/ar/news/b.txt ↔ "
                               "content/en/news/b.txt")
    assert "total: passed: 1 pair checked, 1 unchanged pair skipped, 0 failed; no findings (2 accepted in the " \
           "baseline)" in r.stdout
    assert r.stdout.count("signature: ") == 1
    r = run(["ci", "--base", "HEAD~1", "--baseline", bl, "--format", "github"], enc)
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == ("aligncheck passed: no findings (2 accepted in the baseline) in "
                                         "content/ar/news/b.txt <-> content/en/news/b.txt")
    for fmt, get in (("sarif", lambda d: d["runs"][0]["properties"]["baselined"]),
                     ("json", lambda d: d["summary"]["baselined"])):
        r = run(["ci", "--base", "HEAD~1", "--baseline", bl, "--format", fmt], enc)
        assert get(json.loads(r.stdout)) == 2, fmt
    r = run(["ci", "--base", "HEAD~1", "--baseline", bl, "--format", "junit"], enc)
    assert '<property name="baselined" value="2" />' in r.stdout

    # an unrelated edit: a new translated sentence at the top of both files moves every line
    new_ar, new_en, _ = make_parallel(1, seed=43)
    enc.concept.update({w.lower(): w.lower() for w in new_ar[0].rstrip(".").split()})
    for a, e in zip(new_ar[0].rstrip(".").split(), new_en[0].rstrip(".").split()):
        enc.concept[e.lower()] = a.lower()
    write(root, "content/ar/news/b.txt", new_ar + ar_b)
    write(root, "content/en/news/b.txt", new_en + en_bad)
    r = run(["ci", "--base", "HEAD~1", "--baseline", bl, "--format", "json"], enc)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert [f for p in report["pairs"] for f in p["findings"]] == []
    assert [p["summary"]["baselined"] for p in report["pairs"]] == [2]

    # a new fault is reported although old ones are accepted
    en_new = list(new_en + en_bad)
    del en_new[6]
    write(root, "content/en/news/b.txt", en_new)
    r = run(["ci", "--base", "HEAD~1", "--baseline", bl, "--format", "json"], enc)
    assert r.exit_code == 1
    assert [f["check"] for p in json.loads(r.stdout)["pairs"] for f in p["findings"]] == ["omission"]


def test_a_changed_source_without_target_is_a_finding(repo):
    root, enc, _ = repo
    ar, _, _ = make_parallel(3, seed=44)
    write(root, "content/ar/news/c.txt", ar)  # untracked, no English file
    r = run(["ci", "--base", "HEAD", "--format", "json"], enc)
    assert r.exit_code == 1, r.output
    report = json.loads(r.stdout)
    assert [(p["source"]["path"], p["target"]["path"], [f["check"] for f in p["findings"]]) for p in report["pairs"]] == [
        ("content/ar/news/c.txt", "content/en/news/c.txt", ["missing_target"])]
    r = run(["ci", "--base", "HEAD", "--format", "sarif"], enc)
    res = json.loads(r.stdout)["runs"][0]["results"][0]
    assert res["ruleId"] == "missing_target"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "content/ar/news/c.txt"


def test_nothing_changed_passes_and_says_so(repo):
    root, enc, _ = repo
    r = run(["ci", "--base", "HEAD"], enc)
    assert r.exit_code == 0
    assert r.stdout.strip() == "aligncheck ci: no pair changed since HEAD (2 pairs unchanged)"


def test_globs_that_match_nothing_say_so(repo):
    root, enc, _ = repo
    (root / "pyproject.toml").write_text(PYPROJECT.replace("**/*.txt", "**/*.md"), encoding="utf-8")
    r = run(["ci"], enc)
    assert r.exit_code == 0
    assert r.stdout.strip() == f"aligncheck ci: no file matches the source globs of the pairs in {root / 'pyproject.toml'}"


def test_cli_flags_override_the_project_file(repo):
    root, enc, _ = repo
    r = run(["ci", "--base", "HEAD~1", "--fail-on", "never"], enc)
    assert r.exit_code == 0
    (root / "pyproject.toml").write_text(PYPROJECT.replace('segmentation = "lines"', 'segmentation = "lines"\nfail_on = "never"'),
                                         encoding="utf-8")
    assert run(["ci"], enc).exit_code == 0  # no base: the working tree's file is all there is
    # with --base the gate comes from the base revision (tests/cli/test_untrusted.py), unless allowed
    assert run(["ci", "--base", "HEAD~1"], enc).exit_code == 1
    assert run(["ci", "--base", "HEAD~1", "--allow-config-changes"], enc).exit_code == 0
    assert run(["ci", "--base", "HEAD~1", "--allow-config-changes", "--fail-on", "error"], enc).exit_code == 1


def test_project_errors_exit_2(repo):
    root, enc, _ = repo
    (root / "pyproject.toml").write_text(PYPROJECT + "colour = 1\n", encoding="utf-8")
    r = run(["ci"], enc)
    assert r.exit_code == 2 and "unknown" in r.stderr
    (root / "pyproject.toml").write_text("[tool.aligncheck]\n", encoding="utf-8")
    r = run(["ci"], enc)
    assert r.exit_code == 2 and "no file pairs configured" in r.stderr
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    r = run(["ci", "--base", "nope"], enc)
    assert r.exit_code == 2 and "not a git revision" in r.stderr


def test_ci_json_matches_its_schema_including_a_missing_target(repo):
    import jsonschema
    from referencing import Registry, Resource

    from aligncheck.report import json as json_report

    root, enc, _ = repo
    ar, _, _ = make_parallel(3, seed=45)
    write(root, "content/ar/news/c.txt", ar)
    r = run(["ci", "--format", "json"], enc)
    data = json.loads(r.stdout)
    assert [p["source"]["path"] for p in data["pairs"]] == ["content/ar/a.txt", "content/ar/news/b.txt",
                                                            "content/ar/news/c.txt"]
    schema = json.loads((json_report.resources.files("aligncheck") / "schema" / "ci-report-v1.json").read_text("utf-8"))
    registry = Registry().with_resource("urn:aligncheck:schema:report-v1",
                                        Resource.from_contents(json_report.load_schema()))
    jsonschema.Draft202012Validator(schema, registry=registry).validate(data)
    bad = dict(data, summary=dict(data["summary"], failed=-1))
    assert not jsonschema.Draft202012Validator(schema, registry=registry).is_valid(bad)
