"""Unit conversions between the two sides of a pair: ``150 feet`` and ``45 متر`` are the same
height, ``27 miles`` and ``43 كيلو`` the same distance, ``16mph`` and ``26 كيلومتر في الساعة`` the
same speed, ``98.6°F`` and ``37 درجة مئوية`` the same temperature.

Translators convert imperial units to metric (and back) for their readers and round the result;
the ``numbers`` check would otherwise report each converted value as a changed number.
:func:`unit_of` reads the unit written right after a number (English and Arabic names and
symbols), :func:`converted_pairs` pairs the numbers of two texts that state one quantity in two
units of the same dimension. Nothing else is matched: a number without a unit, two values in the
same unit, or a conversion off by more than the tolerance stays a difference.

Units are given as ``(dimension, scale, offset)`` to the base unit: metre, kilogram, litre,
km/h, degree Celsius (``value * scale + offset``). Offsets are code points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .numbers import Number

#: relative tolerance of a converted length, mass, volume or speed: translators round
#: (4000 ft = 1219 m is written 1200 m, 1.6 %; 150 ft = 45.7 m written 45 m)
RELATIVE_TOLERANCE = 0.05
#: absolute tolerance of a converted temperature, in degrees Celsius
CELSIUS_TOLERANCE = 1.5
#: most characters between a number and its unit (a space, a hyphen, "degrees")
_GAP = r"[\s\u00a0\-]{0,2}"


@dataclass(frozen=True)
class Unit:
    """A unit of measure: ``dimension`` (``length``, ``mass``, ``volume``, ``speed``,
    ``temperature``), and ``value * scale + offset`` gives the value in the dimension's base unit
    (metre, kilogram, litre, km/h, degree Celsius)."""

    name: str
    dimension: str
    scale: float
    offset: float = 0.0

    def to_base(self, value: float) -> float:
        """``value`` in this unit, in the dimension's base unit."""
        return value * self.scale + self.offset


_F = Unit("fahrenheit", "temperature", 5 / 9, -32 * 5 / 9)
_C = Unit("celsius", "temperature", 1.0)
_KMH = Unit("km/h", "speed", 1.0)
_MPH = Unit("mph", "speed", 1.609344)
#: (pattern, unit), tried in order at the text right after a number; longer names first
_UNITS: tuple[tuple[str, Unit], ...] = (
    # speeds before lengths: "16 mph", "26 كيلومتر في الساعة"
    (r"mph\b|miles?\s+(?:per|an|a)\s+hour\b", _MPH),
    (r"km/h\b|kph\b|kilomet(?:er|re)s?\s+(?:per|an|a)\s+hour\b", _KMH),
    (r"ميل\S*\s+(?:في|ب|بال)\s*الساع[ةه]", _MPH),
    (r"(?:كيلو\s*متر|كيلومتر|كم)\S*\s*(?:/\s*(?:س|ساع[ةه])|(?:في|ب|بال)\s*الساع[ةه])", _KMH),
    # temperatures: "98.6°F", "75 degrees Fahrenheit", "37 درجة مئوية"
    (r"°\s*F\b|(?:degrees?\s+)?fahrenheit\b|(?:درج[ةه]\s+)?فهرنهاي?ت", _F),
    (r"°\s*C\b|(?:degrees?\s+)?(?:celsius|centigrade)\b|(?:درج[ةه]\s+)?(?:مئوي[ةه]|سيليزي[ةه]|سلزيوس|سيلسيوس)", _C),
    # lengths
    (r"(?:feet|foot|ft)\b\.?|['′](?![\w'′])", Unit("foot", "length", 0.3048)),
    (r"(?:inch(?:es)?|in\.)(?!\w)|[\"″](?!\w)", Unit("inch", "length", 0.0254)),
    (r"(?:yards?|yds?)\b", Unit("yard", "length", 0.9144)),
    (r"(?:miles?|mi)\b", Unit("mile", "length", 1609.344)),
    (r"(?:kilomet(?:er|re)s?|km)\b", Unit("km", "length", 1000.0)),
    (r"(?:centimet(?:er|re)s?|cm)\b", Unit("cm", "length", 0.01)),
    (r"(?:millimet(?:er|re)s?|mm)\b", Unit("mm", "length", 0.001)),
    (r"(?:met(?:er|re)s?|m)\b", Unit("m", "length", 1.0)),
    (r"أقدام|اقدام|قدم", Unit("foot", "length", 0.3048)),
    (r"بوص[ةه]|بوصات|إنش|انش", Unit("inch", "length", 0.0254)),
    (r"يارد[ةه]?|ياردات", Unit("yard", "length", 0.9144)),
    (r"أميال|اميال|ميل", Unit("mile", "length", 1609.344)),
    (r"(?:كيلو\s*متر|كيلومتر)(?:ات|ا)?|كم(?!\w)|كيلو(?!\s*(?:غرام|جرام|جم|كغ))", Unit("km", "length", 1000.0)),
    (r"سنتي\s*متر(?:ات)?|سنتيمتر(?:ات)?|سم(?!\w)|سانتي", Unit("cm", "length", 0.01)),
    (r"مل[يل]\s*متر(?:ات)?|ملم(?!\w)", Unit("mm", "length", 0.001)),
    (r"متر|أمتار|امتار|م(?!\w)", Unit("m", "length", 1.0)),
    # masses
    (r"(?:pounds?|lbs?)\b\.?", Unit("pound", "mass", 0.45359237)),
    (r"(?:ounces?|oz)\b\.?", Unit("ounce", "mass", 0.028349523)),
    (r"(?:kilo(?:gram(?:me)?s?)?s?|kgs?)\b", Unit("kg", "mass", 1.0)),
    (r"(?:grams?|grammes?|g)\b", Unit("g", "mass", 0.001)),
    (r"(?:tons?|tonnes?)\b", Unit("tonne", "mass", 1000.0)),
    (r"رطل|أرطال|ارطال|باوند", Unit("pound", "mass", 0.45359237)),
    (r"أونص[ةه]|اونص[ةه]|أوقي[ةه]", Unit("ounce", "mass", 0.028349523)),
    (r"كيلو\s*(?:غرام|جرام)(?:ات)?|كيلوغرام(?:ات)?|كيلوجرام(?:ات)?|كجم|كغ|كيلو", Unit("kg", "mass", 1.0)),
    (r"(?:غرام|جرام)(?:ات)?|جم(?!\w)|غ(?!\w)", Unit("g", "mass", 0.001)),
    (r"أطنان|اطنان|طن", Unit("tonne", "mass", 1000.0)),
    # volumes
    (r"(?:gallons?|gal)\b", Unit("gallon", "volume", 3.785411784)),
    (r"(?:lit(?:er|re)s?|l)\b", Unit("litre", "volume", 1.0)),
    (r"غالون(?:ات)?|جالون(?:ات)?", Unit("gallon", "volume", 3.785411784)),
    (r"لتر(?:ات)?|ليتر(?:ات)?", Unit("litre", "volume", 1.0)),
)
_COMPILED = tuple((re.compile(_GAP + "(?:" + p + ")", re.IGNORECASE), u) for p, u in _UNITS)


def unit_of(text: str, number: Number) -> Unit | None:
    """The unit written right after ``number`` in ``text`` (``4000ft``, ``150 feet``, ``45 متر``,
    ``26 كيلومتر في الساعة``, ``98.6°F``), or ``None``. The Arabic ``كيلو`` alone is read as a
    kilometre when a length unit could follow and as a kilogram otherwise (it is both in speech):
    both readings are returned by :func:`units_of`; this returns the first."""
    found = units_of(text, number)
    return found[0] if found else None


def units_of(text: str, number: Number) -> tuple[Unit, ...]:
    """Every reading of the unit right after ``number`` in ``text`` (usually one; ``كيلو``
    alone gives kilometre and kilogram), in :data:`_UNITS` order; ``()`` when none."""
    rest = text[number.end:number.end + 40]
    out = []
    for rx, unit in _COMPILED:
        m = rx.match(rest)
        if m and unit not in out:
            out.append(unit)
            if not (unit.name == "km" and re.search(r"كيلو\s*$", m.group(0))):
                break  # only the bare كيلو is ambiguous
    return tuple(out)


def same_quantity(a: float, ua: Unit, b: float, ub: Unit) -> bool:
    """Whether ``a`` in ``ua`` and ``b`` in ``ub`` are the same quantity up to a translator's
    rounding: same dimension, different units, base values within :data:`RELATIVE_TOLERANCE`
    (temperatures: :data:`CELSIUS_TOLERANCE` degrees)."""
    if ua.dimension != ub.dimension or ua.name == ub.name:
        return False
    x, y = ua.to_base(a), ub.to_base(b)
    if ua.dimension == "temperature":
        return abs(x - y) <= CELSIUS_TOLERANCE
    if x <= 0 or y <= 0:
        return False
    return abs(x - y) <= RELATIVE_TOLERANCE * max(x, y)


def converted_pairs(src_numbers: Sequence[Number], src_text: str, tgt_numbers: Sequence[Number],
                    tgt_text: str) -> list[tuple[Number, Number]]:
    """The pairs ``(source number, target number)`` that state one quantity in two units
    (:func:`same_quantity`), each number used at most once, in source order (the first target
    number that matches).

    Args:
        src_numbers, tgt_numbers: numbers found in each text (:func:`aligncheck.numbers.find_numbers`).
        src_text, tgt_text: the texts they were found in.

    Returns:
        The matched pairs; ``[]`` when no number has a unit on both sides.
    """
    tgt_units = [(n, units_of(tgt_text, n)) for n in tgt_numbers]
    used: set[int] = set()
    out = []
    for s in src_numbers:
        su = units_of(src_text, s)
        if not su:
            continue
        for k, (t, tu) in enumerate(tgt_units):
            if k in used or not tu:
                continue
            if any(same_quantity(s.value, a, t.value, b) for a in su for b in tu):
                used.add(k)
                out.append((s, t))
                break
    return out
