"""Document context for the geocoder, beyond the country focus.

- **"Town, State" pairs**: a mention followed by ", " and a mention of a division or country
  ("Athens, Ga.", "Paris, Texas") keeps only the candidates inside it, and the division keeps
  only the candidates that contain the town;
- **state focus**: every distinct name votes for the first-order divisions (states,
  provinces) of its candidates, weighted by their population (a division named outright
  counts double), so "Gainesville" goes to the state the rest of the article is in;
- **fallback names** for a mention with no candidate: without leading direction words
  ("North Texas"), after "Port of"/"City of", or without trailing facility words
  ("Henderson County Jail" -> "Henderson County"), at coarser precision;
- **inner names** of a mention still unresolved ("Dublin Singers", "Athens Regional Park",
  "Nice of Russia"): the longest run of its words that another mention of the document names,
  else one that names a country, division or town of 100,000+ people, at coarser precision;
- **anchors**: a county placed at its state's point moves to the most mentioned town of that
  state in the document, as does a local feature (a river, lake or park) left unresolved;
- **neighbours**: local news names places near one another, so a town with a namesake of
  another name of the document within ``NEAR_KM`` (or a county of that name in its state) is
  preferred ("Alexandria" with "Albany" and "Douglas County" are the Minnesota ones);
- **the web host's country**: a page served from a country-code domain ("....co.uk",
  "....ru") leans towards that country; codes sold for general use (.tv, .io, .me) do not;
- **the newspaper's home town**: a host that is a town's name followed by newspaper words
  ("springfieldnewssun", "dallasnews") adds the town (its namesakes of 10,000+ people, or a
  state) to the document's names for the state focus and the neighbours.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace

import pycountry

from harmledger.extract import rulebook_words as rw
from harmledger.hosts import source_host
from harmledger.models import Span
from harmledger.resolve.distance import great_circle_km
from harmledger.resolve.gazetteer import Candidate, normalize

StateKey = tuple[str | None, str | None]


def words(*chunks: str) -> frozenset[str]:
    """A word set written as space-separated text."""
    return frozenset(" ".join(chunks).split())


DIRECTION_WORDS = rw.words("direction_words")
FACILITY_WORDS = rw.words("facility_words")
OF_PREFIXES = tuple(f"{noun} of " for noun in sorted(rw.words("of_prefix_nouns")))
LOCAL_FEATURE_WORDS = rw.words("local_feature_words")
LOCAL_FEATURE_FIRST_WORDS = rw.words("local_feature_first_words")
NAMED_STATE_VOTE = 2.0
MAJOR_INNER_POPULATION = 100_000
INNER_STOP_WORDS = rw.words("inner_stop_words")
PAIR_GAP = re.compile(r"^,\s?$")
GENERIC_CCTLDS = words("io tv me co fm ai ly cc ws to gg am nu su eu")
CCTLD_COUNTRY = {"uk": "GB"}
NEAR_KM = 100.0
HOME_POPULATION = 10_000
HOME_KEY = "<home>"  # never a normalised mention: it has angle brackets
#: Longest first: a host's tail is read greedily ("newssun" = "news" + "sun").
NEWSPAPER_WORDS = sorted(rw.words("newspaper_words"), key=lambda w: (-len(w), w))
COUNTY_MASS = 10_000
_CELL_DEG = 1.0


def containment_pairs(mentions: Sequence[Span], text: str) -> list[tuple[int, int]]:
    """(town, division) index pairs written as "Town, Division" with nothing else between."""
    pairs = []
    for i in range(len(mentions) - 1):
        left, right = mentions[i], mentions[i + 1]
        if text and PAIR_GAP.match(text[left.end : right.start]):
            pairs.append((i, i + 1))
    return pairs


def contains(outer: Candidate, inner: Candidate) -> bool:
    """True when ``outer`` (a country or first-order division) contains ``inner``."""
    if outer.feature_class != "A" or outer.country is None or outer is inner:
        return False
    if outer.feature_code.startswith("PCL"):
        return inner.country == outer.country and not inner.feature_code.startswith("PCL")
    return (
        outer.feature_code == "ADM1"
        and inner.feature_code != "ADM1"
        and (inner.country, inner.admin1) == (outer.country, outer.admin1)
    )


def apply_containment(
    options: list[list[Candidate]], pairs: Sequence[tuple[int, int]]
) -> tuple[list[list[Candidate]], set[int]]:
    """Options narrowed by "Town, Division" pairs, and the indexes whose pair matched."""
    out = [list(opts) for opts in options]
    confirmed: set[int] = set()
    for town, division in pairs:
        inner = [c for c in out[town] if any(contains(d, c) for d in out[division])]
        outer = [d for d in out[division] if any(contains(d, c) for c in out[town])]
        if inner and outer:
            out[town], out[division] = inner, outer
            confirmed.update((town, division))
    return out, confirmed


def state_focus(
    options: Mapping[str, Sequence[Candidate]], focus: Mapping[str, float]
) -> dict[StateKey, float]:
    """(country, admin1) -> share (0..1] of the leading division's votes in this document."""
    votes: defaultdict[StateKey, float] = defaultdict(float)
    for cands in options.values():
        for key, weight in _state_vote(cands, focus).items():
            votes[key] += weight
    best = max(votes.values(), default=0.0)
    return {k: v / best for k, v in votes.items()} if best > 0 else {}


def _state_vote(cands: Sequence[Candidate], focus: Mapping[str, float]) -> dict[StateKey, float]:
    """One name's vote: shares by square-rooted population, named divisions counting double."""
    named = [c for c in cands if c.feature_code == "ADM1" and focus.get(c.country or "", 0) > 0]
    if named:
        return {(c.country, c.admin1): NAMED_STATE_VOTE / len(named) for c in named}
    weights: defaultdict[StateKey, float] = defaultdict(float)
    for c in cands:
        if c.admin1 and c.feature_class in ("P", "A") and not c.feature_code.startswith("PCL"):
            share = focus.get(c.country or "", 0.0)
            weights[(c.country, c.admin1)] += share * math.sqrt(max(c.population, 100))
    total = sum(weights.values())
    return {k: w / total for k, w in weights.items()} if total > 0 else {}


def fallback_names(key: str) -> Iterator[str]:
    """Shorter names to try for a mention the gazetteer does not know, best first."""
    words = key.split()
    start = 0
    while start < len(words) - 1 and words[start] in DIRECTION_WORDS:
        start += 1
    if start:
        yield " ".join(words[start:])
    for prefix in OF_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            yield key[len(prefix) :]
    end = len(words)
    while end - 1 > start and words[end - 1] in FACILITY_WORDS:
        end -= 1
        yield " ".join(words[start:end])


def fallback_candidates(key: str, lookup: Callable[[str], list[Candidate]]) -> list[Candidate]:
    """Candidates of the first fallback name that has any, coarsened (precision 2 / 3)."""
    for name in fallback_names(key):
        found = lookup(name)
        if found:
            return [replace(c, geo_precision=max(c.geo_precision, 2),
                            where_prec=max(c.where_prec, 3)) for c in found]  # fmt: skip
    return []


def inner_names(key: str) -> Iterator[str]:
    """Runs of a multi-word key's words, longest first, left to right; no bare filler words."""
    parts = key.split()
    for size in range(len(parts) - 1, 0, -1):
        for start in range(len(parts) - size + 1):
            run = parts[start : start + size]
            if run[0] in INNER_STOP_WORDS or run[-1] in INNER_STOP_WORDS or len(run[0]) < 3:
                continue
            if all(w in DIRECTION_WORDS or w in FACILITY_WORDS for w in run):
                continue
            yield " ".join(run)


def inner_candidates(
    key: str,
    resolved: Mapping[str, Sequence[Candidate]],
    lookup: Callable[[str], list[Candidate]],
    focus: Mapping[str, float] | None = None,
) -> list[Candidate]:
    """Candidates of an inner name: one the document resolves elsewhere, else a major place,
    in the document's country focus when it has one (an unknown village is not a big town
    abroad that shares one of its words)."""
    names = list(inner_names(key))
    found = next((list(resolved[n]) for n in names if resolved.get(n)), [])
    if not found:
        for name in names:
            found = [c for c in lookup(name) if _major(c) and _in_focus(c, focus)]
            if found:
                break
    return [replace(c, geo_precision=max(c.geo_precision, 2),
                    where_prec=max(c.where_prec, 3)) for c in found]  # fmt: skip


def _in_focus(cand: Candidate, focus: Mapping[str, float] | None) -> bool:
    return not focus or focus.get(cand.country or "", 0.0) > 0 or cand.country is None


def _major(cand: Candidate) -> bool:
    return cand.feature_class == "A" or cand.population >= MAJOR_INNER_POPULATION


def town_anchors(chosen: Sequence[Candidate | None]) -> dict[StateKey, Candidate]:
    """The most mentioned town of each (country, admin1) among the document's choices."""
    counts: Counter[int] = Counter()
    by_id: dict[int, Candidate] = {}
    for cand in chosen:
        if cand is not None and cand.feature_class == "P" and cand.geonameid is not None:
            counts[cand.geonameid] += 1
            by_id[cand.geonameid] = cand
    anchors: dict[StateKey, Candidate] = {}
    for gid, _n in counts.most_common():
        cand = by_id[gid]
        anchors.setdefault((cand.country, cand.admin1), cand)
    return anchors


def main_anchor(chosen: Sequence[Candidate | None]) -> Candidate | None:
    """The document's most mentioned town (first mentioned among equals)."""
    counts = Counter(c.geonameid for c in chosen if c is not None and c.feature_class == "P")
    if not counts:
        return None
    best = max(counts.values())
    return next(c for c in chosen if c is not None and counts.get(c.geonameid) == best)


def place_near_anchors(
    keys: Sequence[str], chosen: Sequence[Candidate | None]
) -> list[Candidate | None]:
    """Counties moved to their state's anchor town; local features to the main anchor."""
    anchors = town_anchors(chosen)
    main = main_anchor(chosen)
    out: list[Candidate | None] = []
    for key, cand in zip(keys, chosen, strict=True):
        if cand is not None and _is_county(cand):
            town = anchors.get((cand.country, cand.admin1))
            if town is not None:
                cand = replace(cand, lat=town.lat, lon=town.lon)
        elif cand is None and main is not None and is_local_feature(key):
            cand = replace(main, name=key, geonameid=None, geo_precision=2, where_prec=2)
        out.append(cand)
    return out


def is_local_feature(key: str) -> bool:
    """A multi-word name ending in a landscape word ("catawba river", "lake vermont")."""
    words = normalize(key).split()
    return len(words) > 1 and (
        words[-1] in LOCAL_FEATURE_WORDS or words[0] in LOCAL_FEATURE_FIRST_WORDS
    )


def url_country(url: str | None) -> str | None:
    """ISO2 of the country-code top-level domain of ``url`` ("www.x.co.uk" -> "GB"), if any."""
    tld = source_host(url).rstrip(".").rpartition(".")[2].lower()
    if len(tld) != 2 or tld in GENERIC_CCTLDS:
        return None
    code = CCTLD_COUNTRY.get(tld, tld.upper())
    return code if pycountry.countries.get(alpha_2=code) is not None else None


def _is_town(cand: Candidate) -> bool:
    """A populated place, or a county with a point of its own."""
    return cand.feature_class == "P" or (cand.feature_code == "ADM2" and cand.geo_precision < 3)


def _is_county(cand: Candidate) -> bool:
    """A county without a point of its own (it carries its state's)."""
    return cand.feature_code == "ADM2" and cand.population == 0 and cand.geo_precision >= 3


def _names_region(cands: Sequence[Candidate]) -> bool:
    return any(c.feature_code.startswith("PCL") or c.feature_code == "ADM1" for c in cands)


def _cell(cand: Candidate) -> tuple[int, int]:
    return math.floor(cand.lat / _CELL_DEG), math.floor(cand.lon / _CELL_DEG)


def _mass(cand: Candidate) -> float:
    return math.sqrt(max(cand.population, COUNTY_MASS if cand.feature_code == "ADM2" else 100))


class _Neighbourhood:
    """One name's towns by grid cell and its counties by state, weighed by square-rooted
    population (a county as a town of ``COUNTY_MASS``), for neighbour look-ups."""

    def __init__(self, cands: Sequence[Candidate]) -> None:
        self.cells: dict[tuple[int, int], list[Candidate]] = {}
        self.states: defaultdict[StateKey, float] = defaultdict(float)
        for c in cands:
            if _is_town(c):
                self.cells.setdefault(_cell(c), []).append(c)
            elif _is_county(c):
                self.states[(c.country, c.admin1)] += _mass(c)
        self.total = sum(_mass(c) for c in cands if _is_town(c) or _is_county(c))
        self.ids = {c.geonameid or c.gazetteer_id for c in cands} - {None}

    def near(self, cand: Candidate) -> float:
        """The share of this name's weight within ``NEAR_KM`` of ``cand`` or in its state's
        counties."""
        if not self.total:
            return 0.0
        row, col = _cell(cand)
        mass = self.states.get((cand.country, cand.admin1), 0.0) + sum(
            _mass(other)
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for other in self.cells.get((row + dr, col + dc), ())
            if great_circle_km(cand.lat, cand.lon, other.lat, other.lon) <= NEAR_KM
        )
        return mass / self.total


def neighbour_support(options: Mapping[str, Sequence[Candidate]]) -> dict[str, dict[int, float]]:
    """key -> {index of a town candidate: the summed shares of the other names near it}.

    Names that share a candidate with the key ("Paris", "City of Paris") give no support;
    names of countries and states ("China", "Nevada") neither get nor give any."""
    hoods = {k: _Neighbourhood(c) for k, c in options.items() if c and not _names_region(c)}
    out: dict[str, dict[int, float]] = {}
    for key, cands in options.items():
        if key not in hoods or len(cands) < 2:
            continue
        others = [h for k, h in hoods.items() if k != key and not h.ids & hoods[key].ids]
        shares = {i: sum(h.near(c) for h in others) for i, c in enumerate(cands) if _is_town(c)}
        out[key] = {i: v for i, v in shares.items() if v > 0}
    return out


def _newspaper_tail(rest: str) -> bool:
    """True when ``rest`` is made of newspaper words only ("newssun", "statejournal")."""
    while rest:
        word = next((w for w in NEWSPAPER_WORDS if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return True


def home_candidates(url: str | None, lookup: Callable[[str], list[Candidate]]) -> list[Candidate]:
    """The places a newspaper's host names as its home ("www.dallasnews.com" -> Dallas):
    a town of ``HOME_POPULATION``+ people or a state, by its own name, before newspaper words."""
    for label in source_host(url).split(".")[:-1]:
        label = label.removeprefix("the").replace("-", "")
        for size in range(len(label), 3, -1):
            if not _newspaper_tail(label[size:]):
                continue
            found = [
                c for c in lookup(label[:size])
                if normalize(c.name).replace(" ", "") == label[:size]
                and (c.feature_code == "ADM1" or c.population >= HOME_POPULATION)
            ]  # fmt: skip
            if found:
                return found
    return []
