"""The rule extractor's data: word lists (TOML) and token patterns (JSON Lines).

The files live in ``extract/rules_data/`` (docs/RULES.md explains them to a linguist). The
word lists (TOML *concepts*) are read and checked by ``rulebook_words``, which imports no spaCy
and which the linker, the resolver and redaction use; this module adds the patterns.

Each JSON Lines file holds spaCy ``DependencyMatcher`` patterns, one rule a line, in priority
order. In a pattern, ``{"IN": "$name"}`` stands for the words of concept ``name``, and
``{"_": {"lemma_lower": ...}}`` tests a token's lemma in lower case.

Everything is read once per folder and process (``load``), and checked: a broken file raises
one ``ConfigError`` line that names the file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from harmledger.errors import ConfigError
from harmledger.extract import rulebook_words
from harmledger.extract.rulebook_words import (
    DATA_DIR,
    RULES_DIR_ENV,
    Concept,
    WordBook,
    groups,
    labels,
    table,
    words,
)
from harmledger.extract.token_patterns import TokenPattern

__all__ = [
    "DATA_DIR",
    "RULES_DIR_ENV",
    "Concept",
    "PatternRule",
    "Rulebook",
    "groups",
    "labels",
    "load",
    "table",
    "words",
]

_RULE_KEYS = frozenset({"id", "about", "pattern", "kind", "kind_from", "transitive", "when"})

if not Token.has_extension("lemma_lower"):
    Token.set_extension("lemma_lower", getter=lambda token: token.lemma_.lower())


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


class Rulebook(WordBook):
    """All concepts and pattern rules of one folder, loaded and checked. ``book`` is the
    folder's word lists when already loaded (``rulebook_words.load``): they are not read again."""

    def __init__(self, folder: Path = DATA_DIR, book: WordBook | None = None) -> None:
        if book is None:
            super().__init__(folder)
        else:
            self.folder, self.concepts = folder, book.concepts
        self.rules: dict[str, list[PatternRule]] = {
            path.stem: self._read_rules(path) for path in sorted(folder.glob("*.jsonl"))
        }

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


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300]


def load(folder: Path | None = None) -> Rulebook:
    """The rulebook of ``folder``, read once per process. By default the package's own
    ``rules_data``, or the folder that ``$HARMLEDGER_RULES_DIR`` names."""
    return _load(folder or rulebook_words.rules_dir())


@cache
def _load(folder: Path) -> Rulebook:
    return Rulebook(folder, rulebook_words.load(folder))
