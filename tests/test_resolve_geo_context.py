"""Document context for the geocoder: pairs, state focus, fallback and inner names, anchors."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harmledger.resolve.gazetteer import Candidate
from harmledger.resolve.geo_context import (
    apply_containment,
    containment_pairs,
    contains,
    fallback_candidates,
    fallback_names,
    home_candidates,
    inner_candidates,
    inner_names,
    is_local_feature,
    main_anchor,
    neighbour_support,
    place_near_anchors,
    state_focus,
    town_anchors,
    url_country,
    words,
)
from test_resolve_geo import spans

GEORGIA = Candidate(
    "Georgia",
    32.7,
    -83.4,
    country="US",
    admin1="Georgia",
    feature_class="A",
    feature_code="ADM1",
    population=9_000_000,
    gazetteer_id="adm1:US.GA",
)
TEXAS = Candidate(
    "Texas",
    31.0,
    -99.0,
    country="US",
    admin1="Texas",
    feature_class="A",
    feature_code="ADM1",
    population=25_000_000,
    gazetteer_id="adm1:US.TX",
)
GREECE = Candidate(
    "Greece",
    39.0,
    22.0,
    country="GR",
    feature_class="A",
    feature_code="PCLI",
    population=11_000_000,
    geonameid=390903,
)
ATHENS_GA = Candidate(
    "Athens", 33.96, -83.38, country="US", admin1="Georgia", population=116_000, geonameid=4180386
)
ATHENS_TX = Candidate(
    "Athens", 32.2, -95.86, country="US", admin1="Texas", population=12_000, geonameid=4673179
)
ATHENS_GR = Candidate(
    "Athens", 37.98, 23.72, country="GR", admin1="Attica", population=660_000, geonameid=264371
)
HALL_COUNTY = Candidate(
    "Hall County",
    32.7,
    -83.4,
    country="US",
    admin1="Georgia",
    feature_class="A",
    feature_code="ADM2",
    geo_precision=3,
    gazetteer_id="adm2:US.13139",
)


def test_words() -> None:
    assert words("a b", "c  d") == frozenset({"a", "b", "c", "d"})


def test_containment_pairs_need_a_bare_comma() -> None:
    text = "Police in Athens, Georgia and in Paris said so; Waco and Texas too."
    mentions = spans(text, "Athens", "Georgia", "Paris", "Waco", "Texas")
    assert containment_pairs(mentions, text) == [(0, 1)]
    assert containment_pairs(mentions, "") == []


def test_contains() -> None:
    assert contains(GEORGIA, ATHENS_GA)
    assert not contains(GEORGIA, ATHENS_TX)
    assert contains(GREECE, ATHENS_GR)
    assert not contains(GREECE, ATHENS_GA)
    assert not contains(ATHENS_GA, ATHENS_GA)  # a town contains nothing
    assert not contains(GEORGIA, GEORGIA)


def test_apply_containment_narrows_both_sides() -> None:
    options = [[ATHENS_GR, ATHENS_GA, ATHENS_TX], [GEORGIA], [ATHENS_GR]]
    out, confirmed = apply_containment(options, [(0, 1)])
    assert out[0] == [ATHENS_GA] and out[1] == [GEORGIA] and out[2] == [ATHENS_GR]
    assert confirmed == {0, 1}
    unchanged, none = apply_containment([[ATHENS_TX], [GEORGIA]], [(0, 1)])
    assert unchanged == [[ATHENS_TX], [GEORGIA]] and none == set()


def test_state_focus_follows_named_divisions_and_population() -> None:
    focus = {"US": 1.0}
    states = state_focus({"athens": [ATHENS_GA, ATHENS_TX], "texas": [TEXAS]}, focus)
    assert states[("US", "Texas")] == 1.0
    assert 0 < states[("US", "Georgia")] < 1.0
    assert state_focus({"athens": [ATHENS_GR]}, {}) == {}


def test_fallback_names() -> None:
    assert list(fallback_names("north texas")) == ["texas"]
    assert list(fallback_names("port of beirut")) == ["beirut"]
    assert list(fallback_names("henderson county jail")) == ["henderson county", "henderson"]
    assert list(fallback_names("athens")) == []


def test_fallback_candidates_are_coarser() -> None:
    found = fallback_candidates("north athens", lambda n: [ATHENS_GA] if n == "athens" else [])
    assert [c.geonameid for c in found] == [ATHENS_GA.geonameid]
    assert (found[0].geo_precision, found[0].where_prec) == (2, 3)
    assert fallback_candidates("zorbatown", lambda n: [ATHENS_GA]) == []


def test_inner_names_longest_first_without_filler() -> None:
    assert list(inner_names("athens regional park")) == [
        "athens regional",
        "regional park",
        "athens",
        "park",
    ]  # "regional" alone is a facility word
    assert list(inner_names("nice of russia")) == ["nice", "russia"]
    assert "ms" not in list(inner_names("ms izevbekhai"))
    assert list(inner_names("north central")) == []  # direction words alone name nothing
    assert list(inner_names("athens")) == []


def test_inner_candidates_prefer_the_documents_own_places() -> None:
    def lookup(name: str) -> list[Candidate]:
        return {"athens": [ATHENS_GR, ATHENS_GA], "greece": [GREECE]}.get(name, [])

    found = inner_candidates("athens singers", {"athens": [ATHENS_TX]}, lookup)
    assert [c.geonameid for c in found] == [ATHENS_TX.geonameid]
    assert (found[0].geo_precision, found[0].where_prec) == (2, 3)
    major = inner_candidates("athens singers", {}, lookup)
    assert [c.geonameid for c in major] == [ATHENS_GR.geonameid, ATHENS_GA.geonameid]
    assert [c.country for c in inner_candidates("united greece", {}, lookup)] == ["GR"]
    small = inner_candidates("athens band", {}, lambda n: [ATHENS_TX] if n == "athens" else [])
    assert small == []  # a town of 12,000 is no major place


def test_town_and_main_anchors() -> None:
    chosen = [ATHENS_TX, ATHENS_GA, ATHENS_GA, None, HALL_COUNTY]
    anchors = town_anchors(chosen)
    assert anchors[("US", "Georgia")] == ATHENS_GA
    assert anchors[("US", "Texas")] == ATHENS_TX
    assert main_anchor(chosen) == ATHENS_GA
    assert main_anchor([None, HALL_COUNTY]) is None


def test_place_near_anchors_moves_counties_and_local_features() -> None:
    keys = ["athens", "hall county", "oconee river", "nowhere"]
    out = place_near_anchors(keys, [ATHENS_GA, HALL_COUNTY, None, None])
    assert (out[1].lat, out[1].lon) == (ATHENS_GA.lat, ATHENS_GA.lon)
    assert out[1].name == "Hall County"
    assert out[2] is not None and out[2].geonameid is None and out[2].name == "oconee river"
    assert (out[2].lat, out[2].geo_precision) == (ATHENS_GA.lat, 2)
    assert out[3] is None


@pytest.mark.parametrize(
    ("key", "local"),
    [("Catawba River", True), ("lake vermont", True), ("Mount Hood", True),
     ("river", False), ("athens", False), ("henderson county", False)],
)  # fmt: skip
def test_is_local_feature(key: str, local: bool) -> None:
    assert is_local_feature(key) is local


def test_a_county_with_its_own_point_stays_there() -> None:
    placed = replace(HALL_COUNTY, lat=34.3, lon=-83.8, geo_precision=2)
    out = place_near_anchors(["athens", "hall county"], [ATHENS_GA, placed])
    assert (out[1].lat, out[1].lon) == (34.3, -83.8)


@pytest.mark.parametrize(
    ("url", "iso2"),
    [("https://www.example.co.uk/news/1", "GB"), ("http://paper.example.ru/a", "RU"),
     ("www.example.ca/story", "CA"), ("https://example.com/x", None),
     ("https://show.example.tv/x", None), (None, None), ("", None)],
)  # fmt: skip
def test_url_country(url: str | None, iso2: str | None) -> None:
    assert url_country(url) == iso2


def test_neighbour_support_prefers_the_namesake_near_other_names() -> None:
    athens_oh = Candidate("Athens", 39.33, -82.1, country="US", admin1="Ohio", population=25_000)
    nelsonville = Candidate("Nelsonville", 39.46, -82.23, country="US", admin1="Ohio")
    support = neighbour_support(
        {"athens": [ATHENS_GA, athens_oh, ATHENS_TX], "nelsonville": [nelsonville]}
    )
    assert support["athens"] == {1: 1.0}
    assert "nelsonville" not in support  # one candidate: nothing to choose


def test_neighbour_support_ignores_countries_and_shared_candidates() -> None:
    georgia_town = Candidate("Georgia", 33.9, -83.3, country="US", admin1="Georgia")
    support = neighbour_support(
        {"athens": [ATHENS_GA, ATHENS_GR], "georgia": [GEORGIA, georgia_town],
         "city of athens": [ATHENS_GA, ATHENS_GR]}
    )  # fmt: skip
    assert support == {"athens": {}, "city of athens": {}}


def test_home_candidates_read_the_newspaper_host() -> None:
    def lookup(name: str) -> list[Candidate]:
        return {"athens": [ATHENS_GA, ATHENS_TX], "texas": [TEXAS]}.get(name, [])

    assert home_candidates("http://www.athensdailyreview.com/x", lookup) == [ATHENS_GA, ATHENS_TX]
    assert home_candidates("https://texastribune.org/", lookup) == [TEXAS]
    assert home_candidates("http://www.athenshotels.com/", lookup) == []
    assert home_candidates("http://www.athens.com/", lookup) == [ATHENS_GA, ATHENS_TX]
    assert home_candidates(None, lookup) == []
    archived = "http://web.archive.org/web/20160506091607/http://www.texastribune.org/x"
    assert home_candidates(archived, lookup) == [TEXAS]  # the original's host, not archive.org
