"""What the linker compares: one ``ClaimFeatures`` per claim, one ``DocFeatures`` per document.

Pure functions of a stored document and its extraction. Nothing here depends on other
documents (no corpus statistics), so a claim's features, and so every pairwise decision, are
the same whether its document arrives alone or in a batch of thousands: that is what keeps
incremental linking equal to linking everything at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from harmledger.extract import rulebook_words as rw
from harmledger.extract.plain import ONE_OF_SEVERAL, masked_text
from harmledger.extract.words import english_words
from harmledger.hosts import site_label
from harmledger.link.minhash import Signature, shingles, signature
from harmledger.link.model import link_model
from harmledger.models import Claim, ClaimRef, Document, Extraction, PlaceMention

#: Days before publication an undated claim may have happened ("on Tuesday" left unresolved):
#: the link model's ``blocking.undated_lookback_days``.
UNDATED_LOOKBACK = link_model().blocking.undated_lookback_days
#: Page furniture and platform names that are capitalised in every page and say nothing.
_WEB_WORDS = rw.words("web_furniture_words")
_NAMES = re.compile(r"(?<![\w'])[A-Z][a-zA-Z'’-]+(?:[ \t]+[A-Z][a-zA-Z'’-]+)*")
_WORD = re.compile(r"[a-z]{3,}")
#: Means of harm -> the words that name them (``means_words``), in the file's order.
MEANS: dict[str, re.Pattern[str]] = {
    label: re.compile(rf"\b(?:{rw.alternation_of(ws)})\b")
    for label, ws in rw.groups("means_words").items()
}
_MAX_NAME_TEXT = 20_000


@dataclass(frozen=True, slots=True)
class DocFeatures:
    """A document's part of the comparison: near-duplicate text and the names it mentions."""

    document_id: str
    published: int | None  # proleptic ordinal day
    text_sig: Signature
    name_sig: Signature
    n_names: int
    title: str | None = None
    url: str | None = None
    means: frozenset[str] = frozenset()  # the means of harm the report names (``MEANS``)
    series: bool = False  # the report says its attack is one of several (``one_of_several``)
    targets: frozenset[str] = frozenset()  # the words of its claims' targets
    victims: frozenset[str] = frozenset()  # the words of its claims' victims


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """A claim's part of the comparison; ``lo``/``hi`` are ordinal days (None: undated)."""

    ref: ClaimRef
    kind: str
    lo: int | None
    hi: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    admin2: str | None
    place_inferred: bool  # the place comes from the document, not the claim's sentence
    low: int | None
    best: int | None
    high: int | None
    aggregate: bool
    victims: frozenset[str]
    perpetrators: frozenset[str]
    segment: int = 0  # claims of one document link only within one segment (see segments)
    dated: bool = True  # the claim's text dates it; False: its days are its report's
    village: str | None = None  # its place: a village the gazetteer lacks, at an area's point


def ordinal(iso: str | None) -> int | None:
    """The proleptic ordinal of an ISO date (its first 10 characters), None when unparsable."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def iso_day(day: int | None) -> str | None:
    return None if day is None else date.fromordinal(day).isoformat()


def _name_word(word: str, words: frozenset[str]) -> str | None:
    word = word.lower().strip("'’-").removesuffix("'s").removesuffix("’s")
    if len(word) < 3 or word in _WEB_WORDS or word in words:
        return None
    if word.endswith("s") and (word[:-1] in words or word[:-2] in words):
        return None  # "Assailants", "Witnesses" opening a sentence: plurals of words
    return word


def names_in(text: str) -> set[str]:
    """Names of people, streets and places: capitalised words that are not dictionary words
    ("Gonzalez"), and runs of capitalised words kept whole ("David Gonzalez", "Alpine High
    School")."""
    words = english_words()
    found: set[str] = set()
    for match in _NAMES.finditer(text[:_MAX_NAME_TEXT]):
        parts = match.group().split()
        if len(parts) > 1 and parts[0].lower() == "the":
            parts = parts[1:]  # "The Red Hand" is the name "red hand"
        found.update(w for w in (_name_word(p, words) for p in parts) if w)
        if len(parts) > 1 and not any(p.lower() in _WEB_WORDS for p in parts):
            found.add(" ".join(p.lower() for p in parts))
    return found


#: Characters around each claim that count as the report's body (the rest of a scraped page is
#: menus, teasers of other stories and comments, which would make unrelated pages look alike).
BODY_WINDOW = 600


_SEPARATOR = re.compile(r"\s+[-|–—:]\s+")


def headline_proper(headline: str, url: str | None) -> str:
    """``headline`` without a trailing part that names the site ("Teen shot on Crenshaw
    Street - WTVM.com-Columbus, GA News Weather & Sports" from wtvm.com): every page of a
    site shares it, so its names would make the site's reports look alike."""
    label = site_label(url)
    if not label:
        return headline
    cut = None
    for match in _SEPARATOR.finditer(headline):
        rest = headline[match.end() :].lower().replace(" ", "")
        if label in rest:
            cut = match.start()
    return headline[:cut] if cut else headline


def _window(document: Document, claim: Claim, size: int) -> tuple[int, int]:
    """The stretch of text a claim stands for: the headline alone for a headline claim (the
    text after a headline can be a login wall or a menu shared by a whole site), without the
    site's name, else ``BODY_WINDOW`` characters either side."""
    head = document.title_span
    if head is not None and head.start <= claim.span.start and claim.span.end <= head.end:
        return head.start, head.start + len(headline_proper(head.text, document.url))
    return max(0, claim.span.start - BODY_WINDOW), min(size, claim.span.end + BODY_WINDOW)


def body_text(document: Document, extraction: Extraction | None) -> str:
    """The text around the document's claims (all of it when there are none)."""
    text = masked_text(document)
    if extraction is None or not extraction.claims:
        return text
    windows = sorted(_window(document, c, len(text)) for c in extraction.claims)
    merged: list[list[int]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return "\n".join(text[a:b] for a, b in merged)


def common_names(extraction: Extraction | None) -> set[str]:
    """Names that many unrelated reports share: the provinces and countries the report names
    (where_prec 4 and coarser) and the groups it blames ("Kandahar", "Afghanistan", "the
    Taliban"). The place and perpetrator levels compare them; as names they would make every
    attack in a province look like one story."""
    if extraction is None:
        return set()
    spans = [p.span.text for p in extraction.places if (p.where_prec or 0) >= 4]
    spans += [a.span.text for c in extraction.claims for a in c.perpetrators]
    return {n for text in spans for n in names_in(text) | names_in(text.title())}


def means_in(text: str) -> frozenset[str]:
    """The means of harm ``text`` names: "An explosive device detonated" -> {"explosive"}."""
    lower = text.lower()
    return frozenset(label for label, pattern in MEANS.items() if pattern.search(lower))


_ONE_OF_SEVERAL = re.compile(
    ONE_OF_SEVERAL + rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{rw.alternation('series_event_nouns')})\b",
    re.IGNORECASE,
)


def one_of_several(text: str) -> bool:
    """Does the report say its attack is one of several ("This was one of three related
    attacks in the district on this day")? Two such reports may tell of two of them."""
    return bool(_ONE_OF_SEVERAL.search(text))


def target_words(extraction: Extraction | None) -> frozenset[str]:
    """The words of the targets of all the report's claims ("a police checkpoint"), and of
    the targets the role model found."""
    if extraction is None:
        return frozenset()
    spans = [t.text for c in extraction.claims for t in c.targets]
    spans += [f.span.text for f in extraction.roles if f.role == "targets"]
    return _words(spans)


def victim_words(extraction: Extraction | None) -> frozenset[str]:
    """The words of the victims of all the report's claims ("Arvo Teska", "two guards")."""
    if extraction is None:
        return frozenset()
    return _words([a.span.text for c in extraction.claims for a in c.victims])


def doc_features(document: Document, extraction: Extraction | None = None) -> DocFeatures:
    text = body_text(document, extraction)
    names = names_in(text) | names_in(headline_proper(document.title or "", document.url))
    names -= common_names(extraction)
    return DocFeatures(
        document_id=document.id,
        published=ordinal(document.published),
        text_sig=signature(shingles(text)),
        name_sig=signature(names),
        n_names=len(names),
        title=document.title,
        url=document.url,
        means=means_in(text),
        series=one_of_several(text),
        targets=target_words(extraction),
        victims=victim_words(extraction),
    )


def claim_place(claim: Claim, places: tuple[PlaceMention, ...]) -> tuple[PlaceMention | None, bool]:
    """The claim's most precise geocoded place, else the nearest town-level place of the
    document (before the claim counts double the distance after it: datelines and ledes name
    the place before they tell what happened).

    The second value is True when the place was taken from the document (inferred).
    """
    starts = {s.start for s in claim.places}
    own = [
        p for p in places if p.span.start in starts and p.lat is not None and p.feature_class != "H"
    ]  # a river or a lake is where no one lives: the report's town is the better guess
    if own:
        return min(own, key=lambda p: (p.where_prec or 9, p.span.start)), False
    located = [p for p in places if p.lat is not None and (p.where_prec or 9) <= 3]
    if not located:
        return None, True

    def distance(p: PlaceMention) -> int:
        if p.span.end <= claim.span.start:
            return claim.span.start - p.span.end
        return 2 * max(0, p.span.start - claim.span.end)

    return min(located, key=lambda p: (distance(p), p.span.start)), True


def coarse_place(claim: Claim, places: tuple[PlaceMention, ...]) -> PlaceMention | None:
    """For a claim with no town-level place: the province or country the report names before
    it (the most precise, then the nearest; else after), which gives its country and admin1
    but no point to measure from ("Gunmen attacked a post in Kunar, Afghanistan. Two guards
    were killed.")."""
    areas = [p for p in places if p.country and (p.where_prec or 0) >= 4]
    if not areas:
        return None
    before = [p for p in areas if p.span.end <= claim.span.end]
    if before:
        return max(before, key=lambda p: (-(p.where_prec or 9), p.span.start))
    return min(areas, key=lambda p: (p.where_prec or 9, p.span.start))


def _admin1(area: PlaceMention | None) -> str | None:
    """The first-order division a place lies in, or is ("Kunar province" is Kunar)."""
    if area is None:
        return None
    if area.admin1 is None and area.where_prec == 4:
        return area.name
    return area.admin1


_FILLERS = rw.words("comparison_filler_words")


def _words(texts: list[str]) -> frozenset[str]:
    return frozenset(w for t in texts for w in _WORD.findall(t.lower()) if w not in _FILLERS)


def claim_features(
    document: Document, extraction: Extraction, position: int, published: int | None
) -> ClaimFeatures:
    claim = extraction.claims[position]
    place, inferred = claim_place(claim, extraction.places)
    area = place or coarse_place(claim, extraction.places)
    lo = hi = None
    if claim.date is not None and claim.date.start and claim.date.end:
        lo, hi = ordinal(claim.date.start), ordinal(claim.date.end)
    dated = lo is not None and hi is not None
    if not dated and published is not None:
        lo, hi = published - UNDATED_LOOKBACK, published
    count = claim.count
    return ClaimFeatures(
        ref=ClaimRef(document.id, position),
        kind=claim.kind,
        lo=lo,
        hi=hi,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        country=area.country if area else None,
        admin1=_admin1(area),
        admin2=place.admin2 if place else None,
        place_inferred=inferred,
        low=count.low,
        best=count.best,
        high=count.high,
        aggregate=claim.is_aggregate,
        victims=_words([a.span.text for a in claim.victims]),
        perpetrators=_words([a.span.text for a in claim.perpetrators]),
        dated=dated,
        village=village_name(place),
    )


def village_name(place: PlaceMention | None) -> str | None:
    """The name of a village the gazetteer lacks, placed at the point of the area the text
    puts it in ("Dorakhel, Zarvan"): two such villages are two places, though their
    points are one."""
    if place is None or place.lat is None or place.feature_class != "P":
        return None
    if place.geonameid is not None or place.gazetteer_id is not None:
        return None
    return (place.name or place.span.text).casefold()


#: A claim's figure further than this factor from the document's largest figure of its kind
#: is a different toll.
SAME_TOLL = 1.5


def _figure(claim: Claim) -> int | None:
    count = claim.count
    if count.qualifier in {"unknown", "plural"} or count.low is None:
        return None
    return count.best if count.best is not None else count.low


def _sums_parts(lead: Claim, claims: tuple[Claim, ...]) -> bool:
    """Does the aggregate claim sum parts told in its own sentence ("killed 11, eight of them
    in Gao and three near Ansongo": ``extract.breakdown``)?"""
    parts = [
        c.count.best
        for c in claims
        if c is not lead and c.span == lead.span and c.kind == lead.kind and not c.is_aggregate
    ]
    return len(parts) >= 2 and sum(p or 0 for p in parts) <= (lead.count.best or 0)


def segments(extraction: Extraction) -> list[int]:
    """Which incident of its document each claim tells of: 0 for the document's main story,
    and one number per place for specific claims (own town-level place, not an aggregate, a
    figure) whose
    figure is far below the document's largest of that kind ("three of his relatives were
    killed in Baniyas" in a report of 532 killed on the coast)."""
    largest: dict[str, int] = {}
    summed: dict[str, int] = {}  # the largest figure of a lead that sums named parts
    for claim in extraction.claims:
        figure = _figure(claim)
        if figure is not None and not claim.cumulative:  # a background total is no story
            largest[claim.kind] = max(largest.get(claim.kind, 0), figure)
            if claim.is_aggregate and _sums_parts(claim, extraction.claims):
                summed[claim.kind] = max(summed.get(claim.kind, 0), figure)
    keys: dict[str, int] = {}
    out = []
    for claim in extraction.claims:
        figure = _figure(claim)
        place, inferred = claim_place(claim, extraction.places)
        part = (
            figure is not None
            and figure != 0  # a toll stated as zero is no part of another toll
            and not claim.is_aggregate
            and place is not None
            and not inferred
            and (place.where_prec or 9) <= 3  # its own town, not just the country it is in
            and (figure * SAME_TOLL < largest[claim.kind] or figure < summed.get(claim.kind, 0))
        )
        out.append(keys.setdefault(place.name or "", len(keys) + 1) if part and place else 0)
    return out


def features(document: Document, extraction: Extraction) -> tuple[DocFeatures, list[ClaimFeatures]]:
    """The linking features of one stored document and every claim in it but cumulative
    ones ("the war has killed 150,000 since 2014"), which never link into an incident."""
    doc = doc_features(document, extraction)
    parts = segments(extraction)
    claims = [
        replace(claim_features(document, extraction, i, doc.published), segment=parts[i])
        for i, claim in enumerate(extraction.claims)
        if not claim.cumulative  # a background total is context, never an incident's claim
    ]
    return doc, claims
