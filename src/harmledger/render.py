"""Terminal output: tables, one document's view, progress bars.

Text from articles is untrusted: it is shown as plain ``rich.text.Text`` (never parsed as rich
markup) with control characters removed, so a report cannot inject terminal escape codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from harmledger.extract.plain import attackers_only
from harmledger.models import (
    Claim,
    ClaimRef,
    Count,
    Document,
    Extraction,
    Quote,
    Rejection,
    Span,
)
from harmledger.redact import Names, redacted_extraction

_ANSI = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# C0 and C1 controls (tab and newline apart), and the invisible direction and width marks that
# can make a terminal show text in another order than it is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)|\n")

#: A claim as the claims table shows it: where it is stored, the claim, its sentence.
ClaimRow = tuple[ClaimRef, Claim, str]
UNKNOWN = "unknown"


def console(*, stderr: bool = False) -> Console:
    """A console; when output is not a terminal, wide enough for tables to stay readable."""
    found = Console(stderr=stderr)
    return found if found.is_terminal else Console(stderr=stderr, width=180)


def safe(value: object, limit: int = 0) -> Text:
    """Untrusted text as a rich Text: no markup, no control characters, optionally shortened."""
    s = _CONTROL.sub("", _ANSI.sub("", "" if value is None else str(value)))
    s = re.sub(r"\s+", " ", s).strip()
    if limit and len(s) > limit:
        s = s[: limit - 1] + "…"
    return Text(s)


def plain(value: object) -> str:
    """Untrusted text with escape sequences and control characters removed, newlines and
    tabs kept: for what is written to a terminal as it is (exports, JSON lines)."""
    return _CONTROL.sub("", _ANSI.sub("", "" if value is None else str(value)))


class TerminalWriter:
    """A text stream that writes ``plain`` text to a terminal: an export of untrusted reports
    printed to a screen cannot move the cursor, retitle the window or hide text."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(plain(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def terminal_safe(stream: TextIO) -> TextIO:
    """``stream``, wrapped in a :class:`TerminalWriter` when it is a terminal."""
    isatty = getattr(stream, "isatty", None)
    return TerminalWriter(stream) if isatty and isatty() else stream  # type: ignore[return-value]


def rejection_line(rejection: Rejection) -> Text:
    """``rejected ORIGIN: MESSAGE`` on one line; origin and message are untrusted (a feed's
    link may hold ``[/x]`` or escape codes), so they are never read as markup."""
    return Text.assemble(
        ("rejected", "yellow"), " ", safe(rejection.origin), ": ", safe(rejection.message)
    )


def claim_id(ref: ClaimRef) -> str:
    """The id a claim is shown and named by: ``DOCUMENT_PREFIX:POSITION`` (``55461b8e:3``)."""
    return f"{ref.document_id[:8]}:{ref.position}"


def sentence_bounds(text: str, span: Span) -> tuple[int, int]:
    """Where the sentence(s) of ``text`` holding ``span`` are: from the end of the sentence
    before it (``.``, ``!``, ``?`` before a space, or a line break) to the end of the one it
    ends in, without the spaces around."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, span.start):
        start = m.end()
    found = _SENTENCE_END.search(text, max(span.end - 1, span.start, start))  # may end the span
    end = found.end() if found else len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_of(text: str, span: Span) -> str:
    """The sentence(s) of ``text`` holding ``span`` (see ``sentence_bounds``)."""
    start, end = sentence_bounds(text, span)
    return text[start:end]


def shown_sentence(text: str, span: Span, names: Names | None) -> str:
    """The sentence of ``span``, private names withheld by position when ``names`` is given."""
    start, end = sentence_bounds(text, span)
    return text[start:end] if names is None else names.at(start, text[start:end])


def count_text(count: Count) -> str:
    """A claim's count in a few characters; ``unknown`` when no bound is known (never 0)."""
    if count.low is None and count.high is None:
        from harmledger.extract.counts import implausible  # spaCy loads only when needed

        return f"{UNKNOWN} (review)" if implausible(count) else UNKNOWN
    if count.qualifier == "range":
        return f"{count.low}–{count.high}"
    if count.high is None:
        return f"≥{count.low}" if count.qualifier != "exact" else str(count.low)
    if count.low is None:
        return f"≤{count.high}"
    return f"~{count.best}" if count.qualifier == "about" else str(count.best)


def claim_count_text(claim: Claim) -> str:
    """The claim's count with what the text says of it beyond the figure: how many were not
    the attackers ("≥42, ≥24 not attackers"), or that it spans a series of attacks."""
    shown = count_text(claim.count)
    xa = claim.excluding_attackers
    if xa is not None:
        shown += " attackers" if attackers_only(claim) else f", {count_text(xa)} not attackers"
    if claim.series_events is not None:
        shown += f" over {claim.series_events or 'several'} attacks"
    return shown


def _spans(spans: Sequence[Span]) -> str:
    return "; ".join(s.text for s in spans)


def _date_text(c: Claim) -> str:
    if not c.date or not (c.date.start or c.date.end):
        return ""
    return (c.date.start or "") if c.date.start == c.date.end else f"{c.date.start}..{c.date.end}"


def _source_text(c: Claim) -> str:
    if not c.attribution:
        return ""
    chain = [c.attribution.source.text, *(r.text for r in c.attribution.relay)]
    return " via ".join(chain) + f" ({c.attribution.source_type})"


#: The claims table's columns and their widest widths (None: as wide as it needs).
_CLAIM_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("id", None), ("kind", None), ("count", None), ("victims", 24), ("perpetrators", 24),
    ("places", 24), ("date", None), ("source", 30), ("sentence", None),
)  # fmt: skip


def claims_table(rows: Sequence[ClaimRow]) -> Table:
    """One row per claim: its id (``DOC:POSITION``, as ``incidents split/move`` take it), what
    it says and the sentence it was read from (shortened to 120 characters)."""
    table = Table(title=f"{len(rows)} claims", expand=True)
    for name, most in _CLAIM_COLUMNS:
        table.add_column(name, overflow="fold", max_width=most, min_width=most and min(most, 8))
    table.columns[-1].min_width = 30  # the sentence
    for ref, c, sentence in rows:
        table.add_row(
            safe(claim_id(ref)),
            safe(c.kind + (" (headline)" if c.in_headline else "")),
            safe(claim_count_text(c)),
            safe(_spans([v.span for v in c.victims]), 40),
            safe("; ".join(f"{p.span.text} ({p.certainty})" for p in c.perpetrators), 50),
            safe(_spans(c.places), 40),
            safe(_date_text(c)),
            safe(_source_text(c), 60),
            safe(sentence, 120),
        )
    return table


def _speaker(q: Quote) -> str:
    name = q.speaker_name.text if q.speaker_name else (q.speaker.text if q.speaker else "?")
    extras = [s.text for s in (q.role, q.affiliation) if s]
    if q.age:
        extras.append(f"age {q.age.text}")
    return name + (f" ({', '.join(extras)})" if extras else "")


def quotes_table(rows: Sequence[tuple[str, Quote]]) -> Table:
    table = Table(title=f"{len(rows)} quotes", expand=True)
    for name in ("doc", "speaker", "cue", "kind", "quote"):
        table.add_column(name, overflow="fold")
    for doc_id, q in rows:
        table.add_row(
            safe(doc_id[:8]),
            safe(_speaker(q), 60),
            safe(q.cue.text if q.cue else ""),
            safe("direct" if q.direct else "indirect"),
            safe(q.content.text, 160),
        )
    return table


def documents_table(documents: Sequence[Document]) -> Table:
    table = Table(title=f"{len(documents)} documents", expand=True)
    for name in ("id", "published", "format", "title", "origin"):
        table.add_column(name, overflow="fold")
    for d in documents:
        table.add_row(
            safe(d.id[:12]),
            safe(d.published or "unknown"),
            safe(d.format),
            safe(d.title, 60),
            safe(d.origin, 60),
        )
    return table


def rejections_table(rejections: Sequence[Rejection]) -> Table:
    table = Table(title=f"{len(rejections)} rejections", expand=True)
    for name in ("origin", "stage", "error", "message"):
        table.add_column(name, overflow="fold")
    for r in rejections:
        table.add_row(safe(r.origin, 60), safe(r.stage), safe(r.error), safe(r.message, 120))
    return table


def _title(document: Document, names: Names | None) -> str | None:
    if names is None or not document.title:
        return document.title
    start = document.title_span.start if document.title_span else -1
    return names.at(start, document.title)


def withheld_document(document: Document, names: Names) -> Document:
    """The document as ``ls`` shows it: private names withheld in its title and origin."""
    return replace(document, title=_title(document, names), origin=names.url(document.origin))


def show_document(
    console: Console, document: Document, extraction: Extraction, names: Names | None = None
) -> None:
    """Everything stored for one document; with ``names`` (its private persons, see
    ``harmledger.redact``) every text taken from the document has them withheld."""
    if names is not None:
        extraction = redacted_extraction(names, extraction)
    url = names.url if names is not None else str
    console.print(Text.assemble(("document ", "bold"), safe(document.id)))
    for label, value in (
        ("title", _title(document, names)),
        ("external", document.external_id),
        ("published", document.published or "unknown"),
        ("origin", url(document.origin)),
        ("url", url(document.url or "")),
        ("cleaner", document.cleaner),
        ("extractor", extraction.extractor),
    ):
        if value:
            console.print(Text.assemble((f"{label:10} ", "dim"), safe(value, 120)))
    for r in document.removed_spans:
        removed = r.text if names is None else names.at(r.start, r.text)
        console.print(
            Text.assemble(
                ("removed    ", "dim"), safe(f"[{r.start}:{r.end}] {r.reason}: {removed!r}", 120)
            )
        )
    rows = [
        (ClaimRef(document.id, i), c, shown_sentence(document.text, c.span, names))
        for i, c in enumerate(extraction.claims)
    ]
    console.print(claims_table(rows))
    console.print(quotes_table([(document.id, q) for q in extraction.quotes]))
    places = Table(title=f"{len(extraction.places)} places", expand=True)
    for name in ("text", "name", "country", "admin1", "lat", "lon", "geo_prec", "where_prec"):
        places.add_column(name)
    for p in extraction.places:
        places.add_row(
            *(
                safe(v)
                for v in (
                    p.span.text,
                    p.name,
                    p.country,
                    p.admin1,
                    p.lat,
                    p.lon,
                    p.geo_precision,
                    p.where_prec,
                )
            )
        )
    console.print(places)


@contextmanager
def progress(console: Console, label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on ``console`` (stderr); yields a function that advances it."""
    bar = Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal and total is None,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
