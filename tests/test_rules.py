"""Acceptance: the seed report through clean + the default extractor, as text and as a web page."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest

from harmledger.clean.pipeline import clean
from harmledger.extract.rules import EXTRACTOR_NAME, RuleExtractor, make_rule_extractor
from harmledger.models import Claim, Document, Extraction, RawDocument
from harmledger.registry import extractors
from seedpage import seed_html, seed_text


def _raw(body: str, fmt: str) -> RawDocument:
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return RawDocument(f"seed.{fmt}", body, fmt, published="2025-03-09", content_hash=digest)  # type: ignore[arg-type]


@cache
def _run(fmt: str) -> tuple[Document, Extraction]:
    body = seed_text() if fmt == "text" else seed_html()
    document = clean(_raw(body, fmt))
    return document, RuleExtractor().extract(document)


@pytest.fixture(params=["text", "html"])
def seed(request: pytest.FixtureRequest) -> tuple[Document, Extraction]:
    return _run(request.param)


def _killed(extraction: Extraction, best: int) -> list[Claim]:
    return [c for c in extraction.claims if c.kind == "killed" and c.count.best == best]


def test_sohr_claim(seed: tuple[Document, Extraction]) -> None:
    document, extraction = seed
    [claim] = [c for c in _killed(extraction, 532) if not c.in_headline]
    assert (claim.count.low, claim.count.high, claim.count.qualifier) == (532, None, "more_than")
    assert [v.span.text for v in claim.victims] == ["Alawite civilians"]
    assert claim.victims[0].group == "Alawite" and claim.victims[0].civilian is True
    perps = claim.perpetrators[:2]
    assert document.text[perps[0].span.start : perps[1].span.end] == (
        "security forces and allied groups"
    )
    assert {p.certainty for p in claim.perpetrators} == {"alleged"}
    assert claim.attribution is not None
    assert claim.attribution.source.text == "Syrian Observatory for Human Rights"
    assert claim.attribution.source_type == "monitor"
    assert claim.is_aggregate
    assert claim.date is not None and claim.date.end == "2025-03-09"
    places = {p.span.text: p for p in extraction.places}
    for name in ("coastal regions", "Latakia mountains"):
        assert name in [s.text for s in claim.places]
        assert places[name].admin1 == "Latakia"
        assert places[name].where_prec == 4 and places[name].geo_precision == 3


def test_witness_claim(seed: tuple[Document, Extraction]) -> None:
    _document, extraction = seed
    [claim] = _killed(extraction, 3)
    assert (claim.count.low, claim.count.high, claim.count.qualifier) == (3, 3, "exact")
    assert [s.text for s in claim.places] == ["Baniyas", "Syria"]  # its country, named earlier
    assert claim.places[1].start < claim.span.start
    [baniyas] = [p for p in extraction.places if p.span.text == "Baniyas"]
    assert baniyas.lat == pytest.approx(35.18, abs=0.05)
    assert baniyas.lon == pytest.approx(35.94, abs=0.05)
    assert baniyas.admin1 == "Tartus" and baniyas.country == "SY"
    assert claim.attribution is not None
    assert claim.attribution.source.text == "Samir Haidar"
    assert claim.attribution.source_type == "witness"
    assert [r.text for r in claim.attribution.relay] == ["AFP"]


def test_looting_is_a_property_claim(seed: tuple[Document, Extraction]) -> None:
    _document, extraction = seed
    [claim] = [c for c in extraction.claims if c.kind == "property"]
    assert claim.trigger.text == "looting"
    assert [t.text for t in claim.targets] == ["homes", "properties"]


def test_no_claim_counted_twice(seed: tuple[Document, Extraction]) -> None:
    document, extraction = seed
    body = [c for c in extraction.claims if not c.in_headline]
    assert len([c for c in body if c.count.best == 532]) == 1
    assert len({(c.kind, c.span.start, c.trigger.start) for c in body}) == len(body)
    for claim in extraction.claims:
        assert not document.is_removed(claim.trigger.start, claim.trigger.end)


@pytest.mark.parametrize(
    ("speaker", "role"),
    [
        ("Samir Haidar", "resident of Baniyas"),
        ("Hassan Abdul Ghani", "Defence ministry spokesman"),
        ("Mustafa Kneifati", "Latakia province security director"),
        ("Geir Pedersen", "United Nations envoy for Syria"),
        ("International Committee of the Red Cross", None),
        ("Aron Lund", None),
    ],
)
def test_quotes_and_speakers(
    seed: tuple[Document, Extraction], speaker: str, role: str | None
) -> None:
    _document, extraction = seed
    quotes = [q for q in extraction.quotes if q.speaker_name and q.speaker_name.text == speaker]
    assert quotes, f"no quote attributed to {speaker}"
    if role:
        assert role in [q.role.text for q in quotes if q.role]


def test_speaker_details(seed: tuple[Document, Extraction]) -> None:
    _document, extraction = seed
    by_name = {
        q.speaker_name.text: q
        for q in extraction.quotes
        if q.speaker_name and q.speaker == q.speaker_name
    }
    assert by_name["Samir Haidar"].age is not None
    assert by_name["Samir Haidar"].age.text == "67"
    assert by_name["Aron Lund"].affiliation is not None
    assert by_name["Aron Lund"].affiliation.text == "Century International think tank"
    pronoun = [q for q in extraction.quotes if q.speaker and q.speaker.text.lower() == "he"]
    assert {q.speaker_name.text for q in pronoun if q.speaker_name} >= {"Hassan Abdul Ghani"}


def test_text_and_html_agree() -> None:
    def summary(extraction: Extraction) -> tuple[list, list]:
        claims = sorted(
            (c.kind, str(c.count.low), str(c.count.high), c.in_headline) for c in extraction.claims
        )
        quotes = sorted(
            (q.speaker_name.text if q.speaker_name else "", q.content.text)
            for q in extraction.quotes
        )
        return claims, quotes

    text_claims, text_quotes = summary(_run("text")[1])
    html_claims, html_quotes = summary(_run("html")[1])
    assert [c for c in text_claims if not c[3]] == [c for c in html_claims if not c[3]]
    assert text_quotes == html_quotes


def test_every_span_slices_the_stored_text(seed: tuple[Document, Extraction]) -> None:
    document, extraction = seed
    text = document.text
    spans = [p.span for p in extraction.places]
    for c in extraction.claims:
        spans += [c.span, c.trigger, *c.places, *c.targets, *(v.span for v in c.victims)]
        spans += [p.span for p in c.perpetrators]
        spans += [s for s in (c.count.span, c.date.span if c.date else None) if s]
        if c.attribution:
            spans += [c.attribution.source, *c.attribution.relay]
    for q in extraction.quotes:
        spans += [s for s in (q.content, q.cue, q.speaker, q.speaker_name, q.role, q.affiliation,
                              q.age, q.relayed_via) if s]  # fmt: skip
    assert spans
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_registered_by_versioned_name() -> None:
    assert extractors.get(EXTRACTOR_NAME) is make_rule_extractor
    assert isinstance(make_rule_extractor(), RuleExtractor)


@pytest.mark.parametrize(
    ("text", "aggregate"),
    [
        ("FERGUSON, Mo. - A teenage boy was shot dead in Ferguson, Missouri on Sunday.", False),
        ("Gunmen killed 12 villagers in Homs and in Aleppo on Sunday.", True),
    ],
)
def test_a_toll_over_places_far_apart_is_aggregate_a_town_and_its_state_is_not(
    text: str, aggregate: bool
) -> None:
    document = Document(id="d", origin="t", format="text", text=text, published="2016-05-02")
    [killed] = [c for c in RuleExtractor().extract(document).claims if c.kind == "killed"]
    assert len(killed.places) >= 2
    assert killed.is_aggregate is aggregate


def test_kherson_example_is_dated_by_the_day_of_the_shelling() -> None:
    path = Path(__file__).parents[1] / "examples" / "kherson-market-shelling.txt"
    document = clean(RawDocument(str(path), path.read_text(encoding="utf-8"), "text"))
    assert document.published == "2025-03-14"  # from its "Published" line
    extraction = RuleExtractor().extract(document)
    [claim] = [
        c
        for c in extraction.claims
        if c.kind == "killed" and not c.in_headline and c.span.text.startswith("KHERSON")
    ]
    assert claim.date is not None and claim.date.span is not None
    assert claim.date.span.text.endswith("Friday")  # not "officials said"
    assert claim.date.start == claim.date.end == "2025-03-14"


def test_undated_claims_of_the_same_event_take_its_date() -> None:
    text = (
        "Gunmen killed three villagers in Tarvo late on Tuesday, the police said on Thursday. "
        "A fourth man died of his wounds.\n\n"
        "Since 2019 the conflict has killed 900 people in the valley."
    )
    document = Document(id="d", origin="t", format="text", text=text, published="2025-03-14")
    claims = RuleExtractor().extract(document).claims
    [first] = [c for c in claims if c.count.best == 3]
    [second] = [c for c in claims if c.trigger.text == "died"]
    [cumulative] = [c for c in claims if c.count.best == 900]
    assert first.date is not None and first.date.start == first.date.end == "2025-03-11"
    assert second.date == first.date  # with the span of "on Tuesday": exact provenance
    assert cumulative.date is None and cumulative.is_aggregate
