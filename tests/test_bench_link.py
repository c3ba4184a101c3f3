"""The linking benchmark (benchmarks/bench_link.py, its synthetic ledger in
benchmarks/synthetic_ledger.py): the ledger and a small run.

No timing is asserted: these check that the generator makes what the benchmark says it makes
(signatures equal to ``minhash.signature``'s, a table equal to ``LinkTable.from_features``'s)
and that a 2,000-claim run links, adds and reports.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import fields
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from harmledger.link.index import LinkIndex
from harmledger.link.minhash import signature
from harmledger.link.table import LinkTable

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _benchmark_module(name: str) -> ModuleType:
    """A module of benchmarks/, imported as running ``python benchmarks/bench_link.py``
    imports its sibling ``synthetic_ledger``: with that folder on ``sys.path``."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _benchmark_module("bench_link")


@pytest.fixture(scope="module")
def ledger() -> ModuleType:
    return _benchmark_module("synthetic_ledger")


@pytest.fixture(scope="module")
def tables() -> ModuleType:
    return _benchmark_module("synthetic_tables")


@pytest.fixture(scope="module")
def syn(ledger: ModuleType) -> object:
    return ledger.generate(2000, add=200, seed=1, keep_tokens=True)


def test_generator_makes_a_ledger_in_publication_order(syn: object) -> None:
    docs, claims = syn.docs, syn.claims  # type: ignore[attr-defined]
    n_docs, n_claims = docs["published"].size, claims["doc"].size
    assert 1900 <= syn.base_claims <= 2000 < n_claims <= 2200  # type: ignore[attr-defined]
    assert np.all(np.diff(docs["published"]) >= 0)
    assert np.all(np.diff(claims["doc"]) >= 0)
    assert np.array_equal(np.bincount(claims["doc"], minlength=n_docs), docs["n_claims"])
    assert set(np.unique(docs["n_claims"]).tolist()) <= {1, 2, 3, 4}
    assert np.all(claims["position"][claims["doc"] != np.roll(claims["doc"], 1)] == 0)
    assert np.all(claims["lo"] <= claims["hi"])
    later = docs["published"][syn.base_docs :]  # type: ignore[attr-defined]
    assert later.min() >= docs["published"][: syn.base_docs].max()  # type: ignore[attr-defined]
    truth = claims["truth"]
    assert np.unique(truth).size < n_claims  # incidents are told by several claims
    assert claims["aggregate"].any() and claims["segment"].any() and docs["copy"].any()


def test_signatures_are_minhash_signatures(ledger: ModuleType, syn: object) -> None:
    docs = syn.docs  # type: ignore[attr-defined]
    for d in range(0, docs["published"].size, 97):
        text, names = ledger.tokens_of(syn, d), ledger.tokens_of(syn, d, "name")
        assert np.array_equal(signature(text), docs["text_sig"][d])
        assert np.array_equal(signature(names), docs["name_sig"][d])
        assert docs["n_names"][d] == len(names)


def test_wire_copies_nearly_match(syn: object) -> None:
    docs = syn.docs  # type: ignore[attr-defined]
    copies = np.flatnonzero(docs["copy"])
    by_incident: dict[int, list[int]] = {}
    for d in copies.tolist():
        by_incident.setdefault(int(docs["incident"][d]), []).append(d)
    pairs = [(ds[0], ds[1]) for ds in by_incident.values() if len(ds) > 1]
    assert pairs
    same = [np.mean(docs["text_sig"][a] == docs["text_sig"][b]) for a, b in pairs]
    assert np.median(same) >= 0.7


def test_direct_table_equals_from_features(tables: ModuleType, syn: object) -> None:
    docs, claims = slice(0, syn.base_docs), slice(0, syn.base_claims)  # type: ignore[attr-defined]
    direct = tables.to_table(syn, docs, claims)
    index = LinkIndex()
    index.places.codes.update(tables.place_codes(syn.world))  # type: ignore[attr-defined]
    doc_features, claim_features = tables.to_features(syn, docs, claims)
    built = LinkTable.from_features(doc_features, claim_features, index.places)
    for f in fields(LinkTable):
        a, b = getattr(direct, f.name), getattr(built, f.name)
        if f.name == "doc_ids":
            assert a == b
        else:
            assert a.dtype == b.dtype, f.name
            assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), f.name


def test_bcubed(bench: ModuleType) -> None:
    assert bench.bcubed(["a", "a", "b"], np.asarray([1, 1, 2]))["f1"] == 1.0
    lumped = bench.bcubed(["a", "a", "a", "a"], np.asarray([1, 1, 2, 2]))
    assert lumped["precision"] == 0.5 and lumped["recall"] == 1.0
    split = bench.bcubed(["a", "b", "c", "d"], np.asarray([1, 1, 2, 2]))
    assert split["precision"] == 1.0 and split["recall"] == 0.5


def test_a_2000_claim_run_links_and_adds(bench: ModuleType) -> None:
    table = bench.run_one(2000, add=200, seed=0, via="table", profile=None)
    features = bench.run_one(2000, add=200, seed=0, via="features", profile=None)
    assert "error" not in table
    assert table["data"]["claims"] == features["data"]["claims"] > 1900
    assert table["pairs_compared"] > table["pairs_linked"] > 0
    assert table["data"]["true_incidents"] // 2 < table["incidents"] < table["data"]["claims"]
    assert table["quality"]["f1"] > 0.6  # not trivially fast by linking nothing
    for key in ("pairs_compared", "pairs_linked", "incidents", "quality"):
        assert table[key] == features[key]
    added = table["add"]
    assert added["claims"] > 0 and added["pairs_compared"] > 0
    assert added["claims_joining_old_incidents"] > 0
    stages = {"lsh", "link", "link.score", "union", "cluster", "cluster.average", "other"}
    assert set(table["link_stages"]) >= stages
    assert table["link_stages"]["other"] >= 0
    assert table["peak_rss_mb"] > 0


def test_command_line_writes_json(bench: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert bench.main(["--sizes", "500", "--add", "50", "--json", str(out)]) == 0
    runs = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert [r["size"] for r in runs] == [500]
    assert runs[0]["add"]["claims"] > 0


def test_name_sets_without_place_names(ledger: ModuleType) -> None:
    syn = ledger.generate(300, seed=2, keep_tokens=True, place_names=False)
    places = syn.docs["name_valid"][:, -3:]
    assert not places.any()
    with_places = ledger.generate(300, seed=2, keep_tokens=True)
    assert with_places.docs["name_valid"][:, -3:].any()
