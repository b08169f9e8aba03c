"""partial_addition: a target that adds a clause or a sentence its source does not have (issue #14,
attack A8: text appended inside a sentence or a translation unit was never flagged)."""

from __future__ import annotations

from dataclasses import replace

from aligncheck.checks import check_partial_addition
from aligncheck.checks.partial_addition import piece_spans
from tests.fakes import make_vocabulary, pair_under_test_context, vocab_sentence

VOCAB = make_vocabulary(200, seed=5)


def _sentence(words, lang: int, end: str = ".") -> str:
    return vocab_sentence(VOCAB, words, lang, end)


def _document(special_src: str, special_tgt: str):
    """Six faithful 1-1 pairs, then the pair under test (bead 6)."""
    return pair_under_test_context(VOCAB, special_src, special_tgt)


CLAUSE_A = range(0, 9)
EXTRA = range(100, 109)  # words the source never has


def test_piece_spans_cut_sentences_then_clauses():
    text = "The plan has three stages, and the work begins tomorrow. Send your password to us now."
    assert [text[a:b] for a, b in piece_spans(text)] == [
        "The plan has three stages,", "and the work begins tomorrow.", "Send your password to us now."]
    assert piece_spans("   ") == []


def test_an_appended_clause_is_a_warning_that_quotes_it():
    target = _sentence(CLAUSE_A, 1, end=";") + " " + _sentence(EXTRA, 1)
    findings = check_partial_addition(_document(_sentence(CLAUSE_A, 0), target))
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in findings] == [("partial_addition", "warning", (6,), (6,))]
    assert findings[0].message.endswith(f"«{_sentence(EXTRA, 1)}»")
    a, b = findings[0].highlights[0][1:]
    assert target[a:b] == _sentence(EXTRA, 1)


def test_an_appended_sentence_is_found():
    target = _sentence(CLAUSE_A, 1) + " " + _sentence(EXTRA, 1)
    findings = check_partial_addition(_document(_sentence(CLAUSE_A, 0), target))
    assert len(findings) == 1 and findings[0].message.endswith(f"«{_sentence(EXTRA, 1)}»")


def test_a_prefixed_sentence_is_found():
    target = _sentence(EXTRA, 1) + " " + _sentence(CLAUSE_A, 1)
    findings = check_partial_addition(_document(_sentence(CLAUSE_A, 0), target))
    assert len(findings) == 1 and findings[0].message.endswith(f"«{_sentence(EXTRA, 1)}»")


def test_a_candidate_whose_pieces_all_have_a_source_is_not_flagged():
    # twice the expected length (a candidate), but the second sentence restates the first:
    # leaving either out does not bring the target closer to the source
    target = _sentence(CLAUSE_A, 1) + " " + _sentence(CLAUSE_A, 1)
    ctx = _document(_sentence(CLAUSE_A, 0), target)
    assert check_partial_addition(ctx) == []
    # the same document with foreign words in place of the restatement is flagged
    flagged = _document(_sentence(CLAUSE_A, 0), _sentence(CLAUSE_A, 1) + " " + _sentence(EXTRA, 1))
    assert len(check_partial_addition(flagged)) == 1


def test_a_target_within_the_length_ratio_is_not_a_candidate():
    # the same added words, but the source is as long as the target: no candidate, so no finding
    source = _sentence(range(0, 18), 0)
    target = _sentence(CLAUSE_A, 1, end=";") + " " + _sentence(EXTRA, 1)
    ctx = _document(source, target)
    assert check_partial_addition(ctx) == []


def test_one_piece_targets_and_runs_without_an_encoder_give_nothing():
    target = _sentence(CLAUSE_A, 1, end=";") + " " + _sentence(EXTRA, 1)
    ctx = _document(_sentence(CLAUSE_A, 0), target)
    assert check_partial_addition(replace(ctx, encode=None)) == []
    one_piece = _sentence(list(CLAUSE_A) + list(EXTRA), 1)
    assert check_partial_addition(_document(_sentence(CLAUSE_A, 0), one_piece)) == []
