"""An English lexicon of words that carry a negation, for the ``negation`` check's broad cues.

The ``negation`` check notes a pair where one side has a clear negator (Arabic لم لن لا ليس,
English not, never...) and the other has *no sign of negation at all*. Translators often render
a negation with an antonym (لم يتمكن / unable, غير قانوني / illegal), so the broad cues count
such words. Treating every word that begins with ``un-``, ``in-``, ``im-``, ``dis-`` or ``non-``
as negative silenced the check on ordinary words (``income``, ``imposing``, ``international``,
``discuss``, ``under``): a removed «لن» in a sentence about low-income families passed.

This lexicon keeps the prefixes where they are negative:

* ``non-`` / ``non`` + a word (``non-essential``, ``nonprofit``), except :data:`NON_EXCEPTIONS`;
* ``un`` + at least four letters, except the words where ``un`` is no prefix
  (:data:`UN_EXCEPTIONS`: under..., united, universe, unique, until...);
* ``in- im- il- ir- dis- mis- a-`` only in the listed words (:data:`PREFIXED_NEGATIVES`), since
  most words beginning so are not negative (``asymptomatic`` is, ``about`` is not);
* words ending in ``-less`` / ``-lessly`` / ``-lessness`` except :data:`LESS_EXCEPTIONS`
  (unless, nevertheless, bless...).

Written by hand for aligncheck from ordinary English usage (no external list is copied).
"""

from __future__ import annotations

import re

UN_EXCEPTIONS = frozenset("""
under underneath undergo undergoes underwent undergone undergoing underground underline underlined underlying
underlie underlies underscore underscored understand understands understood understanding understandings
undertake undertakes undertook undertaken undertaking undertakings underwear underway underwater underdog
underestimate underestimated undermine undermined undermines undermining underpin underpinned underpinning
underpass underprivileged undersecretary undersea underside understaffed underwrite underwriter underwritten
underage underarm underbelly undercover undercut underfunded underfunding underneath underpaid underperform
underperformed underreported undersigned underwhelming underused underweight underground
unify unified unifies unifying unification uniform uniforms uniformly uniformity unilateral unilaterally
union unions unionist unionists unique uniquely uniqueness unison unit units unite united unites uniting unity
universal universally universe universes university universities unitary unanimous unanimously unanimity
unicorn unicode unicameral unisex unix until unto uncle uncles unesco unicef unrwa unhcr undp unep unwto unctad
undo undone undoing undid unload unloaded unloading unlock unlocked unlocking unveil unveiled unveiling unveils
unfold unfolded unfolding unfolds unleash unleashed unleashing unpack unpacked unpacking unwind unwinding unravel
unraveled unravelled unraveling unearth unearthed uncover uncovered uncovering uncovers unplug unplugged unzip
unsubscribe unmask unmasked unrest unless unlike
""".split())
NON_EXCEPTIONS = frozenset({"none", "nonetheless", "nonce", "nonchalant", "nonchalance", "nonsense", "nonsensical"})
LESS_EXCEPTIONS = frozenset({"unless", "nevertheless", "nonetheless", "bless", "blessed", "less", "lesser"})
#: negative words formed with in- im- il- ir- dis- mis- (and a few others) that the prefix rules
#: above do not catch
PREFIXED_NEGATIVES = frozenset("""
inability inaccessible inaccurate inaccuracy inaction inactive inactivity inadequate inadequately inadequacy
inadmissible inadvertent inadvertently inappropriate inappropriately incapable incapacity incapacitated
incompatible incompetent incompetence incomplete incompletely inconclusive inconsistent inconsistency
inconvenient inconvenience incorrect incorrectly incurable indecisive indefinite indefinitely
indirect indirectly indiscriminate indiscriminately indispensable ineffective
ineffectively inefficient inefficiency ineligible inequality inequalities inequitable inevitable inevitably
inexpensive inexperienced inexplicable infertile infertility infinite infinitely informal informally
infrequent infrequently inhumane injustice injustices innocent innocence insane insecure insecurity
insensitive insignificant insufficient insufficiently intolerable intolerance invalid invalidated invisible
involuntary involuntarily irrelevant irregular irregularities irreversible irresponsible irresponsibly
illegal illegally illegitimate illiterate illiteracy illogical immature immaterial immeasurable immobile
immoral immortal impartial impatient impatience imperfect impolite impossible impossibility impractical
imprecise improbable improper improperly imbalance imbalances
disability disabilities disabled disadvantage disadvantaged disadvantages disagree disagreed disagreement
disagreements disagrees disallow disallowed disappear disappeared disappearance disappearing disappears
disappoint disappointed disappointing disappointment disapprove disapproved disapproval disarm disarmament
disbelief discontinue discontinued disconnect disconnected discomfort discourage discouraged discredit
discredited dishonest dishonesty disinformation dislike disliked disloyal disobey disobeyed
disobedience disorder disorders disorganized disown disproportionate disproportionately disprove disproved
disqualified disqualify disregard disregarded disrespect dissatisfied dissatisfaction distrust disuse
misunderstand misunderstood misunderstanding mislead misleading misled mistake mistaken mistakes misuse misused
misinformation miscalculation misconduct
absent absence absences lack lacked lacking lacks
irreplaceable irreparable irrational irresistible irrevocable illegible immune immunity
asymptomatic atypical apolitical amoral asexual anonymous anonymously
""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def negative_word(word: str) -> bool:
    """Whether the English ``word`` carries a negation by its form or the lexicon (case-folded;
    a trailing possessive ``'s`` ignored). ``unable``, ``non-essential``, ``illegal``,
    ``homeless``: ``True``; ``income``, ``international``, ``under``, ``unless``: ``False``."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if not w:
        return False
    if w in PREFIXED_NEGATIVES:
        return True
    for part in w.split("-"):
        if part in PREFIXED_NEGATIVES:
            return True
    if w.startswith("non-") and len(w) > 5:
        return True
    if w.startswith("non") and len(w) >= 7 and w not in NON_EXCEPTIONS:
        return True
    if w.startswith("un") and len(w) >= 6 and w not in UN_EXCEPTIONS and not w.startswith(("under", "uni")):
        return True
    if w.startswith("un-"):
        return True
    for suffix in ("less", "lessly", "lessness"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2 and w not in LESS_EXCEPTIONS:
            return True
    return False


class EnglishNegativeWords:
    """The lexicon as a cue with a ``search(text)`` method, like a compiled pattern: returns the
    first negative word of ``text`` as a :class:`re.Match`, or ``None``."""

    def search(self, text: str):
        for m in _WORD.finditer(text):
            if negative_word(m.group(0)):
                return m
        return None
