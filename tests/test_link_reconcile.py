"""Reconciling an incident from its claims: tolls, notes, grade, date, place and sources."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from harmledger.link.reconcile import (
    LINKER,
    Member,
    contested,
    estimate,
    grade,
    headline_notes,
    incident_date,
    incident_place,
    reconcile,
    sources,
    with_none_reported,
)
from harmledger.models import (
    Actor,
    Attribution,
    Claim,
    ClaimRef,
    Count,
    DateInterval,
    IncidentSource,
    PlaceMention,
    SourceType,
    Span,
)

MONITOR = "the Syrian Observatory for Human Rights"


def exact(n: int) -> Count:
    return Count(n, n, n, "exact")


def more_than(n: int) -> Count:
    return Count(n, n, None, "more_than")


def place(name: str = "Baniyas", where_prec: int = 1, **overrides: Any) -> PlaceMention:
    fields: dict[str, Any] = {
        "span": Span(0, len(name), name),
        "name": name,
        "lat": 35.18233,
        "lon": 35.94015,
        "country": "SY",
        "admin1": "Tartus",
        "where_prec": where_prec,
    }
    fields.update(overrides)
    return PlaceMention(**fields)


def member(
    doc: str,
    position: int = 0,
    *,
    kind: str = "killed",
    count: Count | None = None,
    story: str | None = None,
    headline: bool = False,
    source: tuple[str, SourceType] | None = None,
    when: tuple[str, str, int] | None = None,
    where: PlaceMention | None = None,
    inferred: bool = False,
    published: str | None = "2025-03-08",
    title: str | None = None,
    url: str | None = None,
    victims: tuple[Actor, ...] = (),
    perpetrators: tuple[Actor, ...] = (),
    trigger: str = "killed",
) -> Member:
    """A claim of document ``doc`` (its own story unless ``story`` is given)."""
    attribution = None
    if source is not None:
        attribution = Attribution(Span(0, len(source[0]), source[0]), source[1])
    claim = Claim(
        kind=kind,  # type: ignore[arg-type]
        span=Span(0, 20, "twelve people killed"),
        trigger=Span(14, 14 + len(trigger), trigger),
        count=count if count is not None else exact(12),
        victims=victims,
        perpetrators=perpetrators,
        date=None if when is None else DateInterval(*when),
        attribution=attribution,
        in_headline=headline,
    )
    return Member(
        ref=ClaimRef(doc, position),
        claim=claim,
        place=where,
        published=published,
        title=title,
        url=url,
        story=story or doc,
        place_inferred=inferred,
    )


def source(document_id: str, story: str, kind: SourceType = "journalist") -> IncidentSource:
    return IncidentSource("someone", kind, document_id, story)


# -- counts ---------------------------------------------------------------------------------


def test_one_story_is_a_single_report() -> None:
    e = estimate("killed", [member("d1", count=exact(12))])
    assert e is not None
    assert (e.kind, e.low, e.best, e.high, e.conservative) == ("killed", 12, 12, 12, 12)
    assert e.method == "single report"
    assert e.note == ""
    assert e.claims == (ClaimRef("d1", 0),)


def test_no_claim_of_the_kind_no_estimate() -> None:
    assert estimate("injured", [member("d1")]) is None
    assert estimate("killed", []) is None


def test_copies_of_one_story_count_once() -> None:
    members = [
        member("d1", count=exact(5), story="wire"),
        member("d2", count=exact(6), story="wire"),
        member("d3", count=exact(4)),
    ]
    e = estimate("killed", members)
    assert e is not None
    assert e.method == "largest of independent stories"
    assert e.claims == (ClaimRef("d2", 0), ClaimRef("d3", 0))  # the story's largest, and d3
    assert (e.low, e.best, e.high) == (4, 6, 6)


def test_copies_of_one_story_are_a_single_report() -> None:
    members = [member("d1", story="wire"), member("d2", story="wire")]
    e = estimate("killed", members)
    assert e is not None and e.method == "single report" and len(e.claims) == 1


def test_low_best_high_of_two_exact_figures() -> None:
    e = estimate("killed", [member("d1", count=exact(3)), member("d2", count=exact(5))])
    assert e is not None
    assert (e.low, e.best, e.high, e.conservative) == (3, 5, 5, 3)


def test_an_open_figure_keeps_high_open() -> None:
    e = estimate("killed", [member("d1", count=more_than(10)), member("d2", count=exact(12))])
    assert e is not None
    assert (e.low, e.best, e.high, e.conservative) == (10, 12, None, 10)
    alone = estimate("killed", [member("d1", count=more_than(10))])
    assert alone is not None and (alone.low, alone.best, alone.high) == (10, 10, None)


def test_a_range_and_an_exact_figure() -> None:
    e = estimate(
        "killed", [member("d1", count=Count(6, 7, 8, "range")), member("d2", count=exact(5))]
    )
    assert e is not None
    assert (e.low, e.best, e.high, e.conservative) == (5, 7, 8, 5)


def test_a_plural_counts_as_its_lower_bound() -> None:
    e = estimate("killed", [member("d1", count=Count(2, None, None, "plural"))])
    assert e is not None and (e.low, e.best, e.high) == (2, 2, None)


@pytest.mark.parametrize(
    ("kind", "count"),
    [("killed", Count(24, None, None, "vague")), ("displaced", Count(1, None, None, "unknown"))],
)
def test_a_vague_count_or_other_harm_gets_no_best_from_its_bound(kind: str, count: Count) -> None:
    e = estimate(kind, [member("d1", kind=kind, count=count)])
    assert e is not None and (e.low, e.best) == (count.low, None)


def test_a_best_figure_beats_the_lower_bounds() -> None:
    members = [member("d1", count=Count(4, None, None, "plural")), member("d2", count=exact(3))]
    e = estimate("killed", members)
    assert e is not None and (e.low, e.best, e.high) == (3, 3, None)


def hit(doc: str, n: int, word: str, position: int = 1) -> Member:
    return member(doc, position, kind="injured", count=exact(n), trigger=word)


@pytest.mark.parametrize(
    ("word", "survivors"), [("shot", 3), ("injuries", 3), ("wounded", 4), ("injured", 4)]
)
def test_people_hit_count_the_dead_too(word: str, survivors: int) -> None:
    members = [member("d1", count=exact(1)), hit("d1", 4, word)]
    e = estimate("injured", members)
    assert e is not None and (e.low, e.best, e.high) == (survivors, survivors, survivors)


def test_deaths_that_outnumber_the_people_hit_were_told_apart() -> None:
    # "two men were shot dead and a third was shot in the leg"
    e = estimate("injured", [member("d1", count=exact(2)), hit("d1", 1, "shot")])
    assert e is not None and e.best == 1


def test_a_victim_shot_who_died_leaves_no_wounded() -> None:
    e = estimate("injured", [member("d1", count=exact(1)), hit("d1", 1, "injuries")])
    assert e is not None and (e.low, e.best) == (0, 0)


def test_a_documents_figure_is_its_largest_body_claim() -> None:
    members = [member("d1", 0, count=exact(3)), member("d1", 1, count=exact(12))]
    e = estimate("killed", members)
    assert e is not None
    assert (e.low, e.best, e.claims) == (12, 12, (ClaimRef("d1", 1),))


def test_headline_figure_only_when_the_body_has_none() -> None:
    with_body = [
        member("d1", 0, count=exact(500), headline=True),
        member("d1", 1, count=exact(532)),
    ]
    e = estimate("killed", with_body)
    assert e is not None
    assert (e.best, e.claims) == (532, (ClaimRef("d1", 1),))
    assert e.note == "headline says 500 killed, body 532"
    assert headline_notes("killed", with_body) == ["headline says 500 killed, body 532"]

    only_headline = [member("d1", 0, count=exact(500), headline=True)]
    h = estimate("killed", only_headline)
    assert h is not None and h.best == 500 and h.note == ""


def test_a_vague_headline_is_quoted_not_given_a_number() -> None:
    """ "Gunmen abduct dozens" reads as 24 or more; the note says what the headline says."""
    dozens = Count(24, None, None, "vague", Span(15, 21, "dozens"))
    members = [
        member("d1", 0, kind="abducted", count=dozens, headline=True),
        member("d1", 1, kind="abducted", count=exact(42)),
    ]
    assert headline_notes("abducted", members) == ["headline says dozens abducted, body 42"]


def test_a_larger_headline_figure_does_not_win() -> None:
    members = [member("d1", 0, count=exact(600), headline=True), member("d1", 1, count=exact(532))]
    e = estimate("killed", members)
    assert e is not None and e.best == 532
    assert "headline says 600 killed, body 532" in e.note


def test_no_headline_note_when_headline_and_body_agree() -> None:
    members = [member("d1", 0, count=exact(532), headline=True), member("d1", 1, count=exact(532))]
    assert headline_notes("killed", members) == []
    other_kind = [
        member("d1", 0, kind="injured", count=exact(10), headline=True),
        member("d1", 1, count=exact(532)),
    ]
    assert headline_notes("killed", other_kind) == []


def test_disagreement_note_says_who_said_what() -> None:
    members = [
        member("d1", count=exact(3)),
        member("d2", count=exact(5), source=(MONITOR, "monitor")),
        member("d3", count=exact(4), source=("a neighbour", "witness")),
    ]
    e = estimate("killed", members)
    assert e is not None
    assert e.note == (
        f"sources differ on killed: {MONITOR} (monitor): 5; a witness: 4; the report: 3"
    )


def test_no_disagreement_note_when_stories_agree() -> None:
    e = estimate("killed", [member("d1", count=exact(5)), member("d2", count=exact(5))])
    assert e is not None and e.note == ""


# -- grade ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ((3, 10), True),
        ((3, 6), True),
        ((3, 5), False),
        ((1, 2), False),  # a factor of two, but a toll under three
        ((0, 3), True),
        ((12,), False),
    ],
)
def test_contested_when_stories_disagree_twofold(sizes: tuple[int, ...], expected: bool) -> None:
    members = [member(f"d{k}", count=exact(n)) for k, n in enumerate(sizes)]
    e = estimate("killed", members)
    assert e is not None
    assert contested([e], members) is expected


def test_copies_of_one_story_do_not_contest() -> None:
    members = [
        member("d1", count=exact(3), story="wire"),
        member("d2", count=exact(10), story="wire"),
    ]
    e = estimate("killed", members)
    assert e is not None and not contested([e], members)


def test_grade_rules() -> None:
    assert grade([source("d1", "s1", "monitor"), source("d2", "s2")], True) == "contested"
    assert grade([source("d1", "s1", "monitor"), source("d2", "s2")], False) == "confirmed"
    assert grade([source("d1", "s1"), source("d2", "s2", "witness")], False) == "corroborated"
    assert grade([source("d1", "s1", "official")], False) == "reported"
    assert grade([source("d1", "s1", "witness")], False) == "unverified"
    assert grade([source("d1", "s1", "unknown")], False) == "unverified"


@pytest.mark.parametrize("credible", ["monitor", "UN", "NGO", "official", "medical"])
def test_each_credible_source_confirms(credible: SourceType) -> None:
    assert grade([source("d1", "s1", credible), source("d2", "s2")], False) == "confirmed"


def test_copies_of_one_story_do_not_corroborate() -> None:
    found = [source("d1", "wire", "monitor"), source("d2", "wire", "monitor")]
    assert grade(found, False) == "reported"
    assert grade([source("d1", "wire", "witness"), source("d2", "wire")], False) == "reported"
    assert grade([source("d1", "w", "witness"), source("d2", "w", "witness")], False) == (
        "unverified"
    )


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ([member("d1", count=exact(3)), member("d2", count=exact(10))], "contested"),
        (
            [member("d1", source=(MONITOR, "monitor")), member("d2", source=("AFP", "journalist"))],
            "confirmed",
        ),
        ([member("d1"), member("d2")], "corroborated"),
        ([member("d1", source=("the governor", "official"))], "reported"),
        ([member("d1", source=("a neighbour", "witness"))], "unverified"),
    ],
)
def test_reconcile_grades(members: list[Member], expected: str) -> None:
    assert reconcile("inc-1", members).grade == expected


# -- date and place -------------------------------------------------------------------------


def test_incident_date_is_the_intersection() -> None:
    members = [
        member("d1", when=("2025-03-05", "2025-03-08", 2)),
        member("d2", when=("2025-03-07", "2025-03-10", 2)),
    ]
    assert incident_date(members) == DateInterval("2025-03-07", "2025-03-08", 2)


def test_incident_date_keeps_an_exact_claims_precision() -> None:
    members = [
        member("d1", when=("2025-03-01", "2025-03-31", 3)),
        member("d2", when=("2025-03-07", "2025-03-07", 1)),
    ]
    assert incident_date(members) == DateInterval("2025-03-07", "2025-03-07", 1)


def test_incident_date_is_the_hull_when_claims_disagree() -> None:
    members = [
        member("d1", when=("2025-03-01", "2025-03-01", 1)),
        member("d2", when=("2025-03-10", "2025-03-10", 1)),
        member("d3"),  # undated: not counted
    ]
    assert incident_date(members) == DateInterval("2025-03-01", "2025-03-10", 3)


def test_incident_date_of_undated_claims() -> None:
    assert incident_date([member("d1"), member("d2")]) is None
    assert incident_date([member("d1", when=(None, None, None))]) is None  # type: ignore[arg-type]


def test_incident_place_prefers_places_named_in_the_claims() -> None:
    town = place("Baniyas", where_prec=1)
    region = place("Tartus", where_prec=4, lat=34.9, lon=35.9)
    members = [
        member("d1", where=town, inferred=True),
        member("d2", where=region),
    ]
    assert incident_place(members) == (region, "d2")


def test_incident_place_is_the_most_precise_named_one() -> None:
    town, region = place("Baniyas", where_prec=1), place("Tartus", where_prec=4)
    members = [member("d2", where=region), member("d3", where=town), member("d1")]
    assert incident_place(members) == (town, "d3")


def test_incident_place_falls_back_to_an_inferred_place() -> None:
    town = place("Baniyas")
    members = [member("d1", where=town, inferred=True), member("d2")]
    assert incident_place(members) == (town, "d1")


def test_a_river_is_never_the_incident_place() -> None:
    river = place("Euphrates", where_prec=5, feature_class="H")
    town = place("Raqqa", where_prec=1, feature_class="P")
    assert incident_place([member("d1", where=river)]) == (None, None)
    members = [member("d1", where=river), member("d2", where=town, inferred=True)]
    assert incident_place(members) == (town, "d2")


def test_a_broad_region_only_when_nothing_else() -> None:
    region = place("the Middle East", where_prec=7, feature_class="L")
    country = place("Syria", where_prec=6, feature_class="A")
    assert incident_place([member("d1", where=region), member("d2", where=country)]) == (
        country,
        "d2",
    )
    assert incident_place([member("d1", where=region)]) == (region, "d1")


def test_incident_place_needs_coordinates() -> None:
    members = [member("d1", where=place("Somewhere", lat=None, lon=None))]
    assert incident_place(members) == (None, None)


# -- sources and the incident ---------------------------------------------------------------


def test_sources_one_per_document_and_party() -> None:
    members = [
        member("d2", 0, url="https://www.example.org/a"),
        member("d1", 0, source=(MONITOR, "monitor"), url="https://news.example.com/x"),
        member("d1", 1, source=(MONITOR, "monitor")),
        member("d1", 2, source=("a neighbour", "witness")),
    ]
    found = sources(members)
    assert [(s.document_id, s.name, s.source_type) for s in found] == [
        ("d1", MONITOR, "monitor"),
        ("d1", "a neighbour", "witness"),
        ("d2", "example.org", "journalist"),
    ]
    assert found[0].publisher == "news.example.com" and found[0].claim == ClaimRef("d1", 0)


def test_sources_see_through_the_web_archive() -> None:
    url = "https://web.archive.org/web/20250308/https://www.syriahr.com/en/1234/"
    (found,) = sources([member("d1", url=url)])
    assert found.publisher == "syriahr.com" and found.name == "syriahr.com"


def test_reconcile_builds_the_incident() -> None:
    haidar = Actor(Span(0, 12, "Samir Haidar"), civilian=True)
    gunmen = Actor(Span(0, 6, "gunmen"))
    members = [
        member(
            "d2",
            count=exact(12),
            story="wire",
            published="2025-03-09",
            title="Later copy",
            victims=(haidar,),
            perpetrators=(gunmen,),
        ),
        member(
            "d1",
            count=exact(10),
            story="wire",
            published="2025-03-08",
            title="First report",
            where=place(),
            when=("2025-03-07", "2025-03-07", 1),
            source=(MONITOR, "monitor"),
            perpetrators=(Actor(Span(0, 6, "Gunmen")),),
        ),
        member("d3", count=exact(12), story="d3", published="2025-03-10"),
        member("d3", 1, kind="property", count=Count(None, None, None, "unknown")),
    ]
    inc = reconcile("inc-1", members, parent="inc-0")
    assert inc.id == "inc-1" and inc.parent == "inc-0" and inc.linker == LINKER
    assert inc.claims == (
        ClaimRef("d1", 0),
        ClaimRef("d2", 0),
        ClaimRef("d3", 0),
        ClaimRef("d3", 1),
    )
    assert inc.kinds == ("killed", "property")
    assert inc.number_of_sources == 3
    assert inc.independent_sources == 2
    assert inc.documents == ("d1", "d2", "d3")
    assert inc.grade == "confirmed"
    killed = inc.estimate("killed")
    assert killed is not None and (killed.low, killed.best) == (12, 12)
    assert inc.fatalities == 12
    assert inc.estimate("property") is None
    assert inc.date == DateInterval("2025-03-07", "2025-03-07", 1)
    assert inc.place == place() and inc.place_document == "d1"
    assert inc.headline == "First report"
    assert inc.perpetrators == ("Gunmen",)  # one actor, however spelt
    assert inc.victims == ("Samir Haidar",)
    assert inc.civilian_targeting is True
    assert inc.notes == ""


def test_reconcile_collects_notes_and_unknown_targeting() -> None:
    members = [member("d1", count=exact(3)), member("d2", count=exact(4))]
    inc = reconcile("inc-2", members)
    assert inc.civilian_targeting is None
    assert inc.notes == "sources differ on killed: the report: 4; the report: 3"
    assert inc.number_of_sources == inc.independent_sources == 2
    assert inc.grade == "corroborated"


def test_an_attack_on_people_with_no_deaths_stated_has_none_reported() -> None:
    wounded = reconcile("inc-x", [member("d1", kind="injured", count=exact(2))])
    killed = wounded.estimate("killed")
    assert killed is not None and killed.method == "none reported"
    assert (killed.low, killed.best, killed.high, wounded.fatalities) == (0, 0, None, 0)
    assert "no report" not in wounded.notes  # the marker stays on the estimate
    looted = reconcile(
        "inc-y", [member("d2", kind="property", count=Count(None, None, None, "unknown"))]
    )
    assert looted.estimate("killed") is None and looted.fatalities is None


def test_injuries_told_without_a_number_are_not_none_reported() -> None:
    members = [
        member("d1", 0, kind="killed", count=exact(2)),
        member("d1", 1, kind="injured", count=Count(None, None, None, "unknown")),
    ]
    incident = reconcile("inc-z", members)
    injured = incident.estimate("injured")  # told of, but no figure: at least one, not 0
    assert injured is not None and injured.method == "told of without a figure"
    assert (injured.low, injured.best, injured.high) == (1, 1, None)
    assert injured.claims == (ClaimRef("d1", 1),)
    assert incident.fatalities == 2


def test_only_deaths_and_injuries_without_a_figure_are_at_least_one() -> None:
    unknown = Count(None, None, None, "unknown")
    assert estimate("displaced", [member("d1", kind="displaced", count=unknown)]) is None
    up_to = Count(None, None, 80, "up_to")
    assert estimate("killed", [member("d1", count=up_to)]) is None


def test_people_hit_in_an_early_report_less_the_deaths_of_a_later_one() -> None:
    # "four people were shot" (d1); "one of the four has died" (d2)
    members = [hit("d1", 4, "shot", 0), member("d2", count=exact(1))]
    e = estimate("injured", members)
    assert e is not None and e.best == 3


def test_injuries_without_a_figure_in_an_incident_with_deaths_are_the_deads() -> None:
    # "he was rushed to hospital, where he died of his injuries"
    unknown = Count(None, None, None, "unknown")
    injuries = member("d1", 1, kind="injured", count=unknown, trigger="injuries")
    e = estimate("injured", [member("d1", count=exact(1)), injuries])
    assert e is not None and (e.low, e.best, e.high, e.method) == (
        0,
        0,
        None,
        "the dead's injuries",
    )
    wounded = member("d1", 1, kind="injured", count=unknown, trigger="wounded")
    e = estimate("injured", [member("d1", count=exact(1)), wounded])
    assert e is not None and (e.low, e.best) == (1, 1)


def test_outlets_relaying_one_ngo_statement_are_one_independent_source() -> None:
    members = [
        member("a", source=("the Mercy Network", "NGO")),
        member("b", source=("Mercy Network", "NGO")),
        member("c", source=("Mercy Network's", "NGO")),
    ]
    found = sources(members)
    assert len({s.document_id for s in found}) == 3
    assert len({s.story for s in found}) == 1
    assert grade(found, False) == "reported"


def test_two_institutions_are_two_origins_and_a_witness_keeps_the_story() -> None:
    found = sources(
        [
            member("a", source=("health ministry", "official")),
            member("b", source=("Mercy Network", "NGO")),
            member("c", source=("Amina Diallo", "witness")),
        ]
    )
    assert [s.story for s in found] == ["source:health ministry", "source:mercy network", "c"]


def test_one_body_named_more_or_less_fully_is_one_origin() -> None:
    found = sources(
        [
            member("a", source=("the Ruritanian health ministry", "official")),
            member("b", source=("health ministry", "official")),
        ]
    )
    assert {s.story for s in found} == {"source:health ministry"}


def test_one_report_quoting_two_bodies_is_one_independent_source() -> None:
    from harmledger.link.reconcile import independent

    found = sources(
        [
            member("a", 0, source=("health ministry", "official")),
            member("a", 1, source=("Mercy Network", "NGO")),
        ]
    )
    assert independent(found) == 1 and grade(found, False) == "reported"


def test_a_copy_takes_its_storys_origin_named_more_or_less_fully() -> None:
    found = sources(
        [
            member("a", story="wire", source=("the Ruritanian health ministry", "official")),
            member("b", story="wire"),  # a copy of the wire story that lost its source
            member("c", source=("health ministry", "official")),
        ]
    )
    assert {s.story for s in found} == {"source:health ministry"}


def test_a_documents_figures_told_in_addition_add_up() -> None:
    officers = (Actor(Span(0, 8, "officers")),)
    first = member("d1", 0, count=exact(5), victims=officers)
    later = member("d1", 1, count=more_than(13), victims=(Actor(Span(130, 136, "gunmen")),))
    text = "Additionally, at least 13 gunmen were killed."
    later = replace(
        later,
        claim=replace(
            later.claim,
            span=Span(100, 100 + len(text), text),
            trigger=Span(138, 144, "killed"),
        ),
    )
    e = estimate("killed", [first, later])
    assert e is not None
    assert (e.low, e.best, e.high) == (18, 18, None)


def test_an_abduction_alone_reports_no_deaths() -> None:
    members = [member("d1", 0, kind="abducted", count=exact(3))]
    found = with_none_reported((), members)
    assert {x.kind: (x.best, x.method) for x in found}["killed"] == (0, "none reported")


def test_where_people_fled_to_is_no_incident_place() -> None:
    refuge = place("Gwoza", where_prec=1)
    province = place("Borno", where_prec=4, lat=11.5, lon=13.0)
    members = [
        member("d1", 0, where=province),
        member("d1", 1, kind="displaced", count=exact(300), where=refuge),
    ]
    assert incident_place(members) == (province, "d1")


def _said(m: Member, text: str, who: str, kind: SourceType = "official") -> Member:
    number = next(w for w in text.split() if w.isdigit() or w in {"six", "nine", "seven"})
    at = text.index(number)
    attribution = Attribution(Span(0, len(who), who), kind)
    count = replace(m.claim.count, span=Span(at, at + len(number), number))
    claim = replace(m.claim, span=Span(0, len(text), text), attribution=attribution, count=count)
    return replace(m, claim=claim)


def test_one_reports_sources_that_disagree_give_a_range() -> None:
    leader = _said(member("d1", 0, count=exact(9)), "nine people were killed", "a camp leader")
    spokesman = _said(member("d1", 1, count=exact(6)), "six dead", "a spokesman")
    e = estimate("killed", [leader, spokesman])
    assert e is not None and (e.low, e.best, e.high) == (6, 9, 9)


def test_a_lower_bound_of_another_source_does_not_lower_the_range() -> None:
    officials = _said(member("d1", 0, count=more_than(12)), "at least 12 killed", "officials")
    witness = _said(member("d1", 1, count=more_than(6)), "at least six bodies", "a witness")
    e = estimate("killed", [officials, witness])
    assert e is not None and (e.low, e.best, e.high) == (12, 12, None)


def test_an_upper_bound_beside_a_figure_widens_the_range_up_to_it() -> None:
    """ "A local chief said five died, but a survivor said as many as 22 were killed"."""
    chief = member("d1", 0, count=exact(5), source=("a local chief", "official"))
    survivor = member(
        "d1", 1, count=Count(None, None, 22, "up_to"), source=("a survivor", "witness")
    )
    est = estimate("killed", [chief, survivor])
    assert est is not None
    assert (est.low, est.best, est.high) == (5, 5, 22)
    assert ClaimRef("d1", 1) in est.claims
    # "up to 80" alone says too little to count
    assert estimate("killed", [survivor]) is None


def test_the_day_people_were_harmed_dates_the_incident() -> None:
    killed = member("d1", 0, when=("2025-02-16", "2025-02-16", 1))
    fled = member("d1", 1, kind="displaced", count=exact(6), when=("2024-05-01", "2024-05-31", 3))
    none = member("d1", 2, count=exact(0), when=("2025-02-17", "2025-02-17", 1))
    found = incident_date([killed, fled, none])
    assert found is not None and (found.start, found.end) == ("2025-02-16", "2025-02-16")
    # with no harm to people dated, the other claims date it, their hull where they disagree
    found = incident_date([member("d1", 0), fled, none])
    assert found is not None and (found.start, found.end) == ("2024-05-01", "2025-02-17")
