"""The batch orchestrator :func:`run_batch` and the executors that finish pairs (in this
process, in worker processes; on Ray see :mod:`aligncheck.batch.ray`).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence

import numpy as np

from ..config import Config
from ..errors import ConfigError
from ..pipeline import signature as make_signature
from .manifest import PairSpec
from .output import BatchSummary, _Output, scan_output, summarise
from .pair import ModelSource, PairOutcome, PreparedPair, finish_pair, pair_config, prepare_pair


#: pairs read, embedded and finished together (the encoder sees one window's texts at once)
WINDOW_PAIRS = 32


class SerialExecutor:
    """Runs :func:`prepare_pair` and :func:`finish_pair` in this process (``--jobs 1``).

    The executor protocol :func:`run_batch` uses (also :class:`ProcessExecutor` and
    :class:`aligncheck.batch.ray.RayExecutor`): ``prepare(specs, config)`` -> an iterator of
    :class:`PreparedPair` in order (work may start at once); ``submit(prepared, vectors,
    signature)`` -> a handle; ``result(handle)`` -> :class:`PairOutcome` (raises the pair's
    error); ``ready(handle)`` -> whether ``result`` would not block; ``close()``.
    """

    def __init__(self, fallback):
        self.fallback = fallback

    def prepare(self, specs: Sequence[PairSpec], config: Config) -> Iterator[PreparedPair]:
        return (prepare_pair(s, config) for s in specs)

    def submit(self, prepared: PreparedPair, vectors: dict, signature: str):
        return finish_pair(prepared, vectors, signature, self.fallback)

    @staticmethod
    def result(handle) -> PairOutcome:
        return handle

    @staticmethod
    def ready(handle) -> bool:
        return True

    def close(self) -> None:
        pass


class ProcessExecutor:
    """Runs :func:`prepare_pair` and :func:`finish_pair` in ``jobs`` spawned worker processes
    (:class:`concurrent.futures.ProcessPoolExecutor`); a worker builds its fallback encoder
    (``fallback``: a picklable encoder, or a :class:`ModelSource`) only when a pair needs a text
    that was not embedded beforehand."""

    def __init__(self, jobs: int, fallback):
        self.fallback = fallback.build if isinstance(fallback, ModelSource) else fallback
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))

    def prepare(self, specs: Sequence[PairSpec], config: Config) -> Iterator[PreparedPair]:
        futures = [self.pool.submit(prepare_pair, s, config) for s in specs]
        return (f.result() for f in futures)

    def submit(self, prepared: PreparedPair, vectors: dict, signature: str):
        return self.pool.submit(finish_pair, prepared, vectors, signature, self.fallback)

    @staticmethod
    def result(handle) -> PairOutcome:
        return handle.result()

    @staticmethod
    def ready(handle) -> bool:
        return handle.done()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _windows(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_batch(
    specs: Sequence[PairSpec],
    *,
    config: Config,
    encoder,
    output: str,
    executor=None,
    progress: Callable[[int, int], None] | None = None,
    window: int = WINDOW_PAIRS,
) -> BatchSummary:
    """Check every pair of ``specs`` and append its result line to ``output``, in manifest order.

    Pairs already in ``output`` (by id) are skipped and a torn last line is cut off, so a re-run
    after an interruption finishes the file as an uninterrupted run would have written it.

    Args:
        specs: from :func:`read_manifest`.
        config: the configuration of every pair (rows' options override it per pair).
        encoder: the run's encoder, ideally a :class:`~aligncheck.embed.DedupEncoder` backed by
            the on-disk cache; each window's distinct texts go to it in one call.
        output: the JSONL file (created, or resumed).
        executor: :class:`SerialExecutor` (default, using ``encoder`` for other texts),
            :class:`ProcessExecutor` or :class:`aligncheck.batch.ray.RayExecutor`.
        progress: called as ``progress(done, total)`` (pairs) as lines are written.
        window: pairs read and embedded together.

    Returns:
        The :class:`BatchSummary` over all of ``specs`` (resumed pairs included).

    Raises:
        InputError: a pair cannot be read (the message names its manifest line), or the output
            cannot be read or written. ModelError: the model fails.
    """
    from ..safe_output import check_output_path
    from .pair import report_paths

    check_output_path(output)
    done, valid = scan_output(output)
    stats = {s.id: done[s.id] for s in specs if s.id in done}
    ids = {s.id for s in specs}
    gone = [st for pid, st in done.items() if pid not in ids]
    if gone:
        raise ConfigError(f"{output} line {gone[0].line} (id {gone[0].id}) is not in the manifest any more; resume "
                          "with the same manifest, or write to a new --output")
    for spec in specs:
        st = stats.get(spec.id)
        if st is not None and st.paths != report_paths(spec):
            raise ConfigError(f"{output} line {st.line} (id {spec.id}) checked {st.paths[0]} <-> {st.paths[1]}, but the "
                              f"manifest row now names {' <-> '.join(report_paths(spec))}; resume with the same "
                              "manifest, or write to a new --output")
    if stats:
        for spec in specs:
            st = stats.get(spec.id)
            if st is None:
                continue
            expected = make_signature(pair_config(spec, config), encoder.signature)
            if st.signature != expected and not st.signature.startswith(expected + "|input:"):
                raise ConfigError(
                    f"{output} line {st.line} (id {spec.id}) was checked with other options or another model "
                    f"({st.signature}); resume with the same options, or write to a new --output")
    resumed = len(stats)
    todo = [s for s in specs if s.id not in done]
    executor = executor if executor is not None else SerialExecutor(encoder)
    before = getattr(encoder, "n_encoded", 0)
    out = _Output(output, valid)
    try:
        if progress is not None:
            progress(resumed, len(specs))
        pending: deque = deque()
        windows = _windows(todo, max(1, window))
        prepared_iter = None
        nxt = next(windows, None)
        if nxt is not None:
            prepared_iter = executor.prepare(nxt, config)
        while prepared_iter is not None:
            prepared = list(prepared_iter)
            nxt = next(windows, None)
            # read the next window while this one is embedded and checked
            prepared_iter = executor.prepare(nxt, config) if nxt is not None else None
            texts = list(dict.fromkeys(t for p in prepared for t in p.texts))
            vectors = np.asarray(encoder.encode(texts), dtype=np.float32) if texts else None
            row = {t: k for k, t in enumerate(texts)}
            for p in prepared:
                pending.append(executor.submit(p, {t: vectors[row[t]] for t in p.texts}, encoder.signature))
            # write every finished line; keep at most two windows in flight
            _drain(pending, executor, out, stats, progress, len(specs), keep=len(prepared))
        _drain(pending, executor, out, stats, progress, len(specs), keep=0)
    finally:
        out.close()
        executor.close()
    return summarise(specs, stats, output=output, resumed=resumed,
                     texts_embedded=getattr(encoder, "n_encoded", 0) - before)


def _drain(pending: deque, executor, out: _Output, stats: dict, progress, total: int, *, keep: int) -> None:
    """Write the results at the head of ``pending`` (manifest order) until at most ``keep``
    remain, then any further ones that are already finished."""
    while pending:
        lines = []
        while pending and (len(pending) > keep or executor.ready(pending[0])):
            outcome = executor.result(pending.popleft())
            lines.append(outcome.line)
            stats[outcome.id] = outcome.stats
        if not lines:
            return
        out.write(lines)
        if progress is not None:
            progress(len(stats), total)
