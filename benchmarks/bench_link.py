"""Benchmark: linking a synthetic ledger of 10k, 100k and 1M claims, then adding 1,000 more.

    .venv/bin/python benchmarks/bench_link.py --sizes 10000 100000 1000000 --add 1000 --seed 0

Targets (issue "linking at scale", 2 cores): link 1,000,000 claims in <= 60 s with <= 4 GB
of memory; add 1,000 new claims to that ledger in <= 5 s.

The synthetic ledger (places, incidents, documents, claims, their MinHash signatures, and
its ``LinkTable`` or feature objects) comes from ``synthetic_ledger.py`` and
``synthetic_tables.py`` beside this file, imported as sibling modules (this file is run as
a script, so its folder is on ``sys.path``); see their docstrings. ``--no-place-names``
leaves the names of town, region and country out of the name sets.

Each size runs in a fresh subprocess (peak memory does not mix). Stages are timed apart:
``gen`` (the synthetic columns and signatures), ``table`` (the ``LinkTable``: straight from
the columns, or with ``--via features`` from ``DocFeatures``/``ClaimFeatures`` objects through
``LinkTable.from_features``), and ``link`` (``LinkIndex`` append + ``add_rows``: LSH, candidate
pairs, scores, union-find, incident ids), which is what the target is for; its CPU seconds
(user + system) are recorded beside the wall clock, a steadier measure on a shared machine
(scoring runs in two threads, so on an idle machine the wall clock is the lower). The add
step builds feature objects for the new documents and calls ``LinkIndex.add``, the
incremental path.
Quality: B-cubed precision/recall/F1 of the incidents found against the generator's. Each
size's address space is capped (``--memory-limit-gb``, default 12): a size too big for the
linker ends in a ``MemoryError`` that the table reports, not in the OOM killer.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from synthetic_ledger import KINDS, Array, Synthetic, generate
from synthetic_tables import place_codes, to_features, to_table

from harmledger.link import average, blocking
from harmledger.link import index as index_module
from harmledger.link.features import UNDATED_LOOKBACK
from harmledger.link.index import LinkIndex, LinkResult, concat
from harmledger.link.table import KIND_GROUPS, UNKNOWN, LinkTable

# -- appending the table --------------------------------------------------------------------


def append_table(index: LinkIndex, part: LinkTable) -> None:
    """``LinkIndex.append`` of a table built straight from columns (its steps after
    ``LinkTable.from_features``: document offsets, concatenation, the LSH pass)."""
    offset = 0 if index.table is None else len(index.table.doc_ids)
    part.doc = part.doc + offset
    for k, d in enumerate(part.doc_ids):
        index.doc_index[d] = offset + k
    index.table = part if index.table is None else concat(index.table, part)
    index.lsh_pairs = blocking.lsh_doc_pairs(index.table, offset, index.lsh)
    index.ids.extend([""] * len(part))


# -- measuring ------------------------------------------------------------------------------


def bcubed(predicted: Sequence[object] | Array, truth: Array) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering of items against the true one."""
    _, p = np.unique(np.asarray(predicted), return_inverse=True)
    _, t = np.unique(truth, return_inverse=True)
    p, t = p.astype(np.int64).ravel(), t.astype(np.int64).ravel()
    _, cell, both = np.unique(p * (int(t.max()) + 1) + t, return_inverse=True, return_counts=True)
    overlap = both[cell.ravel()].astype(np.float64)
    precision = float((overlap / np.bincount(p)[p]).mean())
    recall = float((overlap / np.bincount(t)[t]).mean())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _status_mb(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def reset_peak() -> bool:
    """Start a new peak-RSS (VmHWM) measurement (Linux 4.0+); False where not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def _timed(fn: Callable[..., Any], spent: dict[str, float], stage: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start

    return wrapper


def _timed_chunks(
    fn: Callable[..., Iterator[Any]], spent: dict[str, float], stage: str
) -> Callable[..., Iterator[Any]]:
    """Time a generator: the time spent making each of its items (not the consumer's)."""

    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        chunks = fn(*args, **kwargs)
        while True:
            start = time.perf_counter()
            try:
                item = next(chunks)
            except StopIteration:
                return
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
            yield item

    return wrapper


@contextlib.contextmanager
def stage_timers(index: LinkIndex, spent: dict[str, float]) -> Iterator[None]:
    """Time the linker's stages by wrapping them: table (``from_features``), lsh, link
    (``linked_pairs``: candidate pairs made chunk by chunk while other chunks are scored in
    ``SCORE_THREADS`` threads), union, cluster (``recluster``: components, average link
    inside them, ids; cluster.average is ``average.clusters``); the rest of ``add_rows`` is
    other.
    Stages with a dot are parts of the stage before the dot: link.pairs (making the chunks),
    link.score (summed over the scoring threads, so it may exceed link)."""
    patches: list[tuple[Any, str, str, Any]] = [
        (LinkTable, "from_features", "table", _timed),
        (blocking, "lsh_doc_pairs", "lsh", _timed),
        (index, "linked_pairs", "link", _timed),
        (index_module, "score", "link.score", _timed),
        (index, "new_pair_chunks", "link.pairs", _timed_chunks),
        (blocking, "place_blocks", "link.pairs.place_blocks", _timed),
        (blocking, "doc_claim_chunks", "link.pairs.lsh_claims", _timed_chunks),
        (index, "_union", "union", _timed),
        (index, "recluster", "cluster", _timed),
        (average, "clusters", "cluster.average", _timed),
    ]
    saved = [(owner, name, vars(owner).get(name)) for owner, name, _, _ in patches]
    for owner, name, stage, wrap in patches:
        setattr(owner, name, wrap(getattr(owner, name), spent, stage))
    try:
        yield
    finally:
        for owner, name, value in saved:
            if value is None:
                delattr(owner, name)
            else:
                setattr(owner, name, value)


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process so far: on a shared machine, a steadier
    measure than the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _stages(spent: dict[str, float], total: float) -> dict[str, float]:
    """Seconds per stage, ``other`` (the rest of the wall time) and ``cpu`` (CPU seconds of
    the whole step, which is not a stage)."""
    out = {k: round(v, 3) for k, v in spent.items()}
    stages = sum(v for k, v in spent.items() if "." not in k and k != "cpu")
    out["other"] = round(total - stages, 3)
    return out


def _result(r: LinkResult) -> dict[str, int]:
    return {"pairs_compared": r.pairs_compared, "pairs_linked": r.pairs_linked}


def build_table(syn: Synthetic, index: LinkIndex, via: str) -> tuple[LinkTable, dict[str, float]]:
    """The ledger's table, straight from the columns or through feature objects."""
    docs, claims = slice(0, syn.base_docs), slice(0, syn.base_claims)
    start = time.perf_counter()
    if via == "table":
        index.places.codes.update(place_codes(syn.world))
        return to_table(syn, docs, claims), {"table_s": round(time.perf_counter() - start, 2)}
    doc_features, claim_features = to_features(syn, docs, claims)
    objects = time.perf_counter()
    part = LinkTable.from_features(doc_features, claim_features, index.places)
    done = time.perf_counter()
    return part, {"objects_s": round(objects - start, 2), "table_s": round(done - objects, 2)}


def link_base(
    index: LinkIndex, part: LinkTable, profile: Path | None
) -> tuple[LinkResult | None, float, dict[str, float]]:
    """Link the whole ledger at once: append (LSH) + ``add_rows``; optionally profiled. No
    result when memory ran out (the stages show how far it got)."""
    spent: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None
    result = None
    with stage_timers(index, spent):
        start, cpu = time.perf_counter(), cpu_seconds()
        if profiler:
            profiler.enable()
        try:
            append_table(index, part)
            result = index.add_rows(0)
        except MemoryError:
            pass
        finally:
            if profiler:
                profiler.disable()
        seconds = time.perf_counter() - start
    spent["cpu"] = cpu_seconds() - cpu
    if profiler and profile:
        write_profile(profiler, profile)
    return result, seconds, _stages(spent, seconds)


def write_profile(profiler: cProfile.Profile, path: Path) -> None:
    """The raw stats, and the top 25 functions by own and by cumulative time beside them."""
    profiler.dump_stats(str(path))
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(25)
    path.with_suffix(".txt").write_text(text.getvalue(), encoding="utf-8")


def add_batch(index: LinkIndex, syn: Synthetic) -> dict[str, Any]:
    """Add the documents published after the ledger's through ``LinkIndex.add``."""
    docs = slice(syn.base_docs, syn.docs["published"].size)
    claims = slice(syn.base_claims, syn.claims["doc"].size)
    doc_features, claim_features = to_features(syn, docs, claims)
    spent: dict[str, float] = {}
    with stage_timers(index, spent):
        start, cpu = time.perf_counter(), cpu_seconds()
        result = index.add(doc_features, claim_features)
        seconds = time.perf_counter() - start
    spent["cpu"] = cpu_seconds() - cpu
    old = set(index.ids[: syn.base_claims])
    joined = sum(i in old for i in index.ids[syn.base_claims :])
    return {
        "docs": docs.stop - docs.start,
        "claims": claims.stop - claims.start,
        "seconds": round(seconds, 3),
        "stages": _stages(spent, seconds),
        **_result(result),
        "claims_joining_old_incidents": joined,
        "incidents_changed": len(result.changed),
        "merged": len(result.merged),
    }


def data_stats(syn: Synthetic) -> dict[str, Any]:
    """How the ledger's claims are spread: documents, incidents, the densest block."""
    c = {k: v[: syn.base_claims] for k, v in syn.claims.items()}
    groups = np.asarray([KIND_GROUPS[k] for k in KINDS])[c["kind"]]
    placed = c["admin1"] != UNKNOWN
    blocks = np.unique(c["admin1"][placed] * 10 + groups[placed], return_counts=True)[1]
    return {
        "docs": syn.base_docs,
        "claims": syn.base_claims,
        "true_incidents": int(np.unique(c["truth"]).size),
        "wire_copies": int(syn.docs["copy"][: syn.base_docs].sum()),
        "undated_claims": round(float((c["hi"] - c["lo"] == UNDATED_LOOKBACK).mean()), 3),
        "largest_block_claims": int(blocks.max()) if blocks.size else 0,
        "days": int(c["hi"].max() - c["lo"].min() + 1) if c["lo"].size else 0,
    }


def run_one(
    n: int, add: int, seed: int, via: str, profile: Path | None, place_names: bool = True
) -> dict[str, Any]:
    """One size, measured in this (fresh) process."""
    start = time.perf_counter()
    syn = generate(n, add, seed, place_names=place_names)
    gen_s = time.perf_counter() - start
    index = LinkIndex()
    part, build = build_table(syn, index, via)
    rss_before = _status_mb("VmRSS")
    peak_ok = reset_peak()
    result, link_s, stages = link_base(index, part, profile)
    truth = syn.claims["truth"]
    run: dict[str, Any] = {
        "size": n,
        "via": via,
        "link_source": source_digest(),
        "place_names": place_names,
        "data": data_stats(syn),
        "gen_s": round(gen_s, 2),
        **build,
        "link_s": round(link_s, 2),
        "link_stages": stages,
        "rss_before_link_mb": rss_before,
        "link_peak_rss_mb": _status_mb("VmHWM") if peak_ok else None,
    }
    if result is None:
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        run["error"] = f"MemoryError (address space limit {limit / 2**30:.0f} GiB)"
    else:
        run["incidents"] = len(set(index.ids))
        run["quality"] = bcubed(index.ids, truth[: syn.base_claims])
        run.update(_result(result))
    if add and result is not None:
        run["add"] = add_batch(index, syn)
        run["add"]["quality_all"] = bcubed(index.ids, truth)
    run["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return run


def source_digest() -> str:
    """A digest of the linker's source and weights (others edit it: say which was measured)."""
    folder = Path(index_module.__file__).parent
    digest = hashlib.sha1()
    for path in sorted([*folder.glob("*.py"), *folder.glob("*.json")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def limit_memory(gib: float) -> None:
    """Cap this process's address space, so that a run too big fails with ``MemoryError``
    instead of pushing the machine into the OOM killer."""
    if gib > 0:
        cap = int(gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


# -- the command line -----------------------------------------------------------------------


def _cell(run: dict[str, Any], path: str, fmt: str) -> str:
    value: Any = run
    for key in path.split("/"):
        if not isinstance(value, dict) or value.get(key) is None:
            return "-"
        value = value[key]
    return format(value, fmt)


COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("claims", "data/claims", ","),
    ("via", "via", ""),
    ("gen s", "gen_s", ".1f"),
    ("objects s", "objects_s", ".1f"),
    ("table s", "table_s", ".1f"),
    ("link s", "link_s", ".1f"),
    ("link CPU s", "link_stages/cpu", ".1f"),
    ("pairs", "pairs_compared", ","),
    ("linked", "pairs_linked", ","),
    ("incidents", "incidents", ","),
    ("true incidents", "data/true_incidents", ","),
    ("B3 F1", "quality/f1", ".3f"),
    ("link peak MB", "link_peak_rss_mb", ",.0f"),
    ("peak MB", "peak_rss_mb", ",.0f"),
    ("add s", "add/seconds", ".2f"),
    ("add CPU s", "add/stages/cpu", ".2f"),
    ("error", "error", ""),
)


def table_text(runs: Sequence[dict[str, Any]]) -> str:
    """The runs as a Markdown table."""
    head = "| " + " | ".join(name for name, _, _ in COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    rows = ["| " + " | ".join(_cell(r, p, f) for _, p, f in COLUMNS) + " |" for r in runs]
    return "\n".join([head, rule, *rows])


def run_child(n: int, args: argparse.Namespace, via: str) -> dict[str, Any]:
    """Run one size in a fresh interpreter, so that peak memory is its own."""
    command = [sys.executable, __file__, "--one", str(n), "--add", str(args.add)]
    command += [
        "--seed",
        str(args.seed),
        "--via",
        via,
        "--memory-limit-gb",
        str(args.memory_limit_gb),
    ]
    command += ["--no-place-names"] if args.no_place_names else []
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
        command += ["--profile", str(args.profile)]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--add", type=int, default=1000, help="claims added after the ledger")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--via", nargs="+", choices=("table", "features"), default=["table"])
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--profile", type=Path, help="folder for cProfile stats of linking")
    parser.add_argument(
        "--memory-limit-gb", type=float, default=12.0, help="per-size address space cap (0: none)"
    )
    parser.add_argument(
        "--no-place-names", action="store_true", help="name sets without town/region/country"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        limit_memory(args.memory_limit_gb)
        profile = args.profile / f"link_{args.one}_{args.via[0]}.prof" if args.profile else None
        places = not args.no_place_names
        print(json.dumps(run_one(args.one, args.add, args.seed, args.via[0], profile, places)))
        return 0
    runs = []
    for n in args.sizes:
        for via in args.via:
            runs.append(run_child(n, args, via))
            print(json.dumps(runs[-1]), file=sys.stderr)
    print(table_text(runs))
    if args.json:
        result = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
            "cpus": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "runs": runs,
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
