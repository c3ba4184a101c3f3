"""Scoring of the ``roles`` task: who did what to whom, where, and the casualty counts.

Role fillers are pooled **per document**, not matched per incident, as the task's
PROVENANCE.md specifies for its scorer: for each document and role, the gold entities of all
its incidents are pooled (entities that share a normalised mention are merged), and the
predicted fillers are the distinct normalised texts over all predicted claims. This is also
what the prediction format allows: claims are not grouped into incidents before the ``link``
stage, so there is no predicted incident to align with a template.

A prediction matches a gold entity when its normalised text equals one of the entity's
normalised mentions, or its head word equals the head word of one of them. Matching is
one-to-one per document and role (maximum bipartite matching, exact matches preferred),
micro-summed over documents. Irrelevant documents (no incidents) still count their predicted
fillers as false positives.

Counts: every non-null gold ``killed``/``injured`` of an incident is one gold value (a list
gives the acceptable alternatives of one value; identical values in a document are counted
once); predicted values are the distinct ``(kind, low, high)`` of the document's killed and
injured claims that state a count (``low`` or ``high`` not null). A gold value is found when a
predicted value of its kind has the same ``low`` and ``high`` (one-to-one). Only documents
whose ``counts_annotated`` is true (or absent) are scored for counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from harmledger.evaluate.scoring import PRF, Tally, TaskScore, max_matching

ROLES: tuple[str, ...] = ("perpetrators", "victims", "targets", "places")
COUNT_KINDS: tuple[str, ...] = ("killed", "injured")
_ARTICLES = frozenset({"a", "an", "the"})
_PUNCT = re.compile(r"[^\w\s]|_")

CountValue = tuple[str, int | None, int | None]


def normalise(text: str) -> str:
    """SQuAD-style: lower-cased, punctuation removed, articles (a, an, the) dropped.

    "The F.M.L.N." -> "fmln"; "pro-government  militias" -> "progovernment militias".
    """
    text = _PUNCT.sub("", text.lower())
    return " ".join(w for w in text.split() if w not in _ARTICLES)


def head_word(normalised: str) -> str:
    """The head of a normalised phrase: the word before the first inner "of", else the last.

    "members of fmln" -> "members"; "farabundo marti national liberation front" -> "front".
    """
    words = normalised.split()
    if "of" in words[1:]:
        return words[words.index("of", 1) - 1]
    return words[-1] if words else ""


def gold_entities(incidents: Iterable[Mapping[str, Any]], role: str) -> list[set[str]]:
    """The document's entities of ``role`` pooled over incidents, merged on a shared mention."""
    entities: list[set[str]] = []
    for incident in incidents:
        for filler in incident.get(role) or []:
            mentions = {normalise(m) for m in filler if isinstance(m, str)} - {""}
            if not mentions:
                continue
            joined = [e for e in entities if e & mentions]
            for entity in joined:
                mentions |= entity
            entities = [e for e in entities if not any(e is j for j in joined)] + [mentions]
    return entities


def predicted_fillers(claims: Iterable[Mapping[str, Any]], role: str) -> list[str]:
    """The distinct normalised texts of ``role`` over all claims, in first-seen order."""
    seen: dict[str, None] = {}
    for claim in claims:
        for mention in claim.get(role) or []:
            text = mention.get("text") if isinstance(mention, Mapping) else mention
            norm = normalise(text) if isinstance(text, str) else ""
            if norm:
                seen.setdefault(norm, None)
    return list(seen)


def match_fillers(predicted: list[str], entities: list[set[str]]) -> int:
    """The size of the maximum one-to-one matching of predicted fillers to gold entities."""
    heads = [{head_word(m) for m in entity} for entity in entities]
    candidates = []
    for text in predicted:
        exact = [j for j, entity in enumerate(entities) if text in entity]
        by_head = [j for j in range(len(entities)) if head_word(text) in heads[j]]
        candidates.append(exact + [j for j in by_head if j not in exact])
    return len(max_matching(candidates))


def gold_counts(incidents: Iterable[Mapping[str, Any]]) -> list[frozenset[CountValue]]:
    """The document's gold count values, each the set of its acceptable intervals."""
    values: dict[frozenset[CountValue], None] = {}
    for incident in incidents:
        for kind in COUNT_KINDS:
            field = incident.get(kind)
            alternatives = field if isinstance(field, list) else [field]
            value = frozenset(
                (kind, a.get("low"), a.get("high")) for a in alternatives if isinstance(a, Mapping)
            )
            if value:
                values.setdefault(value, None)
    return list(values)


def predicted_counts(claims: Iterable[Mapping[str, Any]]) -> list[CountValue]:
    """Distinct ``(kind, low, high)`` of the killed/injured claims that state a count."""
    seen: dict[CountValue, None] = {}
    for claim in claims:
        low, high = claim.get("low"), claim.get("high")
        if claim.get("kind") in COUNT_KINDS and (low is not None or high is not None):
            seen.setdefault((claim["kind"], low, high), None)
    return list(seen)


def match_counts(predicted: list[CountValue], gold: list[frozenset[CountValue]]) -> int:
    """The size of the maximum one-to-one matching of gold count values to predicted ones."""
    return len(max_matching([[i for i, p in enumerate(predicted) if p in g] for g in gold]))


def score_roles(
    predictions: Mapping[str, Mapping[str, Any]],
    gold: Mapping[str, Mapping[str, Any]],
    docs: Mapping[str, Mapping[str, Any]] | None = None,
) -> TaskScore:
    """Role P/R/F1 per role, micro overall and per corpus, and counts P/R/F1 (see module doc)."""
    per_role = {role: Tally() for role in ROLES}
    per_corpus: dict[str, Tally] = {}
    counts = Tally()
    for doc_id, record in gold.items():
        claims = (predictions.get(doc_id) or {}).get("claims") or []
        incidents = record.get("incidents") or []
        corpus = per_corpus.setdefault(str(record.get("corpus") or ""), Tally())
        for role in ROLES:
            predicted, entities = predicted_fillers(claims, role), gold_entities(incidents, role)
            found = (match_fillers(predicted, entities), len(predicted), len(entities))
            per_role[role].add(*found)
            corpus.add(*found)
        if record.get("counts_annotated", True):
            pred_counts, gold_values = predicted_counts(claims), gold_counts(incidents)
            counts.add(match_counts(pred_counts, gold_values), len(pred_counts), len(gold_values))
    return _roles_score(per_role, per_corpus, counts)


def _roles_score(
    per_role: dict[str, Tally], per_corpus: dict[str, Tally], counts: Tally
) -> TaskScore:
    micro = Tally()
    for tally in per_role.values():
        micro.add(tally.tp, tally.n_pred, tally.n_gold)
    metrics: dict[str, PRF | float | None] = {role: t.prf() for role, t in per_role.items()}
    metrics["micro"] = micro_prf = micro.prf()
    named = {name: tally for name, tally in per_corpus.items() if name}
    for name, tally in sorted(named.items()):
        metrics[f"micro_{name}"] = tally.prf()
    metrics["counts"] = counts_prf = counts.prf()
    headline = {"micro_f1": micro_prf.f1}
    headline.update({f"micro_f1_{name}": named[name].prf().f1 for name in sorted(named)})
    headline["counts_f1"] = counts_prf.f1
    headline["perpetrators_f1"] = per_role["perpetrators"].prf().f1
    return TaskScore("roles", metrics, headline)
