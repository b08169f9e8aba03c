"""Thresholds pinned by a small real-model case each (issue 17): the bundled model on the seed
article, where the default value gives the right answer and a value ten times off does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligncheck.config import Config
from aligncheck.documents import make_document, read_document
from aligncheck.pipeline import check_documents

pytestmark = pytest.mark.integration

SEED = Path(__file__).resolve().parents[2] / "corpora" / "seed"


def counted(result):
    return [(f.check, f.severity.value, f.src, f.tgt) for f in result.findings if f.severity.value != "info"]


@pytest.fixture(scope="module")
def truncated(shared_encoder):
    """The seed article with English line 5 cut at its last comma: "He noted that the parties
    will hold separate meetings to discuss specific negotiation tracks." (the Arabic goes on:
    "على أن تجتمع لاحقاً في جلسة مشتركة لتنسيق المواقف", and will later convene in a joint session)."""
    src = read_document(str(SEED / "ar.txt"), "ar")
    lines = (SEED / "en.txt").read_text(encoding="utf-8").splitlines()
    line = lines[4]
    lines[4] = line[: line.rindex(",")] + "."
    tgt = make_document("\n".join(lines) + "\n", path="en.txt", lang="en", role="target")
    return src, tgt


def test_partial_gain_default_finds_the_dropped_clause(truncated, shared_encoder):
    result = check_documents(*truncated, encoder=shared_encoder)
    assert counted(result) == [("partial_omission", "warning", (4,), (4,))]
    assert result.findings[0].message.endswith("«على أن تجتمع لاحقاً في جلسة مشتركة لتنسيق المواقف.»")


def test_partial_gain_ten_times_higher_misses_it(truncated, shared_encoder):
    # leaving the clause out raises the cosine by less than 0.02 on this pair
    assert counted(check_documents(*truncated, config=Config(partial_gain=0.02), encoder=shared_encoder)) == []


def test_the_faithful_seed_has_no_partial_omission_at_the_default(shared_encoder):
    src = read_document(str(SEED / "ar.txt"), "ar")
    tgt = read_document(str(SEED / "en.txt"), "en", role="target")
    assert [f for f in check_documents(src, tgt, encoder=shared_encoder).findings if f.check == "partial_omission"] == []
