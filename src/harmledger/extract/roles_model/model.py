"""The role model's weights and settings, and how they are saved and loaded.

One ``.npz`` file (numpy's zip of arrays, read with ``allow_pickle=False``): ``weights``
(hash size x roles, float32), ``thresholds`` (one per role), ``modes`` (per role: ``rules``,
``model`` or ``union``, how the model's fillers combine with the rules'), ``roles``, ``name``
and ``meta`` (a JSON string: training data, split, scores). A file that is not such an archive,
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

MODEL_NAME = "harmledger.roles.logreg.v1"
MODES = ("rules", "model", "union")
DEFAULT_PATH = Path(__file__).with_name("roles-logreg-v1.npz")


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

    @property
    def hash_size(self) -> int:
        return int(self.weights.shape[0])

    def scores(self, rows: list[np.ndarray], doc_row: np.ndarray) -> np.ndarray:
        """Probabilities (candidates x roles) of a document's candidates, each given as its
        hashed feature columns, and ``doc_row`` the document's own columns."""
        if not rows:
            return np.zeros((0, len(self.roles)), dtype=np.float32)
        starts = np.cumsum([0] + [len(r) for r in rows[:-1]])
        logits = np.add.reduceat(self.weights[np.concatenate(rows)], starts, axis=0)
        logits += self.weights[doc_row].sum(axis=0)
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (an ``.npz`` archive, no pickled objects)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                weights=self.weights.astype(np.float16),
                thresholds=self.thresholds.astype(np.float32),
                modes=np.array(self.modes),
                roles=np.array(self.roles),
                name=np.array(self.name),
                meta=np.array(json.dumps(self.meta, sort_keys=True)),
            )


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
    return RoleWeights(weights, thresholds, modes, roles, str(arrays["name"]), meta)
