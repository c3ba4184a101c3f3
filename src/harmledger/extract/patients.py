"""Who a harm happened to: the victims, targets and count of a trigger's patients.

``victims_and_count`` reads the patients of a harm trigger: people are victims with a count
("two of his brothers and his niece": exactly 3), things are targets ("burned homes").
Coordinations the parser split, "along with" companions and animals are handled here
("five assailants and eight officers", "killed along with two officers", "30 goats").
"""

from __future__ import annotations

from spacy.tokens import Token

from harmledger.extract import actors
from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.extract.counts import count_from_span, unknown_count
from harmledger.extract.datelines import is_dateline
from harmledger.extract.phrase_counts import (
    ONE_PERSON_PRONOUNS,
    count_of,
    enumerated,
    is_number,
    number_phrase,
    one_more,
    part_count,
    person_named_before,
    reflexive_antecedent,
)
from harmledger.extract.triggers import Trigger
from harmledger.models import Actor, Count, Span

_GENERIC_VICTIMS = rb.words("generic_victims")
_TIME_NOUNS = rb.words("date_nouns")
_MEDIA_NOUNS = rb.words("media_nouns")
_DOWNED = rb.words("downed_things")


def _patient_nouns(head: Token) -> list[Token]:
    """The nouns a patient names: "dozens of residents" -> residents, "villagers" -> itself."""
    if not is_number(head) and head.lemma_.lower() != "number":
        return [head]
    return [p for prep in head.children if prep.lower_ == "of" for p in prep.children
            if p.dep_ == "pobj"]  # fmt: skip


def split_patients(text: str, trig: Trigger) -> tuple[list[Actor], list[Span]]:
    """Victims (people) and targets (things) among the trigger's patients.

    Killing, injury, abduction, detention and displacement happen to people; an attack or
    destruction may hit people or things ("attacked a bridge", "burned homes").
    """
    victims: list[Actor] = []
    targets: list[Span] = []
    heads = _patient_heads(trig) if trig.patients else []
    for noun in (n for h in heads for n in _patient_nouns(h)):
        if noun.pos_ not in {"NOUN", "PROPN"} or noun.lemma_.lower() in _GENERIC_VICTIMS:
            continue
        if noun.ent_type_ in {"DATE", "TIME"} or noun.lemma_.lower() in _TIME_NOUNS:
            continue  # "attacks in Korvel on this date": a time, not what was attacked
        if trig.kind == "property" or (trig.kind == "attacked" and not actors.is_person(noun)):
            targets.append(actors.noun_phrase(text, noun, keep_of=True))
        else:
            victims.append(actors.victim(text, noun))
    return victims, targets


_COUNTED_PRONOUNS = ONE_PERSON_PRONOUNS | {"both", "one"}  # "one was injured": one person
_NOMINAL = frozenset({"NOUN", "PROPN", "NUM", "PRON"})


def animals_only(trig: Trigger) -> bool:
    """Are all the patients of a harm to people animals?"""
    return _patients_all_in(trig, lx.ANIMAL_NOUNS)


def machines_only(trig: Trigger) -> bool:
    """Are all the patients of a harm to people machines of war ("the air force said it had
    shot down 48 drones")? No one was harmed: no claim."""
    return _patients_all_in(trig, _DOWNED)


def _patients_all_in(trig: Trigger, lemmas: frozenset[str]) -> bool:
    if trig.kind not in {"killed", "injured", "abducted"} or not trig.patients:
        return False
    nouns = [n for h in _patient_heads(trig) for n in _patient_nouns(h)]
    return bool(nouns) and all(n.lemma_.lower() in lemmas for n in nouns)


def _patient_heads(trig: Trigger) -> list[Token]:
    """The coordinated heads of the trigger's patients, nouns only ("9 killed and another 14
    wounded": 14, not the verb it is parsed as coordinated with). Two subjects of one verb
    are one coordination the parser split ("five assailants and eight officers were killed").
    "killed along with two other officers" adds those officers."""
    first = trig.patients[0]
    heads = [*_named_before_others(first), *_lead_item(trig.token, first), first]
    heads += [c for c in first.conjuncts if c.pos_ in _NOMINAL]
    heads += [c for c in _listed_apposition(first) if c not in heads]
    if len(heads) > 2 and _breakdown_of(first, heads[1:]):
        heads = [first]  # "Three people, two officers and a civilian, were killed"
    for other in trig.patients[1:]:
        if _split_coordination(first, other) and other not in heads:
            heads += [other] + [c for c in other.conjuncts if c.pos_ in _NOMINAL]
    heads += [c for c in _along_with(trig.token) if c not in heads]
    if trig.kind == "killed":  # "in addition to the bomber, four were injured": he died
        heads += [c for c in _in_addition_to(trig.token) if c not in heads]
    heads = _without_speakers(heads)
    people = [h for h in heads if h.lemma_.lower() not in lx.ANIMAL_NOUNS]
    return people if people and trig.kind != "property" else heads


def _without_speakers(heads: list[Token]) -> list[Token]:
    """ "killing 10 passengers, residents and a hospital official said": the people between
    a comma and a speech verb without a subject of its own are its speakers, which the parser
    took for more victims. Never all of the heads."""
    ordered = sorted(heads, key=lambda t: t.i)
    if len(ordered) < 2:
        return heads
    doc = ordered[-1].doc
    after = ordered[-1].right_edge.i + 1
    if after >= len(doc) or not _subjectless_speech(doc[after]):
        return heads
    k = len(ordered) - 1
    while k > 1 and _joined_by_and(ordered[k]):
        k -= 1
    before = ordered[k].left_edge.i - 1
    if doc[before].text != ",":
        return heads
    speakers = {t.i for t in ordered[k:]}
    return [h for h in heads if h.i not in speakers]


def _subjectless_speech(verb: Token) -> bool:
    return verb.lemma_.lower() in lx.SPEECH_VERBS and not any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children
    )


def _joined_by_and(head: Token) -> bool:
    """Is the head joined to the one before it by a bare "and" ("residents and a hospital
    official"), not by a comma?"""
    before = head.left_edge.i - 1
    doc = head.doc
    return before > 0 and doc[before].lower_ in {"and", "or"} and doc[before - 1].text != ","


_SUM_NOUNS = rb.words("sum_nouns")
_INCLUDING = rb.words("inclusion_words")
_BESIDES = rb.words("addition_prepositions")
_ALONG = rb.words("along_words")


def _lead_item(verb: Token, first: Token) -> list[Token]:
    """ "Three brothers, their uncle and a neighbour were shot dead", the parser hanging the
    list's first item on the verb as a modifier: a counted noun of people right before the
    subject, a comma between them, is the list's first item."""
    doc = first.doc
    for item in verb.children:
        if item.dep_ != "npadvmod" or item.i > first.i or item.pos_ != "NOUN":
            continue
        comma = item.right_edge.i + 1
        counted = any(c.dep_ == "nummod" for c in item.children)
        if counted and doc[comma].text == "," and comma + 1 == first.left_edge.i:
            return [item]
    return []


def _named_before_others(first: Token) -> list[Token]:
    """ "Tolan and two others were killed", the parser leaving the name out of the subject
    (taken for an adjective or the sentence's root): the person the text named before."""
    if first.lower_ != "others" or first.left_edge.i < 2:
        return []
    doc = first.doc
    conjunction, name = doc[first.left_edge.i - 1], doc[first.left_edge.i - 2]
    if conjunction.lower_ != "and" or name in first.conjuncts or name.head == first:
        return []
    return [name] if person_named_before(name) else []


def _listed_apposition(first: Token) -> list[Token]:
    """ "One police officer, one soldier, and three assailants were killed": a list the
    parser hangs on its first item as an apposition. "Three people, two officers and a
    civilian" is a breakdown of the people, not more of them."""
    if first.lemma_.lower() in _SUM_NOUNS or is_number(first):
        return []
    for appos in (c for c in first.children if c.dep_ == "appos" and c.pos_ == "NOUN"):
        counted = any(c.dep_ == "nummod" for c in appos.children)
        if counted and any(c.dep_ == "nummod" for c in first.children):
            return [appos, *(c for c in appos.conjuncts if c.pos_ in _NOMINAL)]
    return []


def _breakdown_of(first: Token, rest: list[Token]) -> bool:
    """Do the items after "N people" add up to N (who they were, not more of them)?"""
    if first.lemma_.lower() not in _SUM_NOUNS:
        return False
    total = count_of(first.doc.text, first).low
    parts = [count_of(first.doc.text, h) for h in rest]
    return (
        total is not None
        and all(p.low is not None for p in parts)
        and (sum(p.low or 0 for p in parts) == total)
    )


def _in_addition_to(verb: Token) -> list[Token]:
    """ "In addition to the bomber, at least 21 people were killed": the bomber died too.
    Only people are added ("in addition to the market" adds nothing)."""
    out: list[Token] = []
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ == "in":  # "in addition to X"
            for addition in (c for c in prep.children if c.lemma_.lower() == "addition"):
                out += [p for to in addition.children if to.lower_ == "to" for p in to.children]
        elif prep.lower_ in _BESIDES:
            out += list(prep.children)
    return [
        p for p in out if p.dep_ == "pobj" and (actors.is_person(p) or p.tag_ in {"NNP", "NNPS"})
    ]


def _counted_apposition(verb: Token) -> list[Token]:
    """ "In addition to the assailant, 12 people, including civilians, were killed": the
    parser hangs the subject on the bomber as an apposition; it is the verb's subject."""
    return [
        item
        for person in _in_addition_to(verb)
        for item in (*person.children, *person.conjuncts)
        if item.dep_ in {"appos", "conj"} and any(c.dep_ == "nummod" for c in item.children)
    ]


def _split_coordination(first: Token, other: Token) -> bool:
    """Two subjects or objects of one verb with "and" between them: one coordination the
    parser split ("five assailants and eight officers were killed")."""
    if other.dep_ != first.dep_ or other.pos_ not in _NOMINAL:
        return False
    lo, hi = sorted((first.i, other.i))
    if any(_open_list(t) for t in first.doc[lo:hi]):
        return False  # "eight people, including a civilian, ... and five assailants": a list
    return any(t.dep_ == "cc" and t.lower_ == "and" for t in first.doc[lo:hi])


def _open_list(token: Token) -> bool:
    """ "including a civilian, two guards, and ...": an "including" list of two or more items,
    whose last item the parser may take for another subject. One item ("including the police
    chief, and five assailants") closes it."""
    if token.lower_ not in _INCLUDING or token.dep_ != "prep":
        return False
    return any(o.conjuncts for o in token.children if o.dep_ == "pobj")


def _along_with(verb: Token) -> list[Token]:
    """ "was killed along with two other officers", "together with his son"."""
    out: list[Token] = []
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "with":
            continue
        before = verb.doc[prep.i - 1] if prep.i > 0 else None
        if before is not None and before.lower_ in _ALONG:
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in _NOMINAL]
            out += [t for o in objects for t in (o, *o.conjuncts) if t.pos_ in _NOMINAL]
    return out


def victims_and_count(text: str, trig: Trigger) -> tuple[tuple[Actor, ...], Count]:
    if not trig.patients:
        if trig.number is not None:
            return (), count_from_span(number_phrase(text, trig.number)) or unknown_count(None)
        return (), Count(None, None, None, "unknown")
    head = trig.patients[0]
    heads = _patient_heads(trig)
    victims, _targets = split_patients(text, trig)
    if len(heads) > 1:
        return tuple(victims), enumerated(text, heads)
    if _uncounted_pronoun(head):
        return tuple(victims), Count(None, None, None, "unknown")
    return tuple(victims), count_of(text, head)


def _uncounted_pronoun(head: Token) -> bool:
    """ "they were killed": a pronoun that gives no count ("another", "both", "he" do)."""
    return head.pos_ == "PRON" and not (one_more(head) or head.lower_ in _COUNTED_PRONOUNS)


_ATTACKERS = rb.words("attacker_nouns")


def count_excluding_attackers(text: str, trig: Trigger) -> Count | None:
    """The toll without the attackers the text counts among the harmed: "At least 24 soldiers
    and 18 assailants were killed" -> 24 or more; "In addition to the bomber, 21 people were
    killed" -> 21; "Five assailants were killed" -> none (0). None when no attacker is among
    them."""
    if not trig.patients or trig.kind not in {"killed", "injured"}:
        return None
    heads = _patient_heads(trig)
    rest = [h for h in heads if not _is_attacker(h)]
    if not rest:
        return Count(0, 0, 0, "exact", actors.token_span(text, heads[0].left_edge, heads[-1]))
    if len(rest) == len(heads):
        return None
    if len(rest) > 1:
        return enumerated(text, rest)
    return None if _uncounted_pronoun(rest[0]) else part_count(text, rest[0])


def consistent_part(count: Count, part: Count | None) -> Count | None:
    """``part`` (the toll without attackers) when it can be a part of ``count``: not when the
    whole is unknown ("Soldiers and attackers killed") or smaller than the part."""
    if part is None or part.best == 0:
        return part
    if count.low is None or count.qualifier == "unknown":
        return None
    return None if part.low is not None and part.low > count.low else part


def _is_attacker(head: Token) -> bool:
    """ "assailants", "the bomber", "three attackers": the attack's own men ("killing
    themselves": the bombers)."""
    nouns = _patient_nouns(reflexive_antecedent(head) or head)
    return bool(nouns) and all(n.lemma_.lower() in _ATTACKERS for n in nouns)


_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _dateline(token: Token) -> bool:
    """Is the token the place of the report's dateline ("KUNDUZ, Afghanistan - ")?"""
    text = token.doc.text
    return is_dateline(text, Span(token.idx, token.idx + len(token.text), token.text))


def normalise_patients(trig: Trigger) -> Trigger:
    """The patients as the text means them: a subject parsed as an apposition of "in addition
    to the bomber" is the subject (``_counted_apposition``); a dateline parsed as a subject
    ("KHERSON, Ukraine - At least 12 civilians were killed") is no victim: place names leave
    the patients of a harm to people when another patient is there, and leaves the agents when
    another agent is there."""
    if len(trig.agents) > 1:  # "KUNDUZ, Afghanistan - Gunmen stormed": the bureau did not
        trig.agents = [a for a in trig.agents if not _dateline(a)] or trig.agents
    if not trig.patients and trig.kind in {"killed", "injured"}:
        trig.patients = _counted_apposition(trig.token)[:1]
    if any(p.lemma_.lower() in _MEDIA_NOUNS for p in trig.patients):
        # "Photo 7 of 12 A man died": a gallery's caption number counts no one
        trig.patients = [p for p in trig.patients if p.lemma_.lower() not in _MEDIA_NOUNS]
    if trig.kind in {"attacked", "property"} or len(trig.patients) < 2:
        return trig
    people = [p for p in trig.patients if p.ent_type_ not in _PLACE_ENTS]
    if people and len(people) < len(trig.patients):
        trig.patients = people
    return trig
