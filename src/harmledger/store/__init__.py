"""The ledger store: an abstract ``Store`` and its SQLite backend.

>>> from harmledger.store import SQLiteStore
>>> with SQLiteStore("ledger.db") as store:  # doctest: +SKIP
...     store.save(document, extraction, produced_by="harmledger 0.1.0")

The backend is also registered as ``harmledger.store.sqlite.v1`` in
``harmledger.registry.stores``.
"""

from __future__ import annotations

from harmledger.store.base import Store
from harmledger.store.migrations import Migrations, migrations
from harmledger.store.sqlite import NAME as SQLITE_STORE
from harmledger.store.sqlite import SQLiteStore, open_sqlite_store

__all__ = [
    "SQLITE_STORE",
    "Migrations",
    "SQLiteStore",
    "Store",
    "migrations",
    "open_sqlite_store",
]
