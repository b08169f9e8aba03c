"""The tuning / held-out split used by every benchmark that reports a number.

Thresholds and rules are chosen on the **tune** half of a corpus's documents and reported on the
**held-out** half as well; a number quoted in the README comes from the held-out half (or names its half).

The split is by document, fixed, and independent of the code: a document is in the tune half when
the first byte of ``sha256(f"{corpus}/{doc_id}")`` is even, else in the held-out half. It needs no
list kept in the repository and does not change when documents are added or reordered.
"""
from __future__ import annotations

import hashlib

TUNE = "tune"
HELD_OUT = "held-out"
HALVES = (TUNE, HELD_OUT)


def half_of(corpus: str, doc_id: str) -> str:
    """Return ``"tune"`` or ``"held-out"`` for one document.

    ``corpus`` names the collection (``"ntrex"``, ``"tico"``, ``"wmt24pp-ar_EG"``, ...); ``doc_id`` is the
    document's id in that collection (its folder name). Deterministic across runs and machines.
    """
    digest = hashlib.sha256(f"{corpus}/{doc_id}".encode("utf-8")).digest()
    return TUNE if digest[0] % 2 == 0 else HELD_OUT
