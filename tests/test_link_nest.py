"""Incidents inside incidents: ``is_child`` and ``parents`` on hand-built incidents."""

from __future__ import annotations

from typing import Any

from harmledger.link.nest import NEAR_KM, is_child, parents
from harmledger.models import DateInterval, Estimate, Incident, PlaceMention, Span

#: name -> (lat, lon, admin1)
TOWNS: dict[str, tuple[float, float, str]] = {
    "Baniyas": (35.18233, 35.94015, "Tartus"),
    "Tartus": (34.88902, 35.88659, "Tartus"),
    "Latakia": (35.53168, 35.79011, "Latakia"),  # 40 km from Baniyas, another governorate
    "Damascus": (33.5138, 36.2765, "Damascus"),
    "Aleppo": (36.2021, 37.1343, "Aleppo"),  # 310 km from Damascus
}


def place(name: str, country: str = "SY", **overrides: Any) -> PlaceMention:
    lat, lon, admin1 = TOWNS[name]
    fields: dict[str, Any] = {
        "span": Span(0, len(name), name),
        "name": name,
        "lat": lat,
        "lon": lon,
        "country": country,
        "admin1": admin1,
    }
    fields.update(overrides)
    return PlaceMention(**fields)


def incident(
    iid: str,
    tolls: dict[str, int | None],
    documents: tuple[str, ...],
    where: PlaceMention | None,
    start: str | None = "2025-03-07",
    end: str | None = None,
    aggregate: bool = False,
) -> Incident:
    estimates = tuple(
        Estimate(kind, best, best, best, best, "single report")  # type: ignore[arg-type]
        for kind, best in tolls.items()
    )
    return Incident(
        id=iid,
        claims=(),
        kinds=tuple(tolls),  # type: ignore[arg-type]
        estimates=estimates,
        date=None if start is None else DateInterval(start, end or start, 1),
        place=where,
        documents=documents,
        aggregate=aggregate,
    )


def coast(**overrides: Any) -> Incident:
    """532 killed on the coast over three days, told of in doc-1 (placed in Latakia)."""
    fields: dict[str, Any] = {
        "iid": "inc-coast",
        "tolls": {"killed": 532},
        "documents": ("doc-1",),
        "where": place("Latakia"),
        "start": "2025-03-06",
        "end": "2025-03-08",
        "aggregate": True,
    }
    fields.update(overrides)
    return incident(**fields)


def relatives(**overrides: Any) -> Incident:
    """A witness's three relatives killed in Baniyas on 7 March, told of in doc-1 and doc-2."""
    fields: dict[str, Any] = {
        "iid": "inc-baniyas",
        "tolls": {"killed": 3},
        "documents": ("doc-1", "doc-2"),
        "where": place("Baniyas"),
    }
    fields.update(overrides)
    return incident(**fields)


def test_a_part_sharing_a_document_is_a_child() -> None:
    child, parent = relatives(), coast()
    assert is_child(child, parent) == 532
    assert parents([child, parent]) == {"inc-baniyas": "inc-coast"}


def test_a_larger_toll_is_not_a_child() -> None:
    child = relatives(tolls={"killed": 600})
    assert is_child(child, coast()) is None
    assert parents([child, coast()]) == {}


def test_an_equal_death_toll_is_not_a_child() -> None:
    assert is_child(relatives(tolls={"killed": 532}), coast()) is None


def test_an_equal_toll_of_another_kind_may_be_a_child() -> None:
    parent = coast(tolls={"killed": 532, "injured": 40})
    assert is_child(relatives(tolls={"injured": 40}), parent) == 40


def test_every_shared_kind_must_fit() -> None:
    parent = coast(tolls={"killed": 532, "injured": 40})
    assert is_child(relatives(tolls={"killed": 3, "injured": 2}), parent) == 40
    assert is_child(relatives(tolls={"killed": 3, "injured": 90}), parent) is None


def test_no_shared_figure_no_child() -> None:
    assert is_child(relatives(tolls={"abducted": 3}), coast()) is None
    assert is_child(relatives(tolls={"killed": None}), coast()) is None


def test_not_a_child_far_away_on_other_days_without_a_shared_document() -> None:
    child = relatives(documents=("doc-9",), where=place("Aleppo"), start="2025-04-01")
    parent = coast(where=place("Damascus"))
    assert is_child(child, parent) is None
    assert parents([child, parent]) == {}


def test_dates_that_do_not_overlap_rule_out_even_one_document() -> None:
    child = relatives(start="2025-03-20")
    assert is_child(child, coast()) is None


def test_undated_incidents_may_nest() -> None:
    assert is_child(relatives(start=None), coast()) == 532
    assert is_child(relatives(), coast(start=None)) == 532


def test_same_admin1_without_a_shared_document() -> None:
    child = relatives(documents=("doc-9",))
    parent = coast(where=place("Tartus"))
    assert is_child(child, parent) == 532
    assert parents([child, parent]) == {"inc-baniyas": "inc-coast"}


def test_other_country_without_a_shared_document_is_not_near() -> None:
    child = relatives(documents=("doc-9",), where=place("Baniyas", country="LB"))
    parent = coast(where=place("Tartus"))
    assert is_child(child, parent) is None


def test_within_near_km_in_another_admin1() -> None:
    child = relatives(documents=("doc-9",))  # Baniyas, Tartus governorate
    assert is_child(child, coast()) == 532  # Latakia: 40 km, under NEAR_KM
    far = coast(where=place("Damascus"))
    assert is_child(child, far) is None  # about 200 km
    assert NEAR_KM < 200


def test_parents_finds_a_parent_within_near_km_in_another_admin1() -> None:
    child = relatives(documents=("doc-9",))
    parent = coast()
    assert is_child(child, parent) == 532
    assert parents([child, parent]) == {"inc-baniyas": "inc-coast"}


def test_an_incident_is_not_its_own_child() -> None:
    inc = relatives()
    assert is_child(inc, inc) is None


def test_most_specific_parent_is_chosen() -> None:
    child = relatives()
    whole = coast()
    town = coast(iid="inc-baniyas-town", tolls={"killed": 40}, documents=("doc-2",))
    assert is_child(child, whole) == 532 and is_child(child, town) == 40
    assert parents([whole, child, town]) == {"inc-baniyas": "inc-baniyas-town"}
    assert parents([town, child, whole]) == {"inc-baniyas": "inc-baniyas-town"}


def test_only_aggregate_incidents_are_parents() -> None:
    child = relatives()
    plain = coast(aggregate=False)
    assert is_child(child, plain) == 532  # it would fit
    assert parents([child, plain]) == {}


def test_aggregate_incidents_are_not_children() -> None:
    whole = coast()
    region = coast(iid="inc-syria", tolls={"killed": 1500}, aggregate=True)
    assert is_child(whole, region) == 1500
    assert parents([whole, region]) == {}


def test_several_children_of_one_parent() -> None:
    a = relatives()
    b = relatives(iid="inc-jableh", tolls={"killed": 5}, documents=("doc-1",))
    c = relatives(iid="inc-elsewhere", documents=("doc-7",), where=place("Aleppo"))
    assert parents([a, b, c, coast()]) == {"inc-baniyas": "inc-coast", "inc-jableh": "inc-coast"}
