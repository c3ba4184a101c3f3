"""The redaction acceptance test (issue 12, item 3): 32 fictional phrasings that name private
persons are ingested and linked; every export format and every screen is run; no private
name appears anywhere unless ``--include-names`` is given, and officials named in their public
role are shown."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from harmledger import cli
from harmledger.cli import ExportFormat, app
from harmledger.store.sqlite import SQLiteStore
from redaction_texts import PHRASINGS, private_names, write_reports

runner = CliRunner()
SCREENS = (("claims",), ("quotes",), ("ls",), ("incidents", "ls"))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("redaction")
    db = str(folder / "ledger.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(write_reports(folder / "r.jsonl"))])
    assert result.exit_code == 0, result.output
    assert f"stored {len(PHRASINGS)}" in result.stderr
    return db


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as they need, so that no name is folded over two lines."""
    monkeypatch.setattr(cli.out, "width", 4000)


def _run(db: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout + result.stderr


def outputs(db: str, *extra: str) -> dict[str, str]:
    """Every export and every screen of the ledger, by name."""
    found = {f"export {f.value}": _run(db, "export", "-f", f.value, *extra) for f in ExportFormat}
    for screen in SCREENS:
        found[" ".join(screen)] = _run(db, *screen, *extra)
    with SQLiteStore(db) as store:
        documents = [d.id for d in store.documents()]
        incidents = [i.id for i in store.incidents()]
    found["show"] = "".join(_run(db, "show", d, *extra) for d in documents)
    found["incidents show"] = "".join(_run(db, "incidents", "show", i, *extra) for i in incidents)
    return found


def test_at_least_30_phrasings() -> None:
    assert len(PHRASINGS) >= 30
    assert len({p.id for p in PHRASINGS}) == len(PHRASINGS)


def test_no_private_name_in_any_output(ledger: str) -> None:
    found = outputs(ledger)
    assert len(found) == len(ExportFormat) + len(SCREENS) + 2
    leaks = {k: [n for n in private_names() if n in v] for k, v in found.items()}
    assert {k: v for k, v in leaks.items() if v} == {}
    for name in ("claims", "quotes", "show", "incidents show", "export jsonl", "export acled"):
        assert "[name withheld]" in found[name], name
    assert all("withheld] withheld]" not in v and "[[" not in v for v in found.values())
    public = [n for p in PHRASINGS for n in p.public]
    for name in ("claims", "quotes", "show", "export jsonl", "export csv", "export plover"):
        assert all(n in found[name] for n in public), name


def test_include_names_shows_them(ledger: str) -> None:
    found = outputs(ledger, "--include-names")
    everything = "".join(found.values())
    shown = [n for n in private_names() if n in everything]
    assert len(shown) >= 50, sorted(set(private_names()) - set(shown))
    for name in ("export jsonl", "export csv", "claims", "quotes", "show"):
        assert "Musa Garbatu" in found[name], name
    assert "Halima Yakubuvna" in found["incidents show"]


def test_a_town_taken_for_a_source_is_never_withheld(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The Kherson example's parse takes "Kherson" for the source of a claim of unknown type:
    the town must still show as the incident's place and in its headline (issue 11: withholding
    hides people's names only, never a place)."""
    from pathlib import Path

    folder = tmp_path_factory.mktemp("town-as-source")
    db = str(folder / "ledger.db")
    example = Path(__file__).parents[1] / "examples" / "kherson-market-shelling.txt"
    assert runner.invoke(app, ["--db", db, "ingest", str(example)]).exit_code == 0
    listed = _run(db, "incidents", "ls")
    assert "Kherson, Kherson, UA" in listed
    with SQLiteStore(db) as store:
        [incident] = [i for i in store.incidents() if i.place is not None]
    shown = _run(db, "incidents", "show", incident.id)
    assert "place      Kherson" in shown and "Shelling of Kherson market" in shown
    assert "Marchenko" not in shown  # the witness is still withheld


def test_a_town_taken_for_a_source_stays_in_the_headline(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """In the Sake example the parse takes "Goma" for a source; the headline names Goma, and
    ``incidents show`` must not withhold it in a second pass that does not know the report's
    places."""
    from pathlib import Path

    folder = tmp_path_factory.mktemp("town-in-headline")
    db = str(folder / "ledger.db")
    example = Path(__file__).parents[1] / "examples" / "sake-displacement.txt"
    assert runner.invoke(app, ["--db", db, "ingest", str(example)]).exit_code == 0
    with SQLiteStore(db) as store:
        [incident] = [i for i in store.incidents() if i.place is not None]
    shown = _run(db, "incidents", "show", incident.id)
    assert "edges closer to Goma" in shown
    assert "Kahindo" not in shown and "Mugisha" not in shown  # the witnesses stay withheld
