"""Run the pipeline (no ledger) over a task's dev data and score it.

``run_eval(task, data_dir)`` reads ``data_dir/docs.jsonl`` and ``gold.jsonl``, optionally
takes a seeded sample, runs clean + extract through ``pipeline.extract_records``, turns every
result into a prediction with ``export.eval.export_eval_jsonl`` (a rejection is an empty
prediction) and scores it. ``score_files`` scores an existing ``predictions.jsonl``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from harmledger.errors import ConfigError
from harmledger.evaluate.clean import score_clean
from harmledger.evaluate.geo import score_geo
from harmledger.evaluate.link import read_incidents, score_link
from harmledger.evaluate.linking import predict_link, sample_incidents
from harmledger.evaluate.quotes import score_quotes
from harmledger.evaluate.roles import score_roles
from harmledger.evaluate.scoring import PRF, TaskScore, by_id, read_jsonl
from harmledger.export.eval import export_eval_jsonl
from harmledger.models import Rejection
from harmledger.pipeline import extract_records
from harmledger.settings import Settings

Records = Mapping[str, Mapping[str, Any]]
Scorer = Callable[[Records, Records, Records | None], TaskScore]
SCORERS: dict[str, Scorer] = {
    "roles": score_roles,
    "geo": score_geo,
    "quotes": score_quotes,
    "clean": score_clean,
    "link": score_link,
    "conflict": score_roles,  # GTD attack summaries in the roles format
    "conflict-link": score_link,  # the same summaries, each its own incident
}
#: Tasks scored as linking: the whole sample is linked together, then grouped and counted.
LINK_TASKS = frozenset({"link", "conflict-link"})


@dataclass(frozen=True, slots=True)
class EvalRun:
    """One scored run: the score, how many documents, how long it took, with what."""

    task: str
    score: TaskScore
    n_docs: int
    seconds: float
    extractor: str
    rejected: int = 0
    seed: int = 0
    limit: int | None = None
    per_corpus: bool = False

    @property
    def docs_per_s(self) -> float:
        return self.n_docs / self.seconds if self.seconds > 0 else 0.0


def scorer_for(task: str) -> Scorer:
    """The scoring function of ``task``; ``ConfigError`` for an unknown task."""
    try:
        return SCORERS[task]
    except KeyError:
        known = ", ".join(SCORERS)
        raise ConfigError(f"unknown task {task!r}; known: {known}") from None


def sample_ids(
    ids: Sequence[str],
    limit: int | None,
    seed: int = 0,
    groups: Mapping[str, str] | None = None,
) -> list[str]:
    """``limit`` ids drawn with ``seed`` (same seed, same sample), kept in input order.

    With ``groups`` (id -> group name, e.g. the corpus), ``limit`` ids are drawn from each
    group separately, so that a small corpus is not left to chance.
    """
    if groups is not None:
        chosen: set[str] = set()
        for name in sorted(set(groups.values())):
            members = [i for i in ids if groups.get(i) == name]
            chosen.update(_draw(members, limit, f"{seed}/{name}"))
        return [i for i in ids if i in chosen]
    picked = set(_draw(ids, limit, seed))
    return [i for i in ids if i in picked]


def _draw(ids: Sequence[str], limit: int | None, seed: int | str) -> list[str]:
    if limit is None or limit >= len(ids):
        return list(ids)
    return random.Random(seed).sample(sorted(ids), max(0, limit))


def load_task(data_dir: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The docs (in file order) that have a gold line, and the gold lines keyed by id."""
    docs_path, gold_path = data_dir / "docs.jsonl", data_dir / "gold.jsonl"
    for path in (docs_path, gold_path):
        if not path.is_file():
            raise ConfigError(f"{path} not found; point data_dir at a task folder of shared/eval")
    gold = by_id(read_jsonl(gold_path))
    docs = [d for d in read_jsonl(docs_path) if str(d.get("id")) in gold]
    return docs, gold


def empty_prediction(doc_id: str) -> dict[str, Any]:
    """The prediction of a document the pipeline rejected."""
    return {"id": doc_id, "claims": [], "places": [], "quotes": [], "incidents": []}


def predict(
    docs: Sequence[Mapping[str, Any]],
    settings: Settings,
    *,
    origin: str = "eval",
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, dict[str, Any]], int]:
    """Predictions keyed by document id, and how many documents were rejected."""
    records = ((f"{origin}#{d.get('id')}", dict(d)) for d in docs)
    tick = progress or (lambda _n: None)
    predictions: dict[str, dict[str, Any]] = {}
    rejected = 0
    # span-scored tasks: each text is kept as given, since the gold offsets address it
    for rid, document, result in extract_records(records, settings, tick=tick, headline=False):
        if document is None or isinstance(result, Rejection):
            rejected += 1
            predictions[rid] = empty_prediction(rid)
        else:
            predictions[rid] = {**export_eval_jsonl(document, result), "id": rid}
    return predictions, rejected


def run_eval(
    task: str,
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    settings: Settings | None = None,
    extractor: str | None = None,
    progress: Callable[[int], None] | None = None,
    per_corpus: bool = False,
) -> EvalRun:
    """Extract and score ``task`` on ``data_dir``: a seeded sample of ``limit`` docs if given
    (``limit`` docs of each gold ``corpus`` with ``per_corpus``)."""
    score = scorer_for(task)
    settings = (settings or Settings()).with_overrides(extractor=extractor)
    docs, gold = load_task(Path(data_dir))
    if task in LINK_TASKS:
        return _run_link(task, Path(data_dir), docs, gold, settings, limit, seed, progress)
    groups = {i: str(g.get("corpus") or "") for i, g in gold.items()} if per_corpus else None
    chosen = set(sample_ids([str(d["id"]) for d in docs], limit, seed, groups))
    docs = [d for d in docs if str(d["id"]) in chosen]
    started = time.perf_counter()
    predictions, rejected = predict(docs, settings, origin=str(data_dir), progress=progress)
    seconds = time.perf_counter() - started
    result = score(predictions, {i: gold[i] for i in chosen}, by_id(docs))
    return EvalRun(
        task, result, len(docs), seconds, settings.extractor, rejected, seed, limit, per_corpus
    )


def _run_link(
    task: str,
    data_dir: Path,
    docs: list[dict[str, Any]],
    gold: dict[str, dict[str, Any]],
    settings: Settings,
    limit: int | None,
    seed: int,
    progress: Callable[[int], None] | None,
) -> EvalRun:
    chosen = sample_incidents(gold, limit, seed)
    docs = [d for d in docs if str(d["id"]) in chosen]
    started = time.perf_counter()
    predictions, incidents, rejected = predict_link(
        docs, settings, origin=str(data_dir), progress=progress
    )
    seconds = time.perf_counter() - started
    gold_incidents = _gold_incidents(data_dir)
    result = score_link(
        predictions,
        {i: gold[i] for i in chosen},
        by_id(docs),
        gold_incidents=gold_incidents,
        pred_incidents=incidents,
    )
    return EvalRun(task, result, len(docs), seconds, settings.extractor, rejected, seed, limit)


def _gold_incidents(data_dir: Path) -> dict[str, dict[str, Any]] | None:
    path = data_dir / "incidents.jsonl"
    return read_incidents(path) if path.is_file() else None


def score_files(
    task: str,
    predictions_path: Path,
    gold_path: Path,
    docs_path: Path | None = None,
    incidents_path: Path | None = None,
) -> TaskScore:
    """Score an existing predictions.jsonl against a gold.jsonl (docs only for extras; for
    ``link``, ``incidents_path`` is the predicted incidents file)."""
    score = scorer_for(task)
    docs = by_id(read_jsonl(docs_path)) if docs_path is not None else None
    predictions, gold = by_id(read_jsonl(predictions_path)), by_id(read_jsonl(gold_path))
    if task in LINK_TASKS and incidents_path is not None:
        return score_link(
            predictions,
            gold,
            docs,
            gold_incidents=_gold_incidents(gold_path.parent),
            pred_incidents=read_incidents(incidents_path),
        )
    return score(predictions, gold, docs)


def _cell(value: float | None) -> str:
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def _count(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"


def render_table(run: EvalRun) -> Table:
    """A table of the run's metrics: P/R/F1 rows with their counts, then single values."""
    table = Table(
        title=f"{run.task}: {run.n_docs} docs, {run.seconds:.1f}s ({run.docs_per_s:.2f} docs/s)",
        caption=f"extractor {run.extractor}; rejected {run.rejected}",
    )
    for name in ("metric", "P", "R", "F1", "tp", "pred", "gold", "value"):
        table.add_column(name, justify="left" if name == "metric" else "right")
    for name, value in run.score.metrics.items():
        if isinstance(value, PRF):
            scores = [_cell(v) for v in (value.precision, value.recall, value.f1)]
            counts = [_count(v) for v in (value.tp, value.n_pred, value.n_gold)]
            table.add_row(name, *scores, *counts, "")
        else:
            table.add_row(name, "", "", "", "", "", "", _cell(value))
    return table


def to_json(run: EvalRun) -> dict[str, Any]:
    """The run as a JSON-ready dict (metrics, headline, timing, settings)."""
    return {
        "task": run.task,
        "extractor": run.extractor,
        "n_docs": run.n_docs,
        "rejected": run.rejected,
        "seed": run.seed,
        "limit": run.limit,
        "per_corpus": run.per_corpus,
        "seconds": round(run.seconds, 3),
        "docs_per_s": round(run.docs_per_s, 3),
        **run.score.as_dict(),
    }
