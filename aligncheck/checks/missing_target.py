"""``missing_target``: the target file of a configured pair does not exist (``aligncheck ci``;
the result is made by :func:`aligncheck.pipeline.missing_target_result`)."""

from __future__ import annotations

from .registry import CheckInfo, declare

MISSING_TARGET = "missing_target"

declare(CheckInfo(MISSING_TARGET, 'error', 'MissingTarget',
                  'The translation file of a changed source file does not exist.',
                  '`content/ar/news/x.md` added without `content/en/news/x.md`'))
