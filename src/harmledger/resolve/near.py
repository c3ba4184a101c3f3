"""Where the text puts an event relative to a named place, rather than in it.

- **near**: "10 km south of Gao", "6 miles from X", "near X", "outside X", "on the outskirts
  of X": the mention keeps X's point but records ``relation="near"`` (and ``offset_km`` when
  a distance is given), at ACLED ``geo_precision`` 2 and UCDP ``where_prec`` 2 (within 25 km)
  or coarser;
- **a village in an area**: an unknown village followed by the area the text puts it in
  ("the village of Kafr X in Hama province", "Kafr X, a village in Hama") keeps its own name
  and takes the area's point, at the area's precision (ACLED 3; UCDP 3 for a second-order
  division, 4 for a province, 6 for a country), never another town's point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from harmledger.extract import rulebook_words as rw
from harmledger.models import PlaceMention, Span
from harmledger.resolve.gazetteer import Candidate

NEAR = "near"
NEAR_PRECISION = 2  # ACLED: part of a region or near a town; UCDP: within 25 km
MILE_KM = 1.609344
_LOOKBEHIND = 80
_DIRECTION = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
_PLACE_NOUN = r"(?:(?:the\s+)?(?:(?:town|city|village|capital|provincial\s+capital)\s+(?:of\s+)?))?"
_NEAR_BEFORE = re.compile(
    r"(?:\b(?P<num>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>km|kms|kilomet(?:re|er)s?|miles?)\.?\s+"
    rf"(?:\([^()]{{0,30}}\)\s+)?(?:{_DIRECTION}\s+)?(?:of|from|outside(?:\s+of)?)"
    r"|\b(?:near(?:\s+to)?|close\s+to|outside(?:\s+of)?|outskirts\s+of|vicinity\s+of"
    r"|not\s+far\s+from)"
    # "a village south of Gao": a settlement in a direction from the town, not in it
    r"|\b(?:villages?|towns?|hamlets?|camps?|settlements?|farms?)\s+(?:just\s+|directly\s+)?"
    rf"{_DIRECTION}\s+of)"
    rf"\s+(?:the\s+)?{_PLACE_NOUN}$",
    re.IGNORECASE,
)
_AREA_GAP = re.compile(
    r"^(?:,\s*|\s+)(?:(?:(?:a|the)\s+)?(?:\w+\s+)?(?:village|town|hamlet|locality|settlement"
    r"|area)\s+)?(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?"
    r"(?:countryside\s+of\s+)?$|^,\s?$",
    re.IGNORECASE,
)
#: Words that make a name a building, a feature, a body or an area, not a village.
#: (with the facility, local feature and direction words: rules_data/geo.toml)
NOT_VILLAGE_WORDS = rw.words("not_village_words")
_CONNECTORS = rw.words("name_connectors")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_DIVISION_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(province|governorate|region|district|state|county|countryside|department"
    r"|oblast|prefecture)\b",
    re.IGNORECASE,
)


#: A possessor before the place: "near Ethiopia's Kobo" puts the event near Kobo.
_POSSESSOR = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}['’]s?\s+$")


def near_relation(text: str, span: Span) -> tuple[str | None, float | None]:
    """("near", km or None) when the words before ``span`` put the event near it, else (None,
    None). A possessor is not the place ("near Ethiopia's Kobo": near Kobo, not Ethiopia)."""
    if re.match(r"['’]s?\b", text[span.end : span.end + 2]):
        return None, None
    before = text[max(0, span.start - _LOOKBEHIND) : span.start]
    owner = _POSSESSOR.search(before)
    if owner is not None:
        before = before[: owner.start()]
    match = _NEAR_BEFORE.search(before)
    if match is None:
        return None, None
    if match.group("num") is None:
        return NEAR, None
    value = float(match.group("num"))
    unit = match.group("unit").lower()
    return NEAR, round(value * MILE_KM, 1) if unit.startswith("mile") else value


def with_relation(mention: PlaceMention, text: str) -> PlaceMention:
    """``mention`` with its relation to the event recorded and its precision lowered."""
    relation, offset = near_relation(text, mention.span)
    if relation is None:
        return mention
    if mention.lat is None:
        return replace(mention, relation=relation, offset_km=offset)
    return replace(
        mention,
        relation=relation,
        offset_km=offset,
        geo_precision=max(mention.geo_precision or 1, NEAR_PRECISION),
        where_prec=max(mention.where_prec or 1, NEAR_PRECISION),
    )


def enclosing_pairs(mentions: Sequence[Span], text: str) -> list[tuple[int, int, str | None]]:
    """(place, area, division word) for each mention the text puts inside the next one ("X in
    Hama province", "X, a village in Hama"); the division word follows the area's name, and
    is "," for a bare "X, Y" (a list, unless Y is an area)."""
    out = []
    for i in range(len(mentions) - 1):
        left, right = mentions[i], mentions[i + 1]
        gap = _AREA_GAP.match(text[left.end : right.start]) if text else None
        if gap is None:
            continue
        after = _DIVISION_AFTER.match(text[right.end : right.end + 40])
        word = after.group(1).lower() if after else None
        out.append((i, i + 1, word or ("," if gap.group(0).strip() == "," else None)))
    return out


def area_of(
    cand: Candidate | None,
    key: str,
    division: str | None,
    lookup: Callable[[str], list[Candidate]],
) -> Candidate | None:
    """The area a place lies in: ``cand`` when it is an area; a town followed by a division
    word is its division ("Hama province"); a town alone is a point to be near."""
    if cand is None:
        return None
    if cand.where_prec >= 3 or cand.feature_class in ("A", "L"):
        return cand
    if division and division != ",":
        word = "province" if division == "countryside" else division
        regions = [c for c in lookup(f"{key} {word}") if c.country == cand.country]
        if regions:
            return regions[0]
    return cand


def village_in(area: Candidate, name: str) -> Candidate:
    """An unknown village called ``name`` somewhere in ``area`` (or near it, for a town)."""
    if area.where_prec < 3 and area.feature_class == "P":
        geo, where = NEAR_PRECISION, NEAR_PRECISION
    else:
        geo, where = 3, max(area.where_prec, 3)
    return replace(
        area, name=name, geonameid=None, gazetteer_id=None, feature_class="P",
        feature_code="PPL", population=0, geo_precision=geo, where_prec=where,
        alternate_names=(),
    )  # fmt: skip


def village_like(name: str) -> bool:
    """A proper name that may be a village's: capitalised words, none of them generic
    ("Kafr Zita", not "central province", "Symphony Hall" or "Camp X")."""
    found = [w for w in _WORD.findall(name) if w.lower() not in _CONNECTORS]
    return bool(found) and all(
        w[0].isupper() and w.lower().strip("'’-") not in NOT_VILLAGE_WORDS for w in found
    )


def place_villages(
    mentions: Sequence[Span],
    text: str,
    keys: Sequence[str],
    chosen: Sequence[Candidate | None],
    loose: set[int],
    lookup: Callable[[str], list[Candidate]],
) -> list[Candidate | None]:
    """Mentions found only loosely (or not at all) that the text puts in an area take the
    area's point under their own name; a loose match in the same division is kept, and an
    exact one in the same country (a namesake abroad is not the village the text means)."""
    out = list(chosen)
    for i, j, division in enclosing_pairs(mentions, text):
        if not village_like(mentions[i].text):
            continue
        area = area_of(chosen[j], keys[j], division, lookup)
        if area is None or (division == "," and area.where_prec < 3):
            continue
        mine = out[i]
        if mine is not None and _keeps(mine, area, i in loose, division == ","):
            continue
        out[i] = village_in(area, mentions[i].text)
    return out


def _keeps(mine: Candidate, area: Candidate, loose: bool, comma: bool) -> bool:
    """Whether a mention's own match stands against the area the text puts it in: areas
    and exact matches in a list ("X, Y") always do, other exact matches in the area's country,
    loose ones in its division."""
    if mine.feature_class != "P" or mine.where_prec >= 3 or (comma and not loose):
        return True
    if mine.country != area.country:
        return False
    return not loose or area.feature_code.startswith("PCL") or mine.admin1 == area.admin1
