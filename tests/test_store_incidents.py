"""Incidents in the SQLite ledger: link rows, one-transaction saves, redirects, lookup, audit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from harmledger.errors import StoreError
from harmledger.models import (
    AuditEntry,
    ClaimRef,
    DateInterval,
    Document,
    Extraction,
    Incident,
    LinkBatch,
    LinkClaimRow,
    LinkDocRow,
    PlaceMention,
    Redirect,
    Span,
)
from harmledger.store.base import Store
from harmledger.store.incidents import BACKEND_METHODS, IncidentMethods
from harmledger.store.schema import INCIDENT_TABLES
from harmledger.store.sqlite import SQLiteStore
from test_store_base import TEXT, FailingStore, sample_document, sample_extraction


def save(store: Store, *parts: Any) -> None:
    """``store.save_links`` of a batch given field by field (docs, claims, incidents,
    assignments, redirects, retired)."""
    store.save_links(LinkBatch(*parts))


PUBLIC = (
    "unlinked_documents",
    "save_links",
    "link_docs",
    "link_claims",
    "link_pairs",
    "link_model",
    "link_claims_between",
    "max_link_seq",
    "incident",
    "resolve_incident_id",
    "incidents",
    "incident_founding",
    "redirects",
    "add_audit",
    "audit",
    "clear_incidents",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "ledger.db") as s:
        yield s


def stored(store: SQLiteStore, n: int) -> list[tuple[Document, Extraction]]:
    """Save ``n`` distinct sample documents with their extractions (3 claims each)."""
    out = []
    for i in range(n):
        doc = sample_document(TEXT + " " * i, external_id=f"sample-{i}")
        ext = sample_extraction(doc)
        assert store.save(doc, ext, produced_by="t")
        out.append((doc, ext))
    return out


def claim_row(
    ref: ClaimRef, seq: int, kind: str = "killed", lo: int | None = 100, hi: int | None = 101
) -> LinkClaimRow:
    return LinkClaimRow(ref, seq, kind, lo, hi, "SY", "Tartus", {"seq": seq, "words": ["a"]})


def incident(
    id: str, *refs: ClaimRef, start: str | None = "2025-03-06", parent: str | None = None
) -> Incident:
    date = DateInterval(start, start, 1) if start else None
    place = PlaceMention(Span(0, 7, "Baniyas"), country="SY", admin1="Tartus", geocoder="g")
    return Incident(id, refs, ("killed",), date=date, place=place, parent=parent)


def link_one(store: SQLiteStore, doc_id: str, seq: int = 0, inc: str = "inc-a") -> ClaimRef:
    """Save a link row for ``doc_id`` with its claim 0 as the only claim of incident ``inc``."""
    ref = ClaimRef(doc_id, 0)
    save(
        store,
        [LinkDocRow(doc_id, seq, {"title": "t"})],
        [claim_row(ref, seq)],
        [(incident(inc, ref), seq)],
        {ref: inc},
        [],
        [],
    )
    return ref


def incident_counts(store: SQLiteStore) -> dict[str, int]:
    counts = store.counts()
    return {t: counts[t] for t in INCIDENT_TABLES}


# -- the mixin ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PUBLIC)
def test_public_incident_methods_are_final_on_store(name: str) -> None:
    assert getattr(getattr(Store, name), "__final__", False) is True


def test_sqlite_implements_every_backend_method() -> None:
    assert len(BACKEND_METHODS) == 20
    for name in BACKEND_METHODS:
        assert getattr(SQLiteStore, name) is not getattr(IncidentMethods, name), name


def test_a_backend_without_incidents_says_so() -> None:
    with pytest.raises(StoreError, match="FailingStore keeps no incidents; use the SQLite"):
        FailingStore().max_link_seq()
    with pytest.raises(StoreError, match="keeps no incidents"):
        list(FailingStore().link_docs())


def test_backend_errors_are_wrapped(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_max_link_seq", broken)
    with pytest.raises(StoreError, match=r"could not read the link sequence \(disk I/O error\)"):
        store.max_link_seq()
    store.close()
    with pytest.raises(StoreError, match="store is closed"):
        store.incidents()


# -- link rows and unlinked documents -----------------------------------------------------------


def test_unlinked_documents_in_storage_order_and_shrinking(store: SQLiteStore) -> None:
    saved = stored(store, 3)
    assert [d.id for d, _ in store.unlinked_documents()] == [d.id for d, _ in saved]
    assert [e for _, e in store.unlinked_documents()] == [e for _, e in saved]
    link_one(store, saved[1][0].id)
    assert [d.id for d, _ in store.unlinked_documents()] == [saved[0][0].id, saved[2][0].id]


def test_save_links_round_trip(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    a0, a2, b0 = ClaimRef(doc.id, 0), ClaimRef(doc.id, 2), ClaimRef(other.id, 0)
    inc = incident("inc-a", a0, b0)
    save(
        store,
        [LinkDocRow(other.id, 1, {"n": 2}), LinkDocRow(doc.id, 0, {"n": 1})],
        [claim_row(b0, 5), claim_row(a0, 3), claim_row(a2, 4, "property")],
        [(inc, 3)],
        {a0: "inc-a", b0: "inc-a"},
        [],
        [],
    )
    assert [d.document_id for d in store.link_docs()] == [doc.id, other.id]
    assert next(store.link_docs()) == LinkDocRow(doc.id, 0, {"n": 1})
    claims = list(store.link_claims())
    assert [(c.seq, c.incident) for c in claims] == [(3, "inc-a"), (4, None), (5, "inc-a")]
    assert claims[0] == replace(claim_row(a0, 3), incident="inc-a")
    assert [c.ref for c in store.link_claims("property")] == [a2]
    assert store.incident("inc-a") == inc
    assert store.incident_founding(["inc-a", "nope"]) == {"inc-a": 3}
    assert store.max_link_seq() == 5
    assert incident_counts(store) == {
        "link_docs": 2,
        "link_claims": 3,
        "link_pairs": 0,
        "incidents": 1,
        "incident_redirects": 0,
        "incident_audit": 0,
    }


def test_max_link_seq_spans_docs_and_claims(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    assert store.max_link_seq() == -1
    save(store, [LinkDocRow(doc.id, 8, {})], [], [], {}, [], [])
    assert store.max_link_seq() == 8
    save(store, [], [claim_row(ClaimRef(other.id, 1), 11)], [], {}, [], [])
    assert store.max_link_seq() == 11


def test_rows_for_present_docs_and_claims_are_replaced(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    ref = link_one(store, doc.id, seq=0)
    save(
        store,
        [LinkDocRow(doc.id, 0, {"title": "new"})],
        [claim_row(ref, 0, lo=5, hi=6)],
        [],
        {ref: "inc-a"},
        [],
        [],
    )
    assert list(store.link_docs()) == [LinkDocRow(doc.id, 0, {"title": "new"})]
    assert [(c.lo, c.incident) for c in store.link_claims()] == [(5, "inc-a")]
    with pytest.raises(StoreError, match="UNIQUE"):  # another document may not take its seq
        save(store, [LinkDocRow(other.id, 0, {})], [], [], {}, [], [])
    assert len(list(store.link_docs())) == 1


def test_save_links_is_one_transaction(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    a0 = ClaimRef(doc.id, 0)
    missing = ClaimRef(other.id, 2)  # no link row for it anywhere
    with pytest.raises(StoreError, match=r"claim [0-9a-f]{12}:2 has no link row"):
        save(
            store,
            [LinkDocRow(doc.id, 0, {})],
            [claim_row(a0, 0)],
            [(incident("inc-a", a0), 0)],
            {a0: "inc-a", missing: "inc-a"},
            [Redirect("old", "inc-a", "merge")],
            [],
        )
    assert set(incident_counts(store).values()) == {0}
    assert not store.connection.in_transaction
    assert len(list(store.unlinked_documents())) == 2


def test_an_incident_must_own_its_claims(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    a0, b0 = ClaimRef(doc.id, 0), ClaimRef(other.id, 0)
    rows = [claim_row(a0, 0), claim_row(b0, 1)]
    with pytest.raises(StoreError, match="of incident inc-a is not assigned to it"):
        save(store, [], rows, [(incident("inc-a", a0, b0), 0)], {a0: "inc-a"}, [], [])
    with pytest.raises(StoreError, match="is assigned to inc-b; assign each claim"):
        save(store, [], rows, [(incident("inc-a", a0), 0)], {a0: "inc-b"}, [], [])
    with pytest.raises(StoreError, match="assigned to incident ghost, which is not saved"):
        save(store, [], rows, [], {a0: "ghost"}, [], [])
    assert set(incident_counts(store).values()) == {0}
    # a claim assigned earlier need not be assigned again
    link_one(store, doc.id)
    save(store, [], [], [(incident("inc-a", a0), 0)], {}, [], [])
    assert store.incident("inc-a").claims == (a0,)


def test_argument_checks(store: SQLiteStore) -> None:
    (doc, _), _ = stored(store, 2)
    ref = link_one(store, doc.id)
    inc = incident("inc-a", ref)
    with pytest.raises(StoreError, match="points to itself"):
        save(store, [], [], [], {}, [Redirect("inc-a", "inc-a", "merge")], [])
    with pytest.raises(StoreError, match="both saved and retired"):
        save(store, [], [], [(inc, 0)], {}, [], ["inc-a"])
    with pytest.raises(StoreError, match="both saved and redirected"):
        save(store, [], [], [(inc, 0)], {}, [Redirect("inc-a", "x", "merge")], [])
    with pytest.raises(StoreError, match="unknown claim kind 'murdered'"):
        save(store, [], [claim_row(ref, 0, "murdered")], [], {}, [], [])
    with pytest.raises(StoreError, match="pass both lo <= hi"):
        save(store, [], [claim_row(ref, 0, lo=5, hi=None)], [], {}, [], [])
    with pytest.raises(StoreError, match="leads to no live incident"):
        save(store, [], [], [], {}, [Redirect("gone", "nowhere", "merge")], [])
    with pytest.raises(StoreError, match="which is not saved or was retired"):
        save(store, [], [], [], {}, [], ["inc-a"])  # its claim still names it
    assert store.redirects() == [] and store.resolve_incident_id("inc-a") == "inc-a"


# -- redirects and lookup -----------------------------------------------------------------------


def _merge(store: SQLiteStore, old: str, new: str, refs: list[ClaimRef], seq: int) -> None:
    """Merge incident ``old`` into ``new``, which gets ``refs``: redirect and retire."""
    save(
        store,
        [],
        [],
        [(incident(new, *refs), seq)],
        dict.fromkeys(refs, new),
        [Redirect(old, new, "merge")],
        [old],
    )


def test_redirect_chains_are_followed(store: SQLiteStore) -> None:
    (d0, _), (d1, _), (d2, _) = stored(store, 3)
    r0, r1, r2 = (link_one(store, d.id, i, f"inc-{i}") for i, d in enumerate((d0, d1, d2)))
    _merge(store, "inc-0", "inc-1", [r0, r1], 0)
    _merge(store, "inc-1", "inc-2", [r0, r1, r2], 0)
    assert store.resolve_incident_id("inc-0") == "inc-2"
    assert store.resolve_incident_id("inc-2") == "inc-2"
    assert store.resolve_incident_id("inc-9") is None
    assert store.incident("inc-0").claims == (r0, r1, r2)
    assert {r.old_id: r.new_id for r in store.redirects()} == {"inc-0": "inc-2", "inc-1": "inc-2"}
    assert all(r.at for r in store.redirects())
    assert [c.incident for c in store.link_claims()] == ["inc-2"] * 3
    # a chain written by hand (or by an older harmledger) is followed on read
    store.connection.execute(
        "UPDATE incident_redirects SET new_id = 'inc-1' WHERE old_id = 'inc-0'"
    )
    assert store.resolve_incident_id("inc-0") == "inc-2"
    store.connection.execute(
        "UPDATE incident_redirects SET new_id = 'inc-0' WHERE old_id = 'inc-1'"
    )
    assert store.resolve_incident_id("inc-0") is None  # a cycle names nothing


def test_an_id_saved_again_loses_its_redirect(store: SQLiteStore) -> None:
    (d0, _), (d1, _) = stored(store, 2)
    r0, r1 = link_one(store, d0.id, 0, "inc-0"), link_one(store, d1.id, 1, "inc-1")
    _merge(store, "inc-0", "inc-1", [r0, r1], 1)
    save(
        store,
        [],
        [],
        [(incident("inc-0", r0), 0), (incident("inc-1", r1), 1)],
        {r0: "inc-0"},
        [],
        [],
    )
    assert store.redirects() == []
    assert store.resolve_incident_id("inc-0") == "inc-0"


def test_prefix_lookup_and_ambiguity(store: SQLiteStore) -> None:
    (d0, _), (d1, _), (d2, _) = stored(store, 3)
    for i, (doc, name) in enumerate([(d0, "inc-aa1"), (d1, "inc-aa2"), (d2, "inc-b")]):
        link_one(store, doc.id, i, name)
    assert store.incident("inc-b").id == "inc-b"
    assert store.incident("  inc-aa2 ").id == "inc-aa2"
    for prefix in ("inc-a", "inc-", "i"):
        with pytest.raises(StoreError, match=f"ambiguous incident prefix '{prefix}'"):
            store.incident(prefix)
    with pytest.raises(
        StoreError, match=r"no incident matches 'zz'; run `harmledger incidents ls`"
    ):
        store.incident("zz")
    with pytest.raises(StoreError, match="no incident matches '%'"):
        store.incident("%")
    with pytest.raises(StoreError, match="no incident id given"):
        store.incident(" ")
    _merge(store, "inc-aa1", "inc-aa2", [ClaimRef(d0.id, 0), ClaimRef(d1.id, 0)], 1)
    assert store.incident("inc-a").id == "inc-aa2"  # old and live id lead to one incident
    assert store.incident("inc-aa1").id == "inc-aa2"


def test_incidents_listing(store: SQLiteStore) -> None:
    docs = stored(store, 4)
    refs = [link_one(store, d.id, i, f"tmp-{i}") for i, (d, _) in enumerate(docs)]
    late, early = incident("z-late", refs[0], start="2025-04-02"), incident("a-early", refs[1])
    undated = incident("m-undated", refs[2], start=None)
    child = incident("child", refs[3], start="2025-03-01", parent="z-late")
    saved = [late, early, undated, child]
    save(
        store,
        [],
        [],
        [(inc, i) for i, inc in enumerate(saved)],
        {inc.claims[0]: inc.id for inc in saved},
        [],
        [f"tmp-{i}" for i in range(4)],
    )
    assert [i.id for i in store.incidents()] == ["a-early", "z-late", "m-undated"]
    assert [i.id for i in store.incidents(parent="z-late")] == ["child"]
    assert [i.id for i in store.incidents(since="2025-03-07")] == ["z-late"]
    assert [i.id for i in store.incidents(until="2025-03-06")] == ["a-early"]
    assert list(store.incidents(kind="injured")) == []
    assert len(list(store.incidents(kind="killed"))) == 3
    with pytest.raises(StoreError, match="pass YYYY-MM-DD"):
        store.incidents(since="March")
    with pytest.raises(StoreError, match="swap them"):
        store.incidents(since="2025-03-07", until="2025-03-01")


def test_link_claims_between(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    rows = [
        claim_row(ClaimRef(doc.id, 0), 0, "killed", 100, 100),
        claim_row(ClaimRef(doc.id, 1), 1, "property", 100, 105),
        claim_row(ClaimRef(doc.id, 2), 2, "killed", None, None),
        claim_row(ClaimRef(other.id, 0), 3, "injured", 90, 99),
        claim_row(ClaimRef(other.id, 1), 4, "killed", 104, 110),
    ]
    save(store, [], rows, [], {}, [], [])

    def between(kinds: list[str], lo: int, hi: int) -> list[int]:
        return [c.seq for c in store.link_claims_between(kinds, lo, hi)]

    assert between(["killed", "injured"], 99, 104) == [0, 3, 4]
    assert between(["killed"], 101, 103) == []
    assert between(["property"], 105, 200) == [1]
    assert between(["injured"], 100, 200) == []
    with pytest.raises(StoreError, match="unknown claim kind"):
        store.link_claims_between(["murder"], 0, 1)
    with pytest.raises(StoreError, match="pass lo <= hi"):
        store.link_claims_between(["killed"], 5, 1)


# -- audit and clearing -------------------------------------------------------------------------


def test_audit_add_and_filter(store: SQLiteStore) -> None:
    a = AuditEntry("merge", "ana", "same strike", ("inc-1", "inc-2"), before="[]", after="[]")
    b = AuditEntry(
        "move",
        "bo",
        "wrong town",
        ("inc-3",),
        (ClaimRef("d", 1),),
        target="inc-2",
        at="2025-01-01T00:00:00Z",
    )
    c = AuditEntry("split", "ana", "two days", ("inc-4",))
    ids = [store.add_audit(e) for e in (a, b, c)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    log = store.audit()
    assert [e.id for e in log] == ids and [e.action for e in log] == ["merge", "move", "split"]
    assert log[0].at.endswith("Z") and log[1].at == "2025-01-01T00:00:00Z"
    assert log[1].claims == (ClaimRef("d", 1),)
    assert [e.action for e in store.audit("inc-2")] == ["merge", "move"]
    assert [e.action for e in store.audit("inc-4")] == ["split"]
    assert store.audit("inc-9") == []
    with pytest.raises(StoreError, match="needs an action and who"):
        store.add_audit(AuditEntry("merge", " ", "why", ("x",)))
    with pytest.raises(StoreError, match="already has an id"):
        store.add_audit(log[0])


def test_clear_incidents_keeps_audit_redirects_and_rows(store: SQLiteStore) -> None:
    (d0, _), (d1, _) = stored(store, 2)
    r0, r1 = link_one(store, d0.id, 0, "inc-0"), link_one(store, d1.id, 1, "inc-1")
    _merge(store, "inc-0", "inc-1", [r0, r1], 1)
    store.add_audit(AuditEntry("merge", "ana", "same", ("inc-0", "inc-1")))
    store.clear_incidents()
    counts = incident_counts(store)
    assert counts["incidents"] == 0
    assert counts["incident_redirects"] == 1 and counts["incident_audit"] == 1
    assert counts["link_docs"] == 2 and counts["link_claims"] == 2
    assert [c.incident for c in store.link_claims()] == [None, None]
    assert store.resolve_incident_id("inc-0") is None
    assert list(store.incidents()) == []
    assert list(store.unlinked_documents()) == []
    link_one(store, d0.id, 0, "inc-1")  # the relink saves again
    assert store.incident("inc-0").id == "inc-1"


def test_unchanged_incidents_keep_updated_at(store: SQLiteStore) -> None:
    (doc, _), _ = stored(store, 2)
    ref = link_one(store, doc.id)
    conn = store.connection
    conn.execute("UPDATE incidents SET updated_at = 'then'")
    save(store, [], [], [(incident("inc-a", ref), 0)], {}, [], [])
    assert conn.execute("SELECT updated_at FROM incidents").fetchone()[0] == "then"
    save(store, [], [], [(incident("inc-a", ref, start="2025-03-09"), 0)], {}, [], [])
    row = conn.execute("SELECT updated_at, date_start FROM incidents").fetchone()
    assert row[0] != "then" and row[1] == "2025-03-09"


def test_deleting_a_document_cascades_to_its_link_rows(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    link_one(store, doc.id, 0, "inc-0")
    link_one(store, other.id, 1, "inc-1")
    store.connection.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
    assert [d.document_id for d in store.link_docs()] == [other.id]
    assert [c.ref.document_id for c in store.link_claims()] == [other.id]


def test_each_incident_and_the_ledger_record_the_link_model(store: SQLiteStore) -> None:
    (doc, _), (other, _) = stored(store, 2)
    assert store.link_model() is None  # never linked
    a0, b0 = ClaimRef(doc.id, 0), ClaimRef(other.id, 0)
    one = replace(incident("inc-a", a0), linker="harmledger.link.v2+00000001")
    store.save_links(
        LinkBatch(
            docs=[LinkDocRow(doc.id, 0, {})],
            claims=[claim_row(a0, 0)],
            incidents=[(one, 0)],
            assignments={a0: "inc-a"},
            link_model="harmledger.link.v2+00000001",
        )
    )
    two = replace(incident("inc-b", b0), linker="harmledger.link.v2+00000002")
    store.save_links(  # an analyst's step: links no document, names no model
        LinkBatch(claims=[claim_row(b0, 1)], incidents=[(two, 1)], assignments={b0: "inc-b"})
    )
    assert store.link_model() == "harmledger.link.v2+00000001"
    assert store.incident("inc-b").linker == "harmledger.link.v2+00000002"
    rows = store._conn.execute("SELECT id, linker FROM incidents ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [
        ("inc-a", "harmledger.link.v2+00000001"),
        ("inc-b", "harmledger.link.v2+00000002"),
    ]
