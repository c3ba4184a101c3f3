"""How many people a victim phrase names, read off the parse.

"12 villagers", "over 532 civilians", "five [Liberation Front] rebels" carry a number; "the
priest", "his niece", "a third", "another" name one person; "two of his brothers and his niece"
is an enumeration summed; a bare plural ("peasants") states no number. Every count keeps the
span of the words it was read from.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from harmledger.extract import actors
from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.extract.counts import VAGUE_LOW, count_from_span, sum_counts, unknown_count
from harmledger.extract.nlp import first_person_words
from harmledger.models import Count, Span


def number_phrase(text: str, number: Token) -> Span:
    """The count words around a number token ("over 532", "between 6 and 8", "dozens")."""
    first, last = number, number
    for child in number.lefts:
        if child.pos_ in {"VERB", "AUX", "CCONJ"} or child.lower_ in _MORE_WORDS:
            continue  # "killed and another 14": the count is "14"
        first = min(first, child.left_edge, key=lambda t: t.i)
    for child in number.rights:
        if child.dep_ in {"cc", "conj", "quantmod", "nummod", "compound"} and (
            child.like_num or child.dep_ == "cc"
        ):
            last = max(last, child.right_edge, key=lambda t: t.i)
    while first.i < number.i and (first.is_punct or first.lower_ == "the"):
        first = number.doc[first.i + 1]
    return actors.token_span(text, first, last)


#: "another 14", "a further 3", "an additional 20": more people, counted by the number.
_MORE_WORDS = rb.words("more_words")


def is_number(token: Token) -> bool:
    return token.like_num or token.lower_ in VAGUE_LOW or token.lower_ in _GROUP_COUNTS


def count_of(text: str, head: Token) -> Count:
    """The count for one victim phrase head (a number or a noun with a number)."""
    antecedent = reflexive_antecedent(head)
    if antecedent is not None and head.lower_ not in ONE_PERSON_PRONOUNS:
        return count_of(text, antecedent)  # "Both bombers ..., killing themselves": 2
    if one_more(head) or head.lower_ in ONE_PERSON_PRONOUNS:
        return Count(1, 1, 1, "exact", actors.token_span(text, head.left_edge, head))
    both = [c for c in head.children if c.lower_ == "both" and c.dep_ in {"det", "predet"}]
    if both or (head.lower_ == "both" and head.dep_ in {"nsubj", "nsubjpass", "dobj"}):
        return Count(2, 2, 2, "exact", actors.token_span(text, (both or [head])[0], head))
    if is_number(head):
        return count_from_span(number_phrase(text, head)) or unknown_count(None)
    if _unknown_number(head):
        return Count(None, None, None, "unknown", actors.noun_phrase(text, head))
    if _some_number(head):  # "a number of persons": several, no figure
        return Count(2, None, None, "plural", actors.noun_phrase(text, head))
    for child in (*head.children, *_leading_number(head)):
        if _date_or_age(child):
            continue  # "the 1989 Toyota driver", "26 year-old John Smith"
        if child.dep_ in {"nummod", "quantmod"} or (
            child.dep_ in {"amod", "det"} and child.lower_ in VAGUE_LOW
        ):
            found = count_from_span(number_phrase(text, child))
            if found:
                return found
    phrase = actors.noun_phrase(text, head)
    if _one_person(head):
        return Count(1, 1, 1, "exact", phrase)
    found = unknown_count(head)
    return Count(found.low, found.best, found.high, found.qualifier, phrase)


def reflexive_antecedent(pronoun: Token) -> Token | None:
    """Who a reflexive pronoun names: the subject of its clause, or of the clause its clause
    hangs on ("Both bombers detonated their vests, killing themselves": the bombers). None for
    another word, or when the subject is itself a pronoun."""
    if pronoun.lower_ not in _REFLEXIVES:
        return None
    verb = pronoun.head
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[0] if subjects[0].pos_ != "PRON" else None
        if verb.dep_ not in {"advcl", "conj", "xcomp", "dobj", "pobj", "prep"} or verb.head is verb:
            return None
        verb = verb.head
    return None


def _date_or_age(token: Token) -> bool:
    """A number that dates or ages a person: a year, or "26" in "26 year-old"."""
    if token.ent_type_ != "DATE" or not token.like_num:
        return False
    after = token.doc[token.i + 1 : token.i + 4]
    return (token.is_digit and len(token.text) == 4) or any(t.lower_ == "old" for t in after)


def _aged(head: Token) -> bool:
    """ "a 44-year-old man", "an 8-year-old", "26 year-old John Smith": an age, so a person."""
    olds = [head] if head.lower_ == "old" else [c for c in head.children if c.lower_ == "old"]
    return any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in _AGE_UNITS
        for old in olds
        for c in old.children
    )


def _leading_number(head: Token) -> list[Token]:
    """A number that opens the phrase but hangs on a name inside it: "five [Liberation Front]
    rebels", "at least two [Afghan Local Police (ALP)] personnel", parsed as the name's
    number (with its own "at least")."""
    return [
        grand
        for child in head.lefts
        if child.dep_ in {"nmod", "compound"}
        for grand in child.lefts
        if grand.dep_ == "nummod"
        and grand.left_edge.i == head.left_edge.i
        and grand.ent_type_ != "DATE"
    ]


_COLLECTIVE = rb.words("collective_nouns")


def _one_person(head: Token) -> bool:
    """A singular noun naming one person ("the priest", "his niece", "Romero", "an
    8-year-old")."""
    if _aged(head) and head.tag_ in {"NN", "NNP", "JJ"}:
        return True
    if _person_adjective(head):
        return True  # "killed a civilian", the tagger taking "civilian" for an adjective
    if head.tag_ in {"NNS", "JJ"} and person_named_before(head):
        return True  # "Nadir Karzo, a farmer ... Karzo and two ...", "Karzo" taken as plural
    if head.tag_ not in {"NN", "NNP"} or head.lemma_.lower() in _COLLECTIVE:
        return False
    if _named_with_role(head) or person_named_before(head) or _identified_as(head):
        return True  # "Fatah, a teacher"; "Kabiro was killed", the tagger now saying GPE
    if head.ent_type_ in {"GPE", "LOC", "FAC", "ORG"}:
        return False  # "a shooting on the South Side"
    if any(c.dep_ == "det" and c.lower_ in _QUANTIFIERS for c in head.children):
        return False
    if actors.is_person(head) or any(c.dep_ in {"poss", "det"} for c in head.children):
        return True
    return _full_name(head)


def _identified_as(head: Token) -> bool:
    """ "religious scholar, identified as Amar Tesh": a singular noun that the text
    names by one person's name."""
    return head.tag_ == "NN" and any(
        acl.dep_ == "acl"
        and acl.lemma_.lower() in _NAMING_VERBS
        and any(
            p.lower_ == "as" and any(o.tag_ == "NNP" and o.is_title for o in p.children)
            for p in acl.children
        )
        for acl in head.children
    )


def _person_adjective(head: Token) -> bool:
    """A word tagged as an adjective that stands as the noun of a person with its article
    ("killed a civilian")."""
    return (
        head.tag_ == "JJ"
        and head.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
        and any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in head.children)
        and actors.is_person(head)
    )


def person_named_before(head: Token) -> bool:
    """A capitalised word the text named as a person before ("Assailants kidnapped
    Sarwaruddin ... Sarwaruddin was shot"), though the tagger missed it the second time."""
    if not head.is_title:
        return False
    for named in (first_person_words(head.doc), _role_named_words(head.doc)):
        first = named.get(head.text)
        if first is not None and first < head.i:
            return True
    return False


def _role_named_words(doc: Doc) -> dict[str, int]:
    """Capitalised words of names given a person's role ("Nadim Qaru, a district police
    chief", however the tagger labels them) -> the index of their first token; once per Doc."""
    cached: dict[str, int] | None = doc.user_data.get("harmledger.role_named_words")
    if cached is None:
        cached = {}
        for token in doc:
            if token.tag_ == "NNP" and token.is_title and _named_with_role(token):
                for word in (*(c for c in token.lefts if c.dep_ == "compound"), token):
                    if word.is_title:
                        cached.setdefault(word.text, word.i)
        doc.user_data["harmledger.role_named_words"] = cached
    return cached


def _unknown_number(head: Token) -> bool:
    """ "an unknown number (of civilians)", "an undisclosed number": no count at all."""
    return head.lemma_.lower() in _AMOUNTS and any(
        c.lower_ in lx.UNKNOWN_NUMBER_WORDS for c in head.children
    )


def _some_number(head: Token) -> bool:
    """ "a number of persons", "a large number of": more than one, no figure given."""
    return head.lemma_.lower() == "number" and not any(
        c.dep_ == "nummod" or c.like_num for c in head.children
    )


def _singular_person(head: Token) -> bool:
    """A singular noun or name in a list of victims, which names one person."""
    if head.tag_ not in {"NN", "NNP"} or head.lemma_.lower() in _COLLECTIVE:
        return False
    if _named_with_role(head):
        return True
    if head.ent_type_ == "ORG" and head.tag_ == "NNP":  # "Kaker and his son", a name
        return not any(c.dep_ in {"det", "compound"} for c in head.children)
    return head.ent_type_ not in {"GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME"}


def _named_with_role(head: Token) -> bool:
    """ "Fatah, a teacher", "Shafique, a religious scholar", "Nang, the bank's deputy
    manager": a name with an appositive that names a person's role, or any singular noun
    with its article that is not a place ("Kabul, the capital")."""
    return head.tag_ == "NNP" and any(
        c.dep_ == "appos" and (actors.is_person(c) or _role_noun(c)) for c in head.children
    )


def _role_noun(noun: Token) -> bool:
    """ "a religious scholar", "the deputy manager": a singular common noun with its article,
    not a place or a thing of places ("the capital", "a district")."""
    return (
        noun.tag_ == "NN"
        and noun.lemma_.lower() not in lx.PLACE_ROLE_NOUNS
        and noun.ent_type_ not in {"GPE", "LOC", "FAC", "DATE", "TIME"}
        and (
            any(c.dep_ in {"det", "poss"} for c in noun.children)
            or noun.left_edge.lower_ in _ARTICLES  # "a [Cameroon People's ...] party figure"
        )
    )


def _full_name(head: Token) -> bool:
    """ "Kendal Pinkerton was injured": a first and last name the tagger left unnamed."""
    if head.tag_ != "NNP" or head.ent_type_ or not head.is_title:
        return False
    return any(c.dep_ == "compound" and c.tag_ == "NNP" and c.is_title for c in head.lefts)


ONE_PERSON_PRONOUNS = rb.words("one_person_pronouns")
_REFLEXIVES = rb.words("reflexive_pronouns")
_ORDINALS = rb.words("ordinal_words")
_GROUP_COUNTS = rb.words("group_count_nouns")
_AGE_UNITS = rb.words("age_units")
_QUANTIFIERS = rb.words("quantifier_determiners")
_AMOUNTS = rb.words("amount_nouns")
_INDEFINITE = rb.words("indefinite_articles")
_ARTICLES = rb.words("articles")
_NAMING_VERBS = rb.words("naming_verbs")


def one_more(head: Token) -> bool:
    """ "a third was wounded", "another was injured", "the other was shot": one more
    person."""
    if head.lower_ == "another" and head.dep_ in {"nsubj", "nsubjpass", "dobj"}:
        return True
    the = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    if the and (head.lower_ in _ORDINALS or head.lower_ == "other"):
        return head.dep_ in {"nsubj", "nsubjpass", "dobj"}
    return head.lower_ in _ORDINALS and any(
        c.dep_ == "det" and c.lower_ in _INDEFINITE for c in head.children
    )


def part_count(text: str, head: Token) -> Count:
    """The count of one item of an enumeration ("three guards and an unknown number of
    gunmen": the gunmen are some; "Jan and a guard": each names one person)."""
    count = count_of(text, head)
    if _unknown_number(head):
        return Count(1, None, None, "plural", count.span)
    if count.qualifier == "unknown" and _singular_person(head):
        return Count(1, 1, 1, "exact", count.span)
    if count.low is None or (count.qualifier == "unknown" and head.tag_ in {"NNS", "NNPS"}):
        return Count(2, None, None, "plural", count.span)
    return count


def enumerated(text: str, heads: Sequence[Token]) -> Count:
    if all(h.tag_ in {"NNS", "NNPS"} and count_of(text, h).qualifier == "unknown" for h in heads):
        return Count(1, None, None, "unknown")  # "friends and relatives": no number stated
    span = actors.token_span(text, heads[0].left_edge, heads[-1])
    first = count_of(text, heads[0])
    if (
        first.low is not None
        and first.qualifier != "unknown"
        and all(_bare_plural(text, h) for h in heads[1:])
    ):
        # "more than 40 women and children": one number for the whole coordination
        return Count(first.low, first.best, first.high, first.qualifier, span)
    parts = [part_count(text, head) for head in heads]
    return sum_counts(parts, span)


def _bare_plural(text: str, head: Token) -> bool:
    """A plural or group noun with no word of its own before it ("children" in "40 women and
    children", "staff" in "16 patients and staff"), which the number before the first noun
    counts too."""
    return (
        (head.tag_ == "NNS" or head.lemma_.lower() in _COLLECTIVE)
        and not any(c.dep_ in {"det", "nummod", "poss", "quantmod"} for c in head.lefts)
        and count_of(text, head).qualifier == "unknown"
    )
