"""Score ``find_quotes`` on the PolNeAR dev data in ``../shared/eval/dev/quotes``.

Usage::

    .venv/bin/python benchmarks/quotes_dev.py                  # all 924 documents (minutes)
    .venv/bin/python benchmarks/quotes_dev.py --sample 150     # a seeded sample
    .venv/bin/python benchmarks/quotes_dev.py --sample 150 --cache /tmp/q150.spacy

Scoring is the project's own ``harmledger.evaluate.score_quotes`` (content P/R/F1 with
one-to-one matching at half coverage of the gold content; speaker accuracy on matched quotes =
the predicted in-text ``speaker`` span overlaps the gold source). Predictions are written by
``harmledger.export.eval.eval_quote`` twice: one per ``Quote`` record (one per quoted stretch)
and grouped one per cue by ``quotes.attributions`` (a split quote "“A,” he said. “B.”" is one
attribution in the gold). ``--cache`` keeps the spaCy parses between runs.

The data is read from ``../shared`` and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from spacy.tokens import Doc, DocBin  # noqa: E402

from harmledger.evaluate import score_quotes  # noqa: E402
from harmledger.export.eval import eval_quote  # noqa: E402
from harmledger.extract.nlp import load_nlp  # noqa: E402
from harmledger.extract.quotes import attributions, find_quotes  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "dev" / "quotes"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parsed(docs: list[dict[str, Any]], cache: Path | None) -> Iterator[Doc]:
    """Parses of the documents, read from or written to a DocBin cache when given."""
    nlp = load_nlp()
    if cache is not None and cache.exists():
        yield from DocBin().from_disk(cache).get_docs(nlp.vocab)
        return
    store = DocBin()
    for doc in nlp.pipe((d["text"] for d in docs), batch_size=16):
        store.add(doc)
        yield doc
    if cache is not None:
        store.to_disk(cache)


def report(label: str, predictions: dict[str, Any], gold: dict[str, Any], docs: dict) -> str:
    """One line of scores."""
    score = score_quotes(predictions, gold, docs)
    content, metrics = score.metrics["content"], score.metrics
    return (
        f"{label:<15} P {content.precision:.3f}  R {content.recall:.3f}  F1 {content.f1:.3f}"
        f"  speaker acc {metrics['speaker_accuracy']:.3f}"
        f" (lenient {metrics['speaker_accuracy_lenient']:.3f}, n={metrics['speaker_pairs']})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="score N seeded documents")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, help="DocBin file to reuse parses between runs")
    args = parser.parse_args(argv)
    if not (DATA / "docs.jsonl").exists():
        sys.exit(f"dev data not found at {DATA}; this benchmark reads ../shared/eval")
    docs = read_jsonl(DATA / "docs.jsonl")
    if args.sample:
        docs = random.Random(args.seed).sample(docs, min(args.sample, len(docs)))
    wanted = {d["id"] for d in docs}
    gold = {g["id"]: g for g in read_jsonl(DATA / "gold.jsonl") if g["id"] in wanted}
    started = time.time()
    per_stretch: dict[str, Any] = {}
    grouped: dict[str, Any] = {}
    for record, doc in zip(docs, parsed(docs, args.cache), strict=True):
        quotes = find_quotes(doc, record["text"])
        per_stretch[record["id"]] = {"quotes": [eval_quote(q) for q in quotes]}
        groups = attributions(quotes, record["text"])
        grouped[record["id"]] = {"quotes": [eval_quote(q) for q in groups]}
    by_id = {d["id"]: d for d in docs}
    print(f"{len(docs)} documents, {time.time() - started:.0f}s")
    print(report("per stretch", per_stretch, gold, by_id))
    print(report("grouped by cue", grouped, gold, by_id))


if __name__ == "__main__":
    main()
