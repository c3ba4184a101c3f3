"""Apply the role model to one parsed document: doc-level fillers with exact spans.

``RoleModel.fillers(document_text, doc, extraction, places)`` scores every candidate
(``candidates.py``) for every role, keeps those over the role's threshold, combines them with the
rules' fillers as the role's mode says (``rules``: the model stays out; ``model``: the model's
fillers replace the rules'; ``union``: both), keeps one filler per head word (the scorer matches
by head word, so a second one could only be a false positive), and returns ``RoleFiller``
records whose spans slice the stored text exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from harmledger.evaluate.roles import ROLES, head_word, normalise
from harmledger.extract.roles_model.candidates import Candidate, RuleFiller, candidates
from harmledger.extract.roles_model.features import candidate_features, doc_context, hashed
from harmledger.extract.roles_model.model import DEFAULT_PATH, RoleWeights, load_weights
from harmledger.models import RoleFiller as Filler
from harmledger.models import Span


@dataclass(slots=True)
class Scored:
    """A document's candidates and their probabilities (candidates x roles)."""

    cands: list[Candidate]
    probs: np.ndarray


def score_document(
    weights: RoleWeights, doc: Doc, rules: Sequence[RuleFiller], places: Sequence[Span]
) -> Scored:
    """Every candidate of ``doc`` with its probability of each role."""
    cands = candidates(doc, rules, places)
    ctx = doc_context(doc, (r.role for r in rules))
    rows = [hashed(candidate_features(c, ctx), weights.hash_size) for c in cands]
    return Scored(cands, weights.scores(rows))


def choose(
    scored: Scored,
    rules: Sequence[RuleFiller],
    role: str,
    threshold: float,
    mode: str,
) -> list[tuple[str, tuple[int, int], float]]:
    """The chosen fillers of ``role``: (normalised text, character span, score), one per head
    word (the best scored), in text order."""
    k = ROLES.index(role)
    picked: dict[str, tuple[str, tuple[int, int], float]] = {}
    if mode != "rules":
        for cand, prob in zip(scored.cands, scored.probs[:, k], strict=True):
            if prob >= threshold:
                first = cand.mentions[0]
                _keep(picked, (cand.norm, (first.start_char, first.end_char), float(prob)))
    if mode in ("rules", "union"):
        for filler in rules:
            norm = normalise(filler.span.text)
            if filler.role == role and norm:
                _keep(picked, (norm, (filler.span.start, filler.span.end), 1.0))
    return sorted(picked.values(), key=lambda item: item[1])


def _keep(
    picked: dict[str, tuple[str, tuple[int, int], float]],
    item: tuple[str, tuple[int, int], float],
) -> None:
    head = head_word(item[0])
    if head not in picked or picked[head][2] < item[2]:
        picked[head] = item


class RoleModel:
    """The shipped (or a given) role model, loaded on first use."""

    def __init__(self, path: Path = DEFAULT_PATH) -> None:
        self.path = path

    @cached_property
    def weights(self) -> RoleWeights:
        return load_weights(self.path)

    @property
    def name(self) -> str:
        return self.weights.name

    def modelled_roles(self) -> tuple[str, ...]:
        """The roles whose fillers come from the model (those not left to the rules)."""
        w = self.weights
        return tuple(r for r, m in zip(w.roles, w.modes, strict=True) if m != "rules")

    def fillers(
        self, text: str, doc: Doc, rules: Sequence[RuleFiller], places: Sequence[Span]
    ) -> tuple[Filler, ...]:
        """The document's fillers of every modelled role, with exact spans of ``text``."""
        w = self.weights
        scored = score_document(w, doc, rules, places)
        found: list[Filler] = []
        for role, threshold, mode in zip(w.roles, w.thresholds, w.modes, strict=True):
            if mode == "rules":
                continue
            for _norm, (start, end), score in choose(scored, rules, role, float(threshold), mode):
                found.append(Filler(role, Span.of(text, start, end), round(score, 4), w.name))
        return tuple(found)
