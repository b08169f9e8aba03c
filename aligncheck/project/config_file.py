"""Project configuration: ``[tool.aligncheck]`` in ``pyproject.toml`` or ``aligncheck.toml``,
file pairs, per-path overrides, and which pairs changed since a git revision.

Precedence (lowest to highest): :class:`~aligncheck.config.Config` defaults < the project file
(< a matching ``[[overrides]]`` entry) < command-line flags. The file's keys are the
:class:`Config` fields (``-`` or ``_``; not ``trust_remote_code``: a project file may come from a
pull request, so only the command line lets a model run its own code), plus:

``pairs``
    a list of ``{source = GLOB, target = TEMPLATE}``. ``GLOB`` is relative to the file's folder
    and may use ``*``, ``?``, ``[...]`` and ``**``; ``TEMPLATE`` names the target of each source
    with ``{relpath}`` (the source path below the glob's fixed prefix: for
    ``content/ar/**/*.md`` and ``content/ar/news/a.md`` it is ``news/a.md``), ``{name}`` (file
    name), ``{stem}`` and ``{suffix}``.
``overrides``
    a list of ``{paths = GLOB or [GLOB], ...Config keys}`` applied to a pair when its source or
    target path (relative to the file's folder) matches one of the globs.

Unknown keys and values of the wrong type are :class:`~aligncheck.errors.ConfigError` s naming the
file. In ``aligncheck.toml`` the keys may sit at the top level or under ``[tool.aligncheck]``.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

from ..config import Config, from_mapping
from ..errors import ConfigError

PROJECT_FILES = ("aligncheck.toml", "pyproject.toml")
_GLOB_CHARS = re.compile(r"[*?\[]")
_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}
_TYPE_WORDS = {"str": "a string", "int": "an integer", "float": "a number", "bool": "true or false"}


@dataclass(frozen=True)
class PairPattern:
    """One ``[[pairs]]`` entry: a source glob and a target template (see the module doc)."""

    source: str
    target: str


@dataclass(frozen=True)
class Pair:
    """A resolved file pair, paths relative to the project root (``/`` separators)."""

    source: str
    target: str


@dataclass(frozen=True)
class Override:
    """One ``[[overrides]]`` entry: globs and the configuration values they set."""

    paths: tuple[str, ...]
    values: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Project:
    """What a project file says.

    Attributes:
        path: the file read, or ``None`` when there is none (all defaults).
        root: the folder the file's paths are relative to (the file's folder, else the start).
        values: the configuration keys set at the top level (validated names and types).
        pairs: the ``[[pairs]]`` entries.
        overrides: the ``[[overrides]]`` entries.
    """

    path: Path | None
    root: Path
    values: tuple[tuple[str, Any], ...] = ()
    pairs: tuple[PairPattern, ...] = ()
    overrides: tuple[Override, ...] = ()

    def config(self, *, for_paths: tuple[str, ...] = ()) -> Config:
        """The :class:`Config` of the file, with the overrides that match any of ``for_paths``
        (paths relative to :attr:`root`) applied in file order.

        Raises:
            ConfigError: a value is invalid.
        """
        where = str(self.path) if self.path else ""
        cfg = from_mapping(dict(self.values), where=where)
        for ov in self.overrides:
            if any(_match(p, g) for p in for_paths for g in ov.paths):
                cfg = from_mapping(dict(ov.values), base=cfg, where=where)
        if cfg.glossary is not None and self.path is not None:
            cfg = from_mapping({"glossary": self.glossary_path(cfg.glossary)}, base=cfg, where=where)
        return cfg

    def glossary_path(self, value: str) -> str:
        """The absolute path of a ``glossary`` the project file names: relative to :attr:`root`,
        and (symbolic links followed) inside the repository, since a pull request may edit the
        project file to point anywhere.

        Raises:
            ConfigError: an absolute path, one outside the repository root, or one in (or
                leading through a symlink into) a ``.git`` folder (git's own files may hold the
                checkout's credentials).
        """
        repo = repository_root(self.root)
        if os.path.isabs(value) or not inside(repo, self.root / value, follow_links=True):
            raise ConfigError(f"glossary {value!r} in {self.path} is outside the repository root {repo}; "
                              "give a path relative to the project file, inside the repository")
        if git_component(value) or under_git_folder(repo, self.root / value):
            raise ConfigError(f"glossary {value!r} in {self.path} is or leads into a .git folder; git's own files "
                              "(which may hold the checkout's credentials) are never read")
        return str(self.root / value)

    def resolve_pairs(self) -> list[Pair]:
        """Every file pair: each file matching a source glob, with its target path from the
        template (the target may not exist). Sorted by source path; a source matched by two
        entries is kept once (the first entry).

        Raises:
            ConfigError: the template names an unknown field, or a glob, template or resolved
                path points outside the repository (:func:`repository_root`).
        """
        out: dict[str, Pair] = {}
        repo = repository_root(self.root)
        where = f" in {self.path}" if self.path else ""
        for k, spec in enumerate(self.pairs, 1):
            prefix = glob_prefix(spec.source)
            for pattern in (spec.source, spec.target):
                if not inside(repo, self.root / pattern):
                    raise ConfigError(
                        f"pairs entry {k}{where}: {pattern!r} points outside the repository root {repo}; "
                        "pair paths must stay inside the repository")
            try:
                matched = sorted(self.root.glob(spec.source))
            except (ValueError, NotImplementedError, IndexError):  # ".", "***": patterns pathlib refuses
                raise ConfigError(f"pairs entry {k}{where}: source glob {spec.source!r} is not a file pattern; give "
                                  "one such as content/ar/**/*.md") from None
            for path in matched:
                if not path.is_file():
                    continue
                rel = os.path.relpath(path, self.root).replace(os.sep, "/")
                if rel in out or git_component(rel):
                    continue  # git's own files (a ``**`` glob reaches .git/) are not the project's content
                target = target_for(spec, rel, prefix)
                if git_component(target):
                    raise ConfigError(f"pairs entry {k}{where}: target {target!r} lies in a .git folder; git's own "
                                      "files are never checked")
                for p in (rel, target):
                    if not inside(repo, self.root / p):
                        raise ConfigError(
                            f"pairs entry {k}{where}: {p!r} is outside the repository root {repo}; "
                            "pair paths must stay inside the repository")
                out[rel] = Pair(rel, target)
        return [out[k] for k in sorted(out)]


def repository_root(start: str | os.PathLike) -> Path:
    """The repository that holds folder ``start``: the nearest folder at or above it that holds
    ``.git``, else ``start`` itself (resolved). ``aligncheck ci`` reads no file outside it."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def inside(root: str | os.PathLike, path: str | os.PathLike, *, follow_links: bool = False) -> bool:
    """Whether ``path`` lies in folder ``root`` (or is it): by its normalised path (``..``
    resolved lexically), or with ``follow_links`` by its real path (every symlink followed,
    ``root`` resolved too)."""
    if follow_links:
        base, full = os.path.realpath(root), os.path.realpath(path)
    else:
        base, full = os.path.normpath(os.path.abspath(root)), os.path.normpath(os.path.abspath(path))
    return full == base or full.startswith(base.rstrip(os.sep) + os.sep)


def git_component(path: str | os.PathLike) -> bool:
    """Whether ``path`` has a ``.git`` component (any case: ``.GIT`` is the same folder on a
    case-insensitive file system): git's own files (``.git/config`` may hold the CI's checkout
    token) are never input, whatever a pull request names."""
    return any(part.casefold() == ".git" for part in re.split(r"[\\/]", os.fspath(path)))


def under_git_folder(root: str | os.PathLike, path: str | os.PathLike) -> bool:
    """Whether ``path`` is or lies under a ``.git`` component, by its name or by its real path
    (every symlink followed) relative to the real path of ``root``."""
    if git_component(path):
        return True
    real, base = os.path.realpath(path), os.path.realpath(root)
    rel = os.path.relpath(real, base) if inside(base, real) else real
    return git_component(rel)


def glob_prefix(pattern: str) -> str:
    """The fixed leading folders of ``pattern`` (``content/ar/**/*.md`` -> ``content/ar``)."""
    parts = PurePosixPath(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if _GLOB_CHARS.search(part):
            break
        fixed.append(part)
    return "/".join(fixed)


def target_for(spec: PairPattern, source: str, prefix: str | None = None) -> str:
    """The target path of ``source`` (relative, ``/`` separators) by ``spec.target``.

    Raises:
        ConfigError: the template names a field other than relpath, name, stem, suffix.
    """
    prefix = glob_prefix(spec.source) if prefix is None else prefix
    relpath = source[len(prefix) + 1:] if prefix and source.startswith(prefix + "/") else source
    p = PurePosixPath(source)
    _check_template(spec.target)
    try:
        return spec.target.format(relpath=relpath, name=p.name, stem=p.stem, suffix=p.suffix)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"target template {spec.target!r} is invalid ({exc}); use {{relpath}}, {{name}}, {{stem}} or {{suffix}}"
        ) from None


_TEMPLATE_FIELDS = ("relpath", "name", "stem", "suffix")


def _check_template(template: str) -> None:
    """Refuse a target template with anything but plain ``{field}`` s: a format spec
    (``{name:>1500000000}`` pads to gigabytes), a conversion or an attribute or index.

    Raises:
        ConfigError: naming the template and the offending field.
    """
    import string

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ConfigError(f"target template {template!r} is invalid ({exc}); use {{relpath}}, {{name}}, {{stem}} or "
                          "{suffix}") from None
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in _TEMPLATE_FIELDS or spec or conversion:
            whole = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ConfigError(f"target template {template!r} is invalid: {whole[:60]!r} is not allowed; use plain {{relpath}}, "
                              "{name}, {stem} or {suffix} (no format spec, conversion or attribute)")


def glob_matches(rel: str, pattern: str) -> bool:
    """Whether ``Path.glob(pattern)`` from the project root would yield the file ``rel`` (both
    relative, ``/`` separators): component by component with :func:`fnmatch.fnmatchcase`, ``**``
    standing for any number of folders (none included). For names that are not on disk (a file
    at the base revision)."""

    def match(parts: list[str], pats: list[str]) -> bool:
        if not pats:
            return not parts
        if pats[0] == "**":
            return any(match(parts[k:], pats[1:]) for k in range(len(parts)))
        return bool(parts) and fnmatch.fnmatchcase(parts[0], pats[0]) and match(parts[1:], pats[1:])

    pats = [x for x in pattern.split("/") if x not in ("", ".")]
    return match(rel.split("/"), pats)


def _match(path: str, pattern: str) -> bool:
    """``fnmatch`` with ``**/`` also matching no folder at all."""
    return fnmatch.fnmatchcase(path, pattern) or ("**/" in pattern and fnmatch.fnmatchcase(path, pattern.replace("**/", "")))


# ---------------------------------------------------------------------------- reading


def find_project_file(start: str | os.PathLike) -> Path | None:
    """The project file that applies in folder ``start``: walking up from ``start``, the first
    ``aligncheck.toml``, or ``pyproject.toml`` with a ``[tool.aligncheck]`` table; the walk stops
    at a folder holding ``.git`` (the repository root). ``None`` when there is none.

    Raises:
        ConfigError: a ``pyproject.toml`` on the way is not valid TOML.
    """
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "aligncheck.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "aligncheck" in _read_toml(candidate).get("tool", {}):
            return candidate
        if (folder / ".git").exists():
            break
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8; save it as UTF-8") from None


def load_project(path: str | os.PathLike | None = None, *, start: str | os.PathLike = ".") -> Project:
    """Read the project file ``path`` (default: :func:`find_project_file` from ``start``).

    Returns an empty :class:`Project` rooted at ``start`` when there is no file.

    Raises:
        ConfigError: the file is missing or not TOML, has an unknown key, or a value of the
            wrong type.
    """
    if path is None:
        found = find_project_file(start)
        if found is None:
            return Project(path=None, root=Path(start).resolve())
        path = found
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"configuration file {path} does not exist")
    return _project_from(_read_toml(path), path, str(path))


def load_project_text(data: bytes, path: Path, *, where: str) -> Project:
    """The project file ``path`` as if it held ``data`` (e.g. its content at a git revision);
    messages name it ``where``.

    Raises:
        ConfigError: as :func:`load_project`.
    """
    import tomllib

    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{where} is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where} is not valid TOML: {exc}") from None
    return _project_from(table, Path(path), where)


def _project_from(data: dict, path: Path, where: str) -> Project:
    if path.name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get("aligncheck")
        if table is None:
            if path.name == "pyproject.toml":
                raise ConfigError(f"{where} has no [tool.aligncheck] table")
            table = {k: v for k, v in data.items() if k != "tool"}
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.aligncheck] in {where} must be a table")
    table = dict(table)
    pairs = _pairs(table.pop("pairs", []), where)
    overrides = _overrides(table.pop("overrides", []), where)
    values = _values(table, where)
    project = Project(path=path.resolve(), root=path.resolve().parent, values=tuple(values.items()), pairs=pairs,
                      overrides=overrides)
    project.config()  # validate the values now, with the file named
    for ov in overrides:
        from_mapping(dict(ov.values), base=project.config(), where=where)
    return project


def _values(table: Mapping[str, Any], where: str, *, context: str = "") -> dict[str, Any]:
    fields = {f.name: f for f in dataclasses.fields(Config)}
    out = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name == "trust_remote_code":
            raise ConfigError(
                f"trust_remote_code{context} cannot be set in {where}: a project file may come from a pull "
                "request; pass --trust-remote-code on the command line to let a model run its own code")
        if name not in fields:
            known = sorted(fields) + ["overrides", "pairs"]
            raise ConfigError(f"unknown configuration key {key!r}{context} in {where}; known keys: {', '.join(known)}")
        type_names = [t.strip() for t in str(fields[name].type).split("|")]
        if not all(n in _TYPES or n == "None" for n in type_names):
            out[name] = value  # a structured field (a list, a table): Config validates it
            continue
        allowed = tuple(t for n in type_names for t in _TYPES.get(n, ()))
        ok = isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed)
        if not ok:
            wanted = " or ".join(_TYPE_WORDS.get(n, n) for n in type_names if n != "None")
            raise ConfigError(f"{key}{context} in {where} must be {wanted}, not {value!r}")
        out[name] = value
    return out


def _pairs(raw: Any, where: str) -> tuple[PairPattern, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"pairs in {where} must be a list of tables ([[tool.aligncheck.pairs]])")
    out = []
    for k, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise ConfigError(f"pairs entry {k} in {where} must be a table with source and target")
        unknown = set(item) - {"source", "target"}
        if unknown:
            raise ConfigError(f"unknown key {sorted(unknown)[0]!r} in pairs entry {k} in {where}; known keys: source, target")
        source, target = item.get("source"), item.get("target")
        if not isinstance(source, str) or not isinstance(target, str) or not source or not target:
            raise ConfigError(f"pairs entry {k} in {where} needs a source glob and a target template (strings)")
        if os.path.isabs(source) or os.path.isabs(target):
            raise ConfigError(f"pairs entry {k} in {where}: paths must be relative to the file's folder")
        if git_component(source) or git_component(target):
            raise ConfigError(f"pairs entry {k} in {where} names a path in a .git folder; git's own files are never "
                              "checked")
        spec = PairPattern(source.replace("\\", "/"), target.replace("\\", "/"))
        target_for(spec, glob_prefix(spec.source) + "/x.txt")  # validate the template
        out.append(spec)
    return tuple(out)


def _overrides(raw: Any, where: str) -> tuple[Override, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"overrides in {where} must be a list of tables ([[tool.aligncheck.overrides]])")
    out = []
    for k, item in enumerate(raw, 1):
        if not isinstance(item, dict) or "paths" not in item:
            raise ConfigError(f"overrides entry {k} in {where} must be a table with paths")
        item = dict(item)
        paths = item.pop("paths")
        paths = [paths] if isinstance(paths, str) else paths
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p for p in paths):
            raise ConfigError(f"paths of overrides entry {k} in {where} must be a glob or a list of globs")
        values = _values(item, where, context=f" (overrides entry {k})")
        out.append(Override(tuple(p.replace("\\", "/") for p in paths), tuple(values.items())))
    return tuple(out)


# ---------------------------------------------------------------------------- git


def files_at(root: str | os.PathLike, base: str) -> set[str]:
    """The files (blobs and symlinks) of git revision ``base``, as paths relative to folder
    ``root`` (``..`` for those outside it) with ``/`` separators (``root`` must be in a git work tree and ``base``
    a revision: see :func:`changed_files`). Empty when git fails."""
    root = Path(root).resolve()
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True,
                         encoding="utf-8", errors="surrogateescape")
    tree = subprocess.run(["git", "ls-tree", "-r", "-z", "--full-tree", base], cwd=root, capture_output=True,
                          text=True, encoding="utf-8", errors="surrogateescape")
    if top.returncode != 0 or tree.returncode != 0:
        return set()
    top_path = Path(top.stdout.strip()).resolve()
    out = set()
    for entry in tree.stdout.split("\0"):
        meta, _, name = entry.partition("\t")
        if not name or meta.split(" ")[1:2] != ["blob"]:
            continue  # submodules (commit entries) hold no file here
        out.add(_relative(top_path / name, root))
    return out


def _relative(full: Path, root: Path) -> str:
    """``full`` relative to ``root``, lexically (``..`` for a path beside or above it: pairs may
    name ``../content/...``), ``/`` separators."""
    return Path(os.path.relpath(os.path.normpath(full), root)).as_posix()


def changed_files(root: str | os.PathLike, base: str) -> set[str] | None:
    """Files that differ between git revision ``base`` and the working tree (committed,
    staged, unstaged or untracked-but-not-ignored), as paths relative to ``root`` with ``/``
    separators (``..`` for files outside it), normalised lexically (a changed symlink is named
    itself, not its target).
    ``None`` when ``root`` is not in a git work tree or git is missing.

    Raises:
        ConfigError: ``base`` is not a revision of the repository.
    """
    root = Path(root).resolve()

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8",
                              errors="surrogateescape")

    try:
        top = git("rev-parse", "--show-toplevel")
    except OSError:
        return None
    if top.returncode != 0:
        return None
    if git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode != 0:
        import shlex

        raise ConfigError(f"--base {base!r} is not a git revision here; fetch it first (e.g. git fetch origin "
                          f"{shlex.quote(base)})")
    top_path = Path(top.stdout.strip()).resolve()
    diff = git("-c", "core.quotepath=off", "diff", "--name-only", "--no-renames", "-z", base, "--")
    others = git("-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard", "-z")
    if diff.returncode != 0:
        raise ConfigError(f"git diff against {base!r} failed: {diff.stderr.strip()}")
    # diff names are relative to the repository top, ls-files names to the cwd (root)
    fulls = [top_path / n for n in diff.stdout.split("\0") if n] + [root / n for n in others.stdout.split("\0") if n]
    # lexically, never through a symlink: a file or folder the pull request replaced by a
    # symlink is changed under its own name, wherever the link points; a file outside the
    # project folder keeps its ``..`` path (pairs may name ``../content/...``)
    return {_relative(full, root) for full in fulls}
