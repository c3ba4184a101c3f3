"""The document gate: how likely a document reports an incident at all.

Most false fillers in news come from documents without an incident (military clashes,
politics, an old attack recalled): the candidate model sees harm words there too. The gate is
a logistic regression per document over (a) the hashed bag of its content lemmas and lemma
bigrams (``gate_features``) and (b) a summary of the candidate model's logits
(``logit_summary``: per role the best logit, how many candidates are over 0, the three best),
fitted on out-of-fold logits of the training documents (so that it sees the candidate model
as it behaves on unseen text). A candidate's probability of role k is multiplied by the gate's
probability raised to ``alpha[k]`` (0: no gate), each alpha chosen on validation documents.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from spacy.tokens import Doc

from harmledger.extract.roles_model.fit import Design, Params, Rows, Settings, fit

_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
#: The gate's own bias column (document rows hold only it).
_BIAS_COL = 7
#: Exponents of the gate tried per role when tuning (0: the role ignores the gate).
ALPHAS = (0.0, 0.5, 1.0, 2.0)
#: Width of ``logit_summary``'s output, per role.
_PER_ROLE = 5


def gate_features(doc: Doc) -> list[str]:
    """The document's content lemmas and lemma bigrams, as feature strings."""
    lemmas = [t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop and t.pos_ in _CONTENT]
    feats = {"g:doc"} | {f"g:l={lemma}" for lemma in lemmas}  # never empty
    feats.update(f"g:b={a}_{b}" for a, b in itertools.pairwise(lemmas))
    return sorted(feats)


def logit_summary(logits: np.ndarray, n_roles: int) -> np.ndarray:
    """Per role: the best logit, log(1 + candidates over 0), the three best logits (the
    best repeated when there are fewer); zeros and -10s for a document without candidates."""
    if not len(logits):
        empty = np.array([-10.0, 0.0, -10.0, -10.0, -10.0], dtype=np.float32)
        return np.tile(empty, n_roles)
    top = np.sort(logits, axis=0)[::-1][:3]
    top = np.vstack([top, np.repeat(top[:1], 3 - len(top), axis=0)]) if len(top) < 3 else top
    parts = [logits.max(axis=0), np.log1p((logits > 0).sum(axis=0)), *top]
    return np.stack(parts, axis=1).ravel().astype(np.float32)


def _design(bags: Sequence[np.ndarray], summaries: np.ndarray) -> Design:
    doc_rows = Rows.of([np.array([_BIAS_COL], dtype=np.int32) for _ in bags])
    return Design(Rows.of(list(bags)), doc_rows, np.arange(len(bags)), summaries)


def fit_gate(
    bags: Sequence[np.ndarray],
    summaries: np.ndarray,
    labels: np.ndarray,
    size: int,
    settings: Settings,
) -> Params:
    """The gate's weights from documents' ``bags`` (hashed ``gate_features``), their
    ``logit_summary`` rows and whether each reports an incident (1.0 or 0.0)."""
    y = labels.reshape(-1, 1).astype(np.float32)
    return fit(_design(bags, summaries), y, np.ones_like(y), size, settings=settings)


def gate_probability(
    params: Params, bags: Sequence[np.ndarray], summaries: np.ndarray
) -> np.ndarray:
    """The gate's probability of an incident for each document (the logits of ``fit.predict``
    on ``_design``, summed directly: no copy of the weights per document)."""
    if not len(bags):
        return np.zeros(0)
    weights = params.sparse[:, 0]
    logits = np.array([weights[b].sum() for b in bags], dtype=np.float64) + weights[_BIAS_COL]
    if params.net is not None:
        logits += params.net.logits(summaries)[:, 0]
    return 1.0 / (1.0 + np.exp(-logits))


def has_incident(gold: Mapping[str, Sequence[Any]]) -> float:
    """1.0 when the document has a gold filler of some role, else 0.0."""
    return 1.0 if any(len(v) for v in gold.values()) else 0.0


#: How the gate is trained: a lightly regularised linear model (validated on the training
#: documents' folds, docs/ROLE_MODEL.md).
GATE_SETTINGS = Settings(epochs=100, lr=0.05, l2=1e-3, l2_dense=1e-3, pos_weight=1.0)
