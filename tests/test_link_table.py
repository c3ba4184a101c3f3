"""The linker's column store: ``LinkTable.from_features``, ``word_mask`` and ``Interner``.

This module also holds the hand-built linking features (``make_claim``, ``make_doc``) that
the other ``test_link_*`` modules import.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import date

import numpy as np

from harmledger.link.features import ClaimFeatures, DocFeatures
from harmledger.link.minhash import EMPTY, shingles, signature
from harmledger.link.table import KIND_CODE, KIND_GROUPS, UNKNOWN, Interner, LinkTable, word_mask
from harmledger.models import ClaimRef

DAY = date(2025, 3, 6).toordinal()

#: name -> (lat, lon, country, admin1, admin2)
PLACES: dict[str, tuple[float, float, str, str | None, str | None]] = {
    "baniyas": (35.18233, 35.94015, "SY", "Tartus", "Baniyas District"),
    "baniyas-south": (35.15, 35.95, "SY", "Tartus", "Baniyas District"),  # 4 km off
    "baniyas-north": (35.30, 35.93, "SY", "Tartus", "Baniyas District"),  # 13 km off
    "tartus": (34.88902, 35.88659, "SY", "Tartus", "Tartus District"),
    "latakia": (35.53168, 35.79011, "SY", "Latakia", "Latakia District"),
    "damascus": (33.5138, 36.2765, "SY", "Damascus", None),
    "aleppo": (36.2021, 37.1343, "SY", "Aleppo", "Mount Simeon"),
    "homs": (34.72682, 36.72339, "SY", "Homs", "Homs District"),
    "hama": (35.13179, 36.75783, "SY", "Hama", "Hama District"),
    "idlib": (35.93062, 36.63393, "SY", "Idlib", "Idlib District"),
    "deir": (35.33588, 40.14084, "SY", "Deir ez-Zor", "Deir ez-Zor District"),
    "tripoli-lb": (34.43667, 35.84972, "LB", "North", "Tripoli"),
    "beirut": (33.89332, 35.50157, "LB", "Beirut", None),
    "mosul": (36.335, 43.11889, "IQ", "Nineveh", "Mosul District"),
}


def make_claim(
    document_id: str,
    position: int = 0,
    *,
    kind: str = "killed",
    day: int | None = DAY,
    days: int = 1,
    place: str | None = "baniyas",
    inferred: bool = False,
    count: int | None = 12,
    aggregate: bool = False,
    victims: Iterable[str] = (),
    perpetrators: Iterable[str] = (),
    segment: int = 0,
    **overrides: object,
) -> ClaimFeatures:
    """A claim of ``count`` (exact) ``kind`` on ``day`` (for ``days`` days) at ``place``."""
    lat, lon, country, admin1, admin2 = PLACES[place] if place else (None, None, None, None, None)
    fields: dict[str, object] = {
        "ref": ClaimRef(document_id, position),
        "kind": kind,
        "lo": day,
        "hi": None if day is None else day + days - 1,
        "lat": lat,
        "lon": lon,
        "country": country,
        "admin1": admin1,
        "admin2": admin2,
        "place_inferred": inferred,
        "low": count,
        "best": count,
        "high": count,
        "aggregate": aggregate,
        "victims": frozenset(victims),
        "perpetrators": frozenset(perpetrators),
        "segment": segment,
    }
    fields.update(overrides)
    return ClaimFeatures(**fields)  # type: ignore[arg-type]


def make_doc(
    document_id: str, text: str = "", names: Iterable[str] = (), published: int | None = DAY
) -> DocFeatures:
    """A document whose text signature is of ``text`` and name signature of ``names``."""
    found = set(names)
    return DocFeatures(
        document_id=document_id,
        published=published,
        text_sig=signature(shingles(text)),
        name_sig=signature(found),
        n_names=len(found),
    )


def words(seed: int, n: int = 80) -> str:
    """``n`` made-up words, different for every seed: a text no other seed's text is like."""
    rng = np.random.default_rng(seed)
    return " ".join(f"w{seed}x{v}" for v in rng.integers(0, 10_000, size=n))


# -- Interner -------------------------------------------------------------------------------


def test_interner_codes_in_order_of_first_sight() -> None:
    places = Interner()
    assert [places.code(v) for v in ["SY", "LB", "SY", "IQ", "LB"]] == [0, 1, 0, 2, 1]
    assert places.codes == {"SY": 0, "LB": 1, "IQ": 2}


def test_interner_none_is_unknown_and_not_stored() -> None:
    places = Interner()
    assert places.code(None) == UNKNOWN == -1
    assert places.codes == {}
    assert places.code("SY") == 0  # None took no code


def test_interner_empty_string_is_a_value() -> None:
    places = Interner()
    assert places.code("") == 0
    assert places.code(None) == UNKNOWN


# -- word_mask ------------------------------------------------------------------------------


def test_word_mask_sets_one_crc32_bit_per_word() -> None:
    expected = (1 << (zlib.crc32(b"soldiers") & 63)) | (1 << (zlib.crc32(b"militia") & 63))
    assert word_mask(frozenset({"soldiers", "militia"})) == expected
    assert word_mask(frozenset()) == 0


def test_word_mask_fits_64_bits() -> None:
    many = frozenset(f"word{i}" for i in range(500))
    mask = word_mask(many)
    assert 0 < mask < 1 << 64
    assert np.asarray([mask], dtype=np.uint64)[0] == mask


# -- LinkTable.from_features ----------------------------------------------------------------


def test_from_features_columns() -> None:
    docs = [make_doc("a", "one two three four", ["haidar"], published=DAY), make_doc("b")]
    claims = [
        (10, make_claim("a", 0, kind="killed", count=12, victims=["civilians"])),
        (11, make_claim("a", 1, kind="property", count=None, place="latakia", segment=2)),
        (12, make_claim("b", 0, kind="displaced", day=DAY - 3, days=4, aggregate=True)),
    ]
    t = LinkTable.from_features(docs, claims)
    assert len(t) == 3
    assert t.seq.tolist() == [10, 11, 12] and t.seq.dtype == np.int64
    assert t.doc.tolist() == [0, 0, 1]
    assert t.position.tolist() == [0, 1, 0]
    assert t.kind.tolist() == [KIND_CODE["killed"], KIND_CODE["property"], KIND_CODE["displaced"]]
    assert t.group.tolist() == [KIND_GROUPS["killed"], KIND_GROUPS["property"], 2]
    assert t.lo.tolist() == [DAY, DAY, DAY - 3] and t.hi.tolist() == [DAY, DAY, DAY]
    assert t.best.tolist() == [12, UNKNOWN, 12]
    assert t.aggregate.tolist() == [False, False, True]
    assert t.segment.tolist() == [0, 2, 0]
    assert t.lat[0] == np.float32(35.18233) and t.lon[1] == np.float32(35.79011)
    assert t.doc_ids == ["a", "b"]
    assert t.published.tolist() == [DAY, DAY]
    assert t.n_names.tolist() == [1, 0]
    assert t.text_sig.shape == (2, 64) and t.text_sig.dtype == np.uint32
    assert (t.text_sig[1] == EMPTY).all() and not (t.text_sig[0] == EMPTY).any()
    assert t.victims[0] == word_mask(frozenset({"civilians"})) and t.victims[1] == 0


def test_from_features_unknown_values() -> None:
    docs = [make_doc("a", published=None)]
    claims = [(0, make_claim("a", day=None, place=None, count=None))]
    t = LinkTable.from_features(docs, claims)
    assert t.lo.tolist() == t.hi.tolist() == [UNKNOWN]
    assert t.low.tolist() == t.best.tolist() == t.high.tolist() == [UNKNOWN]
    assert np.isnan(t.lat).all() and np.isnan(t.lon).all()
    assert t.lat.dtype == np.float32
    assert t.country.tolist() == t.admin1.tolist() == t.admin2.tolist() == [UNKNOWN]
    assert t.published.tolist() == [UNKNOWN]


def test_from_features_open_counts() -> None:
    claim = make_claim("a", low=532, best=532, high=None)
    t = LinkTable.from_features([make_doc("a")], [(0, claim)])
    assert (t.low[0], t.best[0], t.high[0]) == (532, 532, UNKNOWN)


def test_admin_keys_are_unique_across_countries() -> None:
    # "North" as a first-order division of two countries, "Centre" as a district of two
    # divisions: same names, different places, so different codes.
    docs = [make_doc("a")]
    claims = [
        (0, make_claim("a", 0, place=None, country="LB", admin1="North", admin2="Centre")),
        (1, make_claim("a", 1, place=None, country="HT", admin1="North", admin2="Centre")),
        (2, make_claim("a", 2, place=None, country="HT", admin1="South", admin2="Centre")),
        (3, make_claim("a", 3, place=None, country="HT", admin1="South", admin2="Centre")),
    ]
    t = LinkTable.from_features(docs, claims)
    assert len(set(t.country.tolist())) == 2
    assert len(set(t.admin1.tolist()[:3])) == 3
    assert len(set(t.admin2.tolist()[:3])) == 3
    assert t.admin1[2] == t.admin1[3] and t.admin2[2] == t.admin2[3]
    # a country's code is never an admin1 code, and an admin1 code never an admin2 code
    assert not set(t.country.tolist()) & set(t.admin1.tolist())
    assert not set(t.admin1.tolist()) & set(t.admin2.tolist())


def test_admin_unknown_when_the_last_part_is() -> None:
    docs = [make_doc("a")]
    claims = [
        (0, make_claim("a", 0, place=None, country="SY", admin1="Tartus", admin2=None)),
        (1, make_claim("a", 1, place=None, country="SY", admin1=None, admin2=None)),
    ]
    t = LinkTable.from_features(docs, claims)
    assert t.admin1[0] != UNKNOWN and t.admin2[0] == UNKNOWN
    assert t.admin1[1] == UNKNOWN and t.country[1] == t.country[0] != UNKNOWN


def test_shared_interner_keeps_codes_across_tables() -> None:
    places = Interner()
    first = LinkTable.from_features(
        [make_doc("a")], [(0, make_claim("a", place="latakia"))], places
    )
    second = LinkTable.from_features(
        [make_doc("b")],
        [(1, make_claim("b", place="tripoli-lb")), (2, make_claim("b", 1, place="latakia"))],
        places,
    )
    assert second.admin1[1] == first.admin1[0]
    assert second.admin1[0] != first.admin1[0]
    assert second.country[1] == first.country[0] != second.country[0]


def test_word_mask_columns_do_not_depend_on_word_order() -> None:
    a = make_claim("a", victims=["children", "women", "men"], perpetrators=["gunmen"])
    b = make_claim("a", 1, victims=["men", "children", "women"], perpetrators=["gunmen"])
    t = LinkTable.from_features([make_doc("a")], [(0, a), (1, b)])
    assert t.victims.dtype == np.uint64
    assert t.victims[0] == t.victims[1] != 0
    assert t.perpetrators[0] == word_mask(frozenset({"gunmen"}))


def test_claims_index_documents_by_id_whatever_their_order() -> None:
    docs = [make_doc("a"), make_doc("b"), make_doc("c")]
    claims = [
        (0, make_claim("c")),
        (1, make_claim("a")),
        (2, make_claim("b")),
        (3, make_claim("c", 1)),
    ]
    t = LinkTable.from_features(docs, claims)
    assert [t.doc_ids[d] for d in t.doc.tolist()] == ["c", "a", "b", "c"]


def test_empty_table() -> None:
    t = LinkTable.from_features([], [])
    assert len(t) == 0
    assert t.text_sig.shape == (0, 64) and t.name_sig.shape == (0, 64)
    assert t.seq.dtype == np.int64 and t.doc_ids == []


def test_kind_groups_cover_every_kind() -> None:
    assert set(KIND_GROUPS) == set(KIND_CODE)
    assert KIND_GROUPS["killed"] == KIND_GROUPS["injured"] == KIND_GROUPS["attacked"]
    assert KIND_GROUPS["abducted"] == KIND_GROUPS["detained"] != KIND_GROUPS["killed"]
    assert KIND_GROUPS["displaced"] != KIND_GROUPS["property"]


def test_values_an_int32_cannot_hold_and_implausible_counts_are_unknown() -> None:
    """A ledger written before counts were bounded may hold "3000000000 killed": linking
    must not stop on it (numpy raised OverflowError casting it to int32)."""
    claims = [
        (0, make_claim("a", count=3_000_000_000)),
        (1, make_claim("a", 1, count=9_223_372_036_854_775_807, day=2**40)),
        (2, make_claim("a", 2, count=-5)),
        (3, make_claim("a", 3, count=10_000_000)),
    ]
    table = LinkTable.from_features([make_doc("a", published=-(2**40))], claims)
    assert table.low.tolist() == [UNKNOWN, UNKNOWN, UNKNOWN, 10_000_000]
    assert table.high.tolist() == table.best.tolist() == table.low.tolist()
    assert table.lo.tolist()[1] == UNKNOWN and table.published.tolist() == [UNKNOWN]
