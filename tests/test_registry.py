"""Registries: register, look up, list; and a snapshot so no name used on stored rows vanishes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harmledger import registry
from harmledger.errors import ConfigError
from harmledger.registry import Registry

SNAPSHOT = Path(__file__).parent / "fixtures" / "registry_names.json"

REGISTRIES: dict[str, Registry[Callable[..., Any]]] = {
    "extractor": registry.extractors,
    "geocoder": registry.geocoders,
    "cleaner": registry.cleaners,
    "store": registry.stores,
    "fetcher": registry.fetchers,
}


def _one() -> str:
    return "one"


def _two() -> str:
    return "two"


@pytest.fixture
def widgets() -> Registry[Callable[..., Any]]:
    return Registry("widget")


def test_register_returns_factory_and_get_finds_it(widgets: Registry[Callable[..., Any]]) -> None:
    assert widgets.register("acme.widget.v1")(_one) is _one
    assert widgets.get("acme.widget.v1") is _one
    assert widgets.get("acme.widget.v1")() == "one"


def test_register_as_decorator(widgets: Registry[Callable[..., Any]]) -> None:
    @widgets.register("acme.widget.v2")
    def make() -> int:
        return 2

    assert widgets.get("acme.widget.v2") is make
    assert make() == 2


def test_names_are_sorted(widgets: Registry[Callable[..., Any]]) -> None:
    for name in ("b.v1", "c.v1", "a.v1"):
        widgets.register(name)(_one)
    assert widgets.names() == ["a.v1", "b.v1", "c.v1"]


def test_registries_do_not_share_names(widgets: Registry[Callable[..., Any]]) -> None:
    widgets.register("only.here.v1")(_one)
    assert "only.here.v1" not in Registry("gadget").names()
    assert all("only.here.v1" not in r.names() for r in REGISTRIES.values())


def test_unknown_name_lists_known_names(widgets: Registry[Callable[..., Any]]) -> None:
    widgets.register("b.v1")(_one)
    widgets.register("a.v1")(_two)
    with pytest.raises(ConfigError) as info:
        widgets.get("c.v1")
    message = str(info.value)
    assert "widget" in message and "'c.v1'" in message
    assert "known: a.v1, b.v1" in message
    assert "\n" not in message


def test_unknown_name_in_empty_registry(widgets: Registry[Callable[..., Any]]) -> None:
    with pytest.raises(ConfigError, match="known: none"):
        widgets.get("anything.v1")


def test_unknown_name_is_not_a_key_error(widgets: Registry[Callable[..., Any]]) -> None:
    with pytest.raises(ConfigError) as info:
        widgets.get("missing.v1")
    assert not isinstance(info.value, KeyError)
    assert info.value.__suppress_context__


def test_registering_a_different_factory_twice_raises(
    widgets: Registry[Callable[..., Any]],
) -> None:
    widgets.register("acme.widget.v1")(_one)
    with pytest.raises(ConfigError, match=r"'acme\.widget\.v1' is registered twice"):
        widgets.register("acme.widget.v1")(_two)
    assert widgets.get("acme.widget.v1") is _one


def test_registering_the_same_factory_again_is_allowed(
    widgets: Registry[Callable[..., Any]],
) -> None:
    widgets.register("acme.widget.v1")(_one)
    widgets.register("acme.widget.v1")(_one)
    assert widgets.names().count("acme.widget.v1") == 1


@pytest.mark.parametrize("kind", sorted(REGISTRIES))
def test_builtin_registry_kind(kind: str) -> None:
    assert REGISTRIES[kind].kind == kind


@pytest.mark.parametrize("kind", sorted(REGISTRIES))
def test_builtin_names_resolve(kind: str) -> None:
    names = REGISTRIES[kind].names()
    assert names, f"no built-in {kind}"
    for name in names:
        assert callable(REGISTRIES[kind].get(name))


def test_snapshot_covers_every_registry() -> None:
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert set(snapshot) == set(REGISTRIES)


@pytest.mark.parametrize("kind", sorted(REGISTRIES))
def test_no_registered_name_is_ever_removed(kind: str) -> None:
    """Rows name the part that made them: a name in the snapshot must stay registered.

    Adding a name is fine (add it to tests/fixtures/registry_names.json too); removing or
    renaming one breaks old rows.
    """
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    missing = sorted(set(snapshot[kind]) - set(REGISTRIES[kind].names()))
    assert missing == [], f"{kind} names removed: {missing}"


def test_failed_builtin_import_is_not_remembered_as_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "_loaded", False)
    # the first built-in module imported: its import now fails
    monkeypatch.setitem(sys.modules, "harmledger.clean.pipeline", None)
    with pytest.raises(ImportError):
        registry.cleaners.names()
    with pytest.raises(ImportError):
        registry.cleaners.names()
