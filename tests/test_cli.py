"""The ``harmledger`` command: tables, show, exports, extract, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmledger import cli
from harmledger.cli import app
from harmledger.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).parents[1] / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "ledger.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    return db


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_reports_counts(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(EXAMPLES / "feed.jsonl")])
    assert result.exit_code == 0
    assert "stored 2, already stored 0, rejected 0" in result.output
    again = runner.invoke(app, ["--db", db, "ingest", str(EXAMPLES / "feed.jsonl")])
    assert "stored 0, already stored 2" in again.output


_ROW = re.compile(r"│ ([0-9a-f]{8}:\d+) +│ (\w+)")


def test_claims_and_quotes_tables(ledger: str) -> None:
    claims = _run("--db", ledger, "claims", "--kind", "killed")
    assert "claims" in claims and "killed" in claims
    assert {kind for _, kind in _ROW.findall(claims)} == {"killed"}
    quotes = _run("--db", ledger, "quotes")
    assert "quotes" in quotes and "direct" in quotes


def test_claims_show_the_id_the_incident_commands_take(ledger: str) -> None:
    with SQLiteStore(ledger) as store:
        expected = [
            f"{doc.id[:8]}:{i}"
            for doc in store.documents()
            for i, c in enumerate(store.extraction(doc.id).claims)
            if c.kind == "injured"
        ]
    shown = [ref for ref, _ in _ROW.findall(_run("--db", ledger, "claims", "--kind", "injured"))]
    assert shown == expected and len(expected) >= 2
    assert any(not ref.endswith(":0") for ref in shown)  # positions among all the claims


def test_claims_show_the_sentence_of_each_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "The market in Tel Rifaat was quiet at dawn. Gunmen killed 4 farmers near the mill on"
        " Monday, a local official said. Police arrived an hour later."
    )
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "mill-1", "text": text}) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    _run("--db", db, "ingest", "--no-link", str(docs))
    monkeypatch.setattr(cli.out, "width", 400)
    shown = _run("--db", db, "claims", "--doc", "mill-1")
    assert "Gunmen killed 4 farmers near the mill on Monday, a local official said." in shown
    assert "quiet at dawn" not in shown and "Police arrived" not in shown


def test_show_by_the_json_lines_id(ledger: str) -> None:
    shown = _run("--db", ledger, "show", "kramatorsk-minibus-drone")
    assert "feed.jsonl#kramatorsk-minibus-drone" in shown
    assert "kramatorsk-minibus-drone" in shown.split("removed")[0]


def test_show_looks_up_the_external_id_before_the_id_prefix(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    docs = tmp_path / "one.jsonl"
    docs.write_text(json.dumps({"id": "a1", "text": "Gunmen killed 2 men in Idlib."}) + "\n")
    _run("--db", db, "ingest", "--no-link", str(docs))
    with SQLiteStore(db) as store:
        [first] = list(store.documents())
    other = {"id": first.id[:6], "text": "Shelling injured 3 women in Hama."}
    docs.write_text(json.dumps(other) + "\n")
    _run("--db", db, "ingest", "--no-link", str(docs))
    assert "Hama" in _run("--db", db, "show", first.id[:6])  # the external id wins
    assert "Idlib" in _run("--db", db, "show", first.id[:7])  # else the id prefix


def test_an_external_id_given_twice_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "x.db")
    texts = ["Gunmen killed 2 men in Idlib.", "Gunmen killed 3 men in Idlib."]
    files = [tmp_path / f"{n}.jsonl" for n in ("one", "two")]  # one file rejects a collision
    for path, text in zip(files, texts, strict=True):
        path.write_text(json.dumps({"id": "r-1", "text": text}) + "\n")
    _run("--db", db, "ingest", "--no-link", *map(str, files))
    monkeypatch.setattr(sys, "argv", ["harmledger", "--db", db, "show", "r-1"])
    with pytest.raises(SystemExit):
        cli.main()
    assert capsys.readouterr().err == (
        "error: several documents have the external id 'r-1'; give a document id prefix\n"
    )


def test_an_ambiguous_prefix_is_a_one_line_error(
    ledger: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with SQLiteStore(ledger) as store:
        ids = sorted(doc.id for doc in store.documents())
    prefix = next(a[:n] for n in range(1, 8) for a, b in pairwise(ids) if a[:n] == b[:n])
    monkeypatch.setattr(sys, "argv", ["harmledger", "--db", ledger, "show", prefix])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err == f"error: ambiguous prefix {prefix!r}; give more characters of the id\n"


def test_ls_and_show(ledger: str) -> None:
    listing = _run("--db", ledger, "ls")
    assert "8 documents" in listing
    doc_id = json.loads(_run("--db", ledger, "export", "--format", "eval-jsonl").splitlines()[0])
    shown = _run("--db", ledger, "show", doc_id["id"][:10])
    assert "document" in shown and "claims" in shown and "places" in shown


def test_exports(ledger: str) -> None:
    rows = _run("--db", ledger, "export", "--format", "jsonl").splitlines()
    assert rows and all("kind" in json.loads(r) for r in rows)
    table = list(csv.DictReader(io.StringIO(_run("--db", ledger, "export", "--format", "csv"))))
    assert len(table) == len(rows)
    geo = json.loads(_run("--db", ledger, "export", "--format", "geojson"))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    evals = [json.loads(r) for r in _run("--db", ledger, "export", "-f", "eval-jsonl").splitlines()]
    assert len(evals) == 8 and all({"id", "claims", "places", "quotes"} <= set(e) for e in evals)


def test_extract_eval_jsonl_to_stdout(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps(
            {"id": "x1", "text": "Gunmen killed 5 farmers near Homs.", "published": "2025-01-02"}
        )
        + "\nnot json\n"
        + json.dumps({"id": "x2", "html": "<html><body><p>Short.</p></body></html>"})
        + "\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "harmledger", "extract", "--format", "eval-jsonl", str(docs)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["x1", "x2"]
    [claim] = lines[0]["claims"]
    assert (claim["kind"], claim["low"], claim["high"]) == ("killed", 5, 5)
    assert "rejected" in out.stderr and "invalid JSON" in out.stderr


def test_extract_reads_a_headline_only_when_linking(tmp_path: Path) -> None:
    body = "Police said a man was shot dead on Main Street in Homs on Tuesday."
    record = {"id": "h1", "text": body, "title": "Gunmen kill five farmers near Hama"}
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(record) + "\n", encoding="utf-8")
    incidents = tmp_path / "incidents.jsonl"

    def extract(*extra: str) -> dict[str, object]:
        args = [sys.executable, "-m", "harmledger", "extract", *extra, str(docs)]
        out = subprocess.run(args, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    plain = extract()
    spans = [c["span"] for c in plain["claims"]]  # type: ignore[union-attr]
    assert spans and all("shot" in body[a:b] for a, b in spans)  # offsets address the text
    assert {c["low"] for c in plain["claims"]} == {1}  # type: ignore[union-attr]
    linked = extract("--link", "--incidents-out", str(incidents))
    assert 5 in {c["low"] for c in linked["claims"]}  # type: ignore[union-attr]
    assert linked["incidents"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "zzzz"], "error: no document matches 'zzzz'"),
        (["claims", "--kind", "eaten"], "error: unknown claim kind 'eaten'"),
        (["extract", "missing.jsonl"], "error: missing.jsonl not found"),
    ],
)
def test_errors_are_one_line(ledger: str, tmp_path: Path, args: list[str], message: str) -> None:
    cmd = [sys.executable, "-m", "harmledger", "--db", ledger, *args]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["claims"],
        ["claims", "--kind", "killed"],
        ["quotes"],
        ["ls"],
        ["show", "abc"],
        ["rejections"],
        ["export", "--format", "csv"],
        ["export", "--format", "acled"],
        ["link"],
        ["incidents", "ls"],
        ["incidents", "show", "inc-abc"],
        ["incidents", "relink"],
        ["incidents", "merge", "inc-a", "inc-b", "--who", "a", "--why", "b"],
    ],
)
def test_a_mistyped_db_is_an_error_and_creates_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    db = tmp_path / "sub" / "ledgr.db"
    monkeypatch.setattr(sys, "argv", ["harmledger", "--db", str(db), *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        f"error: no ledger at {db}; run harmledger ingest first or check --db\n"
    )
    assert list(tmp_path.iterdir()) == []  # no file, no folder


def test_registry_lists_names() -> None:
    listed = _run("registry")
    assert "harmledger.extract.rules.v1" in listed and "harmledger.store.sqlite.v1" in listed


def test_eval_command_scores_a_task_folder(tmp_path: Path) -> None:
    text = "“We lost everything,” said Amal Haddad, a farmer."
    (tmp_path / "docs.jsonl").write_text(json.dumps({"id": "q1", "text": text}) + "\n")
    gold = {"id": "q1", "quotes": [{"content": [1, 19], "cue": [21, 25], "source": [26, 37]}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    report = tmp_path / "score.json"
    result = runner.invoke(app, ["eval", "quotes", "--data", str(tmp_path), "--json", str(report)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(report.read_text())["metrics"]
    assert metrics["content"]["f1"] == 1.0
