"""``harmledger ingest`` links; ``harmledger incidents ...`` lists, shows and corrects incidents;
the incident exports; one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmledger import cli
from harmledger.cli import app
from harmledger.link.linker import all_incidents
from harmledger.models import ClaimRef, Incident, LinkBatch
from harmledger.store.sqlite import SQLiteStore
from linkreports import SIX, doc_id, write_jsonl

runner = CliRunner()
WITNESS = "Hawa Ishaq"  # named in the local report; her name must stay out of public output


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ledger made by ``harmledger ingest`` of a folder holding the six reports."""
    folder = tmp_path_factory.mktemp("cli-incidents")
    (folder / "in").mkdir()
    write_jsonl(folder / "in" / "reports.jsonl", SIX)
    db = str(folder / "ledger.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(folder / "in")])
    assert result.exit_code == 0, result.output
    assert "stored 6" in result.stderr
    assert "linked" in result.stderr
    return db


@pytest.fixture
def copy(ledger: str, tmp_path: Path) -> str:
    """A copy of the module's ledger that a test may change."""
    for suffix in ("", "-wal", "-shm"):
        source = Path(ledger + suffix)
        if source.exists():
            shutil.copy(source, tmp_path / ("ledger.db" + suffix))
    return str(tmp_path / "ledger.db")


def run(db: str, *args: str) -> tuple[str, str]:
    """(stdout, stderr) of a successful command."""
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def incidents(db: str) -> list[Incident]:
    with SQLiteStore(db) as store:
        return all_incidents(store)


def holding(db: str, name: str, position: int) -> Incident:
    ref = ClaimRef(doc_id(name), position)
    [found] = [i for i in incidents(db) if ref in i.claims]
    return found


def claim_arg(name: str, position: int) -> str:
    return f"{doc_id(name)[:12]}:{position}"


# -- reading ---------------------------------------------------------------------------------


def test_ingest_links_the_reports_into_incidents(ledger: str) -> None:
    market = holding(ledger, "wire", 0)
    assert doc_id("copy") in market.documents  # the syndicated copy of the wire story
    events = {market.id, holding(ledger, "geneina", 1).id, holding(ledger, "nyala", 1).id}
    assert len(events) == 3  # the El Fasher market, El Geneina and Nyala stay apart


def test_ls_lists_the_incidents(ledger: str) -> None:
    out, _ = run(ledger, "incidents", "ls")
    top = [i for i in incidents(ledger) if i.parent is None]
    assert f"{len(top)} incidents" in out
    for incident in top:
        assert incident.id in out
    only, _ = run(ledger, "incidents", "ls", "--kind", "abducted")
    assert holding(ledger, "nyala", 1).id in only
    assert holding(ledger, "wire", 0).id not in only


def test_show_by_prefix_shows_the_tolls(ledger: str) -> None:
    market = holding(ledger, "wire", 0)
    out, _ = run(ledger, "incidents", "show", market.id[:8])
    assert f"incident {market.id}" in out
    killed = market.estimate("killed")
    assert killed is not None and killed.conservative == 5  # the wire story's five
    high = "?" if killed.high is None else killed.high
    assert f"killed: low {killed.low} best {killed.best} high {high} (ACLED 5)" in out
    assert f"{market.number_of_sources} ({market.independent_sources} independent)" in out
    assert f"{doc_id('wire')[:8]}:0 killed" in out and f"{doc_id('copy')[:8]}:0" in out


def test_a_toll_no_report_gives_shows_as_unknown(ledger: str) -> None:
    geneina = holding(ledger, "geneina", 1)
    injured = geneina.estimate("injured")
    assert injured is not None and injured.method == "none reported"  # the exports' 0
    out, _ = run(ledger, "incidents", "show", geneina.id)
    assert "injured: unknown" in out and "injured: low 0" not in out
    listing, _ = run(ledger, "incidents", "ls")
    [row] = [line for line in listing.splitlines() if geneina.id in line]
    assert "unknown" in row and "0/0/?" not in row


def test_show_withholds_the_witness_name_by_default(ledger: str) -> None:
    told = holding(ledger, "local", 2)  # the claim sourced to the witness
    out, _ = run(ledger, "incidents", "show", told.id)
    assert "name withheld" in out
    assert WITNESS not in out
    assert "[[" not in out


def test_show_keeps_a_witness_source_that_names_no_one(ledger: str) -> None:
    market = holding(ledger, "wire", 0)
    assert ("residents", "witness") in {(s.name, s.source_type) for s in market.sources}
    out, _ = run(ledger, "incidents", "show", market.id)
    sources = [line for line in out.splitlines() if "│ witness" in line]
    assert any("│ residents " in line for line in sources)  # old code: [witness withheld]
    assert any("│ [name withheld] " in line for line in sources)


def test_show_with_names_shows_the_witness(ledger: str) -> None:
    out, _ = run(ledger, "incidents", "show", holding(ledger, "local", 2).id, "--include-names")
    assert WITNESS in out


@pytest.fixture
def nested(copy: str) -> tuple[str, Incident, Incident]:
    """The copy with the Nyala abduction made a child of the El Fasher market incident."""
    parent, child = holding(copy, "wire", 0), holding(copy, "nyala", 1)
    with SQLiteStore(copy) as store:
        founding = store.incident_founding([child.id])[child.id]
        child = replace(child, parent=parent.id)
        store.save_links(LinkBatch(incidents=[(child, founding)]))
    return copy, parent, child


def test_ls_shows_children_indented_under_their_parent(
    nested: tuple[str, Incident, Incident],
) -> None:
    db, parent, child = nested
    out, _ = run(db, "incidents", "ls")
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if f"│ {parent.id}" in line)
    assert f"└ {child.id}" in lines[at + 1]  # right under its parent, marked
    top = [i for i in incidents(db) if i.parent is None]
    assert f"{len(top)} incidents and 1 child incidents" in out


def test_ls_all_lists_every_incident_flat(nested: tuple[str, Incident, Incident]) -> None:
    db, parent, child = nested
    out, _ = run(db, "incidents", "ls", "--all")
    assert f"└ {child.id}" not in out
    assert all(i.id in out for i in incidents(db))
    [row] = [line for line in out.splitlines() if f"│ {child.id}" in line]
    assert row.rstrip(" │").endswith(parent.id)  # the parent column says whose part it is
    assert f"{len(incidents(db))} incidents, 1 of them children" in out
    only, _ = run(db, "incidents", "ls", "--all", "--kind", "abducted")
    assert [line.split()[1] for line in only.splitlines() if "│ inc-" in line] == [child.id]


def test_ls_help_explains_children() -> None:
    result = runner.invoke(app, ["incidents", "ls", "--help"])
    assert result.exit_code == 0
    assert "--all" in result.stdout and "indented under its parent" in result.stdout


# -- exports ---------------------------------------------------------------------------------


def _records(fmt: str, text: str) -> list[dict[str, object]]:
    if fmt in {"acled", "ucdp"}:
        return list(csv.DictReader(io.StringIO(text)))
    if fmt == "plover":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    return list(collection["features"])


@pytest.mark.parametrize("fmt", ["acled", "ucdp", "plover", "incidents-geojson"])
def test_incident_exports_write_one_record_an_incident(ledger: str, fmt: str) -> None:
    out, err = run(ledger, "export", "--format", fmt)
    records = _records(fmt, out)
    ids = {i.id for i in incidents(ledger)}
    assert len(records) == len(ids)
    assert f"wrote {len(ids)} records" in err
    key = {"acled": "event_id_cnty", "ucdp": "id"}.get(fmt, "id")
    assert {r[key] for r in records} == ids


def test_export_to_a_file(ledger: str, tmp_path: Path) -> None:
    target = tmp_path / "acled.csv"
    _, err = run(ledger, "export", "--format", "acled", "-o", str(target))
    assert f"wrote {len(incidents(ledger))} records to {target}" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    [market] = [r for r in rows if r["event_id_cnty"] == holding(ledger, "wire", 0).id]
    assert market["fatalities"] == "5"
    assert market["admin1"] == "North Darfur"


@pytest.mark.parametrize("fmt", ["acled", "ucdp", "plover"])
def test_witness_name_only_with_include_names(ledger: str, fmt: str) -> None:
    public, _ = run(ledger, "export", "--format", fmt)
    assert WITNESS not in public
    assert "name withheld" in public
    released, _ = run(ledger, "export", "--format", fmt, "--include-names")
    assert WITNESS in released


def test_incidents_geojson_never_names_the_witness(ledger: str) -> None:
    for extra in ([], ["--include-names"]):
        out, _ = run(ledger, "export", "--format", "incidents-geojson", *extra)
        assert WITNESS not in out


# -- corrections -----------------------------------------------------------------------------


def test_merge_then_show_the_absorbed_id(copy: str) -> None:
    a, b = holding(copy, "wire", 0), holding(copy, "geneina", 1)
    count = len(incidents(copy))
    _, err = run(copy, "incidents", "merge", a.id, b.id, "--who", "ana", "--why", "one attack")
    assert f"merged into {a.id}" in err
    out, _ = run(copy, "incidents", "show", b.id)
    assert f"incident {a.id}" in out
    assert f"{b.id} -> {a.id}" in out
    assert "merge by ana: one attack" in out
    assert len(incidents(copy)) == count - 1


def test_split_by_claim_refs(copy: str) -> None:
    market = holding(copy, "wire", 0)
    count = len(incidents(copy))
    claims = [a for p in range(3) for a in ("--claim", claim_arg("copy", p))]
    _, err = run(copy, "incidents", "split", market.id, *claims, "--who", "ana", "--why", "dup")
    assert f"kept {market.id}" in err and "new inc-" in err
    assert holding(copy, "copy", 1).id != holding(copy, "wire", 0).id == market.id
    assert len(incidents(copy)) == count + 1
    run(copy, "incidents", "relink")
    assert holding(copy, "copy", 1).id != holding(copy, "wire", 0).id


def test_move_a_claim(copy: str) -> None:
    market = holding(copy, "wire", 0)
    _, err = run(
        copy, "incidents", "move", claim_arg("geneina", 2), "--to", market.id[:10],
        "--who", "ana", "--why", "the same raiders",
    )  # fmt: skip
    assert f"moved 1 claims into {market.id}" in err
    assert holding(copy, "geneina", 2).id == market.id
    assert holding(copy, "geneina", 1).id != market.id


def test_move_names_the_to_incident_when_a_founding_claim_moves(copy: str) -> None:
    """Issue 12: the target keeps its id, the source its own, and the CLI names the target."""
    market, geneina = holding(copy, "wire", 0), holding(copy, "geneina", 1)
    with SQLiteStore(copy) as store:
        seq = {r.ref: r.seq for r in store.link_claims()}
    founder = min(market.claims, key=seq.__getitem__)
    arg = f"{founder.document_id[:12]}:{founder.position}"
    _, err = run(copy, "incidents", "move", arg, "--to", geneina.id, "--who", "ana", "--why", "x")
    assert f"moved 1 claims into {geneina.id} (the --to incident" in err
    assert market.id not in err
    rest = next(r for r in market.claims if r != founder)
    after = {i.id: set(i.claims) for i in incidents(copy)}
    assert founder in after[geneina.id] and rest in after[market.id]


def test_relink_keeps_the_incidents(copy: str) -> None:
    before = {i.id: i.claims for i in incidents(copy)}
    _, err = run(copy, "incidents", "relink")
    assert "relinked" in err and f"into {len(before)} incidents" in err
    assert {i.id: i.claims for i in incidents(copy)} == before


def test_link_command_with_nothing_new(copy: str) -> None:
    _, err = run(copy, "link")
    assert "linked 0 claims of 0 documents" in err
    assert f"{len(incidents(copy))} incidents in all" in err


# -- errors ----------------------------------------------------------------------------------


def _fail(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> str:
    """Run the real entry point (``harmledger.cli.main``); its one-line error."""
    monkeypatch.setattr(sys, "argv", ["harmledger", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["incidents", "show", "inc-zzzz"], "error: no incident matches 'inc-zzzz'"),
        (["incidents", "merge", "inc-zzzz", "inc-yyyy", "--who", "a", "--why", "b"],
         "error: no incident matches 'inc-zzzz'"),
        (["incidents", "move", "nocolon", "--to", "MARKET", "--who", "a", "--why", "b"],
         "error: 'nocolon' is not DOCUMENT:POSITION"),
        (["incidents", "move", "LOCAL:x", "--to", "MARKET", "--who", "a", "--why", "b"],
         "error: 'LOCAL:x' is not DOCUMENT:POSITION"),
        (["incidents", "split", "MARKET", "--claim", "ffffffff:0", "--who", "a", "--why", "b"],
         "error: no document matches 'ffffffff'"),
        (["incidents", "merge", "MARKET", "--who", "a", "--why", "b"],
         "error: merge needs two or more different incidents"),
        (["incidents", "merge", "MARKET", "GENEINA", "--who", " ", "--why", "b"],
         "error: say who decides"),
        (["incidents", "ls", "--all", "--kind", "eaten"], "error: unknown"),
        (["incidents", "ls", "--all", "--since", "March"], "error: since 'March' is not a date"),
    ],
)  # fmt: skip
def test_bad_input_is_a_one_line_error(
    ledger: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    names = {
        "MARKET": holding(ledger, "wire", 0).id,
        "GENEINA": holding(ledger, "geneina", 1).id,
        "LOCAL": doc_id("local")[:12],
    }
    for key, value in names.items():
        args = [a.replace(key, value) for a in args]
        message = message.replace(key, value)
    before = {i.id: i.claims for i in incidents(ledger)}
    assert _fail(monkeypatch, capsys, ["--db", ledger, *args]).startswith(message)
    assert {i.id: i.claims for i in incidents(ledger)} == before


def test_extract_link_writes_each_documents_incident_and_the_incidents_file(
    tmp_path: Path,
) -> None:
    from linkreports import FOUR

    docs = write_jsonl(tmp_path / "docs.jsonl", FOUR)
    out = tmp_path / "incidents.jsonl"
    result = runner.invoke(app, ["extract", "--link", "--incidents-out", str(out), str(docs)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    first = {r["id"]: r["incidents"][0] for r in lines}
    assert first["wire"] == first["copy"] == first["local"] != first["geneina"]
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(rows[first["wire"]]["documents"]) == ["copy", "local", "wire"]
    assert rows[first["geneina"]]["documents"] == ["geneina"]
    refused = runner.invoke(app, ["extract", "--incidents-out", str(out), str(docs)])
    assert refused.exit_code != 0


def test_show_gives_the_reports_background_totals_as_context(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "Published 10 March 2025\n\nShelling killed four people in the market in Kharkiv on "
        "Saturday, officials said.\n\nThe war has killed more than 150,000 people since 2014.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "l.db")
    assert runner.invoke(app, ["--db", db, "ingest", str(report)]).exit_code == 0
    (incident,) = incidents(db)
    killed = incident.estimate("killed")
    assert killed is not None and killed.best == 4  # the 150,000 is no part of the toll
    shown = runner.invoke(app, ["--db", db, "incidents", "show", incident.id]).output
    assert "context" in shown and "(2014-01-01 to 2025-03-10)" in shown
