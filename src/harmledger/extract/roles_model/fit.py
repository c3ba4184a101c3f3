"""Fitting: logistic regression per role on hashed sparse rows, full-batch Adam, numpy only.

Rows are kept in CSR form (``Rows``: concatenated column indices and row starts). A candidate's
logit for role k is the sum of ``weights[col, k]`` over its own columns and over its document's
columns (``Design``: document rows are stored once and shared by the document's candidates);
the loss is the mean masked
log-loss plus ``l2 / 2 * ||weights||^2``. Positive examples can be weighted up
(``pos_weight``), since most candidates fill no role.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Rows:
    """Sparse binary rows: ``cols[starts[i]:starts[i + 1]]`` are row i's columns."""

    cols: np.ndarray  # int32
    starts: np.ndarray  # int64, len = n_rows + 1

    @classmethod
    def of(cls, rows: Sequence[np.ndarray]) -> Rows:
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        starts = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        cols = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        return cls(cols.astype(np.int32), starts)

    @property
    def n(self) -> int:
        return len(self.starts) - 1

    def take(self, index: np.ndarray) -> Rows:
        """The rows at ``index`` (in that order)."""
        return Rows.of([self.cols[self.starts[i] : self.starts[i + 1]] for i in index])

    def row_ids(self) -> np.ndarray:
        return np.repeat(np.arange(self.n), np.diff(self.starts))

    def logits(self, weights: np.ndarray) -> np.ndarray:
        gathered = weights[self.cols]
        return np.add.reduceat(gathered, self.starts[:-1], axis=0)


@dataclass(frozen=True, slots=True)
class Design:
    """Candidate rows, document rows, and the document of each candidate."""

    rows: Rows
    doc_rows: Rows
    doc_of: np.ndarray  # int64, one per candidate row

    def logits(self, weights: np.ndarray) -> np.ndarray:
        return self.rows.logits(weights) + self.doc_rows.logits(weights)[self.doc_of]

    def gradient(self, resid: np.ndarray, size: int) -> np.ndarray:
        """The gradient of the summed loss given each candidate's ``resid`` (p - y, scaled)."""
        k = resid.shape[1]
        grad = np.empty((size, k), dtype=np.float64)
        row_ids, doc_ids = self.rows.row_ids(), self.doc_rows.row_ids()
        n_docs = self.doc_rows.n
        for j in range(k):
            per_doc = np.bincount(self.doc_of, weights=resid[:, j], minlength=n_docs)
            grad[:, j] = np.bincount(self.rows.cols, weights=resid[row_ids, j], minlength=size)
            grad[:, j] += np.bincount(self.doc_rows.cols, weights=per_doc[doc_ids], minlength=size)
        return grad


def fit(
    design: Design,
    labels: np.ndarray,
    mask: np.ndarray,
    size: int,
    *,
    epochs: int = 120,
    lr: float = 0.05,
    l2: float = 1e-5,
    pos_weight: float = 1.0,
    tick: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Weights (size x roles) of a logistic regression per role (see the module doc)."""
    n, k = labels.shape
    weights = np.zeros((size, k), dtype=np.float64)
    m1, m2 = np.zeros_like(weights), np.zeros_like(weights)
    scale = mask * np.where(labels > 0, pos_weight, 1.0) / max(n, 1)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        probs = 1.0 / (1.0 + np.exp(-design.logits(weights)))
        grad = design.gradient((probs - labels) * scale, size)
        grad += l2 * weights
        m1 = beta1 * m1 + (1 - beta1) * grad
        m2 = beta2 * m2 + (1 - beta2) * grad * grad
        step_m1 = m1 / (1 - beta1**step)
        step_m2 = m2 / (1 - beta2**step)
        weights -= lr * step_m1 / (np.sqrt(step_m2) + eps)
        if tick is not None:
            tick(1)
    return weights.astype(np.float32)


def predict(design: Design, weights: np.ndarray) -> np.ndarray:
    """Probabilities (rows x roles)."""
    return 1.0 / (1.0 + np.exp(-design.logits(weights.astype(np.float64))))
