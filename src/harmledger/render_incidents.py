"""Terminal views of incidents: the ledger's incidents as a table, one incident in full.

Same rules as ``render``: text from articles is shown through ``render.safe`` (no markup, no
control characters). The names of private persons (``harmledger.redact``, docs/SECURITY.md)
are shown as ``[name withheld]`` unless the caller passes ``include_names=True``.

A toll no report gives is shown as ``unknown``, never as 0: no estimate of that kind, an
estimate without a lower or best figure, or the linker's ``none reported`` estimate (ACLED's
0 fatalities when no report speaks of deaths, which the exports keep and a screen must not
show as a count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich.console import Console
from rich.table import Table
from rich.text import Text

from harmledger.models import AuditEntry, Estimate, Incident, Redirect
from harmledger.redact import incident_names, redact_incident, withhold_names
from harmledger.render import UNKNOWN, safe

#: The method of the linker's estimate for a kind of harm no report gives (link/reconcile.py).
NONE_REPORTED = "none reported"
#: How deep ``incidents ls`` follows children of children.
MAX_DEPTH = 8


def is_unknown(e: Estimate | None) -> bool:
    """True when no report gives this toll: no estimate, no lower or best figure, or the
    linker's ``none reported`` 0 (a convention of the exports, not a count)."""
    return e is None or e.method == NONE_REPORTED or (e.low is None and e.best is None)


def estimate_text(e: Estimate | None) -> str:
    """``5``, ``3/5/?`` (low/best/high, ``?`` open or unknown), ``unknown`` or ``unknown (≤80)``."""
    if e is None or is_unknown(e):
        high = e.high if e is not None and e.method != NONE_REPORTED else None
        return UNKNOWN if high is None else f"{UNKNOWN} (≤{high})"
    if e.low == e.best == e.high:
        return str(e.best)
    return "/".join("?" if v is None else str(v) for v in (e.low, e.best, e.high))


def toll_line(e: Estimate) -> str:
    """One toll of ``incidents show``, with how it was reached."""
    if is_unknown(e):
        why = e.note or e.method
        return f"{e.kind}: {estimate_text(e)}" + (f"; {why}" if why else "")
    bounds = " ".join(f"{k} {'?' if v is None else v}" for k, v in
                      (("low", e.low), ("best", e.best), ("high", e.high)))  # fmt: skip
    acled = "?" if e.conservative is None else e.conservative
    return f"{e.kind}: {bounds} (ACLED {acled}); {e.method}"


def _toll_cell(e: Estimate | None) -> Text:
    text = safe(estimate_text(e))
    if is_unknown(e):
        text.stylize("dim")
    return text


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


def _victim_names(inc: Incident) -> set[str]:
    """The private names the incident's victims give (its sources' names left out)."""
    return incident_names(replace(inc, sources=()))


def incidents_table(
    rows: Sequence[tuple[Incident, int]], title: str = "", *, include_names: bool = False
) -> Table:
    """One row per incident: id (a child indented under its parent by ``depth``), date, place,
    kinds, killed and injured (low/best/high), sources, grade and parent. The place is the
    gazetteer's name; one that is also the name of one of the incident's victims (a name
    misread as a town) is withheld unless ``include_names``. A source's name is never looked
    for in it: a town taken for a source ("Kherson (unknown)") is still the town."""
    table = Table(title=title or f"{len(rows)} incidents", expand=True)
    for name in ("id", "date", "place", "kinds", "killed", "injured", "sources", "grade", "parent"):
        table.add_column(name)
    for inc, depth in rows:
        table.add_row(
            Text("  " * (depth - 1) + "└ " if depth else "") + safe(inc.id),
            safe(_date(inc)),
            safe(
                _place(inc) if include_names else withhold_names(_place(inc), _victim_names(inc)),
                40,
            ),
            safe(",".join(inc.kinds)),
            _toll_cell(inc.estimate("killed")),
            _toll_cell(inc.estimate("injured")),
            safe(f"{inc.number_of_sources} ({inc.independent_sources} indep.)"),
            safe(inc.grade),
            safe(inc.parent or ""),
        )
    return table


def show_incident(
    console: Console,
    inc: Incident,
    children: Sequence[Incident],
    audit: Sequence[AuditEntry],
    redirects: Sequence[Redirect],
    *,
    include_names: bool = False,
    withheld: bool = False,
) -> None:
    """Everything known about one incident, each figure with how it was reached; the names
    of private persons withheld unless ``include_names`` (``redact.redact_incident``), or
    already by the caller (``withheld``: ``redact.Redactor.incident``, which knows the places
    its documents name; a second pass without them took "Goma", a town taken for a source,
    for a name)."""
    if not include_names and not withheld:
        inc = redact_incident(inc)
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
        ("linked by", inc.linker),
    ):
        if value:
            console.print(Text.assemble((f"{label:10} ", "dim"), safe(value, 160)))
    for e in inc.estimates:
        console.print(Text.assemble(("toll       ", "dim"), safe(toll_line(e), 160)))
    sources = Table(title="sources", expand=True)
    for name in ("source", "type", "document", "story", "publisher"):
        sources.add_column(name)
    for s in inc.sources:
        sources.add_row(
            safe(s.name), safe(s.source_type), safe(s.document_id[:12]),
            safe(s.story[:12]), safe(s.publisher or ""),
        )  # fmt: skip
    console.print(sources)
    if children:
        console.print(incidents_table([(c, 1) for c in children], f"{len(children)} children"))
    for r in redirects:
        console.print(Text.assemble(("redirect   ", "dim"), safe(f"{r.old_id} -> {r.new_id}")))
    for a in audit:
        what = f"{a.at} {a.action} by {a.who}: {a.why}"
        console.print(Text.assemble(("audit      ", "dim"), safe(what, 160)))
