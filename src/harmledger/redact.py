"""Names of private persons: found per document, withheld in every export and screen.

The rule (docs/SECURITY.md, "Names of private persons"):

- A person named in a document is **public** only in a public role the ledger records: the
  source of a claim whose source type is official, medical, NGO, UN, monitor or journalist
  ("police spokesman Ibrahim Dagoloma said"), a quote speaker whose role or affiliation has
  such a type ("Health Minister ..."), or a named perpetrator.
- Every other named person is **private**: victims, witnesses, relatives, residents,
  survivors and sources of unknown type ("..., whose son was killed, told AFP"). When in doubt
  a name is private.

``document_names`` finds, from a document's text, its extraction and the spaCy PERSON
entities, the spans of private persons: names inside victim phrases and non-public sources,
names a kin or witness word introduces ("his cousin Idrissa ..."), names with an age
("Sameer Haddoubi, 34"), listed victims ("identified as A, B and C"), every other PERSON
entity that is not public, and then every other mention of the same person in the text (the
full name again, or its surname or first name alone). ``Names`` replaces each such stretch
once, by position, with ``MARK``; it never replaces substrings one after another, so markers
never nest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from harmledger.extract import rulebook_words as rw
from harmledger.models import Claim, Count, Extraction, Incident, PlaceMention, Quote, Span
from harmledger.store.base import Store

MARK = "[name withheld]"
#: Source types of people speaking in a public role: their names may be shown.
PUBLIC_TYPES = frozenset({"official", "medical", "NGO", "UN", "monitor", "journalist"})
_MIN_PART = 3  # a shorter part of a name ("Al", "Bo") is not searched for alone

Cut = tuple[int, int]
#: Finds the PERSON entities of a text: their (start, end) positions.
PersonFinder = Callable[[str], Sequence[Cut]]

_TOKEN = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_PLACE_PREPOSITIONS = rw.words("place_prepositions")
_PARTICLES = rw.words("name_particles")
_STOP = rw.words("name_stop_words")
#: Words of organisations and places that the actor lists do not hold.
_ORG_WORDS = rw.words("organisation_words")
_AGE_AFTER = re.compile(
    r"\s*,\s*\(?\d{1,3}\)?(?=\s*[,.;:)]|\s+(?:and|was|were|is|who)\b)|\s+\(\d{1,3}\)"
)
_WHO_AFTER = re.compile(r"\s*,\s+(?:a|an|who|whose|aged)\b")
_LIST_INTRO = re.compile(
    r"\b(?:identified (?:\w+ )?as|named as|including|among the (?:dead|victims|wounded|injured)"
    r"(?: (?:was|were))?|victims were)\s+",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


@cache
def _known_words() -> frozenset[str]:
    """Group, role, kin, organisation and agency words: a token among them names no person."""
    words: set[str] = set(_ORG_WORDS) | set(rw.words("wire_agencies"))
    for group in rw.groups("source_type_words").values():
        words |= group
    for nouns in ("civilian_nouns", "combatant_nouns", "kin_nouns", "perpetrator_nouns"):
        words |= rw.words(nouns)
    return frozenset(w.lower() for w in words)


@cache
def _introducers() -> frozenset[str]:
    """Words after which a capitalised name is a private person ("his wife", "witness")."""
    witness = rw.groups("source_type_words")["witness"]
    titles = rw.words("name_introducing_titles")
    introducers = rw.words("kin_nouns") | rw.words("civilian_nouns") | witness | titles
    return introducers - rw.words("not_name_introducers")


def is_known_word(word: str) -> bool:
    """True for a group, role, kin, organisation or agency word (any case, plural too)."""
    w = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
    forms = {w, w.removesuffix("s"), w.removesuffix("es")}
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if w.endswith("men"):
        forms.add(w[:-3] + "man")
    return bool(forms & _known_words())


def _is_place(name: str) -> bool:
    from harmledger.resolve.gazetteer import Gazetteer

    return Gazetteer.default().is_known_place(name)


def _breaks_name(word: str) -> bool:
    lowered = word.lower().rstrip(".")
    return (
        lowered in _STOP or is_known_word(word) or (word.isupper() and len(word) > 1)
    ) and lowered not in _PARTICLES


def _runs(text: str, start: int, end: int) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised tokens in ``text[start:end]`` (particles inside allowed); a group,
    role, organisation, weekday or filler word ends a run and is not part of it."""
    run: list[re.Match[str]] = []
    for tok in _TOKEN.finditer(text, start, end):
        word = tok.group()
        joined = bool(run) and not text[run[-1].end() : tok.start()].strip()
        capital = word[:1].isupper()
        starts_or_joins = joined or not run
        if (capital and not _breaks_name(word) and starts_or_joins) or (
            joined and word.lower() in _PARTICLES
        ):
            run.append(tok)
        else:
            if run:
                yield run
            run = [tok] if capital and not _breaks_name(word) else []
    if run:
        yield run


def name_cuts(text: str, start: int = 0, end: int | None = None) -> list[Cut]:
    """The stretches of ``text[start:end]`` that look like a person's name ("Halima Yakubuvna",
    "Samir Abu Hadrous"): runs of capitalised words that are no group, role, organisation or
    filler word, and no place (a one-word place only after "in", "of", "near" ...)."""
    end = len(text) if end is None else end
    cuts: list[Cut] = []
    for run in _runs(text, start, end):
        while run and run[-1].group().lower() in _PARTICLES:
            run = run[:-1]
        while run and run[0].group().lower() in _PARTICLES and run[0].group()[:1].islower():
            run = run[1:]
        if not run:
            continue
        a, b = run[0].start(), run[-1].end()
        name = _POSSESSIVE.sub("", text[a:b])
        before = text[max(0, a - 12) : a].split()
        after_preposition = bool(before) and before[-1].lower() in _PLACE_PREPOSITIONS
        if (len(run) > 1 or after_preposition) and _is_place(name):
            continue
        following = _TOKEN.match(text, b + 1) if text[b : b + 1] == " " else None
        if name == text[a:b] and following and is_known_word(following.group()):
            continue  # it modifies a group word: "Kherson residents", "Syrian Observatory"
        cuts.append((a, a + len(name)))
    return cuts


def name_parts(name: str) -> set[str]:
    """The name and the words of it that may stand alone later (surname, first name)."""
    parts = {name}
    for tok in _TOKEN.findall(name):
        if len(tok) >= _MIN_PART and tok.lower() not in _PARTICLES and not is_known_word(tok):
            parts.add(_POSSESSIVE.sub("", tok))
    return parts


def occurrences(text: str, names: Iterable[str]) -> list[Cut]:
    """Every whole-word occurrence of each name in ``text`` (case-sensitive)."""
    found: list[Cut] = []
    for name in {n for n in names if len(n) >= _MIN_PART}:
        pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-]|['’][^\Ws])")
        found.extend(m.span() for m in pattern.finditer(text))
    return found


def merge(cuts: Iterable[Cut], text: str) -> tuple[Cut, ...]:
    """Cuts sorted and joined where they overlap or only spaces part them."""
    merged: list[list[int]] = []
    for a, b in sorted(cuts):
        if merged and (a <= merged[-1][1] or not text[merged[-1][1] : a].strip(" \t")):
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def withhold(text: str, cuts: Iterable[Cut]) -> str:
    """``text`` with each cut (positions in ``text``) replaced once by ``MARK``; a marker
    already in ``text`` is left as it is, so markers never nest."""
    done = [m.span() for m in re.finditer(re.escape(MARK), text)]
    kept = [(max(a, 0), min(b, len(text))) for a, b in cuts if a < b]
    kept = [(a, b) for a, b in kept if not any(a < y and x < b for x, y in done)]
    pieces, at = [], 0
    for a, b in merge(kept, text):
        if a < at:
            continue
        pieces += [text[at:a], MARK]
        at = b
    return "".join([*pieces, text[at:]])


def withhold_names(text: str, names: Iterable[str]) -> str:
    """Free text with every whole-word occurrence of the names withheld (found first, each
    stretch replaced once)."""
    return withhold(text, occurrences(text, names))


def _speaker_spans(quote: Quote) -> list[Span]:
    return [s for s in (quote.speaker, quote.speaker_name) if s is not None]


def _quote_is_public(quote: Quote) -> bool:
    from harmledger.extract.actors import source_type

    words = " ".join(s.text for s in (quote.role, quote.affiliation, quote.speaker) if s)
    return source_type(words) in PUBLIC_TYPES


def public_spans(extraction: Extraction) -> list[Span]:
    """Where people are named in a public role: sources of a public type, quote speakers
    with a public role, perpetrators."""
    spans: list[Span] = []
    for claim in extraction.claims:
        attr = claim.attribution
        if attr is not None and attr.source_type in PUBLIC_TYPES:
            spans.append(attr.source)
        spans.extend(a.span for a in claim.perpetrators)
    for quote in extraction.quotes:
        if _quote_is_public(quote):
            spans.extend(_speaker_spans(quote))
    return spans


def private_spans(extraction: Extraction) -> list[Span]:
    """Phrases that name private persons if they name anyone: victims, sources of a type that
    is not public, speakers of quotes without a public role."""
    spans: list[Span] = []
    for claim in extraction.claims:
        spans.extend(a.span for a in claim.victims)
        attr = claim.attribution
        if attr is not None and attr.source_type not in PUBLIC_TYPES:
            spans.append(attr.source)
    for quote in extraction.quotes:
        if not _quote_is_public(quote):
            spans.extend(_speaker_spans(quote))
    return spans


def _introduced(text: str) -> Iterator[Cut]:
    """Names right after a kin, witness or civilian word ("his wife, Zarmina ...", "witness
    Halima ...", "Mrs Svitlana ...") and names listed after "identified as", "including" ..."""
    introducers = _introducers()
    for tok in _TOKEN.finditer(text):
        if tok.group().lower().rstrip(".") not in introducers:
            continue
        gap = re.match(r",?[ \t]+", text[tok.end() :])
        if gap is None:
            continue
        first = name_cuts(text, tok.end() + gap.end(), min(len(text), tok.end() + 80))
        if first and first[0][0] == tok.end() + gap.end():
            yield first[0]
    for intro in _LIST_INTRO.finditer(text):
        stop = _SENTENCE_END.search(text, intro.end())
        yield from name_cuts(text, intro.end(), stop.start() if stop else len(text))


def _described(text: str) -> Iterator[Cut]:
    """Names followed by an age ("Fathi Zletnawi, 27") or a description ("..., a resident",
    "..., whose son was killed"): private unless the person is public."""
    for a, b in name_cuts(text):
        if _AGE_AFTER.match(text, b) or _WHO_AFTER.match(text, b):
            yield a, b


def _inside(spans: Iterable[Span], text: str) -> list[Cut]:
    cuts: list[Cut] = []
    for span in spans:
        if text[span.start : span.end] == span.text:
            cuts.extend(name_cuts(text, span.start, span.end))
        else:  # a span that does not address the text: its names wherever they are
            cuts.extend(occurrences(text, (span.text[a:b] for a, b in name_cuts(span.text))))
    return cuts


def _overlaps(cut: Cut, spans: Iterable[Span]) -> bool:
    return any(cut[0] < s.end and s.start < cut[1] for s in spans)


def _weak_is_public(text: str, cut: Cut, public: list[Span], public_parts: set[str]) -> bool:
    if _overlaps(cut, public):
        return True
    words = set(_TOKEN.findall(text[cut[0] : cut[1]]))
    return bool(words) and words <= public_parts


def document_names(text: str, extraction: Extraction, persons: Sequence[Cut] = ()) -> Names:
    """The private persons named in one document (``persons``: its PERSON entities)."""
    public = public_spans(extraction)
    public_parts = {p for a, b in _inside(public, text) for p in name_parts(text[a:b])}
    strong = [*_inside(private_spans(extraction), text), *_introduced(text)]
    weak = [*_described(text)]
    for a, b in persons:
        weak.extend(name_cuts(text, a, b))
    strong += [c for c in weak if not _weak_is_public(text, c, public, public_parts)]
    places = [p.span for p in extraction.places]
    place_words = {w.lower() for s in places for w in _TOKEN.findall(s.text)}
    strong = [c for c in strong if not _overlaps(c, places)]  # "Kherson" taken for a source
    names: set[str] = set()
    for a, b in strong:
        names |= name_parts(_POSSESSIVE.sub("", text[a:b]))
    names = {n for n in names if n.lower() not in place_words}
    cuts = merge([*strong, *occurrences(text, names)], text)
    return Names(text, cuts, frozenset(names), frozenset(place_words))


@dataclass(frozen=True, slots=True)
class Names:
    """The private persons of one document: where they are named in ``text`` and the names
    (full names and their parts) to look for in text that no position ties to it."""

    text: str
    cuts: tuple[Cut, ...] = ()
    names: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # words of its place mentions, lower-cased: no names

    def at(self, start: int, shown: str) -> str:
        """``shown``, which is ``text[start:start + len(shown)]``, with private names
        withheld by position; text that is not there is withheld by the names in it."""
        end = start + len(shown)
        if start < 0 or self.text[start:end] != shown:
            return self.free(shown)
        return withhold(
            shown, ((a - start, b - start) for a, b in self.cuts if a < end and start < b)
        )

    def free(self, shown: str) -> str:
        """Free text (a headline, a source's name) with the private names in it withheld."""
        return withhold_names(shown, self.names)

    def url(self, url: str) -> str:
        """A URL or file name with private names in it withheld, in any case, also as slugs
        ("/news/ousmane-diakalo-killed")."""
        words = {w.lower() for n in self.names for w in _TOKEN.findall(n) if len(w) >= _MIN_PART}
        found: list[Cut] = []
        for word in words:
            pattern = re.compile(r"(?<![^\W\d_])" + re.escape(word) + r"(?![^\W\d_])", re.I)
            found.extend(m.span() for m in pattern.finditer(url))
        return withhold(url, found)

    def span(self, span: Span) -> Span:
        return replace(span, text=self.at(span.start, span.text))

    def claim(self, claim: Claim) -> Claim:
        """The claim with private names withheld in every span (positions kept)."""
        s = self.span
        count, date, attr, period = claim.count, claim.date, claim.attribution, claim.period
        return replace(
            claim,
            span=s(claim.span),
            trigger=s(claim.trigger),
            count=replace(count, span=s(count.span)) if count.span else count,
            excluding_attackers=_count_withheld(claim.excluding_attackers, s),
            victims=tuple(replace(a, span=s(a.span)) for a in claim.victims),
            perpetrators=tuple(replace(a, span=s(a.span)) for a in claim.perpetrators),
            targets=tuple(s(t) for t in claim.targets),
            places=tuple(s(p) for p in claim.places),
            date=replace(date, span=s(date.span)) if date and date.span else date,
            period=replace(period, span=s(period.span)) if period and period.span else period,
            attribution=replace(attr, source=s(attr.source), relay=tuple(map(s, attr.relay)))
            if attr
            else None,
        )

    def quote(self, quote: Quote) -> Quote:
        """The quote with private names withheld in every span."""
        fields = ("content", "cue", "speaker", "speaker_name", "role", "affiliation", "age",
                  "relayed_via")  # fmt: skip
        spans = {f: getattr(quote, f) for f in fields}
        changed: dict[str, Any] = {f: self.span(v) for f, v in spans.items() if v is not None}
        return replace(quote, **changed)

    def place(self, place: PlaceMention) -> PlaceMention:
        return replace(place, span=self.span(place.span))


def _count_withheld(count: Count | None, withhold_span: Callable[[Span], Span]) -> Count | None:
    if count is None or count.span is None:
        return count
    return replace(count, span=withhold_span(count.span))


def incident_names(incident: Incident) -> set[str]:
    """The private names an incident's own fields give: person names in its victims and in
    its sources of a type that is not public (with their parts)."""
    texts = [s.name for s in incident.sources if s.source_type not in PUBLIC_TYPES]
    names: set[str] = set()
    for text in [*texts, *incident.victims]:
        for a, b in name_cuts(text):
            names |= name_parts(_POSSESSIVE.sub("", text[a:b]))
    return names


def redact_incident(
    incident: Incident, names: Iterable[str] = (), places: Iterable[str] = ()
) -> Incident:
    """The incident with private names withheld in its sources, victims, headline and notes:
    ``names`` (from its documents) and those of ``incident_names``, but never a word of a
    place (``places``, and the incident's own place: "Kherson" taken for a source)."""
    place = incident.place
    keep = {w.lower() for w in places}
    if place is not None:
        keep |= {str(w).lower() for w in (place.name, place.admin1, place.admin2) if w}
    found = frozenset(n for n in incident_names(incident) | set(names) if n.lower() not in keep)

    def free(text: str) -> str:
        return withhold_names(text, found)

    return replace(
        incident,
        sources=tuple(replace(s, name=free(s.name)) for s in incident.sources),
        victims=tuple(free(v) for v in incident.victims),
        headline=free(incident.headline) if incident.headline else incident.headline,
        notes=free(incident.notes),
    )


def spacy_persons(text: str) -> list[Cut]:
    """The PERSON entities spaCy's NER finds in ``text`` (the parser is not run)."""
    from harmledger.extract.nlp import load_nlp

    nlp = load_nlp()
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        doc = nlp(text[: nlp.max_length])
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]


class Redactor:
    """The private names of a store's documents, found once per document and kept."""

    def __init__(self, store: Store, persons: PersonFinder | None = spacy_persons) -> None:
        self.store = store
        self.persons = persons
        self._found: dict[str, Names] = {}

    def of(self, document_id: str) -> Names:
        """The private names of one stored document."""
        if document_id not in self._found:
            text = self.store.get_document(document_id).text
            persons = self.persons(text) if self.persons else ()
            extraction = self.store.extraction(document_id)
            self._found[document_id] = document_names(text, extraction, persons)
        return self._found[document_id]

    def incident(self, incident: Incident) -> Incident:
        """The incident with the private names of all its documents withheld."""
        names: set[str] = set()
        places: set[str] = set()
        for document_id in incident.documents:
            found = self.of(document_id)
            names |= found.names
            places |= found.places
        return redact_incident(incident, names, places)


def claim_names(claim: Claim) -> Names:
    """The private names one claim gives on its own, without its document: person names in
    its victims and in a source that is not public, and names its clause introduces with a kin
    or witness word or an age."""
    texts = [a.span.text for a in claim.victims]
    attr = claim.attribution
    if attr is not None and attr.source_type not in PUBLIC_TYPES:
        texts.append(attr.source.text)
    names: set[str] = set()
    for text in texts:
        for a, b in name_cuts(text):
            names |= name_parts(_POSSESSIVE.sub("", text[a:b]))
    clause = claim.span.text
    for a, b in [*_introduced(clause), *_described(clause)]:
        names |= name_parts(_POSSESSIVE.sub("", clause[a:b]))
    return Names("", (), frozenset(names))


def redacted_extraction(names: Names, extraction: Extraction) -> Extraction:
    """The extraction with private names withheld in every span (positions kept)."""
    return replace(
        extraction,
        claims=tuple(names.claim(c) for c in extraction.claims),
        quotes=tuple(names.quote(q) for q in extraction.quotes),
        places=tuple(names.place(p) for p in extraction.places),
        roles=tuple(replace(f, span=names.span(f.span)) for f in extraction.roles),
    )
