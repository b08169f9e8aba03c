"""Checking a corpus: a manifest of document pairs, one JSON result line per pair, resumable.

``aligncheck batch MANIFEST --output results.jsonl`` is built from the pieces here:

* :func:`read_manifest` — a TSV file with a header row or a JSONL file, one pair a line
  (paths relative to the manifest's folder, or inline texts), into :class:`PairSpec` records;
* :func:`prepare_pair` — read and segment one pair (:class:`PreparedPair`);
* :func:`finish_pair` — align and check a prepared pair whose embeddings were computed
  beforehand, and render its result line (the ``check --format json`` report plus ``"id"``);
* :func:`run_batch` — the orchestrator: pairs go through in windows; each window's distinct
  texts are embedded together (the encoder sees large batches even when documents are short;
  a :class:`~aligncheck.embed.DedupEncoder` backed by the on-disk cache embeds no text twice),
  then the pairs are finished by an *executor* (in this process, in worker processes, or on
  Ray, see :mod:`aligncheck.batch.ray`) and their lines appended to the output **in manifest
  order**, flushed and fsynced. A re-run with the same output skips the ids already written and
  drops a torn last line, so an interrupted batch finishes with the same file an uninterrupted
  run writes.

Nothing here prints or exits; errors are :class:`~aligncheck.errors.AlignCheckError` subclasses
whose message names the manifest line.
"""

from __future__ import annotations

from .manifest import PAIR_KEYS, PAIR_OPTIONS, PairSpec, read_manifest
from .output import BatchSummary, render_summary, scan_output, summarise
from .pair import (ModelSource, PairOutcome, PairStats, PrecomputedEncoder, PreparedPair, finish_pair, pair_config,
                   prepare_pair, result_line)
from .run import WINDOW_PAIRS, ProcessExecutor, SerialExecutor, run_batch

__all__ = [
    "PAIR_KEYS", "PAIR_OPTIONS", "WINDOW_PAIRS", "BatchSummary", "ModelSource", "PairOutcome", "PairSpec",
    "PairStats", "PrecomputedEncoder", "PreparedPair", "ProcessExecutor", "SerialExecutor", "finish_pair",
    "pair_config", "prepare_pair", "read_manifest", "render_summary", "result_line", "run_batch", "scan_output",
    "summarise",
]
