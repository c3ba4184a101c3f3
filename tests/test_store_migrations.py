"""Schema migrations: recorded once, applied in order, upgraded in place, rolled back on failure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from harmledger.errors import MigrationError, StoreError
from harmledger.models import ClaimRef, Incident
from harmledger.store.incident_schema import incident_row
from harmledger.store.migrations import Migrations, migrations
from harmledger.store.sqlite import SQLiteStore
from test_store_base import sample_document, sample_extraction


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _indexes(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")
    return {r[0] for r in rows}


def test_harmledger_migrations_are_ordered() -> None:
    assert migrations.names[:4] == [
        "m001_initial",
        "m002_indexes",
        "m003_incidents",
        "m004_link_pairs",
    ]


def test_opening_applies_all_and_a_second_open_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    SQLiteStore(path).close()
    conn = _connect(path)
    assert migrations.applied(conn) == migrations.names
    assert migrations.pending(conn) == []
    rows = conn.execute("SELECT name, applied_at FROM _migrations").fetchall()
    SQLiteStore(path).close()
    assert migrations.apply(conn) == []
    assert conn.execute("SELECT name, applied_at FROM _migrations").fetchall() == rows


def test_a_database_at_migration_1_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = _connect(path)
    assert migrations.apply(conn, stop_after="m001_initial") == ["m001_initial"]
    assert _indexes(conn) == set()
    assert migrations.pending(conn) == list(migrations.names[1:])
    doc = sample_document()
    with SQLiteStore(path) as store:  # applies m002 on open
        assert store.save(doc, sample_extraction(doc), produced_by="t")
    assert migrations.pending(conn) == []
    assert {"idx_claims_document", "idx_claims_kind", "idx_place_mentions_geonameid"} <= (
        _indexes(conn)
    )
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM claims WHERE kind = ?", ("killed",)
    ).fetchall()
    assert any("idx_claims_kind" in str(tuple(r)) for r in plan)


def test_a_ledger_at_migration_3_keeps_its_link_rows_and_gets_no_pairs(tmp_path: Path) -> None:
    path = tmp_path / "linked.db"
    conn = _connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    migrations.apply(conn, stop_after="m003_incidents")
    doc = sample_document()
    conn.execute(
        "INSERT INTO documents (id, origin, format, language, text, cleaner, produced_by,"
        " ingested_at) VALUES (?, 'o', 'text', 'en', 't', 'c', 'p', 'now')",
        (doc.id,),
    )
    conn.execute(
        "INSERT INTO link_claims (document_id, position, seq, kind, payload)"
        " VALUES (?, 0, 1, 'killed', '{}')",
        (doc.id,),
    )
    with SQLiteStore(path) as store:  # applies m004 on open
        assert [c.seq for c in store.link_claims()] == [1]
        assert list(store.link_pairs()) == []
        assert store.counts()["link_pairs"] == 0
    assert migrations.pending(conn) == []


def test_a_ledger_at_migration_7_records_which_link_model_linked_it(tmp_path: Path) -> None:
    """m008: ``incidents.linker`` is filled from each incident's record, and the ledger's
    link model is that of the incident saved last."""
    path = tmp_path / "v1.db"
    conn = _connect(path)
    migrations.apply(conn, stop_after="m007_link_generation")
    for n, at in ((1, "2026-01-01T00:00:00"), (2, "2026-02-01T00:00:00")):
        inc = Incident(f"inc-{n}", (ClaimRef("d", n),), ("killed",), linker=f"harmledger.link.v{n}")
        row = incident_row(inc, founding_seq=n, updated_at=at)
        del row["linker"]  # no such column before m008
        conn.execute(
            f"INSERT INTO incidents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values()),
        )
    with SQLiteStore(path) as store:  # applies m008 on open
        assert store.link_model() == "harmledger.link.v2"
        assert store.incident("inc-1").linker == "harmledger.link.v1"
    rows = conn.execute("SELECT id, linker FROM incidents ORDER BY id").fetchall()
    assert rows == [("inc-1", "harmledger.link.v1"), ("inc-2", "harmledger.link.v2")]
    assert "idx_incidents_linker" in _indexes(conn)
    assert migrations.pending(conn) == []


def test_a_ledger_never_linked_has_no_link_model_after_migration_8(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    migrations.apply(_connect(path), stop_after="m007_link_generation")
    with SQLiteStore(path) as store:
        assert store.link_model() is None


def test_a_failing_migration_is_rolled_back(tmp_path: Path) -> None:
    steps = Migrations("test")

    @steps()
    def m001_one(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE one (x)")

    @steps()
    def m002_two(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE two (x)")
        conn.execute("INSERT INTO one VALUES (1)")
        raise ValueError("boom\nwith a second line")

    conn = _connect(tmp_path / "t.db")
    with pytest.raises(MigrationError) as info:
        steps.apply(conn)
    message = str(info.value)
    assert "\n" not in message and "test.m002_two failed (ValueError: boom with" in message
    assert steps.applied(conn) == ["m001_one"]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "one" in tables and "two" not in tables
    assert conn.execute("SELECT count(*) FROM one").fetchone()[0] == 0
    assert not conn.in_transaction


def test_migration_sets_are_separate(tmp_path: Path) -> None:
    other = Migrations("plugin")

    @other()
    def m001_initial(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE plugin_rows (x)")

    path = tmp_path / "l.db"
    SQLiteStore(path).close()
    conn = _connect(path)
    assert other.apply(conn) == ["m001_initial"]
    assert migrations.pending(conn) == []
    SQLiteStore(path).close()  # the plugin's rows do not confuse the harmledger set


def test_unknown_applied_migration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SQLiteStore(path).close()
    conn = _connect(path)
    conn.execute(
        "INSERT INTO _migrations VALUES ('harmledger', 'm999_from_the_future', '2099-01-01')"
    )
    with pytest.raises(MigrationError, match="upgrade harmledger"):
        SQLiteStore(path)
    assert issubclass(MigrationError, StoreError)


def test_registration_errors() -> None:
    steps = Migrations("dup")

    @steps()
    def m001(conn: sqlite3.Connection) -> None: ...

    with pytest.raises(MigrationError, match="registered twice"):
        steps(name="m001")(m001)
    with pytest.raises(MigrationError, match="no migration named"):
        steps.apply(sqlite3.connect(":memory:", isolation_level=None), stop_after="m404")
