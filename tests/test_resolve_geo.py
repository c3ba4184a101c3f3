"""The geocoder: document country focus, scoped supplement entries, precisions, registry."""

from __future__ import annotations

import pytest

from harmledger import registry
from harmledger.models import PlaceMention, Span
from harmledger.resolve.distance import great_circle_km
from harmledger.resolve.gazetteer import Candidate, Gazetteer
from harmledger.resolve.geo import (
    GEOCODER_NAME,
    Geocoder,
    _country_mentions,
    document_focus,
    in_scope,
    is_known_place,
    phrase_names,
    prefer_places,
)

SYRIA = (
    "Syrian security forces killed dozens of Alawite civilians in Baniyas, Syria, and in the "
    "Latakia mountains, the monitor said. Killings spread across the coastal regions."
)


def spans(text: str, *names: str) -> list[Span]:
    """A span for the first occurrence of each name, as the extractor would hand them over."""
    out = []
    for name in names:
        start = text.index(name)
        out.append(Span.of(text, start, start + len(name)))
    return out


def geocode(text: str, *names: str, hint: str | None = None, gaz: Gazetteer | None = None):
    return Geocoder(gaz).geocode(spans(text, *names), text=text, country_hint=hint)


@pytest.fixture(scope="module")
def syria() -> dict[str, PlaceMention]:
    places = geocode(SYRIA, "Baniyas", "Syria", "the Latakia mountains", "the coastal regions")
    return {p.span.text: p for p in places}


def test_baniyas(syria: dict[str, PlaceMention]) -> None:
    place = syria["Baniyas"]
    assert (place.lat, place.lon) == pytest.approx((35.18, 35.94), abs=0.01)
    assert (place.country, place.admin1, place.geonameid) == ("SY", "Tartus", 171830)
    assert (place.geo_precision, place.where_prec, place.feature_class) == (1, 1, "P")


@pytest.mark.parametrize("mention", ["the Latakia mountains", "the coastal regions"])
def test_regions_of_latakia(syria: dict[str, PlaceMention], mention: str) -> None:
    place = syria[mention]
    assert (place.country, place.admin1) == ("SY", "Latakia")
    assert (place.where_prec, place.geo_precision, place.geonameid) == (4, 3, None)
    assert place.gazetteer_id and place.lat == pytest.approx(35.6, abs=0.3)


def test_country(syria: dict[str, PlaceMention]) -> None:
    place = syria["Syria"]
    assert (place.country, place.admin1) == ("SY", None)
    assert (place.where_prec, place.geo_precision) == (6, 3)


def test_every_row_names_the_geocoder(syria: dict[str, PlaceMention]) -> None:
    assert {p.geocoder for p in syria.values()} == {GEOCODER_NAME}


@pytest.mark.parametrize(
    ("text", "others", "country"),
    [
        ("An airstrike hit Tripoli. Rescuers came from Beirut.", ["Beirut"], "LB"),
        ("Clashes erupted in Tripoli; militias from Misrata joined.", ["Misrata"], "LY"),
        ("Clashes erupted in Tripoli, Lebanese officials said.", [], "LB"),
        ("Clashes erupted in Tripoli.", [], "LY"),  # no context: the larger city
    ],
)
def test_tripoli_follows_the_document(text: str, others: list[str], country: str) -> None:
    place = geocode(text, "Tripoli", *others)[0]
    assert place.country == country and place.feature_class == "P"


def test_country_hint_decides() -> None:
    assert geocode("Clashes erupted in Tripoli.", "Tripoli", hint="lb")[0].country == "LB"


def test_paris_without_hints_is_the_french_one() -> None:
    place = geocode("He was born in Paris.", "Paris")[0]
    assert (place.country, place.admin1) == ("FR", "Île-de-France")


@pytest.mark.parametrize(
    ("text", "hint", "resolved"),
    [
        ("Killings spread across the coastal regions.", None, False),
        ("Killings spread across the coastal regions.", "SY", True),
        ("Syrian forces swept the coastal regions.", None, True),  # the demonym sets the focus
        ("Killings spread across the coastal regions.", "LB", False),
    ],
)
def test_scoped_entries_need_the_focus_country(text: str, hint: str | None, resolved: bool) -> None:
    place = geocode(text, "the coastal regions", hint=hint)[0]
    assert (place.admin1 == "Latakia") is resolved
    if not resolved:
        assert place.lat is None and place.gazetteer_id is None


def test_unresolved_mentions_keep_their_span_and_order() -> None:
    text = "Shelling hit Xyzzyville and Baniyas."
    places = geocode(text, "Xyzzyville", "Baniyas")
    assert [p.span.text for p in places] == ["Xyzzyville", "Baniyas"]
    assert places[0] == PlaceMention(span=places[0].span, geocoder=GEOCODER_NAME)
    assert places[1].geonameid == 171830


def test_no_mentions() -> None:
    assert Geocoder().geocode([], text="Nothing here.") == ()


@pytest.mark.parametrize(
    ("name", "code", "where_prec"),
    [("Idlib", "PPL", 1), ("Idlib province", "ADM1", 4), ("Tartus", "PPL", 1)],
)
def test_town_named_like_its_province(name: str, code: str, where_prec: int) -> None:
    text = f"Shelling hit {name} in Syria."
    place = geocode(text, name, "Syria")[0]
    assert (place.country, place.where_prec) == ("SY", where_prec)
    assert (place.gazetteer_id is not None) is (code == "ADM1")


def test_big_state_beats_small_town_of_the_same_name() -> None:
    place = geocode("Wildfires in California forced evacuations.", "California")[0]
    assert (place.country, place.where_prec, place.admin1) == ("US", 4, "California")


def test_co_mentioned_admin1_breaks_ties() -> None:
    us = {"country": "US", "lat": 0.0, "lon": 0.0}
    gaz = Gazetteer([
        Candidate("Springfield", admin1="Illinois", population=100, geonameid=1, **us),
        Candidate("Springfield", admin1="Missouri", population=150, geonameid=2, **us),
        Candidate("Decatur", admin1="Illinois", population=50, geonameid=3, **us),
    ])  # fmt: skip
    text = "Storms hit Springfield and nearby Decatur."
    assert geocode(text, "Springfield", "Decatur", gaz=gaz)[0].geonameid == 1
    assert geocode("Storms hit Springfield.", "Springfield", gaz=gaz)[0].geonameid == 2


def cand(name: str, country: str, **kw: object) -> Candidate:
    return Candidate(name, 0.0, 0.0, country=country, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "hint", "text", "expected"),
    [
        ([[cand("Syria", "SY", feature_code="PCLI", population=9)]], None, "", {"SY": 1.0}),
        ([[cand("Homs", "SY")], [cand("Beirut", "LB")]], None, "", {"SY": 1.0, "LB": 1.0}),
        ([[cand("Homs", "SY")]], "lb", "", {"LB": 1.0, "SY": 1 / 3}),
        ([], None, "Lebanese and Lebanese officials", {"LB": 1.0}),
        ([[cand("X", "SY", population=10), cand("X", "LB", population=9)]], None, "", {}),
        ([[cand("Coast", "SY", scope_country="SY")]], None, "", {}),  # scoped rows never vote
    ],
)
def test_document_focus(
    options: list[list[Candidate]], hint: str | None, text: str, expected: dict[str, float]
) -> None:
    assert document_focus(options, text=text, country_hint=hint) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("focus", "allowed"), [({}, False), ({"SY": 1.0}, True), ({"LB": 1.0, "SY": 0.4}, False)]
)
def test_in_scope(focus: dict[str, float], allowed: bool) -> None:
    assert in_scope(cand("coastal regions", "SY", scope_country="SY"), focus) is allowed


def test_prefer_places_keeps_countries_and_big_divisions() -> None:
    town = cand("Idlib", "SY", feature_class="P", population=165_000)
    province = cand("Idlib", "SY", feature_class="A", feature_code="ADM1", population=440_000)
    state = cand("California", "US", feature_class="A", feature_code="ADM1", population=30_000_000)
    hamlet = cand("California", "US", feature_class="P", population=11_000)
    country = cand("Djibouti", "DJ", feature_class="A", feature_code="PCLI", population=900_000)
    city = cand("Djibouti", "DJ", feature_class="P", population=600_000)
    assert prefer_places([province, town]) == [town]
    assert prefer_places([state, hamlet]) == [state, hamlet]
    assert prefer_places([country, city]) == [country, city]


def test_registry_factory() -> None:
    factory = registry.geocoders.get(GEOCODER_NAME)
    geocoder = factory()
    assert isinstance(geocoder, Geocoder) and geocoder.name == GEOCODER_NAME


def test_module_helpers_use_the_default_gazetteer() -> None:
    assert is_known_place("Baniyas") and not is_known_place("Xyzzyville")
    assert "coastal regions" in phrase_names()


def test_town_comma_state_pair_narrows_the_town() -> None:
    us = {"country": "US", "lat": 0.0, "lon": 0.0}
    gaz = Gazetteer([
        Candidate("Athens", admin1="Georgia", population=100, geonameid=1, **us),
        Candidate("Athens", admin1="Texas", population=900, geonameid=2, **us),
        Candidate("Georgia", feature_class="A", feature_code="ADM1", admin1="Georgia",
                  population=5000, gazetteer_id="adm1:US.GA", **us),
    ])  # fmt: skip
    text = "The fire started in Athens, Georgia, on Monday."
    athens, georgia = geocode(text, "Athens", "Georgia", gaz=gaz)
    assert athens.geonameid == 1 and georgia.gazetteer_id == "adm1:US.GA"
    assert geocode("The fire started in Athens.", "Athens", gaz=gaz)[0].geonameid == 2


def test_georgia_follows_a_us_document() -> None:
    text = "Lawmakers in Atlanta and Savannah said Georgia would cut taxes; Georgia will vote."
    places = geocode(text, "Atlanta", "Savannah", "Georgia")
    assert [p.country for p in places] == ["US", "US", "US"]
    assert places[2].admin1 == "Georgia" and places[2].where_prec == 4


def test_georgia_the_country_with_tbilisi() -> None:
    text = "Troops left Tbilisi and Georgia said the talks would go on."
    assert geocode(text, "Tbilisi", "Georgia")[1].country == "GE"


def test_us_county_has_its_own_point_near_its_town() -> None:
    text = "Deputies in Rapides Parish arrested a man in Alexandria on Friday."
    parish, town = geocode(text, "Rapides Parish", "Alexandria")
    assert (town.country, town.admin1) == ("US", "Louisiana")
    assert (parish.admin1, parish.where_prec, parish.geo_precision) == ("Louisiana", 3, 2)
    assert great_circle_km(parish.lat, parish.lon, town.lat, town.lon) < 50


def test_neighbouring_towns_pick_the_namesakes() -> None:
    gaz = Gazetteer([
        Candidate("Athens", 33.96, -83.38, country="US", admin1="Georgia", population=116_000,
                  geonameid=1),
        Candidate("Athens", 39.33, -82.1, country="US", admin1="Ohio", population=40_000,
                  geonameid=2),
        Candidate("Logan", 41.74, -111.83, country="US", admin1="Utah", population=50_000,
                  geonameid=3),
        Candidate("Logan", 39.54, -82.41, country="US", admin1="Ohio", population=7_000,
                  geonameid=4),
    ])  # fmt: skip
    text = "Runners from Athens and Logan met on Saturday."
    athens, logan = geocode(text, "Athens", "Logan", gaz=gaz)
    assert (athens.admin1, logan.admin1) == ("Ohio", "Ohio")


def test_town_state_pair_keeps_a_state_named_like_its_city() -> None:
    text = "The girl from Buffalo, New York, was treated at home."
    state = geocode(text, "Buffalo", "New York")[1]
    assert (state.admin1, state.where_prec) == ("New York", 4)


def test_country_code_domain_decides() -> None:
    text = "Flooding closed roads around London on Monday."
    place = Geocoder().geocode(spans(text, "London"), text=text, url="https://news.example.ca/1")
    assert (place[0].country, place[0].admin1) == ("CA", "Ontario")


def test_newspaper_home_town_decides() -> None:
    text = "The Dublin council voted on Tuesday to widen the road."
    url = "http://www.columbusdailynews.com/story/1"
    assert Geocoder().geocode(spans(text, "Dublin"), text=text)[0].country == "IE"
    place = Geocoder().geocode(spans(text, "Dublin"), text=text, url=url)[0]
    assert (place.country, place.admin1) == ("US", "Ohio")


def test_facility_name_falls_back_to_its_place() -> None:
    text = "He was held at the Cooke County Jail near Gainesville, Texas."
    jail = geocode(text, "Cooke County Jail", "Gainesville", "Texas")[0]
    assert (jail.country, jail.admin1, jail.geo_precision) == ("US", "Texas", 2)


def test_lebanon_the_town_in_a_us_document() -> None:
    text = (
        "Lebanon will hold its spring clean-up in April. Residents of Boone County and "
        "Zionsville may bring yard waste to Lebanon on Saturday."
    )
    places = geocode(text, "Lebanon", "Boone County", "Zionsville")
    assert (places[0].country, places[0].admin1) == ("US", "Indiana")


def test_lebanon_the_country_without_us_context() -> None:
    text = "Beirut said Lebanon would reopen its border with Syria."
    assert geocode(text, "Beirut", "Lebanon", "Syria")[1].country == "LB"


def test_ambiguous_country_names_cast_no_text_vote() -> None:
    lebanon = Gazetteer.default().candidates("Lebanon")
    text = "Lebanon, Lebanon, Lebanon."
    assert document_focus([lebanon], text=text)["LB"] == 1.0
    assert "LB" not in document_focus([lebanon], text=text, ambiguous={"lebanon"})


def test_unknown_name_falls_back_on_a_place_inside_it() -> None:
    text = "The Dublin Singers performed in Dublin, Ohio, near Columbus."
    singers = geocode(text, "Dublin Singers", "Dublin", "Ohio", "Columbus")[0]
    assert (singers.country, singers.admin1, singers.geo_precision) == ("US", "Ohio", 2)
    lone = geocode("The Zorbatown Singers sang.", "Zorbatown Singers")[0]
    assert lone.lat is None


def test_a_text_is_scanned_for_country_words_once_and_the_votes_still_filter() -> None:
    _country_mentions.cache_clear()
    text = "Syrian and Lebanese officials met in Lebanon; Syria denied it."
    first = document_focus([], text=text)
    assert document_focus([], text=text) == first
    assert _country_mentions.cache_info().hits >= 1
    assert "LB" not in document_focus([], text=text, ambiguous={"lebanon", "lebanese"})
    assert _country_mentions(text)[0] == "Syrian"
