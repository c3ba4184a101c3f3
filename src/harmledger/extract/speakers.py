"""The attribution side of a quote: the cue (a reporting word), what it reports, who spoke.

- A *cue* is a reporting verb ("said"), statement noun ("the claim that") or stance adjective
  ("confident that") from the cue lexicons of :mod:`harmledger.extract.lexicon` with
  the complements that carry what was said, or a verb with a ``that``-clause object.
- A *speaker* is the head of the cue's speaker phrase: its subject or ``by`` agent, the
  owner of a statement noun, the clause's subject for a participle on an object or occasion
  ("in an article stating ..."), with fallbacks for misparsed clauses. The phrase is split
  into name, role, affiliation and age by :mod:`harmledger.extract.quote_phrases`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from harmledger.extract.lexicon import ADJ_FRAMES, CONTENT_PREPS, NOUN_FRAMES, VERB_FRAMES
from harmledger.extract.nlp import doc_text, ents_within

Offsets = tuple[int, int]
Quoted = Callable[[Token], bool]  # True for a token inside quotation marks (never a speaker)


def wordset(words: str) -> frozenset[str]:
    """The set of the whitespace-separated words."""
    return frozenset(words.split())


_OBJECT_DEPS = ("dobj", "dative", "oprd", "xcomp", "acomp", "prep")
_CONTRASTS = wordset("while although though whereas")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLIMB_DEPS = wordset("conj xcomp advcl ccomp pcomp acl prep pobj dep acomp oprd dobj attr")
_RELATIVES = ("who", "which", "that", "whom")
_NAME_LABELS = ("PERSON", "ORG")
_PEOPLE_LABELS = ("PERSON", "ORG", "NORP")
_OCCASION_PREPS = wordset("in on during at through over via")


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
        if subjects:
            return _nearest_subject(subjects, current)
        head = current.head
        if current.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
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


def _nearest_subject(subjects: list[Token], verb: Token) -> Token:
    """Of several subjects, one that is not a relative ("which they say ...": "they"), the
    nearest before the verb ("WASHINGTON (AP) — X said": X, not the dateline)."""
    return min(subjects, key=lambda c: (c.lower_ in _RELATIVES, c.i > verb.i, abs(verb.i - c.i)))


def _participle_owner(participle: Token, noun: Token, quoted: Quoted) -> Token:
    """Who speaks in a participle attached to a noun: the noun ("a spokesman saying"), or the
    clause's subject when the noun is an object ("issued a statement calling", "attacked
    Romney, calling him ...")."""
    comma = participle.doc[participle.i - 1].text == ","  # "fired his chief, X, acknowledging"
    if comma or _occasion(participle, noun):
        verb = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
        owner = subject_of(verb, quoted) if verb is not None else None
        return owner or noun
    return noun


def _occasion(participle: Token, noun: Token) -> bool:
    """True for a noun that is where or how the clause's subject speaks, not who speaks: an
    object ("issued a statement calling"), the object of ``in``/``on``/``during`` ("in an
    article stating", "heard on a microphone telling"), a noun an infinitive follows ("had
    reason to know", "went out of his way to say")."""
    if noun.pos_ != "NOUN" or noun.ent_type_ in _PEOPLE_LABELS or noun.dep_ in _SUBJECT_DEPS:
        return False
    if noun.dep_ == "pobj" and frame_of(noun):  # "in a statement saying": the statement
        return False
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in participle.children)
    if noun.dep_ == "dobj" or to:
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ in _OCCASION_PREPS


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
    before = ents_within(verb.doc, verb.sent.start, verb.i)
    names = [e for e in before if e.label_ in _NAME_LABELS and not quoted(e.root)]
    if not names or any(t.pos_ in ("VERB", "AUX") for t in verb.doc[names[-1].end : verb.i]):
        return None
    return names[-1].root


def _path_to(token: Token, head: Token) -> list[Token]:
    """The tokens from ``token`` up to (not including) ``head``."""
    chain: list[Token] = []
    while token.i != head.i and token.head.i != token.i:
        chain.append(token)
        token = token.head
    return chain
