"""``harmledger train roles``: retrain the role model from the dev sets' annotations.

::

    harmledger train roles ../shared/eval/dev/roles ../shared/eval/dev/conflict
    harmledger train roles ../shared/eval/dev/roles --out my-roles.npz --cache /tmp/parses

A sub-app of its own (``app``): the main CLI adds it as ``train``. See docs/ROLE_MODEL.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from harmledger.errors import HarmledgerError

app = typer.Typer(no_args_is_help=True, help="Train the project's models on annotated data.")
err = Console(stderr=True)


@app.callback()
def train() -> None:
    """Train the project's models on annotated data (see docs/ROLE_MODEL.md)."""


def report_table(report: dict[str, object]) -> Table:
    """Held-out F1 per role: the rules alone beside the rules with the model."""
    from harmledger.extract.roles_model.labels import f1

    table = Table(title="held-out role F1 (rules alone -> with the model)")
    for name in ("held out", "role", "rules", "model", "mode"):
        table.add_column(name)
    heldout = report["heldout"]
    modes = report["modes"]
    assert isinstance(heldout, dict) and isinstance(modes, dict)
    for key, systems in heldout.items():
        for role, counts in systems["model"].items():
            rules = f1(*systems["rules"][role])
            table.add_row(key, role, f"{rules:.3f}", f"{f1(*counts):.3f}", modes.get(role, ""))
    return table


@app.command("roles")
def roles(
    data: Annotated[
        list[Path],
        typer.Argument(help="Task folders in the roles format (docs.jsonl + gold.jsonl)."),
    ],
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write the model (default: the one the package ships)."),
    ] = None,
    cache: Annotated[
        Path | None, typer.Option(help="A folder to keep parses in between runs.")
    ] = None,
    folds: Annotated[int, typer.Option(help="Cross-validation folds for tuning.")] = 4,
    epochs: Annotated[int, typer.Option(help="Passes of full-batch gradient descent.")] = 150,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON instead of a table.")
    ] = False,
    gate: Annotated[
        bool, typer.Option(help="Train the document gate (how likely an incident is reported).")
    ] = True,
) -> None:
    """Train the role model (perpetrators, victims, targets, places) and save it.

    MUC-4 TST1/TST2 documents and the last 300 GTD documents are held out and scored."""
    from harmledger.extract.roles_model.model import DEFAULT_PATH
    from harmledger.extract.roles_model.train import train_roles

    target = out or DEFAULT_PATH
    try:
        report = train_roles(data, target, cache_dir=cache, folds=folds, epochs=epochs, gated=gate)
    except HarmledgerError as exc:
        err.print(f"error: {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    result = report.as_dict()
    if json_out:
        typer.echo(json.dumps(result, indent=2, default=float))
    else:
        Console().print(report_table(result))
        err.print(f"saved {target} ({report.seconds:.0f} s, {report.n_train} training documents)")
