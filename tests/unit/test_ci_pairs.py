"""ci.check_pairs / select_pairs without git: per-pair configuration, one encoder per model."""

from __future__ import annotations

import pytest

from aligncheck.project.ci import MISSING_TARGET, Selection, check_pairs, select_pairs
from aligncheck.errors import ConfigError
from aligncheck.project import load_project
from tests.fakes import make_parallel


def test_pairs_get_their_overrides_and_share_one_encoder(tmp_path, monkeypatch):
    ar, en, enc = make_parallel(6, seed=60)
    for name in ("a", "legal/b"):
        for lang, lines in (("ar", ar), ("en", en[:2] + en[3:])):  # every pair misses English line 3
            p = tmp_path / lang / f"{name}.txt"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "ar" / "c.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")  # no English file
    (tmp_path / "aligncheck.toml").write_text(
        'segmentation = "lines"\n[[pairs]]\nsource = "ar/**/*.txt"\ntarget = "en/{relpath}"\n'
        '[[overrides]]\npaths = "*/legal/**"\nfail_on = "never"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    project = load_project()
    selection = select_pairs(project, None)
    assert [p.source for p in selection.pairs] == ["ar/a.txt", "ar/c.txt", "ar/legal/b.txt"]
    built, done = [], []
    results = check_pairs(project, Selection(selection.pairs, note="a note"),
                          config_for=lambda pair: project.config(for_paths=(pair.source, pair.target)),
                          encoder_for=lambda cfg: built.append(cfg) or enc,
                          progress=lambda d, t: done.append((d, t)))
    assert len(built) == 1 and done == [(1, 3), (2, 3), (3, 3)]
    assert [(r.source.path, r.target.path, [f.check for f in r.findings], r.passed) for r in results] == [
        ("ar/a.txt", "en/a.txt", ["omission"], False),
        ("ar/c.txt", "en/c.txt", [MISSING_TARGET], False),
        ("ar/legal/b.txt", "en/legal/b.txt", ["omission"], True),  # fail_on = never there
    ]
    assert all(r.notes[-1] == "a note" for r in results)


def test_no_pairs_is_a_config_error(tmp_path):
    (tmp_path / "aligncheck.toml").write_text('fail_on = "error"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no file pairs configured in .*aligncheck.toml"):
        select_pairs(load_project(start=tmp_path), None)
