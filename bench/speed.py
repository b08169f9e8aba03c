"""Speed benchmark: aligncheck's end-to-end time against the embedding floor, and alignment
time and peak memory for long synthetic documents.

    python -m bench.speed [--runs 3] [--sizes 1000,10000,100000] [--out bench/SPEED.md]

1. **End to end vs embedding floor** (real bundled model, real documents): the floor for any
   embedding aligner is embedding each distinct sentence once with the same model. For the
   seed article and a few NTREX documents, each run measures (a) embedding the distinct
   sentences alone with a fresh encoder, and (b) ``aligncheck check`` end to end in-process
   (read, segment, embed, align, re-test, check, render) with another fresh encoder. Medians
   over ``--runs`` runs; the ratio (b)/(a) is the overhead (target <= 1.2).
2. **Alignment alone** (synthetic unit vectors, dim 384, 1% of target sentences deleted):
   time and peak resident memory of :func:`aligncheck.align.align_embeddings` for documents of
   1k, 10k and 100k sentences a side, each size in its own subprocess so that peak RSS is that
   size's own. Medians over ``--runs`` runs.

Timings are medians measured in one run on one machine; compare ratios, not absolute seconds,
across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    ("seed", ROOT / "corpora/seed/ar.txt", ROOT / "corpora/seed/en.txt", "sentences"),
    ("ntrex/bbc.381790", ROOT / "corpora/ntrex128-ar-en/bbc.381790/ar.txt",
     ROOT / "corpora/ntrex128-ar-en/bbc.381790/en.txt", "lines"),
    ("ntrex/nytimes.184853", ROOT / "corpora/ntrex128-ar-en/nytimes.184853/ar.txt",
     ROOT / "corpora/ntrex128-ar-en/nytimes.184853/en.txt", "lines"),
]


def end_to_end(runs: int) -> list[dict]:
    """Median embedding-floor time and end-to-end time per document (real model)."""
    from aligncheck.config import Config
    from aligncheck.documents import read_document
    from aligncheck.embed import BundledEncoder, DedupEncoder
    from aligncheck.pipeline import check_documents, embedding_texts
    from aligncheck.report import render

    model = BundledEncoder()  # loading the model is not part of either measurement
    rows = []
    for name, ar, en, mode in DOCS:
        floor, e2e, extra = [], [], []
        for _ in range(runs):
            src = read_document(str(ar), "ar", mode=mode)
            tgt = read_document(str(en), "en", mode=mode, role="target")
            distinct = list(dict.fromkeys(embedding_texts(src) + embedding_texts(tgt)))
            t0 = time.perf_counter()
            model.encode(distinct)
            floor.append(time.perf_counter() - t0)

            enc = DedupEncoder(model)
            t0 = time.perf_counter()
            src = read_document(str(ar), "ar", mode=mode)
            tgt = read_document(str(en), "en", mode=mode, role="target")
            result = check_documents(src, tgt, config=Config(segmentation=mode), encoder=enc)
            render(result, "text")
            e2e.append(time.perf_counter() - t0)
            extra.append(enc.n_encoded - len(distinct))
        f, e = statistics.median(floor), statistics.median(e2e)
        rows.append({"document": name, "segments": f"{len(src.segments)} ↔ {len(tgt.segments)}",
                     "distinct_texts": len(distinct), "extra_texts": max(extra),
                     "embed_floor_s": f, "end_to_end_s": e, "ratio": e / f})
    return rows


def _align_once(n: int, seed: int) -> dict:
    """One synthetic alignment of ``n`` sentences a side (run in a subprocess)."""
    import resource

    import numpy as np

    from aligncheck import align as al

    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, 384)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    keep = np.sort(rng.choice(n, n - n // 100, replace=False))
    tgt = src[keep] + 0.05 * rng.normal(size=(len(keep), 384)).astype(np.float32)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    lens = rng.integers(30, 200, n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    beads, _ = al.align_embeddings(al.center(src), al.center(tgt), lens, lens[keep])
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = sorted(s[0] for s, t in beads if not t)
    return {"n": n, "seconds": seconds, "peak_rss_mb": peak / 1024, "inputs_rss_mb": base / 1024,
            "omissions_found": found == sorted(set(range(n)) - set(keep.tolist()))}


def alignment_scaling(sizes: list[int], runs: int) -> list[dict]:
    """Median time and peak RSS of the alignment alone, each run in a fresh subprocess."""
    rows = []
    for n in sizes:
        results = []
        for r in range(runs):
            out = subprocess.run(
                [sys.executable, "-m", "bench.speed", "--_align-once", str(n), "--_seed", str(r)],
                capture_output=True, text=True, check=True, cwd=ROOT,
            )
            results.append(json.loads(out.stdout))
        rows.append({"n": n, "seconds": statistics.median(x["seconds"] for x in results),
                     "peak_rss_mb": statistics.median(x["peak_rss_mb"] for x in results),
                     "inputs_rss_mb": statistics.median(x["inputs_rss_mb"] for x in results),
                     "correct": all(x["omissions_found"] for x in results)})
    return rows


def to_markdown(e2e: list[dict], scaling: list[dict], runs: int) -> str:
    lines = [
        "## Speed",
        "",
        f"`python -m bench.speed --runs {runs}` on {os.cpu_count()} cores ({platform.machine()}, "
        f"Python {platform.python_version()}), {time.strftime('%Y-%m-%d')}. Medians of {runs} runs.",
        "",
        "### End to end against the embedding floor (bundled model)",
        "",
        "| document | segments | distinct texts | + re-test texts | embedding alone (s) | aligncheck end to end (s) | ratio (target ≤ 1.2) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in e2e:
        mark = "✓" if r["ratio"] <= 1.2 else "✗"
        lines.append(f"| {r['document']} | {r['segments']} | {r['distinct_texts']} | {r['extra_texts']} | "
                     f"{r['embed_floor_s']:.2f} | {r['end_to_end_s']:.2f} | {r['ratio']:.2f} {mark} |")
    lines += [
        "",
        "### Alignment alone (synthetic 384-dim vectors, 1% of sentences deleted)",
        "",
        "| sentences a side | time (s) | time / sentence (ms) | peak RSS (MB) | RSS before aligning (MB) | deletions all found |",
        "|---|---|---|---|---|---|",
    ]
    for r in scaling:
        lines.append(f"| {r['n']:,} | {r['seconds']:.2f} | {1000 * r['seconds'] / r['n']:.3f} | "
                     f"{r['peak_rss_mb']:.0f} | {r['inputs_rss_mb']:.0f} | {'yes' if r['correct'] else 'NO'} |")
    if len(scaling) >= 2:
        a, b = scaling[0], scaling[-1]
        lines += ["", f"From {a['n']:,} to {b['n']:,} sentences ({b['n'] / a['n']:.0f}×) the alignment time grows "
                  f"{b['seconds'] / a['seconds']:.1f}× (linear would be {b['n'] / a['n']:.0f}×; a full DP "
                  f"{(b['n'] / a['n']) ** 2:.0f}×)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--out", default=str(ROOT / "bench" / "SPEED.md"))
    parser.add_argument("--skip-e2e", action="store_true", help="only the synthetic alignment scaling")
    parser.add_argument("--_align-once", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._align_once:
        print(json.dumps(_align_once(args._align_once, args._seed)))
        return 0
    e2e = [] if args.skip_e2e else end_to_end(args.runs)
    scaling = alignment_scaling([int(s) for s in args.sizes.split(",")], args.runs)
    text = to_markdown(e2e, scaling, args.runs)
    Path(args.out).write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
