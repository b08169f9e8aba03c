"""ICU messages branch by branch (issue #14, attack A8: a replaced ``other`` branch passed with a
punctuation note): ``branch_mismatch``, and :func:`aligncheck.codes.render_icu`, which the
word and length checks read so that Arabic's six plural branches are not read as English words
or as a text three times as long."""

from __future__ import annotations

from aligncheck.checks import REGISTRY
from aligncheck.checks.icu_branches import check_branch_mismatch
from aligncheck.codes import render_icu
from tests.fakes import BagOfConceptsEncoder, lines_context, make_vocabulary

VOCAB = make_vocabulary(200, seed=7)


def _words(ids, lang):
    return " ".join(VOCAB[k][lang] for k in ids)


ONE, OTHER, FOREIGN = range(0, 6), range(3, 10), range(100, 108)


def _message(lang: int, one, other) -> str:
    return "{count, plural, one {" + _words(one, lang) + "} other {" + _words(other, lang) + "}}"


def _context(src: str, tgt: str):
    enc = BagOfConceptsEncoder(dict(VOCAB))
    return lines_context([src], [tgt], [((0,), (0,))], encode=enc.encode)


def test_a_replaced_other_branch_is_flagged_by_key():
    ctx = _context(_message(0, ONE, OTHER), _message(1, ONE, FOREIGN))
    findings = check_branch_mismatch(ctx)
    assert [(f.check, f.severity.value, f.src, f.tgt) for f in findings] == [("branch_mismatch", "warning", (0,), (0,))]
    assert "branch 'other' of {count}" in findings[0].message
    assert findings[0].message.endswith(f"«{_words(FOREIGN, 1)}»")


def test_a_replaced_one_branch_is_flagged_too():
    findings = check_branch_mismatch(_context(_message(0, ONE, OTHER), _message(1, FOREIGN, OTHER)))
    assert len(findings) == 1 and "branch 'one'" in findings[0].message


def test_faithful_branches_and_extra_arabic_keys_are_not_flagged():
    assert check_branch_mismatch(_context(_message(0, ONE, OTHER), _message(1, ONE, OTHER))) == []
    # an Arabic source's zero/two/few/many have no English branch to compare with
    src = ("{count, plural, zero {" + _words(FOREIGN, 0) + "} one {" + _words(ONE, 0) + "} two {"
           + _words(range(150, 155), 0) + "} other {" + _words(OTHER, 0) + "}}")
    assert check_branch_mismatch(_context(src, _message(1, ONE, OTHER))) == []


def test_one_shared_key_is_not_enough_to_judge():
    src = "{count, plural, other {" + _words(OTHER, 0) + "}}"
    assert check_branch_mismatch(_context(src, _message(1, ONE, FOREIGN))) == []


def test_the_check_is_registered_and_needs_an_encoder():
    assert REGISTRY["branch_mismatch"] is check_branch_mismatch
    ctx = _context(_message(0, ONE, OTHER), _message(1, ONE, FOREIGN))
    from dataclasses import replace
    assert check_branch_mismatch(replace(ctx, encode=None)) == []


def test_render_icu_reads_the_other_branch_nested_too():
    assert render_icu("{count, plural, one {# file} other {# files}} in {dir}") == "# files in {dir}"
    assert render_icu("دعا {host} {n, plural, one {ضيفًا} other {# ضيوف {g, select, a {A} other {B}}}}") == "دعا {host} # ضيوف B"
    assert render_icu("{g, select, male {He} female {She}} left") == "She left"  # no 'other': the last branch
    assert render_icu("plain {name} text") == "plain {name} text"


def test_icu_keywords_of_an_arabic_source_are_no_latin_tokens():
    from aligncheck.checks import check_tokens
    src = "{count, plural, zero {لا رسائل} one {رسالة واحدة} two {رسالتان} few {# رسائل} many {# رسالة} other {# رسالة}}"
    tgt = "{count, plural, one {one message} other {# messages}}"
    ctx = lines_context([src], [tgt], [((0,), (0,))])
    assert check_tokens(ctx) == []  # was: "few, many, two, zero missing in the English"
