"""Evaluation against the gold data in ``../shared/eval``: scorers, a runner and a gate.

- ``score_roles`` / ``score_geo`` / ``score_quotes`` / ``score_clean``: pure scorers of
  predictions (the eval-jsonl format) against gold lines, both keyed by document id.
- ``run_eval(task, data_dir, ...)``: extract (no ledger) and score one task's data.
- ``harmledger.evaluate.gate``: the regression gate over fixed seeded subsets of the dev data
  (``scripts/eval_gate.py``, floors in ``eval/floors.json``).
"""

from __future__ import annotations

from harmledger.evaluate.clean import score_clean
from harmledger.evaluate.geo import score_geo
from harmledger.evaluate.quotes import score_quotes
from harmledger.evaluate.roles import score_roles
from harmledger.evaluate.runner import (
    SCORERS,
    EvalRun,
    render_table,
    run_eval,
    score_files,
    to_json,
)
from harmledger.evaluate.scoring import PRF, TaskScore

TASKS: tuple[str, ...] = tuple(SCORERS)

__all__ = [
    "PRF",
    "TASKS",
    "EvalRun",
    "TaskScore",
    "render_table",
    "run_eval",
    "score_clean",
    "score_files",
    "score_geo",
    "score_quotes",
    "score_roles",
    "to_json",
]
