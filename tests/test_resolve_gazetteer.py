"""The offline gazetteer: normalisation, lookups and fallbacks, shipped data files."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from harmledger.resolve.gazetteer import (
    DATA_DIR,
    Candidate,
    Gazetteer,
    admin1_names,
    cache_dir,
    normalize,
    usable_alternate,
)
from harmledger.resolve.geo import country_demonyms, country_names


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def iso2_ok(code: str) -> bool:
    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Latakia Mountains", "latakia mountains"),
        ("the coastal regions", "coastal regions"),
        ("Deir ez-Zor", "deir ez zor"),
        ("Bāniyās", "baniyas"),
        ("Ţarţūs", "tartus"),
        ("Dara'a", "daraa"),
        ("  the   Hague ", "hague"),
        ("U.S.", "us"),
        ("Theodore", "theodore"),
        ("", ""),
    ],
)
def test_normalize(name: str, key: str) -> None:
    assert normalize(name) == key


@pytest.mark.parametrize(
    ("alternate", "usable"),
    [("Banias", True), ("Bāniyās", True), ("بانياس", False), ("Банияс", False), ("LTK", False),
     ("Ladhiqiye", True), ("", False)],
)  # fmt: skip
def test_usable_alternate(alternate: str, usable: bool) -> None:
    assert usable_alternate(alternate) is usable


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Baniyas", {"geonameid": 171830, "country": "SY", "admin1": "Tartus"}),
        ("Banias", {"geonameid": 171830}),
        ("Latakia province", {"gazetteer_id": "adm1:SY.02", "where_prec": 4}),
        ("Latakia Governorate", {"gazetteer_id": "adm1:SY.02", "admin1": "Latakia"}),
        ("the Latakia mountains", {"gazetteer_id": "sy-latakia-mountains", "admin1": "Latakia"}),
        ("the coastal regions", {"gazetteer_id": "sy-coastal-regions", "scope_country": "SY"}),
        ("al-Raqqa", {"country": "SY", "admin1": "Raqqa"}),  # article stripped, final h added
        ("Hasakah", {"country": "SY", "admin1": "Al-Hasakah"}),
        ("Gaza Strip", {"country": "PS", "feature_code": "ADM1"}),
        ("Donbas", {"country": "UA", "where_prec": 5}),
        ("Syria", {"feature_code": "PCLI", "where_prec": 6}),
        ("DR Congo", {"country": "CD", "feature_code": "PCLI"}),
        ("Syrian", {"country": "SY", "feature_code": "PCLI"}),  # demonyms name the country
        ("Mediterranean Sea", {"country": None, "where_prec": 7}),
        ("Europe", {"feature_code": "CONT"}),
    ],
)
def test_candidates_include(gaz: Gazetteer, name: str, expected: dict[str, object]) -> None:
    found = gaz.candidates(name)
    assert any(all(getattr(c, k) == v for k, v in expected.items()) for c in found), found[:5]


def test_candidates_most_populous_first(gaz: Gazetteer) -> None:
    found = gaz.candidates("Paris")
    assert len(found) > 5
    populations = [c.population for c in found]
    assert populations == sorted(populations, reverse=True)
    assert found[0].country == "FR" and found[0].admin1 == "Île-de-France"


@pytest.mark.parametrize(
    ("name", "classes"),
    [("Idlib province", {"A"}), ("Baniyas city", {"P"}), ("Idlib", {"A", "P"})],
)
def test_division_and_settlement_words_filter(gaz: Gazetteer, name: str, classes: set[str]) -> None:
    assert {c.feature_class for c in gaz.candidates(name) if c.country == "SY"} == classes


def test_division_word_on_a_town_widens_it_to_a_region() -> None:
    town = Candidate("Qardaha", 35.45, 36.06, country="SY", admin1="Latakia", geonameid=1)
    found = Gazetteer([town]).candidates("Qardaha district")
    assert [(c.geonameid, c.geo_precision, c.where_prec) for c in found] == [(1, 3, 4)]


@pytest.mark.parametrize("name", ["Xyzzyville", "", "   ", "!!"])
def test_unknown_names(gaz: Gazetteer, name: str) -> None:
    assert gaz.candidates(name) == []
    assert not gaz.is_known_place(name)


@pytest.mark.parametrize(
    ("name", "known"),
    [("Baniyas", True), ("the Gaza Strip", True), ("DAMASCUS", True), ("Raqqah", True),
     ("Baniyas city", False), ("Xyzzyville", False)],
)  # fmt: skip
def test_is_known_place_is_exact(gaz: Gazetteer, name: str, known: bool) -> None:
    assert gaz.is_known_place(name) is known


def test_phrase_names(gaz: Gazetteer) -> None:
    names = gaz.phrase_names()
    assert names == sorted(names)
    for wanted in ("Latakia mountains", "coastal regions", "Gaza Strip", "Donbas", "Darfur"):
        assert wanted in names
    assert "Centre" not in names  # Burkina Faso's region: a scoped, generic single word
    assert "Baniyas" not in names  # towns are spaCy's job


def test_small_gazetteer_add_copy_and_override() -> None:
    base = Gazetteer([Candidate("Alpha", 1.0, 2.0, country="SY", geonameid=7)])
    twin = base.copy()
    assert twin.add([Candidate("Beta", 3.0, 4.0, alternate_names=("Bravo",))]) == 1
    assert twin.is_known_place("bravo") and not base.is_known_place("bravo")
    twin.add([Candidate("Alpha", 5.0, 6.0, country="SY", geonameid=8)])
    assert [c.geonameid for c in twin.candidates("alpha")] == [7, 8]
    assert len(twin) == 3 and len(base) == 1


def test_default_is_shared_and_large(gaz: Gazetteer) -> None:
    assert Gazetteer.default() is gaz
    assert len(gaz) > 200_000


def test_cache_dir_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HARMLEDGER_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("HARMLEDGER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "harmledger"


def test_supplement_rows_are_valid() -> None:
    lines = (DATA_DIR / "supplement.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    assert len(rows) > 1000
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids))
    for gid, name, _alts, cc, _a1, lat, lon, fclass, _fc, geo, where, scope in rows:
        assert name and fclass in {"A", "H", "L", "P", "S", "T", "V"}, gid
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, gid
        assert 1 <= int(geo) <= 3 and 1 <= int(where) <= 7, gid
        assert all(iso2_ok(c) for c in (cc, scope) if c), gid


@pytest.mark.parametrize(
    ("key", "name"),
    [(("SY", "14"), "Tartus"), (("SY", "02"), "Latakia"), (("IQ", "15"), "Nineveh"),
     (("UA", "05"), "Donetsk"), (("SD", "55"), "North Darfur"), (("US", "TX"), "Texas")],
)  # fmt: skip
def test_admin1_table(key: tuple[str, str], name: str) -> None:
    table = admin1_names()
    assert table[key] == name
    assert all(iso2_ok(cc) for cc, _code in table)


@pytest.mark.parametrize(
    ("word", "iso2"),
    [("Syrian", "SY"), ("Lebanese", "LB"), ("Burkinabe", "BF"), ("DR Congo", "CD"),
     ("Britain", "GB"), ("Syria", "SY")],
)  # fmt: skip
def test_country_words(word: str, iso2: str) -> None:
    assert {**country_names(), **country_demonyms()}[word] == iso2


def test_us_counties_are_indexed(gaz: Gazetteer) -> None:
    found = gaz.candidates("Cooke County")
    assert [(c.country, c.admin1, c.feature_code) for c in found] == [("US", "Texas", "ADM2")]
    assert {c.admin1 for c in gaz.candidates("Clarke County")} >= {"Georgia", "Alabama"}


def test_us_counties_have_their_own_points(gaz: Gazetteer) -> None:
    (cooke,) = gaz.candidates("Cooke County")
    texas = next(c for c in gaz.candidates("Texas") if c.feature_code == "ADM1")
    assert cooke.geo_precision == 2 and (cooke.lat, cooke.lon) != (texas.lat, texas.lon)
    assert cooke.lat == pytest.approx(33.6, abs=0.3) and cooke.lon == pytest.approx(-97.2, abs=0.3)


def test_department_is_no_town(gaz: Gazetteer) -> None:
    assert gaz.candidates("Police Department") == []


@pytest.mark.parametrize(
    ("name", "known"),
    [("Ismaili", False), ("Kristina", False), ("UN", False), ("NATO", False), ("Kiev", True),
     ("Calif.", True), ("Gainesville", True)],
)  # fmt: skip
def test_known_place_ignores_small_towns_aliases_and_acronyms(
    gaz: Gazetteer, name: str, known: bool
) -> None:
    assert gaz.is_known_place(name) is known
