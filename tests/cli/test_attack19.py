"""The third adversarial pass (attack19, on main d92ecf5): each attack reproduced at CLI level with
the fake encoder, exit code and message asserted; each test failed on d92ecf5. A1 (the Action
importing the checkout's Python) is in ``tests/cli/test_action_untrusted.py``."""

from __future__ import annotations

import json
import os
import shutil

import jsonschema
import pytest
from referencing import Registry, Resource

from aligncheck.report import json as json_report

from tests.cli.test_untrusted import one_line_error, repo, run  # noqa: F401  (the repo fixture)
from tests.fakes import make_parallel
from tests.gitrepo import git, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


# ------------------------------------------------------------------- A3: deleting or renaming the source


def _spam(root):
    _, other, _ = make_parallel(6, seed=99)  # English of other sentences: no translation of the source
    write(root, "content/en/a.txt", other)


@pytest.mark.parametrize("how", ["deleted", "renamed out of the glob", "renamed within the glob", "made a folder"])
def test_ci_base_reports_a_translation_whose_source_was_deleted_or_renamed(repo, how):
    root, ar, en, enc = repo
    base = git(root, "rev-parse", "HEAD").strip()
    if how == "deleted":
        git(root, "rm", "-q", "content/ar/a.txt")
    elif how == "renamed out of the glob":
        git(root, "mv", "content/ar/a.txt", "content/ar/a.txt.orig")
    elif how == "renamed within the glob":
        git(root, "mv", "content/ar/a.txt", "content/ar/b.txt")  # b.txt's target content/en/b.txt does not exist
    else:
        git(root, "rm", "-q", "content/ar/a.txt")
        write(root, "content/ar/a.txt/x", ["x"])
    _spam(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    r = run(["ci", "--no-cache", "--base", base, "--format", "github"], enc)
    # old code: "aligncheck ci: no pair changed since <base> (0 pairs unchanged)", exit 0
    assert r.exit_code == 1, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == (
        f"::error file=content/en/a.txt,line=1,title=aligncheck missing_source::content/ar/a.txt, the source of "
        f"content/en/a.txt at {base}, was deleted or renamed while the translation was kept: it can no longer be "
        "checked; remove or move the translation with its source, or restore the source%0Aar: (none)%0Aen: (none)")
    if how == "renamed within the glob":  # the new source's translation is missing too
        assert any(line.startswith("::error file=content/ar/b.txt,line=1,title=aligncheck missing_target (content/ar/b.txt%3A1)::")
                   for line in lines), r.stdout


def test_ci_base_orphaned_translation_reports_validate_and_cannot_be_disabled_by_the_pull_request(repo):
    root, ar, en, enc = repo
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "rm", "-q", "content/ar/a.txt")
    _spam(root)
    # the pull request also tries to switch the check off: the gate is read at the base
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text(encoding="utf-8").replace(
        'segmentation = "lines"', 'segmentation = "lines"\ndisable = ["missing_source"]'), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    r = run(["ci", "--no-cache", "--base", base, "--format", "json"], enc)
    assert r.exit_code == 1, r.stdout + r.stderr
    report = json.loads(r.stdout)
    schema = json.loads((json_report.resources.files("aligncheck") / "schema" / "ci-report-v1.json").read_text("utf-8"))
    registry = Registry().with_resource("urn:aligncheck:schema:report-v1",
                                        Resource.from_contents(json_report.load_schema()))
    jsonschema.Draft202012Validator(schema, registry=registry).validate(report)
    assert [(p["source"]["path"], p["target"]["path"], [f["check"] for f in p["findings"]])
            for p in report["pairs"]] == [("content/ar/a.txt", "content/en/a.txt", ["missing_source"])]


def test_ci_base_a_page_removed_with_its_translation_is_not_a_finding(repo):
    root, ar, en, enc = repo
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "rm", "-q", "content/ar/a.txt", "content/en/a.txt")
    git(root, "commit", "-qm", "remove the page")
    r = run(["ci", "--no-cache", "--base", base], enc)
    assert r.exit_code == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == [f"aligncheck ci: no pair changed since {base} (0 pairs unchanged)"]


# ------------------------------------------------------------------- A4/A5: the glossary decides the gate too


def _glossary_repo(root, ar, en, glossary="terms.csv"):
    """The base project names a glossary (terminology findings are errors) that holds the pair's
    second Arabic word and its translation; committed."""
    term_ar, term_en = ar[0].split()[1], en[0].split()[1]
    (root / "terms.csv").write_text(f"source,target\n{term_ar},{term_en}\n", encoding="utf-8")
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text(encoding="utf-8").replace(
        'segmentation = "lines"', f'segmentation = "lines"\nglossary = "{glossary}"\nseverity = {{terminology = "error"}}'),
        encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "glossary")
    return term_ar, term_en, git(root, "rev-parse", "HEAD").strip()


def test_ci_base_reads_the_glossary_at_the_base_revision(repo):
    root, ar, en, enc = repo
    term_ar, term_en, base = _glossary_repo(root, ar, en)
    # the pull request translates the term its own way and rewrites the glossary to match
    write(root, "content/en/a.txt", [en[0].replace(f" {term_en} ", " wellness ")] + en[1:])
    (root / "terms.csv").write_text(f"source,target\n{term_ar},wellness\n", encoding="utf-8")
    git(root, "commit", "-qam", "pr")
    r = run(["ci", "--no-cache", "--base", base], enc)
    # old code: the pull request's glossary was used, exit 0
    assert r.exit_code == 1, r.stdout + r.stderr
    assert f"  Arabic line 1 / English line 1: glossary: «{term_ar}» should be translated as «{term_en}»" \
        in r.stdout.splitlines(), r.stdout
    assert (f"note: the glossary terms.csv was taken from {base}; the pull request's changes to it apply once merged "
            "(or pass --allow-config-changes)") in r.stdout.splitlines()
    # trusted on the command line's say-so
    r = run(["ci", "--no-cache", "--base", base, "--allow-config-changes"], enc)
    assert r.exit_code == 0, r.stdout + r.stderr


@pytest.mark.parametrize("how", ["named", "linked"])
def test_a_glossary_in_the_git_folder_is_refused(repo, how):
    root, ar, en, enc = repo
    git(root, "config", "http.https://github.com/.extraheader", "AUTHORIZATION: basic c2VjcmV0")
    if how == "named":
        _glossary_repo(root, ar, en, glossary=".git/config")
        args = ["ci", "--no-cache"]
    else:
        _, _, base = _glossary_repo(root, ar, en)
        (root / "terms.csv").unlink()
        os.symlink(".git/config", root / "terms.csv")
        write(root, "content/en/a.txt", en[:-1])
        args = ["ci", "--no-cache", "--base", base]
    r = run(args, enc)
    # old code: .git/config was read as a glossary (exit 3 quoting '[core]')
    assert r.exit_code == 2, r.stdout + r.stderr
    value = ".git/config" if how == "named" else "terms.csv"
    assert one_line_error(r) == (f"error: glossary {value!r} in {root / 'pyproject.toml'} is or leads into a .git "
                                 "folder; git's own files (which may hold the checkout's credentials) are never read")


# ------------------------------------------------------------------- A7: markers the pull request adds


MD_PAIRS = """\
[tool.aligncheck]
segmentation = "lines"

[[tool.aligncheck.pairs]]
source = "docs/ar/*.md"
target = "docs/en/{name}"
"""


ACCEPTED = "<!-- aligncheck-ignore addition: the editor's note, agreed -->\n"


def paragraphs(lines):
    """``lines`` as Markdown paragraphs (a blank line between them)."""
    return [x for line in lines for x in (line, "")][:-1]


def test_ci_base_markers_the_pull_request_adds_silence_nothing_until_merged(repo):
    root, ar, en, enc = repo
    _, other, _ = make_parallel(6, seed=99)  # English sentences that translate nothing in the source
    (root / "pyproject.toml").write_text(MD_PAIRS, encoding="utf-8")
    write(root, "docs/ar/a.md", paragraphs(ar))
    # the base accepts one addition (line 14) with a marker above it (line 13)
    write(root, "docs/en/a.md", paragraphs(en + [ACCEPTED + other[0]]))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base with an accepted addition")
    base = git(root, "rev-parse", "HEAD").strip()
    r = run(["ci", "--no-cache"], enc)
    assert r.exit_code == 0, r.stdout + r.stderr  # the merged marker works
    # the pull request adds spam with its own marker, and copies the accepted one onto more spam
    write(root, "docs/en/a.md", paragraphs(en + [ACCEPTED + other[0], ACCEPTED + other[1],
                                                 "<!-- aligncheck-ignore addition: house style -->\n" + other[2]]))
    git(root, "commit", "-qam", "pr")
    r = run(["ci", "--no-cache", "--base", base], enc)
    # old code: "✓ passed: no findings (3 silenced by markers)", exit 0
    assert r.exit_code == 1, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "✗ FAILED: 2 errors (1 silenced by a marker) in docs/ar/a.md ↔ docs/en/a.md (6 ↔ 9 segments)"
    assert [line.split()[:2] for line in lines if line.startswith("error ")] == [["error", "addition"]] * 2
    assert ("note: the aligncheck-ignore marker at docs/en/a.md:16 silences nothing: the base revision has no such "
            "marker beside this text: markers the pull request adds or moves apply once merged (or pass "
            "--allow-config-changes)") in lines
    assert ("note: the aligncheck-ignore marker at docs/en/a.md:19 silences nothing: the base revision has no such "
            "marker beside this text: markers the pull request adds or moves apply once merged (or pass "
            "--allow-config-changes)") in lines
    # trusted on the command line's say-so
    assert run(["ci", "--no-cache", "--base", base, "--allow-config-changes"], enc).exit_code == 0


# ------------------------------------------------------------------- A11/A12: the project file's folder


SUB_PAIRS = """\
segmentation = "lines"
[[pairs]]
source = "{src}"
target = "{tgt}"
"""


@pytest.fixture()
def sub_repo(tmp_path, monkeypatch):
    """A repository whose project file is ``docs/aligncheck.toml`` (pairs ``ar/*.txt`` -> ``en/{name}``,
    one faithful pair), committed; the current folder is the repository."""
    ar, en, enc = make_parallel(6, seed=11)
    root = tmp_path / "repo"
    write(root, "docs/ar/a.txt", ar)
    write(root, "docs/en/a.txt", en)
    (root / "docs/aligncheck.toml").write_text(SUB_PAIRS.format(src="ar/*.txt", tgt="en/{name}"), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    monkeypatch.chdir(root)
    return root, ar, en, enc


@pytest.mark.parametrize("how", ["--config", "working folder", "working folder, physical"])
def test_ci_base_cannot_swap_the_project_files_folder_for_a_symlink(sub_repo, monkeypatch, how):
    root, ar, en, enc = sub_repo
    base = git(root, "rev-parse", "HEAD").strip()
    _, other, _ = make_parallel(6, seed=99)
    git(root, "mv", "docs", "evil")
    (root / "evil/aligncheck.toml").write_text(
        'fail_on = "never"\n' + SUB_PAIRS.format(src="ar/*.txt", tgt="en/{name}"), encoding="utf-8")
    write(root, "evil/en/a.txt", other)
    os.symlink("evil", root / "docs")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    if how == "--config":
        args = ["ci", "--no-cache", "--base", base, "--config", "docs/aligncheck.toml"]
    else:  # the Action's working-directory: docs (a shell's $PWD may keep the link, the runner's does not)
        monkeypatch.chdir(root / "docs")
        monkeypatch.setenv("PWD", str(root / "docs") if how == "working folder" else str(root.parent))
        args = ["ci", "--no-cache", "--base", base]
    r = run(args, enc)
    if how == "working folder, physical":  # seen from evil/: the base's project file is elsewhere, refused
        assert r.exit_code == 2, r.stdout + r.stderr
        assert one_line_error(r) == (
            f"error: evil/aligncheck.toml does not exist at {base}, which has the project file docs/aligncheck.toml: "
            "under --base the gate comes from the base revision; run from that file's folder or name it with --config "
            "(or pass --allow-config-changes)")
        return
    # old code: "note: evil/aligncheck.toml does not exist at <base> ...: the pull request's settings were used",
    # fail_on never, exit 0
    assert r.exit_code == 1, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1] == "total: FAILED: 1 pair checked, 1 failed; 1 error"
    assert any(line.startswith("signature: ") and line.endswith("|fail_on:error") for line in lines)
    assert (f"note: the gate settings of docs/aligncheck.toml were taken from {base}; the pull request's changes to "
            "them apply once merged (or pass --allow-config-changes)") in lines


def test_ci_base_sees_changes_to_pairs_outside_the_project_files_folder(sub_repo):
    root, ar, en, enc = sub_repo
    (root / "docs/aligncheck.toml").write_text(SUB_PAIRS.format(src="../content/ar/*.txt", tgt="../content/en/{name}"),
                                               encoding="utf-8")
    write(root, "content/ar/a.txt", ar)
    write(root, "content/en/a.txt", en)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pairs beside the project folder")
    base = git(root, "rev-parse", "HEAD").strip()
    write(root, "content/en/a.txt", en[:2] + en[3:])
    git(root, "commit", "-qam", "pr drops a line")
    r = run(["ci", "--no-cache", "--base", base, "--config", "docs/aligncheck.toml"], enc)
    # old code: "aligncheck ci: no pair changed since <base> (1 pairs unchanged)", exit 0
    assert r.exit_code == 1, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1] == "total: FAILED: 1 pair checked, 1 failed; 1 error"
    assert r.stdout.splitlines()[0] == "✗ FAILED: 1 error in content/ar/a.txt ↔ content/en/a.txt (6 ↔ 5 segments)"


# ------------------------------------------------------------------- A14: bidi controls (Trojan Source)


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_bidi_controls_on_one_side_only_are_an_error(tmp_path, fmt):
    ar, en, enc = make_parallel(4, seed=31)
    ar[2], en[2] = ar[2][:-1] + " 250.", en[2][:-1] + " 250."
    (tmp_path / f"ar.{fmt}").write_text("\n\n".join(ar) + "\n", encoding="utf-8")
    en[2] = en[2].replace(" 250.", " \u202e250\u202c.")  # shown as "052"
    (tmp_path / f"en.{fmt}").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    r = run(["check", tmp_path / f"ar.{fmt}", tmp_path / f"en.{fmt}", "--format", "json"], enc)
    assert r.exit_code == 1, r.stdout + r.stderr  # old code: exit 0, no finding (the numbers check reads 250)
    assert [(f["check"], f["src_lines"], f["tgt_lines"], f["message"]) for f in json.loads(r.stdout)["findings"]] == [
        ("bidi_control", [5], [5], "the English holds U+202E around «250»: this bidi control changes the order readers "
         "see, so the text shown is not the text checked; remove it")]


def test_an_override_is_judged_on_its_own_side_and_inert_controls_are_not_a_finding(tmp_path):
    # attack19 A14b: an inert RLO around Arabic letters on the Arabic side cancelled the English one
    ar, en, enc = make_parallel(4, seed=31)
    word = ar[1].split()[0]
    ar[1] = ar[1].replace(word, f"\u202e{word}\u202c", 1)  # RLO around Arabic letters: shown as it is
    ar[2], en[2] = ar[2][:-1] + " \u2066x2\u2069.", en[2][:-1] + " \u2066x2\u2069 \u2068x3\u2069."
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt"], enc)
    assert r.exit_code == 0, r.stdout + r.stderr
    ar[1], en[1] = ar[1][:-1] + " 250.", en[1][:-1] + " \u202e250\u202c."  # not cancelled by the Arabic RLO
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json"], enc)
    assert r.exit_code == 1, r.stdout + r.stderr
    assert [(f["check"], f["message"]) for f in json.loads(r.stdout)["findings"]] == [
        ("bidi_control", "the English holds U+202E around «250»: this bidi control changes the order readers see, so "
         "the text shown is not the text checked; remove it")]



# ------------------------------------------------------------------- A13: a translation page with no source


@pytest.mark.parametrize("how", ["added", "renamed to another extension"])
def test_ci_base_reports_a_translation_file_no_source_maps_to(repo, how):
    root, ar, en, enc = repo
    base = git(root, "rev-parse", "HEAD").strip()
    _, other, _ = make_parallel(6, seed=99)
    if how == "added":
        write(root, "content/en/promo.txt", other)
        name = "content/en/promo.txt"
    else:  # the pair removed, its text added back under a name no source maps to
        git(root, "rm", "-q", "content/ar/a.txt", "content/en/a.txt")
        write(root, "content/en/a.md", other)
        name = "content/en/a.md"
    write(root, "content/en/logo.png", ["not text"])  # an image in the translation folder is not a page
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    r = run(["ci", "--no-cache", "--base", base, "--format", "github"], enc)
    # old code: "aligncheck ci: no pair changed since <base> (...)", exit 0
    assert r.exit_code == 1, r.stdout + r.stderr
    assert r.stdout.splitlines() == [
        f"::error file={name},line=1,title=aligncheck missing_source::{name} is where the translations of "
        "content/ar/*.txt go, but no source file maps to it: it is not checked against anything; add its source, or "
        "move it out of the translations%0Aar: (none)%0Aen: (none)",
        f"aligncheck FAILED: 1 error in content/ar/*.txt <-> {name}"]


def test_ci_base_an_accepted_marker_moved_beside_another_sentence_silences_nothing(repo):
    # attack19 A7b: the pull request drops the sentence the base accepted and puts the same marker above its own
    root, ar, en, enc = repo
    _, other, _ = make_parallel(6, seed=99)
    (root / "pyproject.toml").write_text(MD_PAIRS, encoding="utf-8")
    write(root, "docs/ar/a.md", paragraphs(ar))
    write(root, "docs/en/a.md", paragraphs(en + [ACCEPTED + other[0]]))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base with an accepted addition")
    base = git(root, "rev-parse", "HEAD").strip()
    write(root, "docs/en/a.md", paragraphs(en + [ACCEPTED + other[1]]))
    git(root, "commit", "-qam", "pr")
    r = run(["ci", "--no-cache", "--base", base], enc)
    # on 3000842 (markers matched by checks and reason only): passed, 1 silenced, exit 0
    assert r.exit_code == 1, r.stdout + r.stderr
    assert ("note: the aligncheck-ignore marker at docs/en/a.md:13 silences nothing: the base revision has no such "
            "marker beside this text: markers the pull request adds or moves apply once merged (or pass "
            "--allow-config-changes)") in r.stdout.splitlines()


# ------------------------------------------------------------------- A10: a manifest repeating one pair


def test_a_batch_manifest_repeating_a_pair_is_refused(tmp_path):
    from tests.cli.test_untrusted import manifest

    ar, en, enc = make_parallel(4, seed=9)
    d = tmp_path / "corpus"
    write(d, "a.ar.txt", ar)
    write(d, "a.en.txt", en)
    os.symlink("a.en.txt", d / "same.en.txt")
    m = manifest(d, [("p1", "a.ar.txt", "a.en.txt"), ("p2", "./a.ar.txt", "same.en.txt")])
    r = run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc)
    # old code: both rows checked and written (20,000 such rows: about 22 hours and 38 GB for a 5,000-line pair)
    assert r.exit_code == 3, r.stdout + r.stderr
    assert one_line_error(r) == (f"error: {m} line 3: the same pair (source, target and options) as line 2; each pair "
                                 "is checked once: remove the repeated row")
    assert not (d / "out.jsonl").exists()


# ------------------------------------------------------------------- D6 (second pass): memory across ci pairs


def test_ci_refuses_more_segments_than_one_run_keeps(repo, monkeypatch):
    import aligncheck.project.ci as ci_module

    root, ar, en, enc = repo
    write(root, "content/ar/b.txt", ar)
    write(root, "content/en/b.txt", en)
    monkeypatch.setattr(ci_module, "CI_MAX_SEGMENTS", 20)  # 200,000 in use: bench/HOSTILE.md measures it
    r = run(["ci", "--no-cache"], enc)
    # a.txt (6 + 6 segments) fits, b.txt (12 more) does not: refused before it is embedded
    assert r.exit_code == 3, r.stdout + r.stderr
    assert one_line_error(r) == (
        "error: content/ar/b.txt and content/en/b.txt hold 12 segments, more than the 8 left of the 20 one aligncheck "
        "ci run keeps for its report (memory grows with every pair); check large projects with 'aligncheck batch' "
        "(one result at a time) or in parts (--config)")
    monkeypatch.setattr(ci_module, "CI_MAX_SEGMENTS", 24)
    assert run(["ci", "--no-cache"], enc).exit_code == 0


def test_the_ci_json_report_is_the_json_of_the_whole_written_pair_by_pair(repo):
    from aligncheck.report.json import SCHEMA_VERSION, render_many, to_dict

    root, ar, en, enc = repo
    write(root, "content/ar/b.txt", ar[:3] + ["جملة\n«مقتبسة» \\ هنا."])
    write(root, "content/en/b.txt", en[:2])
    r = run(["ci", "--no-cache", "--format", "json"], enc)
    assert r.exit_code == 1
    from aligncheck.cli import main  # noqa: F401  (the results again, in process)
    from aligncheck.project import load_project
    from aligncheck.project.ci import check_pairs, select_pairs

    project = load_project(start=root)
    results = check_pairs(project, select_pairs(project, None), config_for=lambda p: project.config(),
                          encoder_for=lambda c: enc)
    whole = {"schema_version": SCHEMA_VERSION, "pairs": [to_dict(x) for x in results],
             "summary": {"passed": False, "pairs": 2, "failed": 1, "skipped": 0,
                         "findings": sum(len(x.findings) for x in results), "baselined": 0, "silenced": 0}}
    from aligncheck.report import common

    assert render_many(results) == common.escape_raw(json.dumps(whole, ensure_ascii=False, indent=2)) + "\n"
    assert render_many(results) == r.stdout


# ------------------------------------------------------------------- A9: a cache the pull request can fill


def test_a_cache_folder_holding_committed_files_is_not_trusted(repo, monkeypatch):
    root, ar, en, enc = repo
    cache = root / ".aligncheck-cache"
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(cache))
    write(root, ".gitignore", [".aligncheck-cache/"])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "ignore the cache")
    write(root, "content/en/a.txt", en[:2] + en[3:])
    assert run(["ci", "--base", "HEAD"], enc).exit_code == 1  # an untracked cache in the checkout is fine
    # the pull request commits an entry (a forged embedding) or a resume key into it
    write(cache, "embeddings-v1/0123456789abcdef/ab/planted.emb", ["forged"])
    git(root, "add", "-f", ".aligncheck-cache")
    git(root, "commit", "-qm", "pr")
    for args in (["ci", "--base", "HEAD~1"], ["check", "content/ar/a.txt", "content/en/a.txt"]):
        r = run(args, enc)
        # old code: the planted entries were read as this machine's (a replaced sentence scored 0.93)
        assert r.exit_code == 2, r.stdout + r.stderr
        assert one_line_error(r) == (
            f"error: the embedding cache folder {cache} holds files the repository {root} tracks (e.g. "
            ".aligncheck-cache/embeddings-v1/0123456789abcdef/ab/planted.emb): a cache that commits can fill is not "
            "trusted; set ALIGNCHECK_CACHE_DIR to a folder outside the checkout (or untracked)")


# ------------------------------------------------------------------- A15: Markdown parsed whole before the bound


def test_markdown_over_the_segment_bound_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    import aligncheck.documents
    import aligncheck.formats.markdown as md

    ar, en, enc = make_parallel(4, seed=9)
    (tmp_path / "ar.md").write_text("\n\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.md").write_text("- a\n" * 60, encoding="utf-8")
    monkeypatch.setattr(aligncheck.documents, "MAX_SEGMENTS", 50)  # 100,000 in use: bench/HOSTILE.md measures it

    parse = md._parse

    def no_parse(text, path):
        assert not str(path).endswith("en.md"), "parsed before the bound was checked"
        return parse(text, path)

    monkeypatch.setattr(md, "_parse", no_parse)
    cases = [("- a\n" * 60, "60 segments (60 non-blank lines, 0 table bars, 0 sentence ends)"),
             ("<!-- aligncheck-ignore: x -->\n" + "- a\n" * 60, "62 segments (61 non-blank lines, 0 table bars, 1 "
              "sentence ends)"),  # the "!" of "<!--"
             # attack19 A15b: a few wide lines (a table of 60 cells; 60 sentences on one line)
             ("|" + "a|" * 60 + "\n|" + "-|" * 60 + "\n", "124 segments (2 non-blank lines, 122 table bars, 0 sentence "
              "ends)"),
             ("a. " * 60 + "\n", "61 segments (1 non-blank lines, 0 table bars, 60 sentence ends)")]
    for text, bound in cases:
        (tmp_path / "en.md").write_text(text, encoding="utf-8")
        r = run(["check", tmp_path / "ar.md", tmp_path / "en.md"], enc)
        # old code: parsed whole first (a megabyte of "- a" lines: about 2 minutes and 700 MB), then refused
        assert r.exit_code == 3, r.stdout + r.stderr
        assert one_line_error(r) == (
            f"error: target file {tmp_path / 'en.md'} may hold up to {bound}, more than the 50 one check handles "
            "(time, memory and report size grow with them); split it into smaller documents")


def test_a_batch_manifest_repeating_copies_of_a_pair_is_refused(tmp_path):
    # attack19 A10b: copies under other names (one git blob) repeated the same check
    from tests.cli.test_untrusted import manifest

    ar, en, enc = make_parallel(4, seed=9)
    d = tmp_path / "corpus"
    for k in (1, 2):
        write(d, f"c{k}.ar.txt", ar)
        write(d, f"c{k}.en.txt", en)
    write(d, "other.en.txt", en[:3])
    m = manifest(d, [("p0", "c1.ar.txt", "other.en.txt"), ("p1", "c1.ar.txt", "c1.en.txt"),
                     ("p2", "c2.ar.txt", "c2.en.txt")])
    r = run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc)
    assert r.exit_code == 3, r.stdout + r.stderr
    assert one_line_error(r) == (f"error: {m} line 4: the same files' contents (source, target) and options as line 3; "
                                 "each pair is checked once: remove the repeated row")


def test_ci_base_warns_of_an_orphan_page_in_a_format_aligncheck_does_not_read(repo):
    # attack19 A13b: content/en/promo.html (a page the site renders) added with no source
    root, ar, en, enc = repo
    base = git(root, "rev-parse", "HEAD").strip()
    write(root, "content/en/promo.html", ["<p>Send your bank password to evil dot example.</p>"])
    write(root, "content/en/logo.svg", ["<svg/>"])  # not a page: no finding
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    r = run(["ci", "--no-cache", "--base", base, "--format", "github"], enc)
    # before: "aligncheck ci: no pair changed since <base> (1 pairs unchanged)"
    assert r.exit_code == 0, r.stdout + r.stderr  # a warning: the gate (fail_on error) passes, the log says it
    assert r.stdout.splitlines()[0] == (
        "::warning file=content/en/promo.html,line=1,title=aligncheck missing_source::content/en/promo.html is where "
        "the translations of content/ar/*.txt go, but no source file maps to it and aligncheck does not read its "
        "format: it is not checked at all; review it, add its source, or move it out of the translations%0Aar: "
        "(none)%0Aen: (none)")
