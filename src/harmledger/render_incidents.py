"""Terminal views of incidents: the ledger's incidents as a table, one incident in full.

Same rules as ``render``: text from articles is shown through ``render.safe`` (no markup, no
control characters). Witness names are shown as ``[witness withheld]`` unless the caller
passes ``include_names=True``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from harmledger.export.records import WITHHELD
from harmledger.models import AuditEntry, Estimate, Incident, IncidentSource, Redirect
from harmledger.render import safe


def estimate_text(e: Estimate | None) -> str:
    if e is None:
        return ""
    if e.low == e.best == e.high and e.best is not None:
        return str(e.best)
    parts = ["?" if v is None else str(v) for v in (e.low, e.best, e.high)]
    return "/".join(parts)


def _place(inc: Incident) -> str:
    p = inc.place
    if p is None:
        return ""
    return ", ".join(x for x in (p.name, p.admin1, p.country) if x)


def _date(inc: Incident) -> str:
    d = inc.date
    if d is None or not d.start:
        return ""
    return d.start if d.start == d.end else f"{d.start}..{d.end}"


def incidents_table(incidents: Sequence[Incident]) -> Table:
    """One row per incident: id, date, place, kinds, killed and injured (low/best/high)."""
    table = Table(title=f"{len(incidents)} incidents", expand=True)
    for name in ("id", "date", "place", "kinds", "killed", "injured", "sources", "grade", "parent"):
        table.add_column(name)
    for inc in incidents:
        table.add_row(
            safe(inc.id),
            safe(_date(inc)),
            safe(_place(inc), 40),
            safe(",".join(inc.kinds)),
            safe(estimate_text(inc.estimate("killed"))),
            safe(estimate_text(inc.estimate("injured"))),
            safe(f"{inc.number_of_sources} ({inc.independent_sources} indep.)"),
            safe(inc.grade),
            safe(inc.parent or ""),
        )
    return table


def source_name(s: IncidentSource, include_names: bool) -> str:
    return s.name if include_names or s.source_type != "witness" else WITHHELD


def show_incident(
    console: Console,
    inc: Incident,
    children: Sequence[Incident],
    audit: Sequence[AuditEntry],
    redirects: Sequence[Redirect],
    *,
    include_names: bool = False,
) -> None:
    """Everything known about one incident, each figure with how it was reached."""
    console.print(Text.assemble(("incident ", "bold"), safe(inc.id)))
    for label, value in (
        ("headline", inc.headline),
        ("date", _date(inc)),
        ("place", _place(inc)),
        ("kinds", ", ".join(inc.kinds)),
        ("grade", inc.grade),
        ("sources", f"{inc.number_of_sources} ({inc.independent_sources} independent)"),
        ("parent", inc.parent),
        ("notes", inc.notes),
    ):
        if value:
            console.print(Text.assemble((f"{label:10} ", "dim"), safe(value, 160)))
    for e in inc.estimates:
        line = f"{e.kind}: low {e.low} best {e.best} high {e.high} (ACLED {e.conservative})"
        console.print(Text.assemble(("toll       ", "dim"), safe(f"{line}; {e.method}", 160)))
    sources = Table(title="sources", expand=True)
    for name in ("source", "type", "document", "story", "publisher"):
        sources.add_column(name)
    for s in inc.sources:
        sources.add_row(
            safe(source_name(s, include_names)), safe(s.source_type), safe(s.document_id[:12]),
            safe(s.story[:12]), safe(s.publisher or ""),
        )  # fmt: skip
    console.print(sources)
    if children:
        console.print(incidents_table(children))
    for r in redirects:
        console.print(Text.assemble(("redirect   ", "dim"), safe(f"{r.old_id} -> {r.new_id}")))
    for a in audit:
        what = f"{a.at} {a.action} by {a.who}: {a.why}"
        console.print(Text.assemble(("audit      ", "dim"), safe(what, 160)))
