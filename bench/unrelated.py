"""Calibrate the ``unrelated_documents`` rule on the real model (not run in CI).

For every clean NTREX-128 and TICO-19 document (``lines`` mode, as the quality benchmark runs
them), for wrong pairs (the Arabic of one document against the English of another, the seed
article against NTREX articles) and for the seed article itself, prints the two statistics the
rule uses (:func:`aligncheck.checks.correspondence_stats`): the share of beads that are faults
(1-0, 0-1 or a 1-1 bead below the mismatch margin) and the median margin of the 1-1 beads.

    python -m bench.unrelated [--cache bench/.cache/embeddings.npz] [--pairs 40]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from aligncheck.checks import correspondence_stats
from aligncheck.config import Config
from aligncheck.documents import read_document
from aligncheck.embed import DedupEncoder
from aligncheck.pipeline import check_documents

from .quality import ROOT, LazyBundledEncoder, load_gold_pairs, lines_document, load_cache


def main(argv: list[str] | None = None) -> int:
    """Print the statistics, one line a document pair, then the extremes of each group."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=ROOT / "bench/.cache/embeddings.npz")
    ap.add_argument("--pairs", type=int, default=40, help="wrong NTREX pairs to try")
    args = ap.parse_args(argv)
    inner = LazyBundledEncoder()
    store = load_cache(args.cache, inner.signature)
    encoder = DedupEncoder(inner, store=store)
    config = Config(segmentation="lines")
    groups: dict[str, list[tuple[float, float, bool]]] = {"clean": [], "wrong": []}

    def run(name: str, group: str, src, tgt, cfg: Config) -> None:
        r = check_documents(src, tgt, config=cfg, encoder=encoder)
        share, median = correspondence_stats(r.alignment, cfg.mismatch_margin)
        flagged = any(f.check == "unrelated_documents" for f in r.findings)
        groups[group].append((share, median, flagged))
        print(f"{group:5} {name:45} n={len(src.segments):3}/{len(tgt.segments):3} fault_share={share:.2f} "
              f"median_margin={median:.3f} flagged={flagged}", flush=True)

    docs = load_gold_pairs("ntrex") + load_gold_pairs("tico")
    for d in docs:
        src = lines_document(d.src, path=f"{d.doc_id}/ar", lang="ar", config=config)
        tgt = lines_document(d.tgt, path=f"{d.doc_id}/en", lang="en", config=config)
        run(f"{d.corpus}/{d.doc_id}", "clean", src, tgt, config)
    seed_cfg = Config()
    seed_ar = read_document(str(ROOT / "corpora/seed/ar.txt"), "ar")
    seed_en = read_document(str(ROOT / "corpora/seed/en.txt"), "en", role="target")
    run("seed", "clean", seed_ar, seed_en, seed_cfg)
    ntrex = [d for d in docs if d.corpus == "ntrex"]
    rng = np.random.default_rng(0)
    for k in range(min(args.pairs, len(ntrex))):
        a, b = ntrex[k], ntrex[int(rng.integers(len(ntrex)))]
        if a.doc_id == b.doc_id:
            continue
        src = lines_document(a.src, path=f"{a.doc_id}/ar", lang="ar", config=config)
        tgt = lines_document(b.tgt, path=f"{b.doc_id}/en", lang="en", config=config)
        run(f"{a.doc_id} x {b.doc_id}", "wrong", src, tgt, config)
    for d in ntrex[:10]:
        tgt = lines_document(d.tgt, path=f"{d.doc_id}/en", lang="en", config=config)
        run(f"seed x {d.doc_id}", "wrong", seed_ar, tgt, config)
    for group, rows in groups.items():
        shares = [r[0] for r in rows]
        medians = [r[1] for r in rows]
        print(f"{group}: {len(rows)} pairs, flagged {sum(r[2] for r in rows)}; fault share "
              f"{min(shares):.2f}-{max(shares):.2f}, median margin {min(medians):.3f}-{max(medians):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
