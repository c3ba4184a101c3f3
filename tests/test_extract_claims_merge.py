"""Merging two claims of one harm: the base keeps its count, the extra adds its details."""

from __future__ import annotations

from harmledger.extract.claims_merge import merge_into
from harmledger.models import Actor, Claim, Count, Span

_TEXT = "Gunmen killed two farmers in Zarvan; the farmers were buried in Kelvaria."


def _span(word: str) -> Span:
    start = _TEXT.index(word)
    return Span.of(_TEXT, start, start + len(word))


def _claim(count: Count, victim: str, place: str) -> Claim:
    return Claim(
        kind="killed",
        span=_span(_TEXT.split(";")[0]),
        trigger=_span("killed"),
        count=count,
        victims=(Actor(_span(victim)),),
        places=(_span(place),),
        extractor="test.v1",
    )


def test_base_count_kept_and_details_added_once() -> None:
    two = Count(2, 2, 2, "exact", _span("two"))
    base = _claim(two, "farmers", "Zarvan")
    extra = _claim(Count(None, None, None, "unknown"), "farmers", "Kelvaria")
    merged = merge_into(base, extra)
    assert merged.count == two
    assert [v.span.text for v in merged.victims] == ["farmers"]
    assert [p.text for p in merged.places] == ["Zarvan", "Kelvaria"]


def test_a_base_without_a_figure_takes_the_extra_count() -> None:
    base = _claim(Count(None, None, None, "unknown"), "farmers", "Zarvan")
    two = Count(2, 2, 2, "exact", _span("two"))
    assert merge_into(base, _claim(two, "farmers", "Zarvan")).count == two
