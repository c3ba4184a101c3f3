"""Scoring of the ``quotes`` task: quote content spans and who said them.

A predicted quote matches a gold quote when its ``content`` span covers at least half of the
gold content, measured on ``content_parts`` (the fragments of a discontinuous quote; the
attribution cue between them does not count); one-to-one per document (maximum bipartite
matching; larger coverage, then the closer length, preferred). Content P/R/F1 is the headline.

Speaker accuracy is measured on the matched quotes whose gold ``source`` is not null: a hit when
the predicted ``speaker`` span overlaps the gold source (any of its ``source_parts``). When
the documents' texts are given, ``speaker_accuracy_lenient`` also accepts a speaker whose
normalised text, or last word, equals that of the gold source (a speaker resolved to another
mention of the same name).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harmledger.evaluate.roles import normalise
from harmledger.evaluate.scoring import (
    Range,
    Tally,
    TaskScore,
    as_range,
    max_matching,
    overlap,
    parts_of,
)


def coverage(predicted: Range, parts: list[Range]) -> int:
    """Characters of the gold fragments ``parts`` that the predicted span covers."""
    return sum(overlap(predicted, part) for part in parts)


def match_quotes(
    predicted: list[Mapping[str, Any]], gold: list[Mapping[str, Any]]
) -> dict[int, int]:
    """Gold index -> predicted index for the one-to-one matching of content spans."""
    ranges = [as_range(q.get("content")) for q in predicted]
    candidates = []
    for quote in gold:
        parts = parts_of(quote, "content")
        need = 0.5 * sum(e - s for s, e in parts)
        scored = [
            (coverage(r, parts), abs((r[1] - r[0]) - 2 * need), j)
            for j, r in enumerate(ranges)
            if r is not None
        ]
        ok = [(-c, extra, j) for c, extra, j in scored if c > 0 and c >= need]
        candidates.append([j for *_, j in sorted(ok)])
    return max_matching(candidates)


def speaker_hit(speaker: Any, source_parts: list[Range]) -> bool:
    """True when the predicted speaker span overlaps a fragment of the gold source."""
    span = as_range(speaker)
    return span is not None and any(overlap(span, part) > 0 for part in source_parts)


def lenient_hit(speaker: Any, source_parts: list[Range], text: str | None) -> bool:
    """A strict hit, or an equal normalised text or last word of speaker and gold source."""
    if speaker_hit(speaker, source_parts):
        return True
    said = speaker.get("text") if isinstance(speaker, Mapping) else None
    if text is None or not isinstance(said, str):
        return False
    mine = normalise(said)
    gold = normalise(" ".join(text[s:e] for s, e in source_parts))
    return bool(mine and gold) and (mine == gold or mine.split()[-1] == gold.split()[-1])


def score_quotes(
    predictions: Mapping[str, Mapping[str, Any]],
    gold: Mapping[str, Mapping[str, Any]],
    docs: Mapping[str, Mapping[str, Any]] | None = None,
) -> TaskScore:
    """Content P/R/F1 and speaker accuracy (strict; lenient too when ``docs`` are given)."""
    content = Tally()
    with_source = hits = lenient = 0
    for doc_id, record in gold.items():
        predicted = [q for q in (predictions.get(doc_id) or {}).get("quotes") or [] if q]
        gold_quotes = list(record.get("quotes") or [])
        matching = match_quotes(predicted, gold_quotes)
        content.add(len(matching), len(predicted), len(gold_quotes))
        text = (docs or {}).get(doc_id, {}).get("text")
        for gi, pj in matching.items():
            source = parts_of(gold_quotes[gi], "source")
            if not source:
                continue
            speaker = predicted[pj].get("speaker")
            with_source += 1
            hits += speaker_hit(speaker, source)
            lenient += lenient_hit(speaker, source, text)
    accuracy = hits / with_source if with_source else 0.0
    metrics: dict[str, Any] = {
        "content": content.prf(),
        "speaker_accuracy": accuracy,
        "speaker_accuracy_lenient": (lenient / with_source if with_source else 0.0)
        if docs is not None
        else None,
        "speaker_pairs": with_source,
    }
    headline = {"content_f1": metrics["content"].f1, "speaker_accuracy": accuracy}
    return TaskScore("quotes", metrics, headline)
