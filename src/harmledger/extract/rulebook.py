"""The rule extractor's data: word lists (TOML) and token patterns (JSON Lines).

The files live in ``extract/rules_data/`` (docs/RULES.md explains them to a linguist). Each
TOML table is one *concept*, a named list of words with what it means and an invented example:

    [speech_verbs]
    about = "Verbs of speech and report (by lemma): cues for sources and quotes."
    example = "Medics said three people died."
    words = ["say", "tell", ...]

A concept holds ``words``, or ``groups`` (a table of lists: each word's group is its label, such
as the kind of harm of a harm verb), or ``table`` (word -> a value, such as a number word's
value). ``include`` adds the words of other concepts, ``subset_of`` checks that every word is
also in another concept, and ``case = "exact"`` allows upper-case entries.

Each JSON Lines file holds spaCy ``DependencyMatcher`` patterns, one rule a line, in priority
order. In a pattern, ``{"IN": "$name"}`` stands for the words of concept ``name``, and
``{"_": {"lemma_lower": ...}}`` tests a token's lemma in lower case.

Everything is read once per folder and process (``load``), and checked: a broken file raises
one ``ConfigError`` line that names the file and line.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from harmledger.errors import ConfigError
from harmledger.extract.token_patterns import TokenPattern

DATA_DIR = Path(__file__).with_name("rules_data")
#: Environment variable naming another rules folder (a changed copy to try out).
RULES_DIR_ENV = "HARMLEDGER_RULES_DIR"
_KEYS = frozenset({"about", "example", "case", "words", "groups", "table", "include", "subset_of"})
_RULE_KEYS = frozenset({"id", "about", "pattern", "kind", "kind_from", "transitive", "when"})

if not Token.has_extension("lemma_lower"):
    Token.set_extension("lemma_lower", getter=lambda token: token.lemma_.lower())


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


@dataclass(frozen=True, slots=True)
class PatternRule:
    """One line of a pattern file: a DependencyMatcher pattern and what its match means."""

    id: str
    where: str  # "verb_kinds.jsonl:3"
    pattern: list[dict[str, Any]]
    token: TokenPattern  # the pattern, checked at one anchor token
    kind: str | None = None
    kind_from: str | None = None
    transitive: bool = True
    when: str | None = None


class Rulebook:
    """All concepts and pattern rules of one folder, loaded and checked."""

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
        self.rules: dict[str, list[PatternRule]] = {
            path.stem: self._read_rules(path) for path in sorted(folder.glob("*.jsonl"))
        }

    def concept(self, name: str) -> Concept:
        found = self.concepts.get(name)
        if found is None:
            raise ConfigError(f"unknown word list {name!r}; the lists are in {self.folder}")
        return found

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

    def patterns(self, stem: str) -> list[PatternRule]:
        """The rules of ``<stem>.jsonl``, in priority (file) order."""
        if stem not in self.rules:
            raise ConfigError(f"no pattern file {stem}.jsonl in {self.folder}")
        return self.rules[stem]

    def dependency_matcher(self, stem: str, vocab: Vocab) -> DependencyMatcher:
        """A DependencyMatcher with each rule of ``<stem>.jsonl`` under its id."""
        matcher = DependencyMatcher(vocab, validate=True)
        for rule in self.patterns(stem):
            try:
                matcher.add(rule.id, [rule.pattern])
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{rule.where}: bad pattern: {_first_line(exc)}") from None
        return matcher

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

    def _read_rules(self, path: Path) -> list[PatternRule]:
        rules: list[PatternRule] = []
        seen: set[str] = set()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{path.name}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{where}: not JSON: {exc.msg}") from None
            rule = self._rule(row, where)
            if rule.id in seen:
                raise ConfigError(f"{where}: rule id {rule.id!r} is used twice")
            seen.add(rule.id)
            rules.append(rule)
        return rules

    def _rule(self, row: Any, where: str) -> PatternRule:
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise ConfigError(f'{where}: a rule is an object with an "id" and a "pattern"')
        unknown = sorted(set(row) - _RULE_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
        if not isinstance(row.get("pattern"), list) or not row["pattern"]:
            raise ConfigError(f'{where}: rule {row["id"]!r} needs a "pattern" list')
        kind_from = row.get("kind_from")
        if kind_from is not None and not self.concept_or_none(kind_from, grouped=True):
            raise ConfigError(f"{where}: kind_from {kind_from!r} is no grouped word list")
        pattern = self._expand(row["pattern"], where)
        try:  # spaCy's own check of the pattern language
            DependencyMatcher(Vocab(), validate=True).add(row["id"], [pattern])
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{where}: bad pattern: {_first_line(exc)}") from None
        return PatternRule(
            id=row["id"],
            where=where,
            pattern=pattern,
            token=TokenPattern(pattern, where),
            kind=row.get("kind"),
            kind_from=kind_from,
            transitive=bool(row.get("transitive", True)),
            when=row.get("when"),
        )

    def concept_or_none(self, name: str, grouped: bool = False) -> Concept | None:
        found = self.concepts.get(name)
        return found if found is not None and (found.groups or not grouped) else None

    def _expand(self, value: Any, where: str) -> Any:
        """The pattern with each ``"$name"`` replaced by the sorted words of ``name``."""
        if isinstance(value, list):
            return [self._expand(v, where) for v in value]
        if isinstance(value, dict):
            return {k: self._expand(v, where) for k, v in value.items()}
        if isinstance(value, str) and value.startswith("$"):
            found = self.concepts.get(value[1:])
            if found is None:
                raise ConfigError(f"{where}: unknown word list {value[1:]!r} in the pattern")
            return sorted(found.words)
        return value


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


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300]


def load(folder: Path | None = None) -> Rulebook:
    """The rulebook of ``folder``, read once per process. By default the package's own
    ``rules_data``, or the folder that ``$HARMLEDGER_RULES_DIR`` names."""
    return _load(folder or Path(os.environ.get(RULES_DIR_ENV) or DATA_DIR))


@cache
def _load(folder: Path) -> Rulebook:
    return Rulebook(folder)


def words(name: str) -> frozenset[str]:
    """The words of the package's concept ``name``."""
    return load().words(name)


def labels(name: str) -> dict[str, str]:
    """Word -> group label of the package's grouped concept ``name``."""
    return load().labels(name)


def table(name: str) -> dict[str, Any]:
    """Word -> value of the package's table concept ``name``."""
    return load().table(name)
