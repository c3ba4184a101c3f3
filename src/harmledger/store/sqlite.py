"""The SQLite ledger: one file, WAL journal, foreign keys on, every value passed as a parameter.

Each ``save`` is one ``BEGIN IMMEDIATE`` .. ``COMMIT`` transaction, so a process killed
between two documents loses nothing that was committed, and a document is either stored
whole or not at all. Opening a store applies pending migrations (``store.migrations``).
The tables are plain and readable: point Datasette at the file. Incidents and the linker's
state are kept by the ``SQLiteIncidents`` mixin (``store.sqlite_incidents``).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from harmledger.errors import StoreError
from harmledger.models import Claim, Document, Extraction, PlaceMention, Quote, Rejection
from harmledger.store import schema
from harmledger.store.base import Store
from harmledger.store.migrations import migrations
from harmledger.store.sqlite_incidents import SQLiteIncidents

NAME = "harmledger.store.sqlite.v1"

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_MAX_CHAR = "\U0010ffff"


class SQLiteStore(SQLiteIncidents, Store):
    """The ledger in one SQLite file (``":memory:"`` works too, for tests)."""

    name: ClassVar[str] = NAME
    backend_errors: ClassVar[tuple[type[BaseException], ...]] = (sqlite3.Error, OSError)

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = str(path)
        self._conn = _open(self.path)
        self.has_fts = _table_exists(self._conn, "documents_fts")

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection (autocommit mode), for read-only queries and tests."""
        self._check_open("use the connection")
        return self._conn

    # -- writing ------------------------------------------------------------------------------

    def _has_document(self, content_hash: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (content_hash,))
        return row.fetchone() is not None

    def _save(self, document: Document, extraction: Extraction | None, produced_by: str) -> bool:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = self._write(document, extraction, produced_by)
            conn.execute("COMMIT" if stored else "ROLLBACK")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return stored

    def _write(self, document: Document, extraction: Extraction | None, produced_by: str) -> bool:
        now = _now()
        row = schema.document_row(document, produced_by=produced_by, ingested_at=now)
        if self._insert("documents", row, "ON CONFLICT (id) DO NOTHING").rowcount == 0:
            return False
        for r in schema.removed_span_rows(document):
            self._insert("removed_spans", r)
        if extraction is None:
            return True
        self._insert(
            "extractions",
            {
                "document_id": document.id,
                "extractor": extraction.extractor,
                "produced_by": produced_by,
                "stored_at": now,
                "modelled_roles": ",".join(extraction.modelled_roles),
            },
        )
        for i, claim in enumerate(extraction.claims):
            claim_id = self._insert("claims", schema.claim_row(document.id, i, claim)).lastrowid
            assert claim_id is not None
            for table, rows in schema.claim_child_rows(claim_id, claim).items():
                for r in rows:
                    self._insert(table, r)
        for i, quote in enumerate(extraction.quotes):
            self._insert("quotes", schema.quote_row(document.id, i, quote))
        for i, place in enumerate(extraction.places):
            self._insert("place_mentions", schema.place_row(document.id, i, place))
        for i, filler in enumerate(extraction.roles):
            self._insert("role_fillers", schema.role_row(document.id, i, filler))
        return True

    def _add_rejection(self, rejection: Rejection) -> None:
        row = schema.rejection_row(rejection, at=_now())
        self._insert("rejections", row, "ON CONFLICT (origin, message) DO NOTHING")

    def _insert(self, table: str, row: dict[str, Any], on_conflict: str = "") -> sqlite3.Cursor:
        """INSERT one row; names come from ``schema`` (checked), values are parameters."""
        names = [table, *row]
        if not all(_IDENT.match(n) for n in names):
            raise StoreError(f"bad column name in {names}; this is a bug in harmledger.store")
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks}) {on_conflict}"
        return self._conn.execute(sql, tuple(row.values()))

    # -- reading ------------------------------------------------------------------------------

    def _match_ids(self, prefix: str, limit: int) -> list[str]:
        rows = self._conn.execute(
            "SELECT id FROM documents WHERE id >= ? AND id <= ? AND substr(id, 1, ?) = ?"
            " ORDER BY id LIMIT ?",
            (prefix, prefix + _MAX_CHAR, len(prefix), prefix, limit),
        )
        return [r[0] for r in rows]

    def _external_ids(self, external_id: str, limit: int) -> list[str]:
        rows = self._conn.execute(
            "SELECT id FROM documents WHERE external_id = ? ORDER BY rowid LIMIT ?",
            (external_id, limit),
        )
        return [r[0] for r in rows]

    def _get_document(self, document_id: str) -> Document | None:
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        removed = self._conn.execute(
            "SELECT * FROM removed_spans WHERE document_id = ? ORDER BY position", (document_id,)
        ).fetchall()
        return schema.document_from(row, removed)

    def _documents(self) -> Iterator[Document]:
        ids = [r[0] for r in self._conn.execute("SELECT id FROM documents ORDER BY rowid")]
        for document_id in ids:
            doc = self._get_document(document_id)
            if doc is not None:
                yield doc

    def _extraction(self, document_id: str) -> Extraction | None:
        if not self._has_document(document_id):
            return None
        row = self._conn.execute(
            "SELECT extractor, modelled_roles FROM extractions WHERE document_id = ?",
            (document_id,),
        ).fetchone()
        roles = self._conn.execute(
            "SELECT * FROM role_fillers WHERE document_id = ? ORDER BY position", (document_id,)
        ).fetchall()
        return Extraction(
            document_id=document_id,
            claims=tuple(self._document_claims(document_id, None)),
            quotes=tuple(q for _, q in self._quotes(document_id)),
            places=tuple(p for _, p in self._places(document_id)),
            extractor=row["extractor"] if row else "",
            roles=tuple(schema.role_from(r) for r in roles),
            modelled_roles=tuple(r for r in (row["modelled_roles"] if row else "").split(",") if r),
        )

    def _claims(self, kind: str | None, document_id: str | None) -> Iterator[tuple[str, Claim]]:
        ids = self._conn.execute(
            "SELECT d.id FROM documents d WHERE (? IS NULL OR d.id = ?) AND EXISTS ("
            " SELECT 1 FROM claims c WHERE c.document_id = d.id AND (? IS NULL OR c.kind = ?))"
            " ORDER BY d.rowid",
            (document_id, document_id, kind, kind),
        ).fetchall()
        for (doc_id,) in ids:
            for claim in self._document_claims(doc_id, kind):
                yield doc_id, claim

    def _document_claims(self, document_id: str, kind: str | None) -> list[Claim]:
        """The claims of one document in stored order, with their actors, places and relays."""
        rows = self._conn.execute(
            "SELECT * FROM claims WHERE document_id = ? AND (? IS NULL OR kind = ?)"
            " ORDER BY position",
            (document_id, kind, kind),
        ).fetchall()
        children = {t: self._children(t, document_id) for t in schema.CLAIM_CHILD_TABLES}
        return [
            schema.claim_from(r, *(children[t].get(r["id"], []) for t in schema.CLAIM_CHILD_TABLES))
            for r in rows
        ]

    def _children(self, table: str, document_id: str) -> dict[int, list[sqlite3.Row]]:
        """Rows of a claim child table for one document, by claim id, in position order."""
        if table not in schema.CLAIM_CHILD_TABLES:
            raise StoreError(f"unknown table {table!r}; this is a bug in harmledger.store")
        rows = self._conn.execute(
            f"SELECT x.* FROM {table} x JOIN claims c ON c.id = x.claim_id"
            " WHERE c.document_id = ? ORDER BY x.claim_id, x.position",
            (document_id,),
        )
        grouped: dict[int, list[sqlite3.Row]] = defaultdict(list)
        for r in rows:
            grouped[r["claim_id"]].append(r)
        return grouped

    def _quotes(self, document_id: str | None) -> Iterator[tuple[str, Quote]]:
        rows = self._conn.execute(
            "SELECT * FROM quotes WHERE (? IS NULL OR document_id = ?) ORDER BY id",
            (document_id, document_id),
        )
        for r in rows.fetchall():
            yield r["document_id"], schema.quote_from(r)

    def _places(self, document_id: str | None) -> Iterator[tuple[str, PlaceMention]]:
        rows = self._conn.execute(
            "SELECT * FROM place_mentions WHERE (? IS NULL OR document_id = ?) ORDER BY id",
            (document_id, document_id),
        )
        for r in rows.fetchall():
            yield r["document_id"], schema.place_from(r)

    def _rejections(self) -> list[Rejection]:
        rows = self._conn.execute("SELECT * FROM rejections ORDER BY id")
        return [schema.rejection_from(r) for r in rows]

    def _counts(self) -> dict[str, int]:
        return {
            t: self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in schema.TABLES
        }

    def _search(self, words: list[str], limit: int) -> list[str]:
        if self.has_fts:
            phrase = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            rows = self._conn.execute(
                "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid"
                " WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT ?",
                (phrase, limit),
            )
        else:  # no FTS5 in this SQLite build: a slower substring scan
            has_word = "instr(lower(coalesce(title, '') || ' ' || text), ?) > 0"
            cond = " AND ".join([has_word] * len(words))
            rows = self._conn.execute(
                f"SELECT id FROM documents WHERE {cond} ORDER BY rowid LIMIT ?",
                (*(w.lower() for w in words), limit),
            )
        return [r[0] for r in rows]

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``: "ok" for a sound file."""
        self._check_open("check the database")
        return self._run(
            "check the database",
            lambda: "; ".join(r[0] for r in self._conn.execute("PRAGMA integrity_check")),
        )

    def _close(self) -> None:
        self._conn.close()


def open_sqlite_store(path: str | Path) -> SQLiteStore:
    """The registered factory: ``stores.get("harmledger.store.sqlite.v1")(path)``."""
    return SQLiteStore(path)


def _open(path: str) -> sqlite3.Connection:
    """Connect in autocommit mode, switch on WAL and foreign keys, apply pending migrations."""
    try:
        if path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"could not open the ledger at {path} ({exc}); check the path") from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrations.apply(conn)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        detail = " ".join(str(exc).split())
        raise StoreError(
            f"could not open the ledger at {path} ({detail}); is it a harmledger database?"
        ) from exc
    return conn


def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
