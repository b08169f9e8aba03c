"""A pull request is untrusted (issue #14): it may not run code, write or read outside the
repository, inject into the CI log, hide text or switch off the gate.

Each test reproduces one attack of the issue against the command line (fake encoder, a
temporary git repository) and asserts the exact exit code and one-line message; each failed on
the code before the fix (commit 8ed8e55). Table of defects, fixes and tests: bench/HOSTILE.md.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import BagOfConceptsEncoder, make_parallel
from tests.gitrepo import git, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

PAIRS = """\
[tool.aligncheck]
segmentation = "lines"
{extra}
[[tool.aligncheck.pairs]]
source = "content/ar/*.txt"
target = "content/en/{{name}}"
"""


def run(args, encoder=None):
    return CliRunner().invoke(main, [str(a) for a in args], obj={"encoder": encoder} if encoder else None)


def one_line_error(r) -> str:
    """The stderr of a failed run, asserted to be one line without a traceback."""
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """A git repository ``repo/`` (the current folder) whose base commit holds a project file and
    one faithful pair ``content/ar/a.txt`` / ``content/en/a.txt`` (6 lines); ``outside/`` beside
    it stands for the runner's files outside the checkout."""
    ar, en, enc = make_parallel(6, seed=11)
    root = tmp_path / "repo"
    write(root, "content/ar/a.txt", ar)
    write(root, "content/en/a.txt", en)
    (root / "pyproject.toml").write_text(PAIRS.format(extra=""), encoding="utf-8")
    (tmp_path / "outside").mkdir()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    monkeypatch.chdir(root)
    return root, ar, en, enc


# ------------------------------------------------------------------- 1. remote code


def test_trust_remote_code_does_not_reach_a_model_the_project_file_names(repo, fake_st):
    root, *_ = repo
    (root / "pyproject.toml").write_text(PAIRS.format(extra='model = "./models-evil"\n'), encoding="utf-8")
    (root / "models-evil").mkdir()
    r = run(["ci", "--no-cache", "--trust-remote-code"])
    assert r.exit_code == 2
    assert one_line_error(r) == (
        "error: --trust-remote-code applies only to a model named with --model on the command line, not to the "
        "model './models-evil' of the project file; pass --model as well (or drop --trust-remote-code)")
    assert fake_st.calls == []  # nothing loaded, let alone with remote code


def test_trust_remote_code_applies_to_the_command_line_model_even_with_a_project_override(repo, fake_st):
    root, *_ = repo
    extra = 'model = "./models-evil"\n[[tool.aligncheck.overrides]]\npaths = "**/*.txt"\nmodel = "./other-evil"\n'
    (root / "pyproject.toml").write_text(PAIRS.format(extra=extra), encoding="utf-8")
    r = run(["ci", "--no-cache", "--trust-remote-code", "--model", "ci/own-model", "--fail-on", "never"])
    assert r.exit_code == 0, r.stderr
    assert [(name, kw["trust_remote_code"]) for name, kw in fake_st.calls] == [("ci/own-model", True)]


@pytest.mark.parametrize("where", ["top", "override"])
@pytest.mark.parametrize("command", [["ci"], ["check", "content/ar/a.txt", "content/en/a.txt"]])
def test_trust_remote_code_does_not_take_the_revision_from_the_project_file(repo, fake_st, where, command):
    # second pass D1: a hub serves any refs/pr/N anyone opens; the revision is code when trusted
    root, *_ = repo
    extra = ('model_revision = "refs/pr/666"\n' if where == "top" else
             '[[tool.aligncheck.overrides]]\npaths = "**/*.txt"\nmodel_revision = "refs/pr/666"\n')
    (root / "pyproject.toml").write_text(PAIRS.format(extra=extra), encoding="utf-8")
    r = run([*command, "--no-cache", "--trust-remote-code", "--model", "org/trusted-model"])
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert one_line_error(r) == (
        "error: --trust-remote-code applies only to a model revision named with --model-revision on the command "
        "line, not to the revision 'refs/pr/666' of the project file; pass --model-revision as well (or drop "
        "--trust-remote-code)")
    assert fake_st.calls == []
    r = run([*command, "--no-cache", "--trust-remote-code", "--model", "org/trusted-model", "--model-revision",
             "v1", "--fail-on", "never"])
    assert r.exit_code == 0, r.stderr
    assert {(name, kw["revision"], kw["trust_remote_code"]) for name, kw in fake_st.calls} == {
        ("org/trusted-model", "v1", True)}


# ------------------------------------------------------------------- second pass D3: .git is never input

SECRET = "AUTHORIZATION: basic SECRET-TOKEN"


def plant_secret(root):
    git(root, "config", "http.https://github.com/.extraheader", SECRET)


@pytest.mark.parametrize("target", [".git/config", "x/../.git/config", ".GIT/config"])
def test_ci_refuses_a_configured_pair_in_the_git_folder(repo, target):
    root, ar, en, enc = repo
    plant_secret(root)
    write(root, "x/z.txt", ar)
    (root / "pyproject.toml").write_text(
        f'[tool.aligncheck]\nsegmentation = "lines"\n[[tool.aligncheck.pairs]]\nsource = "x/z.txt"\n'
        f'target = "{target}"\n', encoding="utf-8")
    r = run(["ci", "--no-cache", "--format", "sarif"], enc)
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert one_line_error(r) == (f"error: pairs entry 1 in {root / 'pyproject.toml'} names a path in a .git folder; "
                                 "git's own files are never checked")
    assert "SECRET" not in r.stdout


def test_ci_refuses_a_pair_file_that_is_a_symlink_into_the_git_folder(repo):
    root, ar, en, enc = repo
    plant_secret(root)
    (root / "content/en/a.txt").unlink()
    os.symlink("../../.git/config", root / "content/en/a.txt")
    r = run(["ci", "--no-cache", "--format", "sarif"], enc)
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert one_line_error(r) == (
        "error: target file content/en/a.txt is or leads into a .git folder; git's own files (which may hold the "
        "checkout's credentials) are never read")
    assert "SECRET" not in r.stdout


@pytest.mark.parametrize("how", ["direct", "symlink"])
def test_check_refuses_a_file_in_or_linked_into_the_git_folder(repo, how):
    # a CI script may run `aligncheck check` on the files a pull request changed
    root, ar, en, enc = repo
    plant_secret(root)
    path = ".git/config"
    if how == "symlink":
        os.symlink("../../.git/config", root / "content/en/b.txt")
        path = "content/en/b.txt"
    r = run(["check", "content/ar/a.txt", path, "--format", "json"], enc)
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert one_line_error(r) == (f"error: target file {path} is or leads into a .git folder; git's own files (which "
                                 "may hold the checkout's credentials) are never read")
    assert "SECRET" not in r.stdout


@pytest.mark.parametrize("how", ["direct", "symlink"])
def test_a_batch_manifest_cannot_read_the_git_folder_even_when_trusted(tmp_path, how):
    ar, en, enc = make_parallel(4, seed=9)
    d = tmp_path / "corpus"
    write(d, "x/z.txt", ar)
    git(d, "init", "-q")
    plant_secret(d)
    path = ".git/config"
    if how == "symlink":
        os.symlink(".git/config", d / "cfg.txt")
        path = "cfg.txt"
    (d / "m.tsv").write_text(f"id\tsource\ttarget\nx\tx/z.txt\t{path}\n", encoding="utf-8")
    for extra in ([], ["--allow-outside-paths"]):
        r = run(["batch", d / "m.tsv", "-o", tmp_path / "out.jsonl", "--segmentation", "lines", *extra], enc)
        assert r.exit_code == 3, (r.stdout, r.stderr)
        assert one_line_error(r) == (
            f"error: {d / 'm.tsv'} line 2: target {path!r} is or leads into a .git folder; git's own files (which may "
            "hold credentials) are never read, even with --allow-outside-paths")
        assert not (tmp_path / "out.jsonl").exists()


# ------------------------------------------------------------------- second pass D2: --base and symlinks


@pytest.mark.parametrize("variant", ["file", "folder"])
def test_ci_base_checks_a_pair_whose_file_or_folder_became_a_symlink(repo, variant):
    root, ar, en, enc = repo
    _, other, _ = make_parallel(6, seed=99)  # English of other sentences: no translation of ar
    write(root, "NOTES.txt", other)
    write(root, "evil/a.txt", other)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "notes")
    base = git(root, "rev-parse", "HEAD").strip()
    if variant == "file":
        (root / "content/en/a.txt").unlink()
        os.symlink("../../NOTES.txt", root / "content/en/a.txt")
    else:
        shutil.rmtree(root / "content/en")
        os.symlink("../evil", root / "content/en")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    r = run(["ci", "--no-cache", "--base", base, "--format", "json"], enc)
    assert r.exit_code == 1, (r.stdout, r.stderr)
    report = json.loads(r.stdout)
    assert [p["target"]["path"] for p in report["pairs"]] == ["content/en/a.txt"]
    assert not report["pairs"][0]["summary"]["passed"]


# ------------------------------------------------------------------- second pass D7: numbers in the project file


@pytest.mark.parametrize("setting, message", [
    ("mismatch_margin = nan", "mismatch_margin must be a finite number, not nan"),
    ("mismatch_margin = inf", "mismatch_margin must be a finite number, not inf"),
    ("paragraph_weight = 1e308", "paragraph_weight must be at most 100 in magnitude, not 1e+308"),
    ("partial_min_words = -1", "partial_min_words must be 0 or more, not -1"),
    ("partial_min_words = 100000000000000000", "partial_min_words must be at most 10000 in magnitude, not "
                                               "100000000000000000"),
])
def test_non_finite_or_out_of_range_numbers_in_the_project_file_are_refused(repo, setting, message):
    # second pass D7: a NaN margin made the mismatch check never fire
    root, ar, en, enc = repo
    (root / "pyproject.toml").write_text(PAIRS.format(extra=setting + "\n"), encoding="utf-8")
    for args in (["ci"], ["check", "content/ar/a.txt", "content/en/a.txt"]):
        r = run(args, enc)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        assert one_line_error(r) == f"error: {message}"


# ------------------------------------------------------------------- 2. symlinked outputs


@pytest.mark.parametrize("dangling", [False, True])
def test_a_report_is_never_written_through_a_planted_symlink(repo, dangling):
    root, ar, en, enc = repo
    victim = root.parent / "outside" / "victim.sh"
    if not dangling:
        victim.write_text("#!/bin/sh\necho safe\n", encoding="utf-8")
        victim.chmod(0o755)
    (root / "aligncheck.sarif").symlink_to(victim)
    r = run(["ci", "--output-sarif", "aligncheck.sarif"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: --output-sarif aligncheck.sarif: aligncheck.sarif is a symbolic link (to {victim}); aligncheck "
        "never writes a report through a link in the repository: delete the link or write the report elsewhere")
    assert r.stdout == ""  # refused before any report is written
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text(encoding="utf-8") == "#!/bin/sh\necho safe\n"


def test_a_report_is_never_written_through_a_symlinked_folder(repo):
    root, ar, en, enc = repo
    (root / "reports").symlink_to(root.parent / "outside")
    r = run(["ci", "--format", "json", "-o", "reports/out.json"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: --output reports/out.json: reports is a symbolic link (to {root.parent / 'outside'}); aligncheck "
        "never writes a report through a link in the repository: delete the link or write the report elsewhere")
    assert list((root.parent / "outside").iterdir()) == []


def test_baseline_and_batch_outputs_refuse_planted_symlinks_too(repo):
    root, ar, en, enc = repo
    outside = root.parent / "outside"
    (root / ".aligncheck-baseline.json").symlink_to(outside / "b.json")
    r = run(["baseline"], enc)
    assert r.exit_code == 3
    assert one_line_error(r).startswith(
        f"error: --output {root / '.aligncheck-baseline.json'}: {root / '.aligncheck-baseline.json'} is a symbolic "
        f"link (to {outside / 'b.json'}); aligncheck never writes")
    (root / "m.tsv").write_text("source\ttarget\ncontent/ar/a.txt\tcontent/en/a.txt\n", encoding="utf-8")
    (root / "out.jsonl").symlink_to(outside / "o.jsonl")
    r = run(["batch", "m.tsv", "-o", "out.jsonl"], enc)
    assert r.exit_code == 3
    assert one_line_error(r).startswith(
        f"error: --output out.jsonl: out.jsonl is a symbolic link (to {outside / 'o.jsonl'}); aligncheck never")
    assert list(outside.iterdir()) == []


def test_a_replaced_report_never_keeps_an_execute_bit(repo):
    root, ar, en, enc = repo
    (root / "report.txt").write_text("old\n", encoding="utf-8")
    (root / "report.txt").chmod(0o755)
    r = run(["ci", "-o", "report.txt"], enc)
    assert r.exit_code == 0, r.stderr
    assert stat.S_IMODE((root / "report.txt").stat().st_mode) == 0o644
    assert (root / "report.txt").read_text(encoding="utf-8").endswith("0 failed; no findings\n")


# ------------------------------------------------------------------- 3. a PO file naming another file


def test_a_po_file_whose_text_is_a_path_is_not_read_as_that_path(tmp_path, monkeypatch):
    secret = tmp_path / "outside" / "secret.po"
    secret.parent.mkdir()
    secret.write_text('msgid "deploy key"\nmsgstr "hunter2-secret"\n', encoding="utf-8")
    (tmp_path / "evil.po").write_text(str(secret), encoding="utf-8")
    r = run(["check", tmp_path / "evil.po", "--format", "json"], BagOfConceptsEncoder())
    assert r.exit_code == 3
    assert "hunter2" not in r.stdout + r.stderr
    assert one_line_error(r) == (
        f"error: {tmp_path / 'evil.po'}: not a valid PO file (its whole text names a file; a PO file holds "
        "msgid/msgstr entries)")


# ------------------------------------------------------------------- 4. workflow commands, bidi, ESC

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def assert_log_safe(out: str, *, ours: tuple[str, ...] = ()) -> None:
    """No line of ``out`` can be taken for a GitHub workflow command (``::`` after leading
    whitespace, unless the line is one of aligncheck's own annotations starting with one of
    ``ours``; ``##[`` anywhere), and no bidi override or isolate is in it."""
    for line in out.splitlines():
        if line.lstrip().startswith("::"):
            assert line.startswith(ours) and ours, line
        assert "##[" not in line, line
        assert not set(line) & set(BIDI), ascii(line)


def test_a_file_name_with_a_line_break_cannot_start_a_workflow_command_in_an_error(repo):
    root, ar, en, enc = repo
    name = "x\n::error title=pwned::owned ##[add-mask]y.txt"
    (root / "content/ar" / name).write_text("", encoding="utf-8")
    r = run(["ci"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        "error: source file content/ar/x\\x0a::error title=pwned::owned #\\x23[add-mask]y.txt is empty "
        "(no sentences)")
    assert_log_safe(r.stderr)


def test_a_missing_target_path_cannot_start_a_workflow_command_in_any_format(repo):
    root, ar, en, enc = repo
    (root / "pyproject.toml").write_text(
        '[tool.aligncheck]\nsegmentation = "lines"\n[[tool.aligncheck.pairs]]\nsource = "*.ar"\ntarget = "{stem}.en"\n',
        encoding="utf-8")
    write(root, "::error title=pwned::owned.ar", ar)
    for fmt in ("text", "github", "markdown", "json", "sarif", "junit", "gitlab", "html"):
        r = run(["ci", "--format", fmt], enc)
        assert r.exit_code == 1, (fmt, r.stderr)
        assert_log_safe(r.stdout, ours=("::error file=\\x3a%3Aerror title=pwned%3A%3Aowned.ar,line=",))
    r = run(["ci"], enc)
    assert "  \\x3a:error title=pwned::owned.en does not exist: the translation of ::error title=pwned::owned.ar " \
           "is missing" in r.stdout.splitlines()


def test_segment_text_and_names_cannot_inject_commands_or_bidi_overrides_in_any_format(tmp_path):
    ar, en, enc = make_parallel(4, seed=5)
    en_bad = list(en)
    en_bad[1] = "::warning::pwned ##[error]owned \u202eevil\u202c \x1b[31m red"
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    name = "e\u202en ##[group]x.txt"
    (tmp_path / name).write_text("\n".join(en_bad) + "\n", encoding="utf-8")
    for fmt in ("text", "github", "markdown", "json", "sarif", "junit", "gitlab", "html"):
        r = run(["check", tmp_path / "ar.txt", tmp_path / name, "--segmentation", "lines", "--format", fmt,
                 "--fail-on", "never"], enc)
        assert r.exit_code == 0, (fmt, r.stderr)
        assert_log_safe(r.stdout, ours=("::error file=", "::warning file=", "::notice file="))
        if fmt == "json":
            report = json.loads(r.stdout)
            assert report["target"]["segments"][1]["text"] == en_bad[1]  # exact, escaped in the bytes only
            finding = next(f for f in report["findings"] if 1 in f["tgt"])
            assert finding["tgt_text"] == "::warning::pwned ##[error]owned \\u202eevil\\u202c \\x1b[31m red"
        if fmt == "sarif":
            snippets = [loc["physicalLocation"]["region"].get("snippet", {}).get("text", "")
                        for res in json.loads(r.stdout)["runs"][0]["results"] for loc in res["locations"]]
            assert "::warning::pwned ##[error]owned \\u202eevil\\u202c \\x1b[31m red" in snippets
            assert not any("\x1b" in s for s in snippets)


def test_batch_ids_cannot_inject_into_the_summary_or_errors(tmp_path):
    ar, en, enc = make_parallel(4, seed=6)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en[:2]) + "\n", encoding="utf-8")
    rows = [{"id": "a\n::error::pwned ##[add-mask]x \u202e", "source": "ar.txt", "target": "en.txt"}]
    (tmp_path / "m.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for fmt in ("text", "markdown", "html"):
        out = tmp_path / f"out-{fmt}.jsonl"
        r = run(["batch", tmp_path / "m.jsonl", "-o", out, "--segmentation", "lines", "--summary-format", fmt], enc)
        assert r.exit_code == 1, r.stderr
        assert_log_safe(r.stdout)
    rows = [{"id": "b\n::error::pwned", "source": "missing.txt", "target": "en.txt"}]
    (tmp_path / "m2.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    r = run(["batch", tmp_path / "m2.jsonl", "-o", tmp_path / "out2.jsonl"], enc)
    assert r.exit_code == 3
    assert_log_safe(r.stderr)
    assert one_line_error(r) == (
        f"error: {tmp_path / 'm2.jsonl'} line 1 (id b\\x0a::error::pwned): source file {tmp_path / 'missing.txt'} "
        "does not exist")


# ------------------------------------------------------------------- 5. amplification


def test_a_yaml_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    long = " ".join(f"w{k % 50}" for k in range(4000))  # ~15,000 characters
    src = "base: &a \"" + long + "\"\n" + "".join(f"k{k}: *a\n" for k in range(100))
    (tmp_path / "ar.yaml").write_text(src, encoding="utf-8")
    (tmp_path / "en.yaml").write_text("base: hello\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.yaml", tmp_path / "en.yaml", "--format", "json"], BagOfConceptsEncoder())
    assert r.exit_code == 3
    # ~1.5 million characters once expanded from a 16 KB file: the 67th alias (line 68) crosses the bound
    assert one_line_error(r) == (
        f"error: {tmp_path / 'ar.yaml'} line 1: its keys and values, aliases expanded, exceed the file's length by "
        "more than 1,000,000 characters (a YAML alias bomb?); write the values out or use fewer aliases")


def test_a_target_template_cannot_pad_to_gigabytes(repo):
    root, ar, en, enc = repo
    (root / "pyproject.toml").write_text(
        '[tool.aligncheck]\n[[tool.aligncheck.pairs]]\nsource = "content/ar/*.txt"\ntarget = "content/en/{name:>1500000000}"\n',
        encoding="utf-8")
    r = run(["ci"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == (
        "error: target template 'content/en/{name:>1500000000}' is invalid: '{name:>1500000000}' is not allowed; use plain "
        "{relpath}, {name}, {stem} or {suffix} (no format spec, conversion or attribute)")


# ------------------------------------------------------------------- 6. markers


def md_pair(root, ar, en, *, marker: str | None = None, at: int = 0, below: bool = False):
    """``content/{ar,en}/a.md``: one paragraph per sentence (lines 1, 3, 5, ...); ``marker`` on
    the line above English paragraph ``at`` (``below``: on the line below it); the project file
    pairs the Markdown files."""
    en = list(en)
    if marker is not None:
        en[at] = en[at] + "\n" + marker if below else marker + "\n" + en[at]
    (root / "content/ar/a.md").write_text("\n\n".join(ar) + "\n", encoding="utf-8")
    (root / "content/en/a.md").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(PAIRS.format(extra="").replace("*.txt", "*.md"), encoding="utf-8")


def test_a_marker_cannot_silence_unrelated_documents(repo):
    root, ar, en, enc = repo
    _, other, _ = make_parallel(6, seed=99)  # a wholly different English text
    md_pair(root, ar, other, marker="<!-- aligncheck-ignore: note -->")
    r = run(["ci", "--format", "json"], enc)
    assert r.exit_code == 1, r.stderr
    pair = json.loads(r.stdout)["pairs"][0]
    assert [f["check"] for f in pair["findings"]] == ["unrelated_documents"]
    assert pair["notes"][-1] == "the aligncheck-ignore marker at content/en/a.md:1 silences nothing: no finding matches it"


@pytest.mark.parametrize("opening, closing", [("`<!-- aligncheck-ignore: code sample`", "`-->`"),
                                              ("\\<!-- aligncheck-ignore: x", "\\-->"),
                                              ("```\n<!-- aligncheck-ignore: x\n```", "```\n-->\n```")])
def test_a_marker_in_markdown_must_be_a_real_html_comment(repo, opening, closing):
    # second pass D4: "<!--" in a code span, escaped or in a fence is text readers see; it blanks nothing
    root, ar, en, enc = repo
    _, other, _ = make_parallel(6, seed=99)
    evil = other[0]  # a paragraph readers see, with no source
    md_pair(root, ar, en[:2] + [opening, evil, closing] + en[2:])
    r = run(["ci", "--format", "json"], enc)
    assert r.exit_code == 1, (r.stdout, r.stderr)
    pair = json.loads(r.stdout)["pairs"][0]
    evil_line = 1 + 2 * 2 + opening.count("\n") + 2  # paragraphs at lines 1, 3, ...; the fence adds lines
    assert ("addition", [evil_line]) in [(f["check"], f["tgt_lines"]) for f in pair["findings"]]
    assert pair["target"]["segments"][2 + (opening.startswith("\\"))]["text"] == evil
    assert not any("aligncheck-ignore marker" in n for n in pair["notes"])


def test_marker_text_in_a_plain_text_file_is_checked_not_blanked(tmp_path):
    ar, en, enc = make_parallel(4, seed=7)
    hidden = "<!-- aligncheck-ignore: The minister resigned yesterday and fled the country. -->"
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en[:2] + [hidden] + en[2:]) + "\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--segmentation", "lines", "--format", "json"], enc)
    assert r.exit_code == 1, r.stderr
    report = json.loads(r.stdout)
    assert report["target"]["segments"][2]["text"] == hidden  # readers see it: so does the check
    assert [(f["check"], f["tgt_lines"]) for f in report["findings"]] == [("addition", [3])]
    assert report["notes"] == [
        f"the aligncheck-ignore marker at {tmp_path / 'en.txt'}:3 silences nothing: it is text readers see in a file "
        "without comments, so it was checked as text (markers work in Markdown; accept findings with a baseline)"]


def test_silenced_and_baselined_findings_are_counted_in_the_text_and_github_outputs_of_ci(repo):
    root, ar, en, enc = repo
    en_bad = list(en)
    del en_bad[4]  # an omission, to be accepted in the baseline
    md_pair(root, ar, en_bad)
    assert run(["baseline"], enc).exit_code == 0
    del en_bad[1]  # a second omission, to be silenced by a marker where it is missing
    # the omission is anchored on English line 1, after which the sentence is missing: marker on line 2
    md_pair(root, ar, en_bad, marker="<!-- aligncheck-ignore omission: cut by the editor -->", at=0, below=True)
    r = run(["ci"], enc)
    assert r.exit_code == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("✓ passed: no findings (1 accepted in the baseline, 1 silenced by a marker) in ")
    assert lines[-1] == ("total: passed: 1 pair checked, 0 failed; no findings "
                         "(1 accepted in the baseline, 1 silenced by a marker)")
    r = run(["ci", "--format", "github"], enc)
    assert r.stdout.splitlines()[-1] == (
        "aligncheck passed: no findings (1 accepted in the baseline, 1 silenced by a marker) in content/ar/a.md <-> "
        "content/en/a.md")


# ------------------------------------------------------------------- the gate itself

WEAKENED = {
    "fail_on never": 'fail_on = "never"\n',
    "every check disabled": 'disable = ["omission", "addition", "mismatch", "unrelated_documents"]\n',
    "severity lowered": 'severity = {omission = "info"}\n',
    "override": '[[tool.aligncheck.overrides]]\npaths = "**"\nfail_on = "never"\n',
}


@pytest.mark.parametrize("how", sorted(WEAKENED))
def test_a_pull_request_cannot_weaken_the_gate_in_the_project_file(repo, how):
    root, ar, en, enc = repo
    write(root, "content/en/a.txt", en[:2] + en[3:])  # the pull request drops a sentence...
    text = PAIRS.format(extra="")
    text = text + WEAKENED[how] if how == "override" else text.replace("\n[[", WEAKENED[how] + "\n[[", 1)
    (root / "pyproject.toml").write_text(text, encoding="utf-8")  # ...and weakens the gate
    r = run(["ci", "--base", "HEAD", "--format", "json"], enc)
    assert r.exit_code == 1, r.stderr
    pair = json.loads(r.stdout)["pairs"][0]
    assert [(f["check"], f["severity"]) for f in pair["findings"]] == [("omission", "error")]
    assert pair["notes"][-1] == ("the gate settings of pyproject.toml were taken from HEAD; the pull request's changes "
                                 "to them apply once merged (or pass --allow-config-changes)")
    r = run(["ci", "--allow-config-changes", "--base", "HEAD"], enc)  # the command line may allow it
    assert r.exit_code == 0, r.stdout + r.stderr
    assert ("note: the gate settings and baseline of the working tree were used (--allow-config-changes)"
            in r.stdout.splitlines())


def test_a_pull_request_cannot_make_its_pairs_match_nothing(repo):
    root, ar, en, enc = repo
    write(root, "content/en/a.txt", en[:2] + en[3:])
    (root / "pyproject.toml").write_text(PAIRS.format(extra="").replace("content/ar/*.txt", "nothing/*.txt"),
                                         encoding="utf-8")
    r = run(["ci", "--base", "HEAD"], enc)
    assert r.exit_code == 1, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1] == "total: FAILED: 1 pair checked, 1 failed; 1 error"


def test_a_pull_request_cannot_accept_its_own_findings_in_the_baseline(repo):
    root, ar, en, enc = repo
    write(root, "content/en/a.txt", en[:2] + en[3:])
    assert run(["baseline"], enc).exit_code == 0  # the pull request commits a baseline of its own findings
    r = run(["ci", "--base", "HEAD"], enc)
    assert r.exit_code == 1, r.stdout
    assert "note: the baseline .aligncheck-baseline.json does not exist at HEAD: not used (the pull request adds it)" \
        in r.stdout.splitlines()
    # a baseline the base revision has is used as it is there, whatever the pull request makes of it
    write(root, "content/en/a.txt", en)
    (root / ".aligncheck-baseline.json").unlink()
    assert run(["baseline"], enc).exit_code == 0  # main accepts nothing
    git(root, "add", "-A")
    git(root, "commit", "-qm", "empty baseline")
    write(root, "content/en/a.txt", en[:2] + en[3:])
    assert run(["baseline"], enc).exit_code == 0
    r = run(["ci", "--base", "HEAD"], enc)
    assert r.exit_code == 1, r.stdout
    assert ("note: the baseline .aligncheck-baseline.json was taken from HEAD; the pull request's changes to it apply "
            "once merged (or pass --allow-config-changes)") in r.stdout.splitlines()


# ------------------------------------------------------------------- 12. exit 2 or 3, never 123


@pytest.mark.parametrize("name, data, codec, message", [
    ("en.json", b'{"k": "hello \\ud800 there"}', None,
     "error: the value on {d}/en.json line 1 holds a lone surrogate U+D800 at offset 6, which is not a character; "
     "remove the \\u escape of half a character"),
    ("en.txt", b"hello +2AA- world.\n", "utf-7",
     "error: target file {d}/en.txt read as utf-7 holds a lone surrogate U+D800 at offset 6, which is not a "
     "character; check --encoding"),
    ("en.txt", b"hello \\ud800 world.\n", "raw_unicode_escape",
     "error: target file {d}/en.txt read as raw_unicode_escape holds a lone surrogate U+D800 at offset 6, which is "
     "not a character; check --encoding"),
    ("en.txt", b"hello world", "punycode",
     "error: target file {d}/en.txt is not valid punycode (decoding with 'punycode' codec failed (UnicodeError: "
     "Invalid extended code point ' ')); check --encoding"),
])
def test_lone_surrogates_and_odd_codecs_are_input_errors(tmp_path, name, data, codec, message):
    ext = name.rsplit(".", 1)[1]
    (tmp_path / f"ar.{ext}").write_text('{"k": "مرحبا هناك"}' if ext == "json" else "مرحبا هناك.\n", encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    args = ["check", tmp_path / f"ar.{ext}", tmp_path / name] + (["--target-encoding", codec] if codec else [])
    r = run(args, BagOfConceptsEncoder())
    assert r.exit_code == 3, r.stderr
    assert one_line_error(r) == message.format(d=tmp_path)


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe{}", "error: baseline {p} is not UTF-8; regenerate it with 'aligncheck baseline'"),
    (b"[" * 100_000, "error: baseline {p} is nested too deeply to be a baseline; regenerate it with "
                     "'aligncheck baseline'"),
    (b'{"version": true, "tool": "aligncheck", "findings": []}',
     "error: baseline {p} is not an aligncheck baseline (version 1); regenerate it with 'aligncheck baseline'"),
])
def test_a_hostile_baseline_is_a_configuration_error(tmp_path, content, message):
    ar, en, enc = make_parallel(3, seed=8)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "b.json").write_bytes(content)
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--baseline", tmp_path / "b.json"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == message.format(p=tmp_path / "b.json")


@pytest.mark.parametrize("row, message", [
    ('{"source_text": "\\ud800", "target_text": "x"}',
     "error: {m} line 1: 'source_text' holds a lone surrogate U+D800 at offset 0, which is not a character; remove "
     "the \\u escape of half a character"),
    ('{"a": ' * 100_000 + "1" + "}" * 100_000,
     "error: {m} line 1: nested too deeply for a manifest line (a flat JSON object)"),
])
def test_a_hostile_manifest_line_is_an_input_error(tmp_path, row, message):
    (tmp_path / "m.jsonl").write_text(row + "\n", encoding="utf-8")
    r = run(["batch", tmp_path / "m.jsonl", "-o", tmp_path / "out.jsonl"], BagOfConceptsEncoder())
    assert r.exit_code == 3
    assert one_line_error(r) == message.format(m=tmp_path / "m.jsonl")


@pytest.mark.parametrize("glob", [".", "***"])
def test_a_project_glob_pathlib_refuses_is_a_configuration_error(repo, glob):
    root, ar, en, enc = repo
    (root / "pyproject.toml").write_text(PAIRS.format(extra="").replace("content/ar/*.txt", glob), encoding="utf-8")
    r = run(["ci"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == (f"error: pairs entry 1 in {root / 'pyproject.toml'}: source glob {glob!r} is not a "
                                 "file pattern; give one such as content/ar/**/*.md")


def test_an_infinite_cache_size_is_a_configuration_error(tmp_path, monkeypatch):
    ar, en, enc = make_parallel(3, seed=8)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    monkeypatch.setenv("ALIGNCHECK_CACHE_MAX_MB", "inf")
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(tmp_path / "cache"))
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == "error: ALIGNCHECK_CACHE_MAX_MB must be a size in MiB such as 512, not 'inf'"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_stdout_on_a_full_device_is_an_input_error(tmp_path):
    # (a subprocess: it runs the installed package; checked by hand to exit 123 on the old code)
    ar, en, enc = make_parallel(3, seed=8)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    env = dict(os.environ, ALIGNCHECK_TEST_ENCODER="tests.fakes:BagOfConceptsEncoder", ALIGNCHECK_NO_PROGRESS="1",
               PYTHONPATH=os.getcwd())
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "aligncheck", "check", str(tmp_path / "ar.txt"),
                            str(tmp_path / "en.txt"), "--no-cache"], stdout=full, stderr=subprocess.PIPE, text=True,
                           env=env, timeout=120)
    assert p.returncode == 3, p.stderr
    assert p.stderr.strip().splitlines()[0] == ("error: cannot write the report to standard output: No space left on "
                                                "device")


# ------------------------------------------------------------------- 8, 10, 11. batch


@pytest.fixture()
def batch_dir(tmp_path):
    ar, en, enc = make_parallel(4, seed=9)
    d = tmp_path / "corpus"
    for name, lines in (("a.ar.txt", ar), ("a.en.txt", en), ("b.ar.txt", ar), ("b.en.txt", en[:2])):
        write(d, name, lines)
    return d, enc


def manifest(d, rows):
    (d / "m.tsv").write_text("id\tsource\ttarget\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return d / "m.tsv"


def test_batch_resume_refuses_a_line_whose_row_now_names_other_files(batch_dir):
    d, enc = batch_dir
    m = manifest(d, [("p1", "a.ar.txt", "a.en.txt")])
    assert run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc).exit_code == 0
    manifest(d, [("p1", "b.ar.txt", "b.en.txt")])  # same id, other files: the old result is not theirs
    r = run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == (
        f"error: {d / 'out.jsonl'} line 1 (id p1) checked {d / 'a.ar.txt'} <-> {d / 'a.en.txt'}, but the manifest row "
        f"now names {d / 'b.ar.txt'} <-> {d / 'b.en.txt'}; resume with the same manifest, or write to a new --output")


def test_batch_resume_refuses_lines_of_rows_no_longer_in_the_manifest(batch_dir):
    d, enc = batch_dir
    m = manifest(d, [("p1", "a.ar.txt", "a.en.txt"), ("p2", "b.ar.txt", "b.en.txt")])
    assert run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc).exit_code == 1
    manifest(d, [("p1", "a.ar.txt", "a.en.txt")])  # p2 (which failed) left out: its result must not linger
    r = run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == (
        f"error: {d / 'out.jsonl'} line 2 (id p2) is not in the manifest any more; resume with the same manifest, or "
        "write to a new --output")


@pytest.mark.parametrize("forge", ["no seal", "copied seal", "changed file"])
def test_batch_resume_refuses_a_forged_or_stale_result_line(batch_dir, forge):
    # second pass D5: a pull request commits results.jsonl at the -o path with a line that passes
    d, enc = batch_dir
    m = manifest(d, [("p2", "b.ar.txt", "b.en.txt")])
    out = d / "out.jsonl"
    assert run(["batch", m, "-o", out, "--segmentation", "lines"], enc).exit_code == 1  # b.en.txt drops 2 lines
    line = json.loads(out.read_text(encoding="utf-8"))
    seal = line.pop("seal")
    if forge == "changed file":  # an honest line, but the target changed since it was written
        write(d, "b.en.txt", ["Something else entirely."])
    else:
        line["summary"].update(passed=True, findings=0, counts={}, by_severity={"error": 0, "warning": 0, "info": 0})
        line["findings"] = []
        if forge == "copied seal":
            line["seal"] = seal
    if forge != "changed file":
        out.write_text(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    r = run(["batch", m, "-o", out, "--segmentation", "lines"], enc)
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert one_line_error(r) == (
        f"error: {out} line 1 (id p2) has no valid seal: it was not written by aligncheck on this machine for the "
        "files as they are now (changed since, or forged); write to a new --output, or delete it to start over")


def test_batch_resume_keeps_its_own_sealed_lines(batch_dir):
    d, enc = batch_dir
    m = manifest(d, [("p1", "a.ar.txt", "a.en.txt")])
    assert run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc).exit_code == 0
    manifest(d, [("p1", "a.ar.txt", "a.en.txt"), ("p2", "b.ar.txt", "b.en.txt")])
    r = run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc)
    assert r.exit_code == 1, r.stderr
    assert "(1 already in" in r.stdout


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../../../etc/passwd", "../outside.txt"])
def test_a_batch_manifest_cannot_read_files_outside_its_folder(batch_dir, path):
    d, enc = batch_dir
    (d.parent / "outside.txt").write_text("secret line\n", encoding="utf-8")
    m = manifest(d, [("p1", "a.ar.txt", path)])
    r = run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: {m} line 2: target {path!r} lies outside the manifest's folder {d}; a manifest names files below its "
        "own folder (pass --allow-outside-paths to trust it)")
    assert not (d / "out.jsonl").exists()


def test_the_batch_markdown_summary_escapes_ids(batch_dir):
    d, enc = batch_dir
    hostile = "<img src=x onerror=alert(1)> ![](http://evil.example/t.png) @admin [x](javascript:alert(1))"
    m = manifest(d, [(hostile, "b.ar.txt", "b.en.txt")])
    r = run(["batch", m, "-o", d / "out.jsonl", "--segmentation", "lines", "--summary-format", "markdown"], enc)
    assert r.exit_code == 1, r.stderr
    row = next(line for line in r.stdout.splitlines() if "img" in line)
    assert row == ("| &lt;img src=x onerror=alert(1)&gt; !&#91;&#93;(http&#58;//evil.example/t.png) @&#8203;admin "
                   "&#91;x&#93;(javascript&#58;alert(1)) | 2 | 0 | 2 | omission 2 |")


# ------------------------------------------------------------------- 7. deep Markdown


@pytest.mark.parametrize("kind, depth, line", [("list", 10, 10), ("list", 1000, 10), ("quote", 20, 39)])
def test_markdown_nested_deeper_than_the_parser_reads_is_refused_not_dropped(tmp_path, kind, depth, line):
    ar, en, enc = make_parallel(depth if depth < 50 else 50, seed=12)
    en = (en * 20)[:depth]
    ar = (ar * 20)[:depth]
    if kind == "list":
        src = "".join("  " * k + f"- {t}\n" for k, t in enumerate(ar))
        tgt = "".join("  " * k + f"- {t}\n" for k, t in enumerate(en[:1])) + "- extra item only in the target\n"
    else:
        src = "".join(">" * (k + 1) + f" {t}\n\n" for k, t in enumerate(ar))
        tgt = "> " + en[0] + "\n"
    (tmp_path / "ar.md").write_text(src, encoding="utf-8")
    (tmp_path / "en.md").write_text(tgt, encoding="utf-8")
    r = run(["check", tmp_path / "ar.md", tmp_path / "en.md"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: {tmp_path / 'ar.md'} line {line}: Markdown lists and block quotes nested this deep are beyond what the "
        "parser reads (at most 9 list or 19 quote levels); their text would go unchecked: flatten the nesting")


def test_markdown_nested_as_deep_as_the_parser_reads_is_checked_whole(tmp_path):
    ar, en, enc = make_parallel(9, seed=13)
    (tmp_path / "ar.md").write_text("".join("  " * k + f"- {t}\n" for k, t in enumerate(ar)), encoding="utf-8")
    (tmp_path / "en.md").write_text("".join("  " * k + f"- {t}\n" for k, t in enumerate(en)), encoding="utf-8")
    r = run(["check", tmp_path / "ar.md", tmp_path / "en.md", "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    assert [s["line"] for s in json.loads(r.stdout)["target"]["segments"]] == list(range(1, 10))


# ------------------------------------------------------------------- 9. size bound


def test_a_document_over_the_segment_bound_is_refused_before_it_is_aligned(tmp_path, monkeypatch):
    import aligncheck.documents

    monkeypatch.setattr(aligncheck.documents, "MAX_SEGMENTS", 50)  # 100,000 in use: bench/HOSTILE.md measures it
    ar, en, enc = make_parallel(51, seed=14)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en[:4]) + "\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--segmentation", "lines"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: source file {tmp_path / 'ar.txt'} has 51 segments, more than the 50 one check handles (time, memory "
        "and report size grow with them); split it into smaller documents")
    assert enc.calls == []  # nothing embedded


# ------------------------------------------------------------------- smaller items


def test_a_po_plural_entry_without_translation_is_an_empty_target(tmp_path):
    (tmp_path / "a.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "ملف واحد"\nmsgid_plural "ملفات عديدة"\n', encoding="utf-8")
    r = run(["check", tmp_path / "a.po", "--format", "json", "--source-lang", "ar", "--target-lang", "en"],
            BagOfConceptsEncoder())
    assert r.exit_code == 1, r.stderr
    report = json.loads(r.stdout)
    assert [(f["check"], f["src_units"]) for f in report["findings"]] == [("empty_target", ["ملف واحد[0]"])]


@pytest.mark.parametrize("ext, source", [
    ("json", '{"a": {"b": "مرحبا هناك"}, "a.b": "وداعا يا صديقي"}'),
    ("json", '{"k": "مرحبا هناك", "k": "وداعا يا صديقي"}'),
    ("yaml", 'a:\n  b: "مرحبا هناك"\na.b: "وداعا يا صديقي"\n'),
])
def test_colliding_catalog_keys_are_refused(tmp_path, ext, source):
    (tmp_path / f"ar.{ext}").write_text(source, encoding="utf-8")
    (tmp_path / f"en.{ext}").write_text('{"x": "hello"}' if ext == "json" else "x: hello\n", encoding="utf-8")
    r = run(["check", tmp_path / f"ar.{ext}", tmp_path / f"en.{ext}"], BagOfConceptsEncoder())
    assert r.exit_code == 3
    key = "k" if '"k"' in source else "a.b"
    line = 3 if ext == "yaml" else 1
    assert one_line_error(r) == (
        f"error: {tmp_path / f'ar.{ext}'} line {line}: the key {key!r} is already on line {line - 1 if ext == 'yaml' else 1} "
        "(a duplicate key, or a dotted key that equals a nested one); give each string one key")


def test_a_tsv_cell_starting_with_a_quote_does_not_swallow_the_rows_after_it(tmp_path):
    rows = [("ar", "en"), ("\"مرحبا هناك", "hello there"), ("وداعا يا صديقي", "goodbye my friend"),
            ("شكرا جزيلا لك", "")]
    (tmp_path / "t.tsv").write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    r = run(["check", tmp_path / "t.tsv", "--format", "json", "--fail-on", "never"], BagOfConceptsEncoder())
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    assert [s["text"] for s in report["source"]["segments"]] == ["\"مرحبا هناك", "وداعا يا صديقي", "شكرا جزيلا لك"]
    assert [f["check"] for f in report["findings"]].count("empty_target") == 1  # the last row is seen


def test_a_fifo_target_is_refused_not_waited_for(repo):
    root, ar, en, enc = repo
    (root / "content/en/a.txt").unlink()
    os.mkfifo(root / "content/en/a.txt")
    r = run(["ci"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == "error: target file content/en/a.txt is a named pipe (FIFO), not a text file"


def test_the_base_hint_quotes_the_revision_for_the_shell(repo):
    root, ar, en, enc = repo
    r = run(["ci", "--base", "x;touch pwned"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == ("error: --base 'x;touch pwned' is not a git revision here; fetch it first (e.g. git "
                                 "fetch origin 'x;touch pwned')")


def test_an_empty_model_name_is_a_configuration_error(tmp_path):
    (tmp_path / "ar.txt").write_text("مرحبا هناك.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Hello there.\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--model", ""])
    assert r.exit_code == 2
    assert one_line_error(r) == ("error: --model needs a hub id or a local folder, not an empty name; leave it out for "
                                 "the bundled model")


def test_the_default_baseline_is_not_read_through_a_symlink_out_of_the_repository(repo):
    root, ar, en, enc = repo
    outside = root.parent / "outside" / "b.json"
    outside.write_text('{"version": 1, "tool": "aligncheck", "findings": []}', encoding="utf-8")
    (root / ".aligncheck-baseline.json").symlink_to(outside)
    r = run(["ci"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == (
        f"error: baseline {root / '.aligncheck-baseline.json'} is a symlink to {outside}, outside the repository "
        f"{root}; aligncheck reads no baseline from outside the repository (replace the link by the file)")


def test_a_pull_request_cannot_shadow_the_project_file_with_a_new_one(repo):
    root, ar, en, enc = repo
    write(root, "content/en/a.txt", en[:2] + en[3:])
    # aligncheck.toml is found before pyproject.toml: a new one must not replace the base's gate
    (root / "aligncheck.toml").write_text('fail_on = "never"\n[[pairs]]\nsource = "content/ar/*.txt"\n'
                                          'target = "content/en/{name}"\n', encoding="utf-8")
    r = run(["ci", "--base", "HEAD"], enc)
    assert r.exit_code == 1, r.stdout + r.stderr
    assert ("note: the gate settings of pyproject.toml were taken from HEAD; the pull request's changes to them apply "
            "once merged (or pass --allow-config-changes)") in r.stdout.splitlines()
    (root / "aligncheck.toml").unlink()
    (root / "pyproject.toml").unlink()  # deleting the project file does not remove the gate either
    r = run(["ci", "--base", "HEAD"], enc)
    assert r.exit_code == 1, r.stdout + r.stderr
