"""Acceptance of ``link_documents`` (linking in memory): the seed report's nesting, and three
reports of one incident beside an unrelated one."""

from __future__ import annotations

import hashlib
from functools import cache

import pytest

from harmledger.clean.pipeline import clean
from harmledger.extract.rules import RuleExtractor
from harmledger.link.batch import Linked, link_documents
from harmledger.models import ClaimRef, Document, Extraction, Incident, RawDocument
from linkreports import FOUR, extracted
from seedpage import seed_text

SEED_PUBLISHED = "2025-03-09"


@cache
def _seed() -> tuple[Document, Extraction]:
    body = seed_text()
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    raw = RawDocument("seed.text", body, "text", published=SEED_PUBLISHED, content_hash=digest)
    document = clean(raw)
    return document, RuleExtractor().extract(document)


def holding(incidents: dict[str, Incident], ref: ClaimRef) -> Incident:
    """The incident whose claims include ``ref``."""
    [found] = [i for i in incidents.values() if ref in i.claims]
    return found


def seed_refs(document: Document, extraction: Extraction) -> tuple[ClaimRef, ClaimRef]:
    """(the Observatory's 532 claim, the witness's three relatives in Baniyas)."""
    [coastal] = [
        i
        for i, c in enumerate(extraction.claims)
        if c.kind == "killed" and c.count.best == 532 and not c.in_headline
    ]
    [baniyas] = [
        i
        for i, c in enumerate(extraction.claims)
        if c.kind == "killed"
        and c.count.best == 3
        and [p.text for p in c.places][:1] == ["Baniyas"]
    ]
    return ClaimRef(document.id, coastal), ClaimRef(document.id, baniyas)


# -- the seed report --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_linked() -> tuple[Linked, ClaimRef, ClaimRef]:
    document, extraction = _seed()
    return link_documents([(document, extraction)]), *seed_refs(document, extraction)


def test_seed_witness_incident_is_a_child_of_the_coastal_incident(
    seed_linked: tuple[Linked, ClaimRef, ClaimRef],
) -> None:
    linked, coastal_ref, baniyas_ref = seed_linked
    coastal = holding(linked.incidents, coastal_ref)
    baniyas = holding(linked.incidents, baniyas_ref)
    assert baniyas.id != coastal.id
    assert baniyas.parent == coastal.id
    assert coastal.parent is None and coastal.aggregate
    assert baniyas.fatalities == 3


def test_seed_coastal_toll_is_532_not_the_sum(
    seed_linked: tuple[Linked, ClaimRef, ClaimRef],
) -> None:
    linked, coastal_ref, _ = seed_linked
    coastal = holding(linked.incidents, coastal_ref)
    killed = coastal.estimate("killed")
    assert killed is not None
    assert coastal.fatalities == 532  # the child's 3 are part of it, never added (535)
    assert killed.low == 532
    assert "headline says 500" in coastal.notes


def test_seed_document_tells_of_the_coastal_incident_first(
    seed_linked: tuple[Linked, ClaimRef, ClaimRef],
) -> None:
    linked, coastal_ref, baniyas_ref = seed_linked
    told = linked.by_document[coastal_ref.document_id]
    assert told[0] == holding(linked.incidents, coastal_ref).id
    assert holding(linked.incidents, baniyas_ref).id in told[1:]


# -- three reports of one incident, and another incident 310 km away -----------------------


@pytest.fixture(scope="module")
def darfur() -> Linked:
    return link_documents([extracted(n) for n in FOUR])


def _ref(name: str, position: int) -> ClaimRef:
    return ClaimRef(extracted(name)[0].id, position)


def test_the_reports_say_what_the_test_expects() -> None:
    """The extractor's reading of the texts that the linking tests below rely on."""
    for name, best in (("wire", 5), ("copy", 5), ("local", 7), ("geneina", 4)):
        document, extraction = extracted(name)
        assert document.published == "2025-03-05"
        killed = [c for c in extraction.claims if c.kind == "killed" and not c.in_headline]
        assert killed and {c.count.best for c in killed} == {best}, name
        assert killed[0].date is not None and killed[0].date.start == "2025-03-04", name
    places = {p.span.text: p for n in FOUR for p in extracted(n)[1].places}
    assert places["El Fasher"].admin1 == "North Darfur"
    assert places["El Geneina"].admin1 == "West Darfur"
    assert places["El Fasher"].country == places["El Geneina"].country == "SD"


def test_two_top_level_incidents(darfur: Linked) -> None:
    top = [i for i in darfur.incidents.values() if i.parent is None]
    assert len(top) == 2
    assert len(darfur.incidents) == 2
    market = holding(darfur.incidents, _ref("wire", 0))
    geneina = holding(darfur.incidents, _ref("geneina", 1))
    assert market.id != geneina.id
    assert {r.document_id for r in geneina.claims} == {extracted("geneina")[0].id}


def test_one_incident_from_three_reports_with_two_independent_sources(darfur: Linked) -> None:
    market = holding(darfur.incidents, _ref("wire", 0))
    assert set(market.documents) == {extracted(n)[0].id for n in ("wire", "copy", "local")}
    assert market.number_of_sources == 3
    assert market.independent_sources == 2  # the syndicated copy is the wire story again


def test_the_toll_follows_the_reconciliation_rules(darfur: Linked) -> None:
    market = holding(darfur.incidents, _ref("wire", 0))
    killed = market.estimate("killed")
    assert killed is not None
    # wire (and its copy) say 5, the local report 7: low is the smallest, best the largest
    # figure, high the largest upper bound, and the ACLED figure is low.
    assert (killed.low, killed.best, killed.high, killed.conservative) == (5, 7, 7, 5)
    assert market.fatalities == 5
    assert "sources differ on killed" in market.notes
    assert "7" in market.notes and "5" in market.notes
    assert market.grade == "confirmed"  # two stories, one of them medical; 5 vs 7 is no dispute


def test_the_unrelated_incident_keeps_its_own_toll(darfur: Linked) -> None:
    geneina = holding(darfur.incidents, _ref("geneina", 1))
    assert geneina.fatalities == 4
    assert geneina.number_of_sources == 1 and geneina.independent_sources == 1
    assert geneina.place is not None and geneina.place.admin1 == "West Darfur"
    assert "sources differ" not in geneina.notes


def test_order_of_the_reports_does_not_change_the_incidents() -> None:
    forward = link_documents([extracted(n) for n in FOUR])
    backward = link_documents([extracted(n) for n in reversed(FOUR)])

    def groups(linked: Linked) -> set[tuple[ClaimRef, ...]]:
        return {i.claims for i in linked.incidents.values()}

    assert groups(forward) == groups(backward)


def test_another_copy_of_the_wire_story_links_to_both_copies() -> None:
    """The copy the review tests add after splitting the first copy off the wire story."""
    for pair in (("wire", "copy2"), ("copy", "copy2")):
        linked = link_documents([extracted(n) for n in pair])
        assert len(linked.incidents) == 1, pair
        [incident] = linked.incidents.values()
        assert incident.independent_sources == 1  # copies of one story


def test_a_vague_count_never_becomes_an_exact_figure(darfur: Linked) -> None:
    market = holding(darfur.incidents, _ref("wire", 0))
    displaced = market.estimate("displaced")
    assert displaced is None or displaced.best is None or displaced.best >= 100_000


def test_a_denial_of_responsibility_is_not_a_source(darfur: Linked) -> None:
    geneina = holding(darfur.incidents, _ref("geneina", 1))
    assert "No group" not in {s.name for s in geneina.sources}
