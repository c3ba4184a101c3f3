"""The synthetic ledger of ``synthetic_ledger.py`` in the linker's forms: a ``LinkTable``
straight from the columns (``to_table``), or the ``DocFeatures``/``ClaimFeatures`` objects the
real pipeline makes (``to_features``), with the place codes both share."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from synthetic_ledger import (
    ADMIN2_PER_ADMIN1,
    I32,
    I64,
    KINDS,
    N_COUNTRIES,
    PERPETRATOR_WORDS,
    U64,
    VICTIM_WORDS,
    Synthetic,
    World,
)

from harmledger.link.features import ClaimFeatures, DocFeatures
from harmledger.link.table import KIND_CODE, KIND_GROUPS, UNKNOWN, LinkTable, word_mask
from harmledger.models import ClaimRef


def country_name(c: int) -> str:
    return f"C{c:02d}"


def place_codes(world: World) -> dict[str, int]:
    """The ``Interner`` codes a table built straight from the columns uses: countries, then
    admin1 keys, then admin2 keys (the keys ``LinkTable.from_features`` interns)."""
    codes = {country_name(c): c for c in range(N_COUNTRIES)}
    for a, c in enumerate(world.admin1_country.tolist()):
        codes[f"{country_name(c)}/A{a:03d}"] = N_COUNTRIES + a
        for k in range(ADMIN2_PER_ADMIN1):
            b = a * ADMIN2_PER_ADMIN1 + k
            codes[f"{country_name(c)}/A{a:03d}/B{b:04d}"] = N_COUNTRIES + world.n_admin1 + b
    return codes


def word_masks(bits: I64, words: Sequence[str]) -> U64:
    """``table.word_mask`` of the words whose bits are set, for every row."""
    out = np.zeros(bits.size, dtype=np.uint64)
    for k, w in enumerate(words):
        out |= np.where((bits >> k) & 1 == 1, np.uint64(word_mask(frozenset([w]))), np.uint64(0))
    return out


def _code(values: I64, offset: int) -> I32:
    return np.where(values == UNKNOWN, UNKNOWN, values + offset).astype(np.int32)


def to_table(syn: Synthetic, docs: slice, claims: slice) -> LinkTable:
    """The ``LinkTable`` of a run of documents and their claims, straight from the columns
    (what ``LinkTable.from_features`` makes of the same features, with ``place_codes``)."""
    c = {k: v[claims] for k, v in syn.claims.items()}
    d = {k: v[docs] for k, v in syn.docs.items()}
    i32 = {k: c[k].astype(np.int32) for k in ("lo", "hi", "low", "best", "high", "segment")}
    kind_code = np.asarray([KIND_CODE[k] for k in KINDS], dtype=np.int32)
    kind_group = np.asarray([KIND_GROUPS[k] for k in KINDS], dtype=np.int32)
    return LinkTable(
        seq=np.arange(claims.start, claims.stop, dtype=np.int64),
        doc=(c["doc"] - docs.start).astype(np.int32),
        position=c["position"].astype(np.int32),
        kind=kind_code[c["kind"]],
        group=kind_group[c["kind"]],
        lat=c["lat"].astype(np.float32),
        lon=c["lon"].astype(np.float32),
        country=_code(c["country"], 0),
        admin1=_code(c["admin1"], N_COUNTRIES),
        admin2=_code(c["admin2"], N_COUNTRIES + syn.world.n_admin1),
        inferred=c["inferred"].astype(np.bool_),
        aggregate=c["aggregate"].astype(np.bool_),
        victims=word_masks(c["victims"], VICTIM_WORDS),
        perpetrators=word_masks(c["perpetrators"], PERPETRATOR_WORDS),
        dated=np.ones(len(c["doc"]), np.bool_),
        village=np.full(len(c["doc"]), -1, np.int32),
        doc_ids=syn.doc_ids[docs],
        published=d["published"].astype(np.int32),
        text_sig=d["text_sig"],
        name_sig=d["name_sig"],
        n_names=d["n_names"].astype(np.int32),
        means=np.zeros(len(d["published"]), np.uint64),  # reports that name no means of harm
        targets=np.zeros(len(d["published"]), np.uint64),
        series=np.zeros(len(d["published"]), np.bool_),
        doc_victims=np.zeros(len(d["published"]), np.uint64),
        **i32,
    )


def _words(bits: int, words: Sequence[str]) -> frozenset[str]:
    return frozenset(w for k, w in enumerate(words) if bits >> k & 1)


def _optional(value: int) -> int | None:
    return None if value == UNKNOWN else value


def to_features(
    syn: Synthetic, docs: slice, claims: slice
) -> tuple[list[DocFeatures], list[tuple[int, ClaimFeatures]]]:
    """The same documents and claims as feature objects (what ``features.features`` gives)."""
    ids = syn.doc_ids
    d = {k: syn.docs[k][docs] for k in ("published", "text_sig", "name_sig", "n_names")}
    doc_features = [
        DocFeatures(ids[docs.start + k], int(p), d["text_sig"][k], d["name_sig"][k], int(n))
        for k, (p, n) in enumerate(zip(d["published"].tolist(), d["n_names"].tolist(), strict=True))
    ]
    c = {k: v[claims].tolist() for k, v in syn.claims.items()}
    country = [country_name(k) for k in range(N_COUNTRIES)]
    out = []
    for x in range(claims.stop - claims.start):
        known1, known2 = c["admin1"][x] >= 0, c["admin2"][x] >= 0
        out.append((claims.start + x, ClaimFeatures(
            ref=ClaimRef(ids[c["doc"][x]], c["position"][x]), kind=KINDS[c["kind"][x]],
            lo=c["lo"][x], hi=c["hi"][x],
            lat=None if c["lat"][x] != c["lat"][x] else c["lat"][x],
            lon=None if c["lon"][x] != c["lon"][x] else c["lon"][x],
            country=country[c["country"][x]] if c["country"][x] >= 0 else None,
            admin1=f"A{c['admin1'][x]:03d}" if known1 else None,
            admin2=f"B{c['admin2'][x]:04d}" if known2 else None,
            place_inferred=c["inferred"][x],
            low=_optional(c["low"][x]), best=_optional(c["best"][x]),
            high=_optional(c["high"][x]), aggregate=c["aggregate"][x],
            victims=_words(c["victims"][x], VICTIM_WORDS),
            perpetrators=_words(c["perpetrators"][x], PERPETRATOR_WORDS),
            segment=c["segment"][x],
        )))  # fmt: skip
    return doc_features, out
