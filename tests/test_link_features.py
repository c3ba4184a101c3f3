"""Linking features of one document: the body text a headline claim stands for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import pytest

from harmledger.clean.pipeline import clean
from harmledger.extract.rules import RuleExtractor
from harmledger.ingest.files import record_document
from harmledger.link.features import (
    body_text,
    doc_features,
    features,
    headline_proper,
    means_in,
    one_of_several,
    village_name,
)
from harmledger.link.minhash import similarity
from harmledger.models import Document, Extraction, PlaceMention, Span

#: A login wall that a whole site shows instead of its articles (made up).
WALL = "\n\n".join(
    [
        "Sign in using your account with your email address and password to keep reading.",
        "Welcome back. Please sign in to continue. Why are we asking this? We are making "
        "some changes to our subscriber accounts and need you to confirm your details.",
        "Forgot your password? Create an account. Subscribe for unlimited access to local "
        "news, sports, weather and more from the Valley Daily Courier newsroom.",
    ]
)


@cache
def _extractor() -> RuleExtractor:
    return RuleExtractor()


def read(title: str, body: str = WALL) -> tuple[Document, Extraction]:
    document = clean(record_document({"id": title, "text": body, "title": title}, title, title))
    return document, _extractor().extract(document)


def test_a_headline_claim_stands_for_the_headline_alone() -> None:
    document, extraction = read("Man, 23, shot dead in Elgin")
    assert extraction.claims and all(c.in_headline for c in extraction.claims)
    assert body_text(document, extraction) == "Man, 23, shot dead in Elgin"


def test_two_headlines_over_one_login_wall_are_not_near_duplicates() -> None:
    first, second = (
        doc_features(*read(t))
        for t in ("Man shot dead in Elgin", "Woman wounded by gunfire in Aurora")
    )
    assert similarity(first.text_sig, second.text_sig)[0] < 0.2


def test_a_body_claim_stands_for_the_text_around_it() -> None:
    body = "Police said a man was shot dead on Main Street in Elgin on Tuesday night."
    document, extraction = read("Police seek gunman", body + "\n\n" + WALL)
    assert any(not c.in_headline for c in extraction.claims)
    assert body in body_text(document, extraction)


@pytest.mark.parametrize(
    ("headline", "url", "proper"),
    [
        (
            "Teen shot on Crenshaw Street - WTVM.com-Columbus, GA News Weather & Sports",
            "http://web.archive.org/web/2017/http://www.wtvm.com/story/1",
            "Teen shot on Crenshaw Street",
        ),
        (
            "Man killed: police - WTOC-TV: Savannah, Beaufort, SC, News",
            "https://wtoc.com/a",
            "Man killed: police",
        ),
        (
            "Two shot in Elgin | Valley Courier",
            "https://valleycourier.example/a",
            "Two shot in Elgin",
        ),
        (
            "Shooting suspect - what we know",
            "https://wtvm.com/a",
            "Shooting suspect - what we know",
        ),
        ("Two shot in Elgin", None, "Two shot in Elgin"),
    ],
)
def test_a_headline_loses_the_part_that_names_its_site(
    headline: str, url: str | None, proper: str
) -> None:
    assert headline_proper(headline, url) == proper


def _body(text: str) -> tuple[Document, Extraction]:
    record = {"id": "b", "text": text, "published": "2024-05-02"}
    document = clean(record_document(record, "test", "test#b"))
    return document, _extractor().extract(document)


def test_an_unplaced_claim_takes_the_province_and_country_named_before_it() -> None:
    from harmledger.link.features import features

    document, extraction = _body(
        "Gunmen attacked a checkpoint in Kunar province, Afghanistan. Two guards were killed."
    )
    _doc, claims = features(document, extraction)
    killed = next(c for c in claims if c.kind == "killed")
    assert killed.lat is None
    assert (killed.country, killed.admin1) == ("AF", "Kunar")


def test_names_leave_out_plural_words_groups_and_provinces() -> None:
    from harmledger.link.features import common_names, names_in

    document, extraction = _body(
        "Assailants attacked a checkpoint in Kunar province, Afghanistan. Two guards were "
        "killed in Sarkani. The Red Hand claimed responsibility for the attack."
    )
    names = names_in(document.text) - common_names(extraction)
    assert "assailants" not in names
    assert "sarkani" in names
    assert not any("red hand" in n for n in names)


def test_a_part_of_a_toll_needs_a_town_of_its_own() -> None:
    from harmledger.link.features import segments
    from harmledger.models import Claim, Count, PlaceMention, Span

    text = "Gunmen killed 40 people in Kunduz. Three were killed in Afghanistan. Two in Baghlan."
    kunduz, country, baghlan = (Span.of(text, text.index(n), text.index(n) + len(n))
                                for n in ("Kunduz", "Afghanistan", "Baghlan"))  # fmt: skip

    def claim(best: int, place: Span) -> Claim:
        return Claim("killed", place, place, Count(best, best, best, "exact"), places=(place,))

    places = (
        PlaceMention(kunduz, name="Kunduz", lat=36.7, lon=68.9, country="AF", where_prec=1),
        PlaceMention(country, name="Afghanistan", lat=33.0, lon=65.0, country="AF", where_prec=6),
        PlaceMention(baghlan, name="Baghlan", lat=36.1, lon=68.7, country="AF", where_prec=1),
    )
    claims = (claim(40, kunduz), claim(3, country), claim(2, baghlan))
    assert segments(Extraction("d", claims, (), places)) == [0, 0, 1]


@pytest.mark.parametrize(
    ("text", "means"),
    [
        ("An explosive device detonated near a bus in Korvel.", {"explosive"}),
        ("Gunmen opened fire on a bus in Korvel.", {"firearm"}),
        ("Assailants set fire to a school in Korvel.", {"incendiary"}),
        ("A rocket struck a house in Korvel.", {"projectile"}),
        ("A man was stabbed in Korvel.", {"blade"}),
        ("A suicide bomber blew himself up; guards shot dead a second attacker.",
         {"explosive", "firearm"}),
        ("Three people were killed in an attack on Korvel.", set()),
    ],
)  # fmt: skip
def test_means_of_harm_a_report_names(text: str, means: set[str]) -> None:
    assert means_in(text) == means


def test_a_report_keeps_its_targets_words() -> None:
    document, extraction = read(
        "Attack in Korvel", "Assailants set fire to a school in Korvel, Tarvo province."
    )
    found = doc_features(document, extraction)
    assert "school" in found.targets and found.means == {"incendiary"}


@pytest.mark.parametrize(
    ("text", "series"),
    [
        ("This was one of three related attacks in the district on this day.", True),
        ("It was one of at least five related abductions in the hills that week.", True),
        ("One of two suicide bombings in the town on the same day.", True),
        ("One of three brothers was killed.", False),  # people, not attacks
        ("Gunmen attacked a checkpoint.", False),
    ],
)
def test_a_report_that_says_its_attack_is_one_of_several(text: str, series: bool) -> None:
    assert one_of_several(text) is series


def test_a_village_the_gazetteer_lacks_is_named_apart() -> None:
    text = "Gunmen attacked a checkpoint in Dorakhel, Zarvan, Kelvaria."
    span = Span.of(text, text.index("Dorakhel"), text.index("Dorakhel") + 8)
    village = PlaceMention(span, name="Dorakhel", lat=34.3, lon=70.4, feature_class="P")
    assert village_name(village) == "dorakhel"
    assert village_name(replace(village, geonameid=1138958)) is None  # a known town
    assert village_name(replace(village, feature_class="A")) is None  # the province itself
    assert village_name(replace(village, lat=None)) is None


def test_an_undated_claim_is_marked_and_takes_its_reports_days() -> None:
    def dated(body: str) -> tuple[Document, Extraction]:
        record = {"id": body, "text": body, "title": "Attack", "published": "2025-03-14"}
        document = clean(record_document(record, body, body))
        return document, _extractor().extract(document)

    _doc, found = features(*dated("Gunmen killed two guards at a checkpoint in Korvel on Monday."))
    assert [c.dated for c in found if c.kind == "killed"] == [True]
    bare = dated("Gunmen killed two guards at a checkpoint in Korvel.")
    _doc, undated = features(*bare)
    assert [c.dated for c in undated if c.kind == "killed"] == [False]
    assert all(c.hi == date(2025, 3, 14).toordinal() for c in undated)
    assert "guards" in doc_features(*bare).victims
