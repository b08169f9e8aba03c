"""The same pair in every input format gives the same report through `check`, `ci` and `batch`.

All three commands read what the user named through one router
(:func:`aligncheck.formats.router.route`) and one pipeline entry
(:func:`aligncheck.pipeline.check_input`). Before that router, `aligncheck ci` read every pair as
plain text (a Markdown pair gave code fences, ``#`` and list markers as sentences). Each
parameter writes one five-sentence Arabic/English pair (fake encoder, translations word for
word) in one format, with two faults found by hand: the English of sentence 3 is left out, and
sentence 4 says 26 where the Arabic says ٢٥. The JSON reports of the three commands must be equal
(findings, lines, units, texts, signature), and must hold the faults where we put them.

`ci` checks configured pairs of two files, so the bilingual one-file formats (TMX, XLIFF, PO,
CSV, TSV) go through `check` and `batch` only.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from aligncheck.formats import BILINGUAL_FORMATS, CATALOG_FORMATS, DOCUMENT_FORMATS, INPUT_FORMATS
from tests.fakes import make_parallel, make_vocabulary, world_encoder

AR, EN, _ = make_parallel(5, seed=13, vocab=make_vocabulary(seed=0))
AR[3] = AR[3][:-1] + " ٢٥."
EN[3] = EN[3][:-1] + " 26."
#: the sentence index (0-based) whose English is left out
DROPPED = 2
EXT = {"text": "txt", "markdown": "md", "srt": "srt", "vtt": "vtt", "tmx": "tmx", "xliff": "xlf", "po": "po",
       "csv": "csv", "tsv": "tsv", "json": "json", "yaml": "yaml", "properties": "properties"}


def _document(fmt: str, sentences: list[str]) -> str:
    """One side of a document format: one block (paragraph, heading, list item, cue) per sentence."""
    if fmt == "text":
        return "\n\n".join(sentences) + "\n"
    if fmt == "markdown":
        blocks = [f"# {sentences[0]}"] + [f"- {s}" if k == 1 else s for k, s in enumerate(sentences[1:], 1)]
        return "\n\n".join(blocks) + "\n"
    sep = "," if fmt == "srt" else "."
    cues = [f"{k}\n00:00:{k:02d}{sep}000 --> 00:00:{k:02d}{sep}900\n{s}\n" for k, s in enumerate(sentences, 1)]
    return ("WEBVTT\n\n" if fmt == "vtt" else "") + "\n".join(cues)


def _bilingual(fmt: str, pairs: list[tuple[str, str]]) -> str:
    """A one-file unit format holding both languages (an empty English = a missing translation)."""
    if fmt == "tmx":
        tus = "".join(f'<tu tuid="u{k}"><tuv xml:lang="ar"><seg>{a}</seg></tuv><tuv xml:lang="en"><seg>{e}</seg></tuv></tu>\n'
                      for k, (a, e) in enumerate(pairs, 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar" datatype="plaintext" '
                'segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>\n'
                f"<body>\n{tus}</body></tmx>\n")
    if fmt == "xliff":
        units = "".join(f'<trans-unit id="u{k}"><source>{a}</source><target>{e}</target></trans-unit>\n'
                        for k, (a, e) in enumerate(pairs, 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file source-language="ar" target-language="en" '
                f'datatype="plaintext" original="doc"><body>\n{units}</body></file></xliff>\n')
    if fmt == "po":
        head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        return head + "".join(f'msgid "{a}"\nmsgstr "{e}"\n\n' for a, e in pairs)
    sep = "," if fmt == "csv" else "\t"
    return "".join(f"{r[0]}{sep}{r[1]}{sep}{r[2]}\n" for r in [("id", "ar", "en")] + [
        (f"u{k}", a, e) for k, (a, e) in enumerate(pairs, 1)])


def _catalog(fmt: str, entries: dict[str, str]) -> str:
    if fmt == "json":
        return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    if fmt == "properties":
        return "".join(f"{k} = {v}\n" for k, v in entries.items())
    return "".join(f'{k}: "{v}"\n' for k, v in entries.items())


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(root)})


def _write_pair(root, fmt: str) -> tuple[str, str | None]:
    """Write the pair in ``fmt`` under ``root``; returns the (source, target) paths to name,
    relative to ``root`` (target ``None`` for a one-file format)."""
    ext = EXT[fmt]
    (root / "ar").mkdir()
    (root / "en").mkdir()
    if fmt in BILINGUAL_FORMATS:
        pairs = [(a, "" if k == DROPPED else e) for k, (a, e) in enumerate(zip(AR, EN))]
        (root / f"doc.{ext}").write_text(_bilingual(fmt, pairs), encoding="utf-8")
        return f"doc.{ext}", None
    if fmt in CATALOG_FORMATS:
        src = {f"k{k}": a for k, a in enumerate(AR)}
        tgt = {f"k{k}": e for k, e in enumerate(EN) if k != DROPPED}
    else:
        src, tgt = AR, [e for k, e in enumerate(EN) if k != DROPPED]
    write = _catalog if fmt in CATALOG_FORMATS else _document
    (root / "ar" / f"doc.{ext}").write_text(write(fmt, src), encoding="utf-8")
    (root / "en" / f"doc.{ext}").write_text(write(fmt, tgt), encoding="utf-8")
    return f"ar/doc.{ext}", f"en/doc.{ext}"


def _run(args):
    r = CliRunner().invoke(main, args, obj={"encoder": world_encoder()})
    assert r.exit_code in (0, 1), r.output
    return r


def test_every_reader_is_covered():
    assert set(EXT) == set(INPUT_FORMATS) - {"auto"}


@pytest.mark.parametrize("fmt", [f for f in INPUT_FORMATS if f != "auto"])
def test_check_ci_and_batch_agree_in_every_format(tmp_path, monkeypatch, fmt):
    root = tmp_path / "site"
    root.mkdir()
    source, target = _write_pair(root, fmt)
    glob = f"ar/*.{EXT[fmt]}" if target else f"*.{EXT[fmt]}"
    (root / "pyproject.toml").write_text(
        f'[tool.aligncheck]\n\n[[tool.aligncheck.pairs]]\nsource = "{glob}"\ntarget = "en/{{relpath}}"\n',
        encoding="utf-8")
    if shutil.which("git"):
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "pair")
    monkeypatch.chdir(root)

    checked = json.loads(_run(["check", source, *([target] if target else []), "--format", "json"]).stdout)
    (root / "m.tsv").write_text(f"id\tsource\ttarget\np\t{source}\t{target or ''}\n", encoding="utf-8")
    _run(["batch", "m.tsv", "-o", "out.jsonl"])
    batched = json.loads((root / "out.jsonl").read_text(encoding="utf-8"))
    assert batched.pop("id") == "p"
    assert batched == checked
    if target is not None:
        ci = json.loads(_run(["ci", "--format", "json"]).stdout)
        assert len(ci["pairs"]) == 1
        assert ci["pairs"][0] == checked

    # the two faults, where we put them
    tag = "" if fmt == "text" else f"|input:{fmt}-units" if fmt in BILINGUAL_FORMATS + CATALOG_FORMATS else f"|input:{fmt}"
    assert checked["signature"].endswith(tag) and ("|input:" in checked["signature"]) == (fmt != "text")
    found = {(f["check"], tuple(f["src"])) for f in checked["findings"] if f["severity"] == "error"}
    gap = {"missing_key"} if fmt in CATALOG_FORMATS else {"empty_target"} if fmt in BILINGUAL_FORMATS else {"omission"}
    assert found == {(next(iter(gap)), (DROPPED,)), ("numbers", (3,))}
    assert [s["text"].strip("#- ") for s in checked["source"]["segments"]] == AR
    if fmt in DOCUMENT_FORMATS:
        assert len(checked["target"]["segments"]) == len(EN) - 1
