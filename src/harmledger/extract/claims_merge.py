"""Merging two claims of one harm: ``merge_into(base, extra)`` keeps ``base``'s count (or
``extra``'s when ``base`` states none) and adds ``extra``'s victims, targets, perpetrators,
places, date and source that ``base`` lacks."""

from __future__ import annotations

from dataclasses import replace

from harmledger.models import Actor, Claim, Span


def _key(item: Actor | Span) -> str:
    span = item.span if isinstance(item, Actor) else item
    return span.text.lower()


def _union(a: tuple, b: tuple) -> tuple:  # type: ignore[type-arg]
    seen = {_key(x) for x in a}
    return a + tuple(x for x in b if _key(x) not in seen)


def merge_into(base: Claim, extra: Claim) -> Claim:
    """``base`` with ``extra``'s places, victims, perpetrators, date and source added."""
    keep_extra_count = base.count.low is None and extra.count.low is not None
    return replace(
        base,
        count=extra.count if keep_extra_count else base.count,
        excluding_attackers=(
            extra.excluding_attackers if keep_extra_count else base.excluding_attackers
        ),
        victims=_union(base.victims, extra.victims),
        targets=_union(base.targets, extra.targets),
        perpetrators=_union(base.perpetrators, extra.perpetrators),
        places=_union(base.places, extra.places),
        date=base.date or extra.date,
        attribution=base.attribution or extra.attribution,
        is_aggregate=base.is_aggregate or extra.is_aggregate,
    )
