"""Time the rule extractor on dev documents: loading, and the rules alone (parse excluded).

    PYTHONPATH=src python benchmarks/bench_rules.py --n 200

Parses the first N documents of ``dev/roles`` (then ``dev/conflict``) once, then times
``RuleExtractor().extract(document, doc)`` over them, so the number is the rules' own cost
(word-list look-ups, matchers), not spaCy's parse; in CPU time of this process, so that other
work on a shared machine disturbs it less. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from harmledger.extract.nlp import parse
from harmledger.extract.rules import RuleExtractor
from harmledger.pipeline import checked_clean, raw_from_record


def _documents(eval_dir: Path, n: int) -> list:
    docs = []
    for task in ("roles", "conflict"):
        with (eval_dir / "dev" / task / "docs.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                if len(docs) >= n:
                    return docs
                record = json.loads(line)
                docs.append(checked_clean(raw_from_record(record, task, headline=False)))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    extractor = RuleExtractor()
    documents = _documents(args.eval_dir, args.n)
    parsed = [(d, parse(d)) for d in documents]
    extractor.extract(*parsed[0])  # loads the model, gazetteer and rules once
    setup = time.perf_counter() - start
    rounds = []
    for _ in range(args.rounds):
        start = time.process_time()  # CPU time: other processes on the machine count less
        for document, doc in parsed:
            extractor.extract(document, doc)
        rounds.append(time.process_time() - start)
    best = min(rounds)
    print(
        json.dumps(
            {
                "documents": len(parsed),
                "setup_s": round(setup, 2),
                "rules_s_best": round(best, 3),
                "rounds_s": [round(r, 3) for r in rounds],
                "ms_per_doc": round(1000 * best / len(parsed), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
