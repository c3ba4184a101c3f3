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
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from harmledger import render
from harmledger.errors import HarmledgerError, StoreError
from harmledger.evaluate.runner import empty_prediction
from harmledger.export import EXPORTERS
from harmledger.export.eval import export_eval_jsonl
from harmledger.ingest.files import count_jsonl_lines, jsonl_records
from harmledger.ingest.sources import count_inputs
from harmledger.models import HARM_KINDS, Claim, ClaimRef, Document, Rejection
from harmledger.pipeline import extract_records, ingest_into
from harmledger.redact import Redactor
from harmledger.registry import stores
from harmledger.settings import Settings, load_settings
from harmledger.store.base import Store

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("::")[0])
out = render.console()
err = render.console(stderr=True)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    eval_jsonl = "eval-jsonl"
    acled = "acled"
    ucdp = "ucdp"
    plover = "plover"
    incidents_geojson = "incidents-geojson"
    cumulative = "cumulative"


class ExtractFormat(StrEnum):
    eval_jsonl = "eval-jsonl"


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


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return settings


def _check_ledger(db: str) -> None:
    """Refuse a ledger file that does not exist (a mistyped --db), creating nothing."""
    if db == ":memory:" or db.startswith("file:"):
        return
    if not Path(db).is_file():
        raise StoreError(f"no ledger at {db}; run harmledger ingest first or check --db")


@contextmanager
def _store(settings: Settings, *, create: bool = False) -> Iterator[Store]:
    """The ledger of ``settings``; only ``create=True`` (ingest) may start a new one."""
    if not create:
        _check_ledger(settings.db)
    store = stores.get(settings.store)(settings.db)
    try:
        yield store
    finally:
        store.close()


@app.command()
def ingest(
    ctx: typer.Context,
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, .jsonl files, URLs.")],
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs on private, loopback or link-local addresses.")
    ] = False,
    feed: Annotated[bool, typer.Option(help="Treat every input as an RSS/Atom feed.")] = False,
    max_bytes: Annotated[int | None, typer.Option(help="Largest input accepted.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Documents parsed together.")] = None,
    link: Annotated[bool, typer.Option(help="Link the new claims into incidents.")] = True,
) -> None:
    """Ingest reports into the ledger: clean, extract, store, link. Safe to re-run."""
    settings = _settings(ctx).with_overrides(
        allow_private=allow_private or None, max_bytes=max_bytes, batch_size=batch_size
    )
    total = count_inputs(inputs)
    with _store(settings, create=True) as store, render.progress(err, "ingest", total) as tick:
        report = ingest_into(store, inputs, settings, feed=feed, tick=tick)
    for rej in report.rejections:
        err.print(render.rejection_line(rej), highlight=False, soft_wrap=True)
    err.print(
        f"stored {report.stored}, already stored {report.duplicates}, "
        f"rejected {report.rejected} -> {settings.db}",
        markup=False,
    )
    if link:
        from harmledger.link.linker import link_store

        with _store(settings) as store:
            linked = link_store(store)
        err.print(
            f"linked {linked.claims} claims: {linked.changed} incidents new or changed, "
            f"{linked.incidents} in all"
        )


def numbered_claims(
    store: Store, kind: str | None, document_id: str | None
) -> Iterator[tuple[ClaimRef, Claim]]:
    """The stored claims (of one kind, of one document) with their ``DOCUMENT:POSITION``."""
    if kind is not None and kind not in HARM_KINDS:
        store.claims(kind=kind)  # raises the store's one-line error for an unknown kind
    position: dict[str, int] = {}
    for doc_id, claim in store.claims(document_id=document_id):
        position[doc_id] = position.get(doc_id, -1) + 1
        if kind is None or claim.kind == kind:
            yield ClaimRef(doc_id, position[doc_id]), claim


def claim_rows(
    store: Store, found: Iterator[tuple[ClaimRef, Claim]], redactor: Redactor | None = None
) -> list[render.ClaimRow]:
    """Each claim with the sentence of its document's text it was read from; with a
    ``redactor``, private names withheld in both (docs/SECURITY.md)."""
    texts: dict[str, str] = {}
    rows = []
    for ref, claim in found:
        if ref.document_id not in texts:
            texts[ref.document_id] = store.get_document(ref.document_id).text
        names = redactor.of(ref.document_id) if redactor else None
        sentence = render.shown_sentence(texts[ref.document_id], claim.span, names)
        rows.append((ref, names.claim(claim) if names else claim, sentence))
    return rows


IncludeNames = Annotated[
    bool,
    typer.Option(help="Show the names of private persons (for authorised users only)."),
]


def redactor(store: Store, include_names: bool) -> Redactor | None:
    """The redaction of private names, or None when ``--include-names`` was given."""
    return None if include_names else Redactor(store)


def _document(store: Store, key: str | None) -> Document | None:
    return store.find_document(key) if key else None


@app.command()
def claims(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only claims of this kind.")] = None,
    doc: Annotated[
        str | None,
        typer.Option(help="Only claims of this document (its JSON Lines id, or id prefix)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
    include_names: IncludeNames = False,
) -> None:
    """The claims in the ledger, as a table: each claim's id (DOCUMENT:POSITION, as
    `incidents split/move` take it) and the sentence it was read from."""
    with _store(_settings(ctx)) as store:
        document = _document(store, doc)
        found = numbered_claims(store, kind, document.id if document else None)
        rows = claim_rows(store, islice(found, limit), redactor(store, include_names))
        out.print(render.claims_table(rows))


@app.command()
def quotes(
    ctx: typer.Context,
    doc: Annotated[
        str | None,
        typer.Option(help="Only quotes of this document (its JSON Lines id, or id prefix)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
    include_names: IncludeNames = False,
) -> None:
    """The quotes in the ledger, with their speakers, as a table."""
    with _store(_settings(ctx)) as store:
        document = _document(store, doc)
        rows = list(store.quotes(document_id=document.id if document else None))[:limit]
        found = redactor(store, include_names)
        if found is not None:
            rows = [(d, found.of(d).quote(q)) for d, q in rows]
        out.print(render.quotes_table(rows))


@app.command("ls")
def list_documents(ctx: typer.Context, include_names: IncludeNames = False) -> None:
    """The documents in the ledger."""
    with _store(_settings(ctx)) as store:
        found = redactor(store, include_names)
        documents = list(store.documents())
        if found is not None:
            documents = [render.withheld_document(d, found.of(d.id)) for d in documents]
        out.print(render.documents_table(documents))


@app.command()
def show(
    ctx: typer.Context,
    doc: Annotated[
        str, typer.Argument(help="The id its JSON Lines input gave it, or a document id prefix.")
    ],
    include_names: IncludeNames = False,
) -> None:
    """One document: metadata, removed furniture, claims, quotes and places. ID is looked up
    first as the exact id of the JSON Lines input (external id), then as a prefix of the
    document id (the content hash); a prefix that fits several documents is an error."""
    with _store(_settings(ctx)) as store:
        document = store.find_document(doc)
        found = redactor(store, include_names)
        names = found.of(document.id) if found is not None else None
        render.show_document(out, document, store.extraction(document.id), names)


@app.command()
def rejections(ctx: typer.Context) -> None:
    """Inputs that could not be processed, and why."""
    with _store(_settings(ctx)) as store:
        out.print(render.rejections_table(store.rejections()))


@app.command()
def export(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
    include_names: Annotated[
        bool, typer.Option(help="Include names of private persons (authorised users only).")
    ] = False,
) -> None:
    """Export claims (jsonl, csv, geojson, eval-jsonl) or incidents (acled, ucdp, plover,
    incidents-geojson; see docs/EXPORTS.md)."""
    exporter = EXPORTERS[format.value]
    with _store(_settings(ctx)) as store:
        if output is None:
            n = exporter(store, render.terminal_safe(sys.stdout), include_names=include_names)
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                n = exporter(store, fh, include_names=include_names)
    err.print(f"wrote {n} records" + (f" to {output}" if output else ""), markup=False)


def _read_jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in jsonl_records(path):  # a bad line (not UTF-8, not JSON ...) is printed, skipped
        if isinstance(item, Rejection):
            err.print(render.rejection_line(item), highlight=False, soft_wrap=True)
        else:
            yield item


@app.command()
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
    if not docs.is_file():
        raise HarmledgerError(f"{docs} not found; pass a docs.jsonl file")
    if incidents_out is not None and not link:
        raise HarmledgerError("--incidents-out needs --link; add --link")
    settings = _settings(ctx)
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


@app.command("eval")
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
    from harmledger.evaluate import render_table, run_eval, to_json

    if not (data / "docs.jsonl").is_file() or not (data / "gold.jsonl").is_file():
        raise HarmledgerError(f"{data} has no docs.jsonl and gold.jsonl; pass a task folder")
    total = limit or sum(1 for _ in (data / "gold.jsonl").open(encoding="utf-8"))
    with render.progress(err, f"eval {task}", total) as tick:
        run = run_eval(task, data, limit=limit, seed=seed, extractor=extractor, progress=tick)
    out.print(render_table(run))
    if json_out:
        json_out.write_text(json.dumps(to_json(run), indent=2) + "\n", encoding="utf-8")


@app.command("registry")
def list_registry() -> None:
    """The registered extractors, geocoders, cleaners, stores and fetchers."""
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


from harmledger import cli_incidents  # noqa: E402,F401  (registers `link` and `incidents`)


def main() -> None:
    """Entry point: run the app, turning harmledger errors into one-line messages."""
    try:
        app(standalone_mode=False)
    except HarmledgerError as exc:
        err.print(Text.assemble("error: ", render.safe(str(exc).splitlines()[0])), highlight=False)
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
