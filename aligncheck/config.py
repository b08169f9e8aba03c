"""The one frozen configuration object that every algorithm takes.

Precedence (lowest to highest): the defaults below < ``[tool.aligncheck]`` in ``pyproject.toml``
or ``aligncheck.toml`` < command-line flags. Values are validated on construction; unknown keys
are rejected with a :class:`~aligncheck.errors.ConfigError`.

The alignment and threshold defaults are the ones chosen by ``bench/quality.py`` on the
NTREX-128 and TICO-19 development documents (see ``bench/RESULTS.md``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Mapping

from .checks import CHECKS
from .errors import ConfigError

#: numeric settings that are weights, penalties, margins or counts: negative makes no sense
_NON_NEGATIVE = frozenset({"skip_scale", "merge_penalty", "length_weight", "paragraph_weight", "moved_margin",
                           "mismatch_margin", "partial_min_words", "partial_gain", "joined_min_merges",
                           "resplit_longer", "resplit_gain"})
#: bound on a numeric setting's magnitude (default 100): a project file may come from a pull request
_MAGNITUDE = {"skip_percentile": 100.0, "partial_min_words": 10_000}

SEGMENTATIONS = ("sentences", "lines")
SEVERITIES = ("error", "warning", "info")
#: every check id (:data:`aligncheck.checks.registry.CHECKS`), in registration order
CHECK_IDS = tuple(CHECKS)


def _known_check(check_id: str, key: str) -> None:
    if check_id not in CHECK_IDS:
        raise ConfigError(f"unknown check id {check_id!r} in {key}; known checks: {', '.join(CHECK_IDS)}")
FAIL_ON = ("error", "warning", "never")


@dataclass(frozen=True)
class Config:
    """Options of one check run. All fields are keyword-only in spirit; build with ``Config(**kw)``.

    Attributes:
        source_lang: ISO 639-1 code of the source (original) document.
        target_lang: ISO 639-1 code of the target (translation) document.
        segmentation: ``"sentences"`` (split paragraphs into sentences) or ``"lines"``
            (each non-empty line is one segment).
        model: ``None`` for the bundled offline model, else a sentence-transformers hub id
            or local folder.
        model_revision: hub revision to pin, or ``None``.
        bundled_mode: E5 prefix used by the bundled model for both languages.
        max_bead: largest number of sentences on one side of a bead (1-3).
        skip_percentile: percentile (0-100) of the document's own 1-1 costs used as the
            skip (deletion) cost of a 1-0 or 0-1 bead.
        skip_scale: multiplier on that percentile.
        merge_penalty: extra cost per additional sentence in an m-n bead.
        length_weight: weight of the length-ratio term in a bead's cost.
        paragraph_weight: cost added to a multi-sentence side that crosses a line (paragraph)
            boundary; sentences mode only (in lines mode every segment is its own line).
        normalisation: how cosines are normalised before costs: ``"hubness"`` (Vecalign's
            random-sample correction, leave-best-out) or ``"knn"`` (the k-NN margin of LASER and
            Bertalign). Measured in ``bench/CHOICES.md``.
        split_gain_src: re-test of 2-1 beads after the DP: the bead is split into 1-1 + 1-0
            when the embedding of the joined source pair matches the target this much worse
            (cosine difference; negative) than the better half alone.
        split_gain_tgt: the same for 1-2 beads (split into 1-1 + 0-1).
        joined_max_align: second pass after the DP (:mod:`aligncheck.align.joined`, Bertalign's
            second step): the regions around the beads that are not 1-1 are re-aligned with
            embeddings of the joined sentences, with beads of up to this many sentences of
            both sides together (``a + b``); ``0`` turns the pass off.
        joined_min_merges: ... only in documents where the DP made at least this many m-n
            beads (``a + b >= 3``) ...
        joined_min_share: ... making at least this share of its beads with both sides
            non-empty (a document with real m-n structure; measured in ``bench/CHOICES.md``).
        content_below: sentences mode: an omission, addition or mismatch is withdrawn when the
            model's embedding of the text around it (its paragraph block, a few beads each way)
            matches the other side worse without each sentence it names than with it, by more
            than this (a negative cosine difference): the content is there, in other sentences
            (:mod:`aligncheck.content`). ``-1`` turns the test off.
        resplit_longer: sentences mode: the target segment of a 1-1 bead at least this many times
            as long (code points) as its source and the document's length ratio predict is tested
            for a glued sentence with no source (:mod:`aligncheck.resplit`).
        resplit_gain: ... and it is split in two where leaving one part out raises the cosine
            with the source by at least this much (the part is then a sentence of its own: an
            addition, or a mismatch beside a skipped source sentence). ``2`` turns it off.
        moved_margin: an omission and an addition whose sentences match each other with at
            least this margin are one moved sentence (reported once, as ``moved``).
        mismatch_margin: an aligned bead whose margin (normalised similarity, about 0 for an
            unrelated pair) is below this is a mismatch. It is also the margin both pairs must
            reach when a skip beside a 2-1/1-2 bead is repaired into two 1-1 beads
            (:func:`aligncheck.align.repair_skips_beside_merges`), so it affects the alignment.
        partial_ratio: a bead is a ``partial_omission`` candidate when its target is shorter
            than this share of the length the document's own target/source ratio predicts.
        partial_min_words: ... and its source has at least this many words.
        partial_gain: ... and leaving one source clause out raises the cosine between source
            and target by at least this much (the clause seems untranslated).
        disable: check ids turned off (see :data:`CHECK_IDS`).
        severity: per-check severity overrides, ``{check id: "error"|"warning"|"info"}``
            (stored as sorted ``(id, severity)`` pairs).
        fail_on: the gate: ``"error"``, ``"warning"`` or ``"never"``.
        glossary: path of the glossary the ``terminology`` check reads (CSV/TSV, see
            :mod:`aligncheck.glossary`), or ``None``. In a project file it is relative to
            the file's folder and must stay inside the repository.
        max_length: the most code points a translation unit's target may have (the ``length``
            check; an XLIFF ``maxwidth`` of the unit wins), or ``None``.
    """

    source_lang: str = "ar"
    target_lang: str = "en"
    segmentation: str = "sentences"
    model: str | None = None
    model_revision: str | None = None
    bundled_mode: str = "query"
    trust_remote_code: bool = False
    max_bead: int = 2
    skip_percentile: float = 20.0
    skip_scale: float = 0.7
    merge_penalty: float = 0.2
    length_weight: float = 0.5
    paragraph_weight: float = 0.5
    normalisation: str = "hubness"
    split_gain_src: float = -0.01
    split_gain_tgt: float = -0.03
    joined_max_align: int = 5
    joined_min_merges: int = 4
    joined_min_share: float = 0.1
    moved_margin: float = 0.3
    content_below: float = -0.005
    resplit_longer: float = 1.25
    resplit_gain: float = 0.04
    mismatch_margin: float = 0.2
    partial_ratio: float = 0.7
    partial_min_words: int = 8
    partial_gain: float = 0.002
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str = "error"
    glossary: str | None = None
    max_length: int | None = None

    def __post_init__(self) -> None:
        if self.glossary is not None and (not isinstance(self.glossary, str) or not self.glossary.strip()):
            raise ConfigError(f"glossary must be a file path, not {self.glossary!r}")
        if self.max_length is not None and (isinstance(self.max_length, bool) or not isinstance(self.max_length, int)
                                            or self.max_length < 1):
            raise ConfigError(f"max_length must be a positive whole number of characters, not {self.max_length!r}")
        if self.segmentation not in SEGMENTATIONS:
            raise ConfigError(
                f"segmentation must be one of {', '.join(SEGMENTATIONS)}, not {self.segmentation!r}"
            )
        if self.fail_on not in FAIL_ON:
            raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}")
        if (isinstance(self.joined_max_align, bool) or not isinstance(self.joined_max_align, int)
                or (self.joined_max_align != 0 and not 3 <= self.joined_max_align <= 8)):
            raise ConfigError(f"joined_max_align must be 0 (off) or 3-8, not {self.joined_max_align!r}")
        if (isinstance(self.joined_min_share, bool) or not isinstance(self.joined_min_share, (int, float))
                or not 0 <= self.joined_min_share <= 1):
            raise ConfigError(f"joined_min_share must be in [0, 1], not {self.joined_min_share!r}")
        if not 1 <= self.max_bead <= 3:
            raise ConfigError(f"max_bead must be 1, 2 or 3, not {self.max_bead!r}")
        if not 0 < self.skip_percentile < 100:
            raise ConfigError(f"skip_percentile must be between 0 and 100, not {self.skip_percentile!r}")
        if self.normalisation not in ("hubness", "knn"):
            raise ConfigError(f"normalisation must be 'hubness' or 'knn', not {self.normalisation!r}")
        if self.bundled_mode not in ("query", "passage"):
            raise ConfigError(f"bundled_mode must be 'query' or 'passage', not {self.bundled_mode!r}")
        disable = self.disable
        if isinstance(disable, str):
            disable = tuple(x.strip() for x in disable.split(",") if x.strip())
        if not isinstance(disable, (tuple, list)) or not all(isinstance(x, str) for x in disable):
            raise ConfigError(f"disable must be a list of check ids, not {disable!r}")
        for check_id in disable:
            _known_check(check_id, "disable")
        object.__setattr__(self, "disable", tuple(sorted(set(disable))))
        severity = self.severity
        if isinstance(severity, Mapping):
            severity = tuple(severity.items())
        try:
            pairs = tuple(sorted((str(k), str(v)) for k, v in severity))
        except (TypeError, ValueError):
            raise ConfigError(f"severity must map check ids to error/warning/info, not {severity!r}") from None
        for check_id, level in pairs:
            _known_check(check_id, "severity")
            if level not in SEVERITIES:
                raise ConfigError(
                    f"severity of {check_id!r} must be one of {', '.join(SEVERITIES)}, not {level!r}"
                )
        object.__setattr__(self, "severity", pairs)
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.type in ("float", float) or (f.type in ("int", int) and f.name != "max_bead"):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                    raise ConfigError(f"{f.name} must be a finite number, not {value!r}")
                if f.name in _NON_NEGATIVE and value < 0:
                    raise ConfigError(f"{f.name} must be 0 or more, not {value!r}")
                if abs(value) > _MAGNITUDE.get(f.name, 100.0):
                    raise ConfigError(f"{f.name} must be at most {_MAGNITUDE.get(f.name, 100.0):g} in magnitude, not "
                                      f"{value!r}")
        if not 0 < self.partial_ratio <= 1:
            raise ConfigError(f"partial_ratio must be in (0, 1], not {self.partial_ratio!r}")
        for name in ("source_lang", "target_lang"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.isalpha() or not 2 <= len(value) <= 3:
                raise ConfigError(f"{name} must be an ISO 639 code such as 'ar' or 'en', not {value!r}")

    def severity_of(self, check_id: str, default: "str") -> str:
        """The severity (``"error"``, ``"warning"``, ``"info"``) of ``check_id``'s findings:
        the override in :attr:`severity`, else ``default``."""
        return dict(self.severity).get(check_id, default)

    def replace(self, **changes: Any) -> "Config":
        """A copy with ``changes`` applied and validated.

        Raises:
            ConfigError: an unknown key or an invalid value.
        """
        return from_mapping(changes, base=self)


def from_mapping(values: Mapping[str, Any], *, base: Config | None = None, where: str = "") -> Config:
    """Build a :class:`Config` from ``values`` on top of ``base`` (default: the defaults).

    Keys may use ``-`` or ``_``. ``where`` names the origin in error messages.

    Raises:
        ConfigError: an unknown key or an invalid value.
    """
    base = base or Config()
    known = {f.name for f in dataclasses.fields(Config)}
    clean = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in known:
            origin = f" in {where}" if where else ""
            raise ConfigError(f"unknown configuration key {key!r}{origin}; known keys: {', '.join(sorted(known))}")
        clean[name] = value
    try:
        return dataclasses.replace(base, **clean)
    except TypeError as exc:  # pragma: no cover - defensive
        raise ConfigError(str(exc)) from exc
