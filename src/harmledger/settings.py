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
    return Settings().with_overrides(**data)
