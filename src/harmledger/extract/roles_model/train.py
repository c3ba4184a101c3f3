"""``train_roles``: fit, tune and save the role model from the dev sets' annotations.

Split (fixed, never tuned on): MUC-4 documents ``TST1-*`` and ``TST2-*`` and the last
``CONFLICT_HELDOUT`` documents (file order) of each GTD folder are held out for the reported
scores; everything else trains. On the training documents, ``folds``-fold cross-validation gives
every document out-of-fold logits; a document gate (``gate.py``) fitted on the other folds'
out-of-fold logits gives each its gate probability; on these each role's threshold, mode and
gate exponent are tuned (``tuning.tune``; on the news corpora only, ``TUNE_APART``). The final
weights are then fitted on all training documents, and the final gate on all their
out-of-fold logits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import Progress

from harmledger.errors import ConfigError
from harmledger.evaluate.roles import ROLES
from harmledger.extract.roles_model.candidates import candidates
from harmledger.extract.roles_model.corpus import Example, load_corpus
from harmledger.extract.roles_model.features import (
    candidate_features,
    doc_context,
    document_features,
    hashed,
    hashed_rows,
    with_siblings,
)
from harmledger.extract.roles_model.fit import Design, Params, Rows, Settings, fit
from harmledger.extract.roles_model.gate import (
    ALPHAS,
    GATE_SETTINGS,
    fit_gate,
    gate_features,
    gate_probability,
    has_incident,
    logit_summary,
)
from harmledger.extract.roles_model.labels import gold_by_role, label_row, mask_row
from harmledger.extract.roles_model.model import MODEL_NAME, RoleWeights
from harmledger.extract.roles_model.tuning import Scorable, evaluate, tune

CONFLICT_HELDOUT = 300
#: Corpora that train but do not tune: the GTD summaries are short and one incident each, so
#: thresholds tuned on them would suit them and not news reports (MUC-4, WikiEvents).
TUNE_APART = frozenset({"gtd"})
Tick = Callable[[int], None]


@dataclass(slots=True)
class TrainReport:
    """What a training run did and how well the result scores on the held-out documents."""

    n_train: int
    n_heldout: dict[str, int]
    seconds: float
    thresholds: dict[str, float]
    modes: dict[str, str]
    alphas: dict[str, float]
    validation_f1: dict[str, float]
    heldout: dict[str, dict[str, dict[str, list[float]]]] = field(default_factory=dict)
    out: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(slots=True)
class Featurised:
    """One example's candidates as hashed rows with labels."""

    example: Example
    scorable: Scorable
    rows: list[np.ndarray]
    doc_row: np.ndarray
    labels: np.ndarray
    mask: np.ndarray
    bag: np.ndarray  # the document gate's hashed columns (``gate.gate_features``)


def heldout_key(example: Example, index: int, size: int) -> str | None:
    """The held-out set an example belongs to (``muc4-tst``, ``gtd-last``), or None."""
    if example.corpus == "muc4" and example.doc_id.startswith("TST"):
        return "muc4-tst"
    if example.corpus == "gtd" and index >= size - CONFLICT_HELDOUT:
        return "gtd-last"
    return None


def featurise(example: Example, size: int) -> Featurised:
    cands = candidates(example.doc, example.rules, example.places)
    ctx = doc_context(example.doc, (r.role for r in example.rules))
    feats = with_siblings(cands, [candidate_features(c, ctx) for c in cands])
    rows = hashed_rows(feats, size)
    doc_row = hashed(document_features(example.doc, ctx), size)
    gold = gold_by_role(example.gold)
    labels = np.array([label_row(c.norm, gold) for c in cands], dtype=np.float32)
    mask = mask_row(example.corpus)
    coded = frozenset(r for r, m in zip(ROLES, mask, strict=True) if m > 0)
    empty = np.zeros((0, len(ROLES)), dtype=np.float32)
    scorable = Scorable(example.doc_id, example.corpus, cands, empty, example.rules, gold, coded)
    labels = labels if len(cands) else empty
    bag = hashed(gate_features(example.doc), size)  # fmt: skip
    return Featurised(example, scorable, rows, doc_row, labels, mask, bag)


def _stack(items: Sequence[Featurised]) -> tuple[Design, np.ndarray, np.ndarray]:
    rows = Rows.of([r for f in items for r in f.rows])
    doc_of = np.repeat(np.arange(len(items)), [len(f.rows) for f in items])
    design = Design(rows, Rows.of([f.doc_row for f in items]), doc_of)
    labels = np.concatenate([f.labels for f in items])
    mask = np.concatenate([np.tile(f.mask, (len(f.rows), 1)) for f in items])
    return design, labels, mask


def _logits(items: Sequence[Featurised], weights: Params) -> list[np.ndarray]:
    """Each item's candidate logits (candidates x roles)."""
    design, _labels, _mask = _stack(items)
    flat = design.logits(weights.sparse.astype(np.float64))
    bounds = np.cumsum([0] + [len(f.rows) for f in items])
    return [flat[bounds[i] : bounds[i + 1]] for i in range(len(items))]


def _summaries(logits: Sequence[np.ndarray]) -> np.ndarray:
    return np.stack([logit_summary(x, len(ROLES)) for x in logits])


def _gate_fit(items: Sequence[Featurised], logits: Sequence[np.ndarray], size: int) -> Params:
    labels = np.array([has_incident(f.scorable.gold) for f in items])
    return fit_gate([f.bag for f in items], _summaries(logits), labels, size, GATE_SETTINGS)


def _scorables(
    items: Sequence[Featurised], logits: Sequence[np.ndarray], gate: Params | None
) -> list[Scorable]:
    """The items ready to score: probabilities of ``logits`` and the gate's probability."""
    gates = np.ones(len(items))
    if gate is not None:
        gates = gate_probability(gate, [f.bag for f in items], _summaries(logits))
    out = []
    for f, x, g in zip(items, logits, gates, strict=True):
        s, probs = f.scorable, 1.0 / (1.0 + np.exp(-x))
        out.append(Scorable(s.doc_id, s.corpus, s.cands, probs, s.rules, s.gold, s.coded,
                            float(g)))  # fmt: skip
    return out


def _cross_validate(
    train: Sequence[Featurised], folds: int, size: int, settings: Settings, task: Any
) -> tuple[list[Scorable], list[np.ndarray]]:
    """Out-of-fold scorables of the training documents: candidate logits from a model that
    did not see the document, and a gate fitted on other folds' out-of-fold logits."""
    fold_of = np.arange(len(train)) % folds
    logits: list[np.ndarray] = [np.zeros((0, len(ROLES)))] * len(train)
    for k in range(folds):
        part = [t for t, f in zip(train, fold_of, strict=True) if f != k]
        index = np.flatnonzero(fold_of == k).tolist()
        weights = fit(*_stack(part), size, tick=task(f"fold {k + 1}/{folds}", settings.epochs),
                      settings=settings)  # fmt: skip
        for i, x in zip(index, _logits([train[i] for i in index], weights), strict=True):
            logits[i] = x
    out: list[Scorable] = [None] * len(train)  # type: ignore[list-item]
    for k in range(folds):
        inside = np.flatnonzero(fold_of != k).tolist()
        index = np.flatnonzero(fold_of == k).tolist()
        gate = _gate_fit([train[i] for i in inside], [logits[i] for i in inside], size)
        scored = _scorables([train[i] for i in index], [logits[i] for i in index], gate)
        for i, s in zip(index, scored, strict=True):
            out[i] = s
    return out, logits


def _count_lines(path: Path) -> int:
    if not path.is_file():
        raise ConfigError(f"{path} not found; point the trainer at a task folder of eval/dev")
    with path.open(encoding="utf-8") as fh:
        return sum(1 for _ in fh)


@contextmanager
def _progress(show: bool) -> Iterator[Callable[[str, int], Tick]]:
    if not show:
        yield lambda _label, _total: lambda _n: None
        return
    with Progress(console=Console(stderr=True)) as bar:

        def task(label: str, total: int) -> Tick:
            task_id = bar.add_task(label, total=total)
            return lambda n: bar.advance(task_id, n)

        yield task


def _load(
    data_dirs: Sequence[Path], cache_dir: Path | None, size: int, task: Any
) -> tuple[list[Featurised], dict[str, list[Featurised]]]:
    """The featurised training documents, and the held-out ones by held-out set."""
    train: list[Featurised] = []
    heldout: dict[str, list[Featurised]] = {}
    for data_dir in data_dirs:
        n_docs = _count_lines(Path(data_dir) / "docs.jsonl")
        examples = load_corpus(
            Path(data_dir), cache_dir=cache_dir, progress=task(f"parse {data_dir}", n_docs)
        )
        for i, example in enumerate(examples):
            key = heldout_key(example, i, len(examples))
            item = featurise(example, size)
            (heldout.setdefault(key, []) if key else train).append(item)
    return train, heldout


def train_roles(
    data_dirs: Sequence[Path],
    out: Path,
    *,
    cache_dir: Path | None = None,
    folds: int = 4,
    epochs: int = 120,
    hash_bits: int = 18,
    l2: float = 1e-5,
    pos_weight: float = 2.0,
    gated: bool = True,
    progress: bool = True,
) -> TrainReport:
    """Train the role model on ``data_dirs`` (roles-format task folders), save it to ``out``
    and return the report (held-out scores of the rules alone and with the model)."""
    started = time.perf_counter()
    size = 1 << hash_bits
    with _progress(progress) as task:
        train, heldout = _load(data_dirs, cache_dir, size, task)
        settings = Settings(epochs=epochs, l2=l2, pos_weight=pos_weight)
        oof, oof_logits = _cross_validate(train, folds, size, settings, task)
        tuned = tune([s for s in oof if s.corpus not in TUNE_APART], ALPHAS if gated else (0.0,))
        weights = fit(*_stack(train), size, tick=task("final fit", epochs), settings=settings)
        gate = _gate_fit(train, oof_logits, size) if gated else None
    heldout_scores = {
        key: evaluate(_scorables(items, _logits(items, weights), gate), tuned)
        for key, items in heldout.items()
    }
    report = TrainReport(
        n_train=len(train),
        n_heldout={k: len(v) for k, v in heldout.items()},
        seconds=0.0,
        thresholds=dict(zip(ROLES, map(float, tuned.thresholds), strict=True)),
        modes=dict(zip(ROLES, tuned.modes, strict=True)),
        alphas=dict(zip(ROLES, map(float, tuned.alphas), strict=True)),
        validation_f1=tuned.f1,
        heldout=heldout_scores,
        out=str(out),
    )
    report.seconds = round(time.perf_counter() - started, 1)
    meta = {"data": [str(d) for d in data_dirs], "report": report.as_dict(), "hash_bits": hash_bits}
    model = RoleWeights(weights.sparse, tuned.thresholds, tuned.modes, ROLES, MODEL_NAME, meta)
    model.gate, model.alphas = gate, (tuned.alphas if gate is not None else None)
    model.save(out)
    return report
