"""Checks that turn an alignment into findings, each declared once in the registry.

* :mod:`~aligncheck.checks.registry`: :class:`CheckInfo` (id, default severity, SARIF name,
  one-line description, README example) and :data:`CHECKS`; config validation, CLI choices and
  report rules all derive from it;
* :mod:`~aligncheck.checks.context`: :class:`CheckContext`, what a check sees, and shared helpers;
* one module per check family: :mod:`~aligncheck.checks.alignment` (omission, addition,
  mismatch, moved, long_segment), :mod:`~aligncheck.checks.untranslated`,
  :mod:`~aligncheck.checks.numbers`, :mod:`~aligncheck.checks.tokens`,
  :mod:`~aligncheck.checks.partial` (partial_omission), :mod:`~aligncheck.checks.partial_addition`, :mod:`~aligncheck.checks.negation`,
  :mod:`~aligncheck.checks.duplicate`, :mod:`~aligncheck.checks.unrelated`
  (unrelated_documents), :mod:`~aligncheck.checks.units` (empty_target, missing_key, extra_key,
  empty_source), :mod:`~aligncheck.checks.missing_target`, :mod:`~aligncheck.checks.missing_source`,
  :mod:`~aligncheck.checks.bidi` (bidi_control); the localisation QA checks
  :mod:`~aligncheck.checks.placeholders`, :mod:`~aligncheck.checks.punctuation`,
  :mod:`~aligncheck.checks.spacing` (spacing, repetition), :mod:`~aligncheck.checks.terminology`,
  :mod:`~aligncheck.checks.length`, :mod:`~aligncheck.checks.consistency`,
  :mod:`~aligncheck.checks.icu_branches` (branch_mismatch), which share
  :mod:`~aligncheck.checks.pairs`; :mod:`~aligncheck.checks.code_blocks` (Markdown code blocks and
  front matter);
* :mod:`~aligncheck.checks.run`: :func:`run_checks`, which applies ``Config.disable`` and
  ``Config.severity``.

A new check is one new module that registers itself (``@register(id, severity, name,
description, example)``) plus its line in the import list below (the order of the list is the
order of :data:`CHECK_IDS`). Checks compare normalised text (:func:`match_key`,
:func:`aligncheck.segment.embedding_text`); messages quote the text as written.
"""

from __future__ import annotations

from . import alignment, untranslated, numbers, partial, partial_addition, tokens, duplicate, negation  # noqa: F401  (registration order)
from . import unrelated, units, missing_target, missing_source  # noqa: F401
from . import punctuation, spacing, terminology, length, consistency  # noqa: F401  (issue #16)
from . import placeholders, icu_branches  # noqa: F401
from . import code_blocks  # noqa: F401  (issue #14: Markdown code and front matter)
from . import bidi  # noqa: F401  (issue #14: bidi controls)
from . import names  # noqa: F401  (issue #16)
from .alignment import check_addition, check_long_segment, check_mismatch, check_omission, mutual_best, pair_moves
from .context import ARABIC_SCRIPT_LANGS, LANGUAGE_NAMES, CheckContext, language_name, match_key
from .duplicate import find_duplicates
from .negation import check_negation
from .numbers import check_numbers
from .partial import PRIOR_LENGTH_RATIO, check_partial_omission, expanded_length, length_ratio
from .partial_addition import check_partial_addition
from .registry import CHECKS, REGISTRY, CheckInfo, declare, register
from .run import apply_severity, run_checks
from .tokens import check_tokens
from .unrelated import correspondence_stats, unrelated_finding
from .untranslated import check_untranslated, script_share

#: every check id, in registration order
CHECK_IDS = tuple(CHECKS)

__all__ = [
    "ARABIC_SCRIPT_LANGS", "CHECKS", "CHECK_IDS", "LANGUAGE_NAMES", "PRIOR_LENGTH_RATIO", "REGISTRY",
    "CheckContext", "CheckInfo", "apply_severity", "check_addition", "check_long_segment", "check_mismatch",
    "check_negation", "check_numbers", "check_omission", "check_partial_addition", "check_partial_omission", "check_tokens",
    "check_untranslated", "correspondence_stats", "declare", "expanded_length", "find_duplicates",
    "language_name", "length_ratio", "match_key", "mutual_best", "pair_moves", "register", "run_checks",
    "script_share", "unrelated_finding",
]
