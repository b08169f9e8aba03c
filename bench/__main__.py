"""``python -m bench``: regenerate ``bench/RESULTS.md`` with every table in one command.

Runs the speed benchmark (:mod:`bench.speed`, writes ``bench/SPEED.md``), then the quality
benchmark (:mod:`bench.quality`, writes ``bench/RESULTS.md`` and ``bench/results.json``), and
appends the speed tables to ``bench/RESULTS.md``. Extra arguments go to the quality benchmark;
``--speed-runs N`` sets the number of speed runs (default 3); ``--skip-speed`` keeps
``bench/SPEED.md`` as it is and only reruns the quality benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import quality, speed

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    runs = "3"
    skip_speed = "--skip-speed" in argv  # keep bench/SPEED.md as it is (the quality tables only)
    if skip_speed:
        argv.remove("--skip-speed")
    if "--speed-runs" in argv:
        k = argv.index("--speed-runs")
        runs = argv[k + 1]
        del argv[k : k + 2]
    speed_md = ROOT / "bench" / "SPEED.md"
    if not skip_speed and speed.main(["--runs", runs, "--out", str(speed_md)]) != 0:
        return 1
    quality.COMMAND = " ".join(["python -m bench"] + (["--skip-speed"] if skip_speed else []) + argv)
    code = quality.main(argv)
    if code != 0:
        return code
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text(encoding="utf-8").rstrip("\n")
    results.write_text(text + "\n\n" + speed_md.read_text(encoding="utf-8"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
