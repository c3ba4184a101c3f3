"""Noun phrases on the parse: victims, perpetrators and who asserts a claim.

Each function takes spaCy tokens and the stored text and returns record types whose spans slice
that text exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.extract.nlp import doc_ents
from harmledger.models import Actor, Attribution, Certainty, SourceType, Span

_NP_LEFT_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "case", "npadvmod"})
_SKIP_DET = rb.words("skip_determiners")
_LOCATIVE = rb.words("locative_prepositions")
_NOT_SOURCES = rb.words("accusation_verbs")
_PRONOUNS = rb.words("pronouns")


def token_span(text: str, first: Token, last: Token) -> Span:
    """The Span from ``first`` to ``last`` inclusive (in text order, whichever comes first)."""
    if last.i < first.i:
        first, last = last, first
    return Span.of(text, first.idx, last.idx + len(last.text))


def entity_of(token: Token) -> tuple[Token, Token] | None:
    """The first and last tokens of the named entity ``token`` belongs to."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    first = doc[start]
    if first.lower_ == "the" and start < end:
        first = doc[start + 1]
    return first, doc[end]


_DASHES = frozenset({"-", "–", "—", "--"})


def _spaced_dash(token: Token) -> bool:
    """A dash with spaces round it ("BAMAKO - "), not one inside "pro-government"."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return token.text in _DASHES and bool(token.whitespace_) and bool(before and before.whitespace_)


def noun_phrase(text: str, head: Token, *, keep_of: bool = False) -> Span:
    """The phrase around ``head``: its left modifiers (no numbers, no leading article)."""
    first = head
    for child in head.lefts:
        if child.dep_ in _NP_LEFT_DEPS and not child.like_num and child.pos_ not in {"VERB", "AUX"}:
            first = min(first, child.left_edge, key=lambda t: t.i)
            break
    dash = max((t.i for t in head.doc[first.i : head.i] if _spaced_dash(t)), default=None)
    if dash is not None:
        first = head.doc[dash + 1]  # "BAMAKO - Suspected fighters": the dateline is no part
    while first.i < head.i and (
        first.lower_ in _SKIP_DET or first.is_punct or first.like_num or first.dep_ == "quantmod"
    ):
        first = head.doc[first.i + 1]
    last = head
    if keep_of:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
                last = max(last, child.right_edge, key=lambda t: t.i)
    while last.i > head.i and last.is_punct:
        last = head.doc[last.i - 1]
    return token_span(text, first, last)


def conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens coordinated with it ("forces and allied groups")."""
    return [token, *token.conjuncts]


def identity_group(head: Token) -> str | None:
    """An identity group named by a modifier of the victim noun ("Alawite civilians")."""
    for child in head.lefts:
        if child.dep_ in {"compound", "amod", "nmod"} and (
            child.ent_type_ in {"NORP", "GPE"}
            or (child.is_title and child.pos_ in {"PROPN", "ADJ"})
        ):
            if child.ent_type_ == "GPE":
                continue
            return child.text
    return None


def civilian_status(head: Token) -> bool | None:
    lemma = head.lemma_.lower()
    if lemma in lx.CIVILIAN_NOUNS or head.lower_ in lx.CIVILIAN_NOUNS:
        return True
    if lemma in lx.COMBATANT_NOUNS:
        return False
    return None


def victim(text: str, head: Token) -> Actor:
    return Actor(
        noun_phrase(text, head),
        group=identity_group(head),
        civilian=civilian_status(head),
    )


_PERSON_NOUNS = rb.words("person_nouns")


def is_person(token: Token) -> bool:
    """Does the noun name people (victims) rather than things (targets)?"""
    lemma = token.lemma_.lower()
    if token.ent_type_ in {"PERSON", "NORP"}:
        return True
    return any(
        lemma in words
        for words in (lx.CIVILIAN_NOUNS, lx.COMBATANT_NOUNS, lx.KIN_NOUNS, _PERSON_NOUNS)
    ) or lemma in lx.PERPETRATOR_NOUNS - {"jet", "aircraft", "drone", "warplane", "helicopter"}


def is_actor_head(token: Token) -> bool:
    """Can this token head a perpetrator phrase (a group or a named actor, not a weapon)?"""
    if token.lower_ in _PRONOUNS or token.like_num:
        return False
    if token.ent_type_ in {"PERSON", "ORG", "NORP"}:
        return True
    return (
        token.lemma_.lower() in lx.PERPETRATOR_NOUNS or plural_base(token) in lx.PERPETRATOR_NOUNS
    )


def plural_base(token: Token) -> str:
    """The singular of a capitalised plural the tagger took for a name and left unlemmatised
    ("Gunmen stormed ...": gunman; "Militants": militant)."""
    word = token.lower_
    if token.lemma_ != token.text or not token.is_title:
        return token.lemma_.lower()
    if word.endswith("men"):
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def is_denied(token: Token) -> bool:
    """Is the noun denied by its determiner ("no group", "neither side")?"""
    return token.lower_ in lx.NEGATING_DETERMINERS or any(
        c.dep_ == "det" and c.lower_ in lx.NEGATING_DETERMINERS for c in token.children
    )


def _named_modifier(token: Token) -> bool:
    """A modifier that says who: a group, nationality or name ("Taliban assailants")."""
    return token.dep_ in _NAMING_DEPS and (
        token.ent_type_ in {"ORG", "NORP", "GPE", "PERSON"} or token.pos_ == "PROPN"
    )


_NAMING_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_WEAPONS = rb.words("weapon_nouns")


def is_anonymous(token: Token) -> bool:
    """ "assailants", "unknown attackers": says someone did it, not who."""
    words = {token.lemma_.lower(), token.lower_, plural_base(token)}
    if not words & lx.ANONYMOUS_DOERS:
        return False
    doc = token.doc
    own = [c for c in token.lefts if not any(_spaced_dash(t) for t in doc[c.i + 1 : token.i])]
    return not any(_named_modifier(c) for c in own)  # not the dateline's "Afghanistan - "


def modifier_actors(token: Token) -> list[Token]:
    """Actors named by the modifiers of a deed or weapon noun: "an Israeli drone strike" ->
    Israeli, "Ethiopian army shelling" -> army, "coalition air raids" -> coalition."""
    found: list[Token] = []
    for child in token.lefts:
        if child.dep_ not in _NAMING_DEPS or child.like_num:
            continue
        lemma = child.lemma_.lower()
        if child.ent_type_ in {"ORG", "NORP", "GPE"} or (
            lemma in lx.PERPETRATOR_NOUNS and lemma not in _WEAPONS
        ):
            found.append(child)
        elif lemma in _WEAPONS:
            found += modifier_actors(child)  # "Israeli drone" in "an Israeli drone strike"
    return found


def _actor_tokens(head: Token) -> list[Token]:
    """The tokens of ``head`` and its conjuncts that name a perpetrator; a deed or weapon
    without a named doer gives the actors its modifiers name."""
    out: list[Token] = []
    for token in conjuncts(head):
        if is_denied(token) or is_anonymous(token):
            continue
        if is_actor_head(token):
            out.append(token)
        elif not token.ent_type_ and token.pos_ == "NOUN":
            out += modifier_actors(token)
    return out


def perpetrators(text: str, heads: Iterable[Token], certainty: Certainty) -> tuple[Actor, ...]:
    out: list[Actor] = []
    for head in heads:
        for token in _actor_tokens(head):
            ent = entity_of(token)
            if ent and ent[0].i <= token.i <= ent[1].i and token.ent_type_ != "NORP":
                span = token_span(text, *ent)
            else:
                span = noun_phrase(text, token, keep_of=True)
            out.append(Actor(span, certainty=certainty))
    return tuple(out)


def source_type(words: str) -> SourceType:
    """The kind of source, from the words of the source phrase and its role."""
    lowered = words.lower()
    tokens = set(lowered.replace(",", " ").split())
    for kind, cues in lx.SOURCE_TYPE_WORDS:
        for cue in cues:
            if (" " in cue and cue in lowered) or cue in tokens:
                return kind  # type: ignore[return-value]
    return "unknown"


_CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp", "advcl", "xcomp", "conj", "cc"})


def phrase_tokens(token: Token) -> list[Token]:
    """``token``'s noun phrase with appositions and of-phrases, without attached clauses."""
    out = [token]
    for child in token.children:
        if child.dep_ not in _CLAUSE_DEPS:
            out += phrase_tokens(child)
    return sorted(out, key=lambda t: t.i)


def named_in(token: Token) -> tuple[Token, Token] | None:
    """The PERSON or ORG entity inside ``token``'s phrase (appositions included), if any."""
    ent = entity_of(token)
    if ent and token.ent_type_ in {"PERSON", "ORG"}:
        return ent
    tokens = phrase_tokens(token)
    for label, deps in (
        ("PERSON", {"appos", "compound", "nsubj", "pobj"}),
        ("ORG", {"pobj", "compound", "appos"}),
    ):
        for t in tokens:
            if t.ent_type_ == label and t.dep_ in deps:
                return entity_of(t)
    return None


def antecedent(token: Token) -> tuple[Token, Token] | None:
    """The nearest named PERSON (he/she) or ORG (it/they) before a pronoun."""
    wanted = {"he": {"PERSON"}, "she": {"PERSON"}, "it": {"ORG"}, "they": {"ORG", "NORP"}}
    labels = wanted.get(token.lower_)
    if not labels:
        return None
    for ent in reversed(doc_ents(token.doc)):
        if ent.end <= token.i and ent.label_ in labels and token.i - ent.end < 120:
            first = ent[0] if ent[0].lower_ != "the" or len(ent) == 1 else ent[1]
            return first, ent[-1]
    return None


def subject_source(text: str, verb: Token) -> Attribution | None:
    """Who a speech verb's subject is ("Samir Haidar, 67, told AFP that ...")."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects and verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        subjects = [verb.head]  # "one user saying ...", "posts documenting ..."
    if not subjects:
        compounds = [c for c in verb.lefts if c.dep_ in {"compound", "poss", "nmod"}]
        subjects = compounds[:1]
    if not subjects:
        return None
    subject = subjects[0]
    if any(c.dep_ == "det" and c.lower_ in _NO_SOURCE for c in subject.children):
        return None  # "No group has claimed the attack": nobody asserts anything
    named = antecedent(subject) if subject.lower_ in _PRONOUNS else named_in(subject)
    if named:
        span = token_span(text, *named)
    elif subject.lower_ in _PRONOUNS:
        return None
    else:
        span = noun_phrase(text, subject, keep_of=True)
    role_words = " ".join(t.text for t in phrase_tokens(subject))
    if named and subject.lower_ in _PRONOUNS:
        role_words = span.text
    return Attribution(span, source_type(role_words), relay=relays(text, verb))


_OUTLET_NOUNS = rb.words("outlet_nouns")
_NO_SOURCE = rb.words("no_source_determiners")


def relays(text: str, verb: Token) -> tuple[Span, ...]:
    """The outlet a statement was made to ("told AFP", "said to Reuters")."""
    out: list[Span] = []
    for child in verb.children:
        target = None
        if child.dep_ in {"dobj", "dative"} and verb.lemma_ == "tell":
            target = child
        elif child.dep_ in {"prep", "dative"} and child.lower_ == "to":
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        if target is None:
            continue
        ent = entity_of(target)
        if ent and target.ent_type_ in {"ORG", "PERSON"}:
            out.append(token_span(text, *ent))
        elif target.lower_ in lx.WIRE_AGENCIES:
            out.append(token_span(text, target, target))
        elif target.lemma_.lower() in _OUTLET_NOUNS:  # "told Japan's Kyodo news agency"
            out.append(noun_phrase(text, target))
    return tuple(out)


def _citing(text: str, token: Token) -> Attribution | None:
    """ "the state agency reported, citing the health ministry": the ministry is the source
    and the agency that cites it a relay."""
    if token.lemma_.lower() != "cite" or token.pos_ != "VERB":
        return None
    cited = next((c for c in token.children if c.dep_ == "dobj"), None)
    if cited is None:
        return None
    named = named_in(cited)
    span = token_span(text, *named) if named else noun_phrase(text, cited, keep_of=True)
    role = " ".join(t.text for t in phrase_tokens(cited))
    citer = subject_source(text, token.head) if is_speech_verb(token.head) else None
    relay = (citer.source,) if citer is not None else ()
    return Attribution(span, source_type(role), relay=relay)


def according_to(text: str, tokens: Iterable[Token]) -> Attribution | None:
    """The source named in "according to X" or "citing X" within ``tokens``."""
    for token in tokens:
        cited = _citing(text, token)
        if cited is not None:
            return cited
        if token.lower_ != "according":
            continue
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if nxt is None or nxt.lower_ != "to":
            continue
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        named = named_in(pobj)
        span = token_span(text, *named) if named else noun_phrase(text, pobj, keep_of=True)
        role = " ".join(t.text for t in phrase_tokens(pobj))
        return Attribution(span, source_type(role))
    return None


def is_speech_verb(token: Token) -> bool:
    return token.lemma_.lower() in lx.SPEECH_VERBS and token.pos_ in {"VERB", "NOUN", "AUX"}


def attribution_for(text: str, trigger: Token) -> Attribution | None:
    """Who asserts the harm that ``trigger`` states: "according to", or a governing speech verb."""
    sent = trigger.sent
    found = according_to(text, sent)
    if found:
        return found
    node = trigger
    while node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in _NOT_SOURCES:
            break
        if is_speech_verb(node):
            found = subject_source(text, node)
            if found:
                return found
    return None


def certainty_for(trigger: Token) -> Certainty:
    """alleged unless the text says the perpetrator claimed it or it was confirmed."""
    sent_lemmas = {t.lemma_.lower() for t in trigger.sent}
    if "responsibility" in sent_lemmas and "claim" in sent_lemmas:
        return "claimed"
    if "confirm" in sent_lemmas and "unconfirmed" not in sent_lemmas:
        return "confirmed"
    return "alleged"


def is_locative_context(token: Token) -> bool:
    """Is the token the object of a place preposition ("in Baniyas", "resident of Homs")?"""
    node = token
    while node.dep_ in {"compound", "appos", "conj"} and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ in _LOCATIVE
