"""The ``harmledger`` command.

::

    harmledger ingest examples/            # files, folders, .jsonl, URLs, feeds
    harmledger claims --kind killed        # the ledger as tables
    harmledger quotes
    harmledger show 3fa2                   # one document, by its JSON Lines id or id prefix
    harmledger export --format csv -o claims.csv
    harmledger extract --format eval-jsonl docs.jsonl > predictions.jsonl

Errors are printed as one line (``error: ...``) with exit status 1. Every command but
``ingest`` (and ``extract``, ``eval`` and ``registry``, which keep no ledger) refuses a ``--db``
that does not exist, rather than creating an empty ledger.

This module only builds the app: the global options, then each module of
:data:`COMMAND_MODULES` adds its commands. Those modules never import this one or each other.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from harmledger.cli.common import err
from harmledger.errors import HarmledgerError
from harmledger.settings import load_settings

#: The modules that add commands, in the order ``harmledger --help`` lists them. A plain module
#: name calls the module's ``register_commands(app)``; ``"module:name"`` adds the module's Typer
#: ``app`` as the sub-command ``name``. Adding a sub-app is one line here.
COMMAND_MODULES: tuple[str, ...] = (
    "harmledger.cli.ledger",  # ingest claims quotes ls show rejections export
    "harmledger.cli.offline",  # extract eval registry
    "harmledger.cli.incidents",  # link, incidents ls/show/merge/split/move/relink
    "harmledger.cli_train:train",  # train roles
)

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("::")[0])


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(help="Ledger database file (SQLite).")] = None,
    config: Annotated[Path | None, typer.Option(help="Settings file (TOML).")] = None,
    geonames_dump: Annotated[
        str | None, typer.Option(help="A GeoNames dump (allCountries.zip, XX.zip or .txt).")
    ] = None,
) -> None:
    """harmledger: a ledger of sourced casualty claims from news reports."""
    ctx.obj = load_settings(config).with_overrides(db=db, geonames_dump=geonames_dump)


def register_all(target: typer.Typer, modules: tuple[str, ...] = COMMAND_MODULES) -> None:
    """Import each of ``modules`` and let it add its commands to ``target``."""
    for entry in modules:
        module_name, _, sub_name = entry.partition(":")
        module = importlib.import_module(module_name)
        if sub_name:
            target.add_typer(module.app, name=sub_name)
        else:
            module.register_commands(target)


register_all(app)


def main() -> None:
    """Entry point: run the app, turning harmledger errors into one-line messages."""
    try:
        app(standalone_mode=False)
    except HarmledgerError as exc:
        from harmledger.render import safe

        err.print(Text.assemble("error: ", safe(str(exc).splitlines()[0])), highlight=False)
        sys.exit(1)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted: what was committed is kept; run the same command again to resume")
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
