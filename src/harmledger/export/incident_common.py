"""Mapping rules the incident exporters share (ACLED, UCDP, PLOVER, GeoJSON).

Everything here is a pure function of an ``Incident``: no store access, no network. The rules
are documented, with their tables, in ``docs/EXPORTS.md``; change both together.

Name policy for public exports (``include_names=False``, the default; docs/SECURITY.md): the
private persons an incident names (``harmledger.redact.incident_names``: person names in its
victims and in its sources whose type is not official, medical, NGO, UN, monitor or
journalist) are withheld as ``WITHHELD`` (``"[name withheld]"``) in source names, headline and
notes; ``Incident.victims`` texts are never written (group words such as "Civilians" stand in
for them). The exporters of a store (``harmledger.export.EXPORTERS``) first withhold the names
the incident's documents give (``harmledger.redact.Redactor.incident``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

import pycountry

from harmledger.export.csv import safe_cell
from harmledger.models import Estimate, Incident, IncidentSource
from harmledger.redact import MARK, incident_names, withhold_names

WITHHELD = MARK
VICTIM_WITHHELD = MARK  # one marker for every private person
UNIDENTIFIED_ACTOR = "Unidentified Armed Group"
CIVILIANS = "Civilians"

#: Kinds from most to least severe; the first one an incident has decides its event type.
KIND_PRECEDENCE: tuple[str, ...] = (
    "killed",
    "injured",
    "attacked",
    "abducted",
    "detained",
    "property",
    "displaced",
)
VIOLENT_KINDS = frozenset({"killed", "injured", "attacked"})
CAPTURE_KINDS = frozenset({"abducted", "detained"})

#: Words that make a perpetrator a state force. A word glued to a hyphen does not count, so
#: "pro-government militia" and "anti-government fighters" are not state forces.
_STATE_WORDS = (
    r"army|armed forces|military|air ?force|navy|national guard|gendarmerie|police|"
    r"security forces|security services|general security|government|regime|soldiers?|"
    r"troops|warplanes?|ministry of (?:defen[cs]e|interior)"
)
STATE_FORCE = re.compile(rf"(?<![\w-])(?:{_STATE_WORDS})(?![\w-])", re.IGNORECASE)

#: ACLED ``source_scale`` of each ``source_type``.
SOURCE_SCALE: Mapping[str, str] = {
    "witness": "Local",
    "medical": "Local",
    "official": "National",
    "monitor": "National",
    "journalist": "National",
    "UN": "International",
    "NGO": "International",
    "social media": "New media",
    "unknown": "Other",
}
_SCALE_ORDER = ("New media", "Local", "National", "International", "Other")

#: ACLED's spelling where pycountry's short name differs.
_COUNTRY_NAMES: Mapping[str, str] = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "PS": "Palestine",
    "RU": "Russia",
    "KR": "South Korea",
    "KP": "North Korea",
    "VN": "Vietnam",
    "LA": "Laos",
    "SY": "Syria",
}


def country_name(code: str | None) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code ("SY" -> "Syria"); "" for None.

    An unknown code is returned as given rather than dropped.
    """
    if not code:
        return ""
    code = code.upper()
    if code in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def country_alpha3(code: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of an alpha-2 code ("SY" -> "SYR"), None when unknown."""
    if not code:
        return None
    country = pycountry.countries.get(alpha_2=code.upper())
    return None if country is None else str(country.alpha_3)


def primary_kind(kinds: Iterable[str]) -> str | None:
    """The most severe kind of harm of an incident (``KIND_PRECEDENCE``), None when none."""
    present = set(kinds)
    return next((k for k in KIND_PRECEDENCE if k in present), None)


def is_state_force(text: str) -> bool:
    """True when a perpetrator's text names a state force ("government forces", "the army")."""
    return STATE_FORCE.search(text) is not None


def acled_event_type(incident: Incident) -> tuple[str, str]:
    """ACLED ``(event_type, sub_event_type)`` from the kinds and ``civilian_targeting``.

    Harm to people is "Violence against civilians" only when civilian targeting is known;
    when it is unknown both cells are "" (an analyst codes them) rather than a guess.
    """
    kind = primary_kind(incident.kinds)
    targeting = incident.civilian_targeting
    if kind == "property":
        return "Strategic developments", "Looting/property destruction"
    if kind == "displaced":
        return "Strategic developments", "Other"
    if kind in VIOLENT_KINDS:
        if targeting is True:
            return "Violence against civilians", "Attack"
        if targeting is False:
            return "Battles", "Armed clash"
    if kind in CAPTURE_KINDS:
        if targeting is True:
            return "Violence against civilians", "Abduction/forced disappearance"
        if targeting is False:
            return "Strategic developments", "Arrests"
    return "", ""


def ucdp_type_of_violence(incident: Incident) -> int | None:
    """UCDP ``type_of_violence``: 3 one-sided, 1 state-based, 2 non-state; None when unknown.

    3 when the incident targets civilians; otherwise 1 when a perpetrator is a state force,
    2 when perpetrators are known and none is; None when no perpetrator is known.
    """
    if incident.civilian_targeting is True:
        return 3
    if not incident.perpetrators:
        return None
    return 1 if any(is_state_force(p) for p in incident.perpetrators) else 2


def civilians_label(incident: Incident) -> str:
    """ "Civilians (Syria)": the ACLED name of the civilians of the incident's country."""
    name = country_name(incident.place.country if incident.place else None)
    return f"{CIVILIANS} ({name})" if name else CIVILIANS


def acled_actors(incident: Incident) -> tuple[str, str, str]:
    """ACLED ``(actor1, assoc_actor_1, actor2)``.

    actor1 is the first perpetrator (or "Unidentified Armed Group (<country>)"), the other
    perpetrators are joined with "; " as associated actors, and actor2 is "Civilians
    (<country>)" when the incident targets civilians, else "".
    """
    perpetrators = list(dict.fromkeys(p.strip() for p in incident.perpetrators if p.strip()))
    if perpetrators:
        actor1 = perpetrators[0]
    else:
        name = country_name(incident.place.country if incident.place else None)
        actor1 = f"{UNIDENTIFIED_ACTOR} ({name})" if name else UNIDENTIFIED_ACTOR
    actor2 = civilians_label(incident) if incident.civilian_targeting else ""
    return actor1, "; ".join(perpetrators[1:]), actor2


def ucdp_sides(incident: Incident) -> tuple[str, str]:
    """UCDP ``(side_a, side_b)``: perpetrators joined with "; ", and "Civilians" or ""."""
    perpetrators = dict.fromkeys(p.strip() for p in incident.perpetrators if p.strip())
    return "; ".join(perpetrators), CIVILIANS if incident.civilian_targeting else ""


def acled_time_precision(date_prec: int | None) -> int | None:
    """ACLED ``time_precision`` (1 day, 2 week, 3 month or coarser) of a UCDP ``date_prec``.

    1 -> 1; 2 (2-6 days) and 3 (a week, part of a month) -> 2; 4 (a month) and 5 (a year)
    -> 3, ACLED's coarsest; None (unknown) -> None.
    """
    if date_prec is None:
        return None
    if date_prec <= 1:
        return 1
    return 2 if date_prec <= 3 else 3


def source_scale(sources: Iterable[IncidentSource]) -> str:
    """ACLED ``source_scale``: the scales of the sources' types, joined with "-".

    Each type maps through ``SOURCE_SCALE``; distinct scales are listed in the order New
    media, Local, National, International, Other ("Local-National"); "" when no sources.
    """
    scales = {SOURCE_SCALE.get(s.source_type, "Other") for s in sources}
    return "-".join(s for s in _SCALE_ORDER if s in scales)


def public_source_name(
    source: IncidentSource, *, include_names: bool, names: Iterable[str] = ()
) -> str:
    """The source's name with private names (``names``, and those in the source itself when
    its type is not public) withheld unless ``include_names``."""
    if include_names:
        return source.name
    own = incident_names(Incident("", (), (), sources=(source,)))
    return withhold_names(source.name, {*own, *names})


def source_names(incident: Incident, *, include_names: bool) -> list[str]:
    """The distinct source names in the incident's order, private names withheld by default."""
    names = () if include_names else incident_names(incident)
    found = (public_source_name(s, include_names=include_names, names=names)
             for s in incident.sources)  # fmt: skip
    return list(dict.fromkeys(n for n in found if n))


def public_text(text: str | None, incident: Incident, *, include_names: bool) -> str:
    """Free text (headline, notes) with the incident's private names withheld by default."""
    if not text:
        return ""
    if include_names:
        return text
    return withhold_names(text, incident_names(incident))


def figures(estimate: Estimate | None) -> dict[str, int | None]:
    """``low``/``best``/``high``/``conservative`` of an estimate (all None when absent)."""
    if estimate is None:
        return {"low": None, "best": None, "high": None, "conservative": None}
    return {
        "low": estimate.low,
        "best": estimate.best,
        "high": estimate.high,
        "conservative": estimate.conservative,
    }


def date_fields(incident: Incident) -> tuple[str | None, str | None, int | None]:
    """``(start, end, precision)`` of the incident's date, all None when unknown."""
    date = incident.date
    if date is None:
        return None, None, None
    return date.start, date.end, date.precision


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO) -> int:
    """Write a header and the rows (every cell through ``safe_cell``); return the row count."""
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow({c: safe_cell(row.get(c)) for c in columns})
        written += 1
    return written
