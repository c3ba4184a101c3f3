"""The ledger schema, built by registered, ordered migrations (the sqlite-utils habit).

>>> migrations = Migrations("harmledger")
>>> @migrations()
... def m001_initial(conn): ...

``apply(conn)`` runs every migration not yet recorded in the ``_migrations`` table, in
registration order, each in its own transaction together with the row that records it; a
failure rolls that migration back and raises ``MigrationError``. Migrations must not commit
and must not use ``executescript`` (it commits): run one statement per ``conn.execute``.
Once released, a migration is never edited: change the schema with a new one.

The connection must be in autocommit mode (``isolation_level=None``) so that the explicit
``BEGIN``/``COMMIT`` here are the only transaction boundaries.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from harmledger.errors import MigrationError

log = logging.getLogger(__name__)

MigrationFn = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    fn: MigrationFn


class Migrations:
    """An ordered set of named schema migrations, recorded per set in ``_migrations``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._steps: list[Migration] = []

    def __call__(self, *, name: str | None = None) -> Callable[[MigrationFn], MigrationFn]:
        """Register the decorated function as the next migration (named after it by default)."""

        def decorate(fn: MigrationFn) -> MigrationFn:
            step = name or fn.__name__
            if any(m.name == step for m in self._steps):
                raise MigrationError(f"migration {step!r} is registered twice; rename it")
            self._steps.append(Migration(step, fn))
            return fn

        return decorate

    @property
    def names(self) -> list[str]:
        return [m.name for m in self._steps]

    def applied(self, conn: sqlite3.Connection) -> list[str]:
        """Names of this set's migrations recorded in ``conn``, oldest first."""
        _ensure_table(conn)
        rows = conn.execute(
            "SELECT name FROM _migrations WHERE migration_set = ? ORDER BY rowid",
            (self.name,),
        )
        return [r[0] for r in rows]

    def pending(self, conn: sqlite3.Connection) -> list[str]:
        done = set(self.applied(conn))
        return [m.name for m in self._steps if m.name not in done]

    def apply(self, conn: sqlite3.Connection, *, stop_after: str | None = None) -> list[str]:
        """Run pending migrations (up to and including ``stop_after``); return their names."""
        if stop_after is not None and stop_after not in self.names:
            raise MigrationError(f"no migration named {stop_after!r}; known: {self.names}")
        self._check_known(conn)
        ran: list[str] = []
        for step in self._steps:
            if self._apply_one(conn, step):
                ran.append(step.name)
            if step.name == stop_after:
                break
        return ran

    def _check_known(self, conn: sqlite3.Connection) -> None:
        unknown = [n for n in self.applied(conn) if n not in self.names]
        if unknown:
            raise MigrationError(
                f"database has migrations this harmledger does not know ({', '.join(unknown)});"
                " upgrade harmledger or use another database file"
            )

    def _apply_one(self, conn: sqlite3.Connection, step: Migration) -> bool:
        if conn.in_transaction:
            raise MigrationError("a transaction is open; commit it before applying migrations")
        try:
            conn.execute("BEGIN IMMEDIATE")
            done = conn.execute(
                "SELECT 1 FROM _migrations WHERE migration_set = ? AND name = ?",
                (self.name, step.name),
            ).fetchone()
            if done:  # another process applied it while we waited for the lock
                conn.execute("ROLLBACK")
                return False
            step.fn(conn)
            conn.execute(
                "INSERT INTO _migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
                (self.name, step.name, _now()),
            )
            conn.execute("COMMIT")
        except Exception as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            detail = str(exc).replace("\n", " ")
            raise MigrationError(
                f"migration {self.name}.{step.name} failed ({type(exc).__name__}: {detail});"
                " nothing of it was applied: fix the cause and open the database again"
            ) from exc
        log.info("applied migration %s.%s", self.name, step.name)
        return True


def _ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations ("
        " migration_set TEXT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,"
        " PRIMARY KEY (migration_set, name))"
    )


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def fts5_available(conn: sqlite3.Connection) -> bool:
    """True when this SQLite build has the FTS5 extension."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp._fts5_probe")
    except sqlite3.OperationalError:
        return False
    return True


# -- the harmledger schema ---------------------------------------------------------------------

migrations = Migrations("harmledger")

_SPAN = '"{p}text" TEXT, "{p}start" INTEGER, "{p}end" INTEGER'


def _span(prefix: str) -> str:
    return _SPAN.format(p=f"{prefix}_" if prefix else "")


def _add_columns(conn: sqlite3.Connection, table: str, columns: Iterable[str]) -> None:
    """ALTER TABLE ``table`` ADD COLUMN for each of ``columns`` (names and types written here,
    never from input)."""
    for column in columns:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


_INITIAL: tuple[str, ...] = (
    f"""CREATE TABLE documents (
        id TEXT PRIMARY KEY, origin TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('text', 'html')),
        external_id TEXT, url TEXT, canonical_url TEXT, title TEXT, {_span("title_span")},
        author TEXT, published TEXT, language TEXT NOT NULL, text TEXT NOT NULL,
        cleaner TEXT NOT NULL, produced_by TEXT NOT NULL, ingested_at TEXT NOT NULL)""",
    """CREATE TABLE removed_spans (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        reason TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (document_id, position))""",
    """CREATE TABLE extractions (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        extractor TEXT NOT NULL, produced_by TEXT NOT NULL, stored_at TEXT NOT NULL)""",
    f"""CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, kind TEXT NOT NULL, {_span("span")}, {_span("trigger")},
        low INTEGER, best INTEGER, high INTEGER, qualifier TEXT NOT NULL, {_span("count")},
        has_date INTEGER NOT NULL, date_start TEXT, date_end TEXT, date_prec INTEGER,
        {_span("date_phrase")}, {_span("source")}, source_type TEXT,
        is_aggregate INTEGER NOT NULL, in_headline INTEGER NOT NULL, confidence REAL NOT NULL,
        extractor TEXT NOT NULL, UNIQUE (document_id, position))""",
    """CREATE TABLE claim_actors (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('victim', 'perpetrator', 'target')),
        position INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, "group" TEXT, civilian INTEGER, certainty TEXT,
        PRIMARY KEY (claim_id, role, position))""",
    """CREATE TABLE claim_places (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, PRIMARY KEY (claim_id, position))""",
    """CREATE TABLE claim_relays (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, PRIMARY KEY (claim_id, position))""",
    f"""CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, {_span("content")}, {_span("cue")}, {_span("speaker")},
        {_span("speaker_name")}, {_span("role")}, {_span("affiliation")}, {_span("age")},
        {_span("relayed_via")}, direct INTEGER NOT NULL, extractor TEXT NOT NULL,
        UNIQUE (document_id, position))""",
    """CREATE TABLE place_mentions (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, geonameid INTEGER, gazetteer_id TEXT, name TEXT, lat REAL,
        lon REAL, country TEXT, admin1 TEXT, admin2 TEXT, feature_class TEXT,
        geo_precision INTEGER, where_prec INTEGER, geocoder TEXT NOT NULL,
        UNIQUE (document_id, position))""",
    """CREATE TABLE rejections (
        id INTEGER PRIMARY KEY, origin TEXT NOT NULL, stage TEXT NOT NULL, error TEXT NOT NULL,
        message TEXT NOT NULL, content_hash TEXT, at TEXT NOT NULL, UNIQUE (origin, message))""",
)

_FTS: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    " title, text, content='documents', content_rowid='rowid')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN"
    " INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);"
    " END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN"
    " INSERT INTO documents_fts (documents_fts, rowid, title, text)"
    " VALUES ('delete', old.rowid, old.title, old.text); END",
)


@migrations()
def m001_initial(conn: sqlite3.Connection) -> None:
    """The tables of the ledger, and a full-text index on documents where FTS5 exists."""
    for statement in _INITIAL:
        conn.execute(statement)
    if fts5_available(conn):
        for statement in _FTS:
            conn.execute(statement)


_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("idx_claims_document", "claims", "document_id"),
    ("idx_claims_kind", "claims", "kind"),
    ("idx_claims_source_type", "claims", "source_type"),
    ("idx_claim_actors_text", "claim_actors", "role, text"),
    ("idx_quotes_document", "quotes", "document_id"),
    ("idx_place_mentions_document", "place_mentions", "document_id"),
    ("idx_place_mentions_geonameid", "place_mentions", "geonameid"),
    ("idx_documents_published", "documents", "published"),
    ("idx_documents_external_id", "documents", "external_id"),
    ("idx_rejections_stage", "rejections", "stage"),
)


@migrations()
def m002_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for the common look-ups: claims by document and kind, places by geonameid."""
    for name, table, columns in _INDEXES:
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


_INCIDENTS: tuple[str, ...] = (
    """CREATE TABLE link_docs (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL UNIQUE, payload TEXT NOT NULL)""",
    """CREATE TABLE link_claims (
        document_id TEXT NOT NULL, position INTEGER NOT NULL, seq INTEGER NOT NULL UNIQUE,
        kind TEXT NOT NULL, lo INTEGER, hi INTEGER, country TEXT, admin1 TEXT,
        payload TEXT NOT NULL, incident_id TEXT, PRIMARY KEY (document_id, position),
        FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE)""",
    """CREATE TABLE incidents (
        id TEXT PRIMARY KEY, founding_seq INTEGER NOT NULL, parent TEXT, record TEXT NOT NULL,
        date_start TEXT, date_end TEXT, country TEXT, admin1 TEXT, fatalities INTEGER,
        grade TEXT, n_claims INTEGER NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE incident_redirects (
        old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)""",
    """CREATE TABLE incident_audit (
        id INTEGER PRIMARY KEY, action TEXT NOT NULL, who TEXT NOT NULL, why TEXT NOT NULL,
        incidents TEXT NOT NULL, claims TEXT NOT NULL, target TEXT, "before" TEXT NOT NULL,
        "after" TEXT NOT NULL, at TEXT NOT NULL)""",
    "CREATE INDEX idx_link_claims_place ON link_claims (kind, country, admin1, lo)",
    "CREATE INDEX idx_link_claims_incident ON link_claims (incident_id)",
    "CREATE INDEX idx_incidents_date ON incidents (date_start, id)",
    "CREATE INDEX idx_incidents_parent ON incidents (parent)",
    "CREATE INDEX idx_incident_redirects_new ON incident_redirects (new_id)",
)


@migrations()
def m003_incidents(conn: sqlite3.Connection) -> None:
    """The linker's saved state: document and claim features, incidents, redirects, audit."""
    for statement in _INCIDENTS:
        conn.execute(statement)


_LINK_PAIRS: tuple[str, ...] = (
    """CREATE TABLE link_pairs (
        seq_a INTEGER NOT NULL REFERENCES link_claims(seq) ON DELETE CASCADE,
        seq_b INTEGER NOT NULL REFERENCES link_claims(seq) ON DELETE CASCADE,
        score REAL NOT NULL, PRIMARY KEY (seq_a, seq_b), CHECK (seq_a < seq_b)) WITHOUT ROWID""",
    "CREATE INDEX idx_link_pairs_b ON link_pairs (seq_b)",
)


@migrations()
def m004_link_pairs(conn: sqlite3.Connection) -> None:
    """The linked pairs of claims of two documents with their scores, by the claims' linking
    seqs (smaller first), so that ``link_store`` need not score the ledger again on each run.
    A ledger linked before this migration has none until its next link run saves them."""
    for statement in _LINK_PAIRS:
        conn.execute(statement)


@migrations()
def m005_place_relation(conn: sqlite3.Connection) -> None:
    """A place mention's relation to the event: ``relation`` "near" ("10 km south of Gao",
    "outside Kabul") and ``offset_km``, the distance the text gives; NULL for "in"."""
    conn.execute("ALTER TABLE place_mentions ADD COLUMN relation TEXT")
    conn.execute("ALTER TABLE place_mentions ADD COLUMN offset_km REAL")


@migrations()
def m006_cumulative_claims(conn: sqlite3.Connection) -> None:
    """Background totals: ``cumulative`` marks a claim of a toll over a period ("the war has
    killed 150,000 since 2014"); ``period_*`` hold its interval and the period phrase's span.
    Claims stored before are event claims (0)."""
    columns = (
        "cumulative INTEGER NOT NULL DEFAULT 0",
        "has_period INTEGER NOT NULL DEFAULT 0",
        "period_start TEXT",
        "period_end TEXT",
        "period_prec INTEGER",
        *_span("period_phrase").split(", "),
    )
    _add_columns(conn, "claims", columns)


@migrations()
def m007_link_generation(conn: sqlite3.Connection) -> None:
    """The links' generation: one number that every save of links, clearing of incidents and
    audit row raises by one, in the same transaction. A writer that read the ledger at one
    generation and finds another when it saves was overtaken; its save is refused and redone
    (``Store.save_links(..., expect=...)``, docs/SECURITY.md)."""
    conn.execute(
        "CREATE TABLE link_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " generation INTEGER NOT NULL)"
    )
    conn.execute("INSERT INTO link_state (id, generation) VALUES (1, 0)")


@migrations()
def m008_link_model(conn: sqlite3.Connection) -> None:
    """Which link model linked what: ``incidents.linker``, the version of the link model that
    linked each incident (until now only inside its JSON record, from which it is filled), and
    ``link_state.link_model``, the version whose scores the saved linked pairs are (that of the
    incidents saved last; NULL for a ledger never linked)."""
    conn.execute("ALTER TABLE incidents ADD COLUMN linker TEXT")
    conn.execute("UPDATE incidents SET linker = json_extract(record, '$.linker')")
    conn.execute("CREATE INDEX idx_incidents_linker ON incidents (linker)")
    conn.execute("ALTER TABLE link_state ADD COLUMN link_model TEXT")
    conn.execute(
        "UPDATE link_state SET link_model = (SELECT linker FROM incidents"
        " WHERE linker IS NOT NULL AND linker != '' ORDER BY updated_at DESC, id LIMIT 1)"
    )


@migrations()
def m009_claim_toll_parts(conn: sqlite3.Connection) -> None:
    """A claim's toll without the attackers the text counts among the harmed ("At least 24
    soldiers and 18 assailants were killed": 24 or more): ``xa_low``, ``xa_best``, ``xa_high``,
    ``xa_qualifier`` and the span of its words (``xa_*``); NULL when the text names no attacker
    among them, as for every claim stored before. ``series_events``: how many related attacks
    a total over a series spans ("across the three attacks": 3; 0 when the text does not say;
    NULL for other claims, and for claims stored before)."""
    columns = (
        "series_events INTEGER",
        "xa_low INTEGER",
        "xa_best INTEGER",
        "xa_high INTEGER",
        "xa_qualifier TEXT",
        *_span("xa").split(", "),
    )
    _add_columns(conn, "claims", columns)


@migrations()
def m010_role_fillers(conn: sqlite3.Connection) -> None:
    """The trained role model's document-level fillers (``Extraction.roles``): one row per
    filler with its role, span, score and model; ``extractions.modelled_roles`` the roles it
    decides, comma-separated ('' for a ledger stored before, or without the model)."""
    conn.execute(
        f"""CREATE TABLE role_fillers (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('perpetrators', 'victims', 'targets', 'places')),
        {_span("")}, score REAL NOT NULL, model TEXT NOT NULL, UNIQUE (document_id, position))"""
    )
    conn.execute("CREATE INDEX idx_role_fillers_document ON role_fillers (document_id)")
    conn.execute("ALTER TABLE extractions ADD COLUMN modelled_roles TEXT NOT NULL DEFAULT ''")
