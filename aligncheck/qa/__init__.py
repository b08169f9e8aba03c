"""Pair checks of the kind localisation QA tools run (placeholders, punctuation, spacing,
terminology, length, consistency), written as pure functions of one source and one target text.

Each module takes the texts of an aligned pair (a 1-1 bead of a document, or a translation unit)
plus what the file says about them (PO format flags, XLIFF inline codes, a length limit) and
returns :class:`Issue` s; :mod:`aligncheck.checks` turns them into findings. Nothing here reads
files or knows about alignments.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Severity


@dataclass(frozen=True)
class Issue:
    """One problem a pair check found in a source/target pair.

    Attributes:
        severity: how bad it is by default (the check's ``--severity`` override still applies).
        message: one line a translator understands, quoting the text at fault.
    """

    severity: Severity
    message: str
