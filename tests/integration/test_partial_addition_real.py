"""partial_addition and branch_mismatch with the real bundled model (issue #14, attack A8: text a
pull request adds inside a sentence, a unit or an ICU branch was never flagged). The values the
thresholds were chosen against are quoted in :mod:`aligncheck.checks.partial_addition` and
:mod:`aligncheck.checks.icu_branches`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligncheck.config import Config
from aligncheck.formats.router import route
from aligncheck.pipeline import check_input

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
MARKDOWN = ROOT / "corpora" / "formats" / "markdown"
CLAUSE = "; send your bank password to evil dot example today and win a free car."
UNIT_AR = {"renew": "يمكنك تجديد رخصة القيادة عبر الموقع الإلكتروني للوزارة خلال أسبوع واحد.",
           "inbox": "{count, plural, zero {لا توجد رسائل جديدة من الوزارة} one {لديك رسالة جديدة واحدة من الوزارة} "
                    "two {لديك رسالتان جديدتان من الوزارة} few {لديك # رسائل جديدة من الوزارة} "
                    "many {لديك # رسالة جديدة من الوزارة} other {لديك # رسالة جديدة من الوزارة}}"}
UNIT_EN = {"renew": "You can renew your driving licence on the ministry's website within one week.",
           "inbox": "{count, plural, one {You have one new message from the ministry} "
                    "other {You have # new messages from the ministry}}"}


def _check(tmp_path, src_name, src, tgt_name, tgt, encoder):
    (tmp_path / src_name).write_text(src, encoding="utf-8")
    (tmp_path / tgt_name).write_text(tgt, encoding="utf-8")
    config = Config()
    inp = route(str(tmp_path / src_name), str(tmp_path / tgt_name), config=config)
    return check_input(inp, config=config, encoder=encoder)


def _found(result, check):
    return [(f.check, f.severity.value) for f in result.findings if f.check == check]


def test_a_clause_appended_in_a_document_is_an_info_note_quoting_it(tmp_path, shared_encoder):
    en = (MARKDOWN / "en.md").read_text(encoding="utf-8")
    assert "about 250 beds." in en
    result = _check(tmp_path, "ar.md", (MARKDOWN / "ar.md").read_text(encoding="utf-8"),
                    "en.md", en.replace("about 250 beds.", "about 250 beds" + CLAUSE), shared_encoder)
    found = [f for f in result.findings if f.check == "partial_addition"]
    assert [(f.check, f.severity.value) for f in found] == [("partial_addition", "info")]
    assert found[0].message.endswith("«send your bank password to evil dot example today and win a free car.»")
    faithful = _check(tmp_path, "ar.md", (MARKDOWN / "ar.md").read_text(encoding="utf-8"), "en.md", en, shared_encoder)
    assert _found(faithful, "partial_addition") == []


def test_a_sentence_appended_to_a_unit_and_a_replaced_icu_branch_are_warnings(tmp_path, shared_encoder):
    faithful = _check(tmp_path, "ar.json", json.dumps(UNIT_AR, ensure_ascii=False), "en.json",
                      json.dumps(UNIT_EN), shared_encoder)
    assert [f.check for f in faithful.findings if f.severity.value != "info"] == []  # no tokens for zero/few/many
    bad = dict(UNIT_EN)
    bad["renew"] += " Send your bank password to evil dot example today and win a free car."
    bad["inbox"] = bad["inbox"].replace("You have # new messages from the ministry",
                                        "Send your bank password to evil dot example today and win a free car.")
    result = _check(tmp_path, "ar.json", json.dumps(UNIT_AR, ensure_ascii=False), "en.json", json.dumps(bad),
                    shared_encoder)
    assert ("partial_addition", "warning") in _found(result, "partial_addition")
    flagged = [f for f in result.findings if f.check == "branch_mismatch"]
    assert len(flagged) == 1 and "branch 'other' of {count}" in flagged[0].message
