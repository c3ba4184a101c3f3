"""Who was responsible: perpetrators named outside the harm clause.

Reports often name the perpetrator in a sentence of its own: "The front claimed responsibility
for the attack", "Police blamed the bombing on the cartel", "the massacre, for which they hold
the army responsible", "the attack was carried out by urban commandos". The harm verb's own
agent (``triggers``) misses these. ``responsible_actors`` finds such statements on the parse;
``attribute_responsibility`` gives their actors to the claims they are about, as perpetrators
with the statement's certainty ("claimed" when the actor says so itself, "attributed" when
someone else puts it on them, else "alleged"); a denied statement ("No group claimed
responsibility") names nobody:

- the claims of the statement's own sentence, else
- the claims of the nearest sentence before it in the same paragraph that has claims, else
- the claims of the next sentence with claims in the same paragraph.

A claim that already has a perpetrator keeps it and gets none added. Every actor keeps the span
of its words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from harmledger.extract import actors
from harmledger.extract import rulebook as rb
from harmledger.extract.voice import children, is_passive
from harmledger.extract.zeros import is_event_harm
from harmledger.models import Actor, Certainty, Claim

#: Verbs whose subject says it did the deed: "X claimed responsibility".
_OWN_UP = rb.words("own_up_verbs")
#: Verbs that put the deed on someone else: "blamed X", "attributed ... to X".
_ASCRIBE = rb.words("ascribe_verbs")
#: Verbs of doing a deed: "carried out by X", "X perpetrated the massacre".
_DO = rb.words("do_verbs")
_RESPONSIBILITY = rb.words("responsibility_nouns")
_RESPONSIBLE = rb.words("responsibility_adjectives")
#: Nouns of a violent deed, the object of ``_DO`` verbs.
_DEEDS = rb.words("deeds")


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence naming who was responsible, with the actors' head tokens."""

    sent: SpacySpan
    heads: tuple[Token, ...]
    certainty: Certainty


def _objects_of(verb: Token, *preps: str, deep: bool = False) -> list[Token]:
    """The objects of ``verb``'s prepositions ``preps`` ("to X", "on X", "by X"); with
    ``deep``, also of its object's ("blamed the bombing on X", parsed onto "bombing")."""
    heads = [verb, *children(verb, "dobj")] if deep else [verb]
    return [
        obj
        for head in heads
        for prep in head.children
        if prep.dep_ in {"prep", "agent", "dative"} and prep.lower_ in preps
        for obj in children(prep, "pobj")
    ]


def _owned_up(noun: Token) -> list[Token]:
    """ "X claimed responsibility", "responsibility was claimed by X"."""
    verb = noun.head
    if noun.dep_ not in {"dobj", "nsubjpass"} or verb.lemma_.lower() not in _OWN_UP:
        return []
    if noun.dep_ == "nsubjpass":
        return _objects_of(verb, "by")
    return children(verb, "nsubj")


def _held_responsible(word: Token) -> list[Token]:
    """ "hold X responsible", "X is responsible for"."""
    verb = word.head
    if word.dep_ in {"ccomp", "xcomp", "oprd"} and children(word, "nsubj"):
        return children(word, "nsubj")  # "hold the army responsible", parsed as a clause
    if word.dep_ == "acomp" and verb.lemma_.lower() == "be":
        return children(verb, "nsubj")
    if verb.lemma_.lower() in _HOLD:
        held = children(verb, "dobj", "nsubjpass")
        return held or ([verb.head] if verb.dep_ == "relcl" and verb.head.pos_ != "VERB" else [])
    return []


def _ascribed(verb: Token) -> list[Token]:
    """ "blamed X", "blamed the attack on X", "attributed (the attack) to X", "X suspected of"."""
    by_prep = _objects_of(verb, "to", "on", deep=True)
    if by_prep:
        return by_prep
    if is_passive(verb):
        return children(verb, "nsubjpass")
    return children(verb, "dobj")


def _done_by(verb: Token) -> list[Token]:
    """ "X carried out the attack", "the massacre was perpetrated by X"."""
    if verb.lemma_.lower() == "carry" and not any(c.lower_ == "out" for c in verb.children):
        return []
    deeds = children(verb, "dobj", "nsubjpass")
    if verb.dep_ in {"acl", "relcl"}:
        deeds.append(verb.head)
    if not any(d.lemma_.lower() in _DEEDS for d in deeds):
        return []
    return (
        _objects_of(verb, "by")
        if is_passive(verb) or verb.dep_ == "acl"
        else children(verb, "nsubj")
    )


def _statement_heads(token: Token) -> tuple[list[Token], Certainty] | None:
    lemma = token.lemma_.lower()
    if lemma in _RESPONSIBILITY:
        return _owned_up(token), "claimed"
    if lemma in _RESPONSIBLE:
        return _held_responsible(token), "alleged"
    if token.pos_ != "VERB":
        return None
    if lemma in _ASCRIBE:
        return _ascribed(token), "attributed"
    if lemma in _DO:
        return _done_by(token), "alleged"
    return None


def _can_be_responsible(token: Token) -> bool:
    """An actor noun, a named entity or a proper noun that is not itself a deed: the statement
    says it is an actor."""
    if token.lemma_.lower() in _DEEDS:
        return False
    return actors.is_actor_head(token) or (token.pos_ == "PROPN" and not token.like_num)


def _negated(token: Token) -> bool:
    """ "has not claimed responsibility", "did not blame": the statement denies the deed."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    return any(c.dep_ == "neg" for c in verb.children)


def responsible_actors(doc: Doc) -> Iterator[Statement]:
    """Every statement of responsibility in ``doc`` whose actor can head a perpetrator; a
    denied one ("No group claimed responsibility", "did not claim") names nobody."""
    for token in doc:
        found = _statement_heads(token)
        if found is None or _negated(token):
            continue
        heads = tuple(h for h in found[0] if _can_be_responsible(h) and not actors.is_denied(h))
        if heads:
            yield Statement(token.sent, heads, found[1])


def _told_before(sent: SpacySpan, claim: Claim) -> bool:
    """Is the claim's trigger a deed named with "the"/"this" ("responsibility for the attack"),
    i.e. one told of before?"""
    token = next((t for t in sent if t.idx == claim.trigger.start), None)
    if token is None or token.pos_ != "NOUN":
        return False
    return any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in token.children)


_DEFINITE = rb.words("definite_determiners")
_HOLD = rb.words("hold_responsible_verbs")


def _paragraph(text: str, position: int) -> int:
    """The number of the paragraph (blank-line separated) that ``position`` lies in."""
    return text.count("\n\n", 0, position)


def _harm_told(claim: Claim) -> bool:
    """A claim of harm done (``zeros.is_event_harm``): a toll stated as zero or a background
    total ("killed across the three attacks") is not what a statement of responsibility for
    "the attack" is about."""
    return is_event_harm(claim)


def _addressees(statement: Statement, claims: Sequence[Claim], text: str) -> list[int]:
    """Indices of the claims the statement is about (see module doc)."""
    sent = statement.sent
    same = [
        k
        for k, c in enumerate(claims)
        if sent.start_char <= c.trigger.start < sent.end_char and _harm_told(c)
    ]
    if same and not all(_told_before(statement.sent, claims[k]) for k in same):
        return same
    para = _paragraph(text, sent.start_char)
    near = [
        k
        for k, c in enumerate(claims)
        if _paragraph(text, c.trigger.start) == para and _harm_told(c)
    ]
    before = [k for k in near if claims[k].trigger.start < sent.start_char]
    after = [k for k in near if claims[k].trigger.start >= sent.end_char]
    if before:
        last = max(claims[k].span.start for k in before)
        return same + [k for k in before if claims[k].span.start == last]
    if same or not after:
        return same
    first = min(claims[k].span.start for k in after)
    return [k for k in after if claims[k].span.start == first]


def _actors(text: str, statement: Statement) -> tuple[Actor, ...]:
    """The statement's actors as perpetrator mentions: a whole named entity, else the noun
    phrase with its "of" complement ("urban commandos of the front")."""
    out: list[Actor] = []
    for head in statement.heads:
        for token in actors.conjuncts(head):
            if not _can_be_responsible(token) or actors.is_anonymous(token):
                continue
            ent = actors.entity_of(token)
            if ent and token.ent_type_ in {"ORG", "PERSON"}:
                span = actors.token_span(text, *ent)
            else:
                span = actors.noun_phrase(text, token, keep_of=True)
            out.append(Actor(span, certainty=statement.certainty))
    return tuple(out)


def attribute_responsibility(doc: Doc, text: str, claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """``claims`` with the actors of responsibility statements added as perpetrators."""
    out = list(claims)
    for statement in responsible_actors(doc):
        found = _actors(text, statement)
        for k in _addressees(statement, out, text):
            claim = out[k]
            if claim.perpetrators or not found:
                continue
            victims = {v.span for v in claim.victims}
            kept = tuple(a for a in found if a.span not in victims)
            if kept:
                out[k] = replace(claim, perpetrators=kept)
    return tuple(out)
