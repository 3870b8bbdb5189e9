"""Near-duplicate articles: the same story syndicated by several outlets with small edits.

Texts are compared on their *cleaned* form (simplified, site chrome gone), reduced to CJK
characters, letters and digits, and cut into overlapping ``K``-character shingles. Two scores:

- **Jaccard** = shared shingles / all shingles of either: high when two texts are the same story;
- **containment** = shared shingles / shingles of the shorter: high when one text is an excerpt
  (or a trimmed repost) of the other.

A pair is a near-duplicate when either score reaches its threshold. Unrelated articles on the
same topic share well under 10% of their 5-character shingles; a repost with a changed headline,
dateline and a few edited sentences shares over 70%.

For a large corpus, ``near_duplicates`` first finds candidate pairs with MinHash signatures and
locality-sensitive hashing (bands of rows), then confirms each candidate with the exact scores;
for a few hundred texts it simply compares every pair exactly.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np

from baimo.text import CJK

K = 5  # shingle length in characters
JACCARD = 0.5  # a pair at or above this Jaccard is a near-duplicate …
CONTAINMENT = 0.8  # … and so is a pair where this share of the shorter text's shingles recur
NUM_PERM = 128  # MinHash signature length
BANDS = 32  # LSH: 32 bands of 4 rows → candidates from Jaccard ≈ 0.4 up
EXACT_UP_TO = 300  # compare every pair exactly up to this many texts

_KEEP = re.compile(rf"[^0-9a-z{CJK}]+")
_PRIME = (1 << 61) - 1


def normalise(text: str) -> str:
    """Only CJK characters, ASCII letters (lower case) and digits: punctuation, spaces and
    full/half-width differences between outlets do not count."""
    return _KEEP.sub("", text.lower())


def shingles(text: str, k: int = K) -> frozenset[int]:
    """The set of ``k``-character shingles of the normalised text, as 64-bit hashes."""
    s = normalise(text)
    if len(s) < k:
        return frozenset([_hash(s)]) if s else frozenset()
    return frozenset(_hash(s[i : i + k]) for i in range(len(s) - k + 1))


def _hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float

    @property
    def near_duplicate(self) -> bool:
        return self.jaccard >= JACCARD or self.containment >= CONTAINMENT

    def describe(self) -> str:
        return f"{self.containment:.0%} of the shorter text's {K}-character shingles shared, Jaccard {self.jaccard:.2f}"


def similarity(a: frozenset[int], b: frozenset[int]) -> Similarity:
    if not a or not b:
        return Similarity(0.0, 0.0)
    shared = len(a & b)
    return Similarity(shared / len(a | b), shared / min(len(a), len(b)))


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    similarity: Similarity


def minhash(sh: frozenset[int], num_perm: int = NUM_PERM) -> tuple[int, ...]:
    """MinHash signature: for each of ``num_perm`` fixed hash functions h(x) = (a·x + b) mod p
    over the shingles' low 32 bits, the smallest value (a, b < 2³¹, so a·x + b fits in 64 bits)."""
    if not sh:
        return tuple([_PRIME] * num_perm)
    x = np.fromiter((s & 0xFFFFFFFF for s in sh), dtype=np.uint64, count=len(sh))
    ab = _perms()[:num_perm]
    v = (ab[:, 0:1] * x + ab[:, 1:2]) % np.uint64(_PRIME)
    return tuple(int(m) for m in v.min(axis=1))


@cache
def _perms():
    rng = np.random.default_rng(20240815)  # fixed: signatures are reproducible across runs
    return rng.integers(1, 1 << 31, size=(NUM_PERM, 2), dtype=np.uint64)


def candidates(signatures: dict[str, tuple[int, ...]], bands: int = BANDS) -> set[tuple[str, str]]:
    """Pairs whose signatures agree on all rows of at least one band (LSH)."""
    rows = NUM_PERM // bands
    out: set[tuple[str, str]] = set()
    for band in range(bands):
        buckets: dict[tuple[int, ...], list[str]] = {}
        for doc_id, sig in signatures.items():
            buckets.setdefault(sig[band * rows : (band + 1) * rows], []).append(doc_id)
        for ids in buckets.values():
            out.update(combinations(sorted(ids), 2))
    return out


def near_duplicates(texts: dict[str, str]) -> list[Pair]:
    """Every near-duplicate pair among ``texts`` (doc_id → cleaned text), sorted by doc_id."""
    sh = {doc_id: shingles(t) for doc_id, t in texts.items()}
    if len(sh) <= EXACT_UP_TO:
        pairs = combinations(sorted(sh), 2)
    else:
        pairs = sorted(candidates({d: minhash(s) for d, s in sh.items()}))
    out = []
    for a, b in pairs:
        sim = similarity(sh[a], sh[b])
        if sim.near_duplicate:
            out.append(Pair(a, b, sim))
    return out


def closest_to(mine: frozenset[int], others: dict[str, frozenset[int]]) -> list[Pair]:
    """Near-duplicates of one new text (its shingles) among existing ones, most similar first."""
    found = [Pair("", doc_id, similarity(mine, sh)) for doc_id, sh in others.items()]
    found = [p for p in found if p.similarity.near_duplicate]
    return sorted(found, key=lambda p: (-p.similarity.jaccard, -p.similarity.containment, p.b))
