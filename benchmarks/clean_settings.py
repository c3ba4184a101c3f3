"""Which trafilatura settings give the best clean-F1 on the dev clean set?

Usage::

    .venv/bin/python benchmarks/clean_settings.py [../shared/eval/dev/clean] [--jobs 4]

Scores each setting as the eval's ``clean`` task does: tokens are ``\\w+`` matches, shingles are
word 4-grams, per-page precision and recall are averaged over pages (precision over pages with
a non-empty prediction), and F1 comes from the two averages. The data stays in ``../shared``;
nothing from it is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

from harmledger.clean.html import ExtractSettings, extract_html
from harmledger.errors import CleanError

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "clean"
_TOKEN = re.compile(r"\w+")

SETTINGS: dict[str, ExtractSettings] = {
    "plain (no comments)": ExtractSettings(favor_precision=False, drop_furniture=False),
    "favor_recall": ExtractSettings(favor_precision=False, favor_recall=True, drop_furniture=False),
    "no tables": ExtractSettings(favor_precision=False, include_tables=False, drop_furniture=False),
    "deduplicate": ExtractSettings(favor_precision=False, deduplicate=True, drop_furniture=False),
    "favor_precision": ExtractSettings(drop_furniture=False),
    "favor_precision, no tables": ExtractSettings(include_tables=False, drop_furniture=False),
    "plain + furniture rules": ExtractSettings(favor_precision=False),
    "favor_precision + furniture rules": ExtractSettings(),
}


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Word 4-gram counts of ``text``."""
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_scores(predicted: str, gold: str) -> tuple[float | None, float | None]:
    """Precision and recall of one page; ``None`` where the denominator is empty."""
    pred, true = shingles(predicted), shingles(gold)
    hits = sum((pred & true).values())
    precision = hits / sum(pred.values()) if pred else None
    recall = hits / sum(true.values()) if true else None
    return precision, recall


def score(predictions: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Macro precision, recall and F1 over the gold pages."""
    precisions: list[float] = []
    recalls: list[float] = []
    for doc_id, gold_text in gold.items():
        precision, recall = page_scores(predictions.get(doc_id, ""), gold_text)
        if precision is not None:
            precisions.append(precision)
        if recall is not None:
            recalls.append(recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _extract(job: tuple[str, str, ExtractSettings]) -> tuple[str, str]:
    doc_id, html, settings = job
    logging.disable(logging.WARNING)
    try:
        return doc_id, extract_html(html, settings=settings).text
    except CleanError:
        return doc_id, ""


def _read_jsonl(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        yield from (json.loads(line) for line in handle if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    docs = {d["id"]: d["html"] for d in _read_jsonl(args.data / "docs.jsonl")}
    gold = {g["id"]: g["text"] for g in _read_jsonl(args.data / "gold.jsonl")}
    print(f"{len(docs)} pages from {args.data}")
    print(f"{'setting':36} {'P':>7} {'R':>7} {'F1':>7}  seconds")
    with ProcessPoolExecutor(args.jobs) as pool:
        for name, settings in SETTINGS.items():
            began = time.perf_counter()
            jobs = [(doc_id, html, settings) for doc_id, html in docs.items()]
            predictions = dict(pool.map(_extract, jobs, chunksize=4))
            p, r, f1 = score(predictions, gold)
            seconds = time.perf_counter() - began
            print(f"{name:36} {p:7.4f} {r:7.4f} {f1:7.4f}  {seconds:5.1f}  {asdict(settings)}")


if __name__ == "__main__":
    main()
