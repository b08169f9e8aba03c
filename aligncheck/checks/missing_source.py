"""``missing_source``: with ``aligncheck ci --base REF``, a pair that existed at ``REF`` lost its
source (deleted, renamed, or replaced by a link or a folder) while its target is still there, so
the target would no longer be checked at all (the result is made by
:func:`aligncheck.project.ci.missing_source_result`)."""

from __future__ import annotations

from .registry import CheckInfo, declare

MISSING_SOURCE = "missing_source"

declare(CheckInfo(MISSING_SOURCE, 'error', 'MissingSource',
                  'The source file of a pair was deleted or renamed while its translation is kept.',
                  '`content/ar/news/x.md` deleted (or renamed) in the pull request, `content/en/news/x.md` kept'))
