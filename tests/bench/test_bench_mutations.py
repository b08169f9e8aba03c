"""bench.mutations: every mutation's anchor is found exactly once in the package (a refactor that
moves code must update them), and a mutation really changes the code it names."""

from __future__ import annotations

import pytest

from bench.mutations import MUTATIONS, ROOT, AnchorError, locate


@pytest.mark.parametrize("m", MUTATIONS, ids=lambda m: m.name)
def test_each_anchor_is_found_once_and_the_mutation_changes_it(m):
    path, line = locate(ROOT, m.anchor)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[line - 1].strip().startswith(m.anchor.splitlines()[0].strip()[:20])
    assert text.replace(m.anchor, m.replacement) != text
    compile(text.replace(m.anchor, m.replacement), str(path), "exec")  # still valid Python
    for t in m.tests:
        assert (ROOT / t).is_file(), t


def test_names_are_unique_and_the_issue_17_mutations_are_listed():
    names = [m.name for m in MUTATIONS]
    assert len(names) == len(set(names))
    for required in ("retest_beads-removed", "repair_skips_beside_merges-removed", "pair_lone_skips-removed",
                     "mismatch-loose-false", "pair_moves-noop", "partial_gain-x10"):
        assert required in names


def test_a_missing_anchor_is_an_error():
    with pytest.raises(AnchorError, match="found 0 times"):
        locate(ROOT, "this text is in no module of the package")
