"""Mutation check: does the fast test suite notice when an advertised behaviour is removed?

Usage::

    python -m bench.mutations [--only NAME,NAME] [--list] [--out bench/MUTATIONS.md]

Each :class:`Mutation` names one behaviour the README advertises, finds the code that implements
it by a text **anchor** (a call, an assignment, a ``def`` line; it must occur exactly once in the
package, whichever module holds it, so the list survives modules being moved) and replaces it.
For every mutation, a copy of the repository (package, tests, corpora; not ``.git`` or caches) in
a temporary folder gets the mutated file, and the **fast suite** runs on it::

    python -m pytest -q -x -p no:cacheprovider -m "not integration and not slow" <its own test files>
    python -m pytest -q -x -p no:cacheprovider -m "not integration and not slow" tests/unit tests/cli

with ``PYTHONPATH`` pointing at the copy (checked: the copy's ``aligncheck`` is the one imported,
also by the CLI subprocesses the tests start). Its own test files run first, so a killed mutation
stops at its first failure within seconds; the whole fast suite runs when they pass, so a mutation
that *survives* has passed the whole fast suite. Before the mutations, the unmutated copy must pass
the whole fast suite (and every mutation's own test files).

A mutation **survives** when the suite passes; ``bench/MUTATIONS.md`` lists each one with the
first test that failed. No mutation of an advertised behaviour may survive (``--strict`` exits 1
when one does). Run it before claiming that a behaviour is tested.

When code moves (a refactor), a mutation whose anchor is no longer found, or found twice, is an
error naming it: update its anchor here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "aligncheck"
#: the fast suite (README / HELPERS: unit and CLI tests, no real model)
FAST_SUITE = ("tests/unit", "tests/cli")
MARKERS = "not integration and not slow"
#: copied into the temporary repository (everything the tests read)
COPY = ("aligncheck", "tests", "bench", "corpora", "docs", "pyproject.toml", "README.md", "LICENSE",
        ".pre-commit-hooks.yaml", "CHANGELOG.md", "MANIFEST.in", ".ci", "action", "action.yml", "conftest.py")
IGNORE = shutil.ignore_patterns("__pycache__", ".cache", "fuzz-failures", "*.egg-info", ".hypothesis", ".pytest_cache")


@dataclass(frozen=True)
class Mutation:
    """One removed or altered behaviour.

    Attributes:
        name: short id.
        behaviour: what the README advertises (quoted or paraphrased) that this breaks.
        anchor: exact text that occurs once in the package (``aligncheck/**/*.py``).
        replacement: what the anchor becomes (same indentation; valid Python).
        tests: the test files that pin the behaviour (run first; the whole fast suite follows).
    """

    name: str
    behaviour: str
    anchor: str
    replacement: str
    tests: tuple[str, ...] = ()


def _noop_check(check_id: str, fn: str, tests: tuple[str, ...], what: str) -> Mutation:
    """The check ``check_id`` returns no finding (``return []`` as its first statement)."""
    head = f"def {fn}(ctx: CheckContext) -> list[Finding]:"
    return Mutation(f"{check_id}-off", what, head, head + "\n    return []", tests)


PIPELINE_TESTS = ("tests/unit/test_pipeline_passes.py", "tests/unit/test_pipeline.py")

MUTATIONS: tuple[Mutation, ...] = (
    # ---- the passes after the DP (README "How it works" 4)
    Mutation("retest_beads-removed",
             "every 2-1 and 1-2 bead is re-tested with the embedding of the joined sentences; a sentence "
             "that adds nothing is split out and reported as an omission or addition",
             "beads = retest_beads(", "beads = (lambda beads, *_a, **_k: beads)(", PIPELINE_TESTS),
    Mutation("repair_skips_beside_merges-removed",
             "a merge that stole a skipped sentence's translation is undone (omission next to a 1-2 bead)",
             "beads = repair_skips_beside_merges(beads, pair_margin, repair_margin)",
             "pass", PIPELINE_TESTS),
    Mutation("realign_joined-removed",
             "documents with real m-n structure: the regions around the DP's m-n beads and skips are re-aligned "
             "with embeddings of the joined sentences (Bertalign's second step), finding 1-3, 3-1, 1-4 beads",
             "beads = realign_joined(", "beads = (lambda beads, *_a, **_k: beads)(",
             ("tests/unit/test_align_joined.py",)),
    Mutation("pair_lone_skips-removed",
             "a replaced sentence is one mismatch with both texts, not an omission plus an addition",
             "beads = pair_lone_skips(beads)", "pass", PIPELINE_TESTS),
    Mutation("resplit-off",
             "sentences mode: a sentence glued to its neighbour without final punctuation (an inserted or "
             "replacing headline) is split off when the other side does not express it, and reported",
             "src_cuts, tgt_cuts = chosen_cuts(cuts, params)", "src_cuts, tgt_cuts = {}, {}",
             ("tests/unit/test_resplit.py",)),
    Mutation("resplit_gain-x10",
             "the re-split needs a cosine gain of 0.04 from leaving the glued part out",
             "resplit_gain: float = 0.04", "resplit_gain: float = 0.4", ("tests/unit/test_resplit.py",)),
    # ---- findings post-passes
    Mutation("pair_moves-noop",
             "`moved`: an omission and an addition that translate each other are one moved finding",
             "findings = pair_moves(findings, ctx)", "findings = findings", PIPELINE_TESTS),
    Mutation("moved-always-warning",
             "`moved` is info when it moved past at most one segment (two neighbours swapped)",
             "severity = Severity.INFO if past <= 1 else Severity.WARNING", "severity = Severity.WARNING",
             PIPELINE_TESTS),
    Mutation("moved_past-counts-beads",
             "`moved` says how many segments the sentence moved past (a neighbour swap: 1), not beads",
             "past = moved_past(ctx.alignment, i, j)",
             "past = abs(next(k for k, b in enumerate(ctx.alignment.beads) if i in b.src)"
             " - next(k for k, b in enumerate(ctx.alignment.beads) if j in b.tgt))",
             PIPELINE_TESTS),
    Mutation("find_duplicates-noop",
             "`duplicate`: a target sentence repeated where the source says it once (replaces the addition)",
             "findings = find_duplicates(findings, ctx)", "findings = findings",
             ("tests/unit/test_pipeline_passes.py", "tests/unit/test_duplicate.py")),
    Mutation("duplicate-short-lines",
             "`duplicate` does not flag short repeated headings",
             "MIN_DUPLICATE_CHARS = 12", "MIN_DUPLICATE_CHARS = 0", ("tests/unit/test_duplicate.py",)),
    # ---- mismatch: warning or error
    Mutation("mismatch-loose-false",
             "`mismatch` is a warning when the pair is still each other's best match (a loose translation)",
             "loose = len(bead.src) == 1 and len(bead.tgt) == 1 and mutual_best(ctx, bead.src[0], bead.tgt[0])",
             "loose = False", PIPELINE_TESTS),
    Mutation("mismatch-loose-true",
             "`mismatch` is an error when the pair is not each other's best match",
             "loose = len(bead.src) == 1 and len(bead.tgt) == 1 and mutual_best(ctx, bead.src[0], bead.tgt[0])",
             "loose = True", PIPELINE_TESTS),
    Mutation("mismatch_margin-x0.1",
             "`mismatch`: an aligned pair whose margin is below 0.2",
             "mismatch_margin: float = 0.2\n    partial_ratio", "mismatch_margin: float = 0.02\n    partial_ratio",
             ("tests/unit/test_pipeline.py", "tests/unit/test_pipeline_passes.py")),
    # ---- thresholds
    Mutation("partial_gain-x10",
             "`partial_omission`: the source without one clause matches the target better (gain 0.002)",
             "partial_gain: float = 0.002", "partial_gain: float = 0.02",
             ("tests/unit/test_pipeline_passes.py", "tests/unit/test_partial.py")),
    Mutation("partial_gain-x0.1",
             "`partial_omission` gain threshold 0.002 (a smaller one flags faithful pairs)",
             "partial_gain: float = 0.002", "partial_gain: float = 0.0002",
             ("tests/unit/test_pipeline_passes.py", "tests/unit/test_partial.py")),
    Mutation("partial_ratio-1",
             "`partial_omission`: only a target shorter than 0.7 of the expected length",
             "partial_ratio: float = 0.7", "partial_ratio: float = 1.0",
             ("tests/unit/test_pipeline_passes.py", "tests/unit/test_partial.py")),
    Mutation("moved_margin-x10",
             "`moved`: the omission and addition translate each other (margin 0.3)",
             "moved_margin: float = 0.3", "moved_margin: float = 3.0", PIPELINE_TESTS),
    Mutation("split_gain_src-x10",
             "the re-test splits a 2-1 bead whose joined text matches worse (-0.01)",
             "split_gain_src: float = -0.01", "split_gain_src: float = -0.1", PIPELINE_TESTS),
    Mutation("split_gain_tgt-x10",
             "the re-test splits a 1-2 bead whose joined text matches worse (-0.03)",
             "split_gain_tgt: float = -0.03", "split_gain_tgt: float = -0.3", PIPELINE_TESTS),
    # ---- the alignment (README "How it works" 4)
    Mutation("centring-off",
             "the bead cost is computed on document-centred embeddings",
             "out = _unit((rows - mean).astype(np.float32))[inverse]",
             "out = _unit(rows.copy())[inverse]", ("tests/unit/test_align.py", "tests/unit/test_pipeline.py")),
    Mutation("length-term-off",
             "a length term against the document's own character ratio, so a dropped sentence cannot hide in a 2-1 bead",
             "length_weight: float = 0.5", "length_weight: float = 0.0",
             ("tests/unit/test_align.py", "tests/unit/test_pipeline.py", "tests/unit/test_pipeline_passes.py")),
    Mutation("paragraph-term-off",
             "multi-sentence beads that cross a line boundary cost more (paragraphs guide the alignment)",
             "paragraph_weight: float = 0.5", "paragraph_weight: float = 0.0",
             ("tests/unit/test_align.py", "tests/unit/test_pipeline.py")),
    # ---- every check of the Findings table
    _noop_check("omission", "check_omission", ("tests/unit/test_pipeline.py",), "`omission`: a source sentence with no counterpart"),
    _noop_check("addition", "check_addition", ("tests/unit/test_pipeline.py",), "`addition`: a translated sentence with no source"),
    _noop_check("mismatch", "check_mismatch", PIPELINE_TESTS, "`mismatch`: an aligned pair that does not say the same thing"),
    _noop_check("untranslated", "check_untranslated", ("tests/unit/test_untranslated.py",), "`untranslated`: a target sentence left in the source language"),
    _noop_check("numbers", "check_numbers", ("tests/unit/test_numbers.py",), "`numbers`: an aligned pair whose numbers differ"),
    _noop_check("partial_omission", "check_partial_omission", ("tests/unit/test_partial.py",), "`partial_omission`: a target that leaves out a clause"),
    _noop_check("tokens", "check_tokens", ("tests/unit/test_tokens.py",), "`tokens`: URLs, e-mails, hashtags, Latin names on one side only"),
    _noop_check("negation", "check_negation", ("tests/unit/test_negation.py",), "`negation`: one side negated, the other not"),
    _noop_check("long_segment", "check_long_segment", ("tests/unit/test_pipeline.py",), "`long_segment`: a segment longer than 2,000 characters"),
    # ---- precision on real translators' paragraphs (issue #12, WMT24++)
    Mutation("unit-conversions-off",
             "`numbers`: a quantity the other side states in another unit (150 feet / 45 متر) is not a difference",
             "return abs(x - y) <= RELATIVE_TOLERANCE * max(x, y)", "return False",
             ("tests/unit/test_conversions.py",)),
    Mutation("minor-skips-off",
             "a short sentence (at most 2 words, no number) without counterpart inside an aligned paragraph is a note",
             "findings = minor_skips(findings, ctx)", "findings = findings",
             ("tests/unit/test_minor.py",)),
    Mutation("split-translations-off",
             "a `partial_omission` whose missing clause is the `addition` next to it is one split translation (notes)",
             "findings = split_translations(findings, ctx)", "findings = findings",
             ("tests/unit/test_split_translation.py",)),
    Mutation("split-sources-off",
             "an `omission` that the long neighbouring translation also says (a target sentence for two source sentences) is a note",
             "findings = split_sources(findings, ctx)", "findings = findings", ("tests/unit/test_split_translation.py",)),
    Mutation("split-sources-no-length",
             "... only when that translation is at least 1.3 times as long as its own source predicts",
             "if rel < LONG_TARGET_RATIO:", "if False:", ("tests/unit/test_split_translation.py",)),
    Mutation("split-translations-always",
             "an addition whose text does not match the clause the neighbouring pair leaves out stays an error",
             "if float(c @ vectors[row[added]]) > float(c @ vectors[row[own]]):", "if True:",
             ("tests/unit/test_split_translation.py",)),
    Mutation("minor-skips-everywhere",
             "a skipped sentence alone in its paragraph, longer, or with a number stays an error",
             "return any(s.paragraph == seg.paragraph and s.index != k and s.index in aligned for s in doc.segments)",
             "return True", ("tests/unit/test_minor.py",)),
    Mutation("tokens-accents-kept",
             "`tokens`: an accent dropped from a name (Scannál / Scannal) is not a missing token",
             'return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))',
             "return text.lower()", ("tests/unit/test_tokens.py",)),
    Mutation("tokens-hashtags-translated-off",
             "`tokens`: hashtags translated one for one into the other script are not lost",
             "if translated_hashtags(missing, extra):", "if False:", ("tests/unit/test_tokens.py",)),
    Mutation("short-pair-note-off",
             "`mismatch`: in documents a short pair (at most 6 words) with margin >= 0.15 is a note",
             "note = short_note and bead.margin >= SHORT_PAIR_MARGIN and short_pair(ctx, bead)", "note = False",
             ("tests/unit/test_short_pairs.py",)),
    Mutation("short-pair-note-always",
             "`mismatch`: a short pair far below the margin, or a long pair, is still a mismatch",
             "note = short_note and bead.margin >= SHORT_PAIR_MARGIN and short_pair(ctx, bead)", "note = True",
             ("tests/unit/test_short_pairs.py",)),
    _noop_check("partial_addition", "check_partial_addition", ("tests/unit/test_partial_addition.py",),
                "`partial_addition`: a target that adds a clause or a sentence (issue #14, A8)"),
    _noop_check("branch_mismatch", "check_branch_mismatch", ("tests/unit/test_icu_branches.py",),
                "`branch_mismatch`: an ICU branch that left its source's meaning (issue #14, A8)"),
    Mutation("render_icu-tokens-off",
             "ICU keywords of an Arabic source (zero, few, many) are no Latin-script tokens",
             "s_text, t_text = render_icu(s_text), render_icu(t_text)  # ICU keywords (few, many) are no words",
             "pass", ("tests/unit/test_icu_branches.py",)),
    Mutation("unrelated_documents-off",
             "`unrelated_documents`: the target is not a translation of the source at all",
             "unrelated = unrelated_finding(ctx)", "unrelated = None", ("tests/unit/test_unrelated.py",)),
)


class AnchorError(Exception):
    """A mutation's anchor is missing from the package or occurs more than once."""


def locate(root: Path, anchor: str) -> tuple[Path, int]:
    """The package file holding ``anchor`` (once) and its 1-based line.

    Raises:
        AnchorError: found nowhere or more than once.
    """
    hits = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        n = text.count(anchor)
        if n:
            hits.extend([path] * n)
    if len(hits) != 1:
        where = ", ".join(str(p.relative_to(root)) for p in hits) or "nowhere"
        raise AnchorError(f"anchor {anchor!r} found {len(hits)} times ({where}); update bench/mutations.py")
    text = hits[0].read_text(encoding="utf-8")
    return hits[0], text[: text.index(anchor)].count("\n") + 1


def copy_repository(dest: Path) -> None:
    """Copy what the tests need (:data:`COPY`) from :data:`ROOT` into ``dest``."""
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=IGNORE)
        elif src.exists():
            shutil.copy2(src, dest / name)


def suite_command(paths: tuple[str, ...]) -> list[str]:
    """The pytest command over ``paths`` (fast-suite markers, stop at the first failure)."""
    return [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", MARKERS, *paths]


def _pytest(copy: Path, paths: tuple[str, ...], timeout: float) -> tuple[bool, str]:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run(suite_command(paths), cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {timeout:.0f} s"
    out = proc.stdout + proc.stderr
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", out, flags=re.M)
    last = [line for line in out.strip().splitlines() if line.strip()][-1:] or ["(no output)"]
    return proc.returncode == 0, failed[0] if failed else last[0]


def run_suite(copy: Path, tests: tuple[str, ...], timeout: float) -> tuple[bool, str, float]:
    """The mutation's own test files, then (when they pass) the whole fast suite, in ``copy``:
    ``(passed, first failing test or the summary line, seconds)``. Passing means the whole fast
    suite passed."""
    t0 = time.perf_counter()
    if tests:
        ok, by = _pytest(copy, tests, timeout)
        if not ok:
            return False, by, time.perf_counter() - t0
    ok, by = _pytest(copy, FAST_SUITE, timeout)
    return ok, by, time.perf_counter() - t0


def check_isolation(copy: Path) -> None:
    """Make sure the copy's package is the one imported (not the editable install).

    Raises:
        RuntimeError: another ``aligncheck`` is imported.
    """
    env = dict(os.environ, PYTHONPATH=str(copy))
    got = subprocess.run([sys.executable, "-c", "import aligncheck; print(aligncheck.__file__)"], cwd=copy, env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    if not Path(got).resolve().is_relative_to(copy.resolve()):
        raise RuntimeError(f"the copy's package is not the one imported ({got}); cannot test mutations")


def run(mutations, *, timeout: float = 1800.0, log=print) -> list[dict]:
    """Apply each mutation to a fresh copy of the package and run the fast suite.

    Returns:
        one dict per mutation: ``name``, ``behaviour``, ``where`` (``path:line``), ``killed``
        (bool), ``by`` (the first failing test, or the suite's summary line), ``seconds``; the
        first entry is the unmutated baseline (``name`` ``"(none)"``; it must pass).

    Raises:
        AnchorError: an anchor is not found exactly once.
        RuntimeError: the unmutated copy fails the suite, or the copy is not what is imported.
    """
    for m in mutations:
        locate(ROOT, m.anchor)
    rows = []
    with tempfile.TemporaryDirectory(prefix="aligncheck-mutations-") as tmp:
        copy = Path(tmp) / "repo"
        copy.mkdir()
        copy_repository(copy)
        check_isolation(copy)
        ok, by, sec = run_suite(copy, tuple(dict.fromkeys(t for m in mutations for t in m.tests)), timeout)
        log(f"baseline (no mutation): {'passes' if ok else 'FAILS: ' + by} ({sec:.0f} s)")
        if not ok:
            raise RuntimeError(f"the unmutated copy fails the fast suite ({by}); fix that first")
        rows.append({"name": "(none)", "behaviour": "the code as it is", "where": "", "killed": False,
                     "by": by, "seconds": sec})
        for m in mutations:
            path, line = locate(copy, m.anchor)
            original = path.read_text(encoding="utf-8")
            path.write_text(original.replace(m.anchor, m.replacement), encoding="utf-8")
            try:
                ok, by, sec = run_suite(copy, m.tests, timeout)
            finally:
                path.write_text(original, encoding="utf-8")
            where = f"{path.relative_to(copy)}:{line}"
            log(f"{m.name}: {'SURVIVED' if ok else 'killed by ' + by} ({sec:.0f} s)")
            rows.append({"name": m.name, "behaviour": m.behaviour, "where": where, "killed": not ok, "by": by,
                         "seconds": sec, "anchor": m.anchor, "replacement": m.replacement})
    return rows


def render(rows: list[dict], commit: str, command: str) -> str:
    """``bench/MUTATIONS.md``."""
    muts = rows[1:]
    survived = [r for r in muts if not r["killed"]]
    L = [
        "# Mutation check",
        "",
        f"Generated by `{command}` at commit `{commit}`; do not edit by hand.",
        "",
        "Each mutation removes or alters one behaviour the README advertises, in a copy of the",
        "repository; then the mutation's own test files run on the copy and, when they pass, the whole fast",
        "suite (`-m \"" + MARKERS + "\" tests/unit tests/cli`, `-x`). *killed*: a test failed (the first one is named);",
        "*survived*: the whole fast suite passed, so nothing pins that behaviour.",
        "",
        f"Unmutated copy: {rows[0]['by']} ({rows[0]['seconds']:.0f} s). "
        f"**{len(muts) - len(survived)} of {len(muts)} mutations killed, {len(survived)} survived.**",
        "",
        "| mutation | behaviour (README) | where | change | result |",
        "|---|---|---|---|---|",
    ]
    for r in muts:
        change = f"`{r['anchor'][:60]}` → `{r['replacement'][:40]}`".replace("|", "\\|").replace("\n", "⏎")
        result = f"killed by `{r['by']}`" if r["killed"] else "**SURVIVED**"
        L.append(f"| {r['name']} | {r['behaviour']} | `{r['where']}` | {change} | {result} ({r['seconds']:.0f} s) |")
    L.append("")
    return "\n".join(L)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.mutations", description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated mutation names")
    ap.add_argument("--list", action="store_true", help="list the mutations and where their anchors are")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "MUTATIONS.md")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a mutation survives")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per suite run")
    args = ap.parse_args(argv)
    chosen = list(MUTATIONS)
    if args.only:
        names = set(args.only.split(","))
        unknown = names - {m.name for m in MUTATIONS}
        if unknown:
            print(f"error: unknown mutation(s) {sorted(unknown)}", file=sys.stderr)
            return 2
        chosen = [m for m in MUTATIONS if m.name in names]
    try:
        if args.list:
            for m in chosen:
                path, line = locate(ROOT, m.anchor)
                print(f"{m.name}\t{path.relative_to(ROOT)}:{line}")
            return 0
        rows = run(chosen, timeout=args.timeout, log=lambda s: print(s, file=sys.stderr, flush=True))
    except (AnchorError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "unknown"
    command = "python -m bench.mutations" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    if not args.only:
        args.out.write_text(render(rows, commit, command.strip()), encoding="utf-8")
    else:
        print(render(rows, commit, command.strip()))
    return 1 if args.strict and any(not r["killed"] for r in rows[1:]) else 0


if __name__ == "__main__":
    sys.exit(main())
