"""The conflict-report fixture corpus (issue 11): one test per (report, field group).

The pipeline runs once over the whole corpus (module-scoped fixture). A (report, group) that
the current code does not get right is listed in ``tests/fixtures/conflict/known_gaps.json``
with the reason and is marked ``xfail(strict=True)``: when a fix makes it pass, the XPASS
fails the suite until the entry is removed from the table. The expected ledgers are never
adjusted to what the tool does.
"""

from __future__ import annotations

import json

import pytest

from conflict_corpus import (
    CORPUS,
    GROUPS,
    Check,
    group_results,
    groups_of,
    load_known_gaps,
    load_reports,
    run_corpus,
)

REPORTS = load_reports()
GAPS = load_known_gaps()


def _params() -> list[object]:
    params = []
    for report in REPORTS:
        for group in groups_of(report):
            reason = GAPS.get(report.name, {}).get(group)
            marks = [pytest.mark.xfail(strict=True, reason=f"issue 11: {reason}")] if reason else []
            params.append(
                pytest.param(report.name, group, id=f"{report.name}:{group}", marks=marks)
            )
    return params


@pytest.fixture(scope="module")
def results() -> dict[tuple[str, str], list[Check]]:
    return group_results(run_corpus(REPORTS))


@pytest.mark.parametrize(("report", "group"), _params())
def test_conflict_report(
    results: dict[tuple[str, str], list[Check]], report: str, group: str
) -> None:
    checks = results.get((report, group), [])
    failed = [f"{c.field}: expected {c.expected!r}, got {c.got!r}" for c in checks if not c.ok]
    assert not failed, "\n".join(failed)


def test_corpus_covers_every_point_twice() -> None:
    assert len([r for r in REPORTS if not r.expected.get("text_file")]) >= 30
    for point in range(1, 8):
        covering = [r.name for r in REPORTS if point in r.expected.get("points", [])]
        assert len(covering) >= 2, f"point {point} is covered by {covering}"


def test_ledgers_are_well_formed() -> None:
    for report in REPORTS:
        exp = report.expected
        assert set(exp) <= {"text_file", "published", "incidents", "cumulative", "absent",
                            "points", "notes"}, report.name  # fmt: skip
        assert exp["notes"] and exp["incidents"] is not None, report.name
        for inc in exp["incidents"]:
            parent = inc.get("parent")
            assert parent is None or exp["incidents"][parent]["aggregate"], report.name
        kids = sum(1 for inc in exp["incidents"] if inc.get("parent") is not None)
        assert kids == sum(inc.get("children", 0) for inc in exp["incidents"]), report.name


def test_known_gaps_name_real_checks() -> None:
    names = {r.name: set(groups_of(r)) for r in REPORTS}
    for report, groups in GAPS.items():
        assert report in names, f"known_gaps.json names no report {report}"
        assert set(groups) <= names[report] <= set(GROUPS), (report, groups)
    json.dumps(GAPS)  # the table stays plain JSON
    assert (CORPUS / "README.md").exists()
