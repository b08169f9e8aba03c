"""Seeded fault injection into a gold 1-1 document pair.

Input: a source document ``src`` (e.g. Arabic) and its translation ``tgt`` (English) as
lists of lines, gold ``src[i] <-> tgt[i]``. Each variant edits the pair (almost always the
English side) and returns the edited documents with their exact gold beads and the exact
faults, all with 0-based indices into the *variant* documents.

Gold beads are ``(src_indices, tgt_indices)`` tuples as in :mod:`bench.scoring`. Deleted
lines give one 1-0 (or 0-1) bead *per line*, never a 2-0 bead.

Fault kinds are aligncheck check ids: ``omission``, ``addition``, ``mismatch``, ``numbers``,
``untranslated``, ``partial_omission``. ``Fault.subkind`` names the edit that produced the
fault (``"omission_block"``, ``"replace"``, ``"negation"``, ``"source_deleted"`` ...).

Variants (``VARIANT_NAMES``, in the order :func:`make_variants` returns them):

=================  ================================================================  =====================
name               edit                                                              gold / faults
=================  ================================================================  =====================
clean              none                                                              1-1 beads, no fault
omission           delete EN line i (i >= 1, not the headline)                        [i]:[] ; omission src=(i,)
omission_block     delete EN lines i..i+k-1, k in {2, 3}, i >= 1                      k 1-0 beads ; one omission
                                                                                     fault src=(i..i+k-1)
addition           insert a donor line (from another document) before EN line p,      []:[p] ; addition tgt=(p,)
                   p in 0..n
replace            EN line i replaced by a donor line                                 [i]:[i] ; mismatch (i,),(i,)
merge              EN lines i, i+1 joined with one space                             [i, i+1]:[i] ; none
split              EN line i cut at a clause boundary near the middle (", " "; "     [i]:[i, i+1] ; none
                   " and " " but " " which "), both halves >= 4 words
number             one free-standing number in EN line i changed by +1..9            1-1 ; numbers (i,),(i,)
untranslated       EN line i replaced by its Arabic source line                      1-1 ; untranslated (i,),(i,)
partial            EN line i (i >= 1, >= 12 words) cut at a clause boundary near the  1-1 ; partial_omission
                   middle, second half dropped                                        (i,),(i,)
negation           one negation removed ("did not" -> "did", "can't" -> "can",        1-1 ; mismatch (i,),(i,),
                   "never" -> "always", "no X" -> "some X")                          subkind negation
source_deleted     Arabic line i deleted (the EN line stays)                          []:[i] ; addition tgt=(i,)
combo              2-3 distinct edits of omission/addition/replace/merge/number, one  exact, as above
                   per region of the document, an untouched line between regions
=================  ================================================================  =====================

A variant is skipped when the document has no suitable line (never faked).
Randomness comes only from the ``numpy.random.Generator`` passed in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

BeadT = tuple[tuple[int, ...], tuple[int, ...]]

__all__ = [
    "Fault",
    "Variant",
    "VARIANT_NAMES",
    "NO_FAULT_VARIANTS",
    "COMBO_KINDS",
    "make_variants",
    "make_variant",
    "validate_variant",
    "clause_cut",
    "number_spans",
    "negation_edits",
]

VARIANT_NAMES: tuple[str, ...] = (
    "clean",
    "omission",
    "omission_block",
    "addition",
    "replace",
    "merge",
    "split",
    "number",
    "untranslated",
    "partial",
    "negation",
    "source_deleted",
    "combo",
)
NO_FAULT_VARIANTS: tuple[str, ...] = ("clean", "merge", "split")
COMBO_KINDS: tuple[str, ...] = ("omission", "addition", "replace", "merge", "number")


@dataclass(frozen=True)
class Fault:
    """One injected fault.

    Attributes:
        kind: the aligncheck check id that should report it: ``omission``, ``addition``,
            ``mismatch``, ``numbers``, ``untranslated`` or ``partial_omission``.
        src: 0-based source line indices in the variant document (empty for additions).
        tgt: 0-based target line indices in the variant document (empty for omissions).
        subkind: the edit that produced it (a variant name, e.g. ``"negation"``).
    """

    kind: str
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    subkind: str | None = None


@dataclass(frozen=True)
class Variant:
    """A perturbed document pair with exact gold.

    Attributes:
        doc_id: the id of the original document.
        name: the variant name (one of ``VARIANT_NAMES``).
        src: source lines of the variant document.
        tgt: target lines of the variant document.
        gold: gold beads ``(src_indices, tgt_indices)``, 0-based, in order, covering every
            line of each side exactly once.
        faults: the injected faults, in document order.
        detail: what was done, with 0-based indices into the *original* document
            (e.g. ``"omission@3"``, ``"merge@4+5, number@9"``).
    """

    doc_id: str
    name: str
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    gold: tuple[BeadT, ...]
    faults: tuple[Fault, ...]
    detail: str = ""


# ---------------------------------------------------------------------------------------
# text helpers (pure, no randomness)

_CUT_RE = re.compile(r"[,;] | (?=(?:and|but|which) )")
_END_PUNCT = ".!?"


def _n_words(s: str) -> int:
    return len(s.split())


def clause_cut(line: str, *, min_words: int = 4) -> tuple[str, str] | None:
    """Cut ``line`` at the clause boundary nearest its middle.

    Boundaries: after ``", "`` or ``"; "`` (the punctuation stays with the first half), or
    before ``" and "``, ``" but "``, ``" which "`` (the conjunction starts the second half).
    The cut must fall in the middle half of the line (character offset within
    ``len/4 .. 3*len/4``) and both halves must have at least ``min_words`` words.
    Ties go to the earlier boundary.

    Returns:
        ``(first, second)`` with ``first + " " + second == line``, or ``None``.
    """
    n = len(line)
    best: tuple[float, int, int] | None = None  # (distance, cut_end_of_first, start_of_second)
    for m in _CUT_RE.finditer(line):
        if m.group(0).startswith(" "):  # " and " etc.: cut before the space
            end_first, start_second = m.start(), m.start() + 1
        else:  # ", " or "; "
            end_first, start_second = m.start() + 1, m.end()
        if not (n / 4 <= end_first <= 3 * n / 4):
            continue
        first, second = line[:end_first], line[start_second:]
        if _n_words(first) < min_words or _n_words(second) < min_words:
            continue
        if first + " " + second != line:
            continue
        dist = abs(end_first - n / 2)
        if best is None or dist < best[0]:
            best = (dist, end_first, start_second)
    if best is None:
        return None
    return line[: best[1]], line[best[2] :]


# a run of ASCII digits with no letter, digit or underscore on either side
_NUM_RE = re.compile(r"(?<![^\W_])[0-9]+(?![^\W_])")


def number_spans(line: str) -> list[tuple[int, int]]:
    """Code-point spans ``(start, end)`` of free-standing digit runs in ``line``.

    ``"19"`` in ``"COVID-19"`` and both parts of ``"3.5"`` count; ``"2020s"``, ``"3rd"`` do not.
    """
    return [m.span() for m in _NUM_RE.finditer(line)]


_NT_SPECIAL = {"ca": "can", "wo": "will", "sha": "shall"}
_NT_RE = re.compile(r"\b([A-Za-z]+)n['\u2019]t\b")
_CANNOT_RE = re.compile(r"\b([Cc]an)not\b")
_NOT_RE = re.compile(r"(?<=\S) not (?=[A-Za-z])")
_NEVER_RE = re.compile(r"\b([Nn])ever\b")
_NO_RE = re.compile(r"(?<=\S) no (?=([A-Za-z]+))")


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def negation_edits(line: str) -> list[tuple[int, int, str]]:
    """Every way to remove one negation from ``line``, as ``(start, end, replacement)``.

    Replacing ``line[start:end]`` by ``replacement`` removes the negation:
    ``"did not go"`` -> ``"did go"``; ``"can't"``/``"cannot"`` -> ``"can"``; ``"won't"`` ->
    ``"will"``; ``"isn't"`` -> ``"is"``; ``"never"`` -> ``"always"``; ``"no one"`` ->
    ``"someone"``; ``"no longer"`` -> ``"still"``; ``"no X"`` -> ``"some X"``.
    Not touched: ``"not only"``, ``"or not"``, ``"if not"``, ``"ain't"``, ``"No."``.
    Returned in order of ``start``.
    """
    edits: list[tuple[int, int, str]] = []
    for m in _NT_RE.finditer(line):
        stem = m.group(1)
        low = stem.lower()
        if low == "ai":
            continue
        rep = _match_case(_NT_SPECIAL[low], stem) if low in _NT_SPECIAL else stem
        edits.append((m.start(), m.end(), rep))
    for m in _CANNOT_RE.finditer(line):
        edits.append((m.start(), m.end(), m.group(1)))
    for m in _NOT_RE.finditer(line):
        before = line[: m.start()].split()
        after = line[m.end() :]
        if before and before[-1].lower() in ("or", "if"):
            continue
        if re.match(r"only\b", after):
            continue
        edits.append((m.start(), m.end(), " "))  # " not " -> " "
    for m in _NEVER_RE.finditer(line):
        edits.append((m.start(), m.end(), _match_case("always", m.group(1))))
    for m in _NO_RE.finditer(line):
        nxt = m.group(1)
        if nxt == "one":
            edits.append((m.start(), m.end() + 3, " someone"))
        elif nxt == "longer":
            edits.append((m.start(), m.end() + 6, " still"))
        else:
            edits.append((m.start(), m.end(), " some "))
    edits.sort()
    # drop overlapping edits (keep the first)
    out: list[tuple[int, int, str]] = []
    for e in edits:
        if out and e[0] < out[-1][1]:
            continue
        out.append(e)
    return out


def _truncate(first: str, original: str) -> str:
    """First half of a clause cut, trailing ``,;:`` removed, final punctuation of ``original`` kept."""
    head = first.rstrip().rstrip(",;:").rstrip()
    if original and original[-1] in _END_PUNCT:
        head += original[-1]
    return head


# ---------------------------------------------------------------------------------------
# record machinery: the variant is built from records (one per original line at first);
# each record is a bead of the gold; faults carry record-local indices.


@dataclass
class _Rec:
    src: list[str]
    tgt: list[str]
    faults: list[tuple[str, tuple[int, ...], tuple[int, ...], str]] = field(default_factory=list)


def _initial_slots(src: Sequence[str], tgt: Sequence[str]) -> list[list[_Rec]]:
    # slot i holds the records that stand for original line i; slot n (extra) is for
    # an addition after the last line
    return [[_Rec([s], [t])] for s, t in zip(src, tgt)] + [[]]


def _build(doc_id: str, name: str, slots: list[list[_Rec]], detail: str) -> Variant:
    src_lines: list[str] = []
    tgt_lines: list[str] = []
    gold: list[BeadT] = []
    faults: list[Fault] = []
    for slot in slots:
        for r in slot:
            s0, t0 = len(src_lines), len(tgt_lines)
            src_lines.extend(r.src)
            tgt_lines.extend(r.tgt)
            s_idx = tuple(range(s0, s0 + len(r.src)))
            t_idx = tuple(range(t0, t0 + len(r.tgt)))
            if s_idx and t_idx:
                gold.append((s_idx, t_idx))
            else:  # one 1-0 / 0-1 bead per line
                gold.extend(((i,), ()) for i in s_idx)
                gold.extend(((), (j,)) for j in t_idx)
            for kind, ls, lt, sub in r.faults:
                faults.append(Fault(kind, tuple(s0 + i for i in ls), tuple(t0 + j for j in lt), sub))
    return Variant(doc_id, name, tuple(src_lines), tuple(tgt_lines), tuple(gold), tuple(faults), detail)


# --- single edits on slots (positions are original line indices) ------------------------


def _op_omission(slots, src, tgt, i, sub="omission"):
    slots[i] = [_Rec([src[i]], [], [("omission", (0,), (), sub)])]


def _op_omission_block(slots, src, tgt, i, k):
    slots[i] = [_Rec(list(src[i : i + k]), [], [("omission", tuple(range(k)), (), "omission_block")])]
    for j in range(i + 1, i + k):
        slots[j] = []


def _op_addition(slots, p, donor):
    slots[p].insert(0, _Rec([], [donor], [("addition", (), (0,), "addition")]))


def _op_replace(slots, src, i, donor):
    slots[i] = [_Rec([src[i]], [donor], [("mismatch", (0,), (0,), "replace")])]


def _op_merge(slots, src, tgt, i):
    slots[i] = [_Rec([src[i], src[i + 1]], [tgt[i] + " " + tgt[i + 1]])]
    slots[i + 1] = []


def _op_line(slots, src, i, new_tgt, kind, sub):
    slots[i] = [_Rec([src[i]], [new_tgt], [(kind, (0,), (0,), sub)])]


def _change_number(line: str, rng: np.random.Generator) -> str:
    spans = number_spans(line)
    a, b = spans[int(rng.integers(len(spans)))]
    run = line[a:b]
    new = str(int(run) + int(rng.integers(1, 10))).zfill(len(run))
    return line[:a] + new + line[b:]


def _donors(donor_pool: Sequence[str], src: Sequence[str], tgt: Sequence[str]) -> list[str]:
    own = set(src) | set(tgt)
    return [d for d in donor_pool if d.strip() and d not in own]


def _pick(rng: np.random.Generator, items: Sequence):
    return items[int(rng.integers(len(items)))]


def _choose(rng: np.random.Generator, cand: Sequence[int], at: int | None, name: str) -> int:
    """A random candidate position, or ``at`` when given (which must be a candidate)."""
    if at is None:
        return int(_pick(rng, cand))
    if at not in cand:
        raise ValueError(f"variant {name!r} cannot be placed at line {at}; possible lines: {list(cand)}")
    return int(at)


# --- the variants -----------------------------------------------------------------------


def make_variant(
    name: str,
    doc_id: str,
    src: Sequence[str],
    tgt: Sequence[str],
    donor_pool: Sequence[str],
    rng: np.random.Generator,
    *,
    at: int | None = None,
) -> Variant | None:
    """Build one variant of a gold 1-1 pair.

    Args:
        name: one of ``VARIANT_NAMES``.
        doc_id: id of the document (copied into the variant).
        src: source lines; ``src[i]`` is translated by ``tgt[i]``.
        tgt: target lines, same length.
        donor_pool: lines from *other* documents, for ``addition``/``replace``/``combo``
            (lines equal to a line of this document are ignored).
        rng: the only source of randomness.
        at: force the position (0-based original line; for ``addition`` the line the
            donor is inserted before, ``0..n``; for ``omission_block`` the first deleted
            line; for ``merge`` the first merged line). Ignored by ``clean`` and ``combo``.

    Returns:
        the :class:`Variant`, or ``None`` when the document has no suitable line.

    Raises:
        ValueError: unknown ``name``, ``len(src) != len(tgt)``, or ``at`` not a suitable line.
    """
    if name not in VARIANT_NAMES:
        raise ValueError(f"unknown variant {name!r}; expected one of {', '.join(VARIANT_NAMES)}")
    if len(src) != len(tgt):
        raise ValueError(f"{doc_id}: {len(src)} source lines but {len(tgt)} target lines; gold must be 1-1")
    src = list(src)
    tgt = list(tgt)
    n = len(src)
    slots = _initial_slots(src, tgt)

    if name == "clean":
        if n == 0:
            return None
        return _build(doc_id, name, slots, "")

    if name == "omission":
        cand = list(range(1, n))
        if not cand:
            return None
        i = _choose(rng, cand, at, name)
        _op_omission(slots, src, tgt, i)
        return _build(doc_id, name, slots, f"omission@{i}")

    if name == "omission_block":
        starts = list(range(1, n - 1))  # a block of 2 must fit after the headline
        if not starts:
            return None
        i = _choose(rng, starts, at, name)
        k = int(_pick(rng, [k for k in (2, 3) if i + k <= n]))
        _op_omission_block(slots, src, tgt, i, k)
        return _build(doc_id, name, slots, f"omission_block@{i}..{i + k - 1}")

    if name in ("addition", "replace"):
        donors = _donors(donor_pool, src, tgt)
        if not donors or n == 0:
            return None
        donor = _pick(rng, donors)
        if name == "addition":
            p = _choose(rng, range(n + 1), at, name)
            _op_addition(slots, p, donor)
            return _build(doc_id, name, slots, f"addition@{p}")
        i = _choose(rng, range(n), at, name)
        _op_replace(slots, src, i, donor)
        return _build(doc_id, name, slots, f"replace@{i}")

    if name == "merge":
        if n < 2:
            return None
        i = _choose(rng, range(n - 1), at, name)
        _op_merge(slots, src, tgt, i)
        return _build(doc_id, name, slots, f"merge@{i}+{i + 1}")

    if name == "split":
        cand = [i for i in range(n) if clause_cut(tgt[i]) is not None]
        if not cand:
            return None
        i = _choose(rng, cand, at, name)
        a, b = clause_cut(tgt[i])  # type: ignore[misc]
        slots[i] = [_Rec([src[i]], [a, b])]
        return _build(doc_id, name, slots, f"split@{i}")

    if name == "number":
        cand = [i for i in range(n) if number_spans(tgt[i])]
        if not cand:
            return None
        i = _choose(rng, cand, at, name)
        _op_line(slots, src, i, _change_number(tgt[i], rng), "numbers", "number")
        return _build(doc_id, name, slots, f"number@{i}")

    if name == "untranslated":
        cand = [i for i in range(n) if src[i] != tgt[i]]
        if not cand:
            return None
        i = _choose(rng, cand, at, name)
        _op_line(slots, src, i, src[i], "untranslated", "untranslated")
        return _build(doc_id, name, slots, f"untranslated@{i}")

    if name == "partial":
        cand = [i for i in range(1, n) if _n_words(tgt[i]) >= 12 and clause_cut(tgt[i]) is not None]
        if not cand:
            return None
        i = _choose(rng, cand, at, name)
        first, _ = clause_cut(tgt[i])  # type: ignore[misc]
        _op_line(slots, src, i, _truncate(first, tgt[i]), "partial_omission", "partial")
        return _build(doc_id, name, slots, f"partial@{i}")

    if name == "negation":
        cand = [i for i in range(n) if negation_edits(tgt[i])]
        if not cand:
            return None
        i = _choose(rng, cand, at, name)
        a, b, rep = _pick(rng, negation_edits(tgt[i]))
        _op_line(slots, src, i, tgt[i][:a] + rep + tgt[i][b:], "mismatch", "negation")
        return _build(doc_id, name, slots, f"negation@{i}")

    if name == "source_deleted":
        if n < 2:
            return None
        i = _choose(rng, range(n), at, name)
        slots[i] = [_Rec([], [tgt[i]], [("addition", (), (0,), "source_deleted")])]
        return _build(doc_id, name, slots, f"source_deleted@{i}")

    assert name == "combo"
    return _combo(doc_id, src, tgt, donor_pool, rng)


def _combo_candidates(kind: str, lo: int, hi: int, tgt: Sequence[str]) -> list[int]:
    """Positions for ``kind`` touching only original lines in ``[lo, hi)``."""
    if kind == "omission":
        return [i for i in range(max(lo, 1), hi)]
    if kind in ("addition", "replace"):
        return list(range(lo, hi))
    if kind == "merge":
        return list(range(lo, hi - 1))
    if kind == "number":
        return [i for i in range(lo, hi) if number_spans(tgt[i])]
    raise AssertionError(kind)


def _combo(doc_id, src, tgt, donor_pool, rng, attempts: int = 20) -> Variant | None:
    n = len(src)
    donors = _donors(donor_pool, src, tgt)
    kinds_ok = [k for k in COMBO_KINDS if donors or k not in ("addition", "replace")]
    for _ in range(attempts):
        k = int(rng.integers(2, 4))
        if len(kinds_ok) < k or n < 2 * k - 1:
            continue
        kinds = [kinds_ok[j] for j in rng.permutation(len(kinds_ok))[:k]]
        bounds = np.linspace(0, n, k + 1).round().astype(int)
        plan = []
        for r, kind in enumerate(kinds):
            lo, hi = int(bounds[r]), int(bounds[r + 1])
            if r < k - 1:
                hi -= 1  # keep the region's last line untouched: a gap between edits
            cand = _combo_candidates(kind, lo, hi, tgt)
            if not cand:
                plan = None
                break
            plan.append((kind, _pick(rng, cand)))
        if plan is None:
            continue
        slots = _initial_slots(src, tgt)
        notes = []
        for kind, i in plan:
            if kind == "omission":
                _op_omission(slots, src, tgt, i)
                notes.append(f"omission@{i}")
            elif kind == "addition":
                _op_addition(slots, i, _pick(rng, donors))
                notes.append(f"addition@{i}")
            elif kind == "replace":
                _op_replace(slots, src, i, _pick(rng, donors))
                notes.append(f"replace@{i}")
            elif kind == "merge":
                _op_merge(slots, src, tgt, i)
                notes.append(f"merge@{i}+{i + 1}")
            else:
                _op_line(slots, src, i, _change_number(tgt[i], rng), "numbers", "number")
                notes.append(f"number@{i}")
        return _build(doc_id, "combo", slots, ", ".join(notes))
    return None


def make_variants(
    doc_id: str,
    src: Sequence[str],
    tgt: Sequence[str],
    donor_pool: Sequence[str],
    rng: np.random.Generator,
    *,
    names: Sequence[str] = VARIANT_NAMES,
) -> list[Variant]:
    """All applicable variants of one gold 1-1 document pair.

    Each name in ``VARIANT_NAMES`` gets its own child generator seeded from one draw of
    ``rng`` (drawn even when the variant is skipped), so the variants do not depend on
    each other and the same ``rng`` state always gives the same list.

    Args:
        doc_id: document id (copied into each variant).
        src: source lines, gold ``src[i] <-> tgt[i]``.
        tgt: target lines.
        donor_pool: lines from other documents (for addition, replace, combo).
        rng: a ``numpy.random.Generator``; it is advanced by ``len(VARIANT_NAMES)`` draws.
        names: restrict to these variant names (still drawn for all, for stability).

    Returns:
        the variants in ``VARIANT_NAMES`` order, skipping those that do not apply.
    """
    unknown = [x for x in names if x not in VARIANT_NAMES]
    if unknown:
        raise ValueError(f"unknown variant(s) {unknown}; expected names from {', '.join(VARIANT_NAMES)}")
    seeds = rng.integers(0, 2**63 - 1, size=len(VARIANT_NAMES))
    out = []
    for name, seed in zip(VARIANT_NAMES, seeds):
        if name not in names:
            continue
        v = make_variant(name, doc_id, src, tgt, donor_pool, np.random.default_rng(int(seed)))
        if v is not None:
            out.append(v)
    return out


def validate_variant(v: Variant) -> None:
    """Check a variant's invariants; raise ``ValueError`` naming the first violation.

    Gold beads must cover ``0..len(src)-1`` and ``0..len(tgt)-1`` exactly once each, in
    order, with consecutive indices inside a bead and no bead empty on both sides; fault
    indices must be in range.
    """
    ns = nt = 0
    for b, (s, t) in enumerate(v.gold):
        if not s and not t:
            raise ValueError(f"{v.doc_id}/{v.name}: bead {b} is empty")
        if s != tuple(range(ns, ns + len(s))) or t != tuple(range(nt, nt + len(t))):
            raise ValueError(f"{v.doc_id}/{v.name}: bead {b} {s}:{t} not consecutive from ({ns}, {nt})")
        ns += len(s)
        nt += len(t)
    if ns != len(v.src) or nt != len(v.tgt):
        raise ValueError(f"{v.doc_id}/{v.name}: beads cover {ns}/{nt} lines of {len(v.src)}/{len(v.tgt)}")
    for f in v.faults:
        if any(not 0 <= i < len(v.src) for i in f.src) or any(not 0 <= j < len(v.tgt) for j in f.tgt):
            raise ValueError(f"{v.doc_id}/{v.name}: fault {f} out of range")
