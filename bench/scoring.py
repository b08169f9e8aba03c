"""Alignment scoring with the definitions of Vecalign's ``score.py`` (thompsonb/vecalign).

A bead is ``(src, tgt)``: two tuples of 0-based, consecutive segment indices; one side
may be empty (``((3,), ())`` is a 1-0 bead, an omission; ``((), (4,))`` a 0-1 bead).

Definitions (reimplemented from Vecalign, which follows Sennrich & Volk 2011,
https://aclanthology.org/W11-4624/):

* Beads empty on both sides are dropped; each side's beads are taken as a *set*
  (a duplicated bead counts once).
* **Precision** looks at every test bead, 1-0 and 0-1 included, against all gold
  beads (1-0 and 0-1 included):

  - strict true positive: the test bead is identical to a gold bead;
  - lax true positive: strict match, or some source index of the test bead is in a
    gold bead whose target side shares an index with the test bead's target side
    (overlap on both sides *within the same gold bead*). A test 1-0 / 0-1 bead that is
    not an exact gold bead can never be a lax match (it has nothing to overlap on one side).

* **Recall** is the same computation with the roles swapped, after removing every
  1-0 / 0-1 bead from *both* gold and test: insertions and deletions do not count
  towards recall at all (Vecalign's ``test_no_del`` / ``gold_no_del``).
* Counts are summed over documents (micro average) before dividing; F1 is the
  harmonic mean of the aggregated precision and recall. A 0/0 ratio is
  ``value_for_div_by_0`` (0.0 as in Vecalign).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

BeadT = tuple[tuple[int, ...], tuple[int, ...]]

__all__ = [
    "BeadT",
    "read_beads",
    "parse_beads",
    "format_beads",
    "write_beads",
    "score_alignment",
    "score_multiple",
    "alignment_counts",
]

_BEAD_RE = re.compile(r"^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]\s*(?::.*)?$")


def _parse_side(text: str, where: str) -> tuple[int, ...]:
    text = text.strip()
    if not text:
        return ()
    try:
        return tuple(int(x) for x in text.split(","))
    except ValueError:
        raise ValueError(f"{where}: bad index list [{text}]; expected e.g. [0, 1]") from None


def parse_beads(text: str, *, name: str = "<string>") -> list[BeadT]:
    """Parse Vecalign-format beads, one per line: ``[0, 1]:[2]``, ``[]:[5]``.

    A trailing ``:cost`` field (as Vecalign writes) is accepted and ignored; blank
    lines are skipped.

    Args:
        text: the file contents.
        name: used in error messages (``name:line``).

    Returns:
        The beads in file order, each ``(src, tgt)`` of 0-based index tuples.

    Raises:
        ValueError: a line is not of the form ``[ints]:[ints]``.
    """
    beads: list[BeadT] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _BEAD_RE.match(line)
        where = f"{name}:{lineno}"
        if m is None:
            raise ValueError(f"{where}: cannot parse bead {line.strip()!r}; expected e.g. [0, 1]:[2]")
        beads.append((_parse_side(m.group(1), where), _parse_side(m.group(2), where)))
    return beads


def read_beads(path: str | os.PathLike[str]) -> list[BeadT]:
    """Read a Vecalign-format alignment file (UTF-8, one ``[src]:[tgt]`` bead per line).

    Returns:
        list of ``(src, tgt)`` tuples of 0-based indices, in file order.
    """
    with open(path, encoding="utf-8") as fh:
        return parse_beads(fh.read(), name=os.fspath(path))


def format_beads(beads: Iterable[Sequence[Sequence[int]]]) -> str:
    """Format beads as Vecalign text: ``[0, 1]:[2]`` per line, each line ending in LF."""
    lines = []
    for src, tgt in beads:
        lines.append(f"[{', '.join(str(int(i)) for i in src)}]:[{', '.join(str(int(j)) for j in tgt)}]\n")
    return "".join(lines)


def write_beads(path: str | os.PathLike[str], beads: Iterable[Sequence[Sequence[int]]]) -> None:
    """Write beads to ``path`` in Vecalign format (UTF-8, LF), one bead per line."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(format_beads(beads))


def _norm(beads: Iterable[Sequence[Sequence[int]]]) -> set[BeadT]:
    return {(tuple(int(i) for i in s), tuple(int(j) for j in t)) for s, t in beads if len(s) or len(t)}


def _precision_counts(gold: Iterable[Sequence[Sequence[int]]], test: Iterable[Sequence[Sequence[int]]]) -> tuple[int, int, int, int]:
    """(tp_strict, fp_strict, tp_lax, fp_lax) of ``test`` beads judged against ``gold``."""
    gold_set = _norm(gold)
    test_set = _norm(test)
    src_to_gold_tgt: dict[int, set[int]] = {}
    for gs, gt in gold_set:
        for i in gs:
            src_to_gold_tgt.setdefault(i, set()).update(gt)
    tp_s = fp_s = tp_l = fp_l = 0
    for bead in test_set:
        if bead in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        ts, tt = bead
        reachable: set[int] = set()
        for i in ts:
            reachable |= src_to_gold_tgt.get(i, set())
        if reachable.intersection(tt):
            tp_l += 1
        else:
            fp_l += 1
    return tp_s, fp_s, tp_l, fp_l


def _no_del(beads: Iterable[Sequence[Sequence[int]]]) -> list[BeadT]:
    return [b for b in _norm(beads) if b[0] and b[1]]


def alignment_counts(test_beads: Iterable[Sequence[Sequence[int]]], gold_beads: Iterable[Sequence[Sequence[int]]]) -> dict[str, int]:
    """Raw counts for one document, as summed by :func:`score_multiple`.

    Returns:
        dict with ``p_tp_strict, p_fp_strict, p_tp_lax, p_fp_lax`` (precision side: test
        beads against gold) and ``r_tp_strict, r_fn_strict, r_tp_lax, r_fn_lax`` (recall
        side: gold 1-1/m-n beads against test m-n beads, insertions/deletions removed).
    """
    test_beads = list(test_beads)
    gold_beads = list(gold_beads)
    p = _precision_counts(gold_beads, test_beads)
    r = _precision_counts(_no_del(test_beads), _no_del(gold_beads))
    return {
        "p_tp_strict": p[0], "p_fp_strict": p[1], "p_tp_lax": p[2], "p_fp_lax": p[3],
        "r_tp_strict": r[0], "r_fn_strict": r[1], "r_tp_lax": r[2], "r_fn_lax": r[3],
    }


def _ratio(num: int, den: int, default: float) -> float:
    return default if den == 0 else num / den


def _f1(p: float, r: float, default: float) -> float:
    return default if p + r == 0 else 2 * p * r / (p + r)


def score_multiple(
    pairs: Iterable[tuple[Iterable[Sequence[Sequence[int]]], Iterable[Sequence[Sequence[int]]]]],
    *,
    value_for_div_by_0: float = 0.0,
) -> dict[str, float]:
    """Micro-averaged Vecalign scores over several documents.

    Args:
        pairs: ``(test_beads, gold_beads)`` per document (note the order: test first).
        value_for_div_by_0: the value of a ratio whose denominator is 0.

    Returns:
        ``{"strict_p", "strict_r", "strict_f1", "lax_p", "lax_r", "lax_f1"}``, floats in [0, 1].
        Counts are summed over all documents first, then divided (Vecalign's ``score_multiple``).
    """
    tot = dict.fromkeys(
        ("p_tp_strict", "p_fp_strict", "p_tp_lax", "p_fp_lax", "r_tp_strict", "r_fn_strict", "r_tp_lax", "r_fn_lax"), 0
    )
    for test, gold in pairs:
        for k, v in alignment_counts(test, gold).items():
            tot[k] += v
    d = value_for_div_by_0
    sp = _ratio(tot["p_tp_strict"], tot["p_tp_strict"] + tot["p_fp_strict"], d)
    lp = _ratio(tot["p_tp_lax"], tot["p_tp_lax"] + tot["p_fp_lax"], d)
    sr = _ratio(tot["r_tp_strict"], tot["r_tp_strict"] + tot["r_fn_strict"], d)
    lr = _ratio(tot["r_tp_lax"], tot["r_tp_lax"] + tot["r_fn_lax"], d)
    return {
        "strict_p": sp,
        "strict_r": sr,
        "strict_f1": _f1(sp, sr, d),
        "lax_p": lp,
        "lax_r": lr,
        "lax_f1": _f1(lp, lr, d),
    }


def score_alignment(
    test_beads: Iterable[Sequence[Sequence[int]]],
    gold_beads: Iterable[Sequence[Sequence[int]]],
    *,
    value_for_div_by_0: float = 0.0,
) -> dict[str, float]:
    """Vecalign strict/lax precision, recall and F1 of one test alignment against gold.

    Args:
        test_beads: the system's beads ``(src, tgt)``, 0-based.
        gold_beads: the gold beads, 0-based.

    Returns:
        ``{"strict_p", "strict_r", "strict_f1", "lax_p", "lax_r", "lax_f1"}`` (see module doc).
    """
    return score_multiple([(test_beads, gold_beads)], value_for_div_by_0=value_for_div_by_0)
