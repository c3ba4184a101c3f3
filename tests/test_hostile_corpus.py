"""A hostile corpus of over 2,000 crafted inputs, generated here, through the whole ledger.

Figures beyond any plausible toll in many phrasings, broken encodings, lone surrogate escapes,
deep nesting, NUL bytes, rich markup and terminal escape codes in texts, ids, file names and
feed links, formula-like cells, id collisions and repeats, binary and empty files, symlinks out
of the folder, named pipes, a link to ``/dev/zero``, texts that once hung the extraction (32 KB
of punctuation, 40 KB without a sentence end) and an empty folder go through ``ingest``,
``extract``, ``link``, every export and every screen. The checks: no traceback, every input
accounted for (stored, duplicate or rejected, each where expected), no document over its
budget, the good reports stored and
linked, ``PRAGMA integrity_check`` ok, and a later good report links normally.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from harmledger.cli import ExportFormat, app
from harmledger.ingest.files import origin_of

runner = CliRunner()

PLACES = ("Kauri", "Gwoza", "Maiduguri", "Kano", "Zaria", "Jos", "Makurdi", "Bama", "Dikwa")
HUGE = (
    "3000000000",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "2,147,483,648",
    "4294967296",
    "7" * 5000,
    "3 billion",
    "12.5 million",
    "10000001",
    "99999999999999999999.5",
    "1,000,000,000,000",
    "twelve billion",
    "0" * 40 + "31000000",
    "1" + "0" * 300,
    "5 to 3000000000",
)
TEMPLATES = (
    "Officials said {n} people were killed in {p} on Monday.",
    "Gunmen killed {n} farmers in {p} on Tuesday, police said.",
    "At least {n} civilians died in {p}, the UN said.",
    "{n} people were injured in an attack on {p} on Friday.",
    "More than {n} villagers were abducted from {p}, residents said.",
    "Up to {n} residents were displaced from {p} last week.",
    "The army said it had killed {n} militants near {p}.",
    "Police arrested {n} protesters in {p} on Sunday.",
    "The {n}th aid worker killed since the war began died in {p}.",
    "Between 5 and {n} people were killed in {p}, a witness said.",
)
GOOD = (
    "Gunmen killed {n} villagers in {p}, Borno state, on Monday, police said.",
    "Bandits abducted {n} students from a school in {p} on Friday, officials said.",
    "Soldiers killed {n} civilians at a market in {p} on Sunday, residents told AFP.",
)
MARKUP = (
    "[/x]",
    "[/]",
    "[bold red]",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b[2J\x1b[H",
    "\x1b]0;owned\x07",
    "\x9b31m",
    "\u202eevil\u202c",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1)",
    "-2+3",
)


@dataclass
class Corpus:
    """The inputs given to ``ingest``, and what each should become."""

    root: Path
    inputs: list[str] = field(default_factory=list)
    stored: set[str] = field(default_factory=set)  # document origins
    rejected: set[str] = field(default_factory=set)  # rejection origins
    duplicates: int = 0
    lines: list[bytes] = field(default_factory=list)
    line_fates: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.stored) + len(self.rejected) + self.duplicates

    def line(self, data: bytes | dict[str, object], fate: str) -> None:
        """One JSON Lines input: ``fate`` is "stored", "rejected" or "duplicate"."""
        raw = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
        self.lines.append(raw)
        self.line_fates.append(fate)

    def file(self, name: str | bytes, data: bytes, fate: str) -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(self.root / "in"), os.fsencode(name))))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.expect(origin_of(path), fate)
        return path

    def expect(self, origin: str, fate: str) -> None:
        if fate == "duplicate":
            self.duplicates += 1
        else:
            (self.stored if fate == "stored" else self.rejected).add(origin)


def _huge_reports(corpus: Corpus) -> None:
    for i, number in enumerate(HUGE):
        for j, template in enumerate(TEMPLATES):
            text = template.format(n=number, p=PLACES[(i + j) % len(PLACES)])
            corpus.line({"id": f"huge-{i}-{j}", "text": text}, "stored")


def _poisoned_lines(corpus: Corpus) -> None:
    good = b'"text": "Gunmen killed 3 people in Jos."'
    for i in range(200):
        surrogate = f"\\u{0xD800 + i * 11 % 0x800:04x}"  # a lone high or low surrogate
        key = ("text", "title", "id", "url")[i % 4]
        fields = {"id": f'"sur-{i}"', "text": '"killed 3"', key: f'"x{surrogate}y"'}
        corpus.line(
            ("{" + ", ".join(f'"{k}": {v}' for k, v in fields.items()) + "}").encode(), "rejected"
        )
    for i in range(200):
        corpus.line(b'{"id": "nul-%d", "text": "a\x00b %d"}' % (i, i), "rejected")
        corpus.line(b'{"id": "esc0-%d", "text": "a\\u0000b"}' % i, "rejected")
    for i in range(200):
        corpus.line(
            b'{"id": "utf-%d", ' % i + good[:-1] + bytes([0x80 + i % 64]) + b'"}', "rejected"
        )
    for depth in (100_000, 100_000, 50_000, 5_000, 2_000):
        corpus.line(b'{"id": "deep", "text": ' + b"[" * depth + b"]" * depth + b"}", "rejected")
    for i in range(100):
        corpus.line(b"[" * (i + 1) + b"]" * (i + 1), "rejected")  # not an object
    for i in range(150):
        bad = (b'{"id": 1' + b"1" * 5000 + b', "text": "x"}', b"{not json", b'{"id": "t", ')[i % 3]
        corpus.line(bad, "rejected")
    for i in range(150):
        shape = ({"text": "no id"}, {"id": f"e{i}", "text": "  "}, {"id": f"w{i}", "text": 5})
        corpus.line(shape[i % 3], "rejected")
    corpus.line(b'{"id": "long", "text": "' + b"x" * 300_000 + b'"}', "rejected")


def _markup_and_repeats(corpus: Corpus) -> None:
    for i in range(240):
        mark = MARKUP[i % len(MARKUP)]
        text = f"Gunmen killed {i % 9 + 2} people in {mark} {PLACES[i % len(PLACES)]} ({i})."
        record = {"id": f"m{i}{mark}", "text": text, "title": mark, "url": f"http://e.org/{mark}"}
        corpus.line(record, "stored")
    for i in range(100):
        record = {"id": f"dup-{i}", "text": f"Rebels killed {i + 2} people in Bama ({i})."}
        corpus.line(record, "stored")
        corpus.line(record, "duplicate")  # the same line twice: a duplicate
        corpus.line({**record, "text": record["text"] + " Again."}, "rejected")  # id collision
    for i in range(30):
        place = PLACES[i % len(PLACES)]
        corpus.line(
            {"id": f"good-{i}", "text": GOOD[i % len(GOOD)].format(n=i + 4, p=place)}, "stored"
        )


def _write_jsonl(corpus: Corpus) -> None:
    path = corpus.root / "in" / "hostile.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(corpus.lines) + b"\n")
    records: dict[int, str] = {}
    for lineno, (raw, fate) in enumerate(zip(corpus.lines, corpus.line_fates, strict=True), 1):
        if fate == "stored":
            records[lineno] = json.loads(raw)["id"]
            corpus.expect(f"{path}#{records[lineno]}", fate)
        else:
            corpus.expect(f"{path}:{lineno}", fate)


def _files(corpus: Corpus, outside: Path) -> None:
    for i, number in enumerate(HUGE):
        text = f"Militants killed {number} people in {PLACES[i % len(PLACES)]}, officials said."
        corpus.file(f"huge/{i:02d}.txt", text.encode(), "stored")
    for i, magic in enumerate((b"%PDF-1.4", b"\x89PNG\r\n\x1a\n", b"\x7fELF", b"PK\x03\x04")):
        for j in range(10):
            corpus.file(f"bin/{i}-{j}.txt", magic + os.urandom(64), "rejected")
        corpus.file(f"bin/{i}.jsonl", magic + b"\n{}\n", "rejected")
    for j in range(20):
        corpus.file(f"empty/{j}.txt", b" \n\t" * j, "rejected")
        corpus.file(f"nul/{j}.txt", b"killed 3 people\x00 in Jos", "rejected")
        corpus.file(f"latin/{j}.txt", b"Gunmen killed 3 people in Jos caf\xe9 \xff\xfe", "rejected")
    corpus.file("empty.jsonl", b"\n\n", "rejected")
    # texts that once hung the extraction: 32 KB of punctuation, 40 KB without a sentence end
    corpus.file("hang/amp.txt", b"Gunmen killed 3 people in Jos. " + b"&" * 32_768, "stored")
    sprawl = "Gunmen killed 4 people in Kano, " + "and the market near the river " * 1_400
    corpus.file("hang/sentence.txt", sprawl.encode(), "stored")
    for i, mark in enumerate(MARKUP):
        name = f"names/{i}-{mark.replace('/', '_')}.txt"
        corpus.file(name, f"Gunmen killed {i + 2} people in Jos, {mark} said.".encode(), "stored")
    corpus.file(b"names/bad\xff\xfename.txt", b"Gunmen killed 2 people in Kano.", "stored")
    template = (
        "<html><body><article><p>Gunmen killed 6 people in Dikwa on Monday, police said "
        "on Tuesday.</p><template><p>900 people were killed in Lagos.</p></template>"
        "<p>Residents fled the town after the attack, witnesses told reporters.</p>"
        "</article></body></html>"
    )
    corpus.file("html/template.html", template.encode(), "stored")
    folder = corpus.root / "in"
    links = {"passwd.txt": outside, "zero.jsonl": Path("/dev/zero"), "up": corpus.root}
    for name, target in links.items():
        (folder / "links" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "links" / name).symlink_to(target)
        corpus.expect(str(folder / "links" / name), "rejected")
    os.mkfifo(folder / "links" / "pipe.jsonl")
    corpus.expect(str(folder / "links" / "pipe.jsonl"), "rejected")


def _feed(corpus: Corpus) -> None:
    items = "".join(
        f"<item><title>t{i}</title><link>http://10.0.0.{i}/a[/x]{MARKUP[i % 8]}</link></item>"
        for i in range(1, 21)
    )
    rss = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'
    )
    path = corpus.root / "feed.rss"
    path.write_text(rss.replace("\x1b", "").replace("\x07", "").replace("\x9b", ""))
    corpus.inputs.append(str(path))
    for i in range(1, 21):  # private addresses are refused before any connection
        link = f"http://10.0.0.{i}/a[/x]{MARKUP[i % 8]}"
        corpus.expect(link.replace("\x1b", "").replace("\x07", "").replace("\x9b", ""), "rejected")


def build(root: Path) -> Corpus:
    corpus = Corpus(root)
    outside = root / "secret.txt"
    outside.write_text("root:x:0:0:the secret outside the folder\n")
    _huge_reports(corpus)
    _poisoned_lines(corpus)
    _markup_and_repeats(corpus)
    _write_jsonl(corpus)
    _files(corpus, outside)
    corpus.inputs.append(str(root / "in"))
    _feed(corpus)
    (root / "nothing").mkdir()
    corpus.inputs.append(str(root / "nothing"))
    corpus.expect(str(root / "nothing"), "rejected")
    undecodable = os.fsdecode(os.fsencode(root) + b"/missing\xff.txt")  # as sys.argv has it
    odd = [
        str(root / "missing.txt"),
        "ftp://example.org/[/x]",
        undecodable,
        "http://10.0.0.1/\udcff",
    ]
    corpus.inputs += odd
    for value in odd:
        corpus.expect(origin_of(value), "rejected")
    return corpus


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output[-2000:]
    return result


@dataclass
class Run:
    corpus: Corpus
    db: str
    ingest: Result


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("hostile")
    corpus = build(root)
    db = str(root / "ledger.db")
    result = invoke("--db", db, "ingest", "--max-bytes", "250000", *corpus.inputs)
    return Run(corpus, db, result)


def _query(db: str, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_the_corpus_has_over_two_thousand_inputs(run: Run) -> None:
    assert run.corpus.total >= 2000


def test_no_document_went_over_its_budget(run: Run) -> None:
    """The texts that once hung the extraction are read within the per-document budget."""
    reasons = [str(r) for (r,) in _query(run.db, "SELECT message FROM rejections")]
    assert not [r for r in reasons if "budget" in r]
    stored = {str(o) for (o,) in _query(run.db, "SELECT origin FROM documents")}
    assert {o for o in stored if "/hang/" in o} == {o for o in run.corpus.stored if "/hang/" in o}


def test_every_input_is_stored_a_duplicate_or_rejected_where_expected(run: Run) -> None:
    corpus = run.corpus
    summary = (
        f"stored {len(corpus.stored)}, already stored {corpus.duplicates}, "
        f"rejected {len(corpus.rejected)}"
    )
    origins = {str(o) for (o,) in _query(run.db, "SELECT origin FROM documents")}
    assert sorted(origins - corpus.stored) == sorted(corpus.stored - origins) == []
    rejected = {str(o) for (o,) in _query(run.db, "SELECT origin FROM rejections")}
    assert sorted(rejected - corpus.rejected) == sorted(corpus.rejected - rejected) == []
    assert summary in run.ingest.output
    assert _query(run.db, "PRAGMA integrity_check") == [("ok",)]


def test_no_secret_from_outside_the_folder_is_stored(run: Run) -> None:
    assert not _query(run.db, "SELECT id FROM documents WHERE text LIKE '%secret outside%'")


def test_rejection_lines_are_one_line_and_free_of_escape_codes(run: Run) -> None:
    lines = [ln for ln in run.ingest.output.splitlines() if ln.startswith("rejected ")]
    assert len(lines) == len(run.corpus.rejected)
    assert not any(c in run.ingest.output for c in "\x1b\x07\x9b\x00\u202e")
    assert any("[/x]" in ln for ln in lines)  # shown as text, never read as markup


def test_implausible_figures_are_unknown_counts_flagged_for_review(run: Run) -> None:
    rows = _query(
        run.db,
        "SELECT c.low, c.best, c.high, c.qualifier, c.count_text, c.confidence FROM claims c"
        " JOIN documents d ON d.id = c.document_id WHERE d.external_id LIKE 'huge-%'",
    )
    assert rows
    assert max((r[0] or 0) for r in rows) <= 10_000_000
    flagged = [r for r in rows if r[5] == 0.0]
    assert len(flagged) >= 100
    assert all(r[:4] == (None, None, None, "unknown") and r[4] for r in flagged)


def test_the_good_reports_are_stored_and_linked(run: Run) -> None:
    assert "linked" in run.ingest.output
    unlinked = _query(
        run.db,
        "SELECT d.external_id FROM documents d JOIN claims c ON c.document_id = d.id"
        " LEFT JOIN link_claims l ON l.document_id = d.id"
        " WHERE d.external_id LIKE 'good-%' AND l.incident_id IS NULL",
    )
    assert unlinked == []
    good = _query(run.db, "SELECT count(*) FROM documents WHERE external_id LIKE 'good-%'")
    assert good == [(30,)]


def test_extract_rejects_bad_lines_and_goes_on(run: Run, tmp_path: Path) -> None:
    corpus = run.corpus
    picked = [
        (raw, fate)
        for raw, fate in zip(corpus.lines, corpus.line_fates, strict=True)
        if len(raw) < 20_000 or b"[[[[" in raw
    ][::7]
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b"\n".join(raw for raw, _ in picked) + b"\n")
    for extra in ("--no-link", "--link"):
        result = invoke("extract", str(path), extra)
        records = [json.loads(line) for line in result.stdout.splitlines()]
        rejected = [ln for ln in result.output.splitlines() if ln.startswith("rejected ")]
        errors = [r for r in records if "error" in r]  # rejected after reading: both
        assert len(records) + len(rejected) - len(errors) == len(picked)
        assert any(r["claims"] for r in records)


def test_link_every_export_and_every_screen_run(run: Run, tmp_path: Path) -> None:
    invoke("--db", run.db, "link")
    for fmt in ExportFormat:
        out = tmp_path / f"export.{fmt.value}"
        invoke("--db", run.db, "export", "--format", fmt.value, "-o", str(out))
        assert out.stat().st_size > 0
        invoke("--db", run.db, "export", "--format", fmt.value)
    screens = [["claims"], ["quotes"], ["ls"], ["rejections"], ["incidents", "ls", "--all"]]
    for doc in ("huge-0-0", "huge-6-1", "m0[/x]", "m4\x1b[2J\x1b[H", "good-1"):
        screens.append(["show", doc])
    for (incident,) in _query(run.db, "SELECT id FROM incidents ORDER BY id LIMIT 5"):
        screens.append(["incidents", "show", str(incident)])
    for screen in screens:
        shown = invoke("--db", run.db, *screen).output
        assert not any(c in shown for c in "\x1b\x07\x9b\u202e"), screen


def test_a_later_good_report_links_normally(run: Run, tmp_path: Path) -> None:
    report = tmp_path / "later.txt"
    report.write_text("Gunmen killed 17 worshippers at a mosque in Zaria on Friday, police said.")
    result = invoke("--db", run.db, "ingest", str(report))
    assert "stored 1, already stored 0, rejected 0" in result.output
    assert "linked" in result.output
    rows = _query(
        run.db,
        "SELECT c.best, l.incident_id FROM claims c JOIN documents d ON d.id = c.document_id"
        " JOIN link_claims l ON l.document_id = c.document_id AND l.position = c.position"
        f" WHERE d.origin = '{report}'",
    )
    assert rows and rows[0][0] == 17 and rows[0][1]
    assert _query(run.db, "PRAGMA integrity_check") == [("ok",)]


def test_a_ledger_holding_counts_from_before_the_bound_still_links_and_shows(
    run: Run, tmp_path: Path
) -> None:
    """A ledger written before counts were bounded may hold "3000000000 killed" and a 64-bit
    count: relinking (numpy int32 columns), exports and screens must not stop on them."""
    db = str(tmp_path / "old.db")
    with sqlite3.connect(run.db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE claims SET low = 3000000000, best = 3000000000, high = 3000000000,"
            " qualifier = 'exact' WHERE document_id IN"
            " (SELECT id FROM documents WHERE external_id LIKE 'good-%')"
        )
        conn.execute(
            "UPDATE link_claims SET payload = json_set(payload, '$.low', 3000000000,"
            " '$.best', 3000000000, '$.high', 9223372036854775807) WHERE document_id IN"
            " (SELECT id FROM documents WHERE external_id LIKE 'good-%')"
        )
        big = 2**63 - 1
        conn.execute(f"UPDATE claims SET low = {big}, best = {big}, high = {big} WHERE rowid = 1")
    later = tmp_path / "later.txt"
    later.write_text("Gunmen killed 9 traders in Jos on Monday, police said.", encoding="utf-8")
    assert "linked" in invoke("--db", db, "ingest", str(later)).output
    invoke("--db", db, "incidents", "relink")
    invoke("--db", db, "link")
    for fmt in ExportFormat:
        invoke("--db", db, "export", "--format", fmt.value, "-o", str(tmp_path / fmt.value))
    for screen in (["claims"], ["incidents", "ls"], ["show", "good-1"]):
        invoke("--db", db, *screen)
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]
