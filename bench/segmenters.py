"""Compare sentence splitters for aligncheck.segment and write bench/SEGMENTERS.md.

Usage::

    python bench/segmenters.py [--corpora /work/shared/corpora] [--seed FILE] [--out bench/SEGMENTERS.md]

Every splitter runs under the same line handling as ``aligncheck.segment.segment_text``
(line breaks are hard boundaries, whitespace stripped), raw and followed by our post-pass.

Metrics (gold corpora have one gold segment per line, AR line i <-> EN line i):

* ``agree``: share of gold line pairs whose AR and EN sentence counts are equal (higher is better);
* ``over-split``: share of gold lines (AR and EN pooled) split into more than one sentence;
* ``seed``: paragraphs of the seed article whose AR and EN sentence counts are equal (/13);
* ``rules``: cases of ``RULE_CASES`` in tests/unit/test_segment.py segmented exactly as expected;
* ``speed``: gold lines per second (AR+EN, one thread, after a warm-up call).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligncheck.segment import BACKENDS as _LIBRARY_BACKENDS, _pieces_to_cuts, _segment  # noqa: E402

_PYSBD: dict = {}


def _split_pysbd(line: str, lang: str) -> list[int]:
    import pysbd

    if lang not in _PYSBD:
        try:
            _PYSBD[lang] = pysbd.Segmenter(language=lang, clean=False)
        except (ValueError, KeyError):
            _PYSBD[lang] = pysbd.Segmenter(language="en", clean=False)
    return _pieces_to_cuts(line, _PYSBD[lang].segment(line))


def _split_blingfire(line: str, lang: str) -> list[int]:
    import blingfire

    return _pieces_to_cuts(line, blingfire.text_to_sentences(line).split("\n"))


def _split_icu(line: str, lang: str) -> list[int]:
    import icu

    bi = icu.BreakIterator.createSentenceInstance(icu.Locale(lang))
    ustr = icu.UnicodeString(line)
    bi.setText(ustr)
    ends = list(bi)
    pieces = []
    prev = 0
    for e in ends:
        pieces.append(str(ustr[prev:e]))
        prev = e
    return _pieces_to_cuts(line, pieces)


#: every splitter compared: the library's (sentencex) and the others, benchmark only
BACKENDS = {**_LIBRARY_BACKENDS, "pysbd": _split_pysbd, "blingfire": _split_blingfire, "icu": _split_icu}

LIBS = {"sentencex": "sentencex", "pysbd": "pysbd", "blingfire": "blingfire", "icu": "PyICU"}
LICENCES = {"sentencex": "MIT", "pysbd": "MIT", "blingfire": "MIT", "icu": "MIT (PyICU) + Unicode/ICU licence"}


def load_rule_cases():
    spec = importlib.util.spec_from_file_location("_t", ROOT / "tests/unit/test_segment.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.RULE_CASES


def load_pairs(folder: Path):
    pairs = []
    for d in sorted(p for p in folder.iterdir() if (p / "ar.txt").exists()):
        ar = (d / "ar.txt").read_text(encoding="utf-8").splitlines()
        en = (d / "en.txt").read_text(encoding="utf-8").splitlines()
        assert len(ar) == len(en), d
        pairs += [(a, e) for a, e in zip(ar, en) if a.strip() and e.strip()]
    return pairs


def count(split, post, line, lang):
    return len(_segment(line, lang, "sentences", split, post=post))


def measure(name, post, corpora, seed_ar, seed_en, rules):
    split = BACKENDS[name]
    count(split, post, "Warm up. Now.", "ar")
    count(split, post, "Warm up. Now.", "en")
    row = {}
    n_lines = 0
    t = 0.0
    over = total = 0
    for cname, pairs in corpora.items():
        agree = 0
        t0 = time.perf_counter()
        for a, e in pairs:
            na, ne = count(split, post, a, "ar"), count(split, post, e, "en")
            agree += na == ne
            over += (na > 1) + (ne > 1)
            total += 2
        t += time.perf_counter() - t0
        n_lines += 2 * len(pairs)
        row[cname] = agree / len(pairs)
    row["over"] = over / total
    row["seed"] = sum(
        count(split, post, a, "ar") == count(split, post, e, "en") for a, e in zip(seed_ar, seed_en)
    )
    row["failed"] = [
        cid
        for cid, lang, line, exp in rules
        if [s.text for s in _segment(line, lang, "sentences", split, post=post)] != exp
    ]
    row["rules"] = len(rules) - len(row["failed"])
    row["speed"] = n_lines / t
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", default="/work/shared/corpora")
    ap.add_argument("--seed", default="/work/shared/seed/000_0f19df4df316742f.txt")
    ap.add_argument("--out", default=str(ROOT / "bench/SEGMENTERS.md"))
    args = ap.parse_args(argv)
    corpora = {
        "NTREX": load_pairs(Path(args.corpora) / "ntrex128-ar-en"),
        "TICO": load_pairs(Path(args.corpora) / "tico19-en-ar"),
    }
    seed = [l for l in Path(args.seed).read_text(encoding="utf-8").splitlines() if l.strip()]
    half = len(seed) // 2
    seed_ar, seed_en = seed[:half], seed[half:]
    rules = load_rule_cases()
    rows = []
    for name in BACKENDS:
        try:
            v = version(LIBS[name])
        except Exception:  # library not installed
            continue
        for post in (False, True):
            label = f"{name} {v}" + (" + post1" if post else "")
            r = measure(name, post, corpora, seed_ar, seed_en, rules)
            rows.append((label, r))
            print(label, {k: (round(x, 4) if isinstance(x, float) else x) for k, x in r.items()}, file=sys.stderr)
    lines = [
        "# Sentence splitters measured for aligncheck.segment",
        "",
        "Generated by `python bench/segmenters.py`. Line breaks are hard boundaries for every splitter;",
        "`+ post1` adds our post-pass (abbreviations incl. Arabic `د.`/`م.`/`ص.`/`ه.`, Arabic `…`,",
        "letter-less pieces joined). Gold lines: NTREX-128 ar-en "
        f"{len(corpora['NTREX'])} pairs, TICO-19 en-ar {len(corpora['TICO'])} pairs.",
        "",
        "| splitter | licence | NTREX agree | TICO agree | over-split | seed (/13) | rules (/%d) | lines/s |" % len(rules),
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, r in rows:
        lic = LICENCES[label.split()[0]]
        lines.append(
            f"| {label} | {lic} | {r['NTREX']:.1%} | {r['TICO']:.1%} | {r['over']:.1%} | {r['seed']} | "
            f"{r['rules']} | {r['speed']:,.0f} |"
        )
    lines += ["", "Rule cases failed:", ""]
    for label, r in rows:
        lines.append(f"- {label}: {', '.join(r['failed']) or 'none'}")
    lines += [
        "",
        "## Choice",
        "",
        "`aligncheck.segment` uses **sentencex + post1** (signature `sentencex-<version>+ar-post1`):",
        "the best AR/EN agreement on TICO-19 by about 5 points, within half a point of the best on",
        "NTREX-128, all 13 seed paragraphs, every rule case, and the fastest with the post-pass. Raw",
        "sentencex splits after Arabic one-letter abbreviations (`د.`, `ص.`) and before enumerations",
        "such as `؛ (2)`, and does not split Arabic after `…`; post1 fixes those. pySBD splits Arabic",
        "at `،` and is slow; blingfire and ICU lose about 5 points of agreement on TICO-19; ICU also",
        "splits after `Dr.`, `U.S.` and initials. All four are MIT-licensed (ICU data: Unicode licence).",
        "",
        "Known limits of the choice: a final initialism (`... moved to the U.S. He ...`) and a",
        "sentence ending in a single capital (`vitamin C. It ...`) are joined to the next sentence.",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
