"""Hostile input and failure modes (issue #7): every input ends in a correct report or a clear
one-line error with the right exit code. One test (or a few) per item of the issue; the exact
exit code and message are asserted. Fake encoder throughout (no model)."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aligncheck.cli import main
from tests.fakes import BagOfConceptsEncoder, make_parallel, make_vocabulary
from tests.gitrepo import git

AR_REAL = (
    "أعلنت وزارة الصحة اليوم عن خطة جديدة لمكافحة الأمراض المعدية في جميع أنحاء البلاد.\n"
    "وقال الوزير إن الخطة ستبدأ الشهر المقبل.\n"
)


def run(args, encoder=None):
    return CliRunner().invoke(main, [str(a) for a in args], obj={"encoder": encoder} if encoder else None)


def one_line_error(r) -> str:
    """The stderr of a failed run, asserted to be one line without a traceback."""
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.fixture()
def pair(tmp_path):
    ar, en, enc = make_parallel(6, seed=3)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    return tmp_path, ar, en, enc


# ------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("codec, bom", [
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_unicode_with_a_bom_reads_like_plain_utf8(pair, codec, bom):
    d, ar, en, enc = pair
    (d / "ar.bom").write_bytes(bom + ("\n".join(ar) + "\n").encode(codec))
    r = run(["check", d / "ar.bom", d / "en.txt", "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    assert [s["text"] for s in report["source"]["segments"]] == ar
    assert [s["line"] for s in report["source"]["segments"]] == [1, 2, 3, 4, 5, 6]
    assert report["source"]["segments"][0]["start"] == 0  # the BOM is not part of the text


@pytest.mark.parametrize("codec, name", [("cp1256", "windows-1256"), ("iso8859_6", "iso-8859-6")])
def test_legacy_arabic_encodings_are_refused_naming_the_codec_and_the_option(tmp_path, codec, name):
    (tmp_path / "ar.txt").write_bytes(AR_REAL.encode(codec))
    (tmp_path / "en.txt").write_text("The ministry announced a plan.\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt"], BagOfConceptsEncoder())
    assert r.exit_code == 3
    # "أ" is 0xC3 in both codecs, a UTF-8 lead byte; the next byte (ع, 0xDA/0xD9) is no continuation
    assert one_line_error(r) == (
        f"error: source file {tmp_path / 'ar.txt'} is not valid UTF-8 (byte 0xc3 at offset 0); it looks like "
        f"{name}: convert it to UTF-8 or pass --encoding {name}"
    )


@pytest.mark.parametrize("name", ["windows-1256", "iso-8859-6"])
def test_the_encoding_option_reads_a_legacy_file(pair, name):
    d, ar, en, enc = pair
    (d / "legacy.txt").write_bytes(("\n".join(ar) + "\n").encode(name))
    r = run(["check", d / "legacy.txt", d / "en.txt", "--encoding", name, "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    assert [s["text"] for s in json.loads(r.stdout)["source"]["segments"]] == ar


def test_nul_bytes_are_refused_as_binary(pair):
    d, ar, en, enc = pair
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    r = run(["check", d / "ar.txt", d / "image.png", "--input-format", "text"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: target file {d / 'image.png'} contains NUL bytes at offset 8: a binary file or UTF-16 without a "
        "byte-order mark; give a UTF-8 text file"
    )


def test_utf16_without_a_bom_is_refused_with_the_codec_that_reads_it(pair):
    d, ar, en, enc = pair
    (d / "en16.txt").write_bytes(("\n".join(en) + "\n").encode("utf-16-le"))
    r = run(["check", d / "ar.txt", d / "en16.txt"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: target file {d / 'en16.txt'} contains NUL bytes at offset 1: a binary file or UTF-16 without a "
        "byte-order mark; it looks like UTF-16-LE: convert it to UTF-8 or pass --encoding utf-16-le"
    )


def test_a_nul_inside_text_read_with_a_codec_is_refused(pair):
    d, ar, en, enc = pair
    (d / "ar1256.txt").write_bytes(("\n".join(ar) + "\x00\n").encode("cp1256"))
    r = run(["check", d / "ar1256.txt", d / "en.txt", "--encoding", "windows-1256"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: source file {d / 'ar1256.txt'} contains NUL characters after decoding as windows-1256: "
        "a binary file or the wrong --encoding"
    )


def test_random_binary_is_refused_with_exit_3(pair):
    d, ar, en, enc = pair
    import numpy as np

    data = np.random.default_rng(7).integers(1, 256, size=4096, dtype=np.uint8).tobytes()  # no NUL: not UTF-8
    (d / "blob.bin").write_bytes(data)
    r = run(["check", d / "blob.bin", d / "en.txt"], enc)
    assert r.exit_code == 3
    line = one_line_error(r)
    assert line.startswith(f"error: source file {d / 'blob.bin'} is not valid UTF-8 (byte 0x")
    assert "--encoding" in line


# ------------------------------------------------------------------------------- line endings


def test_cr_crlf_and_lf_give_the_same_segments_lines_and_findings(tmp_path):
    vocab = make_vocabulary(seed=5)
    ar, en, enc = make_parallel(6, seed=5, vocab=vocab)
    # line 1: two sentences; line 2 blank; lines 3-6 one sentence each; English drops ar[4]
    ar_lines = [ar[0] + " " + ar[1], "", ar[2], ar[3], ar[4], ar[5]]
    en_lines = [en[0] + " " + en[1], "", en[2], en[3], en[5]]
    reports = {}
    for name, eol in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        (tmp_path / f"ar-{name}.txt").write_bytes((eol.join(ar_lines) + eol).encode("utf-8"))
        (tmp_path / f"en-{name}.txt").write_bytes((eol.join(en_lines) + eol).encode("utf-8"))
        r = run(["check", tmp_path / f"ar-{name}.txt", tmp_path / f"en-{name}.txt", "--format", "json"], enc)
        assert r.exit_code == 1, r.stderr
        reports[name] = json.loads(r.stdout)

    def view(rep):
        segs = [[(s["text"], s["line"], s["paragraph"]) for s in rep[side]["segments"]] for side in ("source", "target")]
        finds = [(f["check"], f["src"], f["tgt"], f["src_lines"], f["tgt_lines"]) for f in rep["findings"]]
        return segs, finds

    assert view(reports["lf"]) == view(reports["crlf"]) == view(reports["cr"])
    segs, finds = view(reports["lf"])
    assert [line for _, line, _ in segs[0]] == [1, 1, 3, 4, 5, 6]
    assert [line for _, line, _ in segs[1]] == [1, 1, 3, 4, 5]
    assert finds == [("omission", [4], [], [5], [])]
    for name in ("crlf", "cr"):  # offsets index each file's own text
        text = (tmp_path / f"ar-{name}.txt").read_bytes().decode("utf-8")
        for s in reports[name]["source"]["segments"]:
            assert text[s["start"]:s["end"]] == s["text"]


# ------------------------------------------------------------------------------- paths


def test_missing_file_is_named(pair):
    d, ar, en, enc = pair
    r = run(["check", d / "ar.txt", d / "nope.txt"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == f"error: target file {d / 'nope.txt'} does not exist"


def test_directory_is_named(pair):
    d, ar, en, enc = pair
    (d / "folder").mkdir()
    r = run(["check", d / "folder", d / "en.txt"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == f"error: source file {d / 'folder'} is a directory, not a file"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_named(pair):
    d, ar, en, enc = pair
    os.chmod(d / "en.txt", 0)
    try:
        r = run(["check", d / "ar.txt", d / "en.txt"], enc)
    finally:
        os.chmod(d / "en.txt", 0o644)
    assert r.exit_code == 3
    assert one_line_error(r) == f"error: target file {d / 'en.txt'} cannot be read (permission denied)"


def test_unreadable_file_is_named_even_as_root(pair, monkeypatch):
    """The same path as above when the OS refuses the read (simulated: root reads any file)."""
    import builtins

    d, ar, en, enc = pair
    real_open = builtins.open
    target = str(d / "en.txt")

    def refusing_open(file, *a, **kw):
        if str(file) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_open(file, *a, **kw)

    monkeypatch.setattr(builtins, "open", refusing_open)
    r = run(["check", d / "ar.txt", target], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == f"error: target file {target} cannot be read (permission denied)"


PAIRS = """\
[tool.aligncheck]
segmentation = "lines"

[[tool.aligncheck.pairs]]
source = "{source}"
target = "{target}"
"""


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """A git repository ``repo/`` with one faithful pair ``content/ar/a.txt`` / ``content/en/a.txt``,
    and a folder ``outside/`` beside it holding another Arabic and English file."""
    ar, en, enc = make_parallel(5, seed=11)
    root = tmp_path / "repo"
    for rel, lines in (("content/ar/a.txt", ar), ("content/en/a.txt", en)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "outside/en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    if shutil.which("git"):
        git(root, "init", "-q")
    else:  # pragma: no cover - a .git folder marks the root all the same
        (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root, enc


def write_pairs(root, source="content/ar/*.txt", target="content/en/{name}"):
    (root / "pyproject.toml").write_text(PAIRS.format(source=source, target=target), encoding="utf-8")


def test_ci_checks_a_pair_inside_the_repository(repo):
    root, enc = repo
    write_pairs(root)
    r = run(["ci", "--no-cache"], enc)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "total: passed: 1 pair checked, 0 failed; no findings"


def test_ci_refuses_a_source_symlink_that_leads_outside_the_repository(repo):
    root, enc = repo
    write_pairs(root)
    (root / "content/ar/b.txt").symlink_to(root.parent / "outside/ar.txt")
    (root / "content/en/b.txt").write_text("x\n", encoding="utf-8")
    r = run(["ci", "--no-cache"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: source file content/ar/b.txt leads through a symlink to {root.parent / 'outside/ar.txt'}, outside "
        f"the repository {root}; aligncheck ci reads only files inside the repository (replace the link by the file)"
    )


def test_ci_refuses_a_target_under_a_symlinked_folder_outside_the_repository(repo):
    root, enc = repo
    write_pairs(root, target="linked/{stem}.txt")
    (root / "linked").symlink_to(root.parent / "outside")
    os.rename(root.parent / "outside/en.txt", root.parent / "outside/a.txt")
    r = run(["ci", "--no-cache"], enc)
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: target file linked/a.txt leads through a symlink to {root.parent / 'outside/a.txt'}, outside "
        f"the repository {root}; aligncheck ci reads only files inside the repository (replace the link by the file)"
    )


def test_ci_follows_a_symlink_that_stays_inside_the_repository(repo):
    root, enc = repo
    write_pairs(root, target="content/en-link/{name}")
    (root / "content/en-link").symlink_to(root / "content/en")
    r = run(["ci", "--no-cache"], enc)
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("source, target, bad", [
    ("../outside/*.txt", "content/en/{name}", "../outside/*.txt"),
    ("content/ar/*.txt", "../outside/{name}", "../outside/{name}"),
    ("content/../../outside/*.txt", "content/en/{name}", "content/../../outside/*.txt"),
])
def test_config_paths_cannot_point_outside_the_repository(repo, source, target, bad):
    root, enc = repo
    write_pairs(root, source, target)
    r = run(["ci", "--no-cache"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == (
        f"error: pairs entry 1 in {root / 'pyproject.toml'}: {bad!r} points outside the repository root {root}; "
        "pair paths must stay inside the repository"
    )


def test_absolute_config_paths_are_refused(repo):
    root, enc = repo
    write_pairs(root, str(root.parent / "outside/*.txt"))
    r = run(["ci", "--no-cache"], enc)
    assert r.exit_code == 2
    assert one_line_error(r) == (
        f"error: pairs entry 1 in {root / 'pyproject.toml'}: paths must be relative to the file's folder"
    )


# ------------------------------------------------------------------------------- sizes


def test_a_100000_character_line_is_compared_by_its_start_with_an_info_finding(pair):
    d, ar, en, enc = pair
    long_ar = " ".join([ar[2][:-1]] * 2000)  # one sentence, no break inside
    long_en = " ".join([en[2][:-1]] * 2200)
    assert len(long_ar) > 100_000 and len(long_en) > 100_000
    (d / "ar-long.txt").write_text("\n".join(ar[:2] + [long_ar] + ar[3:]) + "\n", encoding="utf-8")
    (d / "en-long.txt").write_text("\n".join(en[:2] + [long_en] + en[3:]) + "\n", encoding="utf-8")
    r = run(["check", d / "ar-long.txt", d / "en-long.txt", "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["source"]["segments"][2]["text"] == long_ar  # reported whole, never silently cut
    assert sorted((f["check"], f["severity"], f["src"], f["tgt"], f["message"]) for f in rep["findings"]) == [
        ("long_segment", "info", [], [2],
         f"English segment at line 3 is {len(long_en):,} characters long; only its first 2,000 were compared "
         "(split it into sentences for a full check)"),
        ("long_segment", "info", [2], [],
         f"Arabic segment at line 3 is {len(long_ar):,} characters long; only its first 2,000 were compared "
         "(split it into sentences for a full check)"),
    ]
    assert max(len(t) for call in enc.calls for t in call) <= 2000


def test_a_100000_character_line_of_many_sentences_is_split(pair):
    d, ar, en, enc = pair
    ar_line = " ".join(ar * 270)
    en_line = " ".join(en * 270)
    assert len(ar_line) > 100_000
    (d / "ar-one.txt").write_text(ar_line + "\n", encoding="utf-8")
    (d / "en-one.txt").write_text(en_line + "\n", encoding="utf-8")
    r = run(["check", d / "ar-one.txt", d / "en-one.txt", "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)
    assert len(rep["source"]["segments"]) == len(rep["target"]["segments"]) == 1620
    assert {s["line"] for s in rep["source"]["segments"]} == {1}
    assert rep["findings"] == []


def test_a_long_file_completes(tmp_path):
    """Scaled down (3,000 lines a side); bench/hostile.py measures 100,000 lines and the memory."""
    ar, en, enc = make_parallel(3000, seed=2)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en[:1500] + en[1501:]) + "\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json", "--no-cache"], enc)
    assert r.exit_code == 1, r.stderr
    rep = json.loads(r.stdout)
    assert [(f["check"], f["src"], f["tgt"]) for f in rep["findings"]] == [("omission", [1500], [])]


def test_one_sentence_files(tmp_path):
    ar, en, enc = make_parallel(1, seed=4)
    (tmp_path / "ar.txt").write_text(ar[0], encoding="utf-8")  # no final line break either
    (tmp_path / "en.txt").write_text(en[0], encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)
    assert [(b["src"], b["tgt"], b["kind"]) for b in rep["alignment"]] == [([0], [0], "1-1")]
    assert rep["findings"] == []


def test_one_sentence_files_that_do_not_match_are_a_mismatch_not_a_wrong_file(tmp_path):
    ar, _, enc = make_parallel(1, seed=4)
    _, en, _ = make_parallel(1, seed=9, vocab=make_vocabulary(seed=9))
    (tmp_path / "ar.txt").write_text(ar[0] + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(en[0] + "\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json"], enc)
    assert r.exit_code == 1
    assert [f["check"] for f in json.loads(r.stdout)["findings"]] == ["mismatch"]


@pytest.mark.parametrize("n_src, n_tgt", [(30, 30), (40, 6), (5, 60)])
def test_a_wrong_file_attached_is_one_finding(tmp_path, n_src, n_tgt):
    vocab = make_vocabulary(seed=1) + make_vocabulary(seed=2)
    ar, _, _ = make_parallel(n_src, seed=1, vocab=vocab[:400])
    _, en, _ = make_parallel(n_tgt, seed=2, vocab=vocab[400:])
    enc = BagOfConceptsEncoder(dict(vocab))
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    for fmt in ("json", "text", "github", "markdown", "sarif", "junit", "gitlab", "html"):
        r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", fmt], enc)
        assert r.exit_code == 1, (fmt, r.stderr)
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json"], enc)
    rep = json.loads(r.stdout)
    assert [(f["check"], f["severity"], f["src"], f["tgt"]) for f in rep["findings"]] == [
        ("unrelated_documents", "error", [], [])]
    message = rep["findings"][0]["message"]
    assert message.startswith(f"{tmp_path / 'en.txt'} does not seem to be a translation of {tmp_path / 'ar.txt'}: ")
    assert message.endswith("; check that the right file is attached")
    assert f"({n_src} Arabic and {n_tgt} English segments" in message
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "github"], enc)
    assert r.stdout.startswith(f"::error file={tmp_path / 'en.txt'},line=1,title=aligncheck unrelated_documents")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt"], enc)
    assert r.stdout.splitlines()[0] == (
        f"✗ FAILED: 1 error in {tmp_path / 'ar.txt'} ↔ {tmp_path / 'en.txt'} ({n_src} ↔ {n_tgt} segments)")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json",
             "--disable", "unrelated_documents"], enc)
    assert len(json.loads(r.stdout)["findings"]) >= max(n_src, n_tgt)  # what the one finding replaces


# ------------------------------------------------------------------------------- text


def test_invisible_and_decorative_characters_are_ignored_for_matching_but_reported_as_written(tmp_path):
    vocab = make_vocabulary(seed=6)
    ar, en, enc = make_parallel(4, seed=6, vocab=vocab)
    w = ar[0].split()[0]
    decorated_ar = [
        "\u200f" + ar[0].replace(w, w[0] + "\u0640\u0640" + w[1:], 1),  # RLM, tatweel
        ar[1].replace(" ", " \u064e", 1).replace(" ", "\u200c ", 1),      # fatha, ZWNJ
        "\u202b" + ar[2] + "\u202c",                                       # RLE ... PDF
        ar[3],
    ]
    decorated_en = [
        "\u200b" + en[0] + " 🎉",                                          # zero-width space, emoji
        en[1].replace(" ", " \u2066", 1) + "\u2069",                        # LRI ... PDI
        en[2] + " 👨\u200d👩\u200d👧",                                      # ZWJ sequence
        "\ufeff" + en[3],                                                   # stray BOM mid-file
    ]
    (tmp_path / "ar.txt").write_text("\n".join(decorated_ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(decorated_en) + "\n", encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json", "--segmentation", "lines"], enc)
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)
    # as written, but a segment, like a line, does not begin or end with whitespace or an invisible
    # character; U+FEFF is removed from the text when it is read
    assert [s["text"] for s in rep["source"]["segments"]] == [
        decorated_ar[0][1:], decorated_ar[1], ar[2], ar[3]]
    assert [s["text"] for s in rep["target"]["segments"]] == [
        decorated_en[0][1:], decorated_en[1][:-1], decorated_en[2], en[3]]
    assert "\u0640\u0640" in decorated_ar[0] and "\u064e" in decorated_ar[1] and "\u2066" in decorated_en[1]
    embedded = {t for call in enc.calls for t in call}
    for ch in "\u200f\u0640\u064e\u200c\u202b\u202c\u200b\u2066\u2069\u200d\ufeff":
        assert not any(ch in t for t in embedded), hex(ord(ch))
    assert set(ar) <= embedded
    assert {en[0] + " 🎉", en[3]} <= embedded


def test_presentation_forms_match_their_plain_letters(tmp_path):
    vocab = [("لاعب", "player"), ("سلام", "peace"), ("كتاب", "book"), ("بيت", "house"), ("مدينة", "city"),
             ("شمس", "sun")]
    enc = BagOfConceptsEncoder(dict(vocab))
    plain = "لاعب سلام كتاب بيت مدينة شمس."
    # لا as the ligature U+FEFB, and سلام with its letters as isolated/final presentation forms
    shown = plain.replace("لا", "\ufefb", 1).replace("سلام", "\ufeb3\ufefc\ufee1")
    (tmp_path / "ar.txt").write_text(shown + "\n" + plain + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Player peace book house city sun.\nPlayer peace book house city sun.\n",
                                     encoding="utf-8")
    r = run(["check", tmp_path / "ar.txt", tmp_path / "en.txt", "--format", "json"], enc)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["source"]["segments"][0]["text"] == shown
    assert shown not in {t for call in enc.calls for t in call}
    assert plain in {t for call in enc.calls for t in call}


# ------------------------------------------------------------------------------- security


def test_remote_code_is_off_unless_the_flag_names_it(pair, fake_st):
    d, *_ = pair
    run(["check", d / "ar.txt", d / "en.txt", "--model", "someone/model", "--no-cache"])
    run(["check", d / "ar.txt", d / "en.txt", "--model", "someone/model", "--no-cache", "--trust-remote-code"])
    assert [(name, kw["trust_remote_code"]) for name, kw in fake_st.calls] == [
        ("someone/model", False), ("someone/model", True)]


def test_a_project_file_cannot_turn_remote_code_on(pair, fake_st, monkeypatch):
    d, *_ = pair
    (d / "aligncheck.toml").write_text('model = "someone/model"\ntrust_remote_code = true\n', encoding="utf-8")
    monkeypatch.chdir(d)
    r = run(["check", "ar.txt", "en.txt", "--no-cache"])
    assert r.exit_code == 2
    assert one_line_error(r) == (
        f"error: trust_remote_code cannot be set in {d / 'aligncheck.toml'}: a project file may come from a pull "
        "request; pass --trust-remote-code on the command line to let a model run its own code"
    )
    (d / "aligncheck.toml").write_text(
        'model = "someone/model"\n[[overrides]]\npaths = "*.txt"\ntrust-remote-code = true\n', encoding="utf-8")
    r = run(["check", "ar.txt", "en.txt", "--no-cache"])
    assert r.exit_code == 2
    assert one_line_error(r) == (
        f"error: trust_remote_code (overrides entry 1) cannot be set in {d / 'aligncheck.toml'}: a project file "
        "may come from a pull request; pass --trust-remote-code on the command line to let a model run its own code"
    )
    assert fake_st.calls == []


class Counting:
    """A fake encoder that counts the texts it embeds (the cache sits in front of it)."""

    def __init__(self, inner):
        self.inner = inner
        self.signature = inner.signature  # the same cache key as the encoder it wraps
        self.texts: list[str] = []

    def encode(self, texts):
        self.texts.extend(texts)
        return self.inner.encode(texts)


def cache_entries(cache_dir):
    return sorted(p for p in cache_dir.rglob("*.emb"))


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage", "pickle", "huge", "fifo"])
def test_a_damaged_cache_entry_is_discarded_and_embedded_again(pair, monkeypatch, tmp_path, damage):
    d, ar, en, enc = pair
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(cache_dir))
    args = ["check", d / "ar.txt", d / "en.txt", "--format", "json"]
    first = Counting(enc)
    r = run(args, first)
    assert r.exit_code == 0
    entries = cache_entries(cache_dir)
    assert len(entries) == len(set(first.texts))
    victim = entries[0]
    data = victim.read_bytes()
    if damage == "fifo":  # a reader that waited on it would hang
        victim.unlink()
        os.mkfifo(victim)
    else:
        victim.write_bytes({
            "truncate": data[: len(data) // 2],
            "flip": data[:-1] + bytes([data[-1] ^ 0x40]),
            "empty": b"",
            "garbage": os.urandom(len(data)),
            "pickle": b"\x80\x04\x95cos\nsystem\n(S'touch /tmp/pwned'\ntR.",
            "huge": data + bytes(20 * 2**20),
        }[damage])
    second = Counting(enc)
    r2 = run(args, second)
    assert r2.exit_code == 0 and r2.stdout == r.stdout
    assert len(second.texts) == 1  # only the damaged entry is embedded again
    assert victim.read_bytes() == data  # and written back whole
    third = Counting(enc)
    run(args, third)
    assert third.texts == []


def test_runs_sharing_a_cache_at_the_same_time(pair, tmp_path, monkeypatch):
    """Four processes fill one cache folder at once; every entry is whole afterwards and a fifth
    run reads them all without embedding anything."""
    d, ar, en, enc = pair
    cache_dir = tmp_path / "shared-cache"
    script = tmp_path / "run.py"
    script.write_text(RUNNER.format(repo=repr(os.getcwd()), delay=0.0), encoding="utf-8")
    env = dict(os.environ, ALIGNCHECK_CACHE_DIR=str(cache_dir))
    procs = [subprocess.Popen([sys.executable, str(script), "check", str(d / "ar.txt"), str(d / "en.txt"),
                               "--format", "json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1
    assert not [p for p in cache_dir.rglob("*") if p.name.startswith(".tmp-")]
    monkeypatch.setenv("ALIGNCHECK_CACHE_DIR", str(cache_dir))
    fifth = Counting(enc)
    r = run(["check", d / "ar.txt", d / "en.txt", "--format", "json"], fifth)
    assert r.exit_code == 0 and r.stdout.encode() == outs[0][0]
    assert fifth.texts == []


#: a subprocess running the CLI with the fake encoder, optionally slow (seconds per text)
RUNNER = """\
import sys, time
sys.path.insert(0, {repo})
from aligncheck.cli import main
from tests.fakes import make_parallel

_, _, inner = make_parallel(6, seed=3)

class Slow:
    signature = inner.signature
    def encode(self, texts):
        out = []
        for t in texts:
            if {delay}:
                print("embedding", flush=True)
                time.sleep({delay})
            out.append(inner.encode([t])[0])
        import numpy as np
        return np.stack(out)

main(obj={{"encoder": Slow()}})
"""


# ------------------------------------------------------------------------------- outputs


HOSTILE = ("Evil <script>alert(1)</script> <img src=x onerror=alert(2)> [click](https://evil.example) "
           "![pixel](https://evil.example/p.png) ::set-output name=x::1 %0A::error::pwn \x1b[31mred\x1b[0m "
           "\u2028::warning::nel")


@pytest.fixture()
def hostile(tmp_path):
    ar, en, enc = make_parallel(6, seed=3)
    en = list(en)
    en[2] = HOSTILE  # a mismatch: the pair is reported with its text
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    return tmp_path, enc


def report(hostile, fmt):
    d, enc = hostile
    r = run(["check", d / "ar.txt", d / "en.txt", "--segmentation", "lines", "--format", fmt,
             "--severity", "mismatch=error"], enc)
    assert r.exit_code == 1, r.stderr
    assert "mismatch" in r.stdout
    return r.stdout


def test_html_report_neutralises_markup_from_the_input(hostile):
    out = report(hostile, "html")
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;" in out
    assert "<script" not in out.lower() and "<img" not in out.lower()
    assert "\x1b" not in out and "\u2028" not in out


def test_markdown_report_neutralises_links_images_and_html(hostile):
    out = report(hostile, "markdown")
    assert "<script" not in out and "<img" not in out
    assert "](" not in out and "![" not in out
    assert "&lt;script&gt;" in out and "&#91;click&#93;" in out
    assert "\x1b" not in out and "\u2028" not in out


def test_github_annotations_carry_no_workflow_command_from_the_input(hostile):
    out = report(hostile, "github")
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ", "aligncheck ")) for line in lines), lines
    assert len([line for line in lines if line.startswith("::")]) == 1  # the one mismatch
    assert "%250A::error::pwn" in out  # the input's own "%0A" cannot become a line break
    assert "\x1b" not in out and "\u2028" not in out


def test_text_report_has_no_control_characters_from_the_input(hostile):
    out = report(hostile, "text")
    assert "\x1b" not in out and "\u2028" not in out
    assert not any(line.startswith("::") for line in out.splitlines())


def test_a_file_name_cannot_inject_a_workflow_command(hostile):
    d, enc = hostile
    bad = d / "en\n::error::pwn.txt"
    os.rename(d / "en.txt", bad)
    for fmt in ("text", "github", "markdown"):
        r = run(["check", d / "ar.txt", bad, "--segmentation", "lines", "--format", fmt], enc)
        assert r.exit_code in (0, 1), r.stderr
        assert not any(line.startswith("::error::pwn") for line in r.stdout.splitlines()), fmt


@pytest.mark.parametrize("fmt", ["junit", "sarif", "gitlab", "json"])
def test_machine_reports_stay_well_formed_with_control_characters_in_the_input(hostile, fmt):
    import xml.etree.ElementTree as ET

    d, enc = hostile
    text = (d / "en.txt").read_text(encoding="utf-8").replace("Evil", "Evil \x07\x0c\x7f\x9b", 1)
    (d / "en.txt").write_text(text, encoding="utf-8")
    out = report(hostile, fmt)
    assert not any(ch in out for ch in "\x1b\x07\x0c\x7f\x9b\u2028")
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    else:
        json.loads(out)
    if fmt != "gitlab":  # Code Quality carries the message only, not the texts
        assert "Evil" in out


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github", "sarif", "junit", "gitlab", "html", "csv"])
def test_a_file_name_that_is_not_utf8_is_reported_with_a_replacement_character(hostile, fmt):
    d, enc = hostile
    name = os.fsdecode(b"en\xff.txt")  # "en\udcff.txt": how Python sees the bytes
    os.rename(d / "en.txt", d / name)
    out = d / "report.out"
    r = run(["check", d / "ar.txt", d / name, "--segmentation", "lines", "--format", fmt, "-o", out,
             "--fail-on", "warning"], enc)
    assert r.exit_code == 1, r.stderr
    text = out.read_text(encoding="utf-8")  # valid UTF-8
    shown = "en%EF%BF%BD.txt" if fmt == "sarif" else "en\ufffd.txt"  # SARIF locations are URIs
    assert shown in text and "\udcff" not in text
    r = run(["check", d / "ar.txt", d / name, "--segmentation", "lines", "--format", fmt, "--fail-on", "warning"], enc)
    assert r.exit_code == 1 and shown in r.stdout


def test_a_markdown_line_of_unclosed_brackets_is_read(tmp_path):
    """20,000 "[" took about a minute (every bracket scanned to the end of the line); now well
    under a second (timed in ``python -m bench.hostile``)."""
    from aligncheck.formats import read_document

    (tmp_path / "ar.md").write_text("مرحبا بكم في الموقع. " + "[" * 20000 + " وشكرا.\n", encoding="utf-8")
    doc = read_document(str(tmp_path / "ar.md"), "ar", fmt="markdown")
    assert doc.segments[0].text == "مرحبا بكم في الموقع."


def test_links_nested_thousands_deep_are_no_crash(pair):
    d, ar, en, enc = pair
    (d / "ar.md").write_text("[" * 3000 + ar[0] + "](1)" * 3000 + "\n\n" + "\n\n".join(ar[1:]) + "\n", encoding="utf-8")
    (d / "en.md").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    r = run(["check", d / "ar.md", d / "en.md", "--format", "json"], enc)
    assert r.exit_code in (0, 1), r.stderr
    assert json.loads(r.stdout)["source"]["segments"][0]["text"].startswith("[" * 3000)


@pytest.mark.parametrize("ext, body, kind", [
    ("json", "[" * 100000 + "]" * 100000, "JSON"),
    ("json", '{"a":' * 5000 + '"x"' + "}" * 5000, "JSON"),
    ("yml", "[" * 5000 + "]" * 5000, "YAML"),
    ("yml", "".join("  " * k + f"k{k}:\n" for k in range(3000)) + "  " * 3000 + "v: x\n", "YAML"),
])
def test_catalogs_nested_too_deeply_are_an_input_error(tmp_path, ext, body, kind):
    (tmp_path / f"ar.{ext}").write_text(body, encoding="utf-8")
    (tmp_path / f"en.{ext}").write_text(body, encoding="utf-8")
    r = run(["check", tmp_path / f"ar.{ext}", tmp_path / f"en.{ext}"], BagOfConceptsEncoder())
    assert r.exit_code == 3
    assert one_line_error(r) == (
        f"error: {tmp_path / f'ar.{ext}'}: {kind} nested too deeply for an i18n catalog (hundreds of levels); "
        "give a catalog of strings a few levels deep"
    )


@pytest.mark.parametrize("mark", ["«", "`", "“", "'"])
def test_a_100000_character_run_of_quote_marks_is_segmented(mark):
    """sentencex is quadratic in such runs (100,000 « took about 7 s a call); lines are given to it
    in windows of 10,000 characters (timed in ``python -m bench.hostile``)."""
    from aligncheck.segment import segment_text

    text = "قال الوزير إن العمل سيبدأ غدا. " + mark * 100_000 + " وأضاف أن الخطة جاهزة."
    segs = segment_text(text, "ar")
    assert segs[0].text.startswith("قال الوزير إن العمل سيبدأ غدا.")
    assert "".join(s.text for s in segs).replace(" ", "") == text.replace(" ", "")


def test_windowed_segmentation_of_a_long_line_matches_the_whole_line(monkeypatch):
    from aligncheck import segment

    line = "The minister said the plan would start next month. Dr. Smith of the U.S. agreed at 5 p.m. on Monday! " * 300
    windowed = [s.text for s in segment.segment_text(line, "en")]
    monkeypatch.setattr(segment, "SENTENCEX_WINDOW", 10**9)
    whole = [s.text for s in segment.segment_text(line, "en")]
    assert len(line) > 3 * 10_000 and windowed == whole and len(whole) == 600


def test_a_line_of_20000_times_is_read():
    """find_numbers looked up every number in the list of times (20,000 x 20,000); now a bisect."""
    from aligncheck.numbers import find_numbers

    found = find_numbers("الساعة 5:30 " * 20000)
    assert len(found) == 20000 and {n.value for n in found} == {5.3} and found[1].text == "5:30"


@pytest.mark.parametrize("mark", ["«", "“", "‘", "„"])
def test_unclosed_quote_marks_are_scanned_once(mark):
    """The untranslated check drops quoted spans; a run of unclosed marks was quadratic."""
    from aligncheck.checks.untranslated import _outside_quotes

    text = "He said " + (mark + "x ") * 40000 + "and left «مرحبا» today."
    out = _outside_quotes(text)
    assert out.endswith("and left   today.") and "مرحبا" not in out


def test_a_long_run_of_word_characters_is_scanned_once_for_addresses():
    """The e-mail pattern was tried at every character of a run without "@" (quadratic)."""
    from aligncheck.checks.tokens import _tokens

    text = "ب " + "r.D" * 30000 + " راسلونا على info@example.org"
    found = _tokens(text, True)
    assert "info@example.org" in found


def test_a_thousand_omissions_are_each_anchored_after_the_last_english_line(tmp_path):
    """A translation cut short: every omission is annotated after the last English line (the
    anchors now come from one pass over the beads, not one scan of all beads per omission)."""
    ar, en, enc = make_parallel(3000, seed=8)
    (tmp_path / "ar.txt").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en[:2000]) + "\n", encoding="utf-8")
    from aligncheck.documents import read_document
    from aligncheck.pipeline import check_documents
    from aligncheck.report import render

    result = check_documents(read_document(str(tmp_path / "ar.txt"), "ar"),
                             read_document(str(tmp_path / "en.txt"), "en", role="target"), encoder=enc)
    assert [f.check for f in result.findings] == ["omission"] * 1000
    out = render(result, "sarif")
    assert out.count('"startLine": 2000') >= 1000  # each omission anchored after English line 2000
