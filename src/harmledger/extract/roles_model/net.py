"""The dense part of the role model: a linear layer and an optional hidden layer over the
dense columns (``dense.py``), added to the hashed sparse logits.

``DenseNet`` holds the column standardisation (``mean``, ``scale``, fitted on the training
candidates), the linear weights ``lin`` (columns x roles) and, when ``hidden`` > 0, one ReLU
layer (``w1``, ``b1``) whose output is weighted by ``w2`` (hidden x roles). ``forward`` gives
the logits and what ``backward`` needs; ``backward`` the gradients of each array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NAMES = ("lin", "w1", "b1", "w2")


@dataclass(slots=True)
class DenseNet:
    """Standardisation and weights of the dense part (see the module doc)."""

    mean: np.ndarray  # (columns,)
    scale: np.ndarray  # (columns,)
    lin: np.ndarray  # (columns, roles)
    w1: np.ndarray  # (columns, hidden)
    b1: np.ndarray  # (hidden,)
    w2: np.ndarray  # (hidden, roles)

    @classmethod
    def init(cls, x: np.ndarray, roles: int, hidden: int, seed: int = 0) -> DenseNet:
        """Zero linear weights, small random hidden weights, standardisation from ``x``."""
        cols = x.shape[1]
        mean = x.mean(axis=0, dtype=np.float64).astype(np.float32)
        scale = (x.std(axis=0, dtype=np.float64) + 1e-3).astype(np.float32)
        rng = np.random.default_rng(seed)
        w1 = rng.normal(0.0, np.sqrt(2.0 / max(cols, 1)), (cols, hidden)).astype(np.float32)
        lin, w2 = np.zeros((cols, roles), np.float32), np.zeros((hidden, roles), np.float32)
        return cls(mean, scale, lin, w1, np.zeros(hidden, np.float32), w2)

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in NAMES}

    def standardised(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale).astype(np.float32)

    def forward(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Logits (rows x roles) of standardised columns ``z``, and the hidden activations."""
        hidden = np.maximum(z @ self.w1 + self.b1, 0.0) if self.w1.shape[1] else z[:, :0]
        logits = z @ self.lin
        if hidden.shape[1]:
            logits = logits + hidden @ self.w2
        return logits, hidden

    def backward(
        self, z: np.ndarray, hidden: np.ndarray, resid: np.ndarray
    ) -> dict[str, np.ndarray]:
        """The gradient of each array given the logits' gradient ``resid``."""
        grads = {"lin": z.T @ resid}
        if hidden.shape[1]:
            grads["w2"] = hidden.T @ resid
            back = (resid @ self.w2.T) * (hidden > 0)
            grads["w1"] = z.T @ back
            grads["b1"] = back.sum(axis=0)
        else:
            grads.update(w1=np.zeros_like(self.w1), b1=np.zeros_like(self.b1))
            grads["w2"] = np.zeros_like(self.w2)
        return grads

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Logits of raw (not standardised) dense columns ``x``."""
        return self.forward(self.standardised(x))[0]

    def astype(self, dtype: type) -> DenseNet:
        got: list[np.ndarray] = [
            np.asarray(getattr(self, n), dtype=dtype) for n in ("mean", "scale", *NAMES)
        ]
        return DenseNet(*got)
