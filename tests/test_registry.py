"""Registries: register, look up, list; and a snapshot so no name used on stored rows vanishes."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
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


def _fresh(group: str = "harmledger.cleaners") -> Registry[Callable[..., Any]]:
    """A registry of ``group`` that has not read its entry points yet."""
    return Registry("cleaner", group, registry.BUILTINS.get(group, {}))


def test_failed_builtin_import_is_not_remembered_as_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cleaners = _fresh()
    monkeypatch.setitem(sys.modules, "harmledger.clean.pipeline", None)  # its import now fails
    assert "harmledger.clean.v1" in cleaners.names()  # listing imports nothing
    with pytest.raises(ImportError):
        cleaners.get("harmledger.clean.v1")
    with pytest.raises(ImportError):
        cleaners.get("harmledger.clean.v1")
    monkeypatch.delitem(sys.modules, "harmledger.clean.pipeline")
    assert callable(cleaners.get("harmledger.clean.v1"))


def test_listing_names_imports_no_stage() -> None:
    """``harmledger registry`` and an unknown name's message load no model or stage module."""
    code = (
        "import sys; from harmledger import registry as r\n"
        "names = [n for reg in (r.extractors, r.geocoders, r.cleaners, r.stores, r.fetchers)"
        " for n in reg.names()]\n"
        "assert 'harmledger.extract.rules.v1' in names\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('spacy', 'numpy', 'httpx', 'trafilatura') or m.startswith('harmledger.extract')))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_stage_modules_do_not_import_the_registry() -> None:
    """Imports run one way: the registry names the stages' factories, the stages define them."""
    src = Path(registry.__file__).parent
    for target in registry.BUILTINS.values():
        for ref in target.values():
            module = ref.partition(":")[0]
            text = (src.parent / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
            assert "harmledger.registry" not in text.split('"""', 2)[-1], module


def test_pyproject_entry_points_equal_the_builtin_table() -> None:
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["entry-points"]
    assert declared == registry.BUILTINS


class _Dist:
    def __init__(self, name: str) -> None:
        self.metadata = {"Name": name}


def _ep(name: str, value: str, dist: str) -> SimpleNamespace:
    """An installed entry point as ``importlib.metadata`` gives it (name, value, dist)."""
    return SimpleNamespace(name=name, value=value, dist=_Dist(dist))


def _with_entry_points(monkeypatch: pytest.MonkeyPatch, *found: SimpleNamespace) -> None:
    monkeypatch.setattr(registry, "_entry_points", lambda group: list(found))


def make_plugin_cleaner() -> str:
    return "plugin"


def test_a_plugin_entry_point_is_found_and_loaded_on_first_get(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _with_entry_points(
        monkeypatch, _ep("acme.clean.v1", f"{__name__}:make_plugin_cleaner", "acme-plugin")
    )
    cleaners = _fresh()
    assert cleaners.names() == ["acme.clean.v1", "harmledger.clean.v1"]
    assert cleaners.get("acme.clean.v1") is make_plugin_cleaner


def test_entry_points_are_read_once_and_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def entry_points(group: str) -> list[SimpleNamespace]:
        calls.append(group)
        return []

    monkeypatch.setattr(registry, "_entry_points", entry_points)
    cleaners = _fresh()
    assert calls == []
    cleaners.names()
    cleaners.get("harmledger.clean.v1")
    assert calls == ["harmledger.cleaners"]


def test_stale_metadata_of_this_distribution_gives_way_to_the_builtin_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An editable install made before a factory moved still names the old place."""
    _with_entry_points(
        monkeypatch, _ep("harmledger.clean.v1", "harmledger.clean.old:gone", "harmledger")
    )
    from harmledger.clean.pipeline import make_cleaner

    assert _fresh().get("harmledger.clean.v1") is make_cleaner


def test_missing_metadata_falls_back_to_the_builtin_table(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_entry_points(monkeypatch)
    fetchers = _fresh("harmledger.fetchers")
    assert fetchers.names() == ["harmledger.fetch.httpx.v1", "harmledger.fetch.mock.v1"]
    assert callable(fetchers.get("harmledger.fetch.mock.v1"))


def test_another_package_taking_a_builtin_name_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _with_entry_points(monkeypatch, _ep("harmledger.clean.v1", "acme:clean", "acme-plugin"))
    with pytest.raises(ConfigError, match=r"'harmledger\.clean\.v1' is declared twice"):
        _fresh().names()


def test_registering_by_hand_a_name_an_entry_point_holds_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _with_entry_points(monkeypatch)
    cleaners = _fresh()
    with pytest.raises(ConfigError, match="registered twice"):
        cleaners.register("harmledger.clean.v1")(_one)
