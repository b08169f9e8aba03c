"""Stable finding fingerprints: the same fault keeps the same id when unrelated text moves.

A fingerprint hashes what the finding *is*, not where it is: the check id, the paths of the two
documents and the normalised text of the segments involved on each side. Line numbers and
segment indices are left out, so inserting or deleting sentences elsewhere in either file keeps
every other finding's fingerprint; editing one of the finding's own sentences changes it (the
finding is then a different fault).

Used by the SARIF (``partialFingerprints``) and GitLab (``fingerprint``) reports and by baselines.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Sequence

from ..errors import AlignCheckError
from ..segment import embedding_text
from ..types import CheckResult, Document, Finding

#: version tag of the fingerprint recipe (a change of recipe changes every fingerprint)
VERSION = "v1"
#: checks whose findings name no segment but say in their message what they are about (a code
#: block by its quoted code and digest): their message, line numbers left out, is hashed too, so
#: that a baseline accepting one changed code block accepts no other one of the pair (#14, A2)
MESSAGE_SUBJECT = frozenset({"code_blocks"})
_LINE_REFS = re.compile(r"\blines? \d+(?:-\d+)?")
_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of a segment's text that fingerprints hash: :func:`~aligncheck.segment.embedding_text`
    (markers, diacritics, tatweel and invisible characters removed), NFKC, case-folded,
    whitespace runs collapsed to one space."""
    text = unicodedata.normalize("NFKC", embedding_text(text)).casefold()
    return _SPACES.sub(" ", text).strip()


def normalise_path(path: str) -> str:
    """``path`` with ``/`` separators and no leading ``./`` (``.\\a\\b.txt`` -> ``a/b.txt``)."""
    p = path.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def _side(doc: Document, indices: Sequence[int], side: str) -> str:
    for i in indices:
        if not 0 <= i < len(doc.segments):
            raise AlignCheckError(
                f"internal: {side} segment index {i} is out of range; {doc.path} has {len(doc.segments)} segments"
            )
    return "\n".join(normalise_text(doc.segments[i].text) for i in indices)


def base_fingerprint(result: CheckResult, finding: Finding) -> str:
    """The 32-hex-digit fingerprint of ``finding`` (without the duplicate counter of
    :func:`fingerprints`): SHA-256 of the recipe version, check id, both normalised paths and
    the normalised texts of the finding's source and target segments (and, for a check of
    :data:`MESSAGE_SUBJECT` naming no segment, its message without line numbers).

    Raises:
        AlignCheckError: the finding names a segment its documents do not have (a bug upstream).
    """
    parts = (
        VERSION,
        finding.check,
        normalise_path(result.source.path),
        normalise_path(result.target.path),
        _side(result.source, finding.src, "source"),
        _side(result.target, finding.tgt, "target"),
    )
    if finding.check in MESSAGE_SUBJECT and not finding.src and not finding.tgt:
        parts += (_LINE_REFS.sub("", finding.message),)
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


def fingerprints(result: CheckResult) -> list[str]:
    """One fingerprint per finding of ``result``, in order, unique within the result.

    Findings that would share a fingerprint (the same check on identical sentences, e.g. a
    repeated line omitted twice) are told apart by their order: the second gets ``"-2"``
    appended, the third ``"-3"``, and so on.
    """
    seen: dict[str, int] = {}
    out = []
    for f in result.findings:
        base = base_fingerprint(result, f)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out
