"""The ``aligncheck`` command line: parse, build the config, call the pipeline, render, exit.

Exit codes (a CI gate depends on them): 0 passed, 1 gate failed, 2 usage or configuration
error, 3 input error, 4 model error, 123 internal error. No traceback unless ``--debug``.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
import tempfile
import traceback

import click

from .config import FAIL_ON, SEGMENTATIONS, Config
from .errors import AlignCheckError, ConfigError, InputError
from .formats import INPUT_FORMATS

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_INPUT, EXIT_MODEL, EXIT_INTERNAL = 0, 1, 2, 3, 4, 123
FORMATS = ("text", "json", "markdown")


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
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"cannot write report to {path}: {exc.strerror or exc}") from exc


def _use_color(flag: bool | None, output: str | None) -> bool:
    if flag is not None:
        return flag
    if output or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(sys.stdout, "isatty", lambda: False)())


class _progress_bar:
    """A rich progress bar on stderr while sentences are embedded; silent unless stderr is a
    terminal (CI logs stay clean) and off with ``NO_COLOR``-independent ``ALIGNCHECK_NO_PROGRESS``."""

    def __enter__(self):
        self._bar = None
        if not getattr(sys.stderr, "isatty", lambda: False)() or os.environ.get("ALIGNCHECK_NO_PROGRESS"):
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("embedding sentences"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("embed", total=None)
        return self._update

    def _update(self, done: int, total: int) -> None:
        self._bar.update(self._task, completed=done, total=total)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()
        return False


class _Group(click.Group):
    """Runs a command and maps aligncheck's errors to exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AlignCheckError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc(file=sys.stderr)
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
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


@main.command()
@click.argument("source", type=click.Path(dir_okay=True, allow_dash=False))
@click.argument("target", required=False, type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--source-lang", default="ar", show_default=True, help="Language of SOURCE (ISO 639-1).")
@click.option("--target-lang", default="en", show_default=True, help="Language of TARGET (ISO 639-1).")
@click.option("--segmentation", type=click.Choice(SEGMENTATIONS), default="sentences", show_default=True,
              help="'lines': each non-empty line is one segment (pre-segmented files).")
@click.option("--model", default=None, metavar="NAME_OR_PATH",
              help="A sentence-transformers model (hub id or local folder). Default: the bundled offline model.")
@click.option("--model-revision", default=None, metavar="REV", help="Pin a hub model to a revision (tag, branch, commit).")
@click.option("--trust-remote-code", is_flag=True, help="Let a hub model run its own code (off by default).")
@click.option("--encoding", default=None, metavar="CODEC", help="Read both files with this codec instead of UTF-8/BOM detection.")
@click.option("--source-encoding", default=None, metavar="CODEC", help="Codec of SOURCE only (overrides --encoding).")
@click.option("--target-encoding", default=None, metavar="CODEC", help="Codec of TARGET only (overrides --encoding).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Input file format ('auto': by extension; unknown extensions are plain text).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--output", "-o", default=None, metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding reaches this severity.")
@click.option("--max-bead", type=click.IntRange(1, 3), default=None, help="Most sentences on one side of a bead.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: only on a terminal, never with NO_COLOR).")
@click.pass_context
def check(ctx: click.Context, source, target, source_lang, target_lang, segmentation, model, model_revision,
          trust_remote_code, encoding, source_encoding, target_encoding, input_format, fmt, output, fail_on,
          max_bead, color) -> None:
    """Align SOURCE with its translation TARGET and report faults.

    With one FILE holding the source block followed by the target block (one paragraph a
    line, as in corpora/seed/bilingual.txt), the file is split by script. A bilingual
    translation file (.tmx, .xlf/.xliff, .po, .csv, .tsv) is given alone and checked unit by
    unit; JSON/YAML catalogs are given as SOURCE and TARGET and paired by key.
    """
    from . import documents, formats
    from .pipeline import check_documents, check_units
    from .report import render

    if (model_revision or trust_remote_code) and not model:
        raise ConfigError("--model-revision and --trust-remote-code apply to a --model; the bundled model has neither")
    values = dict(source_lang=source_lang, target_lang=target_lang, segmentation=segmentation, model=model,
                  model_revision=model_revision, trust_remote_code=trust_remote_code, fail_on=fail_on)
    if max_bead is not None:
        values["max_bead"] = max_bead
    config = Config().replace(**values)

    notes: list[str] = []
    in_fmt = formats.detect_format(source, input_format)
    if target is not None and input_format == "auto" and formats.detect_format(target) != in_fmt:
        raise ConfigError(f"{source} reads as {in_fmt} but {target} as {formats.detect_format(target)}; "
                          "pass --input-format to read both the same way")
    if target is None and in_fmt not in ("text",) + formats.BILINGUAL_FORMATS:
        raise ConfigError(f"a {in_fmt} file holds one language: give the SOURCE and the TARGET file")
    encoder = (ctx.obj or {}).get("encoder")
    if encoder is not None and model is not None:
        raise ConfigError("internal: an encoder was injected and --model given; use one")
    if in_fmt in formats.UNIT_FORMATS:
        units = formats.read_units(source, target, fmt=in_fmt, source_lang=source_lang, target_lang=target_lang,
                                   encoding=encoding, source_encoding=source_encoding, target_encoding=target_encoding)
        with _progress_bar() as progress:
            result = check_units(units, config=config, encoder=encoder, progress=progress)
        src_doc = tgt_doc = None
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
        tgt_doc = formats.read_document(target, target_lang, fmt=in_fmt, mode=segmentation,
                                        encoding=target_encoding or encoding, role="target")

    if src_doc is not None:
        with _progress_bar() as progress:
            result = check_documents(src_doc, tgt_doc, config=config, encoder=encoder, notes=tuple(notes),
                                     progress=progress)
        if in_fmt != "text":  # the reader decides what is compared: part of what produced the result
            result = dataclasses.replace(result, signature=f"{result.signature}|input:{in_fmt}")
    colored = fmt == "text" and _use_color(color, output)
    report = render(result, fmt, color=colored)
    if output:
        _write_report(output, report, tuple(p for p in (source, target) if p))
    else:
        click.echo(report, nl=not report.endswith("\n"), color=colored)
    ctx.exit(EXIT_PASSED if result.passed else EXIT_FAILED)


if __name__ == "__main__":  # pragma: no cover
    main()
