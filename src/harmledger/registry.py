"""Versioned registries for swappable parts: pick one by name, record the name on every row.

The built-in parts are declared as entry points in ``pyproject.toml`` (one group a kind)::

    [project.entry-points."harmledger.extractors"]
    "harmledger.extract.rules.v1" = "harmledger.extract.rules:make_rule_extractor"

A registry reads its group when first asked (``get`` or ``names``) and imports a factory's
module only when that name is asked for, so the stage modules never import this one and
listing the names loads no model. Another package adds a part the same way, with an entry point
in the same group (a name another package already declares is a ConfigError).
:data:`BUILTINS` holds the same names as ``pyproject.toml`` and fills in what the installed
metadata lacks (a checkout not installed, or an editable install made before a part was added);
where this distribution's own metadata names another target for a built-in name (stale), the
table wins.

Tests and scripts may still register a factory by hand:

>>> from harmledger.registry import Registry
>>> widgets = Registry("widget")
>>> @widgets.register("acme.widget.v1")
... def make_widget(): ...

Names are never removed once rows may carry them (see tests/test_registry.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Generic, TypeVar

from harmledger.errors import ConfigError

F = TypeVar("F", bound=Callable[..., Any])

#: This distribution's name: its entry points for built-in names give way to :data:`BUILTINS`.
DISTRIBUTION = "harmledger"

#: Entry point group -> {name: "module:factory"}; the same as ``pyproject.toml`` declares
#: (tests/test_registry.py holds the two equal).
BUILTINS: dict[str, dict[str, str]] = {
    "harmledger.extractors": {
        "harmledger.extract.rules.v1": "harmledger.extract.rules:make_rule_extractor",
    },
    "harmledger.geocoders": {
        "harmledger.geocode.gazetteer.v1": "harmledger.resolve.geo:make_gazetteer_geocoder",
    },
    "harmledger.cleaners": {
        "harmledger.clean.v1": "harmledger.clean.pipeline:make_cleaner",
    },
    "harmledger.stores": {
        "harmledger.store.sqlite.v1": "harmledger.store.sqlite:open_sqlite_store",
    },
    "harmledger.fetchers": {
        "harmledger.fetch.httpx.v1": "harmledger.ingest.fetch:make_httpx_fetcher",
        "harmledger.fetch.mock.v1": "harmledger.ingest.fetch:make_mock_fetcher",
    },
    "harmledger.components": {
        "harmledger.places.v1": "harmledger.extract.builtin:PlaceNames",
        "harmledger.triggers.v1": "harmledger.extract.builtin:HarmTriggers",
        "harmledger.counts.v1": "harmledger.extract.builtin:Counts",
        "harmledger.actors.v1": "harmledger.extract.builtin:Actors",
        "harmledger.sources.v1": "harmledger.extract.builtin:Sources",
        "harmledger.claims.v1": "harmledger.extract.builtin:Claims",
        "harmledger.breakdowns.v1": "harmledger.extract.builtin:Breakdowns",
        "harmledger.cumulative.v1": "harmledger.extract.builtin:CumulativeTotals",
        "harmledger.responsibility.v1": "harmledger.extract.builtin:Responsibility",
        "harmledger.anaphora.v1": "harmledger.extract.builtin:CountAnaphora",
        "harmledger.event_dates.v1": "harmledger.extract.builtin:EventDates",
        "harmledger.quotes.v1": "harmledger.extract.builtin:Quotes",
        "harmledger.roles_model.v1": "harmledger.extract.roles_model.component:RoleModelComponent",
    },
}


def _entry_points(group: str) -> Iterable[EntryPoint]:
    """The installed entry points of ``group`` (a seam for tests)."""
    return entry_points(group=group)


def _distribution(ep: EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return None if dist is None else str(dist.metadata["Name"] or "").lower() or None


class Registry(Generic[F]):
    """A name -> factory map for one kind of swappable part, filled from the entry point
    ``group`` (with ``builtins`` as its fallback) and by :meth:`register`."""

    def __init__(
        self, kind: str, group: str | None = None, builtins: Mapping[str, str] | None = None
    ) -> None:
        self.kind = kind
        self.group = group
        self._builtins = dict(builtins or {})
        self._items: dict[str, F] = {}
        self._refs: dict[str, str] | None = None  # name -> "module:attr", read on first use

    def register(self, name: str) -> Callable[[F], F]:
        """A decorator that registers its factory as ``name``."""

        def decorate(factory: F) -> F:
            known = self._items.get(name)
            if known is None and name in self.refs():
                known = self._load(name)
            if known is not None and known is not factory:
                raise ConfigError(f"{self.kind} {name!r} is registered twice; pick a new version")
            self._items[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> F:
        """The factory registered as ``name``; its module is imported on the first call."""
        if name in self._items:
            return self._items[name]
        if name in self.refs():
            return self._load(name)
        known = ", ".join(self.names()) or "none"
        raise ConfigError(f"unknown {self.kind} {name!r}; known: {known}") from None

    def names(self) -> list[str]:
        """Every registered name, sorted; nothing is imported."""
        return sorted(set(self._items) | set(self.refs()))

    def refs(self) -> dict[str, str]:
        """Name -> ``"module:attr"`` of the parts declared by entry points (or built in)."""
        if self._refs is None:
            self._refs = self._discover()
        return self._refs

    def _discover(self) -> dict[str, str]:
        """The group's entry points, then the built-in table for the names they lack."""
        refs: dict[str, str] = {}
        for ep in _entry_points(self.group) if self.group else ():
            builtin = self._builtins.get(ep.name)
            own = _distribution(ep) in (DISTRIBUTION, None)
            if own and builtin is not None and ep.value != builtin:
                continue  # stale metadata of this distribution: the code's own table wins
            taken = refs.get(ep.name) or (None if own else builtin)
            if taken is not None and taken != ep.value:
                raise ConfigError(
                    f"{self.kind} {ep.name!r} is declared twice ({taken} and {ep.value});"
                    " uninstall one of the packages or pick a new version"
                )
            refs[ep.name] = ep.value
        for name, ref in self._builtins.items():
            refs.setdefault(name, ref)  # metadata missing (a checkout not installed, or older)
        return refs

    def _load(self, name: str) -> F:
        """Import the factory of ``name``; an import error propagates and is not remembered."""
        module_name, _, attr = self.refs()[name].partition(":")
        found: Any = importlib.import_module(module_name.strip())
        for part in attr.strip().split("."):
            found = getattr(found, part)
        self._items[name] = found
        return found  # type: ignore[no-any-return]


def _builtin(kind: str, group: str) -> Registry[Callable[..., Any]]:
    return Registry(kind, group, BUILTINS[group])


extractors = _builtin("extractor", "harmledger.extractors")
geocoders = _builtin("geocoder", "harmledger.geocoders")
cleaners = _builtin("cleaner", "harmledger.cleaners")
stores = _builtin("store", "harmledger.stores")
fetchers = _builtin("fetcher", "harmledger.fetchers")
#: Components of the extract stage (``harmledger.extract.components``): each factory takes
#: the keywords ``geocoder`` and ``extractor`` and makes a component.
components = _builtin("component", "harmledger.components")
