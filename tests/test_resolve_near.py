"""Near a place, not in it; unknown villages in the area the text gives; variant spellings."""

from __future__ import annotations

import pytest

from harmledger.models import PlaceMention, Span
from harmledger.resolve.gazetteer import Candidate
from harmledger.resolve.geo import Geocoder
from harmledger.resolve.near import (
    enclosing_pairs,
    near_relation,
    village_in,
    village_like,
    with_relation,
)
from test_resolve_geo import spans


def geocode(text: str, *names: str) -> dict[str, PlaceMention]:
    found = Geocoder().geocode(spans(text, *names), text=text)
    return {p.span.text: p for p in found}


@pytest.mark.parametrize(
    ("text", "name", "offset"),
    [
        ("Gunmen raided a village 10 km south of Gao on Sunday.", "Gao", 10.0),
        ("The camp lies 12 kilometres north-east of Mosul.", "Mosul", 12.0),
        ("A convoy was hit 5 miles outside Kandahar.", "Kandahar", 8.0),
        ("Shelling hit a farm 3km from the town of Darfa.", "Darfa", 3.0),
        ("Clashes broke out near Kabul.", "Kabul", None),
        ("A bomb went off outside Herat.", "Herat", None),
        ("Strikes hit the outskirts of Aleppo.", "Aleppo", None),
        ("Gunmen struck close to the city of Homs.", "Homs", None),
        ("Gunmen kill four herders in village south of Gao", "Gao", None),
        ("A drone hit a lorry near Kelvaria's Zarvan on Friday.", "Zarvan", None),
    ],
)
def test_near_relation(text: str, name: str, offset: float | None) -> None:
    (span,) = spans(text, name)
    relation, km = near_relation(text, span)
    assert relation == "near"
    assert km == pytest.approx(offset) if offset is not None else km is None


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 5 people in Gao.",
        "Aleppo, 10 km of road was closed.",
        "Near-daily raids hit Homs.",
        "Fighting flared in the south of Gao.",
        # the possessor is not the place the event is near
        "A drone hit a lorry near Homs's airport on Friday.",
    ],
)
def test_in_a_place_has_no_relation(text: str) -> None:
    name = next(n for n in ("Gao", "Aleppo", "Homs") if n in text)
    (span,) = spans(text, name)
    assert near_relation(text, span) == (None, None)


def test_near_lowers_precision_and_keeps_the_point() -> None:
    text = "Gunmen raided a village 10 km south of Gao, in Mali."
    gao = geocode(text, "Gao", "Mali")["Gao"]
    assert (gao.name, gao.country, gao.relation, gao.offset_km) == ("Gao", "ML", "near", 10.0)
    assert (gao.geo_precision, gao.where_prec) == (2, 2)


def test_near_keeps_a_coarser_precision() -> None:
    text = "Fighting raged near Idlib province."
    mention = PlaceMention(Span.of(text, 20, 26), lat=1.0, lon=2.0, geo_precision=3, where_prec=4)
    moved = with_relation(mention, text)
    assert (moved.relation, moved.geo_precision, moved.where_prec) == ("near", 3, 4)


def test_unknown_village_takes_its_province() -> None:
    text = "Shelling killed four people in the village of Kafr Zorbaan in Hama province, Syria."
    places = geocode(text, "Kafr Zorbaan", "Hama", "Syria")
    village, hama = places["Kafr Zorbaan"], places["Hama"]
    assert (village.name, village.country, village.admin1) == ("Kafr Zorbaan", "SY", "Hama")
    assert village.geonameid is None and village.feature_class == "P"
    assert (village.geo_precision, village.where_prec) == (3, 4)
    assert hama.where_prec == 1  # the town itself; the village took the province's point
    assert (village.lat, village.lon) != (hama.lat, hama.lon)


def test_unknown_village_with_an_apposition() -> None:
    text = "Shelling hit Kafr Zorbaan, a village in Hama province, Syria."
    village = geocode(text, "Kafr Zorbaan", "Hama", "Syria")["Kafr Zorbaan"]
    assert (village.name, village.admin1, village.where_prec) == ("Kafr Zorbaan", "Hama", 4)


def test_unknown_village_takes_no_other_towns_point() -> None:
    text = "Gunmen attacked Ras Mazraat al-Tahta overnight, a Syrian monitor said."
    place = geocode(text, "Ras Mazraat al-Tahta")["Ras Mazraat al-Tahta"]
    assert place.lat is None  # not "Ras" or "Mazraat" somewhere else


def test_a_list_is_not_a_village_in_its_neighbour() -> None:
    text = "Floods hit Vietnam, Thailand and Cambodia."
    places = geocode(text, "Vietnam", "Thailand", "Cambodia")
    assert [places[n].country for n in ("Vietnam", "Thailand", "Cambodia")] == ["VN", "TH", "KH"]


def test_enclosing_pairs() -> None:
    text = "in Kafr X in Hama province and Y, a town in Idlib, and Z, Aleppo"
    found = enclosing_pairs(spans(text, "Kafr X", "Hama", "Y", "Idlib", "Z", "Aleppo"), text)
    assert found == [(0, 1, "province"), (2, 3, None), (4, 5, ",")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Kafr Zita", True), ("Tal Abiad", True), ("central province", False),
     ("Symphony Hall", False), ("Camp Hope", False), ("Russian Embassy", False)],
)  # fmt: skip
def test_village_like(name: str, expected: bool) -> None:
    assert village_like(name) is expected


def test_village_near_a_town_is_near_precision() -> None:
    town = Candidate("Gao", 16.27, -0.04, country="ML", admin1="Gao", geonameid=1)
    village = village_in(town, "Tin Hama")
    assert (village.name, village.geonameid, village.geo_precision, village.where_prec) == (
        "Tin Hama",
        None,
        2,
        2,
    )


@pytest.mark.parametrize(
    ("name", "admin1"),
    [("Ras al-Ain", "Al-Hasakah"), ("Maaret al-Noaman", "Idlib"), ("Tal Abiad", "Raqqa")],
)
def test_variant_spellings_in_a_syrian_report(name: str, admin1: str) -> None:
    text = f"Turkish shelling killed two civilians in {name} in northern Syria."
    place = geocode(text, name, "Syria")[name]
    assert (place.country, place.admin1, place.where_prec) == ("SY", admin1, 1)


def test_variants_need_the_documents_focus() -> None:
    text = "Police in Ohio said Maaret al-Noaman was closed."
    place = geocode(text, "Ohio", "Maaret al-Noaman")["Maaret al-Noaman"]
    assert place.lat is None


def test_exact_names_beat_variants() -> None:
    text = "Fighting in Deir ez-Zor, Syria."
    place = geocode(text, "Deir ez-Zor", "Syria")["Deir ez-Zor"]
    assert (place.country, place.name) == ("SY", "Deir ez-Zor")
