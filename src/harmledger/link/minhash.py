"""MinHash signatures for near-duplicate text and for sets of names.

Written here with numpy (datasketch's MinHash computes the same estimate, one object per set;
a column of signatures compares whole arrays of candidate pairs at once, which the linker
needs for a million claims). Hashes are ``zlib.crc32`` of the UTF-8 token, so a signature is
the same in every process and on every machine: incident ids and links never depend on
Python's randomised ``hash()``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

PRIME = (1 << 31) - 1  # Mersenne prime; (a * x + b) stays below 2**62 for x, a, b < 2**31
EMPTY = PRIME  # signature value of an empty set: never equal to a real minimum
#: Texts at least this alike (estimated Jaccard of word 3-grams) are copies of one story.
NEAR_DUPLICATE = 0.5
_RNG_SEED = 20261126

Signature = npt.NDArray[np.uint32]
_WORD = re.compile(r"[a-z0-9]+")


def _coefficients(n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    rng = np.random.default_rng(_RNG_SEED)
    a = rng.integers(1, PRIME, size=n, dtype=np.uint64)
    b = rng.integers(0, PRIME, size=n, dtype=np.uint64)
    return a, b


_COEFFS: dict[int, tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]] = {}


def hash_tokens(tokens: Iterable[str]) -> npt.NDArray[np.uint64]:
    """Stable 31-bit hashes of distinct tokens."""
    values = {zlib.crc32(t.encode("utf-8")) % PRIME for t in tokens}
    return np.fromiter(values, dtype=np.uint64, count=len(values))


def signature(tokens: Iterable[str], n: int = 64) -> Signature:
    """The MinHash signature (``n`` values) of a set of tokens; all ``EMPTY`` for no tokens."""
    if n not in _COEFFS:
        _COEFFS[n] = _coefficients(n)
    a, b = _COEFFS[n]
    hashed = hash_tokens(tokens)
    if hashed.size == 0:
        return np.full(n, EMPTY, dtype=np.uint32)
    values = (np.outer(hashed, a) + b) % PRIME
    return values.min(axis=0).astype(np.uint32)


def shingles(text: str, width: int = 3, limit: int = 4000) -> set[str]:
    """Word ``width``-grams of lower-cased text (its first ``limit`` words)."""
    words = _WORD.findall(text.lower())[:limit]
    if len(words) < width:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + width]) for i in range(len(words) - width + 1)}


def similarity(
    left: npt.NDArray[np.uint32], right: npt.NDArray[np.uint32]
) -> npt.NDArray[np.float32]:
    """Estimated Jaccard similarity of paired rows of two signature arrays (0 for empty sets)."""
    if left.ndim == 1:
        left, right = left[None, :], right[None, :]
    same = (left == right) & (left != EMPTY)
    return same.mean(axis=1, dtype=np.float32)
