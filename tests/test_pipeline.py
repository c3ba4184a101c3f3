"""The stages wired together: ingest into a ledger, rejections, idempotency, interrupted runs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from harmledger import pipeline
from harmledger.errors import ConfigError, FetchError
from harmledger.ingest.fetch import FetchResult, MockFetcher
from harmledger.models import Document, Extraction, RawDocument, Rejection, Span
from harmledger.pipeline import extract_records, ingest_into, raw_from_record
from harmledger.settings import Settings
from harmledger.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).parents[1] / "examples"
REPORT = (
    "Gunmen killed {n} villagers in the village of Dar{n} on Tuesday, a local official said. "
    "Residents said the attackers also burned {n} houses."
)


def _feed_handler(url: str) -> FetchResult:
    if "unreachable" in url:
        raise FetchError(f"{url}: request failed (ConnectError); check the address")
    if url.endswith("feed.xml"):
        return FetchResult(url, url, 200, "application/rss+xml", b"<rss><channel><item>")
    return FetchResult(url, url, 200, "text/plain", REPORT.format(n=7).encode())


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    with SQLiteStore(tmp_path / "ledger.db") as opened:
        yield opened


def test_examples_are_stored_once(store: SQLiteStore) -> None:
    settings = Settings(db=":unused:")
    first = ingest_into(store, [str(EXAMPLES)], settings)
    assert first.stored == 8 and first.rejected == 0
    assert sum(1 for _ in store.claims()) > 10
    second = ingest_into(store, [str(EXAMPLES)], settings)
    assert (second.stored, second.duplicates) == (0, 8)
    assert store.counts()["documents"] == 8


def _bad_inputs(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 10)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 attack".encode("latin-1") + b"\xff\xfe\xfa")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    big = tmp_path / "big.html"
    with big.open("wb") as fh:
        fh.truncate(50_000_000)
    (tmp_path / "broken.rss").write_bytes(b"<html><body>not a feed</body></html>")
    return {
        str(tmp_path / "binary.txt"): "BinaryInputError",
        str(tmp_path / "latin1.txt"): "DecodeError",
        str(tmp_path / "empty.txt"): "EmptyInputError",
        str(big): "TooLargeError",
        str(tmp_path / "broken.rss"): "FeedError",
        "https://unreachable.example.org/story": "FetchError",
        "http://127.0.0.1/admin": "BlockedURLError",
    }


def test_bad_inputs_are_rejected_and_the_batch_goes_on(store: SQLiteStore, tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(REPORT.format(n=3), encoding="utf-8")
    inputs = [*bad, str(good)]
    report = ingest_into(store, inputs, Settings(), fetcher=MockFetcher(_feed_handler))
    assert report.stored == 1
    stored = {r.origin: r for r in store.rejections()}
    for origin, error in bad.items():
        assert stored[origin].error == error, origin
        assert "\n" not in stored[origin].message and stored[origin].message
    assert len(list(store.claims(kind="killed"))) == 1


def test_extract_records_without_a_ledger() -> None:
    records = [
        ("a", {"id": "a", "text": REPORT.format(n=4), "published": "2025-03-04"}),
        ("b", {"id": "b", "text": "   "}),
    ]
    results = list(extract_records(records, Settings()))
    assert [rid for rid, _, _ in results] == ["a", "b"]
    extraction = results[0][2]
    assert isinstance(extraction, Extraction)
    [killed] = [c for c in extraction.claims if c.kind == "killed"]
    assert killed.count.best == 4
    assert killed.date is not None and killed.date.end <= "2025-03-04"
    assert results[1][2].stage == "clean"  # type: ignore[union-attr]


def test_raw_from_record_prefers_html() -> None:
    raw = raw_from_record({"id": 5, "html": "<p>x</p>", "text": "y"}, "docs.jsonl:1")
    assert (raw.format, raw.external_id, raw.body) == ("html", "5", "<p>x</p>")


def _stored_ids(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db) as conn:
            return [row[0] for row in conn.execute("SELECT id FROM documents")]
    except sqlite3.OperationalError:  # tables not created yet
        return []


def test_killed_ingest_resumes_and_stores_each_document_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    with docs.open("w", encoding="utf-8") as fh:
        for n in range(200):
            fh.write(json.dumps({"id": f"d{n}", "text": REPORT.format(n=n + 2)}) + "\n")
    db = tmp_path / "ledger.db"
    cmd = [sys.executable, "-m", "harmledger", "--db", str(db), "ingest", str(docs)]
    cmd += ["--batch-size", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while len(_stored_ids(db)) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    part = len(_stored_ids(db))
    assert 0 < part < 200, f"the kill should land part way, found {part}"
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ids = _stored_ids(db)
    assert len(ids) == 200 and len(set(ids)) == 200
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_geonames_dump_extends_the_gazetteer() -> None:
    dump = Path(__file__).parent / "fixtures" / "geonames" / "SY_sample.txt"
    text = "Gunmen killed four farmers in Qaryat Haidar in Syria, residents said."
    record = [("q", {"id": "q", "text": text})]
    [(_, _, plain)] = list(extract_records(record, Settings()))
    [(_, _, with_dump)] = list(extract_records(record, Settings(geonames_dump=str(dump))))
    assert isinstance(plain, Extraction) and isinstance(with_dump, Extraction)
    found = {p.span.text: p for p in with_dump.places}
    assert found["Qaryat Haidar"].geonameid == 9990001
    assert found["Qaryat Haidar"].lat == pytest.approx(35.6123)
    assert all(p.geonameid != 9990001 for p in plain.places)


class _CorruptingExtractor:
    """Wraps the real extractor and breaks a span of documents that mention "Dar5"."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.name = "test.corrupting"

    def _corrupt(self, extraction: Extraction, text: str) -> Extraction:
        if "Dar5" not in text or not extraction.claims:
            return extraction
        first = extraction.claims[0]
        broken = replace(first, trigger=Span(first.trigger.end, first.trigger.start, ""))
        return replace(extraction, claims=(broken, *extraction.claims[1:]))

    def extract_many(self, documents: list[object]) -> list[Extraction]:
        results = self.inner.extract_many(documents)  # type: ignore[attr-defined]
        return [self._corrupt(x, d.text) for x, d in zip(results, documents, strict=True)]


def test_a_record_the_store_refuses_is_a_rejection_and_the_batch_goes_on(
    store: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.make_extractor
    monkeypatch.setattr(pipeline, "make_extractor", lambda s: _CorruptingExtractor(real(s)))
    reports = tmp_path / "reports"
    reports.mkdir()
    for n in (4, 5, 6):
        (reports / f"r{n}.txt").write_text(REPORT.format(n=n), encoding="utf-8")
    report = ingest_into(store, [str(reports)], Settings())
    assert (report.stored, report.rejected) == (2, 1)
    [rejected] = store.rejections()
    assert rejected.stage == "store" and rejected.origin.endswith("r5.txt")
    assert "does not slice" in rejected.message and "\n" not in rejected.message
    assert len(list(store.documents())) == 2


def test_the_cleaner_setting_names_the_cleaner(monkeypatch: pytest.MonkeyPatch, store: SQLiteStore,
                                               tmp_path: Path) -> None:  # fmt: skip
    from harmledger import registry
    from harmledger.clean import clean

    seen: list[str] = []

    def make_counting_cleaner() -> pipeline.Cleaner:
        def counting(raw: RawDocument) -> Document:
            seen.append(raw.origin)
            return clean(raw)

        return counting

    monkeypatch.setitem(registry.cleaners._items, "test.clean.counting.v1", make_counting_cleaner)
    settings = Settings(cleaner="test.clean.counting.v1", doc_seconds=0)
    found = list(extract_records([("r1", {"id": "r1", "text": REPORT.format(n=3)})], settings))
    assert seen == ["r1"] and not isinstance(found[0][2], Rejection)
    report = tmp_path / "r2.txt"
    report.write_text(REPORT.format(n=4), encoding="utf-8")
    assert ingest_into(store, [str(report)], settings).stored == 1
    assert seen == ["r1", str(report)]
    with pytest.raises(ConfigError, match=r"unknown cleaner 'no\.such\.cleaner\.v1'"):
        ingest_into(store, [str(report)], replace(settings, cleaner="no.such.cleaner.v1"))
