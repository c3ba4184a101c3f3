"""Plain record types passed between the stages.

The flow is ``RawDocument`` (ingest) -> ``Document`` (clean) -> ``Extraction`` (extract +
resolve) -> stored rows. Every value taken from text carries a ``Span`` whose ``start``/``end``
slice ``Document.text`` to exactly ``Span.text``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

HarmKind = Literal["killed", "injured", "abducted", "detained", "displaced", "attacked", "property"]
HARM_KINDS: tuple[str, ...] = (
    "killed",
    "injured",
    "abducted",
    "detained",
    "displaced",
    "attacked",
    "property",
)
Qualifier = Literal[
    "exact", "more_than", "at_least", "up_to", "about", "range", "vague", "plural", "unknown"
]
#: How sure the text is of a perpetrator: named as the doer (alleged), owning up (claimed),
#: blamed by a third party ("officials attributed the attack to X": attributed), confirmed.
Certainty = Literal["alleged", "claimed", "attributed", "confirmed"]
SourceType = Literal[
    "monitor",
    "witness",
    "official",
    "UN",
    "NGO",
    "medical",
    "social media",
    "journalist",
    "unknown",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the stored text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What ingest hands to clean: decoded text or HTML plus whatever metadata came with it."""

    origin: str  # file path, URL, or "path.jsonl#<id>"
    body: str
    format: Literal["text", "html"]
    external_id: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date as given by the source
    title: str | None = None
    content_hash: str = ""  # sha256 hex of the raw bytes (or of the utf-8 body)


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """Page furniture found in the stored text; downstream stages skip it."""

    start: int
    end: int
    reason: str  # "counter", "comment_prompt", "share_prompt", "repeated_standfirst", ...
    text: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document: the stored text and the furniture found in it."""

    id: str  # content hash
    origin: str
    format: Literal["text", "html"]
    text: str
    removed_spans: tuple[RemovedSpan, ...] = ()
    external_id: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    title_span: Span | None = None  # where the headline sits in ``text``, if it does
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    language: str = "en"
    cleaner: str = ""

    def is_removed(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps any removed span."""
        return any(r.start < end and start < r.end for r in self.removed_spans)


@dataclass(frozen=True, slots=True)
class Count:
    """A casualty count by the convention table in the eval README."""

    low: int | None
    best: int | None
    high: int | None
    qualifier: Qualifier
    span: Span | None = None  # the count words; None when no number was stated


@dataclass(frozen=True, slots=True)
class Actor:
    """A victim or perpetrator mention."""

    span: Span
    group: str | None = None  # identity group, e.g. "Alawite"
    civilian: bool | None = None  # victims only
    certainty: Certainty | None = None  # perpetrators only


@dataclass(frozen=True, slots=True)
class DateInterval:
    """A date phrase resolved to an inclusive interval with UCDP ``date_prec`` (1 day .. 5 year)."""

    start: str | None  # ISO date, None when unknown
    end: str | None
    precision: int | None  # UCDP date_prec; None when unknown
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who asserts a claim, and through whom it reached the text (outlet -> AFP -> witness)."""

    source: Span
    source_type: SourceType = "unknown"
    relay: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in the text, geocoded offline."""

    span: Span
    geonameid: int | None = None
    gazetteer_id: str | None = None  # for supplement entries (regions, features)
    name: str | None = None  # the gazetteer's name for it
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # name of the first-order division (governorate, state)
    admin2: str | None = None
    feature_class: str | None = None  # GeoNames feature class (P, A, T, L, H ...)
    geo_precision: int | None = None  # ACLED 1..3
    where_prec: int | None = None  # UCDP 1..7
    geocoder: str = ""
    relation: str | None = None  # "near": the event is near this place, not in it
    offset_km: float | None = None  # the distance the text gives ("10 km south of X")


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement of harm in one document."""

    kind: HarmKind
    span: Span  # the clause that states the harm
    trigger: Span  # the harm word ("killed", "looting")
    count: Count
    victims: tuple[Actor, ...] = ()
    perpetrators: tuple[Actor, ...] = ()
    targets: tuple[Span, ...] = ()
    places: tuple[Span, ...] = ()
    date: DateInterval | None = None
    attribution: Attribution | None = None
    is_aggregate: bool = False
    in_headline: bool = False
    confidence: float = 0.5
    extractor: str = ""
    # A background total over a period ("the war has killed 150,000 since 2014"): context for
    # incidents, never an incident's toll, date or place. ``period`` is its interval, with the
    # span of the period phrase when the text gives one.
    cumulative: bool = False
    period: DateInterval | None = None
    # The count less the attackers the text names among the harmed, when it names them ("At
    # least 24 soldiers and 18 assailants were killed": 24 or more; "In addition to the bomber,
    # 21 people were killed": 21). None when no attacker is counted in ``count``.
    excluding_attackers: Count | None = None
    # A total over a series of related attacks ("Seven officers were killed across the three
    # attacks"; ``cumulative``): how many events it spans, 0 when the text does not say. None
    # for any other claim.
    series_events: int | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect quote with its speaker."""

    content: Span
    cue: Span | None
    speaker: Span | None
    direct: bool
    speaker_name: Span | None = None  # the named person a pronoun speaker resolves to
    role: Span | None = None
    affiliation: Span | None = None
    age: Span | None = None
    relayed_via: Span | None = None
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class RoleFiller:
    """A document-level role filler from a trained role model: who did it (perpetrators), to
    whom (victims), to what (targets), where (places), with the model's score and name."""

    role: str  # "perpetrators", "victims", "targets" or "places"
    span: Span
    score: float
    model: str


@dataclass(frozen=True, slots=True)
class Draft:
    """What the extract stage found in one document, before the resolve stage: place names as
    spans, not yet geocoded; claims whose dates and periods are phrases (a ``DateInterval``
    with only its span) and whose aggregate mark does not yet know where their places lie.
    ``harmledger.resolve.stage.Resolver`` turns it into an ``Extraction``."""

    document_id: str
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Span, ...] = ()  # place names that may say where harm happened
    embedded_places: tuple[Span, ...] = ()  # names inside other names ("French"): the map only
    place_modifiers: tuple[Span, ...] = ()  # names that only modify a noun ("the U.S. embassy")
    sentences: tuple[Span, ...] = ()  # the text's sentences, in order
    extractor: str = ""
    roles: tuple[RoleFiller, ...] = ()  # a role model's fillers (see Extraction)
    modelled_roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extract and resolve stages found in one document.

    ``roles`` are the role model's document-level fillers for ``modelled_roles`` (the roles
    it decides; the rules' claim fillers stand for the others)."""

    document_id: str
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    extractor: str = ""
    roles: tuple[RoleFiller, ...] = ()
    modelled_roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document (or input) that could not be processed, and why."""

    origin: str
    stage: str  # "ingest", "clean", "extract", "store"
    error: str  # exception class name
    message: str  # one line, says what to do next
    content_hash: str | None = None

    @classmethod
    def of(
        cls, origin: str, stage: str, exc: BaseException, content_hash: str | None = None
    ) -> Rejection:
        """The rejection of ``origin`` at ``stage`` for ``exc`` (its message on one line)."""
        message = " ".join(str(exc).split()) or type(exc).__name__
        return cls(origin, stage, type(exc).__name__, message, content_hash)


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did: counts for the CLI summary."""

    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)


Grade = Literal["confirmed", "corroborated", "reported", "unverified", "contested"]
#: The incident grades, most to least trustworthy (``contested`` means sources disagree).
GRADES: tuple[str, ...] = ("confirmed", "corroborated", "reported", "unverified", "contested")


@dataclass(frozen=True, slots=True, order=True)
class ClaimRef:
    """Where a claim is stored: its document and its position in that document's claims."""

    document_id: str
    position: int


@dataclass(frozen=True, slots=True)
class Estimate:
    """The reconciled toll of one kind of harm in an incident (UCDP low/best/high).

    ``conservative`` is the ACLED-style figure (for ``killed``: ``fatalities``), the lowest
    figure the credible sources support. ``claims`` are the claims the figures come from.
    """

    kind: HarmKind
    low: int | None
    best: int | None
    high: int | None
    conservative: int | None
    method: str  # how the figures were chosen, e.g. "max-exact-of-independent"
    note: str = ""  # disagreements between sources, in words
    claims: tuple[ClaimRef, ...] = ()


@dataclass(frozen=True, slots=True)
class IncidentSource:
    """One source of an incident. Copies of one wire story share ``story``."""

    name: str  # the source's text; for witnesses withheld in public views
    source_type: SourceType
    document_id: str
    story: str  # near-duplicate group of the document: independent sources differ here
    publisher: str | None = None  # host name of the document's URL, when known
    claim: ClaimRef | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """The reconciled unit, linked from claims of one or more documents.

    ``id`` never changes once given; a merge or a split leaves a redirect from the old id.
    A child incident (``parent`` set) is part of its parent's toll and is not added to it.
    """

    id: str
    claims: tuple[ClaimRef, ...]
    kinds: tuple[HarmKind, ...]
    estimates: tuple[Estimate, ...] = ()
    date: DateInterval | None = None  # from the claims; span None
    place: PlaceMention | None = None  # the most precise place of the claims
    place_document: str | None = None  # the document the place mention is in
    perpetrators: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    civilian_targeting: bool | None = None
    sources: tuple[IncidentSource, ...] = ()
    number_of_sources: int = 0
    independent_sources: int = 0
    grade: Grade = "unverified"
    parent: str | None = None
    aggregate: bool = False  # a toll over days or places (may hold child incidents)
    notes: str = ""
    headline: str | None = None  # title of the earliest document
    documents: tuple[str, ...] = ()
    linker: str = ""

    def estimate(self, kind: str) -> Estimate | None:
        """The estimate for one kind of harm, or None when no claim states that kind."""
        return next((e for e in self.estimates if e.kind == kind), None)

    @property
    def fatalities(self) -> int | None:
        """ACLED-style conservative number of deaths (None when no claim of deaths)."""
        killed = self.estimate("killed")
        return killed.conservative if killed is not None else None


@dataclass(frozen=True, slots=True)
class Redirect:
    """An incident id that no longer names an incident, and the id that took its claims."""

    old_id: str
    new_id: str
    reason: str  # "merge" (linker or analyst), "split", "relink"
    at: str = ""  # ISO timestamp; the store fills it when empty


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One analyst decision about incidents: who, when, why, and what it touched."""

    action: str  # "merge", "split", "move"
    who: str
    why: str
    incidents: tuple[str, ...]  # the incident ids named in the command, as given
    claims: tuple[ClaimRef, ...] = ()  # split/move: the claims that leave or move
    target: str | None = None  # move: the incident the claims go to
    before: str = ""  # JSON: the incidents' claim lists before
    after: str = ""  # JSON: after
    at: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class LinkDocRow:
    """The linker's saved view of one document (a JSON-ready payload of its features)."""

    document_id: str
    seq: int  # linking order of the document: stable across runs
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LinkClaimRow:
    """The linker's saved view of one claim and the incident it is in."""

    ref: ClaimRef
    seq: int  # linking order of the claim: the earliest claim of an incident founds its id
    kind: str
    lo: int | None  # ordinal days of the claim's date interval
    hi: int | None
    country: str | None
    admin1: str | None
    payload: dict[str, Any]
    incident: str | None = None


@dataclass(frozen=True, slots=True)
class LinkBatch:
    """One linking step as the store saves it, in one transaction.

    ``incidents`` pairs each incident with its founding seq; ``assignments`` sets the incident
    of claims; ``retired`` ids are deleted after the ``redirects`` are written. ``pairs`` are
    linked pairs of claims ``(seq_a, seq_b, score)``, ``seq_a < seq_b``, found by this step
    (their claims' rows saved already or in ``claims``); with ``replace_pairs`` every saved
    pair is deleted first (a relink scores them all again). ``link_model``: the version of
    the link model that linked this step's documents, recorded as the ledger's (``None`` for
    a step that linked none, such as an analyst's merge).
    """

    docs: Sequence[LinkDocRow] = ()
    claims: Sequence[LinkClaimRow] = ()
    incidents: Sequence[tuple[Incident, int]] = ()
    assignments: Mapping[ClaimRef, str] = field(default_factory=dict)
    redirects: Sequence[Redirect] = ()
    retired: Sequence[str] = ()
    pairs: Sequence[tuple[int, int, float]] = ()
    replace_pairs: bool = False
    link_model: str | None = None


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of any record type above."""
    return asdict(record)
