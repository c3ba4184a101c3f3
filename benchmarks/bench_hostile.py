"""Benchmark: extraction cost on hostile texts, and the cost of the per-document budget.

    .venv/bin/python benchmarks/bench_hostile.py                 # hostile texts only
    .venv/bin/python benchmarks/bench_hostile.py --overhead 200  # + worker overhead

1. Hostile texts: 10, 20, 40 and 80 KB texts that never end a sentence (one clause with a
   killing and three places, repeated) and 32 KB of ``&``. Each is extracted in this process
   (``doc_seconds = 0``: the cost of extraction itself, no budget to stop it) and the seconds,
   claims and seconds per KB are printed. Near-linear cost means seconds per KB stays flat.
2. ``--overhead N``: N plain-text documents from ../shared/eval/dev (as ``make bench``) go
   through ``extract_records`` twice, in process and through the budgeted worker, back to back;
   the ratio is the worker's overhead.

Model and gazetteer loading are warmed up first and not timed. ``--out`` appends the results
as JSON; copy them into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

CLAUSE = "gunmen killed 3 villagers in Kabul, Afghanistan and wounded 4 people near Kandahar, "
SIZES_KB = (10, 20, 40, 80)


def one_sentence(n_bytes: int) -> str:
    """``n_bytes`` of text without a sentence break."""
    return (CLAUSE * (n_bytes // len(CLAUSE) + 1))[:n_bytes]


def hostile_texts() -> list[tuple[str, str]]:
    texts = [(f"{kb} KB, one sentence", one_sentence(kb * 1024)) for kb in SIZES_KB]
    return [*texts, ("32 KB of '&'", "&" * 32 * 1024)]


def time_one(text: str, settings: Any) -> tuple[float, int, str]:
    from harmledger.pipeline import extract_records

    start = time.perf_counter()
    [(_rid, _doc, result)] = list(extract_records([("bench", {"id": "b", "text": text})], settings))
    elapsed = time.perf_counter() - start
    return elapsed, len(getattr(result, "claims", ())), type(result).__name__


def bench_hostile() -> list[dict[str, Any]]:
    from harmledger.settings import Settings

    settings = Settings(doc_seconds=0)
    time_one("Gunmen killed 3 people in Kabul on Monday.", settings)  # warm-up
    rows = []
    for label, text in hostile_texts():
        seconds, claims, kind = time_one(text, settings)
        kb = len(text) / 1024
        rows.append({"input": label, "kb": kb, "seconds": round(seconds, 2), "claims": claims,
                     "result": kind, "s_per_kb": round(seconds / kb, 3)})  # fmt: skip
        print(f"{label:<22} {seconds:7.2f} s  {seconds / kb:6.3f} s/KB  {claims:5d} claims  {kind}")
    return rows


def bench_overhead(n: int) -> dict[str, Any]:
    from bench_pipeline import load_docs

    from harmledger.pipeline import extract_records
    from harmledger.settings import Settings

    records = load_docs(n, 13)
    timings: dict[str, float] = {}
    for label, seconds in (("in-process", 0.0), ("worker", 60.0), ("in-process again", 0.0)):
        settings = Settings(doc_seconds=seconds)
        list(extract_records([("warm", r) for r in records[:3]], settings))
        start = time.perf_counter()
        list(extract_records([(r["id"], r) for r in records], settings))
        timings[label] = time.perf_counter() - start
        print(f"{label:<18} {timings[label]:7.1f} s for {len(records)} documents")
    base = (timings["in-process"] + timings["in-process again"]) / 2
    ratio = timings["worker"] / base
    print(f"worker / in-process: {ratio:.3f}")
    return {"documents": len(records), **timings, "ratio": round(ratio, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--overhead", type=int, default=0, help="documents for the overhead run")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"python": platform.python_version(), "hostile": bench_hostile()}
    if args.overhead:
        result["overhead"] = bench_overhead(args.overhead)
    if args.out:
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
