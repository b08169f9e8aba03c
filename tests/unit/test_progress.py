"""The run's progress display (aligncheck.progress) with a fake clock and stream: what it says,
the fraction done, the rate and the time left, worked out by hand."""

from __future__ import annotations

import io

import numpy as np

from aligncheck.cli.progress import Progress, ProgressEncoder, wanted


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


class TTY(io.StringIO):
    def isatty(self):
        return True


def test_shown_on_a_terminal_or_when_asked_never_when_quiet(monkeypatch):
    monkeypatch.delenv("ALIGNCHECK_NO_PROGRESS", raising=False)
    monkeypatch.delenv("ALIGNCHECK_PROGRESS", raising=False)
    assert wanted(False, io.StringIO()) is None
    assert wanted(False, TTY()) == "tty"
    assert wanted(True, TTY()) is None
    monkeypatch.setenv("ALIGNCHECK_PROGRESS", "1")
    assert wanted(False, io.StringIO()) == "lines"
    monkeypatch.setenv("ALIGNCHECK_NO_PROGRESS", "1")
    assert wanted(False, TTY()) is None


def test_the_first_line_comes_at_once_and_names_the_step():
    out, clock = io.StringIO(), Clock()
    with Progress("pairs", stream=out, clock=clock, mode="lines") as p:
        p.phase("loading the model")
    assert out.getvalue().splitlines()[0] == "aligncheck: starting · 0:00:00 elapsed"


def test_fraction_rate_and_time_left_include_the_embedding_of_the_window_in_hand():
    out, clock = io.StringIO(), Clock()
    p = Progress("pairs", stream=out, clock=clock, mode="lines")
    p.units(0, 64)
    p.hand(32)                    # a window of 32 of the 64 pairs is embedded
    clock.t = 10.0
    p.sentences(500, 1000)        # half its sentences in 10 s: a quarter of the run
    assert p.fraction() == 0.25
    assert p.time_left() == 30.0  # 10 s for a quarter: 30 s for the rest
    assert p.line() == ("embedding · 0/64 pairs · 500 sentences embedded · 50.0 sentences/s · 0:00:30 left"
                        " · 0:00:10 elapsed")
    clock.t = 20.0
    p.sentences(1000, 1000)
    p.units(32, 64)
    p.hand(32)
    assert p.fraction() == 0.5 and p.time_left() == 20.0
    assert "1.60 pairs/s" in p.line()


def test_resumed_pairs_are_not_in_the_rate_or_the_fraction():
    clock = Clock()
    p = Progress("pairs", stream=io.StringIO(), clock=clock, mode="lines")
    p.units(40, 100)              # 40 done by an earlier run
    clock.t = 3.0
    p.units(55, 100)              # 15 pairs in 3 s
    assert "5.00 pairs/s" in p.line()
    assert p.fraction() == 0.25   # 15 of the 60 left
    assert p.time_left() == 9.0


def test_one_pair_check_counts_sentences():
    clock = Clock()
    p = Progress(None, stream=io.StringIO(), clock=clock, mode="lines")
    assert p.fraction() is None and p.time_left() is None
    clock.t = 4.0
    p.sentences(10, 40)
    assert p.fraction() == 0.25 and p.time_left() == 12.0


def test_lines_are_throttled():
    out, clock = io.StringIO(), Clock()
    p = Progress("pairs", stream=out, clock=clock, mode="lines")
    p.units(0, 10)
    for t in range(1, 12):
        clock.t = float(t)
        p.sentences(t, 100)
    # t=0 (the first), t=1 (the step changes to embedding), then every LINE_EVERY = 5 s: t=6, t=11
    assert [line.rsplit(" · ", 1)[1] for line in out.getvalue().splitlines()] == [
        "0:00:00 elapsed", "0:00:01 elapsed", "0:00:06 elapsed", "0:00:11 elapsed"]


def test_the_bar_is_drawn_on_a_terminal_and_removed_at_the_end():
    out, clock = TTY(), Clock()
    with Progress("pairs", stream=out, clock=clock, mode="tty") as p:
        p.units(0, 4)
        clock.t = 1.0
        p.sentences(5, 10)
        assert p._bar is not None
        task = p._bar.tasks[0]
        assert task.total == 1000 and task.completed == 125.0  # half of the first pair's sentences
    assert p._bar is None


class Recording:
    signature = "fake"
    n_encoded = 7

    def __init__(self):
        self.calls = []

    def encode(self, texts):
        self.calls.append(len(texts))
        return np.ones((len(texts), 2), dtype=np.float32)


def test_the_progress_encoder_reports_chunks_and_passes_everything_else_on():
    clock = Clock()
    p = Progress("pairs", stream=io.StringIO(), clock=clock, mode=None)
    p.units(0, 64)
    inner = Recording()
    enc = ProgressEncoder(inner, p, chunk=64, window=32)
    seen = []
    p.sentences = lambda d, t: seen.append((d, t))
    vecs = enc.encode([f"t{k}" for k in range(150)])
    assert vecs.shape == (150, 2)
    assert inner.calls == [16, 64, 64, 6]  # a small first chunk, then full ones
    assert seen == [(0, 150), (16, 150), (80, 150), (144, 150), (150, 150)]
    assert p.in_hand == 32
    assert enc.signature == "fake" and enc.n_encoded == 7


def test_in_advance_mode_chunks_add_to_the_count_the_pipeline_keeps():
    """check and ci: the pipeline says (done, total) per call of up to 64 texts; the wrapper adds
    the 16-text pieces in between, so the count moves inside a call."""
    clock = Clock()
    p = Progress(None, stream=io.StringIO(), clock=clock, mode=None)
    inner = Recording()
    enc = ProgressEncoder(inner, p, chunk=16, advance=True)
    p.sentences(0, 100)                       # the pipeline, before its first call
    enc.encode([f"a{k}" for k in range(40)])  # 16 + 16 + 8
    assert inner.calls == [16, 16, 8]
    assert (p.sent_done, p.sent_total, p.sentences_embedded) == (40, 100, 40)
    p.sentences(40, 100)                      # the pipeline after that call: no double count
    assert (p.sent_done, p.sentences_embedded) == (40, 40)
    enc.encode([f"b{k}" for k in range(60)])
    assert (p.sent_done, p.sentences_embedded) == (100, 100)
    assert p.fraction() == 1.0
