"""Unit conversions in the numbers check: one quantity stated in two units is not a changed number
(values checked by hand: 150 ft = 45.72 m, 4000 ft = 1219 m, 27 mi = 43.45 km, 16 mph = 25.7 km/h,
98.6 °F = 37.0 °C)."""

from __future__ import annotations

import pytest

from aligncheck.checks import check_numbers
from aligncheck.conversions import converted_pairs, same_quantity, units_of
from aligncheck.numbers import find_numbers
from tests.fakes import finding_summaries, one_bead_context


def _check(ar: str, en: str):
    return finding_summaries(check_numbers(one_bead_context(ar, en)))


@pytest.mark.parametrize("ar, en", [
    ("كانت المباني بارتفاع 45 متر.", "The buildings were at most 150 feet tall."),
    ("طرنا على ارتفاع 1200 متر.", "We flew at 4000ft."),
    ("الشغل بعيد حوالي 43 كيلو.", "Work is about 27 miles away."),
    ("وصلنا لـ26 كيلومتر في الساعة على الأرض.", "Our ground speed was down to 16mph."),
    ("حرارة الجسم 37 درجة مئوية.", "Body temperature is 98.6°F."),
    ("وزنه 10 كيلوغرام.", "It weighs 22 pounds."),
])
def test_a_quantity_converted_to_another_unit_is_not_a_number_error(ar, en):
    assert _check(ar, en) == []


@pytest.mark.parametrize("ar, en, what", [
    # converted, but to a different quantity (45 m is 148 ft, not 300)
    ("كانت المباني بارتفاع 45 متر.", "The buildings were at most 300 feet tall.", "Arabic 45 is 300 in the English"),
    # the same unit on both sides: a changed number, however close
    ("الشغل بعيد حوالي 43 كيلومتر.", "Work is about 44 km away.", "Arabic 43 is 44 in the English"),
    # no unit on the other side: nothing to convert
    ("سرعتنا كانت 105 كيلومتر في الساعة.", "Our airspeed was 65.", "Arabic 105 is 65 in the English"),
])
def test_a_wrong_conversion_or_a_changed_number_is_still_an_error(ar, en, what):
    assert _check(ar, en) == [("numbers", "error", what)]


def test_units_are_read_after_the_number_in_both_languages():
    def names(text):
        return [[u.name for u in units_of(text, n)] for n in find_numbers(text)]

    assert names("from 150 feet to 4000ft, 16 mph") == [["foot"], ["foot"], ["mph"]]
    assert names("بارتفاع 45 متر وسرعة 26 كيلومتر في الساعة") == [["m"], ["km/h"]]
    assert names("حوالي 43 كيلو") == [["km", "kg"]]  # spoken كيلو: a distance or a weight
    assert names("€100m in 2023") == [["m"], []]


def test_same_quantity_needs_the_same_dimension_and_a_close_value():
    from aligncheck.conversions import _UNITS

    unit = {u.name: u for _, u in _UNITS}
    assert same_quantity(45, unit["m"], 150, unit["foot"])  # 45.72 m: 1.6 % off
    assert not same_quantity(40, unit["m"], 150, unit["foot"])  # 12.5 % off
    assert not same_quantity(45, unit["m"], 45, unit["m"])  # same unit: not a conversion
    assert not same_quantity(10, unit["kg"], 10, unit["km"])  # different dimensions
    assert same_quantity(37, unit["celsius"], 98.6, unit["fahrenheit"])
    assert not same_quantity(40, unit["celsius"], 98.6, unit["fahrenheit"])


def test_each_number_is_paired_once():
    ar, en = "45 متر و45 متر", "150 feet"
    pairs = converted_pairs(find_numbers(ar), ar, find_numbers(en), en)
    assert [(a.start, b.start) for a, b in pairs] == [(0, 0)]
