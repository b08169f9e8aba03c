"""Memory and time of long and hostile inputs (not run in CI).

    python -m bench.hostile [--lines 10000,30000,100000] [--out bench/HOSTILE.md]

Each measurement runs ``aligncheck check ar.txt en.txt --format json -o report.json`` in a fresh
subprocess with a fast deterministic fake encoder (a bag of seeded word vectors, 256 dimensions,
as in ``tests/fakes.py``), so what is measured is aligncheck itself: reading, segmentation,
alignment, checks and the report, not the model. Peak memory is the child's maximum resident
set size (``getrusage``). Inputs:

* a parallel pair of N lines a side, one sentence a line, one line dropped from the English;
* a pair whose line 3 is 100,000 characters long (one sentence, cut for embedding);
* a pair whose only line is 100,000 characters of short sentences;
* pathological runs in one line that were quadratic before (timed in process, one call each):
  20,000 unclosed ``[`` in Markdown, 100,000 quote marks for the segmenter, 20,000 times for
  the numbers check, 40,000 unclosed quotes for the untranslated check, a 90,000-character run
  without ``@`` for the address pattern, and the SARIF report of 1,000 omissions. The unit tests
  check what these inputs give; their time is measured here, not asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """\
import atexit, functools, resource, sys
sys.path.insert(0, {root!r})
atexit.register(lambda: open({rss!r}, "w").write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))
from aligncheck.cli import main
from tests.fakes import BagOfConceptsEncoder, make_vocabulary

class Fast(BagOfConceptsEncoder):
    @functools.lru_cache(maxsize=None)
    def word_vector(self, word):
        return super().word_vector(word)

    def encode(self, texts):
        out = super().encode(texts)
        self.calls.clear()  # the fake keeps its calls for tests; not here
        return out

main(obj={{"encoder": Fast(dict(make_vocabulary(seed=0)))}})
"""


def make_pair(folder: Path, n: int) -> None:
    """``ar.txt`` / ``en.txt``: ``n`` parallel lines (English line n/2 dropped)."""
    sys.path.insert(0, str(ROOT))
    from tests.fakes import make_parallel, make_vocabulary

    ar, en, _ = make_parallel(n, seed=0, vocab=make_vocabulary(seed=0))
    (folder / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (folder / "en.txt").write_text("\n".join(en[: n // 2] + en[n // 2 + 1:]) + "\n", encoding="utf-8")


def make_long_line(folder: Path, many: bool) -> None:
    """A pair with a 100,000-character line: one sentence (``many`` false) or many."""
    from tests.fakes import make_parallel, make_vocabulary

    ar, en, _ = make_parallel(6, seed=0, vocab=make_vocabulary(seed=0))
    if many:
        (folder / "ar.txt").write_text(" ".join(ar * 300) + "\n", encoding="utf-8")
        (folder / "en.txt").write_text(" ".join(en * 300) + "\n", encoding="utf-8")
    else:
        ar[2] = " ".join([ar[2][:-1]] * 1400)
        en[2] = " ".join([en[2][:-1]] * 1600)
        (folder / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
        (folder / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")


def measure(folder: Path) -> dict:
    """Run the CLI on ``folder``'s pair; returns exit code, seconds, peak RSS (MiB), counts."""
    script = folder / "child.py"
    script.write_text(CHILD.format(root=str(ROOT), rss=str(folder / "rss.txt")), encoding="utf-8")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script), "check", str(folder / "ar.txt"), str(folder / "en.txt"),
                           "--format", "json", "-o", str(folder / "report.json"), "--no-cache"],
                          capture_output=True, text=True)
    took = time.perf_counter() - t0
    peak = int((folder / "rss.txt").read_text())  # KiB on Linux
    if proc.returncode not in (0, 1):
        raise SystemExit(f"aligncheck failed ({proc.returncode}): {proc.stderr.strip()}")
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    checks: dict[str, int] = {}
    for f in report["findings"]:
        checks[f["check"]] = checks.get(f["check"], 0) + 1
    return {
        "exit": proc.returncode, "seconds": took,
        "peak_mib": peak / 1024,
        "bytes": (folder / "ar.txt").stat().st_size + (folder / "en.txt").stat().st_size,
        "segments": (len(report["source"]["segments"]), len(report["target"]["segments"])),
        "findings": checks,
    }


def pathological() -> list[tuple[str, float]]:
    """Seconds of one call on each pathological run (see the module docstring)."""
    from aligncheck.checks.tokens import _tokens
    from aligncheck.checks.untranslated import _outside_quotes
    from aligncheck.formats.markdown import markdown_document
    from aligncheck.numbers import find_numbers
    from aligncheck.pipeline import check_documents
    from aligncheck.documents import make_document
    from aligncheck.report import render
    from aligncheck.segment import segment_text
    from tests.fakes import make_parallel

    ar, en, enc = make_parallel(3000, seed=8)
    src = make_document("\n".join(ar) + "\n", path="ar.txt", lang="ar")
    tgt = make_document("\n".join(en[:2000]) + "\n", path="en.txt", lang="en", role="target")
    result = check_documents(src, tgt, encoder=enc)
    cases = [
        ("Markdown line of 20,000 unclosed `[`",
         lambda: markdown_document("مرحبا بكم في الموقع. " + "[" * 20000 + " وشكرا.\n", path="ar.md", lang="ar")),
        *[(f"segmenting 100,000 {m!r} in one line",
           (lambda m=m: segment_text("قال الوزير إن العمل سيبدأ غدا. " + m * 100_000 + " وأضاف.", "ar")))
          for m in ("«", "`", "“", "'")],
        ("numbers: 20,000 times `5:30` in one line", lambda: find_numbers("الساعة 5:30 " * 20000)),
        ("untranslated: 40,000 unclosed `«`", lambda: _outside_quotes("He said " + "« x " * 40000 + "and left.")),
        ("tokens: a 90,000-character run without `@`", lambda: _tokens("ب " + "r.D" * 30000 + " info@example.org", True)),
        ("SARIF report of 1,000 omissions", lambda: render(result, "sarif")),
    ]
    rows = []
    for name, fn in cases:
        t0 = time.perf_counter()
        fn()
        rows.append((name, time.perf_counter() - t0))
        print(f"[hostile] {name}: {rows[-1][1]:.2f} s", file=sys.stderr, flush=True)
    return rows


def run_case(folder: Path, args: list[str]) -> dict:
    """Run the CLI (fast fake encoder) with ``args`` in ``folder``; exit code, seconds, peak RSS
    (MiB), the report's size (bytes, 0 when none) and the first line of stderr."""
    script = folder / "child.py"
    script.write_text(CHILD.format(root=str(ROOT), rss=str(folder / "rss.txt")), encoding="utf-8")
    report = folder / "report.json"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script), *args, "--format", "json", "-o", str(report), "--no-cache"],
                          capture_output=True, text=True, cwd=folder)
    took = time.perf_counter() - t0
    return {"exit": proc.returncode, "seconds": took, "peak_mib": int((folder / "rss.txt").read_text()) / 1024,
            "report": report.stat().st_size if report.exists() else 0,
            "stderr": (proc.stderr.strip().splitlines() or [""])[0]}


def size_cases(tmp: str) -> list[tuple[str, int, dict]]:
    """The size attacks of issue #14, each in a fresh subprocess: ``(name, input bytes, run)``.

    * 50 MB of Arabic sentences against a 4-line target (was 6 GB and a 378 MB report);
    * 100,000 lines (the :data:`~aligncheck.documents.MAX_SEGMENTS` bound) against 4 lines;
    * a 58 KB YAML catalog of aliases to one 30,000-character string (was 2 GB, a 440 MB report).
    """
    from tests.fakes import make_parallel, make_vocabulary

    out = []
    ar, en, _ = make_parallel(2000, seed=0, vocab=make_vocabulary(seed=0))
    for name, n in (("50 MB source against a 4-line target", None), ("100,000 lines against a 4-line target", 100_000)):
        folder = Path(tmp, name.split()[0] + "x")
        folder.mkdir()
        if n is None:
            block = "\n".join(ar) + "\n"
            reps = 50_000_000 // len(block.encode("utf-8")) + 1
            (folder / "ar.txt").write_text(block * reps, encoding="utf-8")
        else:
            (folder / "ar.txt").write_text("\n".join((ar * (n // len(ar) + 1))[:n]) + "\n", encoding="utf-8")
        (folder / "en.txt").write_text("\n".join(en[:4]) + "\n", encoding="utf-8")
        size = (folder / "ar.txt").stat().st_size + (folder / "en.txt").stat().st_size
        out.append((name, size, run_case(folder, ["check", "ar.txt", "en.txt", "--segmentation", "lines"])))
        print(f"[hostile] {name}: {out[-1]}", file=sys.stderr, flush=True)
    folder = Path(tmp, "yamlbomb")
    folder.mkdir()
    long = " ".join(en[:300])[:30_000]
    (folder / "ar.yaml").write_text(f'base: &a "{long}"\n' + "".join(f"k{k}: *a\n" for k in range(3000)),
                                    encoding="utf-8")
    (folder / "en.yaml").write_text("base: x\n", encoding="utf-8")
    size = (folder / "ar.yaml").stat().st_size
    out.append(("YAML catalog: 3,000 aliases to one 30,000-character string", size,
                run_case(folder, ["check", "ar.yaml", "en.yaml"])))
    print(f"[hostile] yaml: {out[-1]}", file=sys.stderr, flush=True)
    return out


def ci_cases(tmp: str, lines: int, counts: tuple[int, ...]) -> list[tuple[int, dict]]:
    """``aligncheck ci`` on a git repository of ``k`` pairs (for each ``k`` in ``counts``), each a
    source of ``lines`` lines against a 4-line target (issue #14's second pass, D6: memory across
    pairs); ``(k, run)`` with the run of :func:`run_case`."""
    from tests.fakes import make_parallel, make_vocabulary

    ar, en, _ = make_parallel(2000, seed=0, vocab=make_vocabulary(seed=0))
    out = []
    for k in counts:
        folder = Path(tmp, f"ci{k}")
        for n in range(k):
            src = (ar[n:] + ar[:n]) * (lines // len(ar) + 1)
            (folder / "ar").mkdir(parents=True, exist_ok=True)
            (folder / "en").mkdir(parents=True, exist_ok=True)
            (folder / "ar" / f"p{n}.txt").write_text("\n".join(src[:lines]) + "\n", encoding="utf-8")
            (folder / "en" / f"p{n}.txt").write_text("\n".join(en[n:n + 4]) + "\n", encoding="utf-8")
        (folder / "aligncheck.toml").write_text('segmentation = "lines"\n[[pairs]]\nsource = "ar/*.txt"\n'
                                                'target = "en/{name}"\n', encoding="utf-8")
        subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        out.append((k, run_case(folder, ["ci"])))
        print(f"[hostile] ci {k} pairs of {lines} lines: {out[-1][1]}", file=sys.stderr, flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and write the Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", default="10000,30000,100000")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "HOSTILE.md")
    ap.add_argument("--size-cases", action="store_true",
                    help="only the size attacks of issue #14: print their Markdown table (for bench/HOSTILE.md)")
    ap.add_argument("--ci-pairs", default="",
                    help="only aligncheck ci on this many pairs (comma list) of --ci-lines lines against 4: print a table")
    ap.add_argument("--ci-lines", type=int, default=20000)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.ci_pairs:
        with tempfile.TemporaryDirectory(prefix="aligncheck-hostile-") as tmp:
            rows = ci_cases(tmp, args.ci_lines, tuple(int(x) for x in args.ci_pairs.split(",")))
        print("| pairs | lines a pair | exit | seconds | peak RSS (MiB) | report bytes |")
        print("|---|---|---|---|---|---|")
        for k, m in rows:
            print(f"| {k} | {args.ci_lines:,} against 4 | {m['exit']} | {m['seconds']:.1f} | {m['peak_mib']:.0f} | "
                  f"{m['report']:,} |")
        return 0
    if args.size_cases:
        with tempfile.TemporaryDirectory(prefix="aligncheck-hostile-") as tmp:
            rows = size_cases(tmp)
        print("| input | input bytes | exit | seconds | peak RSS (MiB) | report bytes | message |")
        print("|---|---|---|---|---|---|---|")
        for name, size, m in rows:
            print(f"| {name} | {size:,} | {m['exit']} | {m['seconds']:.1f} | {m['peak_mib']:.0f} | {m['report']:,} | "
                  f"{m['stderr'].replace('|', '/')[:120]} |")
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="aligncheck-hostile-") as tmp:
        for name, build in (("100,000-character line, one sentence", lambda f: make_long_line(f, False)),
                            ("100,000-character line of short sentences", lambda f: make_long_line(f, True))):
            folder = Path(tmp, name.replace(" ", "_").replace(",", ""))
            folder.mkdir()
            build(folder)
            rows.append((name, measure(folder)))
            print(f"[hostile] {name}: {rows[-1][1]}", file=sys.stderr, flush=True)
        for n in (int(x) for x in args.lines.split(",")):
            folder = Path(tmp, f"lines{n}")
            folder.mkdir()
            make_pair(folder, n)
            rows.append((f"{n:,} lines a side, one dropped", measure(folder)))
            print(f"[hostile] {n} lines: {rows[-1][1]}", file=sys.stderr, flush=True)
    lines = [
        "# Long and hostile inputs: time and memory",
        "",
        f"`python -m bench.hostile` on {time.strftime('%Y-%m-%d', time.gmtime())} ({os.cpu_count()} CPUs, "
        "shared): the CLI in a subprocess with a fast fake encoder (aligncheck's own cost, not the model's). "
        "Peak RSS is the subprocess's maximum resident set size, Python and numpy included.",
        "",
        "| input | file bytes | segments | exit | findings | seconds | peak RSS (MiB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, m in rows:
        found = ", ".join(f"{k} {v}" for k, v in sorted(m["findings"].items())) or "none"
        lines.append(f"| {name} | {m['bytes']:,} | {m['segments'][0]:,} / {m['segments'][1]:,} | {m['exit']} | "
                     f"{found} | {m['seconds']:.1f} | {m['peak_mib']:.0f} |")
    lines += ["", "## Pathological runs in one line (in process, one call each)", "",
              "Each was quadratic before issue #7 (minutes); the unit tests check what they give.", "",
              "| input | seconds |", "|---|---|"]
    lines += [f"| {name} | {sec:.2f} |" for name, sec in pathological()]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"[hostile] written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
