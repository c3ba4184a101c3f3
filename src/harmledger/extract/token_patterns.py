"""Test one token against a DependencyMatcher pattern, without running a matcher over the doc.

spaCy's ``DependencyMatcher`` finds every match in a document; the rule extractor asks instead
whether one token (a candidate harm verb) is the anchor of a pattern, for a few tokens of
each document. Running the matcher over each document costs more than the rules it serves
(its ``IN`` tests and ``_`` attributes are Python calls on every token), so this module reads
the same patterns and checks them at the token asked about.

It understands the part of the pattern language the rule files use, and refuses the rest
with a ``ConfigError``: token attributes ``ORTH``, ``TEXT``, ``LOWER``, ``LEMMA``, ``POS``,
``TAG``, ``DEP``, ``ENT_TYPE`` and ``_`` (custom attributes), each equal to a string or
``{"IN": [...]}`` / ``{"NOT_IN": [...]}``; relations ``>`` (a child), ``>>`` (a descendant),
``<`` (the head) and ``<<`` (an ancestor). The first node is the anchor.
``tests/test_rulebook.py`` checks that it agrees with spaCy's matcher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from spacy.tokens import Token

from harmledger.errors import ConfigError

Check = Callable[[Token], bool]  # one attribute test on a token

_GETTERS: dict[str, Callable[[Token], str]] = {
    "ORTH": attrgetter("orth_"),
    "TEXT": attrgetter("text"),
    "LOWER": attrgetter("lower_"),
    "LEMMA": attrgetter("lemma_"),
    "POS": attrgetter("pos_"),
    "TAG": attrgetter("tag_"),
    "DEP": attrgetter("dep_"),
    "ENT_TYPE": attrgetter("ent_type_"),
}


def _children(token: Token) -> Iterator[Token]:
    return token.children


def _descendants(token: Token) -> Iterator[Token]:
    return (t for t in token.subtree if t.i != token.i)


def _head(token: Token) -> Iterator[Token]:
    return iter([token.head] if token.head.i != token.i else [])


def _ancestors(token: Token) -> Iterator[Token]:
    return token.ancestors


_RELATIONS: dict[str, Callable[[Token], Iterator[Token]]] = {
    ">": _children,
    ">>": _descendants,
    "<": _head,
    "<<": _ancestors,
}


@dataclass(frozen=True, slots=True)
class _Node:
    left: int  # index of the node it hangs from (-1 for the anchor)
    related: Callable[[Token], Iterator[Token]] | None
    checks: tuple[Check, ...]


class TokenPattern:
    """A DependencyMatcher pattern, checked at one anchor token."""

    def __init__(self, pattern: list[dict[str, Any]], where: str) -> None:
        ids: dict[str, int] = {}
        nodes: list[_Node] = []
        for k, node in enumerate(pattern):
            right = node.get("RIGHT_ID")
            if not isinstance(right, str) or right in ids:
                raise ConfigError(f"{where}: node {k + 1} needs a new RIGHT_ID")
            checks = _checks(node.get("RIGHT_ATTRS", {}), where)
            if k == 0:
                nodes.append(_Node(-1, None, checks))
            else:
                op = node.get("REL_OP")
                if node.get("LEFT_ID") not in ids or op not in _RELATIONS:
                    raise ConfigError(
                        f"{where}: node {right!r} needs a LEFT_ID named before it and a REL_OP "
                        f"of {', '.join(_RELATIONS)} (got {op!r})"
                    )
                nodes.append(_Node(ids[node["LEFT_ID"]], _RELATIONS[op], checks))
            ids[right] = k
        self._nodes = tuple(nodes)
        self._anchor = nodes[0].checks if nodes else ()
        self._single = len(nodes) == 1

    def matches_at(self, token: Token) -> bool:
        """Is ``token`` the anchor of a match?"""
        for check in self._anchor:
            if not check(token):
                return False
        return self._single or self._bind(1, [token])

    def _bind(self, k: int, bound: list[Token]) -> bool:
        if k == len(self._nodes):
            return True
        node = self._nodes[k]
        assert node.related is not None
        for candidate in node.related(bound[node.left]):
            if _passes(node.checks, candidate) and self._bind(k + 1, [*bound, candidate]):
                return True
        return False


def _passes(checks: tuple[Check, ...], token: Token) -> bool:
    return all(check(token) for check in checks)


def _checks(attrs: Any, where: str) -> tuple[Check, ...]:
    if not isinstance(attrs, dict):
        raise ConfigError(f"{where}: RIGHT_ATTRS must be an object")
    checks: list[Check] = []
    for name, spec in attrs.items():
        if name == "_":
            if not isinstance(spec, dict):
                raise ConfigError(f'{where}: "_" must map attribute names to tests')
            for ext, ext_spec in spec.items():
                if not Token.has_extension(ext):
                    raise ConfigError(f"{where}: no token attribute _.{ext}")
                checks.append(_check(_extension(ext), ext_spec, where))
        elif name in _GETTERS:
            checks.append(_check(_GETTERS[name], spec, where))
        else:
            known = ", ".join([*_GETTERS, "_"])
            raise ConfigError(f"{where}: token attribute {name!r} is not supported ({known})")
    return tuple(checks)


def _extension(name: str) -> Callable[[Token], Any]:
    """The attribute's getter itself where it has one (``token._`` is slow to build)."""
    getter = Token.get_extension(name)[2]
    if getter is not None:
        return getter
    return lambda token: getattr(token._, name)


def _check(get: Callable[[Token], Any], spec: Any, where: str) -> Check:
    """The test ``spec`` (a string, ``{"IN": [...]}`` or ``{"NOT_IN": [...]}``) of ``get``."""
    if isinstance(spec, str):
        return lambda token: get(token) == spec
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, values),) = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(values, list):
            allowed = frozenset(values)
            if op == "IN":
                return lambda token: get(token) in allowed
            return lambda token: get(token) not in allowed
    raise ConfigError(f'{where}: a test is a string, {{"IN": [...]}} or {{"NOT_IN": [...]}}')
