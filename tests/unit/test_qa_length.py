"""The ``length`` check: unit limits (XLIFF maxwidth, max_length) and per-file ratio outliers."""

from __future__ import annotations

from aligncheck.config import Config
from aligncheck.formats import read_units
from aligncheck.pipeline import check_units
from aligncheck.checks.length import check_limit, ratio_outliers
from tests.fakes import BagOfConceptsEncoder


def test_limit():
    assert check_limit("حفظ الملف", 9, origin="x") == []          # 9 code points exactly
    assert [i.message for i in check_limit("حفظ الملف", 8, origin="x")] == [
        "the translation has 9 characters, more than the limit of 8 (x)"]
    assert check_limit("anything", None, origin="x") == []


def test_ratio_outliers_by_hand():
    lengths = [(40, 48)] * 9 + [(40, 200)]          # ratio 1.2 nine times, then 5.0
    assert ratio_outliers(lengths) == [(9, 5.0, 1.2)]
    assert ratio_outliers([(40, 48)] * 9 + [(40, 60)]) == []      # 1.5: within a factor of 2
    assert ratio_outliers([(40, 48)] * 6 + [(40, 200)]) == []      # too few units to judge
    assert ratio_outliers([(5, 48)] * 9 + [(40, 200)]) == []       # short sources do not count


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="ar" datatype="plaintext" original="x"><body>
<trans-unit id="ok" maxwidth="10" size-unit="char"><source>Save</source><target>حفظ</target></trans-unit>
<trans-unit id="long" maxwidth="5" size-unit="char"><source>Cancel</source><target>إلغاء الأمر</target></trans-unit>
<trans-unit id="pixels" maxwidth="5"><source>Open</source><target>فتح الملف</target></trans-unit>
</body></file></xliff>
"""


def test_xliff_maxwidth_and_project_limit(tmp_path):
    p = tmp_path / "ui.xlf"
    p.write_text(XLIFF, encoding="utf-8")
    uf = read_units(str(p), fmt="xliff", source_lang="en", target_lang="ar")
    assert [u.max_chars for u in uf.units] == [10, 5, None]   # a maxwidth in pixels is no char limit
    cfg = Config(source_lang="en", target_lang="ar")
    found = [(f.src, f.message) for f in check_units(uf, config=cfg, encoder=BagOfConceptsEncoder()).findings
             if f.check == "length"]
    assert found == [((1,), "unit long: the translation has 11 characters, more than the limit of 5 "
                            "(the file's maxwidth / size restriction)")]
    cfg = Config(source_lang="en", target_lang="ar", max_length=8)
    found = [f.src for f in check_units(uf, config=cfg, encoder=BagOfConceptsEncoder()).findings if f.check == "length"]
    assert found == [(1,), (2,)]    # the file's own limit wins for unit 1; 9 > 8 for unit 2
