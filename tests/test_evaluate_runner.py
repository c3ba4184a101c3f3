"""The eval runner on a tiny hand-written dataset, with a stub extractor (no spaCy)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table

from harmledger.errors import ConfigError
from harmledger.evaluate.runner import (
    render_table,
    run_eval,
    sample_ids,
    score_files,
    to_json,
)
from harmledger.models import Document, Draft, Quote, Span
from harmledger.registry import extractors
from harmledger.resolve.stage import Resolver

STUB = "test.evaluate.runner.quoted.v1"
_QUOTED = re.compile(r'"[^"]+"')


class QuotedStub:
    """Every double-quoted stretch is a quote, without a speaker."""

    name = STUB
    assigns = Resolver.requires  # a Draft with every part the resolve stage reads

    def __init__(self, geocoder: Any = None) -> None:
        self.geocoder = geocoder

    def draft(self, document: Document) -> Draft:
        quotes = tuple(
            Quote(Span.of(document.text, m.start(), m.end()), None, None, True)
            for m in _QUOTED.finditer(document.text)
        )
        return Draft(document.id, quotes=quotes, extractor=self.name)

    def draft_many(self, documents: Iterable[Document]) -> Iterator[Draft]:
        return (self.draft(d) for d in documents)


extractors.register(STUB)(QuotedStub)

DOCS = [
    {"id": "a", "text": 'The mayor said "we will rebuild the market" on Monday.'},
    {"id": "b", "text": 'Officials said the road was closed. "It is safe now," one added.'},
    {"id": "c", "text": "   "},  # rejected by clean: an empty prediction
    {"id": "d", "text": 'No gold line for this one: "ignored".'},
]
GOLD = [
    {"id": "a", "quotes": [{"content": [16, 42], "cue": [10, 14], "source": [0, 9]}]},
    {
        "id": "b",
        "quotes": [
            {"content": [15, 34], "cue": [10, 14], "source": [0, 9]},
            {"content": [37, 51], "cue": [58, 63], "source": [54, 57]},
        ],
    },
    {"id": "c", "quotes": [{"content": [0, 2], "cue": None, "source": None}]},
]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    _write(tmp_path / "docs.jsonl", DOCS)
    _write(tmp_path / "gold.jsonl", GOLD)
    return tmp_path


def test_run_eval_scores_the_gold_documents(data_dir: Path) -> None:
    ticks: list[int] = []
    run = run_eval("quotes", data_dir, extractor=STUB, progress=ticks.append)
    # predicted: a 1 (matches), b 1 (matches the second gold quote), c rejected: 0
    # tp 2, pred 2, gold 4: P 1, R 0.5, F1 = 2*1*0.5/1.5 = 2/3; no speakers: accuracy 0
    assert (run.n_docs, run.rejected, run.extractor) == (3, 1, STUB)
    assert run.score.headline()["content_f1"] == pytest.approx(2 / 3)
    assert run.score.headline()["speaker_accuracy"] == 0.0
    assert sum(ticks) == 3
    assert run.docs_per_s > 0


def test_seeded_sample_is_stable(data_dir: Path) -> None:
    first = run_eval("quotes", data_dir, limit=2, seed=7, extractor=STUB)
    second = run_eval("quotes", data_dir, limit=2, seed=7, extractor=STUB)
    assert first.n_docs == 2 and first.score.metrics == second.score.metrics
    ids = [str(i) for i in range(50)]
    assert sample_ids(ids, 5, seed=1) == sample_ids(ids, 5, seed=1)
    assert sample_ids(ids, 5, seed=1) != sample_ids(ids, 5, seed=2)
    assert sample_ids(ids, None) == ids


def test_per_corpus_sample_takes_limit_from_each_corpus() -> None:
    ids = [str(i) for i in range(30)]
    groups = {i: "big" if int(i) < 27 else "small" for i in ids}
    chosen = sample_ids(ids, 5, seed=0, groups=groups)
    assert len(chosen) == 8 and {"27", "28", "29"} <= set(chosen)
    assert chosen == sorted(chosen, key=int)  # input order kept


def test_unknown_task_is_a_config_error(data_dir: Path) -> None:
    with pytest.raises(
        ConfigError, match="unknown task 'weather'; known: roles, geo, quotes, clean, link"
    ):
        run_eval("weather", data_dir)


def test_missing_data_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        run_eval("quotes", tmp_path / "nowhere")


def test_score_files(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", GOLD[:1])
    pred = [{"id": "a", "quotes": [{"content": [16, 42], "speaker": {"start": 0, "end": 9}}]}]
    score = score_files("quotes", _write(tmp_path / "pred.jsonl", pred), gold)
    assert score.headline() == {"content_f1": 1.0, "speaker_accuracy": 1.0}


def test_table_and_json(data_dir: Path) -> None:
    run = run_eval("quotes", data_dir, extractor=STUB)
    table = render_table(run)
    assert isinstance(table, Table) and table.row_count == len(run.score.metrics)
    console = Console(record=True, width=120)
    console.print(table)
    assert "content" in console.export_text()
    data = json.loads(json.dumps(to_json(run)))
    assert data["task"] == "quotes" and data["n_docs"] == 3
    assert data["metrics"]["content"]["tp"] == 2
    assert data["headline"]["content_f1"] == pytest.approx(2 / 3)


def test_link_task_links_the_sample_and_scores_groups_and_counts(tmp_path: Path) -> None:
    from linkreports import FOUR, record

    task = tmp_path / "link"
    task.mkdir()
    incident = {"wire": "A", "copy": "A", "local": "A", "geneina": "B"}
    with (task / "docs.jsonl").open("w", encoding="utf-8") as fh:
        for name in FOUR:
            fh.write(json.dumps({**record(name), "id": name}) + "\n")
    with (task / "gold.jsonl").open("w", encoding="utf-8") as fh:
        for name in FOUR:
            fh.write(json.dumps({"id": name, "incident": incident[name]}) + "\n")
    with (task / "incidents.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"incident": "A", "killed": 7, "injured": None}) + "\n")
        fh.write(json.dumps({"incident": "B", "killed": 4, "injured": None}) + "\n")
    run = run_eval("link", task)
    assert run.n_docs == 4
    assert run.score.metrics["bcubed"].f1 == pytest.approx(1.0)
    assert run.score.metrics["killed_accuracy"] == pytest.approx(1.0)
    assert set(run.score.headline()) >= {"bcubed_f1", "killed_accuracy"}
    assert run_eval("link", task, limit=1).n_docs in {1, 3}  # sampled by incident


def test_conflict_tasks_are_scored_as_roles_and_link() -> None:
    from harmledger.evaluate.link import score_link
    from harmledger.evaluate.roles import score_roles
    from harmledger.evaluate.runner import LINK_TASKS, scorer_for

    assert scorer_for("conflict") is score_roles
    assert scorer_for("conflict-link") is score_link
    assert "conflict-link" in LINK_TASKS and "conflict" not in LINK_TASKS
