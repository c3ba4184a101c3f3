"""A kill at any commit point leaves the ledger as before the step or as after it.

Each step that writes links (``link``, ``relink``) or an analyst's decision (``merge``,
``split``, ``move``) runs in a child process whose fault hook (``store.faults``) sends it
SIGKILL at one named commit point. The ledger is then opened again: ``PRAGMA
integrity_check`` is ok, every incident lists exactly the claims assigned to it, and the
whole linker state (incidents, claim assignments, link rows, pairs, redirects, audit rows,
generation) equals the state before the step when the kill came before the commit, and the
state after it when the kill came after.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import harmledger
from harmledger.link import review
from harmledger.link.linker import all_incidents, link_store
from harmledger.models import ClaimRef, Incident
from harmledger.pipeline import ingest_into
from harmledger.settings import Settings
from harmledger.store import faults
from harmledger.store.sqlite import SQLiteStore
from linkreports import FOUR, doc_id, write_jsonl

WHO, WHY = "ana", "checked against the field team's notes"
BEFORE_COMMIT = ("links.saving", "links.begun", "links.cleared", "links.written", "links.audited")


def _holding(store: SQLiteStore, name: str, position: int) -> Incident:
    claim = ClaimRef(doc_id(name), position)
    [found] = [i for i in all_incidents(store) if claim in i.claims]
    return found


def _merge(store: SQLiteStore) -> object:
    ids = [_holding(store, "wire", 0).id, _holding(store, "geneina", 1).id]
    return review.merge(store, ids, who=WHO, why=WHY)


def _split(store: SQLiteStore) -> object:
    copy = doc_id("copy")
    leaving = [ClaimRef(copy, i) for i in range(len(store.extraction(copy).claims))]
    return review.split(store, _holding(store, "wire", 0).id, leaving, who=WHO, why=WHY)


def _move(store: SQLiteStore) -> object:
    target = _holding(store, "wire", 0).id
    return review.move(store, [ClaimRef(doc_id("geneina"), 2)], target, who=WHO, why=WHY)


#: The steps under test, and the commit points each passes, in order.
STEPS: dict[str, tuple[Callable[[SQLiteStore], object], tuple[str, ...]]] = {
    "link": (link_store, ("links.saving", "links.begun", "links.written", "links.committed")),
    "relink": (
        review.relink_store,
        ("links.saving", "links.begun", "links.cleared", "links.written", "links.committed"),
    ),
    **{
        name: (fn, ("links.saving", "links.begun", "links.written", "links.audited",
                    "links.committed"))
        for name, fn in (("merge", _merge), ("split", _split), ("move", _move))
    },
}  # fmt: skip
CASES = [(step, point) for step, (_, points) in STEPS.items() for point in points]


def child(step: str, point: str, path: str) -> None:
    """Run in the child process: SIGKILL this process when ``step`` reaches ``point``."""

    def kill(reached: str) -> None:
        if reached == point:
            os.kill(os.getpid(), signal.SIGKILL)

    faults.hook = kill
    with SQLiteStore(path) as store:
        STEPS[step][0](store)
    sys.exit(3)  # not killed: the point was never reached


def copy_ledger(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        found = source.with_name(source.name + suffix)
        if found.exists():
            shutil.copy(found, folder / ("ledger.db" + suffix))
    return folder / "ledger.db"


def state(path: Path) -> dict[str, object]:
    """Everything the linker and the analysts wrote, less the clock; checks the file first."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        queries = {
            "incidents": "SELECT id, founding_seq, parent, n_claims, record FROM incidents",
            "claims": "SELECT document_id, position, seq, incident_id FROM link_claims",
            "docs": "SELECT document_id, seq FROM link_docs",
            "pairs": "SELECT seq_a, seq_b, score FROM link_pairs",
            "redirects": "SELECT old_id, new_id, reason FROM incident_redirects",
            "audit": 'SELECT id, action, who, why, incidents, claims, target, "before", "after"'
            " FROM incident_audit",
            "generation": "SELECT generation FROM link_state",
        }
        found = {k: sorted(conn.execute(q).fetchall()) for k, q in queries.items()}
    finally:
        conn.close()
    with SQLiteStore(path) as store:
        _check_consistent(store)
    return found


def _check_consistent(store: SQLiteStore) -> None:
    """Every incident lists exactly its assigned claims; every linked claim has an incident."""
    assigned: dict[str, set[ClaimRef]] = {}
    for row in store.link_claims():
        assert row.incident is not None, f"claim {row.ref} has no incident"
        assigned.setdefault(row.incident, set()).add(row.ref)
    incidents = all_incidents(store)
    assert {i.id: set(i.claims) for i in incidents} == assigned


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four reports linked, and two more stored but not linked yet (for ``link``)."""
    folder = tmp_path_factory.mktemp("atomic")
    with SQLiteStore(folder / "ledger.db") as store:
        first = write_jsonl(folder / "four.jsonl", list(FOUR))
        assert ingest_into(store, [str(first)], Settings()).stored == len(FOUR)
        link_store(store)
        more = write_jsonl(folder / "more.jsonl", ["follow_up", "nyala"])
        assert ingest_into(store, [str(more)], Settings()).stored == 2
    return folder / "ledger.db"


@pytest.fixture(scope="module")
def outcomes(template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Each step run here, whole: the points it passed and the state after it."""
    found: dict[str, object] = {}
    base = tmp_path_factory.mktemp("after")
    for step, (fn, _) in STEPS.items():
        path = copy_ledger(template, base / step)
        reached: list[str] = []
        faults.hook = reached.append
        try:
            with SQLiteStore(path) as store:
                fn(store)
        finally:
            faults.hook = faults.no_fault
        found[step] = (reached, state(path))
    return found


@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_passes_its_commit_points_once_in_order(
    step: str, outcomes: dict[str, object]
) -> None:
    reached, _ = outcomes[step]  # type: ignore[misc]
    assert reached == list(STEPS[step][1])


@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_changes_the_ledger(
    step: str, template: Path, outcomes: dict[str, object]
) -> None:
    _, after = outcomes[step]  # type: ignore[misc]
    before = state(template)
    assert after != before
    assert after["generation"] == [(before["generation"][0][0] + 1,)]  # type: ignore[index]


@pytest.mark.parametrize(("step", "point"), CASES)
def test_a_kill_at_a_commit_point_leaves_the_ledger_before_or_after(
    step: str, point: str, template: Path, outcomes: dict[str, object], tmp_path: Path
) -> None:
    path = copy_ledger(template, tmp_path)
    src = Path(harmledger.__file__).parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(Path(__file__).parent)])}
    code = f"import test_store_atomic as t; t.child({step!r}, {point!r}, {str(path)!r})"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    _, after = outcomes[step]  # type: ignore[misc]
    expected = state(template) if point in BEFORE_COMMIT else after
    assert state(path) == expected


def test_a_relink_killed_after_clearing_keeps_every_incident(
    template: Path, tmp_path: Path
) -> None:
    """The issue's repro: a kill between clearing and saving left 0 incidents."""
    path = copy_ledger(template, tmp_path)
    before = state(path)
    assert before["incidents"]

    def fail(point: str) -> None:
        if point == "links.cleared":
            raise KeyboardInterrupt  # anything, even not an Exception, rolls back

    faults.hook = fail
    try:
        with SQLiteStore(path) as store, pytest.raises(KeyboardInterrupt):
            review.relink_store(store)
    finally:
        faults.hook = faults.no_fault
    assert state(path) == before
