"""The linked pairs in the SQLite ledger (``link_pairs``, migration m004): saved with a batch,
read in seq order, replaced by a relink, rolled back with a failing batch, deleted with their
claims."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from harmledger.errors import StoreError
from harmledger.models import ClaimRef, LinkBatch
from harmledger.store.sqlite import SQLiteStore
from test_store_incidents import claim_row, incident_counts, save, stored


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "ledger.db") as s:
        yield s


def _link_claims(store: SQLiteStore, n: int) -> list[ClaimRef]:
    """Link rows of ``n`` documents, claims 0 and 1 of each (seqs 0, 1; 2, 3; ...)."""
    refs = [ClaimRef(d.id, p) for d, _ in stored(store, n) for p in (0, 1)]
    save(store, [], [claim_row(r, seq) for seq, r in enumerate(refs)], [], {}, [], [])
    return refs


def pairs_of(store: SQLiteStore) -> list[tuple[int, int, float]]:
    return list(store.link_pairs())


def test_linked_pairs_round_trip_in_seq_order(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    a0, b0, b1 = ClaimRef(doc.id, 0), ClaimRef(other.id, 0), ClaimRef(other.id, 1)
    rows = [claim_row(a0, 0), claim_row(b0, 1), claim_row(b1, 2)]
    score = float(np.float32(1.2345678))
    save(store, [], rows, [], {}, [], [], [(0, 2, score), (0, 1, 2.5)])
    assert pairs_of(store) == [(0, 1, 2.5), (0, 2, score)]
    assert np.float32(pairs_of(store)[1][2]) == np.float32(1.2345678)  # float32 exactly
    save(store, [], [], [], {}, [], [], [(1, 2, 0.75), (0, 1, 3.0)])  # added; one re-scored
    assert pairs_of(store) == [(0, 1, 3.0), (0, 2, score), (1, 2, 0.75)]
    assert incident_counts(store)["link_pairs"] == 3


def test_replace_pairs_deletes_every_saved_pair_first(store: SQLiteStore) -> None:
    _link_claims(store, 3)
    save(store, [], [], [], {}, [], [], [(0, 2, 1.0), (0, 4, 1.5), (2, 4, 2.0)])
    store.save_links(LinkBatch(pairs=[(1, 3, 0.5)], replace_pairs=True))
    assert pairs_of(store) == [(1, 3, 0.5)]
    store.save_links(LinkBatch(replace_pairs=True))
    assert pairs_of(store) == []


def test_a_failing_batch_saves_no_pair(store: SQLiteStore) -> None:
    refs = _link_claims(store, 2)
    save(store, [], [], [], {}, [], [], [(0, 2, 1.0)])
    missing = ClaimRef(refs[0].document_id, 7)  # no link row
    with pytest.raises(StoreError, match="has no link row"):
        store.save_links(
            LinkBatch(pairs=[(1, 3, 2.0)], assignments={missing: "inc-a"}, replace_pairs=True)
        )
    with pytest.raises(StoreError, match="FOREIGN KEY"):  # seq 9 names no linked claim
        save(store, [], [], [], {}, [], [], [(1, 2, 2.0), (1, 9, 2.0)])
    assert pairs_of(store) == [(0, 2, 1.0)]
    assert not store.connection.in_transaction


@pytest.mark.parametrize("pair", [(2, 2, 1.0), (3, 1, 1.0), (0, 1, float("nan"))])
def test_a_pair_must_be_smaller_seq_first_and_scored(
    store: SQLiteStore, pair: tuple[int, int, float]
) -> None:
    _link_claims(store, 2)
    with pytest.raises(StoreError, match="not \\(smaller seq, larger seq, finite score\\)"):
        save(store, [], [], [], {}, [], [], [(0, 2, 1.0), pair])
    assert pairs_of(store) == []


def test_deleting_a_document_cascades_to_its_linked_pairs(store: SQLiteStore) -> None:
    refs = _link_claims(store, 3)
    save(store, [], [], [], {}, [], [], [(0, 2, 1.0), (1, 4, 1.5), (2, 4, 2.0), (3, 5, 0.5)])
    store.connection.execute("DELETE FROM documents WHERE id = ?", (refs[4].document_id,))
    assert pairs_of(store) == [(0, 2, 1.0)]
    assert store.connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_read_errors_are_wrapped(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Iterator[tuple[int, int, float]]:
        raise sqlite3.OperationalError("database disk image is malformed")

    monkeypatch.setattr(store, "_link_pairs", broken)
    pairs = store.link_pairs()
    with pytest.raises(StoreError, match=r"could not read linked pairs \(database disk image"):
        list(pairs)
