"""``harmledger link`` and ``harmledger incidents ...``: linking and analysts' corrections.

::

    harmledger link                                   # link documents not linked yet
    harmledger incidents ls --since 2025-03-01      # children indented under their parent
    harmledger incidents ls --all                   # every incident, flat, by date
    harmledger incidents show inc-4436
    harmledger incidents merge inc-4436 inc-361c --who ana --why "same attack"
    harmledger incidents split inc-4436 --claim 3fa2…:3 --who ana --why "other village"
    harmledger incidents move 3fa2…:3 --to inc-361c --who ana --why "belongs there"
    harmledger incidents relink                       # everything again, decisions kept
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from harmledger.cli.common import IncludeNames, err, open_store, out, redactor, settings_of
from harmledger.errors import LinkError

if TYPE_CHECKING:
    from harmledger.models import Claim, ClaimRef, Incident
    from harmledger.redact import Redactor
    from harmledger.store.base import Store

incidents_app = typer.Typer(
    no_args_is_help=True, help="Incidents: list, show, and correct the linker (audited)."
)


def register_commands(app: typer.Typer) -> None:
    """Add ``link`` and the ``incidents`` sub-app to ``app``."""
    app.add_typer(incidents_app, name="incidents")
    app.command("link")(link)


Who = Annotated[str, typer.Option(help="Who decides (recorded in the audit table).")]
Why = Annotated[str, typer.Option(help="Why (recorded in the audit table).")]


def link(ctx: typer.Context) -> None:
    """Link the claims of documents not linked yet into incidents (incremental)."""
    from harmledger import render
    from harmledger.link.linker import link_store

    with open_store(settings_of(ctx)) as store, render.progress(err, "link", None) as tick:
        report = link_store(store, tick=tick)
    err.print(
        f"linked {report.claims} claims of {report.documents} documents: "
        f"{report.changed} incidents new or changed, {report.merged} merged; "
        f"{report.incidents} incidents in all"
    )


def parse_ref(store: Store, text: str) -> ClaimRef:
    """``DOC_PREFIX:POSITION`` -> the claim's ref."""
    from harmledger.models import ClaimRef

    doc, sep, pos = text.rpartition(":")
    if not sep or not doc or not pos.isdigit():
        raise LinkError(f"{text!r} is not DOCUMENT:POSITION (e.g. 3fa2c1:0); see `incidents show`")
    return ClaimRef(store.get_document(doc).id, int(pos))


def with_children(
    store: Store, top: list[Incident], kind: str | None, depth: int = 1
) -> Iterator[tuple[Incident, int]]:
    """Each incident at depth ``depth - 1``, followed by its children (of ``kind``), nested."""
    from harmledger.render_incidents import MAX_DEPTH

    for inc in top:
        yield inc, depth - 1
        if depth <= MAX_DEPTH:
            children = list(store.incidents(parent=inc.id, kind=kind))
            yield from with_children(store, children, kind, depth + 1)


def flat_incidents(
    store: Store, kind: str | None, since: str | None, until: str | None
) -> list[Incident]:
    """Every live incident, top-level and children alike, by start date (undated last)."""
    store.incidents(kind=kind, since=since, until=until)  # one-line errors for bad filters
    found = [inc for inc, _ in with_children(store, list(store.incidents()), None)]
    keep = [i for i in found if kind is None or kind in i.kinds]
    keep = [i for i in keep if _in_dates(i, since, until)]
    return sorted(keep, key=lambda i: (i.date is None or not i.date.start, _start(i), i.id))


def _start(inc: Incident) -> str:
    return (inc.date.start if inc.date else None) or ""


def _in_dates(inc: Incident, since: str | None, until: str | None) -> bool:
    """The store's test: the dates overlap ``since..until``; an undated incident only when
    no bound is given."""
    start = _start(inc) or None
    end = (inc.date.end if inc.date else None) or start
    if since is not None and (end is None or end < since):
        return False
    return until is None or (start is not None and start <= until)


@incidents_app.command("ls")
def list_incidents(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only incidents with this kind.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: Annotated[
        int, typer.Option(help="At most this many top-level incidents (rows with --all).")
    ] = 200,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Every incident in one flat list by date, children too."),
    ] = False,
    include_names: IncludeNames = False,
) -> None:
    """The incidents, by date. A child incident (part of a larger toll, its `parent` set) is
    listed indented under its parent, marked with └; with --all every incident is listed
    flat, children too, with the parent column saying whose part they are. A child's toll is
    part of its parent's: never add them. A toll no report gives shows as `unknown`."""
    from harmledger.render_incidents import incidents_table

    with open_store(settings_of(ctx)) as store:
        if all_:
            rows = [(i, 0) for i in flat_incidents(store, kind, since, until)[:limit]]
        else:
            top = list(store.incidents(kind=kind, since=since, until=until))[:limit]
            rows = list(with_children(store, top, kind))
        children = sum(1 for inc, _ in rows if inc.parent)
        title = f"{len(rows) - children} incidents and {children} child incidents"
        if all_:
            title = f"{len(rows)} incidents, {children} of them children"
        if not children:
            title = f"{len(rows)} incidents"
        out.print(incidents_table(rows, title, include_names=include_names))


@incidents_app.command("show")
def show(
    ctx: typer.Context,
    incident: Annotated[str, typer.Argument(help="Incident id or prefix.")],
    include_names: IncludeNames = False,
) -> None:
    """One incident: its tolls and how they were reached, sources, children, history."""
    from harmledger import render
    from harmledger.render_incidents import show_incident

    with open_store(settings_of(ctx)) as store:
        inc = store.incident(incident)
        children = list(store.incidents(parent=inc.id))
        redirects = [r for r in store.redirects() if r.new_id == inc.id]
        found = redactor(store, include_names)
        shown = found.incident(inc) if found is not None else inc
        show_incident(out, shown, children, store.audit(inc.id), redirects,
                      include_names=include_names, withheld=found is not None)  # fmt: skip
        for ref in inc.claims:
            claim = store.extraction(ref.document_id).claims[ref.position]
            text = _clause(found, ref.document_id, claim)
            line = f"{render.claim_id(ref)} {claim.kind}: {text}"
            out.print(render.safe(line, 160))
        _background(store, inc, found)


def _clause(found: Redactor | None, document_id: str, claim: Claim) -> str:
    """The claim's clause, private names withheld unless ``found`` is None (--include-names)."""
    return (
        claim.span.text
        if found is None
        else found.of(document_id).at(claim.span.start, claim.span.text)
    )


def _background(store: Store, inc: Incident, found: Redactor | None) -> None:
    """The background totals its reports give ("the war has killed 150,000 since 2014"):
    context beside the incident, never part of its toll."""
    from harmledger import render
    from harmledger.models import ClaimRef

    for doc_id in inc.documents:
        for position, claim in enumerate(store.extraction(doc_id).claims):
            if not claim.cumulative:
                continue
            text = _clause(found, doc_id, claim)
            period = claim.period
            when = f"{period.start or '…'} to {period.end or '…'}" if period else "period unknown"
            where = render.claim_id(ClaimRef(doc_id, position))
            line = f"context {where} {claim.kind} ({when}): {text}"
            out.print(render.safe(line, 160))


@incidents_app.command("merge")
def merge(
    ctx: typer.Context,
    incidents: Annotated[list[str], typer.Argument(help="Two or more incident ids.")],
    who: Who,
    why: Why,
) -> None:
    """Merge incidents into one; the oldest id stays, the others redirect to it."""
    from harmledger.link import review

    with open_store(settings_of(ctx)) as store:
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
    from harmledger.link import review

    with open_store(settings_of(ctx)) as store:
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
    """Move claims into another incident. The --to incident keeps its id, and the incidents
    the claims leave keep theirs (even when a claim that founded one moves)."""
    from harmledger.link import review

    with open_store(settings_of(ctx)) as store:
        refs = [parse_ref(store, c) for c in claim]
        target = review.move(store, refs, to, who=who, why=why)
    err.print(f"moved {len(refs)} claims into {target.id} (the --to incident, now"
              f" {len(target.claims)} claims)")  # fmt: skip


@incidents_app.command("relink")
def relink(ctx: typer.Context) -> None:
    """Link every claim again (after new weights); analysts' decisions are replayed."""
    from harmledger.link import review
    from harmledger.link.linker import all_incidents

    with open_store(settings_of(ctx)) as store:
        report = review.relink_store(store)
        n = len(all_incidents(store))
    err.print(f"relinked {report.claims} claims into {n} incidents; {report.merged} ids redirect")
