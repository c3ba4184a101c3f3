"""MinHash signatures: stable across processes, and estimates of Jaccard similarity."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from harmledger.link.minhash import EMPTY, PRIME, hash_tokens, shingles, signature, similarity

TOKENS = ["three killed in", "killed in baniyas", "in baniyas on", "baniyas on thursday"]


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


def tokens(prefix: str, n: int) -> set[str]:
    return {f"{prefix}{i}" for i in range(n)}


def test_signature_is_deterministic() -> None:
    first = signature(TOKENS)
    assert first.shape == (64,) and first.dtype == np.uint32
    assert np.array_equal(first, signature(list(reversed(TOKENS))))
    assert np.array_equal(first, signature(TOKENS + TOKENS))  # a set: repeats change nothing
    assert not np.array_equal(first, signature(TOKENS[:2]))


def test_signature_is_the_same_in_another_process() -> None:
    code = (
        "import json, sys;"
        "from harmledger.link.minhash import signature;"
        "print(json.dumps([signature(json.loads(sys.argv[1])).tolist(),"
        " signature(json.loads(sys.argv[1]), n=128).tolist()]))"
    )
    # a different hash seed in the child: a signature built on hash() would differ
    env = {"PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(TOKENS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, **env},
    )
    there, there_128 = json.loads(out.stdout)
    assert there == signature(TOKENS).tolist()
    assert there_128 == signature(TOKENS, n=128).tolist()


def test_signature_length_follows_n() -> None:
    assert signature(TOKENS, n=16).shape == (16,)
    assert signature(TOKENS, n=200).shape == (200,)


def test_signature_values_are_below_the_prime() -> None:
    sig = signature(tokens("t", 1000))
    assert (sig < PRIME).all()
    assert (sig != EMPTY).all()


def test_empty_signature_is_all_empty() -> None:
    sig = signature([])
    assert sig.shape == (64,) and (sig == EMPTY).all()
    assert (signature([], n=8) == EMPTY).all()


def test_hash_tokens_are_distinct_31_bit_values() -> None:
    hashed = hash_tokens(["a", "b", "a", "c"])
    assert hashed.dtype == np.uint64
    assert sorted(hashed.tolist()) == sorted(set(hashed.tolist()))
    assert len(hashed) == 3
    assert (hashed < PRIME).all()
    assert hash_tokens([]).size == 0


def test_identical_sets_are_similar_1() -> None:
    a = signature(tokens("x", 50))
    assert similarity(a, a.copy())[0] == pytest.approx(1.0)


def test_disjoint_sets_are_similar_about_0() -> None:
    a, b = signature(tokens("x", 50)), signature(tokens("y", 50))
    assert similarity(a, b)[0] <= 0.05


def test_empty_sets_are_similar_0() -> None:
    empty = signature([])
    assert similarity(empty, empty)[0] == 0.0
    assert similarity(empty, signature(TOKENS))[0] == 0.0
    assert similarity(signature(TOKENS), empty)[0] == 0.0


@pytest.mark.parametrize(
    ("shared", "only_left", "only_right"),
    [
        (50, 50, 0),  # J = 0.5
        (30, 10, 10),  # J = 0.6
        (10, 45, 45),  # J = 0.1
        (80, 10, 10),  # J = 0.8
        (25, 50, 25),  # J = 0.25
    ],
)
def test_estimate_is_near_true_jaccard(shared: int, only_left: int, only_right: int) -> None:
    common = tokens("c", shared)
    left = common | tokens("l", only_left)
    right = common | tokens("r", only_right)
    true = jaccard(left, right)
    estimate = float(similarity(signature(left), signature(right))[0])
    assert estimate == pytest.approx(true, abs=0.15)
    wide = float(similarity(signature(left, n=512), signature(right, n=512))[0])
    assert wide == pytest.approx(true, abs=0.08)


def test_similarity_of_rows() -> None:
    a, b, c = signature(tokens("a", 40)), signature(tokens("b", 40)), signature([])
    left = np.stack([a, a, b, c])
    right = np.stack([a, b, b, c])
    sims = similarity(left, right)
    assert sims.dtype == np.float32 and sims.shape == (4,)
    assert sims[0] == 1.0 and sims[1] <= 0.05 and sims[2] == 1.0 and sims[3] == 0.0


def test_shingles_of_short_texts() -> None:
    assert shingles("") == set()
    assert shingles("  ...  ") == set()
    assert shingles("Killed") == {"killed"}
    assert shingles("Three killed.") == {"three killed"}
    assert shingles("Three killed, Baniyas!") == {"three killed baniyas"}


def test_shingles_are_lower_case_word_trigrams() -> None:
    assert shingles("Gunmen KILLED 12 villagers near Baniyas") == {
        "gunmen killed 12",
        "killed 12 villagers",
        "12 villagers near",
        "villagers near baniyas",
    }
    assert shingles("a b c d", width=2) == {"a b", "b c", "c d"}


def test_shingles_read_only_the_first_words() -> None:
    text = " ".join(f"w{i}" for i in range(10))
    assert shingles(text, limit=4) == {"w0 w1 w2", "w1 w2 w3"}
    assert len(shingles(text)) == 8


def test_near_copies_are_more_alike_than_different_texts() -> None:
    story = " ".join(f"word{i}" for i in range(100))
    copy = story + " reported by another outlet"
    other = " ".join(f"other{i}" for i in range(100))
    s, c, o = (signature(shingles(t)) for t in (story, copy, other))
    assert similarity(s, c)[0] >= 0.8
    assert similarity(s, o)[0] <= 0.05
