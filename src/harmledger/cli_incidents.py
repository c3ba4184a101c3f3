"""``harmledger link`` and ``harmledger incidents ...``: linking and analysts' corrections.

::

    harmledger link                                   # link documents not linked yet
    harmledger incidents ls --since 2025-03-01
    harmledger incidents show inc-4436
    harmledger incidents merge inc-4436 inc-361c --who ana --why "same attack"
    harmledger incidents split inc-4436 --claim 3fa2…:3 --who ana --why "other village"
    harmledger incidents move 3fa2…:3 --to inc-361c --who ana --why "belongs there"
    harmledger incidents relink                       # everything again, decisions kept
"""

from __future__ import annotations

from typing import Annotated

import typer

from harmledger import render
from harmledger.cli import _settings, _store, app, err, out
from harmledger.errors import LinkError
from harmledger.export.records import WITHHELD
from harmledger.link import review
from harmledger.link.linker import all_incidents, link_store
from harmledger.models import ClaimRef
from harmledger.render_incidents import incidents_table, show_incident
from harmledger.store.base import Store

incidents_app = typer.Typer(
    no_args_is_help=True, help="Incidents: list, show, and correct the linker (audited)."
)
app.add_typer(incidents_app, name="incidents")

Who = Annotated[str, typer.Option(help="Who decides (recorded in the audit table).")]
Why = Annotated[str, typer.Option(help="Why (recorded in the audit table).")]


@app.command("link")
def link(ctx: typer.Context) -> None:
    """Link the claims of documents not linked yet into incidents (incremental)."""
    with _store(_settings(ctx)) as store, render.progress(err, "link", None) as tick:
        report = link_store(store, tick=tick)
    err.print(
        f"linked {report.claims} claims of {report.documents} documents: "
        f"{report.changed} incidents new or changed, {report.merged} merged; "
        f"{report.incidents} incidents in all"
    )


def withhold_names(text: str, names: set[str]) -> str:
    """``text`` with every witness name in ``names`` replaced (longest first)."""
    for name in sorted((n for n in names if len(n.strip()) >= 3), key=len, reverse=True):
        text = text.replace(name, WITHHELD)
    return text


def parse_ref(store: Store, text: str) -> ClaimRef:
    """``DOC_PREFIX:POSITION`` -> the claim's ref."""
    doc, sep, pos = text.rpartition(":")
    if not sep or not doc or not pos.isdigit():
        raise LinkError(f"{text!r} is not DOCUMENT:POSITION (e.g. 3fa2c1:0); see `incidents show`")
    return ClaimRef(store.get_document(doc).id, int(pos))


@incidents_app.command("ls")
def list_incidents(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only incidents with this kind.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
) -> None:
    """Top-level incidents, by date (children: `incidents show`)."""
    with _store(_settings(ctx)) as store:
        rows = list(store.incidents(kind=kind, since=since, until=until))[:limit]
        out.print(incidents_table(rows))


@incidents_app.command("show")
def show(
    ctx: typer.Context,
    incident: Annotated[str, typer.Argument(help="Incident id or prefix.")],
    include_names: Annotated[
        bool, typer.Option(help="Show witness names (for authorised users only).")
    ] = False,
) -> None:
    """One incident: its tolls and how they were reached, sources, children, history."""
    with _store(_settings(ctx)) as store:
        inc = store.incident(incident)
        children = list(store.incidents(parent=inc.id))
        redirects = [r for r in store.redirects() if r.new_id == inc.id]
        show_incident(out, inc, children, store.audit(inc.id), redirects,
                      include_names=include_names)  # fmt: skip
        witnesses = {s.name for s in inc.sources if s.source_type == "witness"}
        for ref in inc.claims:
            claim = store.extraction(ref.document_id).claims[ref.position]
            text = claim.span.text
            if not include_names:
                text = withhold_names(text, witnesses)
            line = f"{ref.document_id[:12]}:{ref.position} {claim.kind}: {text}"
            out.print(render.safe(line, 160))


@incidents_app.command("merge")
def merge(
    ctx: typer.Context,
    incidents: Annotated[list[str], typer.Argument(help="Two or more incident ids.")],
    who: Who,
    why: Why,
) -> None:
    """Merge incidents into one; the oldest id stays, the others redirect to it."""
    with _store(_settings(ctx)) as store:
        merged = review.merge(store, incidents, who=who, why=why)
    err.print(f"merged into {merged.id} ({len(merged.claims)} claims)")


@incidents_app.command("split")
def split(
    ctx: typer.Context,
    incident: Annotated[str, typer.Argument(help="The incident to split.")],
    claim: Annotated[list[str], typer.Option(help="DOCUMENT:POSITION of a claim to take out.")],
    who: Who,
    why: Why,
) -> None:
    """Take claims out of an incident into a new one; a later link never rejoins them."""
    with _store(_settings(ctx)) as store:
        refs = [parse_ref(store, c) for c in claim]
        kept, new = review.split(store, incident, refs, who=who, why=why)
    err.print(f"kept {kept.id} ({len(kept.claims)} claims), new {new.id} ({len(new.claims)})")


@incidents_app.command("move")
def move(
    ctx: typer.Context,
    claim: Annotated[list[str], typer.Argument(help="DOCUMENT:POSITION of claims to move.")],
    to: Annotated[str, typer.Option("--to", help="The incident they belong to.")],
    who: Who,
    why: Why,
) -> None:
    """Move claims into another incident."""
    with _store(_settings(ctx)) as store:
        refs = [parse_ref(store, c) for c in claim]
        target = review.move(store, refs, to, who=who, why=why)
    err.print(f"moved {len(refs)} claims into {target.id}")


@incidents_app.command("relink")
def relink(ctx: typer.Context) -> None:
    """Link every claim again (after new weights); analysts' decisions are replayed."""
    with _store(_settings(ctx)) as store:
        report = review.relink_store(store)
        n = len(all_incidents(store))
    err.print(f"relinked {report.claims} claims into {n} incidents; {report.merged} ids redirect")
