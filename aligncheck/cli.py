"""The ``aligncheck`` command line: parse, build the config, call the pipeline, render, exit.

Exit codes (a CI gate depends on them): 0 passed, 1 gate failed, 2 usage or configuration
error, 3 input error, 4 model error, 123 internal error. No traceback unless ``--debug``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import sys
import tempfile
import traceback
from pathlib import Path

import click

from .config import CHECK_IDS, FAIL_ON, SEGMENTATIONS, Config
from .errors import AlignCheckError, ConfigError, InputError
from .formats import INPUT_FORMATS

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_INPUT, EXIT_MODEL, EXIT_INTERNAL = 0, 1, 2, 3, 4, 123
FORMATS = ("text", "json", "markdown", "github", "sarif", "junit", "gitlab", "html")
#: the size GitHub accepts for one step's job summary (``$GITHUB_STEP_SUMMARY``)
STEP_SUMMARY_LIMIT = 1024 * 1024


def _write_report(path: str, data: str, inputs: tuple[str, ...]) -> None:
    """Write ``data`` to ``path``: atomically (temporary file + rename) for a regular file, with
    the permissions a plain ``open`` would give (the existing file's mode, else 0666 & ~umask),
    through symlinks, and directly for a device or pipe (``/dev/stdout``, ``/dev/null``).

    Raises:
        ConfigError: ``path`` is one of the input files.
        InputError: the file cannot be written.
    """
    for inp in inputs:
        try:
            if os.path.exists(path) and os.path.samefile(path, inp):
                raise ConfigError(f"--output {path} is an input file; write the report somewhere else")
        except OSError:
            pass
    real = os.path.realpath(path)
    try:
        st = os.stat(real) if os.path.exists(real) else None
        if st is not None and not stat.S_ISREG(st.st_mode):
            with open(real, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
            return
        if st is not None:
            mode = stat.S_IMODE(st.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        fd, tmp = tempfile.mkstemp(prefix=".aligncheck-", dir=os.path.dirname(real) or ".")
    except OSError as exc:
        raise InputError(f"cannot write report to {path}: {exc.strerror or exc}") from exc
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.replace(tmp, real)
    except BaseException as exc:  # also an interrupt: never leave the temporary file behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write report to {path}: {exc.strerror or exc}") from exc
        raise


def _output_options(fn):
    """Add ``--output-FORMAT FILE`` for every report format (several reports from one run)."""
    for name in reversed(FORMATS):
        fn = click.option(f"--output-{name}", f"output_{name}", default=None, metavar="FILE",
                          help=f"Also write the {name} report to FILE.")(fn)
    return fn


def _extra_outputs(outputs: dict, output: str | None) -> list[tuple[str, str]]:
    """``[(format, path)]`` of the ``--output-FORMAT`` options given, in :data:`FORMATS` order.

    Raises:
        ConfigError: two reports would go to the same file.
    """
    chosen = [(name, outputs.get(f"output_{name}")) for name in FORMATS]
    chosen = [(name, path) for name, path in chosen if path]
    paths = [os.path.realpath(p) for _, p in chosen] + ([os.path.realpath(output)] if output else [])
    if len(set(paths)) != len(paths):
        raise ConfigError("two reports are written to the same file; give each --output option its own file")
    return chosen


def _append_step_summary(markdown: str) -> str | None:
    """Append ``markdown`` (the Markdown report, under 60 KiB) to ``$GITHUB_STEP_SUMMARY`` when
    that variable is set (GitHub Actions). Returns a warning to print, or ``None``."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None
    data = markdown if markdown.endswith("\n") else markdown + "\n"
    if len(data.encode("utf-8")) >= STEP_SUMMARY_LIMIT:  # pragma: no cover - the renderer caps at 60 KiB
        return "the job summary is too large for GitHub; not written"
    try:
        with open(path, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
    except OSError as exc:
        return f"cannot append the job summary to {path}: {exc.strerror or exc}"
    return None


def _severity_overrides(items: tuple[str, ...]) -> dict[str, str]:
    """``("tokens=error", ...)`` -> ``{"tokens": "error"}``; a malformed item is a ConfigError."""
    out = {}
    for item in items:
        check_id, sep, level = item.partition("=")
        if not sep or not check_id.strip() or not level.strip():
            raise ConfigError(f"--severity takes CHECK=LEVEL, e.g. --severity tokens=error, not {item!r}")
        out[check_id.strip()] = level.strip().lower()
    return out


def _use_color(flag: bool | None, output: str | None) -> bool:
    if flag is not None:
        return flag
    if output or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(sys.stdout, "isatty", lambda: False)())


def _terminal_width() -> int | None:
    """Columns of the terminal stdout is, or ``None`` when stdout is not a terminal (then the
    text report is not wrapped). ``COLUMNS`` overrides the size the terminal reports."""
    if not getattr(sys.stdout, "isatty", lambda: False)():
        return None
    import shutil

    return shutil.get_terminal_size().columns


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
        ConfigError: ``ALIGNCHECK_CACHE_MAX_MB`` is not a number.
    """
    from .embed import DedupEncoder, load_encoder

    inner = injected if injected is not None else load_encoder(
        config.model, config.model_revision, trust_remote_code=config.trust_remote_code,
        bundled_mode=config.bundled_mode)
    if not use_cache:
        return (injected if injected is not None else DedupEncoder(inner)), None
    from .cache import EmbeddingCache

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
        import signal
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
            import signal

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
            click.echo(f"error: {exc}", err=True)
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
                f"error: internal error ({type(exc).__name__}: {exc}); rerun with --debug for the traceback "
                "and report it",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aligncheck", prog_name="aligncheck")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Check a translation against its source: omissions, additions, mismatches."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug or ctx.obj.get("debug", False)
    test_encoder = os.environ.get(TEST_ENCODER_ENV)
    if test_encoder and ctx.obj.get("encoder") is None:
        ctx.obj["encoder"] = _test_encoder(test_encoder)


#: TEST ONLY: ``module:callable`` returning an encoder that replaces the model, so that tests
#: can drive the CLI in a subprocess (e.g. killing a batch) with a fake encoder. Not a feature.
TEST_ENCODER_ENV = "ALIGNCHECK_TEST_ENCODER"


def _test_encoder(spec: str):
    """The encoder ``module:callable`` (``$ALIGNCHECK_TEST_ENCODER``) builds.

    Raises:
        ConfigError: the value is not ``module:callable`` or cannot be imported.
    """
    import importlib

    module, _, attr = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)()
    except (ImportError, AttributeError, ValueError) as exc:
        raise ConfigError(f"{TEST_ENCODER_ENV}={spec!r} (test only) cannot be loaded: {exc}") from None


#: CLI options that set a Config field (option name -> field); given on the command line, they
#: override the project file
_CONFIG_OPTIONS = ("source_lang", "target_lang", "segmentation", "model", "model_revision", "trust_remote_code",
                   "fail_on", "max_bead")


def _model_options(fn):
    """The options every checking command shares: languages, segmentation, model, gate."""
    for decorator in reversed([
        click.option("--source-lang", default="ar", show_default=True, help="Language of the source (ISO 639-1)."),
        click.option("--target-lang", default="en", show_default=True, help="Language of the target (ISO 639-1)."),
        click.option("--segmentation", type=click.Choice(SEGMENTATIONS), default="sentences", show_default=True,
                     help="'lines': each non-empty line is one segment (pre-segmented files)."),
        click.option("--model", default=None, metavar="NAME_OR_PATH",
                     help="A sentence-transformers model (hub id or local folder). Default: the bundled offline model."),
        click.option("--model-revision", default=None, metavar="REV",
                     help="Pin a hub model to a revision (tag, branch, commit)."),
        click.option("--trust-remote-code", is_flag=True, help="Let a hub model run its own code (off by default)."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
                     help="Exit 1 when a finding reaches this severity."),
        click.option("--max-bead", type=click.IntRange(1, 3), default=None, help="Most sentences on one side of a bead."),
        click.option("--disable", multiple=True, type=click.Choice(CHECK_IDS), metavar="CHECK",
                     help="Turn a check off (repeatable), e.g. --disable tokens."),
        click.option("--severity", "severities", multiple=True, metavar="CHECK=LEVEL",
                     help="Report a check at another severity (repeatable), e.g. --severity negation=warning."),
        click.option("--config", "config_file", default=None, metavar="FILE",
                     help="Project file (aligncheck.toml or pyproject.toml). Default: found from the current folder up "
                          "to the repository root. Options given here override it."),
        click.option("--no-cache", is_flag=True,
                     help="Do not read or write the on-disk embedding cache (location: $ALIGNCHECK_CACHE_DIR, "
                          "default ~/.cache/aligncheck)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar (it shows only on a terminal anyway)."),
    ]):
        fn = decorator(fn)
    return fn


def _report_options(fn):
    """The options of commands that write reports."""
    for decorator in reversed([
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                     help="Report format."),
        click.option("--output", "-o", default=None, metavar="FILE", help="Write the report to FILE instead of stdout."),
        _output_options,
        click.option("--color/--no-color", default=None,
                     help="Colour the text report (default: only on a terminal, never with NO_COLOR)."),
        click.option("--baseline", "baseline_file", default=None, metavar="FILE",
                     help="Do not report the findings accepted in this baseline file (see 'aligncheck baseline'). "
                          "Default: .aligncheck-baseline.json beside the project file, when it exists."),
    ]):
        fn = decorator(fn)
    return fn


def _project_and_config(ctx: click.Context, params: dict, for_paths: tuple[str, ...] = ()):
    """The project file and the :class:`Config` of a run: the project's values (overrides for
    ``for_paths`` applied) with the options given on the command line on top.

    Raises:
        ConfigError: a bad project file or option.
    """
    from .project import load_project

    project = load_project(params.get("config_file"), start=".")
    rel = []
    for p in for_paths:
        try:
            rel.append(Path(p).resolve().relative_to(project.root).as_posix())
        except ValueError:
            pass
    return project, _with_cli_values(ctx, params, project.config(for_paths=tuple(rel)))


def _with_cli_values(ctx: click.Context, params: dict, base: Config) -> Config:
    values = {}
    for name in _CONFIG_OPTIONS:
        if ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT) and params.get(name) is not None:
            values[name] = params[name]
    if params.get("disable"):
        values["disable"] = tuple(params["disable"])
    if params.get("severities"):
        values["severity"] = _severity_overrides(params["severities"])
    config = base.replace(**values)
    if (config.model_revision or config.trust_remote_code) and not config.model:
        raise ConfigError("--model-revision and --trust-remote-code apply to a --model; the bundled model has neither")
    return config


def _baseline_for(project, baseline_file: str | None) -> tuple[frozenset[str], str | None]:
    """The accepted fingerprints: from ``baseline_file``, else from the project's default
    baseline file when it exists, else none."""
    from .baseline import BASELINE_FILE, load_baseline

    if baseline_file is None:
        default = project.root / BASELINE_FILE
        if not default.is_file():
            return frozenset(), None
        baseline_file = str(default)
    return load_baseline(baseline_file), baseline_file


#: a lone surrogate: what a file name that is not valid UTF-8 becomes in Python
_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD. A file name that is not valid UTF-8
    reaches Python as lone surrogates (``b"ar\\xff.txt"`` -> ``"ar\\udcff.txt"``), which no UTF-8
    report can hold; every report is written through this."""
    return _SURROGATE.sub("\ufffd", text)


def _encodable_result(result):
    """``result`` with lone surrogates (see :func:`_encodable`) replaced in its paths, notes and
    finding messages, the only places a file name reaches; decoded texts never hold any."""
    if not any(_SURROGATE.search(t) for t in (result.source.path, result.target.path, *result.notes,
                                              *(f.message for f in result.findings))):
        return result
    return dataclasses.replace(
        result,
        source=dataclasses.replace(result.source, path=_encodable(result.source.path)),
        target=dataclasses.replace(result.target, path=_encodable(result.target.path)),
        notes=tuple(_encodable(n) for n in result.notes),
        findings=tuple(dataclasses.replace(f, message=_encodable(f.message)) for f in result.findings),
    )


def _emit(ctx: click.Context, results: list, *, fmt: str, output: str | None, outputs: dict, color,
          inputs: tuple[str, ...], many: bool, skipped: int = 0) -> None:
    """Render ``results`` to stdout or ``--output``, the ``--output-FORMAT`` files and the job
    summary; exit 0 or 1 by the gate."""
    from .report import render, render_many

    results = [_encodable_result(r) for r in results]

    def rend(f: str, colored: bool = False, width: int | None = None) -> str:
        if many:
            return _encodable(render_many(results, f, color=colored, skipped=skipped, width=width))
        return _encodable(render(results[0], f, color=colored, width=width))

    extra = _extra_outputs(outputs, output)
    colored = fmt == "text" and _use_color(color, output)
    report = rend(fmt, colored, _terminal_width() if fmt == "text" and not output else None)
    for extra_fmt, path in extra:
        _write_report(path, rend(extra_fmt), inputs)
    if output:
        _write_report(output, report, inputs)
    else:
        click.echo(report, nl=not report.endswith("\n"), color=colored)
    warning = _append_step_summary(rend("markdown")) if os.environ.get("GITHUB_STEP_SUMMARY") else None
    if warning:
        click.echo(f"warning: {warning}", err=True)
    ctx.exit(EXIT_PASSED if all(r.passed for r in results) else EXIT_FAILED)


@main.command()
@click.argument("source", type=click.Path(dir_okay=True, allow_dash=False))
@click.argument("target", required=False, type=click.Path(dir_okay=True, allow_dash=False))
@_model_options
@click.option("--encoding", default=None, metavar="CODEC", help="Read both files with this codec instead of UTF-8/BOM detection.")
@click.option("--source-encoding", default=None, metavar="CODEC", help="Codec of SOURCE only (overrides --encoding).")
@click.option("--target-encoding", default=None, metavar="CODEC", help="Codec of TARGET only (overrides --encoding).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Input file format ('auto': by extension; unknown extensions are plain text).")
@_report_options
@click.pass_context
def check(ctx: click.Context, source, target, encoding, source_encoding, target_encoding, input_format, fmt, output,
          color, no_cache, baseline_file, config_file, quiet, **params) -> None:
    """Align SOURCE with its translation TARGET and report faults.

    With one FILE holding the source block followed by the target block (one paragraph a
    line, as in corpora/seed/bilingual.txt), the file is split by script. A bilingual
    translation file (.tmx, .xlf/.xliff, .po, .csv, .tsv) is given alone and checked unit by
    unit; JSON/YAML catalogs are given as SOURCE and TARGET and paired by key.
    """
    from . import documents, formats
    from .baseline import apply_baseline
    from .pipeline import check_documents, check_units
    from .suppress import apply_markers, read_marked_document

    outputs = {k: params.pop(k) for k in list(params) if k.startswith("output_")}
    params["config_file"] = config_file
    project, config = _project_and_config(ctx, params, tuple(p for p in (source, target) if p))
    source_lang, target_lang, segmentation = config.source_lang, config.target_lang, config.segmentation

    in_fmt = formats.detect_format(source, input_format)
    if target is not None and input_format == "auto" and formats.detect_format(target) != in_fmt:
        raise ConfigError(f"{source} reads as {in_fmt} but {target} as {formats.detect_format(target)}; "
                          "pass --input-format to read both the same way")
    if target is None and in_fmt not in ("text",) + formats.BILINGUAL_FORMATS:
        raise ConfigError(f"a {in_fmt} file holds one language: give the SOURCE and the TARGET file")
    encoder = (ctx.obj or {}).get("encoder")
    if encoder is not None and config.model is not None:
        raise ConfigError("internal: an encoder was injected and --model given; use one")

    notes: list[str] = []
    markers: list = []
    units = src_doc = tgt_doc = None
    if in_fmt in formats.UNIT_FORMATS:
        units = formats.read_units(source, target, fmt=in_fmt, source_lang=source_lang, target_lang=target_lang,
                                   encoding=encoding, source_encoding=source_encoding, target_encoding=target_encoding)
    elif target is None:
        text, used = documents.read_text(source, encoding=source_encoding or encoding, role="source")
        src_text, tgt_text = documents.split_bilingual(text, path=source, source_lang=source_lang, target_lang=target_lang)
        first = next(n for n, line in enumerate(tgt_text.splitlines(), 1) if line.strip())
        notes.append(
            f"{source} holds both languages: split by script into {source_lang} (lines 1-{first - 1}) "
            f"and {target_lang} (lines {first}-)"
        )
        src_doc = documents.make_document(src_text, path=source, lang=source_lang, mode=segmentation, encoding=used, role="source")
        tgt_doc = documents.make_document(tgt_text, path=source, lang=target_lang, mode=segmentation, encoding=used, role="target")
    else:
        src_doc = formats.read_document(source, source_lang, fmt=in_fmt, mode=segmentation,
                                        encoding=source_encoding or encoding, role="source")
        tgt_doc, markers = read_marked_document(target, target_lang, mode=segmentation,
                                                encoding=target_encoding or encoding, role="target", fmt=in_fmt)
    accepted, _ = _baseline_for(project, baseline_file)

    with _progress_bar(None, quiet) as display:
        display.phase("loading the model")
        encoder, cache = _run_encoder(encoder, config, use_cache=not no_cache)
        display.phase("embedding")
        progress = display.sentences
        try:
            if units is not None:
                result = check_units(units, config=config, encoder=encoder, progress=progress)
            else:
                result = check_documents(src_doc, tgt_doc, config=config, encoder=encoder, notes=tuple(notes),
                                         progress=progress)
                if in_fmt != "text":  # the reader decides what is compared: part of what produced the result
                    result = dataclasses.replace(result, signature=f"{result.signature}|input:{in_fmt}")
        finally:
            if cache is not None:
                cache.close()
    if cache is not None and cache.write_error:
        click.echo(f"warning: {cache.write_error}; embeddings were not cached", err=True)
    result, _ = apply_markers(result, markers)
    if accepted:
        result, _ = apply_baseline(result, accepted)
    _emit(ctx, [result], fmt=fmt, output=output, outputs=outputs, color=color,
          inputs=tuple(p for p in (source, target) if p), many=False)


def _check_project(ctx: click.Context, params: dict, base: str | None, no_cache: bool, quiet: bool = False):
    """Check the project's pairs (those changed since ``base``) with one cached encoder per
    model; returns (project, selection, results)."""
    from .ci import check_pairs, select_pairs

    project, _ = _project_and_config(ctx, params)
    selection = select_pairs(project, base)
    injected = (ctx.obj or {}).get("encoder")
    caches = []

    display = _progress_bar("pairs", quiet)

    def encoder_for(config: Config):
        if injected is not None and config.model is not None:
            raise ConfigError("internal: an encoder was injected and a model configured; use one")
        display.phase("loading the model")
        encoder, cache = _run_encoder(injected, config, use_cache=not no_cache)
        display.phase("checking")
        if cache is not None:
            caches.append(cache)
        return encoder

    try:
        with display:
            display.units(0, len(selection.pairs))
            results = check_pairs(
                project, selection, progress=display.units, encoder_for=encoder_for, embed_progress=display.sentences,
                config_for=lambda pair: _with_cli_values(ctx, params, project.config(for_paths=(pair.source, pair.target))),
            )
    finally:
        for cache in caches:
            cache.close()
    for cache in caches:
        if cache.write_error:
            click.echo(f"warning: {cache.write_error}; embeddings were not cached", err=True)
    return project, selection, results


@main.command()
@click.option("--base", default=None, metavar="REF",
              help="Check only the pairs where a file changed between git revision REF and the working tree.")
@_model_options
@_report_options
@click.pass_context
def ci(ctx: click.Context, base, fmt, output, color, no_cache, baseline_file, config_file, quiet, **params) -> None:
    """Check the file pairs of the project file ([tool.aligncheck] pairs), or with --base only
    those that changed: a summary line per pair and a total; exit 1 when a pair fails the gate.
    """
    from .baseline import apply_baseline

    outputs = {k: params.pop(k) for k in list(params) if k.startswith("output_")}
    params["config_file"] = config_file
    project, selection, results = _check_project(ctx, params, base, no_cache, quiet)
    accepted, _ = _baseline_for(project, baseline_file)
    if accepted:
        results = [apply_baseline(r, accepted)[0] for r in results]
    if not results:
        if base is None:
            click.echo(f"aligncheck ci: no file matches the source globs of the pairs in {project.path}")
        else:
            click.echo(f"aligncheck ci: no pair changed since {base} ({len(selection.skipped)} pairs unchanged)")
        ctx.exit(EXIT_PASSED)
    inputs = tuple(str(project.root / p) for pair in selection.pairs for p in (pair.source, pair.target))
    _emit(ctx, results, fmt=fmt, output=output, outputs=outputs, color=color, inputs=inputs, many=True,
          skipped=len(selection.skipped))


@main.command()
@_model_options
@click.option("--output", "-o", default=None, metavar="FILE",
              help="Baseline file to write. Default: .aligncheck-baseline.json beside the project file.")
@click.pass_context
def baseline(ctx: click.Context, output, no_cache, config_file, quiet, **params) -> None:
    """Accept every current finding: check all pairs of the project file and write their
    fingerprints to a baseline file; later 'check' and 'ci' runs report only new findings."""
    from .baseline import BASELINE_FILE, baseline_json

    params["config_file"] = config_file
    project, selection, results = _check_project(ctx, params, None, no_cache, quiet)
    path = output or str(project.root / BASELINE_FILE)
    inputs = tuple(str(project.root / p) for pair in selection.pairs for p in (pair.source, pair.target))
    _write_report(path, baseline_json(results), inputs)
    n = sum(len(r.findings) for r in results)
    click.echo(f"aligncheck baseline: {n} finding{'s' if n != 1 else ''} of {len(results)} pairs accepted in {path}")
    ctx.exit(EXIT_PASSED)


@main.command()
@click.argument("manifest", type=click.Path(dir_okay=False, allow_dash=False))
@_model_options
@click.option("--output", "-o", required=True, metavar="FILE.jsonl",
              help="Results: one JSON line per pair (the 'check --format json' report plus its id), in manifest "
                   "order. An existing file is resumed: pairs already in it are skipped.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for reading, aligning and checking (0: one per core). Embedding runs in "
                   "this process, in large batches across documents.")
@click.option("--engine", type=click.Choice(("local", "ray")), default="local", show_default=True,
              help="'ray': embed in a pool of Ray actors and check in Ray tasks (pip install 'aligncheck[ray]').")
@click.option("--address", default=None, metavar="ADDRESS",
              help="Ray cluster to join with --engine ray (default: $RAY_ADDRESS, else a local Ray instance).")
@click.option("--embed-actors", type=click.IntRange(min=1), default=None,
              help="With --engine ray: embedding actors, each loading the model once (default: half the cluster's CPUs).")
@click.option("--summary-format", type=click.Choice(("text", "markdown", "html")), default="text", show_default=True,
              help="Format of the summary printed on stdout.")
@click.pass_context
def batch(ctx: click.Context, manifest, output, jobs, engine, address, embed_actors, summary_format, no_cache,
          config_file, quiet, **params) -> None:
    """Check every pair of MANIFEST and write one result line per pair to --output.

    MANIFEST is TSV with a header row (source, target, optional id, or source_text/target_text
    for inline texts, and per-pair options segmentation, source_lang, target_lang,
    input_format, encoding) or JSONL with the same keys. Paths are relative to the manifest's
    folder. The options of 'check' apply to every pair. Prints a summary; exit 1 when a pair
    fails the gate.
    """
    from . import batch as _batch

    params["config_file"] = config_file
    _, config = _project_and_config(ctx, params)
    specs = _batch.read_manifest(manifest)
    if os.path.exists(output):
        for spec in specs:
            for path in (spec.source, spec.target):
                try:
                    if path and os.path.samefile(path, output):
                        raise ConfigError(f"--output {output} is an input file of {spec.where}; write elsewhere")
                except OSError:
                    pass
    injected = (ctx.obj or {}).get("encoder")
    if injected is not None and config.model is not None:
        raise ConfigError("internal: an encoder was injected and --model given; use one")
    if jobs == 0:
        jobs = os.cpu_count() or 1
    from .progress import ProgressEncoder

    display = _progress_bar("pairs", quiet)
    display.__enter__()
    cache = None
    try:
        chunk = 64
        if engine == "ray":
            from .ray_engine import CHUNK, start_ray

            display.phase("starting Ray")
            runtime = start_ray(address or os.environ.get("RAY_ADDRESS"), config)
            display.phase("loading the model")
            inner, executor = runtime.engine(config, injected=injected, actors=embed_actors,
                                             cache_dir=None if no_cache else _cache_dir())
            encoder, cache = _run_encoder(inner, config, use_cache=not no_cache)
            chunk = CHUNK * max(1, len(getattr(inner, "actors", ()) or ()))
        else:
            display.phase("loading the model")
            encoder, cache = _run_encoder(injected, config, use_cache=not no_cache)
            if jobs > 1:
                fallback = injected if injected is not None else _batch.ModelSource(
                    config.model, config.model_revision, config.trust_remote_code, config.bundled_mode,
                    None if no_cache else _cache_dir())
                executor = _batch.ProcessExecutor(jobs, fallback)
            else:
                executor = _batch.SerialExecutor(encoder)
        display.phase("reading")
        summary = _batch.run_batch(specs, config=config, output=output, executor=executor, progress=display.units,
                                   encoder=ProgressEncoder(encoder, display, chunk=chunk, window=_batch.WINDOW_PAIRS))
    finally:
        display.__exit__(None, None, None)
        if cache is not None:
            cache.close()
    if cache is not None and cache.write_error:
        click.echo(f"warning: {cache.write_error}; embeddings were not cached", err=True)
    report = _batch.render_summary(summary, summary_format)
    click.echo(report, nl=False)
    ctx.exit(EXIT_PASSED if summary.ok else EXIT_FAILED)


def _cache_dir() -> str:
    from .cache import default_cache_dir

    return str(default_cache_dir())


if __name__ == "__main__":  # pragma: no cover
    main()
