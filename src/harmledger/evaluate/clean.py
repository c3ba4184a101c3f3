"""Scoring of the ``clean`` task: the article text taken out of a web page.

Exactly as the article-extraction-benchmark's ``evaluate.py`` (the task's PROVENANCE.md):
tokens are ``\\w+`` matches with **case kept** (no lower-casing); shingles are word 4-grams
counted as a multiset (a text of fewer than 4 tokens is one shorter shingle); per page the
true/false positives and false negatives are divided by their sum, so that long pages do not
weigh more; precision is averaged over the pages with a non-empty prediction, recall over the
pages with a non-empty gold text, and F1 is computed from the two averages (headline).
A page whose prediction and gold are both empty is in neither average. ``accuracy`` is the
share of pages whose token sequences are equal. A missing prediction is an empty text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Mapping
from typing import Any

from harmledger.evaluate.scoring import PRF, TaskScore, f1_of

SHINGLE = 4
_TOKEN = re.compile(r"\w+")

TpFpFn = tuple[float, float, float]


def tokens(text: str | None) -> list[str]:
    """The ``\\w+`` tokens of ``text``, case kept."""
    return _TOKEN.findall(text or "")


def shingles(words: list[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams (one shorter shingle for a text of fewer than n words)."""
    grams = [tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))]
    return Counter(g for g in grams if g)


def shingle_match(gold: str | None, predicted: str | None) -> TpFpFn:
    """Per-page (tp, fp, fn) over shingle counts, normalised to sum to 1 (or all zero)."""
    true, pred = shingles(tokens(gold)), shingles(tokens(predicted))
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision(tp: float, fp: float, fn: float) -> float:
    """The benchmark's per-page precision (1 for a perfect page)."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    """The benchmark's per-page recall (1 for a perfect page)."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score_clean(
    predictions: Mapping[str, Mapping[str, Any]],
    gold: Mapping[str, Mapping[str, Any]],
    docs: Mapping[str, Mapping[str, Any]] | None = None,
) -> TaskScore:
    """Macro shingle P/R/F1 and exact token-sequence accuracy over the gold pages."""
    pages: list[TpFpFn] = []
    exact = 0
    for doc_id, record in gold.items():
        predicted = (predictions.get(doc_id) or {}).get("text") or ""
        pages.append(shingle_match(record.get("text"), predicted))
        exact += tokens(record.get("text")) == tokens(predicted)
    precisions = [page_precision(*page) for page in pages if page[0] + page[1] > 0]
    recalls = [page_recall(*page) for page in pages if page[0] + page[2] > 0]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    metrics: dict[str, Any] = {
        "shingles": PRF(p, r, f1_of(p, r), n_pred=len(precisions), n_gold=len(recalls)),
        "accuracy": exact / len(pages) if pages else 0.0,
    }
    return TaskScore("clean", metrics, {"f1": metrics["shingles"].f1})
