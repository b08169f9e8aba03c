"""Repeated lines with the bundled model (issue 14): a faithful pair where every line repeats one
sentence was ``unrelated_documents`` (every bead's margin 0.0: the copies of the translation were
the whole normalisation sample), while a real omission or a wrong repeated translation must still
be found. The fake-encoder twins are in ``tests/unit/test_repeats.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligncheck.config import Config
from aligncheck.documents import make_document
from aligncheck.pipeline import check_documents

pytestmark = pytest.mark.integration

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
SEED_AR = (CORPORA / "seed" / "ar.txt").read_text(encoding="utf-8").splitlines()
SEED_EN = (CORPORA / "seed" / "en.txt").read_text(encoding="utf-8").splitlines()
# an NTREX article of 8 lines of one sentence each
ARTICLE_AR = (CORPORA / "ntrex128-ar-en" / "abcnews.306755" / "ar.txt").read_text(encoding="utf-8").splitlines()
ARTICLE_EN = (CORPORA / "ntrex128-ar-en" / "abcnews.306755" / "en.txt").read_text(encoding="utf-8").splitlines()
# the seed's first sentence (talks on ending the war in Ukraine) and a football report's line
HEAD_AR, HEAD_EN = SEED_AR[0], SEED_EN[0]
FOOTBALL_EN = (CORPORA / "ntrex128-ar-en" / "bbc.381746" / "en.txt").read_text(encoding="utf-8").splitlines()[3]
MORE_AR, MORE_EN = "اقرأ المزيد", "Read more"


def counted(ar_lines, en_lines, encoder, config=Config()):
    src = make_document("\n".join(ar_lines) + "\n", path="ar.txt", lang="ar")
    tgt = make_document("\n".join(en_lines) + "\n", path="en.txt", lang="en", role="target")
    assert (len(src.segments), len(tgt.segments)) == (len(ar_lines), len(en_lines))
    result = check_documents(src, tgt, config=config, encoder=encoder)
    return [(f.check, f.src, f.tgt) for f in result.findings if f.severity.value != "info"]


def with_boilerplate(lines, line):
    return [x for pair in zip(lines, [line] * len(lines)) for x in pair]


def test_a_faithful_pair_repeating_one_sentence_20_times_passes(shared_encoder):
    # old code: unrelated_documents (and 20 mismatch errors with that check off)
    assert counted([HEAD_AR] * 20, [HEAD_EN] * 20, shared_encoder) == []
    assert counted([HEAD_AR] * 20, [HEAD_EN] * 20, shared_encoder, Config(disable=("unrelated_documents",))) == []


def test_read_more_after_every_line_passes_and_a_dropped_line_is_still_found(shared_encoder):
    ar, en = with_boilerplate(ARTICLE_AR, MORE_AR), with_boilerplate(ARTICLE_EN, MORE_EN)
    assert counted(ar, en, shared_encoder) == []
    # English line 5 (index 4, at 8 in the interleaved source) is left out
    assert counted(ar, en[:8] + en[9:], shared_encoder) == [("omission", (8,), ())]


def test_repeated_lines_do_not_hide_a_wrong_translation(shared_encoder):
    assert counted([HEAD_AR] * 20, [FOOTBALL_EN] * 20, shared_encoder) == [("unrelated_documents", (), ())]
    # one line, the same wrong translation: a mismatch (old code: margin 0.21, passed)
    assert counted([HEAD_AR], [FOOTBALL_EN], shared_encoder) == [("mismatch", (0,), (0,))]
