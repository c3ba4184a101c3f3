"""Blocking: which claim pairs are compared, checked against brute-force references."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from harmledger.link.blocking import (
    LSH_BANDS,
    LSH_MAX_BUCKET,
    WINDOW_DAYS,
    LSHIndex,
    candidate_pairs,
    doc_claim_pairs,
    lsh_doc_pairs,
    new_lsh_indexes,
    place_pairs,
    same_document_pairs,
    window_pairs,
)
from harmledger.link.features import ClaimFeatures, DocFeatures
from harmledger.link.table import I64, UNKNOWN, LinkTable
from test_link_table import DAY, make_claim, make_doc, words

Pairs = set[tuple[int, int]]

KINDS = ("killed", "injured", "abducted", "displaced", "property")
#: (country, admin1): two divisions share a name in two countries; None: unknown
REGIONS: tuple[tuple[str | None, str | None], ...] = (
    ("SY", "Tartus"),
    ("SY", "Latakia"),
    ("LB", "Tartus"),
    ("SY", None),
    ("LB", None),
    (None, None),
)


def as_set(pairs: tuple[I64, I64]) -> Pairs:
    """Pairs as (smaller, larger), checking that none is found twice or paired with itself."""
    i, j = pairs
    assert len(i) == len(j)
    found = [(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True)]
    assert all(a != b for a, b in found)
    assert len(found) == len(set(found)), "a pair was found twice"
    return set(found)


def gap(t: LinkTable, a: int, b: int) -> int:
    """Days between two claims' date intervals (0 or less when they overlap)."""
    return max(int(t.lo[a]), int(t.lo[b])) - min(int(t.hi[a]), int(t.hi[b]))


claim_rows = st.lists(
    st.tuples(
        st.integers(0, 5),  # document
        st.sampled_from(KINDS),
        st.one_of(st.none(), st.integers(0, 25)),  # day offset; None: undated
        st.integers(1, 6),  # days long
        st.sampled_from(REGIONS),
    ),
    max_size=40,
)


Row = tuple[int, str, int | None, int, tuple[str | None, str | None]]


def table_of(rows: list[Row], texts: list[str] | None = None) -> LinkTable:
    """Claims of six documents (with ``texts``, else empty) from hypothesis rows."""
    docs = [make_doc(f"d{k}", texts[k] if texts else "") for k in range(6)]
    claims: list[tuple[int, ClaimFeatures]] = []
    for seq, (doc, kind, offset, days, (country, admin1)) in enumerate(rows):
        claim = make_claim(
            f"d{doc}",
            seq,
            kind=kind,
            day=None if offset is None else DAY + offset,
            days=days,
            place=None,
            country=country,
            admin1=admin1,
        )
        claims.append((seq, claim))
    return LinkTable.from_features(docs, claims)


# -- same document --------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(claim_rows)
def test_same_document_pairs_are_every_pair_of_one_document(rows: list[Row]) -> None:
    t = table_of(rows)
    expected = {(a, b) for a, b in combinations(range(len(t)), 2) if t.doc[a] == t.doc[b]}
    assert as_set(same_document_pairs(t)) == expected


def test_same_document_pairs_of_three_documents() -> None:
    docs = [make_doc("a"), make_doc("b"), make_doc("c")]
    claims = [
        (0, make_claim("a", 0)),
        (1, make_claim("b", 0)),
        (2, make_claim("a", 1, kind="property")),
        (3, make_claim("c", 0)),
        (4, make_claim("a", 2, kind="displaced")),
        (5, make_claim("b", 1)),
    ]
    t = LinkTable.from_features(docs, claims)
    assert as_set(same_document_pairs(t)) == {(0, 2), (0, 4), (2, 4), (1, 5)}


def test_same_document_pairs_of_tiny_tables() -> None:
    empty = LinkTable.from_features([], [])
    assert as_set(same_document_pairs(empty)) == set()
    one = LinkTable.from_features([make_doc("a")], [(0, make_claim("a"))])
    assert as_set(same_document_pairs(one)) == set()


# -- sorted neighbourhood -------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    claim_rows,
    st.lists(st.integers(0, 3), min_size=40, max_size=40),
    st.integers(0, 5),
)
def test_window_pairs_match_brute_force(rows: list[Row], keys: list[int], window: int) -> None:
    t = table_of(rows)
    items = np.flatnonzero(t.lo != UNKNOWN).astype(np.int64)
    key = np.asarray([keys[x] for x in items.tolist()], dtype=np.int64)
    expected = {
        (min(a, b), max(a, b))
        for (p, a), (q, b) in combinations(enumerate(items.tolist()), 2)
        if key[p] == key[q] and gap(t, a, b) <= window
    }
    assert as_set(window_pairs(t, items, key, window)) == expected


def test_window_pairs_respect_the_window() -> None:
    docs = [make_doc("a")]
    claims = [
        (0, make_claim("a", 0, day=DAY)),
        (1, make_claim("a", 1, day=DAY + WINDOW_DAYS)),  # the window after 0's end: in
        (2, make_claim("a", 2, day=DAY + 2 * WINDOW_DAYS)),  # in 1's reach, out of 0's
        (3, make_claim("a", 3, day=DAY - 20, days=21)),  # long interval: overlaps 0
    ]
    t = LinkTable.from_features(docs, claims)
    items = np.arange(4, dtype=np.int64)
    same = np.zeros(4, dtype=np.int64)
    found = as_set(window_pairs(t, items, same))
    assert (0, 1) in found and (0, 3) in found and (1, 3) in found
    assert (0, 2) not in found and (2, 3) not in found
    assert (1, 2) in found
    assert as_set(window_pairs(t, items, same, window=0)) == {(0, 3)}
    assert as_set(window_pairs(t, items, np.arange(4, dtype=np.int64))) == set()


def test_window_pairs_stop_at_max_offset() -> None:
    docs = [make_doc("a")]
    claims = [(k, make_claim("a", k)) for k in range(5)]
    t = LinkTable.from_features(docs, claims)
    items = np.arange(5, dtype=np.int64)
    same = np.zeros(5, dtype=np.int64)
    assert len(as_set(window_pairs(t, items, same))) == 10
    assert as_set(window_pairs(t, items, same, max_offset=1)) == {(0, 1), (1, 2), (2, 3), (3, 4)}


def test_window_pairs_of_no_items() -> None:
    t = LinkTable.from_features([make_doc("a")], [(0, make_claim("a"))])
    none = np.zeros(0, dtype=np.int64)
    assert as_set(window_pairs(t, none, none)) == set()


@settings(max_examples=150, deadline=None)
@given(claim_rows)
def test_place_pairs_match_brute_force(rows: list[Row]) -> None:
    t = table_of(rows)

    def cell(x: int, shift: float) -> tuple[int, int]:
        return (
            math.floor((float(t.lat[x]) + 90 + shift) / 0.5),
            math.floor((float(t.lon[x]) + 180 + shift) / 0.5),
        )

    def same_block(a: int, b: int) -> bool:
        if t.group[a] != t.group[b]:
            return False
        located = [not math.isnan(float(t.lat[x])) for x in (a, b)]
        if all(located):
            return any(cell(a, s) == cell(b, s) for s in (0.0, 0.25))
        if any(located):
            return False
        return bool(t.country[a] == t.country[b] != UNKNOWN)

    expected = {
        (a, b)
        for a, b in combinations(range(len(t)), 2)
        if t.lo[a] != UNKNOWN
        and t.lo[b] != UNKNOWN
        and same_block(a, b)
        and gap(t, a, b) <= WINDOW_DAYS
    }
    assert as_set(place_pairs(t)) == expected


def test_place_pairs_by_hand() -> None:
    docs = [make_doc("a"), make_doc("b")]
    claims = [
        (0, make_claim("a", 0, place="baniyas")),
        (1, make_claim("b", 0, place="tartus", kind="injured")),  # 33 km, one common cell
        (2, make_claim("b", 1, place="tartus", kind="abducted")),  # other group
        (3, make_claim("b", 2, place="latakia")),  # 40 km away: no common cell
        (4, make_claim("b", 3, place="tartus", day=DAY + 10)),  # too late
        (5, make_claim("b", 4, place="baniyas", day=None)),  # undated
        (6, make_claim("b", 5, place=None, country="SY")),  # only a country
        (7, make_claim("b", 6, place=None, country="SY", day=DAY + 1)),
        (8, make_claim("b", 7, place=None)),  # nowhere
        (9, make_claim("b", 8, place="tripoli-lb")),  # another country
        (10, make_claim("b", 9, place=None, country="LB")),
    ]
    t = LinkTable.from_features(docs, claims)
    assert as_set(place_pairs(t)) == {(0, 1), (6, 7)}
    assert as_set(place_pairs(t, window=10)) == {(0, 1), (0, 4), (1, 4), (6, 7)}


# -- LSH: near-duplicate text and shared names ---------------------------------------------


def lsh_pairs(docs: list[DocFeatures]) -> set[tuple[int, int]]:
    """Document pairs the LSH passes find over ``docs`` added in order."""
    earlier, later = lsh_doc_pairs(LinkTable.from_features(docs, []), 0, new_lsh_indexes())
    return set(zip(earlier.tolist(), later.tolist(), strict=True))


def test_lsh_finds_copies_of_one_story_and_not_unrelated_texts() -> None:
    story = words(1, 120)
    docs = [
        make_doc("a", story),
        make_doc("b", words(2, 120)),
        make_doc("c", "Update: " + story + " reported by another outlet"),
        make_doc("d", words(3, 120)),
        make_doc("e", ""),
        make_doc("f", ""),
    ]
    assert lsh_pairs(docs) == {(0, 2)}


def test_lsh_finds_documents_that_name_the_same_people() -> None:
    names = [f"name{k}" for k in range(10)]
    docs = [
        make_doc("a", words(1), names),
        make_doc("b", words(2), ["other", "people"]),
        make_doc("c", words(3), [*names[:9], "someone"]),  # most names shared
        make_doc("d", words(4)),  # no names at all
    ]
    assert lsh_pairs(docs) == {(0, 2)}


def test_lsh_pairs_are_earlier_then_later() -> None:
    text = words(5)
    docs = [make_doc(f"d{k}", text) for k in range(4)]
    assert lsh_pairs(docs) == {(a, b) for a, b in combinations(range(4), 2)}


def test_lsh_of_too_few_documents() -> None:
    assert lsh_pairs([]) == set()
    assert lsh_pairs([make_doc("a", words(1), ["haidar"])]) == set()


def test_lsh_index_meets_earlier_documents_up_to_the_cap() -> None:
    sig = make_doc("a", words(6)).text_sig
    index = LSHIndex(LSH_BANDS, cap=2)
    assert index.add(0, sig) == set()
    assert index.add(1, sig) == {0}
    assert index.add(2, sig) == {0, 1}
    assert index.add(3, sig) == {0, 1}  # a bucket shows only its first ``cap`` members
    other = make_doc("b", words(7)).text_sig
    assert index.add(4, other) == set()


def test_lsh_index_skips_empty_signatures() -> None:
    index = LSHIndex(LSH_BANDS)
    empty = make_doc("a", "").text_sig
    assert index.add(0, empty) == set()
    assert index.add(1, empty) == set()
    assert index.keys.size == 0


def test_lsh_of_a_widely_copied_text_is_capped() -> None:
    text = words(7)
    n = LSH_MAX_BUCKET + 3
    found = lsh_pairs([make_doc(f"d{k}", text) for k in range(n)])
    assert all(a < b for a, b in found)
    assert {b for _, b in found} == set(range(1, n))  # every copy meets some earlier one
    assert {a for a, b in found if b >= LSH_MAX_BUCKET} == set(range(LSH_MAX_BUCKET))
    assert len(found) == LSH_MAX_BUCKET * (LSH_MAX_BUCKET - 1) // 2 + 3 * LSH_MAX_BUCKET


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=12),
    st.lists(st.integers(1, 11), max_size=4),
)
def test_lsh_pairs_do_not_depend_on_batches(stories: list[int], cuts: list[int]) -> None:
    docs = [make_doc(f"d{k}", words(300 + s), [f"n{s}"]) for k, s in enumerate(stories)]
    once = lsh_pairs(docs)
    indexes = new_lsh_indexes()
    found: set[tuple[int, int]] = set()
    bounds = sorted({c for c in cuts if c < len(docs)})
    for a, b in zip([0, *bounds], [*bounds, len(docs)], strict=True):
        part = LinkTable.from_features(docs[:b], [])
        earlier, later = lsh_doc_pairs(part, a, indexes)
        found |= set(zip(earlier.tolist(), later.tolist(), strict=True))
    assert found == once
    assert once == {
        (a, b) for a, b in combinations(range(len(docs)), 2) if stories[a] == stories[b]
    }


def test_doc_claim_pairs_join_claims_of_one_kind_group() -> None:
    docs = [make_doc("a"), make_doc("b"), make_doc("c")]
    claims = [
        (0, make_claim("a", 0, place="baniyas")),
        (1, make_claim("a", 1, kind="displaced")),
        (2, make_claim("b", 0, place="aleppo", day=DAY + 30, kind="injured")),
        (3, make_claim("b", 1, kind="displaced")),
        (4, make_claim("b", 2, kind="abducted")),
        (5, make_claim("c", 0)),
    ]
    t = LinkTable.from_features(docs, claims)

    def pairs(*docs: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        earlier = np.asarray([a for a, _ in docs], np.int64)
        return earlier, np.asarray([b for _, b in docs], np.int64)

    assert as_set(doc_claim_pairs(t, *pairs((0, 1)))) == {(0, 2), (1, 3)}
    assert as_set(doc_claim_pairs(t, *pairs((0, 1), (1, 2)))) == {(0, 2), (1, 3), (2, 5)}
    assert as_set(doc_claim_pairs(t, *pairs())) == set()


# -- all candidates -------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(claim_rows, st.lists(st.integers(0, 2), min_size=6, max_size=6))
def test_candidate_pairs_are_the_union_each_once(rows: list[Row], stories: list[int]) -> None:
    t = table_of(rows, [words(100 + s) for s in stories])
    i, j = candidate_pairs(t)
    assert i.dtype == j.dtype == np.int64
    assert (i < j).all()
    packed = list(zip(i.tolist(), j.tolist(), strict=True))
    assert packed == sorted(set(packed))
    expected = as_set(same_document_pairs(t)) | as_set(place_pairs(t))
    expected |= {
        (a, b)
        for a, b in combinations(range(len(t)), 2)
        if t.group[a] == t.group[b] and t.doc[a] != t.doc[b]
        and stories[int(t.doc[a])] == stories[int(t.doc[b])]
    }  # fmt: skip
    assert set(packed) == expected


def test_candidate_pairs_of_an_empty_table() -> None:
    i, j = candidate_pairs(LinkTable.from_features([], []))
    assert len(i) == len(j) == 0
