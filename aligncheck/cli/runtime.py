"""How a CLI command runs: exit codes and the mapping of errors to them, SIGTERM that unwinds
like Ctrl-C, the delayed progress bar, and the encoder of a run (injected in tests, else the
model with the on-disk cache).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import traceback

import click

from ..cache import EmbeddingCache
from ..config import Config
from ..embed import DedupEncoder, load_encoder
from ..errors import AlignCheckError, ConfigError
from ..neutralise import neutralise


EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_INPUT, EXIT_MODEL, EXIT_INTERNAL = 0, 1, 2, 3, 4, 123


def _progress_bar(unit: str | None = None, quiet: bool = False):
    """The run's progress display on stderr (:class:`aligncheck.progress.Progress`): from the
    start, on a terminal or with ``ALIGNCHECK_PROGRESS=1``; never with ``quiet``."""
    from .progress import Progress

    return Progress(unit, quiet=quiet)


def _run_encoder(injected, config: Config, *, use_cache: bool):
    """The encoder of one run: the injected one (tests) or the model ``config`` names, wrapped
    in a :class:`~aligncheck.embed.DedupEncoder` backed by the on-disk embedding cache unless
    ``use_cache`` is false. Returns ``(encoder, cache or None)``.

    Raises:
        ModelError: the model cannot be loaded.
        ConfigError: ``ALIGNCHECK_CACHE_MAX_MB`` is not a number, or the cache folder holds files
            a git repository tracks (:func:`aligncheck.cache.check_not_in_repository`).
    """
    inner = injected if injected is not None else load_encoder(
        config.model, config.model_revision, trust_remote_code=config.trust_remote_code,
        bundled_mode=config.bundled_mode)
    if not use_cache:
        return (injected if injected is not None else DedupEncoder(inner)), None
    from ..cache import check_not_in_repository, default_cache_dir

    check_not_in_repository(default_cache_dir())
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
