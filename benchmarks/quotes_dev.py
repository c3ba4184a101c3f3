"""Score ``find_quotes`` on the PolNeAR dev data in ``../shared/eval/dev/quotes``.

Usage::

    .venv/bin/python benchmarks/quotes_dev.py                 # all 924 documents (minutes)
    .venv/bin/python benchmarks/quotes_dev.py --sample 150    # a seeded sample
    .venv/bin/python benchmarks/quotes_dev.py --sample 150 --cache /tmp/q150.spacy

Scoring follows ``eval/README.md``: a predicted quote matches a gold quote (one-to-one) when its
content covers at least half of the gold content (summed over ``content_parts``); speaker
accuracy is measured on matched quotes whose gold source is not null, and counts a hit when the
predicted in-text ``speaker`` span overlaps the gold source span. The lenient variant also
accepts an equal normalised text or last word of the speaker or its resolved name.

Quotes are scored twice: as returned (one record per quoted stretch) and grouped by cue, the
way an eval export writes one attribution per reporting verb (see ``quotes.attributions``).
The data is read from ``../shared`` and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from spacy.tokens import Doc, DocBin  # noqa: E402

from harmledger.extract.nlp import load_nlp  # noqa: E402
from harmledger.extract.quotes import attributions, find_quotes  # noqa: E402
from harmledger.models import Quote  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "dev" / "quotes"
Range = tuple[int, int]


@dataclass
class Tally:
    """Running counts for P/R/F1 and speaker accuracy."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    with_source: int = 0
    speaker_hits: int = 0
    lenient_hits: int = 0

    def report(self, label: str) -> str:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.speaker_hits / self.with_source if self.with_source else 0.0
        lenient = self.lenient_hits / self.with_source if self.with_source else 0.0
        return (
            f"{label:<14} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  speaker acc {acc:.3f} "
            f"(lenient {lenient:.3f}, n={self.with_source})  "
            f"[pred {self.predicted}, gold {self.gold}, matched {self.matched}]"
        )


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _overlap(a: Range, b: Range) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _norm(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.lower())
    words = [w for w in text.split() if w not in ("the", "a", "an", "mr", "mrs", "ms", "dr")]
    return " ".join(words)


def _speaker_hit(quote: Quote, source: Range, text: str) -> tuple[bool, bool]:
    """(strict, lenient) speaker match against a gold source span."""
    if quote.speaker is None:
        return False, False
    strict = _overlap((quote.speaker.start, quote.speaker.end), source) > 0
    gold = _norm(text[source[0] : source[1]])
    names = [s.text for s in (quote.speaker, quote.speaker_name) if s is not None]
    lenient = strict or any(
        _norm(n) == gold or (_norm(n).split()[-1:] == gold.split()[-1:] and gold) for n in names
    )
    return strict, bool(lenient)


def score_document(quotes: tuple[Quote, ...], gold: list[dict], text: str, tally: Tally) -> None:
    """Add one document's predictions to the tally (greedy one-to-one matching)."""
    tally.predicted += len(quotes)
    tally.gold += len(gold)
    pairs = []
    for gi, g in enumerate(gold):
        parts = [tuple(p) for p in g.get("content_parts") or [g["content"]]]
        need = 0.5 * sum(e - s for s, e in parts)
        for pi, q in enumerate(quotes):
            covered = sum(_overlap((q.content.start, q.content.end), p) for p in parts)
            if covered and covered >= need:
                precision = covered / max(1, q.content.end - q.content.start)
                pairs.append((covered / max(1, 2 * need), precision, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in sorted(pairs, reverse=True):  # best gold coverage, then tightest fit
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        tally.matched += 1
        source = gold[gi].get("source")
        if source:
            strict, lenient = _speaker_hit(quotes[pi], tuple(source), text)
            tally.with_source += 1
            tally.speaker_hits += strict
            tally.lenient_hits += lenient


def parsed(docs: list[dict], cache: Path | None) -> Iterator[Doc]:
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="score N seeded documents")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, help="DocBin file to reuse parses between runs")
    args = parser.parse_args(argv)
    if not (DATA / "docs.jsonl").exists():
        sys.exit(f"dev data not found at {DATA}; this benchmark needs ../shared/eval")
    docs = _read_jsonl(DATA / "docs.jsonl")
    gold = {g["id"]: g["quotes"] for g in _read_jsonl(DATA / "gold.jsonl")}
    if args.sample:
        docs = random.Random(args.seed).sample(docs, min(args.sample, len(docs)))
    started = time.time()
    raw, grouped = Tally(), Tally()
    for record, doc in zip(docs, parsed(docs, args.cache)):
        quotes = find_quotes(doc, record["text"])
        score_document(quotes, gold[record["id"]], record["text"], raw)
        score_document(attributions(quotes, record["text"]), gold[record["id"]], record["text"], grouped)
    print(f"{len(docs)} documents, {time.time() - started:.0f}s")
    print(raw.report("per stretch"))
    print(grouped.report("grouped by cue"))


if __name__ == "__main__":
    main()
