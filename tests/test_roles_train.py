"""``train_roles`` end to end on a tiny invented data set, and the ``train roles`` command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from harmledger.cli_train import app
from harmledger.evaluate.roles import ROLES
from harmledger.extract.roles_model.corpus import load_corpus
from harmledger.extract.roles_model.gate import ALPHAS
from harmledger.extract.roles_model.model import MODES, load_weights
from harmledger.extract.roles_model.predict import score_document
from harmledger.extract.roles_model.train import heldout_key, train_roles

DOERS = ["Rebels", "Bandits", "Militiamen", "Gunmen", "Raiders", "Insurgents"]
VICTIMS = ["farmers", "teachers", "nurses", "traders", "students", "drivers"]
TOWNS = ["Kabala", "Moroto", "Tessalit", "Ansongo", "Gulu", "Kidal"]


def _write_set(folder: Path, n: int = 12) -> None:
    folder.mkdir()
    docs, gold = [], []
    for i in range(n):
        doer, victim, town = DOERS[i % 6], VICTIMS[(i + 1) % 6], TOWNS[(i + 2) % 6]
        text = f"{doer} killed two {victim} in {town} on Monday. The weather was mild."
        doc_id = f"DEV-{i:04d}"
        docs.append({"id": doc_id, "text": text, "corpus": "muc4"})
        incident = {
            "perpetrators": [[doer]],
            "victims": [[f"two {victim}"]],
            "targets": [],
            "places": [[town]],
            "killed": {"low": 2, "high": 2},
            "injured": None,
        }
        gold.append({"id": doc_id, "corpus": "muc4", "incidents": [incident]})
    for name, rows in (("docs.jsonl", docs), ("gold.jsonl", gold)):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_train_roles_on_a_tiny_set(tmp_path: Path) -> None:
    _write_set(tmp_path / "tiny")
    out = tmp_path / "model.npz"
    report = train_roles([tmp_path / "tiny"], out, folds=2, epochs=60, hash_bits=12, progress=False)
    assert report.n_train == 12 and report.n_heldout == {}
    assert set(report.modes.values()) <= set(MODES)
    weights = load_weights(out)
    assert weights.hash_size == 1 << 12
    assert weights.gate is not None and weights.alphas is not None  # the document gate
    assert set(report.alphas) == set(ROLES) and set(report.alphas.values()) <= set(ALPHAS)
    examples = load_corpus(tmp_path / "tiny")
    example = examples[0]
    scored = score_document(weights, example.doc, example.rules, example.places)
    probs = {c.norm: scored.probs[i] for i, c in enumerate(scored.cands)}
    perp = ROLES.index("perpetrators")
    assert probs["rebels"][perp] > probs["two teachers"][perp]
    assert probs["rebels"][perp] > probs["weather"][perp]


def test_heldout_split() -> None:
    from harmledger.extract.roles_model.corpus import Example

    def ex(doc_id: str, corpus: str) -> Example:
        return Example(doc_id, corpus, None, None, [], [], [])  # type: ignore[arg-type]

    assert heldout_key(ex("TST1-MUC3-0001", "muc4"), 0, 10) == "muc4-tst"
    assert heldout_key(ex("DEV-MUC3-0001", "muc4"), 0, 10) is None
    assert heldout_key(ex("gtd-1", "gtd"), 1199, 1500) is None
    assert heldout_key(ex("gtd-2", "gtd"), 1200, 1500) == "gtd-last"


def test_train_command(tmp_path: Path) -> None:
    _write_set(tmp_path / "tiny")
    out = tmp_path / "m.npz"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "roles",
            str(tmp_path / "tiny"),
            "--out",
            str(out),
            "--folds",
            "2",
            "--epochs",
            "20",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["n_train"] == 12 and report["out"] == str(out)
    assert np.isfinite(load_weights(out).weights).all()
    missing = runner.invoke(app, ["roles", str(tmp_path / "nowhere"), "--out", str(out)])
    assert missing.exit_code == 1 and "not found" in missing.output
