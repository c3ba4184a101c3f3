"""Speaker phrases: a phrase split into name, role, affiliation and age; pronouns resolved.

- A *speaker phrase* ("A resident of Baniyas, Samir Haidar, 67") splits into name, role
  ("resident of Baniyas"), affiliation ("of the X think tank" after a name) and age ("67").
- A pronoun speaker ("he", "it") resolves to the most recent compatible named speaker or
  PERSON/ORG subject before it; a relative ``who`` to the noun it modifies.
- The outlet a statement was made to ("told AFP") is its relay.

The head of the phrase comes from :func:`harmledger.extract.speakers.speaker_of`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from spacy.tokens import Doc, Span, Token

from harmledger.extract import rulebook as rb
from harmledger.extract.nlp import doc_ents, doc_text, ents_within
from harmledger.extract.speakers import according_source

Offsets = tuple[int, int]
# Pronoun -> the kind of antecedent it can refer to.
PRONOUN_KINDS: dict[str, str] = rb.labels("pronoun_kinds")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_RELATIVES = ("who", "which", "that", "whom")
_NAME_LABELS = ("PERSON", "ORG")
_GROUP_LABELS = ("ORG", "NORP", "GPE")
_AFFILIATION_PREPS = ("of", "from", "at", "with")
_YEAR_OLD = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b")
_STRIP = ' ,;:()-–—\n\t"“”'


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    """A speaker phrase split into parts (character offsets into ``doc.text``)."""

    speaker: Offsets
    name: Offsets | None = None
    role: Offsets | None = None
    affiliation: Offsets | None = None
    age: Offsets | None = None
    kind: str = "other"  # "person", "org", "group", "pronoun" or "other"


def _trim(doc: Doc, start: int, end: int) -> Offsets | None:
    """Offsets without edge punctuation, spaces and a leading article; None when empty."""
    text = doc_text(doc)
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    match = re.match(r"(?i)(the|a|an)\s+", text[start:end])
    if match and match.end() < end - start:
        start += match.end()
    return (start, end) if start < end else None


def phrase_bounds(head: Token, stop: Token | None = None) -> tuple[int, int]:
    """Token bounds [i, j) of the noun phrase headed by ``head``, ending before a clause that
    follows it (or before ``stop``)."""
    clauses = ("relcl", "acl", "ccomp", "advcl")
    end = min(
        [c.left_edge.i for c in head.children if c.dep_ in clauses and c.i > head.i]
        + [stop.i if stop is not None and stop.i > head.i else head.right_edge.i + 1]
    )
    left, right = head.left_edge.i, max(head.i + 1, end)
    while right - 1 > head.i and head.doc[right - 1].is_punct:
        right -= 1
    return left, right


def _name_entity(head: Token, bounds: tuple[int, int]) -> Span | None:
    """The PERSON/ORG entity that names the phrase: the head itself, or an apposition."""
    doc = head.doc
    ents = [e for e in ents_within(doc, *bounds) if e.label_ in _NAME_LABELS]
    for ent in ents:
        if ent.start <= head.i < ent.end:
            return ent
    for ent in ents:
        if ent.root.dep_ == "appos" or (ent.start > bounds[0] and doc[ent.start - 1].text == ","):
            return ent
    persons = [e for e in ents if e.label_ == "PERSON" and e.root.head.i == head.i]
    return persons[0] if persons else None


def describe_speaker(head: Token, stop: Token | None = None) -> SpeakerInfo:
    """Split the phrase headed by ``head`` (ending before ``stop``) into its parts."""
    doc = head.doc
    if head.pos_ == "PRON" or head.lower_ in _RELATIVES:
        return SpeakerInfo((head.idx, head.idx + len(head.text)), kind="pronoun")
    bounds = phrase_bounds(head, stop)
    ent = _name_entity(head, bounds)
    if ent is None:
        whole = _trim(doc, doc[bounds[0]].idx, doc[bounds[1] - 1].idx + len(doc[bounds[1] - 1]))
        start, end = whole or (head.idx, head.idx + len(head.text))
        plural = head.tag_ in ("NNS", "NNPS") or head.ent_type_ in _GROUP_LABELS
        age = _year_old(doc, start, end)
        return SpeakerInfo((start, end), age=age, kind="group" if plural else "other")
    name = _trim(doc, ent.start_char, ent.end_char) or (ent.start_char, ent.end_char)
    role, affiliation = _role_and_affiliation(doc, bounds, ent)
    age = _age_after(doc, ent) or _year_old(doc, doc[bounds[0]].idx, ent.start_char)
    kind = "person" if ent.label_ == "PERSON" else "org"
    return SpeakerInfo(name, name, role, affiliation, age, kind)


def _role_and_affiliation(
    doc: Doc, bounds: tuple[int, int], ent: Span
) -> tuple[Offsets | None, Offsets | None]:
    """Role words around the name; an affiliation after it ("of the Y") or before ("Fox's")."""
    role = affiliation = None
    before = [t for t in doc[bounds[0] : ent.start] if not t.is_space]
    possessive = next((t for t in before if t.tag_ == "POS"), None)
    if possessive is not None:
        affiliation = _trim(doc, before[0].idx, possessive.idx)
        before = [t for t in before if t.i > possessive.i]
    if any(t.pos_ in ("NOUN", "PROPN") for t in before):
        role = _trim(doc, before[0].idx, ent.start_char)
    after = list(doc[ent.end : bounds[1]])
    if after and after[0].lower_ in _AFFILIATION_PREPS:
        affiliation = _trim(doc, after[0].idx + len(after[0].text), _clause_end(after))
    elif len(after) > 1 and after[0].text == "," and role is None:
        rest = [t for t in after[1:] if not _is_age(t)]
        if any(t.pos_ == "NOUN" for t in rest):
            role = _trim(doc, rest[0].idx, _clause_end(rest))
    return role, affiliation


def _clause_end(tokens: list[Token]) -> int:
    """The character end of a run of tokens, stopping at the first comma or bracket."""
    kept = list(takewhile(lambda t: t.text not in (",", ";", "(", "—", "–"), tokens))
    last = kept[-1] if kept else tokens[0]
    return last.idx + len(last.text)


def _is_age(token: Token) -> bool:
    """True for a 1-3 digit number between 1 and 120."""
    return token.text.isdigit() and len(token.text) <= 3 and 0 < int(token.text) <= 120


def _age_after(doc: Doc, ent: Span) -> Offsets | None:
    """``Name, 67`` or ``Name (67)``: the age right after the name."""
    window = [t for t in doc[ent.end : min(ent.end + 3, len(doc))] if t.text not in (",", "(")]
    if window and _is_age(window[0]) and window[0].i <= ent.end + 1:
        return window[0].idx, window[0].idx + len(window[0].text)
    return None


def _year_old(doc: Doc, start: int, end: int) -> Offsets | None:
    """The number of a ``67-year-old`` in ``doc.text[start:end]``."""
    match = _YEAR_OLD.search(doc_text(doc), start, end)
    return (match.start(1), match.end(1)) if match else None


@dataclass(frozen=True, slots=True)
class Antecedent:
    """A named mention a later pronoun may refer to."""

    position: int  # character offset
    kind: str  # "person" or "org"
    name: Offsets


def subject_antecedents(doc: Doc) -> list[Antecedent]:
    """PERSON and ORG entities that are subjects of a clause, in text order."""
    ents = [e for e in doc_ents(doc) if e.label_ in _NAME_LABELS and e.root.dep_ in _SUBJECT_DEPS]
    kinds = {"PERSON": "person", "ORG": "org"}
    named = [(e, _trim(doc, e.start_char, e.end_char)) for e in ents]
    return [Antecedent(e.start_char, kinds[e.label_], name) for e, name in named if name]


def resolve_pronoun(pronoun: Token, candidates: list[Antecedent]) -> Offsets | None:
    """The named speaker a pronoun refers to (for ``who``, the noun it modifies)."""
    if pronoun.lower_ in _RELATIVES:
        head = next((a.head for a in pronoun.ancestors if a.dep_ == "relcl"), None)
        return None if head is None else describe_speaker(head).speaker
    wanted = PRONOUN_KINDS.get(pronoun.lower_)
    if wanted is None:
        return None
    accept = {"p": ("person",), "o": ("org",), "g": ("org", "group")}[wanted]
    before = [c for c in candidates if c.position < pronoun.idx and c.kind in accept]
    return max(before, key=lambda c: c.position).name if before else None


def relay_of(cue: Token) -> Offsets | None:
    """The outlet a statement was made to: ``told AFP``, ``said to Reuters``."""
    if according_source(cue) is not None:
        return None
    for child in cue.children:
        target = child
        if child.dep_ == "prep" and child.lower_ in ("to", "with"):
            target = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ not in ("dobj", "dative"):
            continue
        for ent in ents_within(cue.doc, target.left_edge.i, target.right_edge.i + 1):
            if ent.label_ in ("ORG", "WORK_OF_ART"):
                return _trim(cue.doc, ent.start_char, ent.end_char)
    return None
