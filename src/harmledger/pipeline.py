"""The stages wired together: ingest -> clean -> extract -> resolve -> store.

Two entry points:

- ``ingest_into(store, inputs, settings)`` fills a ledger. Each document is committed on its own,
  so an interrupted batch loses nothing already stored and the next run skips what is there
  (content hash). Bad inputs become ``Rejection`` rows; the batch goes on.
- ``extract_records(records)`` runs clean + extract on JSON Lines records without a ledger
  (``harmledger extract --format eval-jsonl``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from harmledger.errors import ConfigError, HarmledgerError, InvalidRecordError, TooLargeError
from harmledger.ingest.fetch import Fetcher
from harmledger.ingest.files import record_document
from harmledger.ingest.sources import is_url, iter_inputs
from harmledger.models import Document, Extraction, IngestReport, RawDocument, Rejection
from harmledger.registry import cleaners, components, extractors, fetchers, geocoders
from harmledger.resolve.stage import Resolver
from harmledger.settings import Settings
from harmledger.store.base import Store
from harmledger.worker import Budget, ExtractionWorker

Progress = Callable[[int], None]
Cleaner = Callable[[RawDocument], Document]


def _noop(_n: int) -> None:
    return None


class Stages:
    """The extract stage, then the resolve stage, on each document of a batch: what the
    budgeted worker runs. The extractor finds what the text says (a ``Draft``: names, phrases
    and claims with their spans); the resolver geocodes the names and finishes the claims."""

    def __init__(self, extractor: Any, resolver: Resolver) -> None:
        self.extractor = extractor
        self.resolver = resolver
        gives = set(getattr(extractor, "assigns", ()))
        missing = [r for r in resolver.requires if r not in gives]
        if missing:
            raise ConfigError(
                f"extractor {getattr(extractor, 'name', extractor)!r} does not give "
                f"{', '.join(missing)}, which the resolve stage requires; declare it in the "
                "extractor's assigns"
            )

    @property
    def name(self) -> str:
        return str(self.extractor.name)

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        batch = list(documents)
        drafts = self.extractor.draft_many(batch)
        for document, draft in zip(batch, drafts, strict=True):
            yield self.resolver.resolve(document, draft)


def make_extractor(settings: Settings) -> Stages:
    """The stages the settings name: their extractor, and a resolver with their geocoder
    (whose gazetteer the extractor also reads, to tell place names)."""
    geocoder = geocoders.get(settings.geocoder)()
    if settings.geonames_dump:
        geocoder.load_dump(settings.geonames_dump)
    factory = extractors.get(settings.extractor)
    if not settings.components:
        return Stages(factory(geocoder), Resolver(geocoder))
    made = [
        components.get(name)(geocoder=geocoder, extractor=settings.extractor)
        for name in settings.components
    ]
    return Stages(factory(geocoder, components=made), Resolver(geocoder))


def make_cleaner(settings: Settings) -> Cleaner:
    """The cleaner named in the settings (``harmledger.clean.v1`` unless set otherwise)."""
    cleaner: Cleaner = cleaners.get(settings.cleaner)()
    return cleaner


def rejection(
    origin: str, stage: str, exc: Exception, content_hash: str | None = None
) -> Rejection:
    return Rejection.of(origin, stage, exc, content_hash)


#: The longest text parsed (spaCy's own limit): anything longer is refused before the work.
MAX_PARSE_CHARS = 1_000_000


def checked_clean(raw: RawDocument, clean: Cleaner | None = None) -> Document:
    """``clean(raw)`` (the built-in cleaner unless ``clean`` is given), refusing a text too
    long to parse before any work is done on it (a 10 MB text used 1.3 GB just to be rejected
    by the parser)."""
    if raw.format == "text" and len(raw.body) > MAX_PARSE_CHARS:
        raise _too_long(raw.origin, len(raw.body))
    document = (clean or make_cleaner(Settings()))(raw)
    if len(document.text) > MAX_PARSE_CHARS:
        raise _too_long(raw.origin, len(document.text))
    return document


def _too_long(origin: str, size: int) -> TooLargeError:
    return TooLargeError(
        f"{origin}: a text of {size:,} characters is over the {MAX_PARSE_CHARS:,} that one "
        "document may have; split it into articles"
    )


def _clean_all(
    raws: Iterable[RawDocument | Rejection],
    store: Store,
    report: IngestReport,
    tick: Progress,
    clean: Cleaner,
) -> Iterator[Document]:
    seen: set[str] = set()  # the same content twice in one run is a duplicate too
    for item in raws:
        if isinstance(item, Rejection):
            store.add_rejection(item)
            report.rejected += 1
            report.rejections.append(item)
            tick(1)
            continue
        if (item.content_hash and item.content_hash in seen) or store.has_document(
            item.content_hash
        ):
            report.duplicates += 1
            tick(1)
            continue
        seen.add(item.content_hash)
        try:
            yield checked_clean(item, clean)
        except HarmledgerError as exc:
            rej = rejection(item.origin, "clean", exc, item.content_hash)
            store.add_rejection(rej)
            report.rejected += 1
            report.rejections.append(rej)
            tick(1)


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    seen: set[str] = set()
    for document in documents:
        if document.id in seen:  # the same content twice in one run
            continue
        seen.add(document.id)
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _worker(extractor: Any, settings: Settings) -> ExtractionWorker:
    """The budgeted worker for this run; the model is loaded here first, so the worker, forked
    from this process, starts warm and shares it."""
    budget = Budget(settings.doc_seconds, settings.doc_memory_mb)
    if budget.enforced:
        warm = Document(id="warm-up", origin="warm-up", format="text", text=_WARM_UP)
        with contextlib.suppress(Exception):  # a failing warm-up shows on the first document
            list(extractor.extract_many([warm]))
    return ExtractionWorker(extractor, budget)


_WARM_UP = "Gunmen killed 3 villagers in Kabul on Monday, an official said."


def ingest_into(
    store: Store,
    inputs: Sequence[str],
    settings: Settings,
    *,
    feed: bool = False,
    tick: Progress = _noop,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """Ingest ``inputs`` into ``store``; returns what was stored, skipped and rejected."""
    report = IngestReport()
    extractor = make_extractor(settings)
    if fetcher is None and any(is_url(i) for i in inputs):
        fetcher = fetchers.get(settings.fetcher)(
            timeout=settings.timeout,
            max_bytes=settings.max_bytes,
            allow_private=settings.allow_private,
        )
    raws = iter_inputs(
        inputs,
        fetcher=fetcher,
        allow_private=settings.allow_private,
        max_bytes=settings.max_bytes,
        feed=feed,
    )
    cleaned = _clean_all(raws, store, report, tick, make_cleaner(settings))
    with _worker(extractor, settings) as worker:
        for batch in _batches(cleaned, settings.batch_size):
            for document, result in worker.extract_batch(batch):
                _store_one(store, document, result, extractor.name, report)
                tick(1)
    return report


def _store_one(
    store: Store,
    document: Document,
    result: Extraction | Exception,
    produced_by: str,
    report: IngestReport,
) -> None:
    """Save one document, or record why it could not be saved; the batch always goes on."""
    stage = "extract"
    if not isinstance(result, Exception):
        try:
            saved = store.save(document, result, produced_by=produced_by)
        except InvalidRecordError as exc:  # a stage produced a record the ledger refuses
            result, stage = exc, "store"
        else:
            report.stored += int(saved)
            report.duplicates += int(not saved)
            return
    rej = rejection(document.origin, stage, result, document.id)
    store.add_rejection(rej)
    report.rejected += 1
    report.rejections.append(rej)


def raw_from_record(record: dict[str, Any], origin: str, *, headline: bool = True) -> RawDocument:
    """A RawDocument from one docs.jsonl record (``{"id", "text" | "html", ...}``); see
    ``record_document`` for ``headline``."""
    return record_document(record, origin, origin, headline=headline)


def extract_records(
    records: Iterable[tuple[str, dict[str, Any]]],
    settings: Settings,
    *,
    tick: Progress = _noop,
    headline: bool = True,
) -> Iterator[tuple[str, Document | None, Extraction | Rejection]]:
    """(record id, document, extraction or rejection) for each (origin, record), in order.
    Without ``headline`` each text is kept exactly as given (spans address it)."""
    pending: list[tuple[str, Document | Rejection]] = []
    clean = make_cleaner(settings)
    with _worker(make_extractor(settings), settings) as worker:
        for origin, record in records:
            rid = str(record.get("id", origin))
            pending.append((rid, _clean_record(record, origin, settings, headline, clean)))
            if len(pending) >= settings.batch_size:
                yield from _flush(worker, pending, tick)
                pending = []
        yield from _flush(worker, pending, tick)


def _clean_record(
    record: dict[str, Any], origin: str, settings: Settings, headline: bool, clean: Cleaner
) -> Document | Rejection:
    """The cleaned document of one record, or its rejection; an oversized text is refused
    before it is cleaned or parsed."""
    try:
        for key in ("text", "html"):
            value = record.get(key)
            if isinstance(value, str) and len(value) > settings.max_bytes:
                raise TooLargeError(
                    f"{origin}: {key} of {len(value):,} characters is over the "
                    f"{settings.max_bytes:,} limit; split it or raise max_bytes"
                )
        return checked_clean(raw_from_record(record, origin, headline=headline), clean)
    except HarmledgerError as exc:
        return rejection(origin, "clean", exc)


def _flush(
    worker: ExtractionWorker, pending: list[tuple[str, Document | Rejection]], tick: Progress
) -> Iterator[tuple[str, Document | None, Extraction | Rejection]]:
    docs = [d for _, d in pending if isinstance(d, Document)]
    results = iter(worker.extract_batch(docs))
    for rid, item in pending:
        tick(1)
        if isinstance(item, Rejection):
            yield rid, None, item
            continue
        document, result = next(results)
        if isinstance(result, Exception):
            yield rid, document, rejection(document.origin, "extract", result, document.id)
        else:
            yield rid, document, result
