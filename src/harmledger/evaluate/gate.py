"""The eval gate: headline metrics on fixed seeded dev subsets must stay above pinned floors.

For each task, ``run_gate`` runs ``run_eval`` on a seeded subset of ``<data>/dev/<task>``
(subset sizes and seed in ``eval/floors.json``), compares every headline metric with its
floor and reports the shortfalls. ``--update-floors`` sets each floor to the measured value
minus a margin (rounded down to 3 decimals); it never lowers a floor, and refuses the whole
update when a metric fell below its floor, unless ``--allow-regression REASON`` is given, in
which case the lowered floors and the reason go into the file's ``history`` list. The sha256
of each task's gold.jsonl is pinned too; a change is a warning, not a failure.

``scripts/eval_gate.py`` is the command line; exit status 1 when a metric is below its floor
or an update was refused, 0 otherwise (and 0 with "skipped" when the data is absent).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from harmledger.evaluate.runner import SCORERS, EvalRun, run_eval, to_json

# (limit, per_corpus) of each task's subset when eval/floors.json does not give them
DEFAULT_SUBSETS: dict[str, tuple[int | None, bool]] = {
    "roles": (700, True),  # 700 MUC-4 docs + all 20 WikiEvents docs
    "geo": (150, True),  # 150 LGL, 150 GeoVirus, all 106 GeoWebNews docs
    "quotes": (300, False),
    "clean": (None, False),  # all 91 pages
    "link": (300, False),  # all documents of 300 seeded gold incidents (~520 docs)
    "conflict": (None, False),  # all 1,500 GTD summaries (short: about 25 s)
    "conflict-link": (None, False),  # all 1,500, linked together (about 20 s)
}
MARGIN = 0.02
ABOUT = (
    "Floors of the eval gate (scripts/eval_gate.py, harmledger.evaluate.gate): headline "
    "metrics on fixed seeded subsets of ../shared/eval/dev; written by --update-floors, "
    "lowered only with --allow-regression REASON (see history)."
)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A headline metric measured below its floor."""

    task: str
    metric: str
    measured: float
    floor: float

    def __str__(self) -> str:
        return (
            f"{self.task}.{self.metric} = {self.measured:.3f} is below its floor "
            f"{self.floor:.3f} by {self.floor - self.measured:.3f}"
        )


@dataclass(slots=True)
class GateResult:
    """What one gate run found, and whether it changed the floors."""

    runs: dict[str, EvalRun] = field(default_factory=dict)
    shortfalls: list[Shortfall] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    skipped: str | None = None
    updated: bool = False
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.refused or (self.shortfalls and not self.updated):
            return 1
        return 0


def load_floors(path: Path) -> dict[str, Any]:
    """The floors file, or an empty one (default seed and margin) when absent."""
    if path.is_file():
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    else:
        data = {}
    data.setdefault("seed", 0)
    data.setdefault("margin", MARGIN)
    data.setdefault("tasks", {})
    data.setdefault("history", [])
    return data


def save_floors(path: Path, floors: dict[str, Any]) -> None:
    """Write the floors file (with its ``about`` note first)."""
    data = {"about": ABOUT, **{k: v for k, v in floors.items() if k != "about"}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def floor_value(measured: float, margin: float) -> float:
    """``measured - margin`` rounded down to 3 decimals, never below 0."""
    return max(0.0, math.floor(round((measured - margin) * 1000, 6)) / 1000)


def compare(task: str, headline: dict[str, float], floors: dict[str, float]) -> list[Shortfall]:
    """The headline metrics of ``task`` below their floors (metrics without one pass)."""
    return [
        Shortfall(task, name, value, floors[name])
        for name, value in headline.items()
        if name in floors and value < floors[name]
    ]


def update_floors(
    floors: dict[str, Any],
    runs: dict[str, EvalRun],
    *,
    allow_regression: str | None = None,
    today: str | None = None,
) -> list[str]:
    """Raise the floors of ``runs`` in place; return the refusals (then nothing is changed).

    A floor only goes down for a metric measured below it, and only with a reason, which is
    recorded in ``floors["history"]`` with the date and the old and new values.
    """
    margin = float(floors.get("margin", MARGIN))
    changes: list[dict[str, Any]] = []
    refused: list[str] = []
    new_tasks: dict[str, dict[str, Any]] = {}
    for task, run in runs.items():
        old = dict(floors["tasks"].get(task, {}).get("floors", {}))
        headline = run.score.headline()
        new, lowered = _new_floors(task, old, headline, margin)
        if lowered and allow_regression is None:
            refused.extend(
                f"{c['task']}.{c['metric']}: would lower {c['old']} to {c['new']}" for c in lowered
            )
        changes.extend(lowered)
        new_tasks[task] = {
            "floors": new,
            "measured": {k: round(v, 4) for k, v in headline.items()},
            "n_docs": run.n_docs,
            "seconds": round(run.seconds, 1),
        }
    if refused:
        return refused
    for task, entry in new_tasks.items():
        floors["tasks"][task] = {**floors["tasks"].get(task, {}), **entry}
    if changes:
        date = today or dt.date.today().isoformat()
        floors["history"].append({"date": date, "reason": allow_regression, "changes": changes})
    return []


def _new_floors(
    task: str, old: dict[str, float], headline: dict[str, float], margin: float
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """The task's new floors, and the changes that lower a floor (metric below its floor)."""
    new, lowered = dict(old), []
    for name, value in headline.items():
        candidate = floor_value(value, margin)
        if name in old and value < old[name]:
            lowered.append(
                {
                    "task": task,
                    "metric": name,
                    "old": old[name],
                    "new": candidate,
                    "measured": round(value, 4),
                }
            )
            new[name] = candidate
        else:
            new[name] = max(candidate, old.get(name, 0.0))
    return new, lowered


def _task_dir(data_root: Path, task: str) -> Path:
    return data_root / "dev" / task


def _check_identity(floors: dict[str, Any], task: str, sha: str) -> str | None:
    pinned = floors["tasks"].get(task, {}).get("gold_sha256")
    if pinned and pinned != sha:
        return f"{task}: gold.jsonl changed since the floors were pinned (sha256 {sha[:12]}…)"
    return None


def run_gate(
    data_root: Path,
    floors_path: Path,
    *,
    tasks: Sequence[str] | None = None,
    extractor: str | None = None,
    update: bool = False,
    allow_regression: str | None = None,
    console: Console | None = None,
) -> GateResult:
    """Run, compare and (with ``update``) re-pin the floors; see the module docstring."""
    result, started = GateResult(), time.perf_counter()
    if not data_root.is_dir():
        result.skipped = f"skipped: {os.path.relpath(data_root)} not found"
        return result
    floors = load_floors(floors_path)
    shas: dict[str, str] = {}
    for task in tasks or list(SCORERS):
        run = _run_task(data_root, task, floors, extractor, result, shas, console)
        if run is not None:
            result.runs[task] = run
            pinned = floors["tasks"].get(task, {}).get("floors", {})
            result.shortfalls.extend(compare(task, run.score.headline(), pinned))
    result.seconds = time.perf_counter() - started
    if update and result.runs:
        result.refused = update_floors(floors, result.runs, allow_regression=allow_regression)
        if not result.refused:
            for task, sha in shas.items():
                floors["tasks"][task]["gold_sha256"] = sha
            floors["extractor"] = next(iter(result.runs.values())).extractor
            save_floors(floors_path, floors)
            result.updated = True
    return result


def _run_task(
    data_root: Path,
    task: str,
    floors: dict[str, Any],
    extractor: str | None,
    result: GateResult,
    shas: dict[str, str],
    console: Console | None,
) -> EvalRun | None:
    """One task's run on its fixed subset, or ``None`` (with a warning) when its data is absent."""
    task_dir = _task_dir(data_root, task)
    if not (task_dir / "gold.jsonl").is_file():
        result.warnings.append(f"{task}: {task_dir} not found; task skipped")
        return None
    shas[task] = file_sha256(task_dir / "gold.jsonl")
    if (warning := _check_identity(floors, task, shas[task])) is not None:
        result.warnings.append(warning)
    entry = floors["tasks"].setdefault(task, {})
    limit, per_corpus = DEFAULT_SUBSETS.get(task, (100, False))
    entry.setdefault("limit", limit)
    entry.setdefault("per_corpus", per_corpus)
    run = run_eval(
        task,
        task_dir,
        limit=entry["limit"],
        seed=int(floors["seed"]),
        extractor=extractor,
        per_corpus=bool(entry["per_corpus"]),
    )
    if console is not None:
        console.print(f"{task}: {run.n_docs} docs in {run.seconds:.1f}s ({run.docs_per_s:.2f}/s)")
    return run


def render_gate(result: GateResult, floors: dict[str, Any]) -> Table:
    """Measured value, floor, margin and status of every headline metric."""
    table = Table(title=f"eval gate ({result.seconds:.0f}s)")
    for name in ("task", "metric", "measured", "floor", "Δ", "status"):
        table.add_column(name, justify="left" if name in ("task", "metric", "status") else "right")
    for task, run in result.runs.items():
        pinned = floors["tasks"].get(task, {}).get("floors", {})
        for name, value in run.score.headline().items():
            floor = pinned.get(name)
            delta = "" if floor is None else f"{value - floor:+.3f}"
            status = "no floor" if floor is None else ("ok" if value >= floor else "BELOW")
            shown = "-" if floor is None else f"{floor:.3f}"
            table.add_row(task, name, f"{value:.3f}", shown, delta, status)
    return table


def gate_json(result: GateResult, floors: dict[str, Any]) -> dict[str, Any]:
    """The gate run as a JSON-ready dict."""
    return {
        "passed": result.exit_code == 0,
        "skipped": result.skipped,
        "updated": result.updated,
        "seconds": round(result.seconds, 1),
        "shortfalls": [str(s) for s in result.shortfalls],
        "refused": result.refused,
        "warnings": result.warnings,
        "tasks": {
            task: {**to_json(run), "floors": floors["tasks"].get(task, {}).get("floors", {})}
            for task, run in result.runs.items()
        },
    }


def parse_args(argv: Sequence[str] | None, root: Path) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Check dev-set metrics against eval/floors.json.")
    parser.add_argument("--data", type=Path, default=root.parent / "shared" / "eval")
    parser.add_argument("--floors", type=Path, default=root / "eval" / "floors.json")
    parser.add_argument("--tasks", help="comma-separated subset of: " + ",".join(SCORERS))
    parser.add_argument("--extractor", help="a registered extractor name to gate")
    parser.add_argument("--json", type=Path, dest="json_path", help="write the results here")
    parser.add_argument("--update-floors", action="store_true", help="re-pin the floors")
    parser.add_argument("--allow-regression", metavar="REASON", help="allow lowering floors")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, *, root: Path | None = None) -> int:
    """The command line (``scripts/eval_gate.py``); returns the exit status."""
    args = parse_args(argv, root or Path.cwd())
    console = Console()
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()] if args.tasks else None
    unknown = sorted(set(tasks or []) - set(SCORERS))
    if unknown:
        console.print(f"unknown task(s) {', '.join(unknown)}; known: {', '.join(SCORERS)}")
        return 2
    result = run_gate(
        args.data,
        args.floors,
        tasks=tasks,
        extractor=args.extractor,
        update=args.update_floors,
        allow_regression=args.allow_regression,
        console=console,
    )
    return report(result, args, console)


def report(result: GateResult, args: argparse.Namespace, console: Console) -> int:
    """Print the table, the warnings and the verdict; write --json; return the exit status."""
    if result.skipped:
        console.print(result.skipped)
        return 0
    floors = load_floors(args.floors)
    console.print(render_gate(result, floors))
    for line in result.warnings:
        console.print(f"warning: {line}")
    for line in result.refused:
        console.print(f"refused: {line}; pass --allow-regression REASON to lower it")
    label = "floor lowered" if result.updated else "FAIL"
    for shortfall in result.shortfalls:
        console.print(f"{label}: {shortfall}")
    if result.updated:
        console.print(f"floors written to {args.floors}")
    if args.json_path:
        args.json_path.write_text(json.dumps(gate_json(result, floors), indent=2) + "\n")
    verdict = "passed" if result.exit_code == 0 else "FAILED"
    console.print(f"eval gate {verdict}")
    return result.exit_code
