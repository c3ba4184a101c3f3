"""The conflict-report fixture corpus (issue 11): load the reports, run the real pipeline in
memory, and compare the incidents it links with the hand-coded expected ledgers.

A report is ``tests/fixtures/conflict/NN-name.txt`` (several documents split by a line of
``=====``) or the file named by the ledger's ``text_file`` key (relative to the repo). Its
ledger ``NN-name.json`` is described in ``tests/fixtures/conflict/README.md``. ``run_corpus``
returns one ``Check`` per compared value; ``group_results`` folds them into one pass/fail per
(report, field group), the unit of ``tests/test_conflict_corpus.py`` and of
``scripts/conflict_corpus_report.py``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harmledger.link.batch import Linked, link_documents
from harmledger.models import Claim, Document, Extraction, Incident, Rejection
from harmledger.pipeline import extract_records
from harmledger.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "conflict"
KNOWN_GAPS = CORPUS / "known_gaps.json"
SEPARATOR = re.compile(r"^={5,}[ \t]*$", re.MULTILINE)
#: Field groups, in the order the report prints them.
GROUPS = (
    "published", "incidents", "killed", "injured", "other", "place", "date",
    "perpetrators", "sources", "structure", "cumulative", "absent",
)  # fmt: skip
OTHER_KINDS = ("abducted", "detained", "displaced")


@dataclass(frozen=True)
class Report:
    """One fixture: its name, its documents' texts and the expected ledger."""

    name: str
    texts: tuple[str, ...]
    expected: dict[str, Any]


@dataclass(frozen=True)
class Check:
    """One compared value: ``report``, ``group`` (field group), ``field`` (which value)."""

    report: str
    group: str
    field: str
    expected: Any
    got: Any
    ok: bool


@dataclass
class Produced:
    """What the pipeline made of one report."""

    documents: list[Document]
    extractions: list[Extraction]
    linked: Linked
    rejected: str | None = None  # why a document of the report was rejected


def load_reports(corpus: Path = CORPUS) -> list[Report]:
    """Every report of the corpus, by name."""
    reports = []
    for ledger_path in sorted(corpus.glob("[0-9][0-9]-*.json")):
        expected = json.loads(ledger_path.read_text(encoding="utf-8"))
        text_file = expected.get("text_file")
        path = ROOT / text_file if text_file else ledger_path.with_suffix(".txt")
        texts = [t.strip() + "\n" for t in SEPARATOR.split(path.read_text(encoding="utf-8"))]
        reports.append(Report(ledger_path.stem, tuple(t for t in texts if t.strip()), expected))
    return reports


def groups_of(report: Report) -> list[str]:
    """The field groups that the report's ledger codes (the tests of that report)."""
    exp = report.expected
    incidents = exp["incidents"]
    skip = {
        "other": not any(k in inc for inc in incidents for k in OTHER_KINDS),
        "sources": all(inc.get("independent_sources") is None for inc in incidents),
        "absent": not exp.get("absent"),
        "perpetrators": not any(inc.get("perpetrators") for inc in incidents),
    }
    return [g for g in GROUPS if not skip.get(g, False)]


def produce(reports: Sequence[Report], settings: Settings | None = None) -> dict[str, Produced]:
    """Extract every document in one pass, then link each report's documents on their own."""
    records = [
        (f"{r.name}#{i}", {"id": f"{r.name}#{i}", "text": text})
        for r in reports
        for i, text in enumerate(r.texts)
    ]
    found: dict[str, tuple[list[Document], list[Extraction]]] = {r.name: ([], []) for r in reports}
    rejected: dict[str, str] = {}
    for rid, document, result in extract_records(records, settings or Settings()):
        name = rid.split("#")[0]
        if isinstance(result, Rejection):  # a broken stage fails this report's checks only
            rejected[name] = f"{result.error}: {result.message}"
            if document is None:
                continue
            result = Extraction(document.id)
        found[name][0].append(document)
        found[name][1].append(result)
    return {
        name: Produced(docs, exts, link_documents(list(zip(docs, exts, strict=True))),
                       rejected.get(name))
        for name, (docs, exts) in found.items()
    }  # fmt: skip


def run_corpus(reports: Sequence[Report] | None = None) -> list[Check]:
    """Every check of every report (the pipeline run once over the whole corpus)."""
    reports = load_reports() if reports is None else reports
    produced = produce(reports)
    return [c for r in reports for c in compare(r, produced[r.name])]


def group_results(checks: Iterable[Check]) -> dict[tuple[str, str], list[Check]]:
    """Checks by (report, group), in order."""
    out: dict[tuple[str, str], list[Check]] = {}
    for check in checks:
        out.setdefault((check.report, check.group), []).append(check)
    return out


def load_known_gaps(path: Path = KNOWN_GAPS) -> dict[str, dict[str, str]]:
    """Report name -> {field group: why it is not right yet}."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# -- matching ---------------------------------------------------------------------------------


def loose(name: str | None) -> str:
    """A name without accents, case, punctuation or spaces ("Khān Yūnis" -> "khanyunis")."""
    if not name:
        return ""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in plain.casefold() if ch.isalnum())


def harm_incidents(linked: Linked) -> dict[str, Incident]:
    """The incidents with a toll of people killed or injured (the ones the ledgers code)."""
    return {
        i: inc
        for i, inc in linked.incidents.items()
        if inc.estimate("killed") is not None or inc.estimate("injured") is not None
    }


def figure(incident: Incident | None, kind: str) -> dict[str, int | None] | None:
    est = incident.estimate(kind) if incident is not None else None
    return None if est is None else {"low": est.low, "best": est.best, "high": est.high}


def place_names(incident: Incident) -> set[str]:
    place = incident.place
    if place is None:
        return set()
    return {loose(place.name), loose(place.span.text if place.span else None)} - {""}


def _score(exp: Mapping[str, Any], inc: Incident) -> int:
    score = 0
    for kind, weight in (("killed", 4), ("injured", 2)):
        want, got = exp.get(kind), figure(inc, kind)
        if want and got and {want.get("best"), want.get("low")} & {got["best"], got["low"]}:
            score += weight
    place = exp.get("place") or {}
    names = {loose(n) for n in [place.get("name"), *place.get("aka", [])] if n}
    if names & place_names(inc):
        score += 3
    if exp.get("aggregate", False) == inc.aggregate:
        score += 1
    return score


def match(
    expected: Sequence[Mapping[str, Any]], incidents: Mapping[str, Incident]
) -> list[str | None]:
    """The produced incident id matched to each expected incident (greedy on a score of
    toll, place and aggregate; None when nothing is left that shares any of them)."""
    pairs = sorted(
        ((_score(e, inc), -k, i) for k, e in enumerate(expected) for i, inc in incidents.items()),
        reverse=True,
    )
    chosen: list[str | None] = [None] * len(expected)
    used: set[str] = set()
    for score, neg_k, inc_id in pairs:
        k = -neg_k
        if score > 1 and chosen[k] is None and inc_id not in used:
            chosen[k] = inc_id
            used.add(inc_id)
    return chosen


# -- comparing --------------------------------------------------------------------------------


def compare(report: Report, produced: Produced) -> list[Check]:
    """Every check of one report."""
    exp = report.expected
    incidents = harm_incidents(produced.linked)
    matched = match(exp["incidents"], incidents)
    checks = report_checks(report, produced, incidents)
    for k, (e, inc_id) in enumerate(zip(exp["incidents"], matched, strict=True)):
        inc = incidents.get(inc_id) if inc_id else None
        checks.extend(incident_checks(report.name, k, e, inc, incidents, matched))
    wanted = set(groups_of(report))
    return [c for c in checks if c.group in wanted]


def report_checks(
    report: Report,
    produced: Produced,
    incidents: Mapping[str, Incident],
) -> list[Check]:
    """The checks on the report as a whole: publication date, number of incidents,
    cumulative claims, phrases that must be no incident's actor or place."""
    name, exp = report.name, report.expected
    published = produced.documents[0].published if produced.documents else None
    tops = sum(1 for e in exp["incidents"] if e.get("parent") is None)
    kids = len(exp["incidents"]) - tops
    got_tops = sum(1 for i in incidents.values() if i.parent is None)
    got_kids = len(incidents) - got_tops
    want_pub = exp.get("published")
    return [
        Check(name, "published", "published", want_pub, published, published == want_pub),
        Check(name, "incidents", "rejected", None, produced.rejected, produced.rejected is None),
        Check(name, "incidents", "top-level", tops, got_tops, tops == got_tops),
        Check(name, "incidents", "children", kids, got_kids, kids == got_kids),
        *cumulative_checks(name, exp.get("cumulative", []), cumulative_claims(produced)),
        *absent_checks(name, exp.get("absent", []), produced.linked.incidents.values()),
    ]  # fmt: skip


def cumulative_claims(produced: Produced) -> list[Claim]:
    """Claims marked cumulative (``Claim.cumulative``, read with getattr: it may not exist)."""
    return [
        c for ext in produced.extractions for c in ext.claims if getattr(c, "cumulative", False)
    ]


def _cumulative_row(claim: Claim) -> dict[str, Any]:
    period = getattr(claim, "period", None)
    return {
        "kind": claim.kind,
        "low": claim.count.low,
        "best": claim.count.best,
        "high": claim.count.high,
        "period": None if period is None else {"start": period.start, "end": period.end},
    }


def cumulative_checks(
    name: str, expected: Sequence[Mapping[str, Any]], claims: Sequence[Claim]
) -> list[Check]:
    """Each expected cumulative claim found (kind, figures, period); no others."""
    rows = [_cumulative_row(c) for c in claims]
    checks = []
    for k, want in enumerate(expected):
        hit = next((r for r in rows if _same_cumulative(want, r)), None)
        near = hit or next((r for r in rows if r["low"] == want["low"]), None)
        checks.append(Check(name, "cumulative", f"cumulative[{k}]", want, near, hit is not None))
    extra = [r for r in rows if not any(_same_cumulative(w, r) for w in expected)]
    checks.append(Check(name, "cumulative", "no other cumulative", [], extra, not extra))
    return checks


def _same_cumulative(want: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    keys = ("kind", "low", "best", "high")
    return all(want[k] == row[k] for k in keys) and want.get("period") == row["period"]


def absent_checks(name: str, phrases: Sequence[str], incidents: Iterable[Incident]) -> list[Check]:
    """No phrase is (in) any incident's perpetrator, victim or place name (case kept)."""
    values = []
    for inc in incidents:
        values += [*inc.perpetrators, *inc.victims]
        values += [inc.place.name] if inc.place is not None and inc.place.name else []
    checks = []
    for phrase in phrases:
        found = [v for v in values if phrase in v]
        checks.append(Check(name, "absent", phrase, None, found or None, not found))
    return checks


def incident_checks(
    name: str,
    k: int,
    exp: Mapping[str, Any],
    inc: Incident | None,
    incidents: Mapping[str, Incident],
    matched: Sequence[str | None],
) -> list[Check]:
    """The checks on one expected incident against the produced incident matched to it."""
    label = f"incident[{k}]"
    checks = [Check(name, "incidents", f"{label} found", True, inc is not None, inc is not None)]
    for kind in ("killed", "injured", *OTHER_KINDS):
        if kind in exp:
            group = kind if kind in ("killed", "injured") else "other"
            got = figure(inc, kind)
            ok = inc is not None and figures_agree(exp[kind], got)
            checks.append(Check(name, group, f"{label}.{kind}", exp[kind], got, ok))
    checks += place_checks(name, label, exp.get("place"), inc)
    checks.append(date_check(name, label, exp.get("date"), inc))
    checks += perpetrator_checks(name, label, exp.get("perpetrators", []), inc)
    if exp.get("independent_sources") is not None:
        got_src = inc.independent_sources if inc else None
        want = exp["independent_sources"]
        checks.append(Check(name, "sources", f"{label}.independent_sources", want, got_src,
                            got_src == want))  # fmt: skip
    checks += structure_checks(name, label, exp, inc, incidents, matched)
    return checks


def figures_agree(want: Mapping[str, Any] | None, got: Mapping[str, Any] | None) -> bool:
    """The figures the ledger gives (a key left out is not checked); a null ledger toll
    means the text states none: no figure above zero may be produced."""
    if want is None:
        return got is None or not any(got[k] for k in ("low", "best", "high"))
    return got is not None and all(got[k] == v for k, v in want.items())


def place_checks(
    name: str, label: str, want: Mapping[str, Any] | None, inc: Incident | None
) -> list[Check]:
    if want is None:
        return []
    place = inc.place if inc is not None else None
    checks = []
    if want.get("name"):
        names = {loose(n) for n in [want["name"], *want.get("aka", [])]}
        got = place.name if place else None
        ok = inc is not None and bool(names & place_names(inc))
        checks.append(Check(name, "place", f"{label}.place.name", want["name"], got, ok))
    for key in ("admin1", "country"):
        if want.get(key):
            got = getattr(place, key) if place else None
            ok = loose(got) == loose(want[key])
            checks.append(Check(name, "place", f"{label}.place.{key}", want[key], got, ok))
    if want.get("relation"):
        prec = place.where_prec if place else None
        got_rel = None if prec is None else ("near" if prec == 2 else "in")
        checks.append(Check(name, "place", f"{label}.place.relation", want["relation"], got_rel,
                            got_rel == want["relation"]))  # fmt: skip
    return checks


def date_check(
    name: str, label: str, want: Mapping[str, Any] | None, inc: Incident | None
) -> Check:
    """The produced interval lies inside the expected one (a null date: none produced)."""
    date = inc.date if inc is not None else None
    got = None if date is None or date.start is None else {"start": date.start, "end": date.end}
    if want is None:
        return Check(name, "date", f"{label}.date", None, got, inc is not None and got is None)
    ok = got is not None and want["start"] <= got["start"] and (got["end"] or "") <= want["end"]
    return Check(name, "date", f"{label}.date", dict(want), got, ok)


def perpetrator_checks(
    name: str, label: str, wanted: Sequence[str], inc: Incident | None
) -> list[Check]:
    """Each expected perpetrator ("A|B": either) is named by a produced one, either way round."""
    got = list(inc.perpetrators) if inc is not None else []
    checks = []
    for want in wanted:
        options = [o.casefold() for o in want.split("|")]
        ok = any(o in g.casefold() or g.casefold() in o for o in options for g in got)
        checks.append(Check(name, "perpetrators", f"{label}.perpetrators", want, got, ok))
    return checks


def structure_checks(
    name: str,
    label: str,
    exp: Mapping[str, Any],
    inc: Incident | None,
    incidents: Mapping[str, Incident],
    matched: Sequence[str | None],
) -> list[Check]:
    """Aggregate flag, number of children, and the parent of a child."""
    aggregate = inc.aggregate if inc else None
    children = sum(1 for i in incidents.values() if inc and i.parent == inc.id) if inc else None
    checks = [
        Check(name, "structure", f"{label}.aggregate", exp.get("aggregate", False), aggregate,
              aggregate == exp.get("aggregate", False)),
        Check(name, "structure", f"{label}.children", exp.get("children", 0), children,
              children == exp.get("children", 0)),
    ]  # fmt: skip
    parent_k = exp.get("parent")
    want_parent = matched[parent_k] if parent_k is not None else None
    got_parent = inc.parent if inc else None
    ok = inc is not None and (got_parent == want_parent if parent_k is None else
                              want_parent is not None and got_parent == want_parent)  # fmt: skip
    checks.append(Check(name, "structure", f"{label}.parent", parent_k, got_parent, ok))
    return checks
