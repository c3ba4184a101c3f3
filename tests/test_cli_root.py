"""The command line's package: one registration list, imports one way, a fast start."""

from __future__ import annotations

import ast
import subprocess
import sys
import types
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from harmledger.cli import common, root
from harmledger.errors import StoreError

CLI = Path(root.__file__).parent
SUB_APPS = [m for m in root.COMMAND_MODULES if m.startswith("harmledger.cli.")]
#: What ``harmledger --help`` must not import: the stages and their heavy dependencies.
HEAVY = ("spacy", "numpy", "trafilatura", "httpx", "dateparser", "harmledger.pipeline",
         "harmledger.link", "harmledger.store", "harmledger.export", "harmledger.evaluate",
         "harmledger.extract", "harmledger.redact", "harmledger.render")  # fmt: skip


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "harmledger.cli":  # from harmledger.cli import root
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("module", SUB_APPS)
def test_sub_apps_import_only_common_of_the_cli(module: str) -> None:
    path = CLI / (module.rsplit(".", 1)[1] + ".py")
    cli_imports = {m for m in _imports(path) if m.startswith("harmledger.cli")}
    assert cli_imports <= {"harmledger.cli.common"}, f"{module} imports {cli_imports}"


def test_common_imports_nothing_of_the_cli() -> None:
    assert not {m for m in _imports(CLI / "common.py") if m.startswith("harmledger.cli")}


def test_every_command_module_is_registered_once() -> None:
    modules = {p.stem for p in CLI.glob("*.py")} - {"__init__", "root", "common"}
    assert sorted(SUB_APPS) == sorted(f"harmledger.cli.{m}" for m in modules)
    assert len(set(root.COMMAND_MODULES)) == len(root.COMMAND_MODULES)


def test_registration_adds_each_modules_commands_in_the_listed_order() -> None:
    target = typer.Typer()
    root.register_all(target, ("harmledger.cli.offline", "harmledger.cli.incidents"))
    names = [c.name or c.callback.__name__ for c in target.registered_commands if c.callback]
    assert names == ["extract", "eval", "registry", "link"]
    assert [g.name for g in target.registered_groups] == ["incidents"]


def test_a_module_with_a_typer_app_is_added_as_a_named_sub_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """How ``"harmledger.cli_train:train"`` will be wired: one line in COMMAND_MODULES."""
    plugin = types.ModuleType("fake_train_cli")
    plugin.app = typer.Typer(help="Train models.")  # type: ignore[attr-defined]

    @plugin.app.command("roles")  # type: ignore[attr-defined]
    def roles() -> None:
        print("trained roles")

    monkeypatch.setitem(sys.modules, "fake_train_cli", plugin)
    target = typer.Typer()
    root.register_all(target, ("harmledger.cli.offline", "fake_train_cli:train"))
    result = CliRunner().invoke(target, ["train", "roles"])
    assert result.exit_code == 0, result.output
    assert "trained roles" in result.stdout


def test_help_imports_no_stage() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['harmledger', '--help']\n"
        "from harmledger.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert "ingest" in found.stdout  # the help was printed
    assert found.stdout.strip().splitlines()[-1] == "[]"


def test_check_ledger_refuses_a_missing_file_and_accepts_memory(tmp_path: Path) -> None:
    common.check_ledger(":memory:")
    with pytest.raises(StoreError, match=r"no ledger at .*; run harmledger ingest first"):
        common.check_ledger(str(tmp_path / "typo.db"))
    assert not (tmp_path / "typo.db").exists()


def test_open_store_creates_only_when_asked(tmp_path: Path) -> None:
    settings = common.Settings(db=str(tmp_path / "new.db"))
    with pytest.raises(StoreError), common.open_store(settings):
        pass
    with common.open_store(settings, create=True) as store:
        assert list(store.documents()) == []
    assert (tmp_path / "new.db").is_file()
