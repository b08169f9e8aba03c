"""The gate of ``aligncheck ci --base REF`` comes from the base revision, not the pull request.

A pull request can edit the project file (``fail_on = "never"``, every check disabled, severities
lowered, thresholds loosened, pair globs that match nothing) or commit a baseline accepting its
own findings. With ``--base REF``, every file of the repository that decides the gate is
therefore read as it is at ``REF`` (``git cat-file blob REF:path``):

* the project file: its values, overrides and pairs come from ``REF``; pairs the pull request
  adds are checked too (with ``REF``'s settings), so the set of pairs can only grow;
* the baseline file (default or ``--baseline``), when it lies inside the repository;
* the glossary a pair's configuration names (project file or ``--glossary``), when it lies inside
  the repository: it decides ``terminology`` findings, so a pull request could otherwise accept
  its own wrong terms (:class:`GlossaryPins`).

A file outside the repository (``--config`` or ``--baseline`` naming a CI-owned path) is read
from disk: the command line is trusted. ``--allow-config-changes`` on the command line uses the
pull request's files instead. Either way a note in the report says which was used when they
differ. Library code: raises, never prints.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Config
from ..errors import ConfigError
from .config_file import Project, inside, repository_root


class GlossaryPins:
    """Glossaries inside the repository, read as they are at the base revision.

    :meth:`pin` swaps a configuration's glossary for a private copy of the file at ``base``
    (``git cat-file``, in a temporary folder outside the checkout, removed with this object),
    or drops it when the file does not exist at ``base`` (the pull request adds it). What was
    done is said in :attr:`notes`. A glossary outside the repository (a CI-owned file on the
    command line) is left as it is.
    """

    def __init__(self, repo: Path, base: str):
        self.repo, self.base = repo, base
        self.notes: list[str] = []
        self._pinned: dict[str, str | None] = {}
        self._folder: tempfile.TemporaryDirectory | None = None

    def pin(self, config: Config) -> Config:
        """``config`` with its glossary read at the base revision (see the class doc).

        Raises:
            ConfigError: the glossary is not a plain file at the base (a symlink, a folder).
        """
        path = config.glossary
        if path is None or not inside(self.repo, path):
            return config
        key = os.path.abspath(path)
        if key not in self._pinned:
            self._pinned[key] = self._read(key)
        return replace(config, glossary=self._pinned[key])

    def _read(self, path: str) -> str | None:
        rel = os.path.relpath(path, self.repo)
        data = file_at(self.repo, self.base, path)
        if data is None:
            self.notes.append(f"the glossary {rel} does not exist at {self.base}: not used (the pull request adds it)")
            return None
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="aligncheck-gate-")
        folder = Path(self._folder.name) / str(len(self._pinned))
        folder.mkdir()
        copy = folder / os.path.basename(path)  # the same suffix: it decides the delimiter
        copy.write_bytes(data)
        if not os.path.isfile(path) or Path(path).read_bytes() != data:
            self.notes.append(f"the glossary {rel} was taken from {self.base}; the pull request's changes to it apply "
                              "once merged (or pass --allow-config-changes)")
        return str(copy)


@dataclass(frozen=True)
class Gate:
    """What the gate of one ``ci`` run is made of.

    Attributes:
        project: the project whose settings and pairs are used.
        accepted: the fingerprints the baseline used accepts (empty: no baseline).
        notes: what was taken from where, for the report.
    """

    project: Project
    accepted: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()
    glossaries: GlossaryPins | None = None
    #: the base revision when the gate is read there (markers then count only if merged), else ``None``
    base: str | None = None

    def config(self, config: Config) -> Config:
        """A pair's configuration with the gate's glossary (:class:`GlossaryPins`) when the gate
        comes from the base revision, else ``config`` itself."""
        return config if self.glossaries is None else self.glossaries.pin(config)

    def all_notes(self) -> tuple[str, ...]:
        """:attr:`notes` and, once pairs were configured, the glossary notes."""
        return self.notes + (tuple(self.glossaries.notes) if self.glossaries is not None else ())


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True)


def file_at(root: Path, base: str, path: str | os.PathLike) -> bytes | None:
    """The content of ``path`` (a file inside the git work tree of ``root``) at revision
    ``base``, or ``None`` when it does not exist there.

    Raises:
        ConfigError: ``path`` exists at ``base`` but is not a regular file (a symlink, a folder).
    """
    top = repository_root(root)
    rel = Path(os.path.abspath(path)).relative_to(top).as_posix()
    entry = _git(top, "ls-tree", "-z", base, "--", rel).stdout.decode("utf-8", "surrogateescape")
    if not entry:
        return None
    mode = entry.split(" ", 1)[0]
    if mode not in ("100644", "100755"):
        raise ConfigError(f"{rel} at {base} is not a regular file (git mode {mode}); aligncheck reads the gate "
                          "from a plain file")
    shown = _git(top, "cat-file", "blob", f"{base}:{rel}")  # raw bytes: no textconv, no filters
    return shown.stdout if shown.returncode == 0 else None


def logical_path(folder: str | os.PathLike) -> Path:
    """``folder`` made absolute without resolving symlinks: a relative path joined to the
    shell's current folder (``$PWD``, which keeps the links ``cd`` went through, when it is the
    same folder as the process's), then normalised lexically."""
    cwd = os.getcwd()
    pwd = os.environ.get("PWD")
    if pwd and os.path.isabs(pwd):
        try:
            if os.path.samefile(pwd, cwd):
                cwd = pwd
        except OSError:
            pass
    return Path(os.path.normpath(os.path.join(cwd, os.fspath(folder))))


def in_repository(repo: Path, path: Path) -> Path | None:
    """The lexical ``path`` written below the (resolved) repository root ``repo``: the part of
    ``path`` after its deepest ancestor that *is* ``repo`` (the checkout may itself be reached
    through a link), symlinks inside the repository kept as names; ``None`` when no ancestor
    is ``repo``."""
    for k, folder in enumerate((path, *path.parents)):
        try:
            if os.path.realpath(folder) == os.fspath(repo):
                return repo.joinpath(*path.parts[len(path.parts) - k:]) if k else repo
        except OSError:
            continue
    return None


def check_default_baseline(path: str, repo: Path) -> None:
    """Refuse the default baseline (found beside the project file, so the pull request's) when it
    is a symlink leading out of the repository ``repo``.

    Raises:
        ConfigError: naming the link and where it leads.
    """
    if os.path.islink(path) and not inside(repo, path, follow_links=True):
        raise ConfigError(f"baseline {path} is a symlink to {os.path.realpath(path)}, outside the repository {repo}; "
                          "aligncheck reads no baseline from outside the repository (replace the link by the file)")


def _project_file_at(repo: Path, base: str, config_file: str | None, start: str) -> tuple[Path, bytes] | None:
    """The project file as :func:`aligncheck.project.find_project_file` would find it at revision
    ``base`` (or ``config_file`` at ``base`` when it lies in the repository; outside it, read from
    disk): its path and content, or ``None``."""
    import tomllib

    if config_file is not None:
        # lexically, never through a symlink: a folder the pull request replaced by a link to a
        # folder of its own would name a file that does not exist at the base
        lexical = logical_path(config_file)
        path = in_repository(repo, lexical)
        if path is None:
            real = Path(os.path.realpath(os.path.dirname(lexical))) / lexical.name
            return real, real.read_bytes()
        data = file_at(repo, base, path)
        return None if data is None else (path, data)
    here = in_repository(repo, logical_path(start)) or Path(start).resolve()
    for folder in (here, *here.parents):
        if not inside(repo, folder):
            break
        data = file_at(repo, base, folder / "aligncheck.toml")
        if data is not None:
            return folder / "aligncheck.toml", data
        data = file_at(repo, base, folder / "pyproject.toml")
        if data is not None:
            try:
                has = "aligncheck" in tomllib.loads(data.decode("utf-8")).get("tool", {})
            except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                has = False
            if has:
                return folder / "pyproject.toml", data
    return None


def project_files_at(repo: Path, base: str) -> list[str]:
    """The project files revision ``base`` holds anywhere in the repository ``repo`` (paths
    relative to it, sorted): every ``aligncheck.toml``, and every ``pyproject.toml`` with a
    ``[tool.aligncheck]`` table."""
    import tomllib

    tree = _git(repo, "ls-tree", "-r", "-z", "--name-only", "--full-tree", base)
    names = [n for n in tree.stdout.decode("utf-8", "surrogateescape").split("\0") if n] if tree.returncode == 0 else []
    out = []
    for name in sorted(names):
        leaf = name.rsplit("/", 1)[-1]
        if leaf == "aligncheck.toml":
            out.append(name)
        elif leaf == "pyproject.toml":
            shown = _git(repo, "cat-file", "blob", f"{base}:{name}")
            try:
                if shown.returncode == 0 and "aligncheck" in tomllib.loads(shown.stdout.decode("utf-8")).get("tool", {}):
                    out.append(name)
            except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
    return out


def gate_for(project: Project, base: str | None, baseline_file: str | None, *, allow_changes: bool = False,
             default_baseline: str = ".aligncheck-baseline.json", config_file: str | None = None,
             start: str = ".") -> Gate:
    """The project and baseline of a ``ci`` run (see the module doc).

    Args:
        project: the project file of the working tree (the pull request's).
        base: ``--base`` (``None``: no base, the working tree is all there is).
        baseline_file: ``--baseline`` or ``None`` (then ``default_baseline`` beside the project
            file, when it exists).
        allow_changes: ``--allow-config-changes``: use the working tree's files.
        default_baseline: the default baseline's file name.
        config_file: ``--config`` (read at ``base`` when it lies in the repository), else the
            project file is looked for at ``base`` from ``start`` up, as in the working tree.
        start: the folder the search starts from (the current one).

    Raises:
        ConfigError: the base's project file or baseline is invalid, a gate file at the base
            is not a plain file, a ``--baseline`` named does not exist, or the working tree's
            project file is not where the base has one while the base has one elsewhere
            (:func:`project_files_at`: moved, or reached through the pull request's link).
    """
    from .baseline import load_baseline, parse_baseline
    from .config_file import load_project_text

    repo = repository_root(project.root)
    from_base = base is not None and not allow_changes and (repo / ".git").exists()
    notes: list[str] = []
    if base is not None and allow_changes:
        notes.append("the gate settings and baseline of the working tree were used (--allow-config-changes)")
    gate_project = project
    if from_base:
        found = _project_file_at(repo, base, config_file, start)
        if found is None:
            if project.path is not None:
                elsewhere = project_files_at(repo, base)
                if elsewhere:
                    # the pull request moved the project file, or reached it through a link of its
                    # own (a folder swapped for a symlink): its settings must not become the gate
                    raise ConfigError(
                        f"{os.path.relpath(project.path, repo)} does not exist at {base}, which has the project file "
                        f"{elsewhere[0]}: under --base the gate comes from the base revision; run from that file's "
                        "folder or name it with --config (or pass --allow-config-changes)")
                notes.append(f"{os.path.relpath(project.path, repo)} does not exist at {base} (no project file there): "
                             "the pull request's settings were used")
        else:
            at, data = found
            rel = os.path.relpath(at, repo)
            base_project = load_project_text(data, at, where=f"{rel} at {base}")
            same_file = project.path is not None and Path(project.path) == at.resolve()
            added = tuple(p for p in project.pairs if p not in base_project.pairs) if same_file else ()
            gate_project = replace(base_project, pairs=base_project.pairs + added)
            if not same_file or not at.is_file() or data != at.read_bytes():
                notes.append(f"the gate settings of {rel} were taken from {base}; the pull request's changes to them "
                             "apply once merged (or pass --allow-config-changes)")
    default = str(gate_project.root / default_baseline)
    path = baseline_file or default
    accepted: frozenset[str] = frozenset()
    if from_base and inside(repo, path):
        rel = os.path.relpath(os.path.abspath(path), repo)
        data = file_at(repo, base, path)
        if data is not None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ConfigError(f"baseline {rel} at {base} is not UTF-8; regenerate it with 'aligncheck baseline'") \
                    from None
            accepted = parse_baseline(text, where=f"{rel} at {base}")
            if not os.path.isfile(path) or Path(path).read_bytes() != data:
                notes.append(f"the baseline {rel} was taken from {base}; the pull request's changes to it apply once "
                             "merged (or pass --allow-config-changes)")
        elif os.path.lexists(path):
            notes.append(f"the baseline {rel} does not exist at {base}: not used (the pull request adds it)")
        elif baseline_file:
            raise ConfigError(f"cannot read baseline {baseline_file}: it does not exist")
    elif baseline_file or os.path.isfile(default):
        if not baseline_file:
            check_default_baseline(default, repo)
        accepted = load_baseline(path)
    return Gate(gate_project, accepted, tuple(notes), GlossaryPins(repo, base) if from_base else None,
                base if from_base else None)
