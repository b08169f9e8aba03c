"""The main job on real text with the real bundled model: the seed article and NTREX documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligncheck.config import Config
from aligncheck.documents import make_document, read_document
from aligncheck.pipeline import check_documents

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seed"
NTREX = ROOT / "corpora" / "ntrex128-ar-en"
UNRELATED = (
    "The company reported a record quarterly profit of 3 billion dollars, beating analysts' forecasts."
)


def errors(result):
    return [(f.check, f.src, f.tgt) for f in result.findings if f.severity.value != "info"]


@pytest.fixture(scope="module")
def seed(shared_encoder):
    src = read_document(str(SEED / "ar.txt"), "ar")
    tgt = read_document(str(SEED / "en.txt"), "en", role="target")
    clean = check_documents(src, tgt, encoder=shared_encoder)
    return src, tgt, clean


def _target(text):
    return make_document(text, path="en.txt", lang="en", role="target")


def test_seed_is_faithful_and_aligned_one_to_one(seed):
    src, tgt, clean = seed
    assert errors(clean) == [] and clean.passed
    # the seed's gold: paragraph i of ar.txt translates paragraph i of en.txt; every bead
    # stays inside one paragraph pair
    for bead in clean.alignment.beads:
        assert {src.segments[i].line for i in bead.src} == {tgt.segments[j].line for j in bead.tgt}


def test_seed_each_deleted_english_sentence_is_named_as_one_omission(seed, shared_encoder):
    src, tgt, clean = seed
    gold = {b.tgt[0]: b.src for b in clean.alignment.beads if len(b.src) == 1 and len(b.tgt) == 1}
    assert len(gold) == len(tgt.segments)  # the clean alignment is all 1-1
    for k, seg in enumerate(tgt.segments):
        text = tgt.text[: seg.start] + tgt.text[seg.end :]
        result = check_documents(src, _target(text), encoder=shared_encoder)
        assert errors(result) == [("omission", gold[k], ())], f"deleted English sentence {k}: {seg.text}"


@pytest.mark.parametrize("line", [1, 7, 13])
def test_seed_inserted_unrelated_sentence_is_one_addition(seed, shared_encoder, line):
    src, tgt, _ = seed
    lines = tgt.text.split("\n")
    lines.insert(line, UNRELATED)
    result = check_documents(src, _target("\n".join(lines)), encoder=shared_encoder)
    new = next(s.index for s in result.target.segments if s.text == UNRELATED)
    assert errors(result) == [("addition", (), (new,))]


def test_seed_each_sentence_followed_by_an_inserted_foreign_sentence_in_its_paragraph_is_one_addition(
        seed, shared_encoder):
    # the "done when": a foreign sentence inserted after each English sentence in turn,
    # inside its paragraph (same line), is exactly one addition at that sentence
    # (a headline has no full stop: a sentence typed after it on its line would join it, so a
    # headline gets the sentence on the next line instead)
    src, tgt, _ = seed
    for k, seg in enumerate(tgt.segments):
        sep = " " if seg.text.rstrip("”\"'’)").endswith((".", "!", "?")) else "\n"
        text = tgt.text[: seg.end] + sep + UNRELATED + tgt.text[seg.end :]
        result = check_documents(src, _target(text), encoder=shared_encoder)
        new = next(s.index for s in result.target.segments if s.text == UNRELATED)
        assert new == k + 1
        assert errors(result) == [("addition", (), (new,))], f"inserted after English sentence {k}: {seg.text}"


@pytest.mark.parametrize("k", [0, 9, 18])
def test_seed_replaced_sentence_is_one_mismatch_or_omission_plus_addition(seed, shared_encoder, k):
    src, tgt, _ = seed
    seg = tgt.segments[k]
    result = check_documents(src, _target(tgt.text[: seg.start] + UNRELATED + tgt.text[seg.end :]), encoder=shared_encoder)
    assert sorted(errors(result)) in (
        [("mismatch", (k,), (k,))],
        [("addition", (), (k,)), ("omission", (k,), ())],
    )


NTREX_DOCS = ["bbc.381790", "nytimes.184853", "guardian.221754", "cnbc.com.6790"]


@pytest.mark.parametrize("doc_id", NTREX_DOCS)
def test_ntrex_document_aligns_line_by_line_and_finds_a_deleted_line(shared_encoder, doc_id):
    config = Config(segmentation="lines")
    ar = (NTREX / doc_id / "ar.txt").read_text(encoding="utf-8")
    en = (NTREX / doc_id / "en.txt").read_text(encoding="utf-8")
    src = make_document(ar, path="ar.txt", lang="ar", mode="lines")
    tgt = make_document(en, path="en.txt", lang="en", mode="lines", role="target")
    clean = check_documents(src, tgt, config=config, encoder=shared_encoder)
    assert [(b.src, b.tgt) for b in clean.alignment.beads] == [((i,), (i,)) for i in range(len(src.segments))]
    assert errors(clean) == []
    k = len(tgt.segments) // 2
    lines = en.splitlines()
    del lines[k]
    result = check_documents(src, make_document("\n".join(lines), path="en.txt", lang="en", mode="lines", role="target"),
                             config=config, encoder=shared_encoder)
    assert errors(result) == [("omission", (k,), ())]


@pytest.mark.parametrize(
    "english, expected",
    [
        ("The president said the talks were productive.", []),
        ("Bananas are an excellent source of potassium.", [("mismatch", (0,), (0,))]),
    ],
)
def test_one_sentence_pair_is_judged_against_reference_sentences(shared_encoder, english, expected):
    src = make_document("وقال الرئيس إن المحادثات كانت مثمرة.\n", path="ar.txt", lang="ar")
    tgt = make_document(english + "\n", path="en.txt", lang="en", role="target")
    result = check_documents(src, tgt, encoder=shared_encoder)
    assert errors(result) == expected
    assert all(f.severity.value == "error" for f in result.findings)
