"""What every command module shares: the consoles, the settings and the ledger of a run.

The sub-app modules of :mod:`harmledger.cli` import this module and nothing of each other or
of the root app (``cli/root.py``), so imports run one way: root -> sub-apps -> common. It stays
light: the stages (spaCy, numpy, the pipeline, link, store, export, evaluate) are imported inside
the functions that use them, so ``harmledger --help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from harmledger.errors import StoreError
from harmledger.settings import Settings

if TYPE_CHECKING:
    from harmledger.redact import Redactor
    from harmledger.store.base import Store


def console(*, stderr: bool = False) -> Console:
    """A console; when output is not a terminal, wide enough for tables to stay readable
    (the same as ``render.console``, without importing the renderers)."""
    found = Console(stderr=stderr)
    return found if found.is_terminal else Console(stderr=stderr, width=180)


out = console()
err = console(stderr=True)

IncludeNames = Annotated[
    bool,
    typer.Option(help="Show the names of private persons (for authorised users only)."),
]


def settings_of(ctx: typer.Context) -> Settings:
    """The run's settings, which the root app's callback put on the context."""
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return settings


def check_ledger(db: str) -> None:
    """Refuse a ledger file that does not exist (a mistyped --db), creating nothing."""
    if db == ":memory:" or db.startswith("file:"):
        return
    if not Path(db).is_file():
        raise StoreError(f"no ledger at {db}; run harmledger ingest first or check --db")


@contextmanager
def open_store(settings: Settings, *, create: bool = False) -> Iterator[Store]:
    """The ledger of ``settings``; only ``create=True`` (ingest) may start a new one."""
    from harmledger.registry import stores

    if not create:
        check_ledger(settings.db)
    store = stores.get(settings.store)(settings.db)
    try:
        yield store
    finally:
        store.close()


def redactor(store: Store, include_names: bool) -> Redactor | None:
    """The redaction of private names, or None when ``--include-names`` was given."""
    from harmledger.redact import Redactor

    return None if include_names else Redactor(store)
