"""An attack's toll when its report gives only the toll of the series it belongs to.

"This was one of three related attacks in the district on this day. Seven police officers
were killed across the attacks." No figure says how many died in this attack: anything from
none to all seven. The claim is a background total (``extract/series.py``), never the
incident's own toll; but the incident's toll is not "none reported" either. Its estimate
says what is known and how the best figure is reached:

- ``low`` 0 and ``high`` the series' total (open when the total is "at least");
- ``best`` the even share, the total divided by the number of attacks, rounded down: the
  rule ACLED, UCDP and GTD coders follow for fatalities reported over several events
  (ACLED's codebook: such totals are divided evenly among the events); no best figure
  when the text does not say how many attacks there were;
- ``conservative`` the same even share (ACLED's own figure for such an event);
- ``method`` "share of a series total", and a note with the series' figure.

It applies only when no claim of the incident gives that kind of harm a figure of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from harmledger.link.member import Member
from harmledger.models import Claim, ClaimRef, Estimate

METHOD = "share of a series total"


def series_estimate(kind: str, members: Sequence[Member]) -> Estimate | None:
    """The estimate of ``kind`` from the largest series total the incident's reports give, or
    None when they give none of that kind."""
    found = [
        (ref, claim)
        for m in members
        for ref, claim in m.series
        if claim.kind == kind and claim.count.low is not None
    ]
    if not found:
        return None
    ref, claim = max(found, key=lambda rc: (rc[1].count.low or 0, rc[0]))
    total = claim.count.low or 0
    events = claim.series_events or 0
    share = total // events if events >= 2 else None
    return Estimate(
        kind=kind,  # type: ignore[arg-type]
        low=0,
        best=share,
        high=claim.count.high,  # open when the total is "at least"
        conservative=share,
        method=METHOD,
        note=_note(kind, claim, events, share),
        claims=(ref,),
    )


def _note(kind: str, claim: Claim, events: int, share: int | None) -> str:
    said = claim.count.span.text if claim.count.span is not None else str(claim.count.low)
    if share is None:
        return (
            f"{said} {kind} across a series of related attacks; this attack's share is not stated"
        )
    return (
        f"{said} {kind} across {events} related attacks; this attack's share is not stated:"
        f" even share {share}"
    )


def series_claims(claims: Sequence[Claim], document_id: str) -> tuple[tuple[ClaimRef, Claim], ...]:
    """The series totals of one document's claims, with where each is stored."""
    return tuple(
        (ClaimRef(document_id, i), c) for i, c in enumerate(claims) if c.series_events is not None
    )
