"""Fitting: logistic regression per role on hashed sparse rows, full-batch Adam, numpy only.

Rows are kept in CSR form (``Rows``: concatenated column indices and row starts). A candidate's
logit for role k is the sum of ``weights[col, k]`` over its own columns and over its document's
columns (``Design``: document rows are stored once and shared by the document's candidates);
the loss is the mean masked
log-loss plus ``l2 / 2 * ||weights||^2``. Positive examples can be weighted up
(``pos_weight``), since most candidates fill no role.

A design may also carry dense columns (``Design.dense``); their logits come from a
``net.DenseNet`` (standardised columns, a linear layer and an optional hidden layer, L2
``l2_dense``, its own learning rate ``lr_dense``) added to the sparse logits. The document gate
(``gate.py``) uses this for its summary of the candidate model's logits. ``fit`` returns
``Params`` (the sparse weights and the dense part); ``Settings`` holds how it trains.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from harmledger.extract.roles_model.net import DenseNet


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
    """Candidate rows, document rows, the document of each candidate, and (optionally) each
    candidate's dense columns (its own and its document's, ``dense.py``)."""

    rows: Rows
    doc_rows: Rows
    doc_of: np.ndarray  # int64, one per candidate row
    dense: np.ndarray | None = None  # (candidates, columns) float32

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


@dataclass(slots=True)
class Params:
    """Fitted weights: hashed sparse weights (size x roles) and the dense part, if any."""

    sparse: np.ndarray
    net: DenseNet | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """How ``fit`` trains (see the module doc)."""

    epochs: int = 120
    lr: float = 0.05
    l2: float = 1e-5
    l2_dense: float = 1e-3
    pos_weight: float = 1.0
    hidden: int = 0
    lr_dense: float = 0.01


class _Adam:
    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.m1 = {k: np.zeros_like(v) for k, v in arrays.items()}
        self.m2 = {k: np.zeros_like(v) for k, v in arrays.items()}

    def step(self, arrays: dict[str, np.ndarray], grads: dict[str, np.ndarray],
             lr: float, t: int) -> None:  # fmt: skip
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for name, grad in grads.items():
            m1 = self.m1[name] = beta1 * self.m1[name] + (1 - beta1) * grad
            m2 = self.m2[name] = beta2 * self.m2[name] + (1 - beta2) * grad * grad
            arrays[name] -= lr * (m1 / (1 - beta1**t)) / (np.sqrt(m2 / (1 - beta2**t)) + eps)


def fit(
    design: Design,
    labels: np.ndarray,
    mask: np.ndarray,
    size: int,
    *,
    settings: Settings | None = None,
    tick: Callable[[int], None] | None = None,
) -> Params:
    """Weights of a logistic regression per role, plus the dense part when ``design`` has
    dense columns (see the module doc)."""
    cfg = settings or Settings()
    n, k = labels.shape
    sparse = {"sparse": np.zeros((size, k), dtype=np.float64)}
    net, z = None, None
    if design.dense is not None:
        net = DenseNet.init(design.dense, k, cfg.hidden)
        z = net.standardised(design.dense)
    dense = net.arrays() if net is not None else {}
    opt_s, opt_d = _Adam(sparse), _Adam(dense)
    scale = mask * np.where(labels > 0, cfg.pos_weight, 1.0) / max(n, 1)
    for step in range(1, cfg.epochs + 1):
        logits = design.logits(sparse["sparse"])
        hidden = None
        if net is not None and z is not None:
            extra, hidden = net.forward(z)
            logits = logits + extra
        resid = (1.0 / (1.0 + np.exp(-logits)) - labels) * scale
        grad = design.gradient(resid, size) + cfg.l2 * sparse["sparse"]
        opt_s.step(sparse, {"sparse": grad}, cfg.lr, step)
        if net is not None and z is not None and hidden is not None:
            grads = net.backward(z, hidden, resid.astype(np.float32))
            for name in ("lin", "w1", "w2"):
                grads[name] = grads[name] + cfg.l2_dense * dense[name]
            opt_d.step(dense, grads, cfg.lr_dense, step)
        if tick is not None:
            tick(1)
    return Params(sparse["sparse"].astype(np.float32), net.astype(np.float32) if net else None)


def predict(design: Design, params: Params) -> np.ndarray:
    """Probabilities (rows x roles)."""
    logits = design.logits(params.sparse.astype(np.float64))
    if params.net is not None and design.dense is not None:
        logits = logits + params.net.logits(design.dense)
    return 1.0 / (1.0 + np.exp(-logits))
