"""Fit the linker's comparison weights on the dev part of the link data (never on sealed data).

    harmledger --db link-dev.db ingest ../shared/eval/dev/link/docs.jsonl
    python scripts/fit_link_weights.py link-dev.db ../shared/eval/dev/link \
        --also conflict-dev.db ../shared/eval/dev/conflict-link

Every candidate pair of claims of two documents that blocking finds is a training example:
positive when the two documents are filed under one gold incident. The model is an
L2-regularised logistic regression over the link model's levels (Newton steps, numpy only).
The script rewrites the whole model file, ``src/harmledger/link/model.json``: the new weights,
notes of the data they were fitted on, and a new version (the model's name plus a hash of its
content: a refit that changes a weight gets a new version, the same fit the same one). The
levels, cut-offs and blocking parameters are kept as the file has them (edit them there, then
refit); ``--out`` writes elsewhere (a trial model for ``$HARMLEDGER_LINK_MODEL``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

from harmledger.errors import HarmledgerError
from harmledger.ingest.files import record_document
from harmledger.link.blocking import candidate_pairs
from harmledger.link.compare import pair_features
from harmledger.link.features import features
from harmledger.link.model import LinkModel, dump_model, load_model, with_weights
from harmledger.link.table import LinkTable
from harmledger.store.sqlite import SQLiteStore

OUT = Path(__file__).parents[1] / "src" / "harmledger" / "link" / "model.json"


def gold_by_document(data: Path) -> dict[str, str]:
    """Document id (content hash of the stored body) -> gold incident."""
    incident = {}
    for line in (data / "gold.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        incident[row["id"]] = row["incident"]
    out = {}
    for line in (data / "docs.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        try:  # the stored document's id: the hash of its body as ingest stores it
            raw = record_document(row, "fit", "fit")
        except HarmledgerError:
            continue
        out[raw.content_hash] = incident[row["id"]]
    return out


def table_of(db: Path) -> LinkTable:
    docs, claims = [], []
    with SQLiteStore(db) as store:
        for document in store.documents():
            doc, found = features(document, store.extraction(document.id))
            docs.append(doc)
            claims.extend((len(claims), c) for c in found)
    return LinkTable.from_features(docs, claims)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    l2: float = 1.0,
    steps: int = 25,
    weight: np.ndarray | None = None,
    offset: np.ndarray | None = None,
) -> np.ndarray:
    """Logistic regression by Newton's method (no penalty on the bias, column 0); ``weight``
    is each example's weight (1 when not given), ``offset`` a fixed part of each log-odds
    (the other features' shipped weights when only some are fitted)."""
    w = np.zeros(x.shape[1])
    s = np.ones(len(y)) if weight is None else weight
    base = np.zeros(len(y)) if offset is None else offset
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + base)))
        grad = x.T @ (s * (p - y)) + penalty * w
        hess = (x * (s * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        w -= np.linalg.solve(hess, grad)
    return w


def fit_some(
    x: np.ndarray, y: np.ndarray, args: argparse.Namespace, weight: np.ndarray, model: LinkModel
) -> np.ndarray:
    """Fit the bias and the ``--only`` features; every other keeps its shipped weight."""
    features, held = model.features, model.fixed_weights()
    names = ["bias", *(n.strip() for n in args.only.split(",") if n.strip() != "bias")]
    unknown = [n for n in names if n not in features or n in held]
    if unknown:
        sys.exit(f"unknown features: {', '.join(unknown)}")
    cols = [features.index(n) for n in names]
    w = np.asarray([model.bias, *(lv.weight for lv in model.levels)])
    fixed = np.ones(len(features), dtype=bool)
    fixed[cols] = False
    part = fit(x[:, cols], y, args.l2, weight=weight, offset=x[:, fixed] @ w[fixed])
    w[cols] = part
    return w


def examples(
    db: Path, data: Path, model: LinkModel, power: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The comparison levels, labels and weights of every candidate pair of one ledger's
    documents (``pair_weights``)."""
    gold = gold_by_document(data)
    t = table_of(db)
    i, j = candidate_pairs(t)
    cross = t.doc[i] != t.doc[j]  # claims of one document are linked by segment, not scored
    i, j = i[cross], j[cross]
    incident = np.asarray([gold.get(d, "") for d in t.doc_ids], dtype=object)
    di, dj = incident[t.doc[i]], incident[t.doc[j]]
    y = ((di == dj) & (di != "")).astype(np.float64)
    return pair_features(t, i, j, model).astype(np.float64), y, pair_weights(di, y, power)


def pair_weights(incident: np.ndarray, y: np.ndarray, power: float) -> np.ndarray:
    """Each positive pair weighs ``n ** -power``, ``n`` its incident's positive pairs, scaled
    so that the positives keep their total weight; negatives weigh 1. A story a hundred
    outlets covered gives thousands of pairs: with ``power`` 0 it outweighs every small
    incident, with 0.5 it counts as the square root of its pairs."""
    weight = np.ones(len(y))
    positive = y > 0
    if power == 0 or not positive.any():
        return weight
    _names, inverse, sizes = np.unique(
        incident[positive].astype(str), return_inverse=True, return_counts=True
    )
    weight[positive] = sizes[inverse].astype(np.float64) ** -power
    weight[positive] *= positive.sum() / weight[positive].sum()
    return weight


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a ledger of the dev link documents")
    parser.add_argument("data", type=Path, help="../shared/eval/dev/link")
    parser.add_argument("--l2", type=float, default=100.0)
    parser.add_argument(
        "--also", nargs=2, action="append", default=[], metavar=("DB", "DATA"),
        help="another ledger and its dev folder, fitted together (its own candidate pairs)",
    )  # fmt: skip
    parser.add_argument(
        "--also-weight", type=float, default=1.0,
        help="weight of each --also example against the first set's (default 1)",
    )  # fmt: skip
    parser.add_argument(
        "--positive-power", type=float, default=0.0,
        help="weigh each positive pair by its incident's positive pairs to this power, "
        "negated (0: every pair alike; 0.5: a big story counts as the root of its pairs)",
    )  # fmt: skip
    parser.add_argument(
        "--only", help="comma-separated features to fit (with the bias); the others keep "
        "the weights model.json ships",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=Path, default=OUT, help="where to write the model (default: the shipped file)"
    )
    args = parser.parse_args()
    sets = [(args.db, args.data), *((Path(d), Path(g)) for d, g in args.also)]
    if any("sealed" in data.parts for _db, data in sets):
        sys.exit("fit on dev data only")
    model = load_model(OUT)
    parts = [examples(db, data, model, args.positive_power) for db, data in sets]
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    weight = np.concatenate(
        [p[2] * (1.0 if k == 0 else args.also_weight) for k, p in enumerate(parts)]
    )
    w = fit_some(x, y, args, weight, model) if args.only else fit_all(x, y, args, weight, model)
    args.data = " + ".join(str(data) for _db, data in sets)
    fit_notes = {
        "fitted_on": f"{args.data} ({len(y)} candidate pairs, {int(y.sum())} positive)",
        "fitted_at": date.today().isoformat(),
        "l2": args.l2,
        "also_weight": args.also_weight if args.also else None,
        "positive_power": args.positive_power,
        "only": args.only,
    }
    fitted = {name: round(float(v), 4) for name, v in zip(model.features, w, strict=True)}
    new = with_weights(model, fitted, fit_notes)
    args.out.write_text(dump_model(new), encoding="utf-8")
    same = "the same version" if new.version == model.version else f"was {model.version}"
    print(f"{len(y)} pairs ({int(y.sum())} positive) -> {args.out}: {new.version} ({same})")
    return 0


def fit_all(
    x: np.ndarray, y: np.ndarray, args: argparse.Namespace, weight: np.ndarray, model: LinkModel
) -> np.ndarray:
    """Fit every weight but the fixed ones."""
    held = model.fixed_weights()
    free = [k for k, f in enumerate(model.features) if f not in held]
    fixed = np.asarray([held.get(f, 0.0) for f in model.features])
    w = fixed.copy()
    w[free] = fit(x[:, free], y, args.l2, weight=weight, offset=x @ fixed)
    return w


if __name__ == "__main__":
    raise SystemExit(main())
