"""Comparison features of claim pairs, distances, the match score and the shipped weights
(the model file itself: test_link_model.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from harmledger.link import compare
from harmledger.link.compare import FEATURES, THRESHOLD, haversine_km, pair_features, weights
from harmledger.link.features import ClaimFeatures, DocFeatures
from harmledger.link.model import link_model
from harmledger.link.prune import score
from harmledger.link.table import I64, LinkTable
from test_link_table import DAY, PLACES, make_claim, make_doc, words

COL = {name: k for k, name in enumerate(FEATURES)}
#: columns that are a fraction, not a level
FRACTIONS = ("victims_overlap", "perpetrators_overlap")
#: the date levels, nearest first (how gaps of four days and more are binned may change)
DATES = tuple(f for f in FEATURES if f.startswith("dates_"))
FAR_DATES = tuple(f for f in DATES if f not in {"dates_overlap", "dates_1_3_days"})
NAMES = ("haidar", "baniyas", "qusour", "samir haidar", "tartus")


def arr(values: list[int]) -> I64:
    return np.asarray(values, dtype=np.int64)


def one_pair(
    left: ClaimFeatures,
    right: ClaimFeatures,
    docs: list[DocFeatures] | None = None,
) -> LinkTable:
    """A table of two claims (rows 0 and 1)."""
    if docs is None:
        ids = sorted({left.ref.document_id, right.ref.document_id})
        docs = [make_doc(d) for d in ids]
    return LinkTable.from_features(docs, [(0, left), (1, right)])


def features_of(left: ClaimFeatures, right: ClaimFeatures, **kw: Any) -> dict[str, float]:
    t = one_pair(left, right, **kw)
    row = pair_features(t, arr([0]), arr([1]))[0]
    return {name: float(row[k]) for name, k in COL.items()}


# -- haversine ------------------------------------------------------------------------------


def test_haversine_damascus_aleppo() -> None:
    lat1, lon1 = PLACES["damascus"][:2]
    lat2, lon2 = PLACES["aleppo"][:2]
    km = haversine_km(*(np.float32([v]) for v in (lat1, lon1, lat2, lon2)))
    assert km.dtype == np.float32
    assert km[0] == pytest.approx(310, abs=10)


def test_haversine_is_zero_for_a_point_symmetric_and_nan_without_one() -> None:
    lat = np.float32([35.18, 33.51, np.nan])
    lon = np.float32([35.94, 36.28, 36.0])
    there = haversine_km(lat, lon, lat[::-1].copy(), lon[::-1].copy())
    back = haversine_km(lat[::-1].copy(), lon[::-1].copy(), lat, lon)
    assert np.isnan(there[0]) and np.isnan(there[2])
    assert there[1] == pytest.approx(0.0, abs=1e-3)
    assert np.isnan(back[0]) and back[1] == pytest.approx(0.0, abs=1e-3)
    pair = haversine_km(lat[:1], lon[:1], lat[1:2], lon[1:2])[0]
    reverse = haversine_km(lat[1:2], lon[1:2], lat[:1], lon[:1])[0]
    assert pair == pytest.approx(reverse) and 180 < pair < 230  # Baniyas - Damascus


def test_haversine_of_antipodes_is_half_the_circumference() -> None:
    km = haversine_km(np.float32([0.0]), np.float32([0.0]), np.float32([0.0]), np.float32([180.0]))
    assert km[0] == pytest.approx(np.pi * compare.EARTH_KM, rel=1e-4)


# -- pair features --------------------------------------------------------------------------


def test_pair_features_has_one_column_per_feature_of_levels() -> None:
    story = words(1)
    docs = [
        make_doc("a", story, NAMES),
        make_doc("b", story + " update", NAMES),
        make_doc("c", words(2), ["other", "names"]),
        make_doc("d"),
    ]
    claims = [
        (0, make_claim("a", 0, victims=["civilians"], perpetrators=["gunmen"])),
        (1, make_claim("b", 0, victims=["civilians", "children"])),
        (2, make_claim("c", 0, place="aleppo", day=DAY + 7, count=3, kind="injured")),
        (3, make_claim("d", 0, place=None, day=None, count=None, aggregate=True)),
        (4, make_claim("a", 1, place="baniyas-north", day=DAY + 2, inferred=True)),
        (5, make_claim("c", 1, place="tartus", day=DAY - 2, days=2, kind="property")),
    ]
    t = LinkTable.from_features(docs, claims)
    pairs = [(a, b) for a in range(6) for b in range(6) if a != b]
    x = pair_features(t, arr([a for a, _ in pairs]), arr([b for _, b in pairs]))
    assert x.shape == (len(pairs), len(FEATURES)) and x.dtype == np.float32
    levels = np.delete(x, [COL[f] for f in FRACTIONS], axis=1)
    assert set(np.unique(levels).tolist()) == {0.0, 1.0}
    fractions = x[:, [COL[f] for f in FRACTIONS]]
    assert ((fractions >= 0) & (fractions <= 1)).all()
    assert (x[:, COL["bias"]] == 1).all()

    def total(*names: str) -> np.ndarray:  # type: ignore[type-arg]
        return x[:, [COL[n] for n in names]].sum(axis=1)

    dated = np.asarray([t.lo[a] >= 0 and t.lo[b] >= 0 for a, b in pairs])
    dates = total(*DATES)
    assert (dates == dated).all()
    assert (total("km_0_5", "km_5_25", "km_25_100", "km_100_plus", "no_place") == 1).all()
    assert (total("count_equal", "count_differs") <= 1).all()
    assert (total("text_near_duplicate", "text_similar") <= 1).all()
    assert (total("names_0", "names_low", "names_mid", "names_high") <= 1).all()


def test_features_of_copies_of_one_report() -> None:
    story = words(1)
    f = features_of(
        make_claim("a", victims=["civilians"], perpetrators=["gunmen"]),
        make_claim("b", place="baniyas-south", victims=["civilians"], perpetrators=["gunmen"]),
        docs=[make_doc("a", story, NAMES), make_doc("b", story + " update", NAMES)],
    )
    on = {name for name, value in f.items() if value}
    assert on == {
        "bias",
        "same_kind",
        "dates_overlap",
        "km_0_5",
        "same_admin2",
        "count_equal",
        "text_near_duplicate",
        "names_high",
        "victims_overlap",
        "perpetrators_overlap",
    }
    assert f["victims_overlap"] == f["perpetrators_overlap"] == 1.0


def test_features_of_unrelated_reports() -> None:
    f = features_of(
        make_claim("a", place="damascus", count=12),
        make_claim("b", place="aleppo", day=DAY + 7, count=3, aggregate=True),
        docs=[make_doc("a", words(1), NAMES), make_doc("b", words(2), ["idlib", "saraqib"])],
    )
    on = {name for name, value in f.items() if value}
    assert len(on & set(FAR_DATES)) == 1
    assert on - set(FAR_DATES) == {
        "bias",
        "same_kind",
        "km_100_plus",
        "admin1_differs",
        "count_differs",
        "aggregate_mismatch",
        "names_0",
    }


@pytest.mark.parametrize(
    ("place", "level"),
    [
        ("baniyas", "km_0_5"),
        ("baniyas-north", "km_5_25"),
        ("tartus", "km_25_100"),
        ("damascus", "km_100_plus"),
        (None, "no_place"),
    ],
)
def test_distance_levels(place: str | None, level: str) -> None:
    f = features_of(make_claim("a"), make_claim("b", place=place))
    distance = ("km_0_5", "km_5_25", "km_25_100", "km_100_plus", "no_place")
    assert [n for n in distance if f[n]] == [level]


@pytest.mark.parametrize(
    ("day", "days", "level"),
    [
        (DAY, 1, "dates_overlap"),
        (DAY - 5, 6, "dates_overlap"),  # an interval that ends on the day
        (DAY + 1, 1, "dates_1_3_days"),
        (DAY - 3, 1, "dates_1_3_days"),
        (DAY + 4, 1, "far"),
        (DAY - 60, 1, "far"),
        (None, 1, None),
    ],
)
def test_date_levels(day: int | None, days: int, level: str | None) -> None:
    f = features_of(make_claim("a"), make_claim("b", day=day, days=days))
    on = [n for n in DATES if f[n]]
    if level == "far":
        assert len(on) == 1 and on[0] in FAR_DATES
    else:
        assert on == ([level] if level else [])


def test_count_levels_compare_only_one_kind() -> None:
    assert features_of(make_claim("a"), make_claim("b", count=12))["count_equal"] == 1
    assert features_of(make_claim("a"), make_claim("b", count=13))["count_differs"] == 1
    other_kind = features_of(make_claim("a"), make_claim("b", kind="injured", count=12))
    assert other_kind["count_equal"] == other_kind["count_differs"] == 0
    assert other_kind["same_kind"] == 0
    unknown = features_of(make_claim("a"), make_claim("b", count=None))
    assert unknown["count_equal"] == unknown["count_differs"] == 0


def test_place_flags() -> None:
    f = features_of(make_claim("a", inferred=True), make_claim("b", place="tartus"))
    assert f["place_inferred"] == 1 and f["same_admin2"] == 0
    g = features_of(make_claim("a", place="damascus"), make_claim("b", place="damascus"))
    assert g["same_admin2"] == 0  # Damascus has no admin2 here: unknown is never "same"


def test_name_levels_need_names_on_both_sides() -> None:
    docs = [make_doc("a", "", NAMES), make_doc("b")]
    f = features_of(make_claim("a"), make_claim("b"), docs=docs)
    assert all(f[n] == 0 for n in ("names_0", "names_low", "names_mid", "names_high"))


def test_text_similar_level() -> None:
    shared = words(3, 60)
    docs = [
        make_doc("a", shared + " " + words(4, 100)),
        make_doc("b", shared + " " + words(5, 100)),
    ]
    f = features_of(make_claim("a"), make_claim("b"), docs=docs)
    assert f["text_similar"] == 1 and f["text_near_duplicate"] == 0


def test_mask_overlap_is_a_fraction() -> None:
    f = features_of(
        make_claim("a", victims=["men", "women"]),
        make_claim("b", victims=["men", "children", "elderly"]),
    )
    assert 0 < f["victims_overlap"] < 1
    assert f["perpetrators_overlap"] == 0  # nobody named on either side


# -- score ----------------------------------------------------------------------------------


def test_claims_of_one_document_link_iff_same_segment() -> None:
    docs = [make_doc("a", words(1))]
    claims = [
        (0, make_claim("a", 0, count=532, aggregate=True)),
        (1, make_claim("a", 1, kind="property", count=None)),
        (2, make_claim("a", 2, count=3, place="damascus", day=DAY + 30, segment=1)),
        (3, make_claim("a", 3, count=3, place="damascus", segment=1)),
    ]
    t = LinkTable.from_features(docs, claims)
    s = score(t, arr([0, 0, 1, 2]), arr([1, 2, 3, 3]))
    assert s.tolist() == [np.inf, -np.inf, -np.inf, np.inf]


def test_near_duplicates_about_one_place_and_day_link() -> None:
    story = words(1)
    docs = [make_doc("a", story, NAMES), make_doc("b", "Update: " + story, NAMES)]
    t = one_pair(make_claim("a"), make_claim("b", place="baniyas-south"), docs=docs)
    s = score(t, arr([0]), arr([1]))
    assert s[0] > THRESHOLD
    assert np.isfinite(s[0])


def test_far_apart_a_week_apart_with_other_names_do_not_link() -> None:
    docs = [make_doc("a", words(1), NAMES), make_doc("b", words(2), ["aleppo", "hanano"])]
    t = one_pair(
        make_claim("a", place="damascus"), make_claim("b", place="aleppo", day=DAY + 7), docs=docs
    )
    assert score(t, arr([0]), arr([1]))[0] < THRESHOLD


def test_score_is_the_sum_of_weights_of_the_levels() -> None:
    story = words(1)
    docs = [make_doc("a", story, NAMES), make_doc("b", story, NAMES)]
    t = one_pair(make_claim("a"), make_claim("b", place="tartus", count=9), docs=docs)
    i, j = arr([0]), arr([1])
    assert score(t, i, j)[0] == pytest.approx(float(pair_features(t, i, j)[0] @ weights()))
    w = np.zeros(len(FEATURES), np.float32)
    w[COL["km_25_100"]] = 7.0
    w[COL["bias"]] = -1.0
    assert score(t, i, j, w)[0] == pytest.approx(6.0)


def test_score_of_no_pairs() -> None:
    t = one_pair(make_claim("a"), make_claim("b"))
    out = score(t, arr([]), arr([]))
    assert out.shape == (0,) and out.dtype == np.float32


def test_score_is_symmetric() -> None:
    docs = [make_doc("a", words(1), NAMES), make_doc("b", words(1) + " x", NAMES[:3])]
    t = one_pair(make_claim("a", victims=["men"]), make_claim("b", place="tartus"), docs=docs)
    assert score(t, arr([0]), arr([1]))[0] == pytest.approx(score(t, arr([1]), arr([0]))[0])


# -- weights --------------------------------------------------------------------------------


def test_weights_have_every_feature() -> None:
    w = weights()
    assert w.shape == (len(FEATURES),) and w.dtype == np.float32
    assert np.isfinite(w).all()
    model = link_model()
    shipped = {"bias": model.bias} | {lv.name: lv.weight for lv in model.levels}
    assert list(shipped) == list(FEATURES)
    assert [float(shipped[f]) for f in FEATURES] == pytest.approx(w.tolist())
    assert len(set(FEATURES)) == len(FEATURES)


def test_weights_point_the_right_way() -> None:
    w = dict(zip(FEATURES, weights().tolist(), strict=True))
    assert w["km_0_5"] > 0 and w["names_high"] > 0
    # a copy of one story (same day, near-duplicate text, the same names) links on its own;
    # near-duplicate text alone is no evidence (templated reports of distinct attacks)
    copy = ("bias", "same_kind", "dates_overlap", "text_near_duplicate", "names_high")
    assert sum(w[f] for f in copy) > THRESHOLD
    assert w["country_differs"] < 0 and w["admin1_differs"] < 0 and w["aggregate_mismatch"] < 0
    # far apart in another province is evidence against; within one province the far level
    # mostly holds a town and the province's own point, so its sign is the data's to say
    assert w["km_100_plus"] + w["admin1_differs"] < 0
    assert all(w[f] < 0 for f in FAR_DATES) and w["dates_overlap"] > w["dates_1_3_days"]


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("beirut", "damascus", "country_differs"),
        ("aleppo", "damascus", "admin1_differs"),
        ("baniyas", "tartus", None),
    ],
)
def test_area_levels(a: str, b: str, level: str | None) -> None:
    f = features_of(make_claim("a", place=a), make_claim("b", place=b))
    on = {name for name in ("country_differs", "admin1_differs") if f[name]}
    assert on == ({level} if level else set())


def test_an_unplaced_claim_takes_the_country_and_province_its_report_names() -> None:
    f = features_of(
        make_claim("a", place=None, country="SY", admin1="Idlib"),
        make_claim("b", place=None, country="LB", admin1="North"),
    )
    assert f["country_differs"] == 1.0 and f["no_place"] == 1.0


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ({"explosive"}, {"firearm"}, 1.0),  # a bombing and a shooting
        ({"explosive", "firearm"}, {"firearm"}, 0.0),  # a shared means
        (set(), {"firearm"}, 0.0),  # one report names no means: unknown, never "differ"
    ],
)
def test_means_level(a: set[str], b: set[str], differ: float) -> None:
    docs = [
        replace(make_doc("a"), means=frozenset(a)),
        replace(make_doc("b"), means=frozenset(b)),
    ]
    assert features_of(make_claim("a"), make_claim("b"), docs=docs)["means_differ"] == differ


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ({"school"}, {"market"}, 1.0),
        ({"police", "checkpoint"}, {"police", "post"}, 0.0),
        ((), {"market"}, 0.0),
    ],
)
def test_targets_level(a: set[str], b: set[str], differ: float) -> None:
    docs = [
        replace(make_doc("a"), targets=frozenset(a)),
        replace(make_doc("b"), targets=frozenset(b)),
    ]
    assert features_of(make_claim("a"), make_claim("b"), docs=docs)["targets_differ"] == differ


def test_undated_levels_need_both_claims_undated() -> None:
    """Reports five days apart whose texts date neither claim: the undated level holds; a
    claim its text dates (a follow-up telling of the same day) does not make it hold."""
    a = make_claim("a", day=DAY, dated=False)
    b = make_claim("b", day=DAY + 5, dated=False)
    assert features_of(a, b)["undated_4_plus_days"] == 1
    assert features_of(a, replace(b, dated=True))["undated_4_plus_days"] == 0
    near = make_claim("b", day=DAY + 3, dated=False)
    assert features_of(a, near)["undated_2_3_days"] == 1


def test_villages_differ_only_for_two_named_villages() -> None:
    a, b = make_claim("a", village="dorakhel"), make_claim("b", village="sarvi kalan")
    assert features_of(a, b)["villages_differ"] == 1
    assert features_of(a, replace(b, village="dorakhel"))["villages_differ"] == 0
    assert features_of(a, replace(b, village=None))["villages_differ"] == 0


@pytest.mark.parametrize(
    ("left", "right", "apart"),
    [
        ({"targets": {"police", "headquarters"}}, {"targets": {"governor", "house"}}, 1.0),
        ({"victims": {"arvo", "teska"}}, {"victims": {"miro", "balan"}}, 1.0),
        ({"targets": {"school"}}, {"targets": {"school"}}, 0.0),  # copies of one story
        ({}, {}, 0.0),  # nothing to tell them apart
    ],
)
def test_two_attacks_of_one_series(
    left: dict[str, set[str]], right: dict[str, set[str]], apart: float
) -> None:
    docs = [
        replace(make_doc("a"), series=True, **{k: frozenset(v) for k, v in left.items()}),
        replace(make_doc("b"), series=True, **{k: frozenset(v) for k, v in right.items()}),
    ]
    assert features_of(make_claim("a"), make_claim("b"), docs=docs)["series_apart"] == apart
    one = [replace(docs[0], series=False), docs[1]]
    assert features_of(make_claim("a"), make_claim("b"), docs=one)["series_apart"] == 0
