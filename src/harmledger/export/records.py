"""Helpers the exporters share: the claims of a store with private names withheld, span overlap.

Unless an exporter is asked for ``include_names=True``, every span of a claim goes through the
redaction component (``harmledger.redact``): each stretch of the stored text that names a
private person (a victim, witness, relative, resident, survivor, or a source of unknown type)
becomes ``WITHHELD`` (``"[name withheld]"``), once, by its position; the span's start and end
are kept, so the place in the stored text can still be found by those who hold the database.
Officials, doctors, NGOs, the UN, monitors and journalists named as sources in their public
role are shown.
"""

from __future__ import annotations

from collections.abc import Iterator

from harmledger.models import Claim, Span
from harmledger.redact import MARK, Redactor, claim_names
from harmledger.store.base import Store

WITHHELD = MARK


def withhold_private(claim: Claim) -> Claim:
    """The claim with the private names it gives on its own withheld (no document needed:
    names in its victims, in a source that is not public, and with an age or a kin word)."""
    return claim_names(claim).claim(claim)


def public_claims(
    store: Store,
    *,
    include_names: bool,
    document_id: str | None = None,
    redactor: Redactor | None = None,
) -> Iterator[tuple[str, Claim]]:
    """``store.claims()`` with private names withheld unless ``include_names``."""
    if include_names:
        yield from store.claims(document_id=document_id)
        return
    redactor = redactor or Redactor(store)
    for doc_id, claim in store.claims(document_id=document_id):
        yield doc_id, redactor.of(doc_id).claim(claim)


def overlaps(a: Span, b: Span) -> bool:
    """True when the two spans share at least one character (or are the same empty span)."""
    if a.start == b.start and a.end == b.end:
        return True
    return a.start < b.end and b.start < a.end
