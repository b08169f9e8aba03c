"""Release check: build the wheel and the sdist, install each in a clean venv, smoke-test it.

    python -m bench.package [--keep] [--out bench/PACKAGE.md]

Steps (``pip install build`` first):

1. ``python -m build --outdir DIST`` in a copy-free way (build's own isolated environment).
2. The sdist must hold the sources, tests, corpora the tests use, README, CHANGELOG and LICENSE;
   the wheel must hold the package data (JSON schemas, reference texts, ``py.typed``) and no
   tests or corpora.
3. For the wheel and for the sdist: a fresh venv (``python -m venv``, no system site-packages),
   ``pip install FILE`` (pip's configured index), then, from an empty folder outside the checkout:

   * ``aligncheck --version`` names ``aligncheck.__version__`` of the checkout;
   * ``aligncheck check ar.txt en.txt`` on a copy of the seed article exits 0 and says passed;
   * the same with English line 5 deleted exits 1 and names the omission at Arabic line 5;
   * ``--format sarif`` names the version as the tool's, and the JSON schema ships in the package;
   * ``import torch`` fails (a plain install brings no torch) and ``--model X`` exits 4 naming
     the ``st`` extra.
4. The GitHub Action's install step, ``action/install.sh``, into a third fresh venv.

Exit code 1 if any step fails. Writes a short Markdown record to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _version() -> str:
    text = (ROOT / "aligncheck" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def check_contents(wheel: Path, sdist: Path) -> list[str]:
    """Problems with what the two archives hold (empty list: none)."""
    problems = []
    names = zipfile.ZipFile(wheel).namelist()
    for need in ("aligncheck/schema/report-v1.json", "aligncheck/schema/ci-report-v1.json",
                 "aligncheck/data/reference.ar.txt", "aligncheck/py.typed", "aligncheck/cli/__init__.py"):
        if need not in names:
            problems.append(f"wheel lacks {need}")
    if any(n.startswith(("tests/", "corpora/", "bench/")) for n in names):
        problems.append("wheel holds tests, corpora or bench files")
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    for need in ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "aligncheck/cli/__init__.py",
                 "aligncheck/schema/report-v1.json", "tests/conftest.py", "corpora/seed/ar.txt", "action.yml"):
        if need not in members:
            problems.append(f"sdist lacks {need}")
    return problems


def smoke(artifact: Path, work: Path, version: str) -> list[str]:
    """Install ``artifact`` in a fresh venv under ``work`` and run the smoke test; problems found."""
    problems = []
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    exe = venv / "bin" / "aligncheck"
    t0 = time.perf_counter()
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(artifact)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    cwd = work / "empty"
    cwd.mkdir()
    shutil.copy(ROOT / "corpora/seed/ar.txt", cwd / "ar.txt")
    shutil.copy(ROOT / "corpora/seed/en.txt", cwd / "en.txt")
    en = (cwd / "en.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    (cwd / "en-missing.txt").write_text("".join(en[:4] + en[5:]), encoding="utf-8")

    def run(*args):
        return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=900)

    r = run("--version")
    if r.returncode != 0 or version not in r.stdout:
        problems.append(f"--version: {r.returncode} {r.stdout.strip()!r}")
    r = run("check", "ar.txt", "en.txt")
    if r.returncode != 0 or "passed" not in r.stdout:
        problems.append(f"seed check: exit {r.returncode}: {r.stdout[:200]!r} {r.stderr[:200]!r}")
    r = run("check", "ar.txt", "en-missing.txt", "--format", "json")
    if r.returncode != 1 or [(f["check"], f["src_lines"]) for f in json.loads(r.stdout)["findings"]] != [
            ("omission", [5])]:
        problems.append(f"faulty check: exit {r.returncode}: {r.stdout[:300]!r}")
    r = run("check", "ar.txt", "en.txt", "--format", "sarif")
    if r.returncode != 0 or json.loads(r.stdout)["runs"][0]["tool"]["driver"]["version"] != version:
        problems.append(f"sarif version: exit {r.returncode}")
    code = ("import importlib.resources as r, json; "
            "print(json.loads(r.files('aligncheck').joinpath('schema/report-v1.json').read_text())['$schema'])")
    if subprocess.run([str(py), "-c", code], cwd=cwd, capture_output=True).returncode != 0:
        problems.append("schema not readable from the installed package")
    if subprocess.run([str(py), "-c", "import torch"], cwd=cwd, capture_output=True).returncode == 0:
        problems.append("a plain install brought torch")
    r = run("check", "ar.txt", "en.txt", "--model", "sentence-transformers/LaBSE")
    if r.returncode != 4 or "aligncheck[st]" not in r.stderr:
        problems.append(f"--model without the st extra: exit {r.returncode}: {r.stderr.strip()!r}")
    print(f"{artifact.name}: installed in {seconds:.0f} s; problems: {problems or 'none'}", file=sys.stderr)
    return problems


def action_install(work: Path, version: str) -> list[str]:
    """The GitHub Action's install step (``action/install.sh``) into a fresh venv, as the runner
    does it (``GITHUB_ACTION_PATH`` = this checkout); problems found."""
    import os

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = dict(os.environ, GITHUB_ACTION_PATH=str(ROOT), PYTHON=str(venv / "bin" / "python"),
               PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    r = subprocess.run(["bash", str(ROOT / "action" / "install.sh")], env=env, capture_output=True, text=True,
                       timeout=1800)
    if r.returncode != 0 or version not in r.stdout:
        return [f"action/install.sh: exit {r.returncode}: {r.stdout[-300:]!r} {r.stderr[-300:]!r}"]
    if subprocess.run([str(venv / "bin" / "python"), "-c", "import torch"], capture_output=True).returncode == 0:
        return ["action/install.sh brought torch"]
    print(f"action/install.sh: installed {version}", file=sys.stderr)
    return []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--out", default=str(ROOT / "bench" / "PACKAGE.md"))
    args = ap.parse_args(argv)
    version = _version()
    tmp = Path(tempfile.mkdtemp(prefix="aligncheck-package-"))
    try:
        dist = tmp / "dist"
        subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], check=True,
                       stdout=subprocess.DEVNULL)
        wheel = next(dist.glob("aligncheck-*.whl"))
        sdist = next(dist.glob("aligncheck-*.tar.gz"))
        problems = [f"contents: {p}" for p in check_contents(wheel, sdist)]
        for artifact in (wheel, sdist):
            work = tmp / artifact.name
            work.mkdir()
            problems += [f"{artifact.name}: {p}" for p in smoke(artifact, work, version)]
        (tmp / "action").mkdir()
        problems += action_install(tmp / "action", version)
        lines = [
            "# Release check (`python -m bench.package`)", "",
            f"Built `{wheel.name}` ({wheel.stat().st_size / 1024:.0f} KiB) and `{sdist.name}` "
            f"({sdist.stat().st_size / 1024:.0f} KiB) with `python -m build`; each installed in a fresh venv and "
            "smoke-tested from an empty folder (version, the seed article passes, a dropped sentence is found, "
            "SARIF names the version, the schema ships, no torch, `--model` without the `st` extra is exit 4); "
            "the GitHub Action's install step (`action/install.sh`) installs the checkout into a fresh venv "
            "without torch.", "",
            "Result: " + ("**all passed**" if not problems else "**FAILED**: " + "; ".join(problems)), "",
        ]
        Path(args.out).write_text("\n".join(lines), encoding="utf-8")
        print("\n".join(problems) or "all passed", file=sys.stderr)
        return 1 if problems else 0
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
