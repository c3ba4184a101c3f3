"""Incidents inside incidents: a claim about part of a larger toll becomes a child incident.

A specific incident (the witness's three relatives killed in Baniyas) is a child of an
aggregate incident (532 killed in the coastal region) when

- the aggregate incident is told of in the same document, or lies in the same first-order
  division or within ``NEAR_KM`` of it;
- their dates overlap (or one of them is undated);
- for every kind of harm both give a number for, the child's figure is not larger than the
  parent's, and they share at least one such kind.

Of several possible parents the one with the smallest toll (the most specific) is chosen.
A child's deaths are part of its parent's and are never added to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from harmledger.models import Incident
from harmledger.resolve.distance import great_circle_km

NEAR_KM = 100.0


def _km(a: Incident, b: Incident) -> float | None:
    pa, pb = a.place, b.place
    if pa is None or pb is None or pa.lat is None or pb.lat is None:
        return None
    return great_circle_km(pa.lat, pa.lon or 0.0, pb.lat, pb.lon or 0.0)


def _near(child: Incident, parent: Incident) -> bool:
    if set(child.documents) & set(parent.documents):
        return True
    pc, pp = child.place, parent.place
    if pc is None or pp is None or pc.country != pp.country:
        return False
    if pc.admin1 and pc.admin1 == pp.admin1:
        return True
    km = _km(child, parent)
    return km is not None and km <= NEAR_KM


def _dates_overlap(a: Incident, b: Incident) -> bool:
    if a.date is None or b.date is None or not (a.date.start and b.date.start):
        return True
    return a.date.start <= (b.date.end or b.date.start) and b.date.start <= (
        a.date.end or a.date.start
    )


def _smaller(child: Incident, parent: Incident) -> int | None:
    """The parent's smallest shared toll when the child fits inside it, else None."""
    shared = []
    for e in child.estimates:
        p = parent.estimate(e.kind)
        if p is None or e.best is None or p.best is None:
            continue
        if e.best > p.best or (e.best == p.best and e.kind == "killed"):
            return None
        shared.append(p.best)
    return min(shared) if shared else None


def is_child(child: Incident, parent: Incident) -> int | None:
    """The parent's toll when ``child`` sits inside ``parent``, else None."""
    if child.id == parent.id or not _dates_overlap(child, parent) or not _near(child, parent):
        return None
    return _smaller(child, parent)


def parents(incidents: Iterable[Incident]) -> dict[str, str]:
    """Child id -> parent id for every specific incident that sits inside an aggregate one."""
    pool = list(incidents)
    wholes = [i for i in pool if i.aggregate]
    by_doc: dict[str, list[Incident]] = defaultdict(list)
    by_region: dict[tuple[str | None, str | None], list[Incident]] = defaultdict(list)
    for whole in wholes:
        for d in whole.documents:
            by_doc[d].append(whole)
        if whole.place is not None:
            by_region[(whole.place.country, whole.place.admin1)].append(whole)
    found: dict[str, str] = {}
    for part in pool:
        if part.aggregate:
            continue
        options = {w.id: w for d in part.documents for w in by_doc.get(d, ())}
        if part.place is not None:
            for (country, _admin1), near in by_region.items():
                if country == part.place.country:
                    options.update({w.id: w for w in near})
        best = _most_specific(part, options)
        if best is not None:
            found[part.id] = best
    return found


def _most_specific(part: Incident, options: Mapping[str, Incident]) -> str | None:
    scored = [(toll, pid) for pid, w in options.items() if (toll := is_child(part, w)) is not None]
    return min(scored)[1] if scored else None
