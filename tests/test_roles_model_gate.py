"""The role model's document gate, its dense part, and tuning with the gate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from harmledger.evaluate.roles import ROLES
from harmledger.extract.nlp import blank_doc
from harmledger.extract.roles_model.fit import Params, Settings
from harmledger.extract.roles_model.gate import (
    ALPHAS,
    fit_gate,
    gate_features,
    gate_probability,
    has_incident,
    logit_summary,
)
from harmledger.extract.roles_model.model import ModelFileError, RoleWeights, load_weights
from harmledger.extract.roles_model.net import DenseNet
from harmledger.extract.roles_model.tuning import Scorable, role_tally, tune

K = len(ROLES)


def test_gate_features_are_lemmas_and_bigrams() -> None:
    doc = blank_doc("Rebels burned buses")
    for token, pos in zip(doc, ("NOUN", "VERB", "NOUN"), strict=True):
        token.pos_, token.lemma_ = pos, token.text.lower().rstrip("s").replace("burned", "burn")
    feats = gate_features(doc)
    assert {"g:l=rebel", "g:l=burn", "g:b=rebel_burn", "g:b=burn_buse"} <= set(feats)
    assert gate_features(blank_doc("")) == ["g:doc"]  # never empty: a row for every document


def test_logit_summary_per_role() -> None:
    logits = np.array([[2.0, -1.0, 0.5, -3.0], [1.0, -2.0, 0.7, -4.0]], dtype=np.float32)
    summary = logit_summary(logits, K).reshape(K, 5)
    assert summary[0].tolist() == pytest.approx([2.0, np.log(3), 2.0, 1.0, 2.0])  # best repeated
    assert summary[1, 1] == 0.0  # no victim candidate over 0
    assert logit_summary(np.zeros((0, K)), K).shape == (5 * K,)


def test_gate_learns_which_documents_report_incidents() -> None:
    bags = [np.array([1, 3], np.int32), np.array([2, 3], np.int32)] * 20
    summaries = np.zeros((len(bags), 5 * K), dtype=np.float32)
    summaries[::2, 0] = 2.0  # the candidate model is confident in the incident documents
    labels = np.array([1.0, 0.0] * 20)
    gate = fit_gate(bags, summaries, labels, 16, Settings(epochs=150, lr=0.1))
    probs = gate_probability(gate, bags[:2], summaries[:2])
    assert probs[0] > 0.8 and probs[1] < 0.2
    assert has_incident({"victims": [{"x"}], "places": []}) == 1.0
    assert has_incident({r: [] for r in ROLES}) == 0.0


def test_dense_net_gradients_match_finite_differences() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 3)).astype(np.float32)
    net = DenseNet.init(x, 2, hidden=4, seed=2).astype(np.float64)
    net.lin, net.w2 = rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    z = net.standardised(x).astype(np.float64)
    resid = rng.normal(size=(6, 2))
    logits, hidden = net.forward(z)
    grads = net.backward(z, hidden, resid)
    for name in ("lin", "w1", "b1", "w2"):
        array = getattr(net, name)
        flat = array.reshape(-1)
        bumped = flat.copy()
        bumped[0] += 1e-6
        saved = flat.copy()
        flat[:] = bumped
        moved = (net.forward(z)[0] - logits) / 1e-6
        flat[:] = saved
        assert (moved * resid).sum() == pytest.approx(
            grads[name].reshape(-1)[0], rel=1e-3, abs=1e-6
        )


def _gated_model() -> RoleWeights:
    net = DenseNet.init(np.zeros((2, 5 * K), np.float32), 1, hidden=0)
    sparse = np.zeros((16, 1), np.float32)
    sparse[3, 0] = -3.0  # column 3 marks a document without an incident
    model = RoleWeights(np.zeros((16, K), np.float32), np.full(K, 0.5, np.float32), ("model",) * K)
    model.gate, model.alphas = Params(sparse, net), np.array([0.0, 1.0, 1.0, 2.0], np.float32)
    return model


def test_gate_scales_each_roles_probability(tmp_path: Path) -> None:
    model = _gated_model()
    rows, doc_row = [np.array([1], np.int32)], np.array([0], np.int32)
    plain = model.scores(rows, doc_row)
    gated = model.scores(rows, doc_row, np.array([3], np.int32))
    gate = 1.0 / (1.0 + np.exp(3.0))
    assert gated[0].tolist() == pytest.approx([0.5, 0.5 * gate, 0.5 * gate, 0.5 * gate**2])
    assert plain[0].tolist() == pytest.approx([0.5] * K)
    model.save(tmp_path / "gated.npz")
    loaded = load_weights(tmp_path / "gated.npz")
    assert loaded.gate is not None and loaded.alphas is not None
    again = loaded.scores(rows, doc_row, np.array([3], np.int32))
    assert again[0].tolist() == pytest.approx(gated[0].tolist(), rel=1e-3)


def test_inconsistent_gate_is_refused(tmp_path: Path) -> None:
    model = _gated_model()
    model.alphas = np.zeros(K + 1, np.float32)
    model.save(tmp_path / "bad.npz")
    with pytest.raises(ModelFileError, match="gate"):
        load_weights(tmp_path / "bad.npz")


class _Mention:
    def __init__(self, start: int, end: int) -> None:
        self.start_char, self.end_char = start, end


class _Cand:
    def __init__(self, norm: str, start: int) -> None:
        self.norm, self.mentions = norm, [_Mention(start, start + len(norm))]


def test_tuning_uses_the_gate_to_drop_documents_without_incidents() -> None:
    k = ROLES.index("victims")
    gold: dict[str, list[set[str]]] = {r: [] for r in ROLES}
    docs = []
    for i in range(4):  # two documents with the victim, two without an incident
        incident = i % 2 == 0
        probs = np.zeros((1, K), np.float32)
        probs[0, k] = 0.6
        doc_gold = dict(gold, victims=[{"farmers"}]) if incident else gold
        coded = frozenset(ROLES)
        scorable = Scorable(f"d{i}", "muc4", [_Cand("farmers", 0)], probs, [], doc_gold, coded)  # type: ignore[list-item]
        scorable.gate = 0.9 if incident else 0.1
        docs.append(scorable)
    assert role_tally(docs, "victims", 0.5, "model").tolist() == [2, 4, 2]
    assert role_tally(docs, "victims", 0.5, "model", 1.0).tolist() == [2, 2, 2]
    tuned = tune(docs, ALPHAS)
    assert tuned.f1["victims"] == 1.0 and tuned.alphas[k] > 0
