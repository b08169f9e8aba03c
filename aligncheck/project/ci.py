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
from .config_file import Pair, Project, changed_files, inside, repository_root
from ..types import CheckResult


@dataclass(frozen=True)
class Selection:
    """The pairs to check.

    Attributes:
        pairs: pairs to check (all when no base revision or no git).
        skipped: pairs left out because neither file changed since the base.
        note: why every pair is checked although a base was given (no git), else ``None``.
    """

    pairs: tuple[Pair, ...]
    skipped: tuple[Pair, ...] = ()
    note: str | None = None


def select_pairs(project: Project, base: str | None) -> Selection:
    """The project's pairs where either side changed between git revision ``base`` and the
    working tree; all pairs when ``base`` is ``None`` or the project is not in a git work tree.

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
    chosen = tuple(p for p in pairs if p.source in changed or p.target in changed)
    return Selection(chosen, tuple(p for p in pairs if p not in chosen))


def display_path(project: Project, rel: str) -> str:
    """``rel`` (relative to the project root) as a path relative to the current folder when
    it lies below it (what CI annotations need), else absolute."""
    full = project.root / rel
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(full)


def check_pair(project: Project, pair: Pair, config: Config, encoder: Encoder,
               progress: Callable[[int, int], None] | None = None) -> CheckResult:
    """Read and check one pair with ``config`` (the project's, overrides applied), through the
    same router as ``aligncheck check`` (each file read by the reader of its extension); findings
    silenced by markers in the target (:mod:`aligncheck.suppress`) are left out.

    Raises:
        InputError: a file cannot be read or is empty (a missing target is a finding instead),
            or it leads through a symlink out of the repository (:func:`~aligncheck.project.repository_root`).
        ModelError: the encoder fails.
    """
    src_path, tgt_path = display_path(project, pair.source), display_path(project, pair.target)
    repo = repository_root(project.root)
    for shown, rel, role in ((src_path, pair.source, "source"), (tgt_path, pair.target, "target")):
        full = project.root / rel
        if os.path.lexists(full) and not inside(repo, full, follow_links=True):
            raise InputError(
                f"{role} file {shown} leads through a symlink to {os.path.realpath(full)}, outside the repository "
                f"{repo}; aligncheck ci reads only files inside the repository (replace the link by the file)")
    inp = route(src_path, tgt_path, config=config, missing_target_ok=True)
    return check_input(inp, config=config, encoder=encoder, progress=progress)


def check_pairs(
    project: Project,
    selection: Selection,
    *,
    config_for: Callable[[Pair], Config],
    encoder_for: Callable[[Config], Encoder],
    progress: Callable[[int, int], None] | None = None,
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

    Raises:
        InputError: a file of a pair cannot be read.
        ModelError: a model cannot be loaded or fails.
        ConfigError: a pair's configuration is invalid.
    """
    encoders: dict[tuple, Encoder] = {}
    results = []
    configs = []
    for n, pair in enumerate(selection.pairs):
        config = config_for(pair)
        configs.append(config)
        key = (config.model, config.model_revision, config.trust_remote_code, config.bundled_mode)
        if key not in encoders:
            encoders[key] = encoder_for(config)
        result = check_pair(project, pair, config, encoders[key])
        if selection.note:
            result = dataclasses.replace(result, notes=result.notes + (selection.note,))
        results.append(result)
        if progress is not None:
            progress(n + 1, len(selection.pairs))
    from ..checks.consistency import add_cross_pair_consistency

    return add_cross_pair_consistency(results, configs)  # the same source translated two ways in two files
