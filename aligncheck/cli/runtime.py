"""How a CLI command runs: exit codes and the mapping of errors to them, SIGTERM that unwinds
like Ctrl-C, the delayed progress bar, and the encoder of a run (injected in tests, else the
model with the on-disk cache).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import time
import traceback

import click

from ..cache import EmbeddingCache
from ..config import Config
from ..embed import DedupEncoder, load_encoder
from ..errors import AlignCheckError, ConfigError
from ..neutralise import neutralise


EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_INPUT, EXIT_MODEL, EXIT_INTERNAL = 0, 1, 2, 3, 4, 123


class _progress_bar:
    """A rich progress bar on stderr (embedding sentences, or checking pairs) that appears only
    when the run has lasted :attr:`DELAY` seconds; silent unless stderr is a terminal (CI logs
    stay clean), with ``quiet``, or with ``ALIGNCHECK_NO_PROGRESS`` set.

    Used as ``with _progress_bar(label, quiet) as progress:``; ``progress`` is ``None`` when
    silent, else a callback ``progress(done, total)``.
    """

    #: seconds before the bar appears (short runs never show one)
    DELAY = 2.0

    def __init__(self, label: str = "embedding sentences", quiet: bool = False, unit: str | None = None):
        self.label = label
        self.quiet = quiet
        #: with a unit (``"pairs"``), the bar also shows the rate, e.g. ``3.2 pairs/s``
        self.unit = unit

    def __enter__(self):

        self._bar = None
        self._first = None
        self._clock = time.monotonic
        self._start = self._clock()
        if self.quiet or not getattr(sys.stderr, "isatty", lambda: False)() or os.environ.get("ALIGNCHECK_NO_PROGRESS"):
            return None
        return self._update

    def _update(self, done: int, total: int) -> None:
        if self._first is None:  # work done before this run (resumed pairs) is not in the rate
            self._first = done
        if self._bar is None:
            if self._clock() - self._start < self.DELAY:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            columns = [TextColumn(self.label), BarColumn(), MofNCompleteColumn()]
            if self.unit:
                columns.append(TextColumn("{task.fields[rate]}"))
            self._bar = Progress(*columns, TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("work", total=None, rate="")
        rate = ""
        if self.unit:
            elapsed = self._clock() - self._start
            rate = f"{(done - self._first) / elapsed:.1f} {self.unit}/s" if elapsed > 0 and done > self._first else ""
        self._bar.update(self._task, completed=done, total=total, rate=rate)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()
        return False


def _run_encoder(injected, config: Config, *, use_cache: bool):
    """The encoder of one run: the injected one (tests) or the model ``config`` names, wrapped
    in a :class:`~aligncheck.embed.DedupEncoder` backed by the on-disk embedding cache unless
    ``use_cache`` is false. Returns ``(encoder, cache or None)``.

    Raises:
        ModelError: the model cannot be loaded.
        ConfigError: ``ALIGNCHECK_CACHE_MAX_MB`` is not a number.
    """
    inner = injected if injected is not None else load_encoder(
        config.model, config.model_revision, trust_remote_code=config.trust_remote_code,
        bundled_mode=config.bundled_mode)
    if not use_cache:
        return (injected if injected is not None else DedupEncoder(inner)), None
    cache = EmbeddingCache.for_encoder(inner)
    return DedupEncoder(inner, store=cache), cache


class _Terminated(KeyboardInterrupt):
    """SIGTERM received: unwinds like Ctrl-C, so temporary files are removed on the way out."""


def _on_sigterm(signum, frame):  # pragma: no cover - exercised in a subprocess (tests/cli/test_signals.py)
    raise _Terminated()


class _sigterm_unwinds:
    """While a command runs in the main thread, SIGTERM raises :class:`_Terminated` instead of
    killing the process outright, so an interrupted run cleans up (no temporary report or cache
    file left behind) and exits 143. The previous handler is restored afterwards."""

    def __enter__(self):
        import threading

        self._old = None
        if threading.current_thread() is threading.main_thread():
            try:
                self._old = signal.signal(signal.SIGTERM, _on_sigterm)
            except (ValueError, OSError):  # pragma: no cover - no signals here (embedded interpreter)
                self._old = None
        return self

    def __exit__(self, *exc):
        if self._old is not None:

            signal.signal(signal.SIGTERM, self._old)
        return False


class _Group(click.Group):
    """Runs a command and maps aligncheck's errors to exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            with _sigterm_unwinds():
                return super().invoke(ctx)
        except AlignCheckError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc(file=sys.stderr)
            click.echo(f"error: {neutralise(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except _Terminated:
            click.echo("error: terminated (SIGTERM)", err=True)
            ctx.exit(143)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # an aligncheck bug: say so, exit 123
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc(file=sys.stderr)
            click.echo(
                f"error: internal error ({type(exc).__name__}: {neutralise(str(exc))}); rerun with --debug for the traceback "
                "and report it",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


#: TEST ONLY: ``module:callable`` returning an encoder that replaces the model, so that tests
#: can drive the CLI in a subprocess (e.g. killing a batch) with a fake encoder. Not a feature.
TEST_ENCODER_ENV = "ALIGNCHECK_TEST_ENCODER"


def _test_encoder(spec: str):
    """The encoder ``module:callable`` (``$ALIGNCHECK_TEST_ENCODER``) builds.

    Raises:
        ConfigError: the value is not ``module:callable`` or cannot be imported.
    """

    module, _, attr = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)()
    except (ImportError, AttributeError, ValueError) as exc:
        raise ConfigError(f"{TEST_ENCODER_ENV}={spec!r} (test only) cannot be loaded: {exc}") from None
