"""The rule data's word lists (``extract/rules_data/*.toml``), without spaCy.

Each TOML table is one *concept*, a named list of words with what it means and an invented
example (docs/RULES.md explains them to a linguist):

    [speech_verbs]
    about = "Verbs of speech and report (by lemma): cues for sources and quotes."
    example = "Medics said three people died."
    words = ["say", "tell", ...]

A concept holds ``words``, or ``groups`` (a table of lists: each word's group is its label, such
as the kind of harm of a harm verb), or ``table`` (word -> a value, such as a number word's
value). ``include`` adds the words of other concepts, ``subset_of`` checks that every word is
also in another concept, and ``case = "exact"`` allows upper-case entries.

This module reads and checks the concepts only: the extractor's ``rulebook`` adds the token
patterns (JSON Lines, spaCy), and the linker, the resolver and redaction read their word lists
here without importing spaCy. Everything is read once per folder and process (``load``); a
broken file raises one ``ConfigError`` line that names the file and line.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from harmledger.errors import ConfigError

DATA_DIR = Path(__file__).with_name("rules_data")
#: Environment variable naming another rules folder (a changed copy to try out).
RULES_DIR_ENV = "HARMLEDGER_RULES_DIR"
_KEYS = frozenset({"about", "example", "case", "words", "groups", "table", "include", "subset_of"})


@dataclass(frozen=True, slots=True)
class Concept:
    """One named word list: its words, and their groups or values where it has them."""

    name: str
    where: str  # "harm.toml:12"
    about: str
    example: str
    words: frozenset[str]
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    table: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # word -> its group


class WordBook:
    """All concepts (``*.toml``) of one folder, loaded and checked."""

    def __init__(self, folder: Path = DATA_DIR) -> None:
        self.folder = folder
        self.concepts: dict[str, Concept] = {}
        self._raw: dict[str, tuple[str, list[str], dict[str, Any]]] = {}
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise ConfigError(f"{folder}: no rule files (*.toml) found")
        for path in files:
            self._read_toml(path)
        for name in self._raw:
            self._build(name, ())

    def concept(self, name: str) -> Concept:
        found = self.concepts.get(name)
        if found is None:
            raise ConfigError(f"unknown word list {name!r}; the lists are in {self.folder}")
        return found

    def concept_or_none(self, name: str, grouped: bool = False) -> Concept | None:
        found = self.concepts.get(name)
        return found if found is not None and (found.groups or not grouped) else None

    def words(self, name: str) -> frozenset[str]:
        """The words of concept ``name`` (all groups together for a grouped one)."""
        return self.concept(name).words

    def groups(self, name: str) -> dict[str, frozenset[str]]:
        """Group label -> words, in file order (empty for a plain list)."""
        return dict(self.concept(name).groups)

    def labels(self, name: str) -> dict[str, str]:
        """Word -> its group's label: ``labels("harm_verbs")["kill"] == "killed"``."""
        return self.concept(name).labels

    def table(self, name: str) -> dict[str, Any]:
        """Word -> value of a ``table`` concept, in file order."""
        return dict(self.concept(name).table)

    # -- reading -----------------------------------------------------------------------------

    def _read_toml(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path.name}: {exc}") from None
        lines = text.splitlines()
        for name, body in data.items():
            where = f"{path.name}:{_line_of(lines, name)}"
            if name in self._raw:
                raise ConfigError(f"{where}: list {name!r} is defined twice")
            if not isinstance(body, dict):
                raise ConfigError(f"{where}: {name!r} must be a [table] with about, example, words")
            unknown = sorted(set(body) - _KEYS)
            if unknown:
                raise ConfigError(f"{where}: unknown key {unknown[0]!r} in [{name}]")
            for key in ("about", "example"):
                if not isinstance(body.get(key), str) or not body[key].strip():
                    raise ConfigError(f'{where}: [{name}] needs {key} = "..."')
            self._raw[name] = (path.name, lines, body)

    def _build(self, name: str, chain: tuple[str, ...]) -> Concept:
        if name in self.concepts:
            return self.concepts[name]
        file, lines, body = self._raw[name]
        where = f"{file}:{_line_of(lines, name)}"
        if name in chain:
            raise ConfigError(f"{where}: [{name}] includes itself")
        groups, table, words = _entries(body, where, name)
        for other in body.get("include", []):
            if other not in self._raw:
                raise ConfigError(f"{where}: [{name}] includes unknown list {other!r}")
            words.extend(self._build(other, (*chain, name)).words)
        _check_words(words, body, file, lines, name)
        labels = {w: label for label, ws in groups.items() for w in ws}
        concept = Concept(
            name, where, body["about"], body["example"], frozenset(words), groups, table, labels
        )
        subset = body.get("subset_of")
        if subset is not None:
            if subset not in self._raw:
                raise ConfigError(f"{where}: [{name}] subset_of unknown list {subset!r}")
            extra = sorted(concept.words - self._build(subset, (*chain, name)).words)
            if extra:
                raise ConfigError(f"{where}: {extra[0]!r} in [{name}] is not in [{subset}]")
        self.concepts[name] = concept
        return concept


def _entries(
    body: dict[str, Any], where: str, name: str
) -> tuple[dict[str, frozenset[str]], dict[str, Any], list[str]]:
    """(groups, table, words) of a concept's body, each checked for its shape."""
    shapes = [k for k in ("words", "groups", "table") if k in body]
    if len(shapes) > 1 or (not shapes and "include" not in body):
        raise ConfigError(f"{where}: [{name}] needs exactly one of words, groups or table")
    groups: dict[str, frozenset[str]] = {}
    table: dict[str, Any] = {}
    words: list[str] = []
    if "words" in body:
        words = _string_list(body["words"], where, f"{name}.words")
    elif "groups" in body:
        if not isinstance(body["groups"], dict):
            raise ConfigError(f"{where}: [{name}.groups] must be a table of lists")
        for label, members in body["groups"].items():
            listed = _string_list(members, where, f"{name}.groups.{label}")
            groups[label] = frozenset(listed)
            words.extend(listed)
    elif "table" in body:
        if not isinstance(body["table"], dict):
            raise ConfigError(f"{where}: [{name}.table] must be a table")
        table = dict(body["table"])
        words = list(table)
    if "include" in body:
        _string_list(body["include"], where, f"{name}.include")
    return groups, table, words


def _string_list(value: Any, where: str, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where}: {what} must be a list of "quoted" words')
    return list(value)


def _check_words(
    words: list[str], body: dict[str, Any], file: str, lines: list[str], name: str
) -> None:
    """No word twice; lower case unless the concept says ``case = "exact"``."""
    case = body.get("case", "lower")
    if case not in ("lower", "exact"):
        raise ConfigError(f'{file}:{_line_of(lines, name)}: case must be "lower" or "exact"')
    seen: set[str] = set()
    for word in words:
        if not word.strip():
            raise ConfigError(f"{file}:{_line_of(lines, name)}: an empty word in [{name}]")
        if word in seen:
            line = _line_of(lines, name, word, nth=2)
            raise ConfigError(f"{file}:{line}: {word!r} is listed twice in [{name}]")
        seen.add(word)
        if case == "lower" and word != word.lower():
            line = _line_of(lines, name, word)
            raise ConfigError(
                f"{file}:{line}: {word!r} in [{name}] is not lower case "
                f'(write {word.lower()!r}, or set case = "exact")'
            )


def _line_of(lines: list[str], name: str, word: str | None = None, nth: int = 1) -> int:
    """The line (from 1) of table ``[name]``, or of the ``nth`` mention of ``word`` in it."""
    header = re.compile(rf"^\s*\[\s*\"?{re.escape(name)}\"?\s*(\]|\.)")
    start = next((i for i, line in enumerate(lines) if header.match(line)), 0)
    if word is None:
        return start + 1
    quoted = json.dumps(word, ensure_ascii=False)
    seen = 0
    for i in range(start, len(lines)):
        if (
            i > start
            and re.match(r"^\s*\[", lines[i])
            and not lines[i].lstrip().startswith(f"[{name}.")
        ):
            break
        seen += lines[i].count(quoted) or int(lines[i].lstrip().startswith(f"{word} ="))
        if seen >= nth:
            return i + 1
    return start + 1


def load(folder: Path | None = None) -> WordBook:
    """The word lists of ``folder``, read once per process. By default the package's own
    ``rules_data``, or the folder that ``$HARMLEDGER_RULES_DIR`` names."""
    return _load(folder or rules_dir())


def rules_dir() -> Path:
    """The rules folder in use: ``$HARMLEDGER_RULES_DIR`` or the package's ``rules_data``."""
    return Path(os.environ.get(RULES_DIR_ENV) or DATA_DIR)


@cache
def _load(folder: Path) -> WordBook:
    return WordBook(folder)


def words(name: str) -> frozenset[str]:
    """The words of the package's concept ``name``."""
    return load().words(name)


def groups(name: str) -> dict[str, frozenset[str]]:
    """Group label -> words of the package's grouped concept ``name``, in file order."""
    return load().groups(name)


def labels(name: str) -> dict[str, str]:
    """Word -> group label of the package's grouped concept ``name``."""
    return load().labels(name)


def table(name: str) -> dict[str, Any]:
    """Word -> value of the package's table concept ``name``."""
    return load().table(name)


def alternation(name: str, space: str = r"\s+") -> str:
    """The words of the package's concept ``name`` as a regular expression alternation
    (``"a\\s+few|several|..."``), longest first so that the longest word matches, with a space
    inside a word written as ``space``."""
    return alternation_of(words(name), space)


def alternation_of(found: Iterable[str], space: str = r"\s+") -> str:
    """``found`` as ``alternation`` writes a concept's words (for a group of one concept)."""
    ordered = sorted(found, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", space) for w in ordered)
