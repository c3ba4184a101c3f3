"""Settings: defaults, harmledger.toml, one-line errors, command-line overrides."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from harmledger.errors import ConfigError
from harmledger.registry import cleaners, extractors, fetchers, geocoders, stores
from harmledger.settings import DEFAULT_CONFIG, Settings, load_settings

DEFAULTS = {
    "db": "ledger.db",
    "extractor": "harmledger.extract.rules.v1",
    "geocoder": "harmledger.geocode.gazetteer.v1",
    "store": "harmledger.store.sqlite.v1",
    "fetcher": "harmledger.fetch.httpx.v1",
    "cleaner": "harmledger.clean.v1",
    "max_bytes": 10_000_000,
    "timeout": 10.0,
    "batch_size": 16,
    "allow_private": False,
    "geonames_dump": "",
    "doc_seconds": 60.0,
    "doc_memory_mb": 1024,
    "components": (),
}


def test_defaults() -> None:
    assert dataclasses.asdict(Settings()) == DEFAULTS


@pytest.mark.parametrize(
    ("field", "registry"),
    [
        ("extractor", extractors),
        ("geocoder", geocoders),
        ("store", stores),
        ("fetcher", fetchers),
        ("cleaner", cleaners),
    ],
)
def test_default_parts_are_registered(field: str, registry: object) -> None:
    assert getattr(Settings(), field) in registry.names()  # type: ignore[attr-defined]


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().db = "other.db"  # type: ignore[misc]


def _write(tmp_path: Path, body: str, name: str = "conf.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_load_reads_toml(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'db = "other.db"\nmax_bytes = 5\ntimeout = 2.5\nallow_private = true\n'
        'geonames_dump = "/data/SY.zip"\n',
    )
    got = load_settings(path)
    assert (got.db, got.max_bytes, got.timeout, got.allow_private, got.geonames_dump) == (
        "other.db",
        5,
        2.5,
        True,
        "/data/SY.zip",
    )
    assert got.extractor == DEFAULTS["extractor"]
    assert got.batch_size == 16


def test_load_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(_write(tmp_path, "# nothing set\n")) == Settings()


@pytest.mark.parametrize(
    ("body", "unknown"),
    [
        ('colour = "red"\n', ["colour"]),
        ('db = "x.db"\nzeta = 1\nalpha = 2\n', ["alpha", "zeta"]),
        ("[extra]\nkey = 1\n", ["extra"]),
    ],
)
def test_unknown_keys_raise_one_line(tmp_path: Path, body: str, unknown: list[str]) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    assert f"unknown setting(s) {', '.join(unknown)}" in message
    assert "max_bytes" in message  # the known names are listed


@pytest.mark.parametrize(
    "body",
    [
        "db = \n",
        'db = "unterminated\n',
        "= 3\n",
        'db = "a"\ndb = "b"\n',
        "[a\nb = 1\n",
        'db = """\nline one\nline two\n',
    ],
)
def test_invalid_toml_raises_one_line(tmp_path: Path, body: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path} is not valid TOML")


def test_undecodable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('db = "caf\xe9.db"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)


def test_missing_explicit_path_raises(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_default_file_gives_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()
    assert load_settings(None) == Settings()


def test_default_file_is_read_when_present(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, 'db = "here.db"\nbatch_size = 4\n', name=str(DEFAULT_CONFIG))
    got = load_settings()
    assert (got.db, got.batch_size) == ("here.db", 4)


def test_invalid_default_file_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "not toml at all\n", name=str(DEFAULT_CONFIG))
    with pytest.raises(ConfigError):
        load_settings()


@pytest.mark.parametrize(
    ("overrides", "changed"),
    [
        ({}, {}),
        ({"db": None}, {}),
        ({"db": "x.db"}, {"db": "x.db"}),
        ({"db": "x.db", "timeout": None, "batch_size": 2}, {"db": "x.db", "batch_size": 2}),
        ({"allow_private": False, "max_bytes": 0}, {"max_bytes": 0}),  # falsy but not None
        ({"allow_private": True, "geonames_dump": ""}, {"allow_private": True}),
    ],
)
def test_with_overrides_ignores_none(
    overrides: dict[str, object], changed: dict[str, object]
) -> None:
    base = Settings()
    got = base.with_overrides(**overrides)
    assert dataclasses.asdict(got) == {**DEFAULTS, **changed}
    assert base == Settings()  # the original is untouched


def test_with_overrides_keeps_file_values(tmp_path: Path) -> None:
    loaded = load_settings(_write(tmp_path, 'db = "file.db"\ntimeout = 3.0\n'))
    got = loaded.with_overrides(db=None, timeout=7.0)
    assert (got.db, got.timeout) == ("file.db", 7.0)


def test_with_overrides_rejects_unknown_names() -> None:
    with pytest.raises(TypeError):
        Settings().with_overrides(colour="red")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('max_bytes = "big"', "max_bytes must be an integer, not str"),
        ("batch_size = true", "batch_size must be an integer, not bool"),
        ("allow_private = 1", "allow_private must be true or false, not int"),
        ("db = 3", "db must be a string, not int"),
        ("timeout = [1]", "timeout must be a number, not list"),
        ('geonames_dump = {a = "x\\u001b[2J"}', "geonames_dump must be a string, not dict"),
        ("batch_size = 0", "batch_size must be at least 1"),
        ("timeout = nan", "timeout must be over 0"),
    ],
)
def test_a_setting_of_the_wrong_type_is_a_one_line_error(
    tmp_path: Path, line: str, fragment: str
) -> None:
    path = tmp_path / "harmledger.toml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_an_integer_timeout_is_a_number() -> None:
    assert Settings().with_overrides(timeout=5).timeout == 5
