"""A project: the project file (:mod:`~aligncheck.project.config_file`), its configured pairs
checked by ``aligncheck ci`` (:mod:`~aligncheck.project.ci`), the baseline of accepted findings
(:mod:`~aligncheck.project.baseline`) and the finding fingerprints it stores
(:mod:`~aligncheck.project.fingerprint`)."""

from __future__ import annotations

from .config_file import (PROJECT_FILES, Override, Pair, PairPattern, Project, changed_files, find_project_file,
                          glob_prefix, inside, load_project, repository_root, target_for)

__all__ = ["PROJECT_FILES", "Override", "Pair", "PairPattern", "Project", "changed_files", "find_project_file",
           "glob_prefix", "inside", "load_project", "repository_root", "target_for"]
