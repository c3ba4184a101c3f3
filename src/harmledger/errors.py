"""The one exception hierarchy of harmledger.

::

    HarmledgerError
    ├── ConfigError            bad settings or an unknown registry name
    ├── IngestError            an input could not be read (stored as a rejection)
    │   ├── EmptyInputError
    │   ├── BinaryInputError
    │   ├── DecodeError
    │   ├── TooLargeError
    │   ├── FetchError         network failure, bad status, timeout
    │   │   └── BlockedURLError  private, loopback or link-local address
    │   └── FeedError          malformed RSS/Atom
    ├── CleanError             no article text could be found
    ├── ExtractError           an extractor failed on a document
    ├── GeocodeError           gazetteer files missing or malformed
    ├── StoreError             the ledger database could not be used
    │   ├── MigrationError
    │   ├── InvalidRecordError a stage made a record the ledger refuses (stored as a rejection)
    │   └── StaleWriteError    another writer changed the links since they were read (redone)
    └── LinkError              incidents could not be linked, merged, split or moved

Every message is one line and says what to do next. The CLI turns these into a one-line error;
ingest records them as ``Rejection`` rows and goes on with the batch.
"""

from __future__ import annotations


class HarmledgerError(Exception):
    """Base class of every error harmledger raises on purpose."""


class ConfigError(HarmledgerError):
    pass


class IngestError(HarmledgerError):
    pass


class EmptyInputError(IngestError):
    pass


class BinaryInputError(IngestError):
    pass


class DecodeError(IngestError):
    pass


class TooLargeError(IngestError):
    pass


class FetchError(IngestError):
    pass


class BlockedURLError(FetchError):
    pass


class FeedError(IngestError):
    pass


class CleanError(HarmledgerError):
    pass


class ExtractError(HarmledgerError):
    pass


class GeocodeError(HarmledgerError):
    pass


class StoreError(HarmledgerError):
    pass


class MigrationError(StoreError):
    pass


class InvalidRecordError(StoreError):
    """A stage produced a record the ledger refuses (e.g. a span that does not slice the text)."""


class StaleWriteError(StoreError):
    """Another writer saved links or a decision after this step read the ledger; nothing was
    written. The linker and the analysts' commands read again and redo the step."""


class LinkError(HarmledgerError):
    pass
