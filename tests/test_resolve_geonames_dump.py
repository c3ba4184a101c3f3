"""GeoNames dump reader: .txt and .zip, filters, malformed rows, and extending a gazetteer."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from harmledger.errors import GeocodeError
from harmledger.models import Span
from harmledger.resolve.gazetteer import Candidate, Gazetteer
from harmledger.resolve.geo import Geocoder
from harmledger.resolve.geonames_dump import (
    DumpStats,
    load_geonames_dump,
    parse_row,
    precisions,
)

SAMPLE = Path(__file__).parent / "fixtures" / "geonames" / "SY_sample.txt"
ADMIN1 = {("SY", "14"): "Tartus", ("SY", "02"): "Latakia", ("LB", "09"): "North Lebanon"}


@pytest.fixture(scope="module")
def sample_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample zipped the way GeoNames ships country files: data .txt plus a readme."""
    path = tmp_path_factory.mktemp("dump") / "SY.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "GeoNames country dump\n")
        archive.write(SAMPLE, "SY.txt")
    return path


def by_id(cands: list[Candidate]) -> dict[int | None, Candidate]:
    return {c.geonameid: c for c in cands}


def test_txt_rows_become_candidates() -> None:
    stats = DumpStats()
    cands = by_id(list(load_geonames_dump(SAMPLE, admin1=ADMIN1, stats=stats)))
    assert (stats.rows, stats.valid, stats.malformed, stats.kept) == (7, 7, 0, 7)
    baniyas = cands[171830]
    assert (baniyas.name, baniyas.country, baniyas.admin1) == ("Bāniyās", "SY", "Tartus")
    assert baniyas.lat == pytest.approx(35.18188) and baniyas.population == 39066
    assert "Banias" in baniyas.alternate_names
    assert all(a.isascii() for a in baniyas.alternate_names)  # the Arabic name is left out
    assert cands[9990001].admin2 == "SY0201"


@pytest.mark.parametrize(
    ("geonameid", "feature", "expected"),
    [
        (171830, ("P", "PPL"), (1, 1)),
        (163342, ("A", "ADM1"), (3, 4)),
        (9990002, ("H", "STM"), (3, 5)),
        (9990003, ("T", "MT"), (2, 2)),
    ],
)
def test_precisions_follow_feature_codes(
    geonameid: int, feature: tuple[str, str], expected: tuple[int, int]
) -> None:
    cand = by_id(list(load_geonames_dump(SAMPLE, admin1=ADMIN1)))[geonameid]
    assert (cand.feature_class, cand.feature_code) == feature
    assert (cand.geo_precision, cand.where_prec) == expected


@pytest.mark.parametrize(
    ("feature_class", "feature_code", "expected"),
    [("A", "PCLI", (3, 6)), ("A", "ADM2", (2, 3)), ("H", "SEA", (3, 7)), ("L", "RGN", (3, 5)),
     ("S", "HSP", (1, 1)), ("V", "FRST", (2, 2))],
)  # fmt: skip
def test_precision_table(feature_class: str, feature_code: str, expected: tuple[int, int]) -> None:
    assert precisions(feature_class, feature_code) == expected


def test_zip_reads_the_data_file_not_the_readme(sample_zip: Path) -> None:
    from_zip = list(load_geonames_dump(sample_zip, admin1=ADMIN1))
    assert from_zip == list(load_geonames_dump(SAMPLE, admin1=ADMIN1))


@pytest.mark.parametrize(
    ("kwargs", "expected_ids"),
    [
        ({"min_population": 30000}, {171830, 163342, 266826}),
        ({"countries": {"lb"}}, {266826, 9990004}),
        ({"countries": {"SY"}, "min_population": 1000}, {171830, 163342, 9990001}),
    ],
)
def test_filters(kwargs: dict[str, object], expected_ids: set[int]) -> None:
    stats = DumpStats()
    found = {c.geonameid for c in load_geonames_dump(SAMPLE, stats=stats, **kwargs)}  # type: ignore[arg-type]
    assert found == expected_ids
    assert stats.valid == 7 and stats.kept == len(expected_ids)


def test_unknown_admin1_code_stays_a_code() -> None:
    cands = by_id(list(load_geonames_dump(SAMPLE, admin1={})))
    assert cands[171830].admin1 == "14"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GeocodeError, match="not found") as info:
        load_geonames_dump(tmp_path / "SY.zip")
    assert "\n" not in str(info.value)


def test_zip_without_txt(tmp_path: Path) -> None:
    path = tmp_path / "SY.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "only a readme")
        archive.writestr("SY.csv", "1,2,3")
    with pytest.raises(GeocodeError, match=r"holds no \.txt file"):
        load_geonames_dump(path)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "SY.zip"
    path.write_text("not a zip")
    with pytest.raises(GeocodeError, match="not a readable zip"):
        load_geonames_dump(path)


def test_malformed_rows_are_skipped_and_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "mixed.txt"
    good = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    bad_lat = good.replace("35.18188", "north")
    path.write_text("\n".join(["too\tfew\tcolumns", good, bad_lat, "x" * 20, ""]) + "\n")
    stats = DumpStats()
    cands = list(load_geonames_dump(path, stats=stats))
    assert [c.geonameid for c in cands] == [171830]
    assert (stats.rows, stats.valid, stats.malformed) == (4, 1, 3)
    assert "skipped 3 malformed" in caplog.text


def test_no_valid_row_raises_when_read(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_text("a\tb\tc\nnot a geonames file\n")
    rows = load_geonames_dump(path)  # the file exists: the error comes while reading
    with pytest.raises(GeocodeError, match=r"no valid GeoNames row \(2 malformed\)") as info:
        list(rows)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "line",
    [
        "1\tX\tX\t\t95.0\t10.0\tP\tPPL\tSY\t\t01\t\t\t\t0\t\t\t\t",  # latitude out of range
        "1\tX\tX\t\t35.0\t10.0\tP\tPPL\tSYR\t\t01\t\t\t\t0\t\t\t\t",  # not an ISO2 code
        "1\t\tX\t\t35.0\t10.0\tP\tPPL\tSY\t\t01\t\t\t\t0\t\t\t\t",  # no name
        "one\tX\tX\t\t35.0\t10.0\tP\tPPL\tSY\t\t01\t\t\t\t0\t\t\t\t",  # id not a number
    ],
)
def test_parse_row_rejects(line: str) -> None:
    assert len(line.split("\t")) == 19
    assert parse_row(line, {}) is None


def test_gazetteer_add_and_geocode_a_village(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "SY.txt")
    gazetteer = Gazetteer.default().copy()
    assert not gazetteer.is_known_place("Qaryat Haidar")
    added = gazetteer.add(load_geonames_dump(tmp_path / "SY.txt", countries={"SY"}))
    assert added == 5
    assert gazetteer.is_known_place("Haidar village")
    assert not Gazetteer.default().is_known_place("Qaryat Haidar")  # the shared one is untouched
    text = "Gunmen killed two men in Qaryat Haidar, Syria."
    start = text.index("Qaryat")
    place = Geocoder(gazetteer).geocode([Span.of(text, start, start + 13)], text=text)[0]
    assert (place.geonameid, place.admin1, place.geo_precision) == (9990001, "Latakia", 1)


def test_dump_rows_replace_cities_rows_with_the_same_id() -> None:
    gazetteer = Gazetteer.default().copy()
    before = [c for c in gazetteer.candidates("Tripoli") if c.geonameid == 266826]
    assert len(before) == 1 and before[0].admin2 is None
    gazetteer.add(load_geonames_dump(SAMPLE, countries={"LB"}))
    after = [c for c in gazetteer.candidates("Tripoli") if c.geonameid == 266826]
    assert len(after) == 1 and after[0].admin2 == "LB0901"
