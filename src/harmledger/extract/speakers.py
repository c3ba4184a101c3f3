"""The attribution side of a quote: the cue (a reporting word), what it reports, who spoke.

- A *cue* is a reporting verb ("said"), statement noun ("the claim that") or stance adjective
  ("confident that") from the cue lexicons of :mod:`harmledger.extract.lexicon` with
  the complements that carry what was said, or a verb with a ``that``-clause object.
- A *speaker phrase* ("A resident of Baniyas, Samir Haidar, 67") splits into name, role
  ("resident of Baniyas"), affiliation ("of the X think tank" after a name) and age ("67").
- A pronoun speaker ("he", "it") resolves to the most recent compatible named speaker or
  PERSON/ORG subject before it; a relative ``who`` to the noun it modifies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import takewhile

from spacy.tokens import Doc, Span, Token

from harmledger.extract.lexicon import ADJ_FRAMES, CONTENT_PREPS, NOUN_FRAMES, VERB_FRAMES
from harmledger.extract.nlp import doc_text

Offsets = tuple[int, int]
Quoted = Callable[[Token], bool]  # True for a token inside quotation marks (never a speaker)


def _frames(table: str) -> dict[str, str]:
    """``"say:cx refer:p"`` -> ``{"say": "cx", "refer": "p"}``."""
    return dict(item.split(":") for item in table.split())


def wordset(words: str) -> frozenset[str]:
    """The set of the whitespace-separated words."""
    return frozenset(words.split())


# Pronoun -> the kind of antecedent it can refer to.
PRONOUN_KINDS = _frames("he:p she:p him:p her:p his:p it:o its:o they:g their:g we:g")
_OBJECT_DEPS = ("dobj", "dative", "oprd", "xcomp", "acomp", "prep")
_CONTRASTS = wordset("while although though whereas")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLIMB_DEPS = wordset("conj xcomp advcl ccomp pcomp acl prep pobj dep acomp oprd dobj attr")
_RELATIVES = ("who", "which", "that", "whom")
_NAME_LABELS = ("PERSON", "ORG")
_GROUP_LABELS = ("ORG", "NORP", "GPE")
_AFFILIATION_PREPS = ("of", "from", "at", "with")
_YEAR_OLD = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b")
_STRIP = ' ,;:()-–—\n\t"“”'


def frame_of(token: Token) -> str:
    """The complement kinds a cue word takes, or "" when it is not a cue."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        generic = token.pos_ == "VERB" and any(  # "made clear that ..."
            c.dep_ == "ccomp" and c.i > token.i and _has_that(c) for c in token.children
        )
        return VERB_FRAMES.get(lemma, "") or ("c" if generic else "")
    if token.pos_ == "NOUN":
        return NOUN_FRAMES.get(lemma, "")
    return ADJ_FRAMES.get(lemma, "") if token.pos_ == "ADJ" else ""


def _has_that(clause: Token) -> bool:
    """True for a clause introduced by ``that``."""
    return clause.left_edge.lower_ == "that" or any(
        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
    )


def is_cue(token: Token) -> bool:
    """True for a cue word, and for the "according" of "according to X"."""
    return bool(frame_of(token)) or according_source(token) is not None


def according_source(token: Token) -> Token | None:
    """X in "according to X", when ``token`` is its "according"."""
    doc = token.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    return next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)


def _chosen(cue: Token, frame: str) -> list[Token]:
    """The children of a cue that its frame takes as what was said."""
    kids = [k for k in cue.children if k.i > cue.i or cue.pos_ == "VERB"]
    noun_clause = ("acl", "ccomp") if cue.pos_ != "VERB" else ()  # "the claim that ..."
    clause = [k for k in kids if k.dep_ == "ccomp" or (k.dep_ in noun_clause and _has_that(k))]
    infinitive = [k for k in kids if k.dep_ in ("xcomp", "acl") and _infinitive(k)]
    if "c" in frame and clause:
        return clause
    if "x" in frame and infinitive:
        return [k for k in kids if k.dep_ == "dobj" and "o" in frame] + infinitive
    if "o" in frame and cue.pos_ == "VERB" and any(k.dep_ == "dobj" for k in kids):
        return [k for k in kids if k.i > cue.i and k.dep_ in _OBJECT_DEPS]
    if "p" in frame:
        preps = [k for k in kids if k.dep_ == "prep" and k.lower_ in CONTENT_PREPS and k.i > cue.i]
        objects = [c for k in preps for c in k.children if c.dep_ in ("pobj", "pcomp")]
        return objects[:1]  # "referred to X": X
    return []


def _infinitive(token: Token) -> bool:
    """True for a ``to``-infinitive verb."""
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return token.dep_ == "xcomp" or (token.pos_ in ("VERB", "AUX") and to)


def complement(cue: Token) -> Offsets | None:
    """What a cue reports: the complement its frame allows ("said (that) X"), what follows a
    colon ("X reports: ..."), or the clause a verb interrupts ("The plan, he said, will fail")."""
    frame, doc = frame_of(cue), cue.doc
    chosen = _chosen(cue, frame)
    if not chosen and cue.pos_ == "VERB" and cue.i + 1 < len(doc) and doc[cue.i + 1].text == ":":
        end = doc_text(doc).find("\n", cue.idx)
        end = len(doc_text(doc)) if end < 0 else end
        return token_offsets(doc.char_span(doc[cue.i + 1].idx + 1, end, "contract") or [])
    if not chosen and "c" in frame and cue.dep_ == "parataxis":
        chosen = [cue.head]
    if not chosen:
        return None
    left = min(k.left_edge.i for k in chosen)
    right = max(_right_edge(k, inner=True) for k in chosen)
    if not any(k.dep_ == "ccomp" for k in chosen):
        right = max(right, _right_edge(cue))  # "acknowledged the costs and ordered limits"
    while right > left and (doc[right].dep_ == "cc" or doc[right].is_punct):
        right -= 1  # "defended the budget and [warned ...]"
    return token_offsets(doc[left : right + 1])


def _right_edge(head: Token, inner: bool = False) -> int:
    """The last token of ``head``'s phrase without trailing clauses that are not part of what
    was said ("..., while Y said ...", "... and Z insisted", "..., according to X", "...,
    saying Y": a cue of its own), at any depth; ``inner`` for a phrase inside what was said,
    whose coordinated verbs stay in it ("said she was X and would back Y")."""
    right = head.i
    for child in head.children:
        if child.i > head.i and not child.is_punct and not _detached(child, inner):
            right = max(right, _right_edge(child, inner))
    return right


def _detached(child: Token, inner: bool = False) -> bool:
    """True for a trailing clause with a contrast or a subject of its own, or one that
    reports something itself ("..., noting that Y", "... and warned that Y")."""
    if child.dep_ == "conj" and inner:
        return False
    if child.dep_ in ("advcl", "conj") and _own_cue(child):
        return True
    if child.dep_ == "advcl" and frame_of(child):  # "..., while Y says Z"
        return any(c.dep_ == "mark" and c.lower_ in _CONTRASTS for c in child.children)
    if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and frame_of(child):
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
    return child.dep_ == "prep" and child.lower_ == "according"


def _own_cue(verb: Token) -> bool:
    """True for a participle or coordinated verb that is a cue with a complement."""
    if verb.pos_ != "VERB" or (verb.dep_ == "advcl" and verb.tag_ != "VBG"):
        return False
    frame = frame_of(verb)
    return bool(frame) and bool(_chosen(verb, frame))


def token_offsets(tokens: Iterable[Token]) -> Offsets | None:
    """Character bounds of tokens without edge punctuation and spaces; None when empty."""
    kept = [t for t in tokens if not t.is_space]
    while kept and kept[0].is_punct:
        kept = kept[1:]
    while kept and kept[-1].is_punct:
        kept = kept[:-1]
    return (kept[0].idx, kept[-1].idx + len(kept[-1].text)) if kept else None


def speaker_of(cue: Token, quoted: Quoted) -> Token | None:
    """The head of a cue's speaker phrase: X of "according to X", the owner of a statement
    noun ("his claim"), the subject of a verb or stance adjective."""
    source = according_source(cue)
    if source is not None:
        return source
    if cue.pos_ == "NOUN":
        named = [c for c in cue.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        owners = [c for c in cue.children if c.dep_ == "poss"] + named  # "Trump claims"
        owner = owners[0] if owners else _by_phrase(cue, "prep", ("by", "from"))
        verb = next((a for a in cue.ancestors if a.pos_ in ("VERB", "AUX")), None)
        pronoun = owner is not None and owner.pos_ == "PRON" and cue.dep_ == "dobj"
        if (owner is None or pronoun) and verb is not None and cue.dep_ != "nsubj":
            owner = subject_of(verb, quoted) or owner  # "X stepped up his attacks on Y"
        return None if owner is not None and owner.i == cue.i else owner
    if cue.pos_ == "ADJ" and cue.dep_ == "amod":
        return cue.head  # "Democratic leaders increasingly worried about ..."
    return subject_of(cue, quoted)


def subject_of(verb: Token, quoted: Quoted) -> Token | None:
    """A verb's speaker: its subject or ``by`` agent, climbing through conjunctions, clauses
    and participles ("a spokesman saying ..."); never a quoted token."""
    current = verb
    for _ in range(6):
        agent = _by_phrase(current, "agent")
        if agent is not None and (current is verb or verb.tag_ != "VBG"):
            return agent  # but "was booed by X after telling Y": the one booed tells
        subjects = [c for c in current.children if c.dep_ in _SUBJECT_DEPS and not quoted(c)]
        subjects.sort(key=lambda c: c.lower_ in _RELATIVES)  # "which they say ...": "they"
        if subjects:
            return subjects[0]
        head = current.head
        if current.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return _participle_owner(current, head, quoted)
        if current.dep_ not in _CLIMB_DEPS or head.i == current.i:
            break
        # "She said she admires X and highlighted Y", "said they would back him, while
        # stressing Z": a conjunct or participle in a reported clause goes with the reporter
        lift = current.dep_ == "conj" or (current.dep_ == "advcl" and current.tag_ == "VBG")
        current = head.head if lift and head.dep_ == "ccomp" else head
    found = _dominated_subject(verb, quoted) or noun_before(verb, quoted)
    found = found or _name_before(verb, quoted) or _inverted_subject(verb, quoted)
    return found or _inverted_subject(current, quoted) or _sentence_subject(verb, quoted)


def _participle_owner(participle: Token, noun: Token, quoted: Quoted) -> Token:
    """Who speaks in a participle attached to a noun: the noun ("a spokesman saying"), or the
    clause's subject when the noun is an object ("issued a statement calling", "attacked
    Romney, calling him ...")."""
    if participle.doc[participle.i - 1].text == ",":  # "fired his chief, X, acknowledging"
        verb = noun
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        owner = subject_of(verb, quoted) if verb.pos_ in ("VERB", "AUX") else None
        return owner or noun
    if noun.dep_ == "dobj" and noun.pos_ == "NOUN":
        return subject_of(noun.head, quoted) or noun
    return noun


def _inverted_subject(verb: Token, quoted: Quoted) -> Token | None:
    """A name right after a verb that follows a quote or a comma ("“...,” said Skelly", which
    the parser may read as an adverb)."""
    doc = verb.doc
    if verb.i + 1 >= len(doc) or verb.i == verb.sent.start:
        return None
    before, after = doc[verb.i - 1], doc[verb.i + 1]
    if before.text not in (",", "”", '"', "''") or not after.is_title or quoted(after):
        return None
    while after.dep_ == "compound" and after.head.i > after.i:
        after = after.head
    return after if after.pos_ in ("PROPN", "NOUN", "ADV", "ADJ") else None


def _sentence_subject(verb: Token, quoted: Quoted) -> Token | None:
    """The first subject in the verb's sentence before it, or a sentence-opening name parsed
    as the root ("Trump defended X, calling it ..."): a last resort for misparsed clauses."""
    for token in verb.doc[verb.sent.start : verb.i]:
        named = token.ent_type_ in _NAME_LABELS or token.is_title
        if quoted(token) or not (named or token.pos_ in ("PROPN", "NOUN", "PRON")):
            continue
        opening = token.dep_ == "ROOT" and token.i == verb.sent.start and token.pos_ != "PRON"
        if token.dep_ in _SUBJECT_DEPS or opening:
            return token
    return None


def _by_phrase(word: Token, dep: str, preps: tuple[str, ...] = ("by",)) -> Token | None:
    """The object of a ``by`` phrase (or one of ``preps``: "criticism from X") attached to
    ``word`` with ``dep`` (agent or prep)."""
    for child in word.children:
        if child.dep_ == dep and child.lower_ in preps:
            return next((o for o in child.children if o.dep_ == "pobj"), None)
    return None


def _dominated_subject(verb: Token, quoted: Quoted) -> Token | None:
    """The nearest subject before the verb that it dominates ("X, noting Y, said")."""
    before = verb.doc[verb.sent.start : verb.i]
    found = [t for t in before if t.dep_ == "nsubj" and not quoted(t) and verb in t.ancestors]
    return min(found, key=lambda t: len(_path_to(t, verb))) if found else None


def noun_before(word: Token, quoted: Quoted) -> Token | None:
    """The head of a noun phrase ending right before ``word`` ("X, the candidate stated")."""
    position = word.i - 1
    while position >= word.sent.start and word.doc[position].pos_ in ("ADV", "AUX", "PART"):
        position -= 1
    if position < word.sent.start:
        return None
    token = word.doc[position]
    while token.dep_ in ("compound", "amod", "nummod") and token.head.i > token.i:
        token = token.head
    return token if token.pos_ in ("NOUN", "PROPN", "PRON") and not quoted(token) else None


def _name_before(verb: Token, quoted: Quoted) -> Token | None:
    """The last PERSON/ORG name before the verb in its sentence with no verb in between
    ("X, 44, said", "X, a military spokesman in Baghdad, said")."""
    names = [e for e in verb.doc.ents if e.label_ in _NAME_LABELS and verb.sent.start <= e.start]
    names = [e for e in names if e.end <= verb.i and not quoted(e.root)]
    if not names or any(t.pos_ in ("VERB", "AUX") for t in verb.doc[names[-1].end : verb.i]):
        return None
    return names[-1].root


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


def _path_to(token: Token, head: Token) -> list[Token]:
    """The tokens from ``token`` up to (not including) ``head``."""
    chain: list[Token] = []
    while token.i != head.i and token.head.i != token.i:
        chain.append(token)
        token = token.head
    return chain


def _name_entity(head: Token, bounds: tuple[int, int]) -> Span | None:
    """The PERSON/ORG entity that names the phrase: the head itself, or an apposition."""
    doc = head.doc
    ents = [
        e
        for e in doc.ents
        if e.label_ in _NAME_LABELS and bounds[0] <= e.start < e.end <= bounds[1]
    ]
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
    ents = [e for e in doc.ents if e.label_ in _NAME_LABELS and e.root.dep_ in _SUBJECT_DEPS]
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
        for ent in cue.doc.ents:
            inside = target.left_edge.i <= ent.start and ent.end <= target.right_edge.i + 1
            if ent.label_ in ("ORG", "WORK_OF_ART") and inside:
                return _trim(cue.doc, ent.start_char, ent.end_char)
    return None
