"""Per-role thresholds and modes chosen on validation documents, and held-out scoring.

For each role, every mode (``rules``, ``model``, ``union``) and threshold on a grid is scored on
the validation documents with the roles scorer's own matching (``labels.tally``); the best F1
wins (ties go to the earlier mode, so the rules stay unless the model does better).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from harmledger.evaluate.roles import ROLES
from harmledger.extract.roles_model.candidates import Candidate, RuleFiller
from harmledger.extract.roles_model.labels import f1, tally
from harmledger.extract.roles_model.model import MODES
from harmledger.extract.roles_model.predict import Scored, choose

GRID = tuple(round(x, 3) for x in np.arange(0.1, 0.95, 0.025))


@dataclass(slots=True)
class Scorable:
    """One document ready to score: candidates, probabilities, rule fillers, gold entities."""

    doc_id: str
    corpus: str
    cands: list[Candidate]
    probs: np.ndarray
    rules: Sequence[RuleFiller]
    gold: dict[str, list[set[str]]]
    coded: frozenset[str]  # the roles the document's corpus codes
    gate: float = 1.0  # the document gate's probability of an incident (``gate.py``)


def role_tally(
    docs: Sequence[Scorable], role: str, threshold: float, mode: str, alpha: float = 0.0
) -> np.ndarray:
    """(matched, predicted, gold) of ``role`` summed over ``docs`` (uncoded roles skipped),
    each probability multiplied by the document's gate to the power ``alpha``."""
    total = np.zeros(3)
    for d in docs:
        if role not in d.coded:
            continue
        probs = d.probs * d.gate**alpha if alpha else d.probs
        chosen = choose(Scored(d.cands, probs), d.rules, role, threshold, mode)
        total += tally([pick.norm for pick in chosen], d.gold[role])
    return total


@dataclass(slots=True)
class Tuned:
    """Per role: threshold, mode and gate exponent, and the validation F1 they give."""

    thresholds: np.ndarray
    modes: tuple[str, ...]
    alphas: np.ndarray
    f1: dict[str, float]


def tune(docs: Sequence[Scorable], alphas: Sequence[float] = (0.0,)) -> Tuned:
    """Thresholds, modes and gate exponents per role that maximise validation F1."""
    thresholds, modes, exps, best_f1 = [], [], [], {}
    for role in ROLES:
        best = (f1(*role_tally(docs, role, 1.0, "rules")), "rules", 0.5, 0.0)
        for mode in MODES[1:]:
            for alpha in alphas:
                for threshold in GRID:
                    score = f1(*role_tally(docs, role, threshold, mode, alpha))
                    if score > best[0] + 1e-9:
                        best = (score, mode, threshold, alpha)
        best_f1[role] = best[0]
        modes.append(best[1])
        thresholds.append(best[2])
        exps.append(best[3])
    as_array = np.array
    return Tuned(
        as_array(thresholds, np.float32), tuple(modes), as_array(exps, np.float32), best_f1
    )


def evaluate(docs: Sequence[Scorable], tuned: Tuned) -> dict[str, dict[str, list[float]]]:
    """Per role and micro: (matched, predicted, gold) of the rules alone and of the model."""
    out: dict[str, dict[str, list[float]]] = {"rules": {}, "model": {}}
    for system in out:
        micro = np.zeros(3)
        for k, role in enumerate(ROLES):
            mode = "rules" if system == "rules" else tuned.modes[k]
            threshold, alpha = float(tuned.thresholds[k]), float(tuned.alphas[k])
            counts = role_tally(docs, role, threshold, mode, alpha)
            out[system][role] = counts.tolist()
            micro += counts
        out[system]["micro"] = micro.tolist()
    return out
