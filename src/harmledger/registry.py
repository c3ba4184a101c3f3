"""Versioned registries for swappable parts: pick one by name, record the name on every row.

>>> from harmledger.registry import extractors
>>> @extractors.register("harmledger.extract.example.v1")
... def make_example(): ...

Names are never removed once rows may carry them (see tests/test_registry.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from harmledger.errors import ConfigError

F = TypeVar("F", bound=Callable[..., Any])


class Registry(Generic[F]):
    """A name -> factory map for one kind of swappable part."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, F] = {}

    def register(self, name: str) -> Callable[[F], F]:
        def decorate(factory: F) -> F:
            if name in self._items and self._items[name] is not factory:
                raise ConfigError(f"{self.kind} {name!r} is registered twice; pick a new version")
            self._items[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> F:
        _load_builtins()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise ConfigError(f"unknown {self.kind} {name!r}; known: {known}") from None

    def names(self) -> list[str]:
        _load_builtins()
        return sorted(self._items)


extractors: Registry[Callable[..., Any]] = Registry("extractor")
geocoders: Registry[Callable[..., Any]] = Registry("geocoder")
cleaners: Registry[Callable[..., Any]] = Registry("cleaner")
stores: Registry[Callable[..., Any]] = Registry("store")
fetchers: Registry[Callable[..., Any]] = Registry("fetcher")
#: Components of the extract stage (``harmledger.extract.components``); each factory takes
#: the keywords ``geocoder`` and ``extractor``.
components: Registry[Callable[..., Any]] = Registry("component")

_loaded = False


def _load_builtins() -> None:
    """Import the modules whose decorators register the built-in parts."""
    global _loaded
    if _loaded:
        return
    import harmledger.clean.pipeline
    import harmledger.ingest.fetch
    import harmledger.resolve.geo
    import harmledger.store.sqlite  # noqa: F401
    from harmledger.extract.builtin import BUILTIN
    from harmledger.extract.rules import EXTRACTOR_NAME, make_rule_extractor

    extractors.register(EXTRACTOR_NAME)(make_rule_extractor)
    for name, factory in BUILTIN.items():
        components.register(name)(factory)

    _loaded = True  # only once every import worked: a broken module is reported, not hidden
