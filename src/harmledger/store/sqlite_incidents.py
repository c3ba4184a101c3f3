"""The SQLite side of ``IncidentMethods``: a mixin of ``SQLiteStore`` (tables of m003, m004).

Every write is one ``BEGIN IMMEDIATE`` .. ``COMMIT`` transaction, rolled back whole on any
error, including the consistency checks ``_save_links`` runs before it commits. A save of
links clears the incidents (a relink), writes the batch and the analyst's audit row in that
one transaction, and raises the links' generation (``link_state``) in it; given the
generation its step read, it refuses a stale write (``StaleWriteError``). The commit points
call ``store.faults.reach`` (a no-op unless a crash test sets the hook).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from harmledger.errors import InvalidRecordError, StaleWriteError, StoreError
from harmledger.models import (
    AuditEntry,
    ClaimRef,
    Document,
    Extraction,
    Incident,
    LinkBatch,
    LinkClaimRow,
    LinkDocRow,
    Redirect,
)
from harmledger.store import faults
from harmledger.store import incident_schema as isc

#: Redirect hops followed before giving up (a cycle, or a chain nobody should write).
MAX_HOPS = 100
_MAX_CHAR = "\U0010ffff"

_UPSERT_DOC = (
    "INSERT INTO link_docs (document_id, seq, payload) VALUES (:document_id, :seq, :payload)"
    " ON CONFLICT (document_id) DO UPDATE SET seq = excluded.seq, payload = excluded.payload"
)
_UPSERT_CLAIM = (
    "INSERT INTO link_claims (document_id, position, seq, kind, lo, hi, country, admin1,"
    " payload, incident_id) VALUES (:document_id, :position, :seq, :kind, :lo, :hi, :country,"
    " :admin1, :payload, :incident_id) ON CONFLICT (document_id, position) DO UPDATE SET"
    " seq = excluded.seq, kind = excluded.kind, lo = excluded.lo, hi = excluded.hi,"
    " country = excluded.country, admin1 = excluded.admin1, payload = excluded.payload,"
    " incident_id = excluded.incident_id"
)
_UPSERT_PAIR = (
    "INSERT INTO link_pairs (seq_a, seq_b, score) VALUES (?, ?, ?)"
    " ON CONFLICT (seq_a, seq_b) DO UPDATE SET score = excluded.score"
)
_UPSERT_INCIDENT = (
    "INSERT INTO incidents (id, founding_seq, parent, record, date_start, date_end, country,"
    " admin1, fatalities, grade, n_claims, updated_at, linker) VALUES (:id, :founding_seq,"
    " :parent, :record, :date_start, :date_end, :country, :admin1, :fatalities, :grade,"
    " :n_claims, :updated_at, :linker) ON CONFLICT (id) DO UPDATE SET"
    " founding_seq = excluded.founding_seq,"
    " parent = excluded.parent, record = excluded.record, date_start = excluded.date_start,"
    " date_end = excluded.date_end, country = excluded.country, admin1 = excluded.admin1,"
    " fatalities = excluded.fatalities, grade = excluded.grade, n_claims = excluded.n_claims,"
    " updated_at = excluded.updated_at, linker = excluded.linker"
    " WHERE incidents.record IS NOT excluded.record"
    " OR incidents.founding_seq IS NOT excluded.founding_seq"
)
_UPSERT_REDIRECT = (
    "INSERT INTO incident_redirects (old_id, new_id, reason, at)"
    " VALUES (:old_id, :new_id, :reason, :at) ON CONFLICT (old_id) DO UPDATE SET"
    " new_id = excluded.new_id, reason = excluded.reason, at = excluded.at"
)
_INSERT_AUDIT = (
    'INSERT INTO incident_audit (action, who, why, incidents, claims, target, "before",'
    ' "after", at) VALUES (:action, :who, :why, :incidents, :claims, :target, :before,'
    " :after, :at)"
)


class SQLiteIncidents:
    """Incident methods of ``SQLiteStore``; they need its ``_conn`` and document readers."""

    if TYPE_CHECKING:  # provided by SQLiteStore
        _conn: sqlite3.Connection

        def _get_document(self, document_id: str) -> Document | None: ...

        def _extraction(self, document_id: str) -> Extraction | None: ...

    #: True while ``write_lock`` holds the ledger: writes join its transaction (savepoints).
    _locked: bool = False

    def _transaction(self, fn: Callable[..., Any], *args: object) -> Any:
        """Run ``fn`` in one immediate transaction: committed on return, rolled back on error.
        Under ``write_lock`` it is a savepoint of the held transaction instead."""
        conn = self._conn
        begin, commit, undo = "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"
        if self._locked:
            begin, commit, undo = "SAVEPOINT step", "RELEASE step", "ROLLBACK TO step"
        conn.execute(begin)
        try:
            result = fn(*args)
            conn.execute(commit)
        except BaseException:
            if conn.in_transaction:
                conn.execute(undo)
                if self._locked:
                    conn.execute("RELEASE step")
            raise
        return result

    def _lock(self) -> None:
        if self._locked:
            raise StoreError("the ledger's write lock is held already; do not nest write_lock")
        self._conn.execute("BEGIN IMMEDIATE")
        self._locked = True

    def _unlock(self, commit: bool) -> None:
        self._locked = False
        if self._conn.in_transaction:
            self._conn.execute("COMMIT" if commit else "ROLLBACK")

    def _link_generation(self) -> int:
        row = self._conn.execute("SELECT generation FROM link_state WHERE id = 1").fetchone()
        return 0 if row is None else int(row[0])

    def _link_model(self) -> str | None:
        row = self._conn.execute("SELECT link_model FROM link_state WHERE id = 1").fetchone()
        return None if row is None else row[0]

    def _next_generation(self, expect: int | None) -> None:
        """Refuse a stale write (another writer committed since ``expect`` was read); raise the
        generation by one. Runs inside the write transaction."""
        now = self._link_generation()
        if expect is not None and now != expect:
            raise StaleWriteError(
                f"the links changed while this step ran (generation {expect}, now {now});"
                " nothing was written: read the ledger again and redo the step"
            )
        self._conn.execute("UPDATE link_state SET generation = generation + 1 WHERE id = 1")

    # -- the linker's state -------------------------------------------------------------------

    def _unlinked_documents(self) -> Iterator[tuple[Document, Extraction]]:
        ids = [
            r[0]
            for r in self._conn.execute(
                "SELECT d.id FROM documents d WHERE NOT EXISTS ("
                " SELECT 1 FROM link_docs l WHERE l.document_id = d.id) ORDER BY d.rowid"
            )
        ]
        for document_id in ids:
            doc = self._get_document(document_id)
            extraction = self._extraction(document_id)
            if doc is not None and extraction is not None:  # else deleted meanwhile
                yield doc, extraction

    def _save_links(
        self, batch: LinkBatch, audit: AuditEntry | None, clear: bool, expect: int | None
    ) -> None:
        faults.reach("links.saving")
        self._transaction(self._write_step, batch, audit, clear, expect)
        faults.reach("links.committed")

    def _write_step(
        self, batch: LinkBatch, audit: AuditEntry | None, clear: bool, expect: int | None
    ) -> None:
        faults.reach("links.begun")
        self._next_generation(expect)
        if clear:
            self._clear()
            faults.reach("links.cleared")
        self._write_links(batch)
        faults.reach("links.written")
        if audit is not None:
            self._insert_audit(audit)
            faults.reach("links.audited")

    def _write_links(self, batch: LinkBatch) -> None:
        conn, now = self._conn, _now()
        conn.executemany(_UPSERT_DOC, [isc.link_doc_row(d) for d in batch.docs])
        conn.executemany(_UPSERT_CLAIM, [isc.link_claim_row(c) for c in batch.claims])
        if batch.replace_pairs:
            conn.execute("DELETE FROM link_pairs")
        if batch.link_model:
            conn.execute("UPDATE link_state SET link_model = ? WHERE id = 1", (batch.link_model,))
        conn.executemany(_UPSERT_PAIR, batch.pairs)
        rows = [isc.incident_row(i, founding_seq=s, updated_at=now) for i, s in batch.incidents]
        conn.executemany(_UPSERT_INCIDENT, rows)
        conn.executemany(  # live again: an id is either an incident or a redirect
            "DELETE FROM incident_redirects WHERE old_id = ?", [(r["id"],) for r in rows]
        )
        self._assign(batch.assignments)
        for redirect in batch.redirects:
            self._write_redirect(isc.redirect_row(redirect, now=now))
        conn.executemany("DELETE FROM incidents WHERE id = ?", [(i,) for i in batch.retired])
        named = {c.incident for c in batch.claims if c.incident} | set(batch.assignments.values())
        self._check_links([i for i, _ in batch.incidents], named | set(batch.retired))
        self._check_redirects(batch.redirects)

    def _assign(self, assignments: Mapping[ClaimRef, str]) -> None:
        for ref, incident_id in assignments.items():
            cursor = self._conn.execute(
                "UPDATE link_claims SET incident_id = ? WHERE document_id = ? AND position = ?",
                (incident_id, ref.document_id, ref.position),
            )
            if cursor.rowcount == 0:
                raise InvalidRecordError(
                    f"claim {ref.document_id[:12]}:{ref.position} has no link row; pass its"
                    " LinkClaimRow in claims before assigning it"
                )

    def _write_redirect(self, row: dict[str, Any]) -> None:
        """Upsert a redirect and point older redirects to ``old_id`` at its new id instead."""
        conn = self._conn
        conn.execute(_UPSERT_REDIRECT, row)
        conn.execute(
            "UPDATE incident_redirects SET new_id = ? WHERE new_id = ? AND old_id != ?",
            (row["new_id"], row["old_id"], row["new_id"]),
        )

    def _check_links(self, saved: list[Incident], named: set[str]) -> None:
        """Refuse (so the transaction rolls back) a state in which incidents and claims disagree.

        Each saved incident's claims must be assigned to it; each id in ``named`` (assigned
        to, or retired) that claims name must be a live incident.
        """
        for incident in saved:
            have = {
                ClaimRef(r[0], r[1])
                for r in self._conn.execute(
                    "SELECT document_id, position FROM link_claims WHERE incident_id = ?",
                    (incident.id,),
                )
            }
            missing = [r for r in incident.claims if r not in have]
            if missing:
                ref = missing[0]
                raise InvalidRecordError(
                    f"claim {ref.document_id[:12]}:{ref.position} of incident {incident.id} is"
                    " not assigned to it; pass it in assignments (and its row in claims)"
                )
        for incident_id in sorted(named):
            live = self._incident_row(incident_id) is not None
            used = self._conn.execute(
                "SELECT 1 FROM link_claims WHERE incident_id = ? LIMIT 1", (incident_id,)
            ).fetchone()
            if used is not None and not live:
                raise InvalidRecordError(
                    f"claims are assigned to incident {incident_id}, which is not saved or was"
                    " retired; save that incident or assign its claims elsewhere"
                )

    def _check_redirects(self, redirects: Sequence[Redirect]) -> None:
        """Refuse a redirect that leads (through chains) to no live incident."""
        for r in redirects:
            if self._resolve_incident_id(r.old_id) is None:
                raise InvalidRecordError(
                    f"redirect {r.old_id} -> {r.new_id} leads to no live incident; save"
                    f" {r.new_id} in the same call or redirect to a live incident"
                )

    def _link_docs(self) -> Iterator[LinkDocRow]:
        rows = self._conn.execute("SELECT * FROM link_docs ORDER BY seq")
        for r in rows:
            yield isc.link_doc_from(r)

    def _link_claims(self, kind: str | None) -> Iterator[LinkClaimRow]:
        rows = self._conn.execute(
            "SELECT * FROM link_claims WHERE (? IS NULL OR kind = ?) ORDER BY seq", (kind, kind)
        )
        for r in rows:
            yield isc.link_claim_from(r)

    def _link_pairs(self) -> Iterator[tuple[int, int, float]]:
        cursor = self._conn.cursor()
        cursor.row_factory = None  # plain tuples, straight from the cursor: there can be millions
        return cursor.execute("SELECT seq_a, seq_b, score FROM link_pairs ORDER BY seq_a, seq_b")

    def _link_claims_between(self, kinds: list[str], lo: int, hi: int) -> Iterator[LinkClaimRow]:
        marks = ", ".join("?" for _ in kinds)  # only "?"s go into the SQL text
        rows = self._conn.execute(
            f"SELECT * FROM link_claims WHERE kind IN ({marks}) AND lo IS NOT NULL"
            " AND hi IS NOT NULL AND lo <= ? AND hi >= ? ORDER BY seq",
            (*kinds, hi, lo),
        ).fetchall()
        for r in rows:
            yield isc.link_claim_from(r)

    def _max_link_seq(self) -> int:
        row = self._conn.execute(
            "SELECT max(coalesce((SELECT max(seq) FROM link_docs), -1),"
            " coalesce((SELECT max(seq) FROM link_claims), -1))"
        ).fetchone()
        return int(row[0])

    # -- incidents ----------------------------------------------------------------------------

    def _incident_row(self, incident_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM incidents WHERE id = ?", (incident_id,)
        ).fetchone()
        return row

    def _match_incidents(self, prefix: str) -> list[str]:
        exact = self._resolve_incident_id(prefix)
        if exact is not None:
            return [exact]
        bounds = (prefix, prefix + _MAX_CHAR, len(prefix), prefix)
        live = self._conn.execute(
            "SELECT id FROM incidents WHERE id >= ? AND id <= ? AND substr(id, 1, ?) = ?"
            " ORDER BY id LIMIT 2",
            bounds,
        ).fetchall()
        old = self._conn.execute(
            "SELECT old_id FROM incident_redirects WHERE old_id >= ? AND old_id <= ?"
            " AND substr(old_id, 1, ?) = ? ORDER BY old_id LIMIT 2",
            bounds,
        ).fetchall()
        found = {self._resolve_incident_id(r[0]) for r in (*live, *old)}
        return sorted(i for i in found if i is not None)

    def _incident(self, incident_id: str) -> Incident | None:
        row = self._incident_row(incident_id)
        return None if row is None else isc.incident_from(row)

    def _resolve_incident_id(self, incident_id: str) -> str | None:
        current = incident_id
        for _ in range(MAX_HOPS):
            if self._incident_row(current) is not None:
                return current
            row = self._conn.execute(
                "SELECT new_id FROM incident_redirects WHERE old_id = ?", (current,)
            ).fetchone()
            if row is None:
                return None
            current = row[0]
        return None

    def _incidents(
        self, parent: str | None, kind: str | None, since: str | None, until: str | None
    ) -> Iterator[Incident]:
        if parent is not None:
            parent = self._resolve_incident_id(parent) or parent
        rows = self._conn.execute(
            "SELECT * FROM incidents WHERE parent IS ?"
            " AND (? IS NULL OR coalesce(date_end, date_start) >= ?)"
            " AND (? IS NULL OR date_start <= ?)"
            " ORDER BY date_start IS NULL, date_start, id",
            (parent, since, since, until, until),
        ).fetchall()
        for r in rows:
            incident = isc.incident_from(r)
            if kind is None or kind in incident.kinds:
                yield incident

    def _incident_founding(self, ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for incident_id in ids:
            row = self._conn.execute(
                "SELECT founding_seq FROM incidents WHERE id = ?", (incident_id,)
            ).fetchone()
            if row is not None:
                found[incident_id] = int(row[0])
        return found

    def _redirects(self) -> list[Redirect]:
        rows = self._conn.execute("SELECT * FROM incident_redirects ORDER BY rowid")
        return [isc.redirect_from(r) for r in rows]

    def _clear_incidents(self) -> None:
        def clear() -> None:
            self._next_generation(None)
            self._clear()

        self._transaction(clear)

    def _clear(self) -> None:
        self._conn.execute("UPDATE link_claims SET incident_id = NULL")
        self._conn.execute("DELETE FROM incidents")

    # -- audit --------------------------------------------------------------------------------

    def _add_audit(self, entry: AuditEntry) -> int:
        def add() -> int:
            self._next_generation(None)
            return self._insert_audit(entry)

        return int(self._transaction(add))

    def _insert_audit(self, entry: AuditEntry) -> int:
        cursor = self._conn.execute(_INSERT_AUDIT, isc.audit_row(entry, now=_now()))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _audit(self, incident_id: str | None) -> list[AuditEntry]:
        rows = self._conn.execute("SELECT * FROM incident_audit ORDER BY id")
        entries = [isc.audit_from(r) for r in rows]
        if incident_id is None:
            return entries
        return [e for e in entries if isc.audit_mentions(e, incident_id)]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
