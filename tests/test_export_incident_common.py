"""Shared mapping rules of the incident exports, and hand-made incidents for their tests."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from harmledger.export.incident_common import (
    VICTIM_WITHHELD,
    acled_actors,
    acled_event_type,
    acled_time_precision,
    country_alpha3,
    country_name,
    is_state_force,
    primary_kind,
    public_text,
    source_names,
    source_scale,
    ucdp_sides,
    ucdp_type_of_violence,
    write_csv,
)
from harmledger.export.records import WITHHELD
from harmledger.models import (
    ClaimRef,
    DateInterval,
    Estimate,
    Incident,
    IncidentSource,
    PlaceMention,
    Span,
)

WITNESS = "Rami Khalil"
VICTIM = "Samir Haidar"
MONITOR = "Syrian Observatory for Human Rights"


def make_place(**overrides: Any) -> PlaceMention:
    """Baniyas, Tartus, Syria, geocoded to the town."""
    fields: dict[str, Any] = {
        "span": Span(40, 47, "Baniyas"),
        "geonameid": 173811,
        "name": "Baniyas",
        "lat": 35.18233,
        "lon": 35.94015,
        "country": "SY",
        "admin1": "Tartus",
        "admin2": "Baniyas District",
        "feature_class": "P",
        "geo_precision": 1,
        "where_prec": 1,
    }
    fields.update(overrides)
    return PlaceMention(**fields)


def make_sources() -> tuple[IncidentSource, ...]:
    """A monitor (twice, one wire story) and a named witness."""
    return (
        IncidentSource(MONITOR, "monitor", "doc-1", "story-1", "syriahr.com", ClaimRef("doc-1", 0)),
        IncidentSource(MONITOR, "monitor", "doc-2", "story-1", "example.org"),
        IncidentSource(WITNESS, "witness", "doc-3", "story-2", "afp.com", ClaimRef("doc-3", 1)),
    )


def make_incident(**overrides: Any) -> Incident:
    """A killing of civilians by two perpetrators, 12 (conservative) to 20 dead, 5+ injured."""
    fields: dict[str, Any] = {
        "id": "inc-0001",
        "claims": (ClaimRef("doc-1", 0), ClaimRef("doc-3", 1)),
        "kinds": ("killed", "injured"),
        "estimates": (
            Estimate("killed", 12, 15, 20, 12, "max-exact-of-independent"),
            Estimate("injured", 5, 7, None, 5, "max-exact-of-independent"),
        ),
        "date": DateInterval("2025-03-06", "2025-03-06", 1),
        "place": make_place(),
        "place_document": "doc-1",
        "perpetrators": ("government forces", "pro-government militia"),
        "victims": (VICTIM, "12 civilians"),
        "civilian_targeting": True,
        "sources": make_sources(),
        "number_of_sources": 3,
        "independent_sources": 2,
        "grade": "corroborated",
        "headline": f"{VICTIM} among 15 killed in Baniyas, {WITNESS} says",
        "notes": f"{WITNESS} saw the gunmen",
        "documents": ("doc-1", "doc-2", "doc-3"),
    }
    fields.update(overrides)
    return Incident(**fields)


def test_country_names_and_codes() -> None:
    assert country_name("SY") == "Syria"
    assert country_name("iq") == "Iraq"
    assert country_name("CD") == "Democratic Republic of Congo"
    assert country_name("ZZ") == "ZZ" and country_name(None) == ""
    assert country_alpha3("SY") == "SYR" and country_alpha3("ZZ") is None


def test_primary_kind_is_most_severe() -> None:
    assert primary_kind(("property", "killed", "detained")) == "killed"
    assert primary_kind(("displaced", "detained")) == "detained"
    assert primary_kind(()) is None


@pytest.mark.parametrize(
    ("kinds", "targeting", "expected"),
    [
        (("killed",), True, ("Violence against civilians", "Attack")),
        (("attacked", "abducted"), True, ("Violence against civilians", "Attack")),
        (("abducted",), True, ("Violence against civilians", "Abduction/forced disappearance")),
        (("detained",), True, ("Violence against civilians", "Abduction/forced disappearance")),
        (("killed",), False, ("Battles", "Armed clash")),
        (("detained",), False, ("Strategic developments", "Arrests")),
        (("property",), None, ("Strategic developments", "Looting/property destruction")),
        (("displaced",), True, ("Strategic developments", "Other")),
        (("killed",), None, ("", "")),
    ],
)
def test_acled_event_type(
    kinds: tuple[str, ...], targeting: bool | None, expected: tuple[str, str]
) -> None:
    incident = make_incident(kinds=kinds, civilian_targeting=targeting)
    assert acled_event_type(incident) == expected


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("government forces", True),
        ("the Syrian army", True),
        ("Russian warplanes", True),
        ("security forces", True),
        ("police officers", True),
        ("pro-government militia", False),
        ("anti-government fighters", False),
        ("armed men", False),
        ("Hayat Tahrir al-Sham", False),
    ],
)
def test_state_force_words(text: str, state: bool) -> None:
    assert is_state_force(text) is state


def test_ucdp_type_of_violence() -> None:
    assert ucdp_type_of_violence(make_incident()) == 3
    state = make_incident(civilian_targeting=False, perpetrators=("the army",))
    assert ucdp_type_of_violence(state) == 1
    non_state = make_incident(civilian_targeting=None, perpetrators=("armed men", "rebels"))
    assert ucdp_type_of_violence(non_state) == 2
    assert ucdp_type_of_violence(make_incident(civilian_targeting=None, perpetrators=())) is None


def test_actors_and_sides() -> None:
    incident = make_incident(
        perpetrators=("government forces", "pro-government militia", "government forces")
    )
    assert acled_actors(incident) == (
        "government forces",
        "pro-government militia",
        "Civilians (Syria)",
    )
    assert ucdp_sides(incident) == ("government forces; pro-government militia", "Civilians")
    unknown = make_incident(perpetrators=(), civilian_targeting=None)
    assert acled_actors(unknown) == ("Unidentified Armed Group (Syria)", "", "")
    assert ucdp_sides(unknown) == ("", "")


def test_time_precision_from_date_prec() -> None:
    assert [acled_time_precision(p) for p in (1, 2, 3, 4, 5, None)] == [1, 2, 2, 3, 3, None]


def test_source_scale_rule() -> None:
    assert source_scale(make_sources()) == "Local-National"
    un = IncidentSource("OCHA", "UN", "d", "s")
    social = IncidentSource("@someone", "social media", "d", "s")
    assert source_scale((un, social, *make_sources())) == "New media-Local-National-International"
    assert source_scale(()) == ""


def test_witness_names_withheld_unless_asked() -> None:
    incident = make_incident()
    assert source_names(incident, include_names=False) == [MONITOR, WITHHELD]
    assert source_names(incident, include_names=True) == [MONITOR, WITNESS]


def test_public_text_withholds_witness_and_victim_names() -> None:
    incident = make_incident()
    text = public_text(incident.headline, incident, include_names=False)
    assert text == f"{VICTIM_WITHHELD} among 15 killed in Baniyas, {WITHHELD} says"
    assert public_text(incident.headline, incident, include_names=True) == incident.headline
    # lower-case victim phrases are group words, not names: left as they are
    assert public_text("12 civilians died", incident, include_names=False) == "12 civilians died"
    assert public_text(None, incident, include_names=False) == ""


def test_write_csv_escapes_formulas() -> None:
    out = io.StringIO()
    n = write_csv([{"a": "=1+1", "b": -3}, {"a": "@x"}], ("a", "b"), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert n == 2
    assert rows == [{"a": "'=1+1", "b": "-3"}, {"a": "'@x", "b": ""}]
