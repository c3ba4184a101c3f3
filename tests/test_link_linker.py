"""Acceptance of ``link_store`` (linking a ledger): the seed report read back from SQLite, and
incremental linking that gives the incidents, and the ids, of linking everything at once."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from harmledger.link.average import first_of
from harmledger.link.batch import link_documents
from harmledger.link.index import LinkIndex
from harmledger.link.linker import all_incidents, bond_groups, link_store, restore
from harmledger.link.model import link_model
from harmledger.link.reconcile import LINKER
from harmledger.models import AuditEntry, ClaimRef, Incident
from harmledger.pipeline import ingest_into
from harmledger.settings import Settings
from harmledger.store.sqlite import SQLiteStore
from linkreports import SIX, doc_id, extracted, write_jsonl
from seedpage import seed_text

Groups = dict[str, list[tuple[str, int]]]
State = dict[str, tuple[str | None, int | None, str, str, int]]
Pairs = list[tuple[int, int, float]]


def groups(store: SQLiteStore) -> Groups:
    """{incident id: its sorted claim refs} of every live incident, children included."""
    return {
        i.id: sorted((r.document_id, r.position) for r in i.claims) for i in all_incidents(store)
    }


def state(store: SQLiteStore) -> State:
    """{incident id: (parent, fatalities, grade, notes, independent sources)}."""
    return {
        i.id: (i.parent, i.fatalities, i.grade, i.notes, i.independent_sources)
        for i in all_incidents(store)
    }


def holding(store: SQLiteStore, ref: ClaimRef) -> Incident:
    [found] = [i for i in all_incidents(store) if ref in i.claims]
    return store.incident(found.id)


def ingest(store: SQLiteStore, path: Path, names: tuple[str, ...]) -> None:
    report = ingest_into(store, [str(write_jsonl(path, names))], Settings())
    assert (report.stored, report.rejected) == (len(names), 0)


# -- the seed report through a ledger --------------------------------------------------------


@pytest.fixture(scope="module")
def seed_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    text = seed_text()
    folder = tmp_path_factory.mktemp("seed")
    docs = folder / "seed.jsonl"
    docs.write_text(json.dumps({"id": "seed", "text": text, "published": "2025-03-09"}) + "\n")
    with SQLiteStore(folder / "ledger.db") as store:
        report = ingest_into(store, [str(docs)], Settings())
        assert report.stored == 1
        link_store(store)
        yield store


def _seed_refs(store: SQLiteStore) -> tuple[ClaimRef, ClaimRef]:
    [document] = list(store.documents())
    claims = store.extraction(document.id).claims
    [coastal] = [
        i
        for i, c in enumerate(claims)
        if c.kind == "killed" and c.count.best == 532 and not c.in_headline
    ]
    [baniyas] = [
        i
        for i, c in enumerate(claims)
        if c.kind == "killed"
        and c.count.best == 3
        and [p.text for p in c.places][:1] == ["Baniyas"]
    ]
    return ClaimRef(document.id, coastal), ClaimRef(document.id, baniyas)


def test_seed_in_a_ledger_nests_the_witness_incident(seed_ledger: SQLiteStore) -> None:
    coastal_ref, baniyas_ref = _seed_refs(seed_ledger)
    coastal = holding(seed_ledger, coastal_ref)
    baniyas = holding(seed_ledger, baniyas_ref)
    assert baniyas.id != coastal.id
    assert baniyas.parent == coastal.id
    assert [i.id for i in seed_ledger.incidents(parent=coastal.id)] == [baniyas.id]
    assert baniyas.id not in {i.id for i in seed_ledger.incidents()}  # not top-level


def test_seed_in_a_ledger_keeps_the_toll_at_532(seed_ledger: SQLiteStore) -> None:
    coastal_ref, _ = _seed_refs(seed_ledger)
    coastal = holding(seed_ledger, coastal_ref)
    killed = coastal.estimate("killed")
    assert killed is not None
    assert coastal.fatalities == 532
    assert killed.low == 532
    assert "headline says 500" in coastal.notes


def test_seed_ledger_and_batch_linking_agree(seed_ledger: SQLiteStore) -> None:
    [document] = list(seed_ledger.documents())
    batch = link_documents([(document, seed_ledger.extraction(document.id))])
    assert {i.id: i.parent for i in all_incidents(seed_ledger)} == {
        i.id: i.parent for i in batch.incidents.values()
    }


# -- incremental linking ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_batches(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Groups, Groups, dict[str, str]]]:
    """The ledger's incidents after a first batch of three reports and after a second batch of
    three more (one of which joins an incident of the first), and where each id of the first
    batch leads after the second."""
    folder = tmp_path_factory.mktemp("batches")
    with SQLiteStore(folder / "ledger.db") as store:
        ingest(store, folder / "first.jsonl", SIX[:3])
        link_store(store)
        first = groups(store)
        ingest(store, folder / "second.jsonl", SIX[3:])
        link_store(store)
        yield first, groups(store), {old: store.incident(old).id for old in first}


@pytest.fixture(scope="module")
def once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Groups, State, Pairs]:
    """The incidents, their state and the saved linked pairs of linking the six at once."""
    folder = tmp_path_factory.mktemp("once")
    with SQLiteStore(folder / "ledger.db") as store:
        ingest(store, folder / "all.jsonl", SIX)
        report = link_store(store)
        assert (report.documents, report.incidents) == (6, len(all_incidents(store)))
        pairs = list(store.link_pairs())
        assert len(pairs) == report.pairs_linked - same_document_pairs(store) > 0
        return groups(store), state(store), pairs


def same_document_pairs(store: SQLiteStore) -> int:
    """How many linked pairs of the last index are of claims of one document (not kept)."""
    index = restore(store)
    index.uf = type(index.uf)(len(index))
    i, j, _, _ = index.linked_pairs(0)
    t = index.table
    assert t is not None
    return int(np.sum(t.doc[i] == t.doc[j]))


Once = tuple[Groups, State, Pairs]


@pytest.fixture(scope="module")
def at_once(once: Once) -> Groups:
    return once[0]


Batches = tuple[Groups, Groups, dict[str, str]]


def test_two_batches_give_the_incidents_and_ids_of_one(
    two_batches: Batches, at_once: Groups
) -> None:
    _, incremental, _ = two_batches
    events = [(doc_id(n), 1) for n in ("wire", "geneina", "nyala")]
    assert len({i for i, refs in at_once.items() for e in events if e in refs}) == 3
    assert incremental == at_once


def test_ledger_and_in_memory_linking_give_the_same_ids(at_once: Groups) -> None:
    linked = link_documents([extracted(n) for n in SIX])
    in_memory = {
        i.id: sorted((r.document_id, r.position) for r in i.claims)
        for i in linked.incidents.values()
    }
    assert in_memory == at_once


def test_an_id_stays_when_a_later_report_joins(two_batches: Batches) -> None:
    first, second, leads_to = two_batches
    wire = (doc_id("wire"), 0)
    [(market_id, before)] = [(i, refs) for i, refs in first.items() if wire in refs]
    assert market_id in second
    after = second[market_id]
    assert set(before) < set(after)
    assert (doc_id("follow_up"), 1) in after  # "Nine people have now died ..."
    for old, refs in first.items():  # every first-batch id still names its claims
        assert set(refs) <= set(second[leads_to[old]])
        assert old == leads_to[old] or old not in second


def test_one_report_at_a_time_gives_the_incidents_of_all_at_once(
    tmp_path: Path, once: Once
) -> None:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        for name in SIX:
            ingest(store, tmp_path / f"{name}.jsonl", (name,))
            link_store(store)
        assert groups(store) == once[0]
        assert state(store) == once[1]
        assert list(store.link_pairs()) == once[2]


def test_linking_again_without_new_documents_changes_nothing(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        ingest(store, tmp_path / "docs.jsonl", SIX[:4])
        link_store(store)
        before = groups(store)
        report = link_store(store)
        assert (report.documents, report.claims, report.changed, report.merged) == (0, 0, 0, 0)
        assert groups(store) == before


def test_a_link_run_records_its_model_on_the_ledger_and_each_incident(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        ingest(store, tmp_path / "docs.jsonl", SIX[:2])
        link_store(store)
        assert store.link_model() == LINKER == link_model().version
        assert {i.linker for i in all_incidents(store)} == {LINKER}
        store._conn.execute("UPDATE link_state SET link_model = 'harmledger.link.v1'")
        ingest(store, tmp_path / "more.jsonl", SIX[2:3])
        with caplog.at_level(logging.WARNING, logger="harmledger.link.linker"):
            link_store(store)
        assert "linked with harmledger.link.v1 and is now linked with" in caplog.text
        assert store.link_model() == LINKER


# -- what restore keeps ----------------------------------------------------------------------


def test_restore_with_pairs_gives_the_components_and_pairs_of_linking_at_once(
    tmp_path: Path,
) -> None:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        ingest(store, tmp_path / "all.jsonl", SIX)
        link_store(store)
        index = restore(store, pairs=True)
        fresh = restore(store)
        fresh.uf = type(fresh.uf)(len(fresh))
        fresh.add_rows(0)
    assert all(np.array_equal(a, b) for a, b in zip(index.pairs, fresh.pairs, strict=True))
    assert first_of(index.comp).tolist() == first_of(fresh.comp).tolist()
    assert index.ids == fresh.ids


# -- the saved linked pairs ------------------------------------------------------------------


def record_starts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ``start`` of every later call of ``LinkIndex.linked_pairs`` (which still scores)."""
    starts: list[int] = []
    scored = LinkIndex.linked_pairs

    def recording(index: LinkIndex, start: int) -> tuple[object, ...]:
        starts.append(start)
        return scored(index, start)

    monkeypatch.setattr(LinkIndex, "linked_pairs", recording)
    return starts


def test_a_run_reads_the_saved_pairs_and_scores_only_the_new_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, once: Once
) -> None:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        ingest(store, tmp_path / "first.jsonl", SIX[:3])
        link_store(store)
        saved = list(store.link_pairs())
        assert saved and all(a < b for a, b, _ in saved)
        linked = len(list(store.link_claims()))
        ingest(store, tmp_path / "second.jsonl", SIX[3:])
        starts = record_starts(monkeypatch)
        link_store(store)
        assert starts == [linked]  # the new claims' pairs only: nothing scored again
        assert groups(store) == once[0]
        assert state(store) == once[1]
        pairs = list(store.link_pairs())
        assert set(saved) < set(pairs)
        assert pairs == once[2]  # the pairs of linking the six at once, scores and all


def test_restore_does_not_score_a_ledger_with_saved_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        ingest(store, tmp_path / "all.jsonl", SIX[:4])
        link_store(store)
        fresh = restore(store)
        fresh.uf = type(fresh.uf)(len(fresh))
        fresh.add_rows(0)
        starts = record_starts(monkeypatch)
        index = restore(store, pairs=True)
        assert starts == []
        assert all(np.array_equal(a, b) for a, b in zip(index.pairs, fresh.pairs, strict=True))
        assert index.pairs[2].dtype == np.float32
        saved = list(store.link_pairs())
        link_store(store)  # nothing new: nothing scored
        assert starts == []
        assert list(store.link_pairs()) == saved


def test_a_ledger_linked_before_pairs_were_saved_is_scored_once_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, once: Once
) -> None:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        ingest(store, tmp_path / "first.jsonl", SIX[:3])
        link_store(store)
        store.connection.execute("DELETE FROM link_pairs")  # as a ledger of migration 3 has
        ingest(store, tmp_path / "second.jsonl", SIX[3:])
        starts = record_starts(monkeypatch)
        link_store(store)
        assert starts[0] == 0  # the fallback: the ledger's pairs scored again
        assert groups(store) == once[0]
        assert state(store) == once[1]
        assert list(store.link_pairs()) == once[2]  # saved: old pairs and new
        starts.clear()
        link_store(store)
        assert 0 not in starts


def test_a_ledger_of_one_document_is_not_scored_again(
    seed_ledger: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert list(seed_ledger.link_pairs()) == []  # pairs of two documents only
    starts = record_starts(monkeypatch)
    index = restore(seed_ledger, pairs=True)
    assert starts == [] and len(index.pairs[0]) == 0


# -- analysts' bonds -------------------------------------------------------------------------


def _refs(*names: str) -> list[ClaimRef]:
    return [ClaimRef(n, 0) for n in names]


def test_a_merge_bonds_its_claims_and_a_later_split_cuts_the_bond() -> None:
    merge = AuditEntry("merge", "ana", "same", ("i1", "i2"), tuple(_refs("a", "b", "c")))
    before = json.dumps({"i1": [["a", 0], ["b", 0], ["c", 0]]})
    split = AuditEntry("split", "ana", "other", ("i1",), tuple(_refs("c")), None, before)
    assert bond_groups([merge]) == [_refs("a", "b", "c")]
    assert bond_groups([merge, split]) == [_refs("a", "b")]
    assert bond_groups([split]) == []


def test_a_move_bonds_the_moved_claims_with_the_target() -> None:
    after = json.dumps({"i1": [["a", 0]], "i2": [["b", 0], ["c", 0]]})
    move = AuditEntry("move", "ana", "there", ("i1",), tuple(_refs("c")), "i2", "", after)
    assert bond_groups([move]) == [_refs("b", "c")]


def test_features_saved_before_the_link_model_v3_still_read() -> None:
    """A ledger linked before v3 saved no means, targets, series, victims, dated or village:
    its documents and claims read with what compares as unknown (and dated)."""
    from harmledger.link.linker import claim_from_row, claim_row, doc_from_row, doc_payload
    from harmledger.link.table import LinkTable
    from harmledger.models import LinkDocRow
    from test_link_table import make_claim, make_doc

    old_keys = {"means", "targets", "series", "victims"}
    doc = doc_from_row(
        LinkDocRow(
            "a", 0, {k: v for k, v in doc_payload(make_doc("a")).items() if k not in old_keys}
        )
    )
    assert doc.means == doc.targets == doc.victims == frozenset() and not doc.series
    row = claim_row(0, make_claim("a"), None)
    for key in ("dated", "village"):
        row.payload.pop(key)
    claim = claim_from_row(row)
    assert claim.dated and claim.village is None
    assert len(LinkTable.from_features([doc], [(0, claim)])) == 1
