"""``branch_mismatch``: one branch of an ICU plural or select message that does not say what
the same branch of the source says (issue #14, attack A8: ``other {You have # new messages}``
replaced by ``other {Send your bank password to evil.example}``, while ``one`` stayed right).

The message as a whole still matches its source (the other branches do), so ``mismatch``, which
judges the whole unit, cannot see it; here each branch is rendered (the message with the
plural/select replaced by that branch, nested codes blanked: :func:`aligncheck.codes.mask_codes`)
and compared with the source's rendering for the same key.
"""

from __future__ import annotations

import numpy as np

from ..codes import find_placeholders, icu_branches, mask_codes
from ..segment import embedding_text
from ..types import Finding, Severity
from .context import CheckContext
from .pairs import pair_label, qa_pairs
from .registry import register

#: a branch is flagged when its cosine with the source's branch is at least this much below the
#: best branch pair of the same message ...
BRANCH_DROP = 0.05
#: ... and its cosine with that best pair's target branch is at least this much below the
#: cosine of the two source branches (faithful branches differ from each other the way the
#: source's do; a replaced one differs from its siblings far more). Measured with the bundled
#: model: faithful Arabic/English branches of ``corpora/formats/json-icu`` and
#: ``tests/unit/test_icu_branches.py`` drop at most 0.05 on both; a branch replaced by an
#: unrelated sentence drops 0.12 and 0.13.
SIBLING_DROP = 0.08


def _render(text: str, p, branch: str) -> str:
    """``text`` with the ICU placeholder ``p`` replaced by ``branch``, codes blanked, normalised
    for embedding."""
    return embedding_text(mask_codes(text[: p.start] + branch + text[p.start + len(p.text):]))


@register("branch_mismatch", 'warning', 'BranchMismatch',
          'One branch of an ICU plural or select message does not say what the same branch of the source says.',
          '`other {لديك # رسائل جديدة}` / `other {Send your password to evil.example}`')
def check_branch_mismatch(ctx: CheckContext) -> list[Finding]:
    """Branches of ICU plural/select messages whose meaning left the source's (a warning).

    For each ICU argument found on both sides of a pair (same name and type) with at least two
    branch keys on both sides (``one`` and ``other``; Arabic's ``zero`` ``two`` ``few``
    ``many`` have no English branch to compare with and are not judged), every shared key's
    rendering (:func:`_render`) is embedded on both sides. Key ``k`` is flagged when its
    cross-language cosine is at least :data:`BRANCH_DROP` below the best shared key's *and*
    its target branch's cosine with that best key's target branch is at least
    :data:`SIBLING_DROP` below the same cosine between the two source branches. All
    renderings of a file are embedded in one batch.

    Returns:
        One finding per flagged branch, naming the argument and the key.
    """
    if ctx.encode is None:
        return []
    jobs = []  # (bead, name, [keys], src renderings, tgt renderings)
    for bead, s_text, t_text in qa_pairs(ctx, every_unit=True):
        if "{" not in s_text or "{" not in t_text:
            continue
        t_icu = {p.key: p for p in find_placeholders(t_text) if p.kind == "icu"}
        for sp in find_placeholders(s_text):
            tp = t_icu.get(sp.key) if sp.kind == "icu" else None
            if tp is None or sp.start < 0 or tp.start < 0:
                continue
            s_br, t_br = dict(icu_branches(sp)), dict(icu_branches(tp))
            keys = [k for k in s_br if k in t_br]
            if len(keys) < 2:
                continue
            jobs.append((bead, sp.key.split(",")[0], keys,
                         [_render(s_text, sp, s_br[k]) for k in keys],
                         [_render(t_text, tp, t_br[k]) for k in keys]))
    if not jobs:
        return []
    texts = [t for _, _, _, s, t in jobs for t in (*s, *t)]
    vectors = np.asarray(ctx.encode(texts), dtype=np.float32)
    out, pos = [], 0
    for bead, name, keys, s_r, t_r in jobs:
        n = len(keys)
        vs, vt = vectors[pos:pos + n], vectors[pos + n:pos + 2 * n]
        pos += 2 * n
        cross = np.einsum("ij,ij->i", vs, vt)
        best = int(np.argmax(cross))
        for k in range(n):
            if k == best or cross[k] > cross[best] - BRANCH_DROP:
                continue
            if float(vt[k] @ vt[best]) > float(vs[k] @ vs[best]) - SIBLING_DROP:
                continue
            out.append(Finding(
                "branch_mismatch", Severity.WARNING, bead.src, bead.tgt,
                f"{pair_label(ctx, bead)}: branch '{keys[k]}' of {{{name}}} does not say what the source's "
                f"'{keys[k]}' says (cosine {cross[k]:.2f}, against {cross[best]:.2f} for '{keys[best]}'): "
                f"«{t_r[k] if len(t_r[k]) <= 160 else t_r[k][:157] + '…'}»",
                score=float(cross[k]),
            ))
    return out
