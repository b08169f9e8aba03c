"""Where the CLI's reports go: stdout, ``--output`` (written atomically), the
``--output-FORMAT`` files and the GitHub job summary; file names that are not valid UTF-8
made printable.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys

import click

from ..errors import ConfigError, InputError
from ..report import FORMATS, render, render_many
from .runtime import EXIT_FAILED, EXIT_PASSED


#: the size GitHub accepts for one step's job summary (``$GITHUB_STEP_SUMMARY``)
STEP_SUMMARY_LIMIT = 1024 * 1024


def _write_report(path: str, data: str, inputs: tuple[str, ...], option: str = "--output") -> None:
    """Write a report file: :func:`aligncheck.safe_output.write_report` (atomic, never through a
    symlink in the repository).

    Raises:
        ConfigError: ``path`` is one of the input files.
        InputError: the file cannot be written, or leads through a symlink in the repository.
    """
    from ..safe_output import write_report

    write_report(path, data, inputs, option)


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


def _use_color(flag: bool | None, output: str | None) -> bool:
    if flag is not None:
        return flag
    if output or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(sys.stdout, "isatty", lambda: False)())


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
    results = [_encodable_result(r) for r in results]

    def rend(f: str, colored: bool = False) -> str:
        if many:
            return _encodable(render_many(results, f, color=colored, skipped=skipped))
        return _encodable(render(results[0], f, color=colored))

    from ..neutralise import neutralise
    from ..safe_output import check_output_path

    extra = _extra_outputs(outputs, output)
    for extra_fmt, path in extra:  # refuse a planted symlink before writing anything
        check_output_path(path, f"--output-{extra_fmt}")
    if output:
        check_output_path(output)
    colored = fmt == "text" and _use_color(color, output)
    report = rend(fmt, colored)
    for extra_fmt, path in extra:
        _write_report(path, rend(extra_fmt), inputs, f"--output-{extra_fmt}")
    if output:
        _write_report(output, report, inputs)
    else:
        try:
            click.echo(report, nl=not report.endswith("\n"), color=colored)
        except OSError as exc:  # a full disk or closed pipe behind stdout
            raise InputError(f"cannot write the report to standard output: {exc.strerror or exc}") from None
    warning = _append_step_summary(rend("markdown")) if os.environ.get("GITHUB_STEP_SUMMARY") else None
    if warning:
        click.echo(f"warning: {neutralise(warning)}", err=True)
    ctx.exit(EXIT_PASSED if all(r.passed for r in results) else EXIT_FAILED)
