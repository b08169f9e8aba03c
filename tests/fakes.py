"""A deterministic fake encoder for offline unit tests.

``BagOfConceptsEncoder`` embeds a text as the normalised sum of its words' vectors. Words that
translate each other (pairs given to the constructor) share one vector; any other word gets a
vector seeded from its SHA-1, so the same text always gives the same embedding. Joined texts
therefore embed like their parts, as with a real model, and unrelated sentences are nearly
orthogonal (dimension 256).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

DIM = 256
_WORD = re.compile(r"\w+", re.UNICODE)


def _seeded_unit(key: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:8], "little")
    v = np.random.default_rng(seed).normal(size=DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


class BagOfConceptsEncoder:
    """Fake sentence encoder: ``encode(texts) -> (n, 256) float32`` unit rows."""

    signature = "fake:bag-of-concepts-v1"

    def __init__(self, translations: dict[str, str] | None = None):
        self.concept = {}
        for a, b in (translations or {}).items():
            self.concept[a.lower()] = a.lower()
            self.concept[b.lower()] = a.lower()
        self.calls: list[list[str]] = []

    def word_vector(self, word: str) -> np.ndarray:
        return _seeded_unit(self.concept.get(word.lower(), word.lower()))

    def encode(self, texts):
        texts = list(texts)
        self.calls.append(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for k, text in enumerate(texts):
            words = _WORD.findall(text)
            v = sum((self.word_vector(w) for w in words), np.zeros(DIM, dtype=np.float32))
            norm = np.linalg.norm(v)
            out[k] = v / norm if norm else _seeded_unit("<empty>")
        return out


# A tiny bilingual world: Arabic-letter "words" and English words that translate them.
AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def make_vocabulary(n: int = 400, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` pairs (arabic_word, english_word), deterministic."""
    rng = np.random.default_rng(seed)
    pairs = []
    seen = set()
    while len(pairs) < n:
        ar = "".join(rng.choice(list(AR_LETTERS), size=int(rng.integers(3, 7))))
        if ar in seen:
            continue
        seen.add(ar)
        pairs.append((ar, f"w{len(pairs)}"))
    return pairs


def make_parallel(n_sentences: int, seed: int = 0, vocab: list[tuple[str, str]] | None = None):
    """A parallel document: ``(arabic_sentences, english_sentences, encoder)``.

    Every sentence has 6-14 words drawn from the vocabulary; sentence ``i`` of each side
    translates the other word for word.
    """
    vocab = vocab or make_vocabulary(seed=seed)
    rng = np.random.default_rng(seed + 1)
    ar, en = [], []
    for _ in range(n_sentences):
        idx = rng.choice(len(vocab), size=int(rng.integers(6, 15)), replace=False)
        ar.append(" ".join(vocab[k][0] for k in idx) + ".")
        en.append(" ".join(vocab[k][1] for k in idx).capitalize() + ".")
    return ar, en, BagOfConceptsEncoder(dict(vocab))


def one_bead_context(ar: str, en: str, *, margin: float = 0.5, langs: tuple[str, str] = ("ar", "en"), config=None):
    """A :class:`~aligncheck.checks.CheckContext` of a one-line source/target pair (Arabic and
    English unless ``langs`` says otherwise) aligned 1-1, with the given bead ``margin``
    (default: a good translation), for the pair checks."""
    return lines_context([ar], [en], [((0,), (0,))], margins=[margin], langs=langs, config=config)


def lines_context(src_lines, tgt_lines, beads, *, margins=None, langs=("ar", "en"), config=None, encode=None):
    """A :class:`~aligncheck.checks.CheckContext` of two documents with one segment per line and
    the alignment ``beads`` (``[(src indices, tgt indices), ...]``); every bead with both sides
    gets margin 0.5 (a good pair) unless ``margins`` gives one per bead."""
    from aligncheck.checks import CheckContext
    from aligncheck.config import Config
    from aligncheck.documents import make_document
    from aligncheck.types import Alignment, Bead

    src = make_document("\n".join(src_lines) + "\n", path=f"{langs[0]}.txt", lang=langs[0], mode="lines", check=False)
    tgt = make_document("\n".join(tgt_lines) + "\n", path=f"{langs[1]}.txt", lang=langs[1], mode="lines",
                        role="target", check=False)
    margins = margins or [0.5 if s and t else None for s, t in beads]
    alignment = Alignment(tuple(
        Bead(tuple(s), tuple(t), score=0.9 if s and t else None, margin=m) for (s, t), m in zip(beads, margins)
    ))
    return CheckContext(src, tgt, alignment, config or Config(), encode=encode)


def finding_summaries(findings) -> list[tuple[str, str, str]]:
    """``(check, severity, message after its first ': ')`` for each finding."""
    return [(f.check, f.severity.value, f.message.split(": ", 1)[1]) for f in findings]


def world_encoder() -> BagOfConceptsEncoder:
    """The fake encoder of the vocabulary ``make_vocabulary(seed=0)``: every document made by
    ``make_parallel(n, seed=k, vocab=make_vocabulary(seed=0))`` is embedded by it. Named by
    ``ALIGNCHECK_TEST_ENCODER=tests.fakes:world_encoder`` when a test runs the CLI in a
    subprocess."""
    return BagOfConceptsEncoder(dict(make_vocabulary(seed=0)))


class _SlowEncoder(BagOfConceptsEncoder):
    """:func:`world_encoder` that sleeps 0.3 s per call (a batch a test can kill half-way)."""

    def encode(self, texts):
        import time

        time.sleep(0.3)
        return super().encode(texts)


def slow_world_encoder() -> BagOfConceptsEncoder:
    """:func:`world_encoder`, 0.3 s per ``encode`` call (``tests.fakes:slow_world_encoder``)."""
    return _SlowEncoder(dict(make_vocabulary(seed=0)))


def vocab_sentence(vocab, words, lang: int, end: str = ".") -> str:
    """The sentence of ``vocab``'s words ``words`` in language ``lang`` (0 Arabic, 1 English)."""
    return " ".join(vocab[k][lang] for k in words) + end


def pair_under_test_context(vocab, special_src: str, special_tgt: str):
    """Six faithful 1-1 pairs of ``vocab`` sentences, then the pair under test (bead 6), with the
    bag-of-concepts encoder of ``vocab`` (for the checks that embed pieces of a pair)."""
    src, tgt = [], []
    for s in range(6):
        words = range(20 + 10 * s, 29 + 10 * s)
        src.append(vocab_sentence(vocab, words, 0))
        tgt.append(vocab_sentence(vocab, words, 1))
    src.append(special_src)
    tgt.append(special_tgt)
    enc = BagOfConceptsEncoder(dict(vocab))
    return lines_context(src, tgt, [((k,), (k,)) for k in range(7)], encode=enc.encode)
