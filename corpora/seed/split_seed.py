"""Derive ar.txt and en.txt from bilingual.txt and verify the split.

bilingual.txt is the seed article: 13 Arabic paragraphs (one a line) followed by their
13 English translations, in the same order. Run from anywhere:

    python corpora/seed/split_seed.py          # write ar.txt / en.txt, then verify
    python corpora/seed/split_seed.py --check  # verify only (exit 1 on a mismatch)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
N = 13


def paragraphs() -> list[str]:
    text = (HERE / "bilingual.txt").read_bytes().decode("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def expected() -> tuple[str, str]:
    lines = paragraphs()
    if len(lines) != 2 * N:
        raise SystemExit(f"bilingual.txt has {len(lines)} non-empty lines, expected {2 * N}")
    return "\n".join(lines[:N]) + "\n", "\n".join(lines[N:]) + "\n"


def check() -> list[str]:
    problems = []
    ar_want, en_want = expected()
    for name, want in (("ar.txt", ar_want), ("en.txt", en_want)):
        data = (HERE / name).read_bytes()
        if data != want.encode("utf-8"):
            problems.append(f"{name} differs from the split of bilingual.txt")
        if data.startswith(b"\xef\xbb\xbf") or b"\r" in data or not data.endswith(b"\n"):
            problems.append(f"{name}: must be UTF-8 without BOM, LF, with a trailing newline")
    ar = (HERE / "ar.txt").read_text(encoding="utf-8").splitlines()
    en = (HERE / "en.txt").read_text(encoding="utf-8").splitlines()
    if len(ar) != N or len(en) != N:
        problems.append(f"expected {N} and {N} lines, got {len(ar)} and {len(en)}")
    for i, line in enumerate(ar, 1):
        if not line or not ARABIC.search(line):
            problems.append(f"ar.txt:{i} has no Arabic letters")
    for i, line in enumerate(en, 1):
        if not line or ARABIC.search(line):
            problems.append(f"en.txt:{i} is empty or contains Arabic letters")
    return problems


def main(argv: list[str]) -> int:
    if "--check" not in argv:
        ar, en = expected()
        (HERE / "ar.txt").write_bytes(ar.encode("utf-8"))
        (HERE / "en.txt").write_bytes(en.encode("utf-8"))
    problems = check()
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"ok: ar.txt and en.txt have {N} lines each; ar lines contain Arabic, en lines none")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
