"""A column store of linking features: numpy arrays the comparisons run over in bulk.

One row per claim, one row per document in the document columns. Strings (country, admin1,
admin2, kind) are interned to small integers; ``-1`` means unknown for integers and NaN for
coordinates. A value an int32 cannot hold, or a count over ``MAX_PLAUSIBLE`` (a ledger written
before counts were bounded may hold "3000000000 killed"), is unknown too, so no stored value
can stop linking. ``LinkTable.from_features`` builds one from ``ClaimFeatures``/``DocFeatures``;
the benchmark builds one straight from synthetic columns.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from harmledger.extract.plain import MAX_PLAUSIBLE
from harmledger.link.features import MEANS, ClaimFeatures, DocFeatures
from harmledger.models import HARM_KINDS, ClaimRef

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
B = npt.NDArray[np.bool_]

#: Kinds of harm that may be told of one incident, compared with each other when linking.
KIND_GROUPS: dict[str, int] = {
    "killed": 0,
    "injured": 0,
    "attacked": 0,
    "abducted": 1,
    "detained": 1,
    "displaced": 2,
    "property": 3,
}
KIND_CODE = {k: i for i, k in enumerate(HARM_KINDS)}
UNKNOWN = -1
_I32_MIN, _I32_MAX = int(np.iinfo(np.int32).min), int(np.iinfo(np.int32).max)


def int32_or_unknown(value: int | None) -> int:
    """``value`` for an int32 column; ``UNKNOWN`` for None and for what an int32 cannot hold."""
    if value is None or not _I32_MIN < value <= _I32_MAX:
        return UNKNOWN
    return int(value)


def count_or_unknown(value: int | None) -> int:
    """A count for an int32 column; ``UNKNOWN`` for None, a negative count and a count over
    ``MAX_PLAUSIBLE``."""
    if value is None or not 0 <= value <= MAX_PLAUSIBLE:
        return UNKNOWN
    return int(value)


def word_mask(words: frozenset[str]) -> int:
    """A 64-bit set sketch: one bit per word (crc32 mod 64)."""
    mask = 0
    for w in words:
        mask |= 1 << (zlib.crc32(w.encode("utf-8")) & 63)
    return mask


def means_mask(means: frozenset[str]) -> int:
    """One bit per means of harm, in the order ``link.features.MEANS`` lists them."""
    return sum(1 << k for k, label in enumerate(MEANS) if label in means)


@dataclass
class Interner:
    """Strings to stable small integers, in order of first sight."""

    codes: dict[str, int] = field(default_factory=dict)

    def code(self, value: str | None) -> int:
        if value is None:
            return UNKNOWN
        return self.codes.setdefault(value, len(self.codes))


@dataclass
class LinkTable:
    """Claim columns (``doc`` indexes the document columns) and document columns."""

    seq: I64
    doc: I32
    position: I32
    kind: I32
    group: I32
    lo: I32
    hi: I32
    lat: F32
    lon: F32
    country: I32
    admin1: I32
    admin2: I32
    inferred: B
    low: I32
    best: I32
    high: I32
    aggregate: B
    victims: U64
    perpetrators: U64
    segment: I32
    dated: B  # the claim's own text dates it (else its days are its report's)
    village: I32  # a village the gazetteer lacks, interned (``UNKNOWN``: none)
    doc_ids: list[str]
    published: I32
    text_sig: U32
    name_sig: U32
    n_names: I32
    means: U64  # a bit per means of harm the report names (``means_mask``)
    targets: U64  # the words of the report's targets (``word_mask``)
    series: B  # the report says its attack is one of several
    doc_victims: U64  # the words of the report's victims (``word_mask``)

    def __len__(self) -> int:
        return int(self.seq.shape[0])

    def ref(self, row: int) -> ClaimRef:
        """Where the claim of ``row`` is stored."""
        return ClaimRef(self.doc_ids[int(self.doc[row])], int(self.position[row]))

    @classmethod
    def from_features(
        cls,
        docs: Sequence[DocFeatures],
        claims: Sequence[tuple[int, ClaimFeatures]],
        places: Interner | None = None,
    ) -> LinkTable:
        """A table of ``claims`` (``(seq, features)``), whose documents are all in ``docs``."""
        places = places or Interner()
        index = {d.document_id: i for i, d in enumerate(docs)}

        def col(values: list[object], dtype: type) -> npt.NDArray:  # type: ignore[type-arg]
            return np.asarray(values, dtype=dtype)

        num, count = int32_or_unknown, count_or_unknown
        rows = [c for _, c in claims]
        n_sig = docs[0].text_sig.shape[0] if docs else 64
        return cls(
            seq=col([s for s, _ in claims], np.int64),
            doc=col([index[c.ref.document_id] for c in rows], np.int32),
            position=col([c.ref.position for c in rows], np.int32),
            kind=col([KIND_CODE[c.kind] for c in rows], np.int32),
            group=col([KIND_GROUPS[c.kind] for c in rows], np.int32),
            lo=col([num(c.lo) for c in rows], np.int32),
            hi=col([num(c.hi) for c in rows], np.int32),
            lat=col([np.nan if c.lat is None else c.lat for c in rows], np.float32),
            lon=col([np.nan if c.lon is None else c.lon for c in rows], np.float32),
            country=col([places.code(c.country) for c in rows], np.int32),
            admin1=col([places.code(_admin(c.country, c.admin1)) for c in rows], np.int32),
            admin2=col(
                [places.code(_admin(c.country, c.admin1, c.admin2)) for c in rows], np.int32
            ),
            inferred=col([c.place_inferred for c in rows], np.bool_),
            low=col([count(c.low) for c in rows], np.int32),
            best=col([count(c.best) for c in rows], np.int32),
            high=col([count(c.high) for c in rows], np.int32),
            aggregate=col([c.aggregate for c in rows], np.bool_),
            victims=col([word_mask(c.victims) for c in rows], np.uint64),
            perpetrators=col([word_mask(c.perpetrators) for c in rows], np.uint64),
            segment=col([c.segment for c in rows], np.int32),
            dated=col([c.dated for c in rows], np.bool_),
            village=col([places.code(c.village) for c in rows], np.int32),
            doc_ids=[d.document_id for d in docs],
            published=col([num(d.published) for d in docs], np.int32),
            text_sig=np.stack([d.text_sig for d in docs]) if docs else _sig0(n_sig),
            name_sig=np.stack([d.name_sig for d in docs]) if docs else _sig0(n_sig),
            n_names=col([d.n_names for d in docs], np.int32),
            means=col([means_mask(d.means) for d in docs], np.uint64),
            targets=col([word_mask(d.targets) for d in docs], np.uint64),
            series=col([d.series for d in docs], np.bool_),
            doc_victims=col([word_mask(d.victims) for d in docs], np.uint64),
        )


def _admin(*parts: str | None) -> str | None:
    """An admin key that is unique across countries ("SY/Latakia"), None when the last is."""
    if parts[-1] is None:
        return None
    return "/".join(p or "" for p in parts)


def _sig0(n: int) -> U32:
    return np.zeros((0, n), dtype=np.uint32)
