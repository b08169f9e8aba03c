"""Progress of a command-line run on stderr: what is being done, how far, how fast, time left.

Used by the CLI only (the library reports progress through ``progress(done, total)``
callbacks and never prints). A run has *units* (pairs for ``batch`` and ``ci``, none for
``check``) and, inside them, *sentences* being embedded, the slow part. :class:`Progress`
combines the two into one fraction of the run::

    fraction = (units done + sentence fraction of the units in hand x units in hand) / units

so the estimate of the time left moves during the embedding of the first window or pair, not
only when a pair finishes. The display starts with the run (``loading the model``), so there is
no blank first phase.

* On a terminal (stderr is a TTY): a rich progress bar, redrawn in place and removed at the
  end: ``embedding  ━━━━━━━━━━━  12/62 pairs · 3,400 sentences · 21.3 sentences/s · 0:01:10 left``.
* Elsewhere, only when asked (``ALIGNCHECK_PROGRESS=1``, e.g. in a CI log): one plain line every
  :attr:`Progress.LINE_EVERY` seconds.
* Never with ``quiet``, or ``ALIGNCHECK_NO_PROGRESS`` set.
"""

from __future__ import annotations

import math
import os
import sys
import time
from typing import Callable, Sequence, TextIO


def _fmt_seconds(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


def wanted(quiet: bool, stream: TextIO | None = None) -> str | None:
    """How progress is shown: ``"tty"`` (a live bar), ``"lines"`` (asked for with
    ``ALIGNCHECK_PROGRESS=1`` where stderr is not a terminal) or ``None`` (not at all)."""
    stream = sys.stderr if stream is None else stream
    if quiet or os.environ.get("ALIGNCHECK_NO_PROGRESS"):
        return None
    if getattr(stream, "isatty", lambda: False)():
        return "tty"
    if os.environ.get("ALIGNCHECK_PROGRESS", "").strip().lower() in ("1", "true", "yes", "on"):
        return "lines"
    return None


class Progress:
    """The progress display of one run (a context manager).

    Args:
        unit: what the run counts (``"pairs"``), or ``None`` for one pair (``check``).
        quiet: show nothing.
        stream: where to draw (default ``sys.stderr``).
        clock: seconds, monotonic (tests pass a fake one).
        mode: ``"tty"``, ``"lines"`` or ``None``; default: :func:`wanted`.

    Callbacks (each cheap; redraws are throttled):
        :meth:`phase` names the current step; :meth:`units` takes ``(done, total)`` units;
        :meth:`sentences` takes ``(done, total)`` of the sentences being embedded now, and
        :meth:`hand` says how many units they belong to.
    """

    #: seconds between two plain lines (mode ``"lines"``)
    LINE_EVERY = 5.0
    #: seconds between two redraws of the bar
    REDRAW_EVERY = 0.1

    def __init__(self, unit: str | None = None, *, quiet: bool = False, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic, mode: str | None = "auto"):
        self.unit = unit
        self.stream = sys.stderr if stream is None else stream
        self.clock = clock
        self.mode = wanted(quiet, self.stream) if mode == "auto" else mode
        self.label = "starting"
        self.units_done = 0
        self.units_total: int | None = None
        self.units_before = 0  # done before this run (resumed): not in the rate
        self.in_hand = 1
        self.sent_done = 0
        self.sent_total = 0
        self.sentences_embedded = 0  # over the run, for the rate
        self._sent_base = 0
        self._start = clock()
        self._last_draw = -math.inf
        self._bar = None

    # ------------------------------------------------------------------ callbacks

    def phase(self, label: str) -> None:
        """Name what is being done now (``"loading the model"``, ``"embedding"``)."""
        self.label = label
        self._draw(force=True)

    def units(self, done: int, total: int) -> None:
        """``done`` of ``total`` units finished (the first call's ``done`` counts as resumed)."""
        if self.units_total is None:
            self.units_before = done
        self.units_done, self.units_total = done, total
        self._draw(force=done >= total)

    def hand(self, n: int) -> None:
        """The sentences reported next belong to ``n`` units (a window of pairs, or one pair);
        starts a new count of sentences."""
        self.in_hand = max(1, n)
        self._sent_base = self.sentences_embedded
        self.sent_done = self.sent_total = 0

    def advance(self, n: int) -> None:
        """``n`` more of the sentences in hand are embedded (finer than :meth:`sentences`, whose
        counts stay authoritative)."""
        self.sent_done = min(self.sent_done + n, self.sent_total) if self.sent_total else self.sent_done + n
        self.sentences_embedded += n
        self._draw()

    def sentences(self, done: int, total: int) -> None:
        """``done`` of the ``total`` sentences in hand are embedded."""
        if done < self.sent_done:  # a new count without hand(): keep the run's total growing
            self._sent_base = self.sentences_embedded
        self.sent_done, self.sent_total = done, total
        self.sentences_embedded = self._sent_base + done
        if self.label in ("starting", "loading the model", "reading"):
            self.label = "embedding"
            self._draw(force=True)
            return
        self._draw()

    # ------------------------------------------------------------------ state

    def fraction(self) -> float | None:
        """Fraction of the run done, in [0, 1], or ``None`` before anything is known."""
        sub = self.sent_done / self.sent_total if self.sent_total else 0.0
        if self.units_total:
            todo = self.units_total - self.units_before
            if todo <= 0:
                return 1.0
            done = self.units_done - self.units_before + sub * min(self.in_hand, self.units_total - self.units_done)
            return min(1.0, max(0.0, done / todo))
        if self.sent_total:
            return sub
        return None

    def line(self) -> str:
        """The status as one line of text (what the plain mode prints)."""
        elapsed = self.clock() - self._start
        parts = [self.label]
        if self.units_total is not None and self.unit:
            parts.append(f"{self.units_done:,}/{self.units_total:,} {self.unit}")
        if self.sent_total:
            parts.append(f"{self.sentences_embedded:,} sentences embedded")
        if elapsed > 0 and self.sentences_embedded:
            parts.append(f"{self.sentences_embedded / elapsed:,.1f} sentences/s")
        done_units = self.units_done - self.units_before
        if self.unit and elapsed > 0 and done_units > 0:
            parts.append(f"{done_units / elapsed:,.2f} {self.unit}/s")
        left = self.time_left()
        if left is not None:
            parts.append(f"{_fmt_seconds(left)} left")
        parts.append(f"{_fmt_seconds(elapsed)} elapsed")
        return " · ".join(parts)

    def time_left(self) -> float | None:
        """Seconds left, from the fraction done so far and the time it took (``None`` until
        1 % is done)."""
        frac = self.fraction()
        elapsed = self.clock() - self._start
        if frac is None or frac < 0.01 or elapsed <= 0:
            return None
        return elapsed * (1 - frac) / frac

    # ------------------------------------------------------------------ drawing

    def _draw(self, force: bool = False) -> None:
        if self.mode is None:
            return
        now = self.clock()
        every = self.LINE_EVERY if self.mode == "lines" else self.REDRAW_EVERY
        if not force and now - self._last_draw < every:
            return
        if self.mode == "lines" and now - self._last_draw < 1.0:
            return  # even forced, at most one line a second
        self._last_draw = now
        if self.mode == "lines":
            self.stream.write(f"aligncheck: {self.line()}\n")
            self.stream.flush()
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, Progress as RichProgress, ProgressColumn, TextColumn
            from rich.text import Text

            progress = self

            class Status(ProgressColumn):
                """Counts, rate, time left and elapsed, computed at each redraw (rich redraws
                10 times a second), so the clock moves while one long step runs."""

                def render(self, task) -> Text:
                    return Text(progress.line().split(" · ", 1)[-1])

            self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(bar_width=20), Status(),
                                     console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=None)
        frac = self.fraction()
        self._bar.update(self._task, description=self.label, completed=(frac or 0) * 1000,
                         total=1000 if frac is not None else None)

    def __enter__(self) -> "Progress":
        self._draw(force=True)
        return self

    def __exit__(self, *exc) -> bool:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        return False


class ProgressEncoder:
    """Wraps an encoder so that one ``encode`` call is sent on in chunks and each chunk is
    reported to ``progress.sentences`` (the call's texts are the sentences in hand). Every other
    attribute (``signature``, ``cache_signature``, ``n_encoded`` ...) is the wrapped encoder's.

    Args:
        inner: the encoder (usually the run's :class:`~aligncheck.embed.DedupEncoder`).
        progress: the display.
        chunk: texts per call into ``inner`` (a multiple of the inner batch size keeps the
            encoder's batches full; for a Ray pool, its chunk times its actors).
    """

    def __init__(self, inner, progress: Progress, chunk: int = 64, window: int | None = None,
                 advance: bool = False):
        self.wrapped = inner
        self.progress = progress
        self.chunk = max(1, chunk)
        #: units each ``encode`` call embeds for (a batch window of pairs), or ``None``
        self.window = window
        #: report each chunk as more sentences embedded (:meth:`Progress.advance`) inside a count
        #: the caller keeps (the pipeline's ``progress(done, total)``), instead of the call's own count
        self.advance = advance

    def __getattr__(self, name):
        return getattr(self.wrapped, name)

    def encode(self, texts: Sequence[str]):
        import numpy as np

        texts = list(texts)
        if self.window:
            self.progress.hand(self.window)
        if not self.advance:
            self.progress.sentences(0, len(texts))
        parts = []
        start, size = 0, min(16, self.chunk)  # a small first chunk: a rate within seconds
        while start < len(texts) or not parts:
            piece = texts[start : start + size]
            parts.append(np.asarray(self.wrapped.encode(piece), dtype=np.float32))
            start += size
            if self.advance:
                self.progress.advance(len(piece))
            else:
                self.progress.sentences(min(start, len(texts)), len(texts))
            size = self.chunk
        return parts[0] if len(parts) == 1 else np.concatenate(parts)
