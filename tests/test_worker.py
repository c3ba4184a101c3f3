"""The per-document budget: a document over its time or memory budget is rejected with a
one-line reason, the worker is restarted, and the rest of the batch goes on."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harmledger.errors import ExtractError
from harmledger.models import Document, Draft, Extraction
from harmledger.pipeline import extract_records, ingest_into
from harmledger.registry import extractors
from harmledger.resolve.stage import Resolver
from harmledger.settings import Settings
from harmledger.store.sqlite import SQLiteStore
from harmledger.worker import Budget, ExtractionWorker

STUB = "test.worker.misbehaving.v1"


class MisbehavingStub:
    """Finds nothing, but sleeps on "SLEEP", eats memory on "HOG", raises on "BOOM" and dies
    on "DIE"; every other document takes no time."""

    name = STUB
    assigns = Resolver.requires  # a Draft with every part the resolve stage reads

    def __init__(self, geocoder: Any = None) -> None:
        self.geocoder = geocoder

    def extract(self, document: Document) -> Extraction:
        self.draft(document)
        return Extraction(document.id, extractor=self.name)

    def draft(self, document: Document) -> Draft:
        if "SLEEP" in document.text:
            time.sleep(60)
        if "HOG" in document.text:
            hog = [bytearray(50_000_000) for _ in range(100)]  # 5 GB, touched
            del hog
        if "BOOM" in document.text:
            raise ValueError("the stub broke on purpose")
        if "DIE" in document.text:
            os._exit(3)
        return Draft(document.id, extractor=self.name)

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        return (self.extract(d) for d in documents)

    def draft_many(self, documents: Iterable[Document]) -> Iterator[Draft]:
        return (self.draft(d) for d in documents)


extractors.register(STUB)(MisbehavingStub)


def _doc(text: str) -> Document:
    return Document(id=f"id-{text}", origin=f"{text}.txt", format="text", text=text)


def _run(texts: list[str], budget: Budget) -> tuple[list[Extraction | Exception], int]:
    with ExtractionWorker(MisbehavingStub(), budget) as worker:
        results = [result for _doc_, result in worker.extract_batch([_doc(t) for t in texts])]
        return results, worker.restarts


def test_a_document_over_its_time_budget_is_stopped_and_the_batch_goes_on() -> None:
    start = time.monotonic()
    results, restarts = _run(["first", "SLEEP", "last"], Budget(seconds=1.0))
    assert time.monotonic() - start < 20  # not the stub's 60 s
    assert isinstance(results[0], Extraction) and isinstance(results[2], Extraction)
    assert isinstance(results[1], ExtractError)
    assert "SLEEP.txt" in str(results[1]) and "time budget" in str(results[1])
    assert "\n" not in str(results[1])
    assert restarts >= 1


def test_a_document_over_its_memory_budget_is_rejected_and_the_next_one_extracted() -> None:
    results, _ = _run(["HOG", "after"], Budget(seconds=30.0, memory_mb=200))
    assert isinstance(results[0], ExtractError) and "memory budget" in str(results[0])
    assert isinstance(results[1], Extraction) and results[1].document_id == "id-after"


def test_a_worker_that_dies_is_replaced() -> None:
    results, restarts = _run(["DIE", "then"], Budget(seconds=30.0))
    assert isinstance(results[0], ExtractError) and "exit code 3" in str(results[0])
    assert isinstance(results[1], Extraction)
    assert restarts == 2  # once in the batch, once when the document is tried alone


def test_an_ordinary_error_is_the_documents_result_and_the_worker_stays() -> None:
    results, restarts = _run(["a", "BOOM", "b"], Budget(seconds=30.0))
    assert isinstance(results[1], ValueError) and "on purpose" in str(results[1])
    assert [type(r) for r in (results[0], results[2])] == [Extraction, Extraction]
    assert restarts == 0


def test_without_a_time_budget_extraction_runs_in_process() -> None:
    results, _ = _run(["a", "BOOM"], Budget(seconds=0))
    assert isinstance(results[0], Extraction) and isinstance(results[1], ValueError)


def test_ingest_rejects_the_slow_document_and_stores_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in [("a", "first report"), ("b", "SLEEP forever"), ("c", "third report")]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    settings = Settings(extractor=STUB, doc_seconds=1.0)
    with SQLiteStore(tmp_path / "ledger.db") as store:
        report = ingest_into(store, [str(folder)], settings)
        assert (report.stored, report.rejected) == (2, 1)
        [rejected] = store.rejections()
    assert rejected.stage == "extract" and rejected.origin.endswith("b.txt")
    assert "time budget" in rejected.message


def test_extract_records_rejects_an_oversized_text_before_parsing() -> None:
    settings = Settings(extractor=STUB, max_bytes=1000)
    records = [
        ("big", {"id": "big", "text": "HOG " * 1000}),
        ("ok", {"id": "ok", "text": "Two people were killed."}),
    ]
    found = {rid: result for rid, _document, result in extract_records(records, settings)}
    assert found["big"].stage == "clean" and "over the 1,000 limit" in found["big"].message  # type: ignore[union-attr]
    assert isinstance(found["ok"], Extraction)


@pytest.mark.parametrize("seconds", [0.0, 30.0])
def test_results_are_the_same_with_and_without_the_worker(seconds: float) -> None:
    results, _ = _run(["one", "two", "three"], Budget(seconds=seconds))
    assert [r.document_id for r in results if isinstance(r, Extraction)] == [
        "id-one",
        "id-two",
        "id-three",
    ]


_ORPHAN_SCRIPT = """
import sys
from harmledger.models import Document, Extraction
from harmledger.worker import Budget, ExtractionWorker

class Quick:
    name = "quick"
    def extract_many(self, documents):
        return (Extraction(d.id, extractor=self.name) for d in documents)

worker = ExtractionWorker(Quick(), Budget(seconds=30, memory_mb=0))
list(worker.extract_batch([Document("a", "t", "text", "x")]))
print(worker._proc.pid, flush=True)
sys.stdin.read()  # wait until killed
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_a_worker_dies_with_its_killed_parent() -> None:
    import signal
    import subprocess
    import sys

    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert parent.stdout is not None
    worker_pid = int(parent.stdout.readline())
    assert _alive(worker_pid)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker_pid), "the worker outlived its killed parent"
