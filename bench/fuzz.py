"""Fuzz every input reader and the segmenter for a bounded time (not run in CI).

    python -m bench.fuzz [--seconds 20] [--targets text,markdown,...] [--engine hypothesis|atheris]
                         [--summary bench/FUZZ.md]

Each target takes bytes and runs one reader the way the CLI does: ``decode_bytes`` +
``make_document`` (the segmenter, ``ar`` and ``en``, sentences and lines), ``split_bilingual``,
Markdown, SubRip, WebVTT, TMX, XLIFF, PO, CSV, TSV and JSON / YAML catalogs; and ``check``, the
whole pipeline (alignment with a fake encoder, every check, every report format). The contract under
test: every input ends in a result or an :class:`~aligncheck.errors.AlignCheckError`; anything
else (an ``IndexError``, a ``RecursionError``, an input taking over :data:`SLOW_SECONDS`) is a bug. A document that is read is also
checked for ``doc.text[s.start:s.end] == s.text`` on every segment.

Inputs come from seed files (``corpora/formats``, the seed article, hand-written edge cases)
mutated by a hypothesis strategy (byte flips, insertions of format tokens, cuts, splices), so
the fuzzer reaches past the first parse error. ``--engine atheris`` (``pip install atheris``)
runs libFuzzer's coverage-guided mutator instead, one subprocess per target.

Each target runs for ``--seconds``; the summary (inputs tried, distinct failures with the
exception and a reproducer saved under ``bench/fuzz-failures/``) is printed and written to
``--summary``. Exit status 1 when a target failed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
#: an input that takes longer than this (seconds) is reported as a failure (quadratic or worse)
SLOW_SECONDS = 5.0
FAILURES = ROOT / "bench" / "fuzz-failures"

#: tokens a mutation inserts: the syntax of every format, encodings' special bytes, invisibles
TOKENS = [
    b"\n", b"\r\n", b"\r", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\xd9\x80", b"\xe2\x80\x8f",
    b"<", b">", b"</", b"/>", b"<tu>", b"<tuv xml:lang=\"ar\"><seg>", b"</seg></tuv>", b"<![CDATA[", b"]]>",
    b"&amp;", b"&#0;", b"&#x10FFFF;", b"<!ENTITY e \"x\">", b"<!DOCTYPE x [", b"<trans-unit id=\"1\">",
    b"<source>", b"<target>", b"<unit id=\"u\">", b"<segment>", b"<ph/>", b"<bpt id=\"1\">",
    b"msgid \"", b"msgstr \"", b"msgstr[0] \"", b"msgctxt \"", b"#~ ", b"\"\n\"", b"\\", b"\\n",
    b"-->", b" --> ", b"00:00:01,000", b"00:00.000", b"WEBVTT", b"NOTE", b"STYLE", b"{\\an8}", b"<i>",
    b"#", b"## ", b"```", b"~~~", b"---\n", b"- ", b"1. ", b"> ", b"|", b"|-|", b"[", b"](", b"![", b")",
    b"<!-- ", b" -->", b"<!-- aligncheck-ignore numbers: x -->", b"`", b"*", b"_",
    b"{", b"}", b"[", b"]", b"\"", b":", b",", b"\t", b"null", b"true", b"1e999", b"&a", b"*a", b"!!python/",
    b"ar:", b"en:", b"source,target\n", b"id,ar,en\n",
    "أعلنت الوزارة.".encode(), "؟".encode(), "،".encode(), "…".encode(), b"U.S.", b"Dr.", b". ", b"...",
]

#: hand-written edge cases beside the corpus files
EXTRA_SEEDS = [
    b"", b"\n", "مرحبا.\nHello.\n".encode(), "بسم الله. ".encode() * 50, b"a" * 3000,
    "١٢٣٬٤٥٦٫٧ ٪".encode(), "\u200f\u202bنص\u202c\u200f".encode(),
]


#: small valid files of the formats whose corpus examples are large
SMALL_SEEDS = {
    "tmx": ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar"/><body>\n'
            '<tu tuid="1"><tuv xml:lang="ar"><seg>أعلنت الوزارة خطة جديدة.</seg></tuv>'
            '<tuv xml:lang="en"><seg>The ministry announced a new plan.</seg></tuv></tu>\n'
            '<tu tuid="2"><tuv xml:lang="ar-SA"><seg>وقال إن العمل سيبدأ غدا.</seg></tuv>'
            '<tuv xml:lang="en-US"><seg>He said work would start tomorrow.</seg></tuv></tu>\n</body></tmx>\n'],
}


def seed_files() -> dict[str, list[bytes]]:
    """Seed inputs per kind of file: ``{"text": [...], "md": [...], "srt": [...], ...}``."""
    out: dict[str, list[bytes]] = {}
    for p in sorted((ROOT / "corpora").rglob("*")):
        if not p.is_file() or p.stat().st_size > 200_000:
            continue
        ext = p.suffix.lower().lstrip(".")
        kind = {"txt": "text", "md": "md", "srt": "srt", "vtt": "vtt", "tmx": "tmx", "xlf": "xliff",
                "po": "po", "csv": "csv", "tsv": "tsv", "json": "json", "yml": "yaml"}.get(ext)
        if kind is None or (kind == "json" and p.name == "expected.json"):
            continue
        if kind == "text" and "cases" not in p.parts and "seed" not in p.parts:
            continue
        out.setdefault(kind, []).append(p.read_bytes()[:20_000])
    for kind, texts in SMALL_SEEDS.items():
        out.setdefault(kind, []).extend(t.encode("utf-8") for t in texts)
    for kind in list(out) + ["text"]:
        out.setdefault(kind, []).extend(EXTRA_SEEDS)
    return out


# ------------------------------------------------------------------------------ targets


def _with_file(data: bytes, suffix: str, fn: Callable[[str], object]) -> object:
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="aligncheck-fuzz-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return fn(path)
    finally:
        os.unlink(path)


def _check_offsets(doc) -> None:
    for k, s in enumerate(doc.segments):
        if s.index != k or not s.text or doc.text[s.start:s.end] != s.text:
            raise AssertionError(f"segment {k} does not map back to the text: {s!r}")


def t_text(data: bytes) -> None:
    """decode_bytes + make_document: the segmenter, both languages and modes."""
    from aligncheck.documents import decode_bytes, make_document

    text, used = decode_bytes(data, path="fuzz.txt")
    for lang in ("ar", "en"):
        for mode in ("sentences", "lines"):
            try:
                _check_offsets(make_document(text, path="fuzz.txt", lang=lang, mode=mode, encoding=used))
            except Exception as exc:  # noqa: BLE001 - re-raised unless an AlignCheckError
                from aligncheck.errors import AlignCheckError

                if not isinstance(exc, AlignCheckError):
                    raise


def t_legacy(data: bytes) -> None:
    """decode_bytes with an explicit legacy codec, then the segmenter."""
    from aligncheck.documents import decode_bytes, make_document

    text, used = decode_bytes(data, path="fuzz.txt", encoding="windows-1256")
    _check_offsets(make_document(text, path="fuzz.txt", lang="ar", encoding=used))


def t_bilingual(data: bytes) -> None:
    """split_bilingual (one file, Arabic block then English block)."""
    from aligncheck.documents import decode_bytes, split_bilingual

    text, _ = decode_bytes(data, path="fuzz.txt")
    src, tgt = split_bilingual(text, path="fuzz.txt")
    if src.count("\n") != text.count("\n") or tgt.count("\n") != text.count("\n"):
        raise AssertionError("split_bilingual changed the line count")


def _doc_reader(fmt: str, suffix: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        from aligncheck import formats

        def run(path: str) -> None:
            for lang in ("ar", "en"):
                _check_offsets(formats.read_document(path, lang, fmt=fmt, check=False))

        _with_file(data, suffix, run)

    target.__doc__ = f"formats.read_document(fmt={fmt!r})"
    return target


def _unit_reader(fmt: str, suffix: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        from aligncheck import formats

        def run(path: str) -> None:
            uf = formats.read_units(path, path if fmt in formats.CATALOG_FORMATS else None, fmt=fmt,
                                    source_lang="ar", target_lang="en")
            from aligncheck.formats.units import units_to_documents

            src, tgt, _ = units_to_documents(uf, check=False)
            _check_offsets(src)
            _check_offsets(tgt)

        _with_file(data, suffix, run)

    target.__doc__ = f"formats.read_units(fmt={fmt!r})"
    return target


#: the check target reads at most this many bytes (a long valid document is slow by its size, not
#: by a bug; bench/hostile.py measures those)
CHECK_BYTES = 20_000


def t_check(data: bytes) -> None:
    """the whole check: two documents (the input cut at its first blank line) aligned with a fake
    encoder, every check run and every report rendered."""
    sys.path.insert(0, str(ROOT))
    from aligncheck.documents import decode_bytes, make_document
    from aligncheck.pipeline import check_documents
    from aligncheck.report import render
    from tests.fakes import BagOfConceptsEncoder

    text, used = decode_bytes(data[:CHECK_BYTES], path="fuzz.txt")
    cut = text.find("\n\n")
    src_text, tgt_text = (text[:cut], text[cut + 2:]) if cut >= 0 else (text, text)
    src = make_document(src_text, path="ar.txt", lang="ar", check=False)
    tgt = make_document(tgt_text, path="en.txt", lang="en", role="target", check=False)
    result = check_documents(src, tgt, encoder=BagOfConceptsEncoder())
    for fmt in ("text", "json", "markdown", "github", "sarif", "junit", "gitlab", "html"):
        render(result, fmt)


#: target name -> (function, kind of seed files)
TARGETS: dict[str, tuple[Callable[[bytes], None], str]] = {
    "text": (t_text, "text"),
    "check": (t_check, "text"),
    "legacy": (t_legacy, "text"),
    "bilingual": (t_bilingual, "text"),
    "markdown": (_doc_reader("markdown", ".md"), "md"),
    "srt": (_doc_reader("srt", ".srt"), "srt"),
    "vtt": (_doc_reader("vtt", ".vtt"), "vtt"),
    "tmx": (_unit_reader("tmx", ".tmx"), "tmx"),
    "xliff": (_unit_reader("xliff", ".xlf"), "xliff"),
    "po": (_unit_reader("po", ".po"), "po"),
    "csv": (_unit_reader("csv", ".csv"), "csv"),
    "tsv": (_unit_reader("tsv", ".tsv"), "tsv"),
    "json": (_unit_reader("json", ".json"), "json"),
    "yaml": (_unit_reader("yaml", ".yml"), "yaml"),
}


def run_one(fn: Callable[[bytes], None], data: bytes) -> BaseException | None:
    """Run a target; ``None`` when it returned or raised an AlignCheckError, else the exception."""
    from aligncheck.errors import AlignCheckError

    try:
        fn(data)
    except AlignCheckError:
        return None
    except Exception as exc:  # noqa: BLE001 - that is what a fuzzer looks for
        return exc
    return None


def save_failure(name: str, data: bytes, exc: BaseException) -> Path:
    """Write the input that failed to ``bench/fuzz-failures/<target>-<sha1>.bin`` (and the
    traceback beside it); returns the path."""
    FAILURES.mkdir(parents=True, exist_ok=True)
    path = FAILURES / f"{name}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ engines


def mutated_inputs(seeds: list[bytes]):
    """A hypothesis strategy of byte strings: a seed with 0-8 mutations (flip, insert a token,
    delete, duplicate, flood with up to 10,000 copies of a token, cut, splice with another seed),
    or raw random bytes."""
    from hypothesis import strategies as st

    def apply(seed: bytes, ops) -> bytes:
        data = bytearray(seed)
        for op, pos, arg, other in ops:
            i = pos % (len(data) + 1)
            if op == "flip" and data:
                data[i % len(data)] ^= 1 << (arg % 8)
            elif op == "insert":
                data[i:i] = TOKENS[arg % len(TOKENS)] * (1 + arg % 3)
            elif op == "delete":
                del data[i:i + 1 + arg % 16]
            elif op == "repeat":
                data[i:i] = data[i:i + 1 + arg % 32] * (1 + arg % 50)
            elif op == "flood":  # deep nesting, long runs: what makes a parser recurse or go quadratic
                data[i:i] = TOKENS[arg % len(TOKENS)] * (200 * (1 + arg % 50))
            elif op == "cut":
                del data[i:]
            elif op == "splice":
                data[i:] = other[(arg % (len(other) + 1)):]
        return bytes(data)

    op = st.tuples(st.sampled_from(["flip", "insert", "delete", "repeat", "flood", "cut", "splice"]),
                   st.integers(0, 1 << 20), st.integers(0, 1 << 10), st.sampled_from(seeds))
    mutated = st.builds(apply, st.sampled_from(seeds), st.lists(op, max_size=8))
    return st.one_of(mutated, mutated, mutated, st.binary(max_size=512))


def fuzz_hypothesis(name: str, fn: Callable[[bytes], None], seeds: list[bytes], seconds: float) -> dict:
    """Run ``fn`` on generated inputs for ``seconds``; returns ``{"inputs", "failures"}``."""
    from hypothesis import HealthCheck, given, settings

    stats = {"inputs": 0, "failures": {}}
    deadline = time.monotonic() + seconds

    @settings(max_examples=200, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(mutated_inputs(seeds))
    def body(data: bytes) -> None:
        if time.monotonic() > deadline:
            return
        stats["inputs"] += 1
        for data_ in (data,):
            t0 = time.monotonic()
            exc = run_one(fn, data_)
            took = time.monotonic() - t0
            if exc is None and took > SLOW_SECONDS:
                exc = TimeoutError(f"slow: {took:.1f} s for {len(data_):,} bytes")
            if exc is not None:
                key = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
                if key not in stats["failures"]:
                    stats["failures"][key] = str(save_failure(name, data_, exc).relative_to(ROOT))

    for s in seeds:  # every seed as is, first
        exc = run_one(fn, s)
        stats["inputs"] += 1
        if exc is not None:
            stats["failures"].setdefault(f"{type(exc).__name__}: {exc}", str(save_failure(name, s, exc).relative_to(ROOT)))
    while time.monotonic() < deadline:
        body()
    return stats


ATHERIS_CHILD = """\
import sys
sys.path.insert(0, {root!r})
import atheris
with atheris.instrument_imports():
    import aligncheck.documents, aligncheck.formats, aligncheck.segment
from bench.fuzz import TARGETS, run_one
fn = TARGETS[{name!r}][0]

def one(data):
    exc = run_one(fn, data)
    if exc is not None:
        raise exc

atheris.Setup(sys.argv, one)
atheris.Fuzz()
"""


def fuzz_atheris(name: str, seeds: list[bytes], seconds: float) -> dict:
    """Run the target under atheris (libFuzzer) in a subprocess for ``seconds``; the seeds are
    its starting corpus. Returns ``{"inputs", "failures"}`` parsed from libFuzzer's output."""
    FAILURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aligncheck-fuzz-") as corpus:
        for k, s in enumerate(seeds):
            Path(corpus, f"seed{k}").write_bytes(s)
        script = Path(corpus, "child.py")
        script.write_text(ATHERIS_CHILD.format(root=str(ROOT), name=name), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, str(script), f"-max_total_time={int(seconds)}", "-timeout=20", "-rss_limit_mb=2048",
             f"-artifact_prefix={FAILURES}/{name}-", corpus],
            capture_output=True, text=True, errors="replace", timeout=seconds + 120)
    inputs = 0
    for line in proc.stderr.splitlines():
        if line.startswith("#") and " exec/s" in line:
            try:
                inputs = int(line[1:].split()[0])
            except ValueError:
                pass
    failures = {}
    if proc.returncode != 0:
        tail = [ln for ln in proc.stderr.splitlines() if "Error" in ln or "Exception" in ln or "artifact" in ln]
        failures[tail[0][:160] if tail else f"exit {proc.returncode}"] = "see bench/fuzz-failures/"
    return {"inputs": inputs, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    """Fuzz the chosen targets, print and write the summary; 1 when a target failed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0, help="time per target")
    ap.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, of: {', '.join(TARGETS)}")
    ap.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    ap.add_argument("--summary", type=Path, default=ROOT / "bench" / "FUZZ.md")
    args = ap.parse_args(argv)
    names = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in names if t not in TARGETS]
    if unknown:
        ap.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    seeds = seed_files()
    sys.setrecursionlimit(10_000)
    rows = []
    for name in names:
        fn, kind = TARGETS[name]
        t0 = time.monotonic()
        if args.engine == "atheris":
            stats = fuzz_atheris(name, seeds[kind], args.seconds)
        else:
            stats = fuzz_hypothesis(name, fn, seeds[kind], args.seconds)
        took = time.monotonic() - t0
        rows.append((name, fn.__doc__.strip().splitlines()[0], stats, took))
        verdict = "ok" if not stats["failures"] else f"{len(stats['failures'])} FAILURE(S)"
        print(f"[fuzz] {name:10} {stats['inputs']:7} inputs in {took:5.1f} s: {verdict}", file=sys.stderr, flush=True)
        for key, where in stats["failures"].items():
            print(f"         {key}  ->  {where}", file=sys.stderr)
    lines = [
        "# Fuzzing summary",
        "",
        f"`python -m bench.fuzz --engine {args.engine} --seconds {args.seconds:g}` on "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}: each reader and the segmenter, inputs mutated from "
        "the corpus files (see the module docstring). A failure is any exception but an `AlignCheckError`, "
        "or a segment whose offsets do not map back to the text.",
        "",
        "| target | what | inputs | seconds | failures |",
        "|---|---|---|---|---|",
    ]
    for name, what, stats, took in rows:
        fails = "; ".join(f"{k} ({v})" for k, v in stats["failures"].items()) or "none"
        lines.append(f"| {name} | {what} | {stats['inputs']:,} | {took:.0f} | {fails} |")
    args.summary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"[fuzz] summary written to {args.summary}", file=sys.stderr)
    return 1 if any(stats["failures"] for _, _, stats, _ in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
