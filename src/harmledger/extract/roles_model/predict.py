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
from harmledger.extract.roles_model.features import (
    candidate_features,
    doc_context,
    document_features,
    hashed,
    hashed_rows,
    with_siblings,
)
from harmledger.extract.roles_model.gate import gate_features
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
    feats = with_siblings(cands, [candidate_features(c, ctx) for c in cands])
    rows = hashed_rows(feats, weights.hash_size)
    doc_row = hashed(document_features(doc, ctx), weights.hash_size)
    gate_row = None
    if weights.gate is not None and cands:
        gate_row = hashed(gate_features(doc), int(weights.gate.sparse.shape[0]))
    return Scored(cands, weights.scores(rows, doc_row, gate_row))


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen filler: its normalised text, the span it is given, its score, and the spans of
    all its mentions (to tell two texts of one entity)."""

    norm: str
    span: tuple[int, int]
    score: float
    mentions: tuple[tuple[int, int], ...]


def choose(
    scored: Scored,
    rules: Sequence[RuleFiller],
    role: str,
    threshold: float,
    mode: str,
) -> list[Pick]:
    """The chosen fillers of ``role`` in text order: the candidates over ``threshold`` (and the
    rules' fillers, as ``mode`` says), best first, each dropped when a better one has its head
    word or a mention overlapping one of its own ("Oqueli Colindres" inside "opposition leader
    Hector Oqueli Colindres"): the scorer could only count it as a second, false, filler."""
    k = ROLES.index(role)
    items: list[Pick] = []
    if mode != "rules":
        for cand, prob in zip(scored.cands, scored.probs[:, k], strict=True):
            if prob >= threshold:
                spans = tuple((m.start_char, m.end_char) for m in cand.mentions)
                items.append(Pick(cand.norm, spans[0], float(prob), spans))
    if mode in ("rules", "union"):
        for filler in rules:
            norm = normalise(filler.span.text)
            if filler.role == role and norm:
                span = (filler.span.start, filler.span.end)
                items.append(Pick(norm, span, 1.0, (span,)))
    kept: list[Pick] = []
    heads: set[str] = set()
    for item in sorted(items, key=lambda p: (-p.score, p.span)):
        head = head_word(item.norm)
        if head in heads or any(_overlap(item, other) for other in kept):
            continue
        heads.add(head)
        kept.append(item)
    return sorted(kept, key=lambda p: p.span)


def _overlap(a: Pick, b: Pick) -> bool:
    return any(s < e2 and s2 < e for s, e in a.mentions for s2, e2 in b.mentions)


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
            for pick in choose(scored, rules, role, float(threshold), mode):
                span = Span.of(text, *pick.span)
                found.append(Filler(role, span, round(pick.score, 4), w.name))
        return tuple(found)
