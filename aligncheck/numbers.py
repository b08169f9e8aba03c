"""Numbers in Arabic and English text, compared by value whatever the script.

``find_numbers`` reads Western (0-9), Arabic-Indic (٠-٩) and Persian (۰-۹) digits, the Arabic
decimal (٫) and thousands (٬) separators, Western ``1,200`` and ``3.75``, percentages (``%``,
``٪``), ranges (``2020-2022`` is two numbers) and signed numbers. ``number_words`` finds the
values that a text spells out in words (English cardinals, Arabic cardinals and ordinals), so a
digit on one side against a word on the other is not a missing number.

Values are ``float``; text offsets are code points into the text given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from .segment import _DIACRITICS as _TASHKEEL  # one pattern for tashkeel and tatweel

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# a number: digits with optional separators (, . ٫ ٬); letters may touch it (Arabic "و٢٤",
# "3.5bn", "1990s", "COVID-19")
_NUMBER = re.compile(r"(?<![\d٫٬،])(?<!\d[.,])([-−]?)(\d+(?:[.,٫٬،]\d+)*)(?!\d)")


@dataclass(frozen=True)
class Number:
    """One number found in a text.

    Attributes:
        value: the number's value (``1200.0`` for ``١٬٢٠٠`` and ``1,200``).
        text: the characters as written.
        start, end: code-point offsets in the text searched.
        decade: written as a decade (``1980s``), which the other language often spells out.
        glued: part of a word or code (``R0``, ``B0AT1``, ``Table1``, ``الجدول1``), not a quantity;
            a one-letter Arabic prefix (``و٢٤``, ``ب٣``) does not count.
        fraction: the numerator or denominator of a simple fraction (``2/3``, ``220 2/3``: a
            numerator smaller than a denominator of at most 12), which the other language often
            writes in words ("two-thirds", ثلثي).
    """

    value: float
    text: str
    start: int
    end: int
    decade: bool = False
    glued: bool = False
    fraction: bool = False


def _value(body: str) -> float | None:
    """Value of a digit string with separators (ASCII digits), or ``None`` when unreadable."""
    body = body.replace("،", ",")  # the Arabic comma between digits groups thousands
    if "٫" in body or "٬" in body:
        body = body.replace("٬", "").replace("٫", ".")
        if body.count(".") > 1:
            return None
        return float(body)
    if "," in body and "." in body:
        # 1,234.5 (English) or 1.234,5 (continental): the last separator is the decimal one
        if body.rfind(".") > body.rfind(","):
            body = body.replace(",", "")
        else:
            body = body.replace(".", "").replace(",", ".")
        return float(body) if body.count(".") <= 1 else None
    for sep in (",", "."):
        if sep in body:
            groups = body.split(sep)
            if len(groups) > 2 or (len(groups[-1]) == 3 and sep == ","):
                # 1,200 / 1,200,000 / 1.200.000: thousands when every later group has 3 digits
                if all(len(g) == 3 for g in groups[1:]):
                    return float("".join(groups))
                return None if len(groups) > 2 else float(".".join(groups))
            return float(".".join(groups))
    return float(body)


def _glued(norm: str, start: int) -> bool:
    k = start
    while k > 0 and norm[k - 1].isalpha():
        k -= 1
    run = norm[k:start]
    if not run:
        return False
    if all("ARABIC" in unicodedata.name(ch, "") for ch in run):
        return len(run) >= 2
    return True


_FRACTION = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_TIME = re.compile(r"(?<![\d.,:٫٬])(\d{1,2}):([0-5]\d)(?![\d]|:\d)")


def find_numbers(text: str) -> list[Number]:
    """Every number written with digits in ``text``, in order.

    A leading ``-``/``−`` counts as a sign only when it does not join two numbers (``2020-2022``
    is a range: two positive numbers). A time ``H:MM`` is one number, ``H + MM/100`` (``5:30``
    is 5.3, the value of ``5.30pm``). The short end of a year range takes the century of its
    start (``1950-53`` is 1950 and 1953).
    """
    norm = text.translate(_DIGITS)
    out = []
    times = [(m.start(), m.end(), int(m.group(1)) + int(m.group(2)) / 100) for m in _TIME.finditer(norm)]
    fractions = set()
    for m in _FRACTION.finditer(norm):
        if 0 < int(m.group(1)) < int(m.group(2)) <= 12:
            fractions.update((m.start(1), m.start(2)))
    starts = [t[0] for t in times]  # sorted, the spans do not overlap: bisect, not a scan per number
    prev_end = -10
    for m in _NUMBER.finditer(norm):
        k = bisect.bisect_right(starts, m.start(2)) - 1
        inside = times[k] if k >= 0 and m.start(2) < times[k][1] else None
        if inside is not None:
            if m.start(2) == inside[0]:
                out.append(Number(inside[2], text[inside[0]:inside[1]], inside[0], inside[1]))
                prev_end = inside[1]
            continue
        sign, body = m.group(1), m.group(2)
        value = _value(body)
        if value is None:
            continue
        is_range = sign and m.start() == prev_end  # "2020-2022": the dash follows a number
        dashed = m.start(2) >= 1 and norm[m.start(2) - 1] in "-–—" and m.start(2) - 1 == prev_end
        if (is_range or dashed) and out and len(body) == 2 and value.is_integer():
            first = out[-1].value
            if first.is_integer() and 1000 <= first <= 2999 and value > first % 100:
                value = first - first % 100 + value  # 1950-53
        before = norm[m.start() - 1] if m.start() else " "
        signed = bool(sign) and not is_range and (before.isspace() or before in "([{=<>:")
        if signed:
            value = -value
        start = m.start() if signed else m.start(2)
        decade = value % 10 == 0 and value >= 10 and norm[m.end() : m.end() + 1] == "s"
        out.append(Number(value, text[start : m.end()], start, m.end(), decade, _glued(norm, start),
                          m.start(2) in fractions))
        prev_end = m.end()
    return out


_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1e6, "billion": 1e9, "dozen": 12, "half": 0.5, "first": 1,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "twice": 2, "double": 2, "once": 1, "single": 1, "pair": 2, "couple": 2, "noon": 12,
    "midnight": 12, "decade": 10, "century": 100, "decades": 10, "centuries": 100, "hundreds": 100,
    "thousands": 1000, "millions": 1e6, "billions": 1e9, "dozens": 12, "quarter": 0.25, "trillion": 1e12,
}
# Arabic cardinals and ordinals (stems, matched after removing the article and common prefixes)
_AR_WORDS = {
    "صفر": 0, "واحد": 1, "واحدة": 1, "أحد": 1, "احد": 1, "إحدى": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2,
    "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "اربع": 4, "أربعة": 4, "اربعة": 4, "خمس": 5, "خمسة": 5,
    "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمانية": 8, "ثمان": 8, "تسع": 9, "تسعة": 9,
    "عشر": 10, "عشرة": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "أربعين": 40,
    "أربعون": 40, "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70,
    "ثمانين": 80, "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مائة": 100, "مئة": 100, "مائتي": 200,
    "مئتي": 200, "ألف": 1000, "الف": 1000, "آلاف": 1000, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9,
    "مليارات": 1e9, "نصف": 0.5, "ربع": 0.25, "أول": 1, "أولى": 1, "الأول": 1, "الأولى": 1, "ثاني": 2,
    "ثانية": 2, "ثالث": 3, "ثالثة": 3, "رابع": 4, "رابعة": 4, "خامس": 5, "خامسة": 5, "سادس": 6,
    "سادسة": 6, "سابع": 7, "سابعة": 7, "ثامن": 8, "ثامنة": 8, "تاسع": 9, "تاسعة": 9, "عاشر": 10,
    "عاشرة": 10, "حادي": 11, "حادية": 11, "ثان": 2, "مليوني": 2, "مليونين": 2, "ألفي": 2, "ألفين": 2,
    "مليارين": 2, "ملياري": 2, "مئات": 100, "عشرات": 10, "يومين": 2, "يومي": 2, "عامين": 2, "سنتين": 2, "مرتين": 2,
    "شهرين": 2, "أسبوعين": 2, "ساعتين": 2, "الظهر": 12, "منتصف": 12, "عقد": 10, "عقود": 10, "قرن": 100,
    # the other halves of compounds (اثنا عشر / اثني عشر: 12) and everyday spoken forms (Egyptian,
    # Gulf): اتناشر 12, تلاتة 3, مية 100 ...
    "اثنا": 2, "اثني": 2, "اتنين": 2, "اثناشر": 12, "اتناشر": 12, "اطناشر": 12, "اثنعشر": 12, "حداشر": 11,
    "احداشر": 11, "تلات": 3, "تلاتة": 3, "تلاتين": 30, "تمان": 8, "تمانية": 8, "تمانين": 80,
    "تلاتمية": 300, "ثالت": 3, "تالت": 3, "تالتة": 3, "ثالتة": 3, "مية": 100, "ميه": 100, "عشرينات": 20, "تريليون": 1e12,
}
# hamza forms written without it (اربعين, الاول, الف) are the same words
_HAMZA = str.maketrans("أإآٱ", "اااا")
_AR_WORDS = {k.translate(_HAMZA): v for k, v in _AR_WORDS.items()}
_AR_PREFIXES = ("وال", "بال", "لل", "كال", "فال", "ال", "و", "ب", "ل", "ف", "ك")
_AR_SUFFIXES = ("ات", "ين", "ون", "ة", "ي")
_WORD = re.compile(r"\w+", re.UNICODE)


# Roman numerals of two or more letters (II, XIV), or one letter after a hyphen (type-I, Phase-V)
_ROMAN = re.compile(r"(?<![\w])(?:-)?((?=[IVXL]{2,})L?X{0,3}(?:IX|IV|V?I{0,3})|(?<=-)[IVX])(?![\w])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman_value(numeral: str) -> int:
    """Value of a valid Roman numeral (``"XIV"`` -> 14); 0 for an empty string."""
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


def number_words(text: str) -> set[float]:
    """Values spelled out in words in ``text`` (English and Arabic), e.g. ``{3.0, 20.0}``.

    Compound words add their parts and their sum where obvious (``twenty-five`` gives 20, 5 and
    25; ``ثلاثة عشر`` gives 3, 10 and 13), so a digit against its spelled-out form is matched.
    Roman numerals count too (``type-II`` gives 2, ``World War II`` 2, ``XIV`` 14).
    """
    found: list[float] = []
    roman = {_roman_value(m.group(1)) for m in _ROMAN.finditer(text)}
    for w in _WORD.findall(_TASHKEEL.sub("", text.lower()).translate(_HAMZA)):
        v = _EN_WORDS.get(w)
        if v is None:
            v = _AR_WORDS.get(w)
        if v is None:
            for p in _AR_PREFIXES:
                if w.startswith(p) and len(w) - len(p) >= 2:
                    stem = w[len(p):]
                    v = _AR_WORDS.get(stem)
                    if v is None:
                        for s in _AR_SUFFIXES:
                            if stem.endswith(s) and _AR_WORDS.get(stem[: -len(s)]) is not None:
                                v = _AR_WORDS[stem[: -len(s)]]
                                break
                    if v is not None:
                        break
        if v is not None:
            found.append(float(v))
    out = set(found) | {float(v) for v in roman if v}
    if 11.0 in found:
        out.add(1.0)  # الحادي والعشرين: "one and twenty"
    for a, b in zip(found, found[1:]):
        out.update({a + b, a * b, (1.0 if a == 11.0 else a) + b})  # twenty five, three hundred, ثلاثة عشر
    return out


def same_value(a: float, b: float) -> bool:
    """Whether ``a`` and ``b`` are the same number up to a scale word: ``820`` (ألف) and
    ``820,000``, ``3.5`` (billion) and ``3,500,000,000``."""
    if a == b:
        return True
    if a == 0 or b == 0 or (a < 0) != (b < 0):
        return False
    big, small = max(abs(a), abs(b)), min(abs(a), abs(b))
    for scale in (1e3, 1e6, 1e9, 1e12):
        if abs(big - small * scale) <= 1e-9 * big:
            return True
    return False
