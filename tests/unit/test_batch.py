"""aligncheck.batch: manifests, result lines equal to 'check --format json', resuming, summary."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aligncheck import batch as B
from aligncheck.cli import main
from aligncheck.config import Config
from aligncheck.embed import DedupEncoder
from aligncheck.errors import InputError
from tests.fakes import make_parallel, make_vocabulary, world_encoder

VOCAB = make_vocabulary(seed=0)


def write_corpus(root, n_pairs=8, drop=None):
    """``n_pairs`` document pairs under ``root`` (pair k: 5 + k % 4 lines); ``drop`` maps a pair
    to the 0-based English lines deleted from it. Returns the manifest path (TSV)."""
    drop = drop or {}
    rows = ["id\tsource\ttarget"]
    for k in range(n_pairs):
        ar, en, _ = make_parallel(5 + k % 4, seed=k, vocab=VOCAB)
        en = [e for i, e in enumerate(en) if i not in drop.get(k, ())]
        (root / f"d{k}").mkdir(parents=True, exist_ok=True)
        (root / f"d{k}" / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
        (root / f"d{k}" / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
        rows.append(f"p{k}\td{k}/ar.txt\td{k}/en.txt")
    (root / "m.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root / "m.tsv"


def lines_of(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- manifest


def test_tsv_manifest_paths_are_joined_to_its_folder_and_ids_default_to_the_source(tmp_path):
    m = tmp_path / "m.tsv"
    m.write_text("source\ttarget\tsegmentation\n\n# a comment\na/ar.txt\ta/en.txt\tlines\n/abs/ar.txt\t/abs/en.txt\t\n",
                 encoding="utf-8")
    specs = B.read_manifest(str(m), allow_outside=True)  # absolute paths lead out of its folder
    assert [(s.id, s.line, s.source, s.target, s.options) for s in specs] == [
        ("a/ar.txt", 4, str(tmp_path / "a/ar.txt"), str(tmp_path / "a/en.txt"), (("segmentation", "lines"),)),
        ("/abs/ar.txt", 5, "/abs/ar.txt", "/abs/en.txt", ()),
    ]


def test_jsonl_manifest_with_inline_texts_and_tsv_escapes(tmp_path):
    m = tmp_path / "m.jsonl"
    m.write_text('{"id": "x", "source_text": "ا\\nب", "target_text": "a\\\\nb"}\n', encoding="utf-8")
    s = B.read_manifest(str(m))[0]
    assert (s.id, s.source_text, s.target_text, s.source) == ("x", "ا\nب", "a\\nb", None)
    t = tmp_path / "m.tsv"
    t.write_text("source_text\ttarget_text\nا\\nب\ta\\tb\\\\n\n", encoding="utf-8")
    s = B.read_manifest(str(t))[0]
    assert (s.id, s.source_text, s.target_text) == ("line 2", "ا\nب", "a\tb\\n")


@pytest.mark.parametrize("name,text,message", [
    ("m.tsv", "source\ttarget\tcolour\n", "m.tsv line 1: unknown column 'colour'"),
    ("m.tsv", "source\ttarget\na.txt\tb.txt\nc.txt\n", "m.tsv line 3: 1 tab-separated cells, the header has 2"),
    ("m.tsv", "id\tsource\ttarget\nx\ta\tb\nx\tc\td\n", "m.tsv line 3: id 'x' is already used on line 2"),
    ("m.tsv", "source\ttarget\n\ta.txt\n", "m.tsv line 2: give exactly one of source (a path) and source_text"),
    ("m.tsv", "source\tsource_text\ttarget\na\tb\tc\n", "m.tsv line 2: give exactly one of source (a path) and source_text (inline text), not both"),
    ("m.jsonl", '{"source": "a", "target": "b"}\n{"source": "a", \n', "m.jsonl line 2: not a JSON object"),
    ("m.jsonl", '["a", "b"]\n', "m.jsonl line 1: a manifest line must be a JSON object"),
    ("m.jsonl", '{"source": "a", "target": 3}\n', "m.jsonl line 1: target must be a string, not int"),
    ("m.tsv", "source\ttarget\n", "has a header but no pair"),
    ("m.tsv", "\n\n", "is empty"),
])
def test_a_bad_manifest_is_an_input_error_naming_the_line(tmp_path, name, text, message):
    m = tmp_path / name
    m.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        B.read_manifest(str(m))
    assert message in str(err.value)
    assert str(err.value).startswith(str(m))


# --------------------------------------------------------------------------- results


def test_every_line_is_the_check_json_report_plus_the_id_serial_and_two_workers(tmp_path):
    manifest = write_corpus(tmp_path, drop={2: (1,), 5: (0, 3)})
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        r = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(out), "--segmentation", "lines",
                                      "--jobs", jobs], obj={"encoder": world_encoder()})
        assert r.exit_code == 1, r.output
        got = lines_of(out)
        assert [g["id"] for g in got] == [f"p{k}" for k in range(8)]
        for k, line in enumerate(got):
            c = CliRunner().invoke(main, ["check", str(tmp_path / f"d{k}/ar.txt"), str(tmp_path / f"d{k}/en.txt"),
                                          "--segmentation", "lines", "--format", "json"],
                                   obj={"encoder": world_encoder()})
            assert {k2: v for k2, v in line.items() if k2 not in ("id", "seal")} == json.loads(c.stdout)
        # the omissions made above, found independently of the check command
        assert [[(f["check"], f["src"]) for f in g["findings"]] for g in got] == [
            [], [], [("omission", [1])], [], [], [("omission", [0]), ("omission", [3])], [], []]
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()


def test_a_line_validates_against_the_report_schema_once_the_id_is_removed(tmp_path):
    import jsonschema  # test extra
    from aligncheck.report.json import load_schema

    manifest = write_corpus(tmp_path, n_pairs=2, drop={1: (2,)})
    out = tmp_path / "o.jsonl"
    B.run_batch(B.read_manifest(str(manifest)), config=Config(segmentation="lines"),
                encoder=DedupEncoder(world_encoder()), output=str(out))
    for line in lines_of(out):
        line.pop("id"), line.pop("seal")
        jsonschema.validate(line, load_schema())


def test_inline_texts_are_checked_like_files(tmp_path):
    ar, en, _ = make_parallel(6, seed=11, vocab=VOCAB)
    m = tmp_path / "m.jsonl"
    m.write_text(json.dumps({"id": "inline", "source_text": "\n".join(ar), "target_text": "\n".join(en[:2] + en[3:]),
                             "segmentation": "lines"}) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    s = B.run_batch(B.read_manifest(str(m)), config=Config(), encoder=DedupEncoder(world_encoder()), output=str(out))
    line = lines_of(out)[0]
    assert (s.pairs, s.failed) == (1, 1)
    assert line["source"]["path"] == "inline:source"
    assert "|seg:lines|" in line["signature"]  # the row's option applied
    assert [(f["check"], f["src"], f["tgt"]) for f in line["findings"]] == [("omission", [2], [])]


def test_a_missing_file_names_the_manifest_line(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=3)
    (tmp_path / "d1" / "en.txt").unlink()
    with pytest.raises(InputError) as err:
        B.run_batch(B.read_manifest(str(manifest)), config=Config(segmentation="lines"),
                    encoder=DedupEncoder(world_encoder()), output=str(tmp_path / "o.jsonl"))
    assert str(err.value) == f"{manifest} line 3 (id p1): target file {tmp_path / 'd1/en.txt'} does not exist"


# --------------------------------------------------------------------------- resuming


def test_resuming_skips_finished_pairs_drops_a_torn_line_and_ends_byte_identical(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=6, drop={4: (1,)})
    specs = B.read_manifest(str(manifest))
    full = tmp_path / "full.jsonl"
    B.run_batch(specs, config=Config(segmentation="lines"), encoder=DedupEncoder(world_encoder()), output=str(full))
    data = full.read_bytes()
    cut = [k for k, b in enumerate(data) if b == ord("\n")][2] + 1  # three complete lines
    part = tmp_path / "part.jsonl"
    part.write_bytes(data[: cut + 40])  # and 40 bytes of the fourth: torn by a kill
    enc = world_encoder()
    s = B.run_batch(specs, config=Config(segmentation="lines"), encoder=DedupEncoder(enc), output=str(part),
                    window=2)
    assert part.read_bytes() == data
    assert (s.pairs, s.resumed, s.passed, s.failed) == (6, 3, 5, 1)
    embedded = {t for call in enc.calls for t in call}
    done_texts = {t for k in range(3) for t in (tmp_path / f"d{k}/ar.txt").read_text(encoding="utf-8").splitlines()}
    assert not done_texts & embedded  # finished pairs were not embedded again
    # a finished file is left as it is
    s = B.run_batch(specs, config=Config(segmentation="lines"), encoder=DedupEncoder(world_encoder()),
                    output=str(part))
    assert (s.resumed, part.read_bytes()) == (6, data)


def test_an_output_that_is_not_batch_results_is_refused(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=1)
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "p0"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="o.jsonl line 1 is not an aligncheck batch result"):
        B.run_batch(B.read_manifest(str(manifest)), config=Config(segmentation="lines"),
                    encoder=DedupEncoder(world_encoder()), output=str(out))


# --------------------------------------------------------------------------- summary


def test_summary_counts_and_lists_the_worst_pairs_first(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=5, drop={1: (0,), 3: (1, 3)})
    out = tmp_path / "o.jsonl"
    s = B.run_batch(B.read_manifest(str(manifest)), config=Config(segmentation="lines"),
                    encoder=DedupEncoder(world_encoder()), output=str(out))
    assert (s.pairs, s.passed, s.failed, s.counts) == (5, 3, 2, (("omission", 3),))
    assert [w[:4] for w in s.worst] == [("p3", 2, 0, 2), ("p1", 1, 0, 1)]
    assert B.render_summary(s) == (
        f"✗ FAILED: 5 pairs checked, 3 passed, 2 failed (0 already in {out})\n"
        "findings by check: omission 3\n"
        "worst pairs:\n"
        "  p3  2 errors, 0 warnings, 2 findings (omission 2)\n"
        "  p1  1 error, 0 warnings, 1 finding (omission 1)\n"
        f"results: {out}\n")
    md = B.render_summary(s, "markdown")
    assert "| omission | 3 |" in md and "| p3 | 2 | 0 | 2 | omission 2 |" in md
    html = B.render_summary(s, "html")
    assert "<tr><td>p3</td><td>2</td><td>0</td><td>2</td><td>omission 2</td></tr>" in html


def test_a_bilingual_translation_file_is_one_pair_with_its_source_alone(tmp_path):
    m = tmp_path / "m.tsv"
    m.write_text("id\tsource\ttarget\ntm\tnews.tmx\t\nbad\tx.po\ty.po\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"m.tsv line 3: x.po holds both languages; leave target empty"):
        B.read_manifest(str(m))
    m.write_text("id\tsource\ttarget\ntm\tnews.tmx\t\n", encoding="utf-8")
    s = B.read_manifest(str(m))[0]
    assert (s.source, s.target) == (str(tmp_path / "news.tmx"), None)


def test_a_po_file_in_a_batch_gives_the_check_report(tmp_path):
    import shutil
    from pathlib import Path

    po = Path(__file__).resolve().parents[2] / "corpora" / "formats" / "po" / "news.po"
    shutil.copy(po, tmp_path / "news.po")
    m = tmp_path / "m.tsv"
    m.write_text("id\tsource\ttarget\nnews\tnews.po\t\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = CliRunner().invoke(main, ["batch", str(m), "-o", str(out)], obj={"encoder": world_encoder()})
    c = CliRunner().invoke(main, ["check", str(tmp_path / "news.po"), "--format", "json"],
                           obj={"encoder": world_encoder()})
    assert r.exit_code == c.exit_code
    line = lines_of(out)[0]
    assert line.pop("id") == "news" and len(line.pop("seal")) == 64
    assert line == json.loads(c.stdout)
    assert line["signature"].endswith("|input:po-units")


def test_resuming_with_other_options_is_refused(tmp_path):
    manifest = write_corpus(tmp_path, n_pairs=3)
    specs = B.read_manifest(str(manifest))
    out = tmp_path / "o.jsonl"
    B.run_batch(specs[:2], config=Config(segmentation="lines"), encoder=DedupEncoder(world_encoder()), output=str(out))
    with pytest.raises(Exception) as err:
        B.run_batch(specs, config=Config(segmentation="lines", fail_on="warning"),
                    encoder=DedupEncoder(world_encoder()), output=str(out))
    assert type(err.value).__name__ == "ConfigError"
    assert str(err.value).startswith(f"{out} line 1 (id p0) was checked with other options or another model (")
    s = B.run_batch(specs, config=Config(segmentation="lines"), encoder=DedupEncoder(world_encoder()), output=str(out))
    assert (s.resumed, s.pairs) == (2, 3)
