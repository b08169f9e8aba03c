"""The ``aligncheck`` command line: parse, build the config, call the pipeline, render, exit.

Exit codes (a CI gate depends on them): 0 passed, 1 gate failed, 2 usage or configuration
error, 3 input error, 4 model error, 123 internal error. No traceback unless ``--debug``.
"""

from __future__ import annotations

import os
import sys  # noqa: F401  (tests patch cli.sys.stderr)
from pathlib import Path

import click

from .. import batch as _batch
from ..batch.ray import start_ray
from ..cache import default_cache_dir
from ..config import CHECK_IDS, FAIL_ON, SEGMENTATIONS, Config
from ..errors import ConfigError, InputError
from ..project.baseline import BASELINE_FILE, apply_baseline, baseline_json, load_baseline
from ..formats import INPUT_FORMATS
from ..formats.router import choose_format, route
from ..project.gate import check_default_baseline, gate_for
from ..neutralise import neutralise
from ..pipeline import check_input
from ..project import load_project
from ..project.ci import check_pairs, select_pairs
from ..report import FORMATS
from .output import _emit, _output_options, _write_report
from .progress import ProgressEncoder
from .runtime import (EXIT_FAILED, EXIT_INPUT, EXIT_INTERNAL, EXIT_MODEL, EXIT_PASSED, EXIT_USAGE,  # noqa: F401
                          TEST_ENCODER_ENV, _Group, _progress_bar, _run_encoder, _test_encoder)


def _severity_overrides(items: tuple[str, ...]) -> dict[str, str]:
    """``("tokens=error", ...)`` -> ``{"tokens": "error"}``; a malformed item is a ConfigError."""
    out = {}
    for item in items:
        check_id, sep, level = item.partition("=")
        if not sep or not check_id.strip() or not level.strip():
            raise ConfigError(f"--severity takes CHECK=LEVEL, e.g. --severity tokens=error, not {item!r}")
        out[check_id.strip()] = level.strip().lower()
    return out




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



#: CLI options that set a Config field (option name -> field); given on the command line, they
#: override the project file
_CONFIG_OPTIONS = ("source_lang", "target_lang", "segmentation", "model", "model_revision", "trust_remote_code",
                   "fail_on", "max_bead", "glossary", "max_length")


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
        click.option("--glossary", default=None, metavar="FILE",
                     help="Glossary (CSV/TSV: source, target, forbidden, dnt, note) for the terminology check."),
        click.option("--max-length", type=click.IntRange(1), default=None, metavar="N",
                     help="Most characters a translation unit's target may have (the length check)."),
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
    if config.model is not None and not config.model.strip():
        raise ConfigError("--model needs a hub id or a local folder, not an empty name; leave it out for the bundled "
                          "model")
    if config.trust_remote_code and config.model and "model" not in values:
        # the model comes from the project file (a pull request may set it): never let it run code
        raise ConfigError(
            f"--trust-remote-code applies only to a model named with --model on the command line, not to the "
            f"model {config.model!r} of the project file; pass --model as well (or drop --trust-remote-code)")
    if config.trust_remote_code and config.model_revision and "model_revision" not in values:
        # the revision comes from the project file (a pull request may set it, e.g. to a hub's refs/pr/N)
        raise ConfigError(
            f"--trust-remote-code applies only to a model revision named with --model-revision on the command line, "
            f"not to the revision {config.model_revision!r} of the project file; pass --model-revision as well (or "
            f"drop --trust-remote-code)")
    if (config.model_revision or config.trust_remote_code) and not config.model:
        raise ConfigError("--model-revision and --trust-remote-code apply to a --model; the bundled model has neither")
    return config


def _baseline_for(project, baseline_file: str | None) -> tuple[frozenset[str], str | None]:
    """The accepted fingerprints: from ``baseline_file``, else from the project's default
    baseline file when it exists, else none."""
    if baseline_file is None:
        default = project.root / BASELINE_FILE
        if not default.is_file():
            return frozenset(), None
        from ..project import repository_root

        check_default_baseline(str(default), repository_root(project.root))
        baseline_file = str(default)
    return load_baseline(baseline_file), baseline_file



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
    outputs = {k: params.pop(k) for k in list(params) if k.startswith("output_")}
    params["config_file"] = config_file
    project, config = _project_and_config(ctx, params, tuple(p for p in (source, target) if p))
    choose_format(source, target, input_format, one_file=target is None)  # a usage error before reading
    from ..project.config_file import repository_root, under_git_folder

    for role, path in (("source", source), ("target", target)):
        if path and under_git_folder(repository_root(os.path.dirname(os.path.abspath(path))), path):
            raise InputError(f"{role} file {path} is or leads into a .git folder; git's own files (which may hold "
                             "the checkout's credentials) are never read")
    encoder = (ctx.obj or {}).get("encoder")
    if encoder is not None and config.model is not None:
        raise ConfigError("internal: an encoder was injected and --model given; use one")
    inp = route(source, target, config=config, input_format=input_format, encoding=encoding,
                source_encoding=source_encoding, target_encoding=target_encoding)
    accepted, _ = _baseline_for(project, baseline_file)

    with _progress_bar(None, quiet) as display:
        display.phase("loading the model")
        encoder, cache = _run_encoder(encoder, config, use_cache=not no_cache)
        encoder = ProgressEncoder(encoder, display, chunk=16, advance=True)  # counts within each call
        display.phase("embedding")
        try:
            result = check_input(inp, config=config, encoder=encoder, progress=display.sentences)
        finally:
            if cache is not None:
                cache.close()
    if cache is not None and cache.write_error:
        click.echo(f"warning: {neutralise(cache.write_error)}; embeddings were not cached", err=True)
    if accepted:
        result, _ = apply_baseline(result, accepted)
    _emit(ctx, [result], fmt=fmt, output=output, outputs=outputs, color=color,
          inputs=tuple(p for p in (source, target) if p), many=False)


def _check_project(ctx: click.Context, params: dict, base: str | None, no_cache: bool, quiet: bool = False,
                   gate=None):
    """Check the project's pairs (those changed since ``base``) with one cached encoder per
    model; returns (project, selection, results). ``gate`` (:class:`aligncheck.project.gate.Gate`), when
    given, supplies the project (settings and pairs) instead of the working tree's file."""
    project, _ = _project_and_config(ctx, params)
    if gate is not None:
        project = gate.project
        _with_cli_values(ctx, params, project.config())  # validate the command line against it
    selection = select_pairs(project, base)
    pinned = gate.config if gate is not None else (lambda config: config)  # the base's glossary under ci --base
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
        encoder = ProgressEncoder(encoder, display, chunk=16, advance=True)  # counts within each call
        return encoder

    try:
        with display:
            display.units(0, len(selection.pairs))
            results = check_pairs(
                project, selection, progress=display.units, encoder_for=encoder_for, embed_progress=display.sentences,
                base=base, markers_from=gate.base if gate is not None else None,
                config_for=lambda pair: pinned(_with_cli_values(ctx, params,
                                                                project.config(for_paths=(pair.source, pair.target)))),
            )
    finally:
        for cache in caches:
            cache.close()
    for cache in caches:
        if cache.write_error:
            click.echo(f"warning: {neutralise(cache.write_error)}; embeddings were not cached", err=True)
    return project, selection, results


@main.command()
@click.option("--base", default=None, metavar="REF",
              help="Check only the pairs where a file changed between git revision REF and the working tree. "
                   "The project file's settings and pairs and the baseline are read as they are at REF (a pull "
                   "request cannot weaken its own gate); pairs the working tree adds are checked too.")
@click.option("--allow-config-changes", is_flag=True,
              help="With --base: use the working tree's project file and baseline (trust the pull request).")
@_model_options
@_report_options
@click.pass_context
def ci(ctx: click.Context, base, allow_config_changes, fmt, output, color, no_cache, baseline_file, config_file,
       quiet, **params) -> None:
    """Check the file pairs of the project file ([tool.aligncheck] pairs), or with --base only
    those that changed: a summary line per pair and a total; exit 1 when a pair fails the gate.
    """
    import dataclasses

    outputs = {k: params.pop(k) for k in list(params) if k.startswith("output_")}
    params["config_file"] = config_file
    project, _ = _project_and_config(ctx, params)
    gate = gate_for(project, base, baseline_file, allow_changes=allow_config_changes, default_baseline=BASELINE_FILE,
                    config_file=config_file)
    project, selection, results = _check_project(ctx, params, base, no_cache, quiet, gate=gate)
    accepted = gate.accepted
    if accepted:
        results = [apply_baseline(r, accepted)[0] for r in results]
    if gate.all_notes():
        results = [dataclasses.replace(r, notes=r.notes + gate.all_notes()) for r in results]
    if not results:
        if base is None:
            click.echo(f"aligncheck ci: no file matches the source globs of the pairs in {neutralise(str(project.path))}")
        else:
            click.echo(f"aligncheck ci: no pair changed since {neutralise(base)} ({len(selection.skipped)} pairs "
                       "unchanged)")
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
    params["config_file"] = config_file
    project, selection, results = _check_project(ctx, params, None, no_cache, quiet)
    path = output or str(project.root / BASELINE_FILE)
    inputs = tuple(str(project.root / p) for pair in selection.pairs for p in (pair.source, pair.target))
    _write_report(path, baseline_json(results), inputs)
    n = sum(len(r.findings) for r in results)
    click.echo(f"aligncheck baseline: {n} finding{'s' if n != 1 else ''} of {len(results)} pairs accepted in {neutralise(path)}")
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
@click.option("--allow-outside-paths", is_flag=True,
              help="Let the manifest name files outside its own folder (absolute paths, '..'): trust the manifest.")
@click.pass_context
def batch(ctx: click.Context, manifest, output, jobs, engine, address, embed_actors, summary_format,
          allow_outside_paths, no_cache, config_file, quiet, **params) -> None:
    """Check every pair of MANIFEST and write one result line per pair to --output.

    MANIFEST is TSV with a header row (source, target, optional id, or source_text/target_text
    for inline texts, and per-pair options segmentation, source_lang, target_lang,
    input_format, encoding) or JSONL with the same keys. Paths are relative to the manifest's
    folder. The options of 'check' apply to every pair. Prints a summary; exit 1 when a pair
    fails the gate.
    """
    params["config_file"] = config_file
    _, config = _project_and_config(ctx, params)
    specs = _batch.read_manifest(manifest, allow_outside=allow_outside_paths)
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
    display = _progress_bar("pairs", quiet)
    display.__enter__()
    cache = None
    try:
        chunk = 64
        if engine == "ray":
            from ..batch.ray import CHUNK

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
        click.echo(f"warning: {neutralise(cache.write_error)}; embeddings were not cached", err=True)
    report = _batch.render_summary(summary, summary_format)
    click.echo(report, nl=False)
    ctx.exit(EXIT_PASSED if summary.ok else EXIT_FAILED)


def _cache_dir() -> str:
    return str(default_cache_dir())


if __name__ == "__main__":  # pragma: no cover
    main()
