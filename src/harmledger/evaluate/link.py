"""Scoring of the ``link`` task: reports of one incident merged into one group, and its counts.

The gold lines map each document to its incident (``incident``; ``also_incidents`` is not
used, as the task's PROVENANCE.md says). A prediction row's incident is the first id of its
``incidents`` list; a document with an empty list, or no row, is left out of the *response*.
Predicted documents that have no gold line are ignored.

**B-cubed** (the headline) when the response lacks some documents. The README only says that
a missing document "costs recall", so this module fixes the rule (Bagga & Baldwin, restricted
to the documents in both gold and response for the clusters' intersections):

- precision is averaged over the documents in the response, each scoring
  ``|its predicted cluster ∩ its gold cluster| / |its predicted cluster|``, where the
  predicted cluster counts only documents that have a gold line;
- recall is averaged over **all** gold documents, each scoring
  ``|its predicted cluster ∩ its gold cluster| / |its gold cluster|`` (the whole gold
  cluster, missing documents included), and 0 for a document missing from the response;
- F1 is the harmonic mean of the two; an empty response scores 0 precision and 0 recall.

**Pairwise**: a pair is two documents in one cluster; precision = correct predicted pairs /
predicted pairs, recall = correct pairs / gold pairs (pairs counted from the contingency of
gold and predicted clusters, never enumerated).

**Counts** (only when both incident files are given): every gold incident with a non-null
``killed`` (or ``injured``) that has at least one gold document is one case. Its documents
(those whose gold ``incident`` it is) vote for their predicted incidents; the predicted
incident holding most of them is chosen (ties: the smaller predicted incident, i.e. the purer
one, then the lowest id as a string). The case is correct when that incident's value equals
the gold number: the value is ``best``, or ``low`` when ``best`` is null and
``low == high``; a bare number is taken as it is. A gold incident none of whose documents
was predicted, or whose chosen incident has no such value or no line in the predicted
incidents file, is wrong. Accuracy = correct / cases (0 when there is no case).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from harmledger.evaluate.scoring import PRF, TaskScore, f1_of, read_jsonl

Records = Mapping[str, Mapping[str, Any]]
Incidents = Mapping[str, Mapping[str, Any]]
COUNT_FIELDS: tuple[str, ...] = ("killed", "injured")
ONE_CLUSTER = "all"


def gold_clusters(gold: Records) -> dict[str, str]:
    """Document id -> gold incident id (the primary ``incident`` of each gold line)."""
    return {
        str(doc_id): str(row["incident"])
        for doc_id, row in gold.items()
        if row.get("incident") is not None
    }


def _incident_id(value: Any) -> str | None:
    """An incident reference as a string id: a string, a number, or ``{"id": ...}``."""
    if isinstance(value, Mapping):
        value = value.get("id", value.get("incident"))
    if value is None or isinstance(value, bool) or value == "":
        return None
    return str(value)


def predicted_clusters(predictions: Records) -> dict[str, str]:
    """Document id -> predicted incident id (the first of ``incidents``); no entry when none."""
    response: dict[str, str] = {}
    for doc_id, row in predictions.items():
        incidents = (row or {}).get("incidents") or []
        first = _incident_id(incidents[0]) if incidents else None
        if first is not None:
            response[str(doc_id)] = first
    return response


def _contingency(
    gold: Mapping[str, str], pred: Mapping[str, str]
) -> tuple[Counter[tuple[str, str]], Counter[str], Counter[str]]:
    """Cell sizes ``(gold cluster, predicted cluster)``, gold cluster sizes, and predicted
    cluster sizes counted over the predicted documents that have a gold line."""
    cells: Counter[tuple[str, str]] = Counter()
    for doc_id, cluster in pred.items():
        if doc_id in gold:
            cells[(gold[doc_id], cluster)] += 1
    pred_sizes: Counter[str] = Counter()
    for (_, cluster), n in cells.items():
        pred_sizes[cluster] += n
    return cells, Counter(gold.values()), pred_sizes


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """B-cubed P/R/F1 of ``pred`` against ``gold`` (both document id -> cluster id).

    Precision is averaged over the predicted documents that have a gold line, recall over all
    gold documents (0 for a missing one); see the module docstring. The counts of the
    returned ``PRF`` are zero, as for any macro-average.
    """
    cells, gold_sizes, pred_sizes = _contingency(gold, pred)
    n_pred, n_gold = sum(pred_sizes.values()), len(gold)
    # every document of a cell scores cell/|pred| in precision and cell/|gold| in recall
    precision_sum = sum(n * n / pred_sizes[p] for (_, p), n in cells.items())
    recall_sum = sum(n * n / gold_sizes[g] for (g, _), n in cells.items())
    precision = precision_sum / n_pred if n_pred else 0.0
    recall = recall_sum / n_gold if n_gold else 0.0
    return PRF(precision, recall, f1_of(precision, recall))


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """Pairwise P/R/F1: same-cluster pairs of documents (predicted documents without a gold
    line ignored); ``tp``/``n_pred``/``n_gold`` count pairs."""
    cells, gold_sizes, pred_sizes = _contingency(gold, pred)
    correct = sum(_pairs(n) for n in cells.values())
    predicted = sum(_pairs(n) for n in pred_sizes.values())
    return PRF.from_counts(correct, predicted, sum(_pairs(n) for n in gold_sizes.values()))


def count_value(value: Any) -> float | None:
    """A predicted count as one number: a bare number, else ``best``, else ``low`` when
    ``low == high``; ``None`` when there is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if not isinstance(value, Mapping):
        return None
    best, low, high = value.get("best"), value.get("low"), value.get("high")
    if isinstance(best, int | float) and not isinstance(best, bool):
        return best
    if isinstance(low, int | float) and not isinstance(low, bool) and low == high:
        return low
    return None


def majority_incident(
    doc_ids: Iterable[str], pred: Mapping[str, str], pred_sizes: Mapping[str, int]
) -> str | None:
    """The predicted incident holding most of ``doc_ids``: ties go to the smaller predicted
    incident, then the lowest id; ``None`` when none of them was predicted."""
    votes = Counter(pred[d] for d in doc_ids if d in pred)
    if not votes:
        return None
    return min(votes, key=lambda p: (-votes[p], pred_sizes.get(p, 0), p))


def count_hits(
    gold_doc: Mapping[str, str],
    pred_doc: Mapping[str, str],
    gold_incidents: Incidents,
    pred_incidents: Incidents,
    field: str,
) -> tuple[int, int]:
    """``(correct, cases)`` of the ``field`` count ("killed" or "injured"); see the module
    docstring for what a case is and when it is correct."""
    members: dict[str, list[str]] = {}
    for doc_id, incident in gold_doc.items():
        members.setdefault(incident, []).append(doc_id)
    _, _, pred_sizes = _contingency(gold_doc, pred_doc)
    correct = cases = 0
    for incident, doc_ids in members.items():
        truth = (gold_incidents.get(incident) or {}).get(field)
        if truth is None or isinstance(truth, bool):
            continue
        cases += 1
        chosen = majority_incident(doc_ids, pred_doc, pred_sizes)
        if chosen is None:
            continue
        guess = count_value((pred_incidents.get(chosen) or {}).get(field))
        correct += guess is not None and guess == truth
    return correct, cases


def count_accuracy(
    gold_doc: Mapping[str, str],
    pred_doc: Mapping[str, str],
    gold_incidents: Incidents,
    pred_incidents: Incidents,
    field: str,
) -> float:
    """Exact accuracy of the ``field`` count over the gold incidents that know it (0 when none)."""
    correct, cases = count_hits(gold_doc, pred_doc, gold_incidents, pred_incidents, field)
    return correct / cases if cases else 0.0


def read_incidents(path: Path) -> dict[str, dict[str, Any]]:
    """An incidents file (gold: ``incident`` key; predicted: ``id`` key) keyed by id."""
    incidents: dict[str, dict[str, Any]] = {}
    for row in read_jsonl(Path(path)):
        key = _incident_id(row.get("id", row.get("incident")))
        if key is not None:
            incidents[key] = row
    return incidents


def score_link(
    predictions: Records,
    gold: Records,
    docs: Records | None = None,
    *,
    gold_incidents: Incidents | None = None,
    pred_incidents: Incidents | None = None,
) -> TaskScore:
    """B-cubed (headline) and pairwise P/R/F1 of the grouping; with both incident files,
    killed/injured exact accuracy too (see the module docstring). ``docs`` is unused."""
    gold_doc = gold_clusters(gold)
    pred_doc = {d: i for d, i in predicted_clusters(predictions).items() if d in gold_doc}
    b3, pairs = bcubed(gold_doc, pred_doc), pairwise(gold_doc, pred_doc)
    metrics: dict[str, Any] = {"bcubed": b3, "pairwise": pairs}
    headline = {"bcubed_f1": b3.f1}
    if gold_incidents is not None and pred_incidents is not None:
        for field in COUNT_FIELDS:
            correct, cases = count_hits(gold_doc, pred_doc, gold_incidents, pred_incidents, field)
            accuracy = correct / cases if cases else 0.0
            metrics[f"{field}_accuracy"] = accuracy
            metrics[f"{field}_incidents"] = cases
            headline[f"{field}_accuracy"] = accuracy
    metrics.update(
        {
            "documents": len(gold_doc),
            "predicted_documents": len(pred_doc),
            "gold_incidents": len(set(gold_doc.values())),
            "predicted_incidents": len(set(pred_doc.values())),
        }
    )
    return TaskScore("link", metrics, headline)


def singletons(doc_ids: Iterable[str]) -> dict[str, str]:
    """The reference baseline that puts every document alone (its id is its cluster)."""
    return {str(d): str(d) for d in doc_ids}


def one_cluster(doc_ids: Iterable[str]) -> dict[str, str]:
    """The reference baseline that puts every document into one cluster."""
    return {str(d): ONE_CLUSTER for d in doc_ids}


def as_predictions(clusters: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Prediction rows ``{"id", "incidents": [cluster]}`` of a document -> cluster map."""
    return {d: {"id": d, "incidents": [c]} for d, c in clusters.items()}
