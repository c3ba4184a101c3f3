"""One incident from its claims: counts, date, place, sources and a grade, each explained.

``reconcile(incident_id, members)`` is a pure function of the claims (with the context each
needs: its document's date, title and URL, its geocoded place and its story, i.e. the group of
near-duplicate documents it belongs to). The rules:

Counts, per kind of harm:
  1. a document's figure is its most inclusive body claim (the largest; headline figures,
     often rounded, only when the body states none); for injuries, a figure of people *hit*
     ("four people were shot", "died of his injuries") counts the dead too, so the
     document's deaths (else the incident's) are taken from it ("4 hit, 1 of them killed":
     3 wounded), while "wounded", "injured", "hurt" count the survivors already
     (``HIT_WORDS``);
  2. copies of one story count once: a story's figure is the largest of its documents;
  3. ``low`` is the smallest of the stories' lower bounds, ``high`` the largest upper bound
     (open bounds stay open: None), ``best`` the largest best figure (later reports usually
     update a toll upwards), or for deaths and injuries the largest lower bound when no
     report gives a best figure and none is vague ("a teen was injured", "civilians were
     killed": at least one, and nothing says more), and the ACLED-style ``conservative``
     figure is ``low``;
  4. when stories disagree, ``note`` says who said what;
  5. deaths or injuries told of without any figure ("a fatal shooting") are at least one:
     low and best 1, high open; injuries told as people hit without a figure ("he died of his
     injuries") in an incident with deaths are the dead's: 0 more wounded;
  6. with no figure of its own, a toll its reports give only over a series of related attacks
     ("seven killed across the three attacks") is 0 to the total, best the even share
     (``series_share.py``);
  7. an attack on people whose reports give no deaths (or no injuries) gets a "none reported"
     estimate: 0, open above (ACLED's 0 fatalities when no deaths are reported).

Grade (docs/LINKING.md; the numbers are the link model's ``grading`` cut-offs): ``contested``
when independent stories disagree by a factor of two or more on a toll of three or more; else
``confirmed`` with two or more independent stories, one of them from a monitor, UN agency, NGO,
official or medical source; ``corroborated`` with two or more independent stories; ``reported``
with one story whose source is named and is not a witness (the outlet's own reporting counts as
a journalist's); ``unverified`` otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from harmledger.link.additive import add_up, whole_toll
from harmledger.link.hits import is_hit
from harmledger.link.member import Member
from harmledger.link.model import link_model
from harmledger.link.series_share import series_estimate
from harmledger.link.sourcing import grade, independent, sources
from harmledger.models import (
    HARM_KINDS,
    Claim,
    ClaimRef,
    DateInterval,
    Estimate,
    Incident,
    PlaceMention,
)
from harmledger.resolve.dates import precision_of

#: The link model's grading cut-offs (``link/model.json``, "grading").
_GRADING = link_model().grading
#: The name and version of the link model, recorded on every incident it links.
LINKER = link_model().version


@dataclass(frozen=True, slots=True)
class _Figure:
    low: int
    best: int | None
    high: int | None
    story: str
    label: str
    ref: ClaimRef
    hit: bool = False  # told as people hit ("four were shot"), the dead among them
    vague: bool = False  # "dozens", "hundreds of thousands": no figure to take as best


def _figure(m: Member) -> _Figure | None:
    c = m.claim.count
    if c.low is None:
        return None
    hit = is_hit(m.claim)
    return _Figure(c.low, c.best, c.high, m.story, _label(m), m.ref, hit, c.qualifier == "vague")


def survivors(figure: _Figure, dead: int | None) -> _Figure:
    """The wounded who survived, when ``figure`` counts people hit and its document gives
    ``dead`` of them killed ("four people were shot ... one died": three wounded); ``figure``
    unchanged otherwise, or when the deaths outnumber it (they were told apart)."""
    if not figure.hit or not dead or _size(figure) < dead:
        return figure

    def less(value: int | None) -> int | None:
        return None if value is None else max(0, value - dead)

    label = f"{figure.label}: {_size(figure)} hit, {dead} of them killed"
    return replace(figure, low=max(0, figure.low - dead), best=less(figure.best),
                   high=less(figure.high), label=label, hit=False)  # fmt: skip


def _deaths(members: Sequence[Member]) -> dict[str, int]:
    """Each document's killed figure (its largest body figure)."""
    figures = _per_document([m for m in members if m.claim.kind == "killed"])
    return {doc: _size(f) for doc, f in figures.items()}


def _label(m: Member) -> str:
    a = m.claim.attribution
    if a is None:
        return "the report"
    if a.source_type == "witness":
        return "a witness"
    return f"{a.source.text} ({a.source_type})"


def _size(f: _Figure) -> int:
    return f.best if f.best is not None else f.low


def headline_notes(kind: str, members: Sequence[Member]) -> list[str]:
    """ "headline says 500, body 532" for documents whose headline figure differs; a vague
    headline is quoted, not given a number it does not state ("headline says dozens")."""
    notes = []
    by_doc: dict[str, list[tuple[bool, _Figure, str]]] = defaultdict(list)
    for m in members:
        fig = _figure(m)
        if fig is not None and m.claim.kind == kind:
            by_doc[m.ref.document_id].append((m.claim.in_headline, fig, _said(m, fig)))
    for figures in by_doc.values():
        heads = {_size(f): said for h, f, said in figures if h}
        body = {_size(f) for h, f, _ in figures if not h}
        if heads and body and set(heads) != body and max(body) not in heads:
            said = "/".join(heads[size] for size in sorted(heads))
            notes.append(f"headline says {said} {kind}, body {max(body)}")
    return notes


def _said(m: Member, fig: _Figure) -> str:
    """The figure as a note shows it: its number, or the text's words for a vague one."""
    span = m.claim.count.span
    return span.text if fig.vague and span is not None else str(_size(fig))


def _per_document(members: Sequence[Member], by_source: bool = False) -> dict[str, _Figure]:
    """Each document's figure: its most inclusive body claim (headline figures only when the
    body states none); with ``by_source``, each figure a source of the document gives in
    numbers ("a spokesman gave a lower toll of six dead"), keyed by document and source."""
    by_doc: dict[str, list[tuple[Claim, _Figure]]] = defaultdict(list)
    for m in members:
        fig = _figure(m)
        if fig is not None and (not by_source or whole_toll(m.claim)):
            key = f"{m.ref.document_id} {fig.label}" if by_source else m.ref.document_id
            by_doc[key].append((m.claim, fig))
    out = {}
    for doc, figures in by_doc.items():
        body = [(c, f) for c, f in figures if not c.in_headline] or figures
        out[doc] = add_up(body, _size, _plus)
    return out


def _source_range(
    members: Sequence[Member], dead: dict[str, int] | None
) -> tuple[int | None, list[int | None]]:
    """The lowest lower bound and the upper bounds of the bounded figures (exact, a range,
    "about", "up to") each source of each document gives in numbers: "a camp leader said
    nine, a spokesman gave a lower toll of six" is a range, 6 to 9."""
    figures = [
        _survivors_of(fig, dead)
        for fig in _per_document(members, by_source=True).values()
        if fig.high is not None  # "at least six" beside "at least 12" says nothing against 12
    ]
    return min((f.low for f in figures), default=None), [f.high for f in figures]


def _survivors_of(figure: _Figure, dead: dict[str, int] | None) -> _Figure:
    """``survivors`` with the deaths its document gives (a document that gives none takes the
    largest any document gives); ``figure`` as it is without ``dead``."""
    if dead is None:
        return figure
    return survivors(figure, dead.get(figure.ref.document_id, max(dead.values(), default=0)))


def _plus(first: _Figure, more: Sequence[_Figure]) -> _Figure:
    """A document's figure with the people it adds in later claims ("In addition, ...")."""
    high = (
        None
        if first.high is None or any(f.high is None for f in more)
        else (first.high + sum(f.high or 0 for f in more))
    )
    best = None if first.best is None else first.best + sum(_size(f) for f in more)
    label = f"{first.label}, plus {sum(_size(f) for f in more)} told of in addition"
    return replace(first, low=first.low + sum(f.low for f in more), best=best, high=high,
                   label=label, vague=first.vague or any(f.vague for f in more))  # fmt: skip


def _per_story(members: Sequence[Member], dead: dict[str, int] | None = None) -> list[_Figure]:
    """One figure per story (the largest of its documents'); with ``dead`` (each document's
    killed figure), figures of people hit become those of the survivors first (a document
    that gives no deaths takes the largest any document gives: "four people were shot" in an
    early report, "one of them has died" in a later one)."""
    stories: dict[str, _Figure] = {}
    for top in _per_document(members).values():
        top = _survivors_of(top, dead)
        if top.story not in stories or _size(top) > _size(stories[top.story]):
            stories[top.story] = top
    return sorted(stories.values(), key=lambda f: (f.ref.document_id, f.ref.position))


def estimate(kind: str, members: Sequence[Member]) -> Estimate | None:
    """The reconciled toll of one kind, or None when no claim of that kind gives a lower
    bound ("up to 80" alone says too little to count) and it is not a death or an injury told
    of without a figure (at least one)."""
    own = [m for m in members if m.claim.kind == kind]
    dead = _deaths(members) if kind == "injured" else None
    figures = _per_story(own, dead)
    if not figures:
        return _without_figures(kind, own, bool(dead))
    source_low, source_highs = _source_range(own, dead)
    low = min([f.low for f in figures] + ([source_low] if source_low is not None else []))
    ceilings = _ceilings(own)
    highs = [f.high for f in figures] + source_highs + [m.claim.count.high for m in ceilings]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    bests = [f.best for f in figures if f.best is not None]
    best = max(bests) if bests else _lower_best(kind, figures)
    method = "single report" if len(figures) == 1 else "largest of independent stories"
    return Estimate(
        kind=kind,  # type: ignore[arg-type]
        low=low,
        best=best,
        high=high if high is None or best is None or high >= best else best,
        conservative=low,
        method=method,
        note="; ".join(filter(None, [_disagreement(kind, figures), *headline_notes(kind, own)])),
        claims=tuple(f.ref for f in figures) + tuple(m.ref for m in ceilings),
    )


def _ceilings(own: Sequence[Member]) -> list[Member]:
    """Body claims that give only an upper bound ("a survivor said as many as 22 were
    killed"): beside a figure, they widen the incident's range up to theirs."""
    return [
        m
        for m in own
        if m.claim.count.low is None and m.claim.count.high is not None and not m.claim.in_headline
    ]


#: Tolls of people, whose reports tell of victims one by one ("a teen was injured").
_PEOPLE = frozenset({"killed", "injured"})


def _lower_best(kind: str, figures: Sequence[_Figure]) -> int | None:
    """The best figure when no report gives one: the largest lower bound of deaths or
    injuries ("a teen was injured", "victims were killed": nothing says more), unless a
    report is vague ("dozens"); None for the other kinds (a lower bound of 1 for "displaced
    people" says nothing of how many)."""
    if kind not in _PEOPLE or any(f.vague for f in figures):
        return None
    return max(f.low for f in figures)


def _without_figures(kind: str, own: Sequence[Member], deaths: bool) -> Estimate | None:
    """Deaths or injuries told of without any figure ("a fatal shooting", "the victim was
    shot"): at least one (1, open above); but when the incident has deaths (``deaths``),
    injuries told as people hit ("he died of his injuries") are the dead's, and if those are
    all there is, no one else was wounded (0, open above). None for the other kinds, or when
    a figure was only bounded above ("up to 80")."""
    told = [m for m in own if m.claim.count.qualifier == "unknown"]
    if kind not in _PEOPLE or not told:
        return None
    survived = [m.ref for m in told if not (deaths and is_hit(m.claim))]
    refs = tuple(survived) or tuple(m.ref for m in told)
    if not survived:
        note = f"the {kind} told of are the dead's: no one else"
        return Estimate(kind, 0, 0, None, 0, "the dead's injuries", note, refs)  # type: ignore[arg-type]
    note = f"no report gives a figure for {kind}: at least one"
    return Estimate(kind, 1, 1, None, 1, "told of without a figure", note, refs)  # type: ignore[arg-type]


def _disagreement(kind: str, figures: Sequence[_Figure]) -> str:
    values = {_size(f) for f in figures}
    if len(values) < 2:
        return ""
    said = "; ".join(f"{f.label}: {_size(f)}" for f in sorted(figures, key=_size, reverse=True))
    return f"sources differ on {kind}: {said}"


#: Kinds of harm to people: a report of one that gives no deaths (or no injuries) reports none.
_HARM_TO_PEOPLE = frozenset({"killed", "injured", "attacked", "abducted"})


def with_none_reported(
    estimates: tuple[Estimate, ...], members: Sequence[Member]
) -> tuple[Estimate, ...]:
    """Add "none reported" estimates (0, open above) for deaths and injuries when the incident
    is an attack on people none of whose claims is of that kind: ACLED's convention of 0
    fatalities when no deaths are reported, marked as such by its method so it never reads as
    a count. A death or an injury told of without a figure is at least one (``estimate``)."""
    if not any(m.claim.kind in _HARM_TO_PEOPLE for m in members):
        return estimates
    have = {e.kind for e in estimates} | {m.claim.kind for m in members}
    extra = tuple(
        Estimate(kind, 0, 0, None, 0, "none reported", f"no report states anyone {kind}")
        for kind in ("killed", "injured")
        if kind not in have
    )
    return tuple(sorted(estimates + extra, key=lambda e: HARM_KINDS.index(e.kind)))


def contested(estimates: Sequence[Estimate], members: Sequence[Member]) -> bool:
    for e in estimates:
        figures = _per_story([m for m in members if m.claim.kind == e.kind])
        sizes = [_size(f) for f in figures]
        if (
            len(sizes) > 1
            and max(sizes) >= _GRADING.contested_min_toll
            and max(sizes) >= _GRADING.contested_ratio * max(1, min(sizes))
        ):
            return True
    return False


def incident_date(members: Sequence[Member]) -> DateInterval | None:
    """The narrowest interval all dated claims agree on; their hull when they disagree. The
    day people were killed or hurt dates the incident: when such claims are dated, claims of
    aftermath ("the family had fled Rafah in May") and tolls of none ("Sunday's shelling
    killed no one") do not widen it."""
    harmed = [m for m in members if _harm_told(m.claim) and m.claim.date and m.claim.date.start]
    dated = [m.claim.date for m in (harmed or members) if m.claim.date and m.claim.date.start]
    intervals = [(d.start, d.end or d.start, d.precision) for d in dated if d is not None]
    if not intervals:
        return None
    start = max(s for s, _, _ in intervals if s)
    end = min(e for _, e, _ in intervals if e)
    if start > end:  # they disagree: the hull
        start = min(s for s, _, _ in intervals if s)
        end = max(e for _, e, _ in intervals if e)
    exact = [p for s, e, p in intervals if (s, e) == (start, end) and p is not None]
    s, e = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    precision = min(exact) if exact else precision_of(s, e)
    return DateInterval(s.isoformat(), e.isoformat(), precision)


#: Harms told of after the attack, often far from it ("300 residents fled to Gwoza town").
_AFTERMATH = frozenset({"displaced", "detained"})


def _harm_told(claim: Claim) -> bool:
    """A claim of people killed or hurt that does not say none were."""
    return claim.kind in _PEOPLE and claim.count.high != 0


def incident_place(members: Sequence[Member]) -> tuple[PlaceMention | None, str | None]:
    """The most precise place named in the claims (else the documents' place), with the
    document it is in.

    A river, sea or other water body (feature class H) is never the place; a broad region
    named for context (class L at UCDP ``where_prec`` 5 or more: "the Middle East", "northern
    Syria") only when no other place is at hand. Places of the aftermath (where people fled
    to, where the displaced are, where detainees were taken: ``_AFTERMATH`` kinds) come after
    the places of the attack itself."""
    placed = [
        (p.feature_class == "L" and (p.where_prec or 9) >= 5, m.claim.kind in _AFTERMATH,
         m.place_inferred, p.where_prec or 9, m.ref, p)
        for m in members
        if (p := m.place) is not None and p.lat is not None and p.feature_class != "H"
    ]  # fmt: skip
    if not placed:
        return None, None
    *_, ref, place = min(placed, key=lambda x: x[:5])
    return place, ref.document_id


def _distinct(texts: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for t in texts:
        seen.setdefault(" ".join(t.lower().split()), t)
    return tuple(seen.values())


def reconcile(incident_id: str, members: Sequence[Member], parent: str | None = None) -> Incident:
    """The incident made of ``members`` (its claims), every figure explained."""
    ordered = sorted(members, key=lambda m: (m.published or "", m.ref))
    estimates = with_none_reported(
        tuple(
            e
            for k in HARM_KINDS
            if (e := estimate(k, ordered) or series_estimate(k, ordered)) is not None
        ),
        ordered,
    )
    found = sources(ordered)
    place, place_doc = incident_place(ordered)
    civilian = [a.civilian for m in ordered for a in m.claim.victims if a.civilian is not None]
    notes = [e.note for e in estimates if e.note and e.method != "none reported"]
    return Incident(
        id=incident_id,
        claims=tuple(sorted(m.ref for m in members)),
        kinds=tuple(k for k in HARM_KINDS if any(m.claim.kind == k for m in members)),  # type: ignore[misc]
        estimates=estimates,
        date=incident_date(ordered),
        place=place,
        place_document=place_doc,
        perpetrators=_distinct([a.span.text for m in ordered for a in m.claim.perpetrators]),
        victims=_distinct([a.span.text for m in ordered for a in m.claim.victims]),
        civilian_targeting=any(civilian) if civilian else None,
        sources=found,
        number_of_sources=len({s.document_id for s in found}),
        independent_sources=independent(found),
        grade=grade(found, contested(estimates, ordered)),
        parent=parent,
        notes="; ".join(notes),
        headline=next((m.title for m in ordered if m.title), None),
        documents=tuple(sorted({m.ref.document_id for m in members})),
        linker=LINKER,
    )
