"""The synthetic ledger of the linking benchmark (``benchmarks/bench_link.py``).

The generator builds linking features directly (no spaCy, no store): 2,000 places in 30
countries (admin1 and admin2 per place, a power-law "population" so a few cities get many
claims), incidents over five years (uniform plus a few waves of violence per country), each
told by 1-8 documents (geometric), each document telling 1-4 claims of the incident (killed,
injured, attacked mostly; some abducted, property...), counts from a heavy-tailed law, a few
aggregate tolls placed only in a country, round-ups that tell of a second incident (another
segment), undated claims, country-only and unplaced claims. Text signatures are MinHash
signatures (the exact values ``harmledger.link.minhash.signature`` gives, computed in bulk
with numpy and checked against it) of synthetic token sets: each incident has its own
vocabulary, so its reports overlap a little; copies of one wire story share most tokens. Name
signatures hold most of the incident's names (victims, village; common names recur across
incidents), 3-12 names of the report's own and, as ``features.names_in`` finds them in real
pages, the names of the town, region and country (``place_names=False`` leaves those out).
Documents arrive in order of publication.

``generate`` makes the columns and signatures; ``to_table`` turns a run of them into the
``LinkTable`` that ``LinkTable.from_features`` would build (with ``place_codes``), and
``to_features`` into ``DocFeatures``/``ClaimFeatures`` objects.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from harmledger.link import minhash
from harmledger.link.features import UNDATED_LOOKBACK
from harmledger.link.minhash import EMPTY, PRIME
from harmledger.link.table import UNKNOWN

Array = npt.NDArray[Any]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
B = npt.NDArray[np.bool_]

START = date(2021, 1, 1).toordinal()
DAYS = 5 * 365 + 1
N_COUNTRIES = 30
N_PLACES = 2000
ADMIN2_PER_ADMIN1 = 4
N_SIG = 64

#: Token ids ``k`` stand for the token ``f"w{k}"``: places (0-1999), countries (2000-),
#: admin1 regions (2048-), people's names (4096-), then the words of texts.
VOCAB = 1 << 20
COUNTRY_TOKEN = N_PLACES
ADMIN1_TOKEN = 2048
PERSON_TOKEN = 4096
COMMON_NAMES = 3000
PERSON_NAMES = 400_000
TEXT_TOKEN = PERSON_TOKEN + PERSON_NAMES

TEXT_K = 32  # token slots of a document's text: independent 22 own + 10 incident phrases,
WIRE_K = 29  # a wire copy 29 of the wire story's tokens + 3 own
INCIDENT_NAMES = 8  # names of victims, villages, officials: 2-8 per incident
DOC_NAMES = 12  # the report's own other names (people quoted, agencies): 3-12 a document

KINDS = ("killed", "injured", "attacked", "abducted", "property", "detained", "displaced")
PRIMARY_P = (0.45, 0.15, 0.22, 0.08, 0.06, 0.02, 0.02)
#: The kinds an incident's reports tell of, in order, by the incident's main kind.
KIND_SEQ = np.asarray(
    [[0, 1, 2, 4], [1, 2, 0, 4], [2, 1, 0, 4], [3, 0, 1, 5], [4, 2, 1, 6], [5, 3, 1, 0],
     [6, 0, 4, 1]],
    dtype=np.int64,
)  # fmt: skip
_VICTIMS = (
    "civilians children women men students farmers journalists protesters worshippers "
    "villagers soldiers police fighters workers family residents"
)
_PERPETRATORS = (
    "gunmen militia army soldiers police rebels airstrike drone forces jihadists bandits "
    "insurgents troops attackers settlers unidentified"
)
VICTIM_WORDS = tuple(_VICTIMS.split())
PERPETRATOR_WORDS = tuple(_PERPETRATORS.split())


# -- the world: places, incidents, documents, claims ----------------------------------------


@dataclass
class World:
    """Places (one row each) and the countries they lie in."""

    lat: Array  # float64 per place
    lon: Array
    country: I64
    admin1: I64  # global admin1 number
    admin2: I64  # global admin2 number, -1 unknown
    weight: Array  # probability that an incident happens here
    country_lat: Array
    country_lon: Array
    n_admin1: int
    admin1_country: I64
    waves: Array  # (country, 3): centre day of a wave of violence
    wave_width: Array


def make_world(rng: np.random.Generator) -> World:
    """2,000 places clustered in 30 countries, admin1 around the country, places around it."""
    c_lat, c_lon = rng.uniform(-30, 50, N_COUNTRIES), rng.uniform(-15, 110, N_COUNTRIES)
    per_country = rng.integers(6, 30, N_COUNTRIES)
    a1_country = np.repeat(np.arange(N_COUNTRIES), per_country)
    a1_lat = c_lat[a1_country] + rng.normal(0, 2.0, a1_country.size)
    a1_lon = c_lon[a1_country] + rng.normal(0, 2.0, a1_country.size)
    admin1 = rng.integers(0, a1_country.size, N_PLACES)
    admin2 = admin1 * ADMIN2_PER_ADMIN1 + rng.integers(0, ADMIN2_PER_ADMIN1, N_PLACES)
    admin2[rng.random(N_PLACES) < 0.1] = UNKNOWN
    country = a1_country[admin1]
    population = rng.pareto(1.2, N_PLACES) + 1
    conflict = 1.0 / rng.permutation(np.arange(1, N_COUNTRIES + 1)) ** 0.9
    weight = population * conflict[country]
    return World(
        lat=a1_lat[admin1] + rng.normal(0, 0.4, N_PLACES),
        lon=a1_lon[admin1] + rng.normal(0, 0.4, N_PLACES),
        country=country,
        admin1=admin1,
        admin2=admin2,
        weight=weight / weight.sum(),
        country_lat=c_lat,
        country_lon=c_lon,
        n_admin1=int(a1_country.size),
        admin1_country=a1_country,
        waves=rng.uniform(0, DAYS, (N_COUNTRIES, 3)),
        wave_width=rng.uniform(15, 120, (N_COUNTRIES, 3)),
    )


@dataclass
class Incidents:
    """The generator's true incidents."""

    place: I64
    day: I64  # ordinal
    primary: I64  # index into KINDS
    n_kinds: I64
    counts: I64  # (n, 4): true figure per kind slot, -1 unknown
    summary: B  # an aggregate toll (a country, a month)
    n_reports: I64
    wire: B  # some reports are copies of one wire story
    names: I64  # (n, INCIDENT_NAMES) token ids
    n_names: I64
    victims: I64  # bits over VICTIM_WORDS
    perpetrators: I64
    tokens: I64  # (n, WIRE_K + 10): wire story tokens, then phrases every report may quote


def incident_days(rng: np.random.Generator, world: World, country: I64) -> I64:
    """Uniform over five years, or (60%) in one of the country's waves of violence."""
    n = country.size
    wave = rng.integers(0, 3, n)
    near = rng.normal(world.waves[country, wave], world.wave_width[country, wave])
    day = np.where(rng.random(n) < 0.4, rng.uniform(0, DAYS, n), near)
    return START + np.clip(day, 0, DAYS - 1).astype(np.int64)


def incident_counts(rng: np.random.Generator, primary: I64, summary: B) -> I64:
    """Heavy-tailed true figures per kind slot; attacks and property mostly uncounted."""
    n = primary.size
    counts = np.minimum(np.floor(rng.pareto(1.1, (n, 4)) * 2) + 1, 3000).astype(np.int64)
    counts[summary] = counts[summary] * 25 + 40
    kinds = KIND_SEQ[primary]
    uncounted = np.isin(kinds, [2, 4]) & (rng.random((n, 4)) < 0.7)
    counts[uncounted | (kinds == 6) & (rng.random((n, 4)) < 0.3)] = UNKNOWN
    return counts


#: How often each common name is drawn: rank ** -0.8 (the commonest is 4% of common names).
_COMMON_P = np.arange(1, COMMON_NAMES + 1) ** -0.8 / (np.arange(1, COMMON_NAMES + 1) ** -0.8).sum()


def name_tokens(rng: np.random.Generator, n: int, width: int) -> I64:
    """Names: a third from a few thousand common ones (power law), the rest nearly unique."""
    common = PERSON_TOKEN + rng.choice(COMMON_NAMES, (n, width), p=_COMMON_P)
    rare = rng.integers(PERSON_TOKEN + COMMON_NAMES, TEXT_TOKEN, (n, width))
    return np.where(rng.random((n, width)) < 0.33, common, rare)


def word_bits(rng: np.random.Generator, n: int, none: float) -> I64:
    """One or two of 16 actor words per incident (none with probability ``none``)."""
    second = np.where(rng.random(n) < 0.4, 1 << rng.integers(0, 16, n), 0)
    bits = (1 << rng.integers(0, 16, n)) | second
    return np.where(rng.random(n) < none, 0, bits).astype(np.int64)


def make_incidents(rng: np.random.Generator, world: World, n: int) -> Incidents:
    place = rng.choice(N_PLACES, n, p=world.weight)
    summary = rng.random(n) < 0.03
    primary = np.where(summary, 0, rng.choice(len(KINDS), n, p=PRIMARY_P))
    n_kinds = rng.choice([1, 2, 3, 4], n, p=[0.45, 0.3, 0.15, 0.1])
    reports = np.minimum(rng.geometric(0.5, n), 8)
    return Incidents(
        place=place,
        day=incident_days(rng, world, world.country[place]),
        primary=primary,
        n_kinds=np.where(summary, np.minimum(n_kinds, 2), n_kinds),
        counts=incident_counts(rng, primary, summary),
        summary=summary,
        n_reports=np.where(summary, np.minimum(reports, 3), reports),
        wire=rng.random(n) < 0.3,
        names=name_tokens(rng, n, INCIDENT_NAMES),
        n_names=np.where(summary, 0, rng.integers(2, INCIDENT_NAMES + 1, n)),
        victims=word_bits(rng, n, 0.2),
        perpetrators=word_bits(rng, n, 0.4),
        tokens=rng.integers(TEXT_TOKEN, VOCAB, (n, WIRE_K + 10)),
    )


Columns = dict[str, Array]


def make_docs(rng: np.random.Generator, inc: Incidents) -> Columns:
    """Reports of every incident, in order of publication (ties at random)."""
    incident = np.repeat(np.arange(inc.place.size), inc.n_reports)
    n = incident.size
    lag = rng.geometric(0.6, n) - 1
    follow_up = rng.random(n) < 0.08
    lag = np.where(follow_up, rng.integers(4, 60, n), lag)
    n_claims = rng.integers(1, inc.n_kinds[incident] + 1)
    roundup = (n_claims >= 2) & (rng.random(n) < 0.04)
    docs = {
        "incident": incident,
        "copy": inc.wire[incident] & (rng.random(n) < 0.6),
        "published": inc.day[incident] + lag,
        "n_claims": n_claims,
        "other": np.where(roundup, rng.integers(0, inc.place.size, n), UNKNOWN),
    }
    order = np.lexsort((rng.random(n), docs["published"]))
    return {k: v[order] for k, v in docs.items()}


def claim_dates(rng: np.random.Generator, day: I64, published: I64, summary: B) -> Columns:
    """A day (5%: a few days); 25% undated (the week before publication); tolls: a month."""
    n = day.size
    hi = day + np.where(rng.random(n) < 0.05, rng.integers(1, 4, n), 0)
    undated = (rng.random(n) < 0.25) & ~summary
    lo = np.where(summary, day - 29, day)
    return {
        "lo": np.where(undated, published - UNDATED_LOOKBACK, lo),
        "hi": np.where(undated, published, np.where(summary, day, hi)),
    }


def claim_places(rng: np.random.Generator, world: World, place: I64, summary: B) -> Columns:
    """The incident's place (a km or two off); 8% only its country, 4% no place at all."""
    n = place.size
    r = rng.random(n)
    none, country_only = r < 0.04, (r < 0.12) | summary
    country = world.country[place]
    lat = np.where(country_only, world.country_lat[country], world.lat[place])
    lon = np.where(country_only, world.country_lon[country], world.lon[place])
    jitter = ~country_only & (rng.random(n) < 0.5)
    return {
        "lat": np.where(none, np.nan, lat + jitter * rng.normal(0, 0.01, n)),
        "lon": np.where(none, np.nan, lon + jitter * rng.normal(0, 0.01, n)),
        "country": np.where(none, UNKNOWN, country),
        "admin1": np.where(none | country_only, UNKNOWN, world.admin1[place]),
        "admin2": np.where(none | country_only, UNKNOWN, world.admin2[place]),
        "inferred": ~none & ~summary & (rng.random(n) < 0.3),
    }


def claim_counts(rng: np.random.Generator, true: I64) -> Columns:
    """75% of reports give the true figure, the rest another; 10% 'at least', 5% a range."""
    n = true.size
    other = np.maximum(np.round(true * rng.uniform(0.5, 1.6, n)), 1).astype(np.int64)
    best = np.where((rng.random(n) < 0.25) & (true != UNKNOWN), other, true)
    r = rng.random(n)
    known = best != UNKNOWN
    low = np.where(known & (r < 0.05), np.floor(best * 0.8), best).astype(np.int64)
    high = np.where(r < 0.05, np.ceil(best * 1.2), np.where(r < 0.15, UNKNOWN, best))
    return {"low": low, "best": best, "high": np.where(known, high, UNKNOWN).astype(np.int64)}


def make_claims(rng: np.random.Generator, world: World, inc: Incidents, docs: Columns) -> Columns:
    """The claims of every document; a round-up's last claim tells of another incident."""
    doc = np.repeat(np.arange(docs["n_claims"].size), docs["n_claims"])
    first = np.cumsum(docs["n_claims"]) - docs["n_claims"]
    position = np.arange(doc.size) - first[doc]
    second = (docs["other"][doc] != UNKNOWN) & (position == docs["n_claims"][doc] - 1)
    truth = np.where(second, docs["other"][doc], docs["incident"][doc])
    slot = np.where(second, 0, position)
    summary = inc.summary[truth]
    keep = rng.random((2, doc.size)) < 0.8
    return {
        "doc": doc,
        "position": position,
        "kind": KIND_SEQ[inc.primary[truth], slot],
        **claim_dates(rng, inc.day[truth], docs["published"][doc], summary),
        **claim_places(rng, world, inc.place[truth], summary),
        **claim_counts(rng, inc.counts[truth, slot]),
        "aggregate": summary,
        "victims": np.where(keep[0], inc.victims[truth], 0),
        "perpetrators": np.where(keep[1], inc.perpetrators[truth], 0),
        "segment": second.astype(np.int64),
        "truth": truth,
    }


# -- signatures -----------------------------------------------------------------------------


def vocab_hashes() -> U64:
    """``minhash.hash_tokens``'s value of every token ``w{k}`` of the vocabulary."""
    values = (zlib.crc32(f"w{k}".encode()) % PRIME for k in range(VOCAB))
    return np.fromiter(values, dtype=np.uint64, count=VOCAB)


def signatures(ids: Array, valid: B, hashes: U64) -> U32:
    """``minhash.signature`` of each row's valid tokens, all rows at once (same values)."""
    a, b = minhash._coefficients(N_SIG)  # the signature's own coefficients
    out = np.empty((ids.shape[0], N_SIG), dtype=np.uint32)
    step = max(1, (1 << 18) // (ids.shape[1] * N_SIG))  # 2 MB blocks stay in cache
    for s in range(0, ids.shape[0], step):
        v = mod_prime(hashes[ids[s : s + step]][:, :, None] * a + b)
        v[~valid[s : s + step]] = EMPTY
        out[s : s + step] = v.min(axis=1)
    return out


_P, _31 = np.uint64(PRIME), np.uint64(31)


def mod_prime(v: U64) -> U64:
    """``v % PRIME`` for ``v < 2**62``, in place (Mersenne folding: twice as fast as ``%``)."""
    r = v & _P
    v >>= _31
    v += r
    np.bitwise_and(v, _P, out=r)
    v >>= _31
    v += r  # now v <= PRIME
    np.subtract(v, _P, out=r)  # wraps around when v < PRIME
    return np.minimum(v, r, out=v)


def text_tokens(rng: np.random.Generator, inc: Incidents, docs: Columns) -> tuple[Array, B]:
    """Token slots of each document's text: its own words and some of its incident's phrases,
    or, for a copy of the wire story, nearly all of the story's tokens and a few of its own."""
    n, own = docs["incident"].size, TEXT_K - 10
    ids = rng.integers(TEXT_TOKEN, VOCAB, (n, TEXT_K), dtype=np.int32)
    valid = np.ones((n, TEXT_K), dtype=np.bool_)
    copy = docs["copy"]
    story = inc.tokens[docs["incident"][copy]]
    ids[copy, :WIRE_K] = story[:, :WIRE_K]
    valid[copy, :WIRE_K] = rng.random((story.shape[0], WIRE_K)) < 0.95
    phrases = inc.tokens[docs["incident"][~copy]]
    ids[~copy, own:] = phrases[:, WIRE_K:]
    valid[~copy, own:] = rng.random((phrases.shape[0], 10)) < 0.3
    return ids, valid


def name_slots(
    rng: np.random.Generator, world: World, inc: Incidents, docs: Columns, places: bool = True
) -> tuple[Array, B]:
    """Names each document mentions: most of its incident's, 3-12 of its own, and (some of)
    the names of its town, region and country, which every report from there shares."""
    i = docs["incident"]
    n = i.size
    place = inc.place[i]
    where = [place, ADMIN1_TOKEN + world.admin1[place], COUNTRY_TOKEN + world.country[place]]
    ids = np.concatenate(
        [inc.names[i], name_tokens(rng, n, DOC_NAMES), np.stack(where, axis=1)], axis=1
    )
    slot = np.arange(max(INCIDENT_NAMES, DOC_NAMES))[None, :]
    valid = np.concatenate(
        [
            (slot[:, :INCIDENT_NAMES] < inc.n_names[i][:, None])
            & (rng.random((n, INCIDENT_NAMES)) < 0.7),
            slot[:, :DOC_NAMES] < rng.integers(3, DOC_NAMES + 1, n)[:, None],
            rng.random((n, 3)) < (0.7, 0.4, 0.6),
        ],
        axis=1,
    )
    valid[inc.summary[i], INCIDENT_NAMES + DOC_NAMES] = False  # a country's toll names no town
    if not places:
        valid[:, INCIDENT_NAMES + DOC_NAMES :] = False
    return ids, valid


def distinct(ids: Array, valid: B) -> I64:
    """How many distinct valid tokens each row has."""
    s = np.sort(np.where(valid, ids, -1), axis=1)
    new = np.concatenate([np.ones((s.shape[0], 1), bool), s[:, 1:] != s[:, :-1]], axis=1)
    return ((s != -1) & new).sum(axis=1)


# -- the synthetic ledger -------------------------------------------------------------------


@dataclass
class Synthetic:
    """Documents and claims in linking order; the first ``base_docs`` documents (and their
    ``base_claims`` claims) are the ledger, the rest arrive later."""

    world: World
    docs: Columns  # incident, published, text_sig, name_sig, n_names (and token slots)
    claims: Columns
    base_docs: int
    base_claims: int

    @property
    def doc_ids(self) -> list[str]:
        return [f"d{k:07d}" for k in range(self.docs["published"].size)]


def incident_count(rng: np.random.Generator, world: World, claims: int) -> int:
    """How many incidents make ``claims`` claims (1% spare), from a pilot draw."""
    pilot = make_incidents(rng, world, 20_000)
    per_incident = float((pilot.n_reports * (pilot.n_kinds + 1) / 2).mean())
    return max(10, int(claims * 1.01 / per_incident) + 10)


def cut(docs: Columns, claims: Columns, total: int) -> tuple[Columns, Columns]:
    """The first documents, in order, holding at most ``total`` claims."""
    ends = np.cumsum(docs["n_claims"])
    n_docs = int(np.searchsorted(ends, total, side="right"))
    n_claims = int(ends[n_docs - 1]) if n_docs else 0
    return {k: v[:n_docs] for k, v in docs.items()}, {k: v[:n_claims] for k, v in claims.items()}


def generate(
    n: int, add: int = 0, seed: int = 0, keep_tokens: bool = False, place_names: bool = True
) -> Synthetic:
    """A ledger of about ``n`` claims, then about ``add`` more published after them."""
    rng = np.random.default_rng(seed)
    world = make_world(rng)
    inc = make_incidents(rng, world, incident_count(rng, world, n + add))
    docs = make_docs(rng, inc)
    docs, claims = cut(docs, make_claims(rng, world, inc, docs), n + add)
    hashes = vocab_hashes()
    ids, valid = text_tokens(rng, inc, docs)
    docs["text_sig"] = signatures(ids, valid, hashes)
    if keep_tokens:
        docs["text_ids"], docs["text_valid"] = ids, valid
    ids, valid = name_slots(rng, world, inc, docs, place_names)
    docs["name_sig"] = signatures(ids, valid, hashes)
    docs["n_names"] = distinct(ids, valid)
    if keep_tokens:
        docs["name_ids"], docs["name_valid"] = ids, valid
    ends = np.cumsum(docs["n_claims"])
    base_docs = int(np.searchsorted(ends, n, side="right"))
    base_claims = int(ends[base_docs - 1]) if base_docs else 0
    return Synthetic(world, docs, claims, base_docs, base_claims)


def tokens_of(syn: Synthetic, doc: int, which: str = "text") -> set[str]:
    """The token set a document's signature was made of (``keep_tokens`` only)."""
    ids, valid = syn.docs[f"{which}_ids"][doc], syn.docs[f"{which}_valid"][doc]
    return {f"w{k}" for k in ids[valid].tolist()}
