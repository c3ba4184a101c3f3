"""Incident rows and records: JSON round trips of every nested type, and the row helpers."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from harmledger.errors import InvalidRecordError, StoreError
from harmledger.models import (
    AuditEntry,
    ClaimRef,
    DateInterval,
    Estimate,
    Incident,
    IncidentSource,
    LinkClaimRow,
    LinkDocRow,
    PlaceMention,
    Redirect,
    Span,
)
from harmledger.store import incident_schema as isc
from harmledger.store.schema import INCIDENT_TABLES, TABLES

A, B = "a" * 64, "b" * 64


def full_incident() -> Incident:
    """An incident with every field set to a value other than its default."""
    place = PlaceMention(
        Span(10, 17, "Baniyas"),
        geonameid=173811,
        gazetteer_id="sup:baniyas",
        name="Bāniyās",
        lat=35.18233,
        lon=35.94015,
        country="SY",
        admin1="Tartus",
        admin2="Baniyas District",
        feature_class="P",
        geo_precision=1,
        where_prec=2,
        geocoder="harmledger.resolve.geo.v1",
    )
    killed = Estimate(
        "killed", 12, 14, 20, 12, "max-exact-of-independent", "SOHR says 20", (ClaimRef(A, 0),)
    )
    burned = Estimate("property", None, None, None, None, "none", "", (ClaimRef(B, 3),))
    return Incident(
        id="inc-0001",
        claims=(ClaimRef(A, 0), ClaimRef(B, 3)),
        kinds=("killed", "property"),
        estimates=(killed, burned),
        date=DateInterval("2025-03-06", "2025-03-07", 2, Span(30, 38, "Thursday")),
        place=place,
        place_document=A,
        perpetrators=("armed men",),
        victims=("civilians", "two children"),
        civilian_targeting=True,
        sources=(
            IncidentSource("Samir Haidar", "witness", A, "story-1", "example.org", ClaimRef(A, 0)),
            IncidentSource("SOHR", "monitor", B, "story-2"),
        ),
        number_of_sources=2,
        independent_sources=2,
        grade="corroborated",
        parent="inc-0000",
        aggregate=True,
        notes="merged by analyst; «quoted» \U0001f4a5",
        headline="Gunmen kill 12 villagers near Baniyas",
        documents=(A, B),
        linker="harmledger.link.v1",
    )


def test_every_incident_field_differs_from_its_default() -> None:
    incident = full_incident()
    for f in fields(Incident):
        assert getattr(incident, f.name) != f.default, f.name


def test_full_incident_round_trips_through_json() -> None:
    incident = full_incident()
    text = isc.incident_to_json(incident)
    back = isc.incident_from_json(text)
    assert back == incident
    assert type(back.place) is PlaceMention and type(back.place.span) is Span
    assert type(back.date) is DateInterval and back.date.span == Span(30, 38, "Thursday")
    assert all(type(r) is ClaimRef for r in (*back.claims, *back.estimates[0].claims))
    assert back.sources[0].claim == ClaimRef(A, 0) and back.sources[1].claim is None
    assert isinstance(back.kinds, tuple) and isinstance(back.documents, tuple)
    assert json.loads(text)["claims"] == [[A, 0], [B, 3]]  # refs are [document, position]


def test_a_bare_incident_round_trips() -> None:
    bare = Incident("inc-2", (ClaimRef(A, 1),), ("injured",))
    assert isc.incident_from_json(isc.incident_to_json(bare)) == bare
    assert bare.fatalities is None


@pytest.mark.parametrize(
    "text", ["not json", "[]", '{"v": 1}', '{"v": 99, "id": "x", "claims": [], "kinds": []}']
)
def test_malformed_records_are_store_errors(text: str) -> None:
    with pytest.raises(InvalidRecordError, match="malformed") as info:
        isc.incident_from_json(text)
    assert "\n" not in str(info.value) and isinstance(info.value, StoreError)


def test_incident_row_copies_the_query_columns() -> None:
    incident = full_incident()
    row = isc.incident_row(incident, founding_seq=7, updated_at="2025-03-08T00:00:00Z")
    assert row["founding_seq"] == 7 and row["parent"] == "inc-0000"
    assert (row["date_start"], row["date_end"]) == ("2025-03-06", "2025-03-07")
    assert (row["country"], row["admin1"], row["fatalities"]) == ("SY", "Tartus", 12)
    assert (row["grade"], row["n_claims"]) == ("corroborated", 2)
    assert isc.incident_from(row) == incident
    bare = isc.incident_row(
        Incident("x", (ClaimRef(A, 0),), ("killed",)), founding_seq=0, updated_at="t"
    )
    assert bare["date_start"] is None and bare["country"] is None and bare["fatalities"] is None


def test_link_rows_round_trip() -> None:
    doc = LinkDocRow(A, 3, {"title": "T", "sig": [1, 2, 3], "published": None})
    assert isc.link_doc_from(isc.link_doc_row(doc)) == doc
    claim = LinkClaimRow(ClaimRef(A, 2), 9, "killed", 739000, 739001, "SY", None, {"x": 1.5}, "i1")
    row = isc.link_claim_row(claim)
    assert (row["document_id"], row["position"], row["incident_id"]) == (A, 2, "i1")
    assert isc.link_claim_from(row) == claim


def test_payloads_must_be_json() -> None:
    with pytest.raises(InvalidRecordError, match=r"payload of claim aaaaaaaaaaaa:2 is not JSON"):
        isc.link_claim_row(
            LinkClaimRow(ClaimRef(A, 2), 9, "killed", None, None, None, None, {"s": {1, 2}})
        )
    with pytest.raises(InvalidRecordError, match="payload of document"):
        isc.link_doc_row(LinkDocRow(A, 0, {"f": object()}))


def test_redirect_and_audit_rows() -> None:
    assert isc.redirect_row(Redirect("o", "n", "merge"), now="NOW")["at"] == "NOW"
    kept = Redirect("o", "n", "split", "2025-01-01T00:00:00Z")
    assert isc.redirect_from(isc.redirect_row(kept, now="NOW")) == kept
    entry = AuditEntry(
        "move", "ana", "same strike", ("i1", "i2"), (ClaimRef(A, 1),), "i2", "[1]", "[2]", ""
    )
    row = isc.audit_row(entry, now="NOW")
    assert json.loads(row["claims"]) == [[A, 1]] and row["at"] == "NOW"
    back = isc.audit_from({**row, "id": 5})
    assert back.id == 5 and back.at == "NOW" and back.claims == entry.claims
    assert back.incidents == ("i1", "i2") and back.target == "i2"
    assert isc.audit_mentions(back, "i2") and isc.audit_mentions(back, "i1")
    assert not isc.audit_mentions(back, "i3")


def test_incident_tables_are_counted() -> None:
    assert set(INCIDENT_TABLES) <= set(TABLES)
    assert len(set(TABLES)) == len(TABLES)
