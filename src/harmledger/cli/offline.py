"""The commands that keep no ledger: ``extract`` (a docs file straight to JSON Lines), ``eval``
(score a task's gold) and ``registry`` (the registered parts). Registered on the root app by
:func:`register_commands`; the pipeline and the scorers are imported inside the commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from harmledger.cli.common import err, out, settings_of
from harmledger.errors import HarmledgerError


class ExtractFormat(StrEnum):
    eval_jsonl = "eval-jsonl"


def register_commands(app: typer.Typer) -> None:
    """Add ``extract``, ``eval`` and ``registry`` to ``app``."""
    app.command()(extract)
    app.command("eval")(evaluate)
    app.command("registry")(list_registry)


def _read_jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    from harmledger import render
    from harmledger.ingest.files import jsonl_records
    from harmledger.models import Rejection

    for item in jsonl_records(path):  # a bad line (not UTF-8, not JSON ...) is printed, skipped
        if isinstance(item, Rejection):
            err.print(render.rejection_line(item), highlight=False, soft_wrap=True)
        else:
            yield item


def extract(
    ctx: typer.Context,
    docs: Annotated[Path, typer.Argument(help="A docs.jsonl file ({id, text|html, ...}).")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.eval_jsonl,
    link: Annotated[
        bool, typer.Option(help="Link all documents into incidents (fills `incidents`).")
    ] = False,
    incidents_out: Annotated[
        Path | None, typer.Option(help="With --link: write the incidents file here.")
    ] = None,
) -> None:
    """Extract straight from a docs file to stdout, without keeping a ledger.

    Each text is kept exactly as given, so that spans address it; with --link a headline the
    text does not show is read first, as ``ingest`` stores it (docs/DATA.md)."""
    from harmledger import render
    from harmledger.evaluate.runner import empty_prediction
    from harmledger.export.eval import export_eval_jsonl
    from harmledger.ingest.files import count_jsonl_lines
    from harmledger.models import Rejection
    from harmledger.pipeline import extract_records

    if not docs.is_file():
        raise HarmledgerError(f"{docs} not found; pass a docs.jsonl file")
    if incidents_out is not None and not link:
        raise HarmledgerError("--incidents-out needs --link; add --link")
    settings = settings_of(ctx)
    total = count_jsonl_lines(docs)
    records: list[dict[str, Any]] = []
    pairs = []
    document_of: dict[str, str] = {}
    with render.progress(err, "extract", total) as tick:
        found = extract_records(_read_jsonl(docs), settings, tick=tick, headline=link)
        for rid, document, result in found:
            if isinstance(result, Rejection):
                err.print(render.rejection_line(result), highlight=False, soft_wrap=True)
                record: dict[str, Any] = {**empty_prediction(rid), "error": result.message}
            else:
                assert document is not None
                record = {**export_eval_jsonl(document, result), "id": rid}
                pairs.append((document, result))
                document_of[rid] = document.id
            if link:
                records.append(record)
            else:
                render.terminal_safe(sys.stdout).write(
                    json.dumps(record, ensure_ascii=False) + "\n"
                )
    if link:
        _write_linked(records, pairs, document_of, incidents_out)


def _write_linked(
    records: list[dict[str, Any]],
    pairs: list[Any],
    document_of: dict[str, str],
    incidents_out: Path | None,
) -> None:
    from harmledger import render
    from harmledger.evaluate.linking import link_records

    incident_ids, rows = link_records(pairs, document_of)
    for record in records:
        record["incidents"] = incident_ids.get(record["id"], [])
        render.terminal_safe(sys.stdout).write(json.dumps(record, ensure_ascii=False) + "\n")
    if incidents_out is not None:
        with incidents_out.open("w", encoding="utf-8") as fh:
            for row in rows.values():
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        err.print(f"wrote {len(rows)} incidents to {incidents_out}", markup=False)


def evaluate(
    task: Annotated[
        str, typer.Argument(help="roles, geo, quotes, clean, link, conflict or conflict-link.")
    ],
    data: Annotated[Path, typer.Option(help="Task folder with docs.jsonl and gold.jsonl.")],
    limit: Annotated[int | None, typer.Option(help="Score a seeded sample of N docs.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the sample.")] = 0,
    extractor: Annotated[str | None, typer.Option(help="A registered extractor name.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write JSON here.")] = None,
) -> None:
    """Run the pipeline on a task's docs.jsonl and score it against gold.jsonl."""
    from harmledger import render
    from harmledger.evaluate import render_table, run_eval, to_json

    if not (data / "docs.jsonl").is_file() or not (data / "gold.jsonl").is_file():
        raise HarmledgerError(f"{data} has no docs.jsonl and gold.jsonl; pass a task folder")
    total = limit or sum(1 for _ in (data / "gold.jsonl").open(encoding="utf-8"))
    with render.progress(err, f"eval {task}", total) as tick:
        run = run_eval(task, data, limit=limit, seed=seed, extractor=extractor, progress=tick)
    out.print(render_table(run))
    if json_out:
        json_out.write_text(json.dumps(to_json(run), indent=2) + "\n", encoding="utf-8")


def list_registry(
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="Also show what each component of the extract stage requires and assigns "
            "(loads the components).",
        ),
    ] = False,
) -> None:
    """The registered extractors, geocoders, cleaners, stores, fetchers and components (the
    extract stage's, in their default order)."""
    from harmledger import registry

    for reg in (
        registry.extractors,
        registry.geocoders,
        registry.cleaners,
        registry.stores,
        registry.fetchers,
    ):
        for name in reg.names():
            out.print(f"{reg.kind:10} {name}")
    default = list(registry.BUILTINS["harmledger.components"])
    names = default + [n for n in registry.components.names() if n not in default]
    for name in names:
        if not details:
            out.print(f"{'component':10} {name}")
            continue
        made = registry.components.get(name)()
        out.print(f"{'component':10} {name}", highlight=False)
        out.print(f"{'':10}   requires {', '.join(made.requires) or '-'}", highlight=False)
        out.print(f"{'':10}   assigns  {', '.join(made.assigns) or '-'}", highlight=False)
