"""One options object for every stage, read from ``harmledger.toml`` when present.

::

    # harmledger.toml
    db = "ledger.db"
    extractor = "harmledger.extract.rules.v1"
    geocoder = "harmledger.geocode.gazetteer.v1"
    store = "harmledger.store.sqlite.v1"
    max_bytes = 10000000
    timeout = 10.0
    batch_size = 16
    allow_private = false
    geonames_dump = ""   # optional path to a GeoNames dump (allCountries.zip or XX.zip)
    doc_seconds = 60.0   # per-document extraction time budget (0 = unbounded, in-process)
    doc_memory_mb = 1024 # per-document extra memory budget of the extraction worker (0 = none)
    components = []      # the extract stage's components in order; [] = the built-ins
                         # (`harmledger registry` lists them): name one of yours in its place

Command-line options override the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from harmledger.errors import ConfigError

DEFAULT_CONFIG = Path("harmledger.toml")


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "ledger.db"
    extractor: str = "harmledger.extract.rules.v1"
    geocoder: str = "harmledger.geocode.gazetteer.v1"
    store: str = "harmledger.store.sqlite.v1"
    fetcher: str = "harmledger.fetch.httpx.v1"
    cleaner: str = "harmledger.clean.v1"
    max_bytes: int = 10_000_000
    timeout: float = 10.0
    batch_size: int = 16
    allow_private: bool = False
    geonames_dump: str = ""
    doc_seconds: float = 60.0
    doc_memory_mb: int = 1024
    components: tuple[str, ...] = ()

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with every non-None value applied."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path`` (or ./harmledger.toml if it exists), else the defaults."""
    path = path or DEFAULT_CONFIG
    if not path.exists():
        if path is not DEFAULT_CONFIG:
            raise ConfigError(f"config file {path} not found; check the --config path")
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}".splitlines()[0]) from exc
    known = {f.name: f.type for f in fields(Settings)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {sorted(known)}"
        )
    for name, value in data.items():
        _check_type(path, name, value, known[name])
    if "components" in data:
        data["components"] = tuple(data["components"])
    return Settings().with_overrides(**data)


#: What each annotated type of a setting accepts from TOML (``bool`` is not an ``int`` here).
_ACCEPTS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}
_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "true or false"}


def _check_type(path: Path, name: str, value: object, annotation: object) -> None:
    """Raise ConfigError, on one line, for a setting of the wrong type or a size below 1."""
    kind = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if kind == "tuple[str, ...]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: {name} must be a list of names in quotes; fix the setting")
        return
    accepts = _ACCEPTS.get(kind)
    if accepts is None:
        return
    wrong_bool = isinstance(value, bool) and kind != "bool"
    if wrong_bool or not isinstance(value, accepts):
        shown = " ".join(repr(value)[:40].split())
        raise ConfigError(
            f"{path}: {name} must be {_NAMES[kind]}, not {type(value).__name__} ({shown});"
            " fix the setting"
        )
    if kind in ("int", "float") and name != "timeout" and not 0 < value <= 2**62:  # type: ignore[operator]
        raise ConfigError(f"{path}: {name} must be at least 1; fix the setting")
    if name == "timeout" and not 0 < value <= 86_400:  # type: ignore[operator]
        raise ConfigError(f"{path}: timeout must be over 0 and at most 86400 seconds")
