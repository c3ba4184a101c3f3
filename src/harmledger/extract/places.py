"""Place-name mentions on the parse, before geocoding.

Three sources, longest match wins where they overlap:

- spaCy entities labelled GPE, LOC or FAC;
- the gazetteer's multi-word region and feature names ("Latakia mountains", "coastal
  regions"), matched case-insensitively with a ``PhraseMatcher``;
- other proper-noun entities (spaCy often calls a town PRODUCT or PERSON) that the gazetteer
  knows, when they follow a place preposition ("a resident of Baniyas").

With a gazetteer (``is_known_place``), a one-word entity it does not know is dropped (mostly
people and organisations: "Saakashvili", "Ebola"), and so are street addresses and numbered
roads ("Orchard St.", "Highway 82"), which geoparsing corpora do not ground.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from harmledger.extract import rulebook as rb
from harmledger.extract.actors import is_locative_context
from harmledger.extract.nlp import doc_ents
from harmledger.models import Span
from harmledger.resolve.gazetteer import Gazetteer, normalize

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Labels the small model gives place names it mistakes ("killed in Aleppo" as NORP or
#: LANGUAGE): a place when the gazetteer knows the name and a place preposition governs it.
_MAYBE_PLACE_LABELS = frozenset(
    {"PRODUCT", "PERSON", "ORG", "WORK_OF_ART", "EVENT", "NORP", "LANGUAGE"}
)
_STRIP_WORDS = frozenset({"the"})
_STREET_WORDS = rb.words("street_words")
_ROAD_NUMBER = re.compile(
    r"^(?:(?:U\.?S\.?|State|County|Interstate|Highway|Hwy\.?|Route|Rte\.?|Exit|I|SR|CR)[\s-]+)+"
    r"(?:Road\s+|Route\s+|Highway\s+)?\d+[A-Z]?\b",
    re.IGNORECASE,
)


def is_street(name: str) -> bool:
    """A street address or numbered road ("Orchard St.", "West Broad Street", "Highway 82")."""
    words = name.replace(".", " ").split()
    if len(words) >= 2 and words[-1].lower() in _STREET_WORDS:
        return True
    return bool(_ROAD_NUMBER.match(name.strip())) or bool(re.match(r"^\d+\s+\w", name))


def build_matcher(nlp: Language, names: Iterable[str]) -> PhraseMatcher:
    """A case-insensitive matcher for the gazetteer's multi-word names."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns = [nlp.make_doc(name) for name in sorted(set(names)) if " " in name.strip()]
    if patterns:
        matcher.add("PLACE", patterns)
    return matcher


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end - 1 and doc[start].lower_ in _STRIP_WORDS:
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    return start, end


def _candidates(
    doc: Doc, matcher: PhraseMatcher | None, is_known_place: Callable[[str], bool] | None
) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for ent in doc_ents(doc):
        if ent.label_ in _PLACE_LABELS:
            for start, end in _comma_parts(doc, *_trim(doc, ent.start, ent.end), is_known_place):
                name = doc[start:end].text
                settled = _settlement(doc, start) or _in_named_area(doc, end, is_known_place)
                if is_known_place is None or _plausible(name, is_known_place, settled):
                    found.append((start, end))
        elif (
            ent.label_ in _MAYBE_PLACE_LABELS
            and is_known_place is not None
            and is_locative_context(ent.root)
            and (is_known_place(ent.text) or _in_named_area(doc, ent.end, is_known_place))
        ):
            found += _comma_parts(doc, *_trim(doc, ent.start, ent.end), is_known_place)
    if matcher is not None:
        found += [_trim(doc, s, e) for _, s, e in matcher(doc)]
    if is_known_place is not None:
        found += _untagged_places(doc, is_known_place)
    return found + _named_settlements(doc)


def _comma_parts(
    doc: Doc, start: int, end: int, is_known_place: Callable[[str], bool] | None
) -> list[tuple[int, int]]:
    """A place entity the tagger ran over a comma ("Tavi Tolan, Morvan") is two places, the
    village and the area it lies in, when the gazetteer knows the whole only by its last part;
    otherwise the entity as it is ("Washington, D.C.")."""
    commas = [t.i for t in doc[start:end] if t.text == ","]
    if not commas or is_known_place is None or is_known_place(doc[start:end].text):
        return [(start, end)]
    bounds = [start - 1, *commas, end]  # each part runs from after a comma to the next
    parts = [(a + 1, b) for a, b in pairwise(bounds)]
    parts = [(a, b) for a, b in parts if b > a]
    if len(parts) < 2 or not is_known_place(doc[parts[-1][0] : parts[-1][1]].text):
        return [(start, end)]
    return parts


def _in_named_area(doc: Doc, end: int, is_known_place: Callable[[str], bool] | None) -> bool:
    """The name is followed by a comma and a place the gazetteer knows, as a village is by the
    district or province it lies in ("in Dorakhel, Zarvan, Kelvaria"; the tagger may
    call "Tavi Marun" a person there): the geocoder places it in that area."""
    if is_known_place is None or end + 1 >= len(doc) or doc[end].text != ",":
        return False
    last = end + 1
    while last < len(doc) and last - end <= 3 and doc[last].is_title and doc[last].pos_ == "PROPN":
        last += 1
    return last > end + 1 and is_known_place(doc[end + 1 : last].text)


def _untagged_places(doc: Doc, is_known_place: Callable[[str], bool]) -> list[tuple[int, int]]:
    """A run of capitalised proper nouns the tagger left without an entity, governed by a
    place preposition ("shelling in Aleppo"), is a place when the gazetteer knows the name as
    a country, a division or a city of 100,000 or more (``is_big_place``: smaller names are
    too often people and firms)."""
    found = []
    for tok in doc:
        if tok.ent_type_ or tok.pos_ != "PROPN" or not tok.is_title:
            continue
        if not is_locative_context(tok):
            continue
        first, end = _hyphenated(doc, tok.i)
        if end - first > 1:  # "South-West", "Extreme-North": the whole name or none
            known = is_known_place(doc[first:end].text)
            if known or _in_named_area(doc, end, is_known_place):
                found.append((first, end))
            continue
        start = tok.i
        while start > 0 and tok.i - start < 2 and _bare_name(doc[start - 1]):
            start -= 1
        name = doc[start : tok.i + 1].text
        if is_known_place(name) and is_big_place(name):
            found.append((start, tok.i + 1))
    return found


def _hyphenated(doc: Doc, i: int) -> tuple[int, int]:
    """The tokens of the name written with hyphens that token ``i`` is part of ("South-West",
    "Extreme-North"): capitalised words joined by hyphens without spaces; ``(i, i + 1)`` for
    a word standing alone."""

    def joined(hyphen: int) -> bool:
        return (
            0 < hyphen < len(doc) - 1
            and doc[hyphen].text == "-"
            and not doc[hyphen - 1].whitespace_
            and not doc[hyphen].whitespace_
            and doc[hyphen - 1].is_title
            and doc[hyphen + 1].is_title
        )

    first, end = i, i + 1
    while joined(first - 1):
        first -= 2
    while joined(end):
        end += 2
    return first, end


def _bare_name(tok: Token) -> bool:
    return not tok.ent_type_ and tok.pos_ == "PROPN" and tok.is_title


def _named_settlements(doc: Doc) -> list[tuple[int, int]]:
    """ "the town of Sake", "the village of Ngoshe": a run of proper nouns after a settlement
    noun and "of" is a place even when the tagger took it for no entity."""
    found = []
    for tok in doc:
        if tok.pos_ != "PROPN" or not tok.is_title or not _settlement(doc, tok.i):
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i < 4 and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        found.append((tok.i, end))
    return found


def _plausible(name: str, is_known_place: Callable[[str], bool], settlement: bool = False) -> bool:
    """Keep a place entity unless it is a street or an unknown single word (one named as a
    settlement, "the village of X", is kept: the geocoder places it in the area the text
    gives)."""
    if is_street(name):
        return False
    return len(name.split()) > 1 or settlement or is_known_place(name)


_SETTLEMENT_NOUNS = rb.words("settlement_nouns")


def _settlement(doc: Doc, start: int) -> bool:
    """The entity follows "village of", "town of" ..."""
    return (
        start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _SETTLEMENT_NOUNS
    )


def find_place_spans(
    doc: Doc,
    text: str,
    *,
    matcher: PhraseMatcher | None = None,
    is_known_place: Callable[[str], bool] | None = None,
) -> list[Span]:
    """Non-overlapping place mentions, longest first where they compete, in text order.

    With a gazetteer, upper-case datelines ("BEIRUT —") are places too, a one-word place
    that names a person here ("coach Ripley", "Linda Fairfield ... Fairfield said") is not,
    and a place name found once is a place wherever else it is written the same way, unless
    it is once written as a disease ("West Nile virus", "Marburg fever"): then it is no place.
    """
    found = _candidates(doc, matcher, is_known_place)
    if is_known_place is not None:
        found += _datelines(doc, text, is_known_place)
    chosen = _non_overlapping(doc, found)
    if is_known_place is not None:
        people = _person_words(doc) | _speakers(doc, chosen)
        chosen = [
            (s, e) for s, e in chosen
            if not _names_person(doc, s, e, people) and not _street_follows(doc, e)
        ]  # fmt: skip
        chosen = _non_overlapping(doc, chosen + _repeats(doc, chosen, people))
        diseases = _disease_names(doc, chosen)
        chosen = [(s, e) for s, e in chosen if doc[s:e].text.lower() not in diseases]
    spans = []
    for start, end in chosen:
        first, last = doc[start], doc[end - 1]
        spans.append(Span.of(text, first.idx, last.idx + len(last.text)))
    return spans


DISEASE_WORDS = rb.words("disease_words")


def _disease_names(doc: Doc, chosen: Iterable[tuple[int, int]]) -> set[str]:
    """Lower-cased names that the text uses once as a disease name ("Marburg virus")."""
    return {
        doc[s:e].text.lower() for s, e in chosen if e < len(doc) and doc[e].lower_ in DISEASE_WORDS
    }


def _non_overlapping(doc: Doc, found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest first, then leftmost; returned in text order."""
    chosen: list[tuple[int, int]] = []
    taken: set[int] = set()  # token indices of the chosen spans: no scan of every chosen one
    for start, end in sorted(found, key=lambda se: (se[0] - se[1], se[0])):
        if any(i in taken for i in range(start, end)):
            continue
        if doc[start:end].text.strip() == "":
            continue
        chosen.append((start, end))
        taken.update(range(start, end))
    return sorted(chosen)


_DATELINE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))[ \t]*([A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3})"
    r"(?=(?:,[ \t]*[A-Z][A-Za-z.]{1,12})?[ \t]*(?:\([A-Za-z ]+\)[ \t]*)?(?:—|–|--|-[ \t]))"
)


def _datelines(doc: Doc, text: str, is_known_place: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Upper-case place names that open a paragraph or sentence before a dash ("BEIRUT --")."""
    found = []
    for m in _DATELINE.finditer(text):
        name = m.group(1).rstrip(".")
        if sum(c.isalpha() for c in name) < 3 or not is_known_place(name):
            continue
        span = doc.char_span(m.start(1), m.start(1) + len(name), alignment_mode="expand")
        if span is not None:
            found.append((span.start, span.end))
    return found


_PERSON_TITLES = rb.words("person_titles")


def _person_words(doc: Doc) -> frozenset[str]:
    """Surnames of the people named in full in this document ("Linda Fairfield")."""
    return frozenset(
        ent[-1].text
        for ent in doc_ents(doc)
        if ent.label_ == "PERSON" and len(ent) > 1 and not any(t.text == "," for t in ent)
    )  # "Tavi Tolan, Morvan", a village and its province, is no person's name


SPEECH_VERBS = rb.words("speech_verbs_place_speakers")


def _speakers(doc: Doc, chosen: Iterable[tuple[int, int]]) -> frozenset[str]:
    """One-word mentions that speak here ("Noma said", "said Petrova"), unless a big place
    ("Moscow said" is metonymy, and a toponym)."""
    return frozenset(
        doc[s].text
        for s, e in chosen
        if e - s == 1
        and doc[s].dep_ == "nsubj"
        and doc[s].head.lemma_ in SPEECH_VERBS
        and not is_big_place(doc[s].text)
    )


def _street_follows(doc: Doc, end: int) -> bool:
    """The mention is the first part of a street name ("Darby Street", "North Avenue")."""
    return end < len(doc) and doc[end].is_title and doc[end].lower_.rstrip(".") in _STREET_WORDS


def _names_person(doc: Doc, start: int, end: int, people: frozenset[str]) -> bool:
    """A one-word mention that is a surname here, or follows a title ("coach Ripley")."""
    if end - start != 1:
        return False
    before = doc[start - 1].lower_.rstrip(".") if start > 0 else ""
    return doc[start].text in people or before in _PERSON_TITLES


def _is_entity(doc: Doc, start: int, size: int, labels: set[str]) -> bool:
    """The words are exactly one entity with one of ``labels`` ("Hamas", not "Gaza Police")."""
    begins = doc[start].ent_iob_ == "B" and doc[start].ent_type_ in labels
    after = doc[start + size] if start + size < len(doc) else None
    return begins and (after is None or after.ent_iob_ != "I")


def _repeats(
    doc: Doc, chosen: Sequence[tuple[int, int]], people: frozenset[str]
) -> list[tuple[int, int]]:
    """Other occurrences of the chosen names (one sense per text).

    Not inside a longer person name, not an organisation entity of its own ("Hamas"), and
    not a surname or after a title ("coach Ripley").
    """
    names = {tuple(t.text for t in doc[s:e]) for s, e in chosen}
    firsts = {name[0] for name in names}
    starts: dict[str, list[int]] = {}
    for token in doc:  # one pass over the text, not one per name
        if token.text in firsts:
            starts.setdefault(token.text, []).append(token.i)
    found = []
    for name in names:
        size = len(name)
        for i in starts.get(name[0], ()):
            if i + size > len(doc) or tuple(t.text for t in doc[i : i + size]) != name:
                continue
            person = any(t.ent_type_ == "PERSON" for t in doc[i : i + size])
            if (person and not _is_entity(doc, i, size, {"PERSON"})) or _is_entity(
                doc, i, size, {"ORG", "NORP"}
            ):
                continue
            if not _names_person(doc, i, i + size, people):
                found.append((i, i + size))
    return found


_EMBEDDING_LABELS = frozenset({"ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "FAC"})


def find_embedded_place_spans(
    doc: Doc,
    text: str,
    is_major_place: Callable[[str], bool],
    taken: Iterable[Span] = (),
    *,
    big_place: Callable[[str], bool] | None = None,
) -> list[Span]:
    """Places named inside other names or as adjectives: "the Louisiana Purchase", "French".

    These are toponyms too (a geoparser reports them), but they say nothing about where harm
    happened, so the claim rules do not use them. The longest sub-phrase of at most three
    capitalised words that ``is_major_place`` accepts is taken, once per entity. One word
    alone must also be named as a place elsewhere in the text (``taken``) or pass
    ``big_place`` (default: ``is_big_place`` below): "Wilson Elementary" and "the UN
    Security Council" name people and bodies, not the small towns Wilson and Un.
    """
    taken = list(taken)
    used = [(s.start, s.end) for s in taken]
    literal = {s.text.lower() for s in taken}
    big = big_place or is_big_place

    def accepts(sub: SpacySpan) -> bool:
        if not is_major_place(sub.text):
            return False
        return len(sub) > 1 or sub.text.lower() in literal or big(sub.text)

    found: list[Span] = []
    for ent in doc_ents(doc):
        if ent.label_ not in _EMBEDDING_LABELS:
            continue
        if any(ent.start_char < e and s < ent.end_char for s, e in used):
            continue
        sub = _major_subphrase(ent, accepts)
        if sub is not None:
            span = Span.of(text, sub[0].idx, sub[-1].idx + len(sub[-1].text))
            found.append(span)
            used.append((span.start, span.end))
    return sorted(found, key=lambda s: s.start)


def _major_subphrase(ent: SpacySpan, accepts: Callable[[SpacySpan], bool]) -> SpacySpan | None:
    for size in (3, 2, 1):
        for i in range(len(ent) - size + 1):
            sub = ent[i : i + size]
            if not all(t.is_title or t.is_upper for t in sub) or _common_word(sub):
                continue
            if accepts(sub):
                return sub
    return None


BIG_PLACE_POPULATION = 100_000


def is_big_place(name: str) -> bool:
    """A name the default gazetteer knows as a country, division, region or city of 100,000+."""
    gazetteer = Gazetteer.default()
    if not gazetteer.is_known_place(name):
        return False
    key = normalize(name)
    return any(
        c.feature_class in ("A", "L") or c.population >= BIG_PLACE_POPULATION
        for c in gazetteer.candidates(name)
        if normalize(c.name) == key
        or c.where_prec >= 4
        or c.gazetteer_id is not None
        or c.feature_code.startswith("PCL")
    )


_GENERIC_NAME_WORDS = rb.words("generic_name_words")


def _common_word(sub: SpacySpan) -> bool:
    """One generic word that is also some town's name ("University", "Police", "Bell")."""
    return len(sub) == 1 and sub.text.lower() in _GENERIC_NAME_WORDS
