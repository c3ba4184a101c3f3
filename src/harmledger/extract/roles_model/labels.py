"""Gold labels of candidates, and the roles scorer's count on pooled filler lists.

A candidate is positive for a role when the scorer would match its text to a gold entity of
that role in the document (``evaluate.roles``: equal normalised text, or equal head word).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from harmledger.evaluate.roles import ROLES, gold_entities, head_word, match_fillers

#: Roles a corpus does not code (the GTD summaries have no victims): masked out of training.
UNCODED: dict[str, frozenset[str]] = {"gtd": frozenset({"victims"})}


def gold_by_role(incidents: Sequence[Mapping[str, Any]]) -> dict[str, list[set[str]]]:
    """The document's gold entities of each role, pooled over incidents as the scorer does."""
    return {role: gold_entities(incidents, role) for role in ROLES}


def label_row(norm: str, gold: Mapping[str, list[set[str]]]) -> np.ndarray:
    """1.0 per role where ``norm`` matches a gold entity of that role, else 0.0."""
    head = head_word(norm)
    row = np.zeros(len(ROLES), dtype=np.float32)
    for k, role in enumerate(ROLES):
        for entity in gold[role]:
            if norm in entity or any(head_word(m) == head for m in entity):
                row[k] = 1.0
                break
    return row


def mask_row(corpus: str) -> np.ndarray:
    """1.0 per role the corpus codes, 0.0 for the roles it leaves out."""
    skip = UNCODED.get(corpus, frozenset())
    return np.array([0.0 if r in skip else 1.0 for r in ROLES], dtype=np.float32)


def tally(predicted: Sequence[str], entities: list[set[str]]) -> tuple[int, int, int]:
    """(matched, predicted, gold) of one document and role, as ``score_roles`` counts them."""
    return match_fillers(list(predicted), entities), len(predicted), len(entities)


def f1(tp: float, n_pred: float, n_gold: float) -> float:
    if tp == 0:
        return 0.0
    p, r = tp / n_pred, tp / n_gold
    return 2 * p * r / (p + r)
