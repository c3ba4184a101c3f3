"""The role model's weights and settings, and how they are saved and loaded.

One ``.npz`` file (numpy's zip of arrays, read with ``allow_pickle=False``): ``weights``
(hash size x roles, float32), ``thresholds`` (one per role), ``modes`` (per role: ``rules``,
``model`` or ``union``, how the model's fillers combine with the rules'), ``roles``, ``name``
and ``meta`` (a JSON string: training data, split, scores), and for a model with a document gate
(``gate.py``) ``gate_sparse`` (hash size x 1, float16), ``gate_mean``, ``gate_scale``,
``gate_lin``, ``gate_w1``, ``gate_b1``, ``gate_w2`` (its dense part, ``net.DenseNet``) and
``alphas`` (the gate's exponent per role). A file that is not such an archive,
or whose arrays disagree, raises ``ModelFileError``.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from harmledger.errors import HarmledgerError
from harmledger.evaluate.roles import ROLES
from harmledger.extract.roles_model.fit import Params
from harmledger.extract.roles_model.gate import gate_probability, logit_summary
from harmledger.extract.roles_model.net import DenseNet

MODEL_NAME = "harmledger.roles.logreg.v2"
MODES = ("rules", "model", "union")
DEFAULT_PATH = Path(__file__).with_name("roles-logreg-v2.npz")


class ModelFileError(HarmledgerError):
    """The role model file is missing, corrupt, or from another version."""


@dataclass(slots=True)
class RoleWeights:
    """A trained role model: one logistic regression per role over hashed features."""

    weights: np.ndarray  # (hash_size, len(roles)) float32
    thresholds: np.ndarray  # (len(roles),) float32, on the probability
    modes: tuple[str, ...]  # per role, one of MODES
    roles: tuple[str, ...] = ROLES
    name: str = MODEL_NAME
    meta: dict[str, Any] = field(default_factory=dict)
    gate: Params | None = None  # the document gate (``gate.py``), if the model has one
    alphas: np.ndarray | None = None  # (len(roles),) the gate's exponent per role

    @property
    def hash_size(self) -> int:
        return int(self.weights.shape[0])

    def logits(self, rows: list[np.ndarray], doc_row: np.ndarray) -> np.ndarray:
        """Logits (candidates x roles) of a document's candidates, each given as its hashed
        feature columns, and ``doc_row`` the document's own columns."""
        if not rows:
            return np.zeros((0, len(self.roles)), dtype=np.float32)
        starts = np.cumsum([0] + [len(r) for r in rows[:-1]])
        logits = np.add.reduceat(self.weights[np.concatenate(rows)], starts, axis=0)
        logits += self.weights[doc_row].sum(axis=0)
        return logits

    def scores(
        self, rows: list[np.ndarray], doc_row: np.ndarray, gate_row: np.ndarray | None = None
    ) -> np.ndarray:
        """Probabilities (candidates x roles): the candidates' (``logits``), each role's
        multiplied by the document gate's probability (of ``gate_row``, the document's hashed
        ``gate.gate_features``) to that role's exponent, when the model has a gate."""
        logits = self.logits(rows, doc_row)
        probs = 1.0 / (1.0 + np.exp(-logits))
        if self.gate is None or self.alphas is None or gate_row is None or not len(logits):
            return probs
        summary = logit_summary(logits, len(self.roles))[None, :]
        gate = float(gate_probability(self.gate, [gate_row], summary)[0])
        return probs * np.float32(gate) ** self.alphas

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (an ``.npz`` archive, no pickled objects)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {
            "weights": self.weights.astype(np.float16),
            "thresholds": self.thresholds.astype(np.float32),
            "modes": np.array(self.modes),
            "roles": np.array(self.roles),
            "name": np.array(self.name),
            "meta": np.array(json.dumps(self.meta, sort_keys=True)),
            **_gate_arrays(self.gate, self.alphas),
        }
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]


_NET_FIELDS = ("mean", "scale", "lin", "w1", "b1", "w2")


def _gate_arrays(gate: Params | None, alphas: np.ndarray | None) -> dict[str, np.ndarray]:
    if gate is None or gate.net is None or alphas is None:
        return {}
    found = {f"gate_{n}": np.asarray(getattr(gate.net, n), np.float32) for n in _NET_FIELDS}
    found.update(gate_sparse=gate.sparse.astype(np.float16), alphas=alphas.astype(np.float32))
    return found


def _gate_of(arrays: dict[str, np.ndarray], path: Path) -> tuple[Params | None, np.ndarray | None]:
    if "gate_sparse" not in arrays:
        return None, None
    try:
        net = DenseNet(*(arrays[f"gate_{n}"].astype(np.float32) for n in _NET_FIELDS))
        gate = Params(arrays["gate_sparse"].astype(np.float32), net)
        alphas = arrays["alphas"].astype(np.float32)
    except KeyError:
        raise ModelFileError(f"role model {path} has an incomplete gate; retrain it") from None
    cols = net.mean.shape[0]
    if (
        gate.sparse.ndim != 2
        or gate.sparse.shape[1] != 1
        or net.lin.shape != (cols, 1)
        or net.scale.shape != (cols,)
        or alphas.shape != (len(ROLES),)
        or not all(np.isfinite(a).all() for a in (gate.sparse, net.mean, net.scale, net.lin))
    ):
        raise ModelFileError(f"role model {path} has an inconsistent gate; retrain it")
    return gate, alphas


def load_weights(path: Path = DEFAULT_PATH) -> RoleWeights:
    """The model saved at ``path``; ``ModelFileError`` if it cannot be used."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelFileError(
            f"role model {path} cannot be read ({type(exc).__name__}); "
            "reinstall harmledger or retrain with `harmledger train roles`"
        ) from None
    return _checked(arrays, path)


def _checked(arrays: dict[str, np.ndarray], path: Path) -> RoleWeights:
    missing = {"weights", "thresholds", "modes", "roles", "name", "meta"} - set(arrays)
    if missing:
        raise ModelFileError(f"role model {path} lacks {', '.join(sorted(missing))}; retrain it")
    roles = tuple(str(r) for r in arrays["roles"])
    modes = tuple(str(m) for m in arrays["modes"])
    weights = arrays["weights"].astype(np.float32)
    thresholds = arrays["thresholds"].astype(np.float32)
    if (
        weights.ndim != 2
        or weights.shape[1] != len(roles)
        or thresholds.shape != (len(roles),)
        or len(modes) != len(roles)
        or not set(modes) <= set(MODES)
        or roles != ROLES
        or not np.isfinite(weights).all()
    ):
        raise ModelFileError(f"role model {path} is inconsistent; retrain it")
    try:
        meta = json.loads(str(arrays["meta"]))
    except json.JSONDecodeError:
        raise ModelFileError(f"role model {path} has unreadable metadata; retrain it") from None
    gate, alphas = _gate_of(arrays, path)
    return RoleWeights(weights, thresholds, modes, roles, str(arrays["name"]), meta, gate, alphas)
