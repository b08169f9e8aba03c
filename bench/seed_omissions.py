"""The seed-article test of a bead-cost setting: is every deleted English sentence of
``corpora/seed`` reported as exactly one omission (and nothing else)?

``python -m bench.seed_omissions 0.6 0.7 0.8`` checks ``skip_scale`` values (the default
``sentences`` mode, other settings at their defaults, the bundled model through the shared
embedding cache), as ``tests/integration/test_seed.py`` does for the defaults. It prints one line
per value: how many of the 19 deletions are not reported as exactly one omission of the right
Arabic sentence, and what was reported instead. ``bench/CHOICES.md`` quotes it next to the grid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "seed"


def seed_misses(skip_scale: float, encoder) -> tuple[int, list[tuple[int, list]]]:
    """``(number of English sentences, [(k, non-info findings)])`` for each deleted sentence ``k``
    (0-based) not reported as exactly one omission of its source.

    Raises:
        ValueError: the clean seed article is not aligned all 1-1 at this setting.
    """
    from aligncheck.config import Config
    from aligncheck.documents import make_document, read_document
    from aligncheck.pipeline import check_documents

    src = read_document(str(SEED / "ar.txt"), "ar")
    tgt = read_document(str(SEED / "en.txt"), "en", role="target")
    cfg = Config().replace(skip_scale=skip_scale)
    clean = check_documents(src, tgt, config=cfg, encoder=encoder)
    gold = {b.tgt[0]: b.src for b in clean.alignment.beads if len(b.src) == 1 and len(b.tgt) == 1}
    if len(gold) != len(tgt.segments):
        raise ValueError(f"skip_scale={skip_scale}: the clean seed article is not aligned all 1-1")
    bad = []
    for k, seg in enumerate(tgt.segments):
        text = tgt.text[: seg.start] + tgt.text[seg.end :]
        r = check_documents(src, make_document(text, path="en.txt", lang="en", role="target"), config=cfg, encoder=encoder)
        errs = [(f.check, f.src, f.tgt) for f in r.findings if f.severity.value != "info"]
        if errs != [("omission", gold[k], ())]:
            bad.append((k, errs))
    return len(tgt.segments), bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.seed_omissions", description=__doc__.splitlines()[0])
    ap.add_argument("skip_scale", type=float, nargs="+")
    args = ap.parse_args(argv)
    from bench.quality import LazyBundledEncoder

    enc = LazyBundledEncoder()
    for ss in args.skip_scale:
        n, bad = seed_misses(ss, enc)
        print(f"skip_scale={ss}: {len(bad)} of {n} deleted sentences not reported as exactly one omission"
              + (f": {bad}" if bad else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
