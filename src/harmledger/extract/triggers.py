"""Harm triggers on the parse: which word states harm, of what kind, to whom, by whom.

A trigger is a verb ("were killed"), an intransitive verb ("died"), an event noun ("the killing
of", "looting of homes"), a state ("12 dead") or a toll ("the death toll rose to 45"). Each
becomes a ``Trigger`` with its patient and agent tokens; ``claims.py`` turns those into claims.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span, Token

from harmledger.errors import ConfigError
from harmledger.extract import actors
from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.extract.noun_patients import cared_for, injury_holder, not_dates, whose
from harmledger.extract.rulebook import PatternRule
from harmledger.extract.voice import (
    children,
    complement_of_be,
    gerund_subject,
    is_passive,
    passive_subjects,
    pobj_of,
    small_clause,
)

# Word lists, by concept (rules_data/*.toml; docs/RULES.md says what each one is).
_AT = rb.words("aimed_at_prepositions")
_ACCUSE = rb.words("blame_governors")
_FIRE_WORDS = rb.words("fire_words")
#: What explodes: "a bomb exploded at the hotel", "a charge went off at the exchange".
_EXPLOSIVES = rb.words("explosives")
_SITE_PREPS = rb.words("site_prepositions")
_BLAST_VERBS = rb.words("blast_verbs")
_BLAST_NOUNS = rb.words("blast_nouns")
#: Explosives whose name alone tells of a bomb ("charge", "package", "stick" do not).
_BOMB_WORDS = rb.words("bomb_words")
_WOUNDING = rb.words("wounding_verbs")
_GUNFIRE = rb.words("gunfire_words")
_POISON = rb.words("poison_words")
_PERSONAL = rb.words("personal_pronouns")
_REFLEXIVE = rb.words("reflexive_pronouns")
_VICTIMS = rb.words("victim_words")
_FOUND_DEAD = rb.words("found_dead_verbs")
_MULTIPLE = rb.words("multiple_words")
_ATTEMPTED = rb.words("attempted_words")
_COUNTABLE_HARMS = rb.words("multiple_victim_nouns")
_STRIKE_COMPOUNDS = rb.words("strike_compounds")
#: Nouns a harm noun can modify without telling of any harm ("death threats").
_NO_HARM_HEADS = rb.words("no_harm_heads")
_PEOPLE = rb.words("people_nouns")
_FATAL_ADVERBS = rb.words("fatal_adverbs")
_FATAL_ADJECTIVES = rb.words("fatal_adjectives")
_NOBODY = rb.words("nobody_patients")
_CONDITIONAL = rb.words("harm_conditional_marks")
_NONFACTUAL_DETS = rb.words("nonfactual_determiners")
_NEARLY = rb.words("near_miss_adverbs")


@dataclass(slots=True)
class Trigger:
    token: Token
    kind: str
    patients: list[Token] = field(default_factory=list)
    agents: list[Token] = field(default_factory=list)
    number: Token | None = None  # a count not attached to a patient ("death toll ... 45")
    nominal: bool = False
    whole: Token | None = None  # the harm verb this count is a part of ("shot, two fatally")
    wounding: bool = False  # "was shot": hit, so wounded, unless the sentence tells a death


def _aimed_at(token: Token) -> list[Token]:
    """What "set fire to" and "fired (rockets) at" hit: the object of "to"/"at"/"on" on the
    verb or on its object, not the fire or the weapon."""
    if token.lemma_.lower() not in {"set", "fire"}:
        return []
    preps = ("to", "on") if token.lemma_.lower() == "set" else _AT
    heads = (token, *children(token, "dobj"))
    hit = [o for h in heads for p in preps for o in pobj_of(h, p)]
    # Text order, what follows the verb first ("Upon their arrival, he fired at police": the
    # police), not the order of the word set, which follows the hash seed.
    hit.sort(key=lambda o: (o.i < token.i, o.i))
    return [o for o in hit if o.lemma_.lower() not in _FIRE_WORDS]


def _blast(token: Token) -> bool:
    """A bomb going off: "exploded", "went off", "was detonated", "detonated a bomb"."""
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    if lemma == "go" and not any(c.lower_ == "off" for c in token.children):
        return False
    if lemma not in _BLAST_VERBS:
        return False
    things = children(token, "nsubj", "nsubjpass", "dobj")
    return any(t.lemma_.lower() in _EXPLOSIVES for t in things)


def _explosives_in(sent: Span) -> bool:
    return any(t.lemma_.lower() in _BOMB_WORDS for t in sent)


def _blast_trigger(token: Token, nominal: bool = False) -> Trigger:
    """An attack on where the bomb went off: the objects of "at", "in front of", "near"."""
    trig = Trigger(token, "attacked", nominal=nominal)
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in _SITE_PREPS:
            continue
        for site in children(prep, "pobj"):
            if site.lower_ == "front":  # "in front of the bank"
                trig.patients += [o for p in children(site, "prep") for o in children(p, "pobj")]
            elif site.ent_type_ not in {"GPE", "LOC", "DATE", "TIME"}:
                trig.patients.append(site)
    if token.lemma_.lower() == "detonate" and not is_passive(token):
        trig.agents = children(token, "nsubj")
    else:
        trig.agents = pobj_of(token, "by")
    return trig


def verb_kind(token: Token) -> tuple[str, bool] | None:
    """(kind, transitive) for a harm verb, or None: the first rule of
    ``rules_data/verb_kinds.jsonl`` whose pattern has ``token`` as its anchor (and whose
    condition holds) says."""
    for rule, condition, kinds in _verb_rules():
        if not rule.token.matches_at(token):
            continue
        if condition is not None and not condition(token):
            continue
        if kinds is not None:
            return kinds[token._.lemma_lower], rule.transitive
        return None if rule.kind is None else (rule.kind, rule.transitive)
    return None


def _poison_before(token: Token) -> bool:
    """Does the report tell of poison or gas before the end of the token's sentence?"""
    return any(t.lemma_.lower() in _POISON for t in token.doc[: token.sent.end])


#: What a pattern cannot say, by the name a rule gives in its "when".
_CONDITIONS: dict[str, Callable[[Token], bool]] = {
    "gunfire_in_sentence": lambda token: _gunfire_in(token.sent),
    "poison_in_report": _poison_before,
}


_VerbRule = tuple[PatternRule, Callable[[Token], bool] | None, dict[str, str] | None]


@cache
def _verb_rules() -> tuple[_VerbRule, ...]:
    """The verb-kind rules in priority order, each with its condition and, for a rule whose
    kind comes from a list, that list's word -> kind."""
    out: list[_VerbRule] = []
    for rule in rb.load().patterns("verb_kinds"):
        if rule.when is not None and rule.when not in _CONDITIONS:
            known = ", ".join(sorted(_CONDITIONS))
            raise ConfigError(f"{rule.where}: unknown condition {rule.when!r} (known: {known})")
        condition = _CONDITIONS[rule.when] if rule.when is not None else None
        kinds = rb.labels(rule.kind_from) if rule.kind_from is not None else None
        out.append((rule, condition, kinds))
    return tuple(out)


def from_verb(token: Token) -> Trigger | None:
    if _blast(token):
        return _blast_trigger(token)
    found = verb_kind(token)
    if found is None:
        return None
    kind, transitive = found
    trig = Trigger(token, kind)
    if not transitive:
        trig.patients = children(token, "nsubj", "nsubjpass")
        if not trig.patients and token.dep_ == "conj":  # "was shot and later died"
            trig.patients = children(token.head, "nsubjpass", "nsubj")
        return trig
    passive = small_clause(token) or is_passive(token) or complement_of_be(token)
    if passive or (token.tag_ == "VBN" and token.dep_ in {"acl", "amod", "relcl"}):
        trig.patients = passive_subjects(token) or (
            [token.head] if token.dep_ in {"acl", "amod"} else []
        )
        trig.agents = pobj_of(token, "by")
    else:
        trig.patients = _aimed_at(token) or children(token, "dobj")
        trig.agents = children(token, "nsubj")
        if token.dep_ == "relcl" and trig.agents and trig.agents[0].lower_ in {"who", "that"}:
            trig.agents = [token.head]
        if token.dep_ in {"pcomp", "pobj"} and token.head.lower_ == "of":
            trig = _accused(trig, token.head.head)
    return _wounded(_shared_arguments(trig))


def _gunfire_in(sent: Span) -> bool:
    """Does the sentence tell of shooting (so that "hit" means hit by a bullet)?"""
    return any(t.lemma_.lower() in _GUNFIRE for t in sent)


def _wounded(trig: Trigger) -> Trigger:
    """People shot or stabbed were hit: an injury ("a man was shot in the leg"), where an
    attack on a thing or no one named stays an attack ("shot at the car", "shots were fired")."""
    patient = trig.patients[0] if trig.patients else None
    if trig.kind != "attacked" or patient is None:
        return trig
    if trig.token.lemma_.lower() not in _WOUNDING:
        return trig
    if _shot_person(patient):
        trig.kind, trig.wounding = "injured", True
    return trig


def _shot_person(patient: Token) -> bool:
    """Is the one shot or stabbed a person: a person noun or name, a number of them, a personal
    or reflexive pronoun ("shot himself"), "the victims", a proper noun that is no place or
    organisation ("Gaines was shot"), or someone given an age ("an 8-year-old")?"""
    if actors.is_person(patient) or patient.like_num:
        return True
    if patient.lower_ in _PERSONAL | _REFLEXIVE or patient.lemma_.lower() in _VICTIMS:
        return True
    if patient.pos_ == "PROPN" and patient.ent_type_ not in {"GPE", "LOC", "FAC", "ORG", "PRODUCT"}:
        return True
    return patient.lower_ == "old" and any(c.dep_ == "npadvmod" for c in patient.children)


def _shared_arguments(trig: Trigger) -> Trigger:
    """A verb coordinated with an earlier one shares its arguments: "two men were shot and
    killed" (patients), "gunmen stormed the village and killed 12" (agents)."""
    token, head = trig.token, trig.token.head
    if token.dep_ != "conj" or head.pos_ not in {"VERB", "AUX"}:
        return trig
    if children(token, "nsubj", "nsubjpass"):
        return trig
    shared = children(head, "nsubjpass") or gerund_subject(head)
    if token.tag_ == "VBN" and not children(token, "dobj") and shared:
        trig.patients = shared
        trig.agents = trig.agents or pobj_of(head, "by")
    elif not trig.agents and token.tag_ != "VBN":
        trig.agents = children(head, "nsubj")
    return trig


def _accused(trig: Trigger, governor: Token) -> Trigger:
    if governor.lemma_.lower() in _ACCUSE:
        trig.agents = children(governor, "nsubjpass", "dobj") or children(governor, "nsubj")
    return trig


def _multiple_victims(trig: Trigger) -> None:
    """ "a quadruple shooting": four people shot, so (like "four people were shot") wounded."""
    for child in trig.token.lefts:
        if child.dep_ in {"amod", "compound"} and child.lower_ in _MULTIPLE:
            trig.kind, trig.wounding, trig.number = "injured", True, child


def from_noun(token: Token) -> Trigger | None:
    lemma = token.lemma_.lower()
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    compound = next((c.lemma_.lower() for c in token.lefts if c.dep_ == "compound"), "")
    if lemma == "strike" and compound not in _STRIKE_COMPOUNDS:
        return None
    kind = lx.HARM_NOUNS.get(lemma) or lx.HARM_NOUNS.get(f"{compound}_{lemma}")
    if kind is None and lemma == "wound" and cared_for(token):
        kind = "injured"  # "twelve other people were treated for wounds"
    if kind is None and lemma in _BLAST_NOUNS and _explosives_in(token.sent):
        return _blast_trigger(token, nominal=True)  # "an explosion at the hotel", of a bomb
    if kind is None or _idiom(token):
        return None
    modifiers = [*token.lefts, *(token.head.lefts if token.dep_ == "compound" else [])]
    if kind == "killed" and any(c.lemma_.lower() in _ATTEMPTED for c in modifiers):
        kind = "attacked"  # "attempted murder (charges)": an attack that killed no one
    trig = Trigger(token, kind, nominal=True)
    if lemma in _COUNTABLE_HARMS:
        _multiple_victims(trig)
    trig.patients = (
        not_dates(pobj_of(token, "of") + pobj_of(token, "on"))
        or injury_holder(token)
        or whose(token)
    )
    trig.agents = pobj_of(token, "by")
    for acl in children(token, "acl"):
        trig.agents += pobj_of(acl, "by")
    trig.agents += [c for c in token.lefts if c.dep_ == "poss" and c.ent_type_ in {"ORG", "NORP"}]
    return trig


def _idiom(token: Token) -> bool:
    """A harm noun in a phrase that tells of no harm: "scared to death" (the harm verbs'
    "beaten to death" is read on the verb), "death threats", "the death penalty"."""
    if token.lower_ == "death" and token.dep_ == "pobj" and token.head.lower_ == "to":
        return True
    return token.dep_ == "compound" and token.head.lemma_.lower() in _NO_HARM_HEADS


def from_state(token: Token) -> Trigger | None:
    """ "12 dead", "left 5 injured", "30 wounded" (state words with a number)."""
    kind = lx.HARM_STATES.get(token.lower_)
    if kind is None:
        return None
    numbers = [
        c
        for c in token.children
        if c.like_num
        and c.dep_ in {"nummod", "nsubj", "npadvmod"}
        and not any(g.lower_ in _FATAL_ADVERBS for g in c.children)  # "wounded, one fatally"
    ]
    if token.head.like_num and token.dep_ in {"amod", "acomp", "npadvmod", "acl"}:
        numbers.append(token.head)
    if token.head.lemma_ == "leave" and token.dep_ != "conj":  # "left 30 wounded", "one dead"
        numbers += [
            c
            for c in token.head.children
            if c.dep_ == "dobj" and (c.like_num or any(n.dep_ == "nummod" for n in c.children))
        ]
    if _counted_people(token):
        numbers.append(token.head)  # "31 wounded people had been admitted"
    found = token.head.head if token.dep_ == "amod" else None
    if kind == "killed" and found is not None and found.lemma_.lower() in _FOUND_DEAD:
        numbers.append(token.head)  # "police found a man dead"
    if not numbers:
        return None
    return Trigger(token, kind, patients=[numbers[0]])


def _counted_people(state: Token) -> bool:
    """A harm state modifying a counted noun of people: "31 wounded people", "12 dead
    soldiers" (the noun with its number is the patient)."""
    noun = state.head
    if state.dep_ != "amod" or noun.pos_ != "NOUN":
        return False
    counted = any(c.dep_ == "nummod" and c.like_num for c in noun.children)
    return counted and (actors.is_person(noun) or noun.lemma_.lower() in _PEOPLE)


def from_toll(token: Token) -> Trigger | None:
    """ "the death toll rose to 45", "a toll of 12", "fatalities reached 30"."""
    if token.lemma_.lower() not in lx.TOLL_NOUNS or token.pos_ != "NOUN":
        return None
    compound = {c.lemma_.lower() for c in token.lefts if c.dep_ in {"compound", "amod"}}
    kind = "injured" if compound & {"injury", "injured", "wounded"} else "killed"
    numbers = [c for c in token.children if c.like_num]
    verb = token.head if token.dep_ in {"nsubj", "nsubjpass"} else None
    if verb is not None:
        for prep in children(verb, "prep"):
            numbers += [c for c in prep.children if c.like_num]
        numbers += [c for c in verb.children if c.like_num and c.dep_ in {"dobj", "attr"}]
    numbers += [c for p in children(token, "prep") for c in p.children if c.like_num]
    if not numbers:
        return None
    return Trigger(token, kind, number=numbers[0])


def from_fatal_part(token: Token) -> Trigger | None:
    """ "five people were shot, two fatally": the number killed among those a verb harmed."""
    if not token.like_num or not any(c.lower_ in _FATAL_ADVERBS for c in token.children):
        return None
    found = verb_kind(token.head)
    if found is None or found[0] not in {"attacked", "injured"}:
        return None
    return Trigger(token, "killed", patients=[token], whole=token.head)


def find_trigger(token: Token) -> Trigger | None:
    """The harm trigger ``token`` is, if any ("fatally shot", "shot dead": killed)."""
    trig = (
        from_state(token)
        or from_verb(token)
        or from_toll(token)
        or from_noun(token)
        or from_fatal_part(token)
    )
    if trig is not None and trig.kind in {"injured", "attacked"} and is_fatal(token):
        trig.kind, trig.wounding = "killed", False
    return trig


def is_fatal(token: Token) -> bool:
    """ "fatally wounded", "shot dead", "shot to death", "beaten to death"."""
    for child in token.children:
        if child.lower_ in _FATAL_ADVERBS:
            return True
        if token.pos_ == "NOUN" and child.dep_ == "amod" and child.lower_ in _FATAL_ADJECTIVES:
            return True  # "a fatal shooting", "the deadly stabbing"
        if child.lower_ == "dead" and child.dep_ in {"oprd", "acomp", "advmod", "xcomp", "dep"}:
            return True
        to_death = child.dep_ == "prep" and child.lower_ == "to"
        if to_death and any(g.lower_ == "death" for g in child.children):
            return True
    return False


def is_factual(trigger: Trigger) -> bool:
    """False for negated, modal, conditional, infinitive and prevented harm."""
    token = trigger.token
    if _modal_or_negated(token) or any(_nobody(p) for p in trigger.patients):
        return False
    node = token
    while node.head.i != node.i:
        head = node.head
        if node.dep_ == "pcomp" and head.lower_ == "by" and head.head.i != head.i:
            node = head.head  # "escaped by killing a guard": the means of a deed done
            if _modal_or_negated(node):
                return False
            continue
        if head.lemma_.lower() in lx.NONFACTUAL_GOVERNORS and node.dep_ != "conj":
            return False  # "stopped a vehicle and killed five": coordinated, not governed
        if head.lemma_.lower() in lx.SPEECH_VERBS and head.pos_ == "VERB":
            return not any(c.dep_ == "neg" for c in head.children)
        if _modal_or_negated(head) and not _own_clause_past_denial(node, head):
            return False
        if node.dep_ in {"xcomp", "advcl"} and any(c.lower_ == "to" for c in node.children):
            return False
        node = head
    return True


def _own_clause_past_denial(node: Token, head: Token) -> bool:
    """ "the driver was not harmed, but four people were killed": a conjunct with its own
    subject is a clause of its own; the first clause's "not" denies only that one."""
    if node.dep_ != "conj" or not children(node, "nsubj", "nsubjpass"):
        return False
    negated_only = [c for c in head.children if c.dep_ == "neg"]
    return bool(negated_only) and not any(
        c.dep_ == "aux" and c.lower_ in lx.MODALS for c in head.children
    )


def _nobody(patient: Token) -> bool:
    """ "no one", "nobody", "none of them", "no civilians"."""
    if patient.lower_ in _NOBODY:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in patient.children)


def _modal_or_negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in lx.MODALS):
            return True
        if child.dep_ == "mark" and child.lower_ in _CONDITIONAL:
            return True
        if child.dep_ == "det" and child.lower_ in _NONFACTUAL_DETS:
            return True
        if child.dep_ == "advmod" and child.lower_ in _NEARLY:
            return True  # "he was almost killed"
        if child.dep_ == "aux" and child.lower_ == "to" and token.pos_ == "VERB":
            return token.dep_ not in {"relcl", "acl"}
    return False
