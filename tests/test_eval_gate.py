"""The eval gate on a tiny hand-written roles dataset: pass, fail, refuse to lower floors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harmledger.evaluate.gate import floor_value, load_floors, main, run_gate, update_floors
from harmledger.models import Document, Draft
from harmledger.registry import extractors
from harmledger.resolve.stage import Resolver

BROKEN = "test.eval_gate.empty.v1"


class EmptyExtractor:
    """A deliberately broken extractor: finds nothing anywhere."""

    name = BROKEN
    assigns = Resolver.requires  # a Draft with every part the resolve stage reads

    def __init__(self, geocoder: Any = None) -> None:
        self.geocoder = geocoder

    def draft(self, document: Document) -> Draft:
        return Draft(document.id, extractor=self.name)

    def draft_many(self, documents: Iterable[Document]) -> Iterator[Draft]:
        return (self.draft(d) for d in documents)


extractors.register(BROKEN)(EmptyExtractor)

DOCS = [
    "Gunmen killed 7 villagers in the village of Kafr Nabl on Tuesday, a local official said.",
    "Soldiers shot dead 3 protesters in Homs on Friday, witnesses said. "
    "At least 10 people were injured.",
    "Militiamen abducted 5 farmers near Aleppo, a monitoring group said.",
    "The council met on Monday to discuss the new budget for schools.",
]


def _incident(perps: str, victims: str, place: str, killed: int | None) -> dict[str, Any]:
    return {
        "type": "attack",
        "perpetrators": [[perps]],
        "victims": [[victims]],
        "targets": [],
        "places": [[place]],
        "killed": None if killed is None else {"low": killed, "high": killed},
        "injured": None,
    }


GOLD: list[dict[str, Any]] = [
    {"incidents": [_incident("GUNMEN", "VILLAGERS", "KAFR NABL", 7)]},
    {
        "incidents": [
            _incident("SOLDIERS", "PROTESTERS", "HOMS", 3) | {"injured": {"low": 10, "high": None}}
        ]
    },
    {"incidents": [_incident("MILITIAMEN", "FARMERS", "ALEPPO", None)]},
    {"incidents": []},
]


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    task = tmp_path / "eval" / "dev" / "roles"
    task.mkdir(parents=True)
    with (task / "docs.jsonl").open("w", encoding="utf-8") as out:
        for i, text in enumerate(DOCS):
            out.write(json.dumps({"id": f"r{i}", "text": text, "corpus": "muc4"}) + "\n")
    with (task / "gold.jsonl").open("w", encoding="utf-8") as out:
        for i, gold in enumerate(GOLD):
            line = {"id": f"r{i}", "corpus": "muc4", "counts_annotated": True, **gold}
            out.write(json.dumps(line) + "\n")
    return tmp_path / "eval"


def test_gate_passes_the_real_extractor_and_fails_a_broken_one(
    data_root: Path, tmp_path: Path
) -> None:
    floors_path = tmp_path / "floors.json"
    pinned = run_gate(data_root, floors_path, tasks=["roles"], update=True)
    assert pinned.updated and pinned.exit_code == 0
    floors = load_floors(floors_path)["tasks"]["roles"]
    assert floors["floors"]["micro_f1"] > 0 and floors["floors"]["counts_f1"] > 0
    assert len(floors["gold_sha256"]) == 64 and floors["limit"] > 0

    assert run_gate(data_root, floors_path, tasks=["roles"]).exit_code == 0
    broken = run_gate(data_root, floors_path, tasks=["roles"], extractor=BROKEN)
    assert broken.exit_code == 1
    assert {s.metric for s in broken.shortfalls} >= {"micro_f1", "counts_f1"}

    # re-pinning with the broken extractor would lower floors: refused, file unchanged
    before = floors_path.read_text()
    refused = run_gate(data_root, floors_path, tasks=["roles"], extractor=BROKEN, update=True)
    assert refused.refused and refused.exit_code == 1 and not refused.updated
    assert floors_path.read_text() == before


def test_cli_reports_the_failure_and_writes_json(
    data_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floors_path, out = tmp_path / "floors.json", tmp_path / "gate.json"
    args = ["--data", str(data_root), "--floors", str(floors_path), "--tasks", "roles"]
    assert main([*args, "--update-floors"]) == 0
    assert main([*args, "--extractor", BROKEN, "--json", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "FAIL: roles.micro_f1" in printed and "below its floor" in printed
    report = json.loads(out.read_text())
    assert report["passed"] is False and report["shortfalls"]


def test_lowering_a_floor_needs_a_reason(tmp_path: Path) -> None:
    from harmledger.evaluate.runner import EvalRun
    from harmledger.evaluate.scoring import TaskScore

    run = EvalRun("clean", TaskScore("clean", {}, {"f1": 0.5}), 3, 1.0, "x")
    floors = {"margin": 0.02, "tasks": {"clean": {"floors": {"f1": 0.6}}}, "history": []}
    refusals = update_floors(floors, {"clean": run})
    assert refusals and floors["tasks"]["clean"]["floors"] == {"f1": 0.6}

    update_floors(floors, {"clean": run}, allow_regression="new gold", today="2025-01-02")
    assert floors["tasks"]["clean"]["floors"] == {"f1": 0.48}
    assert floors["history"] == [
        {
            "date": "2025-01-02",
            "reason": "new gold",
            "changes": [
                {"task": "clean", "metric": "f1", "old": 0.6, "new": 0.48, "measured": 0.5}
            ],
        }
    ]


def test_floors_only_go_up_without_a_regression() -> None:
    from harmledger.evaluate.runner import EvalRun
    from harmledger.evaluate.scoring import TaskScore

    # measured 0.61 is above the floor 0.6, but 0.61 - 0.02 would lower it: the floor stays
    run = EvalRun("clean", TaskScore("clean", {}, {"f1": 0.61}), 3, 1.0, "x")
    floors = {"margin": 0.02, "tasks": {"clean": {"floors": {"f1": 0.6}}}, "history": []}
    assert update_floors(floors, {"clean": run}) == []
    assert floors["tasks"]["clean"]["floors"] == {"f1": 0.6} and floors["history"] == []
    assert floor_value(0.3, 0.02) == 0.28 and floor_value(0.01, 0.02) == 0.0


def test_missing_data_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data", str(tmp_path / "absent"), "--floors", str(tmp_path / "f.json")])
    assert code == 0
    assert "skipped:" in capsys.readouterr().out
    assert not (tmp_path / "f.json").exists()


def test_unknown_task_is_rejected(tmp_path: Path) -> None:
    assert main(["--data", str(tmp_path), "--tasks", "weather"]) == 2


def test_changed_gold_is_a_warning_not_a_failure(data_root: Path, tmp_path: Path) -> None:
    floors_path = tmp_path / "floors.json"
    run_gate(data_root, floors_path, tasks=["roles"], extractor=BROKEN, update=True)
    gold = data_root / "dev" / "roles" / "gold.jsonl"
    gold.write_text(gold.read_text().replace("VILLAGERS", "PEASANTS"), encoding="utf-8")
    result = run_gate(data_root, floors_path, tasks=["roles"], extractor=BROKEN)
    assert result.exit_code == 0
    assert any("gold.jsonl changed" in w for w in result.warnings)
