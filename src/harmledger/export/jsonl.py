"""The claims ledger as JSON Lines: one object per claim, with its document id.

Each line is ``{"document_id": ..., **claim}`` where the claim is ``models.to_dict(claim)``:
every field, every span as ``{"start", "end", "text"}``. Names of private persons
(victims, witnesses, relatives, residents, sources of unknown type) are ``"[name withheld]"``
in every span (start and end kept), unless ``include_names=True`` (docs/SECURITY.md).
"""

from __future__ import annotations

import json
from typing import TextIO

from harmledger.export.records import public_claims
from harmledger.models import to_dict
from harmledger.store.base import Store


def export_jsonl(store: Store, out: TextIO, *, include_names: bool = False) -> int:
    """Write one JSON object per stored claim; return how many were written."""
    written = 0
    for doc_id, claim in public_claims(store, include_names=include_names):
        record = {"document_id": doc_id, **to_dict(claim)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written
