"""Transliteration skeletons: spelling variants of one name share a key; short keys do not match."""

from __future__ import annotations

import pytest

from harmledger.resolve.gazetteer import Candidate, Gazetteer
from harmledger.resolve.translit import (
    MIN_SKELETON,
    SkeletonIndex,
    focus_variants,
    skeleton,
    skeleton_arrays,
    usable_skeleton,
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ras al-Ain", "Raʾs al ʿAyn"),
        ("Ras al Ain", "Ra's al-'Ayn"),
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Maarat al-Numan", "Maʿarrat an Nuʿman"),
        ("Jisr al-Shughur", "Jisr ash Shughūr"),
        ("Tal Abiad", "Tall Abyaḑ"),
        ("Khan Sheikhoun", "Khān Shaykhūn"),
        ("Raqqah", "ar-Raqqa"),
        ("Qaryat Bouzid", "Karyat Buzid"),  # made up: q/k, ou/u
        ("Tell Meshrefe", "Tal Mashrafa"),  # made up: e/a, doubled letters
    ],
)
def test_variants_share_a_skeleton(one: str, other: str) -> None:
    assert skeleton(one) == skeleton(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Homs", "Hama"), ("Kabul", "Kobe"), ("Mosul", "Masyaf"), ("Dara", "Duma")],
)
def test_different_names_differ(one: str, other: str) -> None:
    assert skeleton(one) != skeleton(other)


def test_an_article_alone_is_kept_and_the_is_dropped() -> None:
    assert skeleton("Al") == "al"
    assert skeleton("the Ghouta") == skeleton("Ghouta")


def test_short_skeletons_are_not_usable() -> None:
    assert not usable_skeleton("x" * (MIN_SKELETON - 1))
    assert usable_skeleton(skeleton("Ras al-Ain"))


def test_index_finds_rows_by_skeleton() -> None:
    index = SkeletonIndex(skeleton_arrays([(0, ("Dayr az Zawr",)), (1, ("Homs",)), (2, ("Gao",))]))
    assert index.lookup(skeleton("Deir ez-Zor")) == [0]
    assert index.lookup(skeleton("Gao")) == []  # too short to match loosely


def _cand(name: str, country: str) -> Candidate:
    return Candidate(name, 0.0, 0.0, country=country)


def test_focus_keeps_variants_in_the_documents_countries() -> None:
    cands = [_cand("A", "SY"), _cand("B", "IR")]
    assert [c.name for c in focus_variants(cands, {"SY": 1.0, "IR": 0.2})] == ["A"]
    assert focus_variants(cands, {}) == []  # two countries and no focus: no guess
    assert focus_variants(cands[:1], {}) == cands[:1]


def test_gazetteer_variants_fall_back_on_skeletons() -> None:
    gaz = Gazetteer([Candidate("Kafr Batikh", 35.0, 36.0, country="SY", geonameid=1)])
    assert gaz.candidates("Kafar Batekh") == []
    assert [c.name for c in gaz.variants("Kafr Bateekh")] == ["Kafr Batikh"]
    assert gaz.variants("Gao") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ras al-Ain", "SY"), ("Maaret al-Noaman", "SY"), ("Jisr al-Shughur", "SY")],
)
def test_default_gazetteer_knows_real_variants(name: str, expected: str) -> None:
    gaz = Gazetteer.default()
    assert gaz.candidates(name) == []
    assert expected in {c.country for c in gaz.variants(name)}
