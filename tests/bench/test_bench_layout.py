"""bench/layout.py: article layout, faults located by spans, rendering (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from bench.layout import (
    ARTICLE_VARIANTS,
    FAULT_KIND,
    Layout,
    Unit,
    article_layout,
    article_variant,
    paragraph_layout,
    paragraph_variant,
    render,
)

AR = [f"جملة رقم {k} هنا." for k in range(12)]
EN = [f"Sentence number {k} is here, and it has 12 words in it, {k}." for k in range(12)]
DONORS = ["A donor sentence from another article.", "Another donor sentence, unrelated."]


def _article(seed: int = 0) -> Layout:
    return article_layout("ntrex", "doc", AR, EN, np.random.default_rng(seed))


def test_article_layout_headline_alone_then_1_to_4_sentences_same_on_both_sides():
    lay = _article()
    assert lay.paragraphs[0] == (Unit(AR[0], EN[0]),)
    sizes = [len(p) for p in lay.paragraphs[1:]]
    assert all(1 <= s <= 4 for s in sizes) and sum(sizes) == 11
    r = render(lay)
    src_lines, tgt_lines = r.src_text.split("\n"), r.tgt_text.split("\n")
    assert len(src_lines) == len(tgt_lines) == len(lay.paragraphs)
    # the first body paragraph, built by hand from the sizes
    n1 = sizes[0]
    assert src_lines[1] == " ".join(AR[1 : 1 + n1]) and tgt_lines[1] == " ".join(EN[1 : 1 + n1])


def test_render_unit_spans_are_exact_and_in_order():
    r = render(_article(3))
    assert [r.src_text[a:b] for a, b in r.src_units] == AR
    assert [r.tgt_text[a:b] for a, b in r.tgt_units] == EN
    assert [r.tgt_text[a:b] for a, b in r.tgt_lines] == r.tgt_text.split("\n")


def test_render_by_hand():
    lay = Layout("c", "d", ((Unit("أ.", "A."),), (Unit("ب.", "B.", None), Unit(None, "X.", "sentence_inserted"), Unit("ج.", "C."))))
    r = render(lay)
    assert r.src_text == "أ.\nب. ج."
    assert r.tgt_text == "A.\nB. X. C."
    assert r.tgt_units == ((0, 2), (3, 5), (6, 8), (9, 11))
    (f,) = r.faults
    assert (f.kind, f.src, f.tgt) == ("addition", (), ((6, 8),))


def test_merge_and_split_change_only_the_target_lines():
    lay = Layout("c", "d", ((Unit("1.", "1."),), (Unit("2.", "2."), Unit("3.", "3.")), (Unit("4.", "4."),)))
    from dataclasses import replace

    merged = render(replace(lay, tgt_joined=frozenset({1})))
    assert merged.src_text == "1.\n2. 3.\n4." and merged.tgt_text == "1.\n2. 3. 4."
    split = render(replace(lay, tgt_breaks=frozenset({(1, 0)})))
    assert split.src_text == "1.\n2. 3.\n4." and split.tgt_text == "1.\n2.\n3.\n4."
    assert merged.faults == () and split.faults == ()


@pytest.mark.parametrize("name", [v for v in ARTICLE_VARIANTS if v in FAULT_KIND])
def test_each_fault_variant_has_one_fault_at_the_edited_unit(name):
    lay = _article(1)
    v = article_variant(name, lay, DONORS, np.random.default_rng(7))
    assert v is not None and v.name == name
    r = render(v)
    (f,) = r.faults
    assert f.kind == FAULT_KIND[name]
    edited = [(p, k) for p, par in enumerate(v.paragraphs) for k, u in enumerate(par) if u.fault == name]
    assert edited
    if name in ("sentence_deleted", "paragraph_deleted"):
        assert f.tgt == () and all(r.src_text[a:b] in AR for a, b in f.src)
        assert len(r.tgt_units) == 12 - len(edited)
    if name == "sentence_deleted":
        (p, k), = edited
        assert len(lay.paragraphs[p]) >= 2 and p >= 1  # inside a paragraph that stays
    if name == "source_deleted":
        assert f.src == () and len(r.src_units) == 11 and r.tgt_text[f.tgt[0][0]:f.tgt[0][1]] in EN
    if name == "sentence_inserted":
        assert r.tgt_text[f.tgt[0][0]:f.tgt[0][1]] in DONORS and len(r.tgt_units) == 13
    if name == "untranslated":
        a, b = f.tgt[0]
        assert r.tgt_text[a:b] in AR
    if name == "number_changed":
        a, b = f.tgt[0]
        assert r.tgt_text[a:b] not in EN and len(r.tgt_text[a:b].split()) == len(EN[0].split())
    if name == "truncated":
        a, b = f.tgt[0]
        assert any(e.startswith(r.tgt_text[a:b - 1]) for e in EN) and r.tgt_text[a:b] not in EN


def test_no_fault_variants_and_skips():
    lay = _article(2)
    for name in ("clean", "paragraphs_merged", "paragraph_split"):
        v = article_variant(name, lay, DONORS, np.random.default_rng(0))
        assert v is not None and render(v).faults == ()
    # a headline and one paragraph of one sentence: no paragraph to delete, nothing to split
    tiny = article_layout("c", "d", AR[:2], EN[:2], np.random.default_rng(0))
    assert article_variant("paragraph_deleted", tiny, DONORS, np.random.default_rng(0)) is None
    assert article_variant("paragraph_split", tiny, DONORS, np.random.default_rng(0)) is None
    with pytest.raises(ValueError):
        article_variant("nope", lay, DONORS, np.random.default_rng(0))


def test_variants_are_deterministic_given_the_generator():
    lay = _article(4)
    a = article_variant("sentence_inserted", lay, DONORS, np.random.default_rng(11))
    b = article_variant("sentence_inserted", lay, DONORS, np.random.default_rng(11))
    assert a == b


def test_paragraph_variants():
    lay = paragraph_layout("wmt", "d", ["أ. ب.", "ج."], ["A. B.", "C."])
    deleted = render(paragraph_variant("paragraph_deleted", lay, ["Donor."], np.random.default_rng(0)))
    assert deleted.tgt_text in ("A. B.", "C.") and deleted.faults[0].kind == "omission"
    ins = render(paragraph_variant("paragraph_inserted", lay, ["Donor."], np.random.default_rng(0)))
    assert "Donor." in ins.tgt_text.split("\n") and ins.src_text == "أ. ب.\nج."
    rep = render(paragraph_variant("paragraph_replaced", lay, ["Donor."], np.random.default_rng(0)))
    (f,) = rep.faults
    assert f.kind == "mismatch" and rep.tgt_text[f.tgt[0][0]:f.tgt[0][1]] == "Donor." and f.src
    one = paragraph_layout("wmt", "d", ["أ."], ["A."])
    assert paragraph_variant("paragraph_deleted", one, ["Donor."], np.random.default_rng(0)) is None
