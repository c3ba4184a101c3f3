"""The role model's fillers in the prediction format (export/eval_roles.py)."""

from __future__ import annotations

from typing import Any

from harmledger.export.eval_roles import with_model_roles
from harmledger.models import Extraction, RoleFiller, Span

TEXT = "Rebels burned a bus in Kabala. Later gunmen shot two traders near Moroto market."
MODEL = "harmledger.roles.logreg.v1"


def _span(words: str) -> Span:
    start = TEXT.index(words)
    return Span.of(TEXT, start, start + len(words))


def _claim(words: str, **roles: list[str]) -> dict[str, Any]:
    span = _span(words)
    claim: dict[str, Any] = {"kind": "killed", "span": [span.start, span.end]}
    for role in ("perpetrators", "victims", "targets", "places"):
        claim[role] = [_span(w).as_dict() for w in roles.get(role, [])]
    return claim


def _filler(role: str, words: str) -> RoleFiller:
    return RoleFiller(role, _span(words), 0.9, MODEL)


def test_modelled_roles_replace_the_rules_and_go_to_the_nearest_claim() -> None:
    claims = [
        _claim("Rebels burned a bus", perpetrators=["Rebels"], places=["Kabala"]),
        _claim("gunmen shot two traders", perpetrators=["gunmen"]),
    ]
    extraction = Extraction(
        "d",
        roles=(_filler("perpetrators", "gunmen"), _filler("places", "Moroto")),
        modelled_roles=("perpetrators",),
    )
    out = with_model_roles(claims, extraction)
    assert out[0]["perpetrators"] == []  # the rules' filler of a modelled role is gone
    assert out[1]["perpetrators"] == [_span("gunmen").as_dict()]
    assert out[0]["places"] == [_span("Kabala").as_dict()]  # places are left to the rules
    assert claims[0]["perpetrators"], "the input claims are not changed"


def test_no_modelled_roles_leaves_claims_alone() -> None:
    claims = [_claim("Rebels burned a bus", perpetrators=["Rebels"])]
    assert with_model_roles(claims, Extraction("d")) is claims


def test_fillers_without_a_claim_get_one_claim_of_their_own() -> None:
    extraction = Extraction(
        "d",
        roles=(_filler("victims", "two traders"), _filler("places", "Moroto")),
        modelled_roles=("victims", "places"),
    )
    [claim] = with_model_roles([], extraction)
    assert claim["kind"] == "attacked" and claim["low"] is None and claim["high"] is None
    assert claim["victims"] == [_span("two traders").as_dict()]
    assert claim["extractor"] == MODEL
    start, end = claim["span"]
    assert TEXT[start:end].startswith("two traders") and TEXT[start:end].endswith("Moroto")
