"""Transliteration variants of place names: a loose "skeleton" key for a fallback index.

The same Arabic (or Persian, Kurdish, Pashto ...) name reaches English text in many spellings:
"Ras al-Ain" and "Raʾs al ʿAyn", "Deir ez-Zor" and "Dayr az Zawr", "Maarat al-Numan" and
"Maʿarrat an Nuʿman". ``skeleton`` maps them to one key:

- lower case, ASCII (``unidecode``), ʿayn and hamza marks (ʿ ʾ ' ’ ‘) dropped;
- Arabic articles dropped, assimilated or not, with a hyphen or a space: al-, el-, ad-, an-,
  ar-, as-, ash-, az-, at- ... ("Jisr ash-Shughur" = "Jisr al-Shughur" = "Jisr Shughur");
- diphthongs folded ("ay", "ei", "ai" -> e; "aw", "au" before a consonant -> o; "ou" -> u),
  "y" after a vowel or between a consonant and a vowel read as a vowel ("Abyad" = "Abiad");
- vowels folded to two classes (a/e/i and o/u), a run of vowels counting once by its first;
- doubled letters collapsed ("Raqqa" = "Raqa"), "q" read as "k", a final "h" after a vowel
  dropped ("Raqqah" = "Raqqa"); words joined without spaces or hyphens.

The key is loose by design, so the geocoder uses it only after exact and alias look-ups found
nothing, only for keys of at least ``MIN_SKELETON`` letters, and only for candidates in the
document's country focus (see ``focus_variants``).
"""

from __future__ import annotations

import array
import bisect
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from unidecode import unidecode

from harmledger.extract import rulebook_words as rw

#: The shortest skeleton matched at all: short keys collide with too many names.
MIN_SKELETON = 5
#: Share of the leading country's focus weight a variant's country needs.
VARIANT_FOCUS = 0.5

ARTICLES = rw.words("arabic_articles")
_MARKS = str.maketrans("", "", "ʿʾʼʻ'’‘`´\".")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")
_DIPHTHONGS = (
    (re.compile(r"ou"), "u"),
    (re.compile(r"(?:aw|au)(?=[^aeiouy]|$)"), "o"),
    (re.compile(r"(?:ay|ei|ai|ey)(?=[^aeiou]|$)"), "e"),
)
_VOWEL_CLASS = {"a": "a", "e": "a", "i": "a", "y": "a", "o": "u", "u": "u"}


def _words(name: str) -> list[str]:
    text = name if name.isascii() else unidecode(name)
    text = text.lower().translate(_MARKS)
    return [w for w in _NON_ALNUM.split(text) if w]


def _fold_word(word: str) -> str:
    for pattern, repl in _DIPHTHONGS:
        word = pattern.sub(repl, word)
    word = word.replace("q", "k")
    out: list[str] = []
    for i, ch in enumerate(word):
        vowel = ch in "aeiou" or (ch == "y" and i > 0 and _y_is_vowel(word, i))
        sym = _VOWEL_CLASS.get(ch, "a") if vowel else ch
        if out and (out[-1] == sym or (vowel and out[-1] in "au" and _prev_vowel(word, i))):
            continue  # doubled letter, or the rest of a vowel run
        out.append(sym)
    if len(out) > 2 and out[-1] == "h" and out[-2] in "au":
        out.pop()
    return "".join(out)


def _y_is_vowel(word: str, i: int) -> bool:
    """ "y" after a vowel ("Ayn") or between a consonant and a vowel ("Abyad")."""
    return word[i - 1] in "aeiou" or (i + 1 < len(word) and word[i + 1] in "aeiou")


def _prev_vowel(word: str, i: int) -> bool:
    before = word[i - 1]
    return before in "aeiou" or (before == "y" and i > 1 and _y_is_vowel(word, i - 1))


def skeleton(name: str) -> str:
    """The loose key of a place name ("" when nothing is left)."""
    words = _words(name)
    if words and words[0] == "the":
        words = words[1:]
    kept = [w for w in words if w not in ARTICLES] if len(words) > 1 else words
    return _DOUBLED.sub(r"\1", "".join(_fold_word(w) for w in kept))


def usable_skeleton(key: str) -> bool:
    """Long enough to be matched loosely (``MIN_SKELETON`` letters)."""
    return len(key) >= MIN_SKELETON


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def skeleton_arrays(names: Iterable[tuple[int, Iterable[str]]]) -> dict[str, bytes]:
    """Sorted (hash, row) arrays of the usable skeletons of each row's names, for ``marshal``."""
    packed: set[int] = set()
    for row, row_names in names:
        for key in {skeleton(n) for n in row_names}:
            if usable_skeleton(key):
                packed.add(_hash(key) << 24 | row)
    ordered = sorted(packed)
    return {
        "skel_hashes": array.array("Q", (v >> 24 for v in ordered)).tobytes(),
        "skel_rows": array.array("L", (v & 0xFFFFFF for v in ordered)).tobytes(),
    }


class SkeletonIndex:
    """Rows of a table found by the skeleton of one of their names."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self.hashes: array.array[int] = array.array("Q")
        self.rows: array.array[int] = array.array("L")
        if data is not None:
            self.hashes.frombytes(data["skel_hashes"])
            self.rows.frombytes(data["skel_rows"])

    def lookup(self, key: str) -> list[int]:
        if not usable_skeleton(key):
            return []
        digest = _hash(key)
        lo = bisect.bisect_left(self.hashes, digest)
        hi = bisect.bisect_right(self.hashes, digest, lo)
        return list(self.rows[lo:hi])


def focus_variants(cands: Sequence[Any], focus: Mapping[str, float]) -> list[Any]:
    """The variant candidates worth keeping: those in the document's country focus (at least
    ``VARIANT_FOCUS`` of the leading country); with no focus at all, the candidates when they
    all lie in one country. Candidates are ``Candidate``-like (``country``)."""
    if focus:
        return [c for c in cands if focus.get(c.country or "", 0.0) >= VARIANT_FOCUS]
    countries = {c.country for c in cands}
    return list(cands) if len(countries) == 1 and None not in countries else []
