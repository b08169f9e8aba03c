"""Helpers for tests that build a small git repository of translation files."""

from __future__ import annotations

import subprocess


def git(root, *args) -> str:
    """Run ``git ARGS`` in ``root`` with a fixed author and a clean environment; its stdout."""
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(root)}).stdout


def write(root, rel, lines) -> None:
    """Write ``lines`` (one a line, LF, UTF-8) to ``root/rel``, making its folders."""
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
