"""``numbers``: the numbers of an aligned pair compared by value, whatever the script
(:mod:`aligncheck.numbers` finds and reads them).
"""

from __future__ import annotations

from ..conversions import converted_pairs
from ..numbers import find_numbers, number_words, same_value
from ..types import Finding, Severity
from .context import CheckContext, language_name, translated_beads, where
from .registry import register


def _joined_pairs(numbers) -> dict[float, tuple[int, int]]:
    """Values of adjacent integers written as one (``116 123`` -> ``116123``), with their indices."""
    out = {}
    for k, (a, b) in enumerate(zip(numbers, numbers[1:])):
        if a.value >= 0 and b.value >= 0 and a.value.is_integer() and b.value.is_integer():
            out[float(f"{a.value:.0f}{b.value:.0f}")] = (k, k + 1)
    return out


def _unmatched(these, others, words: set[float]) -> set[float]:
    """Values of ``these`` (numbers of one side) with no counterpart among ``others`` (the other
    side's numbers, also adjacent ones read as one: ``116 123`` is ``116123``) or its number
    words, up to a scale word (:func:`aligncheck.numbers.same_value`); a percentage matches the
    fraction word of its value (``50`` and "half"). Decades (``1980s``), numbers glued to words
    (``R0``, ``Table1``) and the parts of simple fractions (``2/3``) are left out: the other
    language often spells them differently."""
    candidates = {n.value for n in others} | words | set(_joined_pairs(others))
    matched = {k for v, ks in _joined_pairs(these).items() if v in candidates for k in ks}
    out = set()
    fractions = {c for c in words if 0 < c < 1}  # half, quarter, نصف, ربع
    for k, n in enumerate(these):
        if k in matched or n.decade or n.glued or n.fraction or any(same_value(n.value, c) for c in candidates):
            continue
        if any(abs(n.value / 100 - c) < 1e-9 for c in fractions):
            continue  # 50 (percent) is "half"
        out.add(n.value)
    return out


def _fmt_values(values, found=(), text: str = "") -> str:
    """``values`` sorted, each as first written in ``text`` (``found``: its numbers), with a
    ``%`` or ``٪`` right after it: ``٢٥٪`` stays ``٢٥٪``, not ``25``. A number whose written
    digits alone do not give its value (the ``55`` of ``1950-55``) is shown by value."""
    from ..numbers import _value

    out = []
    for v in sorted(values):
        n = next((n for n in found if n.value == v), None)
        try:
            written = _value(n.text) if n is not None else None
        except ValueError:  # a time such as 5:30
            written = v if n is not None else None
        if n is None or written != v:
            out.append(f"{v:g}")
            continue
        sign = text[n.end] if n.end < len(text) and text[n.end] in "%٪" else ""
        out.append(text[n.start:n.end] + sign)
    return ", ".join(out)


#: values a language may express without any number word (Arabic singular and dual nouns)
_IMPLICIT_NUMBERS = {1.0, 2.0}


@register("numbers", 'error', 'NumberMismatch',
          'An aligned pair of sentences has numbers that differ by value.',
          '`وقعت 1197 حالة` / `1,127 cases`')
def check_numbers(ctx: CheckContext) -> list[Finding]:
    """Numbers of each aligned bead compared by value, whatever the script (see
    :mod:`aligncheck.numbers`): a number on one side only is an error, unless the other side
    spells it out in words. A 1 or 2 needs no counterpart in Arabic, which says "one" and "two"
    with the noun's singular and dual forms (``عامين``: two years). A quantity the other side
    states in another unit (``150 feet`` / ``45 متر``; :mod:`aligncheck.conversions`) is not a
    difference. Beads reported as untranslated or as a mismatch are skipped."""
    src_name, tgt_name = language_name(ctx.source.lang), language_name(ctx.target.lang)
    # Arabic says "one" and "two" with the noun's own form (عامين "two years", بهدفين "by two
    # goals"), without a number word: a 1 or 2 on the other side needs no Arabic counterpart
    src_implicit = _IMPLICIT_NUMBERS if ctx.source.lang == "ar" else set()
    tgt_implicit = _IMPLICIT_NUMBERS if ctx.target.lang == "ar" else set()
    out = []
    for bead, s_text, t_text in translated_beads(ctx):
        s_found, t_found = find_numbers(s_text), find_numbers(t_text)
        missing = _unmatched(s_found, t_found, number_words(t_text) | tgt_implicit)
        extra = _unmatched(t_found, s_found, number_words(s_text) | src_implicit)
        if missing or extra:  # 150 feet / 45 متر: one quantity in two units (لـ26 is glued, not missing)
            pairs = converted_pairs([n for n in s_found if n.value in missing or n.glued], s_text,
                                    [n for n in t_found if n.value in extra or n.glued], t_text)
            missing -= {a.value for a, _ in pairs}
            extra -= {b.value for _, b in pairs}
        if not missing and not extra:
            continue
        src_values = _fmt_values(missing, s_found, s_text)
        tgt_values = _fmt_values(extra, t_found, t_text)
        marks = tuple(("source", n.start, n.end) for n in s_found if n.value in missing) + tuple(
            ("target", n.start, n.end) for n in t_found if n.value in extra)
        if len(missing) == 1 and len(extra) == 1:
            what = f"{src_name} {src_values} is {tgt_values} in the {tgt_name}"
        elif missing and not extra:
            what = f"{src_name} number{'s' if len(missing) > 1 else ''} {src_values} missing in the {tgt_name}"
        elif extra and not missing:
            what = f"{tgt_name} number{'s' if len(extra) > 1 else ''} {tgt_values} not in the {src_name}"
        else:
            what = f"{src_name} {src_values} missing and {tgt_name} {tgt_values} added"
        out.append(Finding(
            "numbers", Severity.ERROR, bead.src, bead.tgt,
            f"numbers differ between {src_name} {where(ctx.source, bead.src)} and "
            f"{tgt_name} {where(ctx.target, bead.tgt)}: {what}",
            score=bead.score, highlights=marks,
        ))
    return out
