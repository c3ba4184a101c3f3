"""The exception hierarchy: one root, and the module docstring's tree matches the code."""

from __future__ import annotations

import inspect
import re

import pytest

from harmledger import errors
from harmledger.errors import HarmledgerError

CLASSES = {
    name: obj
    for name, obj in vars(errors).items()
    if inspect.isclass(obj) and obj.__module__ == errors.__name__
}

_TREE_LINE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>[A-Z]\w*(?:Error|Exception))\b")


def _docstring_tree() -> dict[str, str | None]:
    """name -> parent name, parsed from the box-drawing tree in the module docstring."""
    assert errors.__doc__ is not None
    tree: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []  # (depth column, name)
    for raw in errors.__doc__.splitlines():
        line = raw
        stripped = line.lstrip(" ")
        match = _TREE_LINE.match(stripped)
        if not match:
            continue
        column = len(line) - len(stripped) + len(match.group("indent"))
        while stack and stack[-1][0] >= column:
            stack.pop()
        tree[match.group("name")] = stack[-1][1] if stack else None
        stack.append((column, match.group("name")))
    return tree


TREE = _docstring_tree()


def test_module_defines_classes() -> None:
    assert "HarmledgerError" in CLASSES
    assert len(CLASSES) >= 10


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_class_derives_from_root(name: str) -> None:
    cls = CLASSES[name]
    assert issubclass(cls, HarmledgerError)
    assert issubclass(cls, Exception)


def test_docstring_tree_parses() -> None:
    assert TREE["HarmledgerError"] is None
    assert TREE["ConfigError"] == "HarmledgerError"
    assert TREE["BlockedURLError"] == "FetchError"


def test_every_class_is_named_in_docstring() -> None:
    assert set(CLASSES) - set(TREE) == set()


def test_docstring_names_only_defined_classes() -> None:
    assert set(TREE) - set(CLASSES) == set()


@pytest.mark.parametrize("name", sorted(TREE))
def test_docstring_parent_is_the_base_class(name: str) -> None:
    cls = CLASSES[name]
    parent = TREE[name]
    if parent is None:
        assert cls.__bases__ == (Exception,)
    else:
        assert cls.__bases__ == (CLASSES[parent],)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_errors_carry_their_message(name: str) -> None:
    exc = CLASSES[name]("file x.txt is empty; add some text")
    assert str(exc) == "file x.txt is empty; add some text"
    with pytest.raises(HarmledgerError):
        raise exc
