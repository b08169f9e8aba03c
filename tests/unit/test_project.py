"""Project configuration files, pair resolution, overrides and changed files in git."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest

from aligncheck.config import Config
from aligncheck.errors import ConfigError
from aligncheck.project import (
    Pair,
    PairPattern,
    changed_files,
    find_project_file,
    glob_prefix,
    load_project,
    target_for,
)

PYPROJECT = """
[project]
name = "site"

[tool.aligncheck]
source_lang = "ar"
target_lang = "en"
fail_on = "warning"
max-bead = 3

[[tool.aligncheck.pairs]]
source = "content/ar/**/*.md"
target = "content/en/{relpath}"

[[tool.aligncheck.overrides]]
paths = "content/*/legal/**"
mismatch_margin = 0.1
"""


def tree(root, files):
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def test_pyproject_table_pairs_and_overrides(tmp_path):
    tree(tmp_path, {"pyproject.toml": PYPROJECT, "content/ar/a.md": "x", "content/ar/news/b.md": "x",
                    "content/ar/legal/terms.md": "x", "content/ar/notes.txt": "x", "content/en/a.md": "x"})
    project = load_project(start=tmp_path / "content" / "ar")  # found walking up
    assert project.path == (tmp_path / "pyproject.toml").resolve()
    cfg = project.config()
    assert (cfg.source_lang, cfg.fail_on, cfg.max_bead, cfg.mismatch_margin) == ("ar", "warning", 3, 0.2)
    assert project.resolve_pairs() == [
        Pair("content/ar/a.md", "content/en/a.md"),
        Pair("content/ar/legal/terms.md", "content/en/legal/terms.md"),
        Pair("content/ar/news/b.md", "content/en/news/b.md"),
    ]
    assert project.config(for_paths=("content/ar/legal/terms.md",)).mismatch_margin == 0.1
    assert project.config(for_paths=("content/en/legal/terms.md",)).mismatch_margin == 0.1
    assert project.config(for_paths=("content/ar/news/b.md",)).mismatch_margin == 0.2


def test_aligncheck_toml_wins_and_takes_top_level_keys(tmp_path):
    tree(tmp_path, {"pyproject.toml": PYPROJECT, "aligncheck.toml": 'fail_on = "never"\n[[pairs]]\nsource = "ar/*.txt"\n'
                    'target = "en/{stem}.en{suffix}"\n', "ar/x.txt": "x"})
    project = load_project(start=tmp_path)
    assert project.path.name == "aligncheck.toml"
    assert project.config().fail_on == "never"
    assert project.resolve_pairs() == [Pair("ar/x.txt", "en/x.en.txt")]


def test_no_file_means_defaults_and_the_walk_stops_at_the_repository_root(tmp_path):
    tree(tmp_path, {"pyproject.toml": PYPROJECT, "repo/.git/HEAD": "x", "repo/sub/f.txt": "x"})
    assert find_project_file(tmp_path / "repo" / "sub") is None
    project = load_project(start=tmp_path / "repo" / "sub")
    assert project.path is None and project.pairs == () and project.config().fail_on == "error"
    tree(tmp_path, {"repo/pyproject.toml": "[project]\nname='x'\n"})  # no [tool.aligncheck]: not ours
    assert find_project_file(tmp_path / "repo" / "sub") is None


@pytest.mark.parametrize("body, message", [
    ('colour = "red"', "unknown configuration key 'colour' in .*pyproject.toml"),
    ('max_bead = "2"', "max_bead in .* must be an integer"),
    ("fail_on = true", "fail_on in .* must be a string"),
    ("trust_remote_code = true", "trust_remote_code cannot be set in .*pyproject.toml: a project file may come from a pull request; pass --trust-remote-code"),
    ('fail_on = "sometimes"', "fail_on must be one of"),
    ('pairs = "x"', "pairs in .* must be a list"),
    ('[[tool.aligncheck.pairs]]\nsource = "a/*"\n', "needs a source glob and a target template"),
    ('[[tool.aligncheck.pairs]]\nsource = "a/*"\ntarget = "b/{rel}"\n', "target template 'b/{rel}' is invalid"),
    ('[[tool.aligncheck.pairs]]\nsource = "a/*"\ntarget = "b/{relpath}"\nlang = "x"\n', "unknown key 'lang' in pairs"),
    ('[[tool.aligncheck.overrides]]\nmax_bead = 1\n', "must be a table with paths"),
    ('[[tool.aligncheck.overrides]]\npaths = "x"\nbeads = 1\n', r"unknown configuration key 'beads' \(overrides entry 1\)"),
    ('[[tool.aligncheck.overrides]]\npaths = "x"\nmax_bead = 9\n', "max_bead must be 1, 2 or 3"),
])
def test_bad_files_are_config_errors_naming_the_file(tmp_path, body, message):
    tree(tmp_path, {"pyproject.toml": "[tool.aligncheck]\n" + body + "\n"})
    with pytest.raises(ConfigError, match=message):
        load_project(start=tmp_path)


def test_invalid_toml_and_missing_file(tmp_path):
    tree(tmp_path, {"pyproject.toml": "[tool.aligncheck\n"})
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_project(start=tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_project(tmp_path / "nope.toml")


def test_relpath_is_the_part_below_the_fixed_prefix():
    assert glob_prefix("content/ar/**/*.md") == "content/ar"
    assert glob_prefix("*.md") == ""
    assert glob_prefix("docs/ar-*/x/*.md") == "docs"
    spec = PairPattern("content/ar/**/*.md", "content/en/{relpath}")
    assert target_for(spec, "content/ar/news/2024/a.md") == "content/en/news/2024/a.md"
    assert target_for(PairPattern("*.ar.md", "{stem}.en.md"), "page.ar.md") == "page.ar.en.md"


# ---------------------------------------------------------------------------- git


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(root)})


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_changed_files_since_a_revision(tmp_path):
    repo = tmp_path / "repo"
    tree(repo, {"site/a.md": "1", "site/b.md": "1", "site/c.md": "1", "other.md": "1", ".gitignore": "*.log\n"})
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    tree(repo, {"site/a.md": "2", "site/new.md": "n", "site/x.log": "ignored", "other.md": "2"})
    git(repo, "add", "site/a.md")  # staged change
    (repo / "site" / "c.md").unlink()
    # a file outside the folder keeps its ".." path: pairs may name ../content/... (attack19 A12)
    assert changed_files(repo / "site", "HEAD") == {"a.md", "c.md", "new.md", "../other.md"}
    assert changed_files(repo, "HEAD") == {"site/a.md", "site/c.md", "site/new.md", "other.md"}
    with pytest.raises(ConfigError, match="not a git revision"):
        changed_files(repo, "no-such-branch")
    assert changed_files(tmp_path, "HEAD") is None  # not a repository


def test_structured_keys_are_validated_by_config(tmp_path):
    tree(tmp_path, {"pyproject.toml": '[tool.aligncheck]\ndisable = ["tokens"]\nseverity = {negation = "warning"}\n'})
    cfg = load_project(start=tmp_path).config()
    assert cfg.disable == ("tokens",) and dict(cfg.severity) == {"negation": "warning"}
    tree(tmp_path, {"pyproject.toml": '[tool.aligncheck]\ndisable = ["no_such_check"]\n'})
    with pytest.raises(ConfigError, match="no_such_check"):
        load_project(start=tmp_path)
