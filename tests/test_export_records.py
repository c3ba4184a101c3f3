"""export.records: the claims of a store with private names withheld, by position, once."""

from __future__ import annotations

from pathlib import Path

from harmledger.export.records import WITHHELD, public_claims, withhold_private
from harmledger.models import Actor, Attribution, Claim, Count, Extraction, Span
from harmledger.store.sqlite import SQLiteStore
from test_store_base import sample_document

TEXT = "Two men were killed in Kherson, residents said, and Halima Yakubu, 41, said she saw it."


def _sp(phrase: str) -> Span:
    start = TEXT.index(phrase)
    return Span.of(TEXT, start, start + len(phrase))


def _claim(source: str, source_type: str = "witness") -> Claim:
    return Claim(
        "killed",
        _sp(TEXT.rstrip(".")),
        _sp("killed"),
        Count(2, 2, 2, "exact", _sp("Two")),
        victims=(Actor(_sp("Two men"), civilian=True),),
        places=(_sp("Kherson"),),
        attribution=Attribution(_sp(source), source_type),  # type: ignore[arg-type]
    )


def test_a_source_naming_no_one_is_kept() -> None:
    text = "Two men were killed in Kherson, residents said."
    claim = Claim("killed", Span.of(text, 0, len(text)), Span.of(text, 13, 19),
                  Count(2, 2, 2, "exact"), victims=(Actor(Span.of(text, 0, 7)),),
                  attribution=Attribution(Span.of(text, 32, 41), "witness"))  # fmt: skip
    assert withhold_private(claim) == claim


def test_a_named_witness_is_withheld_and_positions_kept() -> None:
    hidden = withhold_private(_claim("Halima Yakubu, 41"))
    source = _sp("Halima Yakubu, 41")
    assert hidden.attribution is not None
    assert hidden.attribution.source == Span(source.start, source.end, f"{WITHHELD}, 41")
    assert hidden.span.text == (
        f"Two men were killed in Kherson, residents said, and {WITHHELD}, 41, said she saw it"
    )
    assert hidden.places == (_sp("Kherson"),)


def test_public_claims_withhold_unless_include_names(tmp_path: Path) -> None:
    doc = sample_document(TEXT)
    with SQLiteStore(tmp_path / "r.db") as store:
        claim = _claim("Halima Yakubu, 41", "unknown")
        store.save(doc, Extraction(doc.id, (claim,)), produced_by="t")
        [(_, hidden)] = public_claims(store, include_names=False)
        [(_, shown)] = public_claims(store, include_names=True)
    assert "Yakubu" not in repr(hidden) and WITHHELD in hidden.span.text
    assert "Halima Yakubu" in shown.span.text
