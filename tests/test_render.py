"""Terminal output: untrusted text is plain and clean; counts and tables read right."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from harmledger.models import (
    Actor,
    Attribution,
    Claim,
    ClaimRef,
    Count,
    DateInterval,
    Document,
    Estimate,
    Extraction,
    Incident,
    IncidentSource,
    Quote,
    Rejection,
    RemovedSpan,
    Span,
)
from harmledger.render import (
    claim_count_text,
    claims_table,
    count_text,
    documents_table,
    plain,
    quotes_table,
    rejection_line,
    rejections_table,
    safe,
    sentence_of,
    show_document,
    terminal_safe,
)
from harmledger.render_incidents import estimate_text, incidents_table, show_incident, toll_line


def _render(renderable: object, width: int = 120) -> str:
    console = Console(record=True, width=width, color_system=None)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain words", "plain words"),
        ("bell\x07ring", "bellring"),
        ("nul\x00byte", "nulbyte"),
        ("back\x08space", "backspace"),
        ("carriage\rreturn", "carriagereturn"),
        ("del\x7fete", "delete"),
        ("c1\x9bcontrol", "c1control"),
        ("  line one\n\n line\ttwo  ", "line one line two"),
        (None, ""),
        (42, "42"),
        (3.5, "3.5"),
    ],
)
def test_safe_strips_control_characters(value: object, expected: str) -> None:
    text = safe(value)
    assert isinstance(text, Text)
    assert text.plain == expected


@pytest.mark.parametrize(
    "value",
    [
        "\x1b[31mred",
        "\x1b[2J\x1b[Hcleared",
        "\x1b]0;owned title\x07after",
        "\x9b31mred",
        "\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    ],
)
def test_safe_removes_escape_sequences(value: str) -> None:
    text = safe(value)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text.plain)
    rendered = _render(text)
    assert "\x1b" not in rendered and "\x07" not in rendered and "\x9b" not in rendered


def test_safe_escape_keeps_visible_words() -> None:
    assert safe("\x1b[31mred").plain.endswith("red")


@pytest.mark.parametrize(
    "markup",
    ["[bold]x[/bold]", "[red]alert[/]", "[link=http://example.invalid]click[/link]", "[/]"],
)
def test_safe_does_not_interpret_markup(markup: str) -> None:
    text = safe(markup)
    assert text.plain == markup
    assert not text.spans  # no styles applied
    assert markup in _render(text)


def test_markup_in_a_table_cell_stays_literal() -> None:
    table = Table("cell")
    table.add_row(safe("[bold]x[/bold] \x1b[31mred"))
    rendered = _render(table)
    assert "[bold]x[/bold]" in rendered
    assert "\x1b" not in rendered


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("abcdefghij", 0, "abcdefghij"),
        ("abcdefghij", 10, "abcdefghij"),
        ("abcdefghij", 11, "abcdefghij"),
        ("abcdefghij", 5, "abcd…"),
        ("abcdefghij", 1, "…"),
    ],
)
def test_safe_limit(value: str, limit: int, expected: str) -> None:
    got = safe(value, limit).plain
    assert got == expected
    if limit:
        assert len(got) <= limit


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (Count(12, 12, 12, "exact"), "12"),
        (Count(1, 1, 1, "exact"), "1"),
        (Count(532, 532, None, "more_than"), "≥532"),
        (Count(17, 17, None, "at_least"), "≥17"),
        (Count(None, None, 80, "up_to"), "≤80"),
        (Count(100, 100, 100, "about"), "~100"),
        (Count(6, 7, 8, "range"), "6–8"),
        (Count(24, None, None, "vague"), "≥24"),
        (Count(2, None, None, "plural"), "≥2"),
        (Count(3, 3, 3, "exact"), "3"),
        (Count(1, None, None, "unknown"), "≥1"),
        (Count(None, None, None, "unknown"), "unknown"),
        (Count(None, None, None, "vague"), "unknown"),
        (Count(0, 0, 0, "exact"), "0"),  # a true 0 stated by the text
        (Count(12, None, None, "exact"), "12"),
    ],
    ids=lambda v: v if isinstance(v, str) else v.qualifier,
)
def test_count_text(count: Count, expected: str) -> None:
    assert count_text(count) == expected


TEXT = (
    "Gunmen killed 12 villagers in Qardaha on 4 March, a resident told AFP.\n"
    '"They came at night," said Ahmed Saleh, 54, a farmer from the village.'
)


def _span(phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return Span.of(TEXT, start, start + len(phrase))


CLAIM = Claim(
    kind="killed",
    span=_span("Gunmen killed 12 villagers in Qardaha on 4 March"),
    trigger=_span("killed"),
    count=Count(12, 12, 12, "exact", _span("12")),
    victims=(Actor(_span("villagers"), civilian=True),),
    perpetrators=(Actor(_span("Gunmen"), certainty="alleged"),),
    places=(_span("Qardaha"),),
    date=DateInterval("2025-03-04", "2025-03-04", 1, _span("4 March")),
    attribution=Attribution(_span("a resident"), "witness", relay=(_span("AFP"),)),
    in_headline=True,
)

QUOTE = Quote(
    content=_span("They came at night,"),
    cue=_span("said"),
    speaker=_span("Ahmed Saleh"),
    direct=True,
    role=_span("a farmer"),
    age=_span("54"),
)


def test_claims_table_renders_hand_built_claim() -> None:
    sentence = sentence_of(TEXT, CLAIM.span)
    table = claims_table([(ClaimRef("0123456789abcdef", 3), CLAIM, sentence)])
    assert table.title == "1 claims"
    assert [c.header for c in table.columns] == [
        "id",
        "kind",
        "count",
        "victims",
        "perpetrators",
        "places",
        "date",
        "source",
        "sentence",
    ]
    out = _render(table, 240)
    for expected in (
        "01234567:3",
        "killed (headline)",
        "12",
        "villagers",
        "Gunmen (alleged)",
        "Qardaha",
        "2025-03-04",
        "a resident via AFP",
        "(witness)",
        "a resident told",
    ):
        assert expected in out
    assert "89abcdef" not in out  # the document id is shortened to 8 characters


def _row(claim: Claim, sentence: str = "") -> tuple[ClaimRef, Claim, str]:
    return ClaimRef("abc", 0), claim, sentence


def test_claims_table_date_range_and_empty_fields() -> None:
    claim = Claim(
        kind="displaced",
        span=_span("Gunmen"),
        trigger=_span("Gunmen"),
        count=Count(None, None, None, "unknown"),
        date=DateInterval("2025-03-01", "2025-03-09", 2),
    )
    out = _render(claims_table([_row(claim)]), 240)
    assert "2025-03-01..2025-03-09" in out
    assert "displaced" in out and "(headline)" not in out
    assert "unknown" in out and "?" not in out
    assert "via" not in out


def test_claims_table_cells_are_safe() -> None:
    text = "[bold]Rebels[/bold]\x1b[31m killed"
    claim = Claim(
        kind="killed",
        span=Span.of(text, 0, len(text)),
        trigger=Span.of(text, len(text) - 6, len(text)),
        count=Count(None, None, None, "unknown"),
        perpetrators=(Actor(Span.of(text, 0, 24), certainty="claimed"),),
    )
    out = _render(claims_table([_row(claim, "[red]" + text + "[/red]")]), 240)
    assert "[bold]Rebels[/bold]" in out and "[red][bold]Rebels" in out
    assert "\x1b" not in out


def test_claims_table_shortens_a_long_sentence() -> None:
    sentence = "Witnesses said " + "the shelling went on for hours and " * 8 + "then stopped."
    console = Console(record=True, width=400, color_system=None)
    console.print(claims_table([_row(CLAIM, sentence)]))
    out = console.export_text()
    assert "Witnesses said the shelling" in out and "then stopped" not in out
    assert "…" in out


@pytest.mark.parametrize(
    ("text", "phrase", "sentence"),
    [
        ("One. Gunmen killed two men. Three.", "killed two men", "Gunmen killed two men."),
        ("One. Gunmen killed two men. Three.", "Gunmen killed two men.", "Gunmen killed two men."),
        ("Headline here\nGunmen killed two men\nMore", "killed", "Gunmen killed two men"),
        ("Gunmen killed two men", "two men", "Gunmen killed two men"),
        ('He said: "They shot him." Then he left.', "shot", 'He said: "They shot him."'),
        ("It was 3.5 km away. Shells hit. Later.", "3.5 km", "It was 3.5 km away."),
        ("A. Shells hit the market. Two died. B.", "hit the market. Two died", None),
    ],
)
def test_sentence_of_the_claim_span(text: str, phrase: str, sentence: str | None) -> None:
    start = text.index(phrase)
    got = sentence_of(text, Span.of(text, start, start + len(phrase)))
    assert got == (sentence or "Shells hit the market. Two died.")


def test_claims_table_empty() -> None:
    table = claims_table([])
    assert table.title == "0 claims"
    assert table.row_count == 0


def test_quotes_table_renders_hand_built_quote() -> None:
    table = quotes_table([("fedcba9876543210", QUOTE)])
    assert table.title == "1 quotes"
    assert [c.header for c in table.columns] == ["doc", "speaker", "cue", "kind", "quote"]
    out = _render(table)
    for expected in ("fedcba98", "Ahmed Saleh (a farmer, age 54)", "said", "direct", "They came"):
        assert expected in out


@pytest.mark.parametrize(
    ("quote", "speaker", "kind"),
    [
        (Quote(_span("They came at night,"), None, None, False), "?", "indirect"),
        (
            Quote(
                _span("They came at night,"),
                _span("said"),
                _span("a resident"),
                False,
                speaker_name=_span("Ahmed Saleh"),
            ),
            "Ahmed Saleh",
            "indirect",
        ),
        (
            Quote(_span("They came at night,"), None, _span("a resident"), True),
            "a resident",
            "direct",
        ),
    ],
)
def test_quotes_table_speaker_fallbacks(quote: Quote, speaker: str, kind: str) -> None:
    out = _render(quotes_table([("d", quote)]))
    assert speaker in out
    assert kind in out


def test_documents_and_rejections_tables() -> None:
    doc = Document("abcdef0123456789", "file.txt", "text", TEXT, title="[i]Title[/i]")
    out = _render(documents_table([doc]))
    assert "abcdef012345" in out and "unknown" in out and "[i]Title[/i]" in out
    rej = Rejection("bad.bin", "ingest", "BinaryInputError", "binary input; give a text file")
    out = _render(rejections_table([rej]))
    assert "BinaryInputError" in out and "binary input" in out


def test_show_document_prints_everything() -> None:
    doc = Document(
        "abcdef0123456789",
        "file.txt",
        "text",
        TEXT,
        removed_spans=(RemovedSpan(0, 2, "counter", "Gu"),),
        external_id="qardaha-raid-7",
        title="\x1b[31mHeadline",
    )
    console = Console(record=True, width=240, color_system=None)
    show_document(
        console, doc, Extraction(doc.id, claims=(CLAIM,), quotes=(QUOTE,), extractor="x.v1")
    )
    out = console.export_text()
    assert "abcdef0123456789" in out
    assert "[0:2] counter" in out
    assert "1 claims" in out and "1 quotes" in out and "0 places" in out
    assert "x.v1" in out
    assert "qardaha-raid-7" in out
    assert "abcdef01:0" in out and "a resident told AFP." in out  # claim id and sentence
    assert "\x1b" not in out


# -- incidents -------------------------------------------------------------------------------

NONE_KILLED = Estimate("killed", 0, 0, None, 0, "none reported", "no report states anyone killed")


@pytest.mark.parametrize(
    ("estimate", "expected"),
    [
        (None, "unknown"),
        (NONE_KILLED, "unknown"),
        (Estimate("killed", None, None, None, None, "single report"), "unknown"),
        (Estimate("killed", None, None, 80, None, "single report"), "unknown (≤80)"),
        (Estimate("killed", 0, 0, 0, 0, "single report"), "0"),  # "no one was killed"
        (Estimate("killed", 5, 5, 5, 5, "single report"), "5"),
        (Estimate("killed", 5, 9, None, 5, "largest"), "5/9/?"),
    ],
)
def test_estimate_text_says_unknown_never_zero(estimate: Estimate | None, expected: str) -> None:
    assert estimate_text(estimate) == expected


def test_toll_line_of_an_unknown_toll() -> None:
    assert toll_line(NONE_KILLED) == "killed: unknown; no report states anyone killed"
    known = Estimate("injured", 3, 4, None, 3, "largest of independent stories")
    assert toll_line(known) == (
        "injured: low 3 best 4 high ? (ACLED 3); largest of independent stories"
    )


PARENT = Incident(
    "inc-parent",
    (ClaimRef("d1", 0),),
    ("killed",),
    estimates=(Estimate("killed", 532, 532, None, 532, "single report"),),
    sources=(
        IncidentSource("residents", "witness", "d1", "s1"),
        IncidentSource("Leyla Demir, 38", "witness", "d1", "s1"),
    ),
)
CHILD = Incident("inc-child", (ClaimRef("d1", 1),), ("killed",), (NONE_KILLED,), parent=PARENT.id)


def test_incidents_table_indents_children_and_says_unknown() -> None:
    out = _render(incidents_table([(PARENT, 0), (CHILD, 1)], "1 incidents"), 200)
    [child_line] = [line for line in out.splitlines() if "inc-child" in line]
    assert "└ inc-child" in child_line and "inc-parent" in child_line  # the parent column
    assert "unknown" in child_line and "0/0/?" not in child_line
    assert "532/532/?" in out


def test_show_incident_withholds_names_only() -> None:
    console = Console(record=True, width=200, color_system=None)
    show_incident(console, PARENT, [CHILD], [], [])
    out = console.export_text()
    assert "Leyla Demir" not in out and "[name withheld], 38" in out
    assert "residents" in out  # a group of civilians names no one
    assert "1 children" in out and "inc-child" in out
    console = Console(record=True, width=200, color_system=None)
    show_incident(console, CHILD, [], [], [])
    assert "killed: unknown; no report states anyone killed" in console.export_text()


# --- untrusted text on a terminal ---------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    ["http://e.org/[/x]", "[bold]x[/]", "[/]", "feed.xml#[link=file:///etc]", "a\x1b]0;title\x07b"],
)
def test_a_rejection_line_is_never_markup(origin: str) -> None:
    console = Console(record=True, width=300, force_terminal=True)
    line = rejection_line(Rejection(origin, "ingest", "IngestError", f"{origin}: bad\x1b[2J"))
    console.print(line)  # markup=True would raise MarkupError on "[/x]" and "[/]"
    shown = console.export_text()
    assert shown.startswith("rejected ") and "\x1b" not in line.plain and "\x07" not in shown
    assert "[/" not in origin or "[/" in shown


def test_plain_keeps_newlines_and_strips_controls_and_direction_marks() -> None:
    assert plain("a\x1b[31mb\x9bc\u202ed\x00e\tf\ng") == "abcde\tf\ng"


def test_exports_to_a_terminal_are_filtered_and_files_are_not() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, file = Tty(), io.StringIO()
    terminal_safe(tty).write("x\x1b]0;pwned\x07y\n")
    assert tty.getvalue() == "xy\n"
    assert terminal_safe(file) is file


def test_an_implausible_count_shows_as_unknown_for_review() -> None:
    flagged = Count(None, None, None, "unknown", Span(0, 10, "3000000000"))
    assert count_text(flagged) == "unknown (review)"
    assert count_text(Count(None, None, None, "unknown", Span(0, 6, "people"))) == "unknown"


def test_show_incident_says_which_link_model_linked_it() -> None:
    console = Console(record=True, width=200, color_system=None)
    show_incident(console, replace(PARENT, linker="harmledger.link.v2+0ca634db"), [], [], [])
    assert re.search(r"linked by\s+harmledger\.link\.v2\+0ca634db", console.export_text())
    console = Console(record=True, width=200, color_system=None)
    show_incident(console, PARENT, [], [], [])
    assert "linked by" not in console.export_text()  # an incident that names no model


def test_claim_count_text_says_who_the_figure_counts() -> None:
    span = Span(0, 6, "killed")
    base = Claim("killed", span, span, Count(42, 42, None, "at_least"))
    assert claim_count_text(base) == "≥42"
    mixed = replace(base, excluding_attackers=Count(24, 24, None, "at_least"))
    assert claim_count_text(mixed) == "≥42, ≥24 not attackers"
    only = replace(base, count=Count(5, 5, 5, "exact"), excluding_attackers=Count(0, 0, 0, "exact"))
    assert claim_count_text(only) == "5 attackers"
    series = replace(base, count=Count(9, 9, 9, "exact"), cumulative=True, series_events=3)
    assert claim_count_text(series) == "9 over 3 attacks"
