"""Frozen records shared by every module of aligncheck. No logic lives here.

Data flows one way::

    Document -> Segment s -> embeddings (n, dim) float32 unit rows -> Alignment(beads)
             -> Finding s -> CheckResult -> report string -> exit code

Conventions used throughout:

* indices are 0-based (``Segment.index``, ``Bead.src``/``Bead.tgt``);
* line numbers are 1-based, counted in the decoded text (CR, LF and CRLF each end a line);
* offsets are Unicode code points into ``Document.text`` (an Arabic letter is one code point,
  two bytes in UTF-8), ``start`` inclusive, ``end`` exclusive;
* cosine similarities are in [-1, 1].
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """Severity of a finding. Ordered: ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _SEVERITY_RANK[self.value]


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Segment:
    """One sentence (or line, in ``lines`` mode) of a document.

    Attributes:
        index: 0-based position in ``Document.segments``.
        text: the segment exactly as written in the document (original characters,
            surrounding whitespace stripped). ``text == document.text[start:end]``.
        line: 1-based line number of the segment's first character.
        start: code-point offset of the first character in ``Document.text``.
        end: code-point offset one past the last character.
        paragraph: 0-based paragraph number; blank lines and line breaks end paragraphs. In
            structured formats (Markdown, subtitles, translation units) it is the block: a
            heading, paragraph, list item, table cell, quote, subtitle cue or unit.
        plain: the translatable text when it differs from ``text`` (Markdown with its markup,
            link targets and inline code removed; a subtitle cue without its tags), used for
            embedding and lengths; ``None`` when ``text`` itself is the translatable text.
        unit: the id of the unit the segment comes from (a TMX ``tuid``, an XLIFF unit ``id``,
            a catalog key, a subtitle cue number), or ``None`` when the format has none.
        links: link targets and image paths inside the segment (Markdown), compared by the
            ``tokens`` check.
        flags: the unit's format flags (PO ``#,`` flags such as ``c-format``), for the
            ``placeholders`` check; ``()`` when the format has none.
        codes: inline codes the reader took out of ``text`` (XLIFF ``ph#1``, ``g#2``, TMX
            ``bpt#1``), compared as a multiset by the ``placeholders`` check.
        max_chars: the most code points the unit's text may have (XLIFF ``maxwidth`` with
            ``size-unit="char"``, XLIFF 2 ``slr:storageRestriction``...), or ``None``.
    """

    index: int
    text: str
    line: int
    start: int
    end: int
    paragraph: int
    plain: str | None = None
    unit: str | None = None
    links: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    max_chars: int | None = None


@dataclass(frozen=True)
class Document:
    """A decoded input document and its segments.

    Attributes:
        path: the path as the user gave it (used in messages and reports).
        lang: ISO 639-1 code, e.g. ``"ar"`` or ``"en"``.
        text: the decoded text (BOM removed, line endings as in the file). For a
            translation-unit format (TMX, XLIFF, PO, catalogs, tables) it is this side's unit
            texts joined by ``"\n"``: segment offsets index it, segment lines are the file's.
        segments: the segments in document order.
        encoding: the codec the bytes were decoded with (``"utf-8"``, ``"utf-16"``, ...).
    """

    path: str
    lang: str
    text: str
    segments: tuple[Segment, ...]
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Unit:
    """One translation unit of a unit-aligned file (TMX ``tu``, XLIFF unit or segment, PO entry,
    catalog key, table row): a source text already paired with its target text.

    Attributes:
        id: the unit's id as the file names it (``tuid``, ``id``, key, ``msgctxt``/``msgid``,
            row number); unique within the file.
        source: the source text (inline markup removed); ``None`` when the unit has no source
            (a catalog key present only in the target).
        target: the target text; ``None`` when missing (a key absent from the target catalog, a
            TMX unit without the target language), ``""`` when present but empty.
        source_line: 1-based line of the source text in ``source_path`` (``None`` if absent).
        target_line: 1-based line of the target text in ``target_path`` (``None`` if absent).
        flags: format flags of the unit (PO ``#,`` flags), ``()`` when none.
        source_codes, target_codes: the inline codes taken out of each text (XLIFF ``ph#1``,
            ``x#2``, ``g#3``...), in order.
        max_chars: the length limit of the target in code points (XLIFF ``maxwidth``), or
            ``None``.
    """

    id: str
    source: str | None
    target: str | None
    source_line: int | None = None
    target_line: int | None = None
    flags: tuple[str, ...] = ()
    source_codes: tuple[str, ...] = ()
    target_codes: tuple[str, ...] = ()
    max_chars: int | None = None


@dataclass(frozen=True)
class Bead:
    """One link of a monotone alignment: source segments ``src`` <-> target segments ``tgt``.

    ``src`` and ``tgt`` are consecutive 0-based indices; one of them may be empty
    (a 1-0 bead is a source segment with no target, a 0-1 bead the reverse).

    Attributes:
        src: source segment indices.
        tgt: target segment indices.
        score: cosine similarity in [-1, 1] of the bead's two sides (mean of the unit
            sentence embeddings of each side, renormalised); ``None`` when a side is empty.
        margin: the bead's normalised score (cosine minus the mean of both sides'
            nearest-neighbour cosines; about 0 for an unrelated pair, higher is better);
            ``None`` when a side is empty.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float | None = None
    margin: float | None = None

    @property
    def kind(self) -> str:
        """The bead type as ``"m-n"``, e.g. ``"1-1"``, ``"2-1"``, ``"1-0"``."""
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Alignment:
    """A monotone alignment: every segment of each side lies in exactly one bead, in order."""

    beads: tuple[Bead, ...]


@dataclass(frozen=True)
class Finding:
    """One fault found in a document pair.

    Attributes:
        check: stable check id (``"omission"``, ``"addition"``, ``"mismatch"``, ...).
        severity: error, warning or info.
        src: 0-based source segment indices concerned (may be empty).
        tgt: 0-based target segment indices concerned (may be empty).
        message: one line a translator understands.
        score: the evidence score (cosine in [-1, 1]) where one applies, else ``None``.
    """

    check: str
    severity: Severity
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    message: str
    score: float | None = None


@dataclass(frozen=True)
class CheckResult:
    """Everything one check of a document pair produced.

    Attributes:
        source: the source document (e.g. Arabic).
        target: the target document (its translation, e.g. English).
        alignment: the alignment of ``source.segments`` with ``target.segments``.
        findings: findings in document order (by first source, then target index).
        signature: one line naming what produced the result (version, segmenter,
            model and revision, scoring, thresholds).
        fail_on: the gate level: ``"error"``, ``"warning"`` or ``"never"``.
        notes: remarks about how the input was read (e.g. a bilingual file split by script).
        silenced: findings left out because an inline marker in the target accepted them.
        baselined: findings left out because the baseline accepted them.
    """

    source: Document
    target: Document
    alignment: Alignment
    findings: tuple[Finding, ...]
    signature: str
    fail_on: str = "error"
    notes: tuple[str, ...] = field(default_factory=tuple)
    silenced: int = 0
    baselined: int = 0

    @property
    def passed(self) -> bool:
        """True when no finding reaches the ``fail_on`` level (always True for ``never``)."""
        if self.fail_on == "never":
            return True
        level = Severity(self.fail_on).rank
        return not any(f.severity.rank >= level for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Number of findings per check id, in first-seen order."""
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.check] = out.get(f.check, 0) + 1
        return out
