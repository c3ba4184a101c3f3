"""Which way a harm verb points, and where the parser put its subjects.

``is_passive`` and ``small_clause`` tell a verb whose subject suffered the harm ("was
detonated", "(left one dead and) two others injured"); ``passive_subjects`` finds that subject
also where the parser hangs it elsewhere: on the auxiliary ("the guard was flogged" read as
"was" with a complement, ``complement_of_be``), or on the clause that "before being shot"
hangs on (``gerund_subject``).
"""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract import actors


def children(token: Token, *deps: str) -> list[Token]:
    """The children of ``token`` with one of the dependency labels ``deps``."""
    return [c for c in token.children if c.dep_ in deps]


def is_passive(verb: Token) -> bool:
    """Has the verb a passive subject or auxiliary ("was detonated")?"""
    return bool(children(verb, "auxpass", "nsubjpass"))


def small_clause(token: Token) -> bool:
    """ "(left one dead and) two others injured": a participle with a subject but no auxiliary
    tells what happened to its subject."""
    subjects = children(token, "nsubj")
    if token.tag_ not in {"VBN", "VBD"} or not subjects or children(token, "dobj"):
        return False
    if token.tag_ == "VBD" and (token.dep_ != "conj" or actors.is_actor_head(subjects[0])):
        return False  # "and three other people wounded", tagged as a past tense
    if any(c.pos_ == "VERB" and children(c, "dobj") for c in children(token, "conj")):
        return False  # "two assailants shot and injured a lawmaker": they shot him
    return not children(token, "aux", "auxpass")


def complement_of_be(verb: Token) -> bool:
    """ "the other guard was flogged", parsed as "was" with "flogged" its complement."""
    return verb.tag_ == "VBN" and verb.dep_ == "acomp" and verb.head.lemma_ == "be"


def passive_subjects(verb: Token) -> list[Token]:
    """The subjects of a passive participle, also where the parser hangs them elsewhere: on
    its auxiliary ("the guard was flogged" read as "was" and a complement), or on the
    clause that "before being shot" hangs on."""
    own = children(verb, "nsubjpass", "nsubj")
    if own:
        return own
    auxiliaries = [verb.head] if complement_of_be(verb) else children(verb, "auxpass")
    found = [s for aux in auxiliaries for s in children(aux, "nsubj", "nsubjpass")]
    return found or gerund_subject(verb)


def gerund_subject(verb: Token) -> list[Token]:
    """ "A teacher was seized at a market before being shot": the one shot is the subject of the
    clause that "before being shot" hangs on."""
    being = any(c.dep_ == "auxpass" and c.lower_ == "being" for c in verb.children)
    if not being or verb.dep_ != "pcomp" or verb.head.dep_ != "prep":
        return []
    return children(verb.head.head, "nsubjpass", "nsubj")


def pobj_of(token: Token, prep: str) -> list[Token]:
    """The objects of the preposition ``prep`` under ``token`` ("killed by gunmen")."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ == prep:
            out.extend(children(child, "pobj"))
    return out
