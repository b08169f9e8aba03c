"""A source sentence split in two by the translator: the ``partial_omission`` of the pair and the
``addition`` next to it become notes when the missing clause is the added sentence
(``aligncheck.checks.split_translation``), with the fake bag-of-concepts encoder."""

from __future__ import annotations

from aligncheck.checks import CheckContext
from aligncheck.checks.run import run_checks
from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.types import Alignment, Bead
from tests.fakes import BagOfConceptsEncoder

AR = "المهرجان متحرك كل سنة في مدينة مختلفة، وآخر مرة كان في بلغراد قبل سنتين.\n"
WORDS = {"المهرجان": "festival", "متحرك": "moves", "سنة": "year", "مدينة": "city", "مختلفة": "different",
         "آخر": "last", "مرة": "time", "بلغراد": "Belgrade", "سنتين": "years", "قبل": "ago"}


def _run(en: str, beads):
    enc = BagOfConceptsEncoder(WORDS)
    src = make_document(AR, path="ar.txt", lang="ar", mode="sentences", check=False)
    tgt = make_document(en, path="en.txt", lang="en", mode="sentences", role="target", check=False)
    alignment = Alignment(tuple(Bead(tuple(s), tuple(t), score=0.9 if s and t else None,
                                     margin=0.5 if s and t else None) for s, t in beads))
    ctx = CheckContext(src, tgt, alignment, Config(), encode=enc.encode)
    return ctx, [(f.check, f.src, f.tgt, f.severity.value) for f in run_checks(ctx)
                 if f.check in ("addition", "partial_omission")]


def test_the_added_half_of_a_split_sentence_and_the_partial_pair_are_notes():
    # the translator wrote the first clause as its own sentence, which the alignment left unpaired
    ctx, found = _run("The festival moves to a different city every year. The last time was in Belgrade, years ago.\n",
                      [((), (0,)), ((0,), (1,))])
    assert found == [("addition", (), (0,), "info"), ("partial_omission", (0,), (1,), "info")]
    notes = [f.message for f in run_checks(ctx) if f.check in ("addition", "partial_omission")]
    assert notes[0].endswith("(it translates the clause the neighbouring pair leaves out: a sentence split in two)")


def test_an_unrelated_added_sentence_and_a_real_partial_omission_stay():
    # the added sentence says something else: the clause is really missing, the sentence really added
    _, found = _run("Bread prices rose sharply in the capital. The last time was in Belgrade, years ago.\n",
                    [((), (0,)), ((0,), (1,))])
    assert found == [("addition", (), (0,), "error"), ("partial_omission", (0,), (1,), "warning")]


def test_the_added_sentence_must_be_the_pairs_neighbour_in_its_paragraph():
    # same text, but on its own line: another paragraph, not the other half of the sentence
    _, found = _run("The festival moves to a different city every year.\nThe last time was in Belgrade, years ago.\n",
                    [((), (0,)), ((0,), (1,))])
    assert found == [("addition", (), (0,), "error"), ("partial_omission", (0,), (1,), "warning")]



AR2 = "المهرجان متحرك كل سنة في مدينة مختلفة. وآخر مرة كان في بلغراد قبل سنتين.\n"


def _run_sources(en: str, ar: str = AR2):
    enc = BagOfConceptsEncoder(WORDS)
    src = make_document(ar, path="ar.txt", lang="ar", mode="sentences", check=False)
    tgt = make_document(en, path="en.txt", lang="en", mode="sentences", role="target", check=False)
    assert len(src.segments) == 2 and len(tgt.segments) == 1
    alignment = Alignment((Bead((0,), (0,), score=0.9, margin=0.5), Bead((1,), ())))
    ctx = CheckContext(src, tgt, alignment, Config(), encode=enc.encode)
    return [(f.check, f.src, f.severity.value) for f in run_checks(ctx) if f.check == "omission"]


def test_a_source_sentence_the_long_neighbouring_translation_also_says_is_a_note():
    # one English sentence for two Arabic ones: the second Arabic sentence is in the English
    assert _run_sources("The festival moves to a different city every year, and the last time it was "
                        "in Belgrade, two years ago.\n") == [("omission", (1,), "info")]


def test_a_source_sentence_missing_from_the_neighbouring_translation_stays_an_omission():
    # as long, but nothing of "the last time it was in Belgrade two years ago"
    assert _run_sources("The festival moves to a different city every year, as it has always done "
                        "since its very beginning.\n") == [("omission", (1,), "error")]


def test_a_translation_no_longer_than_its_own_source_predicts_has_no_room_for_a_second_sentence():
    ar = "المهرجان متحرك كل سنة في مدينة مختلفة حسب خطة اللجنة المنظمة الدائمة. وآخر مرة كان في بلغراد قبل سنتين.\n"
    # says the second sentence too, but is only about as long as the first Arabic sentence (x 1.1)
    short = "The festival moves every year to a different city; last time Belgrade, two years ago.\n"
    assert len(short) < 1.3 * 1.1 * len(ar.split(". ")[0])
    assert _run_sources(short, ar) == [("omission", (1,), "error")]
    long = ("The festival moves every year to a different city, as the standing organising committee plans, "
            "and the last time it was in Belgrade, two years ago.\n")
    assert _run_sources(long, ar) == [("omission", (1,), "info")]
