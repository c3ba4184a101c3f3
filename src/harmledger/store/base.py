"""The abstract ledger store.

Public methods are ``@final`` here: they validate arguments, log, and turn a backend's own
errors into one-line ``StoreError`` messages that say what to do. A backend (see
``harmledger.store.sqlite``) implements only the ``_underscored`` abstract methods and lists
the exception types it raises in ``backend_errors``.

Every value read back is the record type that was saved: ``store.extraction(doc.id)`` equals
the ``Extraction`` handed to ``save`` (an empty one when ``save`` got None).
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import ClassVar, TypeVar, final

from harmledger.errors import InvalidRecordError, StoreError
from harmledger.models import (
    HARM_KINDS,
    Claim,
    Document,
    Extraction,
    PlaceMention,
    Quote,
    Rejection,
    Span,
)
from harmledger.store.incidents import IncidentMethods
from harmledger.store.schema import QUOTE_SPANS

log = logging.getLogger("harmledger.store")

T = TypeVar("T")
S = TypeVar("S", bound="Store")

_QUOTE_SPANS = ("content", *QUOTE_SPANS)  # every span of a quote, checked on save
_HINT = "check the database file and that no other process is writing to it"


class Store(IncidentMethods, abc.ABC):
    """A ledger of documents, their extractions and the inputs that were rejected."""

    #: Exception types of the backend that are turned into ``StoreError``.
    backend_errors: ClassVar[tuple[type[BaseException], ...]] = (OSError,)

    def __init__(self) -> None:
        self._closed = False

    # -- writing ------------------------------------------------------------------------------

    @final
    def has_document(self, content_hash: str) -> bool:
        """True when a document with this id (content hash) is stored."""
        return self._call("look up a document", self._has_document, content_hash)

    @final
    def save(self, document: Document, extraction: Extraction | None, *, produced_by: str) -> bool:
        """Store a document and its extraction in one transaction, committed on return.

        Returns False, changing nothing, when a document with the same id is already stored.
        """
        _validate(document, extraction, produced_by)
        saved = self._call("save the document", self._save, document, extraction, produced_by)
        log.debug("%s document %s", "saved" if saved else "skipped stored", document.id[:12])
        return saved

    @final
    def add_rejection(self, rejection: Rejection) -> None:
        """Record (and commit) a rejection; one with the same origin and message is kept once."""
        self._call("record the rejection", self._add_rejection, rejection)
        log.debug("rejected %s at %s: %s", rejection.origin, rejection.stage, rejection.message)

    # -- reading ------------------------------------------------------------------------------

    @final
    def get_document(self, id_or_prefix: str) -> Document:
        """The document whose id is, or starts with, ``id_or_prefix``."""
        prefix = id_or_prefix.strip()
        if not prefix:
            raise StoreError("no document id given; pass a document id or a prefix of one")
        ids = self._call("look up a document", self._match_ids, prefix, 2)
        if prefix in ids:
            ids = [prefix]
        if not ids:
            raise StoreError(f"no document matches {prefix!r}; check the id or its prefix")
        if len(ids) > 1:
            raise StoreError(f"ambiguous prefix {prefix!r}; give more characters of the id")
        doc = self._call("read a document", self._get_document, ids[0])
        if doc is None:  # deleted between the two queries
            raise StoreError(f"no document matches {prefix!r}; check the id or its prefix")
        return doc

    @final
    def find_document(self, key: str) -> Document:
        """The document whose external id (the id its input gave it) is exactly ``key``, else
        the one whose id is, or starts with, ``key`` (``get_document``)."""
        wanted = key.strip()
        ids = self._call("look up a document", self._external_ids, wanted, 2) if wanted else []
        if len(ids) > 1:
            raise StoreError(
                f"several documents have the external id {wanted!r}; give a document id prefix"
            )
        return self.get_document(ids[0] if ids else key)

    @final
    def documents(self) -> Iterator[Document]:
        """Every stored document, oldest first."""
        return self._iterate("read documents", self._documents)

    @final
    def extraction(self, document_id: str) -> Extraction:
        """The extraction saved with a document (empty when none was saved)."""
        found = self._call("read an extraction", self._extraction, document_id)
        if found is None:
            raise StoreError(f"no document matches {document_id!r}; pass a full document id")
        return found

    @final
    def claims(
        self, kind: str | None = None, document_id: str | None = None
    ) -> Iterator[tuple[str, Claim]]:
        """``(document_id, claim)`` pairs in stored order, optionally of one kind or document."""
        if kind is not None and kind not in HARM_KINDS:
            raise StoreError(f"unknown claim kind {kind!r}; use one of {', '.join(HARM_KINDS)}")
        return self._iterate("read claims", self._claims, kind, document_id)

    @final
    def quotes(self, document_id: str | None = None) -> Iterator[tuple[str, Quote]]:
        """``(document_id, quote)`` pairs in stored order."""
        return self._iterate("read quotes", self._quotes, document_id)

    @final
    def places(self, document_id: str | None = None) -> Iterator[tuple[str, PlaceMention]]:
        """``(document_id, place mention)`` pairs in stored order."""
        return self._iterate("read place mentions", self._places, document_id)

    @final
    def rejections(self) -> list[Rejection]:
        """Every recorded rejection, oldest first."""
        return self._call("read rejections", self._rejections)

    @final
    def counts(self) -> dict[str, int]:
        """Number of rows in each table."""
        return self._call("count rows", self._counts)

    @final
    def search(self, query: str, limit: int = 20) -> list[str]:
        """Ids of documents whose title or text contains every word of ``query``, best first."""
        words = query.split()
        if not words:
            raise StoreError("empty search; give one or more words to look for")
        if limit < 1:
            raise StoreError(f"search limit must be at least 1, not {limit}")
        return self._call("search documents", self._search, words, limit)

    # -- lifetime -----------------------------------------------------------------------------

    @final
    def close(self) -> None:
        """Release the backend; calling it twice is harmless."""
        if not self._closed:
            self._closed = True
            self._run("close the store", self._close)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- error wrapping -----------------------------------------------------------------------

    def _check_open(self, action: str) -> None:
        if self._closed:
            raise StoreError(f"cannot {action}: the store is closed; open it again")

    def _call(self, action: str, fn: Callable[..., T], *args: object) -> T:
        self._check_open(action)
        return self._run(action, fn, *args)

    def _run(self, action: str, fn: Callable[..., T], *args: object) -> T:
        try:
            return fn(*args)
        except StoreError:
            raise
        except self.backend_errors as exc:
            raise self._wrap(action, exc) from exc

    def _iterate(self, action: str, fn: Callable[..., Iterator[T]], *args: object) -> Iterator[T]:
        self._check_open(action)  # eagerly, not on the first next()
        return self._guarded(action, fn, *args)

    def _guarded(self, action: str, fn: Callable[..., Iterator[T]], *args: object) -> Iterator[T]:
        try:
            yield from fn(*args)
        except StoreError:
            raise
        except self.backend_errors as exc:
            raise self._wrap(action, exc) from exc

    def _wrap(self, action: str, exc: BaseException) -> StoreError:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        log.debug("store error while trying to %s", action, exc_info=exc)
        return StoreError(f"could not {action} ({detail}); {_HINT}")

    # -- what a backend implements ------------------------------------------------------------

    @abc.abstractmethod
    def _has_document(self, content_hash: str) -> bool: ...

    @abc.abstractmethod
    def _save(self, document: Document, extraction: Extraction | None, produced_by: str) -> bool:
        """Store everything in one committed transaction; False when the id is already there."""

    @abc.abstractmethod
    def _add_rejection(self, rejection: Rejection) -> None: ...

    @abc.abstractmethod
    def _match_ids(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` ids starting with ``prefix``."""

    def _external_ids(self, external_id: str, limit: int) -> list[str]:
        """Up to ``limit`` ids of documents with this external id (a backend that keeps no
        external ids finds none)."""
        return []

    @abc.abstractmethod
    def _get_document(self, document_id: str) -> Document | None: ...

    @abc.abstractmethod
    def _documents(self) -> Iterator[Document]: ...

    @abc.abstractmethod
    def _extraction(self, document_id: str) -> Extraction | None:
        """None when the document is unknown; an empty ``Extraction`` when none was saved."""

    @abc.abstractmethod
    def _claims(self, kind: str | None, document_id: str | None) -> Iterator[tuple[str, Claim]]: ...

    @abc.abstractmethod
    def _quotes(self, document_id: str | None) -> Iterator[tuple[str, Quote]]: ...

    @abc.abstractmethod
    def _places(self, document_id: str | None) -> Iterator[tuple[str, PlaceMention]]: ...

    @abc.abstractmethod
    def _rejections(self) -> list[Rejection]: ...

    @abc.abstractmethod
    def _counts(self) -> dict[str, int]: ...

    @abc.abstractmethod
    def _search(self, words: list[str], limit: int) -> list[str]: ...

    @abc.abstractmethod
    def _close(self) -> None: ...


# -- validation --------------------------------------------------------------------------------


def _validate(document: Document, extraction: Extraction | None, produced_by: str) -> None:
    """Refuse records that would store a broken ledger; every span must slice the text."""
    if not document.id:
        raise InvalidRecordError("document has no id; set Document.id to the content hash")
    if not produced_by.strip():
        raise InvalidRecordError(
            "save() needs produced_by; pass the name and version of the pipeline"
        )
    if extraction is not None and extraction.document_id != document.id:
        raise InvalidRecordError(
            f"extraction is for document {extraction.document_id[:12]!r}, not"
            f" {document.id[:12]!r}; pass the extraction of this document"
        )
    size = len(document.text)
    for r in document.removed_spans:
        if not 0 <= r.start <= r.end <= size:
            raise InvalidRecordError(
                f"removed span {r.start}-{r.end} lies outside the text; fix the cleaner"
            )
    _validate_counts(extraction)
    for what, span in _spans(document, extraction):
        if not (0 <= span.start <= span.end <= size) or document.text[span.start : span.end] != (
            span.text
        ):
            raise InvalidRecordError(
                f"{what} span {span.start}-{span.end} {span.text[:30]!r} does not slice the"
                f" text of document {document.id[:12]}; fix the stage that made it"
            )


#: The largest count a ledger column holds (SQLite INTEGER is a signed 64-bit number).
MAX_STORED_COUNT = 2**63 - 1


def _validate_counts(extraction: Extraction | None) -> None:
    """Refuse a count the ledger cannot hold (negative, or over 64 bits), which would stop
    the batch; the extractor makes a count over any plausible toll unknown long before."""
    for c in extraction.claims if extraction is not None else ():
        for value in (c.count.low, c.count.best, c.count.high):
            if value is not None and not 0 <= value <= MAX_STORED_COUNT:
                raise InvalidRecordError(
                    f"the count of the claim at {c.span.start}-{c.span.end} is outside"
                    " 0..2**63-1; fix the extractor that made it"
                )


def _spans(document: Document, extraction: Extraction | None) -> Iterator[tuple[str, Span]]:
    if document.title_span is not None:
        yield "title", document.title_span
    if extraction is None:
        return
    for c in extraction.claims:
        yield from (("claim", c.span), ("trigger", c.trigger))
        if c.count.span is not None:
            yield "count", c.count.span
        for a in (*c.victims, *c.perpetrators):
            yield "actor", a.span
        yield from (("target", s) for s in c.targets)
        yield from (("place", s) for s in c.places)
        if c.date is not None and c.date.span is not None:
            yield "date", c.date.span
        if c.period is not None and c.period.span is not None:
            yield "period", c.period.span
        if c.attribution is not None:
            yield "source", c.attribution.source
            yield from (("relay", s) for s in c.attribution.relay)
    for q in extraction.quotes:
        for name in _QUOTE_SPANS:
            span = getattr(q, name)
            if span is not None:
                yield f"quote {name}", span
    for p in extraction.places:
        yield "place mention", p.span
    for f in extraction.roles:
        yield f"role {f.role}", f.span
