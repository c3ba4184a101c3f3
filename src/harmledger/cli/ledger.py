"""The ledger commands: ``ingest``, ``claims``, ``quotes``, ``ls``, ``show``, ``rejections`` and
``export``. Registered on the root app by :func:`register_commands`; the stages are imported
inside the commands, so ``--help`` does not load them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from harmledger.cli.common import IncludeNames, err, open_store, out, redactor, settings_of

if TYPE_CHECKING:
    from harmledger.models import Claim, ClaimRef, Document
    from harmledger.redact import Redactor
    from harmledger.render import ClaimRow
    from harmledger.store.base import Store


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


def register_commands(app: typer.Typer) -> None:
    """Add the ledger commands to ``app``, in the order ``harmledger --help`` lists them."""
    app.command()(ingest)
    app.command()(claims)
    app.command()(quotes)
    app.command("ls")(list_documents)
    app.command()(show)
    app.command()(rejections)
    app.command()(export)


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
    from harmledger import render
    from harmledger.ingest.sources import count_inputs
    from harmledger.pipeline import ingest_into

    settings = settings_of(ctx).with_overrides(
        allow_private=allow_private or None, max_bytes=max_bytes, batch_size=batch_size
    )
    total = count_inputs(inputs)
    with open_store(settings, create=True) as store, render.progress(err, "ingest", total) as tick:
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

        with open_store(settings) as store:
            linked = link_store(store)
        err.print(
            f"linked {linked.claims} claims: {linked.changed} incidents new or changed, "
            f"{linked.incidents} in all"
        )


def numbered_claims(
    store: Store, kind: str | None, document_id: str | None
) -> Iterator[tuple[ClaimRef, Claim]]:
    """The stored claims (of one kind, of one document) with their ``DOCUMENT:POSITION``."""
    from harmledger.models import HARM_KINDS, ClaimRef

    if kind is not None and kind not in HARM_KINDS:
        store.claims(kind=kind)  # raises the store's one-line error for an unknown kind
    position: dict[str, int] = {}
    for doc_id, claim in store.claims(document_id=document_id):
        position[doc_id] = position.get(doc_id, -1) + 1
        if kind is None or claim.kind == kind:
            yield ClaimRef(doc_id, position[doc_id]), claim


def claim_rows(
    store: Store, found: Iterator[tuple[ClaimRef, Claim]], redactor: Redactor | None = None
) -> list[ClaimRow]:
    """Each claim with the sentence of its document's text it was read from; with a
    ``redactor``, private names withheld in both (docs/SECURITY.md)."""
    from harmledger import render

    texts: dict[str, str] = {}
    rows = []
    for ref, claim in found:
        if ref.document_id not in texts:
            texts[ref.document_id] = store.get_document(ref.document_id).text
        names = redactor.of(ref.document_id) if redactor else None
        sentence = render.shown_sentence(texts[ref.document_id], claim.span, names)
        rows.append((ref, names.claim(claim) if names else claim, sentence))
    return rows


def _document(store: Store, key: str | None) -> Document | None:
    return store.find_document(key) if key else None


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
    from harmledger import render

    with open_store(settings_of(ctx)) as store:
        document = _document(store, doc)
        found = numbered_claims(store, kind, document.id if document else None)
        rows = claim_rows(store, islice(found, limit), redactor(store, include_names))
        out.print(render.claims_table(rows))


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
    from harmledger import render

    with open_store(settings_of(ctx)) as store:
        document = _document(store, doc)
        rows = list(store.quotes(document_id=document.id if document else None))[:limit]
        found = redactor(store, include_names)
        if found is not None:
            rows = [(d, found.of(d).quote(q)) for d, q in rows]
        out.print(render.quotes_table(rows))


def list_documents(ctx: typer.Context, include_names: IncludeNames = False) -> None:
    """The documents in the ledger."""
    from harmledger import render

    with open_store(settings_of(ctx)) as store:
        found = redactor(store, include_names)
        documents = list(store.documents())
        if found is not None:
            documents = [render.withheld_document(d, found.of(d.id)) for d in documents]
        out.print(render.documents_table(documents))


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
    from harmledger import render

    with open_store(settings_of(ctx)) as store:
        document = store.find_document(doc)
        found = redactor(store, include_names)
        names = found.of(document.id) if found is not None else None
        render.show_document(out, document, store.extraction(document.id), names)


def rejections(ctx: typer.Context) -> None:
    """Inputs that could not be processed, and why."""
    from harmledger import render

    with open_store(settings_of(ctx)) as store:
        out.print(render.rejections_table(store.rejections()))


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
    from harmledger import render
    from harmledger.export import EXPORTERS

    exporter = EXPORTERS[format.value]
    with open_store(settings_of(ctx)) as store:
        if output is None:
            n = exporter(store, render.terminal_safe(sys.stdout), include_names=include_names)
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                n = exporter(store, fh, include_names=include_names)
    err.print(f"wrote {n} records" + (f" to {output}" if output else ""), markup=False)
