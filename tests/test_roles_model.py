"""The trained role model: candidates and features on invented sentences, fitting, the shipped
model file, and loading a corrupt one."""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import numpy as np
import pytest

from harmledger.clean.pipeline import clean
from harmledger.errors import HarmledgerError
from harmledger.evaluate.roles import ROLES
from harmledger.extract.builtin import builtin_components
from harmledger.extract.nlp import parse
from harmledger.extract.roles_model.candidates import RuleFiller, candidates
from harmledger.extract.roles_model.features import (
    candidate_features,
    doc_context,
    document_features,
    hashed,
    hashed_rows,
    mention_features,
    with_siblings,
)
from harmledger.extract.roles_model.fit import Design, Rows, Settings, fit, predict
from harmledger.extract.roles_model.labels import gold_by_role, label_row, mask_row
from harmledger.extract.roles_model.model import (
    DEFAULT_PATH,
    MODEL_NAME,
    ModelFileError,
    RoleWeights,
    load_weights,
)
from harmledger.extract.roles_model.predict import RoleModel, Scored, choose
from harmledger.extract.rules import EXTRACTOR_NAME, RuleExtractor
from harmledger.models import Document, RawDocument, Span

SENTENCE = "Rebels killed three farmers in the village of Kabala on Monday, the police said."


def _document(text: str) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return clean(RawDocument("invented.txt", text, "text", content_hash=digest))


def _cands(text: str, rules: list[RuleFiller] | None = None):  # type: ignore[no-untyped-def]
    document = _document(text)
    doc = parse(document)
    return doc, candidates(doc, rules or [], [])


def test_candidates_pool_mentions_by_normalised_text() -> None:
    _doc, cands = _cands("The rebels attacked the bus. Later the Rebels burned a truck.")
    by_norm = {c.norm: c for c in cands}
    assert "rebels" in by_norm
    assert len(by_norm["rebels"].mentions) == 2  # "The rebels" and "the Rebels": one text
    assert {"bus", "truck"} <= set(by_norm)
    assert all(not c.norm.startswith("the ") for c in cands)


def test_candidates_keep_the_rules_roles() -> None:
    text = SENTENCE
    start = text.index("three farmers")
    rules = [RuleFiller("victims", Span.of(text, start, start + len("three farmers")))]
    _doc, cands = _cands(text, rules)
    farmers = next(c for c in cands if c.norm == "three farmers")
    assert farmers.rule_roles == {"victims"}
    assert next(c for c in cands if c.norm == "rebels").rule_roles == set()


def test_features_of_invented_sentence() -> None:
    doc, cands = _cands(SENTENCE)
    ctx = doc_context(doc, [])
    feats = {c.norm: set(candidate_features(c, ctx)) for c in cands}
    rebels, farmers = feats["rebels"], feats["three farmers"]
    assert "m:gvdep=nsubj|kill" in rebels and "m:gvharm=True" in rebels
    assert "m:gvdep=dobj|kill" in farmers and "m:hl=farmer" in farmers
    assert "m:prep=of" in feats["kabala"] or "m:prep=in" in feats["kabala"]
    assert "c:rule=-" in rebels  # no rule gave it a role
    assert {"bias", "d:harm=1"} <= set(document_features(doc, ctx))


def test_siblings_share_relational_features() -> None:
    doc, cands = _cands("Urban guerrillas dynamited the house. The guerrillas escaped at night.")
    ctx = doc_context(doc, [])
    feats = with_siblings(cands, [candidate_features(c, ctx) for c in cands])
    by_norm = {c.norm: set(f) for c, f in zip(cands, feats, strict=True)}
    assert "s|m:gvdep=nsubj|dynamite" in by_norm["guerrillas"]  # from "urban guerrillas"
    assert "s|m:gvdep=nsubj|escape" in by_norm["urban guerrillas"]
    assert not any(f.startswith("s|") for f in by_norm["house"])  # no sibling


def test_hashed_is_stable_and_in_range() -> None:
    cols = hashed(["a", "b", "a", "c"], 64)
    assert cols.dtype == np.int32 and len(cols) == len(set(cols.tolist())) <= 3
    assert ((cols >= 0) & (cols < 64)).all()
    assert hashed(["m:hl=rebel"], 1 << 18).tolist() == hashed(["m:hl=rebel"], 1 << 18).tolist()


def test_hashed_rows_gives_each_row_its_own_sorted_distinct_columns() -> None:
    rows = [["a", "b", "a"], [], ["c"], ["b", "zz", "c", "b"]]
    got = hashed_rows(rows, 7)
    assert len(got) == len(rows) and got[1].tolist() == []
    for row, cols in zip(rows, got, strict=True):
        expected = sorted({zlib.crc32(s.encode("utf-8")) % 7 for s in row})
        assert cols.dtype == np.int32 and cols.tolist() == expected
    assert hashed(["b", "zz", "c", "b"], 7).tolist() == got[3].tolist()


def test_mentions_of_one_head_share_its_head_features_but_keep_their_own_words() -> None:
    doc = parse(_document("The urban guerrillas attacked a police post near the bridge."))
    ctx = doc_context(doc, [])
    chunk, name = doc[0:3], doc[1:3]  # "the urban guerrillas", "urban guerrillas"
    with_article = mention_features(chunk, chunk.root, ctx)
    without = mention_features(name, name.root, ctx)
    assert "m:fw=the" in with_article and "m:fw=urban" in without
    assert "m:gvdep=nsubj|attack" in with_article and "m:gvdep=nsubj|attack" in without


def test_labels_match_like_the_scorer() -> None:
    gold = gold_by_role([{"perpetrators": [["FMLN", "Farabundo Marti front"]], "places": []}])
    assert label_row("fmln", gold)[ROLES.index("perpetrators")] == 1.0
    assert label_row("urban front", gold)[ROLES.index("perpetrators")] == 1.0  # head "front"
    assert label_row("army", gold).sum() == 0.0
    assert mask_row("gtd")[ROLES.index("victims")] == 0.0
    assert mask_row("muc4").sum() == len(ROLES)


def _design(rows: list[list[int]]) -> Design:
    arrays = [np.array(r, dtype=np.int32) for r in rows]
    docs = Rows.of([np.array([0], dtype=np.int32)])
    return Design(Rows.of(arrays), docs, np.zeros(len(rows), dtype=np.int64))


def test_fit_learns_a_separable_rule() -> None:
    # column 1 marks perpetrators, column 2 victims, column 3 neither; column 0 is the bias
    rows = [[0, 1], [0, 2], [0, 3], [0, 1, 5], [0, 2, 6], [0, 3, 7]] * 5
    labels = np.zeros((len(rows), len(ROLES)), dtype=np.float32)
    for i, row in enumerate(rows):
        if 1 in row:
            labels[i, 0] = 1.0
        if 2 in row:
            labels[i, 1] = 1.0
    design = _design(rows)
    weights = fit(design, labels, np.ones_like(labels), 16, settings=Settings(epochs=200, lr=0.1))
    probs = predict(_design([[0, 1], [0, 2], [0, 3]]), weights)
    assert probs[0, 0] > 0.8 and probs[1, 0] < 0.2 and probs[2, 0] < 0.2
    assert probs[1, 1] > 0.8 and probs[0, 1] < 0.2


def test_shipped_model_loads() -> None:
    weights = load_weights(DEFAULT_PATH)
    assert weights.name == MODEL_NAME
    assert weights.roles == ROLES
    assert weights.weights.shape == (1 << int(weights.meta["hash_bits"]), len(ROLES))
    assert "heldout" in weights.meta["report"]


def test_shipped_model_predicts_exact_spans() -> None:
    # an invented report in the manner of the training data (a one-line item gets no fillers:
    # short texts were rare and mostly irrelevant in MUC-4, docs/ROLE_MODEL.md)
    text = (
        "San Rafael, 4 May 90 -- Police sources have reported that urban guerrillas of the "
        "Popular Front dynamited the house of Judge Mario Quintana in the town of San Rafael "
        "last night. The judge and his driver were killed in the attack. According to the "
        "police, the terrorists escaped toward the hills after the bombing. The army has "
        "launched an operation to capture the members of the Popular Front."
    )
    document = _document(text)
    extraction = RuleExtractor().extract(document)
    assert extraction.roles, "the model finds fillers in a plain report of an attack"
    assert set(extraction.modelled_roles) <= set(ROLES)
    for filler in extraction.roles:
        assert filler.span.text == text[filler.span.start : filler.span.end]
        assert filler.role in extraction.modelled_roles and filler.model == MODEL_NAME
        assert 0.0 <= filler.score <= 1.0
    found = {(f.role, f.span.text) for f in extraction.roles}
    assert any(r == "perpetrators" and "guerrillas" in t for r, t in found)
    assert ("victims", "his driver") in found


def test_rules_only_extractor_has_no_model_roles() -> None:
    rules = builtin_components(without=("harmledger.roles_model.v1",), extractor=EXTRACTOR_NAME)
    extraction = RuleExtractor(components=rules).extract(_document(SENTENCE))
    assert extraction.roles == () and extraction.modelled_roles == ()


def test_choose_keeps_one_filler_per_entity() -> None:
    _doc, cands = _cands("Rebels shot Mayor Juan Perez. Perez and the rebels fled.")
    probs = np.zeros((len(cands), len(ROLES)), dtype=np.float32)
    for i, c in enumerate(cands):
        if c.norm in ("mayor juan perez", "perez"):
            probs[i, ROLES.index("victims")] = 0.9 if c.norm == "perez" else 0.8
    picks = choose(Scored(cands, probs), [], "victims", 0.5, "model")
    assert [p.norm for p in picks] == ["perez"]  # same head word: one filler
    union = choose(Scored(cands, probs), [], "victims", 0.95, "union")
    assert union == []


def _save(tmp_path: Path, **arrays: np.ndarray) -> Path:
    path = tmp_path / "model.npz"
    with path.open("wb") as fh:
        np.savez(fh, **arrays)  # type: ignore[arg-type]
    return path


def test_corrupt_model_file_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelFileError, match="cannot be read"):
        load_weights(garbage)
    with pytest.raises(HarmledgerError):
        load_weights(tmp_path / "missing.npz")
    lacking = _save(tmp_path, weights=np.zeros((8, 4), dtype=np.float16))
    with pytest.raises(ModelFileError, match="lacks"):
        load_weights(lacking)


def test_inconsistent_model_file_is_refused(tmp_path: Path) -> None:
    good = RoleWeights(
        np.zeros((8, 4), dtype=np.float32), np.full(4, 0.5, dtype=np.float32), ("model",) * 4
    )
    good.save(tmp_path / "ok.npz")
    assert load_weights(tmp_path / "ok.npz").modes == ("model",) * 4
    bad = _save(
        tmp_path,
        weights=np.zeros((8, 3), dtype=np.float16),
        thresholds=np.zeros(4, dtype=np.float32),
        modes=np.array(["model"] * 4),
        roles=np.array(ROLES),
        name=np.array(MODEL_NAME),
        meta=np.array("{}"),
    )
    with pytest.raises(ModelFileError, match="inconsistent"):
        load_weights(bad)
    with pytest.raises(ModelFileError):
        RoleModel(bad).modelled_roles()
