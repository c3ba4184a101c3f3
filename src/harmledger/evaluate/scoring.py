"""Shared pieces of the scorers: P/R/F1 records, the task score, one-to-one matching, spans.

The scorers follow ``../shared/eval/README.md`` and each task's ``PROVENANCE.md``; the rules
specific to a task live in its module (``roles``, ``geo``, ``quotes``, ``clean``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Range = tuple[int, int]
Metric = Any  # PRF | float | None


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1, with the counts they came from (zero when macro-averaged)."""

    precision: float
    recall: float
    f1: float
    tp: float = 0
    n_pred: float = 0
    n_gold: float = 0

    @classmethod
    def from_counts(cls, tp: float, n_pred: float, n_gold: float) -> PRF:
        """Micro P/R/F1; an empty side gives 0 (nothing predicted = precision 0)."""
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return cls(p, r, f1_of(p, r), tp, n_pred, n_gold)

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def f1_of(p: float, r: float) -> float:
    """The harmonic mean of ``p`` and ``r`` (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class TaskScore:
    """Named metrics of one task (``PRF`` or a number, ``None`` when undefined)."""

    task: str
    metrics: dict[str, Metric]
    headline_values: dict[str, float] = field(default_factory=dict)

    def headline(self) -> dict[str, float]:
        """The metrics that the eval gate pins (all higher-is-better)."""
        return dict(self.headline_values)

    def as_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "metrics": {
                k: v.as_dict() if isinstance(v, PRF) else v for k, v in self.metrics.items()
            },
            "headline": self.headline(),
        }


@dataclass(slots=True)
class Tally:
    """Running micro counts."""

    tp: float = 0
    n_pred: float = 0
    n_gold: float = 0

    def add(self, tp: float, n_pred: float, n_gold: float) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def prf(self) -> PRF:
        return PRF.from_counts(self.tp, self.n_pred, self.n_gold)


def max_matching(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """A maximum one-to-one matching of left items to right items (left index -> right index).

    ``candidates[i]`` lists the right items that left item ``i`` may match, most preferred
    first. Kuhn's augmenting paths: every left item in turn takes its first free candidate or
    frees one by re-matching its owner, so the result has maximum size and, where choices
    tie, keeps the preferred pairs.
    """
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in candidates[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(candidates)):
        augment(left, set())
    return {left: right for right, left in owner.items()}


def overlap(a: Range, b: Range) -> int:
    """Characters shared by the half-open ranges ``a`` and ``b``."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def as_range(value: Any) -> Range | None:
    """``[s, e]`` or ``{"start", "end"}`` as a range; ``None`` for anything else."""
    if isinstance(value, Mapping):
        value = (value.get("start"), value.get("end"))
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(x, int) for x in value)
    ):
        return (value[0], value[1])
    return None


def parts_of(record: Mapping[str, Any], name: str) -> list[Range]:
    """The fragments of a gold span: ``<name>_parts`` when given, else ``[<name>]``."""
    parts = record.get(f"{name}_parts") or [record.get(name)]
    return [r for r in (as_range(p) for p in parts) if r is not None]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSON Lines file (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def by_id(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records keyed by their ``id`` (as a string)."""
    return {str(r["id"]): dict(r) for r in records}
