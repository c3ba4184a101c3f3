"""The rule data (extract/rules_data): every file loads, broken copies fail with one line that
names the file and line, patterns mean what spaCy's matcher means, and a verb added to a copy
of the data becomes a harm trigger."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from harmledger.errors import ConfigError
from harmledger.extract import lexicon as lx
from harmledger.extract import rulebook as rb
from harmledger.extract import rulebook_words as rw
from harmledger.extract.nlp import load_nlp
from harmledger.extract.token_patterns import TokenPattern
from harmledger.extract.triggers import find_trigger, verb_kind

SRC = Path(rb.__file__).parents[2]


@cache
def _parse(sentence: str) -> Doc:
    return load_nlp()(sentence)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package's rule files to break or extend."""
    folder = tmp_path / "rules"
    shutil.copytree(rb.DATA_DIR, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[nth - 1]


# -- the package's own data ---------------------------------------------------------------------


def test_all_files_load_once_and_every_concept_is_explained() -> None:
    book = rb.load()
    assert book is rb.load()  # read once per process
    assert len(book.concepts) > 100
    assert {"harm", "speech", "actors", "counts", "dates", "places", "grammar", "link", "geo"} <= {
        c.where.split(".toml")[0] for c in book.concepts.values()
    }
    for concept in book.concepts.values():
        assert concept.about.strip() and concept.example.strip(), concept.name
        assert concept.words, concept.name
    assert [r.id for r in book.patterns("verb_kinds")][:2] == ["not_a_verb", "shot_dead"]


def test_rulebook_reuses_the_word_lists_read_once() -> None:
    assert rb.load().concepts is rw.load().concepts
    assert rw.load() is rw.load()


_ASKED = re.compile(
    r"\b(?:rw|rb|rulebook_words)\.(?:words|groups|labels|table|alternation)\(\s*[\"'](\w+)[\"']"
    r"|^\w+: [^=]+ = (?:words|labels)\(\"(\w+)\"\)",
    re.MULTILINE,
)


def test_every_list_the_code_asks_for_exists() -> None:
    asked: dict[str, str] = {}
    for path in sorted((SRC / "harmledger").rglob("*.py")):
        for match in _ASKED.finditer(path.read_text(encoding="utf-8")):
            asked.setdefault(match.group(1) or match.group(2), path.name)
    assert len(asked) > 60
    assert {"hit_words", "arabic_articles", "date_count_words", "name_particles"} <= set(asked)
    missing = {name: where for name, where in asked.items() if name not in rb.load().concepts}
    assert missing == {}


_LIGHT = (
    "import sys\n"
    "from harmledger.extract import rulebook_words as rw\n"
    "import harmledger.redact, harmledger.resolve.dates, harmledger.resolve.periods\n"
    "import harmledger.resolve.geo, harmledger.resolve.near, harmledger.resolve.translit\n"
    "assert len(rw.load().concepts) > 100\n"
    "print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'))\n"
)


def test_word_lists_load_without_spacy() -> None:
    """The linker, the resolver and redaction read their lists without importing spaCy."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", _LIGHT], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_alternation_is_longest_first_with_spaces_as_asked() -> None:
    assert rw.alternation("date_count_words").startswith(r"a\s+couple\s+of|")
    assert rw.alternation("date_count_words", " ").endswith("|an|a")


def test_lexicon_names_are_views_of_the_concepts() -> None:
    assert rb.words("speech_verbs") == lx.SPEECH_VERBS
    assert lx.HARM_VERBS["kill"] == "killed" == rb.labels("harm_verbs")["kill"]
    assert lx.VERB_FRAMES["say"] == "cx"
    assert [kind for kind, _ in lx.SOURCE_TYPE_WORDS][:2] == ["monitor", "UN"]


def test_speech_lists_are_sub_concepts_of_speech_verbs() -> None:
    speech = rb.words("speech_verbs")
    for name in (
        "speech_verbs_proper",
        "speech_verbs_not_statements",
        "speech_verbs_outlet",
        "speech_verbs_place_speakers",
    ):
        assert rb.words(name) < speech, name
    assert "say" in rb.words("speech_verbs_proper")
    assert "estimate" not in rb.words("speech_verbs_proper")


def test_include_adds_the_included_words() -> None:
    assert rb.words("conditional_marks") < rb.words("harm_conditional_marks")
    assert rb.words("harm_conditional_marks") - rb.words("conditional_marks") == {"lest"}
    assert rb.words("zero_conditional_marks") - rb.words("conditional_marks") == {"whether"}


def test_tables_keep_their_values() -> None:
    assert rb.table("small_numbers")["dozen"] == 12
    assert rb.table("vague_counts")["dozens"] == [24, "vague"]


# -- validation on broken copies -------------------------------------------------------------


def test_unknown_list_name(copy: Path) -> None:
    with pytest.raises(ConfigError, match="unknown word list 'speach_verbs'"):
        rb.Rulebook(copy).words("speach_verbs")


def test_duplicate_word_names_file_and_line(copy: Path) -> None:
    path = copy / "speech.toml"
    _edit(path, 'words = ["accuse", ', 'words = ["accuse", "blame", ')
    line = _line(path, '"blame"', 2)
    with pytest.raises(ConfigError) as err:
        rb.Rulebook(copy)
    assert str(err.value) == f"speech.toml:{line}: 'blame' is listed twice in [accusation_verbs]"


def test_upper_case_word(copy: Path) -> None:
    _edit(copy / "harm.toml", '"kill", ', '"Kill", ')
    with pytest.raises(
        ConfigError, match=r"^harm\.toml:\d+: 'Kill' in \[harm_verbs\] is not lower"
    ):
        rb.Rulebook(copy)


def test_exact_case_allows_upper_case(copy: Path) -> None:
    with (copy / "extra.toml").open("w") as handle:
        handle.write('[units]\nabout = "a"\nexample = "b"\ncase = "exact"\nwords = ["UN"]\n')
    assert rb.Rulebook(copy).words("units") == {"UN"}


def test_unknown_key_and_missing_example(copy: Path) -> None:
    _edit(copy / "dates.toml", 'example = "A day after', 'exampel = "A day after')
    with pytest.raises(ConfigError, match=r"^dates\.toml:\d+: unknown key 'exampel'"):
        rb.Rulebook(copy)


def test_include_of_unknown_list(copy: Path) -> None:
    _edit(copy / "grammar.toml", 'include = ["conditional_marks"]', 'include = ["conditionals"]')
    with pytest.raises(ConfigError, match="includes unknown list 'conditionals'"):
        rb.Rulebook(copy)


def test_subset_that_is_not_a_subset(copy: Path) -> None:
    path = copy / "speech.toml"
    text = path.read_text()
    start = text.index("[speech_verbs_outlet]")
    words_at = text.index("words = [", start) + len("words = [")
    path.write_text(text[:words_at] + '"whisper", ' + text[words_at:])
    with pytest.raises(ConfigError, match=r"'whisper' in \[speech_verbs_outlet\] is not in"):
        rb.Rulebook(copy)


def test_toml_syntax_error(copy: Path) -> None:
    _edit(copy / "counts.toml", "dozen = 12", "dozen = ")
    with pytest.raises(ConfigError, match=r"^counts\.toml: .*line \d+"):
        rb.Rulebook(copy)


def test_bad_pattern_names_file_and_line(copy: Path) -> None:
    path = copy / "verb_kinds.jsonl"
    _edit(path, '"REL_OP": ">>"', '"REL_OP": "~~"')
    line = _line(path, '"~~"')
    with pytest.raises(ConfigError, match=rf"^verb_kinds\.jsonl:{line}: bad pattern"):
        rb.Rulebook(copy)


def test_pattern_line_that_is_not_json(copy: Path) -> None:
    with (copy / "verb_kinds.jsonl").open("a") as handle:
        handle.write('{"id": "broken", "pattern": [\n')
    lines = (copy / "verb_kinds.jsonl").read_text(encoding="utf-8").count("\n")
    with pytest.raises(ConfigError, match=rf"^verb_kinds\.jsonl:{lines}: not JSON"):
        rb.Rulebook(copy)


def test_pattern_naming_an_unknown_list(copy: Path) -> None:
    _edit(copy / "verb_kinds.jsonl", '"$shoot_verbs"', '"$shooting_verbs"')
    with pytest.raises(ConfigError, match="unknown word list 'shooting_verbs' in the pattern"):
        rb.Rulebook(copy)


def test_folder_without_rules(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no rule files"):
        rb.Rulebook(tmp_path)


# -- patterns ---------------------------------------------------------------------------------

SENTENCES = [
    "Police shot dead a suspect and gunned down his brother.",
    "The driver was found dead after militants blew up the bridge.",
    "Soldiers fired on the crowd; the minister was fired.",
    "They set the houses ablaze and two medics lost their lives.",
    "Gunmen killed four farmers and nine people died.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_anchor_check_agrees_with_spacy_dependency_matcher(sentence: str) -> None:
    doc = _parse(sentence)
    for rule in rb.load().patterns("verb_kinds"):
        matcher = DependencyMatcher(doc.vocab)
        matcher.add(rule.id, [rule.pattern])
        spacy_anchors = {ids[0] for _, ids in matcher(doc)}
        ours = {t.i for t in doc if TokenPattern(rule.pattern, rule.where).matches_at(t)}
        assert ours == spacy_anchors, rule.id


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Police shot dead a suspect.", "shot", ("killed", True)),
        ("The driver was found dead.", "found", ("killed", True)),
        ("Soldiers fired on the crowd.", "fired", ("attacked", True)),
        ("The minister was fired.", "fired", None),
        ("They set the houses ablaze.", "set", ("property", True)),
        ("Two medics lost their lives.", "lost", ("killed", False)),
        ("Nine people died.", "died", ("killed", False)),
    ],
)
def test_verb_kind_rules(sentence: str, word: str, expected: tuple[str, bool] | None) -> None:
    token = next(t for t in _parse(sentence) if t.text == word)
    assert verb_kind(token) == expected


# -- a linguist's change ----------------------------------------------------------------------

PELTED = "Militiamen pelted two clerks in the market."
_PROBE = (
    "from harmledger.extract.nlp import load_nlp\n"
    "from harmledger.extract.triggers import find_trigger\n"
    f"doc = load_nlp()({PELTED!r})\n"
    "print([(t.text, tr.kind) for t in doc if (tr := find_trigger(t))])\n"
)


def test_a_verb_added_to_a_copy_becomes_a_harm_trigger(copy: Path) -> None:
    pelted = next(t for t in _parse(PELTED) if t.text == "pelted")
    assert find_trigger(pelted) is None  # not a harm verb in the package's data
    _edit(copy / "harm.toml", '"attack", "assault", ', '"attack", "assault", "pelt", ')
    env = {**os.environ, rb.RULES_DIR_ENV: str(copy), "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert "('pelted', 'attacked')" in out.stdout


def test_docs_name_every_list() -> None:
    docs = (SRC.parent / "docs" / "RULES.md").read_text(encoding="utf-8")
    missing = [name for name in rb.load().concepts if f"`{name}`" not in docs]
    assert missing == []
