"""JSON Lines export of claims, witness protection, and the EXPORTERS table."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from harmledger.export import EXPORTERS, WITHHELD, export_jsonl, withhold_private
from harmledger.models import Attribution, Claim, Count, Extraction, to_dict
from harmledger.store.sqlite import SQLiteStore
from test_store_base import TEXT, WITNESS, sample_document, sample_extraction, sp


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    with SQLiteStore(tmp_path / "ledger.db") as s:
        doc = sample_document()
        s.save(doc, sample_extraction(doc), produced_by="t")
        yield s


def _lines(store: SQLiteStore, **kw: bool) -> tuple[int, list[dict]]:
    out = io.StringIO()
    n = export_jsonl(store, out, **kw)
    return n, [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_object_per_claim_with_all_fields(store: SQLiteStore) -> None:
    n, records = _lines(store, include_names=True)
    claims = sample_extraction().claims
    assert n == len(records) == 3
    doc_id = sample_document().id
    expected = [{"document_id": doc_id, **to_dict(c)} for c in claims]
    assert records == json.loads(json.dumps(expected))  # tuples become lists
    assert records[1]["count"] == {
        "low": 24,
        "best": None,
        "high": None,
        "qualifier": "vague",
        "span": {"start": TEXT.index("Dozens"), "end": TEXT.index("Dozens") + 6, "text": "Dozens"},
    }


def test_witness_names_are_withheld_by_default(store: SQLiteStore) -> None:
    _, records = _lines(store)
    raw = json.dumps(records, ensure_ascii=False)
    assert WITNESS not in raw and "Haidar" not in raw
    source = records[0]["attribution"]["source"]
    assert source == {
        "start": TEXT.index(WITNESS),
        "end": TEXT.index(WITNESS) + 12,
        "text": WITHHELD,
    }
    assert records[1]["attribution"]["source"]["text"] == "Syrian Observatory for Human Rights"


def test_withhold_leaves_other_claims_alone() -> None:
    killed, burned, headline = sample_extraction().claims
    assert withhold_private(burned) == burned and withhold_private(headline) == headline
    hidden = withhold_private(killed)
    assert hidden.attribution is not None and hidden.attribution.source.text == WITHHELD
    assert hidden.count == killed.count and hidden.victims == killed.victims


def test_witness_name_inside_the_claim_span_is_withheld(tmp_path: Path) -> None:
    text = "Samir Haidar said 3 were killed as Samir Haidar watched."
    doc = sample_document(text)
    claim = Claim(
        "killed",
        sp(text, "Samir Haidar said 3 were killed as Samir Haidar watched"),
        sp(text, "killed"),
        Count(3, 3, 3, "exact"),
        attribution=Attribution(sp(text, WITNESS), "witness"),
    )
    with SQLiteStore(tmp_path / "w.db") as s:
        s.save(doc, Extraction(doc.id, (claim,)), produced_by="t")
        out = io.StringIO()
        export_jsonl(s, out)
        assert WITNESS not in out.getvalue()
        record = json.loads(out.getvalue())
        assert record["span"]["text"] == f"{WITHHELD} said 3 were killed as {WITHHELD} watched"
        out = io.StringIO()
        export_jsonl(s, out, include_names=True)
        assert out.getvalue().count(WITNESS) == 3


def test_exporters_share_one_signature(store: SQLiteStore) -> None:
    claims = {"jsonl": 3, "csv": 3, "geojson": 2, "eval-jsonl": 1, "cumulative": 0}
    incidents = {"acled": 0, "ucdp": 0, "plover": 0, "incidents-geojson": 0}  # not linked
    assert set(EXPORTERS) == set(claims) | set(incidents)
    for name, exporter in EXPORTERS.items():
        out = io.StringIO()
        assert exporter(store, out, include_names=False) == {**claims, **incidents}[name], name
        assert out.getvalue() or name in incidents


def test_empty_store_writes_nothing(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "empty.db") as s:
        out = io.StringIO()
        assert export_jsonl(s, out) == 0 and out.getvalue() == ""
