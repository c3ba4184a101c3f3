"""The SQLite ledger: round trips, idempotency, atomicity, hostile strings, FTS, crash safety."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from harmledger import registry
from harmledger.errors import StoreError
from harmledger.models import (
    Attribution,
    Claim,
    Count,
    DateInterval,
    Document,
    Extraction,
    Quote,
    Rejection,
    Span,
)
from harmledger.store.sqlite import NAME, SQLiteStore
from test_store_base import TEXT, sample_document, sample_extraction, sp

HOSTILE = "x'); DROP TABLE claims;--"


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    with SQLiteStore(tmp_path / "ledger.db") as s:
        yield s


def crash_document(i: int) -> tuple[Document, Extraction]:
    """Document ``i`` of the crash test, with 100 claims to make each save take a while."""
    text = f"Report {i}: 3 people were killed in town {i}, officials said." + " More." * 500
    doc = Document(hashlib.sha256(text.encode()).hexdigest(), f"crash/{i}.txt", "text", text)
    claim = Claim(
        "killed",
        sp(text, "3 people were killed"),
        sp(text, "killed"),
        Count(3, 3, 3, "exact", sp(text, "3")),
        attribution=Attribution(sp(text, "officials"), "official"),
    )
    return doc, Extraction(doc.id, (claim,) * 100, extractor="crash")


def test_round_trip_is_exact(store: SQLiteStore) -> None:
    doc, ext = sample_document(), sample_extraction()
    assert store.save(doc, ext, produced_by="harmledger 0.1.0") is True
    assert store.has_document(doc.id)
    assert store.get_document(doc.id) == doc
    assert store.extraction(doc.id) == ext
    assert list(store.documents()) == [doc]
    assert [c for _, c in store.claims()] == list(ext.claims)
    assert [q for _, q in store.quotes(doc.id)] == list(ext.quotes)
    assert [p for _, p in store.places()] == list(ext.places)


def test_round_trip_survives_reopening(tmp_path: Path) -> None:
    doc, ext = sample_document(), sample_extraction()
    with SQLiteStore(tmp_path / "l.db") as s:
        s.save(doc, ext, produced_by="t")
    with SQLiteStore(tmp_path / "l.db") as s:
        assert s.extraction(doc.id) == ext
        assert s.get_document(doc.id[:10]) == doc
        assert s.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_save_is_idempotent(store: SQLiteStore) -> None:
    doc = sample_document()
    assert store.save(doc, sample_extraction(doc), produced_by="t")
    before = store.counts()
    assert store.save(doc, Extraction(doc.id), produced_by="t") is False
    assert store.save(doc, None, produced_by="other") is False
    assert store.counts() == before
    assert before["claims"] == 3 and before["claim_actors"] == 6 and before["claim_relays"] == 1
    assert before["documents"] == 1 and before["removed_spans"] == 1 and before["quotes"] == 2


def test_document_without_extraction(store: SQLiteStore) -> None:
    doc = sample_document()
    assert store.save(doc, None, produced_by="t")
    assert store.extraction(doc.id) == Extraction(doc.id)
    assert list(store.claims()) == []


def test_filters(store: SQLiteStore) -> None:
    doc = sample_document()
    other = sample_document(TEXT + " ", external_id="sample-2")
    store.save(doc, sample_extraction(doc), produced_by="t")
    store.save(other, sample_extraction(other), produced_by="t")
    killed = list(store.claims(kind="killed"))
    assert [d for d, _ in killed] == [doc.id, doc.id, other.id, other.id]
    assert {c.kind for _, c in killed} == {"killed"}
    assert [c.kind for _, c in store.claims(document_id=other.id)] == [
        "killed",
        "property",
        "killed",
    ]
    assert list(store.claims(kind="injured")) == []
    assert len(list(store.quotes(other.id))) == 2 and len(list(store.places())) == 6


def test_get_document_errors(store: SQLiteStore) -> None:
    for i in (1, 2):
        store.save(sample_document(id=f"abc{i}", text=TEXT), None, produced_by="t")
    assert store.get_document("abc2").id == "abc2"
    with pytest.raises(StoreError, match="ambiguous prefix 'abc'"):
        store.get_document("abc")
    with pytest.raises(StoreError, match="no document matches 'zz'"):
        store.get_document("zz")
    with pytest.raises(StoreError, match="no document matches '%'"):
        store.get_document("%")  # no LIKE wildcards
    with pytest.raises(StoreError, match="no document matches"):
        store.extraction("abc")


def test_hostile_strings_are_stored_intact(store: SQLiteStore) -> None:
    text = f"{HOSTILE} 3 were killed, said {HOSTILE}"
    doc = sample_document(text, origin=HOSTILE, title=HOSTILE, author='"; --')
    claim = Claim(
        "killed",
        sp(text, "3 were killed"),
        sp(text, "killed"),
        Count(3, 3, 3, "exact"),
        attribution=Attribution(sp(text, HOSTILE, 1), "unknown"),
        extractor=HOSTILE,
    )
    ext = Extraction(doc.id, (claim,), (Quote(sp(text, HOSTILE), None, None, False),))
    assert store.save(doc, ext, produced_by=HOSTILE)
    store.add_rejection(Rejection(HOSTILE, "ingest", "DecodeError", HOSTILE, HOSTILE))
    assert store.get_document(doc.id) == doc
    assert store.extraction(doc.id) == ext
    assert store.rejections()[0].origin == HOSTILE
    assert store.counts()["claims"] == 1
    assert store.search(HOSTILE) == [doc.id]


def test_unicode_offsets_round_trip(store: SQLiteStore) -> None:
    text = "\U0001f4a5 Two killed in Ḥomṣ — «terrible», said Zoë."
    doc = sample_document(text)
    claim = Claim(
        "killed", sp(text, "Two killed in Ḥomṣ"), sp(text, "killed"), Count(2, 2, 2, "exact")
    )
    ext = Extraction(doc.id, (claim,))
    store.save(doc, ext, produced_by="t")
    got = store.extraction(doc.id).claims[0]
    assert got == claim and text[got.span.start : got.span.end] == "Two killed in Ḥomṣ"


def test_save_is_one_transaction(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = sample_document()
    real = store._insert

    def fail_on_quotes(table: str, row: dict, on_conflict: str = "") -> sqlite3.Cursor:
        if table == "quotes":
            raise sqlite3.OperationalError("disk full")
        return real(table, row, on_conflict)

    monkeypatch.setattr(store, "_insert", fail_on_quotes)
    with pytest.raises(StoreError, match=r"could not save the document \(disk full\)"):
        store.save(doc, sample_extraction(doc), produced_by="t")
    assert set(store.counts().values()) == {0}
    assert not store.connection.in_transaction
    monkeypatch.undo()
    assert store.save(doc, sample_extraction(doc), produced_by="t")


def test_rejections_are_not_duplicated(store: SQLiteStore) -> None:
    a = Rejection("feed.xml", "ingest", "FeedError", "malformed RSS; check the URL", None)
    b = Rejection("page.html", "clean", "CleanError", "no article text; skip it", "ab" * 32)
    store.add_rejection(a)
    store.add_rejection(a)
    store.add_rejection(b)
    assert store.rejections() == [a, b]
    assert store.counts()["rejections"] == 2


def test_full_text_search(store: SQLiteStore) -> None:
    doc = sample_document()
    other = sample_document("Floods displaced 300 families in Sindh.", title="Floods")
    store.save(doc, None, produced_by="t")
    store.save(other, None, produced_by="t")
    assert store.has_fts
    assert store.search("Baniyas") == [doc.id]
    assert store.search("civilians killed") == [doc.id]
    assert store.search("floods") == [other.id]
    assert store.search("Baniyas floods") == []
    assert store.search('"unbalanced OR (') == []


def test_registered_factory(tmp_path: Path) -> None:
    with registry.stores.get(NAME)(tmp_path / "r.db") as s:
        assert isinstance(s, SQLiteStore)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        SQLiteStore(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


_CHILD = """
import sys
sys.path.insert(0, sys.argv[2])
from test_store_sqlite import crash_document
from harmledger.store.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
for i in range(50):
    doc, ext = crash_document(i)
    store.save(doc, ext, produced_by="crash-test")
    print(i, flush=True)
"""


def test_a_killed_writer_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    printed = [child.stdout.readline() for _ in range(10)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert printed[-1].strip() == "9"
    with SQLiteStore(path) as s:
        assert s.integrity_check() == "ok"
        committed = s.counts()["documents"]
        assert 10 <= committed < 50, "the writer was not killed part way"
        assert s.counts()["claims"] == committed * 100
        saved = [s.save(*crash_document(i), produced_by="again") for i in range(50)]
        assert saved.count(True) == 50 - committed
        ids = [d.id for d in s.documents()]
        assert sorted(ids) == sorted(crash_document(i)[0].id for i in range(50))
        assert s.counts()["claims"] == 50 * 100


def test_a_cumulative_claim_keeps_its_flag_and_period(tmp_path: Path) -> None:
    doc = sample_document()
    extraction = sample_extraction(doc)
    first = extraction.claims[0]
    phrase = Span.of(doc.text, first.span.start, first.span.start + 5)
    period = DateInterval("2014-01-01", "2025-03-08", 5, phrase)
    changed = replace(extraction, claims=(replace(first, cumulative=True, period=period),))
    with SQLiteStore(tmp_path / "c.db") as store:
        assert store.save(doc, changed, produced_by="t")
        (claim,) = store.extraction(doc.id).claims
    assert claim.cumulative and claim.period == period


def test_a_toll_without_attackers_is_kept(tmp_path: Path) -> None:
    """m009: a claim's count less the attackers among the dead, and the number of attacks a
    series total spans, survive a save and a load."""
    doc = sample_document()
    extraction = sample_extraction(doc)
    first = extraction.claims[0]
    words = Span.of(doc.text, first.span.start, first.span.start + 5)
    xa = Count(10, 10, None, "at_least", words)
    series = replace(first, cumulative=True, series_events=3)
    changed = replace(extraction, claims=(replace(first, excluding_attackers=xa), first, series))
    with SQLiteStore(tmp_path / "x.db") as store:
        assert store.save(doc, changed, produced_by="t")
        loaded = store.extraction(doc.id).claims
    assert loaded[0].excluding_attackers == xa and loaded[1].excluding_attackers is None
    assert loaded[2].series_events == 3 and loaded[0].series_events is None
