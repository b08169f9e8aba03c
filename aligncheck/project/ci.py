"""Checking a project's file pairs: which pairs to check, and one result per pair.

Used by ``aligncheck ci`` and ``aligncheck baseline``; never prints, never exits.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..config import Config
from ..embed import Encoder
from ..errors import ConfigError, InputError
from ..formats.router import route
from ..pipeline import MISSING_TARGET, check_input, missing_target_result  # noqa: F401  (re-exported)
from .config_file import (Pair, Project, changed_files, files_at, git_component, glob_matches, glob_prefix, inside,
                          repository_root, target_for, under_git_folder)
from ..checks import CHECKS, apply_severity
from ..checks.missing_source import MISSING_SOURCE
from ..types import Alignment, CheckResult, Document, Finding, Severity


#: most segments (source and target, every pair) one ``aligncheck ci`` run checks: each pair's
#: result is kept until the report is written, so memory grows with every pair (about 7 KiB a
#: segment when every segment is a finding, JSON report included: bench/HOSTILE.md); the bound
#: keeps a run near the 1-1.5 GiB of one pair at the per-document bound
#: (:data:`aligncheck.documents.MAX_SEGMENTS` a side)
CI_MAX_SEGMENTS = 200_000


@dataclass(frozen=True)
class Selection:
    """The pairs to check.

    Attributes:
        pairs: pairs to check (all when no base revision or no git).
        skipped: pairs left out because neither file changed since the base.
        note: why every pair is checked although a base was given (no git), else ``None``.
        orphaned: ``(pair, why)`` of each translation the pull request keeps or adds without
            a source: a pair of the base revision whose source is gone from the working tree's
            pairs (deleted, renamed, replaced by a link or a folder) while the target still
            exists, or a changed file in a pairs entry's translation folder that no source maps
            to (:func:`orphaned_pairs`); each is a ``missing_source`` error
            (:func:`missing_source_result`).
    """

    pairs: tuple[Pair, ...]
    skipped: tuple[Pair, ...] = ()
    note: str | None = None
    orphaned: tuple[tuple[Pair, str], ...] = ()


def select_pairs(project: Project, base: str | None) -> Selection:
    """The project's pairs where either side (or a folder above it: a symlink) changed between
    git revision ``base`` and the working tree, by name, never through a symlink; all pairs when ``base`` is ``None`` or the project is not in a git work tree.

    Raises:
        ConfigError: the project has no pairs, or ``base`` is not a revision.
    """
    if not project.pairs:
        where = f" in {project.path}" if project.path else " (no aligncheck.toml or [tool.aligncheck] found)"
        raise ConfigError(f"no file pairs configured{where}; add [[tool.aligncheck.pairs]] with source and target")
    pairs = project.resolve_pairs()
    if base is None:
        return Selection(tuple(pairs))
    changed = changed_files(project.root, base)
    if changed is None:
        return Selection(tuple(pairs), note=f"{project.root} is not in a git work tree: all pairs checked")
    chosen = tuple(p for p in pairs if _touched(p.source, changed) or _touched(p.target, changed))
    return Selection(chosen, tuple(p for p in pairs if p not in chosen),
                     orphaned=orphaned_pairs(project, base, changed, pairs))


def orphaned_pairs(project: Project, base: str, changed: set[str], pairs: list[Pair]) -> tuple[tuple[Pair, str], ...]:
    """The translations the pull request keeps or adds without a source, as ``(pair, why)``:

    * a pair the project's source globs made at revision ``base`` that the working tree lost
      while keeping its target: a changed name that was a file at ``base`` and matched a source
      glob there (the first entry that matches, as :meth:`Project.resolve_pairs` does), is no
      longer a pair's source, and whose target (by the same template) still exists and is no
      other pair's target;
    * a changed file that exists, is no pair's source or target, matches no source glob, and
      lies where an entry's translations go (:func:`_in_target_tree`): a page added to the
      translation folder (or renamed there, ``a.md`` to ``a.markdown``) with no source.

    Without this, a translation without a source is in no pair, so it is never checked (``no
    pair changed``) whatever the pull request wrote in it.
    """
    sources = {p.source for p in pairs}
    targets = {p.target for p in pairs}
    candidates = sorted(n for n in changed if n not in sources and n not in targets and not git_component(n))
    if not candidates:
        return ()
    at_base = files_at(project.root, base)
    repo = repository_root(project.root)
    out: list[tuple[Pair, str]] = []
    kept: set[str] = set()
    for name in candidates:
        if name not in at_base:
            continue
        spec = next((s for s in project.pairs if glob_matches(name, s.source)), None)
        if spec is None:
            continue
        target = target_for(spec, name, glob_prefix(spec.source))
        full = project.root / target
        if (target in targets or target in kept or git_component(target) or not inside(repo, full)
                or not os.path.lexists(full)):
            continue
        kept.add(target)
        out.append((Pair(name, target), "deleted"))
    for name in candidates:
        full = project.root / name
        if name in kept or not os.path.isfile(full) or not inside(repo, full):
            continue
        if any(glob_matches(name, s.source) for s in project.pairs):
            continue
        found = next(((s, kind) for s in project.pairs for kind in (_in_target_tree(name, s),) if kind), None)
        if found is not None:
            out.append((Pair(found[0].source, name), found[1]))
    return tuple(out)


#: extensions of pages a site renders that aligncheck does not read: one in a translation folder
#: with no source is a ``missing_source`` warning (not checked at all), not an error
PAGE_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".rst", ".adoc", ".asciidoc", ".org", ".tex", ".mdx",
                             ".textile", ".wiki", ".rtf"})


def _in_target_tree(name: str, spec) -> str | None:
    """Whether ``name`` is where ``spec``'s translations go: ``"stray"`` below the template's
    fixed folder when that folder is not the source glob's (nor above it), with an extension
    aligncheck reads, ``"page"`` there with one of :data:`PAGE_EXTENSIONS` (not an image or a
    stylesheet); else ``"stray"`` when it matches the template with each field made a glob
    (``{relpath}`` the source glob below its fixed folder, ``{name}`` its last part,
    ``{stem}``/``{suffix}`` ``*``); ``None`` when it is not there."""
    from ..formats.registry import READERS

    fixed = spec.target.split("{", 1)[0].rsplit("/", 1)[0] if "/" in spec.target.split("{", 1)[0] else ""
    src_fixed = glob_prefix(spec.source)
    if fixed and fixed != src_fixed and not (src_fixed + "/").startswith(fixed + "/"):
        if not name.startswith(fixed + "/"):
            return None
        ext = os.path.splitext(name)[1].lower()
        if any(ext in r.extensions for r in READERS.values()):
            return "stray"
        return "page" if ext in PAGE_EXTENSIONS else None
    rest = spec.source[len(src_fixed):].lstrip("/") if src_fixed else spec.source
    pattern = spec.target.replace("{relpath}", rest).replace("{name}", spec.source.rsplit("/", 1)[-1])
    pattern = pattern.replace("{stem}", "*").replace("{suffix}", "*")
    return "stray" if glob_matches(name, pattern) else None


def missing_source_result(project: Project, pair: Pair, config: Config, base: str,
                          encoder_signature: str, why: str = "deleted") -> CheckResult:
    """The result of an orphaned pair (:func:`orphaned_pairs`; ``why`` its kind, ``"deleted"``,
    ``"stray"`` or ``"page"``): one ``missing_source`` error (a warning for a ``"page"``, in a
    format aligncheck does not read), pointing at the target file; neither file is read (the
    source is gone; a stray's ``pair.source`` is the source glob).

    Raises:
        ConfigError: ``config`` is invalid (from the signature).
    """
    from ..pipeline import signature

    src_path, tgt_path = display_path(project, pair.source), display_path(project, pair.target)
    source = Document(path=src_path, lang=config.source_lang, text="", segments=())
    target = Document(path=tgt_path, lang=config.target_lang, text="", segments=())
    severity = Severity(CHECKS[MISSING_SOURCE].severity)
    if why == "stray":
        message = (f"{tgt_path} is where the translations of {src_path} go, but no source file maps to it: it is "
                   "not checked against anything; add its source, or move it out of the translations")
    elif why == "page":
        severity = Severity.WARNING  # a format aligncheck does not read: a person must look at it
        message = (f"{tgt_path} is where the translations of {src_path} go, but no source file maps to it and "
                   "aligncheck does not read its format: it is not checked at all; review it, add its source, or move "
                   "it out of the translations")
    else:
        message = (f"{src_path}, the source of {tgt_path} at {base}, was deleted or renamed while the translation "
                   "was kept: it can no longer be checked; remove or move the translation with its source, or restore "
                   "the source")
    finding = Finding(MISSING_SOURCE, severity, (), (), message)
    findings = () if MISSING_SOURCE in config.disable else apply_severity((finding,), config)
    return CheckResult(source=source, target=target, alignment=Alignment(()), findings=findings,
                       signature=signature(config, encoder_signature), fail_on=config.fail_on)


def _touched(rel: str, changed: set[str]) -> bool:
    """Whether ``rel`` or one of its parent folders is among the ``changed`` names (a folder the
    pull request replaced by a symlink changes every file below it)."""
    parts = rel.split("/")
    return any("/".join(parts[:k]) in changed for k in range(1, len(parts) + 1))


def display_path(project: Project, rel: str) -> str:
    """``rel`` (relative to the project root) as a path relative to the current folder when
    it lies below it (what CI annotations need), else absolute; normalised lexically (a pair
    named ``../content/...`` from the project file's folder is shown as ``content/...``)."""
    full = Path(os.path.normpath(project.root / rel))
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(full)


def check_pair(project: Project, pair: Pair, config: Config, encoder: Encoder,
               progress: Callable[[int, int], None] | None = None, markers_from: str | None = None,
               segments_left: int | None = None) -> CheckResult:
    """Read and check one pair with ``config`` (the project's, overrides applied), through the
    same router as ``aligncheck check`` (each file read by the reader of its extension); findings
    silenced by markers in the target (:mod:`aligncheck.suppress`) are left out, with
    ``markers_from`` (a git revision) only by markers the target holds there too
    (:func:`aligncheck.suppress.keep_merged`).

    Raises:
        InputError: a file cannot be read or is empty (a missing target is a finding instead),
            it leads through a symlink out of the repository (:func:`~aligncheck.project.repository_root`),
            or the pair has more than ``segments_left`` segments (source and target; before
            anything is embedded).
        ModelError: the encoder fails.
    """
    src_path, tgt_path = display_path(project, pair.source), display_path(project, pair.target)
    repo = repository_root(project.root)
    for shown, rel, role in ((src_path, pair.source, "source"), (tgt_path, pair.target, "target")):
        full = project.root / rel
        if under_git_folder(repo, full):
            raise InputError(f"{role} file {shown} is or leads into a .git folder; git's own files (which may hold "
                             "the checkout's credentials) are never read")
        if os.path.lexists(full) and not inside(repo, full, follow_links=True):
            raise InputError(
                f"{role} file {shown} leads through a symlink to {os.path.realpath(full)}, outside the repository "
                f"{repo}; aligncheck ci reads only files inside the repository (replace the link by the file)")
    inp = route(src_path, tgt_path, config=config, missing_target_ok=True)
    if segments_left is not None:
        count = _segments(inp)
        if count > segments_left:
            raise InputError(
                f"{src_path} and {tgt_path} hold {count:,} segments, more than the {segments_left:,} left of the "
                f"{CI_MAX_SEGMENTS:,} one aligncheck ci run keeps for its report (memory grows with every pair); "
                "check large projects with 'aligncheck batch' (one result at a time) or in parts (--config)")
    if markers_from is not None and inp.markers:
        from ..suppress import keep_merged
        from .gate import file_at

        try:
            data = file_at(repo, markers_from, project.root / pair.target)
            base_text = None if data is None else data.decode("utf-8-sig")
        except (ConfigError, UnicodeDecodeError):
            base_text = None  # not a plain UTF-8 file at the base: no marker there
        inp = dataclasses.replace(inp, markers=tuple(keep_merged(list(inp.markers), inp.target.text, base_text,
                                                                 markdown_path=tgt_path)))
    return check_input(inp, config=config, encoder=encoder, progress=progress)


def _segments(inp) -> int:
    """Segments (or units, both sides) of a routed input."""
    if inp.units is not None:
        return 2 * len(inp.units.units)
    return len(inp.source.segments) + (len(inp.target.segments) if inp.target is not None else 0)


def check_pairs(
    project: Project,
    selection: Selection,
    *,
    config_for: Callable[[Pair], Config],
    encoder_for: Callable[[Config], Encoder],
    progress: Callable[[int, int], None] | None = None,
    embed_progress: Callable[[int, int], None] | None = None,
    base: str | None = None,
    markers_from: str | None = None,
) -> list[CheckResult]:
    """Check every pair of ``selection``, in order, then compare the pairs with each other
    (``consistency`` across files: :func:`aligncheck.checks.consistency.add_cross_pair_consistency`).

    Args:
        project: the project the pairs belong to.
        selection: from :func:`select_pairs`; its ``note`` is added to every result.
        config_for: the configuration of a pair (the project's, overrides and command-line
            values applied).
        encoder_for: the encoder of a configuration; called once per distinct model
            (name, revision, remote code, bundled mode), so pairs share embeddings.
        progress: called as ``progress(done, total)`` after each pair.
        embed_progress: called as ``embed_progress(done, total)`` while a pair's sentences are
            embedded (counts of its distinct texts).

    The ``orphaned`` pairs of ``selection`` come first, each a ``missing_source`` error
    (:func:`missing_source_result`; ``base`` names the revision in its message). With
    ``markers_from`` (the base revision, when the gate is read there) only markers the target
    holds at that revision silence findings (:func:`check_pair`). The pairs together may hold
    at most :data:`CI_MAX_SEGMENTS` segments (every result is kept until the report).

    Raises:
        InputError: a file of a pair cannot be read, or the pairs hold more than
            :data:`CI_MAX_SEGMENTS` segments.
        ModelError: a model cannot be loaded or fails.
        ConfigError: a pair's configuration is invalid.
    """
    encoders: dict[tuple, Encoder] = {}
    left = CI_MAX_SEGMENTS
    results = []
    configs = []

    def encoder_of(config: Config) -> Encoder:
        key = (config.model, config.model_revision, config.trust_remote_code, config.bundled_mode)
        if key not in encoders:
            encoders[key] = encoder_for(config)
        return encoders[key]

    for pair, why in selection.orphaned:
        config = config_for(pair)
        configs.append(config)
        results.append(missing_source_result(project, pair, config, base or "the base revision",
                                             encoder_of(config).signature, why))
    for n, pair in enumerate(selection.pairs):
        config = config_for(pair)
        configs.append(config)
        result = check_pair(project, pair, config, encoder_of(config), progress=embed_progress,
                            markers_from=markers_from, segments_left=left)
        left -= len(result.source.segments) + len(result.target.segments)
        if selection.note:
            result = dataclasses.replace(result, notes=result.notes + (selection.note,))
        results.append(result)
        if progress is not None:
            progress(n + 1, len(selection.pairs))
    from ..checks.consistency import add_cross_pair_consistency

    return add_cross_pair_consistency(results, configs)  # the same source translated two ways in two files
