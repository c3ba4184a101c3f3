"""The documentation covers the code: every command and its options (docs/CLI.md), every
setting (docs/CLI.md, "Settings") and every SQLite table (docs/DATA.md). The lists come from
the Typer app, the ``Settings`` dataclass and a freshly migrated ledger, so a new command,
option, setting or table without a line in the docs fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer

from harmledger.cli import app
from harmledger.settings import Settings
from harmledger.store.sqlite import SQLiteStore

DOCS = Path(__file__).parents[1] / "docs"
CLI_DOC = (DOCS / "CLI.md").read_text(encoding="utf-8")
DATA_DOC = (DOCS / "DATA.md").read_text(encoding="utf-8")
#: Tables SQLite makes for a full-text index itself (FTS5 shadow tables).
_FTS_SHADOW = ("_config", "_content", "_data", "_docsize", "_idx")


def _commands(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(typer.main.get_command(app), ("harmledger",)))


def section(doc: str, title: str) -> str:
    """The text under the heading ``title`` (any level) up to the next heading."""
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", doc, re.M | re.S)
    assert match is not None, f"no heading '{title}' in the docs"
    return match.group(1)


def _in_code(name: str, text: str) -> bool:
    """Is ``name`` written as a word of a `code span` in ``text``?"""
    word = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    return re.search(rf"`[^`\n]*{word}[^`\n]*`", text) is not None


def test_the_command_tree_is_found() -> None:
    """The walk sees sub-apps: a broken walk would make every other test here vacuous."""
    assert {("harmledger", "ingest"), ("harmledger", "incidents", "split")} <= set(COMMANDS)
    assert len(COMMANDS) >= 19


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_has_a_section(path: tuple[str, ...]) -> None:
    text = section(CLI_DOC, " ".join(path))
    assert len(text.split()) >= 5, f"{' '.join(path)}: the section says nothing"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_option_and_argument_is_documented(path: tuple[str, ...]) -> None:
    text = section(CLI_DOC, " ".join(path))
    missing = []
    for param in COMMANDS[path].params:
        if param.param_type_name == "argument":
            names = [param.name.upper()]
        else:
            names = [*param.opts, *param.secondary_opts]
        missing += [n for n in names if not _in_code(n, text)]
    assert missing == [], f"{' '.join(path)}: not in docs/CLI.md: {missing}"


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_documented(name: str) -> None:
    rows = section(CLI_DOC, "Settings")
    assert re.search(rf"^\| `{name}` \|", rows, re.M), f"setting {name} not in docs/CLI.md"


def _tables(tmp_path: Path) -> list[str]:
    with SQLiteStore(tmp_path / "ledger.db") as store:
        rows = store.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    names = sorted(r[0] for r in rows)
    virtual = [n for n in names if n + "_data" in names]  # FTS5 keeps its index in shadows
    return [n for n in names if not any(n == v + s for v in virtual for s in _FTS_SHADOW)]


def test_every_table_is_documented(tmp_path: Path) -> None:
    tables = _tables(tmp_path)
    assert {"documents", "claims", "incidents", "_migrations"} <= set(tables)
    missing = [t for t in tables if not re.search(rf"^\| `{t}` \|", DATA_DOC, re.M)]
    assert missing == [], f"tables not in docs/DATA.md's table list: {missing}"


def test_the_docs_list_no_table_the_ledger_lacks(tmp_path: Path) -> None:
    tables = set(_tables(tmp_path))
    listed = re.findall(r"^\| `(\w+)` \|", section(DATA_DOC, "The ledger's data"), re.M)
    assert listed and sorted(set(listed) - tables) == []
