"""Helpers the exporters and screens share: witness protection and span overlap.

A claim whose ``attribution.source_type`` is ``"witness"`` may name a private person. Unless an
exporter is asked for ``include_names=True``, a witness source that names a person
(``is_person_name``: "Halima Yakubu", "Samir Haidar, 67") becomes ``WITHHELD`` (its start/end
are kept, so the place in the stored text can still be found by those who hold the database),
and whole-word occurrences of the name in the claim's other spans are replaced too, by their
positions in the original text, once (``withhold_in``). A witness source that names no one
("residents", "a local resident", "Kherson residents", "the Red Cross") is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache

from harmledger.extract import lexicon
from harmledger.models import Actor, Claim, Span
from harmledger.store.base import Store

WITHHELD = "[witness withheld]"
_MIN_NAME = 3  # shorter names ("Al") are not searched for in the other spans

_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_PLACE_PREPOSITIONS = frozenset({"in", "of", "from", "near", "at", "outside", "around", "inside"})
#: Lower-case words that may sit inside a name ("Omar al Bashir", "Ahmed bin Salem").
_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "abu", "ben", "ould", "de", "da", "di", "du", "van", "von",
     "der", "den", "la", "le", "dos", "das"}
)  # fmt: skip
#: Capitalised words that start a phrase without being a name ("The", "He", "Mr").
_FILLERS = frozenset(
    {"the", "a", "an", "he", "she", "they", "we", "i", "his", "her", "their", "our", "its",
     "one", "some", "many", "several", "two", "three", "mr", "mrs", "ms", "miss", "dr", "sir",
     "sheikh", "madam"}
)  # fmt: skip
#: Words of organisations and places that the lexicon does not list.
_ORG_WORDS = frozenset(
    {"cross", "crescent", "red", "nations", "union", "association", "foundation", "institute",
     "university", "school", "centre", "center", "news", "press", "times", "radio", "tv",
     "television", "channel", "service", "services", "watch", "rights", "party", "front",
     "brigade", "church", "mosque", "court", "company", "bank", "museum", "camp", "village",
     "city", "town", "province", "district", "region", "street", "road", "market", "people"}
)  # fmt: skip


@cache
def _known_words() -> frozenset[str]:
    """Group, role, kin, organisation and agency words: a token among them names no person."""
    words: set[str] = set(_ORG_WORDS) | set(lexicon.WIRE_AGENCIES)
    for _, group in lexicon.SOURCE_TYPE_WORDS:
        words |= group
    for nouns in (
        lexicon.CIVILIAN_NOUNS,
        lexicon.COMBATANT_NOUNS,
        lexicon.KIN_NOUNS,
        lexicon.PERPETRATOR_NOUNS,
    ):
        words |= nouns
    return frozenset(words)


def _is_known_word(word: str) -> bool:
    w = word.lower().replace("’", "'").removesuffix("'s")
    known = _known_words()
    singular = {w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w}
    if w.endswith("ies"):
        singular.add(w[:-3] + "y")
    if w.endswith("men"):
        singular.add(w[:-3] + "man")
    return bool(singular & known)


def _capitalised(token: str) -> bool:
    return any(part[:1].isupper() for part in re.split(r"[-'’]", token))


def _name_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised tokens (particles inside allowed), without leading fillers."""
    run: list[re.Match[str]] = []
    for tok in _TOKEN.finditer(text):
        word = tok.group()
        joined = bool(run) and not text[run[-1].end() : tok.start()].strip()
        if joined and (_capitalised(word) or word in _PARTICLES):
            run.append(tok)
            continue
        if run:
            yield run
        run = [tok] if _capitalised(word) and not word.isdigit() else []
    if run:
        yield run


def _trim(run: list[re.Match[str]]) -> list[re.Match[str]]:
    while run and run[0].group().lower().rstrip(".") in _FILLERS:
        run = run[1:]
    while run and run[-1].group() in _PARTICLES:
        run = run[:-1]
    return run


def _is_place(name: str) -> bool:
    from harmledger.resolve.gazetteer import Gazetteer

    return Gazetteer.default().is_known_place(name)


def _run_is_name(text: str, run: list[re.Match[str]], name: str, possessive: bool) -> bool:
    """Whether the trimmed ``run`` (``name`` without a possessive 's) names a person."""
    words = [t.group() for t in run]
    if any(_is_known_word(w) or (w.isupper() and len(w) > 1) for w in words):
        return False  # a group, role, organisation or acronym: "Residents", "Red Cross", "UN"
    after, before = text[run[-1].end() :], text[: run[0].start()].split()
    following = _TOKEN.match(after.lstrip())
    if not possessive and following and after[:1].isspace() and _is_known_word(following.group()):
        return False  # modifies a group word: "Kherson residents", "Alawite villagers"
    # A one-word place is a place only after a preposition ("a resident of Kherson"): many
    # first names are also towns ("Ali", "Samir"), and a witness is withheld when in doubt.
    if len(words) > 1 or (before and before[-1].lower() in _PLACE_PREPOSITIONS):
        return not _is_place(name)
    return True


def person_names(text: str) -> list[str]:
    """The stretches of ``text`` that look like a person's name, in order.

    A name is a run of capitalised words ("Halima Yakubu", "Omar al Bashir") none of which is
    a group, role, kin, organisation or agency word, that is no known place and does not
    modify a group word ("Kherson residents"). Leading fillers ("The", "Mr") and a possessive
    's are left out."""
    names = []
    for run in map(_trim, _name_runs(text)):
        if not run:
            continue
        name, possessive = _POSSESSIVE.subn("", text[run[0].start() : run[-1].end()])
        if _run_is_name(text, run, name, bool(possessive)):
            names.append(name)
    return names


def is_person_name(text: str) -> bool:
    """True when ``text`` names a person ("Samir Haidar, 67"), False for places, common words,
    groups and organisations ("residents", "a local resident", "Kherson residents", "the Red
    Cross"). A cheap test on capitalisation and word lists, no parser."""
    return bool(person_names(text))


def withhold_in(text: str, names: Iterable[str], spans: Iterable[tuple[int, int]] = ()) -> str:
    """``text`` with ``spans`` (positions in ``text``) and whole-word occurrences of ``names``
    replaced by ``WITHHELD``. Positions are found in the original text and each stretch is
    replaced once; a marker already in ``text`` is left alone, so markers never nest."""
    cuts = [(a, b) for a, b in spans if 0 <= a < b <= len(text)]
    done = [m.span() for m in re.finditer(re.escape(WITHHELD), text)]  # withheld already
    for name in {n.strip() for n in names if len(n.strip()) >= _MIN_NAME}:
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        found = (m.span() for m in pattern.finditer(text))
        cuts.extend((a, b) for a, b in found if not any(a < y and x < b for x, y in done))
    merged: list[list[int]] = []
    for a, b in sorted(cuts):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    pieces, at = [], 0
    for a, b in merged:
        pieces += [text[at:a], WITHHELD]
        at = b
    return "".join([*pieces, text[at:]])


def is_witness_claim(claim: Claim) -> bool:
    return claim.attribution is not None and claim.attribution.source_type == "witness"


def withheld_names(source: str) -> list[str]:
    """The names to withhold for a witness source: the source and the names in it; none when
    the source names no person."""
    names = person_names(source)
    return [source.strip(), *names] if names else []


def withhold_witness(claim: Claim) -> Claim:
    """The claim with its witness source's name withheld (unchanged when not a witness, or
    when the witness source names no person)."""
    attribution = claim.attribution
    if attribution is None or not is_witness_claim(claim):
        return claim
    names = withheld_names(attribution.source.text)
    if not names:
        return claim
    src = attribution.source

    def red(span: Span) -> Span:
        inside = [(src.start - span.start, src.end - span.start)]
        return replace(span, text=withhold_in(span.text, names, inside))

    def red_actor(actor: Actor) -> Actor:
        return replace(actor, span=red(actor.span))

    count, date = claim.count, claim.date
    return replace(
        claim,
        span=red(claim.span),
        trigger=red(claim.trigger),
        count=replace(count, span=red(count.span)) if count.span else count,
        victims=tuple(red_actor(a) for a in claim.victims),
        perpetrators=tuple(red_actor(a) for a in claim.perpetrators),
        targets=tuple(red(s) for s in claim.targets),
        places=tuple(red(s) for s in claim.places),
        date=replace(date, span=red(date.span)) if date and date.span else date,
        attribution=replace(
            attribution,
            source=Span(src.start, src.end, WITHHELD),
            relay=tuple(red(s) for s in attribution.relay),
        ),
    )


def public_claims(
    store: Store, *, include_names: bool, document_id: str | None = None
) -> Iterator[tuple[str, Claim]]:
    """``store.claims()`` with witness names withheld unless ``include_names``."""
    for doc_id, claim in store.claims(document_id=document_id):
        yield doc_id, claim if include_names else withhold_witness(claim)


def overlaps(a: Span, b: Span) -> bool:
    """True when the two spans share at least one character (or are the same empty span)."""
    if a.start == b.start and a.end == b.end:
        return True
    return a.start < b.end and b.start < a.end
