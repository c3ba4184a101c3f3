"""Fault injection at the ledger's commit points, for the crash tests; a no-op by default.

Every write of the linker's state and of analysts' decisions (``Store.save_links``) passes
these named points, in this order:

- ``links.saving``: the step has read the ledger and computed its result; no transaction is
  open yet (another writer may commit here: the save is then stale and redone);
- ``links.begun``: the write transaction is open (``BEGIN IMMEDIATE``), nothing written;
- ``links.cleared``: a full relink has deleted every incident (only with ``clear``);
- ``links.written``: rows, pairs, incidents, assignments and redirects are written;
- ``links.audited``: the analyst's audit row is written (only with an audit entry);
- ``links.committed``: the transaction is committed (under ``Store.write_lock`` the save is
  a savepoint, released here, and the lock's transaction commits when the block ends).

A test replaces ``hook`` with a callable that takes the point's name and kills the process
(``os._exit``), raises, or runs another writer there::

    from harmledger.store import faults
    faults.hook = lambda point: os._exit(9) if point == "links.written" else None

Production code never sets it; ``reach`` costs one function call per point.
"""

from __future__ import annotations

from collections.abc import Callable

#: The commit points, in the order one save passes them.
POINTS: tuple[str, ...] = (
    "links.saving",
    "links.begun",
    "links.cleared",
    "links.written",
    "links.audited",
    "links.committed",
)


def no_fault(point: str) -> None:
    """The default hook: do nothing."""


#: Called with the name of each commit point a save reaches.
hook: Callable[[str], None] = no_fault


def reach(point: str) -> None:
    """Tell the hook that a save has reached ``point`` (one of ``POINTS``)."""
    hook(point)
