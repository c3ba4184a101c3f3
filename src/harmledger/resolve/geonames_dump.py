"""Read a GeoNames dump that a user downloaded (allCountries.zip, SY.zip, or the unzipped .txt).

The format (https://download.geonames.org/export/dump/readme.txt) is tab-separated UTF-8 with
19 columns: geonameid, name, asciiname, alternatenames, latitude, longitude, feature class,
feature code, country code, cc2, admin1 code, admin2 code, admin3 code, admin4 code, population,
elevation, dem, timezone, modification date.

Usage::

    gazetteer = Gazetteer.default().copy()
    gazetteer.add(load_geonames_dump(Path("SY.zip"), min_population=0))

Malformed rows are skipped and counted (``DumpStats``, and a logged warning); a file with no
valid row at all raises ``GeocodeError``. ``admin2`` holds the GeoNames admin2 *code*: the dump
has no names for second-order divisions.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from harmledger.errors import GeocodeError
from harmledger.resolve.gazetteer import Candidate, admin1_names, usable_alternate

log = logging.getLogger(__name__)
COLUMNS = 19
_SEAS = frozenset("SEA OCN GULF BAY STRT STRTS SD CHN CHNM CHNN LGN".split())  # noqa: SIM905
_LINEAR = frozenset("STM STMS STMI CNL VAL VALS WAD WADS RDGE MTS CST BCH".split())  # noqa: SIM905


@dataclass(slots=True)
class DumpStats:
    """What one read of a dump saw; pass one in to learn how many rows were skipped."""

    rows: int = 0
    valid: int = 0
    malformed: int = 0
    kept: int = 0  # valid rows that passed the population and country filters


def precisions(feature_class: str, feature_code: str) -> tuple[int, int]:
    """ACLED geo_precision and UCDP where_prec for a GeoNames feature class and code."""
    if feature_class == "A":
        if feature_code.startswith("PCL"):
            return 3, 6
        if feature_code.startswith("ADM1"):
            return 3, 4
        return 2, 3
    if feature_code in _SEAS:
        return 3, 7
    if feature_code in _LINEAR:
        return 3, 5
    if feature_class in ("P", "S"):
        return 1, 1
    if feature_class == "L":
        return 3, 5
    return 2, 2  # mountains, forests, roads, single features near a town


def load_geonames_dump(
    path: Path,
    *,
    min_population: int = 0,
    countries: set[str] | None = None,
    admin1: Mapping[tuple[str, str], str] | None = None,
    stats: DumpStats | None = None,
) -> Iterator[Candidate]:
    """Candidates from a GeoNames dump file; checks the file now, reads rows lazily.

    ``countries`` keeps only those ISO2 codes; ``admin1`` maps (country, admin1 code) to a
    name (default: the shipped table; unknown codes stay codes).
    """
    path = Path(path)
    if not path.is_file():
        raise GeocodeError(
            f"GeoNames dump {path} not found; download e.g. SY.zip from "
            "https://download.geonames.org/export/dump/ and pass its path"
        )
    member = _zip_member(path) if path.suffix.lower() == ".zip" else None
    wanted = {c.upper() for c in countries} if countries is not None else None
    names = admin1_names() if admin1 is None else admin1
    return _read(path, member, min_population, wanted, names, stats or DumpStats())


def _zip_member(path: Path) -> str:
    """The data .txt inside a GeoNames zip (not its readme)."""
    try:
        with zipfile.ZipFile(path) as archive:
            texts = [
                info for info in archive.infolist()
                if info.filename.lower().endswith(".txt")
                and not Path(info.filename).name.lower().startswith("readme")
            ]  # fmt: skip
    except zipfile.BadZipFile as exc:
        raise GeocodeError(f"{path} is not a readable zip file; download it again") from exc
    if not texts:
        raise GeocodeError(f"{path} holds no .txt file; expected a GeoNames dump such as SY.txt")
    stem = [i for i in texts if Path(i.filename).stem.lower() == path.stem.lower()]
    return (stem or sorted(texts, key=lambda i: -i.file_size))[0].filename


@contextmanager
def _open(path: Path, member: str | None) -> Iterator[IO[str]]:
    if member is None:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


def _read(
    path: Path,
    member: str | None,
    min_population: int,
    countries: set[str] | None,
    admin1: Mapping[tuple[str, str], str],
    stats: DumpStats,
) -> Iterator[Candidate]:
    with _open(path, member) as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            stats.rows += 1
            cand = parse_row(line, admin1)
            if cand is None:
                stats.malformed += 1
                continue
            stats.valid += 1
            if cand.population < min_population:
                continue
            if countries is not None and cand.country not in countries:
                continue
            stats.kept += 1
            yield cand
    if stats.malformed:
        log.warning("%s: skipped %d malformed GeoNames rows", path, stats.malformed)
    if not stats.valid:
        raise GeocodeError(
            f"{path}: no valid GeoNames row ({stats.malformed} malformed); expected the "
            f"{COLUMNS}-column tab-separated dump format"
        )


def parse_row(line: str, admin1: Mapping[tuple[str, str], str]) -> Candidate | None:
    """One dump line as a Candidate, or None when it is malformed."""
    cols = line.split("\t")
    if len(cols) != COLUMNS:
        return None
    try:
        geonameid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError:
        return None
    fclass, fcode, cc = cols[6].strip(), cols[7].strip(), cols[8].strip().upper()
    if not cols[1].strip() or not (-90 <= lat <= 90 and -180 <= lon <= 180) or population < 0:
        return None
    if cc and (len(cc) != 2 or not cc.isalpha()):
        return None
    code1 = cols[10].strip()
    geo, where = precisions(fclass, fcode)
    alternates = {cols[2], *cols[3].split(",")} - {cols[1], ""}
    return Candidate(
        cols[1], lat, lon, country=cc or None,
        admin1=admin1.get((cc, code1), code1) or None, admin2=cols[11].strip() or None,
        feature_class=fclass or "P", feature_code=fcode or "PPL", population=population,
        geo_precision=geo, where_prec=where, geonameid=geonameid,
        alternate_names=tuple(sorted(a for a in alternates if usable_alternate(a))),
    )  # fmt: skip
