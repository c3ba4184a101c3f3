"""Concurrent writers never overwrite each other: a stale save is refused and redone.

Two ingests and an analyst's merge are interleaved at fixed points: the fault hook
(``store.faults``) runs the next writer when a step reaches ``links.saving`` (it has read the
ledger and computed its result, and has not saved yet). Each writer has its own connection,
as two processes would.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harmledger.errors import StaleWriteError, StoreError
from harmledger.link import linker, review
from harmledger.link.linker import all_incidents, link_store
from harmledger.models import AuditEntry, ClaimRef, LinkBatch
from harmledger.pipeline import ingest_into
from harmledger.settings import Settings
from harmledger.store import faults
from harmledger.store.sqlite import SQLiteStore
from linkreports import FOUR, doc_id, holding, ref, write_jsonl

WHO, WHY = "ana", "same attack, two reports"


def two_attacks(store: SQLiteStore) -> tuple[str, str]:
    """The ids of the El Fasher market attack and of the El Geneina attack."""
    return holding(store, ref("wire", 0)).id, holding(store, ref("geneina", 1)).id


def store_reports(store: SQLiteStore, folder: Path, *names: str) -> None:
    path = write_jsonl(folder / f"{'-'.join(names)}.jsonl", list(names))
    assert ingest_into(store, [str(path)], Settings()).stored == len(names)


def check_consistent(store: SQLiteStore) -> None:
    """Every document is linked, every linked claim has a live incident, and every incident
    lists exactly the claims assigned to it."""
    linked = {r.document_id for r in store.link_docs()}
    assert linked == {d.id for d in store.documents()}
    assigned: dict[str, set[ClaimRef]] = {}
    for row in store.link_claims():
        assert row.incident is not None, f"claim {row.ref} has no incident"
        assigned.setdefault(row.incident, set()).add(row.ref)
    assert {i.id: set(i.claims) for i in all_incidents(store)} == assigned
    for document_id in linked:
        n = len(store.extraction(document_id).claims)
        rows = {r.ref for r in store.link_claims() if r.ref.document_id == document_id}
        cumulative = {
            ClaimRef(document_id, p)
            for p, c in enumerate(store.extraction(document_id).claims)
            if c.cumulative
        }
        assert rows | cumulative == {ClaimRef(document_id, p) for p in range(n)}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("concurrency")
    with SQLiteStore(folder / "ledger.db") as store:
        store_reports(store, folder, *FOUR)
        link_store(store)
    return folder / "ledger.db"


@pytest.fixture
def path(template: Path, tmp_path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        found = template.with_name(template.name + suffix)
        if found.exists():
            shutil.copy(found, tmp_path / ("ledger.db" + suffix))
    return tmp_path / "ledger.db"


@pytest.fixture
def interleave() -> Iterator[tuple[list[Callable[[], object]], list[str]]]:
    """``(actions, log)``: each time a step reaches ``links.saving`` the next action runs
    there (none once they are used up); ``log`` records every point reached."""
    actions: list[Callable[[], object]] = []
    log: list[str] = []

    def hook(point: str) -> None:
        log.append(point)
        if point == "links.saving" and actions:
            actions.pop(0)()

    faults.hook = hook
    try:
        yield actions, log
    finally:
        faults.hook = faults.no_fault


# -- the interleavings -------------------------------------------------------------------------


def test_two_ingests_and_a_merge_interleaved_lose_nothing(
    path: Path, tmp_path: Path, interleave: tuple[list[Callable[[], object]], list[str]]
) -> None:
    """Ingest A reads and computes; in its gap ingest B reads and computes; in B's gap an
    analyst merges the market attack with the El Geneina attack. B's save and then A's are
    stale: both are redone, so the merge holds and every incident lists all its claims."""
    actions, log = interleave
    with SQLiteStore(path) as a, SQLiteStore(path) as b, SQLiteStore(path) as analyst:
        market, geneina = (
            holding(analyst, ref("wire", 0)).id,
            holding(analyst, ref("geneina", 1)).id,
        )
        store_reports(a, tmp_path, "follow_up")  # both follow-ups report the market attack
        store_reports(b, tmp_path, "copy2")
        actions.append(lambda: link_store(b))  # in A's gap
        actions.append(lambda: review.merge(analyst, [market, geneina], who=WHO, why=WHY))
        link_store(a)
        for store in (a, b, analyst):
            survivor = holding(store, ref("wire", 0))
            assert survivor.id == market
            joined = {ref("geneina", 1), ref("follow_up", 1), ref("copy2", 0), ref("copy", 0)}
            assert joined <= set(survivor.claims)
            check_consistent(store)
        [entry] = analyst.audit()
        assert entry.action == "merge"
        assert analyst.incident(geneina).id == market
        assert log.count("links.saving") == 5  # A, B, the merge, B again, A again
        assert log.count("links.committed") == 3  # the merge, B, A: no stale write saved


def test_a_merge_overtaken_by_a_link_is_redone_and_audited_once(
    path: Path, tmp_path: Path, interleave: tuple[list[Callable[[], object]], list[str]]
) -> None:
    actions, log = interleave
    with SQLiteStore(path) as ingest, SQLiteStore(path) as analyst:
        market, geneina = (
            holding(analyst, ref("wire", 0)).id,
            holding(analyst, ref("geneina", 1)).id,
        )
        store_reports(ingest, tmp_path, "follow_up")
        actions.append(lambda: link_store(ingest))  # in the merge's gap
        merged = review.merge(analyst, [market, geneina], who=WHO, why=WHY)
        assert ref("follow_up", 1) in merged.claims  # the redone merge saw the new report
        assert [e.action for e in analyst.audit()] == ["merge"]
        check_consistent(analyst)
        assert log.count("links.saving") == 3 and log.count("links.committed") == 2


def test_a_split_made_in_a_links_gap_is_not_undone(
    path: Path, tmp_path: Path, interleave: tuple[list[Callable[[], object]], list[str]]
) -> None:
    actions, _ = interleave
    with SQLiteStore(path) as ingest, SQLiteStore(path) as analyst:
        market = holding(analyst, ref("wire", 0)).id
        copy = [ref("copy", i) for i in range(len(analyst.extraction(doc_id("copy")).claims))]
        store_reports(ingest, tmp_path, "copy2")  # a near-duplicate of both sides
        actions.append(lambda: review.split(analyst, market, copy, who=WHO, why=WHY))
        link_store(ingest)
        wire_side, copy_side = holding(ingest, ref("wire", 0)), holding(ingest, ref("copy", 0))
        assert wire_side.id == market != copy_side.id
        assert not set(copy) & set(wire_side.claims)
        check_consistent(ingest)


def test_a_step_overtaken_too_often_finishes_under_the_write_lock(
    path: Path, tmp_path: Path, interleave: tuple[list[Callable[[], object]], list[str]]
) -> None:
    actions, log = interleave
    with SQLiteStore(path) as ingest, SQLiteStore(path) as other:
        store_reports(ingest, tmp_path, "follow_up")
        note = AuditEntry("note", WHO, "another writer commits in each gap", (), ())
        actions.extend([lambda: other.add_audit(note)] * linker.STALE_RETRIES)
        report = link_store(ingest)
        assert report.documents == 1
        assert log.count("links.saving") == linker.STALE_RETRIES + 1
        assert log.count("links.committed") == 1
        assert other.link_generation() == ingest.link_generation()
        check_consistent(ingest)


# -- the store's part --------------------------------------------------------------------------


def test_every_write_of_links_raises_the_generation(path: Path) -> None:
    with SQLiteStore(path) as store:
        start = store.link_generation()
        store.save_links(LinkBatch())
        store.add_audit(AuditEntry("note", WHO, WHY, (), ()))
        store.clear_incidents()
        assert store.link_generation() == start + 3


def test_a_stale_save_writes_nothing(path: Path) -> None:
    with SQLiteStore(path) as store:
        seen = store.link_generation()
        store.add_audit(AuditEntry("note", WHO, WHY, (), ()))
        incidents = list(store.incidents())
        entry = AuditEntry("merge", WHO, WHY, (), ())
        with pytest.raises(StaleWriteError) as caught:
            store.save_links(LinkBatch(), audit=entry, clear=True, expect=seen)
        assert "\n" not in str(caught.value) and "redo" in str(caught.value)
        assert isinstance(caught.value, StoreError)
        assert list(store.incidents()) == incidents
        assert [e.action for e in store.audit()] == ["note"]
        assert store.link_generation() == seen + 1


def test_save_links_clears_and_audits_in_one_transaction(path: Path) -> None:
    with SQLiteStore(path) as store:
        entry = AuditEntry("merge", WHO, WHY, (), ())
        store.save_links(LinkBatch(), audit=entry, clear=True, expect=store.link_generation())
        assert list(store.incidents()) == []
        assert all(r.incident is None for r in store.link_claims())
        assert [e.action for e in store.audit()] == ["merge"]


def test_the_write_lock_keeps_other_writers_out_and_rolls_back_on_error(path: Path) -> None:
    with SQLiteStore(path) as store:
        start = store.link_generation()
        other = sqlite3.connect(path, timeout=0.1)
        try:
            with store.write_lock():
                store.save_links(LinkBatch())
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            assert store.link_generation() == start + 1
            with pytest.raises(RuntimeError), store.write_lock():
                store.save_links(LinkBatch())
                raise RuntimeError("the step failed")
            assert store.link_generation() == start + 1
            other.execute("BEGIN IMMEDIATE")  # free again
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_the_write_lock_does_not_nest(path: Path) -> None:
    with SQLiteStore(path) as store:
        lock = store.write_lock()
        lock.__enter__()
        try:
            with pytest.raises(StoreError, match="held already"), store.write_lock():
                pass
        finally:
            lock.__exit__(None, None, None)
        assert store.link_generation() >= 0  # unlocked, usable
